"""The regression gate: a small fixed development set whose figures must not get worse.

`tests/test_quality_gate.py` builds this set (fixed seed, size and reference month, so the files
are the same whatever the date), runs it through the command line, and compares its figures
with those recorded in `tests/quality_gate.json`. Better figures pass; tighten the recorded
ones with `python bench/bench_quality.py --gate --record tests/quality_gate.json` when checks
improve (the command prints what changed).
"""

from __future__ import annotations

from typing import Any

GATE = {"seed": 11, "applicants": 70, "split": "dev", "ref": (2026, 9)}
EPS = 1e-9


def figures(m: dict[str, Any]) -> dict[str, Any]:
    """The gated figures of one evaluation (`metrics.evaluate`)."""
    c = m["clusters"]
    return {
        "genuine_high_rate": round(m["genuine_high_rate"] or 0.0, 4),
        "genuine_medium_plus_rate": round(m["genuine_medium_plus_rate"] or 0.0, 4),
        "cluster_precision": round(1.0 if c["precision"] is None else c["precision"], 4),
        "cluster_recall": round(1.0 if c["recall"] is None else c["recall"], 4),
        "pattern_recall": {k: round(p["recall"], 4) for k, p in m["patterns"].items()},
        "genuine_false_positives": {k: r["fp"] for k, r in m["codes"].items() if r["fp"]},
    }


def regressions(now: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    """Every figure that got worse than recorded (rates up, recall or precision down)."""
    out = []
    for key in ("genuine_high_rate", "genuine_medium_plus_rate"):
        if now[key] > recorded[key] + EPS:
            out.append(f"{key}: {now[key]:.4f} > recorded {recorded[key]:.4f}")
    for key in ("cluster_precision", "cluster_recall"):
        if now[key] < recorded[key] - EPS:
            out.append(f"{key}: {now[key]:.4f} < recorded {recorded[key]:.4f}")
    for name, was in recorded["pattern_recall"].items():
        got = now["pattern_recall"].get(name)
        if got is None:
            out.append(f"pattern {name}: no longer in the gate set")
        elif got < was - EPS:
            out.append(f"pattern {name}: recall {got:.4f} < recorded {was:.4f}")
    for code, n in now["genuine_false_positives"].items():
        was = recorded["genuine_false_positives"].get(code, 0)
        if n > was:
            out.append(f"{code}: {n} genuine applicants at medium or above > recorded {was}")
    return out


def improvements(now: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    """Figures better than recorded (worth recording, so that they stay)."""
    out = []
    for key in ("genuine_high_rate", "genuine_medium_plus_rate"):
        if now[key] < recorded[key] - EPS:
            out.append(f"{key}: {recorded[key]:.4f} → {now[key]:.4f}")
    for key in ("cluster_precision", "cluster_recall"):
        if now[key] > recorded[key] + EPS:
            out.append(f"{key}: {recorded[key]:.4f} → {now[key]:.4f}")
    for name, got in now["pattern_recall"].items():
        if got > recorded["pattern_recall"].get(name, 0.0) + EPS:
            out.append(
                f"pattern {name}: {recorded['pattern_recall'].get(name, 0.0):.4f} → {got:.4f}"
            )
    for code, was in recorded["genuine_false_positives"].items():
        if now["genuine_false_positives"].get(code, 0) < was:
            out.append(
                f"{code}: {was} → {now['genuine_false_positives'].get(code, 0)} genuine false positives"
            )
    return out
