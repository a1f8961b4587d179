"""JSON Resume documents: good ones to profiles with precise dates, bad ones to clear errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.json_resume import looks_like_json_resume, parse_json_resume
from extractors.model import EmploymentType, ExtractionError, PartialDate

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad"


def resume(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": {
            "name": "Priya Ramaswamy",
            "label": "Senior Data Engineer",
            "email": "priya.ramaswamy@example.com",
            "phone": "+1 (0) 512 555 0107",
            "url": "https://priya.example.org",
            "summary": "Data engineer with 8+ years of experience and 5 years of Kafka.",
            "location": {
                "address": "100 Congress Ave",
                "postalCode": "78701",
                "city": "Austin",
                "region": "TX",
                "countryCode": "US",
            },
            "profiles": [
                {
                    "network": "LinkedIn",
                    "username": "priya-r",
                    "url": "https://www.linkedin.com/in/priya-ramaswamy-1a2b3c/",
                },
                {"network": "GitHub", "username": "priya-r", "url": "https://github.com/priya-r"},
            ],
        },
        "work": [
            {
                "name": "Globex Corporation",
                "position": "Senior Data Engineer",
                "location": "Austin, TX",
                "startDate": "2020-03",
                "summary": "Streaming pipelines.",
                "highlights": ["Kafka", "Spark"],
            },
            {
                "company": "Initech",
                "position": "Data Engineering Intern",
                "startDate": "2019",
                "endDate": "2019-08-31",
            },
        ],
        "volunteer": [
            {
                "organization": "Code Club",
                "position": "Mentor",
                "startDate": "2018-01-06",
                "endDate": "2019-01",
            }
        ],
        "education": [
            {
                "institution": "University of Texas at Austin",
                "area": "Computer Science",
                "studyType": "Bachelor",
                "startDate": "2009",
                "endDate": "2013",
            }
        ],
        "skills": [{"name": "Data", "keywords": ["Spark", "SQL"]}, {"name": "Go"}],
        "references": [{"name": "Jordan Blake", "reference": "Worked with Priya at Globex."}],
        "meta": {"lastModified": "2026-05-01T10:00:00"},
    }
    doc.update(overrides)
    return doc


def test_good_json_resume() -> None:
    p = parse_json_resume(json.dumps(resume()).encode("utf-8"))
    assert p.name == "Priya Ramaswamy"
    assert p.headline == "Senior Data Engineer"
    assert p.emails == ("priya.ramaswamy@example.com",)
    assert p.phones == ("+1 (0) 512 555 0107",)  # verbatim
    assert p.locations == ("Austin, TX, US",)
    assert p.addresses == ("100 Congress Ave, Austin, TX 78701, US",)
    assert p.urls == (
        "https://priya.example.org",
        "https://www.linkedin.com/in/priya-ramaswamy-1a2b3c/",
        "https://github.com/priya-r",
    )
    assert p.linkedin_slugs == ("priya-ramaswamy-1a2b3c",)
    assert p.github_handles == ("priya-r",)
    assert p.skills == ("Data", "Spark", "SQL", "Go")
    assert p.references == ("Jordan Blake; Worked with Priya at Globex.",)
    assert p.as_of == date(2026, 5, 1)
    assert [(c.years, c.subject, c.at_least) for c in p.stated_experience] == [
        (8, "", True),
        (5, "Kafka", False),
    ]
    assert "Streaming pipelines." in p.text
    assert p.notes == ()

    globex, initech, club = p.experience
    assert (globex.org, globex.title, globex.location) == (
        "Globex Corporation",
        "Senior Data Engineer",
        "Austin, TX",
    )
    assert globex.range is not None
    assert globex.range.start == PartialDate(2020, 3)
    assert globex.range.end is None and globex.range.current  # no endDate: current
    assert globex.description == "Streaming pipelines.\nKafka\nSpark"
    assert globex.employment_type is EmploymentType.FULL_TIME
    assert '"Globex Corporation"' in globex.raw

    assert initech.org == "Initech"  # the older "company" key
    assert initech.range is not None
    assert (initech.range.start, initech.range.end) == (PartialDate(2019), PartialDate(2019, 8, 31))
    assert not initech.range.current
    assert initech.employment_type is EmploymentType.INTERNSHIP

    assert (club.org, club.title, club.employment_type) == (
        "Code Club",
        "Mentor",
        EmploymentType.VOLUNTEER,
    )
    assert club.range is not None and club.range.end == PartialDate(2019, 1)

    (study,) = p.education
    assert (study.school, study.degree, study.field) == (
        "University of Texas at Austin",
        "Bachelor",
        "Computer Science",
    )
    assert study.range is not None
    assert (study.range.start, study.range.end, study.range.current) == (
        PartialDate(2009),
        PartialDate(2013),
        False,
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2019", "2020", ("2019", "2020", False)),
        ("2019-03", "2020-11", ("2019-03", "2020-11", False)),
        ("2019-03-14", "2020-11-02", ("2019-03-14", "2020-11-02", False)),
        ("2019-03-14T00:00:00Z", None, ("2019-03-14", None, True)),
        ("2019-3", "Present", ("2019-03", None, True)),
        ("2019", "", ("2019", None, True)),
        ("March 2019", "June 2020", ("2019-03", "2020-06", False)),
    ],
)
def test_work_dates_keep_their_precision(
    start: str, end: str | None, expected: tuple[str, str | None, bool]
) -> None:
    job: dict[str, Any] = {"name": "Acme", "position": "Engineer", "startDate": start}
    if end is not None:
        job["endDate"] = end
    (position,) = parse_json_resume(json.dumps({"work": [job]})).experience
    assert position.range is not None
    got = (
        str(position.range.start),
        str(position.range.end) if position.range.end else None,
        position.range.current,
    )
    assert got == expected


def test_education_without_end_date_is_not_current() -> None:
    study = {"institution": "Rice University", "studyType": "BS", "startDate": "2020"}
    (s,) = parse_json_resume(json.dumps({"education": [study]})).education
    assert s.range is not None
    assert s.range.start == PartialDate(2020) and s.range.end is None and not s.range.current


def test_wrong_types_are_skipped_with_notes() -> None:
    doc = resume(
        work=[
            {"name": "Acme", "position": "Engineer", "startDate": "soon"},
            5,
            {"summary": "no name"},
            {"name": "Globex", "position": "Engineer", "startDate": "2019-02-30"},
        ],
        skills="Go",
    )
    doc["basics"]["profiles"] = "not a list"
    p = parse_json_resume(json.dumps(doc))
    assert [x.org for x in p.experience] == ["Acme", "Globex", "Code Club"]
    assert p.experience[0].range is None
    notes = " | ".join(p.notes)
    assert "work[0].startDate: 'soon' is not a date" in notes
    assert "work[1]: expected an object, found int" in notes
    assert "work[2]: no name or position" in notes
    assert "work[3].startDate: '2019-02-30' is not a valid date" in notes
    assert "skills: expected a list" in notes
    assert "basics.profiles: expected a list" in notes


def test_bom_and_text_input() -> None:
    data = json.dumps(resume(), ensure_ascii=False)
    assert parse_json_resume(data).name == "Priya Ramaswamy"
    assert parse_json_resume(b"\xef\xbb\xbf" + data.encode()).name == "Priya Ramaswamy"
    assert parse_json_resume(b"\xff\xfe" + data.encode("utf-16-le")).name == "Priya Ramaswamy"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"basics": {"name": "Dana Whitfield",, }', "not valid JSON: line 1 column 38: "),
        (b'{\n  "basics": {\n    "name": \n}', "not valid JSON: line 4 column 1: Expecting value"),
        (b"", "not valid JSON: the file is empty"),
        (b"   \n", "not valid JSON: the file is empty"),
        (b"[1, 2]", "not a JSON Resume: the top level is a list, not an object"),
        (b"null", "not a JSON Resume: the top level is a null, not an object"),
        (b'"text"', "not a JSON Resume: the top level is a string, not an object"),
        (
            b'{"hello": "world"}',
            "not a JSON Resume: no basics, work or education section (top-level keys: hello)",
        ),
        (b'{"basics": [], "work": "x"}', "not a JSON Resume: no basics, work or education section"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_bad_json_is_an_extraction_error(data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError) as info:
        parse_json_resume(data)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed-resume.json", "not valid JSON: line 1"),
        ("not-a-resume.json", "not a JSON Resume"),
    ],
)
def test_bad_fixture_files(name: str, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        parse_json_resume((BAD / name).read_bytes())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (json.dumps(resume()).encode(), True),
        (b'{"basics": {"name": "Dana"}}', True),
        (b'{"work": [{"name": "Acme"}]}', True),
        (b'{"$schema": "https://jsonresume.org/schema", "x": 1}', True),
        (b'\xef\xbb\xbf  {"basics": {}}', True),
        (b'{"basics": {"name": "Dana Whitfield",, }', True),  # broken, but meant as one
        (b'{"hello": "world"}', False),
        (b"[]", False),
        (b"", False),
        (b"%PDF-1.7", False),
        (b"\x00\x01\x02", False),
    ],
)
def test_looks_like_json_resume(data: bytes, expected: bool) -> None:
    assert looks_like_json_resume(data) is expected


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "basics",
                        "work",
                        "education",
                        "volunteer",
                        "skills",
                        "name",
                        "position",
                        "startDate",
                        "endDate",
                        "institution",
                        "profiles",
                        "location",
                        "x",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=25,
    )
)
def test_any_json_gives_a_profile_or_an_extraction_error(value: Any) -> None:
    data = json.dumps(value).encode()
    looks_like_json_resume(data)
    try:
        parse_json_resume(data)
    except ExtractionError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_profile_or_an_extraction_error(data: bytes) -> None:
    assert isinstance(looks_like_json_resume(data), bool)
    try:
        parse_json_resume(data)
    except ExtractionError:
        pass
