"""Configuration: `scanner.toml` or `[tool.scanner]` in `pyproject.toml`; command-line flags win.

```toml
select = ["TL", "CT001"]          # codes or prefixes; default: all
ignore = ["CT011"]
fail_on = "high"
[severity]
CT007 = "medium"
[thresholds.TL001]                # parameters each check declares (`scanner checks TL001`)
overlap_months = 3
[references.founding_years]       # extend the shipped reference tables
"Example Robotics" = 2016
[references.tech_releases]
"Zig" = 2016
[limits]                          # limits each component declares (scanner.settings)
max_pages = 200
max_seconds = 20
[rate_limits]
"linkedin.com" = 10.0
```
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scanner.model import Severity

__all__ = ["Config", "ConfigError", "load_config", "parse_codes"]

KNOWN_KEYS = {
    "select",
    "ignore",
    "severity",
    "thresholds",
    "references",
    "limits",
    "rate_limits",
    "fail_on",
    "db",
}


# `[references.NAME]` tables users may extend, and what reads them.
REFERENCE_TABLES = (
    "founding_years",  # TL007, and renames for every employer comparison
    "tech_releases",  # TL008
    "org_aliases",  # every employer comparison
    "school_aliases",  # every school comparison
    "org_owners",  # XS002: a brand listed under the company that owns it
    "placeholders",  # values batch linkage ignores (a company switchboard)
)


class ConfigError(ValueError):
    """The configuration file or a flag is wrong; the message says where."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    thresholds: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    references: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    limits: Mapping[str, Any] = field(default_factory=dict)
    rate_limits: Mapping[str, float] = field(default_factory=dict)
    fail_on: Severity = Severity.HIGH
    db: str | None = None  # history store path (`--db` and $SCANNER_DB win)
    source: str = ""  # which file it came from, for messages
    # Checks the configuration file turns off (and no flag turned back on): "not run" in reports.
    file_disabled: tuple[str, ...] = ()
    file_changes: tuple[str, ...] = ()  # what the file changes, in words (`describe_changes`)

    def severity_override(self, code: str) -> Severity | None:
        return self.severity.get(code)

    def params(self, code: str) -> dict[str, Any]:
        """A check's parameters: its declared defaults, overridden by `[thresholds.CODE]`."""
        from scanner.registry import LINKAGE_PARAMS, registry

        declared = LINKAGE_PARAMS if code == "NW" else registry[code].params
        return {**declared, **self.thresholds.get(code, {})}

    def selected(self, all_codes: Iterable[str]) -> list[str]:
        """Codes to run: selected by code or prefix, minus ignored (the longest match wins)."""
        out = []
        for code in all_codes:
            sel = _best_match(code, self.select) if self.select else 0
            ign = _best_match(code, self.ignore)
            if self.select and sel < 0:
                continue
            if ign >= 0 and ign >= sel:
                continue
            out.append(code)
        return out

    def merged(self, **flags: Any) -> Config:
        """A copy with command-line values applied (None means "not given")."""
        changes = {k: v for k, v in flags.items() if v is not None}
        for key in ("select", "ignore"):
            if key in changes:
                changes[key] = tuple(changes[key])
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The configuration as stored with every scan (so a re-validation can tell what changed)."""
        return {
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": {k: v.value for k, v in sorted(self.severity.items())},
            "thresholds": {k: dict(v) for k, v in sorted(self.thresholds.items())},
            "references": {k: dict(v) for k, v in sorted(self.references.items())},
            "fail_on": self.fail_on.value,
        }


def _best_match(code: str, patterns: Iterable[str]) -> int:
    best = -1
    for p in patterns:
        if p == "ALL" or code.startswith(p):
            best = max(best, 0 if p == "ALL" else len(p))
    return best


def parse_codes(text: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """`"TL,CT001"` or a list → validated, upper-cased prefixes."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else [x for t in text for x in t.split(",")]
    codes = tuple(i.strip().upper() for i in items if i.strip())
    for c in codes:
        if not (c == "ALL" or (c[:2].isalpha() and c.isalnum())):
            raise ConfigError(f"not a check code or prefix: {c!r} (e.g. TL001, CT, XS00)")
    return codes


def _from_table(table: Mapping[str, Any], origin: str) -> Config:
    unknown = set(table) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown setting(s) {', '.join(sorted(unknown))}")
    try:
        severity = {
            str(k).upper(): Severity.parse(str(v)) for k, v in table.get("severity", {}).items()
        }
        fail_on = Severity.parse(str(table.get("fail_on", "high")))
    except ValueError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    for key in ("thresholds", "references", "limits", "rate_limits"):
        if not isinstance(table.get(key, {}), Mapping):
            raise ConfigError(f"{origin}: [{key}] must be a table")
    limits = dict(table.get("limits", {}))
    if limits:
        _check_limits(limits, origin)
    try:
        select = parse_codes(table.get("select", [])) or ()
        ignore = parse_codes(table.get("ignore", [])) or ()
    except ConfigError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    for name in table.get("references", {}):
        if name not in REFERENCE_TABLES:
            from scanner.settings import did_you_mean

            raise ConfigError(
                f"{origin}: [references.{name}] is not a reference table"
                + did_you_mean(str(name), REFERENCE_TABLES)
            )
    thresholds = {str(k).upper(): v for k, v in table.get("thresholds", {}).items()}
    if thresholds:
        _check_thresholds(thresholds, origin)
    return Config(
        select=select,
        ignore=ignore,
        severity=severity,
        thresholds={k: dict(v) for k, v in thresholds.items()},
        references={str(k): dict(v) for k, v in table.get("references", {}).items()},
        limits=limits,
        rate_limits={str(k): float(v) for k, v in table.get("rate_limits", {}).items()},
        fail_on=fail_on,
        db=str(table["db"]) if table.get("db") else None,
        source=origin,
    )


def _check_limits(limits: Mapping[str, Any], origin: str) -> None:
    """Every `[limits]` key is declared by the component that reads it, and positive."""
    from scanner.settings import did_you_mean, limit_defaults

    known = limit_defaults()
    for key, value in limits.items():
        if key not in known:
            raise ConfigError(f"{origin}: [limits] {key} is not a limit{did_you_mean(key, known)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"{origin}: [limits] {key} must be a positive number, not {value!r}")


def _check_thresholds(thresholds: Mapping[str, Any], origin: str) -> None:
    """`[thresholds.CODE]` names a check and the parameters it declares, with fitting values."""
    from scanner.registry import LINKAGE_PARAMS, registry
    from scanner.settings import did_you_mean, value_fits

    for code, table in thresholds.items():
        if not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: [thresholds.{code}] must be a table")
        if code == "NW":
            declared: Mapping[str, Any] = LINKAGE_PARAMS
        elif code in registry:
            declared = registry[code].params
        else:
            hint = did_you_mean(code, [*registry.codes(), "NW"])
            raise ConfigError(f"{origin}: [thresholds.{code}] is not a check{hint}")
        for name, value in table.items():
            if name not in declared:
                raise ConfigError(
                    f"{origin}: [thresholds.{code}] {name} is not a setting of {code}"
                    + did_you_mean(name, declared)
                )
            if not value_fits(declared[name], value):
                raise ConfigError(
                    f"{origin}: [thresholds.{code}] {name} must be like {declared[name]!r}, "
                    f"not {value!r}"
                )


def load_config(directory: Path | None = None, explicit: Path | None = None) -> Config:
    """Read `scanner.toml` (or `[tool.scanner]` in `pyproject.toml`) from `directory`."""
    directory = directory or Path.cwd()
    candidates = (
        [explicit] if explicit else [directory / "scanner.toml", directory / "pyproject.toml"]
    )
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise ConfigError(f"config file not found: {explicit}")
            continue
        vet_config_file(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        if path.name == "pyproject.toml" and not explicit:
            table = data.get("tool", {}).get("scanner")
            if table is None:
                continue
            return _from_table(table, f"{path} [tool.scanner]")
        return _from_table(data, str(path))
    return Config()


def vet_config_file(path: Path) -> None:
    """Refuse a configuration file another user could have written: one owned by someone else,
    or writable by the group or others. A planted `scanner.toml` in a candidate's unpacked
    upload could otherwise turn every check off or move the history store."""
    import os
    import stat

    if os.name != "posix":  # pragma: no cover - POSIX ownership only
        return
    try:
        st = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if st.st_uid != os.geteuid():
        raise ConfigError(
            f"{path}: not used: the file belongs to another user (uid {st.st_uid}); a settings "
            "file can turn checks off, so only your own is read (or pass --config)"
        )
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ConfigError(
            f"{path}: not used: others may write to it (mode {stat.S_IMODE(st.st_mode):04o}); "
            "chmod go-w it"
        )


def describe_changes(config: Config, all_codes: Iterable[str]) -> list[str]:
    """What a configuration file changes from the defaults, in words (for the terminal and the
    report): checks it turns off, severities, thresholds, limits, where the store is."""
    out: list[str] = []
    off = [c for c in all_codes if c not in config.selected([c])]
    if off:
        shown = ", ".join(off[:20]) + (f" and {len(off) - 20} more" if len(off) > 20 else "")
        out.append(f"disables {len(off)} check(s): {shown}")
    if config.severity:
        out.append(
            "severity " + ", ".join(f"{k}={v.value}" for k, v in sorted(config.severity.items()))
        )
    if config.fail_on is not Severity.HIGH:
        out.append(f"fail_on={config.fail_on.value}")
    if config.thresholds:
        out.append("thresholds for " + ", ".join(sorted(config.thresholds)))
    if config.references:
        out.append("reference tables " + ", ".join(sorted(config.references)))
    if config.limits:
        out.append("limits " + ", ".join(f"{k}={v}" for k, v in sorted(config.limits.items())))
    if config.rate_limits:
        out.append("rate limits for " + ", ".join(sorted(config.rate_limits)))
    if config.db:
        out.append(f"history store at {config.db}")
    return out
