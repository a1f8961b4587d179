"""A résumé (any layout, as positioned text lines) to a `Profile`.

The document is split into sections by heading (`extractors.sections`); the header gives the
name, headline and location; contact data comes from the whole document except references.
Experience entries are found by their date ranges: every line is a bullet, a description
sentence or an entry-header line, and runs of header lines are split into entries around the
lines that carry dates. That covers title-then-company, company-then-title, `Company — Title |
dates`, `Title, Company (dates)`, `Title at Company`, dates on their own line or right-aligned,
and several roles under one company (promotions inherit the company).

Robust by design: any text gives a profile (possibly empty); only a document with no text at
all raises `ExtractionError`. Every pattern is linear; a 2 MB text takes a moment, not minutes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from extractors.contacts import (
    find_emails,
    find_phones,
    find_urls,
    github_handle,
    linkedin_slug,
)
from extractors.dates import find_date_ranges, find_dates
from extractors.documents import DocumentText, TextLine
from extractors.model import (
    DateRange,
    ExtractionError,
    Position,
    Profile,
    StatedExperience,
    Study,
    frozen_mapping,
)
from extractors.normalise.degrees import DEGREE_ANY
from extractors.normalise.employment import SELF_ORG, TYPE_ONLY, TYPE_RULES, employment_type
from extractors.normalise.orgs import is_rename_aside
from extractors.sections import Section, collapse_spaced_letters, heading_kind, split_sections

__all__ = [
    "find_locations",
    "find_stated_experience",
    "is_location",
    "parse_resume",
]

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------


class _lazy:
    """A pattern compiled on first use: the reader's many patterns would otherwise cost every
    `scanner` start-up a few milliseconds each, needed or not."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._pattern: re.Pattern[str] | None = None

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(*self._args)
        return self._pattern

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self._compiled().search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self._compiled().match(text, *args)

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return self._compiled().fullmatch(text, *args)

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self._compiled().sub(repl, text, count)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ROLE_NOUNS = _wordset(
    """engineer developer programmer architect manager director head lead leader intern trainee
    apprentice analyst consultant administrator admin technician designer scientist researcher
    officer specialist coordinator associate assistant president vp founder co-founder cofounder
    owner partner cto ceo cfo coo cio ciso cpo svp evp avp chief fellow instructor teacher
    professor lecturer tutor advisor adviser member volunteer contractor freelancer sre
    representative rep agent executive supervisor accountant editor writer nurse clerk cashier
    mentor strategist evangelist advocate student postdoc auditor attorney lawyer paralegal
    recruiter sourcer marketer operator mechanic electrician driver tester dba webmaster
    maintainer contributor master chair chairman chairperson chairwoman trustee treasurer
    secretary captain sergeant lieutenant generalist expert technologist physician pharmacist
    therapist counselor counsellor planner buyer controller bookkeeper economist statistician
    mathematician physicist chemist biologist librarian translator interpreter photographer
    artist coach trainer facilitator organizer organiser moderator steward worker employee
    aide principal staff superintendent foreman producer illustrator animator copywriter
    estimator surveyor inspector dispatcher receptionist bartender barista cook chef
    salesperson salesman saleswoman merchandiser"""
)
# Words that make a phrase an organisation (tie-breaks between two unknown pieces).
_ORG_WORDS = _wordset(
    """inc inc. llc l.l.c. ltd ltd. limited corp corp. corporation company co co. gmbh ag sa s.a.
    plc lp llp pty bv b.v. nv group labs lab systems technologies technology solutions bank
    university college institute school agency partners holdings industries services consulting
    consultancy studio studios networks capital ventures foundation association hospital
    government department ministry council analytics software media health insurance
    enterprises international global logistics financial airlines motors pharmaceuticals"""
)
_NOT_NAME_WORDS = _wordset(
    """resume résumé curriculum vitae cv page confidential profile contact information
    summary experience education skills references objective address phone email mobile
    linkedin github website portfolio"""
)
_NAME_PARTICLES = _wordset(
    "van von de da del della der den di du dos das le la ten ter y bin binti al el st. st"
)
_CREDENTIALS = re.compile(
    r",\s*(?:(?:Ph\.?D|M\.?D|MBA|PMP|CPA|CFA|CISSP|CISA|CISM|P\.?E|MSc|M\.?S|BSc|B\.?S|RN|Esq"
    r"|CSM|SHRM-CP|SPHR|PHR|Jr|Sr|I{2,3}|IV)\.?\s*,?\s*)+$",
)
_ACTION_VERBS = _wordset(
    """led built designed developed managed created implemented owned ran wrote maintained
    delivered launched improved reduced increased drove established architected migrated
    mentored coordinated supported automated optimized optimised configured deployed integrated
    analyzed analysed authored collaborated conducted contributed defined directed engineered
    executed facilitated founded grew guided handled headed hired initiated introduced
    oversaw partnered planned prepared produced provided redesigned refactored researched
    resolved responsible scaled served shipped spearheaded streamlined taught tested trained
    worked assisted achieved administered advised assessed audited championed co-founded
    collaborate consolidated converted cut debugged documented enabled enhanced ensured
    evaluated expanded generated identified instituted investigated leveraged lowered
    modernized modernised monitored negotiated operated organized organised performed
    piloted presented prioritized prioritised programmed promoted prototyped published
    rebuilt recruited replaced restructured revamped reviewed saved secured set simplified
    sold solved standardized standardised supervised transformed troubleshot upgraded used
    utilized utilised won building designing developing managing leading creating
    implementing maintaining working writing running rewrote took made brought began
    undertook held kept gave introduced mentor mentors build builds own owns lead leads
    design designs develop develops manage manages"""
)

_US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
}
# Provinces and states of a few other countries, written as codes or names after a city.
_OTHER_REGIONS = _wordset(
    """ON QC BC AB MB SK NS NB NL PE YT NT NU Ontario Quebec Québec Alberta Manitoba
    Saskatchewan NSW VIC QLD TAS Victoria Queensland Tasmania England Scotland Wales
    Karnataka Maharashtra Telangana Kerala Gujarat Haryana Punjab Delhi Bavaria Bayern"""
) | {
    "British Columbia",
    "Nova Scotia",
    "New South Wales",
    "Western Australia",
    "Northern Ireland",
    "Tamil Nadu",
    "Uttar Pradesh",
    "West Bengal",
    "Andhra Pradesh",
}
_FALLBACK_COUNTRIES = _wordset(
    """USA US U.S. U.S.A. UK U.K. UAE Canada Mexico Brazil Argentina Chile Colombia Peru
    Germany France Spain Portugal Italy Netherlands Belgium Switzerland Austria Poland Ukraine
    Romania Sweden Norway Denmark Finland Ireland Greece Turkey Israel Egypt Nigeria Kenya
    Ghana India Pakistan Bangladesh China Japan Korea Singapore Malaysia Indonesia Philippines
    Vietnam Thailand Australia Zealand"""
) | {
    "United States",
    "United States of America",
    "United Kingdom",
    "New Zealand",
    "South Africa",
    "South Korea",
    "Czech Republic",
    "Sri Lanka",
    "Saudi Arabia",
    "United Arab Emirates",
    "Hong Kong",
    "Costa Rica",
}


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Lower-cased country names and aliases (the shipped table when present, else a short list)."""
    names = {c.lower() for c in _FALLBACK_COUNTRIES}
    try:
        data = json.loads(
            resources.files("extractors").joinpath("data/countries.json").read_text("utf-8")
        )
        for aliases in data.get("countries", {}).values():
            names.update(a.lower() for a in aliases if isinstance(a, str))
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return frozenset(names)


_REGIONS_LOWER = frozenset(  # region *names*, matched in any case ("texas", "ontario")
    {s.lower() for s in _US_STATES.values()} | {r.lower() for r in _OTHER_REGIONS if len(r) > 3}
)

# ---------------------------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•·▪◦●■□➢►‣⁃∙○◆◇✓✔➤→*+>]|[-–—](?=\s)|o(?=\s)|\d{1,2}[.)](?=\s))\s*")
_WORD = re.compile(r"[^\W\d_][\w'’.&+#-]*")
_PIECE_SEP = re.compile(
    r"\s*(?:\|| {2,}|\t|\s[•·▪–—]\s|\s-\s|\s/\s|;\s|\s?\.{4,}\s?|\s?…+\s?)\s*"
)  # pipes, gaps, spaced dashes and bullets, leader dots ("Acme ........ Austin, TX")
_PAREN = re.compile(r"\(([^()]{1,60})\)|\[([^\[\]]{1,60})\]")
_EMPTY_BRACKETS = re.compile(r"\(\s*[-–—,:;]*\s*\)|\[\s*[-–—,:;]*\s*\]")
_STRIP = " \t,;:|•·–—-/()[]*"
_MAYBE_DATE = re.compile(r"\d\d")
_CONTACTISH = re.compile(r"@|https?://|www\.|\.com\b|linkedin|github|\+?\d[\d\s().-]{6,}\d")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def _is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text)) and len(_BULLET.sub("", text, count=1).strip()) > 0


# Chinese role, organisation, school and degree words (a role or an organisation is written as
# one run of characters: its last characters say what it is).
_CJK_ROLE = _lazy(
    r"(?:工程师|经理|分析师|设计师|主管|总监|专员|顾问|实习生|开发|架构师|科学家|研究员|助理|总裁|主任|组长|负责人|讲师|教授)$"
)
_CJK_ORG = _lazy(r"(?:公司|集团|银行|研究院|研究所|事务所|工作室|中心|医院|有限公司)$")
_CJK_SCHOOL = _lazy(r"(?:大学|学院|学校|中学)")
_CJK_DEGREE = _lazy(r"(?:学士|硕士|博士|本科|研究生|大专|专科)")


_CJK_SENTENCE = _lazy(r"[。，；！？]|[\u4e00-\u9fff]{16,}")


def _has_role(text: str) -> bool:
    if not text.isascii() and _CJK_ROLE.search(text.strip()):
        return True
    return any(w.lower().strip(".") in _ROLE_NOUNS for w in _words(text))


def _role_score(text: str) -> int:
    return sum(w.lower().strip(".") in _ROLE_NOUNS for w in _words(text))


def _org_score(text: str) -> int:
    if not text.isascii() and _CJK_ORG.search(text.strip()):
        return 2
    score = sum(w.lower().rstrip(",") in _ORG_WORDS for w in _words(text))
    return score + (1 if re.search(r"\.(?:com|io|ai|co|net|org)\b", text, re.I) else 0)


def _clean_piece(text: str) -> str:
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    text = text.strip(_STRIP).strip()
    if text.count("(") == text.count(")") + 1 and re.search(r"\([^()]+$", text):
        text += ")"  # "Acme (now Globex)": the bracket closes an aside, not stray punctuation
    if text.endswith(".") and not text.endswith("..") and not _ABBREV_END.search(text):
        last = text.rsplit(" ", 1)[-1]
        if len(last) > 3 and last.count(".") == 1:  # a full stop, not "Inc." or "B.S."
            text = text[:-1]
    return text


# ---------------------------------------------------------------------------------------------
# Locations
# ---------------------------------------------------------------------------------------------

_CITY = re.compile(
    r"[^\W\d_][\w.'’-]*(?:[ -](?:[^\W\d_][\w.'’-]*|de|del|da|la|le|upon|on|am|an|der|sur"
    r"|d'[^\W\d_]+)){0,3}"
)
_ZIP_TAIL = re.compile(r"\s+(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4,6})$")


@dataclass(frozen=True, slots=True)
class _Place:
    start: int  # where the place starts in the text it was found in
    text: str


_REMOTE = re.compile(
    r"^(?:fully\s+)?(?:remote|hybrid|on-?site|work from home|wfh|anywhere)(?:\s*\(([^()]{1,40})\))?$",
    re.IGNORECASE,
)
_LOCATION_LABEL = re.compile(
    r"^(?:location|address|based in|based|located in|residence|city|home)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"^\d{1,6}[A-Za-z]?\s+.*\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|"
    r"way|ct|court|pl|place|pkwy|parkway|hwy|highway|ter|terrace|cir|circle|sq|square|trl|trail)"
    r"\b\.?",
    re.IGNORECASE,
)


def _is_region(word: str) -> bool:
    """A state, province or country: codes only in capitals ("TX", "ON"), names in any case."""
    w = word.strip()
    if w.isupper() and (w in _US_STATES or w in _OTHER_REGIONS):
        return True
    return w.lower() in _REGIONS_LOWER or _is_country(w)


def _is_country(word: str) -> bool:
    w = word.strip().lower()
    return w in _countries() or w.rstrip(".") in _countries()


def _place_at_end(text: str) -> _Place | None:
    """A "City, Region[, Country]" or "City, Country" (optionally with a postcode) ending `text`."""
    if "," not in text or len(text) > 300:
        return None
    parts = text.split(",")
    offsets = [0]
    for p in parts[:-1]:
        offsets.append(offsets[-1] + len(p) + 1)
    for k in (3, 2):
        if len(parts) < k:
            continue
        cand = [p.strip() for p in parts[-k:]]
        city, region = cand[0], cand[1]
        last = _ZIP_TAIL.sub("", cand[-1]).strip(" .")
        if k == 2:
            region = last
        # Three parts need a country last ("Austin, Texas, USA"): in "Acme Energy, New York,
        # NY" the place is the last two parts.
        if not _is_region(region) or (k == 3 and not _is_country(last)):
            continue
        if not _CITY.fullmatch(city) or _has_role(city) or _org_score(city):
            continue
        first = len(parts) - k
        start = offsets[first] + (len(parts[first]) - len(parts[first].lstrip()))
        return _Place(start, text[start:].strip())
    return None


def is_location(text: str) -> bool:
    """Whether `text` as a whole names a place: "Austin, TX", "Berlin, Germany", "Remote"."""
    t = _LOCATION_LABEL.sub("", text.strip()).strip(" .")
    if not t:
        return False
    if _REMOTE.match(t):
        return True
    place = _place_at_end(t)
    return place is not None and place.start == 0


def _split_location(piece: str) -> tuple[str, str]:
    """(rest, location) when `piece` ends with a place ("Acme Corp, Austin, TX")."""
    t = piece.strip()
    if "," not in t:
        if _REMOTE.match(t):
            return "", t
        return t, ""
    if is_location(t):
        return "", _LOCATION_LABEL.sub("", t).strip(" .")
    place = _place_at_end(t)
    if place is not None and place.start > 0:
        rest = t[: place.start].rstrip(" ,")
        if rest:
            return rest, place.text
    m2 = re.search(r",\s*(remote|hybrid)\s*$", t, re.IGNORECASE)
    if m2:
        return t[: m2.start()].rstrip(" ,"), m2.group(1)
    return t, ""


def find_locations(lines: Iterable[str]) -> list[str]:
    """Places named on header-like lines ("Austin, TX | dana@example.com" → "Austin, TX")."""
    out: list[str] = []
    for line in lines:
        for piece in _PIECE_SEP.split(line):
            remote = _REMOTE.match(_LOCATION_LABEL.sub("", piece.strip(" \t,;:|•·")))
            piece = _clean_piece(piece)
            if not piece or "@" in piece:
                continue
            bare = _LOCATION_LABEL.sub("", piece).strip(" .")
            remote = remote or _REMOTE.match(bare)
            if remote:
                if remote.group(1) and is_location(remote.group(1)):
                    bare = remote.group(1)
                else:
                    continue  # "Remote" alone says nothing about residence
            if _STREET.match(bare):
                place = _place_at_end(bare)
                if place is None:
                    continue
                bare = place.text
            if is_location(bare) and bare not in out:
                out.append(bare)
    return out


def _addresses(lines: Iterable[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        for piece in _PIECE_SEP.split(line):
            bare = _LOCATION_LABEL.sub("", _clean_piece(piece)).strip()
            if _STREET.match(bare) and bare not in out:
                out.append(bare)
    return out


# ---------------------------------------------------------------------------------------------
# Employment type, degrees
# ---------------------------------------------------------------------------------------------

_SCHOOL_WORDS = re.compile(
    r"\b(?:university|universit[éäà]t?|universidad|universidade|università|college|institute|"
    r"institut|school|academy|academie|polytechnic|politecnico|polytechnique|hochschule|"
    r"conservatory|seminary|iit|nit|bootcamp|escuela|école|ecole|faculty|gymnasium|lyceum|lycée)\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------------
# Stated experience
# ---------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twenty-five": 25,
    "thirty": 30,
}
_NUM = r"\d{1,2}(?:\.\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_QUALIFIERS = (
    r"professional|hands-on|hands on|industry|relevant|work|working|total|combined|practical|"
    r"commercial|technical|progressive|extensive|proven|solid|overall|diverse|production|"
    r"real-world|full-time|broad|deep|strong|direct|related|cumulative|engineering|software|"
    r"development|it|leadership|management"
)
_SUBJECT_WORD = r"[\w#+]+(?:[./-][\w#+]+)*"
_SUBJECT = (
    rf"{_SUBJECT_WORD}(?:[ \t]+(?!(?:in|and|at|for|with|on|to|as|of|the|a|an|building|including"
    rf"|across|using|from|while|where|which|that|who|by|or)\b){_SUBJECT_WORD}){{0,2}}"
)
_STATED_RE = re.compile(
    r"(?P<pre>\b(?:over|more\s+than|at\s+least|in\s+excess\s+of|upwards\s+of|nearly|almost|about|around|"
    r"approximately|roughly|close\s+to)\s+)?"
    rf"(?:(?P<num>\b(?:{_NUM}))(?:\s*(?:-|–|to)\s*(?P<num2>\d{{1,2}}))?\s*(?P<plus>\+|\s?plus\b)?"
    r"[\s-]*(?:years?|yrs?)\b\.?|(?P<decade>\b(?:a|one|two|three)\s+decades?\b))"
    r"(?:['’](?:s\b)?)?"
    r"(?:"
    rf"\s+(?:of\s+)?(?:(?:{_QUALIFIERS})\s+){{0,3}}(?P<exp>experience|exp\b\.?)"
    rf"(?:\s+(?:in|with|using|on|across)\s+(?:the\s+)?(?P<subj1>{_SUBJECT}))?"
    rf"|\s+(?:of|in|with|using|working\s+(?:with|in|on))\s+(?:the\s+)?(?P<subj2>{_SUBJECT})"
    r"|\s+as\s+(?:an?\s+)?(?P<role>[\w-]+(?:\s+[\w-]+){0,3})"
    r"|[\s-]+(?:long\s+)?(?P<career>career)\b"
    r")",
    re.IGNORECASE,
)
_GENERIC_SUBJECTS = frozenset(
    """software engineering|software development|engineering|industry|it|information technology|
    tech|technology|tech industry|software industry|field|this field|professional|programming|
    development|software|web development|professional experience|career|the industry|work|
    total|coding""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)


def _number(text: str) -> float:
    t = text.lower()
    return float(_NUMBER_WORDS[t]) if t in _NUMBER_WORDS else float(t)


_STATED_HINT = re.compile(r"(?:years?|yrs?|decades?)\b", re.IGNORECASE)
_NUMBER_NEAR = re.compile(rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)


def _stated_matches(text: str) -> Iterable[re.Match[str]]:
    """`_STATED_RE` matches, searched only in windows around "year"/"decade" (fast on long text)."""
    last_end = -1
    for hint in _STATED_HINT.finditer(text):
        if hint.start() < last_end:
            continue
        before = text[max(0, hint.start() - 16) : hint.start()]
        if not _NUMBER_NEAR.search(before) and not hint.group().lower().startswith("decade"):
            continue
        lo = max(hint.start() - 48, last_end, 0)
        m = _STATED_RE.search(text, lo, min(len(text), hint.end() + 120))
        if m is not None and m.start() <= hint.start():
            last_end = m.end()
            yield m


def find_stated_experience(text: str) -> list[StatedExperience]:
    """Claims like "8+ years of experience", "over a decade of experience", "5 years of Go".

    `subject` is empty for overall experience (including "years in software engineering" and
    "years as a developer"); otherwise the technology or field named.
    """
    out: list[StatedExperience] = []
    seen: set[tuple[float, str, str]] = set()
    for m in _stated_matches(text):
        if m.group("decade"):
            word = m.group("decade").split()[0].lower()
            years = 10.0 * (1 if word in ("a", "one") else _NUMBER_WORDS.get(word, 1))
        else:
            try:
                years = _number(m.group("num"))
            except (KeyError, ValueError):
                continue
        if not 0 < years <= 60:
            continue
        pre = (m.group("pre") or "").strip().lower()
        at_least = bool(
            m.group("plus")
            or m.group("num2")
            or re.match(r"over|more|at\s+least|in\s+excess|upwards", pre)
        )
        subject = (m.group("subj1") or m.group("subj2") or "").strip(" .,;:")
        overall = m.group("exp") or m.group("role") or m.group("career")
        if overall is None and not subject:
            continue
        if m.group("role") is not None and not _has_role(m.group("role")):
            continue
        if subject.lower().removeprefix("the ").strip() in _GENERIC_SUBJECTS:
            subject = ""
        raw = " ".join(m.group().split()).rstrip(".,;:")
        key = (years, subject.lower(), raw.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(StatedExperience(years=years, raw=raw, subject=subject, at_least=at_least))
    return out


# ---------------------------------------------------------------------------------------------
# Entry segmentation (shared by experience and education)
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    line: TextLine
    text: str  # bullet stripped
    bullet: bool
    desc: bool
    ranges: list[tuple[DateRange, int, int]]


@dataclass(slots=True)
class _Block:
    head: list[_Line] = field(default_factory=list)
    desc: list[_Line] = field(default_factory=list)

    def lines(self) -> list[_Line]:
        return [*self.head, *self.desc]


_ABBREV_END = re.compile(
    r"\b(?:inc|ltd|co|corp|llc|jr|sr|st|s\.a|n\.a|u\.s|e\.g|etc|dept)\.$", re.I
)


def _sentence_like(text: str) -> bool:
    """Whether an unbulleted line reads as a description sentence rather than an entry header."""
    words = text.split()
    if not words:
        return False
    if not text.isascii() and _CJK_SENTENCE.search(text):
        return True
    if len(words) >= 12:
        return True
    first = words[0]
    if first[:1].islower() and not re.match(r"^[a-z]+\.(?:com|io|ai|co)\b", first):
        return True
    if text.endswith(".") and len(words) >= 2 and not _ABBREV_END.search(text):
        return True
    verb = first.lower().strip(",:")
    if verb in _ACTION_VERBS and len(words) >= 2 and not _has_role(text):
        return True
    if len(words) >= 4 and len(verb) >= 5 and verb.endswith("ed") and not _has_role(text):
        return True  # "Rewired the ...": an unbulleted description in the past tense
    return text.endswith((";", ":")) and len(words) >= 4


def _classify(lines: Sequence[TextLine], *, single_dates: bool = False) -> list[_Line]:
    """Classify lines as bullets, description sentences or entry headers, with their ranges.

    With `single_dates`, a header line that ends with one lone date ("Intern, Acme, Summer
    2013") is dated from that date to itself.
    """
    out: list[_Line] = []
    for line in lines:
        raw = line.text
        bullet = _is_bullet(raw)
        text = _strip_bullet(raw) if bullet else raw.strip()
        ranges: list[tuple[DateRange, int, int]] = []
        if not bullet and len(text) <= 400 and _MAYBE_DATE.search(text):
            ranges = _ranges(text)
            if not ranges and single_dates and len(text.split()) <= 12:
                ranges = _trailing_date(text)
        if ranges:
            rest = _cut(text, ranges)
            desc = len(rest.split()) > 16 and _sentence_like(rest)
            if desc:
                ranges = []
        else:
            desc = bullet or _sentence_like(text)
        out.append(_Line(line, text, bullet, desc, ranges))
    # A section written entirely in bullets: entry headers are bullets too.
    if out and not any(x.ranges for x in out) and any(x.bullet for x in out):
        for x in out:
            if x.bullet and len(x.text) <= 200 and _MAYBE_DATE.search(x.text):
                found = _ranges(x.text)
                if found and len(_cut(x.text, found).split()) <= 16:
                    x.ranges, x.desc = found, False
    return out


def _cut(text: str, ranges: Sequence[tuple[DateRange, int, int]]) -> str:
    """`text` with its date-range spans replaced by a separator."""
    for _, s, e in sorted(ranges, key=lambda r: -r[1]):
        text = text[:s] + " | " + text[e:]
    return text


def _trailing_date(text: str) -> list[tuple[DateRange, int, int]]:
    try:
        dates = find_dates(text)
    except Exception:
        return []
    if len(dates) != 1:
        return []
    d, s, e = dates[0]
    if text[e:].strip(" )]}.,;") or re.search(r"\b(?:since|from|until|by)\s*$", text[:s], re.I):
        return []
    return [(DateRange(d, d, False, raw=text[s:e]), s, e)]


def _ranges(text: str) -> list[tuple[DateRange, int, int]]:
    try:
        return find_date_ranges(text)
    except Exception:  # a date-finder bug must not lose the whole résumé
        return []


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Runs of header lines, each followed by its description lines."""
    blocks: list[_Block] = []
    cur = _Block()
    for x in lines:
        if x.desc and not x.ranges:
            cur.desc.append(x)
            continue
        if cur.desc:
            blocks.append(cur)
            cur = _Block()
        cur.head.append(x)
    if cur.head or cur.desc:
        blocks.append(cur)
    return blocks


def _split_head(head: list[_Line]) -> list[list[_Line]]:
    """Split a run of header lines that holds several dated entries into one run per entry."""
    anchors = [i for i, x in enumerate(head) if x.ranges]
    n = len(anchors)
    if n <= 1:
        return [head]
    size = len(head) // n
    if len(head) % n == 0 and all(a == anchors[0] + k * size for k, a in enumerate(anchors)):
        return [head[k * size : (k + 1) * size] for k in range(n)]
    # Dates first: each dated line starts an entry. Dates last: each dated line ends one.
    cuts = anchors if anchors[0] == 0 else [0] + [a + 1 for a in anchors[:-1]]
    parts = [
        head[c : (cuts[k + 1] if k + 1 < len(cuts) else len(head))] for k, c in enumerate(cuts)
    ]
    # A location line right after a dated line belongs to the entry before it.
    for k in range(1, len(parts)):
        while len(parts[k]) > 1 and not parts[k][0].ranges and is_location(parts[k][0].text):
            parts[k - 1].append(parts[k].pop(0))
    return parts


def _entries(lines: Sequence[TextLine]) -> list[tuple[list[_Line], list[_Line]]]:
    """(header lines, description lines) for each entry of an experience-like section."""
    out: list[tuple[list[_Line], list[_Line]]] = []
    for block in _blocks(_classify(lines, single_dates=True)):
        if not block.head:
            if out:
                out[-1][1].extend(block.desc)
            else:
                out.append(([], list(block.desc)))
            continue
        parts = _split_head(block.head)
        for k, part in enumerate(parts):
            out.append((part, list(block.desc) if k == len(parts) - 1 else []))
    return out


# ---------------------------------------------------------------------------------------------
# Experience
# ---------------------------------------------------------------------------------------------


_Entry = TypeVar("_Entry", Position, Study)


@dataclass(slots=True)
class _Parsed:
    title: str = ""
    org: str = ""
    location: str = ""
    range: DateRange | None = None
    type_hints: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    title_first: bool | None = None
    guessed_order: bool = False  # title and employer told apart only by the section's order
    inherited: bool = False  # employer carried over from the entry above (a promotion)


_AT_SPLIT = re.compile(r"\s+(?:at|@)\s+", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"^(?:from|dates?|period|since|until|till|to|duration)\s*:?\s*$|^\(?\s*\d+\s*(?:yrs?|years?|mos?|months?)\b.*$",
    re.IGNORECASE,
)
# A duration's number starts where a run of digits starts and has at most three digits: tried at
# every position of a long run of digits, `\d+` made this quadratic (a minute for 2 MB).
_DURATION = re.compile(
    r"[(·•]?\s*(?<!\d)\d{1,3}\s*(?:yrs?|years?)(?:\s*,?\s*\d{1,3}\s*(?:mos?|months?))?\s*\)?"
    r"|[(·•]?\s*(?<!\d)\d{1,3}\s*(?:mos?|months?)\s*\)?",
    re.IGNORECASE,
)


def _pieces(text: str, ranges: Sequence[tuple[DateRange, int, int]]) -> tuple[list[str], list[str]]:
    """Text pieces of one header line with its date ranges cut out, and its bracketed asides."""
    text = _cut(text, ranges)
    asides: list[str] = []

    def aside(m: re.Match[str]) -> str:
        inner = (m.group(1) or m.group(2) or "").strip()
        if is_rename_aside(inner):
            return f"({inner})"  # "Acme (now Globex)": another name of the employer, kept
        if inner:
            asides.append(inner)
        return " | "

    text = _PAREN.sub(aside, text)
    text = _DURATION.sub(" | ", text)
    out = []
    for p in _PIECE_SEP.split(text):
        p = _clean_piece(p)
        if p and not _DATE_WORDS.match(p) and any(c.isalpha() for c in p):
            out.append(p)
    return out, asides


_ORG_SUFFIX = re.compile(
    r"^(?:inc|inc\.|llc|l\.l\.c\.|ltd|ltd\.|limited|corp|corp\.|co|co\.|gmbh|ag|s\.a\.|sa|plc|lp|"
    r"llp|pty\.? ltd\.?|b\.v\.|bv|n\.v\.|nv|pvt\.? ltd\.?|s\.r\.l\.|srl|oy|ab|as|a/s|kk)$",
    re.IGNORECASE,
)


def _comma_parts(piece: str) -> list[str]:
    """Split "Title, Company" at commas, keeping "Acme, Inc." and role-less lists whole."""
    parts = [p.strip() for p in piece.split(",") if p.strip()]
    if len(parts) <= 1:
        return [piece]
    merged: list[str] = []
    for p in parts:
        if merged and (_ORG_SUFFIX.match(p) or is_rename_aside(p)):
            merged[-1] = f"{merged[-1]}, {p}"  # "Acme, Inc." / "Acme, acquired by Globex"
        else:
            merged.append(p)
    if len(merged) > 1 and any(_has_role(p) or TYPE_ONLY.match(p) for p in merged):
        return merged
    return [", ".join(merged)] if len(merged) == 1 else [piece]


_LEGAL_FORM = _lazy(
    r"\b(?:inc|llc|ltd|limited|corp|corporation|gmbh|ag|plc|llp|pty|bv|nv|s\.a|sarl|srl)\b\.?",
    re.IGNORECASE,
)


def _title_at(title: str, org: str) -> bool:
    """Whether "<title> at <org>" names a role and its employer: the left side has a role word,
    or both sides are short capitalised names ("SDE II at Saffron")."""
    if _has_role(title):
        return True
    left, right = title.split(), org.split()
    return (
        0 < len(left) <= 5
        and 0 < len(right) <= 6
        and left[0][:1].isupper()
        and right[0][:1].isupper()
        and not _sentence_like(title)
    )


def _parse_head(head: Sequence[_Line]) -> _Parsed:
    parsed = _Parsed()
    candidates: list[str] = []  # pieces that are not places, types or dates, in order
    said_title = ""  # the left side of "<title> at <employer>"
    line_of: dict[str, int] = {}  # which header line each piece came from
    for line_no, x in enumerate(head):
        if x.ranges and parsed.range is None:
            parsed.range = x.ranges[0][0]
        pieces, asides = _pieces(x.text, x.ranges)
        for a in asides:
            if TYPE_ONLY.match(a) or any(p.search(a) for _, p in TYPE_RULES):
                parsed.type_hints.append(a)
            elif is_location(a) and not parsed.location:
                parsed.location = _LOCATION_LABEL.sub("", a).strip()
        for piece in pieces:
            rest, loc = _split_location(piece)
            if loc:
                if not parsed.location or _REMOTE.match(parsed.location):
                    parsed.location = loc
                if not rest:
                    continue
            for part in _comma_parts(rest):
                if TYPE_ONLY.match(part):
                    parsed.type_hints.append(part)
                    # "Freelance"/"Self-employed" also name the employer, "Intern" the title.
                    if not SELF_ORG.match(part) and not _has_role(part):
                        continue
                m = _AT_SPLIT.search(part)
                if m and part[m.end() :].strip() and _title_at(part[: m.start()], part[m.end() :]):
                    found = [part[: m.start()].strip(), part[m.end() :].strip()]
                    said_title = said_title or found[0]  # "<title> at <employer>" says which
                else:
                    found = [re.sub(r"^(?:@|at)\s+", "", part, flags=re.IGNORECASE)]
                for c in found:
                    if c and c not in line_of and (not _CONTACTISH.search(c) or _org_score(c)):
                        candidates.append(c)
                        line_of[c] = line_no
    if not candidates:
        return parsed
    if len(candidates) == 1 and not _has_role(candidates[0]):
        # "Software Development, Foxglove": two short names and no role word to tell them
        # apart; the employer's own words, or the section's order, decide below.
        parts = [p.strip() for p in candidates[0].split(",")]
        if len(parts) == 2 and all(p[:1].isupper() and len(p.split()) <= 5 for p in parts):
            line_of.update(dict.fromkeys(parts, line_of.get(candidates[0], 0)))
            candidates = parts
    roles = [c for c in candidates if _has_role(c)]
    if not roles and said_title in candidates:
        roles = [said_title]
    if len(roles) == 1:
        parsed.title = roles[0]
    elif len(roles) > 1:
        # The most title-like piece is the title; an organisation-looking one is the company.
        ranked = sorted(roles, key=lambda c: _role_score(c) - 2 * _org_score(c), reverse=True)
        parsed.title = ranked[0]
    others = [c for c in candidates if c != parsed.title]
    if parsed.title:
        if others:
            best = max(others, key=_org_score)
            if _org_score(best) == 0:
                best = others[0]
                if len(others) > 1 and len({line_of[c] for c in candidates}) == 1:
                    # "Title, Team, Company" / "Company, Team — Title" on one line: the
                    # company is the piece farthest from the title.
                    t = candidates.index(parsed.title)
                    best = max(others, key=lambda c: abs(candidates.index(c) - t))
            parsed.org = best
            parsed.unknown = [c for c in others if c != best]
        parsed.title_first = (
            candidates.index(parsed.title) < candidates.index(parsed.org) if parsed.org else None
        )
    else:
        orgish = [c for c in others if _LEGAL_FORM.search(c)]
        if (
            len(others) == 2 and len(orgish) == 1
        ):  # a legal form ("GmbH", "Inc.") names the employer
            parsed.org = orgish[0]
            parsed.title = next(c for c in others if c != orgish[0])
            return parsed
        parsed.org = others[0]
        parsed.unknown = others[1:]
    return parsed


def _position(
    parsed: _Parsed, head: Sequence[_Line], desc: Sequence[_Line], heading: str
) -> Position:
    context = [*parsed.type_hints]
    if re.search(r"volunteer", heading, re.I):
        context.append("volunteer")
    etype = employment_type(parsed.title, *context, org=parsed.org)
    description = "\n".join(x.text for x in desc)
    raw = "\n".join(x.line.text for x in [*head, *desc])
    confidence, reason = _position_confidence(parsed)
    return Position(
        org=parsed.org,
        title=parsed.title,
        range=parsed.range,
        location=_no_full_stop(parsed.location),
        employment_type=etype,
        description=description,
        raw=raw,
        confidence=confidence,
        confidence_reason=reason,
    )


def _no_full_stop(text: str) -> str:
    """ "Denver, CO." without its sentence's full stop; "Washington, D.C." kept."""
    return text[:-1] if re.search(r"[^\W\d_]{2}\.$", text) else text


_LAYOUT_MATCH = 0.9  # the most a layout heuristic earns: structured sources are surer


def _position_confidence(p: _Parsed) -> tuple[float, str]:
    """How sure the reader is of one experience entry, and why (see `Position.confidence`)."""
    doubts: list[tuple[float, str]] = []
    if p.range is None:
        doubts.append((0.35, "no dates"))
    elif p.range.start is None:
        doubts.append((0.2, "no start date"))
    if not p.title:
        doubts.append((0.3, "no title"))
    elif not _has_role(p.title):
        doubts.append((0.1, "the title has no role word"))
    if not p.org:
        doubts.append((0.3, "no employer"))
    if p.guessed_order:
        doubts.append((0.2, "title and employer told apart only by the section's order"))
    if p.inherited:
        doubts.append((0.05, "employer carried over from the entry above"))
    if p.unknown:
        doubts.append((0.1, "more text in the entry's header than a title and an employer"))
    if not doubts:
        return _LAYOUT_MATCH, "layout match: title, employer and dates recognised"
    score = max(0.2, _LAYOUT_MATCH - sum(d for d, _ in doubts))
    return round(score, 2), "heuristic: " + "; ".join(why for _, why in doubts)


def _capped(entry: _Entry, cap: float, reason: str) -> _Entry:
    """`entry` with its confidence lowered to `cap` (and `reason` given) when it was higher."""
    if entry.confidence <= cap:
        return entry
    return replace(entry, confidence=cap, confidence_reason=reason)


def _parse_experience(section: Section) -> list[Position]:
    entries = _entries(section.lines)
    parsed = [(_parse_head(head), head, desc) for head, desc in entries]
    # Learn the section's order (title first or company first) from entries that show it, and
    # use it for entries whose two pieces have no role word to tell them apart.
    votes = [p.title_first for p, _, _ in parsed if p.title_first is not None]
    title_first = votes.count(True) >= votes.count(False)
    for p, _, _ in parsed:
        if not p.title and p.org and p.unknown:
            first, second = p.org, p.unknown[0]
            p.title, p.org = (first, second) if title_first else (second, first)
            p.unknown = p.unknown[1:]
            p.guessed_order = True
    positions: list[Position] = []
    previous: _Parsed | None = None
    pending_header: int | None = None  # index of a company-only entry waiting for its roles
    for p, head, desc in parsed:
        if not head and not desc:
            continue
        if not head:
            continue
        if p.title and not p.org and previous is not None and previous.org:
            p.org = previous.org  # a further role under the same company (promotion)
            p.inherited = True
            if not p.location:
                p.location = previous.location
            if pending_header is not None:
                positions.pop(pending_header)
                pending_header = None
        elif not p.title and not p.org:
            continue
        else:
            pending_header = None
        is_company_header = bool(p.org and not p.title and not desc)
        positions.append(_position(p, head, desc, section.heading))
        if is_company_header:
            pending_header = len(positions) - 1
        previous = p
    return positions


# ---------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------

_EXPECTED = re.compile(
    r"\b(?:expected|anticipated|exp\.|candidate|in progress|ongoing|pursuing)\b", re.I
)
_HONOURS = re.compile(
    r"\b(?:gpa|cgpa|honou?rs|cum laude|magna|summa|dean'?s list|thesis|dissertation|coursework|"
    r"minor|major|concentration|graduated|grade|first class|distinction|scholarship)\b",
    re.I,
)


@dataclass(slots=True)
class _StudyDraft:
    school: str = ""
    degree: str = ""
    area: str = ""
    range: DateRange | None = None
    lines: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.school or self.degree)


def _single_date_range(text: str) -> DateRange | None:
    """A graduation date alone: "2013", "Class of 2013", "Expected May 2026", "Graduated 2013"."""
    try:
        dates = find_dates(text)
    except Exception:
        return None
    if not dates:
        return None
    d, s, e = dates[-1]
    before = text[max(0, s - 24) : s]
    current = bool(_EXPECTED.search(before))
    raw_start = s
    m = re.search(
        r"(?:expected|anticipated|exp\.|class of|graduat\w*|grad\.?)\s*:?\s*$", before, re.I
    )
    if m:
        raw_start = s - (len(before) - m.start())
    return DateRange(start=None, end=d, current=current, raw=text[raw_start:e].strip())


_SMALL_WORDS = frozenset(["of", "in", "and", "the", "for", "at", "on", "de", "du", "la"])
_CAPS_DEGREES = {
    d.upper().replace(".", ""): d
    for d in [
        "BSc",
        "MSc",
        "BEng",
        "MEng",
        "BTech",
        "MTech",
        "PhD",
        "DPhil",
        "BCom",
        "MPhil",
        "MRes",
        "BFA",
        "MFA",
        "LLB",
        "LLM",
        "EdD",
    ]
}


def _decap(text: str) -> str:
    """An all-capitals piece ("MSC, DATA SCIENCE", small caps read from a PDF) in the usual
    case ("MSc, Data Science") so degree and school patterns recognise it; other text as is."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters) or not text.isascii():
        return text

    def word(m: re.Match[str]) -> str:
        w = m.group()
        bare = w.replace(".", "")
        if bare in _CAPS_DEGREES:
            return _CAPS_DEGREES[bare] if "." not in w else w
        if len(bare) <= 3 and bare not in ("AND", "THE", "FOR", "OF", "IN", "AT", "ON"):
            return w  # B.S., MBA, BA, MS, PHD-like abbreviations stay
        low = w.lower()
        return low if low in _SMALL_WORDS and m.start() > 0 else w[:1] + w[1:].lower()

    return re.sub(r"[A-Z][A-Z.'’]*", word, text)


def _degree_and_field(part: str) -> tuple[str, str] | None:
    m = DEGREE_ANY.search(part)
    if m is None:
        return None
    if m.start() > 0 and _SCHOOL_WORDS.search(part[: m.start()]):
        return None  # "Harvard Business School MBA" is read as school + degree elsewhere
    degree = part[m.start() : m.end()].strip()
    rest = part[m.end() :]
    word = re.match(r"\s+degree\b", rest, re.IGNORECASE)  # "Bachelor's Degree, Physics"
    if word is not None:
        degree, rest = f"{degree}{word.group()}", rest[word.end() :]
    rest = re.sub(r"^\s*(?:\([^()]*\))?\s*[,:;–—-]?\s*(?:degree\s+)?(?:in|of|on)?\s+", "", rest)
    # "Bachelor of Engineering - BE, Electrical": the abbreviation repeats the degree.
    again = DEGREE_ANY.match(rest.strip())
    if again is not None and not rest.strip()[again.end() :].strip(" .,;:"):
        rest = ""
    elif again is not None and rest.strip()[again.end() :].lstrip()[:1] in (",", ":", ";"):
        rest = rest.strip()[again.end() :].lstrip(" ,:;")
    field_ = re.split(r"\s*(?:,|\(|\s[-–—]\s|\sat\s|\sfrom\s)", rest.strip(), maxsplit=1)[0]
    field_ = field_.strip(" .,;:")
    if DEGREE_ANY.fullmatch(field_):
        field_ = ""
    if m.start() > 0:
        lead = part[: m.start()].strip(" ,:;–—-")
        if lead and not field_:
            field_ = ""
    return degree, field_


def _parse_education(section: Section) -> list[Study]:
    studies: list[_StudyDraft] = []
    cur = _StudyDraft()
    # A bare name after a complete study ("Stanford" over "MS in …, 2003 – 2007") may be the
    # next study's school, written without a school word: held until the next line tells.
    pending: tuple[str, str] | None = None
    for x in _classify(section.lines):
        telling = bool(DEGREE_ANY.search(x.text) or _school_like(x.text))
        if (x.bullet or x.desc) and not x.ranges and not telling:
            if pending:
                cur.lines.append(pending[1])
                pending = None
            if not cur.empty() or cur.lines:
                cur.lines.append(x.line.text)
            continue
        rng = x.ranges[0][0] if x.ranges else None
        if rng is None and _MAYBE_DATE.search(x.text) and not _HONOURS.search(x.text):
            rng = _single_date_range(x.text)
        pieces, asides = _pieces(x.text, x.ranges)
        if rng is not None and not x.ranges and rng.end is not None:
            pieces = [
                p
                for p in pieces
                if not re.fullmatch(r"(?i)(?:expected|anticipated|class of|graduated|grad\.?)", p)
            ]
        school = degree = field_ = ""
        unknown: list[str] = []
        for piece in pieces:
            if _HONOURS.search(piece) and not DEGREE_ANY.search(piece):
                continue
            rest, _loc = _split_location(piece)
            for part in _edu_parts(rest):
                part = re.sub(
                    r"(?i)^(?:expected|anticipated|class of|graduated|grad\.)\s*", "", _decap(part)
                ).strip()
                if not part or (any(c.isdigit() for c in part) and not DEGREE_ANY.search(part)):
                    continue
                dfield = _degree_and_field(part) if not _school_like(part) else None
                if dfield is None and _CJK_DEGREE.fullmatch(part):
                    dfield = (part, "")
                if dfield and not degree:
                    degree, f = dfield
                    if f and not field_:
                        field_ = f
                elif _school_like(part) and not school:
                    school = part
                elif (
                    school
                    and not degree
                    and not unknown
                    and part.isascii()
                    and part == rest.split(",")[-1].strip()
                ):
                    school = f"{school}, {part}"
                else:
                    unknown.append(part)
        for a in asides:
            if DEGREE_ANY.fullmatch(a) and not degree:
                degree = a
        if pending is not None:
            if (degree or rng) and not school:
                studies.append(cur)
                cur = _StudyDraft(school=pending[0], lines=[pending[1]])
            else:
                cur.lines.append(pending[1])
            pending = None
        if (
            not (school or degree or rng)
            and len(unknown) == 1
            and cur.school
            and (cur.degree or cur.range)
            and _bare_name(unknown[0])
        ):
            pending = (unknown[0], x.line.text)
            continue
        # Start a new study when this line repeats something the current one already has (a
        # date line after a dated study starts the next one: dates written before each study).
        if (school and cur.school) or (degree and cur.degree) or (rng and cur.range):
            studies.append(cur)
            cur = _StudyDraft()
        if school:
            cur.school = school
        if degree:
            cur.degree = degree
        if field_ and not cur.area:
            cur.area = field_
        if rng and cur.range is None:
            cur.range = rng
        for u in unknown:
            if _HONOURS.search(u) or is_location(u):
                continue
            if cur.degree and DEGREE_ANY.fullmatch(u):
                continue  # "Master of Science - MS": the abbreviation repeats the degree
            if cur.degree and not cur.area and len(u.split()) <= 5 and not _has_role(u):
                cur.area = u
            elif not cur.school and len(u.split()) <= 8:
                cur.school = u
        cur.lines.append(x.line.text)
    if pending is not None:
        cur.lines.append(pending[1])
    studies.append(cur)
    return [_study(s) for s in studies if not s.empty()]


def _bare_name(text: str) -> bool:
    """A short capitalised name alone on its line ("Stanford", "Georgia Tech"): not a sentence,
    a label, a role, a place or an honour."""
    words = text.split()
    return (
        1 <= len(words) <= 6
        and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)
        and not re.search(r"[:;!?]", text)
        and not _HONOURS.search(text)
        and not is_location(text)
        and not _has_role(text)
    )


def _school_like(text: str) -> bool:
    return bool(_SCHOOL_WORDS.search(text)) or (
        not text.isascii() and bool(_CJK_SCHOOL.search(text))
    )


def _study(s: _StudyDraft) -> Study:
    doubts: list[tuple[float, str]] = []
    if not s.school:
        doubts.append((0.3, "no school"))
    elif not (_SCHOOL_WORDS.search(s.school) or _CJK_SCHOOL.search(s.school)):
        doubts.append((0.1, "the school's name has no school word"))
    if not s.degree:
        doubts.append((0.15, "no degree"))
    if s.range is None:
        doubts.append((0.15, "no dates"))
    if doubts:
        confidence = round(max(0.2, _LAYOUT_MATCH - sum(d for d, _ in doubts)), 2)
        reason = "heuristic: " + "; ".join(why for _, why in doubts)
    else:
        confidence, reason = _LAYOUT_MATCH, "layout match: school, degree and dates recognised"
    return Study(
        school=s.school,
        degree=s.degree,
        field=s.area,
        range=s.range,
        raw="\n".join(s.lines),
        confidence=confidence,
        confidence_reason=reason,
    )


def _edu_parts(piece: str) -> list[str]:
    """Comma parts of an education piece; an official name written "Rutgers, The State
    University of New Jersey" stays one part (a short name, then "The …" with a school word)."""
    parts = [p.strip() for p in piece.split(",") if p.strip()]
    out: list[str] = []
    for p in parts:
        if (
            out
            and re.match(r"(?i)the\s", p)
            and _school_like(p)
            and not _school_like(out[-1])
            and not DEGREE_ANY.search(out[-1])
            and _bare_name(out[-1])
        ):
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
    return out or [piece]


# ---------------------------------------------------------------------------------------------
# Header: name, headline
# ---------------------------------------------------------------------------------------------

_NAME_LABEL = re.compile(r"^(?:name|full name|candidate)\s*[:\-–—]\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*\.?|[^\W\d_]\.)$")


@lru_cache(maxsize=1)
def _cjk() -> re.Pattern[str]:
    """A name written in kana, CJK ideographs or Hangul (compiled on first use: about 2 ms)."""
    return re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,8}$")


_PLACEHOLDER_NAMES = frozenset(
    {
        "your name",
        "your full name",
        "first last",
        "firstname lastname",
        "first name last name",
        "name surname",
        "first name surname",
        "candidate name",
        "full name",
    }
)


def _name_candidate(text: str) -> str | None:
    """The name in a header line, or None when the line is not a plausible name."""
    t = _NAME_LABEL.sub("", collapse_spaced_letters(text.strip()))
    t = _PIECE_SEP.split(t)[0].strip(" ,;:|")
    t = _CREDENTIALS.sub("", t).strip(" ,")
    if not t or len(t) > 60 or any(c.isdigit() for c in t) or _CONTACTISH.search(t):
        return None
    if heading_kind(t) is not None or is_location(t) or _has_role(t):
        return None
    if " ".join(t.lower().split()) in _PLACEHOLDER_NAMES:
        return None  # a template's placeholder left in place
    if not t.isascii() and _cjk().match(t):  # (only non-ASCII text can match)
        return t
    words = t.split()
    if not 2 <= len(words) <= 5:
        return None
    for w in words:
        if w.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(w) or not w[0].isupper():
            return None
        if w.lower().strip(".") in _NOT_NAME_WORDS or w.lower() in _ORG_WORDS:
            return None
    if words[0].lower() in _NAME_PARTICLES:
        return None
    return t


def _find_name(lines: Sequence[TextLine]) -> tuple[str, int]:
    """(name, index) of the most name-like line among the first lines; ("", -1) when none.

    Past the first twelve lines only the largest text of the window counts: a sidebar read
    before the main column can push the name down, but it is still set larger than the rest.
    """
    window = list(lines[:40])
    largest = max((line.size for line in window), default=0.0)
    sizes = sorted(line.size for line in window)
    standout = largest > 0 and largest >= 1.4 * sizes[len(sizes) // 2]
    best: tuple[float, int, str] | None = None
    for i, line in enumerate(window):
        if i >= 12 and not (largest > 0 and line.size >= largest - 0.5):
            continue
        name = _name_candidate(line.text)
        if name is None:
            continue
        score = -i + (4 if line.heading else 0) + (2 if line.bold else 0) + line.size / 4
        if standout and line.size >= largest - 0.5:
            score += 40  # the one line set in the largest type
        if best is None or score > best[0]:
            best = (score, i, name)
    if best is None:
        return "", -1
    return best[2], best[1]


def _headline(lines: Sequence[TextLine], name_index: int) -> str:
    for line in lines[name_index + 1 : name_index + 5]:
        pieces = [_clean_piece(p) for p in _PIECE_SEP.split(line.text)]
        kept = [
            p
            for p in pieces
            if p
            and not _CONTACTISH.search(p)
            and not is_location(p)
            and not _STREET.match(p)
            and heading_kind(p) is None
        ]
        if not kept:
            continue
        text = " | ".join(kept)
        if len(text.split()) > 15 or (_sentence_like(text) and not _has_role(text)):
            return ""
        return text
    return ""


# ---------------------------------------------------------------------------------------------
# Skills, references
# ---------------------------------------------------------------------------------------------

_SKILL_SPLIT = re.compile(r"\s*(?:[,;|•·▪●/](?![\w])|(?<![\w])/|\s{2,}|\t)\s*")


_LIST_SEP = re.compile(r"[,;|•·▪●\t]|\s{3,}")


def _split_top_level(text: str) -> list[str]:
    """Split at list separators outside brackets ("Python (Django, Flask), Go")."""
    if not any(c in text for c in "([{"):
        return _LIST_SEP.split(text)
    out: list[str] = []
    depth = 0
    buf: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;|•·▪●\t":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return [p for part in out for p in re.split(r"\s{3,}", part)]


def _skills(sections: Sequence[Section]) -> list[str]:
    """Items of the skills sections: split at commas, bullets and pipes; labels dropped."""
    out: list[str] = []
    seen: set[str] = set()
    lines = [line for section in sections for line in section.lines][:_MAX_SKILL_LINES]
    for line in lines:
        text = _strip_bullet(line.text)
        label, sep, rest = text.partition(":")
        if sep and rest.strip() and len(label.split()) <= 4:
            text = rest  # "Languages: Python, Go"
        items = _split_top_level(text)
        if len(items) > 1 and " and " in items[-1]:
            items = [*items[:-1], *items[-1].split(" and ")]
        for item in items:
            item = item.strip(" .*-–—")
            if not item or len(item) > 50 or len(item.split()) > 6:
                continue
            key = item.lower()
            if key not in seen:
                seen.add(key)
                out.append(item)
                if len(out) >= _MAX_SKILLS:
                    return out
    return out
    return out


def _references(sections: Sequence[Section]) -> list[str]:
    blocks: list[list[str]] = []
    for section in sections:
        for line in section.lines:
            text = _strip_bullet(line.text)
            if re.search(r"available (?:up)?on request|upon request", text, re.I):
                continue
            if _name_candidate(text) is not None or not blocks:
                blocks.append([text])
            else:
                blocks[-1].append(text)
    return ["; ".join(b) for b in blocks if b]


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


_MAX_ENTRY_LINES = 3_000  # a real résumé has far fewer; beyond this is noise or an attack
_MAX_SKILLS = 1_000
_MAX_SKILL_LINES = 2_000


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Labelled forms (Europass and similar): each value after the label that names it
# ---------------------------------------------------------------------------------------------

_ENTRY_LABELS: dict[str, str] = {
    "dates": "dates",
    "date": "dates",
    "period": "dates",
    "occupation or position held": "title",
    "position held": "title",
    "occupation": "title",
    "job title": "title",
    "name and address of employer": "org",
    "name of employer": "org",
    "employer": "org",
    "employer name": "org",
    "main activities and responsibilities": "skip",
    "type of business or sector": "skip",
    "title of qualification awarded": "degree",
    "qualification awarded": "degree",
    "principal subjects/occupational skills covered": "field",
    "principal subjects / occupational skills covered": "field",
    "name and type of organisation providing education and training": "school",
    "name and type of organization providing education and training": "school",
    "level in national or international classification": "skip",
    "field of study": "field",
}
_LABEL_RE = _lazy(
    r"^(?P<label>"
    + "|".join(re.escape(k) for k in sorted(_ENTRY_LABELS, key=len, reverse=True))
    + r")(?:\s*:\s*|\s+|$)(?P<value>.*)$",
    re.IGNORECASE,
)


def _label(text: str) -> tuple[str, str] | None:
    """(field, value) of a labelled line ("Dates    2012 – Present"), value "" when it follows."""
    m = _LABEL_RE.match(" ".join(text.split()))
    if m is None:
        return None
    return _ENTRY_LABELS[m.group("label").lower()], m.group("value").strip(" :")


def _labelled(section: Section) -> list[dict[str, str]] | None:
    """The entries of a section written as labelled rows, or None when it is not one."""
    rows: list[tuple[str, str]] = []
    lines = list(section.lines)
    i = 0
    while i < len(lines):
        found = _label(lines[i].text)
        if found is None:
            if rows and rows[-1][0] != "skip" and not rows[-1][1] and not _is_bullet(lines[i].text):
                rows[-1] = (rows[-1][0], lines[i].text.strip())  # the value under its label
            i += 1
            continue
        rows.append(found)
        i += 1
    kinds = {k for k, v in rows if k != "skip"}
    if len(kinds) < 2 or not ({"title", "org", "school", "degree"} & kinds):
        return None
    entries: list[dict[str, str]] = []
    for kind, value in rows:
        if kind == "skip" or not value:
            continue
        if not entries or kind in entries[-1]:
            entries.append({})
        entries[-1][kind] = value
    return entries


_LABELLED = "labelled form: each field named by its label"


def _labelled_positions(entries: list[dict[str, str]]) -> list[Position]:
    out = []
    for e in entries:
        org, location = _split_location(e.get("org", ""))
        rng = _first_range(e.get("dates", ""))
        title = e.get("title", "")
        if not (org or title):
            continue
        out.append(
            Position(
                org=org,
                title=title,
                range=rng,
                location=location,
                employment_type=employment_type(title, org=org),
                raw="\n".join(e.values()),
                confidence=_LAYOUT_MATCH if rng and org and title else 0.6,
                confidence_reason=_LABELLED,
            )
        )
    return out


def _labelled_studies(entries: list[dict[str, str]]) -> list[Study]:
    out = []
    for e in entries:
        school = _split_location(e.get("school", ""))[0]
        degree, area = e.get("degree", ""), e.get("field", "")
        found = _degree_and_field(_decap(degree)) if degree else None
        if found is not None:
            degree, area = found[0], area or found[1]
        if not (school or degree):
            continue
        rng = _first_range(e.get("dates", "")) or _single_date_range(e.get("dates", ""))
        out.append(
            Study(
                school=school,
                degree=degree,
                field=area,
                range=rng,
                raw="\n".join(e.values()),
                confidence=_LAYOUT_MATCH if rng and school and degree else 0.6,
                confidence_reason=_LABELLED,
            )
        )
    return out


def _first_range(text: str) -> DateRange | None:
    found = _ranges(text)
    return found[0][0] if found else None


_NAME_FIELD = _lazy(
    r"^(?P<label>surname\(?s?\)?\s*/\s*first\s*name\(?s?\)?|first\s*name\(?s?\)?\s*/\s*surname\(?s?\)?"
    r"|full name|name)\s*:?(?:\s+(?P<value>.*))?$",
    re.IGNORECASE,
)


def _labelled_name(lines: Sequence[TextLine]) -> str:
    """A name given after a label ("Surname(s) / First name(s)    Moffat, Hannah" → "Hannah
    Moffat"); "" when the first lines have none."""
    for i, line in enumerate(lines[:40]):
        m = _NAME_FIELD.match(" ".join(line.text.split()))
        if m is None:
            continue
        value = (m.group("value") or "").strip()
        if not value and i + 1 < len(lines):
            value = lines[i + 1].text.strip()
        if m.group("label").lower().startswith("surname") and value.count(",") == 1:
            last, first = (p.strip() for p in value.split(","))
            value = f"{first} {last}"
        name = _name_candidate(value)
        if name:
            return name
    return ""


# ---------------------------------------------------------------------------------------------
# Lines wrapped by a narrow column
# ---------------------------------------------------------------------------------------------

_GAP = "    "
_MON_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ONE_DATE = rf"(?:{_MON_WORD}\s*(?:'\d\d|\d{{4}})|\d{{1,2}}/\d{{4}}|\d{{4}}(?:[-./]\d{{2}})?)"
_DANGLING = _lazy(
    rf"{_ONE_DATE}\s*(?:[-–—~]+|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*(?P<month>{_MON_WORD})?\s*$",
    re.IGNORECASE,
)
_DANGLING_START = _lazy(
    rf"^\s*{_ONE_DATE}\s*(?:[-–—~]+|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*(?P<month>{_MON_WORD})?"
    r"(?=\s+[^\W\d_])",
    re.IGNORECASE,
)
_CONTINUES = _lazy(
    rf"^\s*(?:(?P<date>{_ONE_DATE})|(?P<now>present|current|now|today|date))(?![\w/])",
    re.IGNORECASE,
)
_YEAR_FIRST = _lazy(r"^\s*(?:'\d\d|\d{4})(?!\d)")
_CONNECTOR_END = _lazy(r"(?:\s(?:of|de|del|da|di|du|la|le|the|and|for|in|at|und|y)|[&,(/-])$", re.I)


_CJK_YM = _lazy(r"(\d{4})\s*年\s*(\d{1,2})\s*月?")
_CJK_Y = _lazy(r"(\d{4})\s*年")
_CJK_NOW = _lazy(r"至今|现在|目前")
_WIDE = str.maketrans({"～": "~", "〜": "~", "（": "(", "）": ")", "，": ",", "：": ":", "－": "-"})


def _cjk_dates(line: TextLine) -> TextLine:
    """Chinese dates ("2019年3月 - 至今") in the forms the date finder reads ("2019-03 - Present")."""
    text = line.text
    if text.isascii() or not ("年" in text or "至今" in text or "～" in text):
        return line
    text = _CJK_YM.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}", text.translate(_WIDE))
    text = _CJK_NOW.sub("Present", _CJK_Y.sub(r"\1", text))
    return replace(line, text=text)


def _first_piece(text: str) -> tuple[str, str]:
    """(first gap-separated piece, the rest of the line after its gap) of a positioned line."""
    head, sep, rest = text.partition(_GAP)
    return head.strip(), rest.strip() if sep else ""


def _join_wrapped(lines: Sequence[TextLine]) -> list[TextLine]:
    """Join what a narrow column wrapped: a date range cut after its separator or its end
    month ("Sept. 2022 to May" / "2026", in a date column beside the entry or alone), and an
    entry line cut after a connector ("Universidad de" / "Valmora", "Master of Science" /
    "(M.S.), Physics")."""
    out: list[TextLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and (_MAYBE_DATE.search(line.text) or _MAYBE_DATE.match(nxt.text)):
            column = _join_date_column(lines, i)
            if column is not None:
                out.extend(column[0])
                i += column[1]
                continue
            joined = _join_dates(line, nxt)
            if joined is not None:
                out.extend(joined)
                i += 2
                continue
        if (
            nxt is not None
            and _GAP not in line.text
            and _GAP not in nxt.text
            and len(line.text) <= 90
            and (line.page, line.size) == (nxt.page, nxt.size)
            and nxt.x0 >= line.x0 - 2
            and not _is_bullet(nxt.text)
            and (_CONNECTOR_END.search(line.text) or nxt.text.startswith("("))
            and not _MAYBE_DATE.search(nxt.text[:12])
            and heading_kind(nxt.text) is None
        ):
            out.append(replace(line, text=f"{line.text} {nxt.text}", x1=max(line.x1, nxt.x1)))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


_FRAGMENT = _lazy(
    rf"^(?:(?:to|until|till|through|[-–—~]+)\s*)?(?:{_MON_WORD}\s*)?(?:'\d\d|\d{{4}})?"
    r"\s*(?:present|current|now|today)?$",
    re.IGNORECASE,
)


def _whole_range(text: str) -> bool:
    """Whether `text` is one date range from its start to its end."""
    t = text.strip()
    return any(s == 0 and e >= len(t) - 1 for _, s, e in _ranges(t))


def _join_date_column(lines: Sequence[TextLine], i: int) -> tuple[list[TextLine], int] | None:
    """A date column's range wrapped over two or three lines, each piece first on its line
    ("September 2024" / "to October" / "2025", each beside a line of the entry): the whole
    range on the first line, the entry's lines kept; None when there is no such range."""
    head, rest = _first_piece(lines[i].text)
    if not head or len(head) > 40 or not _FRAGMENT.match(head) or _whole_range(head):
        return None
    pieces, rests = [head], [rest]
    for k in (1, 2):
        if i + k >= len(lines) or lines[i + k].page != lines[i].page:
            return None
        n_head, n_rest = _first_piece(lines[i + k].text)
        if not n_head or not _FRAGMENT.match(n_head):
            return None
        pieces.append(n_head)
        rests.append(n_rest)
        whole = " ".join(pieces)
        if _whole_range(whole):
            out = [replace(lines[i], text=_GAP.join(p for p in (whole, rests[0]) if p))]
            out += [replace(lines[i + j], text=r) for j, r in enumerate(rests[1:], 1) if r]
            return out, k + 1
    return None


def _join_dates(line: TextLine, nxt: TextLine) -> list[TextLine] | None:
    """The two lines with a wrapped range made whole on the first, or None when none wrapped."""
    head, rest = _first_piece(line.text)
    m = _DANGLING.search(head)
    if m is None or (m.start() > 0 and find_date_ranges(head)):
        # No gap after the date column ("Aug. 2022–Sept. Data Analyst, ..." / "2023 ...").
        m = _DANGLING_START.match(line.text)
        if m is None or any(s == 0 for _, s, _ in find_date_ranges(line.text)):
            return _join_month_alone(line, nxt)
        head, rest = line.text[: m.end()].strip(), line.text[m.end() :].strip()
    n_head, n_rest = _first_piece(nxt.text)
    cont = _CONTINUES.match(n_head)
    if cont is None or (m.group("month") and not _YEAR_FIRST.match(n_head)):
        return None
    whole = f"{head} {n_head[: cont.end()].strip()}"
    if not find_date_ranges(whole):
        return None
    left_over = " ".join(p for p in (n_head[cont.end() :].strip(), n_rest) if p)
    first = replace(line, text=_GAP.join(p for p in (whole, rest) if p))
    if not left_over:
        return [first]
    return [first, replace(nxt, text=left_over)]


_MONTH_ALONE = _lazy(rf"^\s*{_MON_WORD}(?=\s+[^\W\d_])", re.IGNORECASE)
_RANGE_REST = _lazy(
    rf"^\s*\d{{4}}\s*(?:[-–—~]+|\bto\b)\s*(?:(?:{_MON_WORD}\s*)?\d{{4}}|present|current|now)",
    re.IGNORECASE,
)


def _join_month_alone(line: TextLine, nxt: TextLine) -> list[TextLine] | None:
    """ "August Engineering Manager, ..." / "2018–November 2019 Rewrote ...": a date column
    wrapped after its first month; the range made whole on the first line."""
    m = _MONTH_ALONE.match(line.text)
    cont = _RANGE_REST.match(nxt.text)
    if m is None or cont is None:
        return None
    whole = f"{m.group().strip()} {cont.group().strip()}"
    if not _whole_range(whole):
        return None
    first = replace(line, text=f"{whole}{_GAP}{line.text[m.end() :].strip()}")
    left_over = nxt.text[cont.end() :].strip()
    return [first, replace(nxt, text=left_over)] if left_over else [first]


def _studyish(text: str) -> bool:
    """A line naming a degree at a school ("MS, Data Science, Hollis College, 2015")."""
    t = _decap(text)
    return bool(DEGREE_ANY.search(t) and _SCHOOL_WORDS.search(t)) or bool(
        _CJK_SCHOOL.search(text) and _CJK_DEGREE.search(text)
    )


def _unsectioned(sections: Sequence[Section]) -> list[TextLine]:
    lines = [line for s in sections if s.kind in ("header", "other") for line in s.lines]
    return lines[:_MAX_ENTRY_LINES]


def _fallback_experience(sections: Sequence[Section]) -> list[Position]:
    """Without an experience heading: dated entries anywhere whose title names a role (lines
    naming a degree at a school are studies, not roles)."""
    lines = [line for line in _unsectioned(sections) if not _studyish(line.text)]
    if not lines:
        return []
    pseudo = Section("experience", "", tuple(lines))
    found = []
    for p in _parse_experience(pseudo):
        if p.range is not None and p.title and _has_role(p.title):
            found.append(_capped(p, 0.45, "no experience heading: a dated line naming a role"))
    return found


def _fallback_education(sections: Sequence[Section]) -> list[Study]:
    """Without an education heading: lines naming a degree at a school."""
    lines = [line for line in _unsectioned(sections) if _studyish(line.text)]
    if not lines:
        return []
    studies = _parse_education(Section("education", "", tuple(lines)))
    return [
        _capped(s, 0.5, "no education heading: a line naming a degree at a school") for s in studies
    ]


def parse_resume(doc: DocumentText, *, as_of: date | None = None) -> Profile:
    """Read a résumé's lines into a `Profile` (name, contacts, positions, studies, claims, skills).

    Raises `ExtractionError` only when the document has no text at all. (A JSON Resume that
    reached a text reader is told apart before this: `extractors.dispatch.read_resume`.)
    """
    lines = tuple(line for line in doc.lines if line.text and line.text.strip())
    if not lines:
        raise ExtractionError("document has no text")
    lines = tuple(_join_wrapped([_cjk_dates(line) for line in lines]))
    sections = split_sections(lines)
    header = [s for s in sections if s.kind == "header"]
    header_lines = list(header[0].lines) if header else []
    contact_lines = [line for s in sections if s.kind == "contact" for line in s.lines]
    name_lines = header_lines or list(lines[:8])
    name, name_index = _find_name(name_lines)
    if not name and contact_lines:
        name, _ = _find_name(contact_lines)
    if not name:
        name = _labelled_name(lines)
    if not name:  # a sidebar with headings of its own read before the name
        name_lines = list(lines[:40])
        name, name_index = _find_name(name_lines)
    headline = _headline(name_lines, name_index) if name else ""

    place_lines = [line.text for line in [*header_lines[:15], *contact_lines]]
    locations = find_locations(place_lines)
    addresses = _addresses(place_lines)

    own_text = "\n".join(line.text for s in sections if s.kind != "references" for line in s.lines)
    urls = find_urls(own_text)
    slugs = _unique(s for s in (linkedin_slug(u) for u in urls) if s)
    handles = _unique(h for h in (github_handle(u) for u in urls) if h)

    experience: list[Position] = []
    education: list[Study] = []
    notes = list(doc.notes)
    budget = _MAX_ENTRY_LINES
    for s in sections:
        if s.kind not in ("experience", "education"):
            continue
        if len(s.lines) > budget:
            s = Section(s.kind, s.heading, s.lines[:budget])
            note = (
                f"the résumé is unusually long: entries were read from the first "
                f"{_MAX_ENTRY_LINES:,} lines of its experience and education sections only"
            )
            if note not in notes:
                notes.append(note)
        budget -= len(s.lines)
        labelled = _labelled(s)
        if s.kind == "experience":
            experience.extend(_labelled_positions(labelled) if labelled else _parse_experience(s))
        else:
            education.extend(_labelled_studies(labelled) if labelled else _parse_education(s))
    if not experience and not any(s.kind == "experience" for s in sections):
        experience = _fallback_experience(sections)
    if not education and not any(s.kind == "education" for s in sections):
        education = _fallback_education(sections)

    summary = "\n".join(line.text for s in sections if s.kind == "summary" for line in s.lines)
    extra: dict[str, object] = {"sections": [(s.kind, s.heading) for s in sections]}
    volunteer = [line.text for s in sections if s.kind == "volunteer" for line in s.lines]
    if volunteer:
        extra["volunteer"] = tuple(volunteer[:200])
    emails, phones = tuple(find_emails(own_text)), tuple(find_phones(own_text))
    unread = _unread(sections, experience, education)
    if not (name or emails or phones or experience or education):
        unread.append("nothing a résumé holds (a name, a contact, a position or a study) was found")
    return Profile(
        name=name,
        headline=headline,
        summary=summary,
        emails=emails,
        phones=phones,
        locations=tuple(locations),
        addresses=tuple(addresses),
        urls=tuple(urls),
        linkedin_slugs=slugs,
        github_handles=handles,
        references=tuple(_references([s for s in sections if s.kind == "references"])),
        skills=tuple(_skills([s for s in sections if s.kind == "skills"])),
        experience=tuple(experience),
        education=tuple(education),
        stated_experience=tuple(find_stated_experience(own_text)),
        document=doc.meta,
        as_of=as_of,
        text=doc.text,
        notes=tuple(notes + unread),
        unread_parts=tuple(unread),
        extra=frozen_mapping(extra),
    )


def _unread(
    sections: Sequence[Section], experience: Sequence[Position], education: Sequence[Study]
) -> list[str]:
    """Sections that hold text but gave no entry: read "ok" and empty, they would say the
    candidate has no history when the reader only failed to understand it."""
    out = []
    for kind, found, what in (
        ("experience", experience, "positions"),
        ("education", education, "studies"),
    ):
        body = [line for s in sections if s.kind == kind for line in s.lines]
        if not found and sum(len(line.text) for line in body) >= 40:
            heading = next(s.heading for s in sections if s.kind == kind)
            out.append(f"the {heading or kind} section could not be read: no {what} found in it")
    return out
