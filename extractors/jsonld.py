"""Small readers for JSON-LD values, shared by the LinkedIn page and personal-site extractors."""

from __future__ import annotations

from typing import Any

__all__ = ["ld_list", "ld_text"]


def ld_text(value: Any) -> str:
    """A JSON-LD scalar as one line of text (numbers too; anything else is empty)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def ld_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one item or a list, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
