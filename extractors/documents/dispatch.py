"""One entry point for any document: recognise the format, then read it."""

from __future__ import annotations

from extractors.documents.base import DocumentText, Limits, require_content
from extractors.documents.docx import read_docx
from extractors.documents.html import read_html
from extractors.documents.pdf import read_pdf
from extractors.documents.sniff import sniff_format
from extractors.documents.text import read_text
from extractors.model import ExtractionError

__all__ = ["read_document"]

_UNSUPPORTED = {
    "doc": "old binary Word .doc is not supported; save it as DOCX or PDF",
    "xlsx": "a spreadsheet (XLSX) is not a document this reader handles",
    "zip": "a zip archive, not a document (not a DOCX)",
    "image": "an image file; OCR is not supported",
}


def read_document(content: bytes, filename: str = "", limits: Limits = Limits()) -> DocumentText:
    """Read any supported document (PDF, DOCX, HTML, TXT, Markdown, JSON as text).

    The format comes from `sniff_format` (content first, `filename` only breaks ties).
    Anything unsupported or unreadable raises `ExtractionError` and nothing else.
    """
    require_content(content)
    kind = sniff_format(content, filename)
    if kind == "pdf":
        return read_pdf(content, limits)
    if kind == "docx":
        return read_docx(content, limits)
    if kind == "html":
        return read_html(content, limits)
    if kind in ("txt", "md", "json"):
        return read_text(content, limits, markdown=kind == "md")
    if kind in _UNSUPPORTED:
        raise ExtractionError(_UNSUPPORTED[kind])
    # Unrecognised content named like a document: let that reader say what is wrong with it.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext == "pdf":
        return read_pdf(content, limits)
    if ext == "docx":
        return read_docx(content, limits)
    if content.startswith(b"{\\rtf"):
        raise ExtractionError("RTF is not supported; save it as DOCX or PDF")
    raise ExtractionError("unrecognised file format (binary content that is not PDF or DOCX)")
