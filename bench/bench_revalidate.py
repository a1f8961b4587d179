"""`scanner revalidate --workers N`: tracked people re-checked in parallel, against one process.

    python bench/bench_revalidate.py --people 24 --delay 0.4 --workers 1 4

Each tracked person has one live source, a personal-site page on a local server (127.0.0.1)
that answers after `--delay` seconds, as a slow remote site would. The store is built once per
run; then `scanner revalidate` runs with each `--workers` value (the first is the baseline) and
the wall time, people per second and the ratio to the baseline are printed. Politeness towards
the one local host is switched off for the measurement (`[rate_limits] "127.0.0.1" = 0`): real
runs spread over many hosts, and the per-host interval still applies to each of them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve(delay: float) -> tuple[ThreadingHTTPServer, str]:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(delay)
            if self.path == "/robots.txt":
                body = b"User-agent: *\nAllow: /\n"
                ctype = "text/plain"
            else:
                n = self.path.rsplit("/", 1)[-1]
                body = (
                    f"<html><head><title>Person {n}</title></head><body><h1>Person {n}</h1>"
                    f"<p>Engineer in Chicago. Contact: person{n}@example.com</p></body></html>"
                ).encode()
                ctype = "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def build_store(db: Path, base: str, people: int) -> None:
    """Tracked people, each with one personal-site source (recorded without fetching)."""
    from extractors.model import Profile, SourceDocument, SourceKind
    from scanner.model import CandidateReport, Level, Report, Risk
    from scanner.store import record_report

    cands = []
    for i in range(people):
        uri = f"{base}/p/{i}"
        src = SourceDocument(
            kind=SourceKind.SITE, format="html", uri=uri, sha256="0" * 64, collector="live"
        )
        prof = Profile(name=f"Person {i}", emails=(f"person{i}@example.com",), urls=(uri,))
        cands.append(
            CandidateReport(
                f"P-{i:03d}", f"Person {i}", Risk(0, Level.CLEAR), True, [src], [prof], []
            )
        )
    record_report(Report(candidates=cands), db=db, origin="check", track=True)


def run(db: Path, config: Path, workers: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "revalidate", "--db", str(db), "--workers",
         str(workers), "--allow-private-network", "--config", str(config), "--format", "json",
         "--quiet", "--out", os.devnull],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"revalidate failed ({proc.returncode}): {proc.stderr}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=24)
    ap.add_argument("--delay", type=float, default=0.4, help="seconds each response takes")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    args = ap.parse_args()
    server, base = serve(args.delay)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "bench.toml"
        config.write_text('[rate_limits]\n"127.0.0.1" = 0\n', encoding="utf-8")
        for workers in args.workers:
            db = Path(tmp) / f"w{workers}.db"
            build_store(db, base, args.people)
            results.append((workers, run(db, config, workers)))
    server.shutdown()
    baseline = results[0][1]
    print(f"{args.people} tracked people, one live source each, {args.delay:.2f} s per response, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"{'workers':>8} {'wall s':>8} {'people/s':>9} {'vs first':>9}")
    for workers, wall in results:
        print(f"{workers:>8} {wall:>8.2f} {args.people / wall:>9.1f} {baseline / wall:>8.2f}×")


if __name__ == "__main__":
    main()
