"""Benchmark: the regex fast path against dateparser on the same résumé date strings.

Builds a deterministic corpus (seeded) of single dates in the forms résumés use, plus some
non-dates (phones, versions, money), times `parse_date_fast` and `parse_date_slow` on it in the
same run, and prints per-string cost, the speed ratio and where the two disagree. Then times the
range functions and the in-line finder for reference.

    python bench/bench_dates.py            # 2,400-string corpus
    python bench/bench_dates.py --quick    # 1,000-string corpus, smaller finder input
"""

from __future__ import annotations

import argparse
import calendar
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.dates import (
    find_date_ranges,
    parse_date_fast,
    parse_date_range,
    parse_date_slow,
)
from extractors.model import PartialDate

SEED = 20240601
SEASONS = ["Spring", "Summer", "Fall", "Autumn", "Winter"]
NON_DATES = [
    "(312) 555-01{:02d}",
    "312-555-01{:02d}",
    "v2.{:d}",
    "Python 3.{:d}",
    "1.{:d}.3",
    "${:d},950",
    "{:d}%",
    "606{:02d}",
    "Present",
    "Team of {:d}",
]


def _month_forms(y: int, m: int, d: int) -> dict[str, str]:
    """Every rendering of one date the corpus draws from, keyed by form name."""
    abbr, name = calendar.month_abbr[m], calendar.month_name[m]
    dotted = "Sept." if m == 9 else (f"{abbr}." if m != 5 else "May")
    return {
        "Mon YYYY": f"{abbr} {y}",
        "Month YYYY": f"{name} {y}",
        "Mon. YYYY": f"{dotted} {y}",
        "Month, YYYY": f"{name}, {y}",
        "MM/YYYY": f"{m:02d}/{y}",
        "M/YYYY": f"{m}/{y}",
        "MM.YYYY": f"{m:02d}.{y}",
        "YYYY-MM": f"{y}-{m:02d}",
        "YYYY.MM": f"{y}.{m:02d}",
        "YYYY": f"{y}",
        "MM/DD/YYYY": f"{m:02d}/{d:02d}/{y}",
        "YYYY-MM-DD": f"{y}-{m:02d}-{d:02d}",
        "DD Month YYYY": f"{d} {name} {y}",
        "Month DD, YYYY": f"{name} {d}, {y}",
        "Mon 'YY": f"{abbr} '{y % 100:02d}",
        "Season YYYY": f"{SEASONS[m % 5]} {y}",
    }


def build_corpus(n: int, seed: int = SEED) -> list[tuple[str, str]]:
    """`n` (form, text) pairs: about 92% dates over all forms, the rest non-dates."""
    rng = random.Random(seed)
    forms = list(_month_forms(2000, 1, 1))
    out: list[tuple[str, str]] = []
    for i in range(n):
        if i % 12 == 11:
            out.append(("non-date", rng.choice(NON_DATES).format(rng.randint(1, 99))))
            continue
        y = rng.randint(1975, 2024) if i % 7 else rng.randint(2000, 2049)
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        form = forms[i % len(forms)]
        out.append((form, _month_forms(y, m, d)[form]))
    return out


def time_per_string(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Best-of-`repeat` seconds per string."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, (time.perf_counter() - t0) / len(texts))
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller corpus and finder input")
    ap.add_argument("--examples", type=int, default=5, help="disagreements to print")
    args = ap.parse_args(argv)

    n = 1000 if args.quick else 2400
    corpus = build_corpus(n)
    texts = [t for _, t in corpus]
    kinds = Counter(f for f, _ in corpus)
    print(f"corpus: {len(texts)} strings, seed {SEED}")
    print(
        f"  {len(texts) - kinds['non-date']} dates in {len(kinds) - 1} forms, {kinds['non-date']} non-dates"
    )

    t0 = time.perf_counter()
    parse_date_slow("Jan 2019")  # import dateparser and load its English data
    warm = time.perf_counter() - t0
    fast_s = time_per_string(parse_date_fast, texts, repeat=5)
    slow_s = time_per_string(parse_date_slow, texts, repeat=1 if args.quick else 3)
    fast = [parse_date_fast(t) for t in texts]
    slow = [parse_date_slow(t) for t in texts]

    print()
    print(
        f"fast path  (parse_date_fast): {sum(d is not None for d in fast):>5} answered, {fast_s * 1e6:9.2f} µs/string"
    )
    print(
        f"dateparser (parse_date_slow): {sum(d is not None for d in slow):>5} answered, {slow_s * 1e6:9.2f} µs/string"
    )
    print(f"  (dateparser import + first call, not counted above: {warm * 1e3:.0f} ms)")
    print(f"speed ratio: fast path is {slow_s / fast_s:,.0f}x faster")

    both = [(f, t, a, b) for (f, t), a, b in zip(corpus, fast, slow, strict=True) if a and b]
    differ = [(f, t, a, b) for f, t, a, b in both if a != b]
    only_fast = Counter(f for (f, _), a, b in zip(corpus, fast, slow, strict=True) if a and not b)
    only_slow = [(f, t, b) for (f, t), a, b in zip(corpus, fast, slow, strict=True) if b and not a]
    print()
    print(
        f"agreement: both answered {len(both)}; same answer {len(both) - len(differ)}; disagreements {len(differ)}"
    )
    for f, t, a, b in differ[: args.examples]:
        print(f"  {t!r:24} [{f}]  fast={a}  dateparser={b}")
    print(f"answered by the fast path only: {sum(only_fast.values())} {dict(only_fast)}")
    print(f"answered by dateparser only: {len(only_slow)}")
    for f, t, b in only_slow[: args.examples]:
        print(f"  {t!r:24} [{f}]  dateparser={b}")
    non_dates = [t for (f, t), a in zip(corpus, fast, strict=True) if f == "non-date" and a]
    print(f"non-dates accepted by the fast path: {len(non_dates)} {non_dates[: args.examples]}")
    wrong = [
        (f, t, a)
        for (f, t), a in zip(corpus, fast, strict=True)
        if f != "non-date" and not isinstance(a, PartialDate)
    ]
    print(f"dates the fast path missed: {len(wrong)} {wrong[: args.examples]}")

    # Ranges and the finder, for reference.
    rng = random.Random(SEED + 1)
    dates = [t for f, t in corpus if f != "non-date"]
    ranges = []
    for i in range(n):
        left, right = rng.choice(dates), rng.choice(dates)
        sep = rng.choice([" – ", " - ", "-", " to ", " — "])
        ranges.append(f"{left}{sep}{'Present' if i % 4 == 0 else right}")
    range_s = time_per_string(parse_date_range, ranges, repeat=3)
    parsed = sum(parse_date_range(r) is not None for r in ranges)
    line = " | ".join(f"Engineer, Acme Corp {r}, phone 312-555-0142, v2.10" for r in ranges)
    reps = max(1, (200_000 if args.quick else 1_000_000) // len(line))
    line = " ".join([line] * reps)
    t0 = time.perf_counter()
    found = find_date_ranges(line)
    find_s = time.perf_counter() - t0
    print()
    print(
        f"parse_date_range: {len(ranges)} ranges, {parsed} parsed, {range_s * 1e6:.1f} µs/range (fast path for both sides)"
    )
    print(
        f"find_date_ranges: {len(line) / 1e6:.2f} MB line, {len(found)} ranges found in {find_s:.2f} s "
        f"({len(line) / 1e6 / find_s:.2f} MB/s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
