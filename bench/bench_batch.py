"""`scanner batch` throughput: applicants with PDF résumés and LinkedIn PDFs, and local vs Spark.

    python bench/bench_batch.py structured --rows 200000          # `scanner batch` as a whole process
    python bench/bench_batch.py profile --rows 2000              # where one structured row's time goes
    python bench/bench_batch.py pdf --applicants 10000 --workers 2
    python bench/bench_batch.py spark --rows 100000 --workers 2
    python bench/bench_batch.py bigsheet

`structured`: N generated structured rows (id, name, email, phone, location, address, shipping
address, LinkedIn URL; rings, duplicates, placeholders and hubs from bench_linkage's generator;
written to bench/out/, not committed) through the `scanner batch` command in a child process
(`--offline --no-db` unless `--db`), printing wall time, CPU seconds of the whole process tree,
rows per second and the peak resident memory (the tree's sum, sampled, and the largest process).

`profile`: the per-row stages of the same rows in this process, one worker: reading the sheet,
building the candidate, each check, linkage keys, the run-file record and rendering, in µs per row.

`pdf`: N synthetic applicants, each with a résumé PDF and a LinkedIn-style "Save to PDF" export,
generated once with fpdf2 (core fonts, so generation stays fast) into bench/out/ and reused,
through `scanner batch` as a whole process: wall, CPU and applicants per second.

`spark`: the same N structured rows through `scanner batch` on the local engine and on
`--engine spark` (local[W]), both writing JSON Lines: wall, CPU and memory of each, and whether
the two reports are identical.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import os
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


def cmd_pdf(args: argparse.Namespace) -> None:
    """N applicants with a résumé PDF and a LinkedIn PDF each, through `scanner batch` as a
    whole process (generated once, cached in bench/out/pdf)."""
    sheet = make_pdf_batch(args.applicants, args.workers)
    out = OUT / f"pdf_{args.applicants}.json"
    argv = ["batch", str(sheet), "--offline", "--no-db", "--quiet", "--out", str(out),
            "--workers", str(args.workers)]  # fmt: skip
    print(f"load average before: {os.getloadavg()[0]:.1f}; scanner {' '.join(argv)}", flush=True)
    r = run_cli(argv)
    n = args.applicants
    print(f"exit code {r['rc']}; wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s ({r['cpu'] / n * 1e3:.1f} ms per "
          f"applicant; {n / (r['cpu'] / args.workers):.0f} applicants/s on {args.workers} idle cores), "
          f"{n / r['wall']:.1f} applicants/s; peak RSS {r['peak_tree_mb']:,.0f} MB (tree), "
          f"parent {r['peak_parent_mb']:,.0f} MB; load average after: {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"RESULT applicants={n} workers={args.workers} wall_s={r['wall']:.1f} cpu_s={r['cpu']:.1f} "
          f"applicants_per_s={n / r['wall']:.1f} peak_rss_mb={r['peak_tree_mb']:.0f}")  # fmt: skip


def cmd_spark(args: argparse.Namespace) -> None:
    """The same structured rows through `scanner batch` on the local engine and on
    `--engine spark` (local[W]), both writing JSON Lines; wall, CPU and memory of each, and
    whether the two reports are identical."""
    sheet = make_structured(args.rows, "uniform")  # the figures in docs/benchmarks-batch.md
    outs = {}
    for engine in ("local", "spark"):
        out = OUT / f"structured_{args.rows}.{engine}.jsonl"
        argv = ["batch", str(sheet), "--offline", "--no-db", "--quiet", "--format", "jsonl",
                "--out", str(out), "--workers", str(args.workers), "--engine", engine]  # fmt: skip
        os.environ["SCANNER_SPARK_MASTER"] = f"local[{args.workers}]"
        print(
            f"load average before: {os.getloadavg()[0]:.1f}; scanner {' '.join(argv)}", flush=True
        )
        r = run_cli(argv)
        outs[engine] = out
        print(f"{engine}: exit code {r['rc']}; wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, "
              f"{args.rows / r['wall']:,.0f} rows/s; peak RSS {r['peak_tree_mb']:,.0f} MB (tree)")  # fmt: skip
        print(f"RESULT engine={engine} rows={args.rows} wall_s={r['wall']:.1f} cpu_s={r['cpu']:.1f} "
              f"peak_rss_mb={r['peak_tree_mb']:.0f}")  # fmt: skip
    same = _jsonl_digest(outs["local"]) == _jsonl_digest(outs["spark"])
    print(f"identical findings, scores and clusters: {same}")


def _jsonl_digest(path: Path) -> str:
    """A digest of a JSON Lines report without what differs between runs (timestamps, the
    engine's note)."""
    import hashlib

    h = hashlib.sha256()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            for s in doc.get("sources", ()):
                s.pop("retrieved_at", None)
            if "notes" in doc:
                doc["notes"] = [n for n in doc["notes"] if not n.startswith("engine: spark")]
            h.update(json.dumps(doc, sort_keys=True).encode())
    return h.hexdigest()


STRUCTURED_COLUMNS = ["id", "name", "email", "phone", "location", "address", "shipping_address",
                      "linkedin"]  # fmt: skip


SYLLABLES = ["an", "ber", "cal", "dor", "el", "fen", "gar", "hol", "is", "jan", "kel", "lor",
             "mar", "nor", "ol", "per", "quin", "ros", "sal", "tor", "ul", "ven", "wil", "yor",
             "zel", "ash", "bri", "cor", "dan", "eth", "fay", "gwen", "har", "jo", "kai", "lu"]  # fmt: skip
STREETS = ["Maple", "Oak", "Cedar", "Pine", "Elm", "Lakeview", "Hillcrest", "Washington", "Lincoln",
           "Park", "Main", "Church", "River", "Sunset", "Juniper", "Willow", "Prairie"]  # fmt: skip
SUFFIXES = ["Street", "St", "Avenue", "Ave", "Ave.", "Road", "Rd", "Lane", "Drive", "Dr", "Blvd",
            "Court", "Ct", "Way", "Place"]  # fmt: skip


def make_structured(n: int, variety: str = "varied") -> Path:
    """N structured rows (bench_linkage's generator plus a location and a LinkedIn URL), cached.

    `varied` (the default) gives the values the variety of a real applicant export: names made
    of syllables (nearly all distinct), mailboxes in five styles built from them, and places
    from the whole US ZIP table (thousands of cities); values that rows share in the
    generator (rings, duplicate applications, laptop farms, placeholders, hubs) stay shared.
    `uniform` is the generator as it was (6,100 names, four cities), for the earlier figures."""
    OUT.mkdir(parents=True, exist_ok=True)
    sheet = OUT / (
        f"structured_{n}.csv" if variety == "uniform" else f"structured_{variety}_{n}.csv"
    )
    if sheet.exists():
        return sheet
    from bench_linkage import generate

    t = time.perf_counter()
    rows = generate(n)
    if variety == "varied":
        _vary(rows)
    tmp = sheet.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(STRUCTURED_COLUMNS)
        for i, r in enumerate(rows):
            parts = [p.strip() for p in r.get("address", "").split(",")]
            r["location"] = f"{parts[-2]}, {parts[-1].split()[0]}" if len(parts) >= 3 else ""
            r["linkedin"] = (
                "https://www.linkedin.com/in/" + r["name"].lower().replace(" ", "-") + f"-{i}"
            )
            w.writerow([r.get(c, "") for c in STRUCTURED_COLUMNS])
    tmp.replace(sheet)
    print(f"generated {n:,} rows in {time.perf_counter() - t:.1f} s (not counted): {sheet}")
    return sheet


def _vary(rows: list[dict[str, str]]) -> None:
    """Give the generated rows real variety in place, keeping every shared value shared."""
    import zipcodes

    rng = random.Random(17)
    places = [
        (str(z["city"]).title(), str(z["state"]), str(z["zip_code"]))
        for z in zipcodes.list_all()
        if z.get("zip_code_type") == "STANDARD" and not z.get("decommissioned")
    ]

    def word(k: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(k)).capitalize()

    people: dict[str, tuple[str, str]] = {}  # base mailbox → (name, new mailbox)
    addresses: dict[str, str] = {}  # an address as generated (any case) → its varied form
    for r in rows:
        email = r.get("email", "")
        base = email.replace("+again@", "@")
        local, _, domain = base.partition("@")
        if base not in people:
            first, last = word(rng.randint(1, 2)), word(rng.randint(1, 3))
            styles = [f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}",
                      f"{last}.{first}", f"{first}_{last}"]  # fmt: skip
            generated = local.count(".") == 2 and local.rsplit(".", 1)[-1].isdigit()
            serial = local.rsplit(".", 1)[-1]
            mailbox = f"{rng.choice(styles).lower()}{serial}@{domain}" if generated else base
            people[base] = (f"{first} {last}", mailbox)
        name, mailbox = people[base]
        r["name"] = name
        if email != "test@test.com":
            r["email"] = mailbox.replace("@", "+again@") if "+again@" in email else mailbox
        for col in ("address", "shipping_address"):
            raw = r.get(col, "")
            if not raw:
                continue
            key = raw.casefold()
            if key not in addresses:
                city, state, zip5 = rng.choice(places)
                unit = f", Apt {rng.randint(1, 40)}" if rng.random() < 0.3 else ""
                addresses[key] = (
                    f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}{unit}, "
                    f"{city}, {state} {zip5}"
                )
            r[col] = addresses[key].upper() if raw.isupper() else addresses[key]


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples a process tree every `every` s: the peak of the summed RSS, and each process's peak."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        import threading

        self.pid, self.every = pid, every
        self.peak_sum_kb = 0
        self.peak_one_kb: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for p in _tree(self.pid):
                total += _status_kb(p, "VmRSS:")
                self.peak_one_kb[p] = max(self.peak_one_kb.get(p, 0), _status_kb(p, "VmHWM:"))
            self.peak_sum_kb = max(self.peak_sum_kb, total)
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(argv: list[str], code: Path = ROOT) -> dict[str, float]:
    """Run `scanner ARGV` from the source tree `code` in a child process: wall, CPU of the whole
    tree, peak memory."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # Run from `code`: `python -m` puts the working folder first on the path.
    proc = subprocess.Popen([sys.executable, "-m", "scanner", *argv], env=env, cwd=code)
    mem = TreeMemory(proc.pid)
    rc = proc.wait()
    wall = time.perf_counter() - t
    mem.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "rc": rc,
        "wall": wall,
        "cpu": cpu,
        "peak_tree_mb": mem.peak_sum_kb / 1024,
        "peak_parent_mb": mem.peak_one_kb.get(proc.pid, 0) / 1024,
        "peak_one_mb": max(mem.peak_one_kb.values(), default=0) / 1024,
        "children_maxrss_mb": after.ru_maxrss / 1024,
    }


def cmd_structured(args: argparse.Namespace) -> None:
    """The rows through `scanner batch`; with `--against DIR`, through that source tree's scanner
    first (another checkout: the baseline), then through this one, and the ratios."""
    sheet = make_structured(args.rows, args.variety)
    runs = [("baseline", Path(args.against).resolve())] if args.against else []
    results = []
    for label, code in [*runs, ("this tree", ROOT)]:
        out = OUT / f"{sheet.stem}.report.{args.format}"  # never the input sheet
        argv = ["batch", str(sheet), "--offline", "--quiet", "--format", args.format]
        argv += ["--out", str(out), "--workers", str(args.workers)]
        argv += ["--db", str(OUT / f"{sheet.stem}.db")] if args.db else ["--no-db"]
        argv += args.extra
        print(f"{label} ({code}); load average before: {os.getloadavg()[0]:.1f}; "
              f"scanner {' '.join(argv)}", flush=True)  # fmt: skip
        r = run_cli(argv, code)
        size = out.stat().st_size / 1e6 if out.exists() else 0.0
        print(f"exit code {r['rc']}; report {size:,.0f} MB")
        print(f"wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s (whole process tree; {r['cpu'] / args.rows * 1e3:.2f} ms per row), "
              f"{args.rows / r['wall']:,.0f} rows/s; peak RSS {r['peak_tree_mb']:,.0f} MB (tree, sampled), "
              f"parent {r['peak_parent_mb']:,.0f} MB, largest process {r['peak_one_mb']:,.0f} MB; "
              f"load average after: {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(f"RESULT {label.replace(' ', '_')} rows={args.rows} wall_s={r['wall']:.1f} "
              f"cpu_s={r['cpu']:.1f} rows_per_s={args.rows / r['wall']:.0f} "
              f"peak_rss_mb={r['peak_tree_mb']:.0f} rc={r['rc']}")  # fmt: skip
        results.append(r)
    if len(results) == 2:
        base, now = results
        print(f"this tree against the baseline: wall {base['wall'] / now['wall']:.2f}x faster, "
              f"CPU {base['cpu'] / now['cpu']:.2f}x less")  # fmt: skip


class _Timer:
    """Accumulated wall time per stage (µs per row in the table)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.total[stage] = self.total.get(stage, 0.0) + seconds

    def wrap(self, stage: str, fn):  # type: ignore[no-untyped-def]
        def timed(*a, **kw):  # type: ignore[no-untyped-def]
            t = time.process_time()
            try:
                out = fn(*a, **kw)
                if hasattr(out, "__next__"):  # a check is a generator: time it to the end
                    out = list(out)
                return out
            finally:
                self.add(stage, time.process_time() - t)

        return timed


STAGES = (
    ("build", "build the candidate (collect, extract)"),
    ("checks", "checks (all but NW)"),
    ("keys", "linkage keys"),
    ("rest", "check runner, scoring, findings"),
    ("finish", "NW checks, reviews, rescore"),
    ("part", "the row's part of the report (render)"),
    ("record", "run-file line (encode)"),
    ("hashes", "linkage hashes"),
    ("link", "linkage (in the parent), per row"),
)


def cmd_profile(args: argparse.Namespace) -> None:
    """Per-row stages of N structured rows, in this process (one worker), in µs of CPU per row.

    Works on the streaming engine (`scanner.batch.stream`) and, for a before/after table, on the
    in-memory engine it replaced (run-file line = the old checkpoint line, report part = the old
    JSON rendering per candidate, NW checks and linkage = `finish_report`)."""
    from scanner.batch import runner
    from scanner.batch.spreadsheet import open_sheet
    from scanner.config import Config
    from scanner.registry import registry
    from scanner.sources import FetchOptions

    sheet_path = make_structured(args.rows, args.variety)
    settings = runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), sheet_path)
    registry.load()
    timer = _Timer()
    for spec in list(registry):
        object.__setattr__(spec, "func", timer.wrap(f"check {spec.code}", spec.func))
    runner.build_row_candidate = timer.wrap("build", runner.build_row_candidate)
    runner.candidate_keys = timer.wrap("keys", runner.candidate_keys)
    process = timer.wrap("row", runner.process_row)
    t = time.process_time()
    rows = list(open_sheet(sheet_path).rows())
    read = time.process_time() - t
    try:
        from scanner.batch import stream
    except ImportError:
        stream = None  # type: ignore[assignment]
    if stream is not None:
        engine = "streaming"
        stream.finish = timer.wrap("finish", stream.finish)
        stream._fragment = timer.wrap("part", stream._fragment)
        stream.build_record = timer.wrap("record", stream.build_record)
        stream.link_hashes = timer.wrap("hashes", stream.link_hashes)
        runner_process, stream.runner = stream.runner, _Patched(stream.runner, process)
        st = stream.StreamSettings(batch=settings, fragment="json")
        if hasattr(st, "not_run_by_key"):  # as `scanner batch` runs it (lists by table key)
            st = stream._with(st, not_run_by_key=True)
        state = stream._State(st)
        items = [stream._Fresh(runner.RowTask(i, r)) for i, r in enumerate(rows)]
        for k in range(0, min(args.warm, len(items)), 16):  # one-time loads not counted
            stream.work_chunk(state, items[k : k + 16])
        timer.total.clear()
        outs = []
        for k in range(0, len(items), 32):
            outs += stream.work_chunk(state, items[k : k + 32])
        sizes = [len(o.line) for o in outs[:500]]
        index = stream.KeyIndex()
        t = time.process_time()
        for o in outs:
            index.add(o.index, o.hashes)
        shared = index.shared_rows()
        keys = [
            stream._keys_of(o.line, o.out_end)
            for o in outs
            if o.index < len(shared) and shared[o.index]
        ]
        stream.link_subset(keys, [], runner.linkage_options(settings.config), {})
        timer.add("link", time.process_time() - t)
        stream.runner = runner_process
    else:
        engine = "in-memory"
        from scanner.reporters.json_report import candidate_dict

        encode = timer.wrap("record", runner.result_to_line)
        for i, row in enumerate(rows[: args.warm]):
            encode(runner.process_row(runner.RowTask(i, row), settings))
        timer.total.clear()
        results = [process(runner.RowTask(i, r), settings) for i, r in enumerate(rows)]
        sizes = [len(encode(r).encode()) for r in results]
        t = time.process_time()
        report = runner.finish_report(results, settings)
        timer.add("finish", time.process_time() - t)
        t = time.process_time()
        for c in report.candidates:
            json.dumps(candidate_dict(c), ensure_ascii=False, indent=2)
        timer.add("part", time.process_time() - t)
    n = len(rows)
    total_of = timer.total.get
    parts = {key: total_of(key, 0.0) for key, _ in STAGES}
    parts["checks"] = sum(v for k, v in timer.total.items() if k.startswith("check "))
    parts["rest"] = total_of("row", 0.0) - parts["build"] - parts["checks"] - parts["keys"]
    total = sum(parts.values())
    print(f"{engine} engine; run-file line: {sum(sizes) / max(len(sizes), 1):,.0f} bytes a row; "
          f"reading the sheet: {read / n * 1e6:,.0f} µs a row (not counted below)")  # fmt: skip
    print(f"\n{n:,} rows after {args.warm} warm-up rows, one process; µs of CPU per row "
          f"(load average {os.getloadavg()[0]:.1f})\n")  # fmt: skip
    print("| stage | µs/row | share |\n|---|---:|---:|")
    for key, label in STAGES:
        print(f"| {label} | {parts[key] / n * 1e6:,.0f} | {parts[key] / total:.0%} |")
    print(f"| **total** | **{total / n * 1e6:,.0f}** | |")
    top = sorted(
        ((k, v) for k, v in timer.total.items() if k.startswith("check ")), key=lambda kv: -kv[1]
    )
    print("\n| check | µs/row |\n|---|---:|")
    for k, v in top[: args.top]:
        print(f"| {k[6:]} | {v / n * 1e6:,.0f} |")


class _Patched:
    """A module stand-in whose `process_row` is timed (the streaming engine calls it there)."""

    def __init__(self, module: object, process: object) -> None:
        self._module, self.process_row = module, process

    def __getattr__(self, name: str) -> object:
        return getattr(self._module, name)


def cmd_bigsheet(args: argparse.Namespace) -> None:
    """Excel's maximum: a 1,048,576-row XLSX opened and streamed row by row."""
    import xlsxwriter

    from scanner.batch.spreadsheet import open_sheet

    path = OUT / "max_rows.xlsx"
    OUT.mkdir(parents=True, exist_ok=True)
    t = time.process_time()
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
        f"wrote {path.stat().st_size / 1e6:.0f} MB in {time.process_time() - t:.0f} s (not counted)"
    )
    t = time.process_time()
    sheet = open_sheet(path)
    t_open = time.process_time() - t
    n, last = 0, None
    for row in sheet.rows():
        n, last = n + 1, row
    print(f"open {t_open:.1f} s, {n:,} rows streamed in {time.process_time() - t:.1f} s; "
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
    st = sub.add_parser("structured")
    st.add_argument("--rows", type=int, default=20_000)
    st.add_argument("--workers", type=int, default=2)
    st.add_argument("--format", default="json")
    st.add_argument("--db", action="store_true", help="write the history store (default --no-db)")
    st.add_argument("--variety", choices=["varied", "uniform"], default="varied",
                    help="values as varied as a real export (default) or the earlier generator's")  # fmt: skip
    st.add_argument("--against", metavar="DIR",
                    help="another checkout of the project: run it first on the same rows")  # fmt: skip
    st.add_argument("extra", nargs="*", help="more `scanner batch` options (after --)")
    pr = sub.add_parser("profile")
    pr.add_argument("--rows", type=int, default=2_000)
    pr.add_argument("--top", type=int, default=12)
    pr.add_argument("--warm", type=int, default=50, help="rows run first, not counted")
    pr.add_argument("--variety", choices=["varied", "uniform"], default="varied")
    args = ap.parse_args()
    commands = {"pdf": cmd_pdf, "spark": cmd_spark, "bigsheet": cmd_bigsheet,
                "structured": cmd_structured, "profile": cmd_profile}  # fmt: skip
    commands[args.cmd](args)


if __name__ == "__main__":
    main()
