"""Applicant spreadsheets (CSV, TSV, XLSX/XLS/ODS) → validated rows of application fields.

Headers are matched case-insensitively ignoring spaces, dashes, underscores and dots, with the
aliases of the contract; `--map "Candidate Mobile=phone"` adds more. Rows are streamed, so a
sheet of a million rows is never held as Python objects. Excel's quirks are undone on the way:
a BOM, `="0123"` quoting, phones stored as numbers (`3125550142.0`), dates, merged cells (the
top-left value fills the range), formulas (their cached result), and CSVs in Windows-1252 or
UTF-16 (Excel's "Unicode text").
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

__all__ = [
    "ALIASES",
    "FIELDS",
    "IDENTITY_FIELDS",
    "Sheet",
    "SheetRow",
    "SpreadsheetError",
    "normalise_header",
    "open_sheet",
    "parse_mapping",
]

FIELDS = (
    "id",
    "name",
    "email",
    "phone",
    "location",
    "address",
    "shipping_address",
    "resume",
    "linkedin",
    "github",
    "site",
    "photo",
    "references",
    "resume_text",
)
# At least one of these must be present, or there is nobody to check (exit code 2).
IDENTITY_FIELDS = ("name", "email", "phone", "resume", "linkedin", "resume_text")
# Name parts that are joined into `name` (in this order).
NAME_PARTS = ("first_name", "middle_name", "last_name")

_RAW_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "candidate id", "applicant id", "ref", "reference id", "req id", "application id",
           "candidate number", "applicant number", "external id"),
    "name": ("name", "full name", "candidate name", "applicant name", "candidate", "applicant"),
    "first_name": ("first name", "given name", "forename", "firstname"),
    "middle_name": ("middle name", "middle names", "middle initial"),
    "last_name": ("last name", "surname", "family name", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "candidate email",
              "personal email"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "mobile number", "telephone",
              "tel", "cell", "cell phone", "contact number", "candidate phone"),
    "location": ("location", "city", "country", "residence", "current location", "based in"),
    "address": ("address", "home address", "street address", "postal address", "mailing address"),
    "shipping_address": ("shipping address", "delivery address", "equipment address",
                         "equipment shipping address", "laptop address"),
    "resume": ("resume", "cv", "resume file", "resume path", "cv file", "cv path", "resume pdf"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "linkedin pdf", "linkedin link"),
    "github": ("github", "github url", "github handle", "github profile", "github username"),
    "site": ("site", "website", "portfolio", "personal site", "personal website", "homepage",
             "portfolio url"),
    "photo": ("photo", "photo path", "headshot", "picture", "profile photo", "image"),
    "references": ("references", "referees", "reference", "referee"),
    "resume_text": ("resume text", "resume body", "cv text", "resume content"),
}  # fmt: skip


def normalise_header(text: str) -> str:
    """`" E-Mail_Address "` → `emailaddress`: case, spaces, dashes, underscores, dots ignored."""
    from anyascii import anyascii

    return re.sub(r"[\s\-_.:/()]+", "", anyascii(str(text)).lower()).replace("#", "")


ALIASES: dict[str, str] = {
    normalise_header(a): f for f, names in _RAW_ALIASES.items() for a in names
}


class SpreadsheetError(Exception):
    """The spreadsheet cannot be used at all (exit code 2); the message says why and what was found."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: (
        int  # row number in the sheet, 1-based (the header is row 1 unless blank rows precede it)
    )
    id: str
    fields: Mapping[str, str]
    empty: bool = False
    problems: tuple[str, ...] = ()  # cell-level problems worth an SRC note


@dataclass
class Sheet:
    """An opened spreadsheet: the header mapping, warnings, and a row stream."""

    path: Path
    headers: list[str]
    columns: dict[int, str]  # column index → field
    unknown: list[str]
    warnings: list[str]
    estimated_rows: int | None
    _rows: Iterator[list[Any]]
    _header_row: int
    merged: dict[tuple[int, int], Any] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        return self.path.parent

    def rows(self) -> Iterator[SheetRow]:
        """Data rows in order; blank rows between data become `empty` rows, trailing ones vanish."""
        seen_ids: dict[str, int] = {}
        pending_blank: list[int] = []
        number = self._header_row
        dup_notes = 0
        for raw in self._rows:
            number += 1
            cells = [_cell(v) for v in raw]
            if self.merged:
                for c in range(max(len(cells), max((k[1] for k in self.merged), default=0) + 1)):
                    fill = self.merged.get((number - 1, c))
                    if fill is not None:
                        while len(cells) <= c:
                            cells.append("")
                        if not cells[c]:
                            cells[c] = _cell(fill)
            fields, problems = self._fields(cells)
            if not any(fields.values()):
                pending_blank.append(number)
                continue
            for blank in pending_blank:
                yield SheetRow(blank, self._unique(f"row-{blank}", seen_ids), {}, empty=True)
            pending_blank.clear()
            given = fields.pop("id", "")
            rid = self._unique(given or f"row-{number}", seen_ids)
            if given and rid != given:
                dup_notes += 1
                if dup_notes <= 5:
                    self.warnings.append(
                        f"row {number}: duplicate id {given!r}, reported as {rid!r}"
                    )
            yield SheetRow(number, rid, fields, problems=tuple(problems))
        if dup_notes > 5:
            self.warnings.append(f"{dup_notes - 5} more duplicate ids were renamed the same way")

    @staticmethod
    def _unique(rid: str, seen: dict[str, int]) -> str:
        n = seen.get(rid, 0) + 1
        seen[rid] = n
        if n == 1:
            return rid
        candidate = f"{rid}#{n}"
        while candidate in seen:
            n += 1
            candidate = f"{rid}#{n}"
        seen[candidate] = 1
        return candidate

    def _fields(self, cells: Sequence[str]) -> tuple[dict[str, str], list[str]]:
        fields: dict[str, str] = {}
        parts: dict[str, str] = {}
        problems: list[str] = []
        for col, fld in self.columns.items():
            value = cells[col] if col < len(cells) else ""
            if not value:
                continue
            value, problem = _unexcel(value)
            if problem:
                problems.append(f"{self.headers[col]}: {problem}")
            if not value:
                continue
            if fld in NAME_PARTS:
                parts[fld] = f"{parts[fld]} {value}" if fld in parts else value
            elif fld in fields and value not in fields[fld].split("; "):
                fields[fld] = (
                    f"{fields[fld]}; {value}" if fld != "resume_text" else f"{fields[fld]}\n{value}"
                )
            else:
                fields[fld] = value
        if parts and not fields.get("name"):
            fields["name"] = " ".join(parts[p] for p in NAME_PARTS if p in parts)
        return fields, problems


def parse_mapping(items: Sequence[str] | None) -> dict[str, str]:
    """`["Candidate Mobile=phone"]` → {normalised header: field}; raises on a bad entry."""
    out: dict[str, str] = {}
    allowed = set(FIELDS) | set(NAME_PARTS) | {"ignore"}
    for item in items or ():
        column, sep, target = item.rpartition("=")
        target = target.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or not column.strip():
            raise SpreadsheetError(
                f'--map {item!r}: expected COLUMN=FIELD, e.g. "Candidate Mobile=phone"'
            )
        if target not in allowed:
            raise SpreadsheetError(
                f"--map {item!r}: unknown field {target!r} (fields: {', '.join(sorted(allowed))})"
            )
        out[normalise_header(column)] = target
    return out


def open_sheet(
    path: Path, *, mapping: Mapping[str, str] | None = None, sheet: str | None = None
) -> Sheet:
    """Open and validate a spreadsheet. Raises `SpreadsheetError` when it cannot be used at all."""
    if not path.is_file():
        raise SpreadsheetError(f"no such file: {path}")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if (
        head.startswith(b"PK")
        or head.startswith(b"\xd0\xcf\x11\xe0")
        or suffix in (".xlsx", ".xlsm", ".xls", ".ods")
    ):
        rows, estimate, merged = _excel_rows(path, sheet)
    else:
        if sheet:
            raise SpreadsheetError(f"--sheet {sheet!r}: {path.name} is a text file with no sheets")
        rows, estimate = _text_rows(path)
        merged = {}
    header_row = 0
    header: list[str] = []
    for raw in rows:
        header_row += 1
        header = [_cell(v) for v in raw]
        if any(header):
            break
    if not any(header):
        raise SpreadsheetError(f"{path.name}: the spreadsheet is empty (no header row)")
    header = [h.lstrip("\ufeff").strip() for h in header]
    extra = dict(mapping or {})
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for col, h in enumerate(header):
        if not h:
            continue
        key = normalise_header(h)
        fld = extra.get(key) or ALIASES.get(key)
        if fld == "ignore":
            continue
        if fld is None:
            unknown.append(h)
            continue
        columns[col] = fld
    found = {f for f in columns.values()}
    if "first_name" in found or "last_name" in found:
        found.add("name")
    warnings: list[str] = []
    unmatched_maps = [k for k in extra if k not in {normalise_header(h) for h in header}]
    if unmatched_maps:
        warnings.append(
            f"--map names column(s) not in the sheet: {', '.join(sorted(unmatched_maps))}"
        )
    if not found & set(IDENTITY_FIELDS):
        shown = ", ".join(repr(h) for h in header if h) or "none"
        raise SpreadsheetError(
            f"{path.name}: no usable identity column (need one of name, email, phone, resume, "
            f'linkedin, resume_text); headers found: {shown}. Map one with --map "COLUMN=FIELD"'
        )
    if unknown:
        warnings.append(f"ignored column(s) not recognised: {', '.join(repr(u) for u in unknown)} "
                        "(map them with --map \"COLUMN=FIELD\")")  # fmt: skip
    missing = [f for f in ("name", "email", "phone") if f not in found]
    if missing:
        warnings.append(f"no column for {', '.join(missing)}; those checks will not run")
    if merged:
        warnings.append(
            f"{len(merged)} merged cell(s) were filled with their range's top-left value"
        )
    return Sheet(
        path=path,
        headers=header,
        columns=columns,
        unknown=unknown,
        warnings=warnings,
        estimated_rows=None if estimate is None else max(0, estimate - header_row),
        _rows=rows,
        _header_row=header_row,
        merged={(r, c): v for (r, c), v in merged.items()},
    )


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """A cell as text: whole floats without `.0`, dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.S)
_HYPERLINK = re.compile(r'^=\s*HYPERLINK\(\s*"([^"]*)"', re.I)
_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}
)


def _unexcel(value: str) -> tuple[str, str | None]:
    """Undo Excel's quoting (`="0123"`), read HYPERLINK targets, refuse error values and formulas."""
    m = _EXCEL_TEXT.match(value)
    if m:
        return m.group(1).replace('""', '"'), None
    m = _HYPERLINK.match(value)
    if m:
        return m.group(1), None
    if value in _ERRORS:
        return "", f"cell holds the Excel error {value}"
    if value.startswith("=") and len(value) > 1 and re.match(r"^=[A-Za-z_]+\(|^=[A-Z]+\d+", value):
        return "", f"cell holds a formula with no computed value ({value[:40]})"
    if value.startswith("'") and len(value) > 1 and value[1].isdigit():
        return value[1:], None  # a leading apostrophe forces text in Excel; it is not data
    return value, None


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


def _excel_rows(
    path: Path, sheet: str | None
) -> tuple[Iterator[list[Any]], int | None, dict[tuple[int, int], Any]]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - calamine is a dependency
        return _openpyxl_rows(path, sheet)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise SpreadsheetError(f"{path.name}: cannot read this spreadsheet ({exc})") from None
    names = list(wb.sheet_names)
    if not names:
        raise SpreadsheetError(f"{path.name}: the workbook has no sheets")
    if sheet is not None and sheet not in names:
        raise SpreadsheetError(
            f"--sheet {sheet!r}: no such sheet in {path.name} (sheets: {', '.join(names)})"
        )
    try:
        ws = wb.get_sheet_by_name(sheet or names[0])
    except Exception as exc:
        raise SpreadsheetError(
            f"{path.name}: cannot read sheet {sheet or names[0]!r} ({exc})"
        ) from None
    merged: dict[tuple[int, int], Any] = {}
    ranges = getattr(ws, "merged_cell_ranges", None) or []
    start = ws.start or (0, 0)
    if ranges:
        grid = None
        for (r0, c0), (r1, c1) in ranges:
            if grid is None:
                grid = ws.to_python(skip_empty_area=False)
            top = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else None
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        merged[(r - start[0], c)] = top
    rows = ws.iter_rows()
    return iter(rows), ws.total_height + 1, merged  # total_height is the last row index


def _openpyxl_rows(
    path: Path, sheet: str | None
) -> tuple[Iterator[list[Any]], int | None, dict[tuple[int, int], Any]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise SpreadsheetError(f"{path.name}: cannot read this spreadsheet ({exc})") from None
    if sheet is not None and sheet not in wb.sheetnames:
        raise SpreadsheetError(
            f"--sheet {sheet!r}: no such sheet in {path.name} (sheets: {', '.join(wb.sheetnames)})"
        )
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return (list(r) for r in ws.iter_rows(values_only=True)), ws.max_row, {}


def _detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a multi-byte character cut by the sample's end
            return "utf-8"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _text_rows(path: Path) -> tuple[Iterator[list[Any]], int | None]:
    with path.open("rb") as fh:
        sample = fh.read(1 << 20)
    encoding = _detect_encoding(sample)
    text_sample = sample.decode(encoding, errors="replace")
    first = text_sample.lstrip("\ufeff").split("\n", 1)[0]
    if path.suffix.lower() in (".tsv", ".tab"):
        delimiter = "\t"
    else:
        counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    estimate = _estimate_records(path, text_sample, delimiter) if encoding != "utf-16" else None
    csv.field_size_limit(1 << 27)

    def gen() -> Iterator[list[Any]]:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
            reader = csv.reader(text, delimiter=delimiter)
            try:
                yield from reader
            except csv.Error as exc:
                raise SpreadsheetError(
                    f"{path.name}: malformed CSV near line {reader.line_num}: {exc}"
                ) from None

    return gen(), estimate


def _estimate_records(path: Path, sample: str, delimiter: str) -> int:
    """Records in the file: its line count, scaled down when cells hold line breaks (résumé text)."""
    lines = _count_lines(path)
    body = sample[: sample.rfind("\n") + 1] if len(sample) >= (1 << 20) - 4 else sample
    sample_lines = body.count("\n")
    if not sample_lines or '"' not in body:
        return lines
    try:
        records = sum(1 for _ in csv.reader(io.StringIO(body), delimiter=delimiter))
    except csv.Error:
        return lines
    return round(lines * min(1.0, records / sample_lines))


def _count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            n += chunk.count(b"\n")
    return n
