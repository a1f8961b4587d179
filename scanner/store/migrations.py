"""Schema migrations: a decorator registry, each migration frozen SQL applied in its own
transaction. A migration never calls into live code (its meaning must not change when that code
does); data derived by code is rebuilt by the store itself (`Store.refresh_derived`).

`_migrations` records what ran. A store that records a migration this version does not know was
written by a newer scanner and is refused with a clear message rather than being misread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scanner.store.db import StoreError

__all__ = ["Migration", "Migrations", "SchemaTooNew", "migrations"]

MigrationFn = Callable[[sqlite3.Connection], None]


class SchemaTooNew(StoreError):
    """The store was written by a newer scanner."""


@dataclass(frozen=True)
class Migration:
    name: str
    fn: MigrationFn


class Migrations:
    """An ordered registry of named migrations (names are never reused or reordered)."""

    def __init__(self) -> None:
        self._steps: list[Migration] = []

    def __call__(self, name: str) -> Callable[[MigrationFn], MigrationFn]:
        """Register the decorated function as the migration `name` (after all earlier ones)."""

        def deco(fn: MigrationFn) -> MigrationFn:
            if any(m.name == name for m in self._steps):
                raise ValueError(f"duplicate migration name {name!r}")
            self._steps.append(Migration(name, fn))
            return fn

        return deco

    @property
    def names(self) -> list[str]:
        return [m.name for m in self._steps]

    def applied(self, conn: sqlite3.Connection) -> list[str]:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
        ).fetchone()
        if not exists:
            return []
        return [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]

    def check_not_newer(self, conn: sqlite3.Connection, path: Path | str) -> None:
        unknown = [n for n in self.applied(conn) if n not in self.names]
        if unknown:
            from scanner import __version__

            raise SchemaTooNew(
                f"history store {path} was written by a newer version of scanner (schema "
                f"migration(s) {', '.join(unknown)} are unknown to scanner {__version__}); "
                "upgrade scanner, or use another --db"
            )

    def apply(
        self, conn: sqlite3.Connection, path: Path | str = "", *, upto: str | None = None
    ) -> list[str]:
        """Apply pending migrations in order (up to and including `upto`); returns what ran.

        Each migration runs in a `BEGIN IMMEDIATE` transaction that re-reads `_migrations`
        first, so two processes opening a new store at once do not apply anything twice.
        """
        self.check_not_newer(conn, path)
        ran: list[str] = []
        for step in self._steps:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS _migrations "
                    "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
                done = conn.execute(
                    "SELECT 1 FROM _migrations WHERE name = ?", (step.name,)
                ).fetchone()
                if not done:
                    step.fn(conn)
                    conn.execute(
                        "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                        (step.name, datetime.now(UTC).isoformat()),
                    )
                    ran.append(step.name)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            if step.name == upto:
                break
        return ran


migrations = Migrations()


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Execute `;`-separated DDL inside the current transaction (executescript would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


@migrations("0001_scans")
def _scans(conn: sqlite3.Connection) -> None:
    """People, their scans, each scan's sources (with extracted profiles), findings, identifiers."""
    _run(
        conn,
        """
        CREATE TABLE people (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            tracked INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE scans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            scanned_at TEXT NOT NULL,
            as_of TEXT,
            origin TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            complete INTEGER NOT NULL,
            risk_json TEXT NOT NULL,
            config_json TEXT NOT NULL,
            checks_json TEXT NOT NULL,
            not_run_json TEXT NOT NULL
        );
        CREATE INDEX scans_person ON scans(person_id, scanned_at);
        CREATE INDEX scans_time ON scans(scanned_at);
        CREATE TABLE raw_documents (
            sha256 TEXT PRIMARY KEY,
            content BLOB NOT NULL
        );
        CREATE TABLE sources (
            scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            kind TEXT NOT NULL,
            uri TEXT NOT NULL,
            local_path TEXT,
            sha256 TEXT NOT NULL,
            status TEXT NOT NULL,
            source_json TEXT NOT NULL,
            profile_json TEXT,
            raw_sha256 TEXT,
            PRIMARY KEY (scan_id, idx)
        );
        CREATE INDEX sources_raw ON sources(raw_sha256);
        CREATE TABLE findings (
            scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            finding_json TEXT NOT NULL,
            PRIMARY KEY (scan_id, idx)
        );
        CREATE INDEX findings_code ON findings(code);
        CREATE TABLE identifiers (
            scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
            person_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (scan_id, kind, value)
        );
        CREATE INDEX identifiers_value ON identifiers(kind, value);
        CREATE INDEX identifiers_person ON identifiers(person_id)
        """,
    )


@migrations("0002_revalidation")
def _revalidation(conn: sqlite3.Connection) -> None:
    """Re-validation runs (resumable), their per-person items, and what was already alerted."""
    _run(
        conn,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            selection_json TEXT NOT NULL,
            delivered INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE run_items (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'pending',
            scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
            error TEXT,
            PRIMARY KEY (run_id, person_id)
        );
        CREATE INDEX run_items_person ON run_items(person_id);
        CREATE INDEX run_items_scan ON run_items(scan_id);
        CREATE TABLE alerts (
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            code TEXT NOT NULL,
            first_reported_at TEXT NOT NULL,
            scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
            PRIMARY KEY (person_id, fingerprint)
        );
        CREATE INDEX alerts_scan ON alerts(scan_id);
        ALTER TABLE scans ADD COLUMN run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL;
        CREATE INDEX scans_run ON scans(run_id)
        """,
    )
    # Findings shown in earlier reports count as reported: a first re-validation must not
    # re-alert everything an analyst already saw.
    conn.execute(
        """
        INSERT OR IGNORE INTO alerts (person_id, fingerprint, code, first_reported_at, scan_id)
        SELECT s.person_id, f.fingerprint, f.code, s.scanned_at, s.id
        FROM findings f JOIN scans s ON s.id = f.scan_id
        """
    )


@migrations("0003_profile_corpus")
def _profile_corpus(conn: sqlite3.Connection) -> None:
    """The ID004 corpus with its blocking keys (filled by the store's derived-index refresh)."""
    _run(
        conn,
        """
        CREATE TABLE corpus (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            person_id TEXT NOT NULL,
            name TEXT NOT NULL,
            origin TEXT NOT NULL,
            scan_id INTEGER REFERENCES scans(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            added_at TEXT NOT NULL,
            digest TEXT NOT NULL,
            positions_json TEXT NOT NULL,
            UNIQUE (person_id, digest)
        );
        CREATE INDEX corpus_scan ON corpus(scan_id);
        CREATE TABLE corpus_keys (
            key TEXT NOT NULL,
            corpus_id INTEGER NOT NULL REFERENCES corpus(id) ON DELETE CASCADE,
            PRIMARY KEY (key, corpus_id)
        ) WITHOUT ROWID;
        CREATE INDEX corpus_keys_entry ON corpus_keys(corpus_id)
        """,
    )


@migrations("0004_derived_indexes")
def _derived_indexes(conn: sqlite3.Connection) -> None:
    """Which version of each index derived from stored data the store holds.

    Indexes computed by code (the corpus's employer keys) are rebuilt by the store when the code
    that derives them changes (`scanner.store.store.refresh_derived`), never by a migration: a
    migration is frozen SQL and must mean the same thing in every later version.
    """
    _run(
        conn,
        """
        CREATE TABLE derived (
            name TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            built_at TEXT NOT NULL
        )
        """,
    )


@migrations("0005_reviews_watchlist_tracking")
def _reviews_watchlist_tracking(conn: sqlite3.Connection) -> None:
    """Analysts' dispositions of findings (append-only), the watchlist of confirmed identifiers,
    who is tracked for re-validation with the audit trail of that choice, and the linkage keys
    of stored identifiers (filled by the store's derived-index refresh) for store-aware lookups.

    People stored before tracking was explicit were all re-validated: they stay tracked, and
    the trail says why. New people are tracked only when asked (`--track`, `scanner track`).
    """
    _run(
        conn,
        """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            code TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            finding_json TEXT NOT NULL
        );
        CREATE INDEX reviews_person ON reviews(person_id, fingerprint);
        CREATE TABLE watchlist (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            key TEXT NOT NULL,
            reason TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            removed_by TEXT,
            removed_at TEXT,
            removed_reason TEXT
        );
        CREATE INDEX watchlist_key ON watchlist(kind, key);
        CREATE TABLE tracking (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX tracking_person ON tracking(person_id, id);
        CREATE TABLE identifier_keys (
            scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
            person_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (scan_id, kind, key)
        );
        CREATE INDEX identifier_keys_key ON identifier_keys(kind, key)
        """,
    )
    conn.execute(  # one statement with `;` inside: not through _run
        "CREATE TRIGGER reviews_append_only BEFORE UPDATE ON reviews "
        "BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END"
    )
    conn.execute(
        """
        INSERT INTO tracking (person_id, action, at, actor, reason)
        SELECT id, 'track', first_seen, 'scanner',
               'tracked before tracking was explicit (every scanned person was re-validated)'
        FROM people WHERE tracked = 1
        """
    )


@migrations("0006_batch_runs")
def _batch_runs(conn: sqlite3.Connection) -> None:
    """The batch run a scan came from: a batch records each row as it finishes, and a batch
    resumed with `--continue` updates the rows an interrupted run had recorded instead of
    recording them twice (one scan per person and batch run)."""
    _run(
        conn,
        """
        ALTER TABLE scans ADD COLUMN batch_run TEXT;
        CREATE UNIQUE INDEX scans_batch_run ON scans(batch_run, person_id)
            WHERE batch_run IS NOT NULL
        """,
    )
