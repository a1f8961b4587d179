#!/usr/bin/env python3
"""`read_pdf` speed, current code against a baseline version of extractors/documents/pdf.py, in
the same run, with identical output checked for every file.

    python bench/bench_pdf.py                    # fixture PDFs + up to 200 cached batch PDFs
    python bench/bench_pdf.py --rounds 9 --batch 400
    python bench/bench_pdf.py --baseline HEAD~3  # any git revision of pdf.py

The baseline is BASELINE_REV (the last version before the glyph-reading rewrite) read with
`git show` into a throw-away module, so both versions run side by side on one loaded machine.
Files: fixtures/candidates/*/resume.pdf, fixtures/linkedin/pdf/*.pdf and, when
`bench/bench_batch.py pdf` has generated them, the first N applicants' résumé and LinkedIn PDFs
in bench/out/pdf. Rounds alternate between the versions; medians of CPU ms per page are shown.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.documents import pdf as current  # noqa: E402
from extractors.model import ExtractionError  # noqa: E402

BASELINE_REV = "ea57ba1"  # extractors/documents/pdf.py before the bulk glyph reading
PDF_PATH = "extractors/documents/pdf.py"


def baseline_module(rev: str) -> ModuleType:
    """BASELINE: pdf.py as it was at `rev`, loaded from git into a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{rev}:{PDF_PATH}"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    spec = importlib.util.spec_from_loader("_pdf_baseline", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    exec(compile(source, f"<{rev}:{PDF_PATH}>", "exec"), module.__dict__)
    return module


def files(batch: int) -> dict[str, list[Path]]:
    groups = {
        "fixture résumés": sorted(ROOT.glob("fixtures/candidates/*/resume.pdf")),
        "fixture LinkedIn": sorted(ROOT.glob("fixtures/linkedin/pdf/*.pdf")),
    }
    out = ROOT / "bench" / "out" / "pdf"
    for prefix, label in (("r", "batch résumés"), ("l", "batch LinkedIn")):
        found = [out / f"{prefix}{i:05d}.pdf" for i in range(batch)]
        found = [p for p in found if p.exists()]
        if found:
            groups[label] = found
    return groups


def outcome(read: Callable[[bytes], Any], content: bytes) -> Any:
    """What reading gives: the document text, or the refusal (some fixtures are broken on purpose)."""
    try:
        return read(content)
    except ExtractionError as exc:
        return f"ExtractionError: {exc}"


def run(read: Callable[[bytes], Any], contents: list[bytes]) -> float:
    """CPU seconds to read every file once."""
    t = time.process_time()
    for content in contents:
        outcome(read, content)
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batch", type=int, default=200, help="cached batch applicants to include")
    ap.add_argument("--baseline", default=BASELINE_REV, help="git revision of the baseline")
    args = ap.parse_args()
    old = baseline_module(args.baseline)
    groups = files(args.batch)
    print(
        f"baseline {args.baseline}:{PDF_PATH} vs working tree; {args.rounds} rounds; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'files':18} {'n':>4} {'pages':>6} {'baseline ms/p':>14} {'new ms/p':>9} {'speed-up':>9}"
    )
    total_old = total_new = 0.0
    total_pages = 0
    for label, paths in groups.items():
        contents = [p.read_bytes() for p in paths]
        pages = 0
        for path, content in zip(paths, contents, strict=True):
            a, b = outcome(old.read_pdf, content), outcome(current.read_pdf, content)
            if a != b:
                raise SystemExit(f"output differs for {path.relative_to(ROOT)}")
            pages += 0 if isinstance(b, str) else b.meta.pages
        t_old, t_new = [], []
        for _ in range(args.rounds):
            t_old.append(run(old.read_pdf, contents))
            t_new.append(run(current.read_pdf, contents))
        m_old, m_new = statistics.median(t_old), statistics.median(t_new)
        total_old, total_new, total_pages = (
            total_old + m_old,
            total_new + m_new,
            total_pages + pages,
        )
        print(
            f"{label:18} {len(paths):4} {pages:6} {m_old / pages * 1000:14.2f} "
            f"{m_new / pages * 1000:9.2f} {m_old / m_new:8.2f}×"
        )
    print(
        f"{'all':18} {'':4} {total_pages:6} {total_old / total_pages * 1000:14.2f} "
        f"{total_new / total_pages * 1000:9.2f} {total_old / total_new:8.2f}×"
    )
    print(f"outputs identical for every file; load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
