#!/usr/bin/env python3
"""Whole-process timings of the CLI, cold: `scanner --help`, `scanner checks`, and `scanner check`
on a 2-page PDF résumé (plus a LinkedIn PDF and application fields), each against the bare
interpreter start measured in the same run.

    python bench/bench_cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def two_page_resume(path: Path) -> None:
    """A 2-page résumé PDF built from the Dana Whitfield fixture's text, repeated."""
    sys.path.insert(0, str(ROOT / "fixtures"))
    import make_fixtures as mf

    person = dict(mf.PEOPLE[0])
    person["jobs"] = person["jobs"] * 4
    lines = mf.resume_lines(person, "classic")
    mf.write_pdf(path, lines, person["name"])


def timeit(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1, 3):
            raise SystemExit(
                f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}"
            )
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "resume-2p.pdf"
        two_page_resume(pdf)
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(str(pdf)))
        linkedin = ROOT / "fixtures" / "linkedin" / "pdf" / "multi_role.pdf"
        fields = [
            "--name",
            "Dana Whitfield",
            "--email",
            "dana.whitfield@example.com",
            "--phone",
            "+1 512 555 0142",
            "--location",
            "Austin, TX",
        ]
        cases = [
            ("python -c pass (baseline)", [py, "-c", "pass"]),
            ("scanner --help", [py, "-m", "scanner", "--help"]),
            ("scanner checks", [py, "-m", "scanner", "checks", "--format", "json"]),
            (
                f"scanner check ({pages}-page PDF résumé)",
                [py, "-m", "scanner", "check", "--no-db", "--format", "json", str(pdf)],
            ),
            (
                f"scanner check ({pages}-page PDF + LinkedIn PDF + fields)",
                [
                    py,
                    "-m",
                    "scanner",
                    "check",
                    "--no-db",
                    "--format",
                    "json",
                    str(pdf),
                    str(linkedin),
                    *fields,
                ],
            ),
        ]
        rows = []
        base = None
        for label, cmd in cases:
            med, best = timeit(cmd, args.runs)
            base = base or med
            rows.append((label, med, best, med / base))
    print(f"runs per command: {args.runs}; Python {sys.version.split()[0]}")
    print(f"{'command':55} {'median s':>9} {'min s':>7} {'× baseline':>11}")
    for label, med, best, ratio in rows:
        print(f"{label:55} {med:9.3f} {best:7.3f} {ratio:11.1f}")


if __name__ == "__main__":
    main()
