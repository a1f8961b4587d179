"""CSV: one row per applicant (id, name, score, level, codes, top finding), safe to open in Excel."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from scanner.model import CandidateReport, Report, Severity

__all__ = ["COLUMNS", "csv_cells", "csv_writer", "neutralise", "render_csv", "summary_row"]

COLUMNS = (
    "id", "name", "score", "level", "complete", "cluster", "codes", "top_finding", "reviewed",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A formula start after a list separator: a program that splits the line at `;` or `,` without
# honouring quotes (Excel with another locale's separator) sees a cell that starts there.
_AFTER_SEPARATOR = re.compile(r"([,;|\t\r\n]\s*)([=+@]|-(?=[^\d\s]))")


def neutralise(text: str, *, separators: bool = False) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV
    injection); with `separators`, so does every part after a list separator."""
    if separators and _AFTER_SEPARATOR.search(text):
        text = _AFTER_SEPARATOR.sub(r"\1'\2", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def summary_row(c: CandidateReport) -> dict[str, str | int | bool]:
    """The per-applicant summary shared by the CSV and the XLSX Applicants sheet."""
    scored = [f for f in c.findings if f.severity is not Severity.INFO]
    codes = sorted({f.code for f in scored}) + sorted(
        {f.code for f in c.findings} - {f.code for f in scored}
    )
    top = c.findings[0] if c.findings else None
    cluster = next((f.cluster for f in c.findings if f.cluster), "")
    return {
        "id": c.id,
        "name": c.name or "",
        "score": c.risk.score,
        "level": c.risk.level.value,
        "complete": c.complete,
        "cluster": cluster or "",
        "codes": " ".join(codes),
        "top_finding": f"{top.code} {top.severity.value}: {top.title}: {top.message}"
        if top
        else "",
        "reviewed": "; ".join(
            f"{f.code} {f.review.status.value} by {f.review.by}" for f in c.findings if f.review
        ),
    }


def csv_writer(buf: Any) -> Any:
    """The CSV dialect of the report: every field quoted, Windows line ends."""
    return csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)


def csv_cells(c: CandidateReport) -> list[object]:
    """One applicant's CSV row: the summary, text neutralised, booleans as true/false."""
    row = summary_row(c)
    return [
        neutralise(v, separators=True)
        if isinstance(v, str)
        else ("true" if v is True else "false" if v is False else v)
        for v in (row[k] for k in COLUMNS)
    ]


def render_csv(report: Report) -> str:
    buf = io.StringIO()
    writer = csv_writer(buf)
    writer.writerow(COLUMNS)
    for c in report.candidates:
        writer.writerow(csv_cells(c))
    return buf.getvalue()
