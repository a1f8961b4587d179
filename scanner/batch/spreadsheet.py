"""Applicant spreadsheets (CSV, TSV, XLSX/XLS/ODS) → validated rows of application fields.

Headers are read as words (`scanner.batch.headers`: case, punctuation, camelCase and
`candidate_` prefixes do not matter; ATS presets, aliases, question-style headers, and the
cells of a column no header rule decides); `--map "Candidate Mobile=phone"` adds more. The
header row is found below a title block. Address parts are assembled into one address, a cell
of links is routed by domain, a cell with two phones is two phones, and a row without an id gets
one derived from its content. Rows are streamed, so a sheet of a million rows is never held as
Python objects. Excel's quirks are undone on the way:
a BOM, `="0123"` quoting, phones stored as numbers (`3125550142.0`), dates, merged cells (the
top-left value fills the range), formulas (their cached result), and CSVs in Windows-1252 or
UTF-16 (Excel's "Unicode text").
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from scanner.batch.headers import (
    ADDRESS_PARTS,
    CONTACT_CELLS,
    MAP_TARGETS,
    PRESETS,
    ColumnDecision,
    contact_share,
    decide_columns,
    detect_preset,
    header_field,
    header_key,
    sniff_column,
)
from scanner.batch.headers import ALIASES as WORD_ALIASES
from scanner.batch.wire import by_fields
from scanner.terminal import clean_field

__all__ = [
    "ALIASES",
    "FIELDS",
    "IDENTITY_FIELDS",
    "PRESET_NAMES",
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

PRESET_NAMES = ("auto", *PRESETS)
HEADER_SCAN_ROWS = 30  # rows searched for the header below a title block
SNIFF_ROWS = 200  # data rows read to decide columns by their content


def normalise_header(text: str) -> str:
    """`" E-Mail_Address "` → `emailaddress`: case, spaces, dashes, underscores, dots ignored."""
    from anyascii import anyascii

    return re.sub(r"[\s\-_.:/()]+", "", anyascii(str(text)).lower()).replace("#", "")


# Compact header (`emailaddress`) → field, for callers that match headers themselves.
ALIASES: dict[str, str] = {k.replace(" ", ""): v for k, v in WORD_ALIASES.items()}


class SpreadsheetError(Exception):
    """The spreadsheet cannot be used at all (exit code 2); the message says why and what was found."""


@by_fields
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
    """An opened spreadsheet: the header mapping (with why), warnings, and a row stream."""

    path: Path
    headers: list[str]
    columns: dict[int, str]  # column index → field (or address part, or `links`)
    unknown: list[str]
    warnings: list[str]
    estimated_rows: int | None
    _rows: Iterator[list[Any]]
    _header_row: int
    merged: dict[tuple[int, int], Any] = field(default_factory=dict)
    decisions: list[ColumnDecision] = field(default_factory=list)
    preset: str | None = None
    preset_detected: bool = False
    content_ids: bool = False  # no id column: ids derived from each row's content

    @property
    def base(self) -> Path:
        return self.path.parent

    @property
    def header_row(self) -> int:
        """The header's row number (1-based): below a title block, it is not row 1."""
        return self._header_row

    @property
    def unmapped_identity(self) -> list[str]:
        """Columns the scanner did not map whose header says they identify someone."""
        return [d.header for d in self.decisions if d.identity_bearing]

    def rows(self) -> Iterator[SheetRow]:
        """Data rows in order; blank rows between data become `empty` rows, trailing ones vanish."""
        seen_ids: dict[str, int] = {}
        pending_blank: list[int] = []
        number = self._header_row
        dup_notes = 0
        plan = self._plan()
        fields_of = self._fields
        for raw in self._rows:
            number += 1
            # `_cell` inlined for the everyday cell (printable text): the same string
            cells = [
                (v.strip() if v.isprintable() else _cell(v)) if type(v) is str else _cell(v)
                for v in raw
            ]
            if self.merged:
                for c in range(max(len(cells), max((k[1] for k in self.merged), default=0) + 1)):
                    fill = self.merged.get((number - 1, c))
                    if fill is not None:
                        while len(cells) <= c:
                            cells.append("")
                        if not cells[c]:
                            cells[c] = _cell(fill)
            fields, problems = fields_of(cells, plan)
            if not any(fields.values()):
                pending_blank.append(number)
                continue
            for blank in pending_blank:
                yield SheetRow(blank, self._unique(f"empty-row-{blank}", seen_ids), {}, empty=True)
            pending_blank.clear()
            given = fields.pop("id", "")
            rid = self._unique(given or content_id(fields), seen_ids)
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

    def _plan(self) -> list[tuple[int, str, int]]:
        """(column, field, how) per mapped column, in `columns` order; how: `_PLAIN`, `_PART`
        (a name or address part, or a dialling code), `_PHONE` or `_LINK` (see `_route`)."""
        plan = []
        for col, fld in self.columns.items():
            if fld in NAME_PARTS or fld in ADDRESS_PART_FIELDS or fld == "phone_code":
                how = _PART
            elif fld == "phone":
                how = _PHONE
            elif fld in _LINK_FIELDS:
                how = _LINK
            else:
                how = _PLAIN
            plan.append((col, fld, how))
        return plan

    def _fields(
        self, cells: Sequence[str], plan: Sequence[tuple[int, str, int]] | None = None
    ) -> tuple[dict[str, str], list[str]]:
        fields: dict[str, str] = {}
        parts: dict[str, str] = {}
        problems: list[str] = []
        n = len(cells)
        for col, fld, how in self._plan() if plan is None else plan:
            value = cells[col] if col < n else ""
            if not value:
                continue
            if value[0] in "=#'":  # Excel's quoting, an error value, a formula: `_unexcel`
                value, problem = _unexcel(value)
                if problem:
                    problems.append(f"{self.headers[col]}: {problem}")
                if not value:
                    continue
            if how == _PLAIN:  # `_route` gives the value as it is: `_add` inlined
                if fld not in fields:
                    fields[fld] = value
                else:
                    _add(fields, fld, value)
            elif how == _PART:
                parts[fld] = f"{parts[fld]} {value}" if fld in parts else value
            else:
                for target, item in _route(fld, value):
                    _add(fields, target, item)
        if parts and not fields.get("name"):
            name = " ".join(parts[p] for p in NAME_PARTS if p in parts)
            if name:
                fields["name"] = name
        _assemble_addresses(fields, parts)
        if parts.get("phone_code") and fields.get("phone"):
            fields["phone"] = _with_code(parts["phone_code"], fields["phone"])
        return fields, problems


_PLAIN, _PART, _PHONE, _LINK = range(4)
_LINK_FIELDS = frozenset({"links", "linkedin", "github", "site"})
ADDRESS_PART_FIELDS = frozenset(ADDRESS_PARTS)

_PHONE_SPLIT = re.compile(r"\s*(?:[;,|\n]|\s/\s|\s+or\s+|\s+and\s+)\s*", re.I)
_LINK_SPLIT = re.compile(r"[\s,;|]+")
_URL_START = re.compile(r"^(?:https?://|www\.)", re.I)
_URLISH = re.compile(r"^(?:https?://|www\.)|^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/|$)", re.I)


def _add(fields: dict[str, str], fld: str, value: str) -> None:
    """Several columns (or values) for one field are kept, `; `-separated, each once."""
    if fld in fields and value not in fields[fld].split("; "):
        sep = "\n" if fld == "resume_text" else "; "
        fields[fld] = f"{fields[fld]}{sep}{value}"
    elif fld not in fields:
        fields[fld] = value


def _route(fld: str, value: str) -> list[tuple[str, str]]:
    """A cell's values and the fields they go to: two phones in one cell are two phones; a cell
    of links is split and each URL routed by its domain (LinkedIn, GitHub, else site)."""
    if fld == "phone":
        if _PHONE_SPLIT.search(value) is None:  # one piece: what the split below would say
            return [("phone", value)]
        pieces = [x for x in _PHONE_SPLIT.split(value) if x]
        if len(pieces) > 1 and all(sum(ch.isdigit() for ch in x) >= 7 for x in pieces):
            return [("phone", x) for x in pieces]
        return [("phone", value)]
    if fld in _LINK_FIELDS:
        if _LINK_SPLIT.search(value) is None:  # one token (no separator), a URL: its field
            token = value.strip("<>()[]\"'")
            if _is_url(token):
                return [(_domain_field(token), token)]
        tokens = [t.strip("<>()[]\"'") for t in _LINK_SPLIT.split(value) if t.strip()]
        urls = [t for t in tokens if _is_url(t)]
        if not urls:
            if fld == "linkedin" and _BARE_SLUG.match(value.strip()):
                slug = value.strip().removeprefix("/").removeprefix("in/").strip("/")
                return [("linkedin", f"https://www.linkedin.com/in/{slug}")]
            return [] if fld == "links" else [(fld, value)]
        if fld != "links" and len(urls) == 1 and len(tokens) == 1:
            return [(_domain_field(urls[0]), urls[0])]  # a portfolio in a LinkedIn column: a site
        return [(_domain_field(u), u) for u in urls]
    return [(fld, value)]


_FILE_SUFFIX = re.compile(r"\.(?:pdf|html?|zip|docx?|txt|md|json|png|jpe?g|gif|webp)$", re.I)
# A LinkedIn profile path typed without the domain ("in/dana-whitfield"); a bare word stays
# what it is (it may be a saved export's folder).
_BARE_SLUG = re.compile(r"^/?in/[A-Za-z0-9][A-Za-z0-9_%-]{2,99}/?$")


def _is_url(token: str) -> bool:
    """A URL, or a domain with a path; a file name (`dana.pdf`, `cv/dana.html`) is not one."""
    if _URL_START.match(token):
        return True
    return bool(_URLISH.match(token)) and not _FILE_SUFFIX.search(token)


def _with_code(code: str, phones: str) -> str:
    """A dialling or area code from its own column put before each phone that lacks one."""
    code = code.strip()
    out = []
    for phone in phones.split("; "):
        has_country = phone.strip().startswith(("+", "00"))
        out.append(phone if has_country or phone.strip().startswith(code) else f"{code} {phone}")
    return "; ".join(out)


def _domain_field(url: str) -> str:
    low = url.lower()
    if "linkedin.com/" in low or "lnkd.in/" in low:
        return "linkedin"
    if "github.com/" in low:
        return "github"
    return "site"


def _assemble_addresses(fields: dict[str, str], parts: Mapping[str, str]) -> None:
    """`Address Line 1 / Line 2 / City / State / Zip / Country` → one address per group (home,
    shipping); city, state and country without a street are the location."""
    if not parts:
        return  # no part columns (the usual export): nothing to assemble
    for group, target in (("", "address"), ("shipping_", "shipping_address")):
        line_prefix = "shipping_address_" if group else "address_"
        number, street = parts.get(f"{line_prefix}number", ""), parts.get(f"{line_prefix}line1", "")
        street = f"{number} {street}".strip() if street else ""  # "12" + "Main St": "12 Main St"
        line = " ".join(p for p in (street, parts.get(f"{line_prefix}line2")) if p)
        city, state = parts.get(f"{group}city", ""), parts.get(f"{group}state", "")
        postal, country = parts.get(f"{group}postal_code", ""), parts.get(f"{group}country", "")
        region = " ".join(x for x in (state, postal) if x)
        place = ", ".join(x for x in (city, region, country) if x)
        if line:
            _add(fields, target, ", ".join(x for x in (line, place) if x))
        if not group and not fields.get("location"):
            where = ", ".join(x for x in (city, state, country) if x)
            if where:
                fields["location"] = where


def content_id(fields: Mapping[str, str]) -> str:
    """A stable id for a row without one, from what identifies the applicant (name, mailbox,
    phone; else every field): the same applicant gets the same id in a re-sorted sheet or the
    next export, where a row number would give another person's."""
    from extractors.normalise.contacts import email_key, phone_key
    from extractors.normalise.names import name_key

    name = name_key(fields.get("name", "")) if fields.get("name") else ""
    emails = sorted(k for e in fields.get("email", "").split("; ") if (k := email_key(e)))
    phones = sorted(k for x in fields.get("phone", "").split("; ") if (k := phone_key(x)))
    basis = [name, *emails, *phones]
    if not any(basis):
        basis = [f"{k}={' '.join(v.split()).lower()}" for k, v in sorted(fields.items())]
    digest = hashlib.sha256("\x1f".join(basis).encode("utf-8")).hexdigest()
    return f"r-{digest[:10]}"


def parse_mapping(items: Sequence[str] | None) -> dict[str, str]:
    """`["Candidate Mobile=phone"]` → {header key: field}; raises on a bad entry."""
    out: dict[str, str] = {}
    allowed = set(MAP_TARGETS)
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
        out[header_key(column)] = target
    return out


def _header_score(cells: Sequence[str]) -> int:
    """How many cells of a row read as known headers (presets, aliases, header words)."""
    n = 0
    for c in cells:
        if c and len(c) <= 120:
            fld, how, _ = header_field(c, None)
            n += fld is not None and how != "unknown"
    return n


def _find_header(rows: Iterator[list[Any]]) -> tuple[int, list[str], list[list[Any]], int]:
    """(header row number, header, the rows read ahead of the data, rows above the header).

    The header is the row among the first `HEADER_SCAN_ROWS` with the most cells that read as
    known headers (at least two); else the first non-empty row, as before.
    """
    ahead: list[list[Any]] = []
    for raw in rows:
        ahead.append(raw)
        if len(ahead) >= HEADER_SCAN_ROWS:
            break
    best, best_score = None, 1
    first_nonempty = None
    for i, raw in enumerate(ahead):
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue
        if first_nonempty is None:
            first_nonempty = i
        score = _header_score(cells)
        if score > best_score:
            best, best_score = i, score
    chosen = best if best is not None else first_nonempty
    if chosen is None:
        return 0, [], [], 0
    header = [_cell(v).lstrip("\ufeff").strip() for v in ahead[chosen]]
    title_rows = sum(1 for raw in ahead[:chosen] if any(_cell(v) for v in raw))
    return chosen + 1, header, ahead[chosen + 1 :], title_rows


def open_sheet(
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    preset: str = "auto",
) -> Sheet:
    """Open and validate a spreadsheet. Raises `SpreadsheetError` when it cannot be used at all.

    `preset` is an ATS export layout (`PRESET_NAMES`), or "auto": detected from the headers when
    one export's signature is clearly there.
    """
    if not path.is_file():
        raise SpreadsheetError(f"no such file: {path}")
    if preset not in PRESET_NAMES:
        raise SpreadsheetError(f"--preset {preset!r}: expected one of {', '.join(PRESET_NAMES)}")
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
    header_row, header, ahead, title_rows = _find_header(rows)
    if not any(header):
        raise SpreadsheetError(f"{path.name}: the spreadsheet is empty (no header row)")
    extra = dict(mapping or {})
    detected = False
    chosen = None if preset == "auto" else PRESETS[preset]
    if chosen is None:
        name, _share = detect_preset(header)
        if name is not None:
            chosen, detected = PRESETS[name], True
    decisions = decide_columns(header, extra, chosen)
    # Columns no header rule decided: read by their content.
    sample_rows: list[list[Any]] = list(ahead)
    for raw in rows:
        sample_rows.append(raw)
        if len(sample_rows) >= SNIFF_ROWS:
            break
    for k, d in enumerate(decisions):
        if d.field is None:
            values = [_cell(r[d.index]) if d.index < len(r) else "" for r in sample_rows]
            sniffed = sniff_column(values, d.header)
            if sniffed is not None:
                decisions[k] = ColumnDecision(d.index, d.header, sniffed, "content")
            elif contact_share(values) >= 0.3:
                decisions[k] = ColumnDecision(d.index, d.header, None, "unknown", CONTACT_CELLS)
    columns = {d.index: d.field for d in decisions if d.field not in (None, "ignore")}
    unknown = [d.header for d in decisions if d.field is None]
    found = {f for f in columns.values() if f is not None}
    if found & set(NAME_PARTS):
        found.add("name")
    if found & {"links"}:
        found |= {"linkedin", "site"}
    warnings: list[str] = []
    if title_rows:
        warnings.append(
            f"header found on row {header_row}: the {title_rows} row(s) above it are a title block"
        )
    keys = {header_key(h) for h in header if h}
    unmatched_maps = [
        k
        for k in extra
        if k not in keys and k.replace(" ", "") not in {x.replace(" ", "") for x in keys}
    ]
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
    content_ids = "id" not in found
    if content_ids:
        warnings.append(
            "no id column: each row's id is derived from its content (name, email, phone), so "
            "the same applicant keeps one id in a re-sorted sheet or the next export"
        )
    if merged:
        warnings.append(
            f"{len(merged)} merged cell(s) were filled with their range's top-left value"
        )
    return Sheet(
        path=path,
        headers=header,
        columns={k: v for k, v in columns.items() if v is not None},
        unknown=unknown,
        warnings=warnings,
        estimated_rows=None if estimate is None else max(0, estimate - header_row),
        _rows=itertools.chain(sample_rows, rows),
        _header_row=header_row,
        merged={(r, c): v for (r, c), v in merged.items()},
        decisions=decisions,
        preset=chosen.name if chosen else None,
        preset_detected=detected,
        content_ids=content_ids,
    )


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """A cell as text: whole floats without `.0`, dates as ISO, None as ''."""
    if type(value) is str:
        return clean_field(value).strip()  # data: no control or bidi character survives
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
    return clean_field(str(value)).strip()  # data: no control or bidi character survives


_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.S)
_HYPERLINK = re.compile(r'^=\s*HYPERLINK\(\s*"([^"]*)"', re.I)
_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}
)


def _unexcel(value: str) -> tuple[str, str | None]:
    """Undo Excel's quoting (`="0123"`), read HYPERLINK targets, refuse error values and formulas."""
    if value[:1] not in ("=", "#", "'"):
        return value, None  # none of those forms: the everyday cell
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


# A sheet's reader holds its whole used range in memory (every cell between the first and the
# last, empty or not), so one cell far out makes a tiny file ask for gigabytes. 50 million cells
# is a million applicants with 50 columns.
MAX_SHEET_CELLS = 50_000_000
MAX_SHEET_XML = 2_000_000_000  # decompressed bytes of one worksheet's XML that are scanned

_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,7})\"")


def check_sheet_size(path: Path, limit: int = MAX_SHEET_CELLS) -> None:
    """Refuse an XLSX whose worksheets span more than `limit` cells, before any reader loads it.

    Reads each worksheet's XML as a stream (never more than a chunk at a time) for the cell and
    row references the reader would size its grid from.
    """
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not an XLSX (XLS, ODS, or corrupt: the reader says so)
    with zf:
        for info in zf.infolist():
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            rows, cols = _sheet_extent(zf, info)
            if rows * cols > limit:
                raise SpreadsheetError(
                    f"{path.name}: a worksheet spans {rows:,} rows × {cols:,} columns "
                    f"({rows * cols:,} cells, over the limit of {limit:,}); "
                    "is a cell far outside the data? Delete it or save only the used range"
                )


def _sheet_extent(zf: Any, info: Any) -> tuple[int, int]:
    """(rows, columns) from the first to the last referenced cell of one worksheet."""
    cols: set[bytes] = set()
    rows: set[bytes] = set()
    tail = b""
    read = 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 22):
            read += len(chunk)
            if read > MAX_SHEET_XML:
                raise SpreadsheetError(
                    f"{info.filename}: a worksheet over {MAX_SHEET_XML / 1e9:.0f} GB of XML"
                )
            data = tail + chunk
            found = _CELL_REF.findall(data)
            cols.update(f[0] for f in found)
            rows.update(f[1] for f in found)
            rows.update(_ROW_REF.findall(data))
            tail = data[-256:]
    if not rows:
        return 0, 0
    numbers = [int(r) for r in rows]
    letters = [_column_number(c) for c in cols] or [1]
    return max(numbers) - min(numbers) + 1, max(letters) - min(letters) + 1


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _excel_rows(
    path: Path, sheet: str | None
) -> tuple[Iterator[list[Any]], int | None, dict[tuple[int, int], Any]]:
    check_sheet_size(path)
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
