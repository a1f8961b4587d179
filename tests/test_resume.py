"""Résumé parsing: sections, header, experience layouts, education, stated experience, skills.

Every person here is synthetic: phones (312) 555-01xx / +1 512 555 01xx, emails @example.com.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from documents_helpers import read_any
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.dates import parse_date
from extractors.documents import DocumentText, TextLine
from extractors.model import DocumentMeta, EmploymentType, ExtractionError, PartialDate, Position
from extractors.resume import (
    find_locations,
    find_stated_experience,
    is_location,
    parse_resume,
)
from extractors.sections import heading_kind, split_sections

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "candidates"


def text_doc(text: str, name: str = "resume.txt") -> DocumentText:
    return read_any(text.encode("utf-8"), name)


def styled_doc(*rows: tuple[str, float, bool]) -> DocumentText:
    """Lines as a PDF reader gives them: (text, font size, bold)."""
    lines = tuple(
        TextLine(
            text, page=1, x0=36, top=20 + 14 * i, x1=400, bottom=30 + 14 * i, size=size, bold=bold
        )
        for i, (text, size, bold) in enumerate(rows)
    )
    return DocumentText(
        lines=lines, meta=DocumentMeta(author="Dana Whitfield", pages=1), page_width=612
    )


def side(d: PartialDate | None) -> str | None:
    return str(d) if d is not None else None


def summary(p: Position) -> tuple[str, str, str | None, str | None]:
    """(org, title, start, end) with end "present" for a current role."""
    assert p.range is not None, p
    end = "present" if p.range.current and p.range.end is None else side(p.range.end)
    return (p.org, p.title, side(p.range.start), end)


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("EXPERIENCE", "experience"),
        ("Experience:", "experience"),
        ("E X P E R I E N C E", "experience"),
        ("W O R K   H I S T O R Y", "experience"),
        ("Work History", "experience"),
        ("Professional Experience", "experience"),
        ("Employment", "experience"),
        ("Career History", "experience"),
        ("Relevant Experience", "experience"),
        ("Volunteer Experience", "volunteer"),
        ("工作经历", "experience"),
        ("教育背景", "education"),
        ("— EXPERIENCE —", "experience"),
        ("Experience (continued)", "experience"),
        ("II. Work History", "experience"),
        ("## Experience", "experience"),
        ("Academic Background", "education"),
        ("Education & Training", "education"),
        ("1. Education", "education"),
        ("Qualifications", "education"),
        ("Technical Skills", "skills"),
        ("Core Competencies", "skills"),
        ("Profile", "summary"),
        ("About Me", "summary"),
        ("Objective", "summary"),
        ("Professional Summary", "summary"),
        ("Contact Information", "contact"),
        ("Referees", "references"),
        ("References", "references"),
        ("Projects", "projects"),
        ("Licenses & Certifications", "certifications"),
        ("Languages", "languages"),
        ("Honors and Awards", "other"),
        ("Experience with AWS", None),
        ("Senior Engineer", None),
        ("Iowa", None),
        ("2019 Experience", None),
        ("•\n —", None),
        ("", None),
    ],
)
def test_heading_kind(heading: str, kind: str | None) -> None:
    assert heading_kind(heading) == kind


def test_sections_split_with_header_and_inline_heading() -> None:
    doc = text_doc(
        "Dana Whitfield\nAustin, TX\n\nSUMMARY\nBuilder.\n\nWORK HISTORY\nEngineer, Acme, 2019 – 2021\n"
        "\nSkills: Go, Python\nLanguages: English, Spanish\n"
    )
    kinds = [(s.kind, s.heading) for s in split_sections(doc.lines)]
    assert kinds == [
        ("header", ""),
        ("summary", "SUMMARY"),
        ("experience", "WORK HISTORY"),
        ("skills", "Skills:"),
    ]
    skills = split_sections(doc.lines)[-1]
    assert [line.text for line in skills.lines] == ["Go, Python", "Languages: English, Spanish"]


def test_heading_words_in_body_are_not_headings_when_headings_are_styled() -> None:
    doc = styled_doc(
        ("Dana Whitfield", 20, True),
        ("EXPERIENCE", 13, True),
        ("Staff Engineer, Acme Corp    2019 – Present", 10.5, True),
        ("Training", 10, False),  # a word that names a heading, written as body text
        ("EDUCATION", 13, True),
        ("BS, Computer Science, University of Texas at Austin, 2013", 10, False),
        ("GIVING BACK", 13, True),  # unknown words, styled like the headings
        ("Mentor, Code Club    2018 – 2019", 10, False),
    )
    sections = split_sections(doc.lines)
    assert [s.kind for s in sections] == ["header", "experience", "education", "other"]
    assert "Training" in sections[1].text


def test_unstyled_plain_text_headings_are_accepted() -> None:
    doc = text_doc(
        "Dana Whitfield\nExperience\nEngineer, Acme, 2019 – 2021\nEducation\nBS, Rice University\n"
    )
    assert [s.kind for s in split_sections(doc.lines)] == ["header", "experience", "education"]


# ---------------------------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------------------------

LAYOUTS: dict[str, tuple[str, list[tuple[str, str, str | None, str | None]]]] = {
    "title, company / dates | location": (
        """Dana Whitfield
EXPERIENCE
Staff Software Engineer, Acme Corp
Mar 2019 – Present | Austin, TX
  • Led the migration of the billing platform to Kubernetes.
Software Engineer, Brightline Analytics
Jun 2013 – Dec 2016 | Dallas, TX
  • Wrote ETL pipelines.
""",
        [
            ("Acme Corp", "Staff Software Engineer", "2019-03", "present"),
            ("Brightline Analytics", "Software Engineer", "2013-06", "2016-12"),
        ],
    ),
    "title / company, location / dates": (
        """Dana Whitfield
EXPERIENCE
Staff Software Engineer
Acme Corp, Austin, TX
Mar 2019 – Present
• Mentored six engineers.
Software Engineer
Brightline Analytics, Dallas, TX
Jun 2013 – Dec 2016
• Wrote ETL pipelines.
""",
        [
            ("Acme Corp", "Staff Software Engineer", "2019-03", "present"),
            ("Brightline Analytics", "Software Engineer", "2013-06", "2016-12"),
        ],
    ),
    "company — title | dates / location": (
        """Marcus Okafor
EXPERIENCE
Northwind Traders — Senior Full-Stack Developer | Jan 2021 – Present
Chicago, IL
  • React services.
Pinewood Freelance — Freelance Web Developer | Jan 2016 – Dec 2019
Chicago, IL
  • Client websites on evenings and weekends.
""",
        [
            ("Northwind Traders", "Senior Full-Stack Developer", "2021-01", "present"),
            ("Pinewood Freelance", "Freelance Web Developer", "2016-01", "2019-12"),
        ],
    ),
    "title    right-aligned dates / company — location": (
        """Marcus Okafor
EXPERIENCE
Senior Full-Stack Developer    Jan 2021 – Present
Northwind Traders — Chicago, IL
• React services.
Lead Developer    Jun 2021 – Present
Blue Harbor Labs — Remote
• Owned the customer portal.
""",
        [
            ("Northwind Traders", "Senior Full-Stack Developer", "2021-01", "present"),
            ("Blue Harbor Labs", "Lead Developer", "2021-06", "present"),
        ],
    ),
    "title, company (dates)": (
        """Priya Ramaswamy
Work Experience
Data Analyst, Hooli (Jun 2014 – Dec 2017)
- Dashboards for the sales team.
Senior Data Engineer, Globex Corporation (2018 – Present)
- Streaming pipelines.
""",
        [
            ("Hooli", "Data Analyst", "2014-06", "2017-12"),
            ("Globex Corporation", "Senior Data Engineer", "2018", "present"),
        ],
    ),
    "title at company / dates own line / location": (
        """Dana Whitfield
Professional Experience
Senior Engineer at Globex Corporation
2012 – 2015
San Francisco, CA
Wrote services
Engineer at Initech
2010 – 2012
Austin, TX
Fixed printers
""",
        [
            ("Globex Corporation", "Senior Engineer", "2012", "2015"),
            ("Initech", "Engineer", "2010", "2012"),
        ],
    ),
    "dates first / title / company": (
        """Marcus Okafor
Employment
2019 – Present
Lead Developer
Northwind Traders, Chicago, IL
Built the order platform.

2015 – 2019
Developer
Quarry Systems, Chicago, IL
Maintained the order system.
""",
        [
            ("Northwind Traders", "Lead Developer", "2019", "present"),
            ("Quarry Systems", "Developer", "2015", "2019"),
        ],
    ),
    "promotions under one company, company line with location": (
        """Dana Whitfield
Experience
Acme Corp                                    Chicago, IL
Staff Engineer                               2021 – Present
- Led the platform team.
Senior Engineer                              2018 – 2021
- Owned billing.
Engineer                                     2016 – 2018
- Wrote code.
Brightline Analytics, Dallas, TX
Software Engineer, 2013 – 2016
""",
        [
            ("Acme Corp", "Staff Engineer", "2021", "present"),
            ("Acme Corp", "Senior Engineer", "2018", "2021"),
            ("Acme Corp", "Engineer", "2016", "2018"),
            ("Brightline Analytics", "Software Engineer", "2013", "2016"),
        ],
    ),
    "company header with its own dates, roles without bullets": (
        """Dana Whitfield
EXPERIENCE
ACME CORP    2015 – Present
Staff Engineer    2020 – Present
Senior Engineer    2015 – 2020
GLOBEX    2012 – 2015
Engineer    2012 – 2015
""",
        [
            ("ACME CORP", "Staff Engineer", "2020", "present"),
            ("ACME CORP", "Senior Engineer", "2015", "2020"),
            ("GLOBEX", "Engineer", "2012", "2015"),
        ],
    ),
    "LinkedIn-like: company / title / dates · duration / location": (
        """Dana Whitfield
Experience
Acme Corp
Staff Engineer
Jan 2019 - Present · 5 yrs 2 mos
Austin, Texas, United States
Led the platform team.
Senior Engineer
Mar 2016 - Dec 2018 · 2 yrs 10 mos
Built billing.
Globex
Software Engineer
2013 - 2016
""",
        [
            ("Acme Corp", "Staff Engineer", "2019-01", "present"),
            ("Acme Corp", "Senior Engineer", "2016-03", "2018-12"),
            ("Globex", "Software Engineer", "2013", "2016"),
        ],
    ),
    "every entry a bullet": (
        """Dana Whitfield
EXPERIENCE
• Senior Engineer, Acme Corp, 2019 – Present
• Engineer, Globex, 2015 – 2019
• Intern, Initech, Jun 2014 – Aug 2014
""",
        [
            ("Acme Corp", "Senior Engineer", "2019", "present"),
            ("Globex", "Engineer", "2015", "2019"),
            ("Initech", "Intern", "2014-06", "2014-08"),
        ],
    ),
    "descriptions without bullet markers (DOCX list paragraphs)": (
        """Sam Ortega
Experience
DevOps Engineer
Desert Peak Software, Phoenix, AZ
Feb 2022 – Present
CI/CD with GitHub Actions.
Owned the release train
Systems Administrator
Mesa Data Group, Phoenix, AZ
Oct 2019 – Jan 2022
Linux fleet administration.
""",
        [
            ("Desert Peak Software", "DevOps Engineer", "2022-02", "present"),
            ("Mesa Data Group", "Systems Administrator", "2019-10", "2022-01"),
        ],
    ),
    "one-line variants": (
        """Dana Whitfield
Experience
Software Engineer | Acme Corp | Austin, TX | 2019 – Present
ACME CORP, Austin, TX — Senior Engineer (2016–2019)
Globex Inc.    Staff Engineer    2014 – 2016
2012 – 2014: Engineer at Initech
Senior Software Engineer II, Payments Platform, Hooli    2010 – 2012
Umbrella, LLC — Sr. Developer — 2008 - 2010
Developer (Part-time) @ Vandelay Industries, Jan '06 – Dec '07
""",
        [
            ("Acme Corp", "Software Engineer", "2019", "present"),
            ("ACME CORP", "Senior Engineer", "2016", "2019"),
            ("Globex Inc.", "Staff Engineer", "2014", "2016"),
            ("Initech", "Engineer", "2012", "2014"),
            ("Hooli", "Senior Software Engineer II", "2010", "2012"),
            ("Umbrella, LLC", "Sr. Developer", "2008", "2010"),
            ("Vandelay Industries", "Developer", "2006-01", "2007-12"),
        ],
    ),
    "single season date": (
        """Priya Ramaswamy
Experience
Research Intern, Pied Piper, Summer 2013
""",
        [("Pied Piper", "Research Intern", "2013", "2013")],
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_experience_layouts(layout: str) -> None:
    text, expected = LAYOUTS[layout]
    profile = parse_resume(text_doc(text))
    assert [summary(p) for p in profile.experience] == expected


def test_markdown_with_company_subheadings() -> None:
    md = """# Sam Ortega
DevOps Engineer — Phoenix, AZ
[sam@example.org](mailto:sam@example.org) · [GitHub](https://github.com/sam-ortega) · +1 512 555 0104

## Experience
### Desert Peak Software
**DevOps Engineer** — Feb 2022 – Present
- CI/CD with GitHub Actions.
**Junior DevOps Engineer** — Mar 2020 – Jan 2022
- Linux fleet administration.

### Freelance
**Freelance Consultant** · 2018 – 2020
- Client work.

## Education
**Arizona State University** — BA, Information Systems, 2011 – 2015
"""
    profile = parse_resume(text_doc(md, "resume.md"))
    assert [summary(p) for p in profile.experience] == [
        ("Desert Peak Software", "DevOps Engineer", "2022-02", "present"),
        ("Desert Peak Software", "Junior DevOps Engineer", "2020-03", "2022-01"),
        ("Freelance", "Freelance Consultant", "2018", "2020"),
    ]
    assert profile.experience[2].employment_type is EmploymentType.FREELANCE
    assert profile.name == "Sam Ortega"
    assert profile.headline == "DevOps Engineer"
    assert profile.locations == ("Phoenix, AZ",)
    assert profile.github_handles == ("sam-ortega",)
    assert profile.phones == ("+1 512 555 0104",)
    assert [(s.school, s.degree, s.field) for s in profile.education] == [
        ("Arizona State University", "BA", "Information Systems")
    ]


def test_pdf_like_lines_with_styles() -> None:
    doc = styled_doc(
        ("Dana Whitfield", 20, True),
        ("Staff Software Engineer", 10, False),
        (
            "Austin, TX | dana.whitfield@example.com | (512) 555-0142 | linkedin.com/in/dana-whitfield",
            10,
            False,
        ),
        ("SUMMARY", 13, True),
        ("Backend engineer with 10+ years of experience building payment platforms.", 10, False),
        ("EXPERIENCE", 13, True),
        ("Staff Software Engineer", 10.5, True),
        ("Acme Corp, Austin, TX", 10, False),
        ("Mar 2019 – Present", 10, False),
        ("• Led the migration of the billing platform to Kubernetes.", 10, False),
        ("Software Engineering Intern", 10.5, True),
        ("Brightline Analytics, Dallas, TX", 10, False),
        ("May 2012 – Aug 2012", 10, False),
        ("• Summer internship on the reporting team.", 10, False),
        ("EDUCATION", 13, True),
        ("University of Texas at Austin", 10.5, True),
        ("BS in Computer Science, 2009 – 2013", 10, False),
        ("SKILLS", 13, True),
        ("Go, Python, PostgreSQL, Kubernetes", 10, False),
    )
    p = parse_resume(doc)
    assert p.name == "Dana Whitfield"
    assert p.headline == "Staff Software Engineer"
    assert p.locations == ("Austin, TX",)
    assert p.emails == ("dana.whitfield@example.com",)
    assert p.phones == ("(512) 555-0142",)
    assert p.linkedin_slugs == ("dana-whitfield",)
    assert [summary(x) for x in p.experience] == [
        ("Acme Corp", "Staff Software Engineer", "2019-03", "present"),
        ("Brightline Analytics", "Software Engineering Intern", "2012-05", "2012-08"),
    ]
    assert [x.location for x in p.experience] == ["Austin, TX", "Dallas, TX"]
    assert p.experience[0].description == "Led the migration of the billing platform to Kubernetes."
    assert "Acme Corp, Austin, TX" in p.experience[0].raw
    assert [x.employment_type for x in p.experience] == [
        EmploymentType.FULL_TIME,
        EmploymentType.INTERNSHIP,
    ]
    assert len(p.education) == 1
    study = p.education[0]
    assert (study.school, study.degree, study.field) == (
        "University of Texas at Austin",
        "BS",
        "Computer Science",
    )
    assert study.range is not None and (side(study.range.start), side(study.range.end)) == (
        "2009",
        "2013",
    )
    assert p.skills == ("Go", "Python", "PostgreSQL", "Kubernetes")
    assert p.stated_experience[0].years == 10 and p.stated_experience[0].at_least
    assert p.summary.startswith("Backend engineer")
    assert p.document == doc.meta
    assert p.text == doc.text


def _expected_side(text: str | None) -> str | None:
    if text is None:
        return "present"
    parsed = parse_date(text)
    assert parsed is not None
    return str(parsed)


@pytest.mark.parametrize(
    "path",
    sorted(FIXTURES.glob("*/resume.*")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_fixture_resumes_match_their_expectations(path: Path) -> None:
    expected = json.loads((path.parent / "expected.json").read_text("utf-8"))
    profile = parse_resume(read_any(path.read_bytes(), path.name))
    assert profile.name == expected["name"]
    assert [summary(p) for p in profile.experience] == [
        (e["org"], e["title"], _expected_side(e["start"]), _expected_side(e["end"]))
        for e in expected["experience"]
    ]
    got = [
        (
            s.school,
            s.degree,
            s.field,
            side(s.range.start) if s.range else None,
            side(s.range.end) if s.range else None,
        )
        for s in profile.education
    ]
    assert got == [
        (e["school"], e["degree"], e["field"], e["start"], e["end"]) for e in expected["education"]
    ]


# ---------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------


def test_header_name_headline_location_and_contacts() -> None:
    text = """PRIYA RAMASWAMY
Senior Data Engineer · Remote — Austin, TX
priya.r [at] example [dot] com · +1 512 555 0107 · github.com/priya-r · https://www.linkedin.com/in/priya-ramaswamy-1a2b3c/

PROFESSIONAL SUMMARY
Over a decade of experience in data platforms.

REFERENCES
Jordan Blake, Acme Corp, (312) 555-0199, jordan.blake@example.com
"""
    p = parse_resume(text_doc(text))
    assert p.name == "PRIYA RAMASWAMY"
    assert p.headline == "Senior Data Engineer"
    assert p.locations == ("Austin, TX",)
    assert p.emails == ("priya.r@example.com",)
    assert p.phones == ("+1 512 555 0107",)  # the referee's phone is not the candidate's
    assert p.github_handles == ("priya-r",)
    assert p.linkedin_slugs == ("priya-ramaswamy-1a2b3c",)
    assert p.urls == ("github.com/priya-r", "https://www.linkedin.com/in/priya-ramaswamy-1a2b3c/")
    assert p.references == ("Jordan Blake, Acme Corp, (312) 555-0199, jordan.blake@example.com",)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Curriculum Vitae\nMarcus Okafor\nChicago, Illinois, United States\n", "Marcus Okafor"),
        ("Name: Dana Whitfield\nEmail: dana@example.com\n", "Dana Whitfield"),
        ("Dana Whitfield, PhD\nResearcher\n", "Dana Whitfield"),
        ("Austin, TX | dana@example.com\nDana Whitfield\nStaff Engineer\n", "Dana Whitfield"),
        ("D A N A   W H I T F I E L D\nEngineer\n", "DANA WHITFIELD"),
        ("Ana María de la Cruz\nEngineer\n", "Ana María de la Cruz"),
        ("Senior Software Engineer\nAustin, TX\n", ""),
        ("EXPERIENCE\nEngineer, Acme, 2019 – 2021\n", ""),
    ],
)
def test_name_detection(text: str, name: str) -> None:
    assert parse_resume(text_doc(text)).name == name


def test_name_prefers_the_largest_line_at_the_top() -> None:
    doc = styled_doc(
        ("RÉSUMÉ", 9, False), ("Lena Marsh", 22, True), ("Principal Cloud Architect", 11, False)
    )
    p = parse_resume(doc)
    assert p.name == "Lena Marsh"
    assert p.headline == "Principal Cloud Architect"


@pytest.mark.parametrize(
    ("lines", "locations"),
    [
        (["Austin, TX | dana@example.com"], ["Austin, TX"]),
        (["Austin, Texas, United States"], ["Austin, Texas, United States"]),
        (["Remote — Austin, TX"], ["Austin, TX"]),
        (["Remote (Austin, TX)"], ["Austin, TX"]),
        (["Location: Berlin, Germany"], ["Berlin, Germany"]),
        (["Toronto, ON, Canada · +1 512 555 0100"], ["Toronto, ON, Canada"]),
        (["1200 W Washington St, Phoenix, AZ 85007"], ["Phoenix, AZ 85007"]),
        (["Remote"], []),
        (["Acme, Inc."], []),
        (["Senior Engineer, Acme"], []),
    ],
)
def test_find_locations(lines: list[str], locations: list[str]) -> None:
    assert find_locations(lines) == locations


def test_address_in_header() -> None:
    p = parse_resume(
        text_doc("Sam Ortega\n1200 W Washington St, Phoenix, AZ 85007\nsam@example.org\n")
    )
    assert p.addresses == ("1200 W Washington St, Phoenix, AZ 85007",)
    assert p.locations == ("Phoenix, AZ 85007",)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Austin, TX", True),
        ("Chicago, IL 60601", True),
        ("London, UK", True),
        ("Remote", True),
        ("Acme Corp", False),
        ("Data Engineer, TX", False),
    ],
)
def test_is_location(text: str, ok: bool) -> None:
    assert is_location(text) is ok


# ---------------------------------------------------------------------------------------------
# Employment types
# ---------------------------------------------------------------------------------------------


def test_employment_types_in_a_resume() -> None:
    text = """Marcus Okafor
Experience
Board Member, Chicago Tech Collective    2020 – Present
Technical Advisor, Startup Labs    2021 – 2022
Part-time Instructor, City Colleges of Chicago    Sep 2016 – May 2018
Data Engineer (Contract), Initech    2014 – 2016
Code Mentor (volunteer), Coding Club of Chicago    2018 – 2019
Volunteer Experience
Code Mentor, Girls Who Code — 2019 – 2022
"""
    p = parse_resume(text_doc(text))
    assert [(x.org, x.employment_type) for x in p.experience] == [
        ("Chicago Tech Collective", EmploymentType.BOARD),
        ("Startup Labs", EmploymentType.ADVISORY),
        ("City Colleges of Chicago", EmploymentType.PART_TIME),
        ("Initech", EmploymentType.CONTRACT),
        ("Coding Club of Chicago", EmploymentType.VOLUNTEER),
    ]
    # A volunteering section is kept apart, as LinkedIn keeps it: not a position.
    assert p.extra["volunteer"] == ("Code Mentor, Girls Who Code — 2019 – 2022",)


# ---------------------------------------------------------------------------------------------
# Stated experience
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("8+ years of experience", [(8, "", True)]),
        ("over 10 years' experience in fintech", [(10, "fintech", True)]),
        (
            "Backend engineer with 10+ years of experience building payment platforms.",
            [(10, "", True)],
        ),
        ("a decade of experience", [(10, "", False)]),
        ("Over a decade of experience", [(10, "", True)]),
        ("5 years of Kubernetes", [(5, "Kubernetes", False)]),
        ("8 years of Kubernetes in production.", [(8, "Kubernetes", False)]),
        ("10+ years in software engineering", [(10, "", True)]),
        ("15 years of professional experience", [(15, "", False)]),
        ("5 years experience with Node.js", [(5, "Node.js", False)]),
        ("7 yrs exp.", [(7, "", False)]),
        ("eight years as a software developer", [(8, "", False)]),
        ("3-5 years of Go", [(3, "Go", True)]),
        ("2.5 years of Rust", [(2.5, "Rust", False)]),
        ("a 12-year career in tech", [(12, "", False)]),
        ("6+ years of Spark and 4 years of Kafka", [(6, "Spark", True), (4, "Kafka", False)]),
        ("Promoted twice in 3 years.", []),
        ("Served 4 years on the board", []),
        ("founded in 2019, 120 years old", []),
    ],
)
def test_stated_experience(text: str, claims: list[tuple[float, str, bool]]) -> None:
    got = find_stated_experience(text)
    assert [(c.years, c.subject, c.at_least) for c in got] == claims
    assert all(c.raw and c.raw in " ".join(text.split()) for c in got)


# ---------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "BS, Computer Science\nUniversity of Texas at Austin | 2009 – 2013",
            [("University of Texas at Austin", "BS", "Computer Science", "2009", "2013", False)],
        ),
        (
            "University of Texas at Austin\nBS in Computer Science, 2009 – 2013",
            [("University of Texas at Austin", "BS", "Computer Science", "2009", "2013", False)],
        ),
        (
            "Bachelor of Science in Computer Engineering — Colorado State University (2004 – 2008)",
            [
                (
                    "Colorado State University",
                    "Bachelor of Science",
                    "Computer Engineering",
                    "2004",
                    "2008",
                    False,
                )
            ],
        ),
        (
            "M.S. Computer Science, Stanford University, 2014",
            [("Stanford University", "M.S.", "Computer Science", None, "2014", False)],
        ),
        (
            "University of Illinois Urbana-Champaign\nBachelor of Science in Computer Science\nClass of 2013",
            [
                (
                    "University of Illinois Urbana-Champaign",
                    "Bachelor of Science",
                    "Computer Science",
                    None,
                    "2013",
                    False,
                )
            ],
        ),
        (
            "Kellogg School of Management — MBA\nExpected May 2026",
            [("Kellogg School of Management", "MBA", "", None, "2026-05", True)],
        ),
        (
            "PhD, Distributed Systems, Colorado State University, 2012 – 2013\nB.Tech in Electrical Engineering — Indian Institute of Technology Madras (2008 – 2012)",
            [
                ("Colorado State University", "PhD", "Distributed Systems", "2012", "2013", False),
                (
                    "Indian Institute of Technology Madras",
                    "B.Tech",
                    "Electrical Engineering",
                    "2008",
                    "2012",
                    False,
                ),
            ],
        ),
        (
            "2011 – 2015\nMBA, Kellogg School of Management\n2007 – 2011\nBS, Information Technology, Illinois Institute of Technology",
            [
                ("Kellogg School of Management", "MBA", "", "2011", "2015", False),
                (
                    "Illinois Institute of Technology",
                    "BS",
                    "Information Technology",
                    "2007",
                    "2011",
                    False,
                ),
            ],
        ),
        (
            "Stanford University\nB.A., Economics\nGPA 3.9, magna cum laude\n• Dean's list",
            [("Stanford University", "B.A.", "Economics", None, None, False)],
        ),
        (
            "• B.S. in Computer Science, University of Illinois, 2015",
            [("University of Illinois", "B.S.", "Computer Science", None, "2015", False)],
        ),
    ],
)
def test_education_forms(
    lines: str, expected: list[tuple[str, str, str, str | None, str | None, bool]]
) -> None:
    p = parse_resume(text_doc(f"Dana Whitfield\n\nEDUCATION\n{lines}\n"))
    got = [
        (
            s.school,
            s.degree,
            s.field,
            side(s.range.start) if s.range else None,
            side(s.range.end) if s.range else None,
            bool(s.range and s.range.current),
        )
        for s in p.education
    ]
    assert got == expected


# ---------------------------------------------------------------------------------------------
# Skills, notes, robustness
# ---------------------------------------------------------------------------------------------


def test_skills_lists() -> None:
    text = """Dana Whitfield
TECHNICAL SKILLS
Languages: Python, Scala, SQL
Tools: Spark | Kafka | Airflow
• Kubernetes (EKS, GKE)
• Go and Rust
CI/CD, Terraform; AWS
"""
    assert parse_resume(text_doc(text)).skills == (
        "Python",
        "Scala",
        "SQL",
        "Spark",
        "Kafka",
        "Airflow",
        "Kubernetes (EKS, GKE)",
        "Go and Rust",
        "CI/CD",
        "Terraform",
        "AWS",
    )


def test_as_of_notes_and_meta_pass_through() -> None:
    doc = DocumentText(
        lines=(TextLine("Dana Whitfield"), TextLine("Engineer")),
        meta=DocumentMeta(author="Dana Whitfield"),
        notes=("removed 2 invisible formatting characters",),
    )
    p = parse_resume(doc, as_of=date(2026, 1, 1))
    assert p.as_of == date(2026, 1, 1)
    assert p.notes == ("removed 2 invisible formatting characters",)
    assert p.document == DocumentMeta(author="Dana Whitfield")
    assert p.text == "Dana Whitfield\nEngineer"


@pytest.mark.parametrize("lines", [(), (TextLine(" "),)])
def test_no_text_is_an_extraction_error(lines: tuple[TextLine, ...]) -> None:
    with pytest.raises(ExtractionError, match="document has no text"):
        parse_resume(DocumentText(lines=lines, meta=DocumentMeta()))


def test_without_experience_heading_dated_roles_are_still_found() -> None:
    p = parse_resume(
        text_doc("Dana Whitfield\nStaff Engineer, Acme Corp, 2019 – Present\nLed things.\n")
    )
    assert [summary(x) for x in p.experience] == [
        ("Acme Corp", "Staff Engineer", "2019", "present")
    ]


def test_huge_resume_is_cut_with_a_note() -> None:
    body = "Engineer, Acme Corp, 2019 – 2020\n" * 4000
    p = parse_resume(text_doc("Dana Whitfield\nExperience\n" + body))
    assert 0 < len(p.experience) <= 3000
    assert any("unusually long" in n for n in p.notes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    "EXPERIENCE",
                    "Education",
                    "Skills: Go, Python",
                    "Engineer, Acme, 2019 – Present",
                    "• Built things.",
                    "Jan 2019 – Dec 2018",
                    "BS, Computer Science, 2013",
                    "Austin, TX | dana@example.com | (312) 555-0142",
                    "Expected May 2026",
                    "10+ years of experience",
                    "    ",
                    "(((",
                    "Class of 9999",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_parse_resume_never_raises_anything_but_extraction_error(rows: list[str]) -> None:
    lines = tuple(TextLine(r) for r in rows if r)
    try:
        profile = parse_resume(DocumentText(lines=lines, meta=DocumentMeta()))
    except ExtractionError:
        return
    assert isinstance(profile.text, str)
    for position in profile.experience:
        assert position.org or position.title


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_parse_resume_on_random_text(text: str) -> None:
    try:
        doc = read_any(text.encode("utf-8", "surrogatepass"), "resume.txt")
    except ExtractionError:
        return
    try:
        parse_resume(doc)
    except ExtractionError:
        pass


def test_broken_json_resume_read_as_text_says_where_the_json_breaks() -> None:
    from extractors.dispatch import read_resume

    doc = text_doc('{"basics": {"name": "Dana Whitfield",, }', "resume.txt")
    with pytest.raises(ExtractionError, match=r"not valid JSON: line 1 column 38"):
        read_resume(doc)


def test_text_starting_with_a_brace_is_still_a_resume() -> None:
    from extractors.dispatch import read_resume

    p = read_resume(text_doc("{draft}\nDana Whitfield\nExperience\nEngineer, Acme, 2019 – 2021\n"))
    assert p.name == "Dana Whitfield"
    assert len(p.experience) == 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.builds(
            TextLine,
            text=st.sampled_from(
                [
                    "Dana Whitfield",
                    "EXPERIENCE",
                    "Acme Corp",
                    "Staff Engineer    2019 – Present",
                    "• Led the team.",
                    "Education",
                    "University of Texas at Austin",
                    "BS in Computer Science, 2009 – 2013",
                    "Austin, TX | (312) 555-0142",
                    "Unknown Styled Words",
                ]
            )
            | st.text(min_size=1, max_size=40),
            size=st.floats(min_value=0, max_value=40),
            bold=st.booleans(),
            heading=st.booleans(),
        ),
        max_size=25,
    )
)
def test_parse_resume_with_random_styles(lines: list[TextLine]) -> None:
    try:
        parse_resume(DocumentText(lines=tuple(lines), meta=DocumentMeta()))
    except ExtractionError:
        pass


@pytest.mark.parametrize("placeholder", ["Your Name", "FIRST LAST", "Firstname Lastname"])
def test_a_template_placeholder_is_not_the_name(placeholder: str) -> None:
    p = parse_resume(text_doc(f"{placeholder}\nAvery Quill\navery.quill@example.com\n"))
    assert p.name == "Avery Quill"


def test_layout_details_that_used_to_break_entries() -> None:
    text = """Morgan Reyes
Experience
Northwind Energy ............ Berlin, Germany
Solutions Architect        Jan. 2020 – Mar. 2023
Software Development, Foxglove GmbH (2018 – 2019)
SDE II at Saffron, Remote.    2016 – 2018
Education
Bachelor of Engineering - BE, Electrical Engineering
Kingsbridge College of Engineering    2010 – 2014
Volunteering
Volunteer Tutor, Riverside Food Bank, 2016 – 2017
"""
    p = parse_resume(text_doc(text))
    assert [(x.title, x.org, str(x.range)) for x in p.experience] == [
        ("Solutions Architect", "Northwind Energy", "2020-01 – 2023-03"),
        ("Software Development", "Foxglove GmbH", "2018 – 2019"),
        ("SDE II", "Saffron", "2016 – 2018"),
    ]
    assert p.experience[0].location == "Berlin, Germany"
    assert [(s.school, s.degree, s.field) for s in p.education] == [
        ("Kingsbridge College of Engineering", "Bachelor of Engineering", "Electrical Engineering")
    ]


def test_a_wrapped_date_column_is_joined() -> None:
    lines = [
        TextLine("Experience", 0, 54, 100, 120, 110, 13, True),
        TextLine("September 2024    Security Analyst", 0, 54, 114, 300, 124, 10, True),
        TextLine("to October    Harborview Labs, Austin, TX", 0, 54, 127, 300, 137, 10),
        TextLine(
            "2025    Rewrote the billing pipeline to event sourcing", 0, 54, 140, 500, 150, 10
        ),
        TextLine(
            "Aug. 2022–Sept. Data Analyst, Fernhill Networks, Boston, MA",
            0,
            56,
            160,
            500,
            170,
            10.9,
        ),
        TextLine("2023 Automated a feature store serving many requests", 0, 117, 173, 500, 183, 10),
    ]
    p = parse_resume(DocumentText(tuple(lines), DocumentMeta()))
    assert [(x.title, x.org, str(x.range)) for x in p.experience] == [
        ("Security Analyst", "Harborview Labs", "2024-09 – 2025-10"),
        ("Data Analyst", "Fernhill Networks", "2022-08 – 2023-09"),
    ]


def test_europass_labelled_rows_and_chinese_resumes() -> None:
    europass = """Personal information
Surname(s) / First name(s)    Lindqvist, Casey
Work experience
Dates    From: 03/2012 – Present
Occupation or position held    Data Analyst
Name and address of employer    Northwind Example Labs, Berlin, Germany
Education and training
Dates    2008 – 2012
Title of qualification awarded    Bachelor of Science (B.Sc.)
Principal subjects/occupational skills covered    Physics
Name and type of organisation providing education and training    University of Westbrook
"""
    p = parse_resume(text_doc(europass))
    assert p.name == "Casey Lindqvist"
    assert [(x.title, x.org, str(x.range)) for x in p.experience] == [
        ("Data Analyst", "Northwind Example Labs", "2012-03 – present")
    ]
    assert [(s.school, s.degree, s.field) for s in p.education] == [
        ("University of Westbrook", "Bachelor of Science", "Physics")
    ]
    chinese = "王芳\n工作经历\n2019年3月 - 至今    北京示例科技有限公司    高级软件工程师\n教育背景\n2012年9月 - 2016年6月    华东示例大学    软件工程    学士\n"
    p = parse_resume(text_doc(chinese))
    assert p.name == "王芳"
    assert [(x.title, x.org, str(x.range)) for x in p.experience] == [
        ("高级软件工程师", "北京示例科技有限公司", "2019-03 – present")
    ]
    assert [(s.school, s.degree, s.field, str(s.range)) for s in p.education] == [
        ("华东示例大学", "学士", "软件工程", "2012-09 – 2016-06")
    ]


def test_confidence_says_how_an_entry_was_read() -> None:
    text = "Avery Quill\nExperience\nData Analyst, Northwind Labs    2019 – 2021\n"
    p = parse_resume(text_doc(text))
    clean = p.experience[0]
    assert clean.confidence == 0.9 and clean.confidence_reason.startswith("layout match")
    no_heading = parse_resume(text_doc("Avery Quill\nData Analyst, Northwind Labs (2019 – 2021)\n"))
    assert no_heading.experience[0].confidence <= 0.45
    assert "no experience heading" in no_heading.experience[0].confidence_reason


def test_a_section_read_as_empty_makes_the_resume_partial_not_ok_and_empty() -> None:
    text = """Avery Quill
avery.quill@example.com
Experience
Many things over many years at several places that I would rather discuss in person
Education
Yes
"""
    p = parse_resume(text_doc(text))
    assert p.experience == ()
    assert p.unread_parts == ("the Experience section could not be read: no positions found in it",)
    nothing = parse_resume(text_doc("lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n"))
    assert len(nothing.unread_parts) == 1 and "nothing a résumé holds" in nothing.unread_parts[0]
    whole = parse_resume(
        text_doc("Avery Quill\nExperience\nData Analyst, Northwind Labs    2019 – 2021\n")
    )
    assert whole.unread_parts == ()


def test_an_employers_other_name_in_brackets_stays_with_it() -> None:
    """Regression: "River Yard Security (now River Point Data)" lost its aside, so a profile
    that used the new name looked like another employer (XS002). Rename asides stay in the
    employer; type and place asides do not."""
    profile = parse_resume(
        text_doc(
            "Jane Example\n\nEXPERIENCE\n\nSenior Software Engineer\n"
            "River Yard Security (now River Point Data), Orlando, FL\nMar 2018 – Present\n\n"
            "Software Engineer (Contract)\nAcme Corp (acquired by Globex)\nJan 2014 – Feb 2018\n\n"
            "Data Engineer, Lumen Yard Analytics, acquired by Willow Peak\nDec 2012 – Dec 2013\n"
        )
    )
    orgs = [p.org for p in profile.experience]
    assert orgs == [
        "River Yard Security (now River Point Data)",
        "Acme Corp (acquired by Globex)",
        "Lumen Yard Analytics, acquired by Willow Peak",
    ]
    titles = ["Senior Software Engineer", "Software Engineer", "Data Engineer"]
    assert [p.title for p in profile.experience] == titles
    assert profile.experience[1].employment_type.value == "contract"


def test_a_school_named_without_a_school_word_starts_its_own_study() -> None:
    """Regression: "Stanford" on its own line after a complete study was read as a leftover of
    that study, leaving the next degree without a school. A bare name followed by a degree or
    dates is the next study's school; one followed by nothing new stays where it was."""
    profile = parse_resume(
        text_doc(
            "Jane Example\n\nEDUCATION\n\nIllinois Institute of Technology\n"
            "M.S. in Software Engineering, Aug 2007 - May 2008\nStanford\n"
            "MS in Software Engineering, Aug 2003 - May 2007\n\nSKILLS\n\nPython\n"
        )
    )
    assert [(s.school, s.degree) for s in profile.education] == [
        ("Illinois Institute of Technology", "M.S."),
        ("Stanford", "MS"),
    ]
    official = parse_resume(
        text_doc(
            "Jane Example\n\nEDUCATION\n\nBachelor of Science, Software Engineering\n"
            "Rutgers, The State University of New Jersey | 2004-09 - 2008-06\n"
        )
    )
    assert [s.school for s in official.education] == ["Rutgers, The State University of New Jersey"]
    trailing = parse_resume(
        text_doc(
            "Jane Example\n\nEDUCATION\n\nUniversity of Central Florida\n"
            "B.S. in Computer Science, 2010 - 2014\nMagna Cum Laude\nOrlando Campus\n"
        )
    )
    assert [(s.school, s.degree) for s in trailing.education] == [
        ("University of Central Florida", "B.S.")
    ]
