"""Issue 12, item 3: tiny hostile inputs do not exhaust memory or CPU. A sheet with one cell far
out, a PDF flate bomb, a LinkedIn export with a huge Positions.csv and a JSON Resume with
thousands of overlapping roles are each refused or cut with a clear message."""

from __future__ import annotations

import io
import json
import random
import zipfile
import zlib
from pathlib import Path

import pytest
from documents_helpers import raw_one_page_pdf
from security_helpers import scanner_main, scanner_process

from extractors.documents.base import ExtractionError


def _xlsx(path: Path, far: tuple[int, int]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "name", "email"
    ws["A2"], ws["B2"] = "Dana Whitfield", "dana@example.com"
    ws.cell(row=far[0], column=far[1], value="x")
    wb.save(path)
    return path


@pytest.mark.parametrize("far", [(1_048_576, 16_384), (200_000, 2_000)])
def test_a_sheet_with_a_cell_far_out_is_refused_in_one_line(
    tmp_path: Path, far: tuple[int, int]
) -> None:
    sheet = _xlsx(tmp_path / "tiny.xlsx", far)
    assert sheet.stat().st_size < 10_000
    # In a child process: the reader's allocation failure aborts the whole process.
    run = scanner_process("batch", sheet, "--no-db", "--offline", "-w", "1", "-q")
    run.assert_handled()
    assert run.code == 2, run.err
    [line] = run.err.strip().splitlines()
    assert "cells, over the limit" in line


def test_a_normal_sheet_is_not_refused(tmp_path: Path) -> None:
    sheet = _xlsx(tmp_path / "ok.xlsx", (3, 2))
    run = scanner_main("batch", sheet, "--no-db", "--offline", "-w", "1", "-q")
    run.assert_handled()
    assert run.code in (0, 1, 3) and json.loads(run.out)["candidates"]


def test_a_pdf_flate_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    body = b"BT /F1 12 Tf 72 700 Td (Experience) Tj ET\n" + b"0 0 m 1 1 l S\n" * 2_000_000
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(raw_one_page_pdf(zlib.compress(body, 9), flate=True))
    cfg = tmp_path / "limits.toml"
    cfg.write_text("[limits]\nmax_unzipped_bytes = 5000000\n")  # 28 MB of operators > 5 MB
    run = scanner_main("check", "--resume", pdf, "--no-db", "--format", "json", "--config", cfg)
    run.assert_handled()
    assert run.code == 3
    [src] = json.loads(run.out)["candidates"][0]["sources"]
    assert src["status"] == "error" and "compression bomb" in src["error"]


def test_flate_of_flate_is_followed_and_damage_is_not_a_crash() -> None:
    from extractors.documents.bombs import refuse_pdf_bomb

    inner = zlib.compress(b"0 0 m\n" * 2_000_000, 9)  # 12 MB inflated
    twice = zlib.compress(inner, 9)
    with pytest.raises(ExtractionError, match="compression bomb"):
        refuse_pdf_bomb(raw_one_page_pdf(twice, flate=True), 5_000_000)
    refuse_pdf_bomb(raw_one_page_pdf(twice, flate=True), 50_000_000)  # under the limit: fine
    refuse_pdf_bomb(raw_one_page_pdf(b"x^" + b"\xff" * 100, flate=True), 1000)  # not really zlib
    refuse_pdf_bomb(raw_one_page_pdf(zlib.compress(b"BT ET")[:-3], flate=True), 1000)  # cut short


def test_a_linkedin_export_with_a_huge_positions_file_is_not_held_in_memory(
    tmp_path: Path,
) -> None:
    rng = random.Random(7)
    rows = "Company Name,Title,Started On,Finished On\n" + "".join(
        f"C{rng.getrandbits(24):x},T,Jan {rng.randint(1990, 2024)},\n" for _ in range(60_000)
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Basic_LinkedInDataExport_01-01-2025/Profile.csv",
                   "First Name,Last Name\nDana,Whitfield\n")  # fmt: skip
        z.writestr("Basic_LinkedInDataExport_01-01-2025/Positions.csv", rows)
    export = tmp_path / "export.zip"
    export.write_bytes(buf.getvalue())
    run = scanner_main("check", export, "--no-db", "--format", "json")
    run.assert_handled()
    cand = json.loads(run.out)["candidates"][0]
    assert not cand["complete"] and run.code == 3
    assert any("Positions.csv has more than" in f["message"] for f in cand["findings"])
    assert cand["profiles"][0]["name"] == "Dana Whitfield"  # the rest of the export is read


def test_thousands_of_overlapping_roles_are_cut_and_summarised(tmp_path: Path) -> None:
    work = [
        {"name": f"Org {i}", "position": "Engineer", "startDate": "2015-01", "endDate": "2020-12"}
        for i in range(2_000)
    ]
    resume = tmp_path / "resume.json"
    resume.write_text(json.dumps({"basics": {"name": "Dana Whitfield"}, "work": work}))
    run = scanner_main("check", resume, "--no-db", "--format", "json")
    run.assert_handled()
    assert len(run.out) < 2_000_000
    cand = json.loads(run.out)["candidates"][0]
    assert len(cand["profiles"][0]["experience"]) == 300
    tl001 = [f for f in cand["findings"] if f["code"] == "TL001"]
    assert tl001 and all(len(f["evidence"]) <= 100 for f in cand["findings"])
    assert len(tl001) <= 51
    assert not cand["complete"]
    assert any("only the first 300 read" in f["message"] for f in cand["findings"])


def test_one_check_reports_at_most_50_findings_then_a_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scanner.config import Config
    from scanner.model import Candidate, Category, Evidence, Severity
    from scanner.registry import CheckContext, CheckSpec, Hit, registry, run_checks

    def noisy(cand: Candidate, ctx: CheckContext):  # type: ignore[no-untyped-def]
        for i in range(5_000):
            yield Hit(f"hit {i}", [Evidence(0, f"experience[{j}]", "x") for j in range(300)])

    registry.load()
    spec = CheckSpec("ZZ999", "Noisy", Category.TIMELINE, Severity.MEDIUM, noisy)
    monkeypatch.setitem(registry._checks, "ZZ999", spec)
    result = run_checks(Candidate(id="c"), CheckContext(config=Config()), ["ZZ999"])
    assert len(result.findings) == 51
    assert all(len(f.evidence) <= 100 for f in result.findings)
    assert "4,950 more ZZ999 findings" in result.findings[-1].message
    assert "200 more pieces of evidence" in result.findings[0].message
