"""The history store: file, pragmas, migrations, recording, reading back, retention, erasure."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store_helpers import candidate, candidate_report, finding, linkedin_source, profile, report

from extractors.model import SourceDocument, SourceKind, SourceStatus
from scanner.store import (
    SchemaTooNew,
    StoreError,
    attach_history,
    default_db_path,
    iter_identifiers,
    open_store,
    record_report,
)
from scanner.store.migrations import Migrations, migrations


def test_default_db_path_prefers_scanner_db_then_xdg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCANNER_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("SCANNER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "scanner" / "history.db"


def test_store_file_is_private_and_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "new" / "history.db"
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_open_without_create_does_not_make_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no history store"):
        open_store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    bad.chmod(0o600)  # private, as a store must be; otherwise refused for that
    with pytest.raises(StoreError, match="not a scanner history store"):
        open_store(bad)


def test_migration_registry_rejects_duplicate_names() -> None:
    reg = Migrations()

    @reg("0001_a")
    def _a(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE a (x)")

    with pytest.raises(ValueError, match="duplicate migration name"):

        @reg("0001_a")
        def _b(conn: sqlite3.Connection) -> None:
            pass


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    from scanner.store.db import connect

    reg = Migrations()

    @reg("0001_ok")
    def _ok(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE ok (x)")

    @reg("0002_broken")
    def _broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    conn = connect(tmp_path / "m.db")
    with pytest.raises(RuntimeError):
        reg.apply(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "ok" in tables and "half" not in tables
    assert reg.applied(conn) == ["0001_ok"]


def test_migrations_run_once_and_are_recorded(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    open_store(db).close()
    with open_store(db) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert names == migrations.names
        assert migrations.apply(store.conn, db) == []


def test_an_older_store_is_migrated_and_keeps_its_scans(tmp_path: Path) -> None:
    """A store written with only the first migration (an older scanner) gains the rest."""
    from scanner.store.db import connect
    from scanner.store.serialise import dumps, profile_to_dict, source_to_dict

    db = tmp_path / "old.db"
    conn = connect(db)
    migrations.apply(conn, db, upto="0001_scans")
    now = datetime(2026, 1, 5, tzinfo=UTC).isoformat()
    conn.execute(
        "INSERT INTO people (id, name, first_seen, last_seen) VALUES ('A-1', 'Dana Whitfield', ?, ?)",
        (now, now),
    )
    conn.execute(
        "INSERT INTO scans (person_id, scanned_at, origin, tool_version, name, complete, risk_json, config_json, "
        "checks_json, not_run_json) VALUES ('A-1', ?, 'check', '0.0.9', 'Dana Whitfield', 1, "
        "'{\"score\": 0, \"level\": \"clear\"}', '{}', '{}', '[]')",
        (now,),
    )
    src = linkedin_source()
    conn.execute(
        "INSERT INTO sources (scan_id, idx, kind, uri, sha256, status, source_json, profile_json) VALUES (1, 0, ?, ?, ?, 'ok', ?, ?)",
        (
            src.kind.value,
            src.uri,
            src.sha256,
            dumps(source_to_dict(src)),
            dumps(profile_to_dict(profile())),
        ),
    )
    conn.execute(
        "INSERT INTO findings (scan_id, idx, code, severity, fingerprint, finding_json) VALUES (1, 0, 'XS004', 'low', 'fp1', ?)",
        (dumps({"code": "XS004", "category": "cross-source", "severity": "low", "evidence": []}),),
    )
    conn.close()

    with open_store(db) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == len(
            migrations.names
        )
        [scan] = store.history("A-1")
        assert scan.tool_version == "0.0.9"
        assert scan.sources[0].profile == profile()
        # What the analyst saw then is not re-alerted, under the old and the new fingerprint.
        [old] = scan.findings
        assert old.fingerprint != "fp1"
        assert store.alerted("A-1") == {"fp1", old.fingerprint}
        assert store.person("A-1").tracked  # everyone was re-validated before tracking was explicit
        assert store.corpus_size() == 1  # the old profile joined the ID004 corpus


def test_a_newer_store_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with open_store(db) as store:
        store.conn.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES ('0099_from_the_future', 'x')"
        )
    with pytest.raises(
        SchemaTooNew, match=r"newer version of scanner .*0099_from_the_future.*upgrade"
    ):
        open_store(db)


def test_record_and_read_back_a_scan(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    f = finding()
    [scan_id] = record_report(report(candidate_report("A-1", findings=[f])), db=db)
    with open_store(db) as store:
        [scan] = store.history("A-1")
        assert scan.scan_id == scan_id and scan.origin == "check"
        assert scan.sources[0].profile == profile()
        assert scan.sources[0].uri == "https://www.linkedin.com/in/dana-whitfield"
        assert scan.findings == (f,)
        assert scan.name == "Dana Whitfield"
        assert store.raw_content("a" * 64) is None  # raw documents only with --keep-raw


def test_keep_raw_stores_the_document_and_its_text(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    prof = replace(profile(), text="Dana Whitfield — full résumé text")
    record_report(report(candidate_report("A-1", prof)), db=db, keep_raw=True)
    with open_store(db) as store:
        assert store.raw_content("a" * 64) == b"<html>x</html>"
        assert store.history("A-1")[0].sources[0].profile.text == prof.text  # type: ignore[union-attr]
    record_report(report(candidate_report("A-2", prof)), db=db)
    with open_store(db) as store:
        assert store.history("A-2")[0].sources[0].profile.text == ""  # type: ignore[union-attr]


def test_check_versions_and_configuration_are_stored_with_each_scan(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    r = report(candidate_report("A-1"))
    r.settings = {
        "config": {"thresholds": {"TL001": {"overlap_months": 4}}},
        "checks": ["HJ001", "ID004"],
    }
    record_report(r, db=db)
    with open_store(db) as store:
        [scan] = store.history("A-1")
    assert scan.checks == {"HJ001": 1, "ID004": 1}
    assert scan.config["thresholds"] == {"TL001": {"overlap_months": 4}}


def test_history_is_newest_first_and_keeps_the_baseline(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(5):
        record_report(report(candidate_report("A-1"), when=t0 + timedelta(days=i)), db=db)
    with open_store(db) as store:
        all_scans = store.history("A-1")
        assert [s.scanned_at.day for s in all_scans] == [5, 4, 3, 2, 1]
        short = store.history("A-1", limit=3)
        assert [s.scanned_at.day for s in short] == [5, 4, 1]


def test_check_and_batch_findings_count_as_reported(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1", findings=[finding()])), db=db)
    with open_store(db) as store:
        assert len(store.alerted("A-1")) == 1


def test_iter_identifiers_names_the_newest_scan(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    record_report(report(candidate_report("A-1"), when=t0), db=db)
    record_report(
        report(
            candidate_report("A-1", profile(phones=["(312) 555-0199"])),
            when=t0 + timedelta(days=30),
        ),
        db=db,
    )
    rows = list(iter_identifiers(db))
    phones = {(r[0], r[1], r[4]) for r in rows if r[3] == "phone"}
    assert phones == {("A-1", 1, "(312) 555-0142"), ("A-1", 2, "(312) 555-0199")}
    emails = [r for r in rows if r[3] == "email"]
    assert emails == [("A-1", 2, t0 + timedelta(days=30), "email", "dana.whitfield@example.com")]
    assert list(iter_identifiers(db, kinds=["linkedin"])) == [
        ("A-1", 2, t0 + timedelta(days=30), "linkedin", "dana-whitfield")
    ]


def test_iter_identifiers_without_a_store_yields_nothing(tmp_path: Path) -> None:
    assert list(iter_identifiers(tmp_path / "none.db")) == []
    assert not (tmp_path / "none.db").exists()


def _count(store_path: Path, table: str, where: str = "", args: tuple[object, ...] = ()) -> int:
    conn = sqlite3.connect(store_path)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table} {where}", args).fetchone()[0])
    finally:
        conn.close()


def test_forget_erases_everything_about_one_person(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1", findings=[finding()])), db=db, keep_raw=True)
    record_report(report(candidate_report("A-2", profile("Lee Park", slug="lee-park"))), db=db)
    with open_store(db) as store:
        assert store.forget("A-1") == 1
    for table, col in (
        ("people", "id"),
        ("scans", "person_id"),
        ("identifiers", "person_id"),
        ("alerts", "person_id"),
        ("corpus", "person_id"),
    ):
        assert _count(db, table, f"WHERE {col} = ?", ("A-1",)) == 0, table
    assert _count(db, "sources") == 1 and _count(db, "findings") == 0
    assert _count(db, "raw_documents") == 0  # the raw document went with its only scan
    assert _count(db, "people") == 1


def test_purge_removes_old_scans_and_people_left_without_any(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    now = datetime.now(UTC)
    record_report(report(candidate_report("OLD"), when=now - timedelta(days=400)), db=db)
    record_report(report(candidate_report("BOTH"), when=now - timedelta(days=400)), db=db)
    record_report(report(candidate_report("BOTH"), when=now - timedelta(days=2)), db=db)
    with open_store(db) as store:
        dry = store.purge(now - timedelta(days=365), dry_run=True)
        assert (dry.scans, dry.people) == (2, 1)
        assert len(store.people()) == 2  # a dry run changes nothing
        result = store.purge(now - timedelta(days=365))
        assert (result.scans, result.people) == (2, 1)
        assert [p.id for p in store.people()] == ["BOTH"]
        assert len(store.history("BOTH")) == 1


def test_purge_keep_latest_keeps_each_person_baseline(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    now = datetime.now(UTC)
    record_report(report(candidate_report("A-1"), when=now - timedelta(days=500)), db=db)
    record_report(report(candidate_report("A-1"), when=now - timedelta(days=400)), db=db)
    with open_store(db) as store:
        assert store.purge(now - timedelta(days=30), keep_latest=True).scans == 1
        [kept] = store.history("A-1")
        assert kept.scanned_at.date() == (now - timedelta(days=400)).date()


def test_attach_history_loads_earlier_scans_and_the_corpus(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    c = candidate("A-1", profile())
    assert attach_history(c, db) is False and not db.exists()  # no store: nothing created
    record_report(report(candidate_report("A-1")), db=db)
    c = candidate("A-1", profile())
    assert attach_history(c, db) is True
    assert len(c.history) == 1 and c.history[0].person_id == "A-1"
    assert c.corpus.similar({"acme|2019", "initech|2015"}, exclude_person="X")


def test_attach_history_never_raises_on_a_broken_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    c = candidate("A-1", profile())
    assert attach_history(c, bad) is False
    assert c.history == []


def test_source_local_path_is_remembered_for_revalidation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(tmp_path)
    src = SourceDocument(
        kind=SourceKind.RESUME, format="pdf", uri="cv.pdf", content=b"%PDF-1.4", sha256="b" * 64
    )
    record_report(report(candidate_report("A-1", source=src)), db=db)
    with open_store(db) as store:
        assert store.history("A-1")[0].sources[0].local_path == str(tmp_path / "cv.pdf")


def test_unread_sources_are_stored_with_status_and_no_profile(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    src = linkedin_source().with_status(SourceStatus.BLOCKED, "login wall")
    c = candidate_report("A-1", source=src)
    c.profiles = [None]
    c.complete = False
    record_report(report(c), db=db)
    with open_store(db) as store:
        [scan] = store.history("A-1")
    assert scan.sources[0].status is SourceStatus.BLOCKED and scan.sources[0].error == "login wall"
    assert scan.sources[0].profile is None and scan.complete is False


def test_store_file_permissions_survive_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        db = tmp_path / "h.db"
        open_store(db).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_history_json_of_a_scan_has_no_raw_content(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1")), db=db)
    conn = sqlite3.connect(db)
    [(source_json,)] = conn.execute("SELECT source_json FROM sources").fetchall()
    assert "content" not in json.loads(source_json)


def test_attach_history_keeps_archive_snapshots_already_there(tmp_path: Path) -> None:
    from scanner.store import StoredScan

    db = tmp_path / "h.db"
    record_report(report(candidate_report("A-1"), when=datetime(2026, 3, 1, tzinfo=UTC)), db=db)
    c = candidate("A-1", profile())
    old = StoredScan(
        scan_id=None, person_id="A-1", scanned_at=datetime(2020, 1, 1, tzinfo=UTC), origin="archive"
    )
    c.history = [old]
    assert attach_history(c, db)
    assert [s.origin for s in c.history] == ["check", "archive"]  # newest first


def test_history_linkage_reads_the_document_fingerprint_the_batch_computes(tmp_path: Path) -> None:
    """Regression: the store wrote `producer|creator|created` while linkage computed
    `fp:author|tool|producer|created` and read only identical files from the store. One
    identifiers module now: a stored résumé written in the same authoring session as a new
    applicant's (other bytes, same author, tool and creation time) links them."""
    from dataclasses import replace as _replace

    from extractors.model import DocumentMeta, SourceDocument, SourceKind
    from scanner.batch.keys import candidate_keys
    from scanner.batch.linkage import external_rows
    from scanner.model import Candidate

    meta = DocumentMeta(
        author="Kim Park", creator="Microsoft Word", producer="macOS Quartz PDFContext",
        created=datetime(2026, 3, 2, 9, 15, 4, tzinfo=UTC),
    )  # fmt: skip

    def resume(sha: str) -> SourceDocument:
        return SourceDocument(
            kind=SourceKind.RESUME, format="pdf", uri=f"{sha[:4]}.pdf", content=b"%PDF", sha256=sha
        )

    stored_prof = _replace(profile("Avery Stone"), document=meta)
    db = tmp_path / "h.db"
    stored = _replace(candidate_report("S-1", stored_prof), sources=[resume("a" * 64)])
    record_report(report(stored), db=db)
    rows = external_rows(iter_identifiers(db), start=1)
    stored_docs = {i.key for r in rows for i in r.idents if i.kind == "document"}

    new = Candidate(
        id="N-1",
        sources=[resume("b" * 64)],
        profiles=[_replace(profile("Rowan Vale", emails=["rowan@example.org"]), document=meta)],
    )
    new_docs = {i.key for i in candidate_keys(new, 0).idents if i.kind == "document"}
    shared = stored_docs & new_docs
    assert shared == {
        "fp:kim park|microsoft word|macos quartz pdfcontext|2026-03-02T09:15:04+00:00"
    }
