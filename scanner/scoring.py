"""Turn findings into a 0–100 risk score and a level, saying how many points each check gave.

1. A finding is worth `WEIGHT[severity] × confidence` points (info: none).
2. Findings of one check compound with diminishing weight: sorted from the strongest, the k-th
   counts `1/2ᵏ` of its points, so one noisy check cannot dominate; a check is worth at most
   `CODE_CAP` points.
3. Checks combine like independent probabilities (noisy-OR): `score = 100 × (1 − Π(1 − pᵢ/100))`,
   so several weak signals compound while no pile of them exceeds 100.
4. Each check's contribution is its share of the score in proportion to `−log(1 − pᵢ/100)` (the
   additive form of the noisy-OR), so contributions add up to the score and do not depend on the
   order findings came in.

SRC001 and SRC002 (a source that could not be read or was blocked) add no points: they make the
candidate incomplete, which is the `unverified` level.

The weights and level thresholds are chosen so that one low finding alone stays `low` (≤ 12
points) and one medium finding alone stays `medium` (≤ 40 points < 60); `high` needs a high
finding with good confidence or several independent signals. A candidate whose sources could
not all be read and where nothing reached `medium` is `unverified`, never `clear` or `low`:
the absence of findings from a source that was never read says nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from scanner.model import Finding, Level, Risk, Severity

__all__ = ["CODE_CAP", "LEVEL_THRESHOLDS", "NOT_SCORED", "WEIGHT", "level_for", "score"]

# Findings that say what could not be read: they make the candidate `unverified` (through
# `complete`) instead of adding risk points, so an unreadable file never reads as suspicion.
NOT_SCORED = frozenset({"SRC001", "SRC002"})
WEIGHT = {Severity.INFO: 0.0, Severity.LOW: 12.0, Severity.MEDIUM: 40.0, Severity.HIGH: 75.0}
CODE_CAP = 95.0  # points one check can give, however many findings it has
# Lowest score of each level.
LEVEL_THRESHOLDS = ((Level.HIGH, 60), (Level.MEDIUM, 25), (Level.LOW, 1))


def level_for(points: float) -> Level:
    for level, floor in LEVEL_THRESHOLDS:
        if points >= floor:
            return level
    return Level.CLEAR


def _code_points(findings: Iterable[Finding]) -> dict[str, float]:
    """Points per check of scored findings: its findings from the strongest down, each at half
    the weight of the one before (the same facts twice count once)."""
    by_code: dict[str, list[float]] = {}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for f in findings:
        code = f.code
        evidence = f.evidence
        facts = (code, f.message, tuple(sorted([e.value for e in evidence])) if evidence else ())
        if facts in seen:
            continue
        seen.add(facts)
        p = WEIGHT[f.severity] * f.confidence
        if p > 0:
            points = by_code.get(code)
            if points is None:
                by_code[code] = [p]
            else:
                points.append(p)
    return {
        # one finding: its points as the sum below gives them (0 + p × 0.5⁰ is p)
        code: min(CODE_CAP, ps[0])
        if len(ps) == 1
        else min(CODE_CAP, sum(p * 0.5**k for k, p in enumerate(sorted(ps, reverse=True))))
        for code, ps in by_code.items()
    }


# Levels below `medium`, which an incomplete candidate's level becomes `unverified` from.
_BELOW_MEDIUM = tuple(lv for lv in Level if lv.rank < Level.MEDIUM.rank)


def score(findings: Iterable[Finding], *, complete: bool = True) -> Risk:
    """Score one candidate's findings; `complete=False` when a source could not be read whole."""
    scored = [f for f in findings if f.code not in NOT_SCORED]
    if len(scored) == 1:  # one finding (the common case): its points, no repeat to drop
        f = scored[0]
        p = WEIGHT[f.severity] * f.confidence
        points = {f.code: min(CODE_CAP, p)} if p > 0 else {}
    else:
        points = _code_points(scored)
    total = 0
    contributions: tuple[tuple[str, int], ...] = ()
    if len(points) == 1:  # one check: the steps below, with their one-value sums and products
        ((code, p),) = points.items()
        survival_one = 1.0 - p / 100.0
        total = round(100.0 * (1.0 - survival_one))
        if total > 0 and -math.log(survival_one) > 0:
            contributions = ((code, total),)  # its share is the whole score, rounding aside
    elif points:
        survival = {code: 1.0 - p / 100.0 for code, p in points.items()}
        total = round(100.0 * (1.0 - math.prod(survival.values())))
        logs = {code: -math.log(s) for code, s in survival.items()}
        weight = sum(logs.values())
        if weight > 0:
            raw = {code: total * v / weight for code, v in logs.items()}
            # Round contributions so that they add up to the total (largest remainder method).
            floors = {c: int(v) for c, v in raw.items()}
            short = total - sum(floors.values())
            if short > 0:
                order = sorted(raw, key=lambda c: (raw[c] - floors[c], c), reverse=True)
                for c in order[:short]:
                    floors[c] += 1
            if len(floors) == 1:
                contributions = tuple((c, v) for c, v in floors.items() if v > 0)
            else:
                contributions = tuple(
                    sorted(
                        ((c, v) for c, v in floors.items() if v > 0),
                        key=lambda cv: (-cv[1], cv[0]),
                    )
                )
    level = level_for(total)
    if total == 0 and any(f.severity is not Severity.INFO for f in scored):
        level = Level.LOW  # something was found, even if it rounds to nothing
    if not complete and level in _BELOW_MEDIUM:
        level = Level.UNVERIFIED
    return Risk(score=total, level=level, contributions=contributions)
