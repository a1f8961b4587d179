"""A batch killed at any point keeps every finished row; `--continue` finishes it with every row
exactly once, in the report and in the history store; memory does not grow with the rows.

These run `scanner` in child processes, because a kill (SIGKILL, what the out-of-memory killer
and `kill -9` send) cannot be caught, and a process's peak memory is only its own.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _batch_helpers import synthetic_applicants, write_csv

from scanner.batch.runner import BatchSettings, finish_report, run_local
from scanner.batch.spreadsheet import open_sheet
from scanner.config import Config
from scanner.reporters.json_report import report_to_dict
from scanner.sources import FetchOptions

ROOT = Path(__file__).resolve().parent.parent

# Runs `scanner` with a kill planted: after KILL_AT run-file lines ("append"; a chunk's lines
# are written together, so a kill may fall between two of them) or report rows ("report"), the
# process sends itself SIGKILL.
KILLER = """
import os, signal, sys
from scanner.batch import runfile
from scanner.reporters import stream
limit, where, seen = int(os.environ["KILL_AT"]), os.environ["KILL_WHERE"], [0]

def counted(real):
    def wrapper(*args, **kw):
        seen[0] += 1
        if seen[0] > limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kw)
    return wrapper

def counted_lines(real):  # a chunk's lines are written together: killed between two of them
    def wrapper(self, items):
        room = limit - seen[0]
        if len(items) > room:
            real(self, items[: max(room, 0)])
            os.kill(os.getpid(), signal.SIGKILL)
        seen[0] += len(items)
        return real(self, items)
    return wrapper

if where == "append":
    runfile.RunFile.append_many = counted_lines(runfile.RunFile.append_many)
else:
    stream._JsonWriter.row = counted(stream._JsonWriter.row)
from scanner.cli import main
sys.argv = ["scanner", *sys.argv[1:]]
main()
"""


def _scanner(
    *args: str | Path, kill: tuple[str, int] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = ["-m", "scanner"]
    if kill is not None:
        env.update(KILL_WHERE=kill[0], KILL_AT=str(kill[1]))
        code = ["-c", KILLER]
    return subprocess.run(
        [sys.executable, *code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=ROOT,
    )


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    doc.pop("generated_at", None)
    for c in doc["candidates"]:
        for s in c["sources"]:
            s.pop("retrieved_at", None)
    return doc


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """300 applicants (with rings) and the in-memory engine's report of them."""
    folder = tmp_path_factory.mktemp("resume")
    path = write_csv(folder / "a.csv", synthetic_applicants(300, seed=11))
    settings = BatchSettings.from_config(Config(), FetchOptions(offline=True), path)
    opened = open_sheet(path)
    report = finish_report(run_local(opened, settings, workers=1), settings, notes=opened.warnings)
    return path, _comparable(report_to_dict(report))


@pytest.mark.slow
@pytest.mark.parametrize(
    "where, at",
    [
        ("append", 40),  # while rows are checked
        ("append", 303),  # after every row, while linked rows are finished again
        ("report", 10),  # while the report is written
    ],
)
def test_a_kill_loses_no_finished_row_and_continue_finishes_each_row_once(
    sheet: tuple[Path, dict[str, Any]], tmp_path: Path, where: str, at: int
) -> None:
    path, want = sheet
    out, db = tmp_path / "r.json", tmp_path / "history.db"
    run_file = tmp_path / "r.json.partial.jsonl"
    common = ("batch", path, "--out", out, "--offline", "--db", db, "-w", "2", "-q")
    killed = _scanner(*common, kill=(where, at))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert not out.exists() and run_file.exists()
    rows_kept = {json.loads(x)["i"] for x in run_file.read_text().splitlines()[1:] if '"i":' in x}
    assert len(rows_kept) >= min(at, 300)  # every row finished before the kill
    with sqlite3.connect(db) as conn:  # recorded as they finished, not at the end
        recorded = conn.execute("SELECT COUNT(*) FROM scans").fetchone()[0]
    assert recorded >= len(rows_kept)

    done = _scanner(*common, "--continue")
    assert done.returncode == 1, done.stderr[-2000:]
    got = _comparable(json.loads(out.read_text(encoding="utf-8")))
    assert [c["id"] for c in got["candidates"]] == [c["id"] for c in want["candidates"]]
    assert got == want
    assert not run_file.exists()
    with sqlite3.connect(db) as conn:
        per_person = conn.execute(
            "SELECT person_id, COUNT(*) FROM scans GROUP BY person_id HAVING COUNT(*) > 1"
        ).fetchall()
        total = conn.execute("SELECT COUNT(*) FROM scans").fetchone()[0]
        findings = conn.execute(
            "SELECT s.person_id, f.code FROM findings f JOIN scans s ON s.id = f.scan_id "
            "WHERE f.code = 'NW001'"
        ).fetchall()
    assert per_person == [] and total == len(want["candidates"])
    nw001 = {
        c["id"] for c in want["candidates"] if any(f["code"] == "NW001" for f in c["findings"])
    }
    assert {p for p, _ in findings} == nw001  # the store holds the findings after linkage


def _peaks(stderr: str) -> tuple[float, float]:
    m = re.search(
        r"peak memory ([\d,]+) MB in this process, ([\d,]+) MB in the largest worker", stderr
    )
    assert m, stderr[-2000:]
    return float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))


def _plain_rows(n: int) -> list[dict[str, str]]:
    """Applicants with distinct contacts, one in thirty in a ring of three sharing a phone."""
    rows = []
    for i in range(n):
        k = i - i % 3 if i % 90 < 3 else i  # rows 0-2, 90-92, ... share their first row's phone
        rows.append(
            {
                "id": f"M-{i:06d}",
                "name": f"Person{i % 997} Name{i % 991}",
                "email": f"p{i}@example.com",
                "phone": f"+1 {201 + k // 100} 555 01{k % 100:02d}",
                "address": f"{10 + i} Maple St, Chicago, IL 606{i % 90 + 10:02d}",
            }
        )
    return rows


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """20,000 and 80,000 rows: the run's own reading of its peak memory (this process and its
    largest worker) stays within a small factor, where holding every row would quadruple it."""
    peaks = []
    for n in (20_000, 80_000):
        path = write_csv(tmp_path / f"m{n}.csv", _plain_rows(n))
        run = _scanner(
            "batch", path, "--out", tmp_path / f"m{n}.json", "--offline", "--no-db",
            "--select", "CT010", "-w", "2",
        )  # fmt: skip
        assert run.returncode in (0, 1, 3), run.stderr[-2000:]
        peaks.append(_peaks(run.stderr))
    (parent_small, worker_small), (parent_big, worker_big) = peaks
    assert parent_big < parent_small * 1.25 + 15, peaks
    assert worker_big < worker_small * 1.25 + 15, peaks
