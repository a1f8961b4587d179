"""TL and SRC001 checks: each fires on its contradiction and stays quiet on how people really
write histories (precision, boundary months, internships, contracts, promotions, renames)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from extractors.model import (
    DateRange,
    EmploymentType,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
    StatedExperience,
    Study,
)
from scanner.config import Config
from scanner.model import Candidate, Severity
from scanner.registry import CheckContext, Hit, registry, run_checks

AS_OF = date(2026, 11, 28)
PD = PartialDate
FT = EmploymentType.FULL_TIME


def rng(start: str | None, end: str | None = None, raw: str = "") -> DateRange:
    """`end=None` is "Present"; `end="?"` is an open range that is not marked current."""
    s = PD.parse_iso(start) if start else None
    if end is None:
        return DateRange(s, None, current=True, raw=raw)
    if end == "?":
        return DateRange(s, None, current=False, raw=raw)
    return DateRange(s, PD.parse_iso(end), raw=raw)


def pos(
    org: str,
    title: str,
    start: str | None,
    end: str | None = None,
    kind: EmploymentType = FT,
    description: str = "",
    raw: str = "",
) -> Position:
    return Position(
        org=org,
        title=title,
        range=rng(start, end, raw),
        employment_type=kind,
        description=description,
    )


def study(
    school: str, degree: str, start: str | None, end: str | None, field: str = "", raw: str = ""
) -> Study:
    r = rng(start, end, raw) if start or end else None
    return Study(school=school, degree=degree, field=field, range=r)


def person(
    experience: tuple[Position, ...] = (),
    education: tuple[Study, ...] = (),
    stated: tuple[StatedExperience, ...] = (),
    as_of: date | None = None,
) -> Profile:
    return Profile(
        name="Dana Whitfield",
        experience=experience,
        education=education,
        stated_experience=stated,
        as_of=as_of,
    )


def cand(*profiles: Profile) -> Candidate:
    sources = [
        SourceDocument(kind=SourceKind.RESUME, format="txt", uri=f"cv{i}.txt")
        for i in range(len(profiles))
    ]
    return Candidate(id="t", sources=sources, profiles=list(profiles), as_of=AS_OF)


def run(code: str, c: Candidate, **config: Any) -> list[Hit]:
    return list(registry[code].func(c, CheckContext(config=Config(**config))))


def fields(hit: Hit) -> list[tuple[int | None, str]]:
    return [(e.source, e.field) for e in hit.evidence]


# ---------------------------------------------------------------------------------------------
# SRC001
# ---------------------------------------------------------------------------------------------


def test_src001_fires_on_an_unreadable_source() -> None:
    broken = SourceDocument(
        kind=SourceKind.RESUME,
        format="pdf",
        uri="cv/a1001.pdf",
        status=SourceStatus.ERROR,
        error="cv/a1001.pdf: the PDF is encrypted and has no password",
    )
    ok = SourceDocument(kind=SourceKind.APPLICATION, format="fields", uri="application")
    c = Candidate(id="t", sources=[ok, broken], profiles=[person(), None], as_of=AS_OF)
    hits = run("SRC001", c)
    assert len(hits) == 1
    assert hits[0].message == "cv/a1001.pdf: the PDF is encrypted and has no password"
    assert hits[0].evidence[0].source == 1
    assert hits[0].evidence[0].value == "cv/a1001.pdf"


def test_src001_fires_once_per_broken_source_even_without_an_error_text() -> None:
    sources = [
        SourceDocument(
            kind=SourceKind.RESUME, format="docx", uri="a.docx", status=SourceStatus.ERROR
        ),
        SourceDocument(
            kind=SourceKind.RESUME, format="pdf", uri="b.pdf", status=SourceStatus.ERROR
        ),
    ]
    hits = run("SRC001", Candidate(id="t", sources=sources, profiles=[None, None], as_of=AS_OF))
    assert [h.evidence[0].source for h in hits] == [0, 1]
    assert all(h.message for h in hits)


def test_src001_quiet_when_every_source_was_read() -> None:
    assert run("SRC001", cand(person())) == []


def test_src001_quiet_on_a_blocked_source() -> None:
    blocked = SourceDocument(
        kind=SourceKind.LINKEDIN_PAGE,
        format="html",
        uri="https://www.linkedin.com/in/dana-whitfield",
        status=SourceStatus.BLOCKED,
        error="login wall",
    )
    c = Candidate(id="t", sources=[blocked], profiles=[None], as_of=AS_OF)
    assert run("SRC001", c) == []  # blocked is SRC002's, not an unreadable file


# ---------------------------------------------------------------------------------------------
# TL001
# ---------------------------------------------------------------------------------------------


def test_tl001_fires_on_eight_months_of_overlapping_full_time_jobs() -> None:
    c = cand(
        person(
            (
                pos(
                    "Acme Corp", "Senior Engineer", "2018-01", "2020-12", raw="Jan 2018 – Dec 2020"
                ),
                pos("Globex", "Lead Developer", "2020-05", "2022-06", raw="May 2020 – Jun 2022"),
            )
        )
    )
    hits = run("TL001", c)
    assert len(hits) == 1
    assert "8 months" in hits[0].message
    assert "Jan 2018 – Dec 2020" in hits[0].message and "May 2020 – Jun 2022" in hits[0].message
    assert fields(hits[0]) == [(0, "experience[0]"), (0, "experience[1]")]
    assert "Acme Corp" in hits[0].evidence[0].value


def test_tl001_fires_below_three_months_when_the_threshold_is_lowered() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2018-01", "2020-06"),
                pos("Globex", "Engineer", "2020-05", "2022-06"),
            )
        )
    )
    assert run("TL001", c) == []
    assert len(run("TL001", c, thresholds={"TL001": {"overlap_months": 1}})) == 1


def test_tl001_fires_for_a_current_job_overlapping_a_past_one() -> None:
    c = cand(
        person(
            (
                pos("Initech", "Staff Engineer", "2019-03", None),
                pos("Globex", "Principal Engineer", "2018-01", "2021-12"),
            )
        )
    )
    assert len(run("TL001", c)) == 1


def test_tl001_quiet_on_a_range_ending_in_the_future_which_is_tl002s() -> None:
    c = cand(
        person(
            (
                pos("Saguaro Networks", "Network Technician", "2016-01", "2031-06"),
                pos("Desert Peak Software", "DevOps Engineer", "2022-02", None),
            )
        )
    )
    assert run("TL001", c) == []
    assert len(run("TL002", c)) == 1


def test_tl001_quiet_on_a_boundary_month() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2018-01", "2020-05"),
                pos("Globex", "Engineer", "2020-05", "2022-06"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_quiet_on_year_against_month_precision() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2019", "2020", raw="2019 – 2020"),
                pos("Globex", "Engineer", "2020-12", "2022", raw="Dec 2020 – 2022"),
                pos("Initech", "Engineer", "2015", "2017"),
                pos("Umbrella", "Engineer", "2017", "2019"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_quiet_on_an_internship_during_school_and_a_side_role() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Software Engineer", "2016-01", "2020-12"),
                pos("Globex", "Software Engineering Intern", "2017-06", "2018-08"),
                pos("Initech", "Data Analyst", "2018-01", "2019-01", EmploymentType.INTERNSHIP),
                pos("Code Club", "Mentor", "2016-01", "2020-12"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_quiet_on_contract_work_beside_a_full_time_job() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Software Engineer", "2016-01", "2020-12"),
                pos("Globex", "Backend Developer", "2017-01", "2019-12", EmploymentType.CONTRACT),
                pos("Initech", "Consultant (contract)", "2018-01", "2019-06"),
                pos("Self-employed", "Web Developer", "2016-06", "2018-06"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_quiet_on_a_promotion_inside_one_employer() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Senior Engineer", "2018-01", "2021-06"),
                pos("Acme Corporation", "Staff Engineer", "2021-01", None),
                pos("Amazon", "SDE II", "2012-01", "2015-06"),
                pos("Amazon Web Services", "SDE III", "2015-01", "2017-12"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_quiet_on_a_renamed_company() -> None:
    c = cand(
        person(
            (
                pos("Facebook", "Software Engineer", "2015-01", "2021-12"),
                pos("Meta", "Senior Software Engineer", "2021-01", "2024-06"),
                pos("Zimride", "Engineer", "2009-01", "2013-08"),
                pos("Lyft", "Engineer", "2013-01", "2014-12"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_fires_once_for_roles_overlapping_several_others_with_every_pair() -> None:
    """One story, one finding: two roles overlapping three others is not six findings."""
    c = cand(
        person(
            (
                pos("Acme Corp", "Staff Engineer", "2018-01", "2021-12"),
                pos("Globex", "Senior Engineer", "2019-01", "2021-06"),
                pos("Initech", "Lead Developer", "2019-06", "2021-03"),
                pos("Hooli", "Engineer", "2020-01", "2020-12"),
            )
        )
    )
    [hit] = run("TL001", c)
    assert "4 positions overlap in 6 pairs" in hit.message
    assert [f for _, f in fields(hit)] == [f"experience[{k}]" for k in range(4)]
    assert "judged full time" in hit.message
    assert hit.severity is None  # the default, medium: the overlaps run for years


def test_tl001_fires_low_for_a_short_overlap_like_a_long_notice_period() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2018-01", "2020-09"),
                pos("Globex", "Engineer", "2020-05", "2022-06"),
            )
        )
    )
    [hit] = run("TL001", c)
    assert hit.severity is Severity.LOW and "5 months" in hit.message


@pytest.mark.parametrize(
    ("org", "title"),
    [
        ("Whitfield Consulting LLC", "Managing Director"),
        ("Brightwave Studio", "Principal"),
        ("Upwork", "Backend Developer"),
        ("Grace Community Church", "Worship Leader"),
        ("Chess Club of Austin", "President"),
        ("Riverside Arts Center", "Artist in Residence"),
        ("Example University", "Graduate Research Assistant"),
        ("Acme Corp", "Teaching Fellow"),
    ],
)
def test_tl001_quiet_on_side_roles_beside_a_job(org: str, title: str) -> None:
    """Benign twins: own company, freelance platforms, church and club roles, residencies and
    assistantships held beside a full-time job are not two full-time jobs."""
    c = cand(
        person(
            (
                pos("Globex", "Senior Engineer", "2017-01", "2022-06"),
                pos(org, title, "2018-01", "2021-12"),
            )
        )
    )
    assert run("TL001", c) == []


def test_tl001_quiet_on_a_job_at_ones_own_school_during_the_degree() -> None:
    c = cand(
        person(
            (
                pos("Globex", "Software Engineer", "2016-01", "2019-06"),
                pos("Example State University", "Web Developer", "2015-09", "2017-05"),
            ),
            education=(study("Example State University", "MS", "2015-09", "2017-05"),),
        )
    )
    assert run("TL001", c) == []
    # the fraud twin: the same job at a school the person never attended overlaps for real
    twin = cand(
        person(
            (
                pos("Globex", "Software Engineer", "2016-01", "2019-06"),
                pos("Example State University", "Web Developer", "2015-09", "2017-05"),
            ),
            education=(study("Other College", "MS", "2015-09", "2017-05"),),
        )
    )
    assert len(run("TL001", twin)) == 1


def test_tl001_quiet_for_two_current_jobs_which_tl006_reports() -> None:
    """One fact, one finding: two current jobs are TL006, not also TL001."""
    c = cand(
        person(
            (pos("Acme Corp", "Engineer", "2019-01", None), pos("Globex", "Engineer", "2020-01"))
        )
    )
    assert run("TL001", c) == []
    assert len(run("TL006", c)) == 1


# ---------------------------------------------------------------------------------------------
# TL002
# ---------------------------------------------------------------------------------------------


def test_tl002_fires_when_a_position_ends_before_it_starts() -> None:
    c = cand(
        person((pos("Acme Corp", "Engineer", "2021-06", "2020-01", raw="Jun 2021 – Jan 2020"),))
    )
    hits = run("TL002", c)
    assert len(hits) == 1
    assert "ends (2020-01) before it starts (2021-06)" in hits[0].message
    assert fields(hits[0]) == [(0, "experience[0]")]
    assert "Jun 2021 – Jan 2020" in hits[0].evidence[0].value


def test_tl002_fires_on_a_start_after_the_documents_date() -> None:
    c = cand(person((pos("Acme Corp", "Engineer", "2027-03", None),)))
    hits = run("TL002", c)
    assert len(hits) == 1 and hits[0].severity is None  # the registered `high`
    assert "2026-11-28" in hits[0].message


def test_tl002_fires_against_the_documents_own_date() -> None:
    """ "Present" and "the future" are measured against a LinkedIn export's own date."""
    c = cand(person((pos("Acme Corp", "Engineer", "2021-03", None),), as_of=date(2020, 6, 1)))
    hits = run("TL002", c)
    assert len(hits) == 1 and "2020-06-01" in hits[0].message


def test_tl002_fires_on_a_start_before_1950() -> None:
    c = cand(person((pos("Acme Corp", "Engineer", "1948", "1952"),)))
    hits = run("TL002", c)
    assert len(hits) == 1 and "before 1950" in hits[0].message


def test_tl002_quiet_on_a_students_expected_graduation() -> None:
    """LinkedIn shows "2024 – 2028" for a current student without the word "expected"."""
    c = cand(person(education=(study("State University", "BS", "2024-09", "2028-05"),)))
    assert run("TL002", c) == []


def test_tl002_fires_low_on_a_study_ending_implausibly_far_ahead() -> None:
    c = cand(person(education=(study("State University", "BS", "2024-09", "2036-05"),)))
    hits = run("TL002", c)
    assert len(hits) == 1
    assert hits[0].severity is Severity.LOW
    assert fields(hits[0]) == [(0, "education[0]")]


def test_tl002_fires_medium_on_a_position_that_ends_in_the_future() -> None:
    c = cand(person((pos("Acme Corp", "Engineer", "2024-01", "2027-06"),)))
    hits = run("TL002", c)
    assert len(hits) == 1 and hits[0].severity is Severity.MEDIUM


def test_tl002_fires_on_a_future_start_written_as_current_despite_planning_words() -> None:
    p = Position(
        org="Acme Corp",
        title="Engineer",
        range=DateRange(PD(2027, 2), None, current=True, raw="Feb 2027 – Current"),
        description="Planned and led the migration, starting with billing.",
    )
    assert len(run("TL002", cand(person((p,))))) == 1


def test_tl002_quiet_within_precision() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2019", "2019"),
                pos("Globex", "Engineer", "2019-03", "2019"),
                pos("Initech", "Engineer", "2019", "2019-02"),
                pos("Umbrella", "Engineer", "2026", None),
                pos("Hooli", "Engineer", "2026-11", None),
            ),
            education=(study("State University", "BS", "2022", "2026"),),
        )
    )
    assert run("TL002", c) == []


def test_tl002_quiet_on_expected_graduation_and_incoming_roles() -> None:
    c = cand(
        person(
            (pos("Acme Corp", "Incoming Software Engineer", "2027-07", None),),
            education=(
                study("State University", "BS", "2023-09", "2027-05", raw="Expected May 2027"),
                study("Tech Institute", "MS (in progress)", "2025-09", "2027-06"),
            ),
        )
    )
    assert run("TL002", c) == []


# ---------------------------------------------------------------------------------------------
# TL003
# ---------------------------------------------------------------------------------------------


def test_tl003_fires_on_a_ten_month_bachelors() -> None:
    c = cand(person(education=(study("State University", "B.S.", "2019-09", "2020-06"),)))
    hits = run("TL003", c)
    assert len(hits) == 1
    assert "bachelor's degree" in hits[0].message and "10 months" in hits[0].message
    assert fields(hits[0]) == [(0, "education[0]")]


def test_tl003_fires_on_a_short_doctorate_and_a_long_bachelors() -> None:
    c = cand(
        person(
            education=(
                study("State University", "Ph.D.", "2020-09", "2022-06", field="Physics"),
                study("State University", "Bachelor of Arts", "2005", "2016"),
            )
        )
    )
    hits = run("TL003", c)
    assert len(hits) == 2
    assert "doctorate" in hits[0].message and "at most 1 year 10 months" in hits[0].message
    assert "at least 10 years 2 months" in hits[1].message


def test_tl003_fires_on_a_master_of_a_few_months() -> None:
    c = cand(person(education=(study("Online University", "MBA", "2020-01", "2020-04"),)))
    assert len(run("TL003", c)) == 1


def test_tl003_fires_on_a_short_bachelors_after_high_school() -> None:
    c = cand(
        person(
            education=(
                study("Lincoln High School", "High School Diploma", "2011-09", "2015-06"),
                study("State University", "BS", "2015-09", "2016-06"),
            )
        )
    )
    hits = run("TL003", c)
    assert len(hits) == 1 and fields(hits[0]) == [(0, "education[1]")]


def test_tl003_quiet_when_precision_allows_the_length() -> None:
    c = cand(
        person(
            education=(
                study("State University", "BSc", "2019", "2020"),  # may be 24 months
                study("State University", "MS", "2021-09", "2022-06"),
                study("State University", "PhD", "2022", "2024"),  # may be 36 months
                study("State University", "BA", "2008", "2016"),  # surely only 7 years 2 months
            )
        )
    )
    assert run("TL003", c) == []


def test_tl003_quiet_on_a_transfer_certificates_and_combined_degrees() -> None:
    c = cand(
        person(
            education=(
                study("County Community College", "A.A.", "2015-09", "2017-06"),
                study("State University", "BS", "2017-09", "2019-05", field="Computer Science"),
                study("Cloud Academy", "AWS Certified Solutions Architect", "2020-01", "2020-03"),
                study("Tech Institute", "BS/MS", "2010-09", "2011-06"),
                study("Business School", "Certified Scrum Master", "2021-01", "2021-02"),
                study("City University", "BSc (top-up)", "2012-09", "2013-06"),
            )
        )
    )
    assert run("TL003", c) == []


def test_tl003_quiet_on_a_long_part_time_degree() -> None:
    c = cand(person(education=(study("Open College", "BSc (part-time)", "2005-01", "2016-06"),)))
    assert run("TL003", c) == []


# ---------------------------------------------------------------------------------------------
# TL004
# ---------------------------------------------------------------------------------------------


def claim(years: float, raw: str, subject: str = "", at_least: bool = False) -> StatedExperience:
    return StatedExperience(years=years, raw=raw, subject=subject, at_least=at_least)


def test_tl004_fires_when_the_claim_exceeds_the_dated_history() -> None:
    c = cand(
        person(
            (pos("Acme Corp", "Engineer", "2020-01", None),),
            stated=(claim(10, "10 years of experience"),),
        )
    )
    hits = run("TL004", c)
    assert len(hits) == 1
    assert "10 years of experience" in hits[0].message
    assert "at most 6 years 11 months" in hits[0].message
    assert fields(hits[0]) == [(0, "stated_experience[0]"), (0, "experience")]


def test_tl004_fires_when_the_history_is_much_longer_than_an_exact_claim() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2012-01", "2018-12"),
                pos("Globex", "Senior Engineer", "2019-01", None),
            ),
            stated=(claim(3, "3 years of experience"),),
        )
    )
    assert len(run("TL004", c)) == 1


def test_tl004_quiet_on_an_at_least_claim_with_a_longer_history() -> None:
    c = cand(
        person(
            (pos("Acme Corp", "Engineer", "2012-01", None),),
            stated=(claim(5, "5+ years of experience", at_least=True),),
        )
    )
    assert run("TL004", c) == []


def test_tl004_quiet_within_two_years_and_merging_overlaps() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2019-01", "2022-06"),
                pos("Globex", "Engineer", "2021-01", None),  # overlap counted once
            ),
            stated=(claim(8, "8 years of experience"),),
        )
    )
    assert run("TL004", c) == []


def test_tl004_quiet_when_a_position_is_undated_or_the_claim_has_a_subject() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2022-01", None),
                Position(org="Globex", title="Engineer"),
            ),
            stated=(claim(10, "10 years of experience"), claim(9, "9 years of Python", "Python")),
        )
    )
    assert run("TL004", c) == []


def test_tl004_reads_years_in_a_field_as_overall_experience() -> None:
    """ "13 years of experience in backend systems" is about the whole career (a field, not a
    technology of the release table); "13 years of Go" is TL008's."""
    jobs = (pos("Acme Corp", "Engineer", "2021-01", None),)
    field_claim = claim(13, "13 years of experience in backend systems", "backend systems")
    [hit] = run("TL004", cand(person(jobs, stated=(field_claim,))))
    assert "backend systems" in hit.message
    go_claim = claim(13, "13 years of Go", "Go")
    assert run("TL004", cand(person(jobs, stated=(go_claim,)))) == []


def test_tl004_quiet_on_dates_that_are_tl002s() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2021-06", "2015-01"),
                pos("Globex", "Engineer", "2016-01", "2031-12"),
            ),
            stated=(claim(11, "11 years of experience"),),
        )
    )
    assert run("TL004", c) == []


def test_tl004_quiet_on_internships_before_a_short_career() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Software Engineering Intern", "2015-06", "2020-08"),
                pos("Globex", "Engineer", "2024-11", None),
            ),
            stated=(claim(2, "2 years of experience"),),
        )
    )
    assert run("TL004", c) == []


# ---------------------------------------------------------------------------------------------
# TL005
# ---------------------------------------------------------------------------------------------


def test_tl005_fires_on_a_senior_title_at_the_start_of_university() -> None:
    c = cand(
        person(
            (pos("Acme Corp", "Senior Software Engineer", "2010-06", "2013-12"),),
            education=(study("State University", "BS", "2010-09", "2014-05"),),
        )
    )
    hits = run("TL005", c)
    assert len(hits) == 1
    assert "before the start of the first degree" in hits[0].message
    assert fields(hits[0]) == [(0, "experience[0]"), (0, "education[0]")]


def test_tl005_fires_within_a_year_after_the_degree_started() -> None:
    c = cand(
        person(
            (pos("Globex", "Director of Engineering", "2011-03", "2014"),),
            education=(study("State University", "Bachelor of Science", "2010-09", "2014-05"),),
        )
    )
    hits = run("TL005", c)
    assert len(hits) == 1 and "within a year of" in hits[0].message


def test_tl005_quiet_when_the_senior_role_comes_later() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Software Engineer", "2014-06", "2017-12"),
                pos("Acme Corp", "Senior Software Engineer", "2018-01", None),
            ),
            education=(study("State University", "BS", "2010-09", "2014-05"),),
        )
    )
    assert run("TL005", c) == []


def test_tl005_quiet_on_first_jobs_student_roles_and_founders() -> None:
    c = cand(
        person(
            (
                pos("Coffee House", "Shift Lead", "2009-06", "2011-08"),
                pos("Burger Barn", "Senior Cashier", "2009-01", "2010-06"),
                pos("University Robotics Club", "Head of Software", "2010-09", "2012-05"),
                pos("Tiny Startup", "Co-Founder & CEO", "2011-01", "2012-12"),
                pos("Acme Corp", "Senior Engineer Intern", "2011-06", "2011-09"),
                pos("Globex", "Junior Software Architect", "2010-01", "2012-06"),
                pos("Initech", "Assistant Director of Admissions", "2010-01", "2012-06"),
            ),
            education=(study("State University", "BS", "2010-09", "2014-05"),),
        )
    )
    assert run("TL005", c) == []


def test_tl005_quiet_on_a_later_life_degree() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Developer", "2000-01", "2007-12"),
                pos("Globex", "Senior Developer", "2008-01", "2015-06"),
            ),
            education=(
                study("Open University", "BSc", "2008-09", "2012-06"),
                study("Business School", "MBA", "2016-09", "2018-06"),
            ),
        )
    )
    assert run("TL005", c) == []


# ---------------------------------------------------------------------------------------------
# TL006
# ---------------------------------------------------------------------------------------------


def test_tl006_fires_on_two_current_full_time_jobs() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Staff Engineer", "2019-03", None),
                pos("Globex", "Senior Developer", "2021-06", None),
                pos("Initech", "Engineer", "2015-01", "2019-02"),
            )
        )
    )
    hits = run("TL006", c)
    assert len(hits) == 1
    assert "2 full-time positions are marked current" in hits[0].message
    assert fields(hits[0]) == [(0, "experience[0]"), (0, "experience[1]")]


def test_tl006_quiet_on_two_hats_at_one_employer() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineering Manager", "2022-01", None),
                pos("Acme Corp.", "Staff Engineer", "2019-03", None),
                pos("Twitter", "Engineer", "2020-01", None),
                pos("X Corp", "Engineer", "2023-08", None),
            )
        )
    )
    hits = run("TL006", c)
    assert len(hits) == 1  # Acme twice is one employer, Twitter / X Corp is another
    assert len(hits[0].evidence) == 2


def test_tl006_quiet_on_side_roles_beside_one_job() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Staff Engineer", "2019-03", None),
                pos("Code Club", "Volunteer Mentor", "2020-01", None),
                pos("Startup Inc", "Technical Advisor", "2021-01", None, EmploymentType.ADVISORY),
                pos("Community College", "Adjunct Instructor", "2022-01", None),
                pos("Open Source Project", "Maintainer", "2018-01", None),
                pos("Globex", "Consultant", "2023-01", None, EmploymentType.PART_TIME),
                pos("Initech", "Incoming Staff Engineer", "2027-02", None),
            )
        )
    )
    assert run("TL006", c) == []


# ---------------------------------------------------------------------------------------------
# TL007
# ---------------------------------------------------------------------------------------------


def test_tl007_fires_on_a_job_at_openai_in_2012() -> None:
    c = cand(person((pos("OpenAI", "Research Engineer", "2012-01", "2016-06", raw="2012 – 2016"),)))
    hits = run("TL007", c)
    assert len(hits) == 1
    assert "starts in 2012" in hits[0].message and "founded in 2015" in hits[0].message
    assert fields(hits[0]) == [(0, "experience[0]"), (None, "reference:founding_years")]
    assert hits[0].evidence[1].value == "OpenAI: founded 2015"


def test_tl007_fires_through_an_alias_and_a_legal_form() -> None:
    c = cand(person((pos("Snowflake Computing, Inc.", "Engineer", "2009", "2013"),)))
    hits = run("TL007", c)
    assert len(hits) == 1 and "Snowflake" in hits[0].message


def test_tl007_fires_with_a_configured_employer() -> None:
    c = cand(person((pos("Example Robotics", "Engineer", "2013-01", "2018-06"),)))
    assert run("TL007", c) == []
    config = {"references": {"founding_years": {"Example Robotics": 2016}}}
    hits = run("TL007", c, **config)
    assert len(hits) == 1
    assert hits[0].evidence[1].note.startswith("configuration")


def test_tl007_fires_despite_everyday_words_in_the_description() -> None:
    p = pos(
        "OpenAI",
        "Engineer",
        "2011-01",
        "2016-06",
        description="Led customer acquisition via paid search; migrated legacy systems.",
    )
    assert len(run("TL007", cand(person((p,))))) == 1


def test_tl007_quiet_on_a_renamed_company_counted_from_its_predecessor() -> None:
    c = cand(
        person(
            (
                pos("Meta", "Software Engineer", "2006-01", "2012-06"),  # Facebook, 2004
                pos("Lyft", "Engineer", "2008-01", "2010-12"),  # Zimride, 2007
                pos("Slack", "Engineer", "2009-06", "2012-12"),  # Tiny Speck, 2009
                pos("X Corp", "Engineer", "2007-01", "2009-12"),  # Twitter, 2006
            )
        )
    )
    assert run("TL007", c) == []


def test_tl007_quiet_on_acquisitions_founders_and_the_founding_year() -> None:
    c = cand(
        person(
            (
                pos("Databricks (via acquisition of Redash)", "Engineer", "2011-01", "2020-12"),
                pos(
                    "Snowflake",
                    "Engineer",
                    "2010-01",
                    "2016-12",
                    description="Joined Snowflake when it acquired Acme; was acquired by it in 2014",
                ),
                pos("Stripe", "Co-founder", "2009-03", None),
                pos("Databricks", "Engineer", "2013-01", "2015-12"),
                pos("Anthropic", "Research Scientist", "2021-02", None),
            )
        )
    )
    assert run("TL007", c) == []


def test_tl007_quiet_on_unknown_employers_and_ordinary_words() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2001-01", "2003-12"),
                pos("Square", "Cashier", "2003-01", "2004-12"),  # not Block, Inc. (2009)
                pos("Tesla", "Technician", "1985-01", "1990-12"),  # not Tesla, Inc. (2003)
            )
        )
    )
    assert run("TL007", c) == []


# ---------------------------------------------------------------------------------------------
# TL008
# ---------------------------------------------------------------------------------------------


def test_tl008_fires_on_kubernetes_in_a_job_that_ended_in_2012() -> None:
    c = cand(
        person(
            (
                pos(
                    "Acme Corp",
                    "DevOps Engineer",
                    "2010-01",
                    "2012-06",
                    description="Migrated services to Kubernetes and Terraform.",
                ),
            )
        )
    )
    hits = run("TL008", c)
    assert [h.evidence[1].value for h in hits] == [
        "Kubernetes: first public release 2014",
        "Terraform: first public release 2014",
    ]
    assert "ended by 2012-06" in hits[0].message
    assert fields(hits[0]) == [(0, "experience[0]"), (None, "reference:tech_releases")]


def test_tl008_fires_on_years_of_a_technology_that_reach_back_too_far() -> None:
    c = cand(
        person(
            (pos("Acme Corp", "Engineer", "2012-01", None),),
            stated=(
                claim(14, "14 years of Kubernetes", "Kubernetes"),
                claim(10, "10 years of Go", "Go"),
            ),
        )
    )
    hits = run("TL008", c)
    assert len(hits) == 1
    assert "14 years of Kubernetes" in hits[0].message and "2012-11" in hits[0].message
    assert fields(hits[0]) == [(0, "stated_experience[0]"), (None, "reference:tech_releases")]


def test_tl008_fires_on_an_ambiguous_name_in_a_technology_list_and_in_a_title() -> None:
    c = cand(
        person(
            (
                pos(
                    "Acme Corp",
                    "Engineer",
                    "2004-01",
                    "2007-06",
                    description="Stack: Go, Kubernetes",
                ),
                pos("Globex", "Senior Swift Developer", "2010-01", "2012-06"),
            )
        )
    )
    names = sorted(h.evidence[1].value.split(":")[0] for h in run("TL008", c))
    assert names == ["Go", "Kubernetes", "Swift"]


def test_tl008_fires_with_a_configured_technology() -> None:
    c = cand(
        person(
            (pos("Acme Corp", "Engineer", "2010-01", "2013-06", description="Wrote Quillscript."),)
        )
    )
    assert run("TL008", c) == []
    hits = run("TL008", c, references={"tech_releases": {"Quillscript": 2016}})
    assert len(hits) == 1


def test_tl008_quiet_within_the_tolerance_and_for_plausible_years() -> None:
    c = cand(
        person(
            (
                pos("Acme Corp", "Engineer", "2011-01", "2013-12", description="Early Kubernetes"),
                pos("Globex", "Engineer", "2014-01", None, description="Kubernetes, React, Rust"),
            ),
            stated=(claim(12, "12 years of Kubernetes", "Kubernetes"), claim(13, "13 years", "Go")),
        )
    )
    assert run("TL008", c, thresholds={"TL008": {"tolerance_years": 1}}) == []
    assert len(run("TL008", c)) == 1  # by default a role ending before the release year is read


def test_tl008_fires_on_a_framework_in_an_earlier_role_and_on_decades_of_a_language() -> None:
    """Recall: "Flutter" in a role that ended in 2016 (released 2017); "20 years of Go" (2009)."""
    c = cand(
        person(
            (
                pos(
                    "Acme Corp",
                    "Mobile Developer",
                    "2014-03",
                    "2016-11",
                    description="Built mobile apps with Flutter and Firebase.",
                ),
            ),
            stated=(claim(20, "20 years of Go", "Go"),),
        )
    )
    hits = run("TL008", c)
    assert len(hits) == 2
    assert any("Flutter" in h.message and "2017" in h.message for h in hits)
    assert any("20 years of Go" in h.message for h in hits)


def test_tl008_quiet_at_the_organisation_that_built_it() -> None:
    c = cand(
        person(
            (
                pos(
                    "Google",
                    "Software Engineer",
                    "2007-01",
                    "2008-06",
                    description="Golang compiler",
                ),
                pos("Facebook", "Engineer", "2010-01", "2011-06", description="Built React"),
            )
        )
    )
    assert run("TL008", c) == []


def test_tl008_quiet_on_ordinary_words_that_are_also_technology_names() -> None:
    c = cand(
        person(
            (
                pos(
                    "First Bank",
                    "Payments Analyst",
                    "2000-01",
                    "2005-12",
                    description=(
                        "Led the go-to-market plan. Processed SWIFT payments; Swift delivery of "
                        "reports. Configured Cisco IOS routers. Worked with Julia, Claude and "
                        "Ruby in operations. Airflow and Helm design for HVAC units."
                    ),
                ),
                pos("Law Firm", "Associate", "2001-01", "2004-12", description="LLM in tax law"),
            ),
            stated=(claim(25, "25 years of SWIFT messaging", "SWIFT messaging"),),
        )
    )
    assert run("TL008", c) == []


# ---------------------------------------------------------------------------------------------
# Shared helpers and the runner
# ---------------------------------------------------------------------------------------------


def test_checks_skip_unreadable_sources_and_run_through_the_registry() -> None:
    broken = SourceDocument(
        kind=SourceKind.RESUME, format="pdf", uri="b.pdf", status=SourceStatus.ERROR, error="bad"
    )
    ok = SourceDocument(kind=SourceKind.RESUME, format="txt", uri="a.txt")
    prof = person(
        (
            pos("OpenAI", "Engineer", "2012-01", "2016-06"),
            pos("Globex", "Engineer", "2013-01", "2016-06"),
        )
    )
    c = Candidate(id="t", sources=[broken, ok], profiles=[None, prof], as_of=AS_OF)
    codes = ["SRC001", "TL001", "TL002", "TL003", "TL004", "TL005", "TL006", "TL007", "TL008"]
    result = run_checks(c, CheckContext(config=Config()), codes)
    assert result.errors == []
    found = sorted(f.code for f in result.findings)
    assert found == ["SRC001", "TL001", "TL007"]
    assert all(
        e.source in (1, None) for f in result.findings if f.code != "SRC001" for e in f.evidence
    )
    assert {code for code, _ in result.not_run} == {"TL003", "TL004", "TL005"}


def test_tl008_fires_on_stated_years_without_any_dated_history() -> None:
    from scanner.pipeline import scan_candidate

    prof = Profile(
        name="Dana Whitfield",
        stated_experience=(
            StatedExperience(years=15, raw="15 years of Kubernetes", subject="Kubernetes"),
        ),
    )
    c = Candidate(
        id="t",
        sources=[SourceDocument(kind=SourceKind.RESUME, format="txt", uri="cv.txt")],
        profiles=[prof],
        as_of=date(2026, 11, 28),
    )
    codes = {f.code for f in scan_candidate(c, Config()).findings}
    assert "TL008" in codes


def test_src001_fires_low_on_a_source_read_only_in_part() -> None:

    prof = Profile(
        name="Dana Whitfield",
        unread_parts=("Positions.csv missing from the export",),
    )
    c = Candidate(
        id="t",
        sources=[SourceDocument(kind=SourceKind.LINKEDIN_EXPORT, format="zip", uri="x.zip")],
        profiles=[prof],
        as_of=date(2026, 11, 28),
    )
    hits = run("SRC001", c)
    assert len(hits) == 1 and hits[0].severity is Severity.LOW
    assert not c.complete


def test_a_finding_resting_on_a_low_confidence_entry_is_at_most_low() -> None:
    """Severity follows evidence: the same overlap read from a guessed layout is low, with why."""
    from dataclasses import replace

    from scanner.registry import CheckContext as Ctx
    from scanner.registry import run_checks

    solid = (
        pos("Acme Corp", "Senior Engineer", "2018-01", "2020-12"),
        pos("Globex", "Lead Developer", "2019-05", "2022-06"),
    )
    guessed = (solid[0], replace(solid[1], confidence=0.45, confidence_reason="no section heading"))
    [firm] = run_checks(cand(person(solid)), Ctx(config=Config()), ["TL001"]).findings
    [weak] = run_checks(cand(person(guessed)), Ctx(config=Config()), ["TL001"]).findings
    assert firm.severity is Severity.MEDIUM
    assert weak.severity is Severity.LOW and "no section heading" in weak.message


# ---------------------------------------------------------------------------------------------
# TL009, TL010
# ---------------------------------------------------------------------------------------------

BSC = study("Example State University", "BS", "2014-09", "2019-05", field="Computer Science")


def test_tl009_fires_on_a_senior_role_years_before_the_only_degree_was_finished() -> None:
    c = cand(person((pos("Acme Corp", "Senior Software Engineer", "2016-06", None),), (BSC,)))
    [hit] = run("TL009", c)
    assert "2 years 11 months before" in hit.message
    assert fields(hit) == [(0, "experience[0]"), (0, "education[0]")]


def test_tl009_quiet_for_mature_students_part_time_study_and_junior_roles() -> None:
    later_career = person(
        (
            pos("Acme Corp", "Senior Software Engineer", "2016-06", None),
            pos("Globex", "Software Engineer", "2010-01", "2016-05"),
        ),
        (BSC,),
    )
    part_time = person(
        (pos("Acme Corp", "Senior Software Engineer", "2016-06", None),),
        (study("Example State University", "BS (part-time)", "2014-09", "2019-05"),),
    )
    junior = person((pos("Acme Corp", "Software Engineer", "2016-06", None),), (BSC,))
    with_masters = person(
        (pos("Acme Corp", "Senior Software Engineer", "2016-06", None),),
        (BSC, study("Example State University", "MS", "2019-09", "2021-05")),
    )
    for p in (later_career, part_time, junior, with_masters):
        assert run("TL009", cand(p)) == []


def test_tl010_fires_on_a_full_time_job_throughout_full_time_study() -> None:
    c = cand(person((pos("Acme Corp", "Software Engineer", "2015-01", "2018-12"),), (BSC,)))
    [hit] = run("TL010", c)
    assert "overlaps the full-time study" in hit.message


@pytest.mark.parametrize(
    "job",
    [
        pos("Acme Corp", "Software Engineer (remote, part-time)", "2015-01", "2018-12"),
        pos("Acme Corp", "Co-op Software Engineer", "2015-01", "2018-12"),
        pos("Example State University", "Web Developer", "2015-01", "2018-12"),
        pos("Acme Corp", "Software Engineer", "2015", "2018"),
        pos("Acme Corp", "Software Engineer", "2019-01", "2020-12"),
    ],
)
def test_tl010_quiet_on_part_time_co_op_campus_year_only_and_later_jobs(job: Position) -> None:
    assert run("TL010", cand(person((job,), (BSC,)))) == []


def test_tl010_reads_plain_words_in_the_entrys_own_lines_only() -> None:
    """Regression: "an internal metrics service" in a bullet read as "intern", hiding a
    full-time job held throughout a full-time degree. "Internship" still counts anywhere."""
    internal = pos(
        "Acme Corp",
        "Software Engineer",
        "2015-01",
        "2018-12",
        description="• Built an internal metrics service for the remote sensing team",
    )
    assert len(run("TL010", cand(person((internal,), (BSC,))))) == 1
    internship = pos(
        "Acme Corp", "Software Engineer", "2015-01", "2018-12", description="Summer internships"
    )
    assert run("TL010", cand(person((internship,), (BSC,)))) == []


def test_one_story_told_by_two_sources_is_one_finding() -> None:
    """The same jobs overlapping in the résumé and the LinkedIn profile are one TL001 finding
    citing both sources, not two; different stories in two sources stay two findings."""
    jobs = (
        pos("Acme Corp", "Senior Engineer", "2018-01", "2021-12"),
        pos("Globex", "Staff Engineer", "2019-01", "2022-06"),
    )
    linkedin_jobs = (
        pos("Acme Corporation", "Senior Engineer", "2018-01", "2021-12"),
        pos("Globex Inc.", "Staff Engineer", "2019-02", "2022-06"),
    )
    c = Candidate(
        id="t",
        sources=[
            SourceDocument(kind=SourceKind.RESUME, format="txt", uri="cv.txt"),
            SourceDocument(kind=SourceKind.LINKEDIN_PDF, format="pdf", uri="li.pdf"),
        ],
        profiles=[person(jobs), person(linkedin_jobs)],
        as_of=AS_OF,
    )
    [found] = run_checks(c, CheckContext(config=Config()), ["TL001"]).findings
    assert {e.source for e in found.evidence} == {0, 1}
    assert found.message.endswith("(also in [1] linkedin_pdf)")
    other = (
        pos("Initech", "Senior Engineer", "2018-01", "2021-12"),
        pos("Hooli", "Staff Engineer", "2019-01", "2022-06"),
    )
    c2 = Candidate(id="t", sources=c.sources, profiles=[person(jobs), person(other)], as_of=AS_OF)
    assert len(run_checks(c2, CheckContext(config=Config()), ["TL001"]).findings) == 2


def test_tl003_quiet_when_another_source_explains_a_short_bachelors() -> None:
    """The profile lists only the two years at the university; the résumé says "transfer
    student" (or lists the community college first): the same study, explained."""
    short = study("Northwestern University", "Bachelor of Science", "2021-08", "2023-05")
    profile_only = person(education=(short,))
    assert len(run("TL003", cand(profile_only))) == 1
    noted = Study(
        "Northwestern University",
        "BS",
        "Statistics",
        rng("2021-08", "2023-05"),
        raw="BS in Statistics, 08/2021 to 05/2023, transfer student",
    )
    college = study("Austin Community College", "Associate of Science", "2019-08", "2021-05")
    for resume in (person(education=(noted,)), person(education=(short, college))):
        assert run("TL003", cand(profile_only, resume)) == []


def test_a_business_named_after_the_person_is_their_own() -> None:
    """'Managing Director' of 'Rossi Digital LLC' for Marco Rossi is their own business beside
    a job, not a second full-time employer (TL001, TL006); the same title at a company named
    after someone else still counts."""
    own = Position(org="Rossi Digital LLC", title="Managing Director", range=rng("2024-02", None))
    job = pos("Orchid Loop Systems", "Principal Platform Engineer", "2022-01", None)
    prof = Profile(name="Marco Rossi", experience=(job, own))
    assert run("TL006", cand(prof)) == []
    other = Profile(
        name="Marco Rossi",
        experience=(job, Position(org="Bianchi Digital LLC", title="Managing Director",
                                  range=rng("2024-02", None))),
    )  # fmt: skip
    assert len(run("TL006", cand(other))) == 1


def test_tl002_a_board_term_ending_ahead_is_low() -> None:
    """A board seat "Jun 2024 – Oct 2027" in a document of Nov 2026 is a term set ahead (low);
    a full-time job with the same dates is medium."""
    board = Position(
        org="Riverside Food Bank",
        title="Board Member",
        range=rng("2024-06", "2027-10"),
        employment_type=EmploymentType.BOARD,
    )
    [low] = run("TL002", cand(person((board,))))
    assert low.severity is Severity.LOW
    [medium] = run("TL002", cand(person((pos("Acme Corp", "Engineer", "2024-06", "2027-10"),))))
    assert medium.severity is Severity.MEDIUM
