"""LinkedIn documents of every vintage and form (issue 10): 2016-era "Save to PDF" exports,
modern exports whose location shares the headline's size, profiles saved while logged in (and
cut by "Show all"), data exports without Profile.csv, and scheme-less LinkedIn addresses.

Fixtures: fixtures/linkedin/ (make_linkedin.py with linkedin_vintages.py); all synthetic.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from extractors.dispatch import extract
from extractors.documents import read_pdf
from extractors.linkedin_page import parse_linkedin_page
from extractors.linkedin_pdf import looks_like_linkedin_pdf, parse_linkedin_pdf
from extractors.model import ExtractionError, SourceDocument, SourceKind
from scanner.reporters.json_report import load_schema

ROOT = Path(__file__).resolve().parent.parent
LI = ROOT / "fixtures" / "linkedin"


def check(*args: str) -> tuple[int, dict[str, Any], str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scanner",
            "check",
            "--no-db",
            "--offline",
            "--format",
            "json",
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout) if proc.stdout.strip() else {}
    if doc:
        jsonschema.validate(doc, load_schema())
    return proc.returncode, doc, proc.stderr


def pdf_profile(name: str) -> Any:
    return parse_linkedin_pdf(read_pdf((LI / "pdf" / name).read_bytes()))


# --- 2016-era Save to PDF -----------------------------------------------------------------------


def test_2016_export_is_recognised_as_linkedin_and_read_whole() -> None:
    content = (LI / "pdf" / "vintage_2016.pdf").read_bytes()
    doc = read_pdf(content)
    assert looks_like_linkedin_pdf(doc)
    # Given as a résumé, it is still recognised by its content.
    result = extract(SourceDocument(SourceKind.RESUME, "pdf", "cv.pdf", content))
    assert result.kind is SourceKind.LINKEDIN_PDF
    p = result.profile
    assert p.name == "Marisol Achterberg"
    assert p.headline == "Director of Platform Engineering at Contoso Freight"
    assert p.emails == ("marisol.achterberg@example.com",)
    roles = [(x.title, x.org, str(x.range)) for x in p.experience]
    assert len(roles) == 10  # eight promotions at one employer, then two more employers
    assert [org for _, org, _ in roles].count("Contoso Freight") == 8
    assert roles[0] == ("Director of Platform Engineering", "Contoso Freight", "2015-03 – present")
    assert roles[7] == ("Software Engineering Intern", "Contoso Freight", "2005-06 – 2005-08")
    assert not any("Page" in org for _, org, _ in roles)  # footers are not employers
    assert p.experience[0].location == "Chicago, Illinois"
    assert p.as_of is not None and p.as_of.isoformat() == "2016-05-10"
    school = p.education[0]
    assert (school.school, school.degree, school.field, str(school.range)) == (
        "Northgate University",
        "Bachelor of Science (BS)",
        "Computer Science",
        "2001 – 2005",
    )
    fp = p.export_fingerprint
    assert fp["vintage"] == "2016" and fp["durations_checked"] == 10
    assert not fp["duration_mismatches"] and not fp["metadata_mismatches"]


def test_2016_export_through_check_raises_no_fingerprint_finding() -> None:
    _, doc, _ = check("--linkedin", str(LI / "pdf" / "vintage_2016.pdf"))
    cand = doc["candidates"][0]
    assert cand["sources"][0]["kind"] == "linkedin_pdf" and cand["sources"][0]["status"] == "ok"
    assert len(cand["profiles"][0]["experience"]) == 10
    assert "SRC003" not in {f["code"] for f in cand["findings"]}


# --- modern exports: location in the headline's size --------------------------------------------


@pytest.mark.parametrize(
    ("name", "headline", "location"),
    [
        (
            "same_size_location.pdf",
            "Staff Engineer at Harbor Logistics | Distributed systems, data pipelines and "
            "developer tooling",
            "Greater Chicago Area",
        ),
        ("same_size_short.pdf", "Data Engineer", "Oak Park, Illinois, United States"),
        ("multi_role.pdf", None, "Greater Chicago Area"),
    ],
)
def test_location_is_split_from_a_headline_of_the_same_size(
    name: str, headline: str | None, location: str
) -> None:
    p = pdf_profile(name)
    assert p.locations == (location,)
    if headline is not None:
        assert p.headline == headline


# --- a profile saved while logged in ------------------------------------------------------------


def test_logged_in_page_reads_roles_grouped_roles_and_education() -> None:
    p = parse_linkedin_page((LI / "page" / "logged_in.html").read_bytes())
    assert p.name == "Tomás Ferreira"
    assert p.locations == ("Austin, Texas, United States",)
    assert [(x.title, x.org, str(x.range)) for x in p.experience] == [
        ("Staff Engineer", "Harbor Logistics", "2022-03 – present"),
        ("Senior Software Engineer", "Harbor Logistics", "2018-10 – 2022-02"),
        ("Software Engineer", "Quillon Analytics", "2015-06 – 2018-09"),
        ("Software Engineering Intern", "Quillon Analytics", "2014-06 – 2014-08"),
        ("Teaching Assistant", "Northgate University", "2013-09 – 2014-05"),
        ("Barista", "Bean Counter Café", "2011 – 2013"),
    ]
    assert p.experience[3].employment_type.value == "internship"
    assert p.experience[4].employment_type.value == "part-time"
    assert [(s.school, s.degree, s.field, str(s.range)) for s in p.education] == [
        ("Northgate University", "Bachelor of Science - BS", "Computer Science", "2011 – 2015")
    ]
    assert p.unread_parts == ()


def test_show_all_truncation_makes_the_page_partial() -> None:
    p = parse_linkedin_page((LI / "page" / "logged_in_show_all.html").read_bytes())
    assert len(p.experience) == 4
    assert len(p.unread_parts) == 1 and "Show all 5" in p.unread_parts[0]
    _, doc, _ = check("--linkedin", str(LI / "page" / "logged_in_show_all.html"))
    cand = doc["candidates"][0]
    assert cand["complete"] is False
    assert any(f["code"] == "SRC001" and f["severity"] == "low" for f in cand["findings"])
    assert cand["risk"]["level"] != "clear"


def test_a_profile_page_whose_experience_cannot_be_read_is_not_ok_and_empty() -> None:
    page = (LI / "page" / "logged_in.html").read_text(encoding="utf-8")
    unknown = page.replace('class="pvs-list"', 'class="future-list"')
    p = parse_linkedin_page(unknown.encode())
    assert p.experience == () and p.education == ()
    assert any("could not be read" in part for part in p.unread_parts)


# --- data exports without Profile.csv ------------------------------------------------------------


@pytest.mark.parametrize("given", ["export/partial.zip", "export/partial"])
def test_export_without_profile_csv_is_read_and_partial(given: str) -> None:
    code, doc, _ = check("--linkedin", str(LI / given))
    cand = doc["candidates"][0]
    src = cand["sources"][0]
    assert (src["kind"], src["status"]) == ("linkedin_export", "ok")
    prof = cand["profiles"][0]
    assert [e["org"] for e in prof["experience"]] == ["Brightline Analytics", "Harborview Systems"]
    assert prof["experience"][0]["confidence"] == 1.0
    assert prof["education"][0]["school"] == "University of Illinois Urbana-Champaign"
    assert cand["complete"] is False
    assert any("Profile.csv" in f["message"] for f in cand["findings"] if f["code"] == "SRC001")
    assert code == 3


def test_positions_csv_alone_is_read_as_part_of_an_export(tmp_path: Path) -> None:
    shutil.copy(LI / "export" / "partial" / "Positions.csv", tmp_path / "Positions.csv")
    _, doc, _ = check("--linkedin", str(tmp_path / "Positions.csv"))
    cand = doc["candidates"][0]
    assert cand["sources"][0]["kind"] == "linkedin_export"
    assert len(cand["profiles"][0]["experience"]) == 2
    assert cand["complete"] is False


def test_a_zip_of_other_csv_files_is_still_not_an_export(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Invoices.csv", "Number,Amount\n1,2\n")
    with pytest.raises(ExtractionError, match="not a LinkedIn data export"):
        extract(SourceDocument(SourceKind.LINKEDIN_EXPORT, "zip", str(path), path.read_bytes()))


# --- scheme-less LinkedIn addresses ------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["linkedin.com/in/tomas-ferreira", "www.linkedin.com/in/tomas-ferreira/"]
)
def test_scheme_less_linkedin_address_is_a_url(address: str) -> None:
    from scanner.sources import absolute_url, is_url

    assert is_url(address)
    assert absolute_url(address) == f"https://{address}"
    code, doc, err = check("--linkedin", address, "--name", "Tomás Ferreira")
    assert code != 2, err
    src = doc["candidates"][0]["sources"][1]
    assert (src["kind"], src["uri"], src["status"]) == ("linkedin_page", address, "blocked")


def test_a_file_name_is_not_a_url() -> None:
    from scanner.sources import is_url

    assert not is_url("resume.pdf") and not is_url("linkedin_profile.pdf")
    assert not is_url("notlinkedin.com.pdf")
