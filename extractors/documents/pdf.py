"""PDF to positioned text lines in reading order, with pypdfium2.

How reading order is recovered, page by page:

1. Every glyph is read with its baseline origin, its "loose" box (advance width by font
   ascent/descent), font size and whether its font is bold. Whitespace glyphs are dropped; word
   spaces are re-created from the gaps between glyphs, so PDFs that position each word
   separately read the same as those that draw space characters.
2. Glyphs are grouped into rows by baseline (tolerance 0.4 em of the larger font) and each row
   is split into segments wherever the horizontal gap exceeds 1.5 em.
3. Columns: a vertical gutter is an interior strip at least 1.5 em wide that the segments of
   at most 10% of the rows cross (strips crossed by none are preferred, then wider ones). A gutter only counts as a column break when both sides have rows of
   their own (at least 20% of each side's rows have nothing on the other side); otherwise the
   right-hand pieces are annotations of their row (right-aligned dates, locations) and stay on
   it. Rows that do cross the gutter (a full-width name header) split the page into bands;
   within a band the left column is emitted before the right one. Each column is searched
   again for further gutters (up to three levels), so a three-column page also works.
4. Segments of one row that end up in the same column are joined with four spaces, so
   "Senior Engineer ........ Jan 2019 – Present" becomes "Senior Engineer    Jan 2019 – Present"
   (runs of four or more leader dots are replaced by the gap too).

Each line keeps its page, box and dominant font size, so a caller can re-split columns itself.
Rotated glyphs (angle not 0) are read in content order and emitted after the page's other lines.
"""

from __future__ import annotations

import ctypes
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from itertools import accumulate, islice, repeat
from operator import itemgetter
from typing import Any, Final

from extractors.documents.base import (
    GAP,
    Deadline,
    DocumentText,
    Limits,
    LineSink,
    one_line,
    refuse_if_too_large,
    require_content,
)
from extractors.model import DocumentMeta, ExtractionError

__all__ = ["parse_pdf_date", "read_pdf"]

_ROW_TOLERANCE = 0.4  # em: glyphs whose baselines differ by less share a row
_SPACE_GAP = 0.17  # em: a wider gap between glyphs is a word space
_SEGMENT_GAP = 1.5  # em: a wider gap splits a row into segments
_MIN_GUTTER = 1.5  # em: the narrowest column gutter
_OWN_ROWS = 0.2  # share of a column's rows that must have nothing on the other side
_MAX_DEPTH = 3
_LEADERS = re.compile(r"\s*(?:[.·…]\s?){4,}\s*")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_OPEN_RUN = re.compile(rb"\x01+")


# A glyph is a plain tuple, the cheapest object to build and sort (a page has thousands):
# (baseline, x0, x1, top, bottom, size, bold, character); coordinates in points from the crop
# box's top-left corner, the baseline as a distance from the page top.
_Glyph = tuple[float, float, float, float, float, float, bool, str]
_BASE: Final = 0
_X0: Final = 1
_X1: Final = 2
_TOP: Final = 3
_BOTTOM: Final = 4
_SIZE: Final = 5
_BOLD: Final = 6
_CH: Final = 7
_by_base = itemgetter(_BASE)
_by_x0 = itemgetter(_X0)
_by_x1 = itemgetter(_X1)
_by_top = itemgetter(_TOP)
_by_bottom = itemgetter(_BOTTOM)
_by_size = itemgetter(_SIZE)
_by_bold = itemgetter(_BOLD)
_ASCII = [chr(code) for code in range(0x80)]
_CHUNK = 4096  # characters fetched from PDFium at once; the deadline is checked between chunks


@dataclass(slots=True)
class _Segment:
    """A run of glyphs on one row without a large gap."""

    row: int
    glyphs: list[_Glyph]
    x0: float
    x1: float
    text: str


# --- glyphs ---------------------------------------------------------------------------------

# What all glyphs of one text object share: (baseline, size, bold, rotated).
_ObjectInfo = tuple[float, float, bool, bool]


class _TextObjects:
    """Per-text-object facts, looked up once per object rather than once per glyph.

    A PDF text object is one text-showing operation: one font, one size, one matrix and, for
    upright text, one baseline. `cache` maps an object's address to its facts.
    """

    def __init__(self, raw: Any, textpage: Any, top: float) -> None:
        self.raw = raw
        self.textpage = textpage
        self.top = top
        self.cache: dict[int, _ObjectInfo] = {}
        self.buffer = ctypes.create_string_buffer(256)
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()

    def info(self, index: int, address: int | None) -> _ObjectInfo:
        """The facts of the object that character `index` belongs to (at `address`, or None)."""
        if not address:
            return self._compute(index, None)
        found = self.cache.get(address)
        if found is None:
            obj = self.raw.FPDFText_GetTextObject(self.textpage, index)
            found = self.cache[address] = self._compute(index, obj)
        return found

    def _compute(self, index: int, obj: Any) -> _ObjectInfo:
        raw, textpage = self.raw, self.textpage
        angle = raw.FPDFText_GetCharAngle(textpage, index)
        rotated = 0.02 < angle < 2 * math.pi - 0.02
        raw.FPDFText_GetCharOrigin(textpage, index, self.ox, self.oy)
        size = raw.FPDFText_GetFontSize(textpage, index)
        bold = False
        font = raw.FPDFTextObj_GetFont(obj) if obj else None
        if font:
            weight = raw.FPDFFont_GetWeight(font)
            length = raw.FPDFFont_GetBaseFontName(font, self.buffer, len(self.buffer))
            name = self.buffer.value.decode("latin-1") if length else ""
            bold = weight >= 600 or _BOLD_NAME.search(name) is not None
        base = self.top - self.oy.value
        if not -1e6 < base < 1e6:  # no usable baseline: read it in content order instead
            rotated = True
        return (base, size, bold, rotated)


@lru_cache(maxsize=1)
def _bulk_calls() -> tuple[Any, Any, Any]:
    """FPDFText_GetUnicode, FPDFText_GetTextObject (as an address) and FPDFText_GetLooseCharBox
    for the per-character loop: copies of pypdfium2's function pointers without argument
    conversion, about three times cheaper per call. Callers pass the text page's raw pointer,
    Python ints for indices and `ctypes.byref` results for the box.
    """
    import pypdfium2.raw as raw

    def copy(function: Any, restype: Any) -> Any:
        clone = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
        clone.restype = restype  # argtypes stay unset: no per-argument conversion
        return clone

    return (
        copy(raw.FPDFText_GetUnicode, ctypes.c_uint),
        copy(raw.FPDFText_GetTextObject, ctypes.c_void_p),
        copy(raw.FPDFText_GetLooseCharBox, ctypes.c_int),
    )


def _page_glyphs(
    textpage: Any, crop: tuple[float, float, float, float], budget: int, deadline: Deadline
) -> tuple[list[_Glyph], list[list[str]], bool]:
    """The page's upright glyphs, the text of rotated runs (in content order), and whether the
    page was cut short (more than `budget` characters, or time ran out).

    Coordinates are turned into points from the crop box's top-left corner; glyphs with absurd
    coordinates are dropped. Characters are fetched from PDFium a chunk at a time (code points,
    text objects and boxes in three bulk passes), then walked in Python.
    """
    import pypdfium2.raw as raw

    left, _bottom, _right, top = crop
    tp = textpage.raw
    total = raw.FPDFText_CountChars(tp)
    count = min(total, budget)
    glyphs: list[_Glyph] = []
    rotated: list[list[str]] = []
    run: list[str] = []
    objects = _TextObjects(raw, tp, top)
    cache = objects.cache
    get_unicode, get_object, get_box = _bulk_calls()
    high: int | None = None
    stopped = False
    boxes = (ctypes.c_float * (4 * min(count, _CHUNK)))()
    box_refs = [ctypes.byref(boxes, 16 * k) for k in range(min(count, _CHUNK))]
    # Chunks end where the glyph-by-glyph loop used to check the clock (index % 4096 == 4095).
    start = 0
    while start < count:
        if start and deadline.passed():
            stopped = True
            break
        end = min(count, start + _CHUNK - (1 if start == 0 else 0))
        n = end - start
        indices = range(start, end)
        codes = list(map(get_unicode, repeat(tp, n), indices))
        addresses = list(map(get_object, repeat(tp, n), indices))
        for _ in map(get_box, repeat(tp, n), indices, box_refs):
            pass
        floats = array("f", bytes(boxes)).tolist()  # left, top, right, bottom per character
        for k, code in enumerate(codes):
            if 0x20 < code < 0x7F:  # printable ASCII, by far the most common
                ch = _ASCII[code]
                high = None
            else:
                if 0xD800 <= code <= 0xDBFF:  # first half of a surrogate pair: wait for the second
                    high = code
                    continue
                if 0xDC00 <= code <= 0xDFFF:
                    if high is None:
                        continue
                    code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                high = None
                ch = chr(code) if 0 < code < 0x110000 else ""
                if ch in ("\r", "\n", ""):
                    if run:
                        rotated.append(run)
                        run = []
                    continue
                if ch.isspace() or not ch.isprintable():
                    if run:
                        run.append(" ")
                    continue
            address = addresses[k]
            info = cache.get(address) if address else None
            if info is None:
                info = objects.info(start + k, address)
            base, size, bold, turned = info
            if turned:
                run.append(ch)
                continue
            if run:
                rotated.append(run)
                run = []
            j = 4 * k
            x0, x1 = floats[j] - left, floats[j + 2] - left
            y0, y1 = top - floats[j + 1], top - floats[j + 3]
            # Chained comparisons are False for NaN and infinities too.
            if not (-1e6 < x0 < 1e6 and -1e6 < x1 < 1e6 and -1e6 < y0 < 1e6 and -1e6 < y1 < 1e6):
                continue
            height = y1 - y0
            if not (0.3 < size < 1000 and 0.4 * size < height < 3.0 * size):
                size = height / 1.15 if 0.3 < height < 1000 else 1.0
            glyphs.append((base, x0, x1 if x1 > x0 else x0, y0, y1, size, bold, ch))
        start = end
    if run:
        rotated.append(run)
    return glyphs, rotated, stopped or total > count


# --- rows and segments ----------------------------------------------------------------------


def _rows(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Group glyphs by baseline (top to bottom), each row sorted left to right."""
    ordered = sorted(glyphs, key=_by_x0)
    ordered.sort(key=_by_base)  # two stable sorts: by baseline, then x0, then content order
    rows: list[list[_Glyph]] = []
    row: list[_Glyph] = []
    anchor = -1e9
    anchor_size = 1.0
    for glyph in ordered:
        size = glyph[_SIZE]
        tolerance = _ROW_TOLERANCE * (size if size > anchor_size else anchor_size)
        if rows and abs(glyph[_BASE] - anchor) <= (0.5 if tolerance < 0.5 else tolerance):
            row.append(glyph)
        else:
            row = [glyph]
            rows.append(row)
            anchor, anchor_size = glyph[_BASE], size
    for row in rows:
        row.sort(key=_by_x0)
    return rows


def _segments(rows: list[list[_Glyph]]) -> list[_Segment]:
    """Split each row where the gap exceeds 1.5 em, re-creating word spaces from smaller gaps;
    overprints (fake bold draws a glyph two or more times, shifted a little) are dropped."""
    segments: list[_Segment] = []
    for row_index, row in enumerate(rows):
        prev = row[0]
        current = [prev]
        parts = [prev[_CH]]
        for glyph in islice(row, 1, None):
            ch, x0, size = glyph[_CH], glyph[_X0], glyph[_SIZE]
            if ch == prev[_CH] and abs(x0 - prev[_X0]) < 0.15 * size:
                continue
            prev_size = prev[_SIZE]
            em = size if size < prev_size else prev_size
            gap = x0 - prev[_X1]
            if gap > _SEGMENT_GAP * em:
                segments.append(_make_segment(row_index, current, parts))
                current = [glyph]
                parts = [ch]
            else:
                if gap > _SPACE_GAP * em:
                    parts.append(" ")
                current.append(glyph)
                parts.append(ch)
            prev = glyph
        segments.append(_make_segment(row_index, current, parts))
    return segments


def _make_segment(row: int, glyphs: list[_Glyph], parts: list[str]) -> _Segment:
    return _Segment(row, glyphs, glyphs[0][_X0], max(map(_by_x1, glyphs)), "".join(parts))


# --- columns --------------------------------------------------------------------------------


def _median_size(segments: list[_Segment]) -> float:
    sizes = [g[_SIZE] for s in segments for g in s.glyphs]
    sizes.sort()
    return sizes[len(sizes) // 2] if sizes else 10.0


def _find_gutter(segments: list[_Segment]) -> tuple[float, float] | None:
    """The best column gutter (x range) among these segments, or None.

    Candidates are interior x ranges crossed by segments of at most 10% of the rows; the one
    crossed by the fewest rows wins, then the widest. It must pass the "rows of their own" test.
    """
    rows = {s.row for s in segments}
    if len(rows) < 4:
        return None
    lo = math.floor(min(s.x0 for s in segments))
    hi = math.ceil(max(s.x1 for s in segments))
    width = hi - lo
    if width <= 0:
        return None
    scale = max(1.0, width / 4000)  # one cell per point, at most 4000 cells
    cells = int(width / scale) + 2
    coverage = [0] * (cells + 1)
    for s in segments:
        a = int((s.x0 - lo) / scale)
        b = math.ceil((s.x1 - lo) / scale)
        coverage[a] += 1
        coverage[min(b, cells)] -= 1
    coverage = list(accumulate(coverage))
    allowed = len(rows) // 10
    min_width = _MIN_GUTTER * _median_size(segments) / scale
    inside = coverage[:cells]  # (the cell at `cells` closes every run and is never open)
    levels = set(inside)
    best: tuple[int, float, tuple[float, float]] | None = None
    for threshold in range(allowed + 1):  # strips crossed by no row first, then by a few
        if threshold and threshold not in levels:
            continue  # the same strips as the threshold below: nothing new to find
        open_cells = bytes(map(threshold.__ge__, inside))  # 1 where at most `threshold` rows cross
        for strip in _OPEN_RUN.finditer(open_cells):
            start, i = strip.span()
            if start > 0 and i - start >= min_width and i < cells:
                g0, g1 = lo + start * scale, lo + i * scale
                crossing = {s.row for s in segments if s.x0 < g1 and s.x1 > g0}
                key = (len(crossing), -(g1 - g0), (g0, g1))
                if (
                    len(crossing) <= allowed
                    and (best is None or key[:2] < best[:2])
                    and _own_rows(segments, g0, g1, crossing)
                ):
                    best = key
    return best[2] if best else None


def _own_rows(segments: list[_Segment], g0: float, g1: float, crossing: set[int]) -> bool:
    """Both sides need enough rows with nothing on the other side to be columns, not annotations."""
    left = {s.row for s in segments if s.x1 <= g0 and s.row not in crossing}
    right = {s.row for s in segments if s.x0 >= g1 and s.row not in crossing}
    if len(left) < 2 or len(right) < 2:
        return False
    shared = left & right
    return (
        len(left - shared) >= _OWN_ROWS * len(left)
        and len(right - shared) >= _OWN_ROWS * len(right)
        and len(left - shared) + len(right - shared) >= 2
    )


def _order(segments: list[_Segment], row_base: list[float], depth: int = 0) -> list[list[_Segment]]:
    """Segments grouped into output lines in reading order (see the module docstring)."""
    by_row: dict[int, list[_Segment]] = {}
    for s in segments:
        by_row.setdefault(s.row, []).append(s)
    ordered_rows = sorted(by_row, key=lambda r: row_base[r])
    gutter = _find_gutter(segments) if depth < _MAX_DEPTH else None
    if gutter is None:
        return [sorted(by_row[r], key=lambda s: s.x0) for r in ordered_rows]
    g0, g1 = gutter
    out: list[list[_Segment]] = []
    left: list[_Segment] = []
    right: list[_Segment] = []

    def flush_band() -> None:
        if left:
            out.extend(_order(left, row_base, depth + 1))
        if right:
            out.extend(_order(right, row_base, depth + 1))
        left.clear()
        right.clear()

    for r in ordered_rows:
        row = by_row[r]
        if any(s.x0 < g1 and s.x1 > g0 for s in row):
            flush_band()
            out.append(sorted(row, key=lambda s: s.x0))
            continue
        for s in row:
            (left if s.x1 <= g0 else right).append(s)
    flush_band()
    return out


def _line_size(glyphs: list[_Glyph]) -> float:
    """The most common font size (to 0.1 pt) of a line's glyphs; the first seen wins a tie."""
    counts: dict[float, int] = {}
    for size, n in Counter(map(_by_size, glyphs)).items():  # few distinct sizes: round those
        key = round(size, 1)
        counts[key] = counts.get(key, 0) + n
    return max(counts.items(), key=itemgetter(1))[0]


def _emit_page(glyphs: list[_Glyph], rotated: list[list[str]], page: int, sink: LineSink) -> None:
    rows = _rows(glyphs)
    row_base = [row[0][_BASE] for row in rows]
    for line in _order(_segments(rows), row_base):
        if sink.full:
            return  # (it takes no more lines)
        text = GAP.join(s.text for s in line)
        text = _LEADERS.sub(GAP, text)
        line_glyphs = line[0].glyphs if len(line) == 1 else [g for s in line for g in s.glyphs]
        bold = sum(map(_by_bold, line_glyphs))
        sink.add(
            text,
            page=page,
            x0=round(min(s.x0 for s in line), 2),
            top=round(min(map(_by_top, line_glyphs)), 2),
            x1=round(max(s.x1 for s in line), 2),
            bottom=round(max(map(_by_bottom, line_glyphs)), 2),
            size=_line_size(line_glyphs),
            bold=bold * 2 > len(line_glyphs),
        )
    for run in rotated:
        sink.add("".join(run), page=page)


# --- metadata -------------------------------------------------------------------------------

_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*"
    r"(?:(Z)|([+-])(\d{2})'?(?:(\d{2})'?)?)?"
)


def parse_pdf_date(value: str) -> datetime | None:
    """`D:20190301120000+01'00'` (and its shortened forms) to an aware datetime.

    A date without a zone is taken as UTC (PDF leaves it unspecified). Nonsense gives None.
    """
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups()[:6])
    zone = UTC
    if match[8]:
        offset = timedelta(hours=int(match[9]), minutes=int(match[10] or 0))
        if offset >= timedelta(hours=24):
            return None
        zone = timezone(offset if match[8] == "+" else -offset)
    try:
        return datetime(
            year or 1,
            month or 1,
            day or 1,
            hour or 0,
            minute or 0,
            min(second or 0, 59),
            tzinfo=zone,
        )
    except (ValueError, OverflowError):
        return None


def _metadata(document: Any, pages: int) -> DocumentMeta:
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:  # a broken info dictionary must not cost the text
        info = {}

    def text(key: str) -> str:
        value = info.get(key, "")
        return one_line(value, 300) if isinstance(value, str) else ""

    return DocumentMeta(
        author=text("Author"),
        producer=text("Producer"),
        creator=text("Creator"),
        title=text("Title"),
        subject=text("Subject"),
        created=parse_pdf_date(text("CreationDate")),
        modified=parse_pdf_date(text("ModDate")),
        pages=pages,
    )


# --- reading --------------------------------------------------------------------------------


def _open(content: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4 or "password" in str(exc).lower():
            raise ExtractionError("PDF is encrypted (password protected)") from None
        detail = str(exc).replace("Failed to load document ", "").strip("(). ")
        raise ExtractionError(f"PDF is damaged or truncated: {one_line(detail)}") from None
    except Exception as exc:
        raise ExtractionError(f"PDF is damaged or truncated: {one_line(exc)}") from None


def _preview(content: bytes) -> str:
    head = content[:16].decode("latin-1")
    return repr("".join(ch if ch.isprintable() else "." for ch in head))


def read_pdf(content: bytes, limits: Limits = Limits()) -> DocumentText:
    """The text lines of a PDF in reading order (see the module docstring), with its metadata.

    Reads at most `limits.max_pages` pages and stops between pages after `limits.max_seconds`
    (always reading the first page), noting either. Raises `ExtractionError` for empty, non-PDF,
    damaged, password-protected and text-less (scanned) files.
    """
    require_content(content)
    refuse_if_too_large(content, limits, "PDF")
    if content.find(b"%PDF-", 0, 1024) < 0:
        raise ExtractionError(f"not a PDF (starts with {_preview(content)})")
    deadline = Deadline(limits.max_seconds)
    document = _open(content)
    try:
        return _read_open(document, content, limits, deadline)
    finally:
        try:
            document.close()
        except Exception:
            pass


def _read_open(document: Any, content: bytes, limits: Limits, deadline: Deadline) -> DocumentText:
    try:
        total = len(document)
    except Exception as exc:
        raise ExtractionError(f"PDF is damaged or truncated: {one_line(exc)}") from None
    if total <= 0:
        raise ExtractionError("PDF is damaged or truncated: it has no pages")
    sink = LineSink(limits)
    to_read = min(total, max(1, limits.max_pages))
    if to_read < total:
        sink.note(f"only the first {to_read} of {total} pages were read")
    read = failed = empty = 0
    page_width = 0.0
    for index in range(to_read):
        if index and deadline.passed():
            sink.note(f"stopped after {limits.max_seconds:g} s: read {read} of {total} pages")
            break
        if sink.full:
            break
        try:
            width, glyph_count = _read_page(document, index, sink, deadline)
        except ExtractionError:
            raise
        except Exception:
            failed += 1
            continue
        read += 1
        page_width = page_width or width
        empty += glyph_count == 0
    if read == 0:
        raise ExtractionError("PDF is damaged or truncated: no page could be read")
    if not sink.lines and not sink.full:  # (a zero character budget is not a scan)
        raise ExtractionError("PDF has no text layer (scanned image?); OCR is not supported")
    if failed:
        sink.note(f"{failed} page{'s' if failed != 1 else ''} could not be read (damaged)")
    if empty:
        sink.note(f"{empty} of {read} pages have no text layer (scanned images?)")
    if b"%%EOF" not in content[-2048:]:
        sink.note("PDF looks truncated (no end-of-file marker); text may be incomplete")
    return DocumentText(
        lines=tuple(sink.lines),
        meta=_metadata(document, total),
        notes=sink.final_notes(),
        page_width=round(page_width, 2),
    )


def _read_page(document: Any, index: int, sink: LineSink, deadline: Deadline) -> tuple[float, int]:
    """Emit one page's lines into `sink`; returns the page width and how many glyphs it had."""
    page = document[index]
    try:
        crop = tuple(float(v) for v in page.get_cropbox())
        textpage = page.get_textpage()
        try:
            budget = max(0, sink.max_chars - sink.chars) + 1
            glyphs, rotated, cut = _page_glyphs(textpage, crop, budget, deadline)  # type: ignore[arg-type]
        finally:
            textpage.close()
    finally:
        page.close()
    _emit_page(glyphs, rotated, index, sink)
    if cut and deadline.passed():
        sink.stop(f"stopped after {deadline.seconds:g} s in the middle of page {index + 1}")
    elif cut:
        sink.stop()
    return crop[2] - crop[0], len(glyphs) + sum(len(r) for r in rotated)
