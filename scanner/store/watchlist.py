"""The team's watchlist: identifiers from confirmed cases that every later scan is matched against.

An entry is a kind (phone, email, address, linkedin, github, document), the value as the analyst
entered it, its linkage key (`scanner.identifiers.join_keys`, so a phone written any way or a
mailbox behind a provider alias matches) and the reason. Removing an entry keeps it, marked
removed with who and why: the list is an audit trail, not a scratch pad.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scanner.identifiers import WATCH_KINDS, watch_key
from scanner.model import WatchEntry
from scanner.store.store import Store

__all__ = [
    "ListedEntry",
    "Watchlist",
    "WatchlistError",
    "add_entry",
    "list_entries",
    "load_watchlist",
    "remove_entry",
]


class WatchlistError(ValueError):
    """A watchlist value cannot be used (the message says why)."""


@dataclass
class Watchlist:
    """The active entries, indexed by (link kind, key): what NW009 reads (`WatchlistLookup`)."""

    entries: Sequence[WatchEntry] = ()
    _index: dict[tuple[str, str], list[WatchEntry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            self._index.setdefault((_link_kind(e.kind), e.key), []).append(e)

    def matches(self, kind: str, key: str) -> Sequence[WatchEntry]:
        return self._index.get((kind, key), ())

    def __len__(self) -> int:
        return len(self.entries)


def _link_kind(kind: str) -> str:
    ident = WATCH_KINDS.get(kind)
    link = ident.link_kind if ident is not None else None
    return link.value if link is not None else kind


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _entry(row: Sequence[object]) -> WatchEntry:
    kind, value, key, reason, by, at = (str(x) if x is not None else "" for x in row)
    return WatchEntry(
        kind=kind,
        value=value,
        key=key,
        reason=reason,
        added_by=by,
        added_at=datetime.fromisoformat(at) if at else None,
    )


def add_entry(
    store: Store, kind: str, value: str, *, reason: str, by: str
) -> tuple[WatchEntry, bool]:
    """Put an identifier on the watchlist; returns (entry, added) — False when already active."""
    key = watch_key(kind, value)
    if key is None:
        if kind == "address":
            raise WatchlistError(
                f"{value!r} is not a street address (a city or region matches too many people)"
            )
        if kind == "document":
            raise WatchlistError(
                f"{value!r} is not a document: give the file, its SHA-256, or an `fp:` fingerprint"
            )
        raise WatchlistError(f"{value!r} is not a {kind} that identifies one person")
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT kind, value, key, reason, added_by, added_at FROM watchlist "
            "WHERE kind = ? AND key = ? AND removed_at IS NULL",
            (kind, key[1]),
        ).fetchone()
        if row is not None:
            return _entry(row), False
        at = _now()
        conn.execute(
            "INSERT INTO watchlist (kind, value, key, reason, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind, value.strip(), key[1], reason, by, at),
        )
    return WatchEntry(kind, value.strip(), key[1], reason, by, datetime.fromisoformat(at)), True


def remove_entry(store: Store, kind: str, value: str, *, by: str, reason: str = "") -> int:
    """Mark the active entries matching (kind, value) removed; returns how many."""
    key = watch_key(kind, value)
    with store.transaction() as conn:
        cur = conn.execute(
            "UPDATE watchlist SET removed_at = ?, removed_by = ?, removed_reason = ? "
            "WHERE kind = ? AND (key = ? OR value = ?) AND removed_at IS NULL",
            (_now(), by, reason, kind, key[1] if key else "", value.strip()),
        )
        return int(cur.rowcount or 0)


@dataclass(frozen=True)
class ListedEntry:
    entry: WatchEntry
    removed_at: str | None = None
    removed_by: str | None = None
    removed_reason: str | None = None


def list_entries(store: Store, *, include_removed: bool = False) -> list[ListedEntry]:
    where = "" if include_removed else "WHERE removed_at IS NULL"
    rows = store.conn.execute(
        "SELECT kind, value, key, reason, added_by, added_at, removed_at, removed_by, "
        f"removed_reason FROM watchlist {where} ORDER BY id"
    ).fetchall()
    return [ListedEntry(_entry(r[:6]), r[6], r[7], r[8]) for r in rows]


def load_watchlist(store: Store) -> Watchlist:
    return Watchlist([x.entry for x in list_entries(store)])
