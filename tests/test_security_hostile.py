"""Hostile inputs never reach the "internal error" catch-all: each one gets a message of its own
(an SRC001, a refused source, a one-line usage error) and the rest of the run goes on.

Every case runs the real entry point (`scanner.cli.main`), where the catch-all lives."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from security_helpers import scanner_main, scanner_process, write_sheet


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _nested_json(depth: int) -> bytes:
    return b'{"basics": {"name": "Dana"}, "work": ' + b"[" * depth + b"]" * depth + b"}"


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "empty.txt": lambda: b"",
    "nul.txt": lambda: b"Dana\x00Whitfield\x00" * 1000,
    "garbage.pdf": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 100,
    "truncated.pdf": lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nstream\nx\x9c",
    "garbage.docx": lambda: _zip({"word/document.xml": b"<w:document><<<"}),
    "notdocx.docx": lambda: b"PK\x03\x04" + b"\xff" * 300,
    "bad-utf16.txt": lambda: b"\xff\xfe" + b"\x00\xd8" * 500,
    "one-line.txt": lambda: b"x" * 1_000_000,
    "deep.json": lambda: _nested_json(20_000),
    "types.json": lambda: json.dumps(
        {
            "basics": {"name": 5, "email": ["x"], "location": "here"},
            "work": ["x", 1, None, {"name": {"a": 1}, "startDate": 2019, "endDate": []}],
            "education": {"school": "x"},
        }
    ).encode(),
    "array.json": lambda: b"[1, 2, 3]",
    "deep.html": lambda: b"<div>" * 20_000 + b"Dana Whitfield",
    "export.zip": lambda: _zip({"Positions.csv": b"\xff\xfe\x00garbage", "Profile.csv": b""}),
    "encrypted.zip": lambda: bytes.fromhex("504b0304140001000000") + b"\x00" * 40,
    "image.png": lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    "linkedin.pdf": lambda: b"%PDF-1.4\n%%EOF\n",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_hostile_document_is_an_unreadable_source_not_an_internal_error(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(DOCUMENTS[name]())
    run = scanner_main("check", path, "--name", "Dana Whitfield", "--no-db", "--format", "json")
    run.assert_handled()
    assert run.code in (0, 1, 3), run.err
    doc = json.loads(run.out)
    assert doc["candidates"][0]["sources"]


def test_every_hostile_document_in_one_batch(tmp_path: Path) -> None:
    rows = []
    for i, name in enumerate(sorted(DOCUMENTS)):
        (tmp_path / name).write_bytes(DOCUMENTS[name]())
        rows.append([f"H{i}", f"Person{chr(65 + i)} Name", name])
    rows.append(["OK", "Dana Whitfield", ""])
    sheet = write_sheet(tmp_path / "a.csv", ["id", "name", "resume"], rows)
    run = scanner_main("batch", sheet, "--no-db", "--offline", "-w", "2", "-q")
    run.assert_handled()
    doc = json.loads(run.out)
    assert len(doc["candidates"]) == len(rows)


SHEETS: dict[str, Callable[[], bytes]] = {
    "header-only.csv": lambda: b"name,email\n",
    "no-identity.csv": lambda: b"colour,size\nred,xl\n",
    "binary.csv": lambda: bytes(range(256)) * 50,
    "big-cell.csv": lambda: b"name,resume text\nDana Whitfield," + b"y" * 1_000_000 + b"\n",
    "quotes.csv": lambda: b'name,email\n"Dana\n"unterminated,x\n',
    "utf16.csv": lambda: "name\tphone\nDana Whitfield\t(312) 555-0100\n".encode("utf-16"),
    "errors.csv": lambda: b'name,phone\n#REF!,=A1+1\n=HYPERLINK("x"),#N/A\n',
    "fake.xlsx": lambda: b"PK\x03\x04" + b"\x00" * 500,
    "zip-no-sheets.xlsx": lambda: _zip({"hello.txt": b"x"}),
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_a_hostile_spreadsheet_is_a_message_not_an_internal_error(
    name: str, tmp_path: Path
) -> None:
    sheet = tmp_path / name
    sheet.write_bytes(SHEETS[name]())
    run = scanner_main("batch", sheet, "--no-db", "--offline", "-w", "1", "-q")
    run.assert_handled()
    assert run.code in (0, 1, 2, 3), run.err
    if run.code == 2:
        assert run.err.startswith("scanner: error:") and len(run.err.splitlines()) == 1


def test_a_run_of_digits_in_a_resume_is_read_in_linear_time(tmp_path: Path) -> None:
    cv = tmp_path / "cv.txt"
    cv.write_text("Dana Whitfield\nExperience\nEngineer, Acme 2019 - Present\n" + "1" * 2_000_000)
    # A hang guard, not a speed figure: the quadratic pattern took minutes on this input.
    run = scanner_process("check", cv, "--no-db", "--format", "json", timeout=120)
    run.assert_handled()
    assert run.code in (0, 1, 3)


def test_a_tampered_store_row_is_a_message(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    assert scanner_main("check", "--name", "Dana Whitfield", "--db", db).code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sources SET source_json = '{\"kind\": 5', profile_json = '[1'")
        conn.execute("UPDATE scans SET findings_json = 'nope'") if _has(
            conn, "scans", "findings_json"
        ) else None
    for args in (
        ["history", "dana-whitfield"],
        ["revalidate", "--offline", "--only", "dana-whitfield"],
    ):
        run = scanner_main(*args, "--db", db)
        run.assert_handled()


def _has(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in conn.execute(f"PRAGMA table_info({table})"))


def test_a_webhook_url_without_a_scheme_is_not_printed(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    assert scanner_main("check", "--name", "Dana Whitfield", "--db", db, "--track").code == 0
    run = scanner_main("revalidate", "--db", db, "--webhook", "hooks.example.org/T0/B0/SECRETPART")
    run.assert_handled()
    assert run.code == 2 and "SECRETPART" not in run.err


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--resume", "/nonexistent/cv.pdf"],
        ["check", "--github", "../../etc/passwd", "--offline", "--no-db"],
        ["check", "--site", "file:///etc/passwd", "--no-db"],
        ["check", "--linkedin", "javascript:alert(1)", "--no-db", "--offline"],
        ["batch", "/nonexistent.csv"],
        ["history", "nobody", "--db", "/nonexistent/dir/h.db"],
        ["check", "--name", "x", "--db", "/proc/self/environ"],
    ],
)
def test_hostile_arguments_are_messages(args: list[str]) -> None:
    run = scanner_main(*args)
    run.assert_handled()
