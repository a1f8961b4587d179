"""The SQLite connection behind the history store: where it lives, how it is opened.

One file, created readable by its owner only (0600, folder 0700), WAL journal so readers never
block the writer, foreign keys on, a generous busy timeout so two writers wait rather than fail,
and `secure_delete` so purged and forgotten data is overwritten rather than left in free pages.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_SECONDS", "StoreError", "connect", "default_db_path", "resolve_db_path"]

BUSY_TIMEOUT_SECONDS = 60.0


class StoreError(Exception):
    """The history store cannot be used; the message says which file and why (shown as is)."""


def default_db_path() -> Path:
    """`$SCANNER_DB`, else `db` from `scanner.toml`, else `history.db` in the user's data
    directory (XDG_DATA_HOME on Unix)."""
    env = os.environ.get("SCANNER_DB")
    if env:
        return Path(env).expanduser()
    from scanner.config import ConfigError, load_config

    try:
        configured = load_config().db
    except ConfigError:
        configured = None
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "scanner" / "history.db"


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    """`--db` when given, else the default location."""
    return Path(db).expanduser() if db is not None else default_db_path()


def _create_private(path: Path) -> None:
    """Create the folder (0700 when new) and an empty file (0600) before SQLite opens it; a link
    planted at the path is refused, never followed."""
    from scanner.private_files import open_private

    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        os.close(open_private(path, os.O_WRONLY, exclusive=True))
    except FileExistsError:
        pass  # another process created it meanwhile: verified below like any existing store


def _verify_private(path: Path) -> None:
    """The store and SQLite's side files must be this user's regular files, closed to others:
    a link there would send the history elsewhere, another user's file would expose it."""
    from scanner.private_files import verify_private_file

    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            verify_private_file(p)
        except OSError as exc:
            raise StoreError(f"history store not opened: {exc}") from None


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """`PRAGMA journal_mode = WAL`, retried: while another process creates the same new store,
    SQLite answers "database is locked" at once, without waiting for the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.01
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and with `create`, create) the store file with the store's pragmas.

    The connection is in autocommit mode: callers open transactions explicitly with
    `BEGIN IMMEDIATE`, so one scan is one transaction and nothing is half-written after a crash.
    """
    if path.is_dir():
        raise StoreError(f"history store {path} is a directory, expected a file")
    if not path.exists() and not path.is_symlink():
        if not create:
            raise StoreError(f"no history store at {path} (nothing has been recorded yet)")
        try:
            _create_private(path)
        except OSError as exc:
            raise StoreError(f"cannot create history store {path}: {exc.strerror or exc}") from None
    _verify_private(path)
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open history store {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        mode = _switch_to_wal(conn)
        if str(mode).lower() != "wal":
            raise StoreError(f"history store {path}: cannot switch to WAL journal (got {mode})")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "file is encrypted" in str(exc):
            raise StoreError(
                f"{path} is not a scanner history store (not an SQLite database)"
            ) from None
        raise StoreError(f"cannot open history store {path}: {exc}") from None
    except StoreError:
        conn.close()
        raise
    return conn
