"""What the user named as sources, and how they may be fetched: the types every layer above the
extractors shares (collectors, the pipeline, the store, batch), so none imports another for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.model import SourceKind

__all__ = ["FetchOptions", "SourceRef", "absolute_url", "is_url"]

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# People paste LinkedIn addresses without a scheme: `linkedin.com/in/x`, `uk.linkedin.com/in/x`.
_BARE_LINKEDIN = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com(?:[/?#]|$)", re.IGNORECASE)


def is_url(ref: str) -> bool:
    """Whether the user named a web address: a scheme, `www.`, or a LinkedIn host without one."""
    ref = ref.strip()
    return bool(_URL.match(ref)) or ref.startswith("www.") or bool(_BARE_LINKEDIN.match(ref))


def absolute_url(ref: str) -> str:
    """`ref` with `https://` before a scheme-less address (`www.…`, `linkedin.com/in/…`)."""
    ref = ref.strip()
    return ref if _URL.match(ref) else f"https://{ref}"


@dataclass(frozen=True)
class SourceRef:
    """A source as the user named it: a path or URL, and what they said it is (if they did)."""

    ref: str
    kind: SourceKind | None = None
    base: Path | None = None  # relative paths resolve against this (a spreadsheet's folder)

    @property
    def path(self) -> Path:
        p = Path(self.ref).expanduser()
        return p if p.is_absolute() or self.base is None else self.base / p


@dataclass(frozen=True)
class FetchOptions:
    offline: bool = False
    allow_private_network: bool = False
    github_api_url: str = "https://api.github.com"
    browser_state: Path | None = None
    archive: bool = False
    ignore_robots: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
