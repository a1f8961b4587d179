"""What the hostile-input defences cost on honest input (issue 12), each against its baseline in
the same run:

    python bench/bench_security.py [--rows 2000] [--workers 2]

- batch pool: the same structured rows through `run_pool` (which notices a dead worker) and
  through `multiprocessing.Pool.imap_unordered` (what it replaced), rows per second;
- PDF flate-bomb check: `refuse_pdf_bomb` against reading the same PDFs (fixture résumés and
  LinkedIn exports);
- XLSX extent check: `check_sheet_size` against opening the sheet and reading every row.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rows(n: int) -> list[list[str]]:
    return [
        [f"A-{i}", f"Person{i} Example", f"p{i}@example.com", f"(312) 555-01{i % 100:02d}",
         "Austin, TX"]
        for i in range(n)
    ]  # fmt: skip


def bench_pool(rows: int, workers: int) -> None:
    import csv

    from scanner.batch import runner
    from scanner.batch.pool import run_pool
    from scanner.batch.spreadsheet import open_sheet
    from scanner.config import Config
    from scanner.sources import FetchOptions

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.csv"
        with path.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "name", "email", "phone", "location"])
            w.writerows(_rows(rows))
        settings = runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), path)
        times = {}
        for name in ("mp.Pool", "run_pool") * 3:  # interleaved, best of three
            tasks = runner._tasks(open_sheet(path))
            t0 = time.perf_counter()
            if name == "run_pool":
                n = sum(
                    1
                    for _ in run_pool(
                        tasks,
                        runner._work,
                        workers=workers,
                        on_death=lambda t, why: runner._lost_row(t, settings, why),
                        init=runner._init_worker,
                        initargs=(settings,),
                    )
                )
            else:
                ctx = mp.get_context("fork")
                with ctx.Pool(workers, initializer=runner._init_worker, initargs=(settings,)) as p:
                    n = sum(1 for _ in p.imap_unordered(runner._work, tasks, chunksize=4))
            times.setdefault(name, []).append(time.perf_counter() - t0)
            assert n == rows
    best = {k: min(v) for k, v in times.items()}
    for k, v in best.items():
        print(f"  {k:9s} {rows / v:8.0f} rows/s  ({v:.2f} s for {rows} rows, {workers} workers)")
    print(f"  run_pool / mp.Pool throughput: {best['mp.Pool'] / best['run_pool']:.2f}×")


def bench_pdf() -> None:
    from extractors.documents.bombs import refuse_pdf_bomb
    from extractors.documents.pdf import read_pdf

    pdfs = sorted((ROOT / "fixtures").rglob("*.pdf"))
    data = [p.read_bytes() for p in pdfs]
    t0 = time.perf_counter()
    for _ in range(5):
        for d in data:
            refuse_pdf_bomb(d, 200_000_000)
    check = (time.perf_counter() - t0) / 5
    t0 = time.perf_counter()
    for d in data:
        try:
            read_pdf(d)
        except Exception:
            pass
    read = time.perf_counter() - t0
    print(f"  {len(data)} fixture PDFs: bomb check {check * 1000:.1f} ms, reading {read * 1000:.0f} ms "
          f"({check / read:.1%} added)")  # fmt: skip


def bench_sheet(rows: int) -> None:
    import xlsxwriter

    from scanner.batch.spreadsheet import check_sheet_size, open_sheet

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.xlsx"
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet()
        ws.write_row(0, 0, ["id", "name", "email", "phone", "location"])
        for r, row in enumerate(_rows(rows), 1):
            ws.write_row(r, 0, row)
        wb.close()
        t0 = time.perf_counter()
        check_sheet_size(path)
        check = time.perf_counter() - t0
        t0 = time.perf_counter()
        n = sum(1 for _ in open_sheet(path).rows())
        total = time.perf_counter() - t0  # includes one check_sheet_size
    print(f"  XLSX of {n} rows × 5 columns: extent check {check:.2f} s of {total:.2f} s "
          f"to open and read it ({check / total:.0%})")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sheet-rows", type=int, default=100_000)
    args = ap.parse_args()
    print("batch pool:")
    bench_pool(args.rows, args.workers)
    print("PDF flate-bomb check:")
    bench_pdf()
    print("XLSX extent check:")
    bench_sheet(args.sheet_rows)


if __name__ == "__main__":
    main()
