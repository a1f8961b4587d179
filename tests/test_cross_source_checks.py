"""XS and ID checks: each fires on its contradiction and stays quiet on the benign differences."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.model import (
    DateRange,
    DocumentMeta,
    EmploymentType,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    Study,
)
from scanner.comparators.identity import slug_matches_name
from scanner.config import Config
from scanner.model import Candidate, Severity
from scanner.registry import CheckContext, Hit, registry

AS_OF = date(2026, 11, 28)
PD = PartialDate


def rng(start: str, end: str | None = None) -> DateRange:
    s = PD.parse_iso(start)
    if end is None:
        return DateRange(s, None, current=True)
    return DateRange(s, PD.parse_iso(end))


def pos(
    org: str,
    title: str,
    start: str,
    end: str | None = None,
    kind: EmploymentType = EmploymentType.FULL_TIME,
) -> Position:
    return Position(org=org, title=title, range=rng(start, end), employment_type=kind)


def cand(*profiles: tuple[SourceKind, Profile], as_of_first: date | None = None) -> Candidate:
    sources = [
        SourceDocument(kind=k, format="txt", uri=f"s{i}") for i, (k, _) in enumerate(profiles)
    ]
    profs = [p for _, p in profiles]
    if as_of_first is not None:
        from dataclasses import replace

        profs[0] = replace(profs[0], as_of=as_of_first)
    return Candidate(id="t", sources=sources, profiles=list(profs), as_of=AS_OF)


def run(code: str, c: Candidate) -> list[Hit]:
    return list(registry[code].func(c, CheckContext(config=Config())))


R, L, A = SourceKind.RESUME, SourceKind.LINKEDIN_PDF, SourceKind.APPLICATION

RESUME_EXP = (
    pos("Acme Corp", "Staff Software Engineer", "2019-03"),
    pos("Acme Corp", "Senior Software Engineer", "2017-01", "2019-02"),
    pos("Brightline Analytics", "Software Engineer", "2013-06", "2016-12"),
)


# --- XS001 -----------------------------------------------------------------------------------
def test_xs001_fires_on_a_different_name() -> None:
    hits = run(
        "XS001", cand((A, Profile(name="Dana Whitfield")), (L, Profile(name="Marcus Okafor")))
    )
    assert len(hits) == 1 and hits[0].severity is None
    assert {e.value for e in hits[0].evidence} == {"Dana Whitfield", "Marcus Okafor"}


def test_xs001_fires_low_on_a_partial_match() -> None:
    hits = run("XS001", cand((A, Profile(name="Dana Whitfield")), (L, Profile(name="Dana Okafor"))))
    assert len(hits) == 1 and hits[0].severity is Severity.LOW


@pytest.mark.parametrize(
    "a, b",
    [
        ("Robert Whitfield", "Bob Whitfield"),
        ("José Müller", "Jose Muller"),
        ("Dana J. Whitfield", "Dana Whitfield"),
        ("Whitfield, Dana", "Dana Whitfield"),
        ("Anna-Maria Lopez", "Anna Maria Lopez"),
    ],
)
def test_xs001_quiet_on_benign_variants(a: str, b: str) -> None:
    assert run("XS001", cand((A, Profile(name=a)), (R, Profile(name=b)))) == []


# --- XS002 -----------------------------------------------------------------------------------
def test_xs002_fires_when_an_employer_is_missing_in_a_covered_period() -> None:
    linkedin = (
        pos("Acme Corp", "Staff Software Engineer", "2017-01"),
        pos("Globex", "Software Engineer", "2014-01", "2016-12"),
        pos("Brightline Analytics", "Software Engineer", "2011-06", "2013-12"),
    )
    resume = (
        pos("Acme Corp", "Staff Engineer", "2017-01"),
        pos("Brightline Analytics", "Engineer", "2011-06", "2016-12"),
    )
    hits = run("XS002", cand((R, Profile(experience=resume)), (L, Profile(experience=linkedin))))
    assert len(hits) == 1 and "Globex" in hits[0].message


def test_xs002_is_low_when_only_the_resume_leaves_a_job_out() -> None:
    """Résumés are tailored: a job on the profile only is low; one on the résumé only is not."""
    with_globex = (
        pos("Acme Corp", "Staff Engineer", "2017-01"),
        pos("Globex", "Software Engineer", "2014-01", "2016-12"),
        pos("Brightline Analytics", "Engineer", "2011-06", "2013-12"),
    )
    without = (pos("Acme Corp", "Staff Engineer", "2017-01"), with_globex[2])
    [tailored] = run(
        "XS002", cand((R, Profile(experience=without)), (L, Profile(experience=with_globex)))
    )
    assert tailored.severity is Severity.LOW
    [claimed] = run(
        "XS002", cand((R, Profile(experience=with_globex)), (L, Profile(experience=without)))
    )
    assert claimed.severity is None  # medium: a job only the résumé claims


def test_xs002_quiet_for_internships_and_uncovered_periods() -> None:
    linkedin = (
        pos("Acme Corp", "Staff Software Engineer", "2017-01"),
        pos("Globex", "Intern", "2016-06", "2016-08", EmploymentType.INTERNSHIP),
        pos("Initech", "Engineer", "2008-01", "2010-12"),  # before the résumé's history starts
    )
    resume = (pos("Acme Corp, Inc.", "Staff Engineer", "2015-01"),)
    assert (
        run("XS002", cand((R, Profile(experience=resume)), (L, Profile(experience=linkedin)))) == []
    )


# --- XS003 -----------------------------------------------------------------------------------
def test_xs003_fires_on_dates_far_apart() -> None:
    a = (pos("Brightline Analytics", "Engineer", "2013-06", "2016-12"),)
    b = (pos("Brightline Analytics LLC", "Engineer", "2014-09", "2016-12"),)
    hits = run("XS003", cand((R, Profile(experience=a)), (L, Profile(experience=b))))
    assert len(hits) == 1 and "start" in hits[0].message


def test_xs003_grades_by_size_at_the_coarser_precision() -> None:
    """Fifteen months apart beyond precision is medium; a few months is low; a year-only date is
    compared as a year ("2022 – 2025" against "Jun 2024 – Dec 2025" is 18 months apart)."""
    a = (pos("Brightline Analytics", "Engineer", "2013-06", "2016-12"),)
    b = (pos("Brightline Analytics", "Engineer", "2013-11", "2016-12"),)
    [low] = run("XS003", cand((R, Profile(experience=a)), (L, Profile(experience=b))))
    assert low.severity is Severity.LOW
    c = (pos("Example Labs", "Engineer", "2022", "2025"),)
    d = (pos("Example Labs", "Engineer", "2024-06", "2025-12"),)
    [hit] = run("XS003", cand((R, Profile(experience=c)), (L, Profile(experience=d))))
    assert hit.severity is None and "year precision" in hit.message and hit.confidence < 0.7


def test_xs003_quiet_on_precision_promotions_and_export_date() -> None:
    resume = RESUME_EXP
    linkedin = (
        pos(
            "Acme Corporation", "Staff Software Engineer", "2017"
        ),  # year precision, promotion merged
        pos("Brightline Analytics", "Software Engineer", "2013-05", "2016-12"),  # one month apart
    )
    assert (
        run("XS003", cand((R, Profile(experience=resume)), (L, Profile(experience=linkedin)))) == []
    )


def test_xs003_present_means_the_documents_own_date() -> None:
    # The LinkedIn export was made in 2024-03; the résumé says the job ended 2024-02.
    linkedin = (pos("Acme Corp", "Engineer", "2019-03"),)
    resume = (pos("Acme Corp", "Engineer", "2019-03", "2024-02"),)
    c = cand(
        (L, Profile(experience=linkedin)),
        (R, Profile(experience=resume)),
        as_of_first=date(2024, 3, 15),
    )
    assert run("XS003", c) == []


# --- XS004 -----------------------------------------------------------------------------------
def test_xs004_fires_on_titles_of_another_kind() -> None:
    a = (pos("Acme Corp", "Sales Associate", "2019-01", "2021-01"),)
    b = (pos("Acme Corp", "Staff Engineer", "2019-01", "2021-01"),)
    assert len(run("XS004", cand((R, Profile(experience=a)), (L, Profile(experience=b))))) == 1


def test_xs004_quiet_on_rewording() -> None:
    a = (pos("Acme Corp", "Software Engineer II", "2019-01", "2021-01"),)
    b = (pos("Acme Corp", "Backend Developer", "2019-01", "2021-01"),)
    c = (pos("Acme Corp", "Engineering Manager", "2019-01", "2021-01"),)
    assert run("XS004", cand((R, Profile(experience=a)), (L, Profile(experience=b)))) == []
    assert run("XS004", cand((R, Profile(experience=a)), (L, Profile(experience=c)))) == []


# --- XS005 -----------------------------------------------------------------------------------
UT = Study("University of Texas at Austin", "BS", "Computer Science", rng("2009", "2013"))


def test_xs005_fires_on_a_different_degree_and_missing_school() -> None:
    other = Study("University of Texas at Austin", "MS", "Computer Science", rng("2009", "2013"))
    hits = run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(other,)))))
    assert len(hits) == 1 and "degree" in hits[0].message
    elsewhere = Study("Rice University", "BS", "Computer Science", rng("2009", "2013"))
    [hit] = run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(elsewhere,)))))
    assert "two schools for one degree" in hit.message and hit.severity is Severity.HIGH


def test_xs005_two_degrees_at_two_schools_over_the_same_years_is_one_high() -> None:
    """A bachelor's at one school and a master's at another over the same four years is one
    contradiction; a master's after the bachelor's (overlapping at most the year-only boundary)
    is a degree each source left out (low), not a contradiction."""
    ms = Study("Rice University", "MS", "Computer Science", rng("2009", "2013"))
    [hit] = run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(ms,)))))
    assert hit.severity is Severity.HIGH and "two degrees at two schools" in hit.message
    after = Study("Rice University", "MS", "Computer Science", rng("2013", "2015"))
    hits = run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(after,)))))
    assert len(hits) == 2 and all(h.severity is Severity.LOW for h in hits)


def test_xs005_fires_low_once_for_a_degree_left_off_one_source() -> None:
    """A master's the résumé lists and LinkedIn leaves out is one low finding, not two highs."""
    ms = Study("Rice University", "MS", "Computer Science", rng("2014", "2016"))
    hits = run("XS005", cand((R, Profile(education=(UT, ms))), (L, Profile(education=(UT,)))))
    assert len(hits) == 1 and hits[0].severity is Severity.LOW
    assert "not listed" in hits[0].message


@pytest.mark.parametrize(
    ("school", "degree"),
    [
        ("UT Austin", "B.S."),
        ("The University of Texas at Austin", "Bachelor's degree"),
        ("Univ. of Texas, Austin", "BSc"),
        ("University of Texas - Austin", "Bachelor of Science"),
    ],
)
def test_xs005_quiet_on_other_names_of_one_school_and_degree(school: str, degree: str) -> None:
    other = Study(school, degree, "CS", rng("2009-08", "2013-05"))
    assert run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(other,))))) == []


def test_xs005_fires_on_years_apart() -> None:
    later = Study("University of Texas at Austin", "B.S.", "Computer Science", rng("2012", "2016"))
    hits = run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(later,)))))
    assert len(hits) == 1 and "2013" in hits[0].message


def test_xs005_quiet_on_abbreviation_precision_and_certificates() -> None:
    same = Study("UT Austin", "Bachelor of Science", "Computer Science", rng("2009-08", "2013-05"))
    cert = Study("Coursera", "Certificate", "Machine Learning", rng("2020", "2020"))
    assert (
        run("XS005", cand((R, Profile(education=(UT,))), (L, Profile(education=(same, cert)))))
        == []
    )


def test_xs005_and_tl003_read_professional_degrees_alike() -> None:
    """Regression: XS005 read "J.D." as a doctorate while TL003 did not judge it. One reading
    now: "J.D." and "Juris Doctor" at one school are one degree; a J.D. is not a Ph.D."""
    jd = Study("Example Law School", "J.D.", "", rng("2010-08", "2013-05"))
    juris = Study("Example Law School", "Juris Doctor", "Law", rng("2010", "2013"))
    phd = Study("Example Law School", "Ph.D.", "", rng("2010", "2013"))
    assert run("XS005", cand((R, Profile(education=(jd,))), (L, Profile(education=(juris,))))) == []
    [hit] = run("XS005", cand((R, Profile(education=(jd,))), (L, Profile(education=(phd,)))))
    assert "degree 'J.D.' vs 'Ph.D.'" in hit.message
    # TL003 has no duration rule for professional degrees: a 3-year J.D. is not "too short".
    assert run("TL003", cand((R, Profile(education=(jd,))))) == []


# --- XS006 -----------------------------------------------------------------------------------
def test_xs006_fires_on_another_country() -> None:
    hits = run(
        "XS006",
        cand(
            (A, Profile(locations=("Austin, TX",))),
            (L, Profile(locations=("Manila, Philippines",))),
        ),
    )
    assert len(hits) == 1 and "country" in hits[0].message


def test_xs006_quiet_on_the_same_place_written_differently() -> None:
    c = cand(
        (A, Profile(locations=("Austin, TX",))),
        (L, Profile(locations=("Austin, Texas, United States",))),
    )
    assert run("XS006", c) == []


# --- XS007 -----------------------------------------------------------------------------------
def test_xs007_fires_on_disjoint_contacts() -> None:
    c = cand((A, Profile(emails=("dana@example.com",))), (R, Profile(emails=("d.w@example.org",))))
    assert len(run("XS007", c)) == 1


def test_xs007_quiet_on_the_same_number_and_mailbox_aliases() -> None:
    c = cand(
        (A, Profile(emails=("Dana.Whitfield+jobs@gmail.com",), phones=("+1 512 555 0142",))),
        (R, Profile(emails=("danawhitfield@googlemail.com",), phones=("(512) 555-0142",))),
    )
    assert run("XS007", c) == []


# --- ID001 -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "slug",
    [
        "dana-whitfield",
        "danawhitfield",
        "dana-whitfield-8a7b21",
        "dwhitfield",
        "whitfield-dana",
        "dana-j-whitfield",
        "12345678",
    ],
)
def test_slug_forms_match(slug: str) -> None:
    assert slug_matches_name(slug, "Dana Whitfield")


def test_id001_fires_on_another_persons_slug() -> None:
    c = cand(
        (A, Profile(name="Dana Whitfield")),
        (L, Profile(name="Dana Whitfield", linkedin_slugs=("marcus-okafor-1a2b3c",))),
    )
    hits = run("ID001", c)
    assert len(hits) == 1 and "marcus-okafor" in hits[0].message


def test_id001_quiet_on_percent_decoded_and_nickname_slugs() -> None:
    c = cand(
        (A, Profile(name="José Müller")),
        (L, Profile(name="José Müller", linkedin_slugs=("josé-müller-1a2b3c",))),
    )
    assert run("ID001", c) == []
    c = cand(
        (A, Profile(name="Robert Whitfield")),
        (L, Profile(name="Robert Whitfield", linkedin_slugs=("bob-whitfield",))),
    )
    assert run("ID001", c) == []


# --- ID003 -----------------------------------------------------------------------------------
def test_id003_fires_when_the_profile_publishes_other_contacts() -> None:
    c = cand(
        (A, Profile(emails=("dana@example.com",))),
        (L, Profile(emails=("owner.elsewhere@example.org",))),
    )
    hits = run("ID003", c)
    assert len(hits) == 1 and "owner.elsewhere@example.org" in hits[0].message


def test_id003_quiet_when_one_contact_agrees() -> None:
    c = cand(
        (A, Profile(emails=("dana@example.com",), phones=("+1 512 555 0142",))),
        (L, Profile(emails=("DANA@example.com", "other@example.org"), phones=("512-555-0142",))),
    )
    assert run("ID003", c) == []


# --- ID005 -----------------------------------------------------------------------------------
def test_id005_fires_on_another_author() -> None:
    c = cand(
        (A, Profile(name="Dana Whitfield")),
        (R, Profile(name="Dana Whitfield", document=DocumentMeta(author="Marcus Okafor"))),
    )
    hits = run("ID005", c)
    assert len(hits) == 1 and hits[0].evidence[0].value == "Marcus Okafor"


def test_id005_quiet_on_own_or_generic_author() -> None:
    for author in ("Dana Whitfield", "Microsoft Office User", "dwhitfield", "", "LinkedIn"):
        c = cand(
            (A, Profile(name="Dana Whitfield")),
            (R, Profile(name="Dana Whitfield", document=DocumentMeta(author=author))),
        )
        assert run("ID005", c) == [], author


def test_id005_fires_on_a_relative_sharing_the_surname() -> None:
    """Another given name under the candidate's surname is another person (a spouse, a sibling),
    however the two names are written."""
    for author in ("Camila Whitfield", "WHITFIELD, Camila", "Camila R. Whitfield"):
        c = cand(
            (A, Profile(name="Dana Whitfield")),
            (R, Profile(name="Dana Whitfield", document=DocumentMeta(author=author))),
        )
        hits = run("ID005", c)
        assert len(hits) == 1, author
        assert hits[0].evidence[0].value == author and "relative" in hits[0].message


def test_id005_quiet_on_the_candidates_other_forms_of_their_name() -> None:
    """Order, initials, a nickname, a middle name, or the same given name under a maiden or
    married surname: the candidate wrote the document."""
    for author in ("Whitfield, Dana", "D. Whitfield", "Dana J. Whitfield", "Dana Okafor"):
        c = cand(
            (A, Profile(name="Dana Whitfield")),
            (R, Profile(name="Dana Whitfield", document=DocumentMeta(author=author))),
        )
        assert run("ID005", c) == [], author
    c = cand(
        (A, Profile(name="Robert Lindqvist")),
        (R, Profile(name="Robert Lindqvist", document=DocumentMeta(author="Bob Lindqvist"))),
    )
    assert run("ID005", c) == []


def test_xs002_quiet_when_the_user_alias_table_joins_two_names() -> None:
    linkedin = (
        pos("Acme Corp", "Engineer", "2015-01"),
        pos("Initrode Systems", "Engineer", "2012-01", "2014-12"),
    )
    resume = (
        pos("Acme Corp", "Engineer", "2015-01"),
        pos("Initech Global", "Engineer", "2012-01", "2014-12"),
    )
    c = cand((R, Profile(experience=resume)), (L, Profile(experience=linkedin)))
    assert len(run("XS002", c)) == 2  # each missing from the other
    cfg = Config(references={"org_aliases": {"Initech Global": ["Initrode Systems"]}})
    assert list(registry["XS002"].func(c, CheckContext(config=cfg))) == []


def test_xs002_quiet_when_the_other_source_names_the_owner_over_those_years() -> None:
    """ "Red Hat" on the résumé and "IBM" on LinkedIn for the same years is one job listed under
    its owner (the employer table's `owners`); IBM in other years does not explain it, and the
    two are still two employers for every other check."""
    resume = (
        pos("Acme Corp", "Engineer", "2025-02"),
        pos("Red Hat", "Principal Engineer", "2021-10", "2025-01"),
        pos("Initech", "Engineer", "2012-01", "2021-09"),
    )
    same_years = (
        pos("Acme Corp", "Engineer", "2025-02"),
        pos("IBM", "Principal Engineer", "2021-10", "2025-01"),
        pos("Initech", "Engineer", "2012-01", "2021-09"),
    )
    c = cand((R, Profile(experience=resume)), (L, Profile(experience=same_years)))
    assert run("XS002", c) == []
    ctx = CheckContext(config=Config())
    assert ctx.owned("Red Hat", "IBM") and not ctx.same_org("Red Hat", "IBM")
    other_years = (
        pos("Acme Corp", "Engineer", "2025-02"),
        pos("Initech", "Engineer", "2012-01", "2025-01"),
        pos("IBM", "Intern", "2010-06", "2010-08"),
    )
    c = cand((R, Profile(experience=resume)), (L, Profile(experience=other_years)))
    assert any("Red Hat" in h.message for h in run("XS002", c))


def test_xs002_owner_table_extends_in_configuration() -> None:
    resume = (pos("Acme Corp", "Engineer", "2019-01"), pos("Tinyco", "Dev", "2015-01", "2018-12"))
    linkedin = (pos("Acme Corp", "Engineer", "2019-01"), pos("Bigco", "Dev", "2015-01", "2018-12"))
    c = cand((R, Profile(experience=resume)), (L, Profile(experience=linkedin)))
    assert len(run("XS002", c)) == 2
    cfg = Config(references={"org_owners": {"Bigco": ["Tinyco"]}})
    assert list(registry["XS002"].func(c, CheckContext(config=cfg))) == []


def test_xs003_quiet_when_one_source_adds_an_internship_at_the_same_employer() -> None:
    """The résumé lists a 2009 internship at the employer the person rejoined in 2022; the
    profile leaves the internship out: the job's start agrees, so there is no XS003."""
    resume = (
        pos("Netflix", "Senior Engineer", "2022-09"),
        pos("Initech", "Engineer", "2012-01", "2022-08"),
        pos("Netflix", "Engineering Intern", "2009-06", "2009-08", EmploymentType.INTERNSHIP),
    )
    linkedin = (
        pos("Netflix", "Senior Engineer", "2022-09"),
        pos("Initech", "Engineer", "2012-01", "2022-08"),
    )
    c = cand((R, Profile(experience=resume)), (L, Profile(experience=linkedin)))
    assert run("XS003", c) == []
    moved = (pos("Netflix", "Senior Engineer", "2020-01"), linkedin[1])
    c = cand((R, Profile(experience=resume)), (L, Profile(experience=moved)))
    assert len(run("XS003", c)) == 1  # the job itself started elsewhen


def test_xs003_a_profile_still_saying_present_is_low() -> None:
    """An export made in 2024-12 still lists the job as current; the résumé says it ended in
    2024-04: a profile not updated after leaving (low). A start that differs too stays medium."""
    linkedin = (pos("Nimbus Arc Logistics", "Engineer", "2019-03"),)
    resume = (pos("Nimbus Arc Logistics", "Engineer", "2019-03", "2024-04"),)
    c = cand(
        (L, Profile(experience=linkedin)),
        (R, Profile(experience=resume)),
        as_of_first=date(2024, 12, 15),
    )
    [hit] = run("XS003", c)
    assert hit.severity is Severity.LOW and "present (as of 2024-12)" in hit.message
    moved = (pos("Nimbus Arc Logistics", "Engineer", "2017-01", "2024-04"),)
    c = cand(
        (L, Profile(experience=linkedin)),
        (R, Profile(experience=moved)),
        as_of_first=date(2024, 12, 15),
    )
    [hit] = run("XS003", c)
    assert hit.severity is None  # the default, medium
