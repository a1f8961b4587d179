"""Linkage at scale: N synthetic structured applicants (no files) with realistic sharing.

    python bench/bench_linkage.py                 # 1,000,000 rows, 20,000-row naive baseline
    python bench/bench_linkage.py --rows 100000 --index duckdb

Rows: ~9% in rings of 2–12 sharing a phone, a shipping address or a mailbox alias; 0.5% duplicate
applications; 1% junk placeholders; three hubs (an agency switchboard and two ATS defaults)
given by hundreds to thousands of rows. Phones are synthetic 555 numbers, emails @example.com.

Phases, timed separately: `keys` (canonicalisation; in a real batch this runs inside the
per-applicant workers), `index` (hash index of every identifier; dicts or DuckDB), `link`
(groups, hubs, duplicates, households, union-find clusters, per-row links). Peak memory is the
process's max RSS (resource.getrusage). The naive baseline compares every pair of a 20,000-row
sample for a shared key, which is what linkage replaces.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.normalise.addresses import address_key
from extractors.normalise.contacts import email_key, is_placeholder, phone_key
from scanner.batch.keys import Ident, RowKeys
from scanner.batch.linkage import LinkageOptions, exact_index, link

FIRST = [
    "Avery",
    "Blake",
    "Casey",
    "Devon",
    "Emerson",
    "Finley",
    "Harper",
    "Jordan",
    "Kendall",
    "Logan",
    "Morgan",
    "Parker",
    "Quinn",
    "Reese",
    "Riley",
    "Rowan",
]
_HEAD = [
    "Ash",
    "Bright",
    "Call",
    "Dun",
    "Ever",
    "Fair",
    "Green",
    "Holl",
    "Ing",
    "Jess",
    "Kett",
    "Lock",
    "Marl",
    "North",
    "Oak",
    "Pend",
    "Red",
    "Stan",
    "Thorn",
    "Whit",
]
_TAIL = [
    "down",
    "water",
    "away",
    "more",
    "ly",
    "banks",
    "ford",
    "ister",
    "leby",
    "op",
    "ering",
    "wood",
    "ow",
    "cott",
    "ridge",
    "leton",
    "fern",
    "hope",
    "castle",
    "combe",
]
LAST = [h + t for h in _HEAD for t in _TAIL]  # 400 invented surnames, no digits
STREETS = [
    "Maple",
    "Cedar",
    "Lakeview",
    "Willow",
    "Prairie",
    "Juniper",
    "Hillcrest",
    "Orchard",
    "Sycamore",
    "Bluebonnet",
    "Elm",
    "Oak",
]
SUFFIX = ["Street", "St", "Avenue", "Ave.", "Road", "Rd", "Lane", "Drive", "Dr"]
CITIES = [
    ("Chicago", "IL", "606"),
    ("Austin", "TX", "787"),
    ("Evanston", "IL", "602"),
    ("Joliet", "IL", "604"),
]


def _phone(n: int, rng: random.Random) -> str:
    area = 201 + (n // 10000) % 780
    line = n % 10000
    style = rng.randrange(4)
    if style == 0:
        return f"({area}) 555-{line:04d}"
    if style == 1:
        return f"+1 {area} 555 {line:04d}"
    if style == 2:
        return f"{area}.555.{line:04d}"
    return f"1-{area}-555-{line:04d}"


def _address(n: int, rng: random.Random) -> str:
    """A unique synthetic address for each n (number, street, block and ZIP all vary with n)."""
    city, state, z = CITIES[n % len(CITIES)]
    unit = f", Apt {n % 40 + 1}" if n % 3 == 0 else ""
    street = f"{STREETS[(n // 4) % len(STREETS)]} {(n // 48) % 50 + 1}th"
    number = (n // 2400) % 9000 + 10
    return f"{number} {street} {rng.choice(SUFFIX)}{unit}, {city}, {state} {z}{n % 100:02d}"


def generate(n: int, seed: int = 1) -> list[dict[str, str]]:
    """Synthetic application rows with rings, duplicates, placeholders and hubs."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    serial = 0
    while len(rows) < n:
        serial += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        r = {
            "id": f"A-{len(rows):07d}",
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}.{serial}@example.com",
            "phone": _phone(serial * 7 + 13, rng),
            "address": _address(serial, rng),
        }
        roll = rng.random()
        if roll < 0.01:  # junk placeholders
            r["phone"] = rng.choice(["n/a", "000-000-0000", "123-456-7890"])
            r["email"] = "test@test.com"
        elif roll < 0.02:  # hubs: an agency switchboard, an ATS default address
            r["phone"] = ["(312) 555-0100", "(512) 555-0100", "(773) 555-0100"][rng.randrange(3)]
        elif roll < 0.025 and rows:  # the same person applying again
            prev = rows[rng.randrange(len(rows))]
            r = {**prev, "id": f"A-{len(rows):07d}", "email": prev["email"].replace("@", "+again@")}
        elif roll < 0.035:  # a ring of 2–12 personas
            k = rng.randint(2, 12)
            farm = _address(10_000_000 + serial, rng)
            phone = _phone(50_000_000 + serial, rng)
            mailbox = f"ring{serial}.ops"
            for j in range(k):
                if len(rows) >= n:
                    break
                f2, l2 = rng.choice(FIRST), rng.choice(LAST)
                ring_row = {
                    "id": f"A-{len(rows):07d}",
                    "name": f"{f2} {l2}",
                    "email": f"{mailbox}+{j}@example.com"
                    if j % 3 == 0
                    else f"{f2.lower()}.{l2.lower()}.{serial}.{j}@example.com",
                    "phone": phone
                    if j % 2 == 0
                    else _phone(serial * 7 + 13 + 1_000_000 * (j + 1), rng),
                    "address": _address(20_000_000 + serial * 16 + j, rng),
                    "shipping_address": farm.upper() if j % 2 else farm,
                }
                rows.append(ring_row)
            continue
        rows.append(r)
    return rows[:n]


def to_keys(rows: list[dict[str, str]]) -> list[RowKeys]:
    out = []
    for i, r in enumerate(rows):
        idents = []
        ph = []
        for kind, fld, fn in (
            ("phone", "phone", phone_key),
            ("email", "email", email_key),
            ("address", "address", address_key),
            ("address", "shipping_address", address_key),
        ):
            raw = r.get(fld)
            if not raw:
                continue
            key = fn(raw)
            if key is None:
                if is_placeholder(kind, raw):
                    ph.append((kind, raw))
                continue
            idents.append(Ident(kind, key, fld, raw, 0))
        out.append(RowKeys(i, r["id"], r["name"], i + 2, tuple(idents), placeholders=tuple(ph)))
    return out


def duckdb_index(rows: list[RowKeys]) -> dict[str, dict[str, int | list[int]]]:
    """The same index as `exact_index`, built by DuckDB from a TSV of (kind, key, packed)."""
    import duckdb

    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as fh:
        for r in rows:
            base = r.index * 256
            for pos, ident in enumerate(r.idents):
                fh.write(f"{ident.kind}\t{ident.key}\t{base + pos}\n")
        path = fh.name
    con = duckdb.connect()
    res = con.execute(
        "SELECT kind, key, list(packed ORDER BY packed) FROM read_csv(?, delim='\t', header=false, quote='', "
        "columns={'kind': 'VARCHAR', 'key': 'VARCHAR', 'packed': 'BIGINT'}) GROUP BY kind, key HAVING count(*) > 1",
        [path],
    ).fetchall()
    Path(path).unlink()
    index: dict[str, dict[str, int | list[int]]] = {}
    for kind, key, packed in res:
        index.setdefault(kind, {})[key] = list(packed)
    return index


def naive_pairs(rows: list[RowKeys]) -> int:
    """Every pair compared for a shared identifier: the quadratic baseline."""
    keys = [frozenset((i.kind, i.key) for i in r.idents) for r in rows]
    hits = 0
    for i in range(len(keys)):
        ki = keys[i]
        if not ki:
            continue
        for j in range(i + 1, len(keys)):
            if not ki.isdisjoint(keys[j]):
                hits += 1
    return hits


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument(
        "--baseline", type=int, default=20_000, help="rows in the naive pairwise sample (0: skip)"
    )
    ap.add_argument("--index", choices=["dict", "duckdb", "both"], default="both")
    args = ap.parse_args()

    t = time.perf_counter()
    raw = generate(args.rows)
    print(f"generated {len(raw):,} rows in {time.perf_counter() - t:.1f} s (not counted)")
    t, c = time.perf_counter(), time.process_time()
    rows = to_keys(raw)
    t_keys, c_keys = time.perf_counter() - t, time.process_time() - c
    n_idents = sum(len(r.idents) for r in rows)
    print(f"keys:   {t_keys:6.2f} s wall, {c_keys:6.2f} s CPU ({n_idents:,} identifiers; {c_keys / len(rows) * 1e6:.1f} µs CPU/row, "
          "runs in the per-applicant workers in a batch)")  # fmt: skip
    del raw

    timings = {}
    kinds = ["dict", "duckdb"] if args.index == "both" else [args.index]
    if "duckdb" in kinds:
        try:
            import duckdb  # noqa: F401  (not a dependency: the comparison is optional)
        except ImportError:
            print("duckdb: not installed, comparison skipped (pip install duckdb to run it)")
            kinds.remove("duckdb")
    for kind in kinds:
        t, c = time.perf_counter(), time.process_time()
        idx = exact_index(rows) if kind == "dict" else duckdb_index(rows)
        t_index = time.perf_counter() - t
        t = time.perf_counter()
        lk = link(rows, LinkageOptions(), index=idx)
        t_link = time.perf_counter() - t
        c_total = time.process_time() - c
        timings[kind] = (t_index, t_link)
        linked = sum(1 for v in lk.links.values() if any(x.relation == "ring" for x in v))
        print(f"{kind:6s}: index {t_index:6.2f} s + link {t_link:6.2f} s = {t_index + t_link:6.2f} s wall "
              f"({c_total:.2f} s CPU in this process); "
              f"{len(lk.clusters):,} clusters, {linked:,} rows in rings, stats {dict(sorted(lk.stats.items()))}")  # fmt: skip
        del idx, lk
    print(f"peak RSS: {peak_mb():,.0f} MB")

    if args.baseline:
        sample = [
            RowKeys(i, r.id, r.name, r.row, r.idents) for i, r in enumerate(rows[: args.baseline])
        ]
        t = time.perf_counter()
        pairs = naive_pairs(sample)
        t_naive = time.perf_counter() - t
        t = time.perf_counter()
        link(sample)
        t_fast = time.perf_counter() - t
        print(f"baseline on {len(sample):,} rows: naive pairwise {t_naive:.2f} s ({pairs:,} linked pairs) vs "
              f"linkage {t_fast:.3f} s: {t_naive / t_fast:,.0f}× faster")  # fmt: skip
        scale = (args.rows / len(sample)) ** 2
        print(
            f"naive pairwise extrapolated to {args.rows:,} rows: ~{t_naive * scale / 3600:,.1f} h"
        )
    best = min(timings, key=lambda k: sum(timings[k]))
    print(f"RESULT rows={args.rows} keys_s={t_keys:.2f} linkage_s={sum(timings[best]):.2f} ({best}) "
          f"total_s={t_keys + sum(timings[best]):.2f} peak_rss_mb={peak_mb():.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
