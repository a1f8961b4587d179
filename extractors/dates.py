"""Résumé date parsing: single dates, date ranges, and ranges embedded in a line of text.

A fast path of compiled regexes handles the common résumé forms; `dateparser` (imported lazily)
is the fallback for the long tail of single dates. Precision is never invented: a bare year stays
a year and a month with a year has no day.

Decisions on ambiguous forms (the tests in tests/test_dates.py pin each one):

- Numeric day-month-year with `/` or `-`: day first when the first number is over 12
  (`14/03/2019`), else US order, month first (`03/04/2019` is March 4). With dots
  (`03.04.2019`, a European convention) an ambiguous date is read day first (3 April). Both keep
  DAY precision; a pair that is no date either way (`13/13/2019`) is None.
- `01/2019`, `1/2019`, `01-2019`, `01.2019` are month/year; `2019-03`, `2019/03`, `2019.03` are
  year/month and need a two-digit month (`2019.3` is left to dateparser: it is often a version).
  `2010-11` is November 2010 (ISO), not 2010 – 2011 (abbreviated end years are not read);
  `2010-2011` is a range. A four-digit year starts with 19/20, which is never a month.
- Two-digit years: `Jan '19`, `Jan 19`, `Jan-19` (after a month name), `01/19` (MM/YY) and
  `10/12/82` (with two separators). The pivot is 50: `00`-`49` are 2000-2049, `50`-`99` are
  1950-1999, so a two-digit year can never produce a year before 1950.
- Seasons (`Summer 2019`) and quarters (`Q3 2020`) are read as a YEAR-precision date: no month is
  invented from them.
- `parse_date` accepts years 1900-2100; the finders (`find_date_ranges`, `find_dates`) only report
  plausible résumé years 1950-2100 so that prose numbers are not mistaken for dates. A whole string
  such as `1942 – 1948` still parses with `parse_date_range`, so TL002 can flag an early start;
  inside a line, a range written with full years that ends in 1950-2100 keeps an earlier start
  from 1900 (`1948 – Nov 2017`, at most 80 years long) instead of losing half the range.
- A single date given to `parse_date_range` is a range from that date to itself.
  `Since 2020` (also `Starting 2020`) is open with `current=True`, as are the words Present,
  Current(ly), Now, Today, Ongoing, Date, "till date", "to date", "the present (day)".
  `2020 –` (trailing dash) and `From 2020` are open with `current=False`: the end is unknown
  (often a line break cut the end off). `Until 2019` has no start. A leading `- ` is a bullet.
- `find_date_ranges` reports only real ranges (two sides, or a side and a Present word, or
  Since X), never a lone date or a trailing dash. It ignores `10/12/82`-style dates, reads MM/YY
  only as `MM/YY – MM/YY` (in order) or `MM/YY – Present`, and a month name with a bare two-digit
  year (`Jan 19`) only when the other side is Present or also has a month name. `Jan '19` is
  always fine. It does not match across line breaks.
- LinkedIn's trailing duration (`(5 years 9 months)`, `· 5 yrs 9 mos`) and `(expected)` are
  ignored by `parse_date_range`; the finders' spans stop before them.

The dateparser parser and the four large compiled patterns are built on first use and cached
(`functools.lru_cache`); no other state is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extractors.model import DateRange, PartialDate

__all__ = [
    "FIND_MAX_YEAR",
    "FIND_MIN_YEAR",
    "PARSE_MAX_YEAR",
    "PARSE_MIN_YEAR",
    "TWO_DIGIT_PIVOT",
    "find_date_ranges",
    "find_dates",
    "parse_date",
    "parse_date_fast",
    "parse_date_range",
    "parse_date_slow",
]

PARSE_MIN_YEAR = 1900
PARSE_MAX_YEAR = 2100
FIND_MIN_YEAR = 1950
FIND_MAX_YEAR = 2100
TWO_DIGIT_PIVOT = 50  # yy < 50 -> 20yy, else 19yy

_SLOW_MAX_LEN = 48  # longer text is not a single date; dateparser would only find noise in it
_RANGE_SLOW_MAX_LEN = 120
_RANGE_MAX_LEN = 200  # a whole-string range is short; longer text is not one
_MAX_SLOW_SPLITS = 6

# --------------------------------------------------------------------------------------------
# Normalisation: one character for one character, so spans found in it are spans of the input.

_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\u2018\u2019\u201b\u2032\u02bc\u00b4`"
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_QUOTES, "'"),
    }
)

# --------------------------------------------------------------------------------------------
# Building blocks. All patterns are compiled with IGNORECASE | ASCII and use no nested unbounded
# quantifiers, so matching is linear in the input.

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"(?<![a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_Y4 = r"(?:19[0-9]{2}|20[0-9]{2}|2100)(?![0-9])"
_Y2A = r"'[0-9]{2}(?![0-9])"  # '19
_Y2 = r"[0-9]{2}(?![0-9])"
_D = r"(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
_DAY = _D + r"(?:st|nd|rd|th)?(?![a-z])"
_N2 = r"[0-9]{1,2}(?![0-9])"
_MM = r"(?:0?[1-9]|1[0-2])(?![0-9])"
_MM2 = r"(?:0[1-9]|1[0-2])(?![0-9])"
_MSEP = r"(?:,? {0,4}|[-/])"  # between a month name and its year: "Jan 2019", "Jan, 2019", "Jan-19"
_SEASON = r"(?<![a-z])(?:spring|summer|fall|autumn|winter)(?![a-z])"
_QUARTER = r"(?<![a-z0-9])q[1-4]"

# Forms of one date, tried in this order (longest first). Each is a named group.
_FORMS = ("dmy", "mdy", "my", "sea", "q", "iso", "n3", "mn", "myy", "y")


def _date_pattern(p: str, *, in_line: bool = False) -> str:
    """The single-date pattern with every group name prefixed by `p` (so it can appear twice).

    `in_line` drops `10/12/82` (the finders never report it) so it fails inside the engine.
    """

    def g(name: str, pat: str) -> str:
        return f"(?P<{p}{name}>{pat})"

    alts = [
        g(
            "dmy",
            g("dmy_d", _DAY)
            + r"(?: {1,4}of {1,4}| {1,4}|[-/])"
            + g("dmy_m", _MON)
            + _MSEP
            + f"(?:{g('dmy_y', _Y4)}|{g('dmy_ya', _Y2A)})",
        ),
        g(
            "mdy",
            g("mdy_m", _MON)
            + r"(?: {0,4}|[-/])"
            + g("mdy_d", _DAY)
            + r"(?:,? {0,4}|[-/])"
            + g("mdy_y", _Y4),
        ),
        g(
            "my",
            g("my_m", _MON) + _MSEP + f"(?:{g('my_y', _Y4)}|{g('my_ya', _Y2A)}|{g('my_yy', _Y2)})",
        ),
        g("sea", g("sea_s", _SEASON) + _MSEP + f"(?:{g('sea_y', _Y4)}|{g('sea_ya', _Y2A)})"),
        g("q", g("q_q", _QUARTER) + r"(?: {0,4}|[-/])" + f"(?:{g('q_y', _Y4)}|{g('q_ya', _Y2A)})"),
        g(
            "iso",
            g("iso_y", _Y4)
            + g("iso_s", r"[-/.]")
            + f"(?:{g('iso_m1', _MM)}(?P={p}iso_s){g('iso_d', _D)}|{g('iso_m', _MM2)})",
        ),
        g(
            "n3",
            g("n3_a", _N2)
            + g("n3_s", r"[-/.]")
            + g("n3_b", _N2)
            + f"(?P={p}n3_s)"
            + f"(?:{g('n3_y', _Y4)}|{g('n3_yy', '(?!)' if in_line else _Y2)})",
        ),
        g("mn", g("mn_m", _MM) + r"[-/.]" + g("mn_y", _Y4)),
        g("myy", g("myy_m", _MM2) + "/" + g("myy_y", _Y2)),
        g("y", g("y_y", _Y4)),
    ]
    return "(?:" + "|".join(alts) + ")"


_PRESENT = r"(?:the {1,3})?(?:present(?: {1,3}day)?|current(?:ly)?|now|today|ongoing|date)(?![a-z])"
_SEPWORD = r"(?:to|until|till|til|through|thru|up {1,3}(?:to|until))(?![a-z])"
_SEP = rf"(?: {{0,16}}[-~]+ {{0,16}}(?:{_SEPWORD} {{1,16}})?| {{1,16}}{_SEPWORD} {{1,16}})"
_AND = r" {1,16}and {1,16}"
_PRE = r"(?P<pre>since|from|between|starting(?: {1,3}(?:from|in|on))?)(?![a-z]) {1,4}"

# "Jan – Mar 2019": two month names sharing one year.
_SHARED = (
    rf"(?:(?P<spre>from|between)(?![a-z]) {{1,4}})?(?P<sm1>{_MON})(?:{_SEP}|(?P<sand>{_AND}))"
    rf"(?P<sb>(?P<sm2>{_MON}){_MSEP}(?:(?P<sy>{_Y4})|(?P<sya>{_Y2A})))"
)


def _tail(in_line: bool) -> str:
    """The end of a range after its first date: a separator, then a date or a Present word."""
    b = _date_pattern("b_", in_line=in_line)
    return rf"(?:{_SEP}|(?P<and>{_AND}))(?:(?P<b>{b})|(?P<now>{_PRESENT}))"


# Whole strings: the tail is optional ("2019", "From 2019") and a trailing dash is kept.
_CORE = rf"(?:{_PRE})?(?P<a>{_date_pattern('a_')})(?:{_tail(False)}|(?P<dash> {{0,16}}[-~]+))?"
# Inside a line: a tail is required unless a prefix ("since") came first; then `dash` matches
# empty. Lone dates thus fail inside the regex engine instead of in Python.
_CORE_FIND = (
    rf"(?:{_PRE})?(?P<a>{_date_pattern('a_', in_line=True)})"
    rf"(?:{_tail(True)}|(?P<dash>(?(pre)|(?!))))"
)
_RANGE = rf"(?:{_SHARED})|(?:{_CORE})"
_RANGE_IN_LINE = rf"(?:{_SHARED})|(?:{_CORE_FIND})"

# Context that rules a match out inside a longer line: glued to a word, a number, a currency
# sign, a phone or zip code ("555 2019", "60601-2019"), a version ("3.2019") or a percentage.
# The leading look-ahead lists every character a match can start with: a cheap test that lets the
# engine skip most positions before it tries the alternatives.
_LOOKBEHIND = r"(?=[0-9jfmasondbwq])(?<![0-9a-z$€£¥#@+_&])(?<![0-9][-./,:])"
_NOT_AFTER_NUMBER = (
    r"(?<![0-9] )"  # lone dates only: "(312) 555 2019" (ranges: "GPA 3.8 2015 – 2019")
)
_LOOKAHEAD = r"(?![0-9%]|[./-][0-9])"

_FLAGS = re.IGNORECASE | re.ASCII
# The single-date and range patterns (whole string and in-line) take about 25 ms to compile
# together and most runs need only some of them (checking a résumé uses the in-line range
# finder alone), so each is compiled on first use: see `_single_full` and its siblings below.
_PRESENT_FULL = re.compile(r"(?:(?:to|till|until|up to) )?" + _PRESENT, _FLAGS)

_DURATION = (
    r"(?:less than (?:a|one) (?:year|month)"
    r"|[0-9]{1,2}\+? {0,2}(?:years?|yrs?|months?|mos?|mths?|y|m)\.?"
    r"(?: {0,2},? {0,2}(?:and {1,2})?[0-9]{1,2} {0,2}(?:months?|mos?|mths?|m)\.?)?)"
)
_NOTE = r"(?:expected|anticipated|est\.?|estimated|approx\.?)"
_TRAILER = re.compile(
    rf"(?: {{0,3}}(?:[(\[] {{0,2}}(?:{_DURATION}|{_NOTE}) {{0,2}}[)\]]|[·•|,] {{0,3}}{_DURATION}"
    rf"|,? {_NOTE}))+$",
    _FLAGS,
)
_LEADER = re.compile(rf"^(?:[(\[{{|•·*,;:]+ ?|- |{_NOTE} )+", _FLAGS)
_UNTIL = re.compile(r"^(?:until|till|up to|to)(?![a-z]) ", _FLAGS)
_SLOW_PRE = re.compile(
    r"^(?P<pre>since|from|between|starting(?: (?:from|in|on))?)(?![a-z]) ", _FLAGS
)
_SLOW_SPLIT = re.compile(
    r" ?(?:[-~]+|(?<![a-z])(?:to|until|till|through|thru|and)(?![a-z])) ?", _FLAGS
)

_OPEN_CURRENT = ("since", "starting")

# --------------------------------------------------------------------------------------------
# Helpers


def _norm(text: str) -> str:
    """Same length as `text`: odd spaces, dashes and quotes made ASCII."""
    if text.isascii():  # the common case; str.translate is slow
        if "\t" in text:
            text = text.replace("\t", " ")
        return text.replace("`", "'") if "`" in text else text
    return text.translate(_TRANSLATE)


def _clean(text: str) -> str:
    """Normalised, whitespace collapsed, and wrapped punctuation removed: for whole-string parses."""
    s = " ".join(_norm(text).split())
    return s.strip("()[]{},;:|•·*").strip()


def _yy(tok: str) -> int:
    n = int(tok.lstrip("'"))
    return 2000 + n if n < TWO_DIGIT_PIVOT else 1900 + n


def _month(tok: str) -> int:
    return _MONTHS[tok[:3].lower()]


def _safe(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


_Groups = tuple[str | None, ...]
# For each form: the position of its own group, then of its parts, in `match.groups()`.
_Index = tuple[tuple[str, int, tuple[int, ...]], ...]
_PARTS = {
    "dmy": ("dmy_d", "dmy_m", "dmy_y", "dmy_ya"),
    "mdy": ("mdy_m", "mdy_d", "mdy_y"),
    "my": ("my_m", "my_y", "my_ya", "my_yy"),
    "sea": ("sea_y", "sea_ya"),
    "q": ("q_y", "q_ya"),
    "iso": ("iso_y", "iso_m1", "iso_d", "iso_m"),
    "n3": ("n3_a", "n3_s", "n3_b", "n3_y", "n3_yy"),
    "mn": ("mn_m", "mn_y"),
    "myy": ("myy_m", "myy_y"),
    "y": ("y_y",),
}


def _index(pattern: re.Pattern[str], p: str) -> _Index:
    """Where the groups of `_date_pattern(p)` sit in `pattern`'s `match.groups()`."""
    gi = pattern.groupindex
    return tuple(
        (form, gi[p + form] - 1, tuple(gi[p + part] - 1 for part in _PARTS[form]))
        for form in _FORMS
    )


def _side(v: _Groups, ix: _Index) -> tuple[PartialDate, str] | None:
    """The date and its form from the groups of a `_date_pattern` match, or None if no date."""
    for entry in ix:
        if v[entry[1]] is not None:
            return _build(entry[0], [v[i] for i in entry[2]])
    return None  # pragma: no cover - the pattern has no other alternative


def _single(
    m: re.Match[str], by_last: dict[int, tuple[str, tuple[int, ...]]]
) -> tuple[PartialDate, str] | None:
    """`_side` for a match of the single-date pattern: its last closed group names the form."""
    form, parts = by_last[m.lastindex or 0]
    v = m.groups()
    return _build(form, [v[i] for i in parts])


def _build(form: str, x: list[str | None]) -> tuple[PartialDate, str] | None:
    """The date from the parts of one form (in `_PARTS` order) and the form, refined."""
    d: PartialDate | None
    if form == "y":
        d = _safe(int(x[0] or 0))
    elif form == "my":  # month name, yyyy | 'yy | yy
        if x[1] is not None:
            d = _safe(int(x[1]), _month(x[0] or ""))
        else:
            d = _safe(_yy(x[2] or x[3] or ""), _month(x[0] or ""))
            form = "my" if x[2] is not None else "my_yy"
    elif form == "mn":  # mm, yyyy
        d = _safe(int(x[1] or 0), int(x[0] or 0))
    elif form == "iso":  # yyyy, m (with day), d, mm (without)
        if x[2] is not None:
            d = _safe(int(x[0] or 0), int(x[1] or 0), int(x[2]))
        else:
            d = _safe(int(x[0] or 0), int(x[3] or 0))
    elif form == "n3":  # a, sep, b, yyyy, yy
        d = _n3(x[0] or "", x[2] or "", x[1] or "", x[3], x[4])
        if x[3] is None:
            form = "n3_yy"
    elif form == "mdy":  # month name, day, yyyy
        d = _safe(int(x[2] or 0), _month(x[0] or ""), _day(x[1] or ""))
    elif form == "dmy":  # day, month name, yyyy | 'yy
        year = int(x[2]) if x[2] is not None else _yy(x[3] or "")
        d = _safe(year, _month(x[1] or ""), _day(x[0] or ""))
    elif form in ("sea", "q"):  # yyyy | 'yy
        d = _safe(int(x[0]) if x[0] is not None else _yy(x[1] or ""))
    else:  # myy: mm, yy
        d = _safe(_yy(x[1] or ""), int(x[0] or 0))
    return (d, form) if d is not None else None


def _day(tok: str) -> int:
    """ "14th" -> 14."""
    return int(tok[:2].rstrip("snrt"))


_ByLast = dict[int, tuple[str, tuple[int, ...]]]


def _by_last(pattern: re.Pattern[str]) -> _ByLast:
    """A single-date pattern's forms by the number of the last group a match of them closes."""
    return {at + 1: (form, parts) for form, at, parts in _index(pattern, "")}


@lru_cache(maxsize=1)
def _single_full() -> tuple[re.Pattern[str], _ByLast]:
    """One whole string as a single date (compiled on first use)."""
    pattern = re.compile(_date_pattern(""), _FLAGS)
    return pattern, _by_last(pattern)


@lru_cache(maxsize=1)
def _single_find() -> tuple[re.Pattern[str], _ByLast]:
    """Single dates inside a line (compiled on first use)."""
    pattern = re.compile(
        _LOOKBEHIND + _NOT_AFTER_NUMBER + _date_pattern("", in_line=True) + _LOOKAHEAD, _FLAGS
    )
    return pattern, _by_last(pattern)


@lru_cache(maxsize=1)
def _range_full() -> tuple[re.Pattern[str], _Index, _Index]:
    """One whole string as a range, with where its two sides' groups sit (compiled on first use)."""
    pattern = re.compile(_RANGE, _FLAGS)
    return pattern, _index(pattern, "a_"), _index(pattern, "b_")


@lru_cache(maxsize=1)
def _range_find() -> tuple[re.Pattern[str], _Index, _Index]:
    """Ranges inside a line, with where their sides' groups sit (compiled on first use)."""
    pattern = re.compile(_LOOKBEHIND + f"(?:{_RANGE_IN_LINE})" + _LOOKAHEAD, _FLAGS)
    return pattern, _index(pattern, "a_"), _index(pattern, "b_")


def _n3(a_tok: str, b_tok: str, sep: str, y4: str | None, yy: str | None) -> PartialDate | None:
    """Resolve `a sep b sep year`: day first when forced or dotted, else US month first."""
    a, b = int(a_tok), int(b_tok)
    year = int(y4) if y4 is not None else _yy(yy or "")
    if a > 12 and b <= 12:
        day, month = a, b
    elif a <= 12 and b > 12:
        month, day = a, b
    elif a <= 12 and b <= 12:
        month, day = (b, a) if sep == "." else (a, b)
    else:
        return None
    if month < 1 or day < 1:
        return None
    return _safe(year, month, day)


# --------------------------------------------------------------------------------------------
# Single dates


def parse_date_fast(text: str) -> PartialDate | None:
    """`text` as one date using the compiled regexes only (None when they do not cover it)."""
    pattern, by_last = _single_full()
    m = pattern.fullmatch(_clean(text))
    if m is None:
        return None
    r = _single(m, by_last)
    return r[0] if r is not None else None


def parse_date(text: str, *, fallback: bool = True) -> PartialDate | None:
    """`text` as one date, keeping its precision; None when it is not a date.

    The fast path covers the common résumé forms; with `fallback`, short text it does not cover
    goes to dateparser. "Present" and other words for now are not dates here.
    """
    if not isinstance(text, str):
        return None
    d = parse_date_fast(text)
    if d is None and fallback:
        d = parse_date_slow(text)
    return d


@lru_cache(maxsize=2)
def _dateparser(date_order: str) -> Any:
    """One configured dateparser instance per date order (built once: construction is slow)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["year"],
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": date_order,
            "PARSERS": ["custom-formats", "absolute-time"],  # no "2 years ago", no "tuesday"
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


# What the slow path lets through to dateparser: only the characters and words a written date
# uses (month names, ordinals, "the", "of"); anything else is not a single date.
_SLOW_CHARS = re.compile(r"[a-z0-9 ,./'-]+", _FLAGS)
_SLOW_WORD = re.compile(r"[a-z]+", _FLAGS)
_SLOW_FILLERS = frozenset({"the", "of", "on", "in"})
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_MONTH_NAME = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    _FLAGS,
)
_LONG_NUMBER = re.compile(r"[0-9]{5}")


def _slow_worthy(s: str) -> bool:
    """Short, has a digit, and is made only of what a written date is made of."""
    if not s or len(s) > _SLOW_MAX_LEN or not _HAS_DIGIT.search(s):
        return False
    if not _SLOW_CHARS.fullmatch(s) or _LONG_NUMBER.search(s):
        return False
    for w in _SLOW_WORD.finditer(s):
        word = w.group().lower()
        if word in _SLOW_FILLERS or _MONTH_NAME.fullmatch(word):
            continue
        if word in _ORDINALS and w.start() > 0 and s[w.start() - 1].isdigit():
            continue
        return False
    return True


_MONTH_WORD = re.compile(_MON, _FLAGS)
_DOTTED = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}")
_HAS_DIGIT = re.compile(r"[0-9]")
_TOKEN = re.compile(r"(')?(?<![0-9])([0-9]+)(?![0-9])(st|nd|rd|th)?", re.IGNORECASE)


def parse_date_slow(text: str) -> PartialDate | None:
    """`text` as one date using dateparser only, at the precision the text itself shows.

    dateparser's own `period` says which parts it read; each part must also be visible in the
    text (dateparser fills gaps from today's date), else the result is refused.
    """
    if not isinstance(text, str):
        return None
    s = _clean(text)
    if not _slow_worthy(s):
        return None
    order = "DMY" if _DOTTED.search(s) else "MDY"
    try:
        data = _dateparser(order).get_date_data(s)
    except Exception:  # dateparser raises assorted errors on odd input; bad input is not a date
        return None
    dt = getattr(data, "date_obj", None)
    period = getattr(data, "period", None)
    if dt is None:
        return None
    return _evidenced(s, dt.year, dt.month, dt.day, str(period))


def _evidenced(s: str, year: int, month: int, day: int, period: str) -> PartialDate | None:
    """The date at dateparser's precision, if every part it claims is written in `s` and every
    number in `s` is one of those parts (dateparser skips what it cannot place: `00/2019`).

    An apostrophe number (`'19`) can only be the year, an ordinal (`3rd`) only the day.
    """
    if not PARSE_MIN_YEAR <= year <= PARSE_MAX_YEAR:
        return None
    # (digits, apostrophe, ordinal suffix) for each number in the text
    tokens = [(m.group(2), m.group(1), m.group(3)) for m in _TOKEN.finditer(s)]
    named = {_month(m.group()) for m in _MONTH_WORD.finditer(s)}
    if len(named) > 1:
        return None
    year_at = next(
        (
            i
            for i, (digits, apos, ordinal) in enumerate(tokens)
            if len(digits) == 4 and int(digits) == year and not apos and not ordinal
        ),
        None,
    )
    if year_at is None and named:
        year_at = next(
            (
                i
                for i, (digits, apos, _) in enumerate(tokens)
                if apos and len(digits) == 2 and _yy(digits) == year
            ),
            None,
        )
    if year_at is None:
        return None
    rest = tokens[:year_at] + tokens[year_at + 1 :]
    if any(apos for _, apos, _ in rest):
        return None  # two years
    if period in ("year", "quarter"):
        return PartialDate(year) if not rest and not named and not tokens[year_at][1] else None
    if named:
        if month not in named:
            return None
    else:
        at = next((i for i, (d, _, o) in enumerate(rest) if int(d) == month and not o), None)
        if at is None:
            return None
        rest = rest[:at] + rest[at + 1 :]
    if period == "month":
        return _safe(year, month) if not rest else None
    if period in ("day", "time") and len(rest) == 1 and int(rest[0][0]) == day:
        return _safe(year, month, day)
    return None


# --------------------------------------------------------------------------------------------
# Ranges

_Side = tuple[PartialDate, int, int]
_Found = tuple[PartialDate | None, PartialDate | None, bool, list[_Side]]


def _in_window(d: PartialDate) -> bool:
    return FIND_MIN_YEAR <= d.year <= FIND_MAX_YEAR


def _from_match(m: re.Match[str], strict: bool) -> _Found | None:
    """Start, end, current and the dated sides with spans; `strict` applies the finder's rules."""
    if m.group("sm1") is not None:
        return _from_shared(m, strict)
    pre = (m.group("pre") or "").split(" ")[0].lower()
    v = m.groups()
    _, ix_a, ix_b = _range_find() if strict else _range_full()
    side_a = _side(v, ix_a)
    if side_a is None:
        return None
    a, form_a = side_a
    sides: list[_Side] = [(a, m.start("a"), m.end("a"))]
    has_and = m.group("and") is not None
    if has_and != (pre == "between"):
        return None
    if m.group("b") is not None:
        side_b = _side(v, ix_b)
        if side_b is None:
            return None
        b, form_b = side_b
        if strict and not _finder_pair_ok(a, form_a, b, form_b):
            return None
        sides.append((b, m.start("b"), m.end("b")))
        return (a, b, False, sides)
    now = m.group("now") is not None
    dash = bool(m.group("dash"))  # a trailing dash; empty in `_RANGE_FIND` after "since X"
    if strict:
        if not _in_window(a) or form_a == "n3_yy":
            return None
        # Inside a line only "X – Present" and "Since X" are open ranges; "Since Jan 19" is not.
        if not now and (pre not in _OPEN_CURRENT or dash or form_a in ("my_yy", "myy")):
            return None
    if now or pre in _OPEN_CURRENT:
        return (a, None, True, sides)
    if dash or pre == "from":
        return (a, None, False, sides)
    return (a, a, False, sides)


def _from_shared(m: re.Match[str], strict: bool) -> _Found | None:
    """ "Jan – Mar 2019": both months take the one year."""
    if (m.group("sand") is not None) != (m.group("spre") or "").lower().startswith("between"):
        return None
    y = m.group("sy")
    year = int(y) if y is not None else _yy(m.group("sya"))
    a = _safe(year, _month(m.group("sm1")))
    b = _safe(year, _month(m.group("sm2")))
    if a is None or b is None or (strict and not _in_window(a)):
        return None
    return (a, b, False, [(a, m.start("sm1"), m.end("sm1")), (b, m.start("sb"), m.end("sb"))])


_NAMED_FORMS = frozenset({"dmy", "mdy", "my", "my_yy"})


# Forms that write the year in full: an early start in one of them ("1948 – Nov 2017") is a
# date someone wrote, kept for TL002 to judge rather than dropped with half its range.
_FULL_YEAR_FORMS = frozenset({"y", "my", "dmy", "mdy", "iso"})


def _finder_pair_ok(a: PartialDate, form_a: str, b: PartialDate, form_b: str) -> bool:
    if not _in_window(b):
        return False
    if not _in_window(a) and not (
        PARSE_MIN_YEAR <= a.year < FIND_MIN_YEAR
        and form_a in _FULL_YEAR_FORMS
        and form_b in _FULL_YEAR_FORMS
        and b.year - a.year <= 80
    ):
        return False
    if "n3_yy" in (form_a, form_b):
        return False
    if "myy" in (form_a, form_b):  # "01/19 – 03/21" only, and in order
        return form_a == form_b == "myy" and a <= b
    if "my_yy" in (form_a, form_b):  # "Jan 19 – Mar 21": both sides name a month
        return form_a in _NAMED_FORMS and form_b in _NAMED_FORMS
    return True


def _strip_range(s: str) -> str:
    """`s` (normalised) without bullets, brackets, LinkedIn durations and "(expected)"."""
    for _ in range(3):
        before = s
        s = _TRAILER.sub("", s)
        s = _LEADER.sub("", s)
        s = s.strip("()[]{},;:|•·*. ")
        if s == before:
            break
    return s


def parse_date_range(text: str) -> DateRange | None:
    """The whole of `text` as a date range (or one date, as a range from it to itself).

    Each side goes through the fast path; a side it does not cover falls back to dateparser.
    `raw` is `text` unchanged. None when the text is not a range or a date.
    """
    if not isinstance(text, str):
        return None
    if len(text) > 4 * _RANGE_MAX_LEN:
        return None
    s = " ".join(_norm(text).split())
    fullmatch = _range_full()[0].fullmatch
    m = fullmatch(s)  # plain input needs no stripping: the common, fast case
    if m is None:
        s = _strip_range(s)
        if not s or len(s) > _RANGE_MAX_LEN:
            return None
        m = fullmatch(s)
    if m is not None:
        found = _from_match(m, strict=False)
        if found is not None:
            start, end, current, _ = found
            return DateRange(start, end, current, raw=text)
        return None
    return _range_slow(s, text)


def _range_slow(s: str, raw: str) -> DateRange | None:
    """Split on each separator in turn and parse the sides with fallback; first fit wins."""
    if len(s) > _RANGE_SLOW_MAX_LEN or _PRESENT_FULL.fullmatch(s):
        return None
    until = _UNTIL.match(s)
    if until is not None:
        end = parse_date(s[until.end() :])
        return DateRange(None, end, False, raw=raw) if end is not None else None
    pre_m = _SLOW_PRE.match(s)
    pre = pre_m.group("pre").split(" ")[0].lower() if pre_m else ""
    body = s[pre_m.end() :] if pre_m else s
    for i, sep in enumerate(_SLOW_SPLIT.finditer(body)):
        if i >= _MAX_SLOW_SPLITS:
            break
        is_and = sep.group().strip().lower() == "and"
        if is_and != (pre == "between"):
            continue
        left, right = body[: sep.start()].strip(), body[sep.end() :].strip()
        if not left:
            continue
        start = parse_date(left)
        if start is None:
            continue
        if not right:
            return DateRange(start, None, False, raw=raw)
        if _PRESENT_FULL.fullmatch(right):
            return DateRange(start, None, True, raw=raw)
        end = parse_date(right)
        if end is not None:
            return DateRange(start, end, False, raw=raw)
    if pre == "between":
        return None
    single = parse_date(body)
    if single is None:
        return None
    if pre in _OPEN_CURRENT:
        return DateRange(single, None, True, raw=raw)
    if pre == "from":
        return DateRange(single, None, False, raw=raw)
    return DateRange(single, single, False, raw=raw)


def _find(line: str) -> list[tuple[DateRange, int, int, list[_Side]]]:
    """Ranges in `line` with their spans and their dated sides (fast path only)."""
    text = _norm(line)
    out: list[tuple[DateRange, int, int, list[_Side]]] = []
    pos, n = 0, len(text)
    search = _range_find()[0].search
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        found = _from_match(m, strict=True)
        if found is None:
            # Skip only the first side: the second may start a range of its own.
            first_end = m.end("sm1") if m.group("sm1") is not None else m.end("a")
            pos = max(first_end, m.start() + 1)
            continue
        start, end, current, sides = found
        s, e = m.start(), m.end()
        out.append((DateRange(start, end, current, raw=line[s:e]), s, e, sides))
        pos = max(e, s + 1)
    return out


def find_date_ranges(line: str) -> list[tuple[DateRange, int, int]]:
    """Date ranges written inside `line`, each with its (start, end) character span.

    Conservative: only ranges with years 1950-2100 in the forms described in the module
    docstring; phone numbers, versions, money, percentages and zip codes are not dates.
    Linear time (compiled regexes, bounded backtracking); no dateparser.
    """
    if not isinstance(line, str) or not line:
        return []
    return [(r, s, e) for r, s, e, _ in _find(line)]


def find_dates(line: str) -> list[tuple[PartialDate, int, int]]:
    """Single dates in `line` with spans: the sides of its ranges plus dates standing alone.

    Same conservative rules as `find_date_ranges` (years 1950-2100; no `10/12/82`, `01/19` or
    `Jan 19` alone; `Jan '19` is fine). Bare four-digit years are reported: callers decide.
    """
    if not isinstance(line, str) or not line:
        return []
    ranges = _find(line)
    out: list[tuple[PartialDate, int, int]] = [side for *_, sides in ranges for side in sides]
    spans = [(s, e) for _, s, e, _ in ranges]
    text = _norm(line)
    k = 0
    pattern, by_last = _single_find()
    for m in pattern.finditer(text):
        s, e = m.start(), m.end()
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        if k < len(spans) and spans[k][0] < e:
            continue  # inside a range: its sides are already reported
        r = _single(m, by_last)
        if r is None:
            continue
        d, form = r
        if form in ("n3_yy", "myy", "my_yy") or not _in_window(d):
            continue
        out.append((d, s, e))
    out.sort(key=lambda t: (t[1], t[2]))
    return out
