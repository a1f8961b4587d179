"""The profile corpus kept in the SQLite history store (see `scanner.corpus` for the idea)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from pathlib import Path
from typing import Any

from scanner.corpus import CorpusEntry

__all__ = ["StoreCorpus"]


class StoreCorpus:
    """The corpus in the SQLite history store, opened lazily (picklable: only the path travels)."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None = None) -> None:
        self.path = Path(path)
        self._conn = conn

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = state["path"]
        self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            from scanner.store.db import connect

            self._conn = connect(self.path, create=False)
        return self._conn

    def similar(
        self, keys: Collection[str], *, exclude_person: str, min_shared: int = 2, limit: int = 20
    ) -> list[CorpusEntry]:
        keys = sorted(set(keys))
        if len(keys) < min_shared:
            return []
        import json

        from scanner.store.serialise import position_from_dict

        marks = ",".join("?" * len(keys))
        rows = (
            self._connection()
            .execute(
                f"""
            SELECT c.id, c.person_id, c.name, c.origin, c.label, c.positions_json, c.scan_id, k.n
            FROM (SELECT corpus_id, COUNT(*) AS n FROM corpus_keys WHERE key IN ({marks})
                  GROUP BY corpus_id HAVING n >= ?) AS k
            JOIN corpus AS c ON c.id = k.corpus_id
            WHERE c.person_id != ?
            ORDER BY k.n DESC, c.id
            LIMIT ?
            """,
                (*keys, min_shared, exclude_person, limit),
            )
            .fetchall()
        )
        out = []
        for r in rows:
            stored = json.loads(r[5])
            out.append(
                CorpusEntry(
                    corpus_id=r[0],
                    person_id=r[1],
                    name=r[2],
                    origin=r[3],
                    label=r[4],
                    positions=tuple(position_from_dict(p) for p in stored),
                    scan_id=r[6],
                    shared_keys=r[7],
                )
            )
        return out

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
