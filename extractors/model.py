"""The data that flows from collectors through extractors: documents, dates, timelines, profiles.

Everything here is immutable and free of I/O. `scanner` builds on these types; this module never
imports `scanner`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import Enum, IntEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "DateRange",
    "DocumentMeta",
    "EmploymentType",
    "ExtractionError",
    "PartialDate",
    "Position",
    "Precision",
    "Profile",
    "SourceDocument",
    "SourceFamily",
    "SourceKind",
    "SourceStatus",
    "StatedExperience",
    "Study",
    "frozen_mapping",
]


class ExtractionError(Exception):
    """A document could not be read or parsed. The message is shown to the analyst as is."""


def frozen_mapping(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only view of a copy of `data` (for metadata fields on frozen dataclasses)."""
    return MappingProxyType(dict(data or {}))


class SourceFamily(str, Enum):
    """Which account or document a source is a form of (LinkedIn's PDF, page and export are one)."""

    APPLICATION = "application"
    RESUME = "resume"
    LINKEDIN = "linkedin"
    GITHUB = "github"
    SITE = "site"
    ARCHIVE = "archive"  # an earlier capture of one of the others (its URL tells which)


class SourceKind(str, Enum):
    """What a source is, as named in the JSON report's `sources[].kind`.

    Each kind carries its traits, so no part of the scanner keeps a set of kinds of its own:
    `family`, `given` (the candidate's own claims: application, résumé), `is_profile` (an account
    anyone can see: LinkedIn, GitHub, a personal site) and `is_snapshot` (an earlier capture).
    """

    APPLICATION = "application"
    RESUME = "resume"
    LINKEDIN_PDF = "linkedin_pdf"
    LINKEDIN_PAGE = "linkedin_page"
    LINKEDIN_EXPORT = "linkedin_export"
    JSON_RESUME = "json_resume"
    GITHUB = "github"
    SITE = "site"
    ARCHIVE = "archive"

    @property
    def family(self) -> SourceFamily:
        return _FAMILY[self]

    @property
    def given(self) -> bool:
        """The candidate's own claims: what they typed on the form and the résumé they sent."""
        return self.family in (SourceFamily.APPLICATION, SourceFamily.RESUME)

    @property
    def is_profile(self) -> bool:
        """A current public profile: LinkedIn, GitHub or a personal site (not a capture)."""
        return self.family in (SourceFamily.LINKEDIN, SourceFamily.GITHUB, SourceFamily.SITE)

    @property
    def is_snapshot(self) -> bool:
        """An earlier capture of a profile (web archive): history, not a current claim."""
        return self is SourceKind.ARCHIVE


_FAMILY = {
    SourceKind.APPLICATION: SourceFamily.APPLICATION,
    SourceKind.RESUME: SourceFamily.RESUME,
    SourceKind.JSON_RESUME: SourceFamily.RESUME,
    SourceKind.LINKEDIN_PDF: SourceFamily.LINKEDIN,
    SourceKind.LINKEDIN_PAGE: SourceFamily.LINKEDIN,
    SourceKind.LINKEDIN_EXPORT: SourceFamily.LINKEDIN,
    SourceKind.GITHUB: SourceFamily.GITHUB,
    SourceKind.SITE: SourceFamily.SITE,
    SourceKind.ARCHIVE: SourceFamily.ARCHIVE,
}


class SourceStatus(str, Enum):
    OK = "ok"
    ERROR = "error"  # could not be read or parsed
    BLOCKED = "blocked"  # login wall, rate limit, robots.txt, refused address, offline


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One source as collected: raw content plus provenance. Collectors make these; nobody edits them.

    `format` is the concrete format recognised from content (pdf, docx, txt, md, html, json, zip,
    dir, fields, api). `meta` carries collector facts that are not content (HTTP status, final URL,
    the application fields for an application source).
    """

    kind: SourceKind
    format: str
    uri: str
    content: bytes = b""
    media_type: str = "application/octet-stream"
    sha256: str = ""
    retrieved_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    collector: str = ""
    status: SourceStatus = SourceStatus.OK
    error: str | None = None
    meta: Mapping[str, Any] = field(default_factory=frozen_mapping)

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()

    def with_status(self, status: SourceStatus, error: str | None) -> SourceDocument:
        return replace(self, status=status, error=error)

    @property
    def ok(self) -> bool:
        return self.status is SourceStatus.OK


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to year, month or day precision. Missing parts are never invented."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            date(self.year, self.month or 1, self.day)  # raises ValueError on 2019-02-30

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        """Inverse of `str()`: `2019`, `2019-03` or `2019-03-14`."""
        parts = [int(p) for p in text.strip().split("-")]
        return cls(*parts)

    @classmethod
    def from_date(cls, d: date, precision: Precision = Precision.DAY) -> PartialDate:
        if precision is Precision.YEAR:
            return cls(d.year)
        if precision is Precision.MONTH:
            return cls(d.year, d.month)
        return cls(d.year, d.month, d.day)

    # Month arithmetic: months are counted as year * 12 + (month - 1).
    @property
    def first_month(self) -> int:
        """Index of the earliest month this date can stand for."""
        return self.year * 12 + ((self.month or 1) - 1)

    @property
    def last_month(self) -> int:
        """Index of the latest month this date can stand for."""
        return self.year * 12 + ((self.month or 12) - 1)

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is not None:
            return date(self.year, self.month, self.day)
        nxt = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


@dataclass(frozen=True, slots=True)
class DateRange:
    """A span of time from a document. `end is None and current` means ongoing ("Present")."""

    start: PartialDate | None
    end: PartialDate | None = None
    current: bool = False
    raw: str = ""

    @property
    def is_open(self) -> bool:
        return self.end is None

    def months(self, as_of: date, *, widest: bool = False) -> int | None:
        """Inclusive length in months (a role from Jan to Mar is 3 months).

        By default the narrowest reading of year-precision dates is used (2015 – 2017 counts
        from Dec 2015 to Jan 2017), so that a length is not overstated; `widest=True` gives the
        widest reading.
        """
        if self.start is None:
            return None
        end_lo, end_hi = self.end_bounds(as_of)
        if end_lo is None or end_hi is None:
            return None
        if widest:
            return end_hi - self.start.first_month + 1
        return max(0, end_lo - self.start.last_month + 1)

    def end_bounds(self, as_of: date) -> tuple[int | None, int | None]:
        """(earliest, latest) month index of the end; an open range ends at `as_of`."""
        if self.end is None:
            if self.current:
                m = month_index(as_of)
                return (m, m)
            return (None, None)
        return (self.end.first_month, self.end.last_month)

    def bounds(self, as_of: date) -> tuple[int, int] | None:
        """Widest (first month, last month) the range can cover, or None when undated."""
        if self.start is None:
            return None
        _, hi = self.end_bounds(as_of)
        if hi is None:
            return None
        return (self.start.first_month, hi)

    def core(self, as_of: date) -> tuple[int, int] | None:
        """Narrowest (first month, last month) the range surely covers, or None."""
        if self.start is None:
            return None
        lo, _ = self.end_bounds(as_of)
        if lo is None:
            return None
        first = self.start.last_month
        return (first, lo) if lo >= first else None

    def __str__(self) -> str:
        start = str(self.start) if self.start else "?"
        end = "present" if self.end is None and self.current else str(self.end or "?")
        return f"{start} – {end}"


class EmploymentType(str, Enum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    INTERNSHIP = "internship"
    CONTRACT = "contract"
    FREELANCE = "freelance"
    VOLUNTEER = "volunteer"
    ADVISORY = "advisory"
    BOARD = "board"
    SELF_EMPLOYED = "self-employed"

    @property
    def is_full_time(self) -> bool:
        return self is EmploymentType.FULL_TIME


@dataclass(frozen=True, slots=True)
class Position:
    """One role. `confidence` (0–1) says how sure the reader is of the entry as a whole and
    `confidence_reason` why: 1.0 for a structured source (a LinkedIn data export, JSON Resume),
    lower for an entry read from layout heuristics; checks cap their severity with it."""

    org: str
    title: str = ""
    range: DateRange | None = None
    location: str = ""
    employment_type: EmploymentType = EmploymentType.FULL_TIME
    description: str = ""
    raw: str = ""  # the lines the entry was read from, for evidence
    confidence: float = 1.0
    confidence_reason: str = ""


@dataclass(frozen=True, slots=True)
class Study:
    """One course of study; `confidence` and `confidence_reason` as for `Position`."""

    school: str
    degree: str = ""
    field: str = ""
    range: DateRange | None = None
    raw: str = ""
    confidence: float = 1.0
    confidence_reason: str = ""

    @property
    def label(self) -> str:
        """ "BS, Computer Science — University of Texas at Austin" (evidence and reports)."""
        parts = [p for p in (self.degree, self.field) if p]
        return f"{', '.join(parts)} — {self.school}" if parts else self.school


@dataclass(frozen=True, slots=True)
class StatedExperience:
    """A claim such as "8+ years of experience" or "5 years of Kubernetes"."""

    years: float
    raw: str
    subject: str = ""  # empty for overall experience; a technology otherwise
    at_least: bool = False


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a document says about itself (PDF info dictionary, DOCX core properties)."""

    author: str = ""
    last_modified_by: str = ""
    producer: str = ""
    creator: str = ""
    title: str = ""
    subject: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    pages: int | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """What one source says about a person. Lists keep document order; strings keep their raw form."""

    name: str = ""
    other_names: tuple[str, ...] = ()
    headline: str = ""
    summary: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # verbatim, as written
    locations: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    shipping_addresses: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    linkedin_slugs: tuple[str, ...] = ()
    github_handles: tuple[str, ...] = ()
    photo_hashes: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    experience: tuple[Position, ...] = ()
    education: tuple[Study, ...] = ()
    stated_experience: tuple[StatedExperience, ...] = ()
    document: DocumentMeta | None = None
    as_of: date | None = None  # the document's own date ("Present" means this), when it has one
    text: str = ""  # the plain text the profile was read from (for near-duplicate detection)
    # Extraction warnings worth showing (truncated input, skipped pages).
    notes: tuple[str, ...] = ()
    # Parts of the source that could not be read: the source was read, but not all of it, so
    # the candidate's result is incomplete ("Positions.csv missing from the export").
    unread_parts: tuple[str, ...] = ()
    # A generator's own traces in a document that claims to be its export (LinkedIn's "Save to
    # PDF": metadata, printed durations against the dates): what SRC003 checks.
    export_fingerprint: Mapping[str, Any] | None = None
    # A code-host account's own data (GitHub: login, creation date, repositories, commits,
    # events): what the GH and HJ004-HJ006 checks read.
    github: Mapping[str, Any] | None = None
    # Reader details no check relies on (sections found, languages): shown, stored, not judged.
    extra: Mapping[str, Any] = field(default_factory=frozen_mapping)
