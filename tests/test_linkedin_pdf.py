"""LinkedIn "Save to PDF" exports: golden values for each generated fixture, wrapped lines,
merged columns, and the fingerprint checks behind SRC003 (fixtures/make_linkedin.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from extractors.documents import DocumentText, TextLine, read_pdf
from extractors.linkedin_pdf import (
    looks_like_linkedin_pdf,
    parse_linkedin_pdf,
    verify_linkedin_export,
)
from extractors.model import (
    DocumentMeta,
    EmploymentType,
    ExtractionError,
    PartialDate,
    Position,
    Profile,
    Study,
)

PDFS = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "pdf"
GAP = "    "


def load(name: str) -> DocumentText:
    return read_pdf((PDFS / f"{name}.pdf").read_bytes())


def d(text: str | None) -> PartialDate | None:
    return PartialDate.parse_iso(text) if text else None


def positions(
    profile: Profile,
) -> list[tuple[str, str, PartialDate | None, PartialDate | None, bool]]:
    out = []
    for p in profile.experience:
        assert p.range is not None
        out.append((p.org, p.title, p.range.start, p.range.end, p.range.current))
    return out


def studies(profile: Profile) -> list[tuple[str, str, str, PartialDate | None, PartialDate | None]]:
    out = []
    for s in profile.education:
        rng = s.range
        out.append(
            (s.school, s.degree, s.field, rng.start if rng else None, rng.end if rng else None)
        )
    return out


def fingerprint(profile: Profile) -> dict:
    return dict(profile.export_fingerprint or {})


# --- golden fixtures ------------------------------------------------------------------------


def test_simple_export() -> None:
    doc = load("simple")
    assert looks_like_linkedin_pdf(doc)
    p = parse_linkedin_pdf(doc)
    assert p.name == "Jordan Ellison"
    assert p.headline == "Senior Software Engineer at Brightline Analytics"
    assert p.locations == ("Chicago, Illinois, United States",)
    assert p.emails == ("jordan.ellison@example.com",)
    assert p.phones == ("+1 312 555 0142",)
    assert p.linkedin_slugs == ("jordan-ellison-4b7a21",)
    assert p.github_handles == ("jellison-example",)
    assert p.urls == (
        "https://www.linkedin.com/in/jordan-ellison-4b7a21",
        "https://jordanellison.example.org",
        "https://github.com/jellison-example",
    )
    assert p.skills == ("Python", "Distributed Systems", "PostgreSQL")
    assert p.summary.startswith("Backend engineer focused on data pipelines")
    assert p.summary.endswith("boring technology that keeps working.")
    assert p.as_of == date(2024, 11, 28)
    assert p.document is not None and p.document.author == "LinkedIn"
    assert positions(p) == [
        ("Brightline Analytics", "Senior Software Engineer", d("2019-03"), None, True),
        ("Harborview Systems", "Software Engineer", d("2015-06"), d("2019-02"), False),
    ]
    first, second = p.experience
    assert first.location == "Chicago, Illinois, United States"
    assert first.description == "Leads the ingestion team; moved batch jobs to streaming."
    assert second.location == "Evanston, Illinois"
    assert second.description == ""
    assert "March 2019 - Present (5 years 9 months)" in first.raw
    assert studies(p) == [
        (
            "University of Illinois Urbana-Champaign",
            "Bachelor of Science - BS",
            "Computer Science",
            d("2011"),
            d("2015"),
        )
    ]
    assert p.extra["linkedin_sidebar"]["languages"] == [
        "English (Native or Bilingual)",
        "Spanish (Professional Working Proficiency)",
    ]
    fp = fingerprint(p)
    assert fp["metadata_matches"] is True
    assert fp["durations_checked"] == 2
    assert fp["duration_mismatches"] == []
    assert verify_linkedin_export(doc, p) == []


def test_multi_role_export_with_grouped_roles_over_three_pages() -> None:
    doc = load("multi_role")
    assert doc.meta.pages == 3
    p = parse_linkedin_pdf(doc)
    assert p.name == "Morgan Castellano"
    assert p.headline == (
        "Director of Engineering at Northwind Traders | Platform, Reliability, Developer Experience"
    )
    assert p.locations == ("Greater Chicago Area",)
    assert p.emails == ("morgan.castellano@example.com",)  # wrapped as "…@exampl" / "e.com"
    assert p.phones == ("+1 312 555 0177",)
    assert p.linkedin_slugs == ("morgan-castellano",)
    assert p.urls == (
        "https://www.linkedin.com/in/morgan-castellano",
        "https://castellano.example.net",
    )
    assert p.extra["site_tags"] == {"https://castellano.example.net": "company"}
    assert p.skills == ("Engineering Management", "Site Reliability Engineering", "Kubernetes")
    assert p.extra["linkedin_sidebar"]["certifications"] == [
        "Certified Kubernetes Administrator (CKA)",
        "Professional Scrum Master I",
    ]
    assert p.as_of == date(2024, 11, 2)
    assert positions(p) == [
        ("Northwind Traders", "Director of Engineering", d("2021-01"), None, True),
        ("Northwind Traders", "Engineering Manager", d("2018-04"), d("2020-12"), False),
        (
            "Northwind Traders",
            "Senior Site Reliability Engineer",
            d("2016-08"),
            d("2018-03"),
            False,
        ),
        ("Fabrikam Logistics", "Site Reliability Engineer", d("2014-07"), d("2016-07"), False),
        ("Contoso Health", "Systems Engineer", d("2013-06"), d("2014-06"), False),
        ("Contoso Health", "Junior Systems Administrator", d("2012"), d("2013"), False),
        ("Tailspin Toys", "Support Technician", d("2011-09"), d("2012-07"), False),
        ("Lakeshore Community College", "IT Intern", d("2011"), d("2011"), False),
        ("Wingtip Volunteer Network", "Volunteer Mentor", d("2017-02"), d("2017-12"), False),
    ]
    locations = [pos.location for pos in p.experience]
    assert locations == [
        "Chicago, Illinois, United States",
        "Chicago, Illinois, United States",
        "",
        "Milwaukee, Wisconsin",
        "",
        "",
        "Madison, Wisconsin",
        "Kenosha, Wisconsin",
        "",
    ]
    # The Fabrikam description runs from page 1 onto page 2 without the footer in it.
    fabrikam = p.experience[3].description
    assert fabrikam.startswith("On-call for the routing platform")
    assert "Runbook 18:" in fabrikam and "Page 1 of 3" not in fabrikam
    assert p.experience[8].description.startswith("Mentored first-generation students")
    types = [pos.employment_type for pos in p.experience]
    assert types[7] is EmploymentType.INTERNSHIP
    assert types[8] is EmploymentType.VOLUNTEER
    assert types[0] is EmploymentType.FULL_TIME
    assert "8 years 4 months" in p.experience[0].raw  # the company total line
    assert studies(p) == [
        (
            "University of Wisconsin-Madison",
            "Master of Science - MS",
            "Computer Engineering",
            d("2013-09"),
            d("2017-06"),
        ),
        (
            "University of Wisconsin-Parkside",
            "Bachelor's degree",
            "Computer Science",
            d("2007"),
            d("2011"),
        ),
        ("Lakeshore Community College", "Associate of Applied Science", "", None, d("2013")),
        ("Northwestern University", "", "", None, None),
    ]
    fp = fingerprint(p)
    assert fp["durations_checked"] == 9
    assert fp["company_totals_checked"] == 2
    assert fp["duration_mismatches"] == [] and fp["company_total_mismatches"] == []
    assert fp["page_count_mismatches"] == []
    assert verify_linkedin_export(doc, p) == []


def test_wrapped_lines_are_joined() -> None:
    p = parse_linkedin_pdf(load("wrapped"))
    assert p.name == "Alexandra Konstantinou-Whitaker"  # the name itself wraps
    assert p.headline == "Principal Data Engineer"
    assert p.locations == ("Oak Park, Illinois, United States",)
    # split as "alexandra.konstantinou.whi" / "taker@example.com"
    assert p.emails == ("alexandra.konstantinou.whitaker@example.com",)
    assert p.phones == ("+1 312 555 0119",)
    # slug split over three lines before "(LinkedIn)"
    assert p.linkedin_slugs == ("alexandra-konstantinou-whitaker-7c9d2e",)
    assert "https://konstantinou-whitaker.example.org/portfolio" in p.urls
    assert positions(p) == [
        (
            "Northwind Consolidated Logistics and Freight Forwarding International Holdings",
            "Principal Data Engineer",
            d("2020-02"),
            None,
            True,
        ),
        ("Adventure Works Cycles", "Data Engineer", d("2014-09"), d("2020-01"), False),
    ]
    # "· (September" / "2014 - June 2018)"
    assert studies(p) == [
        (
            "Illinois Institute of Technology",
            "Master of Science - MS",
            "Data Science and Analytics",
            d("2014-09"),
            d("2018-06"),
        )
    ]
    assert verify_linkedin_export(load("wrapped"), p) == []


def test_tampered_export_is_detected() -> None:
    doc = load("tampered")
    assert looks_like_linkedin_pdf(doc)
    p = parse_linkedin_pdf(doc)
    fp = fingerprint(p)
    assert fp["metadata_matches"] is True
    assert fp["duration_mismatches"] == [
        {
            "entry": "Engineering Manager at Northwind Traders",
            "printed": "2 years 9 months",
            "computed": "4 years 9 months",
        },
        {
            "entry": "Site Reliability Engineer at Fabrikam Logistics",
            "printed": "2 years 1 month",
            "computed": "4 years 1 month",
        },
    ]
    assert fp["company_total_mismatches"] == [
        {
            "entry": "Northwind Traders",
            "printed": "8 years 4 months",
            "computed": "8 years 8 months",
        }
    ]
    problems = verify_linkedin_export(doc, p)
    assert len(problems) == 3
    assert problems[0].startswith("Engineering Manager at Northwind Traders: printed duration")
    assert any("company total" in problem for problem in problems)
    # The edited dates are what the profile reports (the checks compare them with other sources).
    assert p.experience[1].range is not None and p.experience[1].range.start == d("2016-04")


def test_verify_recomputes_the_fingerprint_when_no_profile_is_given() -> None:
    doc = load("tampered")
    assert verify_linkedin_export(doc) == verify_linkedin_export(doc, parse_linkedin_pdf(doc))


def test_forged_export_metadata_mismatch() -> None:
    doc = load("forged")
    assert looks_like_linkedin_pdf(doc)  # it copies the layout
    p = parse_linkedin_pdf(doc)
    assert p.name == "Jordan Ellison"
    fp = fingerprint(p)
    assert fp["metadata_matches"] is False
    assert fp["metadata_mismatches"] == [
        "author is 'Jordan Ellison', expected 'LinkedIn'",
        "producer is 'Microsoft® Word for Microsoft 365', expected 'Apache FOP Version 2.2'",
    ]
    problems = verify_linkedin_export(doc, p)
    assert problems == [
        "metadata: author is 'Jordan Ellison', expected 'LinkedIn'",
        "metadata: producer is 'Microsoft® Word for Microsoft 365', expected 'Apache FOP Version 2.2'",
    ]


def test_truncated_export_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="damaged or truncated"):
        read_pdf((PDFS / "truncated.pdf").read_bytes())


def test_profile_without_experience() -> None:
    p = parse_linkedin_pdf(load("no_experience"))
    assert p.name == "Sam Whitaker-Lee"
    assert p.experience == ()
    assert "the LinkedIn export has no Experience section" in p.notes
    assert p.linkedin_slugs == ("samwhitakerlee",)
    assert p.phones == ()
    assert studies(p) == [
        ("DePaul University", "Bachelor of Science - BS", "Computer Science", d("2022"), d("2026")),
        ("Lane Tech College Prep High School", "", "", d("2018"), d("2022")),
    ]
    assert p.summary == "Third-year student looking for a summer internship in backend development."


def test_percent_encoded_slug_is_decoded() -> None:
    p = parse_linkedin_pdf(load("unicode_slug"))
    assert p.name == "José Müller"
    assert p.linkedin_slugs == ("josé-müller-1a2b3c",)
    assert p.urls == ("https://www.linkedin.com/in/jos%C3%A9-m%C3%BCller-1a2b3c",)
    assert positions(p) == [
        ("Alpine Robotics", "Embedded Software Engineer", d("2021-10"), None, True),
        ("Fourth Coffee Devices", "Firmware Developer", d("2019-09"), d("2021-09"), False),
    ]
    assert p.as_of == date(2024, 9, 30)


# --- robustness: reading order and merged columns -------------------------------------------


def merge_rows(doc: DocumentText) -> DocumentText:
    """What a reader that misses the gutter gives: a sidebar line and the main-column line on
    its baseline joined into one line with a wide gap, the size of the longer part kept."""
    side = [ln for ln in doc.lines if ln.x0 < 150]
    main = [ln for ln in doc.lines if ln.x0 >= 150]
    used: set[int] = set()
    out: list[TextLine] = []
    for s in side:
        partner = next(
            (
                i
                for i, m in enumerate(main)
                if i not in used and m.page == s.page and abs(m.bottom - s.bottom) < 4
            ),
            None,
        )
        if partner is None:
            out.append(s)
            continue
        used.add(partner)
        m = main[partner]
        longer = s if len(s.text) >= len(m.text) else m
        out.append(
            TextLine(
                s.text + GAP + m.text,
                s.page,
                s.x0,
                min(s.top, m.top),
                m.x1,
                max(s.bottom, m.bottom),
                longer.size,
                longer.bold,
            )
        )
    out += [m for i, m in enumerate(main) if i not in used]
    out.sort(key=lambda ln: (ln.page, ln.bottom))
    return replace(doc, lines=tuple(out))


@pytest.mark.parametrize("name", ["simple", "wrapped", "multi_role"])
def test_columns_merged_by_the_reader_are_split_again(name: str) -> None:
    doc = load(name)
    merged = merge_rows(doc)
    assert sum(GAP in ln.text for ln in merged.lines) >= 4
    clean, split = parse_linkedin_pdf(doc), parse_linkedin_pdf(merged)
    for field in ("name", "headline", "locations", "emails", "phones", "linkedin_slugs", "skills"):
        assert getattr(split, field) == getattr(clean, field), field
    assert positions(split) == positions(clean)
    assert studies(split) == studies(clean)
    assert any("merged across the two columns" in note for note in split.notes)
    assert verify_linkedin_export(merged, split) == []


def test_main_column_first_reading_order() -> None:
    doc = load("simple")
    main_first = replace(
        doc,
        lines=tuple(sorted(doc.lines, key=lambda ln: (ln.page, ln.x0 < 150, doc.lines.index(ln)))),
    )
    assert main_first.lines[0].text == "Jordan Ellison"
    clean, other = parse_linkedin_pdf(doc), parse_linkedin_pdf(main_first)
    assert other.emails == clean.emails
    assert positions(other) == positions(clean)


# --- synthetic line lists -------------------------------------------------------------------

META = DocumentMeta(
    author="LinkedIn",
    producer="Apache FOP Version 2.2",
    title="Resume",
    subject="Resume generated from profile",
    created=datetime(2024, 11, 28, 12, 0, tzinfo=UTC),
    pages=1,
)


def synthetic(main: list[tuple[str, float]], sidebar: list[str] | None = None) -> DocumentText:
    """A one-page export from (text, font size) main-column lines and sidebar lines."""
    lines = []
    top = 40.0
    for text in sidebar or ["Contact", "www.linkedin.com/in/riley-sample", "(LinkedIn)"]:
        lines.append(TextLine(text, 0, 30.0, top, 150.0, top + 12, 10.5))
        top += 14
    top = 40.0
    for text, size in main:
        lines.append(TextLine(text, 0, 222.0, top, 222.0 + 5 * len(text), top + size, size))
        top += size * 1.3
    lines.append(TextLine("Page 1 of 1", 0, 370.0, 760.0, 420.0, 770.0, 9.0))
    return DocumentText(lines=tuple(lines), meta=META, page_width=612.0)


def test_date_line_wrapped_in_the_experience_section() -> None:
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Analyst", 12),
            ("Denver, Colorado", 10.5),
            ("Experience", 15.75),
            ("Example Corp", 12),
            ("Analyst", 11.5),
            ("January 2010 - September", 10.5),
            ("2014 (4 years 9 months)", 10.5),
            ("Denver, Colorado", 10.5),
            ("Sample Holdings", 12),
            ("Clerk", 11.5),
            ("2008 - 2009", 10.5),
            ("(1 year)", 10.5),
        ]
    )
    p = parse_linkedin_pdf(doc)
    assert positions(p) == [
        ("Example Corp", "Analyst", d("2010-01"), d("2014-09"), False),
        ("Sample Holdings", "Clerk", d("2008"), d("2009"), False),
    ]
    assert p.experience[0].location == "Denver, Colorado"
    assert fingerprint(p)["durations_checked"] == 2
    assert verify_linkedin_export(doc, p) == []


def test_duration_forms_and_present_measured_at_creation_date() -> None:
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Analyst", 12),
            ("Experience", 15.75),
            ("Example Corp", 12),
            ("7 years 10 months", 10.5),
            ("Lead Analyst", 11.5),
            ("February 2021 - Present (3 years 10 months)", 10.5),
            ("Analyst", 11.5),
            ("February 2017 - January 2021 (4 years)", 10.5),
            ("Sample Holdings", 12),
            ("Intern", 11.5),
            ("June 2016 - June 2016 (1 month)", 10.5),
            ("Other Org", 12),
            ("Volunteer", 11.5),
            ("2015 - 2015 (less than a year)", 10.5),
            ("Year Org", 12),
            ("Clerk", 11.5),
            ("2012 - 2013 (1 year)", 10.5),
        ]
    )
    p = parse_linkedin_pdf(doc)
    fp = fingerprint(p)
    assert fp["durations_checked"] == 5
    assert fp["duration_mismatches"] == []
    assert fp["company_totals_checked"] == 1
    assert fp["company_total_mismatches"] == []
    assert [pos.org for pos in p.experience] == [
        "Example Corp",
        "Example Corp",
        "Sample Holdings",
        "Other Org",
        "Year Org",
    ]


def test_duration_off_by_one_month_is_a_mismatch() -> None:
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Experience", 15.75),
            ("Example Corp", 12),
            ("Analyst", 11.5),
            ("March 2019 - Present (5 years 8 months)", 10.5),  # November 2024: 5 years 9 months
        ]
    )
    p = parse_linkedin_pdf(doc)
    assert fingerprint(p)["duration_mismatches"] == [
        {
            "entry": "Analyst at Example Corp",
            "printed": "5 years 8 months",
            "computed": "5 years 9 months",
        }
    ]


def test_footer_page_count_disagreeing_with_the_file() -> None:
    doc = synthetic([("Riley Sample", 26), ("Experience", 15.75)])
    doc = replace(doc, meta=replace(doc.meta, pages=2))
    assert verify_linkedin_export(doc) == ["footers say 1 pages, the file has 2"]


def test_missing_creation_date_is_reported_and_present_not_checked() -> None:
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Experience", 15.75),
            ("Example Corp", 12),
            ("Analyst", 11.5),
            ("March 2019 - Present (5 years 8 months)", 10.5),
        ]
    )
    doc = replace(doc, meta=replace(doc.meta, created=None))
    p = parse_linkedin_pdf(doc)
    assert p.as_of is None
    assert fingerprint(p)["durations_checked"] == 0
    assert verify_linkedin_export(doc, p) == ["metadata: no creation date"]


def test_an_ordinary_resume_is_not_a_linkedin_export() -> None:
    lines = [
        TextLine("Riley Sample", 0, 72, 72, 200, 90, 18),
        TextLine("riley@example.com | linkedin.com/in/riley-sample", 0, 72, 95, 400, 107, 10),
        TextLine("Experience", 0, 72, 120, 150, 134, 12),
        TextLine("Example Corp, Analyst, 2019 - 2024", 0, 72, 140, 300, 152, 10),
    ]
    doc = DocumentText(
        lines=tuple(lines), meta=DocumentMeta(producer="LibreOffice 7.6"), page_width=612
    )
    assert not looks_like_linkedin_pdf(doc)


def test_an_empty_document_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        parse_linkedin_pdf(DocumentText(lines=(), meta=DocumentMeta()))


def test_profile_types() -> None:
    p = parse_linkedin_pdf(load("simple"))
    assert all(isinstance(x, Position) for x in p.experience)
    assert all(isinstance(x, Study) for x in p.education)


def test_wrapped_headline_without_a_location() -> None:
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Analyst at Example Corp | Forecasting, Pricing,", 12),
            ("Revenue Management", 12),
            ("Experience", 15.75),
        ]
    )
    p = parse_linkedin_pdf(doc)
    assert p.headline == "Analyst at Example Corp | Forecasting, Pricing, Revenue Management"
    assert p.locations == ()


def test_location_after_a_wrapped_headline() -> None:
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Analyst at Example Corp | Forecasting, Pricing,", 12),
            ("Revenue Management", 12),
            ("Denver Metropolitan Area", 10.5),
            ("Summary", 15.75),
            ("Numbers person.", 10.5),
        ]
    )
    p = parse_linkedin_pdf(doc)
    assert p.headline == "Analyst at Example Corp | Forecasting, Pricing, Revenue Management"
    assert p.locations == ("Denver Metropolitan Area",)
    assert p.summary == "Numbers person."


def test_present_tolerates_one_month_at_a_month_boundary() -> None:
    # Made at 23:30 UTC on 30 November: the member's local month may already be December.
    doc = synthetic(
        [
            ("Riley Sample", 26),
            ("Experience", 15.75),
            ("Example Corp", 12),
            ("Analyst", 11.5),
            ("March 2019 - Present (5 years 10 months)", 10.5),
            ("Sample Holdings", 12),
            ("Clerk", 11.5),
            ("January 2018 - February 2019 (1 year 3 months)", 10.5),  # 1 year 2 months
        ]
    )
    doc = replace(doc, meta=replace(doc.meta, created=datetime(2024, 11, 30, 23, 30, tzinfo=UTC)))
    mismatches = fingerprint(parse_linkedin_pdf(doc))["duration_mismatches"]
    assert [m["entry"] for m in mismatches] == ["Clerk at Sample Holdings"]
