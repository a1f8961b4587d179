"""XLSX: sheets Applicants, Findings, Clusters (and Notes when there are any).

Every text cell is written as a string, never a formula, and text beginning with `=`, `+`, `-`,
`@`, tab or CR gets a leading apostrophe, so a hostile value from a résumé cannot run as a
formula even after the sheet is re-saved as CSV.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from scanner.model import CandidateReport, Cluster, Report
from scanner.reporters.csv_report import COLUMNS, neutralise, summary_row

__all__ = ["render_xlsx"]

_MAX_CELL = 32_000  # Excel's limit is 32,767 characters
# The sheets' headers and column widths (the streaming writer writes the same sheets).
APPLICANT_WIDTHS = (14, 24, 7, 8, 9, 8, 24, 80)
FINDING_HEADER = ("id", "name", "code", "severity", "confidence", "title", "message", "evidence",
                  "cluster", "fingerprint", "review")  # fmt: skip
FINDING_WIDTHS = (14, 24, 8, 9, 10, 36, 80, 80, 8, 34, 60)
CLUSTER_HEADER = ("cluster", "size", "members", "shared", "value", "shared by")
CLUSTER_WIDTHS = (8, 6, 60, 10, 40, 40)
NOTE_WIDTHS = (120,)
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _text(value: str) -> str:
    value = neutralise(value)
    return value if len(value) <= _MAX_CELL else value[: _MAX_CELL - 1] + "…"


def write_cell(ws: Any, r: int, col: int, value: Any, text_format: Any) -> None:
    """One cell: booleans and numbers as such, everything else as neutralised text."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(r, col, value)
    elif isinstance(value, int | float):
        ws.write_number(r, col, value)
    else:
        ws.write_string(r, col, _text(str(value)), text_format)


def applicant_cells(c: CandidateReport) -> list[Any]:
    """One applicant's row of the Applicants sheet."""
    row = summary_row(c)
    return [row[k] for k in COLUMNS]


def finding_cells(c: CandidateReport) -> list[list[Any]]:
    """One applicant's rows of the Findings sheet."""
    rows = []
    for f in c.findings:
        evidence = "; ".join(
            f"{e.field}={e.value}" + (f" ({e.note})" if e.note else "") for e in f.evidence
        )
        rows.append(
            [
                c.id,
                c.name or "",
                f.code,
                f.severity.value,
                f.confidence,
                f.title,
                f.message,
                evidence,
                f.cluster or "",
                f.fingerprint,
                f"{f.review.status.value} by {f.review.by} on "
                f"{f.review.at.date().isoformat()}: {f.review.reason}"
                if f.review
                else "",
            ]
        )
    return rows


def cluster_rows(clusters: Iterable[Cluster], names: Mapping[str, str]) -> list[list[Any]]:
    """The Clusters sheet: one row per shared value (members named where known)."""
    rows: list[list[Any]] = []
    for cl in clusters:
        members = ", ".join(f"{m} ({names[m]})" if names.get(m) else m for m in cl.members)
        if not cl.links:
            rows.append([cl.id, len(cl.members), members, "", "", ""])
        for link in cl.links:
            rows.append(
                [cl.id, len(cl.members), members, link.kind, link.value, ", ".join(link.members)]
            )
    return rows


def _write_sheet(
    wb: Any, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
) -> None:
    ws = wb.add_worksheet(name)
    bold = wb.add_format({"bold": True, "bg_color": "#E8E8E8"})
    wrap = wb.add_format({"text_wrap": False})
    for col, h in enumerate(header):
        ws.write_string(0, col, h, bold)
        ws.set_column(col, col, widths[col] if col < len(widths) else 16)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_cell(ws, r, col, value, wrap)
    ws.freeze_panes(1, 0)
    if rows:
        ws.autofilter(0, 0, len(rows), len(header) - 1)


def render_xlsx(report: Report) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, **WORKBOOK_OPTIONS})
    applicants = [applicant_cells(c) for c in report.candidates]
    _write_sheet(wb, "Applicants", COLUMNS, applicants, APPLICANT_WIDTHS)
    findings = [row for c in report.candidates for row in finding_cells(c)]
    _write_sheet(wb, "Findings", FINDING_HEADER, findings, FINDING_WIDTHS)
    names = {c.id: c.name or "" for c in report.candidates}
    _write_sheet(
        wb, "Clusters", CLUSTER_HEADER, cluster_rows(report.clusters, names), CLUSTER_WIDTHS
    )
    if report.notes:
        _write_sheet(wb, "Notes", ("note",), [[n] for n in report.notes], NOTE_WIDTHS)
    wb.close()
    return buf.getvalue()
