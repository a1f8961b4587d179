"""The history store: every scan kept in one SQLite file, so people can be re-validated later.

Public API (used by the CLI, the batch engine and the checks):

- `record_report(report, db=None, keep_raw=False, origin="check")`: record a report's candidates,
  one transaction each.
- `open_store(db=None, create=True) -> Store`: the store itself (history, purge, forget, runs).
- `default_db_path()`: `$SCANNER_DB`, else `history.db` under the user data dir
  (`$XDG_DATA_HOME/scanner/`, by default `~/.local/share/scanner/`).
- `attach_history(candidate, db)`: put the person's stored scans in `candidate.history` and the
  store's profile corpus in `candidate.corpus` before checks run.
- `iter_identifiers(db) -> (person_id, scan_id, scanned_at, kind, value)`: every identifier of
  every stored person, for cross-candidate linkage (see the function for the kinds).
- `stored_watchlist(db)`: the active watchlist entries (NW009), or None without a store.
- `apply_stored_reviews(report, db)`: the analysts' reviews in force on the report's findings.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from scanner.corpus import CorpusEntry, InMemoryCorpus, ProfileCorpus
from scanner.model import StoredScan, StoredSource
from scanner.store.corpus import StoreCorpus
from scanner.store.db import StoreError, default_db_path, resolve_db_path
from scanner.store.migrations import SchemaTooNew
from scanner.store.model import PersonSummary
from scanner.store.store import (
    IDENTIFIER_KINDS,
    Store,
    open_store,
    record_report,
)

if TYPE_CHECKING:
    from scanner.model import Candidate, Report
    from scanner.store.watchlist import Watchlist

__all__ = [
    "IDENTIFIER_KINDS",
    "CorpusEntry",
    "InMemoryCorpus",
    "PersonSummary",
    "ProfileCorpus",
    "SchemaTooNew",
    "Store",
    "StoreCorpus",
    "StoreError",
    "StoredScan",
    "StoredSource",
    "apply_stored_reviews",
    "attach_history",
    "default_db_path",
    "iter_identifiers",
    "open_store",
    "record_report",
    "stored_watchlist",
]


def attach_history(
    candidate: Candidate, db: str | os.PathLike[str] | None = None, *, limit: int = 20
) -> bool:
    """Give the checks the person's earlier scans and the stored profile corpus.

    Adds to `candidate.history` the person's stored scans (at most `limit`, always including the
    first; earlier snapshots already there, such as web-archive captures, are kept; newest
    first) and sets `candidate.corpus` (a `StoreCorpus` for ID004).
    Never raises and never creates a store: without one, the history checks report that they
    did not run. Returns whether the store could be read.
    """
    path = resolve_db_path(db)
    if not path.is_file():
        return False
    try:
        with open_store(path, create=False) as store:
            stored = store.history(candidate.id, limit=limit)
    except (StoreError, sqlite3.Error):
        return False
    # Keep what is already there (web-archive captures with --archive), newest first.
    candidate.history = sorted(
        [*candidate.history, *stored], key=lambda s: s.scanned_at, reverse=True
    )
    candidate.corpus = StoreCorpus(path)
    return True


def iter_identifiers(
    db: str | os.PathLike[str] | None = None,
    *,
    kinds: Iterable[str] | None = None,
    exclude_batch_run: str | None = None,
) -> Iterator[tuple[str, int, datetime, str, str]]:
    """Every identifier of every stored person: `(person_id, scan_id, scanned_at, kind, value)`.

    For linking new applicants to people scanned before (NW checks). One row per person, kind
    and value, naming the newest scan that had it (so evidence can say "scanned on ..."). Values
    are verbatim, as `scanner.identifiers.candidate_identifiers` gives them; key them with
    `scanner.identifiers.join_keys`, as batch linkage does. Kinds: `IDENTIFIER_KINDS` — name,
    email, phone, address, shipping_address, url, linkedin (slug), github (handle), photo
    (hash), reference, document_sha256, document_author, document_fingerprint
    (`fp:author|tool|producer|created`).
    Yields nothing when there is no store yet. `exclude_batch_run` leaves out the scans a batch
    run recorded itself (a batch resumed with `--continue`).
    """
    path = resolve_db_path(db)
    if not path.is_file():
        return
    with open_store(path, create=False) as store:
        yield from store.iter_identifiers(kinds, exclude_batch_run=exclude_batch_run)


def stored_watchlist(db: str | os.PathLike[str] | None = None) -> Watchlist | None:
    """The active watchlist entries, or None when there is no store yet (never creates one)."""
    from scanner.store.watchlist import load_watchlist

    path = resolve_db_path(db)
    if not path.is_file():
        return None
    with open_store(path, create=False) as store:
        return load_watchlist(store)


def apply_stored_reviews(report: Report, db: str | os.PathLike[str] | None = None) -> int:
    """Put the reviews in force on the report's findings and rescore; returns how many apply."""
    from scanner.store.reviews import apply_reviews

    path = resolve_db_path(db)
    if not path.is_file():
        return 0
    with open_store(path, create=False) as store:
        return apply_reviews(report, store)
