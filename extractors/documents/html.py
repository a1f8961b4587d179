"""HTML to visible text lines: block elements become lines, scripts and hidden text are dropped."""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator
from typing import Any

from extractors.documents.base import (
    Deadline,
    DocumentText,
    Limits,
    LineSink,
    bytes_cut_note,
    one_line,
    require_content,
)
from extractors.documents.text import decode_text, detect_encoding
from extractors.model import DocumentMeta, ExtractionError

__all__ = ["read_html"]

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I
)

_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "select",
        "datalist",
        "textarea",
        "audio",
        "video",
        "map",
        "input",
        "title",
    ]
)
_NO_BOUNDARY = frozenset({"sup", "sub", "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD = frozenset({"b", "strong"}) | _HEADINGS
_SR_ONLY = frozenset({"visually-hidden", "sr-only", "screen-reader-text", "a11y-text"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_SPACE = re.compile(r"\s+")


def _declared_encoding(content: bytes) -> str | None:
    """The charset from `<meta charset>` / `http-equiv` or the XML declaration, if usable.

    As browsers do, Latin-1 and ASCII labels mean cp1252, and a UTF-16/32 label without a BOM
    is ignored (the bytes could not have been parsed to find it otherwise).
    """
    head = content[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return None
    return name


def decode_html(content: bytes) -> str:
    """A BOM wins, then the declared charset (if the bytes really are in it), then detection."""
    _, bom = detect_encoding(content[:4])
    declared = None if bom else _declared_encoding(content)
    if declared:
        try:
            return content.decode(declared).replace("\r\n", "\n").replace("\r", "\n")
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_text(content)


class _Lines:
    """Accumulates inline text into the current line and flushes it at block boundaries."""

    def __init__(self, sink: LineSink) -> None:
        self.sink = sink
        self.parts: list[tuple[str, bool]] = []
        self.heading = False
        self.boundary = False

    def tag_boundary(self) -> None:
        """An inline element opened or closed here (see `_needs_space`)."""
        self.boundary = bool(self.parts)

    def text(self, text: str, *, bold: bool, heading: bool, pre: bool) -> None:
        if pre:
            chunks = text.split("\n")
            for index, chunk in enumerate(chunks):
                if index:
                    self.flush(pre=True)
                self._append(chunk, bold, heading)
        else:
            self._append(_SPACE.sub(" ", text), bold, heading)

    def _append(self, text: str, bold: bool, heading: bool) -> None:
        if text:
            if self.boundary and _needs_space(self.parts[-1][0][-1], text[0]):
                self.parts.append((" ", False))
            self.boundary = False
            self.parts.append((text, bold))
            self.heading = self.heading or (heading and not text.isspace())

    def flush(self, *, pre: bool = False) -> None:
        self.boundary = False
        if not self.parts:
            return
        line = "".join(text for text, _ in self.parts)
        if not pre:
            line = _SPACE.sub(" ", line)
        letters = sum(len(text) - text.count(" ") for text, _ in self.parts)
        bold_letters = sum(len(text) - text.count(" ") for text, bold in self.parts if bold)
        self.sink.add(line, bold=letters > 0 and bold_letters * 2 > letters, heading=self.heading)
        self.parts = []
        self.heading = False


def _needs_space(left: str, right: str) -> bool:
    """Whether two inline elements that touch without whitespace read as separate words.

    Pages built from one `<span>` per field rely on CSS for the gap ("Present" + "5 years",
    "Dec 2020" + "2 years", "BS" + "Computer Science"). A digit on either side or a capital
    after a letter marks a word break; lower-case continuations ("Kuber<em>netes</em>") and
    punctuation stay as they are. `<sup>`/`<sub>` never count as boundaries ("1<sup>st</sup>").
    """
    if not (left.isalnum() and right.isalnum()):
        return False
    if left.isdigit() or right.isdigit():
        return True
    return right.isupper()


def _is_hidden(tag: Any) -> tuple[bool, bool]:
    """(skip it, and whether it was deliberately hidden rather than screen-reader-only)."""
    attrs = tag.attrs
    if "hidden" in attrs or (attrs.get("type") == "hidden"):
        return True, True
    style = attrs.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True, True
    classes = attrs.get("class")
    if classes and not isinstance(classes, str) and _SR_ONLY.intersection(classes):
        return True, False
    return False, False


def _walk(root: Any, lines: _Lines, deadline: Deadline) -> tuple[int, bool]:
    """Depth-first over the tree with an explicit stack (deep markup cannot overflow Python's).

    Returns how many deliberately hidden elements with text were skipped and whether time ran out.
    """
    from bs4 import NavigableString, Tag
    from bs4.element import CData

    hidden = 0
    bold = heading = pre = 0
    stack: list[tuple[Any, Iterator[Any]]] = [(root, iter(root.children))]
    steps = 0
    while stack:
        steps += 1
        if steps % 2000 == 0 and (deadline.passed() or lines.sink.full):
            return hidden, not lines.sink.full
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if isinstance(node, Tag) and node is not root:
                name = node.name
                bold -= name in _BOLD or _bold_style(node)
                heading -= name in _HEADINGS
                pre -= name == "pre"
                if name in _BLOCK:
                    lines.flush(pre=name == "pre")
                elif name not in _NO_BOUNDARY:
                    lines.tag_boundary()
            continue
        if isinstance(child, Tag):
            name = child.name
            if name in _SKIP:
                continue
            skip, deliberate = _is_hidden(child)
            if skip:
                hidden += deliberate and bool(child.get_text(strip=True))
                continue
            if name == "br":
                lines.flush(pre=pre > 0)
                continue
            if name in _BLOCK:
                lines.flush(pre=pre > 0)
            elif name not in _NO_BOUNDARY:
                lines.tag_boundary()
            bold += name in _BOLD or _bold_style(child)
            heading += name in _HEADINGS
            pre += name == "pre"
            stack.append((child, iter(child.children)))
        elif isinstance(child, NavigableString) and (
            type(child) is NavigableString or isinstance(child, CData)
        ):
            lines.text(str(child), bold=bold > 0, heading=heading > 0, pre=pre > 0)
    lines.flush()
    return hidden, False


def _bold_style(tag: Any) -> bool:
    style = tag.attrs.get("style")
    return isinstance(style, str) and _BOLD_STYLE.search(style) is not None


def _meta(soup: Any) -> DocumentMeta:
    def named(name: str) -> str:
        tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)})
        content = tag.get("content") if tag is not None else None
        return one_line(content, 300) if isinstance(content, str) else ""

    title = soup.title.get_text(" ", strip=True) if soup.title is not None else ""
    return DocumentMeta(
        author=named("author"), creator=named("generator"), title=one_line(title, 300)
    )


def read_html(content: bytes, limits: Limits = Limits()) -> DocumentText:
    """Visible text of an HTML page as lines, in document order.

    Block elements (p, div, li, td, h1-h6 ...) and `<br>` end lines; scripts, styles, head,
    forms' hidden inputs, `hidden`/`display:none` elements and screen-reader-only copies are
    dropped. Headings are flagged; `<b>`, `<strong>` and headings count as bold. The title,
    author and generator meta tags fill `meta`.
    """
    require_content(content)
    deadline = Deadline(limits.max_seconds)
    sink = LineSink(limits)
    # Parsing is the costly step and cannot be interrupted: cap the markup fed to the parser.
    cap = min(limits.max_bytes, max(1_000_000, limits.max_chars * 10))
    if len(content) > cap:
        sink.note(bytes_cut_note(len(content), cap))
        content = content[:cap]
    text = decode_html(content)
    try:
        from bs4 import BeautifulSoup

        with warnings.catch_warnings():  # "looks like a URL / like XML" hints are not errors
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml and bs4 are tolerant; anything here is a real failure
        raise ExtractionError(f"HTML could not be parsed: {one_line(exc)}") from None
    try:
        meta = _meta(soup)
        hidden, timed_out = _walk(soup, _Lines(sink), deadline)
    except RecursionError:
        raise ExtractionError("HTML is nested too deeply to read") from None
    if timed_out:
        sink.note(f"stopped after {limits.max_seconds:g} s; the rest of the page was not read")
    if hidden:
        sink.note(f"skipped the text of {hidden} hidden element{'s' if hidden != 1 else ''}")
    return DocumentText(lines=tuple(sink.lines), meta=meta, notes=sink.final_notes())
