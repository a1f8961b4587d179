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

__all__ = ["FetchOptions", "SourceRef", "is_url"]

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(ref: str) -> bool:
    return bool(_URL.match(ref)) or ref.startswith("www.")


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
