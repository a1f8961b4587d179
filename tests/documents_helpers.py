"""Builders for synthetic test documents (PDF with fpdf2, DOCX with python-docx, raw zips).

Everything is made at test time; people and contact details are fictional.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

LETTER = (612.0, 792.0)


@dataclass(frozen=True)
class Text:
    """A string drawn with its baseline's left end at (x, y) points from the page's top-left."""

    x: float
    y: float
    text: str
    size: float = 10.5
    style: str = ""  # "", "B", "I"
    right: bool = False  # x is the right end instead (right-aligned)


def build_pdf(
    pages: Sequence[Iterable[Text]],
    *,
    author: str | None = None,
    producer: str | None = None,
    creator: str | None = None,
    title: str | None = None,
    created: datetime | None = None,
    owner_password: str | None = None,
    user_password: str | None = None,
    rotated: Sequence[tuple[int, Text]] = (),
    images_only: bool = False,
) -> bytes:
    """A Letter-size PDF with the given text on each page (core Helvetica, cp1252 text)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    if author is not None:
        pdf.set_author(author)
    if producer is not None:
        pdf.set_producer(producer)
    if creator is not None:
        pdf.set_creator(creator)
    if title is not None:
        pdf.set_title(title)
    if created is not None:
        pdf.set_creation_date(created)
    for page_index, items in enumerate(pages):
        pdf.add_page()
        if images_only:
            pdf.set_fill_color(40, 40, 40)
            pdf.rect(72, 72, 300, 200, style="F")
            pdf.circle(x=400, y=400, radius=50, style="F")
        for item in items:
            pdf.set_font("Helvetica", item.style, item.size)
            x = item.x - pdf.get_string_width(item.text) if item.right else item.x
            pdf.text(x, item.y, item.text)
        for rotated_page, item in rotated:
            if rotated_page == page_index:
                pdf.set_font("Helvetica", item.style, item.size)
                with pdf.rotation(90, item.x, item.y):
                    pdf.text(item.x, item.y, item.text)
    if owner_password is not None:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password or "")
    return bytes(pdf.output())


def raw_one_page_pdf(content: bytes, *, flate: bool = False) -> bytes:
    """A minimal hand-written PDF (Helvetica, letter) whose page draws the content stream
    `content` (already deflated when `flate`), with a correct cross-reference table: for pages
    no PDF library would write (glyphs far off the page, compression bombs)."""
    flt = b" /Filter /FlateDecode" if flate else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content), flt) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def column(x: float, y: float, step: float, texts: Iterable[str], **kw: Any) -> list[Text]:
    """Left-aligned lines stacked downwards from baseline `y`."""
    return [Text(x, y + i * step, t, **kw) for i, t in enumerate(texts)]


def build_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def minimal_docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A DOCX made by hand (no python-docx), for crafted document.xml content."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": document_xml,
    }
    members.update(extra or {})
    return build_zip(members)


def body_xml(paragraphs: Iterable[str]) -> bytes:
    runs = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{runs}</w:body></w:document>'
    ).encode()


def zeros_member_zip(name: str, size: int, base: dict[str, bytes] | None = None) -> bytes:
    """A zip (kept small on disk) with one member that inflates to `size` zero bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in (base or {}).items():
            archive.writestr(member, data)
        with archive.open(name, "w") as out:
            chunk = b"\0" * 1_000_000
            left = size
            while left > 0:
                out.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return buffer.getvalue()


def docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_any(content: bytes, filename: str = "", limits: Any = None) -> Any:
    """The text layer the pipeline reads from a file: the format recognised from its content,
    then that format's reader (`extractors.dispatch.read_text_layer`)."""
    from extractors.dispatch import read_text_layer
    from extractors.documents import Limits, sniff_format

    return read_text_layer(content, sniff_format(content, filename), limits or Limits())
