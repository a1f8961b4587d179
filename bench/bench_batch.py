"""`scanner batch` throughput: applicants with PDF résumés and LinkedIn PDFs, and local vs Spark.

    python bench/bench_batch.py pdf --applicants 10000 --workers 2
    python bench/bench_batch.py spark --rows 100000 --workers 2
    python bench/bench_batch.py bigsheet

`pdf`: N synthetic applicants, each with a résumé PDF and a LinkedIn-style "Save to PDF" export,
generated once with fpdf2 (core fonts, so generation stays fast) into bench/out/ and reused.
Times the per-applicant stage (collect, read PDFs, extract, every non-NW check, linkage keys)
on the local process pool, then linkage and the NW checks, and prints applicants per second.

`spark`: the same N structured rows (no files; from bench_linkage's generator) through the
local engine and through `--engine spark` on local[W], wall time for each.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import random
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))
OUT = ROOT / "bench" / "out"

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _latin1(text: str) -> str:
    return text.replace("–", "-").replace("…", "...").encode("latin-1", "replace").decode("latin-1")


def resume_pdf(i: int) -> bytes:
    """A one-page résumé (the demo fixture's text generator) rendered with fpdf2."""
    from fpdf import FPDF
    from make_batch import FIRST, LAST, resume_text

    rng = random.Random(i)
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    text = resume_text(rng, name, f"applicant{i}@example.com", _phone(i))
    pdf = FPDF(format="letter")
    pdf.set_author(name)
    pdf.set_creator("Microsoft Word")
    pdf.set_creation_date(datetime(2026, 1 + i % 12, 1 + i % 28, 9, i % 60, (i * 7) % 60))
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, _latin1(text))
    return bytes(pdf.output())


def linkedin_pdf(i: int) -> bytes:
    """A LinkedIn-style two-column export (sidebar + main, LinkedIn's metadata), core fonts."""
    from fpdf import FPDF
    from make_batch import EMPLOYERS, FIRST, LAST, SCHOOLS, SKILLS, TITLES

    rng = random.Random(10_000_000 + i)
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    slug = f"{first.lower()}-{last.lower()}-{i}"
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_creation_date(datetime(2026, 11, 1 + i % 27, 8 + i % 12, i % 60, (i * 13) % 60))
    pdf.set_author("LinkedIn")
    pdf.set_producer("Apache FOP Version 2.2")
    pdf.set_creator("Apache FOP Version 2.2")
    pdf.set_title("Resume")
    pdf.set_subject("Resume generated from profile")
    pdf.add_page()
    pdf.set_auto_page_break(False)

    def at(x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.text(x, y, _latin1(text))

    y = 60.0
    at(30, y, "Contact", 13, True)
    at(30, y + 20, f"applicant{i}@example.com")
    at(30, y + 34, f"www.linkedin.com/in/{slug}")
    at(30, y + 48, "(LinkedIn)")
    at(30, y + 80, "Top Skills", 13, True)
    for k, skill in enumerate(rng.sample(SKILLS, 3)):
        at(30, y + 98 + 14 * k, skill)
    at(220, y, f"{first} {last}", 24, True)
    at(220, y + 24, rng.choice(TITLES))
    at(220, y + 40, "Chicago, Illinois, United States")
    at(220, y + 80, "Experience", 15, True)
    yy, year = y + 104, 2026
    for _ in range(2):
        start = year - rng.randint(2, 4)
        m = rng.randrange(12)
        end = "Present" if year == 2026 else f"{MONTHS[m]} {year}"
        at(220, yy, rng.choice(EMPLOYERS), 12, True)
        at(220, yy + 15, rng.choice(TITLES))
        at(220, yy + 29, f"{MONTHS[m]} {start} - {end}")
        yy += 56
        year = start
    at(220, yy + 10, "Education", 15, True)
    at(220, yy + 32, rng.choice(SCHOOLS), 12, True)
    at(220, yy + 47, f"Bachelor of Science - BS, Computer Science  · ({year - 4} - {year})")
    at(260, 760, "Page 1 of 1", 9)
    return bytes(pdf.output())


def _gen(i: int) -> None:
    folder = OUT / "pdf"
    for name, fn in ((f"r{i:05d}.pdf", resume_pdf), (f"l{i:05d}.pdf", linkedin_pdf)):
        path = folder / name
        if not path.exists():
            path.write_bytes(fn(i))


def _phone(i: int) -> str:
    """A synthetic 555 number per applicant (area codes vary so 10,000 stay distinct)."""
    return f"+1 {201 + i // 100} 555 01{i % 100:02d}"


def make_pdf_batch(n: int, workers: int) -> Path:
    folder = OUT / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    todo = [
        i
        for i in range(n)
        if not (folder / f"l{i:05d}.pdf").exists() or not (folder / f"r{i:05d}.pdf").exists()
    ]
    t = time.perf_counter()
    if todo:
        with mp.get_context("fork").Pool(workers) as pool:
            pool.map(_gen, todo, chunksize=50)
    print(
        f"generated {len(todo):,} applicants' PDFs in {time.perf_counter() - t:.1f} s (not counted; cached in {folder})"
    )
    from make_batch import FIRST, LAST

    sheet = OUT / f"pdf_applicants_{n}.csv"
    with sheet.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["Candidate ID", "Full Name", "Email", "Phone", "Location", "CV", "LinkedIn PDF"]
        )
        for i in range(n):
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
            w.writerow([f"P-{i:05d}", name, f"applicant{i}@example.com", _phone(i),
                        "Chicago, IL", f"pdf/r{i:05d}.pdf", f"pdf/l{i:05d}.pdf"])  # fmt: skip
    return sheet


def run_local_batch(sheet: Path, workers: int) -> tuple[float, float, object]:
    from scanner.batch.runner import BatchSettings, finish_report, run_local
    from scanner.batch.spreadsheet import open_sheet
    from scanner.config import Config
    from scanner.sources import FetchOptions

    settings = BatchSettings.from_config(Config(), FetchOptions(offline=True), sheet)
    before = _cpu()
    t = time.perf_counter()
    results = run_local(open_sheet(sheet), settings, workers=workers, progress=False)
    t_rows = time.perf_counter() - t
    cpu = _cpu() - before
    print(f"  per-applicant stage: {t_rows:.1f} s wall, {cpu:.1f} s CPU in all processes "
          f"({cpu / max(len(results), 1) * 1000:.1f} ms CPU per applicant; on {workers} idle cores that is "
          f"{len(results) / (cpu / workers):.0f} applicants/s)")  # fmt: skip
    t = time.perf_counter()
    report = finish_report(results, settings)
    return t_rows, time.perf_counter() - t, report


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def cmd_pdf(args: argparse.Namespace) -> None:
    sheet = make_pdf_batch(args.applicants, args.workers)
    t_rows, t_link, report = run_local_batch(sheet, args.workers)
    cands = report.candidates  # type: ignore[attr-defined]
    kinds: dict[str, int] = {}
    for c in cands:
        for s in c.sources:
            key = f"{s.kind.value}:{s.status.value}"
            kinds[key] = kinds.get(key, 0) + 1
    total = t_rows + t_link
    print(f"sources read: {dict(sorted(kinds.items()))}")
    print(
        f"per-applicant stage: {t_rows:.1f} s on {args.workers} workers = {len(cands) / t_rows:.1f} applicants/s"
    )
    print(f"linkage + NW checks: {t_link:.2f} s; clusters: {len(report.clusters)}")  # type: ignore[attr-defined]
    print(f"RESULT applicants={len(cands)} workers={args.workers} total_s={total:.1f} "
          f"applicants_per_s={len(cands) / total:.1f} peak_rss_mb={_peak_mb():.0f} (parent process)")  # fmt: skip


def cmd_spark(args: argparse.Namespace) -> None:
    from bench_linkage import generate

    rows = generate(args.rows)
    sheet = OUT / f"structured_{args.rows}.csv"
    OUT.mkdir(parents=True, exist_ok=True)
    cols = ["id", "name", "email", "phone", "address", "shipping_address"]
    with sheet.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])
    t_rows, t_link, local = run_local_batch(sheet, args.workers)
    print(f"local: rows {t_rows:.1f} s + linkage/NW {t_link:.1f} s = {t_rows + t_link:.1f} s "
          f"({args.rows / (t_rows + t_link):.0f} rows/s), {len(local.clusters)} clusters")  # type: ignore[attr-defined]  # fmt: skip
    from scanner.batch.runner import BatchSettings
    from scanner.batch.spark import get_session, run_spark
    from scanner.batch.spreadsheet import open_sheet
    from scanner.config import Config
    from scanner.sources import FetchOptions

    t = time.perf_counter()
    spark = get_session(f"local[{args.workers}]")
    t_start = time.perf_counter() - t
    settings = BatchSettings.from_config(Config(), FetchOptions(offline=True), sheet)
    t = time.perf_counter()
    remote = run_spark(open_sheet(sheet), settings, spark=spark)
    t_spark = time.perf_counter() - t
    spark.stop()
    same = [c.findings for c in remote.candidates] == [c.findings for c in local.candidates] and (  # type: ignore[attr-defined]
        remote.clusters == local.clusters  # type: ignore[attr-defined]
    )
    print(f"spark local[{args.workers}]: session {t_start:.1f} s + run {t_spark:.1f} s "
          f"({args.rows / t_spark:.0f} rows/s), {len(remote.clusters)} clusters; identical to local: {same}")  # fmt: skip
    print(
        f"RESULT rows={args.rows} local_s={t_rows + t_link:.1f} spark_s={t_spark:.1f} identical={same}"
    )


def cmd_bigsheet(args: argparse.Namespace) -> None:
    """Excel's maximum: a 1,048,576-row XLSX opened and streamed row by row."""
    import xlsxwriter

    from scanner.batch.spreadsheet import open_sheet

    path = OUT / "max_rows.xlsx"
    OUT.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    if not path.exists():
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet("Applicants")
        ws.write_row(0, 0, ["Candidate ID", "Full Name", "Mobile", "E-mail"])
        for i in range(1, 1_048_576):
            ws.write_row(
                i, 0, [f"A-{i:07d}", f"Person {i}", 3125550100 + i % 100, f"p{i}@example.com"]
            )
        wb.close()
    print(
        f"wrote {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s (not counted)"
    )
    t = time.perf_counter()
    sheet = open_sheet(path)
    t_open = time.perf_counter() - t
    n, last = 0, None
    for row in sheet.rows():
        n, last = n + 1, row
    print(f"open {t_open:.1f} s, {n:,} rows streamed in {time.perf_counter() - t:.1f} s; "
          f"estimate {sheet.estimated_rows:,}; last {last.id if last else None} {dict(last.fields) if last else {}}")  # fmt: skip
    print(f"peak RSS {_peak_mb():.0f} MB")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pdf")
    p.add_argument("--applicants", type=int, default=10_000)
    p.add_argument("--workers", type=int, default=2)
    s = sub.add_parser("spark")
    s.add_argument("--rows", type=int, default=100_000)
    s.add_argument("--workers", type=int, default=2)
    sub.add_parser("bigsheet")
    args = ap.parse_args()
    {"pdf": cmd_pdf, "spark": cmd_spark, "bigsheet": cmd_bigsheet}[args.cmd](args)


if __name__ == "__main__":
    main()
