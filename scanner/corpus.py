"""The corpus of stored histories that ID004 compares a new candidate's history against.

Every recorded scan adds the dated employment histories it read (one entry per distinct history
of a person), and `scanner import-profiles` adds exported profiles of known real engineers. A
candidate is compared only with the entries that share the most *blocking keys* with it (an
employer's key from the normalisation package plus the start year, and the start month when
known), at least two, so a lookup reads a few thousand index rows and compares a few dozen
histories even at 100,000 stored profiles.

Checks reach the corpus through `Candidate.corpus`: any `ProfileCorpus` (the history store's
`scanner.store.corpus.StoreCorpus`, or `InMemoryCorpus` for tests and a batch without a store).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from extractors.model import Position
from extractors.normalise.orgs import org_key

__all__ = [
    "CorpusEntry",
    "InMemoryCorpus",
    "ProfileCorpus",
    "dated_positions",
    "timeline_digest",
    "timeline_keys",
]


def dated_positions(positions: Iterable[Position]) -> list[Position]:
    """Positions with an employer and a start date: the only ones a reused history can be told by."""
    return [
        p for p in positions if p.org.strip() and p.range is not None and p.range.start is not None
    ]


def timeline_keys(positions: Iterable[Position]) -> set[str]:
    """Blocking keys: `employer|start year` for each dated position, plus `employer|start month`
    when the month is known, so a copied history (same months) ranks above others that merely
    share a big employer and a year."""
    keys = set()
    for p in dated_positions(positions):
        assert p.range is not None and p.range.start is not None
        org = org_key(p.org)
        if org:
            start = p.range.start
            keys.add(f"{org}|{start.year}")
            if start.month is not None:
                keys.add(f"{org}|{start.year:04d}-{start.month:02d}")
    return keys


def timeline_digest(positions: Sequence[Position]) -> str:
    """A hash of a history's employers, titles and dates, so one history is stored once per person."""
    parts = []
    for p in dated_positions(positions):
        rng = p.range
        assert rng is not None
        parts.append(
            f"{org_key(p.org)}|{p.title.strip().lower()}|{rng.start}|{rng.end}|{rng.current}"
        )
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One stored history: whose it is, where it came from, and its positions."""

    corpus_id: int
    person_id: str
    name: str
    origin: str  # "scan" (a person in the store) or "import" (scanner import-profiles)
    label: str  # where it came from, for evidence: "scan 12 of 2026-01-03 (linkedin_pdf ...)"
    positions: tuple[Position, ...]
    scan_id: int | None = None
    shared_keys: int = 0


class ProfileCorpus(Protocol):
    """What ID004 needs from a corpus: entries sharing blocking keys with a history."""

    def similar(
        self, keys: Collection[str], *, exclude_person: str, min_shared: int = 2, limit: int = 20
    ) -> list[CorpusEntry]: ...


class InMemoryCorpus:
    """A corpus held in memory (tests, or a batch without a store). Same blocking as the store."""

    def __init__(self) -> None:
        self._entries: list[CorpusEntry] = []
        self._index: dict[str, set[int]] = defaultdict(set)

    def add(
        self,
        person_id: str,
        name: str,
        positions: Sequence[Position],
        *,
        origin: str = "scan",
        label: str = "",
    ) -> None:
        cid = len(self._entries)
        self._entries.append(
            CorpusEntry(
                cid, person_id, name, origin, label or f"{origin} {person_id}", tuple(positions)
            )
        )
        for key in timeline_keys(positions):
            self._index[key].add(cid)

    def __len__(self) -> int:
        return len(self._entries)

    def similar(
        self, keys: Collection[str], *, exclude_person: str, min_shared: int = 2, limit: int = 20
    ) -> list[CorpusEntry]:
        counts: dict[int, int] = defaultdict(int)
        for key in set(keys):
            for cid in self._index.get(key, ()):
                counts[cid] += 1
        hits = sorted(
            (c for c, n in counts.items() if n >= min_shared), key=lambda c: (-counts[c], c)
        )
        out = []
        for cid in hits:
            e = self._entries[cid]
            if e.person_id != exclude_person:
                out.append(_with_shared(e, counts[cid]))
            if len(out) >= limit:
                break
        return out


def _with_shared(e: CorpusEntry, n: int) -> CorpusEntry:
    return CorpusEntry(
        e.corpus_id, e.person_id, e.name, e.origin, e.label, e.positions, e.scan_id, n
    )
