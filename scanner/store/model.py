"""What the store gives back: earlier scans of a person, as `Candidate.history` holds them.

`StoredScan` is one earlier look at a person (newest first in `Candidate.history`): when it was
taken, each source's kind, URI, hash, status and extracted profile, and the findings it had.
Earlier snapshots from elsewhere (a web archive) can be handed to the history checks in the same
shape with `origin="archive"` and `scan_id=None`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from extractors.model import Profile, SourceDocument, SourceKind, SourceStatus, frozen_mapping
from scanner.model import Finding, Risk

__all__ = ["PersonSummary", "StoredScan", "StoredSource"]


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
class PersonSummary:
    id: str
    name: str
    first_seen: datetime
    last_seen: datetime
    scans: int
    tracked: bool = True
