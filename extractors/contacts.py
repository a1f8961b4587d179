"""Contact data found in free text: phones (verbatim), emails, URLs, LinkedIn slugs, GitHub handles.

Phones are kept exactly as written so that the contact checks (CT001, CT002) can judge the
writing itself; nothing here normalises or validates a number beyond "looks like a phone".
Every pattern is linear in the input (possessive quantifiers, bounded repetition).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote

from extractors.normalise.text import lazy_re

__all__ = [
    "find_emails",
    "find_phones",
    "find_urls",
    "github_handle",
    "is_valid_github_username",
    "linkedin_slug",
    "split_phone_list",
]

# Patterns of the hot paths, compiled once (on first use).
_DIGITS = lazy_re(r"\d+")
_PHONE_LIST_BREAK = lazy_re(r"\s*(?:;|\||\s/\s|,\s|\s+or\s+|\n)\s*")

# ---------------------------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------------------------

# A digit run or a parenthesised group ("(312)", "(0)", "(+44)"); possessive so that a long digit
# run cannot be split many ways while backtracking.
_PHONE_TOKEN = r"(?:\(\s?\+?\d++\s?\)|\+?\d++)"
_PHONE_SEP = r"(?:[ \t]?+[.\-/–][ \t]?+|[ \t]++)"
_PHONE_EXT = r"(?:[ \t]*+(?:x|ext\.?|extension)[ \t]*+\d{1,6}+)"
_PHONE_RE = re.compile(
    r"(?<![\w+@/.])"
    r"(?:(?:\+|00)[ \t]?+)?"
    rf"{_PHONE_TOKEN}"
    rf"(?:(?:{_PHONE_SEP}|(?<=\))|(?=\())(?:{_PHONE_TOKEN})){{0,8}}+"
    rf"{_PHONE_EXT}?+"
    r"(?![\w@])",
    re.IGNORECASE,
)
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_EXT_TAIL = re.compile(r"(?:x|ext\.?|extension)\s*\d+$", re.IGNORECASE)
_ZIP4 = re.compile(r"\d{5}-\d{4}")
_DOTTED_QUAD = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_MIN_DIGITS = 7
_MAX_DIGITS = 17  # E.164 allows 15; a duplicated country code or stray digits must still show
_MATCHER_BUDGET = 2_000  # distinct candidates per text handed to libphonenumber's matcher


def _digit_groups(raw: str) -> list[str]:
    return _DIGITS.findall(_EXT_TAIL.sub("", raw))


def _looks_like_phone(raw: str) -> bool:
    """Whether a phone-like candidate is plausibly a phone number and not a date, year or zip."""
    groups = _digit_groups(raw)
    digits = sum(len(g) for g in groups)
    if not _MIN_DIGITS <= digits <= _MAX_DIGITS:
        return False
    international = raw.startswith(("+", "00"))
    if not international:
        if len(groups) == 1 and digits < 10:
            return False  # a bare run like "1234567" is an ID or an amount, not a phone
        if _ZIP4.fullmatch(raw) or _DOTTED_QUAD.fullmatch(raw):
            return False
        years = [g for g in groups if len(g) == 4 and 1900 <= int(g) <= 2099]
        if years and all(len(g) <= 2 or g in years for g in groups):
            return False  # 2019 – 2021, 03/2019 - 05/2021, 2019-03-14, 14.03.2019
    # "1 1 1 1 1 1 1" is a run of small numbers, not a phone grouping.
    return sum(len(g) == 1 for g in groups[1:]) <= 1 and len(groups) <= 8


def _matcher_spans(text: str, region: str | None) -> list[tuple[int, int]]:
    import phonenumbers
    from phonenumbers import Leniency

    try:
        matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE)
        return [(m.start, m.end) for m in matcher]
    except Exception:  # libphonenumber is strict about odd input; the regex result still stands
        return []


@lru_cache(maxsize=4096)
def _split_candidate(raw: str, regions: tuple[str | None, ...]) -> tuple[tuple[int, int], ...]:
    """Sub-spans of one regex candidate that are phones, using libphonenumber to find borders.

    The regex may glue a ZIP code or a second number to a phone ("78701 (512) 555-0142"); the
    matcher separates them. A number the matcher does not recognise at all is kept whole
    (malformed numbers must reach the checks), and so is one whose international prefix the
    matcher skips ("+1 (0) 512 555 0142", "+1 +1 312 555 0142"). Remembered (bounded): the
    same candidates ("2015 - 2019", a candidate's own number) recur across documents.
    """
    return tuple(_split_spans(raw, regions))


def _split_spans(raw: str, regions: tuple[str | None, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for region in regions:
        for s, e in _matcher_spans(raw, region):
            if all(e <= a or s >= b for a, b in spans):
                spans.append((s, e))
    spans = sorted(sp for sp in spans if _looks_like_phone(raw[sp[0] : sp[1]].strip()))
    if not spans:
        return [(0, len(raw))] if _looks_like_phone(raw) else []
    if raw.startswith(("+", "00")) and spans[0][0] > 0:
        return [(0, len(raw))]
    out: list[tuple[int, int]] = []
    pos = 0
    for s, e in [*spans, (len(raw), len(raw))]:
        gap = raw[pos:s]
        if gap.strip() and _looks_like_phone(gap.strip()):
            lead = len(gap) - len(gap.lstrip())
            out.append((pos + lead, pos + len(gap.rstrip())))
        if e > s:
            out.append((s, e))
        pos = e
    return out


# Labels of numbers that are not phones: licences, IDs, DOIs, certificates, registrations.
_NOT_PHONE_LABEL = re.compile(
    r"(?:licen[cs]e|lic\.|reg(?:istration|\.)|certificat\w*|cert\.|credential|doi|isbn|issn|"
    r"patent|passport|ssn|social security|\bid\b|identifier|member(?:ship)?|badge|employee|orcid|"
    r"account|acct|invoice|order|case|ticket|ref(?:erence)?|nmls|npi|\bdea\b|bar\b|serial|"
    r"tax|ein|vat|iban|routing|swift|no\.|number|#)\s*[:#.]?\s*$",
    re.IGNORECASE,
)
_PHONE_LABEL = re.compile(
    r"(?:phone|tel|telephone|mobile|mob|cell|whatsapp|viber|signal|call|contact|fax|ph|☎|📞)",
    re.IGNORECASE,
)


def _labelled_not_a_phone(text: str, start: int) -> bool:
    """The words just before a number (on its line) say what it is, and it is not a phone:
    "License No. 2045-118-337", "DOI: 10.1109/5.771073", "Credential ID 4471 2290 118"."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40) : start]
    if _ID_PREFIX.search(before):
        return True  # "LF-9156646914", "CKA-2023-1234567": an ID with a letter prefix
    if not _NOT_PHONE_LABEL.search(before):
        return False
    return not _PHONE_LABEL.search(before)


_ID_PREFIX = re.compile(r"(?<![\w])[A-Za-z]{1,8}[-_#]$")
# ORCID iDs and card-like numbers: four groups of four digits (no phone plan groups so).
_FOUR_BY_FOUR = re.compile(r"^\d{4}[- ]\d{4}[- ]\d{4}[- ]\d{3}[\dXx]$")


def split_phone_list(value: str) -> tuple[str, ...]:
    """One cell or field holding several numbers ("312 555 0103 / 312 555 0199", "… or …",
    "…, …") as its numbers; a single number, however it is written, stays whole and verbatim."""
    if not any(c in value for c in ";|/,\n") and "or" not in value:
        return (value.strip(),) if value.strip() else ()  # nothing the list breaks on (most cells)
    pieces = [p.strip() for p in _PHONE_LIST_BREAK.split(value)]
    pieces = [p for p in pieces if p]
    if len(pieces) > 1 and all(sum(c.isdigit() for c in p) >= _MIN_DIGITS for p in pieces):
        return tuple(pieces)
    return (value.strip(),) if value.strip() else ()


def find_phones(text: str, default_region: str | None = None) -> list[str]:
    """Phone numbers in `text`, verbatim (trimmed, runs of spaces as one), deduplicated, in
    document order.

    A regex finds phone-like strings (including malformed ones: a trunk "(0)" after the country
    code, a duplicated country code, stray digits); libphonenumber's matcher (leniency POSSIBLE,
    with no region, `default_region` and "US") then splits glued neighbours apart. Dates, years,
    ZIP codes and ISO dates are rejected. Strings are never normalised here: the region only
    helps to find a number's borders.
    """
    if not text:
        return []
    wanted: list[str | None] = [None]
    for region in (default_region, "US"):
        if region and region.upper() not in wanted:
            wanted.append(region.upper())
    regions = tuple(wanted)
    out: list[str] = []
    seen: set[str] = set()
    splits: dict[str, Sequence[tuple[int, int]]] = {}
    for m in _PHONE_RE.finditer(text):
        # Runs of spaces come from justified PDF lines ("1    (443)    555-0184"); the matcher
        # would read only the part after the widest gap.
        candidate = _SPACE_RUN.sub(" ", m.group())
        if not _MIN_DIGITS <= sum(c.isdigit() for c in candidate) <= 2 * _MAX_DIGITS:
            continue
        if _labelled_not_a_phone(text, m.start()) or _FOUR_BY_FOUR.match(candidate.strip()):
            continue
        parts = splits.get(candidate)
        if parts is None:
            if len(splits) < _MATCHER_BUDGET:
                parts = _split_candidate(candidate, regions)
            else:  # digit soup: stop asking the (slow, pure-Python) matcher, keep linear time
                parts = [(0, len(candidate))] if _looks_like_phone(candidate) else []
            splits[candidate] = parts
        for s, e in parts:
            raw = candidate[s:e].strip()
            if raw and raw not in seen:
                seen.add(raw)
                out.append(raw)
    return out


# ---------------------------------------------------------------------------------------------
# Emails
# ---------------------------------------------------------------------------------------------

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]++(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]++)*+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_EMAIL_RE = re.compile(
    rf"(?<![A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~\-])({_LOCAL})@((?:{_LABEL}\.){{1,8}}[A-Za-z]{{2,24}})(?![A-Za-z0-9\-])"
)
# "dana [at] example [dot] com", "dana(at)example.com", "dana at example dot com".
_AT_BRACKETED = r"\s*+[\[({<]\s*(?:at|@)\s*[\])}>]\s*+"
_DOT_BRACKETED = r"\s*+[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*+"
_OBFUSCATED_RE = re.compile(
    rf"(?<![\w.])([A-Za-z0-9][A-Za-z0-9._+\-]*+)"
    rf"(?:{_AT_BRACKETED}|\s++at\s++(?=[A-Za-z0-9\-]++\s++dot\s))"
    rf"((?:{_LABEL}(?:{_DOT_BRACKETED}|\s++dot\s++|\.)){{1,8}}[A-Za-z]{{2,24}})(?![\w\-])",
    re.IGNORECASE,
)
_OBFUSCATION_HINT = re.compile(r"[\[({<]\s*(?:at|@)\s*[\])}>]|\sat\s.*\sdot\s", re.IGNORECASE)
_DOT_SPLIT = re.compile(rf"{_DOT_BRACKETED}|\s+dot\s+|\.", re.IGNORECASE)


def find_emails(text: str) -> list[str]:
    """Email addresses in `text`, deduplicated, in order; obfuscated forms are decoded."""
    found: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):  # only lines that can hold an address are searched
        if "@" in line:
            for m in _EMAIL_RE.finditer(line):
                found.append((offset + m.start(), f"{m.group(1)}@{m.group(2)}"))
        if _OBFUSCATION_HINT.search(line):
            for m in _OBFUSCATED_RE.finditer(line):
                if "@" in m.group():
                    continue  # a plain address, already found
                domain = ".".join(p for p in _DOT_SPLIT.split(m.group(2)) if p)
                found.append((offset + m.start(), f"{m.group(1)}@{domain}"))
        offset += len(line) + 1
    found.sort()
    out: list[str] = []
    seen: set[str] = set()
    for _, email in found:
        key = email.lower()
        if key not in seen:
            seen.add(key)
            out.append(email)
    return out


# ---------------------------------------------------------------------------------------------
# URLs, LinkedIn slugs, GitHub handles
# ---------------------------------------------------------------------------------------------

_URL_BODY = r"[^\s<>\"'`{}|\\^\[\]]++"
_URL_RE = re.compile(
    rf"(?<![\w@.\-/])(?:https?://{_URL_BODY}"
    rf"|www\.[A-Za-z0-9\-]++\.{_URL_BODY}"
    rf"|(?:[a-z]{{2,3}}\.)?linkedin\.com/(?:in|pub)/{_URL_BODY}"
    rf"|github\.com/{_URL_BODY}"
    rf"|[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,38}})\.github\.io(?:/{_URL_BODY})?+)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?*\u2019\u201d"


def _trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets that belong to the sentence."""
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """URLs in `text` (http(s), bare www., linkedin.com/in/…, github.com/…), as written, in order."""
    out: list[str] = []
    seen: set[str] = set()
    for line in text.split("\n"):
        if _URL_HINT.search(line):
            for url in _urls_in_line(line):
                if url not in seen:
                    seen.add(url)
                    out.append(url)
    return out


_URL_HINT = re.compile(r"https?:|www\.|linkedin\.com|github\.(?:com|io)", re.IGNORECASE)


def _urls_in_line(text: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for m in _URL_RE.finditer(text):
        url = _trim_url(m.group())
        if "@" in url.split("/", 3)[-1] and "://" not in url:
            continue
        if url and url not in seen and re.search(r"\.[A-Za-z]{2,}", url):
            seen.add(url)
            out.append(url)
    return out


_LINKEDIN_RE = re.compile(
    r"(?:^|[/.\s@(<\[]|(?<=//))(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([^/?#\s)\]>\"']+)",
    re.IGNORECASE,
)


def linkedin_slug(url_or_text: str) -> str | None:
    """The vanity slug of the first LinkedIn profile URL in the text, percent-decoded, or None.

    `https://uk.linkedin.com/in/dana-whitfield-8a7b21/` → `dana-whitfield-8a7b21`;
    `linkedin.com/in/j%C3%B6rg-m%C3%BCller` → `jörg-müller`.
    """
    if not url_or_text:
        return None
    m = _LINKEDIN_RE.search(url_or_text)
    if not m:
        return None
    slug = unquote(m.group(2), errors="replace").strip().strip("-_.,;:")
    return slug or None


# Top-level github.com paths that are pages of GitHub itself, not accounts.
_GITHUB_RESERVED = frozenset(
    [
        "about",
        "account",
        "apps",
        "blog",
        "business",
        "codespaces",
        "collections",
        "contact",
        "copilot",
        "customer-stories",
        "dashboard",
        "enterprise",
        "enterprises",
        "events",
        "explore",
        "features",
        "gist",
        "git-guides",
        "github",
        "issues",
        "join",
        "login",
        "logout",
        "marketplace",
        "mobile",
        "new",
        "nonprofit",
        "notifications",
        "orgs",
        "organizations",
        "premium-support",
        "pricing",
        "pulls",
        "readme",
        "resources",
        "search",
        "security",
        "settings",
        "site",
        "sitemap",
        "solutions",
        "sponsors",
        "stars",
        "team",
        "teams",
        "topics",
        "trending",
        "users",
        "watching",
        "education",
        "home",
        "wiki",
    ]
)
_GITHUB_USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_GITHUB_RE = re.compile(
    r"(?:^|(?<=[/\s.@(<\[]))(?:www\.)?github\.com/([^/?#\s)\]>\"',;]+)"
    r"|(?<![\w.\-])([A-Za-z0-9\-]{1,39})\.github\.io\b"
    r"|gist\.github\.com/([^/?#\s)\]>\"',;]+)",
    re.IGNORECASE,
)


def is_valid_github_username(name: str) -> bool:
    """GitHub's rules: 1-39 letters, digits or single inner hyphens; not a reserved page."""
    return bool(_GITHUB_USERNAME.fullmatch(name)) and name.lower() not in _GITHUB_RESERVED


def github_handle(url_or_text: str) -> str | None:
    """The account name of the first GitHub profile URL in the text (github.com/x, x.github.io)."""
    if not url_or_text:
        return None
    for m in _GITHUB_RE.finditer(url_or_text):
        name = next(g for g in m.groups() if g is not None).rstrip(".:!?")
        if is_valid_github_username(name):
            return name
    return None
