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
from collections.abc import Callable, Iterator, Mapping, Sequence
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
    Review,
    Severity,
    StoredScan,
    StoredSource,
    WatchlistLookup,
)
from scanner.store.corpus import StoreCorpus
from scanner.store.db import StoreError
from scanner.store.reviews import latest_reviews, with_reviews
from scanner.store.store import Store

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
    from scanner.private_files import open_private

    lock_path = db_path.with_name(db_path.name + ".revalidate.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    try:  # never through a link, never another user's file (it is truncated below)
        fd = open_private(lock_path, os.O_RDWR | os.O_CREAT)
    except OSError as exc:
        raise StoreError(f"re-validation lock not taken: {exc}") from None
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
        _HELD_LOCKS.add(fd)
        yield lock_path
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)  # closing releases the lock


# Lock descriptors this process holds. A forked worker closes its copies at once: a worker that
# outlives a killed parent must not keep the lock (the next run would find it taken).
_HELD_LOCKS: set[int] = set()


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
                out.append((p.person_id, p.scan_id, f.code, f.fingerprint))
        return out

    @property
    def has_news(self) -> bool:
        return any(p.has_news for p in self.people)

    def payload(self, fmt: str = "json", report_url: str | None = None) -> dict[str, Any]:
        """The webhook body in `fmt` (json, slack, teams): see `scanner.store.alerts`."""
        from scanner.store.alerts import AlertFormat, alert_payload

        return alert_payload(self, AlertFormat(fmt), report_url=report_url)


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
            confine = _confinement(s, latest)
            path = Path(s.local_path or s.uri).expanduser()
            if confine == "":
                note = f"not re-read (its path came from a spreadsheet before paths were vetted); used the stored copy of {latest.label}"
                doc, prof = _stored_copy(s, latest, note)
                slots.append(
                    (replace(doc, meta=frozen_mapping({**doc.meta, "confined_to": ""})), prof)
                )
                notes.append(f"{s.uri}: {note}")
            elif confine is not None:
                # A spreadsheet cell: vetted again, as when it was first read.
                slots.append(_Ref(len(refs), s, None))
                refs.append(
                    SourceRef(s.local_path or s.uri, s.kind, Path(confine), confine=Path(confine))
                )
            elif path.exists():
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
            elif "confined_to" in doc.meta:
                doc = replace(doc, uri=slot.stored.uri)
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


def _confinement(src: StoredSource, scan: StoredScan) -> str | None:
    """Where a stored file source may be re-read from: None (a path the analyst typed: trusted),
    a folder (a spreadsheet cell: vetted again inside it) or "" (never re-read: a batch row
    recorded before cells were vetted, whose path may be anything an applicant typed)."""
    if "confined_to" in src.meta:
        return str(src.meta["confined_to"])
    if scan.origin == "batch":
        return ""
    return None


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
        evidence=(_evidence(g),),
    )


@dataclass(frozen=True)
class PersonTask:
    """One person to re-validate: what the store holds about them (read in the main process)."""

    person_id: str
    latest: StoredScan
    history: tuple[StoredScan, ...]


# Store-aware lookups for one candidate, given by the caller (the CLI passes the batch layer's):
# it sets `candidate.lookup` from the stored people, and returns notes.
LookupFn = Callable[["Candidate", Path, "Config"], list[str]]
# A process pool that notices a dead worker (the CLI passes `scanner.batch.pool.run_pool`):
# `parallel(tasks, work, workers=, on_death=, init=, initargs=)` yields results as they finish.
ParallelFn = Callable[..., Iterator[Any]]


@dataclass(frozen=True)
class RevalidationSettings:
    """What every worker needs; sent once per worker process."""

    config: Config
    fetch: FetchOptions
    codes: tuple[str, ...]
    store_path: Path
    watchlist: WatchlistLookup | None = None
    lookup: LookupFn | None = None


def check_person(task: PersonTask, settings: RevalidationSettings) -> CandidateReport:
    """Re-collect and re-check one person (no store writes: safe in a worker process)."""
    from scanner.pipeline import scan_candidate
    from scanner.scoring import score

    config, latest = settings.config, task.latest
    sources, profiles, _notes, snapshots = _recollect(
        latest, task.person_id, config, settings.fetch
    )
    candidate = Candidate(id=task.person_id, sources=sources, profiles=profiles)
    history = [*task.history, *snapshots]
    candidate.history = sorted(history, key=lambda h: h.scanned_at, reverse=True)
    candidate.corpus = StoreCorpus(settings.store_path)
    candidate.watchlist = settings.watchlist
    if settings.lookup is not None:
        settings.lookup(candidate, settings.store_path, config)
    try:
        report = scan_candidate(candidate, config, settings.codes)
    finally:
        candidate.corpus.close()
    extra = []
    for g in _gone(sources, latest):
        cited = any(
            f.code in ("SRC001", "SRC002") and any(e.source == g.index for e in f.evidence)
            for f in report.findings
        )
        named = any(f.code in ("SRC001", "SRC002") and g.uri in f.message for f in report.findings)
        if not (cited or named):
            extra.append(_src002(g))
    if extra:
        report.findings = [*report.findings, *extra]
        report.risk = score(report.findings, complete=report.complete)
    return report


def person_task(store: Store, person_id: str) -> PersonTask:
    latest = store.latest_scan(person_id)
    if latest is None:
        raise StoreError(f"no stored scan for {person_id}")
    return PersonTask(person_id, latest, tuple(store.history(person_id)))


def record_person(
    store: Store, report: CandidateReport, settings: RevalidationSettings, run_id: int | None
) -> int:
    """Record one re-validated person's scan (and mark their run item done): the new scan id."""
    stored = {"config": settings.config.as_dict(), "checks": list(settings.codes)}
    return store.record_candidate(report, settings=stored, origin="revalidate", run_id=run_id)


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
    settings = RevalidationSettings(config, fetch, tuple(codes), store.path)
    report = check_person(person_task(store, person_id), settings)
    return record_person(store, report, settings, run_id)


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


def _person_result(
    store: Store, person_id: str, scan_id: int, config: Config, reviews: Mapping[str, Review]
) -> PersonResult:
    """What is new for one person: findings neither reported before nor settled by a review."""
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
    report = with_reviews(report, dict(reviews))
    seen = store.alerted(person_id)
    new = [
        f
        for f in report.findings
        if f.fingerprint not in seen and (f.review is None or not f.review.status.settles)
    ]
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
    workers: int = 1,
    watchlist: WatchlistLookup | None = None,
    lookup: LookupFn | None = None,
    parallel: ParallelFn | None = None,
) -> RevalidationResult:
    """Run (or resume) a re-validation of every tracked person, or of `only` these ids.

    Hold `revalidation_lock` around this. With `workers` > 1 and a `parallel` pool, people are
    re-collected and re-checked in that many processes while this one records each finished
    person (one transaction each, so an interrupted run resumes after the last one recorded); a
    worker that dies fails only the person it was checking.
    `on_person(person_id, done, total)` is called after each person's scan is committed. The
    caller reports the result and then calls `store.finish_run(...)` so that what was reported
    is not alerted again.
    """
    from scanner.registry import registry

    codes = tuple(config.selected(registry.codes()))
    settings = RevalidationSettings(config, fetch, codes, store.path, watchlist, lookup)
    run_id, resumed = store.start_or_resume_run(only)
    items = store.run_items(run_id)
    total = len(items)
    done = sum(1 for i in items if i.status != "pending")
    pending = [i.person_id for i in items if i.status == "pending"]
    for person_id, outcome in _run_people(store, pending, settings, workers, parallel):
        if isinstance(outcome, CandidateReport):
            record_person(store, outcome, settings, run_id)
        else:  # one person's failure must not stop the run
            store.fail_item(run_id, person_id, outcome)
        done += 1
        if on_person is not None:
            on_person(person_id, done, total)
    reviews = latest_reviews(store, (i.person_id for i in store.run_items(run_id)))
    people = []
    for item in store.run_items(run_id):
        if item.status == "done" and item.scan_id is not None:
            people.append(
                _person_result(
                    store, item.person_id, item.scan_id, config, reviews.get(item.person_id, {})
                )
            )
        else:
            people.append(PersonResult(item.person_id, error=item.error or "not re-validated"))
    return RevalidationResult(run_id=run_id, resumed=resumed, people=people)


def _failure(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _run_people(
    store: Store,
    pending: Sequence[str],
    settings: RevalidationSettings,
    workers: int,
    parallel: ParallelFn | None,
) -> Iterator[tuple[str, CandidateReport | str]]:
    """(person, report or failure message) for each pending person, as they finish."""
    if workers <= 1 or len(pending) <= 1 or parallel is None:
        for person_id in pending:
            try:
                yield person_id, check_person(person_task(store, person_id), settings)
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:
                yield person_id, _failure(exc)
        return
    _register_pickling()

    def tasks() -> Iterator[PersonTask | tuple[str, str]]:
        for person_id in pending:
            try:
                yield person_task(store, person_id)
            except Exception as exc:  # a stored scan that cannot be read
                yield (person_id, _failure(exc))

    def died(task: PersonTask | tuple[str, str], reason: str) -> tuple[str, str]:
        pid = task[0] if isinstance(task, tuple) else task.person_id
        return pid, f"could not be re-validated: {reason}"

    yield from parallel(
        tasks(),
        _work,
        workers=min(workers, len(pending)),
        on_death=died,
        init=_init_worker,
        initargs=(settings,),
    )


_SETTINGS: RevalidationSettings | None = None


def _init_worker(settings: RevalidationSettings) -> None:
    import signal

    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    for fd in list(_HELD_LOCKS):  # the parent's lock is the parent's (see _HELD_LOCKS)
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()
    _SETTINGS = settings


def _work(task: PersonTask | tuple[str, str]) -> tuple[str, CandidateReport | str]:
    if isinstance(task, tuple):
        return task
    assert _SETTINGS is not None
    try:
        report = check_person(task, _SETTINGS)
    except Exception as exc:
        return task.person_id, _failure(exc)
    return task.person_id, replace(
        report, sources=[replace(s, content=b"") for s in report.sources]
    )


def _frozen_mapping(data: dict[Any, Any]) -> Any:
    from types import MappingProxyType

    return MappingProxyType(data)


def _reduce_mapping(m: Any) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _frozen_mapping, (dict(m),)


def _register_pickling() -> None:
    """The model's frozen mappings are read-only proxies, which pickle cannot handle by default."""
    import copyreg
    from types import MappingProxyType

    copyreg.pickle(MappingProxyType, _reduce_mapping)
