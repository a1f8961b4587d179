"""The history store: record scans, read a person's history, retention, erasure, runs and alerts.

Every write is one `BEGIN IMMEDIATE` transaction: a scan (person, sources with profiles,
findings, identifiers, corpus entries) is committed whole or not at all, so a process killed in
the middle leaves the store consistent and every committed scan intact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from extractors.model import Position, Profile, SourceDocument, SourceKind
from scanner.corpus import dated_positions, timeline_digest, timeline_keys
from scanner.identifiers import (
    Identifier,
    IdentifierKind,
    candidate_identifiers,
    join_keys,
    watch_key,
)
from scanner.model import CandidateReport, Report, StoredScan, StoredSource
from scanner.store.db import StoreError, connect, resolve_db_path
from scanner.store.migrations import migrations
from scanner.store.model import PersonSummary
from scanner.store.serialise import (
    dumps,
    finding_from_dict,
    finding_to_dict,
    position_from_dict,
    position_to_dict,
    profile_from_dict,
    profile_to_dict,
    risk_from_dict,
    risk_to_dict,
    source_from_dict,
    source_to_dict,
)

__all__ = [
    "IDENTIFIER_KINDS",
    "PurgeResult",
    "RunItem",
    "Store",
    "add_corpus_entry",
    "open_store",
    "record_report",
    "set_tracked",
]

# Kinds of identifier kept for cross-candidate linkage (values verbatim, as written).
IDENTIFIER_KINDS = tuple(k.value for k in IdentifierKind)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat()


def _is_url(uri: str) -> bool:
    from scanner.sources import is_url

    return is_url(uri)


def _identifiers(c: CandidateReport) -> set[tuple[str, str]]:
    return {(i.kind.value, i.value) for i in candidate_identifiers(c.sources, c.profiles)}


def _keys(identifiers: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The linkage keys of stored identifiers (kind as linkage joins, key), for lookups by key."""
    out: set[tuple[str, str]] = set()
    for kind, value in identifiers:
        try:
            ident = Identifier(IdentifierKind(kind), value)
        except ValueError:
            continue
        out.update((k.value, key) for k, key in join_keys(ident))
    return out


def add_corpus_entry(
    conn: sqlite3.Connection,
    *,
    person_id: str,
    name: str,
    positions: Sequence[Position],
    origin: str,
    scan_id: int | None,
    label: str,
) -> bool:
    """Add one history to the ID004 corpus (once per person and distinct history). Needs 2+ dated positions."""
    dated = dated_positions(positions)
    if len(dated) < 2:
        return False
    digest = timeline_digest(dated)
    row = conn.execute(
        "SELECT id FROM corpus WHERE person_id = ? AND digest = ?", (person_id, digest)
    ).fetchone()
    if row is not None:
        # Seen again: point at the newest scan so retention keeps it while the person is stored.
        conn.execute(
            "UPDATE corpus SET scan_id = ?, label = ?, name = ? WHERE id = ?",
            (scan_id, label, name, row[0]),
        )
        return False
    compact = [
        {k: v for k, v in position_to_dict(p).items() if k in ("org", "title", "range", "type")}
        for p in dated
    ]
    cur = conn.execute(
        "INSERT INTO corpus (person_id, name, origin, scan_id, label, added_at, digest, positions_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (person_id, name, origin, scan_id, label, _iso(_now()), digest, dumps(compact)),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO corpus_keys (key, corpus_id) VALUES (?, ?)",
        [(k, cur.lastrowid) for k in sorted(timeline_keys(dated))],
    )
    return True


@dataclass(frozen=True)
class PurgeResult:
    scans: int
    people: int
    runs: int


@dataclass(frozen=True)
class RunItem:
    person_id: str
    status: str  # pending | done | failed
    scan_id: int | None
    error: str | None


# Versions of the indexes the store derives from its data with code; bump one when the code
# that derives it changes, and the store rebuilds it on open (migrations stay frozen SQL).
DERIVED_VERSIONS = {
    "corpus": 2,  # 2: employer keys are extractors.normalise.orgs.org_key (aliases folded)
    "fingerprints": 2,  # 2: code + the facts compared (scanner.model.fact_fingerprint)
    # 2: "FL 32820" in an address is Florida and its ZIP code, no longer a floor
    "identifier_keys": 2,  # scanner.identifiers.join_keys of every stored identifier
    "watchlist_keys": 2,  # the same keys for the watchlist's entries
}


def _rebuild_corpus(conn: sqlite3.Connection) -> None:
    """Corpus entries for every stored profile (stores older than the corpus get theirs), then
    every blocking key afresh from the stored positions."""
    rows = conn.execute(
        """
        SELECT sc.person_id, sc.name, s.scan_id, sc.scanned_at, s.kind, s.uri, s.profile_json
        FROM sources s JOIN scans sc ON sc.id = s.scan_id
        WHERE s.profile_json IS NOT NULL ORDER BY s.scan_id
        """
    ).fetchall()
    for person_id, name, scan_id, scanned_at, kind, uri, profile_json in rows:
        prof = profile_from_dict(json.loads(profile_json))
        add_corpus_entry(
            conn,
            person_id=person_id,
            name=prof.name or name,
            positions=prof.experience,
            origin="scan",
            scan_id=scan_id,
            label=f"scan {scan_id} of {scanned_at[:10]} ({kind} {uri})",
        )
    conn.execute("DELETE FROM corpus_keys")
    for corpus_id, positions_json in conn.execute(
        "SELECT id, positions_json FROM corpus"
    ).fetchall():
        positions = [position_from_dict(d) for d in json.loads(positions_json)]
        conn.executemany(
            "INSERT OR IGNORE INTO corpus_keys (key, corpus_id) VALUES (?, ?)",
            [(key, corpus_id) for key in sorted(timeline_keys(positions))],
        )


def _refingerprint(conn: sqlite3.Connection) -> None:
    """Every stored finding's fingerprint afresh, and what was alerted carried over to it, so
    that a new fingerprint scheme never re-alerts what an analyst already saw."""
    renamed: dict[tuple[str, str], set[str]] = {}
    rows = conn.execute(
        "SELECT f.scan_id, f.idx, f.fingerprint, f.finding_json, s.person_id "
        "FROM findings f JOIN scans s ON s.id = f.scan_id"
    ).fetchall()
    for scan_id, idx, old, finding_json, person_id in rows:
        new = finding_from_dict(json.loads(finding_json)).fingerprint
        if new != old:
            renamed.setdefault((person_id, old), set()).add(new)
            conn.execute(
                "UPDATE findings SET fingerprint = ? WHERE scan_id = ? AND idx = ?",
                (new, scan_id, idx),
            )
    for (person_id, old), news in renamed.items():
        for new in sorted(news):
            conn.execute(
                "INSERT OR IGNORE INTO alerts (person_id, fingerprint, code, first_reported_at, scan_id) "
                "SELECT person_id, ?, code, first_reported_at, scan_id FROM alerts "
                "WHERE person_id = ? AND fingerprint = ?",
                (new, person_id, old),
            )


def _rebuild_identifier_keys(conn: sqlite3.Connection) -> None:
    """Every stored identifier's linkage keys afresh (what `check` looks stored people up by)."""
    conn.execute("DELETE FROM identifier_keys")
    for scan_id, person_id in conn.execute("SELECT id, person_id FROM scans").fetchall():
        idents = conn.execute(
            "SELECT kind, value FROM identifiers WHERE scan_id = ?", (scan_id,)
        ).fetchall()
        conn.executemany(
            "INSERT OR IGNORE INTO identifier_keys (scan_id, person_id, kind, key) VALUES (?, ?, ?, ?)",
            [(scan_id, person_id, kind, key) for kind, key in sorted(_keys(idents))],
        )


def _rebuild_watchlist_keys(conn: sqlite3.Connection) -> None:
    """The watchlist entries' keys afresh from the values the analysts entered."""
    for entry_id, kind, value in conn.execute("SELECT id, kind, value FROM watchlist").fetchall():
        key = watch_key(kind, value)
        if key is not None:
            conn.execute("UPDATE watchlist SET key = ? WHERE id = ?", (key[1], entry_id))


_REBUILD = {
    "corpus": _rebuild_corpus,
    "fingerprints": _refingerprint,
    "identifier_keys": _rebuild_identifier_keys,
    "watchlist_keys": _rebuild_watchlist_keys,
}


def refresh_derived(conn: sqlite3.Connection) -> list[str]:
    """Rebuild each derived index whose version differs from `DERIVED_VERSIONS`, one transaction
    each; returns what was rebuilt."""
    rebuilt = []
    for name, version in DERIVED_VERSIONS.items():
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT version FROM derived WHERE name = ?", (name,)).fetchone()
            if row is None or row[0] != version:
                _REBUILD[name](conn)
                conn.execute(
                    "INSERT OR REPLACE INTO derived (name, version, built_at) VALUES (?, ?, ?)",
                    (name, version, _iso(_now())),
                )
                rebuilt.append(name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return rebuilt


class Store:
    """An open history store. Use `open_store()`; close it (or use `with`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # -- life cycle ------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so writers queue on the busy timeout)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- recording -------------------------------------------------------------------------
    def record_candidate(
        self,
        c: CandidateReport,
        *,
        settings: Mapping[str, Any] | None = None,
        scanned_at: datetime | None = None,
        keep_raw: bool = False,
        origin: str = "check",
        run_id: int | None = None,
        track: bool = False,
        actor: str = "",
    ) -> int:
        """Record one candidate's scan in one transaction; returns the scan id.

        A new person is tracked for re-validation only with `track` (`--track`); `track` on a
        known person starts tracking them (recorded in the tracking audit trail with `actor`).

        Findings of a `check` or `batch` scan count as reported (the analyst saw them), so a
        later re-validation alerts only on what is new. With `run_id`, the re-validation item
        for this person is marked done in the same transaction (an interrupted run resumes
        exactly after the last committed person).
        """
        with self.transaction() as conn:
            return self._record_in(
                conn,
                c,
                settings=settings,
                scanned_at=scanned_at,
                keep_raw=keep_raw,
                origin=origin,
                run_id=run_id,
                track=track,
                actor=actor,
            )

    def record_batch_rows(
        self,
        rows: Sequence[tuple[CandidateReport, int | None, bool]],
        *,
        settings: Mapping[str, Any] | None = None,
        scanned_at: datetime | None = None,
        batch_run: str = "",
        track: bool = False,
        actor: str = "",
    ) -> list[int]:
        """Record a batch's finished rows in one transaction; returns their scan ids.

        Each row is (candidate, its scan id when recorded before, whether its links changed it).
        A row recorded before is updated when its links changed it and left alone otherwise; a
        new row is recorded once per person and `batch_run` (a run resumed with `--continue`
        updates what the interrupted run recorded).
        """
        out: list[int] = []
        with self.transaction() as conn:
            for c, scan, linked in rows:
                if scan is None and batch_run:
                    found = conn.execute(
                        "SELECT id FROM scans WHERE batch_run = ? AND person_id = ?",
                        (batch_run, c.id),
                    ).fetchone()
                    if found is not None:
                        scan, linked = int(found[0]), True
                if scan is not None:
                    if linked:
                        self._replace_outcome(conn, scan, c, _iso(scanned_at or _now()))
                    out.append(scan)
                    continue
                scan = self._record_in(
                    conn,
                    c,
                    settings=settings,
                    scanned_at=scanned_at,
                    keep_raw=False,
                    origin="batch",
                    run_id=None,
                    track=track,
                    actor=actor,
                )
                if batch_run:
                    conn.execute("UPDATE scans SET batch_run = ? WHERE id = ?", (batch_run, scan))
                out.append(scan)
        return out

    def _replace_outcome(
        self, conn: sqlite3.Connection, scan_id: int, c: CandidateReport, when: str
    ) -> None:
        """A recorded scan's findings, risk and completeness replaced by `c`'s (a batch row
        finished again once linkage found its links)."""
        conn.execute(
            "UPDATE scans SET risk_json = ?, complete = ?, not_run_json = ? WHERE id = ?",
            (
                dumps(risk_to_dict(c.risk)),
                int(c.complete),
                dumps([list(x) for x in c.checks_not_run]),
                scan_id,
            ),
        )
        conn.execute("DELETE FROM findings WHERE scan_id = ?", (scan_id,))
        self._insert_findings(conn, scan_id, c)
        self._mark_alerted(conn, c.id, scan_id, [(f.code, f.fingerprint) for f in c.findings], when)

    def _insert_findings(self, conn: sqlite3.Connection, scan_id: int, c: CandidateReport) -> None:
        conn.executemany(
            "INSERT INTO findings (scan_id, idx, code, severity, fingerprint, finding_json) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    scan_id,
                    i,
                    f.code,
                    f.severity.value,
                    f.fingerprint,
                    dumps(finding_to_dict(f)),
                )
                for i, f in enumerate(c.findings)
            ],
        )

    def _record_in(
        self,
        conn: sqlite3.Connection,
        c: CandidateReport,
        *,
        settings: Mapping[str, Any] | None,
        scanned_at: datetime | None,
        keep_raw: bool,
        origin: str,
        run_id: int | None,
        track: bool,
        actor: str,
    ) -> int:
        """`record_candidate` inside the caller's transaction."""
        from scanner import __version__
        from scanner.registry import registry

        settings = settings or {}
        when = _iso(scanned_at or _now())
        codes = settings.get("checks")
        if codes is None:
            codes = [code for code in registry.codes()]
        checks = {code: registry[code].version for code in codes if code in registry}
        conn.execute(
            "INSERT INTO people (id, name, first_seen, last_seen, tracked) VALUES (?, ?, ?, ?, 0) "
            "ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, "
            "name = CASE WHEN excluded.name != '' THEN excluded.name ELSE people.name END",
            (c.id, c.name or "", when, when),
        )
        if track:
            set_tracked(conn, c.id, True, actor=actor, reason=f"--track on {origin}", at=when)
        cur = conn.execute(
            "INSERT INTO scans (person_id, scanned_at, as_of, origin, tool_version, name, complete, "
            "risk_json, config_json, checks_json, not_run_json, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                c.id,
                when,
                c.as_of.isoformat() if c.as_of else None,
                origin,
                __version__,
                c.name or "",
                int(c.complete),
                dumps(risk_to_dict(c.risk)),
                dumps(settings.get("config", {})),
                dumps(checks),
                dumps([list(x) for x in c.checks_not_run]),
                run_id,
            ),
        )
        scan_id = int(cur.lastrowid or 0)
        for idx, src in enumerate(c.sources):
            prof = c.profiles[idx] if idx < len(c.profiles) else None
            self._insert_source(conn, scan_id, idx, src, prof, keep_raw)
        self._insert_findings(conn, scan_id, c)
        idents = sorted(_identifiers(c))
        conn.executemany(
            "INSERT OR IGNORE INTO identifiers (scan_id, person_id, kind, value) VALUES (?, ?, ?, ?)",
            [(scan_id, c.id, kind, value) for kind, value in idents],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO identifier_keys (scan_id, person_id, kind, key) VALUES (?, ?, ?, ?)",
            [(scan_id, c.id, kind, key) for kind, key in sorted(_keys(idents))],
        )
        for idx, src in enumerate(c.sources):
            prof = c.profiles[idx] if idx < len(c.profiles) else None
            if prof is not None and src.ok and src.collector != "store":
                add_corpus_entry(
                    conn,
                    person_id=c.id,
                    name=prof.name or c.name or "",
                    positions=prof.experience,
                    origin="scan",
                    scan_id=scan_id,
                    label=f"scan {scan_id} of {when[:10]} ({src.kind.value} {src.uri})",
                )
        if origin in ("check", "batch"):
            self._mark_alerted(
                conn,
                c.id,
                scan_id,
                [(f.code, f.fingerprint) for f in c.findings],
                when,
            )
        if run_id is not None:
            conn.execute(
                "UPDATE run_items SET status = 'done', scan_id = ?, error = NULL WHERE run_id = ? AND person_id = ?",
                (scan_id, run_id, c.id),
            )
        return scan_id

    def _insert_source(
        self,
        conn: sqlite3.Connection,
        scan_id: int,
        idx: int,
        src: SourceDocument,
        prof: Profile | None,
        keep_raw: bool,
    ) -> None:
        sha = src.sha256 or (SourceDocument.digest(src.content) if src.content else "")
        raw_sha = None
        if keep_raw and src.content:
            raw_sha = sha
            conn.execute(
                "INSERT OR IGNORE INTO raw_documents (sha256, content) VALUES (?, ?)",
                (sha, src.content),
            )
        local_path = None
        if src.kind is not SourceKind.APPLICATION and not _is_url(src.uri):
            given = src.meta.get("path") or src.meta.get("stored_path")
            if given:
                local_path = str(given)
            elif (
                src.collector != "store"
                and "confined_to" not in src.meta  # a refused cell: never resolved from here
                and Path(src.uri).expanduser().exists()
            ):
                local_path = os.path.abspath(Path(src.uri).expanduser())
        conn.execute(
            "INSERT INTO sources (scan_id, idx, kind, uri, local_path, sha256, status, source_json, profile_json, raw_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                scan_id,
                idx,
                src.kind.value,
                src.uri,
                local_path,
                sha,
                src.status.value,
                dumps(source_to_dict(src)),
                dumps(profile_to_dict(prof, keep_text=keep_raw)) if prof is not None else None,
                raw_sha,
            ),
        )

    def record_report(
        self,
        report: Report,
        *,
        keep_raw: bool = False,
        origin: str = "check",
        track: bool = False,
        actor: str = "",
    ) -> list[int]:
        """Record every candidate of a report, one transaction each."""
        return [
            self.record_candidate(
                c,
                settings=report.settings,
                scanned_at=report.generated_at,
                keep_raw=keep_raw,
                origin=origin,
                track=track,
                actor=actor,
            )
            for c in report.candidates
        ]

    # -- reading ---------------------------------------------------------------------------
    def people(self, *, tracked_only: bool = False) -> list[PersonSummary]:
        sql = (
            "SELECT p.id, p.name, p.first_seen, p.last_seen, p.tracked, COUNT(s.id) FROM people p "
            "LEFT JOIN scans s ON s.person_id = p.id "
            + ("WHERE p.tracked = 1 " if tracked_only else "")
            + "GROUP BY p.id ORDER BY p.id"
        )
        return [
            PersonSummary(
                r[0],
                r[1],
                datetime.fromisoformat(r[2]),
                datetime.fromisoformat(r[3]),
                r[5],
                bool(r[4]),
            )
            for r in self.conn.execute(sql)
        ]

    def person(self, person_id: str) -> PersonSummary | None:
        r = self.conn.execute(
            "SELECT p.id, p.name, p.first_seen, p.last_seen, p.tracked, "
            "(SELECT COUNT(*) FROM scans s WHERE s.person_id = p.id) FROM people p WHERE p.id = ?",
            (person_id,),
        ).fetchone()
        if r is None:
            return None
        return PersonSummary(
            r[0], r[1], datetime.fromisoformat(r[2]), datetime.fromisoformat(r[3]), r[5], bool(r[4])
        )

    def scan_ids(self, person_id: str) -> list[int]:
        """The person's scan ids, newest first."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM scans WHERE person_id = ? ORDER BY scanned_at DESC, id DESC",
                (person_id,),
            )
        ]

    def scan(self, scan_id: int) -> StoredScan:
        """One stored scan; a row that cannot be decoded (edited, damaged) is a `StoreError`."""
        try:
            return self._scan(scan_id)
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            raise StoreError(
                f"history store {self.path}: scan {scan_id} is damaged and cannot be read "
                f"({type(exc).__name__}: {str(exc)[:200]})"
            ) from None

    def _scan(self, scan_id: int) -> StoredScan:
        row = self.conn.execute(
            "SELECT id, person_id, scanned_at, as_of, origin, tool_version, name, complete, risk_json, "
            "config_json, checks_json, run_id, not_run_json FROM scans WHERE id = ?",
            (scan_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no scan {scan_id} in {self.path}")
        sources = []
        for idx, local_path, source_json, profile_json in self.conn.execute(
            "SELECT idx, local_path, source_json, profile_json FROM sources WHERE scan_id = ? ORDER BY idx",
            (scan_id,),
        ):
            doc = source_from_dict(json.loads(source_json))
            sources.append(
                StoredSource(
                    index=idx,
                    kind=doc.kind,
                    uri=doc.uri,
                    sha256=doc.sha256,
                    status=doc.status,
                    profile=profile_from_dict(json.loads(profile_json)) if profile_json else None,
                    format=doc.format,
                    error=doc.error,
                    retrieved_at=doc.retrieved_at,
                    collector=doc.collector,
                    local_path=local_path,
                    meta=doc.meta,
                )
            )
        findings = tuple(
            finding_from_dict(json.loads(r[0]))
            for r in self.conn.execute(
                "SELECT finding_json FROM findings WHERE scan_id = ? ORDER BY idx", (scan_id,)
            )
        )
        return StoredScan(
            scan_id=row[0],
            person_id=row[1],
            scanned_at=datetime.fromisoformat(row[2]),
            as_of=date.fromisoformat(row[3]) if row[3] else None,
            origin=row[4],
            tool_version=row[5],
            name=row[6],
            complete=bool(row[7]),
            risk=risk_from_dict(json.loads(row[8])),
            config=json.loads(row[9]),
            checks=json.loads(row[10]),
            run_id=row[11],
            checks_not_run=tuple((str(c), str(r)) for c, r in json.loads(row[12])),
            sources=tuple(sources),
            findings=findings,
        )

    def history(self, person_id: str, *, limit: int = 20) -> list[StoredScan]:
        """The person's stored scans, newest first: the newest `limit - 1` and always the first one."""
        ids = self.scan_ids(person_id)
        if len(ids) > limit:
            ids = [*ids[: max(1, limit - 1)], ids[-1]]
        return [self.scan(i) for i in ids]

    def latest_scan(self, person_id: str) -> StoredScan | None:
        ids = self.scan_ids(person_id)
        return self.scan(ids[0]) if ids else None

    def raw_content(self, sha256: str) -> bytes | None:
        row = self.conn.execute(
            "SELECT content FROM raw_documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def iter_identifiers(
        self,
        kinds: Iterable[str] | None = None,
        *,
        people: Iterable[str] | None = None,
        exclude_batch_run: str | None = None,
    ) -> Iterator[tuple[str, int, datetime, str, str]]:
        """(person_id, scan_id, scanned_at, kind, value) for every stored identifier (newest scan
        per value), of every person or only of `people`; without the scans of one batch run
        (`exclude_batch_run`: a resumed batch does not link its rows with themselves)."""
        clauses: list[str] = []
        args: list[str] = []
        if exclude_batch_run:
            clauses.append("scan_id NOT IN (SELECT id FROM scans WHERE batch_run = ?)")
            args.append(exclude_batch_run)
        if kinds is not None:
            wanted = tuple(kinds)
            clauses.append(f"kind IN ({','.join('?' * len(wanted))})")
            args += wanted
        if people is not None:
            who = sorted(set(people))
            if not who:
                return
            clauses.append(f"person_id IN ({','.join('?' * len(who))})")
            args += who
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(
            f"""
            SELECT g.person_id, g.scan_id, s.scanned_at, g.kind, g.value
            FROM (SELECT person_id, MAX(scan_id) AS scan_id, kind, value FROM identifiers {where}
                  GROUP BY person_id, kind, value) AS g
            JOIN scans s ON s.id = g.scan_id
            ORDER BY g.person_id, g.kind, g.value
            """,
            args,
        )
        for person_id, scan_id, scanned_at, kind, value in rows:
            yield person_id, scan_id, datetime.fromisoformat(scanned_at), kind, value

    def people_sharing(
        self, keys: Iterable[tuple[str, str]], *, exclude: str, hub_size: int
    ) -> tuple[set[str], list[tuple[str, str, int]]]:
        """Stored people (other than `exclude`) holding any of these linkage keys, and the keys
        held by more than `hub_size` of them (hubs: (kind, key, people), not expanded)."""
        wanted = sorted(set(keys))
        counts: dict[tuple[str, str], int] = {}
        for start in range(0, len(wanted), 200):
            chunk = wanted[start : start + 200]
            values = ",".join("(?, ?)" for _ in chunk)
            for kind, key, n in self.conn.execute(
                "SELECT kind, key, COUNT(DISTINCT person_id) FROM identifier_keys "
                f"WHERE (kind, key) IN (VALUES {values}) AND person_id != ? GROUP BY kind, key",
                [*(x for pair in chunk for x in pair), exclude],
            ):
                counts[(kind, key)] = int(n)
        hubs = [(k, v, n) for (k, v), n in sorted(counts.items()) if n > hub_size]
        people: set[str] = set()
        for kind, key in sorted(k for k, n in counts.items() if n <= hub_size):
            people.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT person_id FROM identifier_keys "
                    "WHERE kind = ? AND key = ? AND person_id != ?",
                    (kind, key, exclude),
                )
            )
        return people, hubs

    # -- tracking --------------------------------------------------------------------------
    def set_tracked(
        self, person_ids: Sequence[str], tracked: bool, *, actor: str, reason: str = ""
    ) -> list[str]:
        """Track (or untrack) stored people, in one transaction; returns those that changed."""
        with self.transaction() as conn:
            return [
                pid
                for pid in person_ids
                if set_tracked(conn, pid, tracked, actor=actor, reason=reason)
            ]

    def tracking_trail(self, person_id: str) -> list[tuple[str, str, str, str]]:
        """(action, at, actor, reason) of every track/untrack of the person, oldest first."""
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.conn.execute(
                "SELECT action, at, actor, reason FROM tracking WHERE person_id = ? ORDER BY id",
                (person_id,),
            )
        ]

    # -- alerts ------------------------------------------------------------------------------
    def _mark_alerted(
        self,
        conn: sqlite3.Connection,
        person_id: str,
        scan_id: int | None,
        items: Iterable[tuple[str, str]],
        when: str,
    ) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO alerts (person_id, fingerprint, code, first_reported_at, scan_id) VALUES (?, ?, ?, ?, ?)",
            [(person_id, fp, code, when, scan_id) for code, fp in items],
        )

    def alerted(self, person_id: str) -> set[str]:
        """Fingerprints of the person's findings already shown in a report or alert."""
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT fingerprint FROM alerts WHERE person_id = ?", (person_id,)
            )
        }

    # -- re-validation runs ----------------------------------------------------------------
    def start_or_resume_run(self, only: Sequence[str] | None) -> tuple[int, bool]:
        """Resume the interrupted run with the same selection, or start one; returns (id, resumed).

        An interrupted run with another selection is marked abandoned: what it committed stays,
        and its findings, never alerted, are reported by the new run.
        """
        selection = dumps({"only": sorted(set(only)) if only else None})
        when = _iso(_now())
        with self.transaction() as conn:
            for run_id, sel in conn.execute(
                "SELECT id, selection_json FROM runs WHERE status = 'running' ORDER BY id DESC"
            ).fetchall():
                if sel == selection:
                    return int(run_id), True
                conn.execute(
                    "UPDATE runs SET status = 'abandoned', finished_at = ? WHERE id = ?",
                    (when, run_id),
                )
            if only:
                people = sorted(set(only))
            else:
                people = [
                    r[0]
                    for r in conn.execute(
                        "SELECT p.id FROM people p WHERE p.tracked = 1 AND EXISTS "
                        "(SELECT 1 FROM scans s WHERE s.person_id = p.id) ORDER BY p.id"
                    )
                ]
            cur = conn.execute(
                "INSERT INTO runs (started_at, status, selection_json) VALUES (?, 'running', ?)",
                (when, selection),
            )
            run_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO run_items (run_id, person_id) VALUES (?, ?)",
                [(run_id, p) for p in people],
            )
        return run_id, False

    def run_items(self, run_id: int) -> list[RunItem]:
        return [
            RunItem(r[0], r[1], r[2], r[3])
            for r in self.conn.execute(
                "SELECT person_id, status, scan_id, error FROM run_items WHERE run_id = ? ORDER BY person_id",
                (run_id,),
            )
        ]

    def fail_item(self, run_id: int, person_id: str, error: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE run_items SET status = 'failed', error = ? WHERE run_id = ? AND person_id = ?",
                (error, run_id, person_id),
            )

    def finish_run(
        self, run_id: int, *, delivered: bool, alerts: Iterable[tuple[str, int | None, str, str]]
    ) -> None:
        """Close a run; with `delivered`, its new findings count as reported (person, scan, code, fingerprint)."""
        when = _iso(_now())
        with self.transaction() as conn:
            if delivered:
                conn.executemany(
                    "INSERT OR IGNORE INTO alerts (person_id, fingerprint, code, first_reported_at, scan_id) "
                    "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM people WHERE id = ?)",
                    [(p, fp, code, when, scan_id, p) for p, scan_id, code, fp in alerts],
                )
            conn.execute(
                "UPDATE runs SET status = 'done', finished_at = ?, delivered = ? WHERE id = ?",
                (when, int(delivered), run_id),
            )

    # -- retention and erasure -------------------------------------------------------------
    def forget(self, person_id: str) -> int:
        """Erase everything stored about one person; returns how many scans were removed."""
        with self.transaction() as conn:
            n = conn.execute(
                "SELECT COUNT(*) FROM scans WHERE person_id = ?", (person_id,)
            ).fetchone()[0]
            conn.execute("DELETE FROM corpus WHERE person_id = ?", (person_id,))
            conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
            self._drop_orphans(conn)
        self._checkpoint()
        return int(n)

    def purge(
        self, older_than: datetime, *, keep_latest: bool = False, dry_run: bool = False
    ) -> PurgeResult:
        """Remove scans taken before `older_than` (and people left with none, and old runs)."""
        cutoff = _iso(older_than)
        keep = "AND id NOT IN (SELECT MAX(id) FROM scans GROUP BY person_id)" if keep_latest else ""
        try:
            with self.transaction() as conn:
                scans = conn.execute(
                    f"SELECT COUNT(*) FROM scans WHERE scanned_at < ? {keep}", (cutoff,)
                ).fetchone()[0]
                conn.execute(f"DELETE FROM scans WHERE scanned_at < ? {keep}", (cutoff,))
                gone = [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM people p WHERE NOT EXISTS (SELECT 1 FROM scans s WHERE s.person_id = p.id)"
                    )
                ]
                for pid in gone:
                    conn.execute("DELETE FROM corpus WHERE person_id = ?", (pid,))
                    conn.execute("DELETE FROM people WHERE id = ?", (pid,))
                old_runs = "FROM runs WHERE status != 'running' AND started_at < ?"
                runs = conn.execute(f"SELECT COUNT(*) {old_runs}", (cutoff,)).fetchone()[0]
                conn.execute(f"DELETE {old_runs}", (cutoff,))
                self._drop_orphans(conn)
                result = PurgeResult(int(scans), len(gone), int(runs))
                if dry_run:
                    raise _DryRun(result)
        except _DryRun as dry:
            return dry.result
        self._checkpoint()
        return result

    def _drop_orphans(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "DELETE FROM raw_documents WHERE sha256 NOT IN (SELECT raw_sha256 FROM sources WHERE raw_sha256 IS NOT NULL)"
        )

    def _checkpoint(self) -> None:
        """Fold the WAL back into the file so erased data does not linger in it."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:
            pass  # another connection is reading; the next checkpoint will do it

    # -- imported profiles -----------------------------------------------------------------
    def import_profile(self, profile: Profile, *, sha256: str, label: str) -> bool:
        """Add a known person's exported profile to the ID004 corpus; False when already there or undated."""
        with self.transaction() as conn:
            return add_corpus_entry(
                conn,
                person_id=f"import:{sha256[:16]}",
                name=profile.name,
                positions=profile.experience,
                origin="import",
                scan_id=None,
                label=label,
            )

    def corpus_size(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM corpus").fetchone()[0])


class _DryRun(Exception):
    """Rolls back a purge that only counts."""

    def __init__(self, result: PurgeResult) -> None:
        super().__init__("dry run")
        self.result = result


def open_store(db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
    """Open the store at `db` (default: `$SCANNER_DB` or the user data dir), migrating it if older.

    Raises `StoreError` with a one-line message (missing file with `create=False`, not a
    database, written by a newer scanner).
    """
    path = resolve_db_path(db)
    conn = connect(path, create=create)
    try:
        migrations.apply(conn, path)
        refresh_derived(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"history store {path} cannot be read: {exc}") from None
    return Store(path, conn)


def record_report(
    report: Report,
    *,
    db: str | os.PathLike[str] | None = None,
    keep_raw: bool = False,
    origin: str = "check",
    track: bool = False,
    actor: str = "",
) -> list[int]:
    """Record every candidate of `report` (one transaction each); returns the new scan ids.

    `origin` says which command produced it (`check`, `batch`); raw documents are kept only
    with `keep_raw`; with `track` the people are tracked for re-validation.
    """
    with open_store(db) as store:
        return store.record_report(
            report, keep_raw=keep_raw, origin=origin, track=track, actor=actor
        )


def set_tracked(
    conn: sqlite3.Connection,
    person_id: str,
    tracked: bool,
    *,
    actor: str,
    reason: str = "",
    at: str | None = None,
) -> bool:
    """Track or untrack one stored person inside the caller's transaction; a change is written
    to the tracking audit trail. Returns whether anything changed."""
    row = conn.execute("SELECT tracked FROM people WHERE id = ?", (person_id,)).fetchone()
    if row is None or bool(row[0]) == tracked:
        return False
    conn.execute("UPDATE people SET tracked = ? WHERE id = ?", (int(tracked), person_id))
    conn.execute(
        "INSERT INTO tracking (person_id, action, at, actor, reason) VALUES (?, ?, ?, ?, ?)",
        (person_id, "track" if tracked else "untrack", at or _iso(_now()), actor, reason),
    )
    return True
