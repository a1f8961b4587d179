"""Golden tests: each synthetic candidate's résumé, in every format and layout, extracts to the
hand-written expectation and produces the expected findings (and not the ones it must not)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extractors.model import SourceKind
from scanner.config import Config
from scanner.model import Level
from scanner.pipeline import build_candidate, scan
from scanner.sources import SourceRef

CANDIDATES = Path(__file__).resolve().parent.parent / "fixtures" / "candidates"
AS_OF = date(2026, 11, 28)

CASES = [
    (folder.name, resume.name)
    for folder in sorted(CANDIDATES.iterdir())
    for resume in sorted(folder.glob("resume.*"))
]


def _load(cid: str) -> tuple[dict, dict]:
    folder = CANDIDATES / cid
    return (
        json.loads((folder / "expected.json").read_text()),
        json.loads((folder / "application.json").read_text()),
    )


def _scan(cid: str, resume: str):  # type: ignore[no-untyped-def]
    expected, fields = _load(cid)
    cand = build_candidate(
        cid,
        fields,
        [SourceRef(str(CANDIDATES / cid / resume), SourceKind.RESUME)],
        config=Config(),
        as_of=AS_OF,
    )
    return expected, cand, scan([cand], Config()).candidates[0]


@pytest.mark.parametrize("cid, resume", CASES)
def test_extraction_matches_expectation(cid: str, resume: str) -> None:
    expected, cand, _ = _scan(cid, resume)
    src, prof = cand.sources[1], cand.profiles[1]
    assert src.ok, src.error
    assert prof is not None
    assert prof.name == expected["name"]
    got = [
        {
            "org": p.org,
            "title": p.title,
            "start": str(p.range.start) if p.range and p.range.start else None,
            "end": str(p.range.end) if p.range and p.range.end else None,
        }
        for p in prof.experience
    ]
    want = [
        {**e, "start": _iso(e["start"]), "end": _iso(e["end"]) if e["end"] else None}
        for e in expected["experience"]
    ]
    assert got == want
    studies = [
        (
            s.school,
            str(s.range.start) if s.range and s.range.start else None,
            str(s.range.end) if s.range and s.range.end else None,
        )
        for s in prof.education
    ]
    assert studies == [(e["school"], e["start"], e["end"]) for e in expected["education"]]


@pytest.mark.parametrize("cid, resume", CASES)
def test_findings_match_expectation(cid: str, resume: str) -> None:
    expected, _, report = _scan(cid, resume)
    codes = {f.code for f in report.findings}
    missing = set(expected["findings"]) - codes
    assert not missing, f"expected findings not produced: {sorted(missing)}; got {sorted(codes)}"
    unexpected = set(expected["absent"]) & codes
    assert not unexpected, f"findings that must not fire: {sorted(unexpected)}"
    for group in expected.get("any_of", []):
        assert codes & set(group), f"expected one of {group}; got {sorted(codes)}"
    if "level_at_most" in expected:
        assert report.risk.level.rank <= Level(expected["level_at_most"]).rank
    for f in report.findings:
        assert f.evidence, f"{f.code} has no evidence"


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1,
    )
}


def _iso(text: str) -> str:
    parts = text.split()
    return f"{parts[1]}-{_MONTHS[parts[0]]:02d}" if len(parts) == 2 else parts[0]
