"""Types shared by the document readers, and small helpers for limits and line cleaning."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from extractors.model import DocumentMeta, ExtractionError

__all__ = ["DocumentText", "Limits", "TextLine"]

GAP = "    "
"""Four spaces stand for a large horizontal gap (PDF) or a tab (DOCX, TXT) inside one line."""

MAX_LINE_CHARS = 2000
"""Longer lines (minified text, one-line files) are split into pieces of at most this length."""


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text in reading order, with its position on the page when the format has one.

    Positions are PDF points: `x0`/`x1` from the page's left edge, `top`/`bottom` from its top
    edge. Non-PDF formats leave them at 0. `text` is never empty and has no leading/trailing
    whitespace; four spaces inside it mark a large gap or a tab.
    """

    text: str
    page: int = 0
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    heading: bool = False


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The text lines of one document, what it says about itself, and notes on what was skipped."""

    lines: tuple[TextLine, ...]
    meta: DocumentMeta
    notes: tuple[str, ...] = ()
    page_width: float = 0.0

    @property
    def text(self) -> str:
        """All lines joined by newlines, in reading order."""
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one untrusted document.

    PDF and DOCX files larger than `max_bytes` are refused; text and HTML are cut to it (with a
    note). `max_pages` applies to PDFs, `max_unzipped_bytes` to DOCX archives, `max_chars` and
    `max_seconds` to every format (checked between pages / blocks, so one step can overrun).
    """

    max_bytes: int = 50_000_000
    max_pages: int = 200
    max_chars: int = 2_000_000
    max_seconds: float = 20.0
    max_unzipped_bytes: int = 200_000_000


def require_content(content: bytes) -> None:
    """Refuse empty input with the same message for every format."""
    if not content:
        raise ExtractionError("file is empty")


def refuse_if_too_large(content: bytes, limits: Limits, what: str) -> None:
    """Refuse a whole-file format (PDF, DOCX) above `limits.max_bytes`."""
    if len(content) > limits.max_bytes:
        raise ExtractionError(
            f"{what} is too large ({human_bytes(len(content))}; the limit is "
            f"{human_bytes(limits.max_bytes)})"
        )


def human_bytes(n: int) -> str:
    """`1.5 MB`-style sizes for messages."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def one_line(text: object, limit: int = 160) -> str:
    """A library's exception text squeezed into one short line for an analyst-facing message."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Deadline:
    """Wall-clock budget checked between steps (pages, blocks); never interrupts a step."""

    __slots__ = ("_end", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self._end


# Characters that are invisible or reorder text and carry no content: zero-width space, word
# joiner, BOM, soft hyphen, bidi embeddings/overrides/isolates. ZWJ/ZWNJ are kept (scripts need
# them). C0/C1 control characters other than tab are dropped too.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = "".join(chr(c) for c in [*range(0, 9), *range(10, 32), *range(0x7F, 0xA0)])
_DELETE_INVISIBLE = str.maketrans("", "", _INVISIBLE)
_DELETE_CONTROLS = str.maketrans("", "", _CONTROLS)
_SPACES = str.maketrans(
    {
        "\t": GAP,
        "\xa0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u3000": " ",
        # Typographic ligatures from PDF fonts would break word matching ("Certiﬁed").
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        **{chr(c): " " for c in range(0x2000, 0x200B)},
    }
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_DASH_SOFT_HYPHEN = re.compile(r"(?<=[\d\s])\u00ad(?=[\s\d])|(?<=\s)\u00ad|\u00ad(?=\s)")


def clean_line(text: str) -> tuple[str, int]:
    """Normalise one line for output; returns the text and how many invisible characters went.

    Tabs become four spaces, exotic spaces become plain spaces, ligatures are spelled out, controls and lone surrogates are
    dropped, and the invisible formatting characters above are removed and counted (hidden
    characters inside a résumé are worth a note to the analyst).
    """
    if text.isascii() and text.isprintable():
        return text.strip(), 0  # (nothing below applies to printable ASCII: most lines)
    if "\u00ad" in text:  # a soft hyphen outside a word is a dash some templates use
        text = _DASH_SOFT_HYPHEN.sub("-", text)
    without = text.translate(_DELETE_INVISIBLE)
    removed = len(text) - len(without)
    cleaned = without.translate(_DELETE_CONTROLS).translate(_SPACES)
    if not cleaned.isascii():
        cleaned = _SURROGATES.sub("", cleaned)
    return cleaned.strip(), removed


def invisible_note(count: int) -> str:
    return (
        f"removed {count} invisible formatting character{'s' if count != 1 else ''} "
        "(zero-width spaces, soft hyphens or bidi controls)"
    )


def split_long_line(text: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    """Split a very long line into pieces of at most `limit` characters, at spaces when possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    n = len(text)
    while n - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def bytes_cut_note(size: int, max_bytes: int) -> str:
    return f"only the first {human_bytes(max_bytes)} of {human_bytes(size)} were read"


def truncated_note(max_chars: int) -> str:
    return f"text truncated to the first {max_chars:,} characters"


class LineSink:
    """Collects cleaned `TextLine`s under a character budget and gathers the notes to report."""

    def __init__(self, limits: Limits) -> None:
        self.lines: list[TextLine] = []
        self.notes: list[str] = []
        self.chars = 0
        self.max_chars = limits.max_chars
        self.full = False
        self.invisible = 0
        self.split_lines = 0

    def add(
        self,
        text: str,
        *,
        page: int = 0,
        x0: float = 0.0,
        top: float = 0.0,
        x1: float = 0.0,
        bottom: float = 0.0,
        size: float = 0.0,
        bold: bool = False,
        heading: bool = False,
    ) -> None:
        """Clean `text`, split it if very long, and keep it unless the budget is spent."""
        if self.full:
            return
        cleaned, removed = clean_line(text)
        self.invisible += removed
        if not cleaned:
            return
        pieces = split_long_line(cleaned)
        if len(pieces) > 1:
            self.split_lines += 1
        for piece in pieces:
            room = self.max_chars - self.chars
            if room <= 0:
                self._fill()
                return
            if len(piece) > room:
                piece = piece[:room].rstrip()
                self._fill()
            if piece:
                self.lines.append(TextLine(piece, page, x0, top, x1, bottom, size, bold, heading))
                self.chars += len(piece) + 1
            if self.full:
                return

    def stop(self, note: str | None = None) -> None:
        """Take no more lines: the input had more text than the budget (or time) allowed."""
        if note is None:
            self._fill()
        else:
            self.full = True
            self.note(note)

    def _fill(self) -> None:
        if not self.full:
            self.full = True
            self.notes.append(truncated_note(self.max_chars))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def final_notes(self) -> tuple[str, ...]:
        notes = list(self.notes)
        if self.split_lines:
            notes.append(
                f"{self.split_lines} very long line{'s were' if self.split_lines != 1 else ' was'}"
                f" split into pieces of at most {MAX_LINE_CHARS} characters"
            )
        if self.invisible:
            notes.append(invisible_note(self.invisible))
        return tuple(notes)
