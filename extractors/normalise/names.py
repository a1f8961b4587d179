"""Person names: parsing, normalisation and a levelled comparison (exact → nickname → … → different).

A name comparison is an ordered list of levels in the style of record-linkage tools: the first
level that holds wins, and each level says *why* two spellings are taken to be one name (case,
diacritics, order, hyphenation, a nickname, initials, a typo) or where they part. Checks decide
what is worth reporting; nothing here judges a name's origin.

Pure: nameparser and the nickname table are loaded lazily; the only cached state is read-only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from itertools import permutations
from typing import Any, Literal

from extractors.normalise.text import lazy_re

__all__ = [
    "NameLevel",
    "NameMatch",
    "NameParts",
    "NameRelation",
    "email_matches_name",
    "name_key",
    "name_relation",
    "name_tokens",
    "names_match",
    "nickname_variants",
    "normalise_name",
    "parse_name",
    "same_name",
    "surname",
]

DEFAULT_FUZZY_THRESHOLD = 88  # rapidfuzz token_sort_ratio on normalised names, 0-100

# Honorifics dropped from the front of a name; suffixes and credentials dropped from the end.
# Deliberately short lists: "Ma", "Ba", "Van" and "V" are names or initials, never stripped.
_TITLES = frozenset(
    [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev",
        "revd", "fr", "hon", "eng", "engr", "mstr",
    ]
)  # fmt: skip
_SUFFIXES = frozenset(
    [
        "jr", "sr", "ii", "iii", "iv", "phd", "dphil", "md", "mba", "cpa", "pmp", "cissp",
        "cism", "cisa", "esq", "pe", "dds", "rn", "msc", "bsc", "meng", "beng", "ceng", "cfa",
        "frm", "ccna", "ccnp", "ccie", "csm", "cspo", "psm", "pmi", "acca", "aca", "fca",
    ]
)  # fmt: skip
_VOWELS = frozenset("aeiouy")
_VOWELLESS_NAMES = frozenset({"ng", "ngo", "hng", "mbk"})  # real names, not initials


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split into its parts, as written (not normalised). `initials` are upper case."""

    first: str = ""
    middle: str = ""
    last: str = ""
    suffix: str = ""
    initials: str = ""


class NameLevel(IntEnum):
    """How closely two names agree; lower is closer. Evaluated top-down, the first that holds wins."""

    EXACT = 0  # the same string (whitespace aside)
    NORMALISED = 1  # same after case, diacritics, transliteration, punctuation, order, hyphenation
    NICKNAME = 2  # a given name swapped for a known nickname (Bob ↔ Robert, Liz ↔ Elizabeth)
    INITIALS = 3  # a part reduced to an initial, or a middle/second name added or dropped
    PARTIAL = 4  # some parts agree and others differ (same surname, other given name; married name)
    FUZZY = 5  # close spellings only (typos, transpositions)
    DIFFERENT = 6

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The outcome of `names_match`: the level, a similarity score in [0, 1] and a reason."""

    level: NameLevel
    score: float
    detail: str = ""

    @property
    def is_variant(self) -> bool:
        """True for the forms the catalogue tolerates outright (case … initials), not typos."""
        return self.level <= NameLevel.INITIALS


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


def _is_syllabic(ch: str) -> bool:
    """CJK ideographs and Hangul syllables: transliterated one per word, not run together."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xAC00 <= code <= 0xD7A3


def _transliterate(text: str) -> str:
    if text.isascii():
        return text
    from anyascii import anyascii

    out = []
    for ch in text:
        if _is_syllabic(ch):
            out.append(f" {anyascii(ch)} ")
        else:
            out.append(anyascii(ch))
    return "".join(out)


_ASIDE_BRACKETS = lazy_re(r"\([^)]*\)|\[[^\]]*\]")
_ASIDE_QUOTES = lazy_re(r"[\"“”«»][^\"“”«»]*[\"“”«»]")
_APOSTROPHES = lazy_re(r"['’`´]")
_NOT_ALNUM = lazy_re(r"[^a-z0-9]+")
_WORD_BREAK = lazy_re(r"[\s,]+")


def _strip_asides(text: str) -> str:
    """Drop parenthesised or quoted asides: `Robert (Bob) Whitfield`, `Robert "Bob" Whitfield`."""
    return _ASIDE_QUOTES.sub(" ", _ASIDE_BRACKETS.sub(" ", text))


@lru_cache(maxsize=16384)
def normalise_name(s: str) -> str:
    """Transliterated, case-folded, without punctuation or diacritics; hyphens become spaces.

    `"Zoë Whitfield-Ramos"` → `"zoe whitfield ramos"`, `"O'Brien"` → `"obrien"`, `"王伟"` → `"wang wei"`.
    Remembered (bounded): checks and linkage ask about the same few names many times.
    """
    if s and s.isascii() and s.isalpha():  # the everyday word: nothing to fold but the case
        return s.lower()
    text = unicodedata.normalize("NFKC", s or "")
    text = _transliterate(_strip_asides(text)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _NOT_ALNUM.sub(" ", text)
    return " ".join(text.split())


def name_tokens(s: str) -> list[str]:
    """The normalised words of a name without titles, suffixes and credentials.

    A two- or three-letter word without vowels written in capitals ("DJ") or with dots ("D.J.")
    is read as initials and split (`["d", "j", "whitfield"]`); "Ng" stays a name.
    """
    return list(_name_tokens(s or ""))


_TITLES_OR_SUFFIXES = _SUFFIXES | _TITLES


@lru_cache(maxsize=16384)
def _name_tokens(s: str) -> tuple[str, ...]:
    if s.isascii() and s.replace(" ", "").isalpha():
        # ASCII letters and spaces: NFKC, the asides, the word break and `normalise_name` of
        # each word come down to splitting on spaces and lower-casing (the everyday name).
        pairs = [(word, word.lower()) for word in s.split()]
    else:
        raw = _strip_asides(unicodedata.normalize("NFKC", s))
        pairs = [(word, normalise_name(word)) for word in _WORD_BREAK.split(raw)]
    tokens: list[str] = []
    for word, norm in pairs:
        if not norm:
            continue
        shouted = (
            word.isupper()
            and word.isalpha()
            and 2 <= len(word) <= 3
            and norm not in _TITLES_OR_SUFFIXES
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
    return tuple(tokens)


def _plain_name(text: str) -> tuple[str, str, str, str] | None:
    """(first, middle, last, suffix) of a name of two or three plain words ("Dana Whitfield",
    "Dana Jo Whitfield"), as nameparser reads it, without nameparser (a tenth of the time);
    None when a word is not only letters or is one nameparser gives a role (a title, suffix,
    particle or conjunction: "Dr", "Jr", "van", "y"), which nameparser then reads.
    `tests/test_names_plain.py` holds the two readings to the same answers."""
    words = text.split(" ")
    if not 2 <= len(words) <= 3 or not all(w.isalpha() for w in words):
        return None
    special = _nameparser_words()
    if any(w.lower() in special for w in words):
        return None
    if len(words) == 2:
        return words[0], "", words[1], ""
    return words[0], words[1], words[2], ""


@lru_cache(maxsize=1)
def _nameparser_words() -> frozenset[str]:
    """Every word nameparser's configuration gives a role other than a plain name."""
    from nameparser.config import CONSTANTS

    found: set[str] = set()
    for group in (
        CONSTANTS.titles, CONSTANTS.first_name_titles, CONSTANTS.suffix_acronyms,
        CONSTANTS.suffix_acronyms_ambiguous, CONSTANTS.suffix_not_acronyms, CONSTANTS.prefixes,
        CONSTANTS.non_first_name_prefixes, CONSTANTS.conjunctions, CONSTANTS.bound_first_names,
    ):  # fmt: skip
        found |= {str(w).lower() for w in group}
    return frozenset(found)


@lru_cache(maxsize=16384)
def parse_name(s: str) -> NameParts:
    """Split a name into first, middle, last and suffix with nameparser (titles dropped).

    Handles "Whitfield, Dana J." and "Dr. Dana Whitfield Jr."; a single word is a first name.
    """
    text = " ".join(_strip_asides(s or "").split())
    if not text:
        return NameParts()
    plain = _plain_name(text)
    if plain is not None:
        first, middle, last, suffix = plain
    else:
        from nameparser import HumanName

        hn = HumanName(text)
        first, middle, last, suffix = (
            str(x).strip() for x in (hn.first, hn.middle, hn.last, hn.suffix)
        )
    words = [w for w in (first, middle, last) if w]
    initials = "".join(
        normalise_name(part)[:1] for w in words for part in re.split(r"[\s\-]+", w) if part
    ).upper()
    return NameParts(first=first, middle=middle, last=last, suffix=suffix, initials=initials)


# ---------------------------------------------------------------------------------------------
# Nicknames
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _nicknamer() -> Any:
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=4096)
def nickname_variants(given: str) -> frozenset[str]:
    """Normalised names that are nicknames of `given`, or of which `given` is a nickname."""
    name = normalise_name(given)
    if not name or " " in name:
        return frozenset({name}) if name else frozenset()
    nn = _nicknamer()
    out = {name} | set(nn.nicknames_of(name)) | set(nn.canonicals_of(name))
    return frozenset(normalise_name(x) for x in out)


def _nickname_related(a: str, b: str) -> bool:
    if a == b:
        return True
    va, vb = nickname_variants(a), nickname_variants(b)
    return b in va or a in vb or bool((va & vb) - {""})


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------

_EQUAL, _NICK, _INITIAL, _TYPO = 0, 1, 2, 3


def _is_typo(a: str, b: str) -> bool:
    """One slip (two for long names): an insertion, deletion, substitution or swapped pair."""
    from rapidfuzz.distance import OSA

    shortest = min(len(a), len(b))
    if shortest < 3 or not (a.isalpha() and b.isalpha()):
        return False
    dist = OSA.distance(a, b)
    if dist == 1 and sorted(a) == sorted(b):
        return True  # adjacent transposition: "Dnaa" / "Dana"
    if shortest >= 9:
        return dist <= 2
    return shortest >= 5 and dist <= 1


def _relation(a: str, b: str) -> int | None:
    """How token `a` relates to token `b`, or None when unrelated."""
    if a == b:
        return _EQUAL
    if len(a) == 1 or len(b) == 1:
        return _INITIAL if a[0] == b[0] else None
    if a.isalpha() and b.isalpha() and _nickname_related(a, b):
        return _NICK
    if _is_typo(a, b):
        return _TYPO
    return None


def _best_assignment(
    short: Sequence[str], long: Sequence[str]
) -> list[tuple[str, str | None, int | None]]:
    """Pair every token of `short` with a distinct token of `long`, as closely as possible."""
    best: list[tuple[str, str | None, int | None]] = []
    best_key: tuple[int, int] | None = None
    if len(long) <= 7:
        for perm in permutations(range(len(long)), len(short)):
            pairs: list[tuple[str, str | None, int | None]] = [
                (s, long[j], _relation(s, long[j])) for s, j in zip(short, perm, strict=True)
            ]
            missing = sum(1 for *_, r in pairs if r is None)
            cost = sum(r for *_, r in pairs if r is not None)
            key = (missing, cost)
            if best_key is None or key < best_key:
                best, best_key = pairs, key
                if key == (0, 0):
                    break
        return best
    used: set[int] = set()
    for s in short:  # greedy for very long names
        choice: tuple[int, int] | None = None
        for j, t in enumerate(long):
            r = _relation(s, t)
            if j not in used and r is not None and (choice is None or r < choice[1]):
                choice = (j, r)
        if choice is None:
            best.append((s, None, None))
        else:
            used.add(choice[0])
            best.append((s, long[choice[0]], choice[1]))
    return best


def _score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return round(fuzz.token_sort_ratio(a, b) / 100.0, 3)


# The other accepted way to write these letters without diacritics (Müller → Mueller,
# Björn → Bjoern, Stål → Staal): German and Scandinavian transliteration.
_EXPAND = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
     "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae"}
)  # fmt: skip


def names_match(a: str, b: str, *, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD) -> NameMatch:
    """Compare two names and say how they relate (see `NameLevel`), with a similarity score.

    The score is rapidfuzz's token_sort_ratio of the normalised names in [0, 1] (1.0 from
    NORMALISED up). Order never matters ("Wang Wei" / "Wei Wang", "Whitfield, Dana"); a second
    surname or middle name added or dropped ("Ana García López" / "Ana García") is INITIALS.
    Umlauts match either transliteration ("José Müller" / "Jose Muller" / "Jose Mueller").
    """
    found = _names_match(a, b, fuzzy_threshold)
    if found.level <= NameLevel.NORMALISED:
        return found
    for x, y in ((a.translate(_EXPAND), b), (a, b.translate(_EXPAND))):
        if (x, y) != (a, b):
            alt = _names_match(x, y, fuzzy_threshold)
            if alt.level <= NameLevel.NORMALISED:
                alt = NameMatch(NameLevel.NORMALISED, 1.0, "same name up to transliteration")
            if alt.level < found.level:
                found = alt
    return found


def _names_match(a: str, b: str, fuzzy_threshold: float) -> NameMatch:
    if not (a or "").strip() or not (b or "").strip():
        return NameMatch(NameLevel.DIFFERENT, 0.0, "a name is empty")
    if " ".join(a.split()) == " ".join(b.split()):
        return NameMatch(NameLevel.EXACT, 1.0, "identical")
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return NameMatch(NameLevel.DIFFERENT, 0.0, "a name has no letters")
    na, nb = " ".join(ta), " ".join(tb)
    if (
        sorted(ta) == sorted(tb)
        or "".join(ta) == "".join(tb)
        or "".join(sorted(ta)) == "".join(sorted(tb))
    ):
        return NameMatch(
            NameLevel.NORMALISED, 1.0, "same name up to case, accents, order or hyphens"
        )
    score = _score(na, nb)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    pairs = _best_assignment(short, long)
    matched = [(s, t, r) for s, t, r in pairs if r is not None]
    full = [p for p in matched if p[2] != _INITIAL]
    if len(matched) == len(short) and full:
        ranks = {r for *_, r in matched}
        if _TYPO in ranks:
            typos = ", ".join(f"{s}/{t}" for s, t, r in matched if r == _TYPO)
            return NameMatch(NameLevel.FUZZY, score, f"close spelling ({typos})")
        extra = [t for t in long if t not in {p[1] for p in matched}]
        if _INITIAL in ranks or extra:
            bits = []
            if _INITIAL in ranks:
                bits.append(
                    "initials ("
                    + ", ".join(f"{s}/{t}" for s, t, r in matched if r == _INITIAL)
                    + ")"
                )
            if extra:
                bits.append("part added or dropped (" + " ".join(extra) + ")")
            if _NICK in ranks:
                bits.append("nickname")
            return NameMatch(NameLevel.INITIALS, score, "; ".join(bits))
        nicks = ", ".join(f"{s}/{t}" for s, t, r in matched if r == _NICK)
        return NameMatch(NameLevel.NICKNAME, score, f"nickname ({nicks})")
    shared = [s for s, _, r in matched if r in (_EQUAL, _NICK)]
    if shared:
        differ_a = [t for t in ta if t not in {p[0] for p in matched} | {p[1] for p in matched}]
        differ_b = [t for t in tb if t not in {p[0] for p in matched} | {p[1] for p in matched}]
        return NameMatch(
            NameLevel.PARTIAL,
            score,
            f"shares {' '.join(shared)}; differs in {' '.join(differ_a) or '-'} / {' '.join(differ_b) or '-'}",
        )
    if score * 100 >= fuzzy_threshold:
        return NameMatch(NameLevel.FUZZY, score, "close spelling")
    return NameMatch(NameLevel.DIFFERENT, score, "no part of the names agrees")


# ---------------------------------------------------------------------------------------------
# Email local parts
# ---------------------------------------------------------------------------------------------


_LETTER_RUN = lazy_re(r"[a-z]+")


def _local_letters(local_part: str) -> tuple[str, list[str]]:
    """The letters of a mailbox name (transliterated, folded) and its runs of letters."""
    local = (local_part or "").split("@", 1)[0].split("+", 1)[0]
    if local.isascii():  # NFKC leaves ASCII as it is, and folds it as `lower` does
        local = local.lower()
    else:
        local = _transliterate(unicodedata.normalize("NFKC", local)).casefold()
    segments: list[str] = _LETTER_RUN.findall(local)
    return "".join(segments), segments


@lru_cache(maxsize=16384)
def _name_handles(name: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(long words, short words, handle shapes) that a mailbox for `name` could be built from.

    Remembered (bounded): one name is compared with every mailbox of its applicant."""
    tokens = _name_tokens(name or "")
    if not tokens:
        return frozenset(), frozenset(), frozenset()
    parts = parse_name(name)
    first = _name_tokens(parts.first) if parts.first else tokens[:1]
    last = _name_tokens(parts.last) if parts.last else tokens[-1:]
    middle = _name_tokens(parts.middle) if parts.middle else ()
    given_forms = set(first[:1])
    if first:
        given_forms |= {v for v in nickname_variants(first[0]) if v.isalpha()}
    words = set(tokens) | given_forms
    long = {w for w in words if len(w) >= 4}
    short = {w for w in words if 2 <= len(w) <= 3}
    surnames = {"".join(last)} | set(last)
    givens = given_forms | {g[0] for g in given_forms if g}
    surnames |= {s[0] for s in surnames if s}
    shapes = {g + s for g in givens for s in surnames} | {s + g for g in givens for s in surnames}
    if middle:
        shapes |= {g + middle[0][0] + s for g in givens for s in surnames}
    # The bare initials in either order, and with every token (Wang Wei → ww; D J Whitfield → djw).
    initials = "".join(t[0] for t in tokens)
    shapes |= {initials, initials[::-1]}
    return frozenset(long), frozenset(short), frozenset(s for s in shapes if len(s) >= 2)


def _transliteration_variant(words: frozenset[str], segments: list[str]) -> bool:
    """A mailbox segment that is another romanisation of a long name word ("dmitry" for
    "Dmitrii", "aleksandr" for "Alexander", "mohammed" for "Muhammad")."""
    from rapidfuzz.distance import JaroWinkler

    return any(
        len(seg) >= 4 and JaroWinkler.similarity(seg, w) >= 0.85 for seg in segments for w in words
    )


def email_matches_name(local_part: str, names: Iterable[str]) -> bool:
    """True when a mailbox name is plausibly built from one of `names`.

    Recognised: the given name, a nickname or the surname anywhere (dana.whitfield, whitfieldd,
    danaw1987, bob.w); initials with a surname (dwhitfield, d.whitfield, djwhitfield); bare
    initials (dw). Short names (two or three letters) must stand as a whole segment or at a
    segment's edge. A local part with no letters matches nothing. Names with no letters are
    skipped; with no usable name at all this returns True (nothing to contradict).
    """
    letters, segments = _local_letters(local_part)
    usable = [n for n in names if _name_tokens(n or "")]
    if not usable:
        return True
    if not letters:
        return False
    # The common case first: a long word of a name itself in the mailbox ("dana.whitfield").
    # It is one of the tests below, so the answer is the same; it just needs no nameparser and
    # no nickname table (together about 50 ms to load).
    for n in usable:
        for w in _name_tokens(n or ""):
            if len(w) >= 4 and w in letters:
                return True
    # Then a short word of a name as a segment, or at a segment's edge ("jan.wil", "hold"):
    # also one of the tests below (the name's short words are among its handles).
    for n in usable:
        for w in _name_tokens(n or ""):
            if 2 <= len(w) <= 3 and (
                w in segments
                or (len(w) == 3 and any(seg.startswith(w) or seg.endswith(w) for seg in segments))
            ):
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
        if letters in shapes or not shapes.isdisjoint(segments):
            return True  # the whole mailbox or one of its segments is a shape
        for shape in shapes:
            if len(shape) >= 3 and (letters.startswith(shape) or letters.endswith(shape)):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Keys and relations built on the comparison
# ---------------------------------------------------------------------------------------------

NameRelation = Literal["same", "variant", "different"]


@lru_cache(maxsize=65536)
def _ordered_tokens(name: str) -> tuple[str, ...]:
    """`name_tokens` with "Last, First" put in reading order."""
    text = name or ""
    if text.count(",") == 1:
        last, _, first = text.partition(",")
        if name_tokens(first) and name_tokens(last):
            text = f"{first} {last}"
    return tuple(name_tokens(text))


def name_key(name: str) -> str:
    """First and last name, folded (case, diacritics, titles, "Last, First"); '' if none.

    The key linkage uses to tell one person's two applications from two people."""
    tokens = _ordered_tokens(name)
    if not tokens:
        return ""
    return tokens[0] if len(tokens) == 1 else f"{tokens[0]} {tokens[-1]}"


def surname(name: str) -> str:
    """The last name, folded; '' for a one-word name (linkage's household test)."""
    tokens = _ordered_tokens(name)
    return tokens[-1] if len(tokens) > 1 else ""


def same_name(a: str, b: str) -> bool:
    """One person's name written two ways: the levels up to INITIALS (case, accents, order,
    hyphens, nicknames, initials, a middle or second surname added or dropped)."""
    return names_match(a, b).level <= NameLevel.INITIALS


def name_relation(a: str, b: str) -> NameRelation:
    """`same` (a tolerated variant or a typo), `variant` (same given name, another surname: a
    married name, perhaps) or `different`. An empty name says nothing, so it is `same`."""
    if not name_tokens(a) or not name_tokens(b):
        return "same"
    m = names_match(a, b)
    if m.level <= NameLevel.INITIALS or m.level is NameLevel.FUZZY:
        return "same"
    ta, tb = _ordered_tokens(a), _ordered_tokens(b)
    if len(ta) > 1 and len(tb) > 1 and _relation(ta[0], tb[0]) in (_EQUAL, _NICK, _INITIAL):
        return "variant"
    return "different"
