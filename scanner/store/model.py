"""What the store says about a person beyond their scans (`scanner.snapshots` holds those)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["PersonSummary"]


@dataclass(frozen=True, slots=True)
class PersonSummary:
    id: str
    name: str
    first_seen: datetime
    last_seen: datetime
    scans: int
    tracked: bool = True
