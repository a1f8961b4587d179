"""Scoring: weak signals compound, one weak signal alone never reaches a high level."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.model import Category, Finding, Level, Severity
from scanner.scoring import score


def finding(code: str, sev: Severity, conf: float = 1.0) -> Finding:
    return Finding(code, "t", Category.TIMELINE, sev, conf, "m")


def test_no_findings_is_clear() -> None:
    risk = score([])
    assert (risk.score, risk.level, risk.contributions) == (0, Level.CLEAR, ())


def test_info_findings_score_nothing() -> None:
    assert score([finding("CT010", Severity.INFO)]).level is Level.CLEAR


@pytest.mark.parametrize("conf", [0.1, 0.5, 1.0])
def test_single_low_never_above_low(conf: float) -> None:
    assert score([finding("CT011", Severity.LOW, conf)]).level is Level.LOW


@pytest.mark.parametrize("conf", [0.3, 0.7, 1.0])
def test_single_medium_never_above_medium(conf: float) -> None:
    assert score([finding("TL001", Severity.MEDIUM, conf)]).level.rank <= Level.MEDIUM.rank


def test_single_confident_high_is_high() -> None:
    assert score([finding("XS005", Severity.HIGH, 0.9)]).level is Level.HIGH


def test_weak_signals_compound() -> None:
    one = score([finding("TL001", Severity.MEDIUM)])
    two = score([finding("TL001", Severity.MEDIUM), finding("CT003", Severity.MEDIUM)])
    assert two.score > one.score
    assert two.level is Level.HIGH
    lows = score([finding(f"CT00{i}", Severity.LOW) for i in range(1, 4)])
    assert lows.level is Level.MEDIUM


def test_repeats_of_one_code_count_less() -> None:
    distinct = score([finding("TL001", Severity.MEDIUM), finding("CT003", Severity.MEDIUM)])
    repeated = score([finding("TL001", Severity.MEDIUM), finding("TL001", Severity.MEDIUM)])
    assert repeated.score < distinct.score


def test_contributions_add_up_to_the_score() -> None:
    fs = [
        finding("XS005", Severity.HIGH, 0.9),
        finding("TL001", Severity.MEDIUM, 0.7),
        finding("CT011", Severity.LOW),
    ]
    risk = score(fs)
    assert sum(p for _, p in risk.contributions) == risk.score
    assert risk.contributions[0][0] == "XS005"


sev = st.sampled_from(list(Severity))


@given(
    st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D"]), sev, st.floats(0, 1)), max_size=30)
)
def test_score_is_bounded_and_contributions_sum(items: list[tuple[str, Severity, float]]) -> None:
    risk = score(
        [
            finding(
                f"TL00{c}".replace("A", "1").replace("B", "2").replace("C", "3").replace("D", "4"),
                s,
                conf,
            )
            for c, s, conf in items
        ]
    )
    assert 0 <= risk.score <= 100
    assert sum(p for _, p in risk.contributions) == risk.score


def test_an_incomplete_candidate_is_unverified_not_clear() -> None:
    assert score([], complete=False).level is Level.UNVERIFIED
    assert score([finding("CT011", Severity.LOW)], complete=False).level is Level.UNVERIFIED
    assert score([finding("TL001", Severity.MEDIUM)], complete=False).level is Level.MEDIUM
    assert Level.CLEAR.rank < Level.UNVERIFIED.rank < Level.LOW.rank


@given(st.permutations(["XS005:high:0.9", "TL001:medium:0.7", "CT009:medium:0.6", "CT011:low:1"]))
def test_score_and_contributions_do_not_depend_on_order(order: list[str]) -> None:
    """Regression: one CT009 finding was worth +1 or +24 depending on where it came in."""
    fs = [finding(c, Severity(s), float(p)) for c, s, p in (x.split(":") for x in order)]
    risk = score(fs)
    baseline = score(
        [finding("XS005", Severity.HIGH, 0.9), finding("TL001", Severity.MEDIUM, 0.7),
         finding("CT009", Severity.MEDIUM, 0.6), finding("CT011", Severity.LOW, 1.0)]
    )  # fmt: skip
    assert risk == baseline
    ct009 = dict(risk.contributions)["CT009"]
    assert 5 <= ct009 <= 20, risk.contributions


def test_the_same_facts_twice_count_once() -> None:
    one = finding("XS005", Severity.HIGH, 0.9)
    assert score([one, one]) == score([one])
