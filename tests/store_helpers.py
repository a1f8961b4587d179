"""Helpers for the history-store tests: synthetic profiles, reports, and profile files.

`install_fake_extractor()` makes JSON files of the form `{"__test_profile__": {...}, "kind": ...}`
extract to exactly that profile, so store and re-validation tests do not depend on the résumé
and LinkedIn parsers (which have their own tests). Subprocess tests call it in the child.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from extractors.model import (
    DateRange,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    Study,
)
from scanner.model import (
    Candidate,
    CandidateReport,
    Category,
    Evidence,
    Finding,
    Level,
    Report,
    Risk,
    Severity,
)
from scanner.store.serialise import profile_from_dict, profile_to_dict

MARK = "__test_profile__"


def pd(text: str | None) -> PartialDate | None:
    return PartialDate.parse_iso(text) if text else None


def position(org: str, title: str, start: str, end: str | None = None, **kw: Any) -> Position:
    rng = DateRange(pd(start), pd(end), current=end is None)
    return Position(org=org, title=title, range=rng, **kw)


def study(school: str, degree: str, start: str, end: str, field: str = "") -> Study:
    return Study(school=school, degree=degree, field=field, range=DateRange(pd(start), pd(end)))


DANA_JOBS = (
    position("Acme Corp", "Staff Engineer", "2019-03"),
    position("Initech", "Senior Engineer", "2015-06", "2019-02"),
    position("Globex", "Software Engineer", "2012-07", "2015-05"),
)
DANA_SCHOOL = (study("University of Texas at Austin", "BS", "2008", "2012", "Computer Science"),)


def profile(
    name: str = "Dana Whitfield",
    *,
    jobs: Sequence[Position] = DANA_JOBS,
    schools: Sequence[Study] = DANA_SCHOOL,
    emails: Iterable[str] = ("dana.whitfield@example.com",),
    phones: Iterable[str] = ("(312) 555-0142",),
    locations: Iterable[str] = ("Austin, TX",),
    headline: str = "Staff Engineer at Acme",
    photo: Iterable[str] = ("a1b2c3d4e5f60718",),
    slug: str = "dana-whitfield",
) -> Profile:
    return Profile(
        name=name,
        headline=headline,
        emails=tuple(emails),
        phones=tuple(phones),
        locations=tuple(locations),
        linkedin_slugs=(slug,) if slug else (),
        photo_hashes=tuple(photo),
        experience=tuple(jobs),
        education=tuple(schools),
    )


def linkedin_source(
    uri: str = "https://www.linkedin.com/in/dana-whitfield", **kw: Any
) -> SourceDocument:
    return SourceDocument(
        kind=SourceKind.LINKEDIN_PAGE,
        format="html",
        uri=uri,
        sha256="a" * 64,
        collector="live",
        **kw,
    )


def candidate(
    cid: str, prof: Profile, *, source: SourceDocument | None = None, history: Sequence[Any] = ()
) -> Candidate:
    c = Candidate(
        id=cid, sources=[source or linkedin_source()], profiles=[prof], as_of=date(2026, 11, 28)
    )
    c.history = list(history)
    return c


def finding(
    code: str = "XS004", value: str = "Staff Engineer", severity: Severity = Severity.LOW
) -> Finding:
    return Finding(
        code=code,
        title="A title",
        category=Category.CROSS_SOURCE,
        severity=severity,
        confidence=0.8,
        message=f"{code} message",
        evidence=(Evidence(0, "experience[0]", value),),
    )


def candidate_report(
    cid: str,
    prof: Profile | None = None,
    *,
    source: SourceDocument | None = None,
    findings: Sequence[Finding] = (),
    name: str = "",
) -> CandidateReport:
    prof = prof if prof is not None else profile()
    return CandidateReport(
        id=cid,
        name=name or prof.name,
        risk=Risk(10, Level.LOW),
        complete=True,
        sources=[source or linkedin_source(content=b"<html>x</html>")],
        profiles=[prof],
        findings=list(findings),
        as_of=date(2026, 11, 28),
    )


def report(*cands: CandidateReport, when: datetime | None = None) -> Report:
    return Report(
        candidates=list(cands),
        generated_at=when or datetime.now(UTC),
        settings={"config": {}, "checks": []},
    )


def write_profile_file(
    path: Path, prof: Profile, kind: SourceKind = SourceKind.LINKEDIN_PDF
) -> Path:
    """A JSON file that the fake extractor reads back as `prof` of source kind `kind`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({MARK: profile_to_dict(prof), "kind": kind.value}), encoding="utf-8")
    return path


def install_fake_extractor() -> None:
    """Patch `extractors.dispatch.extract` so marked JSON files extract to their embedded profile."""
    import extractors.dispatch as dispatch

    real = dispatch.extract
    if getattr(real, "_store_test_fake", False):
        return

    def fake(doc: SourceDocument, *, limits: object | None = None) -> Any:
        if doc.format == "json" and MARK.encode() in doc.content[:64]:
            data = json.loads(doc.content)
            return dispatch.Extraction(
                profile_from_dict(data[MARK]), SourceKind(data["kind"]), doc.format
            )
        return real(doc, limits=limits)

    fake._store_test_fake = True  # type: ignore[attr-defined]
    dispatch.extract = fake
