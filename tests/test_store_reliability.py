"""The store under abuse: processes killed with SIGKILL mid-write, two writers at once.

Each test runs real child processes. After a kill the database must pass SQLite's integrity
check, hold every scan the child reported as committed (whole: sources, findings, identifiers),
and the next run must finish the work.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from store_helpers import install_fake_extractor, position, profile, write_profile_file
from typer.testing import CliRunner

import scanner.cli_store  # noqa: F401
from scanner.cli import app
from scanner.store import open_store
from scanner.store.migrations import migrations

TESTS = Path(__file__).resolve().parent
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

RECORDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from store_helpers import candidate_report, finding, position, profile, report
    from scanner.store import open_store

    db, prefix, start, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    gate = sys.argv[5] if len(sys.argv) > 5 else None
    if gate:
        import os, time
        while not os.path.exists(gate):
            time.sleep(0.01)
    with open_store(db) as store:
        existing = {{p.id for p in store.people()}}
        for i in range(start, stop):
            pid = f"{{prefix}}-{{i:04d}}"
            if pid in existing:
                continue
            jobs = (position(f"Org {{i}}", "Engineer", "2019-01"), position(f"Org {{i + 1}}", "Engineer", "2015-01", "2018-12"))
            c = candidate_report(pid, profile(f"Person {{i}}", slug=f"p-{{i}}", jobs=jobs),
                                 findings=[finding(value=str(i)), finding("XS005", value=f"x{{i}}")])
            store.record_report(report(c))
            print(pid, flush=True)
    """
)


def _script(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text.format(tests=str(TESTS)), encoding="utf-8")
    return path


def _spawn(script: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _kill_after(proc: subprocess.Popen[str], lines: int) -> list[str]:
    """Read `lines` lines of progress from the child, then SIGKILL it."""
    assert proc.stdout is not None
    seen = []
    while len(seen) < lines:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    return seen


def _integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # Nothing half-written: every scan has its source and both findings.
        partial = conn.execute(
            "SELECT s.id FROM scans s WHERE (SELECT COUNT(*) FROM sources WHERE scan_id = s.id) = 0 "
            "OR (s.origin = 'check' AND (SELECT COUNT(*) FROM identifiers WHERE scan_id = s.id) = 0)"
        ).fetchall()
        assert partial == []
    finally:
        conn.close()


def test_sigkill_during_a_batch_of_recordings_loses_no_committed_scan(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    script = _script(tmp_path, "record.py", RECORDER)
    committed = _kill_after(_spawn(script, str(db), "P", "0", "400"), 25)
    assert len(committed) == 25
    _integrity(db)
    with open_store(db) as store:
        people = {p.id: p for p in store.people()}
        for pid in committed:
            [scan] = store.history(pid)
            assert len(scan.findings) == 2 and scan.sources[0].profile is not None, pid
        assert all(p.scans == 1 for p in people.values())
    # The next run finishes the work without redoing what was committed.
    done = subprocess.run(
        [sys.executable, str(script), str(db), "P", "0", "400"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    _integrity(db)
    with open_store(db) as store:
        people = store.people()
        assert len(people) == 400 and all(p.scans == 1 for p in people)
        assert store.corpus_size() == 400


def test_two_processes_writing_at_once_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "h.db"  # not created yet: both race through the migrations too
    script = _script(tmp_path, "record.py", RECORDER)
    gate = tmp_path / "go"
    procs = [_spawn(script, str(db), prefix, "0", "40", str(gate)) for prefix in ("A", "B")]
    gate.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert len(out.split()) == 40
    _integrity(db)
    with open_store(db) as store:
        assert len(store.people()) == 80
        applied = [r[0] for r in store.conn.execute("SELECT name FROM _migrations")]
    assert sorted(applied) == sorted(migrations.names)  # each applied once despite the race


REVALIDATOR = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from store_helpers import install_fake_extractor
    install_fake_extractor()
    import scanner.store.revalidate as rv

    real = rv.record_person

    def slow(store, report, settings, run_id):
        scan_id = real(store, report, settings, run_id)
        print("committed", report.id, flush=True)
        time.sleep(0.3)
        return scan_id

    rv.record_person = slow
    from scanner.cli import main
    sys.argv = ["scanner", "revalidate", "--db", sys.argv[1], "--format", "json"]
    main()
    """
)


def test_sigkill_during_revalidation_then_the_next_run_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractors.dispatch as dispatch

    monkeypatch.setattr(dispatch, "extract", dispatch.extract)  # restored after the test
    install_fake_extractor()
    runner = CliRunner()
    db = tmp_path / "h.db"
    ids = [f"C-{i}" for i in range(6)]
    files = {}
    for i, pid in enumerate(ids):
        jobs = (position(f"Org {i}", "Engineer", "2019-01"),)
        files[pid] = write_profile_file(
            tmp_path / f"{pid}.json", profile(f"Person {i}", slug=f"c-{i}", jobs=jobs)
        )
        result = runner.invoke(
            app,
            ["check", str(files[pid]), "--id", pid, "--db", str(db), "--format", "json", "--track"],
        )
        assert result.exit_code in (0, 1, 3), result.output
    for i, pid in enumerate(ids):  # every account renamed since
        jobs = (position(f"Org {i}", "Engineer", "2019-01"),)
        write_profile_file(files[pid], profile(f"Renamed {i} Other", slug=f"c-{i}", jobs=jobs))

    script = _script(tmp_path, "revalidate.py", REVALIDATOR)
    seen = _kill_after(_spawn(script, str(db)), 2)
    committed = [line.split()[1] for line in seen]
    assert len(committed) == 2
    _integrity(db)
    with open_store(db) as store:
        [(run_id, status)] = store.conn.execute("SELECT id, status FROM runs").fetchall()
        assert status == "running"
        done = [i.person_id for i in store.run_items(run_id) if i.status == "done"]
        assert set(committed) <= set(done)
        for pid in done:
            assert store.history(pid)[0].origin == "revalidate"

    result = runner.invoke(app, ["revalidate", "--db", str(db), "--format", "json"])
    assert result.stdout.startswith("{"), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert "(resumed)" in doc["notes"][0]
    reported = {
        c["id"] for c in doc["candidates"] if any(f["code"] == "HJ001" for f in c["findings"])
    }
    assert reported == set(ids)  # including the people the killed process had finished
    with open_store(db) as store:
        for pid in ids:
            assert [s.origin for s in store.history(pid)].count("revalidate") == 1, pid
        assert (
            store.conn.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()[0]
            == "done"
        )
    again = json.loads(
        runner.invoke(app, ["revalidate", "--db", str(db), "--format", "json"]).stdout
    )
    assert all(c["findings"] == [] for c in again["candidates"])
