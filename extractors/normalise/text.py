"""Text folding shared by every normaliser: one way to set case, accents and scripts aside."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, cast

__all__ = ["ascii_fold", "lazy_re", "plain_words"]

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


class _LazyPattern:
    """A regular expression compiled on first use, so importing a module with many patterns
    stays cheap (`scanner --help`, `scanner checks`). Behaves like the compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        attr = getattr(compiled, name)
        setattr(self, name, attr)  # later lookups find it directly
        return attr


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, deferred to the pattern's first use (see `_LazyPattern`)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
