"""Phone numbers as written: validity, region, line type and how the writing departs from convention.

`analyse_phone` reads one number the way a person typed it and reports, separately:

- whether the number exists in a numbering plan (libphonenumber rules; `valid`, `invalid_reason`),
- convention problems in the *writing* (`problems`, for CT002): a trunk prefix kept after the
  country code, a country code written twice or missing, vanity letters, stray digit groups,
  grouping unlike the country's.

One slip gives one finding: when a written number is invalid only because of a convention slip
("+91 91 98765 43210", "+1 (0) 512 555 0142", "+1 512 555 0142 7"), the number is read without
the slip (`valid` describes the repaired reading) and the slip is reported as a problem.

Decisions, so that the output stays explainable:

- "(0)" after the country code ("+44 (0)20 7946 0958") is a widespread European business-card
  habit: reported at confidence 0.2 where the country's trunk prefix is 0, 0.5 elsewhere (it is
  never a North American habit). A bare "0" kept after the country code ("+44 020 …") is the real
  slip (0.7).
- Grouping is compared, over the national significant number, with libphonenumber's national
  and international formats. Splitting or merging those groups is accepted ("030 123 456 78");
  groups that straddle their boundaries are not ("+1 51 25 55 01 42"). North American numbers are
  held to 3-3-4; a few common native alternatives are accepted (London "0207 946 0958", Indian
  mobiles "987 654 3210").
- A number without a country code is read in `default_region`. If it is not valid there but is
  valid in other regions, the problem says so and, when exactly one reading exists (or exactly
  one reading is grouped just like that region's national format), that reading is used: a US
  number given by someone claiming the UK is a valid US number with a problem. A number written
  with the region's own trunk prefix ("07700 900123" for GB) is that region's number, valid or not.

Pure: phonenumbers is imported lazily.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.normalise.text import lazy_re

NANP_FILE = Path(__file__).parent / "data" / "nanp_area_codes.json"

__all__ = [
    "FICTIONAL_RANGES",
    "PhoneAnalysis",
    "PhoneProblem",
    "analyse_phone",
    "area_code_regions",
    "example_number",
    "fictional_range",
    "is_fictional",
]

# Patterns of the hot paths, compiled once (on first use).
_DIGIT = lazy_re(r"\d")
_ASCII_LETTER = lazy_re(r"[A-Za-z]")
_DIGITS = lazy_re(r"\d+")
_NON_DIGIT = lazy_re(r"\D")

# Kinds of convention problem (PhoneProblem.kind).
TRUNK_PREFIX = "trunk_prefix"
TRUNK_PREFIX_PARENTHESISED = "trunk_prefix_parenthesised"
DUPLICATED_COUNTRY_CODE = "duplicated_country_code"
MISSING_COUNTRY_CODE = "missing_country_code"
LETTERS = "letters"
STRAY_DIGITS = "stray_digits"
GROUPING = "grouping"

_TYPE_NAMES = {
    0: "fixed_line",
    1: "mobile",
    2: "fixed_line_or_mobile",
    3: "toll_free",
    4: "premium_rate",
    5: "shared_cost",
    6: "voip",
    7: "personal_number",
    8: "pager",
    9: "uan",
    10: "voicemail",
}
_LENGTH_REASONS = {
    1: "its country code is not in use",
    2: "it is too short",
    3: "it is too long",
    4: "it is only a local number (no area code)",
    5: "it has the wrong number of digits",
}
_EXT_RE = re.compile(r"\s*[,;]?\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PAREN_ZERO_RE = re.compile(r"\(\s*0\s*\)")

# North American numbers are grouped 3-3-4 ("512 555 0142"): other groupings break the habit.
_NANP_GROUPING = frozenset({3, 6})


@dataclass(frozen=True, slots=True)
class PhoneProblem:
    """A way the number is written unlike its country's conventions (CT002)."""

    kind: str
    message: str
    confidence: float


@dataclass(frozen=True, slots=True)
class PhoneAnalysis:
    """What one written phone number is, and what is wrong with how it is written.

    `e164` is set whenever the number could be parsed at all (also for invalid numbers, so that
    the same digits can be recognised elsewhere); `valid` says whether it exists in a numbering
    plan. `region` is the ISO 3166 code of the number (or of its country code's main region when
    invalid). `other_regions` lists where the digits as written would be valid when they are not
    valid in `default_region` and there is no country code.
    """

    raw: str
    e164: str | None = None
    region: str | None = None
    country_code: int | None = None
    national_number: str = ""
    extension: str = ""
    valid: bool = False
    possible: bool = False
    number_type: str = "unknown"
    problems: tuple[PhoneProblem, ...] = ()
    invalid_reason: str = ""
    suggested: str | None = None
    other_regions: tuple[str, ...] = ()

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.problems]


@dataclass
class _Written:
    """The raw string taken apart: digits, where the writer put separators, and markers."""

    text: str
    digits: str
    boundaries: frozenset[int]
    groups: list[str]
    plus: bool
    paren_zero: bool
    letters: str
    extension: str


_PHONENUMBERS: Any = None


def _pn() -> Any:
    """The phonenumbers module, imported on first use with its pattern cache on (where the
    library has one): it then keeps each metadata pattern it compiles instead of asking `re`'s
    cache a dozen times per number. Same patterns, same answers."""
    global _PHONENUMBERS
    if _PHONENUMBERS is None:
        import phonenumbers

        enable = getattr(phonenumbers, "enable_pattern_cache", None)
        if enable is not None:
            enable()
        _PHONENUMBERS = phonenumbers
    return _PHONENUMBERS


def _take_apart(raw: str) -> _Written:
    pn = _pn()
    from extractors.normalise.contacts import phone_text

    text = phone_text(unicodedata.normalize("NFKC", raw or "").strip())
    extension = ""
    m = _EXT_RE.search(text)
    if m and _DIGIT.search(text[: m.start()]):
        extension = m.group(1)
        text = text[: m.start()].rstrip()
    letters = "".join(_ASCII_LETTER.findall(text))
    converted = pn.convert_alpha_characters_in_number(text) if letters else text
    digits, boundaries, groups = "", set(), []
    for group in _DIGITS.findall(converted):
        if digits:
            boundaries.add(len(digits))
        digits += group
        groups.append(group)
    return _Written(
        text=text,
        digits=digits,
        boundaries=frozenset(boundaries),
        groups=groups,
        plus=text.lstrip().startswith("+"),
        paren_zero=bool(_PAREN_ZERO_RE.search(text)),
        letters=letters,
        extension=extension,
    )


def _parse(text: str, region: str | None) -> Any | None:
    pn = _pn()
    try:
        return pn.parse(text, region, keep_raw_input=True)
    except pn.NumberParseException:
        return None


def _valid(num: Any | None) -> bool:
    """`is_valid_number`, remembered per number (one reading asks it up to five times)."""
    return num is not None and _facts(num)[0]


def _facts(num: Any) -> tuple[bool, str | None, int]:
    """(is_valid_number, region_code_for_number, number_type) of a parsed number, asked of
    libphonenumber once and remembered. A number is valid exactly when its type is known: both
    read the same metadata of the number's own region, so `number_type` answers both."""
    key = (num.country_code, num.national_number, num.italian_leading_zero,
           num.number_of_leading_zeros)  # fmt: skip
    found = _FACTS.get(key)
    if found is None:
        region, kind = _region_and_type(num)
        found = (kind != int(_pn().PhoneNumberType.UNKNOWN), region, kind)
        if len(_FACTS) >= _FACTS_MAX:
            _FACTS.clear()
        _FACTS[key] = found
    return found


# The number types `_number_type_helper` tries after the general description, in its order,
# as (metadata attribute, PhoneNumberType value); fixed line and mobile are the last two.
_TYPE_ORDER = (
    ("premium_rate", 4), ("toll_free", 3), ("shared_cost", 5), ("voip", 6),
    ("personal_number", 7), ("pager", 8), ("uan", 9), ("voicemail", 10),
    ("fixed_line", 0), ("mobile", 1),
)  # fmt: skip
_FIXED_LINE, _MOBILE, _FIXED_LINE_OR_MOBILE, _UNKNOWN_TYPE = 0, 1, 2, 99
_Patterns = tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]
# (region id, calling code, number length) → the patterns `_type_of` matches such a number
# against (None: one of them would not compile; the helper itself is asked). Bounded.
_TYPE_PATTERNS: dict[tuple[Any, ...], _Patterns | None] = {}


def _desc_pattern(desc: Any, length: int) -> str | None:
    """The pattern `_is_number_matching_desc` matches a number of `length` digits against, or
    None where it answers False without matching (no description, a possible length that
    leaves the number out, an empty pattern)."""
    if desc is None:
        return None
    lengths = desc.possible_length
    if len(lengths) > 0 and length not in lengths:
        return None
    return desc.national_number_pattern or None


def _type_patterns(meta: Any, length: int) -> _Patterns | None:
    """(general description, every later description as one alternation in the helper's
    order, mobile) for numbers of `length` digits under `meta`; None if one will not compile."""
    key = (meta.id, meta.country_code, length)
    if key in _TYPE_PATTERNS:
        return _TYPE_PATTERNS[key]
    general = _desc_pattern(meta.general_desc, length)
    branches = [
        f"(?P<t{k}>{pattern})"
        for k, (attr, _kind) in enumerate(_TYPE_ORDER)
        if (pattern := _desc_pattern(getattr(meta, attr, None), length)) is not None
    ]
    mobile = _desc_pattern(meta.mobile, length)
    found: _Patterns | None
    try:
        found = (
            re.compile(general) if general is not None else None,
            re.compile("|".join(branches)) if branches else None,
            re.compile(mobile) if mobile is not None else None,
        )
    except re.error:  # (libphonenumber's patterns are plain; never seen)
        found = None
    if len(_TYPE_PATTERNS) >= 4096:
        _TYPE_PATTERNS.clear()
    _TYPE_PATTERNS[key] = found
    return found


def _type_of(nsn: str, meta: Any) -> int:
    """`_number_type_helper(nsn, meta)`, libphonenumber's type of a national number under one
    region's metadata, with one match instead of up to eleven: the descriptions that admit the
    number's length are the branches of one alternation in the helper's order, and the first
    branch that matches the whole number is the first description the helper finds matching.
    tests/test_phones_quick.py holds it to the helper over every region's metadata."""
    patterns = _type_patterns(meta, len(nsn))
    if patterns is None:
        return int(_pn().phonenumberutil._number_type_helper(nsn, meta))
    general, types, mobile = patterns
    if general is None or general.fullmatch(nsn) is None:
        return _UNKNOWN_TYPE
    m = types.fullmatch(nsn) if types is not None else None
    if m is None or m.lastgroup is None:
        return _UNKNOWN_TYPE
    k = int(m.lastgroup[1:])
    if k < 8:  # premium rate … voicemail
        return _TYPE_ORDER[k][1]
    same = meta.same_mobile_and_fixed_line_pattern
    if k == 8:  # a fixed line; a mobile too when the two patterns are one or both match
        if same or (mobile is not None and mobile.fullmatch(nsn) is not None):
            return _FIXED_LINE_OR_MOBILE
        return _FIXED_LINE
    return _UNKNOWN_TYPE if same else _MOBILE  # (mobile is tried only when the two differ)


def _region_and_type(num: Any) -> tuple[str | None, int]:
    """`region_code_for_number` and `number_type` of a parsed number in one walk. Where several
    regions share the calling code (+1: the US, Canada and the Caribbean), the region is the
    first whose leading digits fit or whose metadata gives the number a type; that type is the
    number's, so it is kept rather than worked out again. Falls back to the public calls."""
    pn = _pn()
    walk = _walk(num.country_code)
    if walk is None:
        region = pn.region_code_for_number(num)
        return region, int(_number_type(num, region))
    return _walked(walk, num.country_code, pn.national_significant_number(num))


def _walked(walk: tuple[_Step, ...], cc: int, nsn: str) -> tuple[str | None, int]:
    """The region and type of national number `nsn` of calling code `cc` by its region walk."""
    for leading, codes, meta in walk:
        if leading is None:  # a region without leading digits: its type says
            kind = _type_of(nsn, meta)
            if kind != _UNKNOWN_TYPE:
                return codes[0], kind
            continue
        m = leading.match(nsn)
        if m is not None and m.lastgroup is not None:
            code = codes[int(m.lastgroup[1:])]
            return code, _type_in(cc, code, nsn)
    return None, _type_in(cc, None, nsn)


def _type_in(cc: int, region: str | None, nsn: str) -> int:
    """`_number_type` of national number `nsn` of calling code `cc` read in `region`."""
    metadata = _pn().phonenumberutil.PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
    return _UNKNOWN_TYPE if metadata is None else _type_of(nsn, metadata)


# One step of a calling code's region walk: (None, (region,), its metadata) for a region without
# leading digits, or (one alternation of a run of regions' leading digits, in their order, the
# run's regions, None): the first branch that matches is the first region whose digits match.
_Step = tuple[re.Pattern[str] | None, tuple[str, ...], Any]
_WALKS: dict[int, tuple[_Step, ...] | None] = {}


def _walk(cc: int) -> tuple[_Step, ...] | None:
    """The steps of `region_code_for_number`'s walk over the regions of a calling code that
    several share (None for one region, or where the library lacks what it needs), worked out
    once per calling code: metadata looked up and leading digits compiled once, and each run
    of regions with leading digits tried with one match."""
    if cc in _WALKS:
        return _WALKS[cc]
    util = _pn().phonenumberutil
    regions = getattr(util, "COUNTRY_CODE_TO_REGION_CODE", {}).get(cc)
    meta_for = getattr(util.PhoneMetadata, "metadata_for_region", None)
    found: tuple[_Step, ...] | None = None
    if (
        hasattr(util, "_number_type_helper")
        and hasattr(util.PhoneMetadata, "metadata_for_region_or_calling_code")
        and meta_for is not None
        and regions is not None
        and len(regions) >= 2
    ):
        steps: list[tuple[str | None, tuple[str, ...], Any]] = []
        run: list[tuple[str, str]] = []
        for code in regions:
            meta = meta_for(code.upper(), None)
            if meta is None:
                continue
            if meta.leading_digits is not None:
                run.append((code, meta.leading_digits))
                continue
            steps.extend(_leading_step(run))
            run = []
            steps.append((None, (code,), meta))
        steps.extend(_leading_step(run))
        try:
            found = tuple((re.compile(p) if p is not None else None, c, m) for p, c, m in steps)
        except re.error:  # (leading digits are plain patterns; never seen)
            found = None
    if len(_WALKS) >= 1024:
        _WALKS.clear()
    _WALKS[cc] = found
    return found


def _leading_step(run: list[tuple[str, str]]) -> list[tuple[str | None, tuple[str, ...], Any]]:
    if not run:
        return []
    pattern = "|".join(f"(?P<r{j}>{digits})" for j, (_code, digits) in enumerate(run))
    return [(pattern, tuple(code for code, _digits in run), None)]


def _number_type(num: Any, region: str | None) -> Any:
    """`phonenumbers.number_type`, given the region already found (it would look it up again,
    the slower half of its work); the public call when the library's helper is not there."""
    pn = _pn()
    util = pn.phonenumberutil
    metadata_for = getattr(util.PhoneMetadata, "metadata_for_region_or_calling_code", None)
    if not hasattr(util, "_number_type_helper") or metadata_for is None:
        return pn.number_type(num)
    metadata = metadata_for(num.country_code, region)
    if metadata is None:
        return pn.PhoneNumberType.UNKNOWN
    return _type_of(pn.national_significant_number(num), metadata)


# (country code, national number, leading-zero fields): what those three answers depend on.
_FACTS: dict[tuple[Any, ...], tuple[bool, str | None, int]] = {}
_FACTS_MAX = 8192


def _nsn(num: Any) -> str:
    return str(_pn().national_significant_number(num))


def _national_prefix(region: str | None) -> str:
    if not region:
        return ""
    meta = _pn().PhoneMetadata.metadata_for_region(region)
    return (meta.national_prefix or "") if meta else ""


@lru_cache(maxsize=1024)  # (calling codes: a few hundred)
def _main_region(cc: int) -> str | None:
    region = _pn().region_code_for_country_code(cc)
    return None if region in (None, "ZZ", "001") else str(region)


def _intl(num: Any) -> str:
    pn = _pn()
    return str(pn.format_number(num, pn.PhoneNumberFormat.INTERNATIONAL))


def _reparse_international(cc: int, nsn: str) -> Any | None:
    num = _parse(f"+{cc}{nsn}", None)
    return num if _valid(num) else None


def _written_prefix(w: _Written, num: Any) -> str | None:
    """The digits the writer put before the national significant number ("44", "0044", "440")."""
    nsn = _nsn(num)
    if not w.digits.endswith(nsn):
        return None
    return w.digits[: len(w.digits) - len(nsn)]


def _after_country_code(w: _Written, num: Any) -> str | None:
    """Digits written between the country code and the national number, for an international form."""
    pn = _pn()
    source = num.country_code_source
    if source not in (
        pn.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        pn.CountryCodeSource.FROM_NUMBER_WITH_IDD,
    ):
        return None
    prefix = _written_prefix(w, num)
    if prefix is None:
        return None
    cc = str(num.country_code)
    starts = [0] if source == pn.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN else range(1, 5)
    for start in starts:
        if prefix[start:].startswith(cc):
            return prefix[start + len(cc) :]
    return None


def _trunk_problem(w: _Written, cc: int, kept: str, region: str | None) -> PhoneProblem:
    where = region or f"+{cc}"
    if kept == "0" and w.paren_zero:
        if _national_prefix(region) == "0":
            return PhoneProblem(
                TRUNK_PREFIX_PARENTHESISED,
                f"'(0)' after +{cc}: the trunk prefix is dropped in international form "
                f"(a common habit on {where} business cards)",
                0.2,
            )
        return PhoneProblem(
            TRUNK_PREFIX_PARENTHESISED,
            f"'(0)' after +{cc}: {where} numbers have no trunk prefix 0",
            0.5,
        )
    return PhoneProblem(
        TRUNK_PREFIX,
        f"trunk prefix '{kept}' kept after the country code +{cc} (dialled from abroad it is dropped)",
        0.7,
    )


def _repair_prefix(w: _Written, num: Any) -> tuple[Any, PhoneProblem | None]:
    """Find a trunk prefix or a second country code after +CC; return the reading without it."""
    cc = num.country_code
    region = _main_region(cc)
    ccs, trunk = str(cc), _national_prefix(region)
    extra = _after_country_code(w, num)
    if extra:  # libphonenumber silently dropped it: the number is fine, the writing is not
        if extra == ccs:
            return num, PhoneProblem(
                DUPLICATED_COUNTRY_CODE,
                f"country code {ccs} written twice ('+{ccs} {ccs} …')",
                0.7,
            )
        if extra in {trunk, "0"}:
            return num, _trunk_problem(w, cc, extra, region)
        return num, PhoneProblem(STRAY_DIGITS, f"stray digits '{extra}' after +{ccs}", 0.6)
    if _valid(num) or extra is None:
        return num, None
    nsn = _nsn(num)
    if cc == 1 and nsn.startswith("1") and len(nsn) > 3:
        # No North American number starts with 1: the "1" is a second country code (or the
        # trunk 1) even when the rest is still wrong; that is then CT001's business.
        rest = _parse(f"+1{nsn[1:]}", None)
        if rest is not None:
            return rest, PhoneProblem(
                DUPLICATED_COUNTRY_CODE, "country code 1 written twice ('+1 1 …')", 0.7
            )
    if nsn.startswith(ccs):
        fixed = _reparse_international(cc, nsn[len(ccs) :])
        if fixed is not None:
            return fixed, PhoneProblem(
                DUPLICATED_COUNTRY_CODE,
                f"country code {ccs} written twice ('+{ccs} {ccs} …')",
                0.7,
            )
    for kept in dict.fromkeys(p for p in (trunk, "0") if p):
        if nsn.startswith(kept):
            fixed = _reparse_international(cc, nsn[len(kept) :])
            if fixed is not None:
                return fixed, _trunk_problem(w, cc, kept, region)
    return num, None


def _repair_stray_group(w: _Written, region: str | None) -> tuple[Any, PhoneProblem] | None:
    """An invalid number that becomes valid without a lone 1-2 digit group at either end."""
    if len(w.groups) < 3:
        return None
    plus = "+" if w.plus else ""
    tries = []
    if len(w.groups[-1]) <= 2:
        tries.append((w.groups[:-1], w.groups[-1]))
    if len(w.groups[0]) <= 2 and not w.plus:
        tries.append((w.groups[1:], w.groups[0]))
    for groups, stray in tries:
        num = _parse(plus + " ".join(groups), region)
        if _valid(num):
            return num, PhoneProblem(
                STRAY_DIGITS, f"stray digits '{stray}' (the number is complete without them)", 0.6
            )
    return None


@lru_cache(maxsize=1)
def _regions() -> tuple[str, ...]:
    return tuple(sorted(_pn().SUPPORTED_REGIONS))


def _valid_elsewhere(text: str, region: str | None) -> dict[str, Any]:
    """e164 → parsed number for every region (other than `region`) where `text` is valid."""
    pn = _pn()
    found: dict[str, Any] = {}
    for other in _regions():
        if other == region:
            continue
        num = _parse(text, other)
        if _valid(num):
            found.setdefault(str(pn.format_number(num, pn.PhoneNumberFormat.E164)), num)
    return found


def _written_as_formatted(w: _Written, num: Any) -> bool:
    """The writer grouped the digits exactly as the number's national format does."""
    pn = _pn()
    formatted = str(pn.format_number(num, pn.PhoneNumberFormat.NATIONAL))
    digits, bounds = "", set()
    for group in _DIGITS.findall(formatted):
        if digits:
            bounds.add(len(digits))
        digits += group
    return digits == w.digits and frozenset(bounds) == w.boundaries


def _render(nsn: str, bounds: frozenset[int]) -> str:
    out, last = [], 0
    for b in sorted(bounds):
        out.append(nsn[last:b])
        last = b
    out.append(nsn[last:])
    return " ".join(out)


def _grouping_problem(w: _Written, num: Any, region: str | None) -> PhoneProblem | None:
    nsn = _nsn(num)
    prefix = _written_prefix(w, num)
    if prefix is None or w.letters:
        return None
    offset = len(prefix)
    written = frozenset(b - offset for b in w.boundaries if offset < b < len(w.digits))
    if not written:
        return None
    if num.country_code != 1:
        # Elsewhere people group digits many ways ("+20 101 129 7216"): differing from
        # libphonenumber's preferred grouping is ordinary, not a convention broken.
        return None
    if written <= _NANP_GROUPING:
        return None
    conventional, confidence = _NANP_GROUPING, 0.6
    return PhoneProblem(
        GROUPING,
        f"digits grouped as '{_render(nsn, written)}'; {region or 'its'} numbers are grouped "
        f"'{_render(nsn, conventional)}'",
        confidence,
    )


def _letters_problem(w: _Written, num: Any | None) -> PhoneProblem:
    spelled = f"; dialled it is {_intl(num)}" if num is not None else ""
    return PhoneProblem(
        LETTERS, f"contains letters ('{w.letters}'), as in a vanity number{spelled}", 0.5
    )


def analyse_phone(raw: str, default_region: str | None = None) -> PhoneAnalysis:
    """Read one phone number as written (see the module docstring for what is judged and how).

    `default_region` (ISO 3166 alpha-2) is where a number without a country code is read; with
    None such a number cannot be placed and is reported as unparseable. Results are remembered
    (bounded; PhoneAnalysis is immutable): several checks read the same numbers.
    """
    return _analyse((default_region or "").upper() or None, raw)


# A number written the North American way: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX, a digit
# or two short or long ("(608) 555-018"). Read in North America, it is an invalid North American
# number, not a valid number of some other country that happens to have as many digits.
_NANP_SHAPE = re.compile(r"^(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]*\d{3}[\s.-]\d{1,5}$")
_NANP_REGIONS = frozenset({"US", "CA", "PR", "GU", "VI", "AS", "MP"})


def _written_like_nanp(raw: str, region: str) -> bool:
    return region in _NANP_REGIONS and bool(_NANP_SHAPE.match(raw.strip()))


# The everyday North American number written along its usual groups, with or without the
# country code: "(312) 555-0142", "312-555-0142", "312.555.0142", "+1 312 555 0142",
# "1-312-555-0142". Area code and exchange cannot start with 0 or 1.
_NANP_PLAIN = re.compile(
    r"\s*(\+1[ .-]?|1[ .-])?(?:\(([2-9][0-9][0-9])\) ?|([2-9][0-9][0-9])[ .-])([2-9][0-9][0-9])[ .-]"
    r"([0-9]{4})\s*"
)


def _nanp_quick(region_in: str | None, raw: str) -> PhoneAnalysis | None:
    """The reading of a plainly written North American number without libphonenumber's
    parser (a third of the time), or None to read it in full.

    Only a number the full reading could not fault is answered here: the digits along the
    usual groups (no grouping problem), one optional country code (no slip), no letters, no
    extension, read in North America or written with +1; valid (libphonenumber's own metadata
    says so) or invalid (`_nanp_invalid`).
    `tests/test_phones_quick.py` holds the two readings to the same answers."""
    m = _NANP_PLAIN.fullmatch(raw)
    if m is None:
        return None
    prefix = m.group(1) or ""
    if not prefix.startswith("+") and region_in not in _NANP_REGIONS:
        return None
    digits = (m.group(2) or m.group(3)) + m.group(4) + m.group(5)
    valid, own_region, kind = _nanp_facts(digits)
    if not valid:
        return _nanp_invalid(raw, prefix, digits, region_in)
    return PhoneAnalysis(
        raw=raw,
        e164="+1" + digits,
        region=own_region or _main_region(1),
        country_code=1,
        national_number=digits,
        valid=True,
        possible=True,  # a valid number is a possible one
        number_type=_TYPE_NAMES.get(kind, "unknown"),
        suggested=f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}",  # format_number's, for +1
    )


def _nanp_facts(digits: str) -> tuple[bool, str | None, int]:
    """`_facts` of the +1 number of ten digits (the first not 0 or 1: its national significant
    number is the digits themselves), by the region walk of +1 without making the number."""
    walk = _walk(1)
    if walk is None or not digits.isascii():
        return _facts(_pn().PhoneNumber(country_code=1, national_number=int(digits)))
    region, kind = _walked(walk, 1, digits)
    return kind != _UNKNOWN_TYPE, region, kind


def _nanp_invalid(
    raw: str, prefix: str, digits: str, region_in: str | None
) -> PhoneAnalysis | None:
    """The full reading of a plainly written +1 number that is not valid, without the parser,
    or None to read it in full. Written with "+1" or without a country code (in North America),
    nothing in it is a slip the full reading repairs: the country code is not repeated, the area
    code does not start with a trunk 1 or 0, no group is a stray one or two digits, and a North
    American shape is not read in another country. Written with the trunk "1-" in a North
    American region whose trunk prefix is 1, the parser takes the ten digits after it as the
    number, the lone "1" is no stray group (the number is as invalid without it), and a number
    written in its region's national style is not read elsewhere: the same reading. Digits other
    than ASCII are read in full."""
    if not digits.isascii():
        return None
    if prefix and not prefix.startswith("+") and _national_prefix(region_in) != "1":
        return None
    pn = _pn()
    num = pn.PhoneNumber(country_code=1, national_number=int(digits))
    region = _main_region(1)
    # (`is_possible_number` is this reason being "possible" or "possible locally")
    reason = int(pn.is_possible_number_with_reason(num))
    why = _LENGTH_REASONS.get(reason)
    return PhoneAnalysis(
        raw=raw,
        e164="+1" + digits,
        region=region,
        country_code=1,
        national_number=digits,
        possible=reason
        in (pn.ValidationResult.IS_POSSIBLE, pn.ValidationResult.IS_POSSIBLE_LOCAL_ONLY),
        invalid_reason=why
        or f"no {region or '+1'} number starts like this (not in the numbering plan)",
    )


@lru_cache(maxsize=4096)
def _analyse(region_in: str | None, raw: str) -> PhoneAnalysis:
    return _nanp_quick(region_in, raw) or _analyse_full(region_in, raw)


def _analyse_full(region_in: str | None, raw: str) -> PhoneAnalysis:
    pn = _pn()
    w = _take_apart(raw)
    if len(w.digits) < 3:
        return PhoneAnalysis(raw=raw, invalid_reason="it has too few digits to be a phone number")
    problems: list[PhoneProblem] = []
    num = _parse(w.text, region_in)
    if num is None:
        reason = (
            "it has no country code and no region to read it in"
            if region_in is None and not w.plus
            else "it cannot be read as a phone number"
        )
        return PhoneAnalysis(raw=raw, extension=w.extension, invalid_reason=reason)
    num, slip = _repair_prefix(w, num)
    if slip:
        problems.append(slip)
    other_regions: tuple[str, ...] = ()
    if not _valid(num):
        stray = _repair_stray_group(w, region_in)
        if stray:
            num, problem = stray
            problems.append(problem)
    international = num.country_code_source in (
        pn.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        pn.CountryCodeSource.FROM_NUMBER_WITH_IDD,
    )
    trunk_in = _national_prefix(region_in)
    national_style = bool(trunk_in) and w.digits.startswith(trunk_in)
    if (
        not _valid(num)
        and not international
        and region_in
        and len(w.digits) >= 7
        and not national_style
        and not _written_like_nanp(raw, region_in)
    ):
        elsewhere = _valid_elsewhere(w.text, region_in)
        regions = sorted({_facts(n)[1] or "?" for n in elsewhere.values()})
        other_regions = tuple(regions)
        if len(elsewhere) > 1:  # several readings: keep those written exactly in their format
            fitting = {e: n for e, n in elsewhere.items() if _written_as_formatted(w, n)}
            if len(fitting) == 1:
                elsewhere = fitting
                regions = sorted({_facts(n)[1] or "?" for n in fitting.values()})
        if elsewhere:
            shown = ", ".join(regions[:4]) + (" …" if len(regions) > 4 else "")
            if len(elsewhere) == 1:
                num = next(iter(elsewhere.values()))
                message = (
                    f"no country code, and not a valid {region_in} number; it is a valid "
                    f"{shown} number written in full as {_intl(num)}"
                )
                problems.append(PhoneProblem(MISSING_COUNTRY_CODE, message, 0.6))
            else:
                problems.append(
                    PhoneProblem(
                        MISSING_COUNTRY_CODE,
                        f"no country code, and not a valid {region_in} number; it would be valid "
                        f"in {shown}",
                        0.5,
                    )
                )
    if w.letters:
        problems.append(_letters_problem(w, num))
    valid, own_region, kind = _facts(num)
    region = (own_region if valid else None) or _main_region(num.country_code)
    if valid and not slip and not any(p.kind == STRAY_DIGITS for p in problems):
        grouping = _grouping_problem(w, num, region)
        if grouping:
            problems.append(grouping)
    invalid_reason = ""
    if not valid:
        why = _LENGTH_REASONS.get(int(pn.is_possible_number_with_reason(num)))
        invalid_reason = why or (
            f"no {region or '+' + str(num.country_code)} number starts like this "
            "(not in the numbering plan)"
        )
    if w.extension:
        num.extension = w.extension
    return PhoneAnalysis(
        raw=raw,
        e164=str(pn.format_number(num, pn.PhoneNumberFormat.E164)),
        region=region,
        country_code=int(num.country_code),
        national_number=_nsn(num),
        extension=w.extension,
        valid=valid,
        possible=bool(pn.is_possible_number(num)),
        number_type=_TYPE_NAMES.get(kind, "unknown") if valid else "unknown",
        problems=tuple(problems),
        invalid_reason=invalid_reason,
        suggested=_intl(num) if valid else None,
        other_regions=other_regions,
    )


def example_number(region: str | None) -> str | None:
    """libphonenumber's example number for a region, in international format (for evidence notes)."""
    pn = _pn()
    if not region:
        return None
    num = pn.example_number(region.upper()) or pn.example_number_for_type(
        region.upper(), pn.PhoneNumberType.MOBILE
    )
    return _intl(num) if num is not None else None


# ---------------------------------------------------------------------------------------------
# Numbers reserved for fiction and examples (CT011)
# ---------------------------------------------------------------------------------------------

# (pattern on the E.164 form, description). Sources: the NANP administrator's 555-0100–0199
# assignment for fictional use; Ofcom's "telephone numbers for TV and radio drama" list; the
# ACMA's numbers for creative works (the whole 0491 57x block is held by the ACMA) and its
# fictitious landline and freecall numbers.
FICTIONAL_RANGES: tuple[tuple[str, str], ...] = (
    (r"\+1[2-9]\d{2}55501\d{2}", "North American 555-0100 to 555-0199 (reserved for fiction)"),
    (r"\+441134960\d{3}", "UK drama range 0113 496 0000-0999 (Leeds)"),
    (r"\+441144960\d{3}", "UK drama range 0114 496 0000-0999 (Sheffield)"),
    (r"\+441154960\d{3}", "UK drama range 0115 496 0000-0999 (Nottingham)"),
    (r"\+441164960\d{3}", "UK drama range 0116 496 0000-0999 (Leicester)"),
    (r"\+441174960\d{3}", "UK drama range 0117 496 0000-0999 (Bristol)"),
    (r"\+441184960\d{3}", "UK drama range 0118 496 0000-0999 (Reading)"),
    (r"\+441214960\d{3}", "UK drama range 0121 496 0000-0999 (Birmingham)"),
    (r"\+441314960\d{3}", "UK drama range 0131 496 0000-0999 (Edinburgh)"),
    (r"\+441414960\d{3}", "UK drama range 0141 496 0000-0999 (Glasgow)"),
    (r"\+441514960\d{3}", "UK drama range 0151 496 0000-0999 (Liverpool)"),
    (r"\+441614960\d{3}", "UK drama range 0161 496 0000-0999 (Manchester)"),
    (r"\+441914980\d{3}", "UK drama range 0191 498 0000-0999 (Tyneside)"),
    (r"\+442079460\d{3}", "UK drama range 020 7946 0000-0999 (London)"),
    (r"\+442896496\d{3}", "UK drama range 028 9649 6000-6999 (Northern Ireland)"),
    (r"\+442920180\d{3}", "UK drama range 029 2018 0000-0999 (Cardiff)"),
    (r"\+441632960\d{3}", "UK drama range 01632 960000-960999 (no area)"),
    (r"\+447700900\d{3}", "UK drama range 07700 900000-900999 (mobile)"),
    (r"\+448081570\d{3}", "UK drama range 08081 570000-570999 (freephone)"),
    (r"\+449098790\d{3}", "UK drama range 0909 879 0000-0999 (premium rate)"),
    (r"\+443069990\d{3}", "UK drama range 03069 990000-990999 (UK-wide)"),
    (r"\+6149157\d{4}", "Australian 0491 570 000-579 999 (held by the ACMA for creative works)"),
    (r"\+61[2378]5550\d{4}", "Australian 0X 5550 xxxx (ACMA fictitious landline range)"),
    (r"\+61[2378]7010\d{4}", "Australian 0X 7010 xxxx (ACMA fictitious landline range)"),
    (
        r"\+61(?:1800|1300)97570[7-9]|\+61(?:1800|1300)9757(?:10|11)",
        "Australian 1800/1300 975 707-711 (ACMA fictitious)",
    ),
    (r"\+611800160401", "Australian 1800 160 401 (ACMA fictitious)"),
)
_FICTIONAL_RE = tuple((re.compile(p), d) for p, d in FICTIONAL_RANGES)
# Every pattern starts with "\\+" and its country code (1, 44 or 61) written out: a number can
# only lie in the ranges of its own country code, tried in the table's order (tests/test_phones.py
# holds the groups to the whole table).
_FICTIONAL_BY_CC: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    cc: tuple(
        (rx, d)
        for (p, d), (rx, _) in zip(FICTIONAL_RANGES, _FICTIONAL_RE, strict=True)
        if p.startswith(f"\\+{cc}")
    )
    for cc in ("1", "44", "61")
}
_DIGITS_ONLY = lazy_re(r"\+?[0-9]+")


def fictional_range(e164: str) -> str | None:
    """The reserved range an E.164 number (`+13125550142`) lies in, or None."""
    if e164 and _DIGITS_ONLY.fullmatch(e164):  # already E.164-like: nothing to take out
        digits = e164[1:] if e164[0] == "+" else e164
    else:
        digits = _NON_DIGIT.sub("", e164 or "")
    if not digits:
        return None
    cc = "1" if digits[0] == "1" else digits[:2]
    number = "+" + digits
    for pattern, description in _FICTIONAL_BY_CC.get(cc, ()):
        if pattern.fullmatch(number):
            return description
    return None


def is_fictional(e164: str) -> bool:
    """True when the number lies in a range reserved for fiction and examples (`FICTIONAL_RANGES`)."""
    return fictional_range(e164) is not None


# ---------------------------------------------------------------------------------------------
# North American area codes (CT005)
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _nanp() -> dict[str, tuple[str, tuple[str, ...]]]:
    data = json.loads(NANP_FILE.read_text(encoding="utf-8"))
    return {k: (str(v["country"]), tuple(v["regions"])) for k, v in data["area_codes"].items()}


def area_code_regions(e164: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(area code, country, states/provinces) of a North American number, or None.

    From the shipped `nanp_area_codes.json` (built from libphonenumber's geocoding data by
    `data/build_tables.py`). Non-geographic codes (800, 500, …) are not in the table.
    """
    if e164 and len(e164) == 12 and e164[:2] == "+1" and e164.isascii() and e164[2:].isdigit():
        npa = e164[2:5]  # the E.164 form itself: nothing to take out
    else:
        digits = _NON_DIGIT.sub("", e164 or "")
        if len(digits) != 11 or not digits.startswith("1"):
            return None
        npa = digits[1:4]
    found = _nanp().get(npa)
    if found is None:
        return None
    return npa, found[0], found[1]
