"""The run file: every finished row of a batch, appended as one JSON line as it finishes.

It is the run's result store. The first line says which spreadsheet and settings the rows belong
to; each row line holds the row's checked result before linkage (`report`, the input of the NW
checks), its linkage keys (`keys`), a summary (`v`: score, level, completeness, worst finding,
codes, the history-store scan) and its part of the report in the output format (`out`, rendered
where the row was checked). Lists of checks that did not run are the same for most rows: each
distinct list is written once (`{"t": "nr", ...}`) and rows name it (`"nr"`).

Append-only and line-oriented, so a crash or a kill leaves whole lines and at most one cut line,
which is read as "not done" (`read_record` refuses it). A later line for the same row replaces
an earlier one (a row finished again after linkage, or by `--continue`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scanner.batch.codec import decode, encode, encode_without
from scanner.batch.keys import RowKeys
from scanner.jsonbytes import compact
from scanner.model import CandidateReport

if TYPE_CHECKING:
    from scanner.batch.runner import BatchSettings

__all__ = [
    "LineInfo",
    "NotRunTables",
    "RowSummary",
    "RunFile",
    "build_record",
    "parse_record",
    "scan_lines",
]

MAX_TABLES = 4096  # distinct "not run" lists interned per run; more are written inline


@dataclass(frozen=True, slots=True)
class RowSummary:
    """What the parent keeps of a row besides its linkage keys (a few bytes in arrays)."""

    score: int
    level: str
    complete: bool
    worst: int  # rank of the most severe finding that counts (not info, not settled), -1: none
    codes: tuple[str, ...] = ()  # codes of its findings (the HTML report's filter counts)
    scan: int | None = None  # its scan in the history store
    placeholders: tuple[tuple[str, str], ...] = ()  # (kind, value) placeholders it gave

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"s": self.score, "l": self.level, "c": self.complete}
        out["w"] = self.worst
        if self.codes:
            out["codes"] = list(self.codes)
        if self.scan is not None:
            out["scan"] = self.scan
        if self.placeholders:
            out["ph"] = [list(p) for p in self.placeholders]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RowSummary:
        score, level, complete, worst = data["s"], data["l"], data["c"], data["w"]
        if not (type(score) is int and type(level) is str and type(complete) is bool):
            raise ValueError("malformed summary")
        if type(worst) is not int:
            raise ValueError("malformed summary")
        scan = data.get("scan")
        if scan is not None and type(scan) is not int:
            raise ValueError("malformed summary")
        codes = tuple(str(c) for c in data.get("codes", ()))
        ph = tuple((str(k), str(v)) for k, v in data.get("ph", ()))
        return cls(score, level, complete, worst, codes, scan, ph)


class NotRunTables:
    """Interning of "checks not run" lists: the same list is written once per run file."""

    def __init__(self) -> None:
        self.by_value: dict[tuple[tuple[str, str], ...], str] = {}
        self.by_key: dict[str, list[list[str]]] = {}

    def key_for(self, not_run: list[tuple[str, str]]) -> tuple[str | None, bytes | None]:
        """(key, the table line to write first or None) for a list; (None, None) past the cap."""
        try:  # a list already known, looked up as it is (pairs of str tuples hash alike)
            key = self.by_value.get(tuple(not_run))
        except TypeError:  # a pair that is a list: made a tuple below
            key = None
        if key is not None:
            return key, None
        value = tuple((str(c), str(r)) for c, r in not_run)
        key = self.by_value.get(value)
        if key is not None:
            return key, None
        if len(self.by_value) >= MAX_TABLES:
            return None, None
        data = [list(x) for x in value]
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        key = hashlib.sha256(text.encode()).hexdigest()[:16]
        self.by_value[value] = key
        self.by_key[key] = data
        line = f'{{"t":"nr","k":"{key}","v":{text}}}'.encode()
        return key, line

    def learn(self, line: Mapping[str, Any]) -> bool:
        """Take a table line read back from a run file; False when it is malformed."""
        key, value = line.get("k"), line.get("v")
        if not isinstance(key, str) or not isinstance(value, list):
            return False
        if not all(
            isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x)
            for x in value
        ):
            return False
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if hashlib.sha256(text.encode()).hexdigest()[:16] != key:
            return False
        self.by_key[key] = value
        self.by_value[tuple((c, r) for c, r in value)] = key
        return True


def build_record(
    index: int,
    row: int,
    report: CandidateReport,
    keys: RowKeys,
    summary: RowSummary,
    out: bytes,
    tables: NotRunTables,
) -> tuple[bytes, int, int, bytes | None]:
    """One row's line (without the newline), where its `out` part starts and ends in it, and a
    table line to write before it (or None)."""
    data = encode_without(report, "checks_not_run")
    not_run = report.checks_not_run
    table_line = None
    key = None
    if not_run:
        key, table_line = tables.key_for(report.checks_not_run)
        if key is None:
            data["checks_not_run"] = not_run
    head = compact({"i": index, "row": row, "id": report.id, "v": summary.to_json()})
    rest: dict[str, Any] = {"report": data, "keys": encode(keys)}
    if key is not None:
        rest["nr"] = key
    tail = compact(rest)
    part = out or b"null"
    start = len(head) - 1 + len(_OUT)
    line = b"".join((memoryview(head)[:-1], _OUT, part, b",", memoryview(tail)[1:]))
    return line, start, start + len(part), table_line


_OUT = b',"out":'


@dataclass(frozen=True, slots=True)
class LineInfo:
    """Where a row line is in the run file and what the parent needs of it without parsing it."""

    index: int
    row: int
    id: str
    offset: int
    length: int


_READ_BUFFER = 1 << 18

_HEAD = re.compile(rb'^\{"i":(\d{1,12}),"row":(\d{1,12}),"id":("(?:[^"\\]|\\.)*")')


def scan_lines(fh: IO[bytes], start: int) -> Iterator[tuple[str, Any]]:
    """The lines after the header: ("row", LineInfo), ("table", parsed) or ("bad", offset).

    Row lines are not parsed here (a million of them would take a minute): their index, row
    number and id are read from the line's head, and the line is checked in full when used.
    """
    fh.seek(start)
    offset = start
    for raw in fh:
        length = len(raw)
        if not raw.endswith(b"\n"):
            yield "bad", offset  # cut short by the interruption
            break
        m = _HEAD.match(raw)
        if m:
            try:
                rid = json.loads(m.group(3))
            except ValueError:
                rid = None
            if isinstance(rid, str):
                yield "row", LineInfo(int(m.group(1)), int(m.group(2)), rid, offset, length - 1)
            else:
                yield "bad", offset
        elif raw.startswith((b'{"t":"nr"', b'{"t": "run"')):
            try:
                yield "table", json.loads(raw)
            except ValueError:
                yield "bad", offset
        else:
            yield "bad", offset
        offset += length


def read_at(fd: int, offset: int, length: int) -> bytes:
    """`length` bytes at `offset` of `fd` with `pread` (fewer only at the end of the file)."""
    data = os.pread(fd, length, offset)
    while len(data) < length:  # a short read (a signal, a huge line): the rest
        more = os.pread(fd, length - len(data), offset + len(data))
        if not more:
            break
        data += more
    return data


def read_line(fh: IO[bytes], info: LineInfo) -> bytes:
    fh.seek(info.offset)
    return fh.read(info.length)


def parse_record(
    line: bytes | str,
    tables: Mapping[str, list[list[str]]],
    out: tuple[int, int] | None = None,
) -> tuple[int, int, CandidateReport, RowKeys, RowSummary]:
    """A row line → (index, row number, report before linkage, keys, summary).

    Raises ValueError (or TypeError/KeyError) when the line is malformed or edited into
    something that is not a row: wrong types, an impossible index or row number, a "not run"
    list that was never written. With `out` (where the line's report part starts and ends, as
    `build_record` said when this run wrote it) that part, nearly half the line and not needed
    here, is not decoded: the rest of the line is read as one object without it.
    """
    data = _without_out(line, out) if out is not None and type(line) is bytes else None
    if data is None:
        data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("not a row")
    index, row = data.get("i"), data.get("row")
    if type(index) is not int or type(row) is not int or index < 0 or row < 1:
        raise ValueError("not a row")
    rep = data["report"]
    if not isinstance(rep, dict):
        raise ValueError("not a row")
    if "nr" in data:
        table = tables.get(data["nr"])
        if table is None:
            raise ValueError("unknown not-run list")
        report = _with_not_run(rep, data["nr"], table)
    else:
        report = decode(CandidateReport, rep)
    keys = decode(RowKeys, data["keys"])
    if not isinstance(report, CandidateReport) or not isinstance(report.id, str):
        raise ValueError("not a row")
    if report.id != data.get("id") or not isinstance(keys, RowKeys):
        raise ValueError("not a row")
    summary = RowSummary.from_json(data["v"])
    return index, row, report, keys, summary


def _without_out(line: bytes, out: tuple[int, int]) -> Any:
    """The line's object without its `out` part, or None when `out` is not where that part is."""
    start, end = out
    head = start - len(_OUT)
    if head <= 0 or line[head:start] != _OUT or line[end : end + 1] != b",":
        return None
    try:
        return json.loads(b"".join((line[:head], line[end:])))
    except ValueError:
        return None  # read in full, to refuse it as the full line is refused


_NOT_RUN: dict[str, tuple[list[list[str]], tuple[tuple[str, str], ...]]] = {}


def _with_not_run(rep: dict[str, Any], key: str, table: list[list[str]]) -> Any:
    """`decode(CandidateReport, {**rep, "checks_not_run": table})`, with a table decoded
    before (an equal one: most rows of a batch name one of a handful) taken as it was."""
    known = _NOT_RUN.get(key)
    if known is not None and known[0] == table and "checks_not_run" not in rep:
        report = decode(CandidateReport, rep)
        if isinstance(report, CandidateReport):
            report.checks_not_run = list(known[1])
        return report
    report = decode(CandidateReport, {**rep, "checks_not_run": table})
    if isinstance(report, CandidateReport):
        if len(_NOT_RUN) >= 64:
            _NOT_RUN.clear()
        _NOT_RUN[key] = ([list(x) for x in table], tuple(report.checks_not_run))
    return report


RUN_FILE_VERSION = 2  # 2: the streaming run file (1: the in-memory engine's checkpoint)


def run_fingerprint(sheet: Path, settings: BatchSettings) -> dict[str, Any]:
    """What binds a run file to its batch: the sheet (path and hash), the checks and settings."""
    h = hashlib.sha256()
    with sheet.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return {
        "checkpoint": RUN_FILE_VERSION,
        "spreadsheet": str(sheet.resolve()),
        "sha256": h.hexdigest(),
        "codes": list(settings.codes),
        "config": settings.config.as_dict(),
    }


class RunFile:
    """The run file on disk: a header bound to the sheet and settings, then appended lines.

    Private like the store: created 0600, never opened through a link, refused when another
    user owns it or can read it. `open(resume)` starts a new file (the header, then a line naming
    this run) or, with `resume`, checks the header of the existing one and reads back where its
    lines are (`lines`), its "not run" lists (`tables`) and the run it belongs to (`run`).
    """

    def __init__(self, path: Path, fingerprint: Mapping[str, Any]) -> None:
        self.path = path
        self.fingerprint = dict(fingerprint)
        self._fh: IO[bytes] | None = None
        self._reader: IO[bytes] | None = None
        self.lines: dict[int, LineInfo] = {}  # an earlier run's rows (resume), by index
        self.tables = NotRunTables()
        self.run: dict[str, Any] = {}  # {"k": run key, "at": when it started}
        self.damaged = 0  # lines that could not be read back (cut short, edited)

    def _private(
        self, flags: int, mode: str, *, truncate: bool = False, buffering: int = -1
    ) -> IO[bytes]:
        from scanner.batch.runner import CheckpointMismatch
        from scanner.private_files import open_private

        try:
            fd = open_private(self.path, flags, truncate=truncate)
        except OSError as exc:
            raise CheckpointMismatch(f"checkpoint not used: {exc}") from None
        # Unbuffered: each line reaches the kernel when written, so a kill keeps it.
        return os.fdopen(fd, mode, buffering=0 if "b" in mode and mode != "rb" else buffering)

    def open(self, resume: bool, run: Mapping[str, Any]) -> None:
        """Start the file, or (`resume`) take up the existing one; raises `CheckpointMismatch`
        when it belongs to another sheet or other settings, or is not safe to use."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and (self.path.exists() or self.path.is_symlink()):
            end = self._load()
            self._fh = self._private(os.O_WRONLY | os.O_APPEND, "ab")
            if os.fstat(self._fh.fileno()).st_size > end:  # a last line cut short: drop it
                os.ftruncate(self._fh.fileno(), end)
            self._fh.seek(0, os.SEEK_END)  # appends go there; tell() must say so too
            if not self.run:
                self.run = dict(run)
                self._write(json.dumps({"t": "run", **self.run}).encode())
            return
        self._fh = self._private(os.O_WRONLY | os.O_CREAT, "wb", truncate=True)
        self.run = dict(run)
        self._write(json.dumps(self.fingerprint).encode())
        self._write(json.dumps({"t": "run", **self.run}).encode())
        self.flush()

    def _load(self) -> int:
        """Read back an earlier run's lines; returns where its last whole line ends."""
        from scanner.batch.runner import CheckpointMismatch

        with self._private(os.O_RDONLY, "rb") as fh:
            header = fh.readline()
            try:
                meta = json.loads(header)
            except ValueError:
                raise CheckpointMismatch(f"{self.path} is not a batch checkpoint") from None
            if meta != self.fingerprint:
                raise CheckpointMismatch(
                    f"{self.path} belongs to another spreadsheet or other settings; "
                    "delete it or run without --continue to start over"
                )
            end = len(header)
            for kind, item in scan_lines(fh, len(header)):
                if kind == "row":
                    self.lines[item.index] = item
                    end = item.offset + item.length + 1
                elif kind == "table":
                    if item.get("t") == "nr" and not self.tables.learn(item):
                        self.damaged += 1
                    elif item.get("t") == "run" and not self.run:
                        self.run = {k: v for k, v in item.items() if k != "t"}
                else:
                    self.damaged += 1
                if kind != "row" and kind != "bad":
                    end = fh.tell()
        return end

    def _write(self, line: bytes) -> int:
        assert self._fh is not None
        offset = self._fh.tell()
        self._write_all(line + b"\n")
        return offset

    def _write_all(self, data: bytes) -> None:
        assert self._fh is not None
        view = memoryview(data)
        while view:
            written = self._fh.write(view)
            view = view[written or 0 :]

    def append_many(self, items: Sequence[tuple[bytes, bytes | None]]) -> list[int]:
        """Write row lines, each after the table line it needs (if any), in one write (a chunk
        of rows as a worker sends it back); returns each row line's offset. The lines are in the
        file when this returns: a kill keeps them."""
        assert self._fh is not None
        at = self._fh.tell()
        parts: list[bytes] = []
        offsets: list[int] = []
        for line, table in items:
            if table is not None:
                parts += (table, b"\n")
                at += len(table) + 1
            offsets.append(at)
            parts += (line, b"\n")  # joined once below (no copy of each line with its \n)
            at += len(line) + 1
        self._write_all(b"".join(parts))
        return offsets

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def read(self, offset: int, length: int, *, forward: bool = False) -> bytes:
        """`length` bytes at `offset` (a line, or a row's report part).

        One `pread` each, unless `forward`: a caller reading the whole file in order (the
        report) is served from a 256 KiB buffer, most reads then needing no call to the kernel
        (the file is append-only, so what the buffer holds stays true)."""
        if self._reader is None:
            self.flush()
            self._reader = self._private(os.O_RDONLY, "rb", buffering=_READ_BUFFER)
        if not forward:
            return read_at(self._reader.fileno(), offset, length)
        self._reader.seek(offset)
        return self._reader.read(length)

    def close(self) -> None:
        for fh in (self._fh, self._reader):
            if fh is not None:
                fh.close()
        self._fh = self._reader = None

    def remove(self) -> None:
        self.close()
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
