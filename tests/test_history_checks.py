"""HJ001, HJ002, HJ003, HJ007 (an account changed since a stored snapshot) and ID004 (a history
reused from another stored person), with the profile diff they rest on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from store_helpers import (
    DANA_JOBS,
    candidate,
    candidate_report,
    linkedin_source,
    position,
    profile,
    report,
    study,
)

from extractors.model import SourceKind, SourceStatus
from extractors.normalise.names import name_relation
from scanner.config import Config
from scanner.model import Finding, Severity, StoredScan, StoredSource
from scanner.registry import CheckContext, run_checks
from scanner.snapshots import diff_profiles, pair_sources
from scanner.store import InMemoryCorpus, StoreCorpus, record_report

AS_OF = date(2026, 11, 28)
LINKEDIN = "https://www.linkedin.com/in/dana-whitfield"


def stored(
    prof,
    scan_id: int = 3,
    when: datetime = datetime(2026, 1, 5, tzinfo=UTC),
    uri: str = LINKEDIN,
    kind: SourceKind = SourceKind.LINKEDIN_PAGE,
) -> StoredScan:  # type: ignore[no-untyped-def]
    src = StoredSource(
        index=0, kind=kind, uri=uri, sha256="a" * 64, status=SourceStatus.OK, profile=prof
    )
    return StoredScan(
        scan_id=scan_id, person_id="A-1", scanned_at=when, sources=(src,), name=prof.name
    )


def run(code: str, cand) -> list[Finding]:  # type: ignore[no-untyped-def]
    result = run_checks(cand, CheckContext(config=Config()), [code])
    assert not result.errors, result.errors
    return result.findings


def hist(*profiles, **kw):  # type: ignore[no-untyped-def]
    """Earlier snapshots, oldest first in the arguments; returned newest first like Candidate.history."""
    scans = [
        stored(p, scan_id=i + 1, when=datetime(2026, 1 + i, 5, tzinfo=UTC), **kw)
        for i, p in enumerate(profiles)
    ]
    return list(reversed(scans))


# -- names and diffs ----------------------------------------------------------------------
def test_name_relation_tolerates_what_people_really_do() -> None:
    assert name_relation("Dana Whitfield", "DANA WHITFIELD") == "same"
    assert name_relation("Dana Whitfield", "Whitfield, Dana") == "same"
    assert name_relation("José Álvarez", "Jose Alvarez") == "same"
    assert name_relation("Daniel Whitfield", "Dan Whitfield") == "same"
    assert name_relation("Dana Whitfield", "D. Whitfield") == "same"
    assert name_relation("Dana Whitfield", "Dana M. Whitfield") == "same"
    assert name_relation("Dana Whitfield", "Dana Whitfield-Jones") == "same"
    assert name_relation("Dana Whitfield", "Dana Okafor") == "variant"
    assert name_relation("Dana Whitfield", "Mallory Stone") == "different"


def test_diff_sees_additions_without_calling_them_rewrites() -> None:
    old = profile(jobs=DANA_JOBS[1:])
    new = profile()
    d = diff_profiles(old, new, as_of=AS_OF)
    assert d.positions.added and not d.positions.removed and not d.positions.is_rewrite
    assert d.changed_aspects() == []


def test_diff_sees_a_replaced_position() -> None:
    new_jobs = (
        DANA_JOBS[0],
        position("Hooli", "Principal Engineer", "2015-06", "2019-02"),
        DANA_JOBS[2],
    )
    d = diff_profiles(profile(), profile(jobs=new_jobs), as_of=AS_OF)
    assert d.positions.replaced == (
        (
            "Initech · Senior Engineer · 2015-06 – 2019-02",
            "Hooli · Principal Engineer · 2015-06 – 2019-02",
        ),
    )
    assert d.positions.is_rewrite


def test_diff_tolerates_dates_within_precision_and_reworded_titles() -> None:
    new_jobs = (
        DANA_JOBS[0],
        position("Initech Inc.", "Sr. Engineer", "2015", "2019"),
        position("Globex Corporation", "Software Engineer II", "2012-08", "2015-05"),
    )
    d = diff_profiles(profile(), profile(jobs=new_jobs), as_of=AS_OF)
    assert not d.positions.is_rewrite
    assert not d.positions.added and not d.positions.removed


def test_diff_an_ongoing_role_that_ended_is_not_a_rewrite() -> None:
    jobs = (
        position("Acme Corp", "Staff Engineer", "2019-03", "2026-06"),
        position("Hooli", "Principal Engineer", "2026-07"),
        *DANA_JOBS[1:],
    )
    d = diff_profiles(profile(), profile(jobs=jobs), as_of=AS_OF)
    assert not d.positions.is_rewrite and d.positions.added == (
        "Hooli · Principal Engineer · 2026-07 – present",
    )


def test_pairing_never_joins_two_different_linkedin_accounts() -> None:
    now = [(0, SourceKind.LINKEDIN_PAGE, "https://www.linkedin.com/in/mallory-stone", None)]
    then = [(0, SourceKind.LINKEDIN_PAGE, LINKEDIN, None)]
    assert pair_sources(now, then) == []
    pdf_now = [(0, SourceKind.LINKEDIN_PDF, "li.pdf", profile(slug="dana-whitfield"))]
    assert pair_sources(pdf_now, then) == [(0, 0)]  # the PDF export of the same account


# -- HJ001 --------------------------------------------------------------------------------
def test_hj001_fires_when_the_account_name_changed() -> None:
    c = candidate("A-1", profile("Mallory Stone"), history=hist(profile()))
    [f] = run("HJ001", c)
    assert f.severity is Severity.HIGH
    assert "Mallory Stone" in f.message and "Dana Whitfield" in f.message
    assert any(
        e.source is None and e.value == "Dana Whitfield" and "scan 1" in e.field for e in f.evidence
    )
    assert any(e.source == 0 and e.value == "Mallory Stone" for e in f.evidence)


def test_hj001_fires_low_for_a_changed_surname_with_the_same_given_name() -> None:
    c = candidate("A-1", profile("Dana Okafor"), history=hist(profile()))
    [f] = run("HJ001", c)
    assert f.severity is Severity.LOW and "married" in f.message


def test_hj001_fires_on_the_linkedin_pdf_export_of_the_same_account() -> None:
    from extractors.model import SourceDocument

    pdf = SourceDocument(
        kind=SourceKind.LINKEDIN_PDF, format="pdf", uri="/cases/li.pdf", sha256="d" * 64
    )
    c = candidate("A-1", profile("Mallory Stone"), source=pdf, history=hist(profile()))
    assert [f.code for f in run("HJ001", c)] == ["HJ001"]


def test_hj001_quiet_for_nicknames_initials_and_order() -> None:
    for name in ("Dana Whitfield", "Whitfield Dana", "D. Whitfield", "DANA WHITFIELD"):
        assert run("HJ001", candidate("A-1", profile(name), history=hist(profile()))) == [], name


def test_hj001_quiet_for_a_different_account() -> None:
    other = linkedin_source("https://www.linkedin.com/in/mallory-stone")
    c = candidate(
        "A-1", profile("Mallory Stone", slug="mallory-stone"), source=other, history=hist(profile())
    )
    assert run("HJ001", c) == []


def test_hj001_quiet_without_history() -> None:
    result = run_checks(
        candidate("A-1", profile("Mallory Stone")), CheckContext(config=Config()), ["HJ001"]
    )
    assert result.findings == [] and result.not_run == [("HJ001", "no stored earlier scan")]


# -- HJ002 --------------------------------------------------------------------------------
def test_hj002_fires_for_photo_and_location_changed_together() -> None:
    now = profile(photo=["0f0f0f0f0f0f0f0f"], locations=["Lagos"])
    [f] = run("HJ002", candidate("A-1", now, history=hist(profile())))
    assert "photo and location" in f.message
    assert {e.field for e in f.evidence if e.source == 0} == {"photo", "location"}


def test_hj002_fires_for_a_headline_changed_with_the_name() -> None:
    now = profile("Mallory Stone", headline="Blockchain consultant")
    [f] = run("HJ002", candidate("A-1", now, history=hist(profile())))
    assert "headline" in f.message and "name" in f.message


def test_hj002_quiet_for_a_new_headline_alone() -> None:
    now = profile(headline="Principal Engineer at Hooli")
    assert run("HJ002", candidate("A-1", now, history=hist(profile()))) == []


def test_hj002_quiet_for_the_same_city_written_differently() -> None:
    now = profile(locations=["Austin, Texas, United States"], emails=["dana@example.org"])
    assert run("HJ002", candidate("A-1", now, history=hist(profile()))) == []


# -- HJ003 --------------------------------------------------------------------------------
def test_hj003_fires_when_a_past_job_is_replaced() -> None:
    jobs = (
        DANA_JOBS[0],
        position("Hooli", "Principal Engineer", "2015-06", "2019-02"),
        DANA_JOBS[2],
    )
    [f] = run("HJ003", candidate("A-1", profile(jobs=jobs), history=hist(profile())))
    assert "rewritten" in f.message
    assert any("Hooli" in e.value and e.source == 0 for e in f.evidence)
    assert any("Initech" in e.value and e.source is None for e in f.evidence)


def test_hj003_fires_when_a_title_changes_in_kind() -> None:
    old = profile(jobs=(position("Acme Corp", "Sales Associate", "2019-03"), *DANA_JOBS[1:]))
    [f] = run("HJ003", candidate("A-1", profile(), history=hist(old)))
    assert any("Sales Associate" in e.value for e in f.evidence)


def test_hj003_fires_when_a_school_is_replaced() -> None:
    now = profile(schools=(study("Stanford University", "MS", "2008", "2012", "Computer Science"),))
    assert [f.code for f in run("HJ003", candidate("A-1", now, history=hist(profile())))] == [
        "HJ003"
    ]


def test_hj003_quiet_when_jobs_are_only_added() -> None:
    jobs = (
        position("Hooli", "Principal Engineer", "2026-07"),
        position("Acme Corp", "Staff Engineer", "2019-03", "2026-06"),
        *DANA_JOBS[1:],
    )
    assert run("HJ003", candidate("A-1", profile(jobs=jobs), history=hist(profile()))) == []


def test_hj003_quiet_for_precision_and_wording() -> None:
    jobs = (
        DANA_JOBS[0],
        position("Initech, Inc.", "Senior Software Engineer", "2015", "2019"),
        DANA_JOBS[2],
    )
    assert run("HJ003", candidate("A-1", profile(jobs=jobs), history=hist(profile()))) == []


# -- HJ007 --------------------------------------------------------------------------------
def test_hj007_fires_when_the_email_is_replaced() -> None:
    now = profile(emails=["ops-desk@example.org"])
    [f] = run("HJ007", candidate("A-1", now, history=hist(profile())))
    assert f.severity is Severity.MEDIUM and "email" in f.message
    assert {(e.field, e.value) for e in f.evidence if e.source == 0} == {
        ("email", "ops-desk@example.org")
    }
    assert any(e.value == "dana.whitfield@example.com" and e.source is None for e in f.evidence)


def test_hj007_fires_low_for_a_phone_added_beside_the_old_one() -> None:
    now = profile(phones=["(312) 555-0142", "(312) 555-0177"])
    [f] = run("HJ007", candidate("A-1", now, history=hist(profile())))
    assert f.severity is Severity.LOW


def test_hj007_quiet_for_the_same_contacts_written_differently() -> None:
    now = profile(emails=["Dana.Whitfield@EXAMPLE.com"], phones=["+1 312-555-0142"])
    assert run("HJ007", candidate("A-1", now, history=hist(profile()))) == []


def test_hj007_quiet_for_the_same_mailbox_behind_provider_aliases() -> None:
    """Regression: HJ007 called `dana.w+jobs@gmail.com` → `danaw@googlemail.com` a replaced
    contact while XS007 and NW002 read one mailbox; all three use the one mailbox reading now."""
    then = profile(emails=["dana.w+jobs@gmail.com"])
    now = profile(emails=["danaw@googlemail.com"])
    assert run("HJ007", candidate("A-1", now, history=hist(then))) == []
    assert not diff_profiles(then, now, as_of=AS_OF).contacts


def test_hj007_quiet_when_a_contact_is_only_removed() -> None:
    now = profile(phones=[])
    assert run("HJ007", candidate("A-1", now, history=hist(profile()))) == []


def test_history_checks_compare_with_the_baseline_so_evidence_is_stable() -> None:
    """Renamed at scan 2: scans 3 and 4 report the same evidence, so it is alerted once."""
    renamed = profile("Mallory Stone")
    at3 = run("HJ001", candidate("A-1", renamed, history=hist(profile(), renamed)))
    at4 = run("HJ001", candidate("A-1", renamed, history=hist(profile(), renamed, renamed)))
    assert at3 == at4


# -- ID004 --------------------------------------------------------------------------------
def _corpus(*entries: tuple[str, str, tuple]) -> InMemoryCorpus:  # type: ignore[type-arg]
    corpus = InMemoryCorpus()
    for pid, name, jobs in entries:
        corpus.add(pid, name, jobs, label=f"scan of {pid}")
    return corpus


def _with_corpus(prof, corpus, cid: str = "A-9"):  # type: ignore[no-untyped-def]
    c = candidate(cid, prof)
    c.corpus = corpus
    return c


def test_id004_fires_when_another_persons_history_is_reused() -> None:
    corpus = _corpus(
        ("P-7", "Priya Raman", DANA_JOBS),
        (
            "P-8",
            "Lee Park",
            (position("Hooli", "PM", "2018-01"), position("Globex", "PM", "2012-01", "2017-12")),
        ),
    )
    [f] = run("ID004", _with_corpus(profile("Mallory Stone"), corpus))
    assert f.severity is Severity.HIGH
    assert "Priya Raman" in f.message and "3 of 3" in f.message
    assert any(e.value == "P-7" and "Priya Raman" in e.note for e in f.evidence)
    assert any(e.source == 0 and e.field == "experience[1]" for e in f.evidence)


def test_id004_fires_with_dates_moved_within_precision() -> None:
    shifted = (
        position("Acme Corporation", "Staff Engineer", "2019-05"),
        position("Initech", "Senior Engineer", "2015", "2019"),
        DANA_JOBS[2],
    )
    corpus = _corpus(("P-7", "Priya Raman", DANA_JOBS))
    assert [
        f.code for f in run("ID004", _with_corpus(profile("Mallory Stone", jobs=shifted), corpus))
    ] == ["ID004"]


def test_id004_quiet_for_the_same_person_under_another_id() -> None:
    corpus = _corpus(("row-17", "Dana Whitfield", DANA_JOBS))
    assert run("ID004", _with_corpus(profile("Dana Whitfield"), corpus)) == []


def test_id004_quiet_for_colleagues_sharing_one_employer() -> None:
    colleague = (
        position("Acme Corp", "Staff Engineer", "2019-03"),
        position("Umbrella", "Engineer", "2014-01", "2019-02"),
    )
    corpus = _corpus(("P-7", "Priya Raman", colleague))
    assert run("ID004", _with_corpus(profile("Mallory Stone"), corpus)) == []


def test_id004_quiet_for_same_employers_at_other_times_or_titles() -> None:
    other = (
        position("Acme Corp", "Recruiter", "2019-03"),
        position("Initech", "Office Manager", "2015-06", "2019-02"),
        position("Globex", "Sales", "2012-07", "2015-05"),
    )
    corpus = _corpus(("P-7", "Priya Raman", other))
    assert run("ID004", _with_corpus(profile("Mallory Stone"), corpus)) == []


def test_id004_quiet_without_a_corpus_says_why() -> None:
    result = run_checks(candidate("A-9", profile()), CheckContext(config=Config()), ["ID004"])
    assert result.findings == [] and result.not_run[0][0] == "ID004"
    assert "no stored profiles" in result.not_run[0][1]


def test_id004_fires_against_the_sqlite_corpus(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(
        report(candidate_report("P-7", profile("Priya Raman", slug="priya-raman"))), db=db
    )
    record_report(
        report(candidate_report("A-9", profile("Mallory Stone", slug="mallory-stone"))), db=db
    )
    c = candidate("A-9", profile("Mallory Stone", slug="mallory-stone"))
    c.corpus = StoreCorpus(db)
    [f] = run("ID004", c)
    assert "Priya Raman" in f.message and "stored person P-7" in f.message


def test_id004_store_corpus_is_blocked_by_employer_and_year(tmp_path: Path) -> None:
    """Only entries sharing two employer-and-start-year keys come back from the store."""
    db = tmp_path / "h.db"
    for i in range(30):
        jobs = (
            position(f"Company {i}", "Engineer", "2019-01"),
            position(f"Other {i}", "Engineer", "2015-01", "2018-12"),
        )
        record_report(
            report(candidate_report(f"X-{i}", profile(f"Person {i}", jobs=jobs, slug=""))), db=db
        )
    record_report(report(candidate_report("P-7", profile("Priya Raman", slug=""))), db=db)
    corpus = StoreCorpus(db)
    from scanner.corpus import timeline_keys

    hits = corpus.similar(timeline_keys(DANA_JOBS), exclude_person="A-9")
    assert [h.person_id for h in hits] == ["P-7"]
    assert corpus.similar(timeline_keys(DANA_JOBS), exclude_person="P-7") == []


def test_id004_corpus_keeps_one_entry_per_distinct_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    for _ in range(3):
        record_report(report(candidate_report("P-7", profile("Priya Raman"))), db=db)
    from scanner.store import open_store

    with open_store(db) as store:
        assert store.corpus_size() == 1


def test_a_rename_reported_by_check_through_the_store(tmp_path: Path) -> None:
    """End to end in one process: record a scan, then a renamed account is HJ001."""
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1")), db=db)
    c = candidate("A-1", replace(profile(), name="Mallory Stone"))
    from scanner.store import attach_history

    assert attach_history(c, db)
    assert [f.code for f in run("HJ001", c)] == ["HJ001"]


def test_hj001_fires_from_a_web_archive_snapshot_of_the_account() -> None:
    """Archived captures come in the same shape (origin "archive", no scan id)."""
    from extractors.model import frozen_mapping

    capture = StoredSource(
        index=3,
        kind=SourceKind.ARCHIVE,
        uri="https://web.archive.org/web/20210105000000id_/https://www.linkedin.com/in/dana-whitfield",
        sha256="e" * 64,
        status=SourceStatus.OK,
        profile=profile(),
        meta=frozen_mapping({"snapshot_of": LINKEDIN, "captured_at": "2021-01-05T00:00:00Z"}),
    )
    snap = StoredScan(
        scan_id=None,
        person_id="A-1",
        scanned_at=datetime(2021, 1, 5, tzinfo=UTC),
        sources=(capture,),
        origin="archive",
    )
    later = stored(profile("Mallory Stone"), scan_id=9, when=datetime(2026, 2, 1, tzinfo=UTC))
    c = candidate("A-1", profile("Mallory Stone"), history=[snap, later])  # not sorted: still fine
    [f] = run("HJ001", c)
    assert "archive snapshot of 2021-01-05" in f.message
