"""Huge inputs through the whole command: they finish within the configured limits and say what
was left unread, instead of hanging or failing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def check(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "check", "--no-db", "--format", "json", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_fifty_megabyte_single_line_text_is_truncated_with_a_note(tmp_path: Path) -> None:
    big = tmp_path / "one-line.txt"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("Dana Whitfield dana.whitfield@example.com ")
        chunk = "Kubernetes Go Python PostgreSQL " * 1000
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    code, doc = check(str(big), "--name", "Dana Whitfield")
    assert code in (0, 1)
    cand = doc["candidates"][0]
    src = cand["sources"][1]
    assert src["status"] == "ok", src["error"]
    prof = next(p for p in cand["profiles"] if p["source"] == 1)
    assert any("first" in n or "truncat" in n or "only" in n for n in prof["notes"]), prof["notes"]
    assert code in (0, 1)


def test_file_over_the_size_limit_is_src001_not_read(tmp_path: Path) -> None:
    (tmp_path / "scanner.toml").write_text("[limits]\nmax_file_bytes = 1000\n")
    cv = tmp_path / "cv.txt"
    cv.write_text("Dana Whitfield\n" + "x" * 5000)
    code, doc = check(str(cv), "--name", "Dana Whitfield", cwd=tmp_path)
    src = doc["candidates"][0]["sources"][1]
    assert src["status"] == "error" and "limit" in src["error"]
    assert code == 3


def test_thirty_megabyte_docx_with_a_large_image_is_read(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Dana Whitfield")
    d.add_paragraph("dana.whitfield@example.com")
    d.add_heading("Experience", level=1)
    d.add_paragraph("Staff Software Engineer, Acme Corp")
    d.add_paragraph("Mar 2019 – Present")
    small = tmp_path / "small.docx"
    d.save(small)
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/media/scan.bin", os.urandom(30_000_000))
    assert big.stat().st_size > 30_000_000
    code, doc = check(str(big), "--name", "Dana Whitfield")
    assert code in (0, 1)
    cand = doc["candidates"][0]
    assert cand["sources"][1]["status"] == "ok", cand["sources"][1]["error"]
    prof = next(p for p in cand["profiles"] if p["source"] == 1)
    assert [e["org"] for e in prof["experience"]] == ["Acme Corp"]


def test_many_page_pdf_reads_only_the_page_limit(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(500):
        pdf.add_page()
        pdf.cell(0, 10, f"Dana Whitfield - page {n + 1}")
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    (tmp_path / "scanner.toml").write_text("[limits]\nmax_pages = 20\n")
    code, doc = check(str(path), "--name", "Dana Whitfield", cwd=tmp_path)
    assert code in (0, 1)
    cand = doc["candidates"][0]
    assert cand["sources"][1]["status"] == "ok"
    prof = next(p for p in cand["profiles"] if p["source"] == 1)
    assert any("20" in n and "500" in n for n in prof["notes"]), prof["notes"]
