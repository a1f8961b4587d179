"""Issue 12, items 4 and 5: values from documents and spreadsheet cells are data on the terminal.
Rich markup in them is shown as written (never parsed: no crash, no disguised link), and control
and bidi characters (OSC title, CSI clear, OSC 8 links, RTL override) never reach the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from security_helpers import scanner_main, write_sheet

ESCAPES = {
    "title": "\x1b]0;owned\x07",
    "clear": "\x1b[2J\x1b[H",
    "link": "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07",
    "csi8": "\x9b2J",
    "bidi": "\u202egnp.exe",
}


def assert_inert(text: str) -> None:
    for name, seq in ESCAPES.items():
        assert seq not in text, name
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x9b" not in text


def test_markup_in_document_strings_is_shown_as_written(tmp_path: Path) -> None:
    work = [
        {"name": "Acme [/] Corp", "position": "[link=https://evil.example/]Staff Engineer[/link]",
         "startDate": "2019-01"},
        {"name": "Globex [bold]Systems", "position": "Engineer", "startDate": "2015-01",
         "endDate": "2018-12"},
    ]  # fmt: skip
    resume = tmp_path / "r.json"
    resume.write_text(json.dumps({"basics": {"name": "Dana Whitfield"}, "work": work}))
    cv = tmp_path / "cv.txt"
    cv.write_text("Dana Whitfield\nExperience\nStaff Engineer at Acme Corp\nJan 2019 - Present\n")
    run = scanner_main("check", resume, cv, "--no-db", "--name", "Dana [/] Whitfield [/red]")
    run.assert_handled()
    assert run.code in (0, 1, 3)
    assert "Acme [/] Corp" in run.out and "Dana [/] Whitfield [/red]" in run.out
    assert "[link=https://evil.example/]" in run.out  # shown, not turned into a link


def test_escapes_typed_into_cells_never_reach_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    sheet = write_sheet(
        tmp_path / "a.csv",
        ["id", "name", "location", "website", f"note{ESCAPES['title']}"],
        [["A1", f"Dana{ESCAPES['title']} Whitfield{ESCAPES['bidi']}", ESCAPES["clear"],
          f"https://example.org/{ESCAPES['link']}", ESCAPES["csi8"]]],
    )  # fmt: skip
    run = scanner_main("batch", sheet, "--db", db, "--offline", "-w", "1", "--allow-unmapped")
    run.assert_handled()
    assert_inert(run.err)  # warnings name the columns
    assert "ignored column" in run.err or "note" in run.err
    doc = json.loads(run.out)
    assert doc["candidates"][0]["name"] == "Dana]0;owned Whitfieldgnp.exe"  # controls dropped
    assert_inert(run.out)
    history = scanner_main("history", "A1", "--db", db)
    history.assert_handled()
    assert history.code == 0 and "Dana" in history.out
    assert_inert(history.out + history.err)


def test_application_flags_are_cleaned_and_the_table_shows_no_escapes(tmp_path: Path) -> None:
    run = scanner_main(
        "check", "--name", f"Dana {ESCAPES['clear']}Whitfield", "--location", ESCAPES["link"],
        "--no-db",
    )  # fmt: skip
    run.assert_handled()
    assert "Dana [2J[HWhitfield" in run.out  # the escape bytes are gone; what is left is text
    assert_inert(run.out + run.err)


def test_revalidate_with_markup_in_a_stored_url_finishes_its_run(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    sheet = write_sheet(
        tmp_path / "a.csv",
        ["id", "name", "website"],
        [["A1", "Dana Whitfield", "https://example.org/[/]x[link=https://evil.example/]"]],
    )
    run = scanner_main("batch", sheet, "--db", db, "--offline", "-w", "1", "-q", "--track")
    run.assert_handled()
    for _ in range(2):  # a run left "running" would be resumed, and its alert sent again
        again = scanner_main("revalidate", "--db", db, "--offline")
        again.assert_handled()
        assert again.code in (0, 1, 3), again.err
        assert "resumed" not in again.err
    from scanner.store import open_store

    with open_store(db) as store:
        rows = store.conn.execute("SELECT status FROM runs").fetchall()
    assert rows and all(r[0] != "running" for r in rows)


def test_clean_field_drops_exactly_what_terminal_safe_drops_quick_path_or_not() -> None:
    import random

    from scanner.terminal import clean_field, terminal_safe

    pool = [chr(c) for c in range(0, 0xA0)] + list("\u061c\u200b\u200e\u200f\u2028\u2029")
    pool += list("\u202a\u202e\u2060\u2066\u2069\ufeff éü中\U0001f600 abcXYZ019-,.")
    rng = random.Random(9)
    for _ in range(5000):
        value = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert clean_field(value) == terminal_safe(value).replace("\t", " "), repr(value)
    assert clean_field("Dana Whitfield") == "Dana Whitfield"
