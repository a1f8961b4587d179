"""DOCX to text lines: the zip is vetted first (bombs, DTDs), then python-docx reads the package.

Lines come in document order: headers (contact details often live there), the body
(paragraphs, tables cell by cell, text boxes after the paragraph that anchors them, content
controls), then footers. Paragraph soft breaks start new lines; tabs become four spaces; a
bulleted or numbered list item starts with "• " (Word draws the bullet; the text lacks it).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from extractors.documents.base import (
    Deadline,
    DocumentText,
    Limits,
    LineSink,
    human_bytes,
    one_line,
    refuse_if_too_large,
    require_content,
)
from extractors.model import DocumentMeta, ExtractionError

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

MAX_MEMBERS = 5000
"""A real DOCX has dozens of parts; thousands mean a crafted archive."""
LARGE_MEMBER = 1_000_000
MAX_RATIO = 100
_DTD = re.compile(
    b"|".join(
        re.escape(marker.encode(encoding))
        for marker in ("<!DOCTYPE", "<!ENTITY")
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    )
)
DTD_MESSAGE = "DOCX contains a DTD/entity declarations (possible XML bomb); refused"

# Subtrees that hold no visible text of their own paragraph: properties, deleted or moved-away
# revisions, the fallback copy of alternate content (the choice is read), text boxes (read as
# blocks of their own after the paragraph).
_SKIP = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "del",
        _W + "moveFrom",
        _W + "delText",
        _W + "instrText",
        _W + "sectPr",
        _W + "tblPr",
        _W + "tblGrid",
        _W + "trPr",
        _W + "tcPr",
        _W + "sdtPr",
        _W + "sdtEndPr",
        _MC + "Fallback",
    }
)
_OFF = frozenset({"0", "false", "off", "none"})
_LIST_MARK = "• "


# --- vetting the archive --------------------------------------------------------------------


def _open_archive(content: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except Exception as exc:
        raise ExtractionError(f"DOCX is damaged or not a zip archive ({one_line(exc)})") from None


def _vet_archive(archive: zipfile.ZipFile, limits: Limits, deadline: Deadline) -> None:
    """Refuse zip bombs, crafted archives and XML with DTDs before any XML parser sees them."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ExtractionError(f"DOCX has {len(infos)} parts (limit {MAX_MEMBERS}); refused")
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes:
        raise ExtractionError(
            f"DOCX would unpack to {human_bytes(total)} (limit "
            f"{human_bytes(limits.max_unzipped_bytes)}); possible zip bomb; refused"
        )
    for info in infos:
        if info.file_size >= LARGE_MEMBER and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ExtractionError(
                f"DOCX part {one_line(info.filename, 80)} is compressed "
                f"{info.file_size // max(info.compress_size, 1)}:1; possible zip bomb; refused"
            )
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise ExtractionError("DOCX has no word/document.xml (not a Word document?)")
    for info in infos:
        if deadline.passed():
            raise ExtractionError(f"DOCX took longer than {limits.max_seconds:g} s to check")
        _refuse_dtd(archive, info)


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one member looking for `<!DOCTYPE` / `<!ENTITY` (UTF-8 or UTF-16) if it is XML."""
    if info.is_dir() or info.file_size == 0:
        return
    try:
        with archive.open(info) as member:
            chunk = member.read(65536)
            head = chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
            if not head.startswith(b"<"):
                return  # not XML (images, fonts)
            tail = b""
            while chunk:
                if _DTD.search(tail + chunk):
                    raise ExtractionError(DTD_MESSAGE)
                tail = chunk[-32:]
                chunk = member.read(1_048_576)
    except ExtractionError:
        raise
    except Exception as exc:  # bad CRC, lying sizes, encrypted or unknown compression
        raise ExtractionError(f"DOCX is damaged ({one_line(exc)})") from None


# --- styles ---------------------------------------------------------------------------------


def _on(element: Any) -> bool | None:
    """A toggle property such as `<w:b/>` / `<w:b w:val="0"/>`; None when absent."""
    if element is None:
        return None
    return str(element.get(_W + "val", "1")).lower() not in _OFF


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    outline: int | None
    listed: bool = False  # the style numbers or bullets its paragraphs


class _Styles:
    """Style lookups by id with inheritance through `basedOn` (cycle-safe)."""

    def __init__(self, root: Any) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for style in root.iterchildren(_W + "style"):
            style_id = style.get(_W + "styleId")
            if not style_id:
                continue
            name = style.find(_W + "name")
            based = style.find(_W + "basedOn")
            rpr = style.find(_W + "rPr")
            outline = style.find(f"{_W}pPr/{_W}outlineLvl")
            self.styles[style_id] = _Style(
                name=str(name.get(_W + "val", "")) if name is not None else "",
                based_on=based.get(_W + "val") if based is not None else None,
                bold=_on(rpr.find(_W + "b")) if rpr is not None else None,
                outline=_int(outline.get(_W + "val")) if outline is not None else None,
                listed=style.find(f"{_W}pPr/{_W}numPr") is not None,
            )
            default = str(style.get(_W + "default", "")).lower()
            if style.get(_W + "type") == "paragraph" and default in ("1", "true", "on"):
                self.default_paragraph = style_id

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < 20:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        return chain

    def bold(self, style_id: str | None) -> bool | None:
        for style in self._chain(style_id):
            if style.bold is not None:
                return style.bold
        return None

    def listed(self, style_id: str | None) -> bool:
        """Whether the style makes its paragraphs list items (List Bullet, List Number)."""
        return any(s.listed for s in self._chain(style_id))

    def heading(self, style_id: str | None) -> bool:
        chain = self._chain(style_id)
        if chain:
            name = chain[0].name.lower()
            if name.startswith("heading") or name == "title":
                return True
        return any(s.outline is not None and 0 <= s.outline < 9 for s in chain[:1])


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- walking the XML ------------------------------------------------------------------------


class _Reader:
    def __init__(self, styles: _Styles, sink: LineSink, deadline: Deadline) -> None:
        self.styles = styles
        self.sink = sink
        self.deadline = deadline
        self.timed_out = False
        self.seen: set[str] | None = None  # header/footer lines already emitted

    def blocks(self, container: Any) -> None:
        """Paragraphs and tables in document order; other elements are looked into."""
        for child in container.iterchildren():
            if self.sink.full or self.timed_out:
                return
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "p":
                if self.deadline.passed():
                    self.timed_out = True
                    return
                self.paragraph(child)
            else:  # tables, rows, cells, content controls, custom XML, alternate content
                self.blocks(child)

    def paragraph(self, p: Any) -> None:
        pstyle = p.find(f"{_W}pPr/{_W}pStyle")
        style_id = pstyle.get(_W + "val") if pstyle is not None else self.styles.default_paragraph
        outline = p.find(f"{_W}pPr/{_W}outlineLvl")
        level = _int(outline.get(_W + "val")) if outline is not None else None
        heading = self.styles.heading(style_id) or (level is not None and 0 <= level < 9)
        paragraph_bold = bool(self.styles.bold(style_id))
        lines: list[list[tuple[str, bool]]] = [[]]
        numbered = p.find(f"{_W}pPr/{_W}numPr")
        if not heading and (numbered is not None or self.styles.listed(style_id)):
            # A list item: Word draws its bullet, the text does not hold it. Mark it as one
            # so that readers tell a role's bullet points from the lines that head the entry.
            lines[-1].append((_LIST_MARK, False))
        boxes: list[Any] = []
        stack: list[tuple[Any, bool]] = [(child, paragraph_bold) for child in reversed(p)]
        while stack:
            element, bold = stack.pop()
            tag = element.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "txbxContent":
                boxes.append(element)
                continue
            if tag == _W + "r":
                bold = self._run_bold(element, paragraph_bold)
            elif tag == _W + "t":
                lines[-1].append((element.text or "", bold))
                continue
            elif tag == _W + "tab":
                lines[-1].append(("\t", bold))
                continue
            elif tag in (_W + "br", _W + "cr"):
                lines.append([])
                continue
            elif tag == _W + "noBreakHyphen":
                lines[-1].append(("-", bold))
                continue
            stack.extend((child, bold) for child in reversed(element))
        for parts in lines:
            self._emit(parts, heading)
        for box in boxes:
            self.blocks(box)

    def _run_bold(self, run: Any, paragraph_bold: bool) -> bool:
        rpr = run.find(_W + "rPr")
        if rpr is not None:
            direct = _on(rpr.find(_W + "b"))
            if direct is not None:
                return direct
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None:
                styled = self.styles.bold(rstyle.get(_W + "val"))
                if styled is not None:
                    return styled
        return paragraph_bold

    def _emit(self, parts: list[tuple[str, bool]], heading: bool) -> None:
        text = "".join(t for t, _ in parts)
        if not text.strip():
            return
        if self.seen is not None:
            key = " ".join(text.split())
            if key in self.seen:
                return
            self.seen.add(key)
        letters = sum(len(t) - t.count(" ") for t, _ in parts)
        bold_letters = sum(len(t) - t.count(" ") for t, b in parts if b)
        self.sink.add(text, bold=bold_letters * 2 > letters, heading=heading)


def _header_footer_parts(document: Any, kind: str) -> list[Any]:
    """The distinct header (or footer) parts referenced by the document's sections, in order."""
    parts: list[Any] = []
    seen: set[int] = set()
    related = document.part.related_parts
    for sect in document.element.body.iter(_W + "sectPr"):
        for ref in sect.iterchildren(f"{_W}{kind}Reference"):
            part = related.get(ref.get(_R + "id"))
            if part is not None and id(part) not in seen and hasattr(part, "element"):
                seen.add(id(part))
                parts.append(part)
    return parts


# --- metadata -------------------------------------------------------------------------------


def _metadata(document: Any, archive: zipfile.ZipFile) -> DocumentMeta:
    author = last_modified_by = title = subject = ""
    created = modified = None
    try:
        props = document.core_properties
        author = one_line(props.author or "", 300)
        last_modified_by = one_line(props.last_modified_by or "", 300)
        title = one_line(props.title or "", 300)
        subject = one_line(props.subject or "", 300)
        created, modified = props.created, props.modified
    except Exception:  # a broken core.xml must not cost the text
        pass
    creator, pages = _app_properties(archive)
    return DocumentMeta(
        author=author,
        last_modified_by=last_modified_by,
        creator=creator,
        title=title,
        subject=subject,
        created=created,
        modified=modified,
        pages=pages,
    )


def _app_properties(archive: zipfile.ZipFile) -> tuple[str, int | None]:
    """Application name (and version) and the page count Word last saw, from docProps/app.xml."""
    try:
        from lxml import etree

        with archive.open("docProps/app.xml") as member:
            data = member.read(1_000_000)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(data, parser)
    except Exception:
        return "", None
    application = (root.findtext(_EP + "Application") or "").strip()
    version = (root.findtext(_EP + "AppVersion") or "").strip()
    pages = _int((root.findtext(_EP + "Pages") or "").strip())
    creator = f"{application} {version}".strip() if application else ""
    return one_line(creator, 300), pages if pages is not None and pages >= 0 else None


# --- reading --------------------------------------------------------------------------------


def _load(content: bytes) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(content))
    except ValueError as exc:
        if "not a Word file" in str(exc):
            kind = str(exc).split("content type is", 1)[-1].strip(" '\"")
            raise ExtractionError(
                f"not a Word document (main part content type is {one_line(kind, 100)}); "
                "macro-enabled files and templates are not supported"
            ) from None
        raise ExtractionError(f"DOCX is damaged ({one_line(exc)})") from None
    except Exception as exc:
        raise ExtractionError(f"DOCX is damaged ({one_line(exc)})") from None


def read_docx(content: bytes, limits: Limits = Limits()) -> DocumentText:
    """The text of a Word document as lines, with its core properties.

    The archive is checked before parsing: more than `limits.max_unzipped_bytes` unpacked, a
    part over 1 MB compressed more than 100:1, more than 5000 parts, or any XML part with a DTD
    or entity declarations is refused with `ExtractionError`.
    """
    require_content(content)
    refuse_if_too_large(content, limits, "DOCX")
    deadline = Deadline(limits.max_seconds)
    archive = _open_archive(content)
    with archive:
        _vet_archive(archive, limits, deadline)
        document = _load(content)
        sink = LineSink(limits)
        try:
            styles = _Styles(document.styles.element)
        except Exception:
            styles = _Styles(None)
        reader = _Reader(styles, sink, deadline)
        try:
            reader.seen = set()
            for part in _header_footer_parts(document, "header"):
                reader.blocks(part.element)
            reader.seen = None
            reader.blocks(document.element.body)
            reader.seen = set()
            for part in _header_footer_parts(document, "footer"):
                reader.blocks(part.element)
        except RecursionError:
            raise ExtractionError("DOCX is nested too deeply to read") from None
        except ExtractionError:
            raise
        except Exception as exc:
            raise ExtractionError(f"DOCX is damaged ({one_line(exc)})") from None
        if reader.timed_out:
            sink.note(f"stopped after {limits.max_seconds:g} s; the rest was not read")
        meta = _metadata(document, archive)
    return DocumentText(lines=tuple(sink.lines), meta=meta, notes=sink.final_notes())
