"""What the scanner produces: candidates, findings with evidence, risk, and the report."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from extractors.model import Profile, SourceDocument, SourceKind, SourceStatus

__all__ = [
    "Candidate",
    "CandidateReport",
    "Category",
    "Cluster",
    "ClusterLink",
    "Evidence",
    "Finding",
    "Level",
    "Report",
    "Risk",
    "Severity",
]


class Severity(str, Enum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


class Level(str, Enum):
    CLEAR = "clear"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Category(str, Enum):
    SOURCE = "source"
    TIMELINE = "timeline"
    CROSS_SOURCE = "cross-source"
    CONTACT = "contact"
    IDENTITY = "identity"
    HIJACK = "hijack"
    ACTIVITY = "activity"
    NETWORK = "network"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One value a check looked at: which source (index into the candidate's sources), where, what."""

    source: int | None
    field: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    title: str
    category: Category
    severity: Severity
    confidence: float
    message: str
    evidence: tuple[Evidence, ...] = ()
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class Risk:
    score: int
    level: Level
    contributions: tuple[tuple[str, int], ...] = ()  # (code, points), largest first


@dataclass
class Candidate:
    """All one person's sources and the profiles read from them, aligned by index.

    `profiles[i]` is the profile extracted from `sources[i]`, or None when the source could not
    be read. `history` is the person's stored earlier scans (newest first) when a store is used;
    `lookup` answers cross-candidate questions (other applicants, stored people) for NW/ID checks.
    """

    id: str
    sources: list[SourceDocument] = field(default_factory=list)
    profiles: list[Profile | None] = field(default_factory=list)
    as_of: date = field(default_factory=lambda: datetime.now(UTC).date())
    history: Sequence[Any] = ()
    lookup: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The name the candidate applies under: the application's, else the first source's."""
        for kind in (SourceKind.APPLICATION, None):
            for src, prof in self.read_profiles():
                if prof.name and (kind is None or src.kind is kind):
                    return prof.name
        return ""

    def read_profiles(self) -> list[tuple[SourceDocument, Profile]]:
        return [
            (s, p)
            for s, p in zip(self.sources, self.profiles, strict=False)
            if p is not None and s.status is SourceStatus.OK
        ]

    def indexed_profiles(self) -> list[tuple[int, SourceDocument, Profile]]:
        return [
            (i, s, p)
            for i, (s, p) in enumerate(zip(self.sources, self.profiles, strict=False))
            if p is not None and s.status is SourceStatus.OK
        ]

    def as_of_for(self, index: int) -> date:
        """What "Present" means in source `index`: the document's own date, else the scan date."""
        prof = self.profiles[index] if index < len(self.profiles) else None
        return (prof.as_of if prof and prof.as_of else None) or self.as_of

    @property
    def complete(self) -> bool:
        """Every source was read, and read whole (no part of one left unread)."""
        return all(s.status is SourceStatus.OK for s in self.sources) and not any(
            p.unread_parts for p in self.profiles if p is not None
        )


@dataclass(frozen=True, slots=True)
class ClusterLink:
    kind: str
    value: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    members: tuple[str, ...]
    links: tuple[ClusterLink, ...]


@dataclass
class CandidateReport:
    id: str
    name: str
    risk: Risk
    complete: bool
    sources: list[SourceDocument]
    profiles: list[Profile | None]
    findings: list[Finding]
    checks_not_run: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)
    as_of: date | None = None


@dataclass
class Report:
    candidates: list[CandidateReport]
    clusters: list[Cluster] = field(default_factory=list)
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    settings: Mapping[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.candidates)

    def worst(self, key: Callable[[Finding], bool] = lambda f: True) -> Severity | None:
        worst: Severity | None = None
        for c in self.candidates:
            for f in c.findings:
                if key(f) and (worst is None or f.severity.rank > worst.rank):
                    worst = f.severity
        return worst
