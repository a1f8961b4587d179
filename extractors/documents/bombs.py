"""Compression bombs in PDFs: refuse a file whose streams inflate past a limit before any
reader inflates them.

PDFium inflates a page's content stream in full when it reads the page's text, so a few
megabytes of deflated operators ask for gigabytes. Here every Flate stream is inflated once,
in bounded steps and thrown away, only to count its bytes (chained filters, Flate of Flate,
are followed); a file past the limit is refused with one line.
"""

from __future__ import annotations

import re
import zlib

from extractors.documents.base import ExtractionError, human_bytes

__all__ = ["refuse_pdf_bomb"]

_STREAM = re.compile(rb"stream\r?\n")
_STEP = 1 << 16  # bytes fed to, and taken from, the inflater at a time
_MAX_LAYERS = 4


def _zlib_header(data: bytes) -> bool:
    """Whether `data` starts like a zlib stream (deflate, a valid header checksum)."""
    return (
        len(data) >= 2
        and data[0] & 0x0F == 8
        and data[0] >> 4 <= 7
        and ((data[0] << 8) | data[1]) % 31 == 0
    )


def refuse_pdf_bomb(content: bytes, limit: int) -> None:
    """Raise `ExtractionError` when the PDF's Flate streams inflate to more than `limit` bytes
    in total. Every stream that starts like zlib data is counted whatever its dictionary says,
    and one whose output is zlib data again (Flate of Flate) is followed down."""
    total = 0
    pos = 0
    view = memoryview(content)
    while (m := _STREAM.search(content, pos)) is not None:
        start = m.end()
        pos = start
        if not _zlib_header(content[start : start + 2]):
            continue
        inflated, used = _inflated_size(view[start:], limit - total)
        total += inflated
        pos = start + max(used, 1)
        if total > limit:
            raise ExtractionError(
                f"PDF inflates to more than {human_bytes(limit)} (a compression bomb?); "
                "not read (raise [limits] max_unzipped_bytes in scanner.toml for a real file "
                "this large)"
            )


def _inflated_size(data: memoryview, budget: int) -> tuple[int, int]:
    """(bytes after every Flate layer, input bytes consumed), stopping once past `budget`."""
    chain = [zlib.decompressobj()]
    out = 0
    used = 0
    for offset in range(0, len(data), _STEP):
        piece = bytes(data[offset : offset + _STEP])
        try:
            out += _feed(chain, 0, piece, budget - out)
        except zlib.error:
            return out, used + len(piece)
        used = offset + len(piece) - len(chain[0].unused_data)
        if out > budget or chain[0].eof:
            break
    return out, used


def _feed(chain: list[zlib._Decompress], level: int, data: bytes, budget: int) -> int:
    """Push `data` through layer `level` and the layers after it; returns the final output size.
    A layer whose first output is zlib data again gets a layer after it."""
    d = chain[level]
    produced = 0
    first = level + 1 == len(chain)
    while data and not d.eof and produced <= budget:
        chunk = d.decompress(data, _STEP)
        data = d.unconsumed_tail
        if first and chunk:
            first = False
            if len(chain) < _MAX_LAYERS and _zlib_header(chunk):
                chain.append(zlib.decompressobj())
        if level + 1 < len(chain):
            try:
                produced += _feed(chain, level + 1, chunk, budget - produced)
            except zlib.error:
                del chain[level + 1 :]  # not zlib after all: count this layer's bytes
                produced += len(chunk)
        else:
            produced += len(chunk)
        if not chunk and not data:
            break
    return produced
