"""Re-validation: re-collect each tracked person's sources, re-run the checks against their
stored history, and report only what is new.

Safe for cron, systemd timers and Kubernetes CronJobs:
- a lock file beside the store keeps two runs from overlapping (released by the OS if the
  process dies, so a killed run never leaves a stale lock);
- each person's new scan and the run's progress commit in one transaction, so a run killed half
  way resumes with the next person;
- findings already shown (in a `check`/`batch` report or an earlier re-validation that was
  delivered) are remembered by fingerprint and not alerted again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.model import Profile, SourceDocument, SourceKind, frozen_mapping
from scanner.model import (
    Candidate,
    CandidateReport,
    Category,
    Finding,
    Report,
    Severity,
    StoredScan,
    StoredSource,
)
from scanner.store.corpus import StoreCorpus
from scanner.store.db import StoreError
from scanner.store.store import Store, finding_fingerprint

if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.sources import FetchOptions

__all__ = [
    "GoneSource",
    "LockHeld",
    "PersonResult",
    "RevalidationResult",
    "revalidate",
    "revalidation_lock",
]


class LockHeld(StoreError):
    """Another re-validation holds the lock on this store."""


@contextmanager
def revalidation_lock(db_path: Path) -> Iterator[Path]:
    """Hold `<store>.revalidate.lock` for the duration; raise `LockHeld` if another run has it."""
    lock_path = db_path.with_name(db_path.name + ".revalidate.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            _lock(fd)
        except OSError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise LockHeld(
                f"another re-validation is running on {db_path} (pid {holder})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield lock_path
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@dataclass(frozen=True)
class GoneSource:
    """A source that was readable in the previous scan and is not now (deleted, private, blocked)."""

    index: int
    kind: str
    uri: str
    status: str
    error: str | None
    last_ok: str  # the scan it was last read in


@dataclass
class PersonResult:
    person_id: str
    name: str = ""
    scan_id: int | None = None
    report: CandidateReport | None = None
    new: list[Finding] = field(default_factory=list)
    gone: list[GoneSource] = field(default_factory=list)
    not_reread: list[str] = field(default_factory=list)
    check_changes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def has_news(self) -> bool:
        return bool(self.new or self.gone or self.error)


@dataclass
class RevalidationResult:
    run_id: int
    resumed: bool
    people: list[PersonResult]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def report(self) -> Report:
        """The report of what is new: each person's current risk, with only their new findings."""
        candidates = []
        for p in self.people:
            if p.report is None:
                continue
            candidates.append(replace(p.report, findings=list(p.new)))
        return Report(
            candidates=candidates,
            generated_at=self.generated_at,
            settings={"revalidation_run": self.run_id},
            notes=self.notes(),
        )

    def notes(self) -> list[str]:
        out = [
            f"re-validation run {self.run_id}{' (resumed)' if self.resumed else ''}: {self.headline()}"
        ]
        for p in self.people:
            for g in p.gone:
                out.append(
                    f"{p.person_id}: source gone since {g.last_ok}: {g.kind} {g.uri} ({g.status}: {g.error})"
                )
            out += [f"{p.person_id}: {n}" for n in p.not_reread]
            out += [f"{p.person_id}: {n}" for n in p.check_changes]
            if p.error:
                out.append(f"{p.person_id}: could not be re-validated: {p.error}")
        return out

    def headline(self) -> str:
        checked = sum(1 for p in self.people if p.report is not None)
        news = [p for p in self.people if p.has_news]
        counts = {
            s: sum(1 for p in self.people for f in p.new if f.severity is s) for s in Severity
        }
        parts = [
            f"{counts[s]} {s.value}"
            for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)
            if counts[s]
        ]
        text = (
            f"{checked} of {len(self.people)} people re-validated; {len(news)} with something new"
        )
        if parts:
            text += f" (new findings: {', '.join(parts)})"
        gone = sum(len(p.gone) for p in self.people)
        if gone:
            text += f"; {gone} source(s) gone"
        failed = sum(1 for p in self.people if p.error)
        if failed:
            text += f"; {failed} failed"
        return text

    def new_alerts(self) -> list[tuple[str, int | None, str, str]]:
        """(person, scan, code, fingerprint) of every new finding, to remember as reported."""
        out = []
        for p in self.people:
            if p.report is None:
                continue
            for f in p.new:
                out.append(
                    (p.person_id, p.scan_id, f.code, finding_fingerprint(f, p.report.sources))
                )
        return out

    @property
    def has_news(self) -> bool:
        return any(p.has_news for p in self.people)

    def payload(self) -> dict[str, Any]:
        """The webhook body: a `text` for chat tools and the details as data."""
        from scanner import __version__

        people = []
        lines = [f"scanner re-validation (run {self.run_id}): {self.headline()}"]
        for p in self.people:
            if not p.has_news:
                continue
            entry: dict[str, Any] = {
                "id": p.person_id,
                "name": p.name or None,
                "scan_id": p.scan_id,
                "risk": {"score": p.report.risk.score, "level": p.report.risk.level.value}
                if p.report
                else None,
                "new_findings": [
                    {
                        "code": f.code,
                        "severity": f.severity.value,
                        "title": f.title,
                        "message": f.message,
                    }
                    for f in p.new
                ],
                "sources_gone": [
                    {
                        "kind": g.kind,
                        "uri": g.uri,
                        "status": g.status,
                        "error": g.error,
                        "last_ok": g.last_ok,
                    }
                    for g in p.gone
                ],
                "error": p.error,
            }
            people.append(entry)
            who = f"{p.person_id} {p.name}".strip()
            lines += [
                f"• {who}: {f.code} {f.severity.value}: {f.title}: {f.message}" for f in p.new
            ]
            lines += [
                f"• {who}: source gone: {g.kind} {g.uri} ({g.error or g.status})" for g in p.gone
            ]
            if p.error:
                lines.append(f"• {who}: could not be re-validated: {p.error}")
        text = "\n".join(lines)
        if len(text) > 3500:
            text = text[:3400].rsplit("\n", 1)[0] + "\n… (see the full report)"
        return {
            "text": text,
            "tool": {"name": "scanner", "version": __version__},
            "run": self.run_id,
            "generated_at": self.generated_at.replace(microsecond=0)
            .isoformat()
            .replace("+00:00", "Z"),
            "checked": sum(1 for p in self.people if p.report is not None),
            "people": people,
        }


# -- one person ---------------------------------------------------------------------------
def _stored_copy(
    src: StoredSource, scan: StoredScan, note: str
) -> tuple[SourceDocument, Profile | None]:
    return src.to_document(stored_copy_of=scan.scan_id, note=note), src.profile


@dataclass(frozen=True)
class _Ref:
    index: int
    stored: StoredSource
    path: str | None


def _recollect(
    latest: StoredScan, person_id: str, config: Config, fetch: FetchOptions
) -> tuple[list[SourceDocument], list[Profile | None], list[str], list[StoredScan]]:
    """Collect the person's sources again through the pipeline: URLs live, local files from their
    stored paths; returns (sources, profiles, notes, earlier snapshots found on the way).

    The application fields and files that no longer exist are carried over from the stored scan
    (and said so); URLs are not fetched with `--offline`. Stored web-archive captures are not
    re-fetched: `--archive` collects them afresh (they come back as earlier snapshots).
    """
    from scanner.pipeline import build_candidate
    from scanner.sources import SourceRef, is_url

    # Per stored source: the stored copy, or (index into refs, the stored source, absolute path).
    slots: list[tuple[SourceDocument, Profile | None] | _Ref] = []
    refs: list[SourceRef] = []
    notes: list[str] = []
    for s in latest.sources:
        if s.kind is SourceKind.ARCHIVE:
            continue
        if s.kind is SourceKind.APPLICATION:
            slots.append(_stored_copy(s, latest, "application fields as recorded"))
        elif is_url(s.uri):
            if fetch.offline:
                slots.append(
                    _stored_copy(
                        s,
                        latest,
                        f"not fetched (--offline); used the stored copy of {latest.label}",
                    )
                )
                notes.append(
                    f"{s.uri} not fetched (--offline); used the stored copy of {latest.label}"
                )
            else:
                slots.append(_Ref(len(refs), s, None))
                refs.append(SourceRef(s.uri, s.kind))
        else:
            path = Path(s.local_path or s.uri).expanduser()
            if path.exists():
                slots.append(_Ref(len(refs), s, os.path.abspath(path)))
                refs.append(SourceRef(str(path), s.kind))
            else:
                note = f"file no longer at {path}; used the stored copy of {latest.label}"
                slots.append(_stored_copy(s, latest, note))
                notes.append(f"{s.uri}: {note}")
    built = build_candidate(person_id, {}, refs, config=config, fetch=fetch) if refs else None
    sources: list[SourceDocument] = []
    profiles: list[Profile | None] = []
    for slot in slots:
        if isinstance(slot, _Ref):
            assert built is not None
            doc, prof = built.sources[slot.index], built.profiles[slot.index]
            if slot.path is not None:  # keep the URI as first given, remember where it was read
                meta = frozen_mapping({**doc.meta, "path": slot.path})
                doc = replace(doc, uri=slot.stored.uri, meta=meta)
        else:
            doc, prof = slot
        sources.append(doc)
        profiles.append(prof)
    snapshots: list[StoredScan] = []
    if built is not None:
        sources += built.sources[len(refs) :]  # web-archive captures (--archive)
        profiles += built.profiles[len(refs) :]
        snapshots = list(built.history)
    return sources, profiles, notes, snapshots


def _gone(sources: Sequence[SourceDocument], latest: StoredScan) -> list[GoneSource]:
    from scanner.sources import is_url

    before = {(s.kind.value, s.uri): s for s in latest.sources}
    out = []
    for i, src in enumerate(sources):
        if src.ok or src.collector == "store" or not is_url(src.uri):
            continue
        prev = before.get((src.kind.value, src.uri)) or next(
            (s for s in latest.sources if s.uri == src.uri), None
        )
        if prev is not None and prev.ok:
            out.append(
                GoneSource(i, src.kind.value, src.uri, src.status.value, src.error, latest.label)
            )
    return out


def _src002(g: GoneSource) -> Finding:
    from scanner.registry import registry

    title = registry["SRC002"].title if "SRC002" in registry else "A live source was blocked"
    return Finding(
        code="SRC002",
        title=title,
        category=Category.SOURCE,
        severity=Severity.INFO,
        confidence=1.0,
        message=f"The {g.kind} source read in {g.last_ok} is now {g.status}: {g.error or 'no reason given'} "
        "(deleted, made private, or blocked).",
        evidence=(),
    )


def revalidate_person(
    store: Store,
    person_id: str,
    *,
    config: Config,
    fetch: FetchOptions,
    codes: Sequence[str],
    run_id: int | None,
) -> int:
    """Re-collect, re-check and record one person; returns the new scan's id."""
    from scanner.pipeline import scan_candidate
    from scanner.scoring import score

    latest = store.latest_scan(person_id)
    if latest is None:
        raise StoreError(f"no stored scan for {person_id}")
    sources, profiles, _notes, snapshots = _recollect(latest, person_id, config, fetch)
    candidate = Candidate(id=person_id, sources=sources, profiles=profiles)
    history = [*store.history(person_id), *snapshots]
    candidate.history = sorted(history, key=lambda h: h.scanned_at, reverse=True)
    candidate.corpus = StoreCorpus(store.path, store.conn)
    report = scan_candidate(candidate, config, codes)
    extra = []
    for g in _gone(sources, latest):
        cited = any(
            f.code in ("SRC001", "SRC002") and any(e.source == g.index for e in f.evidence)
            for f in report.findings
        )
        named = any(f.code in ("SRC001", "SRC002") and g.uri in f.message for f in report.findings)
        if not (cited or named):
            f = _src002(g)
            extra.append(replace(f, evidence=(_evidence(g),)))
    if extra:
        report.findings = [*report.findings, *extra]
        report.risk = score(report.findings)
    settings = {"config": config.as_dict(), "checks": list(codes)}
    return store.record_candidate(report, settings=settings, origin="revalidate", run_id=run_id)


def _evidence(g: GoneSource) -> Any:
    from scanner.model import Evidence

    return Evidence(
        g.index,
        "status",
        f"{g.status}: {g.error}" if g.error else g.status,
        note=f"read in {g.last_ok}",
    )


# -- a run --------------------------------------------------------------------------------
def _check_changes(
    previous: StoredScan | None, new: Sequence[Finding], config: Config
) -> list[str]:
    """Say when a new finding's check (version or configuration) changed since the last scan."""
    from scanner.registry import registry

    if previous is None:
        return []
    out = []
    old_thresholds = previous.config.get("thresholds", {})
    old_severity = previous.config.get("severity", {})
    for code in sorted({f.code for f in new}):
        before = previous.checks.get(code)
        now = registry[code].version if code in registry else None
        if before is None and code in registry and previous.checks:
            out.append(
                f"{code} did not run in {previous.label}: its finding may not be a change in the person"
            )
        elif before is not None and now is not None and before != now:
            out.append(
                f"{code} changed from version {before} to {now} since {previous.label}: the finding may come from the check"
            )
        elif dict(old_thresholds.get(code, {})) != dict(
            config.thresholds.get(code, {})
        ) or old_severity.get(code) != (
            config.severity[code].value if code in config.severity else None
        ):
            out.append(
                f"{code} is configured differently than in {previous.label}: the finding may come from the configuration"
            )
    return out


def _person_result(store: Store, person_id: str, scan_id: int, config: Config) -> PersonResult:
    scan = store.scan(scan_id)
    ids = store.scan_ids(person_id)
    older = [i for i in ids if i < scan_id]
    previous = store.scan(older[0]) if older else None
    sources = [s.to_document() for s in scan.sources]
    report = CandidateReport(
        id=person_id,
        name=scan.name,
        risk=scan.risk or _no_risk(),
        complete=scan.complete,
        sources=sources,
        profiles=[s.profile for s in scan.sources],
        findings=list(scan.findings),
        checks_not_run=list(scan.checks_not_run),
        as_of=scan.as_of,
    )
    seen = store.alerted(person_id)
    new = [f for f in scan.findings if finding_fingerprint(f, scan.sources) not in seen]
    gone = []
    if previous is not None:
        gone = _gone(sources, previous)
    notes = [
        f"{s.uri}: {s.meta.get('note', 'not re-read')}"
        for s in scan.sources
        if s.meta.get("stored_copy_of_scan") is not None and s.kind is not SourceKind.APPLICATION
    ]
    return PersonResult(
        person_id=person_id,
        name=scan.name,
        scan_id=scan_id,
        report=report,
        new=new,
        gone=gone,
        not_reread=notes,
        check_changes=_check_changes(previous, new, config),
    )


def _no_risk() -> Any:
    from scanner.model import Level, Risk

    return Risk(0, Level.CLEAR)


def revalidate(
    store: Store,
    *,
    config: Config,
    fetch: FetchOptions,
    only: Sequence[str] | None = None,
    on_person: Callable[[str, int, int], None] | None = None,
) -> RevalidationResult:
    """Run (or resume) a re-validation of every tracked person, or of `only` these ids.

    Hold `revalidation_lock` around this. `on_person(person_id, done, total)` is called after
    each person's scan is committed. The caller reports the result and then calls
    `store.finish_run(...)` so that what was reported is not alerted again.
    """
    from scanner.registry import registry

    codes = config.selected(registry.codes())
    run_id, resumed = store.start_or_resume_run(only)
    items = store.run_items(run_id)
    total = len(items)
    done = sum(1 for i in items if i.status != "pending")
    for item in items:
        if item.status != "pending":
            continue
        try:
            revalidate_person(
                store, item.person_id, config=config, fetch=fetch, codes=codes, run_id=run_id
            )
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # one person's failure must not stop the run
            store.fail_item(run_id, item.person_id, f"{type(exc).__name__}: {exc}")
        done += 1
        if on_person is not None:
            on_person(item.person_id, done, total)
    people = []
    for item in store.run_items(run_id):
        if item.status == "done" and item.scan_id is not None:
            people.append(_person_result(store, item.person_id, item.scan_id, config))
        else:
            people.append(PersonResult(item.person_id, error=item.error or "not re-validated"))
    return RevalidationResult(run_id=run_id, resumed=resumed, people=people)
