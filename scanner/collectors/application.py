"""The application fields (flags or a spreadsheet row) as a source document of their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from extractors.application import application_fields, encode_fields
from extractors.model import SourceDocument, SourceKind
from scanner.terminal import clean_field

__all__ = ["application_document", "application_source"]


def application_document(
    fields: Mapping[str, Any], uri: str = "application"
) -> SourceDocument | None:
    """None when no field was given: an empty form is not a source. Control and bidi
    characters are dropped from every field: they are data, never terminal input."""
    made = application_source(fields, uri)
    return made[0] if made is not None else None


def application_source(
    fields: Mapping[str, Any], uri: str = "application"
) -> tuple[SourceDocument, dict[str, str]] | None:
    """`application_document`, and the cleaned fields its content encodes (so that the profile
    is read from them, not decoded again from the bytes just made)."""
    clean = application_fields(fields, clean_field)
    if not clean:  # the content would be b"{}"
        return None
    content = encode_fields(clean)
    doc = SourceDocument(
        kind=SourceKind.APPLICATION,
        format="fields",
        uri=uri,
        content=content,
        media_type="application/json",
        sha256=SourceDocument.digest(content),
        collector="application",
    )
    return doc, clean
