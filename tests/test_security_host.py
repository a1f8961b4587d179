"""Issue 12, shared-host items: a private runtime folder for per-host turn files (item 2), no
symlinks followed at the store, checkpoint and lock (item 6), private checkpoints that are
validated line by line (Low), and a killed worker that fails its row instead of hanging (item 3)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path

import pytest
from _batch_helpers import write_csv
from security_helpers import Run, scanner_main

import scanner.batch.runner as runner
from scanner.collectors.http import HttpFetcher, HttpSettings, SharedTurns
from tests.live_helpers import FakeClock, LocalServer

OTHER_UID = 54321  # "another user" on the shared host (the tests run as root or as the owner)
VICTIM = "the analyst's file\n"


def _as_other_user(path: Path) -> bool:
    """Give `path` to another user; False when this process may not (not root)."""
    try:
        os.chown(path, OTHER_UID, OTHER_UID, follow_symlinks=False)
    except PermissionError:
        return False
    return True


# -- item 2: per-host turn files ---------------------------------------------------------------


@pytest.fixture()
def server() -> object:
    with LocalServer() as s:
        yield s


@pytest.fixture
def shared_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for /tmp, where any local user can create files before the scanner does."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    tmp.chmod(0o1777)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return tmp


def _fetch_twice(server: LocalServer) -> FakeClock:
    server.page("/a", "a")
    clock = FakeClock()
    settings = HttpSettings(allow_networks=("127.0.0.1/32",), rate_limits={"default": 0.01})
    fetcher = HttpFetcher(settings, clock=clock, shared_turns=True)
    try:
        fetcher.get(server.url("/a"), robots=False)
    finally:
        fetcher.close()
    return clock


def test_a_planted_turn_folder_cannot_redirect_writes(
    shared_tmp: Path, tmp_path: Path, server: LocalServer
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    planted = tmp_path / "attacker"
    (planted / "hosts").mkdir(parents=True)
    host_file = planted / "hosts" / hashlib.sha1(b"127.0.0.1").hexdigest()
    host_file.symlink_to(victim)
    (shared_tmp / f"profile-scanner-{os.geteuid()}").symlink_to(planted)
    _fetch_twice(server)
    assert victim.read_text() == VICTIM


def test_a_planted_future_turn_does_not_block_fetches(
    shared_tmp: Path, server: LocalServer
) -> None:
    folder = shared_tmp / f"profile-scanner-{os.geteuid()}" / "hosts"
    folder.mkdir(parents=True)
    folder.parent.chmod(0o777)  # created "by another user", open to everyone
    (folder / hashlib.sha1(b"127.0.0.1").hexdigest()).write_text("9999999999.000")
    clock = _fetch_twice(server)
    assert clock.sleeps == []


def test_turn_files_prefer_the_private_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    turns = SharedTurns()
    with turns.slot("example.org") as handle:
        assert handle is not None
    folder = runtime / "profile-scanner" / "hosts"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    [f] = folder.iterdir()
    assert stat.S_IMODE(f.stat().st_mode) == 0o600


# -- item 6: symlinks and foreign files at the store, checkpoint and lock ------------------------


def _check_into(db: Path) -> Run:
    return scanner_main("check", "--name", "Dana Whitfield", "--db", db, "--format", "json")


def test_the_store_is_never_written_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "readable-by-all.txt"
    victim.write_text("")
    victim.chmod(0o644)
    db = tmp_path / "shared" / "history.db"
    db.parent.mkdir()
    db.symlink_to(victim)
    run = _check_into(db)
    run.assert_handled()
    assert victim.read_text() == ""
    assert "symbolic link" in run.err and "not recorded" in run.err


def test_a_store_open_to_others_or_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    assert _check_into(db).code == 0
    db.chmod(0o644)
    run = scanner_main("history", "dana-whitfield", "--db", db)
    run.assert_handled()
    assert run.code == 2 and "open to other users" in run.err
    db.chmod(0o600)
    if _as_other_user(db):
        run = scanner_main("history", "dana-whitfield", "--db", db)
        assert run.code == 2 and "belongs to another user" in run.err


def test_the_revalidate_lock_never_truncates_a_link_target(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    assert _check_into(db).code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    (tmp_path / "history.db.revalidate.lock").symlink_to(victim)
    run = scanner_main("revalidate", "--db", db, "--offline")
    run.assert_handled()
    assert victim.read_text() == VICTIM
    assert run.code == 2 and "symbolic link" in run.err


def _rows(n: int) -> list[dict[str, str]]:
    return [
        {"id": f"A-{i}", "name": f"Person{chr(65 + i)} Name", "phone": f"(312) 555-01{i:02d}"}
        for i in range(n)
    ]


def test_the_checkpoint_never_clobbers_a_link_target(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", _rows(2))
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    out = tmp_path / "r.json"
    (tmp_path / "r.json.partial.jsonl").symlink_to(victim)
    run = scanner_main("batch", sheet, "--out", out, "--no-db", "--offline", "-w", "1", "-q")
    run.assert_handled()
    assert victim.read_text() == VICTIM
    assert run.code == 2 and "symbolic link" in run.err


def _interrupted_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """A batch of 4 stopped by Ctrl-C after 2 rows; returns (sheet, out, checkpoint)."""
    sheet = write_csv(tmp_path / "a.csv", _rows(4))
    out = tmp_path / "r.json"
    real = runner.process_row
    seen: list[str] = []

    def stop_on_third(task: runner.RowTask, settings: runner.BatchSettings) -> runner.RowResult:
        if len(seen) == 2:
            raise KeyboardInterrupt
        seen.append(task.row.id)
        return real(task, settings)

    monkeypatch.setattr(runner, "process_row", stop_on_third)
    run = scanner_main("batch", sheet, "--out", out, "--no-db", "--offline", "-w", "1", "-q")
    assert run.code == 130
    monkeypatch.setattr(runner, "process_row", real)
    return sheet, out, tmp_path / "r.json.partial.jsonl"


def test_the_checkpoint_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, ckpt = _interrupted_batch(tmp_path, monkeypatch)
    assert stat.S_IMODE(ckpt.stat().st_mode) == 0o600


def test_a_tampered_checkpoint_cannot_add_or_whitewash_applicants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet, out, ckpt = _interrupted_batch(tmp_path, monkeypatch)
    header, *rest = ckpt.read_text().splitlines()
    lines = [line for line in rest if '"i":' in line]  # rows (the others: the run, tables)
    first = json.loads(lines[0])
    injected = dict(first, i=10, row=99)  # an applicant who is not in the sheet
    injected["report"] = dict(first["report"], id="X-INJECTED", name="Nobody In The Sheet")
    renamed = dict(first, i=1)  # stands in for row A-1 with A-0's result
    lowered = json.loads(lines[1])
    lowered["report"]["findings"] = [
        {"code": "CT002", "title": "t", "category": "contact", "severity": "high",
         "confidence": 1.0, "message": "m", "evidence": [], "cluster": None}
    ]  # fmt: skip
    lowered["report"]["risk"] = {"score": 0, "level": "clear", "contributions": []}
    junk = ['{"i": "x", "row": 1}', "[1, 2]", '{"i": 2, "row": 3, "report": 5, "keys": {}}', "\x00"]
    kept = [line for line in rest if '"i":' not in line]
    ckpt.write_text(
        "\n".join(
            [header, *kept, json.dumps(injected), json.dumps(renamed), json.dumps(lowered), *junk]
        )
        + "\n"
    )
    run = scanner_main(
        "batch", sheet, "--out", out, "--no-db", "--offline", "-w", "1", "-q", "--continue"
    )
    run.assert_handled()
    doc = json.loads(out.read_text())
    assert [c["id"] for c in doc["candidates"]] == ["A-0", "A-1", "A-2", "A-3"]
    a1 = doc["candidates"][1]
    assert a1["name"] == "PersonB Name"
    assert a1["risk"]["score"] > 0  # the risk follows the findings, not the edited number


# -- item 3: a worker killed by the kernel -------------------------------------------------------


def test_a_killed_worker_fails_its_row_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = write_csv(tmp_path / "a.csv", _rows(6))
    real = runner.process_row

    def oom_on_a2(task: runner.RowTask, settings: runner.BatchSettings) -> runner.RowResult:
        if task.row.id == "A-2":
            os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does
        return real(task, settings)

    monkeypatch.setattr(runner, "process_row", oom_on_a2)
    box: list[Run] = []
    t = threading.Thread(
        target=lambda: box.append(
            scanner_main("batch", sheet, "--no-db", "--offline", "-w", "2", "-q")
        ),
        daemon=True,
    )
    t.start()
    t.join(timeout=90)
    assert not t.is_alive(), "the batch hung on a dead worker"
    [run] = box
    run.assert_handled()
    doc = json.loads(run.out)
    assert [c["id"] for c in doc["candidates"]] == [f"A-{i}" for i in range(6)]
    a2 = doc["candidates"][2]
    assert not a2["complete"]
    [src001] = [f for f in a2["findings"] if f["code"] == "SRC001"]
    assert "killed by SIGKILL" in src001["message"]
    assert all(c["complete"] for i, c in enumerate(doc["candidates"]) if i != 2)
    assert run.code == 3
