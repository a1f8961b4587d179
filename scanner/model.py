"""What the scanner produces: candidates, findings with evidence, risk, and the report."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from extractors.model import Profile, SourceDocument, SourceKind, SourceStatus, frozen_mapping
from scanner.corpus import ProfileCorpus
from scanner.jsonbytes import fact_list_text

_T = TypeVar("_T")
_C = TypeVar("_C", bound=type)

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
    "Review",
    "ReviewStatus",
    "Risk",
    "Severity",
    "StoredScan",
    "StoredSource",
    "WatchEntry",
    "WatchlistLookup",
    "evidence_facts",
    "evidence_fingerprint",
    "fact_fingerprint",
    "slot_init",
]


def slot_init(cls: _C) -> _C:
    """`cls` with its dataclass `__init__` made again to fill each slot through the slot's own
    descriptor, where the generated one asks `object.__setattr__` to find it by name (twice the
    cost; a batch row builds a dozen findings, evidence and hits). The same parameters, defaults
    and `__post_init__`; frozenness, equality, hashing, repr and pickling stay the dataclass's.
    For frozen slots dataclasses whose fields are all plain, with no default factories."""
    fields = dataclasses.fields(cls)
    params = getattr(cls, "__dataclass_params__", None)
    if (
        params is None
        or not params.frozen
        or "__slots__" not in cls.__dict__
        or len(fields) != len(cls.__dict__["__dataclass_fields__"])  # no InitVar, no ClassVar
        or any(not f.init or f.kw_only or f.default_factory is not MISSING for f in fields)
    ):
        raise TypeError(f"{cls.__name__} is not a frozen slots dataclass of plain fields")
    env: dict[str, Any] = {"__name__": cls.__module__}
    args: list[str] = []
    body: list[str] = []
    for f in fields:
        if f.default is MISSING:
            args.append(f.name)
        else:
            env[f"_d_{f.name}"] = f.default
            args.append(f"{f.name}=_d_{f.name}")
        env[f"_s_{f.name}"] = cls.__dict__[f.name].__set__
        body.append(f"    _s_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(args)}):\n" + "\n".join(body), env)  # field names only
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(vars(cls)["__init__"].__annotations__)
    cls.__init__ = init  # type: ignore[misc]
    return cls


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


_UNSET: Any = object()  # a memo's "not worked out yet"

_SEVERITY_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


class Level(str, Enum):
    """A candidate's verdict, in rank order. `unverified`: a source could not be read (whole)
    and nothing reached `medium`, so the result cannot be called clear."""

    CLEAR = "clear"
    UNVERIFIED = "unverified"
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


@slot_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """One value a check looked at: which source (index into the candidate's sources), where, what."""

    source: int | None
    field: str
    value: str
    note: str = ""


class ReviewStatus(str, Enum):
    """An analyst's disposition of one finding (`scanner review`)."""

    CONFIRMED = "confirmed"
    FALSE_POSITIVE = "false-positive"
    CLEARED = "cleared"
    NEEDS_INFO = "needs-info"

    @property
    def settles(self) -> bool:
        """Whether the finding needs no further alert while its facts stay the same."""
        return self is not ReviewStatus.NEEDS_INFO

    @property
    def scored(self) -> bool:
        """Whether the finding still counts towards the risk score (not a false positive, not cleared)."""
        return self in (ReviewStatus.CONFIRMED, ReviewStatus.NEEDS_INFO)


@dataclass(frozen=True, slots=True)
class Review:
    """The latest disposition recorded for a finding: status, why, who and when."""

    status: ReviewStatus
    reason: str
    by: str
    at: datetime


_SPACE = re.compile(r"\s+")


def _fact(value: object) -> str:
    """A fact as compared: Unicode-folded, case-folded, whitespace collapsed."""
    return _fact_text(value if type(value) is str else str(value))


@lru_cache(maxsize=8192)
def _fact_text(text: str) -> str:
    """`_fact` of a string, remembered (a finding's facts are folded for its evidence and again
    for its fingerprint, and several findings of a row name the same values). ASCII text is its
    own NFKC form, and `str.split` splits on exactly the whitespace `\\s` matches."""
    if text.isascii():
        return " ".join(text.split()).lower()
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def evidence_facts(evidence: Iterable[Evidence]) -> tuple[str, ...]:
    """The facts a finding compares, by default: its evidence values (never notes or fields,
    which carry wording, scan labels and dates), normalised, each once, sorted."""
    return tuple(sorted({_fact(e.value) for e in evidence if str(e.value).strip()}))


def fact_fingerprint(code: str, facts: Iterable[object]) -> str:
    """What makes a finding "the same" across runs and wording: its code and its facts."""
    return _fingerprint(code, tuple(sorted({_fact(x) for x in facts})))


def evidence_fingerprint(code: str, evidence: Iterable[Evidence], message: str) -> str:
    """`fact_fingerprint(code, evidence_facts(evidence) or (message,))` (a finding's default
    fingerprint) in one pass: each value's fold is folded again, as that pair of calls does."""
    folded: set[str] = set()
    for e in evidence:
        value = e.value
        text = value if type(value) is str else str(value)
        if text and not text.isspace():  # `text.strip()` is not empty
            once = _fact_text(text)
            # ASCII folded text folds to itself: no second look-up
            folded.add(once if once.isascii() else _fact_text(once))
    if not folded:
        return fact_fingerprint(code, (message,))
    return _fingerprint(code, tuple(sorted(folded)))


@lru_cache(maxsize=4096)
def _fingerprint(code: str, folded: tuple[str, ...]) -> str:
    """The hash of a code and its folded facts, remembered: many rows of a batch share a
    finding's facts (every offline row's blocked profile is SRC002's "blocked")."""
    basis = fact_list_text(code, folded)
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


@slot_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check saw. `fingerprint` identifies it across runs (code + the facts it
    compares; computed from the evidence values unless the check names its facts); `review` is
    the analyst's latest disposition of that fingerprint, when there is one."""

    code: str
    title: str
    category: Category
    severity: Severity
    confidence: float
    message: str
    evidence: tuple[Evidence, ...] = ()
    cluster: str | None = None
    fingerprint: str = ""
    review: Review | None = None

    def __post_init__(self) -> None:
        if not self.fingerprint:
            fingerprint = evidence_fingerprint(self.code, self.evidence, self.message)
            object.__setattr__(self, "fingerprint", fingerprint)


@slot_init
@dataclass(frozen=True, slots=True)
class Risk:
    score: int
    level: Level
    contributions: tuple[tuple[str, int], ...] = ()  # (code, points), largest first


@dataclass(frozen=True, slots=True)
class StoredSource:
    """One source of an earlier scan: provenance and the profile read from it (None if unread)."""

    index: int
    kind: SourceKind
    uri: str
    sha256: str
    status: SourceStatus
    profile: Profile | None = None
    format: str = ""
    error: str | None = None
    retrieved_at: datetime | None = None
    collector: str = ""
    local_path: str | None = None  # absolute path of a local file when it was read
    meta: Mapping[str, Any] = field(default_factory=frozen_mapping)

    @property
    def ok(self) -> bool:
        return self.status is SourceStatus.OK

    def to_document(self, *, stored_copy_of: int | None = None, note: str = "") -> SourceDocument:
        """The stored provenance as a document (no content).

        With `stored_copy_of` (a scan id) the document stands in for a source that was not
        re-read (a local file that moved, `--offline`): its collector is "store".
        """
        meta = dict(self.meta)
        if self.local_path and "path" not in meta:
            meta["path"] = self.local_path
        if stored_copy_of is not None:
            meta["stored_copy_of_scan"] = stored_copy_of
        if note:
            meta["note"] = note
        kwargs: dict[str, Any] = {}
        if self.retrieved_at is not None:
            kwargs["retrieved_at"] = self.retrieved_at
        return SourceDocument(
            kind=self.kind,
            format=self.format,
            uri=self.uri,
            sha256=self.sha256,
            collector="store" if stored_copy_of is not None else self.collector,
            status=self.status,
            error=self.error,
            meta=frozen_mapping(meta),
            **kwargs,
        )


@dataclass(frozen=True, slots=True)
class StoredScan:
    """One earlier scan of a person (or an earlier snapshot from an archive)."""

    scan_id: int | None
    person_id: str
    scanned_at: datetime
    sources: tuple[StoredSource, ...] = ()
    findings: tuple[Finding, ...] = ()
    name: str = ""
    origin: str = "check"  # check | batch | revalidate | archive
    tool_version: str = ""
    checks: Mapping[str, int] = field(default_factory=frozen_mapping)  # code → check version
    config: Mapping[str, Any] = field(default_factory=frozen_mapping)
    complete: bool = True
    risk: Risk | None = None
    as_of: date | None = None
    run_id: int | None = None
    checks_not_run: tuple[tuple[str, str], ...] = ()

    def read_profiles(self) -> list[tuple[StoredSource, Profile]]:
        """The sources that were read, with their profiles."""
        return [(s, s.profile) for s in self.sources if s.profile is not None and s.ok]

    @property
    def label(self) -> str:
        """How evidence names this scan: "scan 12 of 2026-01-03"."""
        when = self.scanned_at.date().isoformat()
        if self.scan_id is None:
            return f"{self.origin} snapshot of {when}"
        return f"scan {self.scan_id} of {when}"


@dataclass(frozen=True, slots=True)
class WatchEntry:
    """One identifier on the team's watchlist of confirmed cases."""

    kind: str  # phone | email | address | linkedin | github | document
    value: str  # as the analyst entered it
    key: str  # the linkage key it matches on
    reason: str
    added_by: str = ""
    added_at: datetime | None = None


class WatchlistLookup(Protocol):
    """What NW009 reads: the watchlist entries an identifier key matches (kind as linkage joins)."""

    def matches(self, kind: str, key: str) -> Sequence[WatchEntry]: ...

    def __len__(self) -> int: ...


class NetworkLookup(Protocol):
    """What the NW checks read: this applicant's links to other applicants and stored people."""

    @property
    def network_links(self) -> Sequence[Any]: ...


@dataclass
class Candidate:
    """All one person's sources and the profiles read from them, aligned by index.

    `profiles[i]` is the profile extracted from `sources[i]`, or None when the source could not
    be read. `history` is the person's earlier snapshots (stored scans, web-archive captures);
    `lookup` answers cross-candidate questions (other applicants, stored people) for the NW
    checks; `corpus` holds the stored histories ID004 compares with; `watchlist` the team's
    confirmed identifiers (NW009); `photo` is the path of a photo given for the candidate.
    """

    id: str
    sources: list[SourceDocument] = field(default_factory=list)
    profiles: list[Profile | None] = field(default_factory=list)
    as_of: date = field(default_factory=lambda: datetime.now(UTC).date())
    history: Sequence[StoredScan] = ()
    lookup: NetworkLookup | None = None
    corpus: ProfileCorpus | None = None
    watchlist: WatchlistLookup | None = None
    photo: str | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # (sources, profiles, their lengths, read, indexed): the read profiles, worked out again when
    # either list is replaced or grows (a row's candidate is built by appending to them)
    _read: tuple[Any, ...] | None = field(default=None, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """`compute()` once per candidate: derived data several checks share (GitHub accounts)."""
        memo = self._memo
        result: _T = memo.get(key, _UNSET)
        if result is _UNSET:
            result = memo[key] = compute()
        return result

    @property
    def name(self) -> str:
        """The name the candidate applies under: the application's, else the first source's."""
        for kind in (SourceKind.APPLICATION, None):
            for src, prof in self.read_profiles():
                if prof.name and (kind is None or src.kind is kind):
                    return prof.name
        return ""

    def _views(self) -> tuple[Any, ...]:
        sources, profiles = self.sources, self.profiles
        cached = self._read
        if (
            cached is not None
            and cached[0] is sources
            and cached[1] is profiles
            and cached[2] == len(sources)
            and cached[3] == len(profiles)
        ):
            return cached
        indexed = tuple(
            (i, s, p)
            for i, (s, p) in enumerate(zip(sources, profiles, strict=False))
            if p is not None and s.status is SourceStatus.OK
        )
        read = tuple((s, p) for _i, s, p in indexed)
        self._read = (sources, profiles, len(sources), len(profiles), read, indexed)
        return self._read

    def read_profiles(self) -> tuple[tuple[SourceDocument, Profile], ...]:
        """The sources that were read, with their profiles (kept until the lists change; a
        dozen checks ask for them on every candidate)."""
        read: tuple[tuple[SourceDocument, Profile], ...] = self._views()[4]
        return read

    def indexed_profiles(self) -> tuple[tuple[int, SourceDocument, Profile], ...]:
        """`read_profiles()` with each source's index."""
        indexed: tuple[tuple[int, SourceDocument, Profile], ...] = self._views()[5]
        return indexed

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
