"""The application fields (flags or a spreadsheet row) as a source document of their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from extractors.application import application_content
from extractors.model import SourceDocument, SourceKind

__all__ = ["application_document"]


def application_document(
    fields: Mapping[str, Any], uri: str = "application"
) -> SourceDocument | None:
    """None when no field was given: an empty form is not a source. Control and bidi
    characters are dropped from every field: they are data, never terminal input."""
    from scanner.terminal import clean_field

    fields = {k: clean_field(v) if isinstance(v, str) else v for k, v in fields.items()}
    content = application_content(fields)
    if content == b"{}":
        return None
    return SourceDocument(
        kind=SourceKind.APPLICATION,
        format="fields",
        uri=uri,
        content=content,
        media_type="application/json",
        sha256=SourceDocument.digest(content),
        collector="application",
    )
