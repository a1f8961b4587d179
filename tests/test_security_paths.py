"""Issue 12, item 1: applicant-typed spreadsheet cells never open files outside the documents
folder, never devices or FIFOs, and URL columns are never opened as paths. Also: document paths
are stored absolute, so `revalidate` from elsewhere reads the same file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from security_helpers import scanner_main, scanner_process, write_sheet

RESUME = "Experience\nHidden Engineer, Secretive Corp 2019 - Present\nleak.me@example.org\n"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A sheet folder and, beside it, a folder with a private file the cells must not reach."""
    sheet_dir, outside = tmp_path / "sheet", tmp_path / "outside"
    sheet_dir.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text(RESUME)
    return sheet_dir, outside


def batch_json(sheet: Path, *extra: str | Path, child: bool = False) -> dict:
    run = (scanner_process if child else scanner_main)(
        "batch", sheet, "--no-db", "--offline", "-w", "1", "--quiet", *extra
    )
    run.assert_handled()
    assert run.code in (0, 1, 3), run.err
    return json.loads(run.out)


def sources(doc: dict, cid: str) -> list[dict]:
    return next(c for c in doc["candidates"] if c["id"] == cid)["sources"]


def test_document_cells_cannot_reach_files_outside_the_sheet_folder(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet_dir, outside = layout
    (sheet_dir / "link.txt").symlink_to(outside / "secret.txt")
    monkeypatch.setenv("HOME", str(outside.parent))
    sheet = write_sheet(
        sheet_dir / "applicants.csv",
        ["id", "name", "resume", "linkedin"],
        [
            ["A1", "Dana Abs", str(outside / "secret.txt"), ""],
            ["A2", "Dana Rel", "../outside/secret.txt", ""],
            ["A3", "Dana Home", "~/outside/secret.txt", ""],
            ["A4", "Dana Proc", "/proc/self/environ", ""],
            ["A5", "Dana Link", "link.txt", ""],
            ["A6", "Dana Li", "", "../outside"],
        ],
    )
    doc = batch_json(sheet)
    text = json.dumps(doc)
    assert "leak.me" not in text and "Secretive" not in text
    for cid in ("A1", "A2", "A3", "A4", "A5", "A6"):
        [_, src] = sources(doc, cid)
        assert src["status"] == "error", (cid, src)
        assert src["error"].startswith("not read:"), src["error"]
        c = next(c for c in doc["candidates"] if c["id"] == cid)
        assert not c["complete"] and any(f["code"] == "SRC001" for f in c["findings"])
    assert "outside the documents folder" in sources(doc, "A1")[1]["error"]
    assert "home-relative" in sources(doc, "A3")[1]["error"]


def test_a_fifo_or_a_device_cell_is_refused_without_blocking(
    layout: tuple[Path, Path], tmp_path: Path
) -> None:
    sheet_dir, _ = layout
    os.mkfifo(sheet_dir / "fifo.txt")
    sheet = write_sheet(
        sheet_dir / "applicants.csv",
        ["id", "name", "resume", "photo"],
        [["A1", "Dana Fifo", "fifo.txt", ""], ["A2", "Dana Dev", "", "fifo.txt"]],
    )
    doc = batch_json(sheet, child=True)  # in a child: reading the FIFO would hang
    assert "not a regular file" in sources(doc, "A1")[1]["error"]
    # A device under --documents: the cell names /dev/zero, which is not a regular file.
    sheet2 = write_sheet(
        tmp_path / "devices.csv", ["id", "name", "resume"], [["D1", "Dana Zero", "zero"]]
    )
    doc2 = batch_json(sheet2, "--documents", "/dev", child=True)
    assert "not a regular file" in sources(doc2, "D1")[1]["error"]


def test_url_columns_take_urls_only(layout: tuple[Path, Path]) -> None:
    sheet_dir, outside = layout
    (sheet_dir / "page.html").write_text("<html><body>Secretive Corp</body></html>")
    sheet = write_sheet(
        sheet_dir / "applicants.csv",
        ["id", "name", "website", "github"],
        [
            ["A1", "Dana Site", str(outside / "secret.txt"), ""],
            ["A2", "Dana Page", "page.html", ""],
            ["A3", "Dana Git", "", "../../outside/secret.txt"],
        ],
    )
    doc = batch_json(sheet)
    assert "Secretive" not in json.dumps(doc)
    for cid, what in (("A1", "website"), ("A2", "website"), ("A3", "github")):
        errors = [s["error"] or "" for s in sources(doc, cid)]
        assert any(f"the {what} column takes" in e for e in errors), errors


def test_documents_option_is_the_folder_cells_may_point_into(
    layout: tuple[Path, Path], tmp_path: Path
) -> None:
    sheet_dir, outside = layout
    sheet = write_sheet(
        sheet_dir / "applicants.csv",
        ["id", "name", "resume"],
        [["A1", "Dana Docs", "secret.txt"], ["A2", "Dana Up", "../sheet/applicants.csv"]],
    )
    doc = batch_json(sheet, "--documents", outside)
    assert sources(doc, "A1")[1]["status"] == "ok"  # relative to --documents, inside it
    assert "outside the documents folder" in sources(doc, "A2")[1]["error"]


def test_paths_the_analyst_types_stay_trusted(layout: tuple[Path, Path]) -> None:
    _, outside = layout
    run = scanner_main(
        "check", "--resume", outside / "secret.txt", "--no-db", "--format", "json", "--offline"
    )
    run.assert_handled()
    assert json.loads(run.out)["candidates"][0]["sources"][0]["status"] == "ok"


def test_revalidate_never_reads_what_a_cell_named_outside_the_folder(
    layout: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet_dir, outside = layout
    db = tmp_path / "h.db"
    monkeypatch.setenv("SCANNER_TEST_SECRET", "webhook-token-123")
    sheet = write_sheet(
        sheet_dir / "applicants.csv",
        ["id", "name", "resume"],
        [["A1", "Dana Env", "/proc/self/environ"], ["A2", "Dana Rel", "../outside/secret.txt"]],
    )
    run = scanner_main("batch", sheet, "--db", db, "--offline", "-w", "1", "--quiet", "--track")
    run.assert_handled()
    monkeypatch.chdir(outside)  # revalidate elsewhere: a relative cell must not resolve here
    again = scanner_main("revalidate", "--db", db, "--offline", "--format", "json")
    again.assert_handled()
    assert "webhook-token-123" not in again.out + again.err
    assert "leak.me" not in again.out + again.err
    from scanner.store import open_store

    with open_store(db) as store:
        for pid in ("A1", "A2"):
            latest = store.latest_scan(pid)
            assert latest is not None and latest.origin == "revalidate"
            assert all(
                s.status.value == "error" for s in latest.sources if s.kind.value == "resume"
            )


def test_sheet_document_paths_are_stored_absolute(
    layout: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet_dir, _ = layout
    (sheet_dir / "cv.txt").write_text(
        "Experience\nSenior Engineer, Globex Systems 2019 - Present\n"
    )
    db = tmp_path / "h.db"
    sheet = write_sheet(sheet_dir / "applicants.csv", ["id", "name", "resume"],
                        [["A1", "Dana Cv", "cv.txt"]])  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "cv.txt").write_text("Experience\nWrong File, Wrong Corp 2001 - 2002\n")
    monkeypatch.chdir(elsewhere)
    run = scanner_main("batch", sheet, "--db", db, "--offline", "-w", "1", "--quiet", "--track")
    run.assert_handled()
    from scanner.store import open_store

    with open_store(db) as store:
        latest = store.latest_scan("A1")
        assert latest is not None
        [src] = [s for s in latest.sources if s.kind.value == "resume"]
        assert src.local_path == str((sheet_dir / "cv.txt").resolve())
    again = scanner_main("revalidate", "--db", db, "--offline", "--format", "json")
    again.assert_handled()
    with open_store(db) as store:
        latest = store.latest_scan("A1")
        assert latest is not None and latest.origin == "revalidate"
        [src] = [s for s in latest.sources if s.kind.value == "resume"]
        assert src.ok and src.collector != "store"
        assert src.profile is not None
        assert [p.org for p in src.profile.experience] == ["Globex Systems"]
