"""The batch parent's cheaper paths give what the old ones gave.

The sheet reader's cell router got fast paths (one plain phone, one URL), a per-column plan and
an inlined `_cell`; chunks of tasks cross the pipe as plain tuples; results are received into a
reused buffer. The old reader is kept here, verbatim in what it computed, and the new one must
give identical `SheetRow`s on the bench sheet, the ATS fixtures and adversarial sheets.
"""

from __future__ import annotations

import csv
import pickle
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from scanner.batch import pool, spreadsheet
from scanner.batch.runner import RowTask
from scanner.batch.spreadsheet import (
    ADDRESS_PART_FIELDS,
    NAME_PARTS,
    Sheet,
    SheetRow,
    _add,
    _assemble_addresses,
    _cell,
    _unexcel,
    _with_code,
    content_id,
    open_sheet,
)
from scanner.batch.stream import _Again, _Chunk, _Fresh, _unpack

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------------------------
# The old reader (before the fast paths), kept as the reference
# --------------------------------------------------------------------------------------------

_OLD_PHONE_SPLIT = re.compile(r"\s*(?:[;,|\n]|\s/\s|\s+or\s+|\s+and\s+)\s*", re.I)
_OLD_LINK_SPLIT = re.compile(r"[\s,;|]+")
_OLD_URLISH = re.compile(r"^(?:https?://|www\.)|^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/|$)", re.I)
_OLD_FILE_SUFFIX = re.compile(r"\.(?:pdf|html?|zip|docx?|txt|md|json|png|jpe?g|gif|webp)$", re.I)
_OLD_BARE_SLUG = re.compile(r"^/?in/[A-Za-z0-9][A-Za-z0-9_%-]{2,99}/?$")


def _old_is_url(token: str) -> bool:
    if re.match(r"^(?:https?://|www\.)", token, re.I):
        return True
    return bool(_OLD_URLISH.match(token)) and not _OLD_FILE_SUFFIX.search(token)


def _old_domain_field(url: str) -> str:
    low = url.lower()
    if "linkedin.com/" in low or "lnkd.in/" in low:
        return "linkedin"
    if "github.com/" in low:
        return "github"
    return "site"


def _old_route(fld: str, value: str) -> list[tuple[str, str]]:
    if fld == "phone":
        pieces = [x for x in _OLD_PHONE_SPLIT.split(value) if x]
        if len(pieces) > 1 and all(sum(ch.isdigit() for ch in x) >= 7 for x in pieces):
            return [("phone", x) for x in pieces]
        return [("phone", value)]
    if fld in ("links", "linkedin", "github", "site"):
        tokens = [t.strip("<>()[]\"'") for t in _OLD_LINK_SPLIT.split(value) if t.strip()]
        urls = [t for t in tokens if _old_is_url(t)]
        if not urls:
            if fld == "linkedin" and _OLD_BARE_SLUG.match(value.strip()):
                slug = value.strip().removeprefix("/").removeprefix("in/").strip("/")
                return [("linkedin", f"https://www.linkedin.com/in/{slug}")]
            return [] if fld == "links" else [(fld, value)]
        if fld != "links" and len(urls) == 1 and len(tokens) == 1:
            return [(_old_domain_field(urls[0]), urls[0])]
        return [(_old_domain_field(u), u) for u in urls]
    return [(fld, value)]


def _old_fields(sheet: Sheet, cells: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    fields: dict[str, str] = {}
    parts: dict[str, str] = {}
    problems: list[str] = []
    for col, fld in sheet.columns.items():
        value = cells[col] if col < len(cells) else ""
        if not value:
            continue
        value, problem = _unexcel(value)
        if problem:
            problems.append(f"{sheet.headers[col]}: {problem}")
        if not value:
            continue
        if fld in NAME_PARTS or fld in ADDRESS_PART_FIELDS or fld == "phone_code":
            parts[fld] = f"{parts[fld]} {value}" if fld in parts else value
            continue
        for target, item in _old_route(fld, value):
            _add(fields, target, item)
    if parts and not fields.get("name"):
        name = " ".join(parts[p] for p in NAME_PARTS if p in parts)
        if name:
            fields["name"] = name
    _assemble_addresses(fields, parts)
    if parts.get("phone_code") and fields.get("phone"):
        fields["phone"] = _with_code(parts["phone_code"], fields["phone"])
    return fields, problems


def _old_rows(sheet: Sheet) -> Iterator[SheetRow]:
    seen_ids: dict[str, int] = {}
    pending_blank: list[int] = []
    number = sheet._header_row
    dup_notes = 0
    for raw in sheet._rows:
        number += 1
        cells = [_cell(v) for v in raw]
        if sheet.merged:
            for c in range(max(len(cells), max((k[1] for k in sheet.merged), default=0) + 1)):
                fill = sheet.merged.get((number - 1, c))
                if fill is not None:
                    while len(cells) <= c:
                        cells.append("")
                    if not cells[c]:
                        cells[c] = _cell(fill)
        fields, problems = _old_fields(sheet, cells)
        if not any(fields.values()):
            pending_blank.append(number)
            continue
        for blank in pending_blank:
            yield SheetRow(blank, sheet._unique(f"empty-row-{blank}", seen_ids), {}, empty=True)
        pending_blank.clear()
        given = fields.pop("id", "")
        rid = sheet._unique(given or content_id(fields), seen_ids)
        if given and rid != given:
            dup_notes += 1
            if dup_notes <= 5:
                sheet.warnings.append(f"row {number}: duplicate id {given!r}, reported as {rid!r}")
        yield SheetRow(number, rid, fields, problems=tuple(problems))
    if dup_notes > 5:
        sheet.warnings.append(f"{dup_notes - 5} more duplicate ids were renamed the same way")


def _same_rows(path: Path) -> int:
    """The new and the old reader on one sheet: identical rows and warnings; the row count."""
    new_sheet, old_sheet = open_sheet(path), open_sheet(path)
    new, old = list(new_sheet.rows()), list(_old_rows(old_sheet))
    assert new == old
    assert [type(r.fields) for r in new] == [type(r.fields) for r in old]
    assert [list(r.fields) for r in new] == [list(r.fields) for r in old]  # key order too
    assert new_sheet.warnings == old_sheet.warnings
    return len(new)


# --------------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------------


def test_bench_sheet_rows_identical(tmp_path: Path) -> None:
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(ROOT / "bench"))
    try:
        import bench_batch

        mp.setattr(bench_batch, "OUT", tmp_path)
        path = bench_batch.make_structured(3000)
    finally:
        mp.undo()
    assert _same_rows(path) == 3000


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "fixtures" / "ats").glob("*.*")), ROOT / "fixtures/batch/applicants.csv"],
    ids=lambda p: p.name,
)
def test_fixture_sheets_rows_identical(path: Path) -> None:
    if path.suffix not in (".csv", ".xlsx", ".tsv"):
        pytest.skip("not a sheet")
    assert _same_rows(path) > 0


_ADVERSARIAL = [
    "(312) 555-0142",
    "+1 312 555 0142",
    "(312) 555-0142; (312) 555-0199",
    "312-555-0142 or 312-555-0177",
    "312 555 0142 AND 312 555 0143",
    "312-555-0142 / 312-555-0143",
    "312-555-0142/0143",
    "3125550142.0",
    '="0123 555 0142"',
    "'0312555014",
    "=A1",
    "=SUM(B2:B3)",
    "#N/A",
    "#REF!",
    '=HYPERLINK("https://www.linkedin.com/in/dana-x","Dana")',
    "https://www.linkedin.com/in/dana-whitfield",
    "HTTPS://GITHUB.COM/dana",
    "www.example.com/dana",
    "example.org/portfolio",
    "dana.pdf",
    "cv/dana.html",
    "in/dana-whitfield",
    "/in/dana-whitfield/",
    "<https://www.linkedin.com/in/dana>",
    "(https://github.com/dana)",
    "()",
    '"\'"',
    "https://example.com/a, https://github.com/b | www.linkedin.com/in/c",
    "https://lnkd.in/abc https://example.org",
    "httpſ://example.com",
    "ＨＴＴＰＳ://example.com",
    "dana@example.com",
    "dana@example.com; dana.w@example.org",
    "Dana  Whitfield",
    "Ｄａｎａ Ｗｈｉｔｆｉｅｌｄ",
    "José Núñez",
    "Δανάη",
    "a\u200bb",
    "x\u202eevil",
    "tab\there",
    "line\nbreak",
    "  padded  ",
    "N/A",
    "none",
    "-",
    "0",
    "",
    "   ",
    "12",
    "Main St",
    "Apt 4",
    "Springfield",
    "IL",
    "62704",
    "United States",
    "+1",
    "312",
]


def _random_cell(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(_ADVERSARIAL)
    if rng.random() < 0.5:
        return " ".join(rng.sample(_ADVERSARIAL, 2))
    alphabet = "ab AZ09.-/:;,|@#='()<>\"\n\tñ\u200b"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))


_HEADER_SETS = [
    ["Candidate ID", "Name", "Email", "Phone", "Location", "Address", "LinkedIn", "Website"],
    ["First Name", "Middle Name", "Last Name", "E-mail", "Mobile", "Country Code", "Links"],
    ["name", "phone", "Address Line 1", "Address Line 2", "City", "State", "Zip", "Country",
     "Shipping Address Line 1", "Shipping City", "Shipping State", "Shipping Zip", "GitHub"],
    ["Name", "Email", "Phone", "Phone", "Portfolio", "LinkedIn Profile", "Resume Text", "Notes"],
]  # fmt: skip


@pytest.mark.parametrize("seed", range(8))
def test_adversarial_sheets_rows_identical(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    header = _HEADER_SETS[seed % len(_HEADER_SETS)]
    path = tmp_path / f"sheet{seed}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for _ in range(400):
            if rng.random() < 0.03:
                out.writerow([])  # blank rows between data
                continue
            out.writerow([_random_cell(rng) for _ in header])
    assert _same_rows(path) > 0


def test_route_matches_old_on_many_values() -> None:
    rng = random.Random(7)
    values = [*_ADVERSARIAL, *(_random_cell(rng) for _ in range(5000))]
    for fld in ("phone", "links", "linkedin", "github", "site", "email", "name"):
        for value in values:
            if value:
                assert spreadsheet._route(fld, value) == _old_route(fld, value), (fld, value)


# --------------------------------------------------------------------------------------------
# The pipe
# --------------------------------------------------------------------------------------------


def test_chunk_crosses_the_pipe_as_equal_tasks() -> None:
    path = ROOT / "fixtures/ats/greenhouse.csv"
    rows = list(open_sheet(path).rows())
    chunk = _Chunk(_Fresh(RowTask(i, r)) for i, r in enumerate(rows))
    other = _Again(len(rows), b'{"i": 0}')
    chunk.append(other)
    back = pickle.loads(pickle.dumps(chunk))
    assert type(back) is list
    assert back == list(chunk)
    assert _unpack([]) == []


def _big(n: int) -> bytes:
    return bytes([n % 251]) * (n * 50_000)


def _boom(n: int) -> bytes:
    if n == 3:
        import os

        os._exit(5)
    return _big(n)


def test_pool_receives_large_results_intact() -> None:
    got = sorted(pool.run_pool(range(12), _big, workers=2, on_death=lambda t, r: b""))
    assert got == sorted(_big(n) for n in range(12))


def test_pool_still_notices_a_dead_worker() -> None:
    deaths: list[Any] = []

    def died(task: int, reason: str) -> bytes:
        deaths.append((task, reason))
        return b"lost"

    got = list(pool.run_pool(range(6), _boom, workers=2, on_death=died))
    assert deaths == [(3, "the worker process exited with code 5")]
    assert sorted(got, key=len) == sorted([*(_big(n) for n in (0, 1, 2, 4, 5)), b"lost"], key=len)


def test_results_cross_the_pipe_as_the_tuples_the_parent_reads() -> None:
    from scanner.batch.runfile import RowSummary
    from scanner.batch.stream import RowOut, _flat, _Outs, _Rows

    summary = RowSummary(7, "low", False, 2, ("CT005", "SRC002"), 4, (("phone", "555-0100"),))
    outs = [
        RowOut(3, b'{"i":3}', 2, 6, b'{"t":"nr"}', (1, 2**63, 3), summary, "store was locked"),
        RowOut(0, b"", 0, 0, None, (), RowSummary(0, "unknown-level", True, -1)),
    ]
    back = pickle.loads(pickle.dumps(_Outs(outs)))
    assert back == [_flat(o) for o in outs]
    assert back[0][:7] == (3, b'{"i":3}', 2, 6, b'{"t":"nr"}', (1, 2**63, 3), "store was locked")
    by_object, by_tuple = _Rows(), _Rows()
    for n, (o, t) in enumerate(zip(outs, back, strict=True)):
        by_object.take(o, 100 * n)
        by_tuple.take(t, 100 * n)
    assert vars(by_object) == vars(by_tuple)
    from scanner.batch.stream import _LEVELS

    assert list(by_tuple.offset[:5]) == [100, -1, -1, 0, -1]  # rows 1, 2, 4 not taken (yet)
    assert list(by_tuple.worst[:5]) == [-1, -1, -1, 2, -1]
    assert list(by_tuple.level[:5]) == [0, 0, 0, _LEVELS.index("low"), 0]
    assert bytes(by_tuple.seen[:5]) == b"\x01\x00\x00\x01\x00"
    assert sum(by_tuple.seen) == 2
    sizes = {len(a) for a in (by_tuple.offset, by_tuple.length, by_tuple.out_start,
                              by_tuple.out_len, by_tuple.score, by_tuple.level,
                              by_tuple.complete, by_tuple.worst, by_tuple.seen)}  # fmt: skip
    assert len(sizes) == 1
    assert by_tuple.codes == {"CT005": 1, "SRC002": 1}
