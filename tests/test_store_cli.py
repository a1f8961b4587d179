"""`scanner history`, `purge`, `forget`, `import-profiles`, and `check` recording into the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from store_helpers import (
    DANA_JOBS,
    candidate_report,
    install_fake_extractor,
    position,
    profile,
    report,
    write_profile_file,
)
from typer.testing import CliRunner

import scanner.cli_store  # noqa: F401
from scanner.cli import app
from scanner.store import open_store, record_report

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fake_extractor() -> Iterator[None]:
    import extractors.dispatch as dispatch

    real = dispatch.extract
    install_fake_extractor()
    yield
    dispatch.extract = real


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_check_records_by_default_in_scanner_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "default.db"
    monkeypatch.setenv("SCANNER_DB", str(db))
    li = write_profile_file(tmp_path / "li.json", profile())
    cli("check", str(li), "--id", "A-1", "--format", "json")
    with open_store(db) as store:
        assert [p.id for p in store.people()] == ["A-1"]


def test_check_with_no_db_records_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "default.db"
    monkeypatch.setenv("SCANNER_DB", str(db))
    li = write_profile_file(tmp_path / "li.json", profile())
    cli("check", str(li), "--id", "A-1", "--format", "json", "--no-db")
    assert not db.exists()


def test_check_reports_hj001_from_the_stored_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    li = write_profile_file(tmp_path / "li.json", profile())
    first = json.loads(
        cli("check", str(li), "--id", "A-1", "--db", str(db), "--format", "json").stdout
    )
    assert "HJ001" in {x["code"] for x in first["candidates"][0]["checks_not_run"]}
    write_profile_file(li, profile("Mallory Stone"))
    result = cli("check", str(li), "--id", "A-1", "--db", str(db), "--format", "json")
    doc = json.loads(result.stdout)
    assert "HJ001" in [f["code"] for f in doc["candidates"][0]["findings"]]
    assert result.exit_code == 1


def test_check_reports_id004_against_people_scanned_before(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    real = write_profile_file(tmp_path / "real.json", profile("Priya Raman", slug="priya-raman"))
    cli("check", str(real), "--id", "P-7", "--db", str(db), "--format", "json")
    fake = write_profile_file(
        tmp_path / "fake.json", profile("Mallory Stone", slug="mallory-stone")
    )
    doc = json.loads(
        cli("check", str(fake), "--id", "A-9", "--db", str(db), "--format", "json").stdout
    )
    [f] = [f for f in doc["candidates"][0]["findings"] if f["code"] == "ID004"]
    assert "Priya Raman" in f["message"]


def test_history_shows_each_scan_and_what_changed(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    record_report(report(candidate_report("A-1"), when=t0), db=db)
    jobs = (
        DANA_JOBS[0],
        position("Hooli", "Principal Engineer", "2015-06", "2019-02"),
        DANA_JOBS[2],
    )
    changed = profile("Mallory Stone", jobs=jobs, emails=["ops@example.org"], locations=["Lagos"])
    record_report(report(candidate_report("A-1", changed), when=t0 + timedelta(days=30)), db=db)
    result = cli("history", "A-1", "--db", str(db))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "scan 1" in out and "scan 2" in out and "changed since scan 1" in out
    assert "name: 'Dana Whitfield' → 'Mallory Stone'" in out
    assert "location: 'Austin, TX' → 'Lagos'" in out
    assert (
        "contact added: email ops@example.org" in out
        and "contact removed: email dana.whitfield@example.com" in out
    )
    assert "position replaced: Initech · Senior Engineer" in out


def test_history_json(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1")), db=db)
    record_report(
        report(candidate_report("A-1", profile(headline="Principal Engineer at Hooli"))), db=db
    )
    doc = json.loads(cli("history", "A-1", "--db", str(db), "--format", "json").stdout)
    assert [s["scan_id"] for s in doc["scans"]] == [1, 2]
    [change] = doc["changes"]
    assert change["from"] == 1 and change["to"] == 2
    assert any("headline" in line for p in change["profiles"] for line in p["changes"])


def test_history_of_an_unknown_person_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1")), db=db)
    result = cli("history", "NOPE", "--db", str(db))
    assert result.exit_code == 2 and "no stored scans for 'NOPE'" in result.output
    result = cli("history", "A-1", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no history store" in result.output


def test_history_refuses_a_newer_store_clearly(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1")), db=db)
    with open_store(db) as store:
        store.conn.execute("INSERT INTO _migrations (name, applied_at) VALUES ('0099_future', 'x')")
    result = cli("history", "A-1", "--db", str(db))
    assert result.exit_code == 2
    assert "newer version of scanner" in result.output and "Traceback" not in result.output


def test_purge_and_forget(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    now = datetime.now(UTC)
    record_report(report(candidate_report("OLD"), when=now - timedelta(days=100)), db=db)
    record_report(report(candidate_report("NEW"), when=now), db=db)
    result = cli("purge", "--older-than", "90", "--db", str(db), "--dry-run")
    assert result.exit_code == 0 and "would remove 1 scan(s)" in result.output
    result = cli("purge", "--older-than", "90", "--db", str(db))
    assert "removed 1 scan(s)" in result.output
    result = cli("forget", "NEW", "--db", str(db))
    assert result.exit_code == 0 and "forgot 'NEW': 1 scan(s)" in result.output
    with open_store(db) as store:
        assert store.people() == []
    assert "nothing stored for 'NEW'" in cli("forget", "NEW", "--db", str(db)).output


def test_purge_needs_older_than(tmp_path: Path) -> None:
    result = cli("purge", "--db", str(tmp_path / "h.db"))
    assert result.exit_code == 2


def test_import_profiles_feeds_id004(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    folder = tmp_path / "known"
    write_profile_file(folder / "priya.json", profile("Priya Raman", slug="priya-raman"))
    write_profile_file(folder / "short.json", profile("Lee Park", jobs=DANA_JOBS[:1]))
    (folder / "empty.pdf").write_bytes(b"")
    result = cli("import-profiles", str(folder), "--db", str(db))
    assert "imported 1 profile(s)" in result.output and "1 without a dated history" in result.output
    assert result.exit_code == 3  # one file could not be read
    assert (
        "imported 0 profile(s)"
        in cli("import-profiles", str(folder / "priya.json"), "--db", str(db)).output
    )
    fake = write_profile_file(
        tmp_path / "fake.json", profile("Mallory Stone", slug="mallory-stone")
    )
    doc = json.loads(
        cli("check", str(fake), "--id", "A-9", "--db", str(db), "--format", "json").stdout
    )
    [f] = [f for f in doc["candidates"][0]["findings"] if f["code"] == "ID004"]
    assert "an imported profile" in f["message"]


def test_import_profiles_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = cli("import-profiles", str(tmp_path / "nope.pdf"), "--db", str(tmp_path / "h.db"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_forget_removes_an_imported_profile_too(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    write_profile_file(tmp_path / "priya.json", profile("Priya Raman"))
    cli("import-profiles", str(tmp_path / "priya.json"), "--db", str(db))
    with open_store(db) as store:
        [pid] = [r[0] for r in store.conn.execute("SELECT person_id FROM corpus")]
    assert "forgot" in cli("forget", pid, "--db", str(db)).output
    with open_store(db) as store:
        assert store.corpus_size() == 0
