"""ID004 at scale: time per candidate against a store of 100,000 stored profiles.

Builds (or reuses) a history store whose corpus holds N synthetic histories with a realistic
skew (a few employers are very common, most are rare; 2-7 positions each; common titles), then
runs the registered ID004 check through `StoreCorpus` for Q candidates: half carry a stored
person's history under another name (must be found), half are new histories (must stay quiet).

    python bench/bench_id004.py --profiles 100000 --queries 400

Target (issue 6): under 50 ms per candidate.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.model import DateRange, PartialDate, Position, Profile, SourceDocument, SourceKind  # noqa: E402
from scanner.config import Config  # noqa: E402
from scanner.model import Candidate  # noqa: E402
from scanner.registry import CheckContext, run_checks  # noqa: E402
from scanner.store import StoreCorpus, open_store  # noqa: E402
from scanner.store.store import add_corpus_entry  # noqa: E402

TITLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Data Engineer",
    "Backend Developer",
    "Frontend Developer",
    "DevOps Engineer",
    "Engineering Manager",
    "QA Engineer",
    "Site Reliability Engineer",
    "Full Stack Developer",
    "Principal Engineer",
]


def employers(n: int, rng: random.Random) -> tuple[list[str], list[float]]:
    """n employer names with Zipf-like popularity (the first few hold a large share)."""
    names = [
        f"Employer {i} {rng.choice(['Inc', 'LLC', 'Corp', 'Ltd', 'Labs', 'Systems'])}"
        for i in range(n)
    ]
    weights = [1.0 / (i + 1) ** 1.05 for i in range(n)]
    return names, weights


def history(rng: random.Random, orgs: list[str], weights: list[float]) -> list[Position]:
    year, month = rng.randint(2026 - 25, 2024), rng.randint(1, 12)
    out = []
    for _ in range(rng.randint(2, 7)):
        length = rng.randint(8, 60)
        end_index = year * 12 + month - 1 + length
        ey, em = divmod(end_index, 12)
        current = ey * 12 + em > 2026 * 12 + 10
        rng_ = DateRange(
            PartialDate(year, month), None if current else PartialDate(ey, em + 1), current=current
        )
        out.append(Position(rng.choices(orgs, weights)[0], rng.choice(TITLES), rng_))
        if current:
            break
        year, month = divmod(end_index + rng.randint(0, 4), 12)
        month += 1
    return out


def build(db: Path, n: int, seed: int) -> list[tuple[str, list[Position]]]:
    rng = random.Random(seed)
    orgs, weights = employers(2_000, rng)
    people = [(f"S-{i:06d}", history(rng, orgs, weights)) for i in range(n)]
    if db.exists():
        with open_store(db) as store:
            if store.corpus_size() >= n:
                return people
        db.unlink()
    t0 = time.perf_counter()
    with open_store(db) as store, store.transaction() as conn:
        for pid, jobs in people:
            add_corpus_entry(
                conn,
                person_id=pid,
                name=f"Stored Person {pid}",
                positions=jobs,
                origin="scan",
                scan_id=None,
                label=f"bench {pid}",
            )
    print(f"built corpus of {n:,} histories in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return people


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profiles", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument(
        "--db",
        type=Path,
        default=Path(tempfile.gettempdir()) / "scanner-bench-id004.db",
        help="where to build (and reuse) the corpus",
    )
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    people = build(args.db, args.profiles, args.seed)
    rng = random.Random(args.seed + 1)
    orgs, weights = employers(2_000, random.Random(args.seed))
    corpus = StoreCorpus(args.db)
    ctx = CheckContext(config=Config())
    src = SourceDocument(
        kind=SourceKind.LINKEDIN_PDF, format="pdf", uri="candidate.pdf", sha256="0" * 64
    )
    times: list[float] = []
    fired_copies = fired_new = copies = 0
    # The first call pays one-off costs (imports, the nickname table, opening the store).
    warm = Candidate(
        id="W",
        sources=[src],
        profiles=[Profile(name="Warm Up", experience=tuple(people[0][1]))],
        as_of=date(2026, 11, 28),
    )
    warm.corpus = corpus
    t0 = time.perf_counter()
    run_checks(warm, ctx, ["ID004"])
    first_ms = (time.perf_counter() - t0) * 1000
    for q in range(args.queries):
        copy = q % 2 == 0
        if copy:  # a stored history of 3+ positions, reused under another name
            jobs = rng.choice([p for p in people[:5_000] if len(p[1]) >= 3])[1]
            copies += 1
        else:
            jobs = history(rng, orgs, weights)
        cand = Candidate(
            id=f"Q-{q}",
            sources=[src],
            profiles=[Profile(name=f"Query Person {q}", experience=tuple(jobs))],
            as_of=date(2026, 11, 28),
        )
        cand.corpus = corpus
        t0 = time.perf_counter()
        result = run_checks(cand, ctx, ["ID004"])
        times.append((time.perf_counter() - t0) * 1000)
        assert not result.errors, result.errors
        hit = bool(result.findings)
        if copy:
            fired_copies += hit
        else:
            fired_new += hit
    times.sort()
    summary = {
        "stored_profiles": args.profiles,
        "candidates": args.queries,
        "ms_per_candidate": {
            "median": round(statistics.median(times), 2),
            "p95": round(times[int(0.95 * (len(times) - 1))], 2),
            "max": round(times[-1], 2),
            "mean": round(statistics.fmean(times), 2),
            "first_call": round(first_ms, 1),
        },
        "reused_histories_found": f"{fired_copies}/{copies}",
        "new_histories_flagged": f"{fired_new}/{args.queries // 2}",
        "target_ms": 50,
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
