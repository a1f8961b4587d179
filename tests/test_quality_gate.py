"""Detection-quality regression gate (issue 11, "Measure and keep").

A small fixed development set from the benchmark's generator (`bench/quality/`, run in full by
`python bench/bench_quality.py`) goes through the real command line; its figures (genuine high
and medium-or-above rates, recall per fraud pattern, cluster precision and recall, false
positives per code on genuine applicants) must not get worse than those recorded in
`tests/quality_gate.json`. Better figures pass; record them with
`python bench/bench_quality.py --gate --record tests/quality_gate.json`. The set has a fixed
seed, size and reference month, so its files are the same whatever the date.

The other tests check the scoring itself on hand-made reports, and that generated people are
synthetic (fictional phone ranges, example mailboxes).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from quality import gate as G  # noqa: E402
from quality.generate import build_set  # noqa: E402
from quality.metrics import evaluate  # noqa: E402
from quality.model import Applicant, Side  # noqa: E402
from quality.run import Outcome, RunResult, run_set  # noqa: E402

RECORDED = Path(__file__).with_name("quality_gate.json")


@pytest.mark.slow
def test_detection_quality_does_not_regress(tmp_path: Path) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    g = G.GATE
    assert recorded["gate"] == {k: list(v) if isinstance(v, tuple) else v for k, v in g.items()}, (
        "tests/quality_gate.json was recorded for another gate set: re-record it"
    )
    bs = build_set(int(g["seed"]), int(g["applicants"]), str(g["split"]), g["ref"], small=True)  # type: ignore[arg-type]
    result = run_set(bs, tmp_path, workers=2)
    assert not result.errors, "\n".join(result.errors)
    m = evaluate(bs.applicants, result)
    assert m["scored"] == len(bs.applicants)
    worse = G.regressions(G.figures(m), recorded["figures"])
    assert not worse, "detection quality got worse than recorded:\n" + "\n".join(worse)


# ---------------------------------------------------------------------------------------------
def _applicant(
    aid: str, truth: str, expect: dict[str, str] | None = None, ring: str | None = None
) -> Applicant:
    side = Side("X Y", "", "", "", "", [], [])
    a = Applicant(aid, truth, "genuine" if truth == "genuine" else "p1", {}, side, None)
    a.expect = expect or {}
    a.ring = ring
    return a


def _finding(code: str, severity: str) -> dict[str, str]:
    return {"code": code, "severity": severity, "message": f"{code} fired"}


def test_scoring_counts_true_and_false_positives_per_code() -> None:
    apps = [
        _applicant("G1", "genuine"),
        _applicant("G2", "genuine"),
        _applicant("G3", "genuine"),
        _applicant("F1", "fraud", {"TL001": "medium"}),
        _applicant("F2", "fraud", {"TL001": "medium"}),
    ]
    result = RunResult(outcomes={
        "G1": Outcome("high", [_finding("XS005", "high"), _finding("XS005", "high")]),
        "G2": Outcome("low", [_finding("XS005", "low"), _finding("CT007", "low")]),
        "G3": Outcome("clear", []),
        "F1": Outcome("medium", [_finding("TL001", "medium")]),
        "F2": Outcome("low", [_finding("TL001", "low")]),  # below its intended severity: missed
    })  # fmt: skip
    m = evaluate(apps, result)
    assert m["genuine_high"] == 1 and m["genuine_medium_plus"] == 1
    assert m["genuine_high_rate"] == pytest.approx(1 / 3)
    assert (
        m["codes"]["XS005"]["fp"] == 1
    )  # one applicant, however many findings; lows are not counted
    assert "CT007" not in m["codes"]
    assert (m["codes"]["TL001"]["tp"], m["codes"]["TL001"]["fn"]) == (1, 1)
    assert m["codes"]["TL001"]["recall"] == 0.5 and m["codes"]["TL001"]["precision"] == 1.0
    assert m["patterns"]["p1"]["recall"] == 0.5


def test_cluster_pairs_against_rings() -> None:
    apps = [_applicant(f"F{i}", "fraud", {"NW001": "high"}, ring="r1") for i in range(3)]
    apps += [_applicant("G1", "genuine"), _applicant("G2", "genuine")]
    result = RunResult(
        outcomes={a.id: Outcome("high" if a.ring else "clear", []) for a in apps},
        clusters=[["F0", "F1"], ["G1", "G2"]],
    )
    c = evaluate(apps, result)["clusters"]
    assert (c["truth_pairs"], c["predicted_pairs"], c["correct_pairs"]) == (3, 2, 1)
    assert c["precision"] == 0.5 and c["recall"] == pytest.approx(1 / 3)


def test_gate_reports_only_what_got_worse() -> None:
    was = {"genuine_high_rate": 0.2, "genuine_medium_plus_rate": 0.3, "cluster_precision": 0.9,
           "cluster_recall": 0.8, "pattern_recall": {"a": 1.0, "b": 0.5},
           "genuine_false_positives": {"XS005": 3}}  # fmt: skip
    same = json.loads(json.dumps(was))
    assert G.regressions(same, was) == []
    better = {**same, "genuine_high_rate": 0.1, "pattern_recall": {"a": 1.0, "b": 1.0},
              "genuine_false_positives": {}}  # fmt: skip
    assert G.regressions(better, was) == [] and len(G.improvements(better, was)) == 3
    worse = {**same, "cluster_recall": 0.7, "pattern_recall": {"a": 0.5, "b": 0.5},
             "genuine_false_positives": {"XS005": 3, "CT001": 1}}  # fmt: skip
    assert len(G.regressions(worse, was)) == 3


def test_generated_people_are_synthetic() -> None:
    """Every phone in a fictional range (or a deliberately broken form), every mailbox an
    example one; the same seed gives the same set."""
    import phonenumbers

    bs = build_set(3, 60, "heldout", (2026, 9))
    again = build_set(3, 60, "heldout", (2026, 9))
    assert [a.app for a in bs.applicants] == [a.app for a in again.applicants]
    fictional = re.compile(
        r"\+1\d{3}55501\d{2}|\+44(?:20794|161496|113496)\d+|\+61(?:49157|[23]5550)\d+"
    )
    mailbox = re.compile(r"example\.(com|org|net)|gmail\.com|googlemail\.com", re.IGNORECASE)
    checked = 0
    for a in bs.applicants + bs.engineers:
        for side in (a.resume, a.linkedin):
            if side is None:
                continue
            for text in (side.phone, *re.split(r" / |, |; ", a.app.get("phone", ""))):
                text = re.sub(r"\s*\((mobile|home)\)", "", text)
                try:
                    n = phonenumbers.parse(text, "US")
                except phonenumbers.NumberParseException:
                    continue
                if phonenumbers.is_valid_number(n):
                    e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
                    assert fictional.fullmatch(e164), f"{a.id}: {text}"
                    checked += 1
            if a.truth == "genuine" and side.email:
                assert mailbox.fullmatch(side.email.rpartition("@")[2]), side.email
                if "gmail" in side.email:
                    assert "example" in side.email
    assert checked > 50
