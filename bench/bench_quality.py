"""Detection quality: precision and recall per check, genuine false-alarm rates, cluster quality.

    python bench/bench_quality.py --seed 1 --applicants 400

Generates, from the seed, synthetic applicant sets (genuine applicants with the benign
variations of issue 11, and fraud "twins" with one pattern per check code plus network rings),
renders them as the files an analyst receives (PDF/DOCX/TXT résumés, LinkedIn "Save to PDF"
exports, saved pages and data exports, photos, a CSV or XLSX sheet, GitHub accounts as local
bare repositories behind a fake API on 127.0.0.1), runs them through the real command line
(`scanner batch --no-db` with `--github-api-url` pointing at that API, `--offline` when no
applicant has a GitHub account; `scanner check --db` for the store checks: ID004, HJ001-HJ003,
HJ007, NW009) and scores the JSON reports (`bench/quality/metrics.py` says how).

Development and held-out sets
-----------------------------
Two sets are generated and reported separately:

- **development** (`--split dev`): seeded with "dev:<seed>", a CSV sheet. Tune checks on this
  one only.
- **held-out** (`--split heldout`): seeded with "heldout:<seed>", an XLSX sheet with other
  header names, and variation that the development set never contains: the benign families
  whose `split` is "heldout" in `bench/quality/variations.py` (transliteration, CJK names,
  Gmail aliases, unit-designator address forms, degrees in progress, transfers, consulting,
  student jobs, a career coach as document author, technology used at its maker, two roles at
  one employer, one employer header with its roles beneath), held-out-only instances inside
  shared families (other nicknames, diacritics, schools and native-language school names,
  degree spellings, renamed employers, placeholder texts, licence/ISBN/NPI lines), held-out-only
  renderings (résumé layout "pipes", DOCX with contacts in the page header, "2019-03" and
  "03/2019" dates, "to" and em-dash ranges, LinkedIn data-export ZIPs and pages whose JSON-LD has
  no @graph) and held-out-only fraud variants (other young companies for TL007, other
  technologies for TL008, other invalid and misformatted phone forms, disposable domains,
  future and pre-1950 dates, Gmail-alias mailbox rings, reworded reused résumés, other time
  zones for GH001).

The regression gate's set (`--gate`; `tests/test_quality_gate.py`) is a small development-style
set with a fixed seed and reference month; `--gate --record tests/quality_gate.json` records its
figures.

Synthetic people only: fictional phone ranges, example.com/.org/.net mailboxes (Gmail only with
invented "example" mailboxes). CT011 is ignored in every run because every synthetic number is
in a fictional range by construction.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from quality import gate as G  # noqa: E402
from quality import metrics as M  # noqa: E402
from quality.frauds import SKIPPED, applicable  # noqa: E402
from quality.generate import build_set  # noqa: E402
from quality.run import run_set  # noqa: E402


def catalogue() -> dict[str, str]:
    """The scanner's registered codes and default severities, from `scanner checks --format json`."""
    proc = subprocess.run([sys.executable, "-m", "scanner", "checks", "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, check=True)  # fmt: skip
    data = json.loads(proc.stdout)
    items = data["checks"] if isinstance(data, dict) else data
    return {c["code"]: c.get("severity", "") for c in items}


def measure(split: str, seed: int, n: int, workers: int, keep: Path | None, cat: dict[str, str], *,
            ref: tuple[int, int | None] | None = None, small: bool = False) -> dict[str, Any]:  # fmt: skip
    t0 = time.perf_counter()
    bs = build_set(seed, n, split, ref, small=small)
    work = Path(tempfile.mkdtemp(prefix=f"quality-{split}-"))
    (work / "truth.json").write_text(
        json.dumps(truth(bs.applicants), indent=1, ensure_ascii=False, default=str),
        encoding="utf-8",
    )
    try:
        result = run_set(bs, work, workers)
        metrics = M.evaluate(bs.applicants, result, cat)
    finally:
        if keep is not None:
            dest = keep / split
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(work, dest)
        shutil.rmtree(work, ignore_errors=True)
    metrics["split"], metrics["seed"], metrics["seconds"] = (
        split,
        seed,
        round(time.perf_counter() - t0, 1),
    )
    return metrics


def truth(applicants: list[Any]) -> list[dict[str, Any]]:
    """What each generated applicant really is (kept with --keep, beside the reports)."""
    from dataclasses import asdict

    return [{k: v for k, v in asdict(a).items() if k not in ("rdoc", "ldoc")} | {
        "resume_format": f"{a.rdoc.format}/{a.rdoc.layout}/{a.rdoc.date_style}", "linkedin_kind": a.ldoc.kind,
        "slug": a.ldoc.slug} for a in applicants]  # fmt: skip


def report(m: dict[str, Any], label: str) -> None:
    print()
    print("\n".join(M.summary_lines(m, label)))
    print(f"  ({m['seconds']} s; {m['genuine_incomplete']} genuine applicants incomplete)")
    print()
    print("\n".join(M.code_table(m)))
    print()
    print("\n".join(M.pattern_table(m)))
    print()
    print("\n".join(M.family_table(m)))
    print("\nworst false-positive codes on genuine applicants:")
    for code, n, example in M.worst_fp(m):
        print(f"  {code} ×{n}: {example[:220]}")
    if m["not_implemented"]:
        print(
            f"\ncodes a pattern expects but the scanner does not register: {', '.join(m['not_implemented'])}"
        )
    if m["errors"]:
        print("\nerrors:")
        for e in m["errors"]:
            print(f"  {e}")


def run_gate(workers: int, keep: Path | None, record: Path | None, cat: dict[str, str]) -> int:
    """The regression gate's set, its figures, and how they compare with the recorded ones."""
    g = G.GATE
    m = measure(str(g["split"]), int(g["seed"]), int(g["applicants"]), workers, keep, cat,
                ref=g["ref"], small=True)  # type: ignore[arg-type]  # fmt: skip
    report(m, "regression gate set")
    now = G.figures(m)
    target = record or ROOT / "tests" / "quality_gate.json"
    if target.is_file():
        was = json.loads(target.read_text(encoding="utf-8"))["figures"]
        worse, better = G.regressions(now, was), G.improvements(now, was)
        print("\nworse than recorded:" if worse else "\nnothing worse than recorded")
        print("\n".join(f"  {w}" for w in worse))
        if better:
            print("better than recorded:\n" + "\n".join(f"  {b}" for b in better))
    if record is not None:
        doc = {"about": "Recorded figures of the detection-quality regression gate (tests/test_quality_gate.py); "
                        "rewrite with: python bench/bench_quality.py --gate --record tests/quality_gate.json",
               "gate": {k: list(v) if isinstance(v, tuple) else v for k, v in g.items()}, "figures": now}  # fmt: skip
        record.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded in {record}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--applicants", type=int, default=400, help="applicants per set")
    ap.add_argument("--split", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the generated files and reports here")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    ap.add_argument("--markdown", type=Path, help="write the figures as Markdown tables here")
    ap.add_argument(
        "--gate", action="store_true", help="measure the regression gate's small fixed set instead"
    )
    ap.add_argument("--record", type=Path, help="with --gate: write its figures to this JSON file")
    args = ap.parse_args(argv)
    cat = catalogue()
    if args.gate:
        return run_gate(args.workers, args.keep, args.record, cat)
    splits = ["dev", "heldout"] if args.split == "both" else [args.split]
    print(
        f"bench_quality: seed {args.seed}, {args.applicants} applicants per set, splits {', '.join(splits)}"
    )
    print(f"fraud patterns: {', '.join(sorted(p.name for p in applicable('heldout')))}")
    print(f"not simulated: {', '.join(f'{c} ({why})' for c, why in SKIPPED.items())}")
    out: dict[str, Any] = {
        "command": " ".join(
            ["python bench/bench_quality.py", *(argv if argv is not None else sys.argv[1:])]
        )
    }
    for split in splits:
        m = measure(split, args.seed, args.applicants, args.workers, args.keep, cat)
        report(m, "development set" if split == "dev" else "held-out set")
        out[split] = m
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(M.markdown(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
