"""Profiles, sources and findings survive the trip to the store's JSON and back unchanged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.model import (
    DateRange,
    DocumentMeta,
    EmploymentType,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
    StatedExperience,
    Study,
    frozen_mapping,
)
from scanner.model import Category, Evidence, Finding, Level, Risk, Severity
from scanner.store.serialise import (
    dumps,
    finding_from_dict,
    finding_to_dict,
    profile_from_dict,
    profile_to_dict,
    risk_from_dict,
    risk_to_dict,
    source_from_dict,
    source_to_dict,
)


def _trip_profile(p: Profile) -> Profile:
    return profile_from_dict(json.loads(dumps(profile_to_dict(p))))


def test_a_profile_with_every_field_round_trips() -> None:
    p = Profile(
        name="Dana Whitfield",
        other_names=("Dana W.",),
        headline="Staff Engineer",
        summary="Builds things.",
        emails=("dana.whitfield@example.com",),
        phones=("(312) 555-0142", "+1 312 555 0143"),
        locations=("Austin, TX, US",),
        addresses=("1 Main St, Austin, TX 78701",),
        shipping_addresses=("2 Elm St, Austin, TX 78702",),
        urls=("https://example.org/dana",),
        linkedin_slugs=("dana-whitfield",),
        github_handles=("dwhitfield",),
        photo_hashes=("ffee0011aabbccdd",),
        references=("Lee Park (312) 555-0150",),
        skills=("Go", "Kubernetes"),
        experience=(
            Position(
                "Acme Corp",
                "Staff Engineer",
                DateRange(PartialDate(2019, 3), None, current=True, raw="Mar 2019 – Present"),
                location="Austin, TX",
                description="Led the platform team.",
                raw="Acme Corp\nStaff Engineer",
            ),
            Position(
                "Initech",
                "Contractor",
                DateRange(PartialDate(2015), PartialDate(2019, 2, 28)),
                employment_type=EmploymentType.CONTRACT,
            ),
            Position("Undated Ltd"),
        ),
        education=(
            Study(
                "UT Austin",
                "BS",
                "Computer Science",
                DateRange(PartialDate(2008), PartialDate(2012)),
                raw="UT",
            ),
        ),
        stated_experience=(
            StatedExperience(8.0, "8+ years", at_least=True),
            StatedExperience(5, "5 years of Go", subject="Go"),
        ),
        document=DocumentMeta(
            author="Dana",
            producer="LinkedIn",
            created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            pages=3,
        ),
        as_of=date(2026, 1, 2),
        text="full text",
        notes=("page 4 skipped",),
        extra={"layout": "two-column", "n": 3},
    )
    assert _trip_profile(p) == p


def test_profile_text_is_left_out_without_keep_text() -> None:
    p = Profile(name="Dana Whitfield", text="the whole résumé")
    assert "text" not in profile_to_dict(p, keep_text=False)


def test_an_empty_profile_is_stored_as_an_empty_object() -> None:
    assert profile_to_dict(Profile()) == {}
    assert _trip_profile(Profile()) == Profile()


def test_a_source_document_round_trips_without_its_content() -> None:
    s = SourceDocument(
        kind=SourceKind.LINKEDIN_PDF,
        format="pdf",
        uri="cv/a1001.pdf",
        content=b"%PDF",
        media_type="application/pdf",
        sha256="c" * 64,
        retrieved_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        collector="file",
        status=SourceStatus.ERROR,
        error="encrypted PDF",
        meta=frozen_mapping({"http_status": 200}),
    )
    back = source_from_dict(json.loads(dumps(source_to_dict(s))), content=b"%PDF")
    assert back == s


def test_a_finding_round_trips() -> None:
    f = Finding(
        code="HJ001",
        title="Profile name changed",
        category=Category.HIJACK,
        severity=Severity.HIGH,
        confidence=0.9,
        message="renamed",
        evidence=(
            Evidence(0, "name", "Mallory Stone"),
            Evidence(None, "scan 3 of 2026-01-01: name", "Dana", note="linkedin_page x"),
        ),
        cluster="C1",
    )
    assert finding_from_dict(json.loads(dumps(finding_to_dict(f)))) == f


def test_a_risk_round_trips() -> None:
    r = Risk(72, Level.HIGH, (("XS005", 40), ("TL001", 32)))
    assert risk_from_dict(json.loads(dumps(risk_to_dict(r)))) == r


_partial = st.builds(
    lambda y, m, d: PartialDate(y, m, d if m else None),
    st.integers(1950, 2030),
    st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 28)),
)
_range = st.one_of(
    st.none(),
    st.builds(
        DateRange,
        st.one_of(st.none(), _partial),
        st.one_of(st.none(), _partial),
        st.booleans(),
        st.text(max_size=10),
    ),
)
_text = st.text(max_size=20)
_position = st.builds(
    Position, _text, _text, _range, _text, st.sampled_from(list(EmploymentType)), _text, _text
)
_study = st.builds(Study, _text, _text, _text, _range, _text)


@settings(max_examples=60, deadline=None)
@given(
    name=_text,
    emails=st.lists(_text, max_size=3),
    experience=st.lists(_position, max_size=4),
    education=st.lists(_study, max_size=2),
    as_of=st.one_of(st.none(), st.dates()),
)
def test_generated_profiles_round_trip(
    name: str,
    emails: list[str],
    experience: list[Position],
    education: list[Study],
    as_of: date | None,
) -> None:
    p = Profile(
        name=name,
        emails=tuple(emails),
        experience=tuple(experience),
        education=tuple(education),
        as_of=as_of,
    )
    assert _trip_profile(p) == p
