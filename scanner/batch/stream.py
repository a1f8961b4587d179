"""The streaming batch engine behind `scanner batch`: memory that does not grow with the rows.

1. Rows go through a process pool in chunks. A worker checks each row (`runner.process_row`),
   finishes it as if it shared nothing with anyone (NW checks on no links, the watchlist, the
   reviews in force), renders its part of the report, records it in the history store (one
   transaction per chunk) and sends back one run-file line and the row's linkage hashes.
2. The parent appends each line to the run file (the run's result store: a kill keeps every
   finished row) and keeps only the hashes (`index.KeyIndex`) and a few bytes of summary per row.
3. When every row is in, the rows that share a hash are read back from the run file and linked
   exactly as the in-memory engine links them (`index.link_subset`); those with a link or a
   cluster are finished again with their links (in the pool) and their new lines appended.
4. The report is written from the run file in row order, one row at a time.

`--continue` reads the run file back: every earlier row is finished again from its stored result
(checked line by line; a line that does not hold up is redone from the sheet), every other row is
checked, so each row is in the report exactly once.
"""

from __future__ import annotations

import functools
import heapq
import json
import os
import resource
import secrets
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

from scanner.batch import runner
from scanner.batch.codec import decode
from scanner.batch.index import KeyIndex, link_hashes, link_subset
from scanner.batch.keys import RowKeys
from scanner.batch.linkage import (
    ExternalRecord,
    Linkage,
    NetworkLookup,
    external_rows,
)
from scanner.batch.runfile import (
    NotRunTables,
    RowSummary,
    RunFile,
    build_record,
    parse_record,
    read_at,
)
from scanner.batch.runner import (
    BatchInterrupted,
    BatchSettings,
    RowTask,
    finish_row,
    linkage_options,
)
from scanner.batch.spreadsheet import Sheet, SheetRow
from scanner.batch.wire import by_fields
from scanner.model import CandidateReport, Cluster, Level, Review, Severity, WatchlistLookup
from scanner.registry import CheckContext, registry
from scanner.scoring import score

__all__ = ["BatchOutcome", "StoreTarget", "StreamSettings", "run_stream"]

CHUNK = 32  # rows per task: enough to keep a worker busy while the parent writes, small enough
# that a worker killed by the kernel costs little (its rows are then retried one by one)
_LEVELS = [lv.value for lv in Level]
_LEVEL_NO = {value: n for n, value in enumerate(_LEVELS)}
_NONE = -1


@dataclass(frozen=True)
class StoreTarget:
    """Where and how rows are recorded in the history store as they finish."""

    db: str | None
    track: bool = False
    actor: str = ""


@dataclass(frozen=True)
class StreamSettings:
    """What every worker needs besides its rows (sent once, at the pool's start)."""

    batch: BatchSettings
    fragment: str  # json | csv | xlsx | "" (what each row renders: see reporters.stream)
    watchlist: WatchlistLookup | None = None
    reviews: Mapping[str, Mapping[str, Review]] = field(default_factory=dict)
    store: StoreTarget | None = None
    report_settings: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, list[list[str]]] = field(default_factory=dict)
    # JSON parts name their "checks not run" list by its table key instead of holding it (the
    # run file then keeps each list once; `run_stream` puts the lists back as it writes)
    not_run_by_key: bool = False
    # The run file, where a worker reads the lines it finishes again (`_Again.at`): a task then
    # carries a line's place, not the line, so the pool can queue it ahead of the worker.
    run_file: str = ""


@dataclass
class BatchOutcome:
    """What the command reports at the end (the report itself is written by then)."""

    rows: int
    clusters: list[Cluster]
    notes: list[str]
    levels: dict[str, int]
    worst: int  # rank of the most severe counted finding, -1 when none
    complete: bool
    stats: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# In a worker
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fresh:
    task: RowTask


@by_fields
@dataclass(frozen=True, slots=True)
class _Again:
    """A row already in the run file, finished again: with its links (after linkage), or as it
    was (`--continue`; `task` is then the sheet row, redone when the line does not hold up)."""

    index: int
    line: bytes  # empty when `at` says where the worker reads it
    lookup: NetworkLookup | None = None
    task: RowTask | None = None
    out: tuple[int, int] | None = None  # where the line's report part is (a line of this run)
    at: tuple[int, int] | None = None  # (offset, length) of the line in the run file


@dataclass(frozen=True, slots=True)
class RowOut:
    """A finished row as the parent takes it."""

    index: int
    line: bytes
    out_start: int
    out_end: int
    table: bytes | None
    hashes: tuple[int, ...]  # none for a row finished again with its links (linked by then)
    summary: RowSummary
    store_error: str | None = None


@dataclass
class _State:
    """A worker's settings and what it keeps between chunks (store connection, tables)."""

    settings: StreamSettings
    run_key: str = ""
    run_at: str = ""
    ctx: CheckContext = field(init=False)
    tables: NotRunTables = field(init=False)
    lsh_bands: int = field(init=False)
    store: Any = None
    alone: list[tuple[str, str]] | None = None  # see `_alone`
    alone_known: bool = False
    reader: IO[bytes] | None = None  # the run file, opened on first use (`_line_of`)

    def __post_init__(self) -> None:
        self.ctx = CheckContext(config=self.settings.batch.config)
        self.tables = NotRunTables()
        for key, value in self.settings.tables.items():
            self.tables.learn({"k": key, "v": value})
        self.lsh_bands = linkage_options(self.settings.batch.config).lsh_bands


_STATE: _State | None = None


# A row makes thousands of short-lived objects and almost no cycles: the collector's default
# (a pass every 700 allocations, over every object still alive) spent ~5 % of a worker's time
# finding nothing. Passes are made rarer, and what is loaded once (the registry, the modules, the
# tables) is moved out of the collector's sight (`gc.freeze`).
_GC_THRESHOLD = (50_000, 20, 100)


def _init_worker(settings: StreamSettings, run_key: str, run_at: str) -> None:
    import gc
    import signal

    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    registry.load()
    _STATE = _State(settings, run_key, run_at)
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


def _work(chunk: list[_Fresh | _Again]) -> list[RowOut]:
    assert _STATE is not None
    return _Outs(work_chunk(_STATE, chunk))


class _Outs(list):
    """A chunk's finished rows as they cross the pipe: each as the tuple of plain values the
    parent reads (`_flat`), pickled and unpickled in C (no object built per row and summary)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return list, ([_flat(o) for o in self],)


# A finished row as the parent reads it: index, line, out_start, out_end, table, hashes,
# store_error, and its summary's score, level, complete, worst, codes, placeholders.
_Flat = tuple[
    int, bytes, int, int, bytes | None, tuple[int, ...], str | None,
    int, str, bool, int, tuple[str, ...], tuple[tuple[str, str], ...],
]  # fmt: skip


def _flat(o: RowOut) -> _Flat:
    s = o.summary
    return (
        o.index, o.line, o.out_start, o.out_end, o.table, o.hashes, o.store_error,
        s.score, s.level, s.complete, s.worst, s.codes, s.placeholders,
    )  # fmt: skip


@dataclass
class _Done:
    index: int
    row: int
    report: CandidateReport  # as checked, before linkage (what the run file keeps)
    keys: RowKeys
    final: CandidateReport  # with the NW checks, the watchlist and the reviews
    scan: int | None  # its scan in the history store, when recorded earlier
    linked: bool  # finished again with its links


def work_chunk(state: _State, chunk: Sequence[_Fresh | _Again]) -> list[RowOut]:
    """Check (or finish again) every row of a chunk, record them in the store, render them."""
    st = state.settings
    done: list[_Done] = []
    for item in chunk:
        got = _reread(state, item) if isinstance(item, _Again) else None
        if got is not None:
            done.append(got)
            continue
        task = item.task
        if task is None:
            continue  # a line this run wrote that no longer reads: cannot happen
        res = runner.process_row(task, st.batch)
        final = finish(state, res.report, None, scored=True)
        done.append(_Done(res.index, res.row, res.report, res.keys, final, None, False))
    return _emit(state, done)


def lost_row(state: _State, item: _Fresh | _Again, reason: str) -> list[RowOut]:
    """A row whose worker died on it (the kernel's out-of-memory killer, a crash in a C
    library): incomplete, with an SRC001 that says so; the batch goes on. A row that was only
    being finished again keeps its line."""
    if item.task is None:
        return []
    res, _line = runner._lost_row(item.task, state.settings.batch, reason)
    final = finish(state, res.report, None)
    return _emit(state, [_Done(res.index, res.row, res.report, res.keys, final, None, False)])


def _emit(state: _State, done: list[_Done]) -> list[RowOut]:
    """Record the rows in the store, then each row's line, report part and linkage hashes."""
    st = state.settings
    scans, problem = _record(state, done)
    out = []
    for d, scan in zip(done, scans, strict=True):
        summary = summarise(d.final, d.keys, scan)
        part_table = None
        if st.not_run_by_key and st.fragment == "json" and d.final.checks_not_run:
            key, part_table = state.tables.key_for(d.final.checks_not_run)
            part = _fragment(d.final, st.fragment, key)
        else:
            part = _fragment(d.final, st.fragment)
        line, start, end, table = build_record(
            d.index, d.row, d.report, d.keys, summary, part, state.tables
        )
        if part_table is not None:  # both lists new: the part's first, then the record's
            table = part_table if table is None else part_table + b"\n" + table
        hashes = () if d.linked else tuple(link_hashes(d.keys, state.lsh_bands))
        out.append(RowOut(d.index, line, start, end, table, hashes, summary, problem))
    return out


def _line_of(state: _State, item: _Again) -> bytes:
    """The task's line: carried, or read from the run file where `at` says it is (the file is
    append-only, so a line written earlier stays as it was)."""
    if item.at is None:
        return item.line
    if state.reader is None:
        from scanner.private_files import open_private

        fd = open_private(Path(state.settings.run_file), os.O_RDONLY)
        state.reader = os.fdopen(fd, "rb", buffering=0)
    offset, length = item.at
    return read_at(state.reader.fileno(), offset, length)


def _reread(state: _State, item: _Again) -> _Done | None:
    """A row's stored result finished again, or None when its line does not hold up."""
    try:
        line = _line_of(state, item)
        index, row, report, keys, summary = parse_record(line, state.tables.by_key, item.out)
    except Exception:  # whatever an edited or cut line holds, it is not a row of this batch
        return None
    if index != item.index or keys.id != report.id:
        return None
    if item.task is not None and (report.id != item.task.row.id or row != item.task.row.number):
        return None
    final = finish(state, report, item.lookup)
    return _Done(index, row, report, keys, final, summary.scan, item.lookup is not None)


# NW checks that read nothing but the applicant's links: on a row with no links they find
# nothing, whoever the applicant is (tests/test_batch_stream.py runs them to make sure).
LINKS_ONLY = frozenset({"NW001", "NW002", "NW003", "NW004", "NW005", "NW006", "NW007", "NW008"})


def finish(
    state: _State,
    report: CandidateReport,
    lookup: NetworkLookup | None,
    *,
    scored: bool = False,
) -> CandidateReport:
    """The row's final result: NW checks on its links (none, unless given), the watchlist and
    the reviews in force. The risk always follows the findings, never a stored number: it is
    worked out again unless `scored` (a report fresh from the checks, scored from these very
    findings a moment ago)."""
    st = state.settings
    alone = _alone(state) if lookup is None and not st.watchlist else None
    if alone is not None:  # no links, no watchlist: the NW checks add nothing but "not run"s
        findings = report.findings
        final = CandidateReport(  # `replace(report, ...)` without its walk over the fields
            report.id,
            report.name,
            report.risk if scored else score(findings, complete=report.complete),
            report.complete,
            report.sources,
            report.profiles,
            sorted(findings, key=_finding_order) if len(findings) > 1 else list(findings),
            [*_kept(report.checks_not_run), *alone],
            report.as_of,
        )
    else:
        final = finish_row(
            report,
            lookup if lookup is not None else NetworkLookup(report.id, None, ()),
            st.batch,
            st.watchlist,
            state.ctx,
        )
    mine = st.reviews.get(final.id)
    if mine:
        from scanner.store.reviews import with_reviews

        final = with_reviews(final, dict(mine))
    return final


def _kept(not_run: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The entries of a "not run" list that stand after the NW checks (`runner.kept_not_run`)."""
    return runner.kept_not_run(not_run)


def _finding_order(f: Any) -> tuple[int, float, str, str]:
    """The order `runner.finish_row` puts findings in."""
    return (-f.severity.rank, -f.confidence, f.code, f.message)


def _alone(state: _State) -> list[tuple[str, str]] | None:
    """What the NW checks say of a row with no links and no watchlist ("not run"s only), worked
    out once per worker; None when a selected NW check might say more."""
    if not state.alone_known:
        state.alone_known = True
        codes = state.settings.batch.network_codes
        if set(codes) <= LINKS_ONLY | {"NW009"}:
            from scanner.model import Candidate
            from scanner.registry import run_checks

            probe = Candidate(id="", lookup=NetworkLookup("", None, ()))
            nw = run_checks(probe, state.ctx, codes)
            if not nw.findings and not nw.errors:
                state.alone = list(nw.not_run)
    return state.alone


def _counted(f: Any) -> bool:
    return f.severity is not Severity.INFO and (f.review is None or f.review.status.scored)


def summarise(final: CandidateReport, keys: RowKeys, scan: int | None) -> RowSummary:
    worst = _NONE
    codes = set()
    for f in final.findings:
        codes.add(f.code)
        if _counted(f):
            rank = f.severity.rank
            if rank > worst:
                worst = rank
    return RowSummary(
        final.risk.score,
        final.risk.level.value,
        final.complete,
        worst,
        tuple(sorted(codes)),
        scan,
        keys.placeholders,
    )


def _fragment(final: CandidateReport, kind: str, not_run_key: str | None = None) -> bytes:
    if not kind:
        return b""
    if not _FRAGMENT:  # imported on first use (the reporters are not needed to start)
        from scanner.reporters.stream import fragment

        _FRAGMENT.append(fragment)
    return _FRAGMENT[0](final, kind, not_run_key)


_FRAGMENT: list[Callable[..., bytes]] = []


def _record(state: _State, done: Sequence[_Done]) -> tuple[list[int | None], str | None]:
    """Record the chunk's rows in the history store in one transaction. A row recorded before
    (by an interrupted run of this batch) is updated when its links changed it, never recorded
    twice."""
    target = state.settings.store
    scans = [d.scan for d in done]
    if target is None or not done:
        return scans, None
    if state.store is False:
        return scans, None  # the store could not be opened: said once, with the first chunk
    try:
        if state.store is None:
            from scanner.store import open_store

            try:
                state.store = open_store(target.db)
            except Exception:
                state.store = False
                raise
        got = state.store.record_batch_rows(
            [(d.final, d.scan, d.linked) for d in done],
            settings=state.settings.report_settings,
            scanned_at=datetime.fromisoformat(state.run_at) if state.run_at else None,
            batch_run=state.run_key,
            track=target.track,
            actor=target.actor,
        )
        return list(got), None
    except Exception as exc:  # a store problem must not lose the batch
        return scans, f"not recorded in the history store: {exc}"


# --------------------------------------------------------------------------------------------
# In the parent
# --------------------------------------------------------------------------------------------


class _Rows:
    """Per-row facts in arrays (row number → value): where each line and its report part are,
    and its summary. About 30 bytes a row."""

    def __init__(self) -> None:
        self.offset = array("q")
        self.length = array("I")
        self.out_start = array("I")
        self.out_len = array("I")
        self.score = array("B")
        self.level = array("B")
        self.complete = array("B")
        self.worst = array("b")
        self.seen = bytearray()
        self.codes: dict[str, int] = {}
        self.placeholders: dict[tuple[str, str], list[int]] = {}  # value → [count, first row]

    def _grow(self, n: int) -> None:
        """Room for rows up to `n` and a quarter more (rows come in order: not one at a time);
        a row not taken yet reads as unseen, offset -1, worst -1, zeros elsewhere."""
        have = len(self.offset)
        k = max(n, have + have // 4 + 1024) - have
        if k > 0:
            self.offset.extend(array("q", [-1]) * k)
            for a in (self.length, self.out_start, self.out_len):
                a.extend(array("I", [0]) * k)
            for b in (self.score, self.level, self.complete):
                b.extend(array("B", [0]) * k)
            self.worst.extend(array("b", [_NONE]) * k)
            self.seen.extend(bytes(k))

    def take(self, o: RowOut | _Flat, offset: int, replaced: Sequence[str] = ()) -> None:
        """Keep a finished row; `replaced`: the codes of the line it replaces (finished again)."""
        if type(o) is not tuple:
            o = _flat(o)  # type: ignore[arg-type]
        i, line, out_start, out_end, _t, _h, _e, score, level, complete, worst, codes, ph = o
        if i >= len(self.offset):
            self._grow(i + 1)
        for code in replaced:
            self.codes[code] -= 1
        if not self.seen[i]:
            for kind, raw in ph:
                entry = self.placeholders.setdefault((kind, raw.lower()), [0, i])
                entry[0] += 1
                entry[1] = min(entry[1], i)
        self.seen[i] = 1
        self.offset[i] = offset
        self.length[i] = len(line)
        self.out_start[i] = out_start
        self.out_len[i] = out_end - out_start
        self.score[i] = max(0, min(255, score))
        self.level[i] = _LEVEL_NO.get(level, 0)
        self.complete[i] = 1 if complete else 0
        self.worst[i] = worst
        counts = self.codes
        for code in codes:
            counts[code] = counts.get(code, 0) + 1

    def placeholder_counts(self) -> dict[tuple[str, str], int]:
        """Counts in the order the in-memory engine meets them (by first row)."""
        ordered = sorted(self.placeholders.items(), key=lambda kv: kv[1][1])
        return {k: v[0] for k, v in ordered}


class _Chunk(list):
    """A chunk of tasks that crosses the pipe as plain values: a fresh sheet row as a tuple of
    its fields (pickled in C, about three times faster than the three objects), any
    other task as itself; the worker gets back a list of equal objects (`_unpack`)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        flat = []
        for item in self:
            task = item.task if type(item) is _Fresh else None
            if type(task) is RowTask and type(task.row) is SheetRow:
                r = task.row
                flat.append((task.index, r.number, r.id, r.fields, r.empty, r.problems))
            else:
                flat.append(item)
        return _unpack, (flat,)


def _unpack(flat: list[Any]) -> list[Any]:
    """The tasks of a `_Chunk`, as they were."""
    return [
        _Fresh(RowTask(x[0], SheetRow(x[1], x[2], x[3], x[4], x[5]))) if type(x) is tuple else x
        for x in flat
    ]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = _Chunk()
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = _Chunk()
    if chunk:
        yield chunk


def _pool_results(
    chunks: Iterable[list[Any]], state: _State, workers: int
) -> Iterator[list[RowOut]]:
    """Each chunk's rows, finished in `workers` processes (in this process for one worker).

    The pool (`pool.run_pool`) hands a worker one chunk at a time, so the sheet is read as the
    rows are checked, and notices a worker that dies: the rows of its chunk are then tried again
    one by one, and the one it dies on again is reported as not checked (`lost_row`)."""
    if workers <= 1:
        registry.load()
        for chunk in chunks:
            yield work_chunk(state, chunk)
        return
    from scanner.batch.pool import run_pool

    args = (state.settings, state.run_key, state.run_at)
    again: list[Any] = []

    def died(chunk: list[Any], reason: str) -> list[RowOut]:
        if len(chunk) > 1:
            again.extend(chunk)
            return []
        return lost_row(state, chunk[0], reason)

    yield from run_pool(
        chunks, _work, workers=workers, on_death=died, init=_init_worker, initargs=args
    )
    if again:
        singles = ([item] for item in again)
        yield from run_pool(
            singles, _work, workers=workers, on_death=died, init=_init_worker, initargs=args
        )


class Progress:
    """Rows done, rows per second and the time left, on stderr: a bar on a terminal, a line every
    ten seconds otherwise (for logs), nothing with --quiet."""

    def __init__(self, total: int | None, mode: str) -> None:
        self.total, self.mode = total, mode
        self.done = 0
        self._bar: Any = None
        self._t0 = self._last = time.monotonic()

    def start(self) -> None:
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} rows/s · ETA {task.fields[eta]}"),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("checking", total=self.total, rate="–", eta="–")

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        rate = self.done / max(now - self._t0, 1e-6)
        left = (self.total - self.done) if self.total else None
        eta = _duration(left / rate) if left is not None and left > 0 and rate > 0 else "–"
        if self._bar is not None:
            total = max(self.total or 0, self.done) or None  # the row count was an estimate
            self._bar.update(
                self._task, completed=self.done, total=total, rate=f"{rate:,.0f}", eta=eta
            )
        elif self.mode == "lines" and now - self._last >= 10:
            self._last = now
            of = f" of ~{self.total:,}" if self.total else ""
            print(f"scanner: {self.done:,}{of} rows, {rate:,.0f} rows/s, ETA {eta}",
                  file=sys.stderr, flush=True)  # fmt: skip

    def phase(self, text: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=text)
        elif self.mode == "lines":
            print(f"scanner: {text}", file=sys.stderr, flush=True)

    def close(self, finished: bool) -> None:
        if self._bar is not None:
            if finished:
                self._bar.update(self._task, total=self.done, completed=self.done)
            self._bar.__exit__(None, None, None)
            self._bar = None


def _duration(seconds: float) -> str:
    whole = int(seconds)
    if whole < 90:
        return f"{whole} s"
    if whole < 5400:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def peak_rss_mb() -> tuple[float, float]:
    """(this process's peak resident memory, the largest finished worker's), in MB.

    This process's is the kernel's high-water mark of its own memory (`VmHWM`), not
    `ru_maxrss`, which also counts the peak of whatever started it before `exec` (a test runner
    holding the generated rows)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    me = int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass  # not Linux: ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def _keys_of(line: bytes, out_end: int | None = None) -> RowKeys:
    """A row line's linkage keys. With `out_end` (where the line's report part ends) only what
    follows that part is decoded: it is most of the line."""
    data = None
    if out_end is not None and line[out_end : out_end + 1] == b",":
        try:
            data = json.loads(b"{" + line[out_end + 1 :])["keys"]
        except (ValueError, KeyError, TypeError):
            data = None
    if data is None:
        data = json.loads(line)["keys"]
    keys = decode(RowKeys, data)
    assert isinstance(keys, RowKeys)
    return keys


_OUT_KEY = b',"out":'


def _codes_of(line: bytes, out_start: int | None = None) -> tuple[str, ...]:
    """A row line's finding codes (its summary's). With `out_start` (where the line's report
    part starts) only the line's head, before that part, is decoded."""
    head = None
    if out_start is not None and line[out_start - len(_OUT_KEY) : out_start] == _OUT_KEY:
        try:
            head = json.loads(line[: out_start - len(_OUT_KEY)] + b"}")
        except ValueError:
            head = None
    if not isinstance(head, dict) or "v" not in head:
        head = json.loads(line)
    return tuple(head["v"].get("codes", ()))


def _old_codes(run_file: RunFile, offset: int, out_start: int, length: int) -> tuple[str, ...]:
    """The codes of the line at `offset`, read from its head (what comes before its report
    part), else from the whole line."""
    try:
        return _codes_of(run_file.read(offset, out_start), out_start)
    except ValueError:
        return _codes_of(run_file.read(offset, length))


def _stored_people(
    external: Iterable[ExternalRecord], start: int, index: KeyIndex, lsh_bands: int
) -> list[RowKeys]:
    """Hash every stored person into `index` (rows numbered from `start`, in the order of
    `linkage.external_rows`); returns the people's keys."""
    people = external_rows(external, start)
    for person in people:
        index.add(person.index, link_hashes(person, lsh_bands))
    return people


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _rarer_gc(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """`func` with the collector's rarer passes (`_GC_THRESHOLD`), restored after it: the
    caller's process is its own."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        import gc

        before = gc.get_threshold()
        gc.set_threshold(*_GC_THRESHOLD)
        try:
            return func(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return wrapper


@_rarer_gc
def run_stream(
    sheet: Sheet,
    settings: StreamSettings,
    run_file: RunFile,
    *,
    fmt: str,
    out: IO[bytes] | None,
    workers: int,
    progress: str = "",
    resume: bool = False,
    external: Callable[[str], tuple[Iterable[ExternalRecord], str | None]] | None = None,
    notes: Sequence[str] = (),
    html_top: int = 500,
) -> tuple[BatchOutcome, str | None]:
    """Check every row of `sheet`, link them, and write the report (`fmt`) to `out` row by row;
    for HTML, the page is returned instead.

    `external(run)` gives the history store's people to link with (and a problem reading them),
    leaving out what this run recorded itself. Raises `BatchInterrupted` on Ctrl-C; every
    finished row is then in the run file.
    """
    t0 = time.monotonic()
    # this engine writes the report itself; its workers read the lines they finish again
    settings = _with(settings, not_run_by_key=True, run_file=str(run_file.path))
    run_file.open(resume, {"k": secrets.token_hex(8), "at": datetime.now(UTC).isoformat()})
    people, problem = external(str(run_file.run.get("k", ""))) if external else ((), None)
    notes = [problem, *notes] if problem else list(notes)
    earlier = dict(run_file.lines)
    tables = NotRunTables()
    for key, value in run_file.tables.by_key.items():
        tables.learn({"k": key, "v": value})
    state = _State(
        _with(settings, tables=dict(tables.by_key)),
        str(run_file.run.get("k", "")),
        str(run_file.run.get("at", "")),
    )
    rows = _Rows()
    index = KeyIndex()
    problems: list[str] = []
    bar = Progress(sheet.estimated_rows, progress)
    count = [0]

    def tasks() -> Iterator[_Fresh | _Again]:
        for i, row in enumerate(sheet.rows()):
            count[0] = i + 1
            task = RowTask(i, row)
            prev = earlier.pop(i, None)
            if prev is not None and prev.id == row.id and prev.row == row.number:
                yield _Again(i, b"", task=task, at=(prev.offset, prev.length))
            else:
                yield _Fresh(task)

    def take(
        results: Iterable[list[RowOut]], first: bool, old: Mapping[int, Sequence[str]]
    ) -> None:
        for outs in results:
            flat = [o if type(o) is tuple else _flat(o) for o in outs]  # see `_Outs`
            lines: list[tuple[bytes, bytes | None]] = []
            for o in flat:
                table = None
                if o[4] is not None:  # one or two table lines (see `_emit`)
                    new = []
                    for text in o[4].split(b"\n"):
                        parsed = json.loads(text)
                        if parsed["k"] not in tables.by_key:
                            tables.learn(parsed)
                            new.append(text)
                    table = b"\n".join(new) if new else None
                lines.append((o[1], table))
            offsets = run_file.append_many(lines) if lines else []
            for o, offset in zip(flat, offsets, strict=True):
                rows.take(o, offset, old.get(o[0], ()))
                if o[6] and not problems:
                    problems.append(o[6])
                if first:
                    index.add(o[0], o[5])
                else:
                    finished_again.add(o[0])
            run_file.flush()
            bar.advance(len(flat))

    finished_again: set[int] = set()  # rows finished again with their links
    bar.start()
    linkage: Linkage
    try:
        size = CHUNK if workers > 1 else 1
        take(_pool_results(_chunks(tasks(), size), state, workers), True, {})
        n = count[0]
        t_rows = time.monotonic()
        bar.phase("linking")
        options = linkage_options(settings.batch.config)
        stored = _stored_people(people, n, index, options.lsh_bands)
        shared = index.shared_rows()
        shared.extend(bytes(max(0, n + len(stored) - len(shared))))
        batch_keys = []
        for i in range(n):
            if shared[i]:
                line = run_file.read(rows.offset[i], rows.length[i])
                keys = _keys_of(line, rows.out_start[i] + rows.out_len[i])
                batch_keys.append(replace_index(keys, i))
        stored_keys = [p for p in stored if shared[p.index]]
        linkage, positions = link_subset(
            batch_keys, stored_keys, options, rows.placeholder_counts()
        )
        t_link = time.monotonic()
        again = [
            pos
            for pos in range(len(positions))
            if linkage.links.get(pos) or linkage.cluster_of.get(pos)
        ]
        if again:
            bar.phase(f"finishing {len(again):,} linked rows")
            old: dict[int, tuple[str, ...]] = {}

            def items() -> Iterator[_Again]:  # read as the pool takes them
                for pos in again:
                    i = positions[pos]
                    offset, start = rows.offset[i], rows.out_start[i]
                    old[i] = _old_codes(run_file, offset, start, rows.length[i])
                    lookup = linkage.lookup_for(pos, batch_keys[pos].id)
                    out = (start, start + rows.out_len[i])
                    yield _Again(i, b"", lookup, out=out, at=(offset, rows.length[i]))

            state2 = _State(
                _with(settings, tables=dict(tables.by_key)), state.run_key, state.run_at
            )
            take(_pool_results(_chunks(items(), size), state2, workers), False, old)
        t_again = time.monotonic()
        unlinked = len(again) - len(finished_again)
    except KeyboardInterrupt:
        run_file.flush()
        bar.close(False)
        raise BatchInterrupted(sum(rows.seen), sheet.estimated_rows) from None
    bar.close(True)
    all_notes = [*sheet.warnings, *notes, *linkage.notes]  # the sheet's, as read to the end
    if stored:
        all_notes.append(f"linked against {len(stored)} stored people from the history store")
    all_notes += problems
    levels = {lv: 0 for lv in _LEVELS}
    for code in rows.level[:n]:
        levels[_LEVELS[code]] += 1
    if unlinked:  # their lines did not read back: reported without their NW findings
        all_notes.append(
            f"{unlinked:,} linked row(s) could not be finished again with their links (their "
            "run-file lines did not read back): their network findings are missing"
        )
    complete = not unlinked and all(rows.complete[:n])
    members = {m for cl in linkage.clusters for m in cl.members}
    names = {
        k.id: k.name for k in batch_keys if k.id in members
    }  # applicants', as reports name them
    from scanner.reporters.stream import BatchEnd, open_writer, render_batch_html, with_not_run

    end = BatchEnd(
        datetime.now(UTC), complete, linkage.clusters, all_notes, names, settings.report_settings
    )
    page: str | None = None
    if fmt == "html":
        where = {i: pos for pos, i in enumerate(positions)}
        top = sorted(heapq.nlargest(html_top, range(n), key=lambda i: (rows.score[i], -i)))
        cands = []
        for i in top:
            line = run_file.read(rows.offset[i], rows.length[i])
            _i, _row, report, _keys, _s = parse_record(line, tables.by_key)
            at = where.get(i)
            lookup = linkage.lookup_for(at, report.id) if at is not None else None
            cands.append(finish(state, report, lookup))
        codes = {k: v for k, v in rows.codes.items() if v}
        page = render_batch_html(cands, end, total=n, levels=levels, codes=codes)
    else:
        assert out is not None
        writer = open_writer(fmt, out, end)
        writer.begin()
        rendered: dict[str, bytes] = {}
        for i in range(n):
            part = run_file.read(rows.offset[i] + rows.out_start[i], rows.out_len[i], forward=True)
            writer.row(with_not_run(part, tables.by_key, rendered))
        writer.end()
    t_out = time.monotonic()
    me, kids = peak_rss_mb()
    outcome = BatchOutcome(
        rows=n,
        clusters=list(linkage.clusters),
        notes=all_notes,
        levels=levels,
        worst=max(rows.worst[:n], default=_NONE),
        complete=complete,
        stats={
            "total_s": t_out - t0,
            "rows_s": t_rows - t0,
            "link_s": t_link - t_rows,
            "again_s": t_again - t_link,
            "report_s": t_out - t_again,
            "shared_rows": float(len(batch_keys)),
            "linked_again": float(len(again)),
            "index_mb": index.memory_bytes() / 1e6,
            "peak_rss_mb": me,
            "peak_worker_rss_mb": kids,
        },
    )
    return outcome, page


def replace_index(keys: RowKeys, index: int) -> RowKeys:
    return replace(keys, index=index)


def _with(settings: StreamSettings, **changes: Any) -> StreamSettings:
    return replace(settings, **changes)
