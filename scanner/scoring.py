"""Turn findings into a 0–100 risk score and a level, saying how many points each finding gave.

Each finding is worth `WEIGHT[severity] × confidence` points on its own. Points combine like
independent probabilities (noisy-OR): `score = 100 × (1 − Π(1 − pᵢ/100))`, so several weak signals
compound while no pile of them exceeds 100. Repeated findings of one code count with diminishing
weight (each further one at half the previous), so one noisy check cannot dominate.

The weights and level thresholds are chosen so that one low finding alone stays `low` (≤ 12
points) and one medium finding alone stays `medium` (≤ 40 points < 60); `high` needs a high
finding with good confidence or several independent signals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from scanner.model import Finding, Level, Risk, Severity

__all__ = ["LEVEL_THRESHOLDS", "WEIGHT", "level_for", "score"]

WEIGHT = {Severity.INFO: 0.0, Severity.LOW: 12.0, Severity.MEDIUM: 40.0, Severity.HIGH: 75.0}
# Lowest score of each level.
LEVEL_THRESHOLDS = ((Level.HIGH, 60), (Level.MEDIUM, 25), (Level.LOW, 1))


def level_for(points: float) -> Level:
    for level, floor in LEVEL_THRESHOLDS:
        if points >= floor:
            return level
    return Level.CLEAR


def _points(findings: Iterable[Finding]) -> list[tuple[str, float]]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for f in sorted(findings, key=lambda f: -WEIGHT[f.severity] * f.confidence):
        p = WEIGHT[f.severity] * f.confidence * (0.5 ** seen[f.code])
        seen[f.code] += 1
        if p > 0:
            out.append((f.code, p))
    return out


def score(findings: Iterable[Finding]) -> Risk:
    """Score one candidate's findings."""
    findings = list(findings)
    remaining = 1.0
    raw: dict[str, float] = defaultdict(float)
    for code, p in _points(findings):
        gain = remaining * p / 100.0
        raw[code] += gain * 100.0
        remaining -= gain
    total = round(100.0 * (1.0 - remaining))
    # Round contributions so that they add up to the total (largest remainder method).
    floors = {c: int(v) for c, v in raw.items()}
    short = total - sum(floors.values())
    for c in sorted(raw, key=lambda c: raw[c] - floors[c], reverse=True)[: max(0, short)]:
        floors[c] += 1
    contributions = tuple(
        sorted(((c, v) for c, v in floors.items() if v > 0), key=lambda cv: (-cv[1], cv[0]))
    )
    level = level_for(total)
    if total == 0 and any(f.severity is not Severity.INFO for f in findings):
        level = Level.LOW  # something was found, even if it rounds to nothing
    return Risk(score=total, level=level, contributions=contributions)
