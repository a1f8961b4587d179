"""Batch reports written row by row, for batches too large to hold as one `Report`.

Each applicant's part is rendered once, where the row is checked (`fragment`), and kept in the
run file; the writers below put the parts together in row order with what only the end of the
run knows (clusters, notes, whether every source was read):

- `json`: the report document of the contract, each candidate on one line;
- `jsonl`: one candidate object per line, then one line `{"clusters": [...], "notes": [...]}`;
- `csv`: the summary row of each applicant;
- `xlsx`: the Applicants, Findings, Clusters and Notes sheets, written with xlsxwriter's
  constant-memory mode (a sheet that would pass Excel's 1,048,576 rows continues on another);
- `html` (`render_batch_html`): the clusters and the top candidates by risk, with counts for the
  rest (a page of a million expanded cards would not open).
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from scanner import __version__
from scanner.jsonbytes import compact
from scanner.model import CandidateReport, Cluster, Report
from scanner.reporters.csv_report import COLUMNS, csv_cells, csv_writer
from scanner.reporters.json_report import (
    SCHEMA_VERSION,
    candidate_head,
    cluster_dict,
    not_run_list,
)
from scanner.reporters.xlsx import (
    APPLICANT_WIDTHS,
    CLUSTER_HEADER,
    CLUSTER_WIDTHS,
    FINDING_HEADER,
    FINDING_WIDTHS,
    NOTE_WIDTHS,
    WORKBOOK_OPTIONS,
    applicant_cells,
    cluster_rows,
    finding_cells,
    write_cell,
)

__all__ = [
    "FRAGMENT_KINDS",
    "BatchEnd",
    "fragment",
    "open_writer",
    "render_batch_html",
]

# Output format → what each row's fragment holds (HTML renders from the candidates themselves).
FRAGMENT_KINDS = {
    "json": "json",
    "jsonl": "json",
    "parquet": "json",
    "csv": "csv",
    "xlsx": "xlsx",
    "html": "",
}
XLSX_MAX_ROWS = 1_048_576  # Excel's limit, the header row included


_NOT_RUN_JSON: dict[tuple[tuple[str, str], ...], bytes] = {}


def _not_run_json(not_run: tuple[Any, ...]) -> bytes:
    """A `checks_not_run` list as JSON, written once per distinct list (most rows of a batch
    share a handful of lists of forty-odd checks: a third of a row's JSON)."""
    try:
        text = _NOT_RUN_JSON.get(not_run)
    except TypeError:  # a pair that is not a tuple: written as it is, not remembered
        return compact(not_run_list(not_run))
    if text is None:
        if len(_NOT_RUN_JSON) >= 1024:
            _NOT_RUN_JSON.clear()
        text = _NOT_RUN_JSON[not_run] = compact(not_run_list(not_run))
    return text


def fragment(c: CandidateReport, kind: str, not_run_key: str | None = None) -> bytes:
    """One applicant's part of the report, as the writers of `kind` take it (JSON text): the
    same cells and objects the in-memory renderers write.

    With `not_run_key` (JSON only) the "checks not run" list, most of a structured row's part,
    is left out and named by its key in the run file's tables (`{"nr": key}`); `with_not_run`
    puts it back as the report is written."""
    if kind == "json":
        cand = candidate_head(c)
        if not_run_key is not None:  # a table key (hex): written as `_NR_OPEN key _NR_CLOSE`
            cand["checks_not_run"] = {"nr": not_run_key}
            return compact(cand)
        head = compact(cand)
        not_run = _not_run_json(tuple(c.checks_not_run))
        return b"".join((memoryview(head)[:-1], b',"checks_not_run":', not_run, b"}"))
    data: Any
    if kind == "csv":
        data = csv_cells(c)
    elif kind == "xlsx":
        data = {"a": applicant_cells(c), "f": finding_cells(c)}
    else:
        return b""
    return compact(data)


_NR_OPEN = b',"checks_not_run":{"nr":"'
_NR_CLOSE = b'"}}'
_NR_KEY = 16  # hex digits of a table key (`runfile.NotRunTables`)
_NR_TAIL = len(_NR_OPEN) + _NR_KEY + len(_NR_CLOSE)


def with_not_run(
    part: bytes,
    tables: Mapping[str, Sequence[Sequence[str]]],
    rendered: dict[str, bytes],
) -> bytes:
    """A JSON part with its "checks not run" list back in place of the key `fragment` left
    (`rendered` keeps each list's JSON by key); any other part as it is.

    The key can only be the part's last bytes: every string in a part is JSON-escaped, and a
    list written in place ends in `]}`. A key the tables do not hold raises KeyError."""
    if len(part) < _NR_TAIL or not part.endswith(_NR_CLOSE):
        return part
    start = len(part) - _NR_TAIL
    if part[start : start + len(_NR_OPEN)] != _NR_OPEN:
        return part
    key = part[start + len(_NR_OPEN) : -len(_NR_CLOSE)].decode("ascii")
    text = rendered.get(key)
    if text is None:
        text = rendered[key] = _not_run_json(tuple((str(c), str(r)) for c, r in tables[key]))
    return part[:start] + b',"checks_not_run":' + text + b"}"


@dataclass
class BatchEnd:
    """What the report needs besides the rows, known once linkage is done."""

    generated_at: datetime
    complete: bool
    clusters: Sequence[Cluster] = ()
    notes: Sequence[str] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # cluster members' names (XLSX, HTML)
    settings: Mapping[str, Any] = field(default_factory=dict)  # the report's settings (HTML)


class _Writer:
    """Begin, one `row(fragment)` per applicant in row order, then `end()`."""

    def __init__(self, out: IO[bytes], end: BatchEnd) -> None:
        self.out = out
        self.info = end
        self.rows = 0

    def begin(self) -> None:  # pragma: no cover - overridden
        pass

    def row(self, part: bytes) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def end(self) -> None:  # pragma: no cover - overridden
        pass


class _JsonWriter(_Writer):
    """The contract's report document; candidates one per line so it can be written as they come."""

    def begin(self) -> None:
        head = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "scanner", "version": __version__},
            "generated_at": _stamp(self.info.generated_at),
            "complete": self.info.complete,
        }
        text = json.dumps(head, ensure_ascii=False, indent=2)
        self.out.write(text[: text.rfind("}")].rstrip().encode("utf-8") + b',\n  "candidates": [')

    def row(self, part: bytes) -> None:
        self.out.write(b"\n    " if self.rows == 0 else b",\n    ")
        self.out.write(part)
        self.rows += 1

    def end(self) -> None:
        tail = {
            "clusters": [cluster_dict(c) for c in self.info.clusters],
            "notes": list(self.info.notes),
        }
        text = json.dumps(tail, ensure_ascii=False, indent=2)
        self.out.write((b"\n  ]," if self.rows else b"],") + text[1:].encode("utf-8") + b"\n")


class _JsonLinesWriter(_Writer):
    """One candidate object per line, then `{"clusters": [...], "notes": [...]}`."""

    def row(self, part: bytes) -> None:
        self.out.write(part + b"\n")
        self.rows += 1

    def end(self) -> None:
        tail = {
            "clusters": [cluster_dict(c) for c in self.info.clusters],
            "notes": list(self.info.notes),
        }
        self.out.write(json.dumps(tail, ensure_ascii=False).encode("utf-8") + b"\n")


class _CsvWriter(_Writer):
    def begin(self) -> None:
        self._buf = io.StringIO()
        self._csv = csv_writer(self._buf)
        self._emit(list(COLUMNS))

    def _emit(self, cells: list[Any]) -> None:
        self._csv.writerow(cells)
        self.out.write(self._buf.getvalue().encode("utf-8"))
        self._buf.seek(0)
        self._buf.truncate()

    def row(self, part: bytes) -> None:
        self._emit(json.loads(part))
        self.rows += 1


class _Sheet:
    """One logical sheet of the workbook, continued on "Name (2)" past Excel's row limit."""

    def __init__(
        self, wb: Any, name: str, header: Sequence[str], widths: Sequence[int], max_rows: int
    ) -> None:
        self.wb, self.name, self.header, self.widths, self.max_rows = (
            wb,
            name,
            header,
            widths,
            max_rows,
        )
        self.bold = wb.add_format({"bold": True, "bg_color": "#E8E8E8"})
        self.plain = wb.add_format({"text_wrap": False})
        self.parts: list[tuple[Any, int]] = []  # (worksheet, data rows)
        self._new()

    def _new(self) -> None:
        n = len(self.parts) + 1
        ws = self.wb.add_worksheet(self.name if n == 1 else f"{self.name} ({n})")
        for col, h in enumerate(self.header):
            ws.write_string(0, col, h, self.bold)
            ws.set_column(col, col, self.widths[col] if col < len(self.widths) else 16)
        ws.freeze_panes(1, 0)
        self.parts.append((ws, 0))

    def add(self, values: Sequence[Any]) -> None:
        ws, used = self.parts[-1]
        if used + 1 >= self.max_rows:
            self._new()
            ws, used = self.parts[-1]
        r = used + 1
        for col, value in enumerate(values):
            write_cell(ws, r, col, value, self.plain)
        self.parts[-1] = (ws, r)

    def close(self) -> None:
        for ws, used in self.parts:
            if used:
                ws.autofilter(0, 0, used, len(self.header) - 1)


class _XlsxWriter(_Writer):
    """The sheets of `scanner.reporters.xlsx`, row by row with xlsxwriter's constant memory."""

    max_rows = XLSX_MAX_ROWS

    def begin(self) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(self.out, {"constant_memory": True, **WORKBOOK_OPTIONS})
        self.applicants = _Sheet(self.wb, "Applicants", COLUMNS, APPLICANT_WIDTHS, self.max_rows)
        self.findings = _Sheet(self.wb, "Findings", FINDING_HEADER, FINDING_WIDTHS, self.max_rows)

    def row(self, part: bytes) -> None:
        data = json.loads(part)
        self.applicants.add(data["a"])
        for cells in data["f"]:
            self.findings.add(cells)
        self.rows += 1

    def end(self) -> None:
        self.applicants.close()
        self.findings.close()
        clusters = _Sheet(self.wb, "Clusters", CLUSTER_HEADER, CLUSTER_WIDTHS, self.max_rows)
        for cells in cluster_rows(self.info.clusters, self.info.names):
            clusters.add(cells)
        clusters.close()
        if self.info.notes:
            notes = _Sheet(self.wb, "Notes", ("note",), NOTE_WIDTHS, self.max_rows)
            for note in self.info.notes:
                notes.add([note])
            notes.close()
        self.wb.close()


_WRITERS: dict[str, type[_Writer]] = {
    "json": _JsonWriter,
    "jsonl": _JsonLinesWriter,
    "csv": _CsvWriter,
    "xlsx": _XlsxWriter,
}


def open_writer(fmt: str, out: IO[bytes], end: BatchEnd) -> _Writer:
    """The writer of `fmt` (json, jsonl, csv, xlsx) onto a binary stream; call `begin()` first."""
    return _WRITERS[fmt](out, end)


def _stamp(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def render_batch_html(
    candidates: Sequence[CandidateReport],
    end: BatchEnd,
    *,
    total: int,
    levels: Mapping[str, int],
    codes: Mapping[str, int],
) -> str:
    """The HTML report of a batch from its `candidates` (the top ones by risk when the batch is
    larger) with the counts of the whole batch (`total`, `levels`, `codes`)."""
    from scanner.reporters.html import render_html

    report = Report(
        candidates=list(candidates),
        clusters=list(end.clusters),
        generated_at=end.generated_at,
        settings=dict(end.settings),
        notes=list(end.notes),
    )
    shown = len(candidates)
    return render_html(
        report,
        totals=None if shown >= total else (total, dict(levels), dict(codes)),
        names=end.names,
    )
