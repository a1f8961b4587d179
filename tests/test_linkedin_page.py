"""Saved LinkedIn pages: classification of every page kind, JSON-LD first, visible sections
second, and blocked pages raised as `BlockedPage` rather than parsed as empty profiles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extractors.linkedin_page import BlockedPage, classify_linkedin_page, parse_linkedin_page
from extractors.model import DateRange, EmploymentType, ExtractionError, PartialDate, Profile

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "page"


def page(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def d(text: str | None) -> PartialDate | None:
    return PartialDate.parse_iso(text) if text else None


def span(rng: DateRange | None) -> tuple[PartialDate | None, PartialDate | None]:
    return (rng.start, rng.end) if rng is not None else (None, None)


def positions(profile: Profile) -> list[tuple]:
    return [
        (
            p.org,
            p.title,
            p.range.start if p.range else None,
            p.range.end if p.range else None,
            p.range.current if p.range else False,
        )
        for p in profile.experience
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("profile", "profile"),
        ("profile_grouped", "profile"),
        ("authwall", "authwall"),
        ("unavailable", "unavailable"),
        ("rate_limited", "rate_limited"),
        ("captcha", "captcha"),
        ("other_site", "not_linkedin"),
    ],
)
def test_classification(name: str, kind: str) -> None:
    assert classify_linkedin_page(page(name)) == kind


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("authwall", "LinkedIn login wall: the public profile was not shown"),
        ("unavailable", "profile is not available"),
        ("rate_limited", "rate limit"),
        ("captcha", "CAPTCHA"),
    ],
)
def test_blocked_pages_raise_blocked_page(name: str, message: str) -> None:
    with pytest.raises(BlockedPage, match=message) as info:
        parse_linkedin_page(page(name))
    assert info.value.reason == classify_linkedin_page(page(name))
    assert isinstance(info.value, ExtractionError)


def test_other_site_is_an_extraction_error_not_blocked() -> None:
    with pytest.raises(ExtractionError, match="not a LinkedIn page") as info:
        parse_linkedin_page(page("other_site"))
    assert not isinstance(info.value, BlockedPage)


def test_empty_page() -> None:
    with pytest.raises(ExtractionError, match="empty"):
        classify_linkedin_page(b"")


def test_profile_page_with_json_ld_graph() -> None:
    p = parse_linkedin_page(page("profile"), as_of=date(2024, 12, 1))
    assert p.name == "Jordan Ellison"
    assert p.headline == "Senior Software Engineer at Brightline Analytics"
    assert p.locations == ("Chicago, Illinois, United States",)
    assert p.linkedin_slugs == ("jordan-ellison-4b7a21",)
    assert p.urls == ("https://www.linkedin.com/in/jordan-ellison-4b7a21",)
    assert p.summary.startswith("Backend engineer focused on data pipelines")
    assert p.as_of == date(2024, 12, 1)
    assert p.notes == ()
    assert positions(p) == [
        ("Brightline Analytics", "Senior Software Engineer", d("2019-03"), None, True),
        ("Harborview Systems", "Software Engineer", d("2015-06"), d("2019-02"), False),
    ]
    assert p.experience[0].location == "Chicago, Illinois, United States"
    assert p.experience[0].description == "Leads the ingestion team; moved batch jobs to streaming."
    assert [(s.school, s.degree, s.field, *span(s.range)) for s in p.education] == [
        (
            "University of Illinois Urbana-Champaign",
            "Bachelor of Science - BS",
            "Computer Science",
            d("2011"),
            d("2015"),
        )
    ]


def test_profile_page_with_top_level_person_and_grouped_roles() -> None:
    p = parse_linkedin_page(page("profile_grouped"))
    assert p.name == "Morgan Castellano"
    assert p.locations == ("Greater Chicago Area",)
    assert p.linkedin_slugs == ("morgan-castellano",)
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
    assert p.experience[7].employment_type is EmploymentType.INTERNSHIP
    schools = [
        (s.school, s.range.start if s.range else None, s.range.end if s.range else None)
        for s in p.education
    ]
    assert schools == [
        ("University of Wisconsin-Madison", d("2013-09"), d("2017-06")),
        ("University of Wisconsin-Parkside", d("2007"), d("2011")),
        ("Lakeshore Community College", None, d("2013")),
        ("Northwestern University", None, None),
    ]


def _ld_page(person: dict, body: str = "") -> bytes:
    # As pages embed it: "</" escaped so that a value cannot end the script element.
    ld = json.dumps({"@context": "http://schema.org", "@graph": [person]}).replace("</", "<\\/")
    return (
        "<html><head><title>Riley Sample | LinkedIn</title>"
        '<meta property="og:site_name" content="LinkedIn">'
        f'<script type="application/ld+json">{ld}</script></head><body>{body}</body></html>'
    ).encode()


def test_json_ld_alone_gives_employers_and_schools() -> None:
    person = {
        "@type": "Person",
        "name": "Riley Sample",
        "jobTitle": ["Analyst"],
        "worksFor": [
            {
                "@type": "Organization",
                "name": "Example Corp",
                "member": {"@type": "OrganizationRole", "startDate": "2019-03"},
            }
        ],
        "alumniOf": [
            {
                "@type": "Organization",
                "name": "Sample Holdings",
                "member": {"@type": "OrganizationRole", "startDate": "2015", "endDate": "2019"},
            },
            {
                "@type": "EducationalOrganization",
                "name": "Example State University",
                "member": {"@type": "OrganizationRole", "startDate": 2011, "endDate": 2015},
            },
        ],
        "address": {"@type": "PostalAddress", "addressLocality": "Denver, Colorado, United States"},
        "url": "https://www.linkedin.com/in/riley-sample-9f8e7d",
        "sameAs": "https://www.linkedin.com/in/riley-sample-9f8e7d",
    }
    p = parse_linkedin_page(_ld_page(person))
    assert p.name == "Riley Sample"
    assert p.headline == "Analyst"
    assert p.locations == ("Denver, Colorado, United States",)
    assert p.linkedin_slugs == ("riley-sample-9f8e7d",)
    assert positions(p) == [
        ("Example Corp", "Analyst", d("2019-03"), None, True),
        ("Sample Holdings", "", d("2015"), d("2019"), False),
    ]
    assert [(s.school, *span(s.range)) for s in p.education] == [
        ("Example State University", d("2011"), d("2015"))
    ]


def test_visible_sections_only_page_gets_a_note() -> None:
    html = b"""<html><head><title>Riley Sample - Example Corp | LinkedIn</title>
    <link rel="canonical" href="https://www.linkedin.com/in/riley-sample"></head><body>
    <h1 class="top-card-layout__title">Riley Sample</h1>
    <h2 class="top-card-layout__headline">Analyst at Example Corp</h2>
    <section class="core-section-container experience" data-section="experience"><ul>
    <li class="profile-section-card experience-item"><h3 class="profile-section-card__title">Analyst</h3>
    <h4 class="profile-section-card__subtitle">Example Corp</h4>
    <span class="date-range"><time>Mar 2019</time> - Present<span>5 years 9 months</span></span>
    </li></ul></section></body></html>"""
    assert classify_linkedin_page(html) == "profile"
    p = parse_linkedin_page(html)
    assert p.name == "Riley Sample"
    assert p.headline == "Analyst at Example Corp"
    assert p.linkedin_slugs == ("riley-sample",)
    assert positions(p) == [("Example Corp", "Analyst", d("2019-03"), None, True)]
    assert any("no JSON-LD Person" in note for note in p.notes)


def test_hostile_text_is_kept_as_text() -> None:
    person = {
        "@type": "Person",
        "name": "<script>alert(1)</script>Riley",
        "url": "https://www.linkedin.com/in/riley",
    }
    p = parse_linkedin_page(_ld_page(person, body="<img src=x onerror=alert(2)>"))
    assert p.name == "<script>alert(1)</script>Riley"  # a string; escaping is the reporters' job


def test_broken_json_ld_falls_back_to_the_visible_page() -> None:
    html = (
        b'<html><head><meta property="og:site_name" content="LinkedIn">'
        b'<script type="application/ld+json">{"@type": "Person", "name": </script></head>'
        b'<body><h1 class="top-card-layout__title">Riley Sample</h1></body></html>'
    )
    assert parse_linkedin_page(html).name == "Riley Sample"


def test_linkedin_page_without_a_profile_or_known_markers_is_unavailable() -> None:
    html = b'<html><head><meta property="og:site_name" content="LinkedIn"></head><body>Feed</body></html>'
    assert classify_linkedin_page(html) == "unavailable"
    with pytest.raises(BlockedPage):
        parse_linkedin_page(html)
