"""Text folding shared by every normaliser: one way to set case, accents and scripts aside."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ascii_fold", "plain_words"]

_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")
_AND = re.compile(r"[&+]")
_APOSTROPHE = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """NFKC, transliterated to ASCII (anyascii) when needed, case-folded."""
    folded = unicodedata.normalize("NFKC", text or "")
    if not folded.isascii():
        from anyascii import anyascii

        folded = anyascii(folded)
    return folded.casefold()


@lru_cache(maxsize=65536)
def plain_words(text: str) -> tuple[str, ...]:
    """Folded ASCII words: dotted abbreviations joined (S.A. → sa), `&`/`+` → "and",
    apostrophes dropped, everything else not a letter or digit a separator."""
    folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), ascii_fold(text))
    folded = _AND.sub(" and ", folded)
    folded = _APOSTROPHE.sub("", folded)
    return tuple(_NOT_WORD.sub(" ", folded).split())
