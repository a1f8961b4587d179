"""Score the scanner's reports against the truth, and print the tables.

- Per code: a fraud pattern's code is a true positive when the code fires on that applicant at
  its intended severity or above, else a false negative; any finding at medium or above on a
  genuine applicant is a false positive for its code (counted once per applicant).
- Genuine high rate and medium-or-above rate: share of genuine applicants whose risk level is
  high, or medium or high.
- Recall per fraud pattern (the share of its applicants on which its code fired as intended),
  and per benign family the genuine applicants that reached medium+ / high.
- Cluster precision and recall over pairs of batch applicants: a pair is predicted when both are
  in one reported cluster, true when both belong to one ring.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from .model import LEVEL_RANK, SEVERITY_RANK, Applicant
from .run import RunResult

TARGETS = {"genuine_high": 0.01, "genuine_medium_plus": 0.05, "pattern_recall": 0.95,
           "cluster_precision": 0.98, "cluster_recall": 0.98}  # fmt: skip


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def evaluate(
    applicants: list[Applicant], result: RunResult, catalogue: dict[str, str] | None = None
) -> dict[str, Any]:
    scored = [a for a in applicants if a.id in result.outcomes]
    genuine = [a for a in scored if a.truth == "genuine"]
    frauds = [a for a in scored if a.truth == "fraud"]
    high = [a for a in genuine if result.outcomes[a.id].level == "high"]
    medp = [a for a in genuine if LEVEL_RANK.get(result.outcomes[a.id].level, 0) >= 2]

    codes: dict[str, dict[str, Any]] = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "severity": "",
                                                            "fp_example": "", "fn_example": ""})  # fmt: skip
    for a in genuine:
        seen: set[str] = set()
        for f in result.outcomes[a.id].findings:
            if SEVERITY_RANK.get(f["severity"], 0) >= 2 and f["code"] not in seen:
                seen.add(f["code"])
                row = codes[f["code"]]
                row["fp"] += 1
                if not row["fp_example"]:
                    row["fp_example"] = (
                        f"{a.id} [{', '.join(a.families) or 'no family'}]: {f['severity']}: {f['message']}"
                    )
    patterns: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"n": 0, "hit": 0, "flagged": 0, "code": "", "severity": ""}
    )
    for a in frauds:
        out = result.outcomes[a.id]
        for code, sev in a.expect.items():
            fired = max(
                (SEVERITY_RANK.get(f["severity"], 0) for f in out.findings if f["code"] == code),
                default=-1,
            )
            row = codes[code]
            row["severity"] = sev
            ok = fired >= SEVERITY_RANK[sev]
            row["tp" if ok else "fn"] += 1
            if not ok and not row["fn_example"]:
                got = (
                    "not at all"
                    if fired < 0
                    else f"only at {next(k for k, v in SEVERITY_RANK.items() if v == fired)}"
                )
                row["fn_example"] = f"{a.id}: fired {got}"
        p = patterns[a.pattern]
        p["n"] += 1
        p["code"], p["severity"] = next(iter(a.expect.items()), ("", ""))
        p["hit"] += all(
            max(
                (SEVERITY_RANK.get(f["severity"], 0) for f in out.findings if f["code"] == c),
                default=-1,
            )
            >= SEVERITY_RANK[s]
            for c, s in a.expect.items()
        )
        p["flagged"] += LEVEL_RANK.get(out.level, 0) >= 2
    for row in codes.values():
        row["precision"] = _ratio(row["tp"], row["tp"] + row["fp"])
        row["recall"] = _ratio(row["tp"], row["tp"] + row["fn"])
    for p in patterns.values():
        p["recall"] = p["hit"] / p["n"]

    families: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "medium_plus": 0, "high": 0})
    for a in genuine:
        level = LEVEL_RANK.get(result.outcomes[a.id].level, 0)
        for fam in a.families or ["(none)"]:
            families[fam]["n"] += 1
            families[fam]["medium_plus"] += level >= 2
            families[fam]["high"] += level >= 3

    expected_info: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "hit": 0})
    for a in genuine:
        for code, sev in a.expect.items():
            row = expected_info[code]
            row["n"] += 1
            row["hit"] += any(f["code"] == code and SEVERITY_RANK.get(f["severity"], 0) >= SEVERITY_RANK[sev]
                              for f in result.outcomes[a.id].findings)  # fmt: skip

    batch_ids = {a.id for a in scored if a.track == "batch"}
    truth_pairs = set()
    rings: dict[str, list[str]] = defaultdict(list)
    for a in scored:
        if a.ring and a.track == "batch":
            rings[a.ring].append(a.id)
    for members in rings.values():
        truth_pairs |= {tuple(sorted(p)) for p in combinations(members, 2)}
    pred_pairs = set()
    for members in result.clusters:
        inside = sorted(m for m in members if m in batch_ids)
        pred_pairs |= set(combinations(inside, 2))
    both = truth_pairs & pred_pairs
    wrong = sorted(pred_pairs - truth_pairs)
    incomplete_genuine = sum(1 for a in genuine if not result.outcomes[a.id].complete)
    return {
        "applicants": len(applicants), "scored": len(scored), "genuine": len(genuine), "frauds": len(frauds),
        "genuine_high": len(high), "genuine_medium_plus": len(medp),
        "genuine_high_rate": _ratio(len(high), len(genuine)),
        "genuine_medium_plus_rate": _ratio(len(medp), len(genuine)),
        "genuine_incomplete": incomplete_genuine,
        "codes": {k: codes[k] for k in sorted(codes)},
        "patterns": {k: patterns[k] for k in sorted(patterns)},
        "families": {k: families[k] for k in sorted(families)},
        "expected_on_genuine": dict(expected_info),
        "clusters": {"truth_pairs": len(truth_pairs), "predicted_pairs": len(pred_pairs), "correct_pairs": len(both),
                     "precision": _ratio(len(both), len(pred_pairs)), "recall": _ratio(len(both), len(truth_pairs)),
                     "wrong_pair_examples": [list(p) for p in wrong[:5]]},
        "errors": result.errors[:20],
        "not_implemented": sorted(c for c in codes if catalogue is not None and c not in catalogue),
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------
def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def summary_lines(m: dict[str, Any], label: str) -> list[str]:
    c = m["clusters"]
    return [
        f"{label}: {m['applicants']} applicants ({m['genuine']} genuine, {m['frauds']} fraud), {m['scored']} scored",
        f"  genuine at high:       {pct(m['genuine_high_rate']):>8}  ({m['genuine_high']})   target ≤ 1 %",
        f"  genuine at medium+:    {pct(m['genuine_medium_plus_rate']):>8}  ({m['genuine_medium_plus']})   target ≤ 5 %",
        f"  patterns at ≥ 95 %:    {sum(1 for p in m['patterns'].values() if p['recall'] >= 0.95)} of {len(m['patterns'])}",
        f"  cluster precision:     {pct(c['precision']):>8}  ({c['correct_pairs']} of {c['predicted_pairs']} pairs)   target ≥ 98 %",
        f"  cluster recall:        {pct(c['recall']):>8}  ({c['correct_pairs']} of {c['truth_pairs']} pairs)   target ≥ 98 %",
    ]


def code_table(m: dict[str, Any]) -> list[str]:
    lines = ["code    sev     TP  FN  FP(genuine)  precision  recall"]
    for code, r in m["codes"].items():
        lines.append(f"{code:<7} {r['severity'] or '-':<7} {r['tp']:>3} {r['fn']:>3} {r['fp']:>6}       "
                     f"{pct(r['precision']):>8}  {pct(r['recall']):>8}")  # fmt: skip
    return lines


def pattern_table(m: dict[str, Any]) -> list[str]:
    lines = ["pattern                          code    n   recall   level≥medium"]
    for name, p in m["patterns"].items():
        lines.append(
            f"{name:<32} {p['code']:<7} {p['n']:>2}  {pct(p['recall']):>7}  {pct(p['flagged'] / p['n']):>7}"
        )
    return lines


def family_table(m: dict[str, Any], top: int = 15) -> list[str]:
    rows = sorted(m["families"].items(), key=lambda kv: -kv[1]["medium_plus"] / max(1, kv[1]["n"]))
    lines = ["benign family                    n   medium+   high"]
    for name, f in rows[:top]:
        lines.append(f"{name:<32} {f['n']:>3}  {f['medium_plus']:>4}  {f['high']:>4}")
    return lines


def worst_fp(m: dict[str, Any], top: int = 8) -> list[tuple[str, int, str]]:
    rows = sorted(
        ((c, r["fp"], r["fp_example"]) for c, r in m["codes"].items() if r["fp"]),
        key=lambda t: -t[1],
    )
    return rows[:top]


def missed_patterns(m: dict[str, Any]) -> list[tuple[str, str, float, int]]:
    rows = [
        (n, p["code"], p["recall"], p["n"])
        for n, p in m["patterns"].items()
        if p["recall"] < TARGETS["pattern_recall"]
    ]
    return sorted(rows, key=lambda t: t[2])


def family_counts(applicants: list[Applicant]) -> Counter[str]:
    return Counter(f for a in applicants for f in a.families)


# ---------------------------------------------------------------------------------------------
def _cell(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f} %"


def markdown(results: dict[str, Any]) -> str:
    """The figures of a run (dev and held-out) as the tables of docs/benchmarks.md."""
    splits = [s for s in ("dev", "heldout") if s in results]
    name = {"dev": "development", "heldout": "held-out"}
    out = ["| figure | target | " + " | ".join(name[s] for s in splits) + " |",
           "|---|---|" + "---|" * len(splits)]  # fmt: skip

    def row(label: str, target: str, fn: Any) -> None:
        out.append(f"| {label} | {target} | " + " | ".join(fn(results[s]) for s in splits) + " |")

    row(
        "applicants (genuine / fraud)",
        "",
        lambda m: f"{m['applicants']} ({m['genuine']} / {m['frauds']})",
    )
    row(
        "genuine at high",
        "≤ 1 %",
        lambda m: f"**{pct(m['genuine_high_rate'])}** ({m['genuine_high']})",
    )
    row("genuine at medium or above", "≤ 5 %",
        lambda m: f"**{pct(m['genuine_medium_plus_rate'])}** ({m['genuine_medium_plus']})")  # fmt: skip
    row("fraud patterns at ≥ 95 % recall", "all",
        lambda m: f"{sum(1 for p in m['patterns'].values() if p['recall'] >= 0.95)} of {len(m['patterns'])}")  # fmt: skip
    row("cluster precision (pairs)", "≥ 98 %",
        lambda m: f"{pct(m['clusters']['precision'])} ({m['clusters']['correct_pairs']}/{m['clusters']['predicted_pairs']})")  # fmt: skip
    row("cluster recall (pairs)", "≥ 98 %",
        lambda m: f"{pct(m['clusters']['recall'])} ({m['clusters']['correct_pairs']}/{m['clusters']['truth_pairs']})")  # fmt: skip
    out += ["", "Per check code (TP / FN: fraud twins that must fire the code at its intended severity; "
            "FP: genuine applicants with a finding of the code at medium or above):", "",
            "| code | intended | " + " | ".join(f"{name[s]} TP/FN/FP | precision | recall" for s in splits) + " |",
            "|---|---|" + "---|---|---|" * len(splits)]  # fmt: skip
    codes = sorted({c for s in splits for c in results[s]["codes"]})
    for code in codes:
        cells = []
        sev = ""
        for s in splits:
            r = results[s]["codes"].get(code)
            if r is None:
                cells.append("– | – | –")
                continue
            sev = sev or r["severity"]
            cells.append(
                f"{r['tp']}/{r['fn']}/{r['fp']} | {_cell(r['precision'])} | {_cell(r['recall'])}"
            )
        out.append(f"| {code} | {sev or '(none)'} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
