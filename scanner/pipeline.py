"""One candidate from inputs to a report: collect → extract → check → score.

Nothing here raises for bad content: an unreadable source becomes a source with status `error`
or `blocked` (and an SRC finding), and the rest of the candidate is still checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache, partial
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from extractors.model import (
    ExtractionError,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
    frozen_mapping,
)
from scanner.collectors.application import application_source
from scanner.config import Config
from scanner.model import Candidate, CandidateReport, Finding, Report
from scanner.registry import CheckContext, registry, run_checks
from scanner.scoring import score
from scanner.sources import FetchOptions, SourceRef, UnsafeSource, is_url

__all__ = [
    "build_candidate",
    "candidate_id",
    "extract_source",
    "scan",
    "scan_candidate",
]


def candidate_id(explicit: str | None, name: str | None, refs: Sequence[SourceRef]) -> str:
    """`--id`, else a slug of the name, else of the first source's file name."""
    if explicit:
        return explicit
    base = name or (Path(refs[0].ref.rstrip("/")).stem if refs else "") or "candidate"
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    return slug or "candidate"


def collect(ref: SourceRef, config: Config, fetch: FetchOptions) -> SourceDocument:
    """Collect one named source; URLs go to the live collectors."""
    if is_url(ref.ref):
        doc: SourceDocument = _live().collect_url(ref.ref, ref.kind, fetch=fetch, config=config)
        return doc
    from scanner.collectors.files import FileLimits, collect_path
    from scanner.settings import limits_from

    max_bytes = limits_from(FileLimits, config.limits).max_file_bytes
    if ref.confine is None:
        return collect_path(ref.path, ref.kind, uri=ref.ref, max_bytes=max_bytes)
    try:
        path = ref.path  # vetted: inside the documents folder, a regular file or a folder
    except UnsafeSource as exc:
        doc = _refused(ref, str(exc))
        return replace(doc, meta=frozen_mapping({"confined_to": str(ref.confine)}))
    doc = collect_path(path, ref.kind, uri=ref.ref, max_bytes=max_bytes, untrusted=True)
    return replace(doc, meta=frozen_mapping({**doc.meta, "confined_to": str(ref.confine)}))


def _refused(ref: SourceRef, reason: str) -> SourceDocument:
    """An error document for a source that was not read because it is not safe to read."""
    return SourceDocument(
        kind=ref.kind or SourceKind.RESUME,
        format="unknown",
        uri=ref.ref,
        collector="file",
        status=SourceStatus.ERROR,
        error=f"not read: {reason}",
    )


def extract_source(
    doc: SourceDocument, config: Config, fields: Mapping[str, str] | None = None
) -> tuple[SourceDocument, Profile | None]:
    """Extract a profile; a failure marks the document `error` (or `blocked`) with the reason.
    `fields` are an application document's cleaned fields, which its content encodes: read from
    them, not decoded again from the bytes just made."""
    if doc.status is not SourceStatus.OK:
        return doc, None
    read = _readers()
    # an application document is read from its fields: no document limits to work out
    limits = read.limits(config.limits) if fields is None else None
    try:
        if fields is None:
            result = read.dispatch.extract(doc, limits=limits)
        else:
            result = read.dispatch.extract_fields(doc, fields)
    except read.dispatch.Blocked as exc:
        if exc.kind is not None and doc.kind in (SourceKind.RESUME, SourceKind.SITE):
            doc = replace(doc, kind=exc.kind)
        return doc.with_status(SourceStatus.BLOCKED, str(exc)), None
    except ExtractionError as exc:
        return doc.with_status(SourceStatus.ERROR, str(exc)), None
    except RecursionError:
        return doc.with_status(SourceStatus.ERROR, "document is nested too deeply to read"), None
    except MemoryError:
        return doc.with_status(SourceStatus.ERROR, "document is too large to read in memory"), None
    except Exception as exc:  # a parser bug must not lose the candidate
        msg = f"could not read this {doc.format} file ({type(exc).__name__}: {exc})"
        return doc.with_status(SourceStatus.ERROR, msg), None
    if result.kind is not doc.kind or result.format != doc.format:
        doc = replace(doc, kind=result.kind, format=result.format)
    return doc, cap_entries(result.profile)


class _Readers(NamedTuple):
    dispatch: ModuleType  # `extractors.dispatch`; its functions looked up on each call
    limits: Callable[[Mapping[str, Any]], Any]  # the readers' `Limits` under `[limits]`


@cache
def _readers() -> _Readers:
    """The extraction step, imported on first use (its document readers cost start-up tens of
    milliseconds), then kept: import statements would cost every source of every row."""
    import extractors.dispatch
    from extractors.documents import Limits
    from scanner.settings import limits_from

    return _Readers(extractors.dispatch, partial(limits_from, Limits))


@cache
def _live() -> ModuleType:
    """The live collectors (for URLs, and every candidate's fetch deadline), imported on first
    use and then kept, like `_readers`; their functions looked up on each call."""
    import scanner.collectors.live

    return scanner.collectors.live


# Positions or studies kept from one source. Nobody's history has this many; a document that
# does is built to make the pairwise checks (overlaps, gaps) slow and their reports huge.
MAX_ENTRIES = 300


def cap_entries(profile: Profile | None, limit: int = MAX_ENTRIES) -> Profile | None:
    """The profile with at most `limit` positions and studies; a cut is an unread part (so the
    result is incomplete, and SRC001 says why)."""
    if profile is None:
        return None
    if len(profile.experience) <= limit and len(profile.education) <= limit:
        return profile  # nearly every source: nothing to cut
    cut = {
        name: len(getattr(profile, name))
        for name in ("experience", "education")
        if len(getattr(profile, name)) > limit
    }
    if not cut:
        return profile
    unread = [
        f"{n:,} {name} entries, more than anyone's history holds: only the first {limit} read"
        for name, n in cut.items()
    ]
    return replace(
        profile,
        experience=profile.experience[:limit],
        education=profile.education[:limit],
        unread_parts=(*profile.unread_parts, *unread),
    )


def build_candidate(
    cid: str,
    fields: Mapping[str, Any],
    refs: Iterable[SourceRef],
    *,
    config: Config,
    fetch: FetchOptions | None = None,
    as_of: date | None = None,
    application_uri: str = "application",
) -> Candidate:
    fetch = fetch or FetchOptions()
    app = application_source(fields, uri=application_uri)
    # One fetch deadline per candidate; with --archive, the web archive's earlier snapshots too.
    docs: list[SourceDocument] = _live().collect_sources(
        list(refs), lambda ref: collect(ref, config, fetch), fetch=fetch, config=config
    )
    sources: list[SourceDocument] = []
    profiles: list[Profile | None] = []
    if app is not None:  # read from the fields its content was made from
        doc, prof = extract_source(app[0], config, fields=app[1])
        sources.append(doc)
        profiles.append(prof)
    for doc in docs:
        doc, prof = extract_source(doc, config)
        sources.append(doc)
        profiles.append(prof)
    candidate = Candidate(
        id=cid,
        sources=sources,
        profiles=profiles,
        as_of=as_of or datetime.now(UTC).date(),
    )
    if fetch.archive:  # web-archive captures are the HJ checks' earlier snapshots
        from scanner.snapshots import archive_snapshots

        candidate.history = archive_snapshots(candidate)
    return candidate


def scan_candidate(
    candidate: Candidate, config: Config, codes: Sequence[str] | None = None
) -> CandidateReport:
    """Run the selected checks and score the result."""
    if codes is None:
        codes = config.selected(registry.codes())
    ctx = CheckContext(config=config)
    result = run_checks(candidate, ctx, codes)
    findings = result.findings  # a list of its own
    if len(findings) > 1:
        findings.sort(key=_report_order)
    not_run = result.not_run  # a list of its own
    if result.errors:
        not_run += [(c, f"check failed: {e}") for c, e in result.errors]
    if config.file_disabled:
        not_run += [(c, f"disabled by {config.source}") for c in config.file_disabled]
    complete = candidate.complete and not result.errors
    return CandidateReport(
        id=candidate.id,
        name=candidate.name,
        risk=score(findings, complete=complete),
        complete=complete,
        sources=candidate.sources,
        profiles=candidate.profiles,
        findings=findings,
        checks_not_run=not_run,
        as_of=candidate.as_of,
    )


def _report_order(f: Finding) -> tuple[int, float, str, str]:
    """Where a finding stands in a report: the most severe, then the surest, first."""
    return (-f.severity.rank, -f.confidence, f.code, f.message)


def scan(candidates: Iterable[Candidate], config: Config) -> Report:
    codes = config.selected(registry.codes())
    reports = [scan_candidate(c, config, codes) for c in candidates]
    return Report(candidates=reports, settings=report_settings(config, codes))


def report_settings(config: Config, codes: Sequence[str]) -> dict[str, Any]:
    """The settings a report records: the configuration, the checks run, and the settings file
    read with what it changed (so a planted file shows in every report)."""
    settings: dict[str, Any] = {"config": config.as_dict(), "checks": list(codes)}
    if config.source:
        settings["config_file"] = config.source
        settings["config_changes"] = list(config.file_changes)
    return settings
