"""Plain text and Markdown: decoding any bytes to text, and text to lines."""

from __future__ import annotations

import codecs
import re

from extractors.documents.base import (
    GAP,
    DocumentText,
    Limits,
    LineSink,
    bytes_cut_note,
    require_content,
    truncated_note,
)
from extractors.model import DocumentMeta

__all__ = ["decode_text", "looks_like_markdown", "read_text"]

# cp1252 leaves five bytes undefined; map them (and everything else) through Latin-1 so that
# decoding can never fail.
_CP1252 = str.maketrans(
    {
        chr(b): bytes([b]).decode("cp1252")
        for b in range(0x80, 0xA0)
        if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def detect_encoding(content: bytes) -> tuple[str, int]:
    """The likely encoding of `content` and the length of its byte-order mark (0 without one).

    Order: BOM, BOM-less UTF-16 (ASCII-heavy text has a NUL in every other byte), UTF-8 when the
    bytes are valid UTF-8 (a cut multi-byte sequence at the very end is tolerated), else cp1252.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name, len(bom)
    sample = content[:4096]
    half = len(sample) // 2
    if half >= 2:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
            return "utf-16-le", 0
        if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
            return "utf-16-be", 0
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(content, final=False)
    except UnicodeDecodeError:
        return "cp1252", 0
    return "utf-8", 0


def decode_bytes(content: bytes, encoding: str, bom: int = 0) -> str:
    """Decode with `encoding` without ever raising (bad bytes become U+FFFD; cp1252 never fails)."""
    body = content[bom:]
    if encoding == "cp1252":
        return body.decode("latin-1").translate(_CP1252)
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("latin-1").translate(_CP1252)


def normalise_newlines(text: str) -> str:
    """CRLF, CR and the Unicode line separators become `\\n`; NUL characters are dropped."""
    return _NEWLINES.sub("\n", text).replace("\x00", "")


def decode_text(content: bytes) -> str:
    """Bytes of unknown encoding to text: UTF-8 (with or without BOM), UTF-16/32 with BOM,
    BOM-less UTF-16, else cp1252 (Latin-1 for its undefined bytes). Never raises; newlines
    are normalised to `\\n`."""
    encoding, bom = detect_encoding(content)
    return normalise_newlines(decode_bytes(content, encoding, bom))


def decode_prefix(content: bytes, max_chars: int) -> tuple[str, bool]:
    """Decode at most about `max_chars` characters from the start of `content`, cheaply.

    Only a prefix of the bytes is decoded, so a 50 MB file costs no more than a small one.
    Returns the text and whether anything was cut.
    """
    budget = max_chars * 4 + 4
    encoding, bom = detect_encoding(content[: budget + 8])
    cut = len(content) > budget + bom
    if not cut:
        text = decode_bytes(content, encoding, bom)
    else:
        prefix = content[bom : bom + budget]
        if encoding == "cp1252":
            text = decode_bytes(prefix, encoding)
        else:
            decoder = codecs.getincrementaldecoder(encoding)("replace")
            text = decoder.decode(prefix, final=False)
    text = normalise_newlines(text)
    if len(text) > max_chars:
        return text[:max_chars], True
    return text, cut


# --- Markdown, stripped lightly -------------------------------------------------------------

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^@<>\s]+@[^@<>\s]+\.[^@<>\s]+)>")
_STRONG = re.compile(
    r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"
)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

_MD_SIGNALS = (
    re.compile(r"^#{1,6}\s+\S", re.MULTILINE),
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    re.compile(r"\*\*[^*\n]+\*\*"),
    re.compile(r"^\s{0,3}(?:=+|-{3,})\s*$", re.MULTILINE),
    re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE),
    re.compile(r"^```", re.MULTILINE),
)


def looks_like_markdown(text: str) -> bool:
    """At least two different Markdown constructs (headings, links, bold, rules, tables, fences)."""
    sample = text[:65536]
    return sum(1 for pattern in _MD_SIGNALS if pattern.search(sample)) >= 2


def _link(match: re.Match[str]) -> str:
    """`[text](url)` keeps both unless the target is just the text (or `mailto:` + the text)."""
    label, target = match[1], match[2]
    return label if target.removeprefix("mailto:") == label else f"{label} ({target})"


def _inline_markdown(text: str) -> tuple[str, bool]:
    """Strip inline markup; returns the text and whether the whole line was **strong**."""
    stripped = text.strip()
    whole_bold = bool(
        len(stripped) > 4
        and (
            (stripped.startswith("**") and stripped.endswith("**") and "**" not in stripped[2:-2])
            or (
                stripped.startswith("__") and stripped.endswith("__") and "__" not in stripped[2:-2]
            )
        )
    )
    text = _BR.sub(GAP, text)
    text = _IMAGE.sub(lambda m: f"{m[1]} ({m[2]})" if m[1] else m[2], text)
    text = _LINK.sub(_link, text)
    text = _AUTOLINK.sub(lambda m: m[1].removeprefix("mailto:"), text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m[1] or m[2], text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return text, whole_bold


def _table_row(line: str) -> str | None:
    """`| a | b |` to `a    b`; None when the line is not a table row."""
    stripped = line.strip()
    if len(stripped) < 2 or not stripped.startswith("|") or not stripped.endswith("|"):
        return None
    cells = [cell.strip() for cell in stripped[1:-1].split("|")]
    return GAP.join(cell for cell in cells if cell)


def _markdown_lines(raw_lines: list[str], sink: LineSink) -> None:
    """Markdown to lines: headings flagged, markup stripped, list markers kept as text.

    List bullets (`- `, `* `, `1. `) stay: they separate description lines from entry headers
    in plain-text résumés too. Link targets are kept in parentheses (profile URLs matter).
    """
    in_fence = False
    previous_blank = True
    pending: tuple[str, bool] | None = None  # a paragraph line that may turn out a setext heading

    def flush(heading: bool = False) -> None:
        nonlocal pending
        if pending is not None:
            text, bold = pending
            sink.add(text, bold=bold or heading, heading=heading)
            pending = None

    for line in raw_lines:
        if sink.full:
            break
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            previous_blank = False
            continue
        if in_fence:
            flush()
            sink.add(line)
            continue
        if not line.strip():
            flush()
            previous_blank = True
            continue
        if pending is not None and _SETEXT.match(line):
            flush(heading=True)
            previous_blank = False
            continue
        if _RULE.match(line) or _TABLE_SEP.match(line):
            flush()
            previous_blank = False
            continue
        flush()
        line = _QUOTE.sub("", line)
        heading = _ATX.match(line)
        if heading:
            text, _ = _inline_markdown(heading[2])
            sink.add(text, bold=True, heading=True)
            previous_blank = False
            continue
        row = _table_row(line)
        if row is not None:
            text, bold = _inline_markdown(row)
            sink.add(text, bold=bold)
            previous_blank = False
            continue
        text, bold = _inline_markdown(line)
        if previous_blank and not re.match(r"\s*(?:[-*+•]|\d+[.)])\s", line):
            pending = (text, bold)
        else:
            sink.add(text, bold=bold)
        previous_blank = False
    flush()


def read_text(
    content: bytes, limits: Limits = Limits(), *, markdown: bool | None = None
) -> DocumentText:
    """Plain text or Markdown to lines (empty lines dropped, very long lines split).

    `markdown=None` decides from the content (see `looks_like_markdown`); Markdown headings are
    flagged and light markup is stripped. Input beyond `limits.max_chars` is cut with a note,
    after decoding only a prefix of the bytes.
    """
    require_content(content)
    sink = LineSink(limits)
    if len(content) > limits.max_bytes:
        sink.note(bytes_cut_note(len(content), limits.max_bytes))
        content = content[: limits.max_bytes]
    text, cut = decode_prefix(content, limits.max_chars)
    if cut:
        sink.note(truncated_note(limits.max_chars))
    if markdown is None:
        markdown = looks_like_markdown(text)
    raw_lines = text.split("\n")
    if markdown:
        _markdown_lines(raw_lines, sink)
    else:
        for line in raw_lines:
            if sink.full:
                break
            sink.add(line)
    return DocumentText(lines=tuple(sink.lines), meta=DocumentMeta(), notes=sink.final_notes())
