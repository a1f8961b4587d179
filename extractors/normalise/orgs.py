"""Employer and school names: normalisation, a versioned alias table and a levelled comparison.

`compare_orgs` and `compare_schools` return the first level that holds, in this order:

EXACT (same text, case and spacing aside) → ALIAS (known names of one organisation: Facebook /
Meta, Square / Block, UT Austin / University of Texas at Austin) → NORMALISED (equal once legal
suffixes, punctuation, "&", "The" and accents are set aside) → FUZZY (rapidfuzz ratio ≥ threshold,
or one name is the other plus more words: "Acme" / "Acme Cloud Services") → DIFFERENT.

Two names that the alias table places in *different* groups are DIFFERENT even when they look
alike ("Dell" / "Dell Services"). The alias table is data (`data/org_aliases.json`) and users
extend it with `load_aliases(extra)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from extractors.normalise.text import plain_words

__all__ = [
    "AliasTable",
    "OrgLevel",
    "OrgMatch",
    "canonical_org",
    "canonical_school",
    "compare_orgs",
    "compare_schools",
    "load_aliases",
    "normalise_org",
    "normalise_school",
    "org_key",
    "owned_by",
    "plain_org",
    "same_org",
    "same_school",
]

DATA_FILE = Path(__file__).parent.parent / "data" / "org_aliases.json"
SCHOOLS_FILE = Path(__file__).parent.parent / "data" / "school_aliases.json"
DEFAULT_THRESHOLD = 90  # rapidfuzz ratio (0-100) on normalised names

# Legal forms stripped from the end of a name (after punctuation is removed, so "S.A." is "sa").
# Multi-word forms are listed as word tuples and tried longest first.
_LEGAL_FORMS = [
    "inc", "incorporated", "llc", "llp", "lllp", "lp", "ltd", "limited", "gmbh", "ag", "sa",
    "sas", "sarl", "srl", "spa", "bv", "nv", "plc", "corp", "corporation", "co", "company",
    "pvt", "pty", "pte", "kk", "oy", "oyj", "ab", "as", "asa", "aps", "se", "kg", "kgaa",
    "ulc", "ltda", "sl", "sro", "zrt", "nyrt", "bhd", "pvt ltd", "private limited", "pty ltd",
    "pte ltd", "co ltd", "sdn bhd", "gmbh and co kg", "sp z o o", "s de rl de cv", "sa de cv",
    "l l c",
]  # fmt: skip
_LEGAL_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted((tuple(f.split()) for f in _LEGAL_FORMS), key=len, reverse=True)
)
# The same suffixes by their last word (longest first), so a name's last word picks the few to try.
_SUFFIXES_BY_LAST: dict[str, tuple[tuple[str, ...], ...]] = {
    last: tuple(s for s in _LEGAL_SUFFIXES if s[-1] == last)
    for last in {s[-1] for s in _LEGAL_SUFFIXES}
}
_NAME_CACHE = 16384  # normalised names remembered (each a few short strings)
_COMPARE_CACHE = 16384  # comparisons under the shipped alias table remembered

# Words that, alone, say nothing about which organisation is meant (not enough for FUZZY).
_GENERIC = frozenset(
    [
        "the", "and", "of", "group", "global", "international", "holdings", "solutions",
        "services", "systems", "technologies", "technology", "tech", "consulting", "company",
        "corporation", "software", "labs", "bank", "university", "college", "school",
        "institute", "inc", "llc", "ltd", "co",
    ]
)  # fmt: skip

_SCHOOL_WORDS = {
    "univ": "university",
    "uni": "university",
    "u": "university",
    "coll": "college",
    "inst": "institute",
    "tech": "technology",
    "intl": "international",
    "natl": "national",
    "dept": "department",
    "st": "state",
}


class OrgLevel(IntEnum):
    """How two organisation (or school) names relate; lower is closer, evaluated top-down.

    ALIAS is given only to names that still differ once normalised ("Facebook" / "Meta");
    "Facebook Inc" / "Facebook" is NORMALISED even though both are in the table.
    """

    EXACT = 0
    ALIAS = 1
    NORMALISED = 2
    FUZZY = 3
    DIFFERENT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """The outcome of a comparison: level, similarity in [0, 1], a reason and the shared group."""

    level: OrgLevel
    score: float
    detail: str = ""
    canonical: str | None = None  # the alias group both names belong to, when known

    @property
    def same(self) -> bool:
        """Taken to be one organisation (FUZZY included: callers may lower their confidence)."""
        return self.level < OrgLevel.DIFFERENT


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


_ASIDE = re.compile(r"\([^)]*\)")


def _words(s: str) -> list[str]:
    return list(plain_words(s))


def _strip_legal(words: list[str]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        for suffix in _SUFFIXES_BY_LAST.get(words[-1], ()):
            n = len(suffix)
            if len(words) > n and tuple(words[-n:]) == suffix:
                words = words[:-n]
                changed = True
                break
        while len(words) > 1 and words[-1] == "and":  # "Smith & Co." → "smith and" → "smith"
            words = words[:-1]
            changed = True
    return words


@lru_cache(maxsize=_NAME_CACHE)
def normalise_org(s: str) -> str:
    """A comparison key for an organisation name.

    Case-folded and transliterated; punctuation gone, `&` → "and", a leading "The" and trailing
    legal forms (Inc, LLC, Ltd, GmbH, S.A., Pvt Ltd, Corp, Co., PLC, AG, BV, SAS, …) dropped;
    a parenthesised aside dropped when something is left. Never empty for a non-empty name.
    Remembered (bounded): the same employer names come back for every comparison.
    """
    text = s or ""
    without_aside = _ASIDE.sub(" ", text)
    if _words(without_aside):
        text = without_aside
    words = _words(text)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_strip_legal(words))


# School words in other languages read as their English counterparts ("Università di Roma" is
# "University of Rome"), and articles and prepositions that carry no name.
_SCHOOL_TRANSLATIONS = {
    **dict.fromkeys(
        ("universita", "universitat", "universitaet", "universidad", "universidade",
         "universite", "universiteit", "uniwersytet", "univerzita", "univerzitet",
         "universitatea", "universitet", "universitas", "universiti"),
        "university",
    ),
    **dict.fromkeys(
        ("politecnico", "politecnica", "polytechnique", "politechnika", "polytechnika",
         "politehnica", "polytechnical"),
        "polytechnic",
    ),
    **dict.fromkeys(("technische", "technischen", "tecnica", "tecnico", "technicka"), "technical"),
    **dict.fromkeys(("tecnologica", "tecnologico", "technologique"), "technological"),
    **dict.fromkeys(("instituto", "institut", "istituto", "institutet"), "institute"),
    **dict.fromkeys(("escuela", "ecole", "scuola", "schule", "escola"), "school"),
    **dict.fromkeys(("nacional", "nazionale", "nationale", "narodowy"), "national"),
    **dict.fromkeys(("autonoma", "autonomo"), "autonomous"),
    **dict.fromkeys(("estadual", "statale", "estatal", "staatliche"), "state"),
    **dict.fromkeys(("superior", "superiore", "superieure"), "higher"),
}  # fmt: skip
_SCHOOL_STOPWORDS = frozenset(
    ["of", "the", "at", "in", "di", "de", "del", "della", "degli", "delle", "des", "du", "der",
     "da", "do", "dos", "das", "la", "le", "el", "les", "studi", "studiorum", "alma", "mater",
     "campus", "main", "and"]
)  # fmt: skip
# The English names of cities schools are named after ("München" → "munich").
_CITY_EXONYMS = {
    "roma": "rome", "milano": "milan", "munchen": "munich", "muenchen": "munich",
    "koln": "cologne", "wien": "vienna", "praha": "prague", "warszawa": "warsaw",
    "lisboa": "lisbon", "napoli": "naples", "torino": "turin", "firenze": "florence",
    "venezia": "venice", "genova": "genoa", "padova": "padua", "sevilla": "seville",
    "geneve": "geneva", "bruxelles": "brussels", "brussel": "brussels", "kobenhavn": "copenhagen",
    "goteborg": "gothenburg", "moskva": "moscow", "kiev": "kyiv", "bucuresti": "bucharest",
    "beograd": "belgrade", "athina": "athens", "krakow": "krakow", "wroclaw": "wroclaw",
    "den haag": "the hague", "mexico": "mexico", "zurich": "zurich",
}  # fmt: skip
# Words every school name shares: not enough, alone, to tell schools apart.
_SCHOOL_GENERIC = frozenset(
    ["university", "college", "institute", "school", "academy", "polytechnic", "faculty"]
)


@lru_cache(maxsize=_NAME_CACHE)
def normalise_school(s: str) -> str:
    """A comparison key for a school: like `normalise_org`, plus "Univ." → university, other
    languages' school words and city names in English, articles and prepositions dropped.

    "The University of Texas at Austin", "University of Texas - Austin" and "Univ. of Texas,
    Austin" all give "university texas austin"; "Università di Roma" and "University of Rome"
    both give "university rome". Word order is kept: "University of Washington" and
    "Washington University" stay apart. Remembered (bounded), like `normalise_org`.
    """
    text = s or ""
    without_aside = _ASIDE.sub(" ", text)
    words = _words(without_aside if _words(without_aside) else text)
    out = []
    for i, w in enumerate(words):
        if w == "st" and i == 0:
            out.append("saint")  # "St. John's University"
        elif w == "u" and not (i + 1 < len(words) and words[i + 1] == "of"):
            out.append(w)  # a lone letter that is not "U of"
        else:
            w = _SCHOOL_WORDS.get(w, w)
            out.append(_CITY_EXONYMS.get(w, _SCHOOL_TRANSLATIONS.get(w, w)))
    kept = [w for w in out if w not in _SCHOOL_STOPWORDS]
    return " ".join(kept or out)


def _school_abbreviates(short: list[str], long: list[str]) -> bool:
    """`short` names `long` by abbreviation: each of its words is a word of `long`, a prefix of
    one ("Penn" / "Pennsylvania"), or the initials of a run of them ("UT" / "University of
    Texas", "UCF" / "University of Central Florida"), in order; what is left of `long` is
    generic ("university", "institute"). "Texas" alone does not name "University of Texas at
    Austin": "Austin" would be left over."""

    def walk(i: int, j: int) -> bool:
        if i == len(short):
            return all(w in _SCHOOL_GENERIC for w in long[j:])
        token = short[i]
        for k in range(j, len(long)):
            if k > j and long[k - 1] not in _SCHOOL_GENERIC:
                break  # only generic words may be skipped
            word = long[k]
            if (token == word or (len(token) >= 4 and word.startswith(token))) and walk(
                i + 1, k + 1
            ):
                return True
            for n in range(2, min(len(token), len(long) - k) + 1):
                run = long[k : k + n]
                if "".join(x[0] for x in run) == token and walk(i + 1, k + n):
                    return True
        return False

    return bool(short) and len(short) <= len(long) and walk(0, 0)


# ---------------------------------------------------------------------------------------------
# The alias table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AliasTable:
    """Normalised name → canonical display name, for organisations and for schools."""

    version: int
    orgs: Mapping[str, str]
    schools: Mapping[str, str]
    # A brand that still exists on its own (canonical name) → the company that owns it.
    owners: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def _index(groups: Mapping[str, Any], normalise: Any, where: str) -> dict[str, str]:
    if not isinstance(groups, Mapping):
        raise ValueError(f"{where}: expected a table of canonical name → list of aliases")
    index: dict[str, str] = {}
    for canonical, aliases in groups.items():
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(canonical, str) or not canonical.strip():
            raise ValueError(f"{where}: empty canonical name")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"{where}: aliases of {canonical!r} must be a list of strings")
        for name in [canonical, *aliases]:
            key = normalise(name)
            if not key:
                raise ValueError(
                    f"{where}: alias {name!r} of {canonical!r} has no letters or digits"
                )
            if index.get(key, canonical) != canonical:
                raise ValueError(
                    f"{where}: {name!r} is listed under both {index[key]!r} and {canonical!r}"
                )
            index[key] = canonical
    return index


def _build(data: Mapping[str, Any], where: str) -> tuple[dict[str, str], dict[str, str]]:
    return (
        _index(data.get("aliases", {}), normalise_org, f"{where} [aliases]"),
        _index(data.get("schools", {}), normalise_school, f"{where} [schools]"),
    )


@lru_cache(maxsize=1)
def _shipped() -> AliasTable:
    """The shipped employer aliases (`org_aliases.json`) and school aliases (`school_aliases.json`)."""
    orgs_data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    schools_data = json.loads(SCHOOLS_FILE.read_text(encoding="utf-8"))
    orgs, _ = _build({"aliases": orgs_data["aliases"]}, DATA_FILE.name)
    _, schools = _build({"schools": schools_data["schools"]}, SCHOOLS_FILE.name)
    version = int(orgs_data["version"]) * 1000 + int(schools_data["version"])
    owners = _owners(orgs_data.get("owners", {}), orgs, f"{DATA_FILE.name} [owners]")
    return AliasTable(
        version, MappingProxyType(orgs), MappingProxyType(schools), MappingProxyType(owners)
    )


def _owners(groups: Mapping[str, Any], orgs: Mapping[str, str], where: str) -> dict[str, str]:
    """Brand (canonical, through the employer aliases) → canonical owner; one owner per brand."""
    brands = _index(groups, normalise_org, where)  # normalised brand or owner → owner as written
    out: dict[str, str] = {}
    for key, owner in brands.items():
        if key == normalise_org(owner):
            continue  # the owner's own entry
        brand = orgs.get(key, key)
        out[brand] = normalise_org(owner)
    return out


def load_aliases(extra: Mapping[str, Any] | None = None) -> AliasTable:
    """The shipped alias table, extended by `extra` (user entries win over shipped ones).

    `extra` is either `{"aliases": {...}, "schools": {...}}` like the data file, or a plain
    `{"Canonical": ["Alias", ...]}` table of organisations (as in `[references.org_aliases]`).
    Raises ValueError naming the entry when `extra` is malformed or lists an alias twice.
    """
    base = _shipped()
    if not extra:
        return base
    sectioned = set(extra) <= {"aliases", "schools", "owners", "version", "description"}
    add = extra if sectioned else {"aliases": extra}
    orgs, schools = _build(add, "alias configuration")
    merged_orgs = {**base.orgs, **orgs}
    merged_schools = {**base.schools, **schools}
    owners = _owners(add.get("owners", {}), merged_orgs, "alias configuration [owners]")
    return AliasTable(
        base.version,
        MappingProxyType(merged_orgs),
        MappingProxyType(merged_schools),
        MappingProxyType({**base.owners, **owners}),
    )


def owned_by(brand: str, owner: str, aliases: AliasTable | None = None) -> bool:
    """Whether the employer table lists `owner` as the company that owns `brand`, a brand that
    still exists on its own ("GitHub" and "Microsoft", "Red Hat" and "IBM"): two employers, but
    a job at one is often listed under the other."""
    table = aliases or _shipped()
    return table.owners.get(canonical_org(brand, table)) == normalise_org(
        canonical_org(owner, table)
    )


def canonical_org(s: str, aliases: AliasTable | None = None) -> str:
    """The alias group's canonical name when `s` is a known name, else `normalise_org(s)`."""
    key = normalise_org(s)
    return (aliases or _shipped()).orgs.get(key, key)


def canonical_school(s: str, aliases: AliasTable | None = None) -> str:
    """The canonical school name when `s` is a known name, else `normalise_school(s)`."""
    key = normalise_school(s)
    return (aliases or _shipped()).schools.get(key, key)


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


def _extends(short: str, long: str) -> bool:
    """`long` is `short` followed by more words, and `short` names something on its own."""
    sw, lw = short.split(), long.split()
    if not sw or len(sw) >= len(lw) or lw[: len(sw)] != sw:
        return False
    if all(w in _GENERIC for w in lw[len(sw) :]):
        return True  # "Stanford" / "Stanford University", "Global Solutions" / "… Group"
    return any(w not in _GENERIC and len(w) >= 3 for w in sw)


def _compare(
    a: str, b: str, normalise: Any, index: Mapping[str, str], threshold: float
) -> OrgMatch:
    from rapidfuzz import fuzz

    if not (a or "").strip() or not (b or "").strip():
        return OrgMatch(OrgLevel.DIFFERENT, 0.0, "a name is empty")
    if " ".join(a.split()).casefold() == " ".join(b.split()).casefold():
        return OrgMatch(OrgLevel.EXACT, 1.0, "identical", index.get(normalise(a)))
    na, nb = normalise(a), normalise(b)
    ga, gb = index.get(na), index.get(nb)
    if ga is not None and ga == gb:
        if na == nb:
            return OrgMatch(
                OrgLevel.NORMALISED,
                1.0,
                "same name once legal form and punctuation are set aside",
                ga,
            )
        return OrgMatch(OrgLevel.ALIAS, 1.0, f"both are names of {ga}", ga)
    if na == nb:
        return OrgMatch(
            OrgLevel.NORMALISED, 1.0, "same name once legal form and punctuation are set aside", ga
        )
    score = round(fuzz.ratio(na, nb) / 100.0, 3)
    if ga is not None and gb is not None:
        return OrgMatch(
            OrgLevel.DIFFERENT, score, f"known as different organisations ({ga} / {gb})"
        )
    if score * 100 >= threshold:
        return OrgMatch(OrgLevel.FUZZY, score, "close spelling", ga or gb)
    short, long = sorted((na, nb), key=len)
    if _extends(short, long):
        extra = long[len(short) :].strip()
        if all(w in _GENERIC for w in extra.split()):
            detail = f"one name adds only the generic word(s) '{extra}'"
        else:
            detail = f"one name adds '{extra}': a division, or a different organisation"
        return OrgMatch(OrgLevel.FUZZY, score, detail, ga or gb)
    if normalise is normalise_school:
        wa, wb = na.split(), nb.split()
        sw, lw = sorted((wa, wb), key=len)
        known = ga if sw is wa else gb
        if known is not None:
            # A known abbreviation (MIT) names its own school, not another with its initials.
            if normalise(known).split() != lw and not _extends(normalise(known), " ".join(lw)):
                return OrgMatch(OrgLevel.DIFFERENT, score, f"{known} is another school")
        elif _school_abbreviates(sw, lw) or _school_abbreviates(lw, sw):
            return OrgMatch(OrgLevel.FUZZY, score, "one name abbreviates the other", ga or gb)
        significant = [w for w in wa if w not in _SCHOOL_GENERIC]
        if len(significant) >= 3 and sorted(wa) == sorted(wb):
            return OrgMatch(OrgLevel.FUZZY, score, "the same words in another order", ga or gb)
    return OrgMatch(OrgLevel.DIFFERENT, score, "different names")


@lru_cache(maxsize=_COMPARE_CACHE)
def _compare_shipped(a: str, b: str, schools: bool, threshold: float) -> OrgMatch:
    """`_compare` under the shipped alias table, remembered (OrgMatch is immutable)."""
    if schools:
        return _compare(a, b, normalise_school, _shipped().schools, threshold)
    return _compare(a, b, normalise_org, _shipped().orgs, threshold)


def compare_orgs(
    a: str, b: str, *, aliases: AliasTable | None = None, threshold: float = DEFAULT_THRESHOLD
) -> OrgMatch:
    """Compare two employer names (levels in the module docstring).

    Comparisons under the shipped table are remembered; a user table (`load_aliases(extra)`)
    is compared afresh each time (its names' normalised keys are still remembered).
    """
    if aliases is None or aliases is _shipped():
        return _compare_shipped(a, b, False, threshold)
    return _compare(a, b, normalise_org, aliases.orgs, threshold)


def compare_schools(
    a: str, b: str, *, aliases: AliasTable | None = None, threshold: float = DEFAULT_THRESHOLD
) -> OrgMatch:
    """Compare two school names (levels in the module docstring); remembered like `compare_orgs`."""
    if aliases is None or aliases is _shipped():
        return _compare_shipped(a, b, True, threshold)
    return _compare(a, b, normalise_school, aliases.schools, threshold)


def same_org(
    a: str,
    b: str,
    *,
    aliases: AliasTable | None = None,
    lineage: Callable[[str], object | None] | None = None,
) -> bool:
    """One employer under two names: any level above DIFFERENT (close spellings and a name that
    adds words to the other included), or, when `lineage` is given, the same entry of a table of
    renames and mergers (the founding-year table: "Andersen Consulting" / "Accenture").

    The one answer to "is it the same employer" for every check, the history diff, the
    reporters and linkage.
    """
    for x in _org_parts(a):
        for y in _org_parts(b):
            if compare_orgs(x, y, aliases=aliases).same:
                return True
            if lineage is not None:
                lx = lineage(x)
                if lx is not None and lx is lineage(y):
                    return True
    return False


_PART_SEPARATORS = re.compile(
    r"\s+/\s+|(?<=\w)/(?=\w)|\s+\|\s+|\s+[–—]\s+|"
    r",?\s+(?:acquired by|now part of|now|formerly|previously|f/?k/?a|a subsidiary of|part of)\s+",
    re.I,
)
_ASIDE_CONTENT = re.compile(r"\(([^)]*)\)")
_ASIDE_WORDS = re.compile(
    r"^\s*(?:formerly|previously|now(?: part of)?|acquired by|a subsidiary of|part of|"
    r"f/?k/?a|d/?b/?a|via|through|contract(?:ed)? (?:to|with|through))\s+",
    re.I,
)


def is_rename_aside(text: str) -> bool:
    """Whether a bracketed aside after an employer's name gives another name of it ("now
    River Point Data", "formerly Facebook", "acquired by Globex"): part of the employer."""
    return bool(_ASIDE_WORDS.match(text)) and bool(_words(_ASIDE_WORDS.sub("", text)))


@lru_cache(maxsize=_NAME_CACHE)
def _org_parts(name: str) -> tuple[str, ...]:
    """The name, then each name an employer string holds: "HP / Autonomy" → HP, Autonomy;
    "Meta (formerly Facebook)" → Meta, Facebook; "Acme — Cambridge" → Acme, Cambridge."""
    parts = [name]
    head = _ASIDE.sub(" ", name).strip()
    for aside in _ASIDE_CONTENT.findall(name):
        inner = _ASIDE_WORDS.sub("", aside).strip()
        if inner:
            parts.append(inner)
    for piece in _PART_SEPARATORS.split(head):
        if piece.strip() and piece.strip() != name.strip():
            parts.append(piece.strip())
    return tuple(dict.fromkeys(p for p in parts if _words(p)))


def same_school(a: str, b: str, *, aliases: AliasTable | None = None) -> bool:
    """One school under two names (abbreviations, the alias table, "The", campus words)."""
    return compare_schools(a, b, aliases=aliases).same


def org_key(name: str, aliases: AliasTable | None = None) -> str:
    """A key that is equal for names of one employer known to the alias table or equal once
    normalised: the key blocking and digests use (`canonical_org`, folded)."""
    return normalise_org(canonical_org(name, aliases))


def plain_org(name: str) -> str:
    """Case, accents and punctuation aside, but the legal form kept ("Block, Inc." → "block inc")."""
    return " ".join(_words(name))
