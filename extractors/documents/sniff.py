"""Recognise a document's format from its bytes; the file name only breaks ties."""

from __future__ import annotations

import io
import json
import re
import zipfile

from extractors.documents.text import decode_bytes, detect_encoding, looks_like_markdown

__all__ = ["FORMATS", "sniff_format"]

FORMATS = ("pdf", "docx", "zip", "xlsx", "html", "json", "txt", "md", "doc", "image", "unknown")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"\x00\x00\x01\x00",  # .ico
)
_HTML_START = re.compile(
    r"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table|span|a\s|section|article|header)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(r"<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_TEXT_EXTENSIONS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md"}


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_kind(content: bytes, ext: str) -> str:
    """docx / xlsx / zip from the member names (the local headers when the archive is broken)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist()[:10_000])
            types = b""
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    types = member.read(65536)
    except Exception:  # broken archive: look at the raw member names
        head = content[:1_000_000]
        if b"word/document" in head or (b"word/" in head and ext == "docx"):
            return "docx"
        if b"xl/workbook" in head or (b"xl/" in head and ext == "xlsx"):
            return "xlsx"
        return ext if ext in ("docx", "xlsx") else "zip"
    if "word/document.xml" in names or b"wordprocessingml.document.main" in types:
        return "docx"
    if "xl/workbook.xml" in names or b"spreadsheetml.sheet.main" in types:
        return "xlsx"
    if ext == "docx" and any(name.startswith("word/") for name in names):
        return "docx"
    return "zip"


def _is_image(content: bytes) -> bool:
    if content.startswith(_IMAGE_MAGIC):
        return True
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return True
    if content[4:8] == b"ftyp" and content[8:12] in (b"heic", b"heix", b"avif", b"mif1"):
        return True
    return content[:2] == b"BM" and len(content) > 26 and content[6:10] == b"\x00\x00\x00\x00"


def _looks_binary(text: str) -> bool:
    """More than 2% control characters (other than whitespace) means this is not text."""
    if not text:
        return False
    return len(_CONTROL.findall(text)) > 0.02 * len(text)


def _text_kind(content: bytes, ext: str) -> str:
    encoding, bom = detect_encoding(content[:65536])
    sample = decode_bytes(content[:65536], encoding, bom)
    if _looks_binary(sample):
        return "unknown"
    stripped = sample.lstrip("\ufeff \t\r\n")
    lowered = stripped[:4096].lower()
    if _HTML_START.match(lowered) or (
        (lowered.startswith("<") or ext in ("html", "htm", "xhtml"))
        and _HTML_ANYWHERE.search(sample[:16384])
    ):
        return "html"
    if lowered.startswith("<svg") or (lowered.startswith("<?xml") and "<svg" in lowered):
        return "image"
    if stripped[:1] in ("{", "[") and _is_json(content, encoding, bom, stripped, ext):
        return "json"
    if ext in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[ext]
    return "md" if looks_like_markdown(sample) else "txt"


def _is_json(content: bytes, encoding: str, bom: int, stripped: str, ext: str) -> bool:
    """Parse it when small; for big files trust an object opening (`{"`) or a .json name."""
    if len(content) <= 5_000_000:
        try:
            json.loads(decode_bytes(content, encoding, bom))
        except (ValueError, RecursionError):
            return False
        return True
    return ext == "json" or re.match(r"\{\s*(\"|\})", stripped) is not None


def sniff_format(content: bytes, filename: str = "") -> str:
    """The document format by content: one of `FORMATS`.

    Magic bytes decide binary formats (`%PDF-` anywhere in the first 1024 bytes, zip, OLE2 for
    old .doc, image signatures); zip archives are told apart by member names; text is checked
    for HTML, JSON, then Markdown vs plain text. The extension only breaks ties: .md/.txt for
    text, .docx/.xlsx for a broken zip, .doc for an OLE2 file without a recognisable stream.
    """
    ext = _extension(filename)
    if not content:
        return "unknown"
    if content.find(b"%PDF-", 0, 1024) >= 0:
        return "pdf"
    if content.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(content, ext)
    if content.startswith(_OLE):
        head = content[:2_000_000]
        if "WordDocument".encode("utf-16-le") in head or ext in ("doc", "dot"):
            return "doc"
        return "unknown"
    if _is_image(content):
        return "image"
    if content.startswith(b"{\\rtf"):
        return "unknown"
    return _text_kind(content, ext)
