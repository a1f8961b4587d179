"""The batch parent's linkage index: a few bytes per identifier, whatever the number of rows.

Workers reduce each row's linkage keys (`RowKeys`) to 64-bit hashes (`link_hashes`): one per
exact identifier, probes that let a reference meet an applicant's own phone or mailbox, the
row's id (a stored person with the same id is that person), and the LSH bands of its résumé
signature and photo hash. The parent keeps only these hashes and the row numbers, in arrays.

When every row is in, the rows that share a hash with another row (`shared_rows`) are the only
ones linkage can connect; everything else about them is read back from the run file and
`linkage.link` runs on that subset exactly as it would on every row: groups, hubs, households
and clusters are decided by the rows that share a value, which the subset holds whole. A hash
collision only adds a row to the subset, where exact keys then decide.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from scanner.batch.keys import RowKeys, photo_bands, signature_bands
from scanner.batch.linkage import Linkage, LinkageOptions, link
from scanner.identifiers import IDENTS_PER_ROW

__all__ = ["KeyIndex", "link_hashes", "link_subset"]

_PARTS = 64  # partitions by the hash's low bits: each is sorted on its own, in little memory


def _h(kind: str, key: str) -> int:
    """The 64-bit BLAKE2b hash of `kind NUL key` (UTF-8), from the kind's hashed prefix."""
    start = _PREFIXES.get(kind)
    if start is None:
        start = hashlib.blake2b(kind.encode() + b"\x00", digest_size=8)
        if len(_PREFIXES) < 64:  # a handful of kinds; more are hashed without being kept
            _PREFIXES[kind] = start
    h = start.copy()
    h.update(key.encode())
    return int.from_bytes(h.digest(), "little")


_PREFIXES: dict[str, Any] = {}  # kind → BLAKE2b state after `kind NUL`


def link_hashes(keys: RowKeys, lsh_bands: int) -> list[int]:
    """The 64-bit hashes under which a row can meet another row in linkage (see the module)."""
    out = [_h("id", keys.id)]
    for ident in keys.idents[:IDENTS_PER_ROW]:
        out.append(_h(ident.kind, ident.key))
        if ident.kind == "reference":  # a referee who is also an applicant
            out.append(_h("phone", ident.key))
            out.append(_h("email", ident.key))
    if keys.resume_sig:
        out += [_h("resume", b) for b in signature_bands(keys.resume_sig, lsh_bands)]
    if keys.photo_hash is not None:
        out += [_h("photo-band", b) for b in photo_bands(keys.photo_hash)]
    return out


class KeyIndex:
    """(hash, row) pairs in partitioned arrays: 12 bytes per identifier."""

    def __init__(self) -> None:
        self._hashes = [array("Q") for _ in range(_PARTS)]
        self._rows = [array("I") for _ in range(_PARTS)]
        self.entries = 0

    def add(self, row: int, hashes: Iterable[int]) -> None:
        by_hash, by_row = self._hashes, self._rows
        n = 0
        for h in hashes:
            part = h % _PARTS
            by_hash[part].append(h)
            by_row[part].append(row)
            n += 1
        self.entries += n

    def shared_rows(self) -> bytearray:
        """A flag per row (by row number): 1 where the row shares a hash with another row."""
        top = max((max(r) for r in self._rows if r), default=-1)
        flags = bytearray(top + 1)
        for hashes, rows in zip(self._hashes, self._rows, strict=True):
            if not hashes:
                continue
            pairs = sorted((h << 32) | r for h, r in zip(hashes, rows, strict=True))
            run_hash = -1
            run_rows: list[int] = []
            for p in pairs:
                h, r = p >> 32, p & 0xFFFFFFFF
                if h != run_hash:
                    _mark(flags, run_rows)
                    run_hash, run_rows = h, [r]
                elif r != run_rows[-1]:
                    run_rows.append(r)
            _mark(flags, run_rows)
        return flags

    def memory_bytes(self) -> int:
        return sum(a.buffer_info()[1] * a.itemsize for a in (*self._hashes, *self._rows))


def _mark(flags: bytearray, rows: list[int]) -> None:
    if len(rows) > 1:
        for r in rows:
            flags[r] = 1


def link_subset(
    batch: Sequence[RowKeys],
    stored: Sequence[RowKeys],
    options: LinkageOptions,
    placeholders: Mapping[tuple[str, str], int],
) -> tuple[Linkage, list[int]]:
    """`linkage.link` on the rows that share something: `batch` (each with its row number in the
    whole batch as `index`, in order) then the stored people. Returns the linkage, numbered by
    position in the subset, and the batch row number of each position (for the batch rows)."""
    positions = [k.index for k in batch]
    rows = [replace(k, index=i) for i, k in enumerate(batch)]
    rows += [replace(k, index=len(rows) + j) for j, k in enumerate(stored)]
    return link(rows, options, placeholders=placeholders), positions
