"""Settings are declared where they are read; this module checks a configuration against them.

- A check declares its parameters and their defaults on its decorator
  (`@check("TL001", ..., params={"overlap_months": 3})`) and reads them with
  `ctx.params("TL001")`; users override them in `[thresholds.TL001]`.
- A component declares its limits as a frozen dataclass of defaults (the document readers'
  `extractors.documents.Limits`, the fetcher's `FetchLimits`, the GitHub collector's
  `GithubLimits`…), read with `limits_from(cls, config.limits, prefix)`; users override them in
  `[limits]` with the component's prefix (`fetch_timeout`, `github_max_repos`).

An unknown key is an error that names the nearest valid key, so a typo never loads silently.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

__all__ = [
    "LIMIT_GROUPS",
    "did_you_mean",
    "limit_defaults",
    "limits_from",
    "value_fits",
]

_L = TypeVar("_L")

# (key prefix, module, dataclass): every component that reads `[limits]`.
LIMIT_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("", "extractors.documents", "Limits"),
    ("", "scanner.collectors.files", "FileLimits"),
    ("fetch_", "scanner.collectors.live", "FetchLimits"),
    ("github_", "scanner.collectors.github", "GithubLimits"),
    ("archive_", "scanner.collectors.archive", "ArchiveLimits"),
    ("webhook_", "scanner.store.webhook", "WebhookLimits"),
)


@lru_cache(maxsize=1)
def limit_defaults() -> Mapping[str, Any]:
    """Every `[limits]` key with its default, from the components' declarations."""
    out: dict[str, Any] = {}
    for prefix, module, name in LIMIT_GROUPS:
        cls = getattr(importlib.import_module(module), name)
        for f in dataclasses.fields(cls):
            out[prefix + f.name] = f.default
    return out


def limits_from(cls: type[_L], limits: Mapping[str, Any], prefix: str = "") -> _L:
    """An instance of a component's limits dataclass, its defaults overridden by `[limits]`.
    Without overrides, a frozen class's defaults are made once (every source of every row asks)."""
    if not limits and getattr(getattr(cls, "__dataclass_params__", None), "frozen", False):
        found: _L | None = _DEFAULTS.get(cls)
        if found is None:
            found = _DEFAULTS[cls] = cls()
        return found
    defaults = cls()
    kw: dict[str, Any] = {}
    for f in dataclasses.fields(defaults):  # type: ignore[arg-type]
        key = prefix + f.name
        if key in limits:
            kw[f.name] = type(getattr(defaults, f.name))(limits[key])
    return cls(**kw)


_DEFAULTS: dict[type[Any], Any] = {}  # frozen limits classes → their defaults, made once


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'overlap_months'?)", or a list of the valid keys when none is close."""
    options = sorted(choices)
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (valid: {', '.join(options)})" if options else " (it takes no settings)"


def value_fits(default: Any, value: Any) -> bool:
    """A configured value has the kind of its default: a number for a number (not a bool), a
    string for a string, a bool for a bool."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    return True
