"""Document bytes to positioned text lines: PDF, DOCX, HTML, TXT/Markdown.

Which reader a document goes to is decided in one place, `extractors.dispatch` (the format the
collector recognised with `sniff_format`, then `read_text_layer`).

Pure functions, safe on hostile input: every failure is an `ExtractionError` with a one-line
message, and `Limits` bounds size, pages, characters and time. Heavy libraries (pypdfium2,
python-docx, bs4/lxml) are imported only when a reader needs them.
"""

from extractors.documents.base import DocumentText, Limits, TextLine
from extractors.documents.docx import read_docx
from extractors.documents.html import read_html
from extractors.documents.pdf import read_pdf
from extractors.documents.sniff import sniff_format
from extractors.documents.text import decode_text, read_text

__all__ = [
    "DocumentText",
    "Limits",
    "TextLine",
    "decode_text",
    "read_docx",
    "read_html",
    "read_pdf",
    "read_text",
    "sniff_format",
]
