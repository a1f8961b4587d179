"""The name, mailbox and slug code as it was before the fifth round of issue 14 (commit
573edc1), kept verbatim (logic only: data tables are imported, unchanged) so that
`test_names_parity.py` holds the faster code to the old answers. Not cached, not for production."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from extractors.normalise.names import (
    _APOSTROPHES,
    _NOT_ALNUM,
    _SUFFIXES,
    _TITLES,
    _VOWELLESS_NAMES,
    _VOWELS,
    _WORD_BREAK,
    _strip_asides,
    names_match,
    nickname_variants,
    parse_name,
)


def _is_syllabic(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xAC00 <= code <= 0xD7A3


def _transliterate(text: str) -> str:
    from anyascii import anyascii

    if text.isascii():
        return text
    out = []
    for ch in text:
        if _is_syllabic(ch):
            out.append(f" {anyascii(ch)} ")
        else:
            out.append(anyascii(ch))
    return "".join(out)


def normalise_name(s: str) -> str:
    text = unicodedata.normalize("NFKC", s or "")
    text = _transliterate(_strip_asides(text)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _NOT_ALNUM.sub(" ", text)
    return " ".join(text.split())


def name_tokens(s: str) -> list[str]:
    s = s or ""
    raw = _strip_asides(unicodedata.normalize("NFKC", s))
    tokens: list[str] = []
    for word in _WORD_BREAK.split(raw):
        norm = normalise_name(word)
        if not norm:
            continue
        shouted = (
            word.isupper()
            and word.isalpha()
            and 2 <= len(word) <= 3
            and norm not in _SUFFIXES | _TITLES
        )
        for part in norm.split():
            if shouted and not (set(part) & _VOWELS) and part not in _VOWELLESS_NAMES:
                tokens.extend(part)
            else:
                tokens.append(part)
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return tokens


def _local_letters(local_part: str) -> tuple[str, list[str]]:
    local = (local_part or "").split("@", 1)[0].split("+", 1)[0]
    local = _transliterate(unicodedata.normalize("NFKC", local)).casefold()
    segments = [s for s in re.split(r"[^a-z]+", local) if s]
    return "".join(segments), segments


def _name_handles(name: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    tokens = name_tokens(name)
    if not tokens:
        return frozenset(), frozenset(), frozenset()
    parts = parse_name(name)
    first = name_tokens(parts.first) if parts.first else tokens[:1]
    last = name_tokens(parts.last) if parts.last else tokens[-1:]
    middle = name_tokens(parts.middle) if parts.middle else []
    given_forms = set(first[:1])
    if first:
        given_forms |= {v for v in nickname_variants(first[0]) if v.isalpha()}
    words = set(tokens) | given_forms
    long = {w for w in words if len(w) >= 4}
    short = {w for w in words if 2 <= len(w) <= 3}
    surnames = {"".join(last)} | set(last)
    shapes: set[str] = set()
    for g in given_forms | {g[0] for g in given_forms if g}:
        for s in surnames | {s[0] for s in surnames if s}:
            shapes |= {g + s, s + g}
            if middle:
                shapes.add(g + middle[0][0] + s)
    initials = "".join(t[0] for t in tokens)
    shapes |= {initials, initials[::-1]}
    return frozenset(long), frozenset(short), frozenset(s for s in shapes if len(s) >= 2)


def _transliteration_variant(words: frozenset[str], segments: list[str]) -> bool:
    from rapidfuzz.distance import JaroWinkler

    return any(
        len(seg) >= 4 and JaroWinkler.similarity(seg, w) >= 0.85 for seg in segments for w in words
    )


def email_matches_name(local_part: str, names: Iterable[str]) -> bool:
    letters, segments = _local_letters(local_part)
    usable = [n for n in names if name_tokens(n)]
    if not usable:
        return True
    if not letters:
        return False
    if any(len(w) >= 4 and w in letters for n in usable for w in name_tokens(n)):
        return True
    for name in usable:
        long, short, shapes = _name_handles(name)
        if any(w in letters for w in long):
            return True
        if _transliteration_variant(long, segments):
            return True
        if any(
            seg == w or (len(w) == 3 and (seg.startswith(w) or seg.endswith(w)))
            for seg in segments
            for w in short
        ):
            return True
        for shape in shapes:
            if letters == shape or any(seg == shape for seg in segments):
                return True
            if len(shape) >= 3 and (letters.startswith(shape) or letters.endswith(shape)):
                return True
    return False


_SLUG_SUFFIX = re.compile(
    r"(-(?=[0-9a-f]*\d)[0-9a-f]{4,}|-\d+|-(phd|mba|cpa|pmp|md|jr|sr|ii|iii))+$"
)


def slug_matches_name(slug: str, name: str) -> bool:
    core = _SLUG_SUFFIX.sub("", slug.lower()).strip("-")
    if not core or re.fullmatch(r"[0-9a-f]*\d[0-9a-f]*", core):
        return True
    words = [w for w in re.split(r"[-_.]+", core) if w]
    as_name = " ".join(words)
    if len(words) >= 2 and names_match(as_name, name).level.value <= 4:
        return True
    joined = "".join(words)
    if email_matches_name(joined, [name]) or email_matches_name(".".join(words), [name]):
        return True
    tokens = normalise_name(name).split()
    return joined in {"".join(tokens), "".join(reversed(tokens))} or (
        len(words) == 1 and joined in tokens
    )
