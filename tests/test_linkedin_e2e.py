"""LinkedIn inputs end to end through `python -m scanner check`: every form an analyst can give
(Save-to-PDF export, saved page, data-export ZIP or folder), the bad ones (truncated, another
site, blocked pages, no Positions.csv, no experience, a percent-encoded slug), the HTML report's
timeline for a résumé + LinkedIn candidate (and in Chromium), and the terminal side-by-side view.

Fixtures: fixtures/linkedin/ (make_linkedin.py) and fixtures/crosssource/ (make_crosssource.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.reporters.json_report import load_schema

ROOT = Path(__file__).resolve().parent.parent
LI = ROOT / "fixtures" / "linkedin"
SETS = ROOT / "fixtures" / "crosssource"
RILEY = ["--name", "Riley Thornton", "--email", "riley.thornton@example.com"]
RILEY += ["--phone", "(512) 555-0177", "--location", "Austin, TX"]  # the résumé says 0134
RESUME = SETS / "bad-authwall" / "resume.txt"  # Riley Thornton's résumé, (512) 555-0134


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "check", "--no-db", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    proc = run(*args, "--format", "json")
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, load_schema())
    return proc.returncode, doc["candidates"][0]


def codes(cand: dict[str, Any]) -> set[str]:
    return {f["code"] for f in cand["findings"]}


# ---------------------------------------------------------------------------------------------
# The three forms of one profile
# ---------------------------------------------------------------------------------------------
JORDAN_JOBS = [
    ("Brightline Analytics", "Senior Software Engineer", "2019-03", None),
    ("Harborview Systems", "Software Engineer", "2015-06", "2019-02"),
]


@pytest.mark.parametrize(
    "path, kind, fmt",
    [
        ("pdf/simple.pdf", "linkedin_pdf", "pdf"),
        ("page/profile.html", "linkedin_page", "html"),
        ("export/full.zip", "linkedin_export", "zip"),
        ("export/full", "linkedin_export", "zip"),
    ],
)
def test_each_linkedin_form_is_recognised_and_read(path: str, kind: str, fmt: str) -> None:
    code, cand = run_json(str(LI / path))
    assert code == 0
    src = cand["sources"][0]
    assert (src["kind"], src["format"], src["status"]) == (kind, fmt, "ok")
    prof = cand["profiles"][0]
    assert prof["name"] == "Jordan Ellison"
    got = [(e["org"], e["title"], e["start"], e["end"]) for e in prof["experience"]]
    assert got == JORDAN_JOBS
    assert prof["experience"][0]["current"] is True
    assert [e["school"] for e in prof["education"]] == ["University of Illinois Urbana-Champaign"]
    if kind == "linkedin_pdf":
        assert prof["as_of"] == "2024-11-28"  # "Present" is the export's /CreationDate
        assert "jordan.ellison@example.com" in prof["emails"]
        assert prof["phones"] == ["+1 312 555 0142"]
        assert "https://www.linkedin.com/in/jordan-ellison-4b7a21" in prof["urls"]
    if kind == "linkedin_export":
        assert prof["phones"] == ["+1 312 555 0142"]
        assert prof["emails"][0] == "jordan.ellison@example.com"


def test_all_forms_of_one_profile_agree_with_each_other() -> None:
    """The PDF, the saved page, the ZIP and the folder of one person: no XS or ID finding."""
    code, cand = run_json(
        str(LI / "pdf/simple.pdf"),
        str(LI / "page/profile.html"),
        str(LI / "export/full.zip"),
        str(LI / "export/full"),
    )
    assert code == 0
    assert [s["status"] for s in cand["sources"]] == ["ok"] * 4
    assert not {c for c in codes(cand) if c.startswith(("XS", "ID", "SRC"))}


def test_multi_page_export_reads_grouped_roles_across_pages() -> None:
    code, cand = run_json(str(LI / "pdf/multi_role.pdf"))
    assert code == 0
    prof = cand["profiles"][0]
    assert prof["name"] == "Morgan Castellano"
    orgs = [e["org"] for e in prof["experience"]]
    assert orgs[:3] == ["Northwind Traders"] * 3
    assert "Wingtip Volunteer Network" in orgs
    assert "SRC003" not in codes(cand)  # a genuine export's durations agree with its dates


# ---------------------------------------------------------------------------------------------
# SRC003 on the two kinds of doctored export
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, needle, severity, exit_code",
    [
        ("forged.pdf", "producer", "high", 1),  # another program wrote it
        ("tampered.pdf", "printed duration", "high", 1),  # durations contradict the dates: edited
    ],
)
def test_doctored_export_is_src003(name: str, needle: str, severity: str, exit_code: int) -> None:
    code, cand = run_json(str(LI / "pdf" / name))
    assert code == exit_code
    found = [f for f in cand["findings"] if f["code"] == "SRC003"]
    assert len(found) == 1 and found[0]["severity"] == severity
    assert needle in found[0]["message"]
    assert all(ev["source"] == 0 for ev in found[0]["evidence"])


# ---------------------------------------------------------------------------------------------
# Bad input: a clear message or an SRC finding, and the other sources still compared
# ---------------------------------------------------------------------------------------------
def test_truncated_linkedin_pdf_is_src001_and_the_resume_is_still_compared() -> None:
    code, cand = run_json(str(RESUME), "--linkedin", str(LI / "pdf/truncated.pdf"), *RILEY)
    assert code == 3  # incomplete, nothing at or above high
    src = cand["sources"][2]
    assert src["status"] == "error"
    assert "truncated" in src["error"] or "damaged" in src["error"]
    assert cand["complete"] is False
    assert {"SRC001", "XS007"} <= codes(cand)  # résumé vs application still compared
    src001 = next(f for f in cand["findings"] if f["code"] == "SRC001")
    assert src001["evidence"][0]["source"] == 2


@pytest.mark.parametrize("page", ["authwall", "captcha", "rate_limited", "unavailable"])
def test_blocked_linkedin_page_is_blocked_src002(page: str) -> None:
    code, cand = run_json(str(RESUME), "--linkedin", str(LI / "page" / f"{page}.html"), *RILEY)
    assert code == 3
    src = cand["sources"][2]
    assert src["status"] == "blocked", src
    assert "LinkedIn" in src["error"]
    assert cand["complete"] is False
    found = codes(cand)
    assert {"SRC002", "XS007"} <= found
    assert "SRC001" not in found
    assert not cand["profiles"][2:] or all(p["source"] != 2 for p in cand["profiles"])


@pytest.mark.parametrize(
    "path, kind",
    [("page/authwall.html", "linkedin_page"), ("pdf/truncated.pdf", "linkedin_pdf")],
)
def test_unreadable_linkedin_source_keeps_a_linkedin_kind(path: str, kind: str) -> None:
    _, cand = run_json(str(RESUME), "--linkedin", str(LI / path), *RILEY)
    assert cand["sources"][2]["kind"] == kind


def test_saved_page_of_another_site_given_as_linkedin_is_src001() -> None:
    code, cand = run_json(str(RESUME), "--linkedin", str(LI / "page/other_site.html"), *RILEY)
    assert cand["sources"][2]["status"] == "error"
    assert "not a LinkedIn page" in cand["sources"][2]["error"]
    assert {"SRC001", "XS007"} <= codes(cand)
    assert code == 3


def test_saved_page_of_another_site_is_not_taken_for_linkedin() -> None:
    """Given without a hint, a personal site is recognised as not LinkedIn (no LinkedIn kind,
    no slug, no SRC003) and read as the page it is."""
    _, cand = run_json(str(LI / "page/other_site.html"))
    src = cand["sources"][0]
    assert src["kind"] not in ("linkedin_pdf", "linkedin_page", "linkedin_export")
    assert "SRC003" not in codes(cand)


NO_POSITIONS = SETS / "bad-export-no-positions"
NO_POSITIONS_ARGS = (str(NO_POSITIONS / "resume.docx"), str(NO_POSITIONS / "linkedin_export.zip"))


def test_export_zip_without_positions_is_read_with_a_note() -> None:
    code, cand = run_json(*NO_POSITIONS_ARGS, *RILEY)
    assert code == 3  # read in part: nothing at or above high, but the result is incomplete
    assert cand["complete"] is False
    src = cand["sources"][2]
    assert (src["kind"], src["status"]) == ("linkedin_export", "ok")
    partial = [f for f in cand["findings"] if f["code"] == "SRC001"]
    assert len(partial) == 1 and partial[0]["severity"] == "low"
    assert "Positions.csv" in partial[0]["message"] and partial[0]["evidence"][0]["source"] == 2
    prof = next(p for p in cand["profiles"] if p["source"] == 2)
    assert prof["experience"] == []
    assert prof["name"] == "Riley Thornton" and prof["education"], "the rest is still read"
    assert any("Positions.csv" in n for n in prof["notes"])
    assert "XS002" not in codes(cand)  # no history read: no employer can be missing from it
    assert "XS007" in codes(cand)


def test_the_missing_positions_note_is_shown_in_table_and_html(tmp_path: Path) -> None:
    table = run(*NO_POSITIONS_ARGS, *RILEY, env={"COLUMNS": "160"})
    assert "Positions.csv missing from the export" in table.stdout
    out = tmp_path / "r.html"
    run(*NO_POSITIONS_ARGS, *RILEY, "--format", "html", "--out", str(out))
    assert "Positions.csv missing from the export" in out.read_text(encoding="utf-8")


def test_empty_zip_and_non_export_folder_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("hello", encoding="utf-8")
    code, cand = run_json(str(RESUME), "--linkedin", str(tmp_path / "notes"), *RILEY)
    src = cand["sources"][2]
    assert src["status"] == "error" and "not a LinkedIn data export" in src["error"]
    assert code == 3 and {"SRC001", "XS007"} <= codes(cand)


def test_profile_with_no_experience_is_read_and_compared() -> None:
    code, cand = run_json(str(LI / "pdf/no_experience.pdf"), "--name", "Sam Whitaker-Lee")
    assert code == 0
    src = cand["sources"][1]
    assert (src["kind"], src["status"]) == ("linkedin_pdf", "ok")
    prof = cand["profiles"][1]
    assert prof["experience"] == []
    assert prof["education"][0]["school"] == "DePaul University"
    assert not {c for c in codes(cand) if c.startswith(("XS", "ID", "SRC"))}


@pytest.mark.parametrize("name", ["José Müller", "Jose Muller", "Jose Mueller"])
def test_percent_encoded_unicode_slug_matches_its_name(name: str) -> None:
    code, cand = run_json(str(LI / "pdf/unicode_slug.pdf"), "--name", name)
    prof = cand["profiles"][1]
    assert prof["name"] == "José Müller"
    assert any("linkedin.com/in/" in u for u in prof["urls"])
    assert not {c for c in codes(cand) if c in ("ID001", "XS001")}
    assert code == 0


def test_unicode_profile_of_someone_else_is_still_xs001() -> None:
    """The slug matches the profile's own name (no ID001); the profile is not the candidate's."""
    code, cand = run_json(str(LI / "pdf/unicode_slug.pdf"), "--name", "Dana Whitfield")
    xs001 = [f for f in cand["findings"] if f["code"] == "XS001"]
    assert xs001 and xs001[0]["severity"] == "high"
    assert "ID001" not in codes(cand)
    assert code == 1


def test_old_data_export_present_is_its_folder_date() -> None:
    """An export made on 11-20-2024 says "current" as of that day (not the scan date)."""
    folder = SETS / "benign-old-data-export"
    _, cand = run_json(str(folder / "resume.docx"), str(folder / "linkedin_export.zip"))
    prof = next(p for p in cand["profiles"] if p["source"] == 1)
    assert prof["as_of"] == "2024-11-20"


def test_old_data_export_folder_present_is_its_folder_date(tmp_path: Path) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport_11-20-2024"
    shutil.copytree(SETS / "xs007-contacts" / "linkedin_export", folder)
    _, cand = run_json(str(folder))
    assert cand["profiles"][0]["as_of"] == "2024-11-20"


# ---------------------------------------------------------------------------------------------
# HTML report: timeline lanes, flagged bars linked to findings, rendered in Chromium
# ---------------------------------------------------------------------------------------------
MIXED = SETS / "mixed-mismatches"
MIXED_ARGS = (str(MIXED / "resume.pdf"), str(MIXED / "linkedin.pdf"), *RILEY[:4])


def _html(tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "x.html"
    proc = run(*MIXED_ARGS, "--format", "html", "--out", str(out))
    assert proc.returncode == 0  # the worst is XS003 (medium); a degree left off is low
    assert proc.stdout == ""
    return out, out.read_text(encoding="utf-8")


def test_html_timeline_has_a_lane_per_source_and_linked_flags(tmp_path: Path) -> None:
    _, html = _html(tmp_path)
    svg = html[html.index("<svg") : html.index("</svg>")]
    # The application has no dated entries; the résumé and the LinkedIn export one lane each.
    assert svg.count('class="lane"') == 2
    assert ">[1] resume</text>" in svg and ">[2] linkedin_pdf</text>" in svg
    links = re.findall(r'<a href="#(c0-f\d+)">', svg)
    assert len(links) >= 4  # Cedar Point and Bluebonnet on both sides, the Rice master's
    ids = set(re.findall(r'<div class="finding [^"]*" id="(c0-f\d+)"', html))
    assert set(links) <= ids
    for anchor in set(links):
        block = html[html.index(f'id="{anchor}"') :]
        code = re.search(r'<span class="code">(\w+)</span>', block)
        assert code and code.group(1) in {"XS003", "XS004", "XS005", "TL001"}
    flagged = re.findall(r'<rect class="bar[^"]* flag"[^>]*><title>([^<]*)</title>', svg)
    assert any("Cedar Point Analytics" in t for t in flagged)
    assert any("Inside Sales Representative" in t for t in flagged)
    assert not any("Lumen Forge" in t for t in flagged)  # the matching employer is not flagged
    assert "<script" not in html.lower()


@pytest.mark.browser
def test_html_report_renders_in_chromium(chromium: Any, tmp_path: Path) -> None:
    path, _ = _html(tmp_path)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    verdict = page.inner_text(".verdict")
    assert "Risk" in verdict and "medium" in verdict
    assert page.locator("svg rect.lane").count() == 2
    page.locator("svg a").first.click()
    assert re.search(r"#c0-f\d+$", page.url)
    target = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{target}").is_visible()
    assert [u for u in requests if not u.startswith("file:")] == []
    page.close()


# ---------------------------------------------------------------------------------------------
# Terminal table: employment and education side by side
# ---------------------------------------------------------------------------------------------
def test_table_side_by_side_aligns_employers_and_names_findings() -> None:
    proc = run(*MIXED_ARGS, env={"COLUMNS": "140"})
    assert proc.returncode == 0  # the worst is XS003 (medium)
    out = proc.stdout
    assert "Employment and education side by side" in out
    assert max(len(line) for line in out.splitlines()) <= 140
    table = out[out.index("Employment and education side by side") :]
    rows = table.split("├")  # one block per employer row
    cedar = next(r for r in rows if "Cedar Point Analytics" in r)
    assert "2017-07 – 2021-02" in cedar and "2018-10 – 2021-02" in cedar
    assert "(XS003)" in cedar
    blue = next(r for r in rows if "Bluebonnet Data Systems" in r)
    assert "Junior Developer" in blue and "Inside Sales Representative" in blue
    assert "(XS004)" in blue
    lumen = next(r for r in rows if "Lumen Forge Software" in r)
    assert "2021-03 – present" in lumen and "(XS" not in lumen


def test_table_side_by_side_shows_a_missing_employer_and_a_promotion() -> None:
    folder = SETS / "xs002-employer-missing"
    out = run(str(folder / "resume.txt"), str(folder / "linkedin.pdf"), env={"COLUMNS": "140"})
    assert "— not listed —" in out.stdout and "(XS002)" in out.stdout
    folder = SETS / "benign-promotion"
    out = run(str(folder / "resume.pdf"), str(folder / "linkedin.html"), env={"COLUMNS": "140"})
    row = next(r for r in out.stdout.split("├") if "Lumen Forge Software" in r)
    assert "Senior Software Engineer / Software Engineer" in row
    assert row.count("2019-04 – present") == 2  # one tenure on each side, still current
