"""LinkedIn "Save to PDF" exports (`Profile.pdf`): recognise them, read them, and verify them.

The layout (issue 3, verified on genuine exports): a left sidebar (`Contact`, `Top Skills`,
`Languages`, `Certifications`, ...) and a main column (name, headline, location, `Summary`,
`Experience`, `Education`), `Page N of M` footers, date lines `March 2019 - Present (5 years 9
months)` whose printed duration is inclusive and measured against /CreationDate.

Columns are split by x position, not by reading order: a line that a PDF reader merged across
the gutter ("Python    Senior Software Engineer") is cut at the gap again. Font sizes tell
company lines from titles and body text when they are known; structural rules take over when a
size was lost in such a merge. Wrapped lines are joined back (an email split by characters, a
slug split before `(LinkedIn)`, `September` / `2014`, a company name over two lines).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from extractors.model import (
    DateRange,
    DocumentMeta,
    ExtractionError,
    PartialDate,
    Position,
    Profile,
    Study,
    frozen_mapping,
)
from extractors.normalise.employment import employment_type

if TYPE_CHECKING:
    from extractors.documents import DocumentText

__all__ = [
    "EXPECTED_METADATA",
    "looks_like_linkedin_pdf",
    "parse_linkedin_pdf",
    "verify_linkedin_export",
]

EXPECTED_METADATA = {
    "author": "LinkedIn",
    "producer": "Apache FOP Version 2.2",
    "title": "Resume",
    "subject": "Resume generated from profile",
}
"""The info dictionary of a genuine export (issue 3). Any Apache FOP version is accepted."""

GAP = "    "  # the document readers' mark for a wide horizontal gap inside one line

MONTHS = {
    name.lower(): i + 1
    for i, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    )
}
MONTHS.update({name[:3]: num for name, num in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DATE = rf"(?:{_MONTH}\s+)?\d{{4}}"
_DATE_LINE = re.compile(
    rf"^(?P<start>{_DATE})\s*[-–—]\s*(?P<end>{_DATE}|Present)(?:\s*\((?P<dur>[^()]*)\))?$",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(rf"^(?:{_MONTH}|{_DATE}(?:\s*[-–—].*)?)$", re.IGNORECASE)
_DURATION = re.compile(
    r"^(?:less than a year|(?:(?P<y>\d+)\s+years?)?\s*(?:(?P<m>\d+)\s+months?)?)$", re.IGNORECASE
)
_DURATION_PAREN = re.compile(r"^\(([^()]+)\)$")
_FOOTER = re.compile(r"^Page\s+(\d+)\s+of\s+(\d+)$", re.IGNORECASE)
_TAG = re.compile(
    r"\s*\((LinkedIn|Personal|Company|Portfolio|Blog|RSS Feed|Other|Mobile|Work|Home|Pager|Fax)\)$",
    re.IGNORECASE,
)
_PHONE_TAGS = {"mobile", "work", "home", "pager", "fax"}
_EMAIL = re.compile(r"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PHONEISH = re.compile(r"^[+()\d][\d\s().+\-/]*\d$")
_EDU_DATES = re.compile(
    rf"\(\s*(?P<a>{_DATE})(?:\s*[-–—]\s*(?P<b>{_DATE}|Present))?\s*\)$", re.IGNORECASE
)
_DEGREE_WORDS = re.compile(
    r"\b(Bachelor|Master|Doctor|Associate|Diploma|Certificate|Degree|BS|BA|BSc|MS|MSc|MA|MBA|"
    r"MEng|BEng|PhD|JD|MD|High School Diploma|GED)\b|'s degree"
)
_LOWER_OK = frozenset(
    [
        "and",
        "of",
        "the",
        "de",
        "la",
        "le",
        "du",
        "del",
        "der",
        "am",
        "an",
        "upon",
        "on",
        "sur",
        "y",
        "e",
        "da",
        "do",
        "di",
        "en",
        "im",
    ]
)
_LOCATION_WORDS = re.compile(
    r"\b(Area|Region|Remote|Metropolitan|Metro|Greater|County|Hybrid|On-site|United States|"
    r"United Kingdom|Province|District)\b",
    re.IGNORECASE,
)

SIDEBAR_HEADINGS = {
    "contact": "contact",
    "top skills": "skills",
    "skills": "skills",
    "languages": "languages",
    "certifications": "certifications",
    "honors-awards": "honors",
    "honors & awards": "honors",
    "publications": "publications",
    "patents": "patents",
}
MAIN_HEADINGS = {
    "summary": "summary",
    "about": "summary",
    "experience": "experience",
    "education": "education",
    "volunteer experience": "volunteer",
    "licenses & certifications": "licenses",
    "honors & awards": "honors",
    "projects": "projects",
    "publications": "publications",
    "patents": "patents",
    "courses": "courses",
    "organizations": "organizations",
    "test scores": "test_scores",
    "recommendations": "recommendations",
}


# ---------------------------------------------------------------------------------------------
# Lines and columns
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """A line of one column. `size` 0 and `x1` None mean unknown (lost when a reader merged
    the two columns into one line)."""

    text: str
    page: int
    x0: float
    x1: float | None
    top: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Columns:
    sidebar: list[_Line]
    main: list[_Line]
    footers: list[tuple[int, int]]  # (N, M) of each `Page N of M`
    main_x0: float | None
    merged: int  # lines that were split at the gutter


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _parts(text: str) -> list[str]:
    return [p for p in (_norm(s) for s in text.replace("\u00a0", " ").split(GAP)) if p]


def _columns(doc: DocumentText) -> _Columns:
    """Split the document's lines into sidebar and main column by x position."""
    footers: list[tuple[int, int]] = []
    raw: list[Any] = []
    for line in doc.lines:
        kept = []
        for part in _parts(line.text):
            m = _FOOTER.match(part)
            if m:
                footers.append((int(m.group(1)), int(m.group(2))))
            else:
                kept.append(part)
        if kept:
            raw.append((line, kept))
    main_x0 = _main_x0([line for line, _ in raw], doc.page_width)
    sidebar: list[_Line] = []
    main: list[_Line] = []
    merged = 0
    for line, parts in raw:
        size = float(line.size or 0.0)
        if main_x0 is None or line.x0 >= main_x0 - 2:
            main.append(
                _Line(" ".join(parts), line.page, line.x0, line.x1, line.top, size, line.bold)
            )
            continue
        if len(parts) > 1 and line.x1 > main_x0:
            merged += 1
            left, right = parts[0], " ".join(parts[1:])
            left_wins = len(left) >= len(right)
            sidebar.append(
                _Line(left, line.page, line.x0, None, line.top, size if left_wins else 0.0,
                      line.bold and left_wins)
            )  # fmt: skip
            main.append(
                _Line(right, line.page, main_x0, line.x1, line.top,
                      0.0 if left_wins else size, line.bold and not left_wins)
            )  # fmt: skip
            continue
        sidebar.append(
            _Line(" ".join(parts), line.page, line.x0, line.x1, line.top, size, line.bold)
        )
    return _Columns(sidebar, main, footers, main_x0, merged)


def _main_x0(lines: Sequence[Any], page_width: float) -> float | None:
    """Left edge of the main column: the commonest line start right of the left margin."""
    starts = Counter(round(line.x0) for line in lines if line.x0 > 0)
    if not starts:
        return None
    margin = (
        min(x for x, n in starts.items() if n >= 2)
        if any(n >= 2 for n in starts.values())
        else min(starts)
    )
    width = page_width or max(round(line.x1) for line in lines)
    right = [(n, -x) for x, n in starts.items() if x > margin + max(40.0, 0.15 * width)]
    if not right:
        return None
    n, neg_x = max(right)
    return float(-neg_x) if n >= 2 else None


# ---------------------------------------------------------------------------------------------
# Dates and durations
# ---------------------------------------------------------------------------------------------


def _pdate(text: str) -> PartialDate | None:
    parts = text.replace(".", "").split()
    try:
        if len(parts) == 1 and parts[0].isdigit():
            return PartialDate(int(parts[0]))
        if len(parts) == 2 and parts[1].isdigit() and parts[0].lower() in MONTHS:
            return PartialDate(int(parts[1]), MONTHS[parts[0].lower()])
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class _DateLine:
    range: DateRange
    printed: str | None  # the duration in parentheses, as printed


def _date_line(text: str) -> _DateLine | None:
    m = _DATE_LINE.match(_norm(text))
    if not m:
        return None
    start = _pdate(m.group("start"))
    end_text = m.group("end")
    current = end_text.lower() == "present"
    end = None if current else _pdate(end_text)
    if start is None or (end is None and not current):
        return None
    dur = m.group("dur")
    if dur is not None and not _DURATION.match(dur.strip()):
        return None
    return _DateLine(DateRange(start, end, current, raw=_norm(text)), dur.strip() if dur else None)


def _is_duration(text: str) -> bool:
    t = _norm(text)
    return bool(t) and bool(_DURATION.match(t)) and any(ch.isalpha() for ch in t)


def _duration_value(text: str) -> tuple[str, int] | None:
    """("months", n) or ("years", n) for a printed duration; `less than a year` is ("years", 0)."""
    m = _DURATION.match(_norm(text))
    if not m:
        return None
    if _norm(text).lower() == "less than a year":
        return ("years", 0)
    years, months = int(m.group("y") or 0), int(m.group("m") or 0)
    if m.group("m") is None:
        return ("years", years)
    return ("months", years * 12 + months)


def _format_duration(kind: str, n: int) -> str:
    if kind == "years":
        return "less than a year" if n <= 0 else f"{n} year{'s' if n != 1 else ''}"
    y, m = divmod(n, 12)
    parts = [f"{y} year{'s' if y != 1 else ''}"] if y else []
    if m:
        parts.append(f"{m} month{'s' if m != 1 else ''}")
    return " ".join(parts) or "less than a year"


def _computed(start: PartialDate, end: PartialDate | None, as_of: date) -> tuple[str, int]:
    """LinkedIn's duration: inclusive months for month dates, end - start years otherwise."""
    end_year = end.year if end else as_of.year
    end_month = (end.month if end else as_of.month) if (end is None or end.month) else None
    if start.month is None or end_month is None:
        return ("years", end_year - start.year)
    return ("months", (end_year * 12 + end_month) - (start.year * 12 + start.month) + 1)


def _durations_agree(printed: str, computed: tuple[str, int], slack: int) -> bool:
    value = _duration_value(printed)
    if value is None:
        return False
    kind, n = value
    ckind, cn = computed
    if ckind == "years":
        return n == cn if kind == "years" else n // 12 == cn
    if kind == "years":  # "1 year" printed for 12 months, "less than a year" for under 12
        return (n == 0 and cn < 12) or n * 12 == cn
    return abs(n - cn) <= slack


# ---------------------------------------------------------------------------------------------
# Sidebar
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Sidebar:
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin: list[str] = field(default_factory=list)
    sites: list[tuple[str, str]] = field(default_factory=list)  # (url, tag)
    sections: dict[str, list[str]] = field(default_factory=dict)


def _sidebar(lines: list[_Line]) -> _Sidebar:
    out = _Sidebar()
    sections: dict[str, list[_Line]] = {}
    current = "contact"
    for line in lines:
        key = SIDEBAR_HEADINGS.get(line.text.lower())
        if key:
            current = key
            sections.setdefault(key, [])
            continue
        sections.setdefault(current, []).append(line)
    contact = sections.get("contact", [])
    right = _wrap_edge(contact)
    _contact(contact, right, out)
    for key, items in sections.items():
        if key != "contact":
            out.sections[key] = _sidebar_items(items, right, balance=key == "languages")
    return out


def _wrap_edge(contact: list[_Line]) -> float | None:
    """The sidebar's wrap width, known from a contact value split by characters (a URL or an
    email continued on the next line); None when nothing in the contact block wrapped so."""
    edges = []
    for line, nxt in itertools.pairwise(contact):
        if line.x1 is None or " " in line.text or _TAG.search(line.text):
            continue
        rest = _TAG.sub("", nxt.text).strip()
        if not rest or " " in rest or rest.lower().startswith(("www.", "http")):
            continue
        if "@" in line.text and _EMAIL.fullmatch(line.text):
            continue  # a complete address: the next line may be something else
        edges.append(line.x1)
    return max(edges) if edges else None


def _wraps_into(prev: _Line, nxt: _Line, right: float | None) -> bool | None:
    """Whether `nxt` continues `prev`: its first word would not have fitted after `prev`
    within the column's wrap width. None when the geometry is unknown."""
    if prev.x1 is None or right is None:
        return None
    word = nxt.text.split(" ", 1)[0]
    size = nxt.size or prev.size or 10.0
    return prev.x1 + 0.45 * size * (len(word) + 1) > right


def _sidebar_items(lines: list[_Line], right: float | None, balance: bool) -> list[str]:
    """One item per line, except wrapped items: an open parenthesis, a continuation in lower
    case or after a connector, or a line that wraps into the next one at a tighter line pitch
    than the spacing between items (geometry alone cannot tell when all pitches are equal)."""
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.x1 is not None and b.x1 is not None
    ]
    tight = min(pitches, default=0.0) + 0.5
    spaced = bool(pitches) and max(pitches) > tight
    items: list[str] = []
    prev: _Line | None = None
    for line in lines:
        join = False
        if prev is not None and items:
            last = items[-1]
            join = (
                (balance and last.count("(") > last.count(")"))
                or line.text[:1].islower()
                or last.endswith((" and", "&", "-", ",", "/", " of", " for"))
                or (
                    spaced
                    and prev.page == line.page
                    and line.top - prev.top <= tight
                    and bool(_wraps_into(prev, line, right))
                )
            )
        if join:
            items[-1] = f"{items[-1]} {line.text}"
        else:
            items.append(line.text)
        prev = line
    return items


def _contact(lines: list[_Line], right: float | None, out: _Sidebar) -> None:
    """Contact items: tagged values (`(LinkedIn)`, `(Personal)`, `(Mobile)`), emails, wraps."""
    items: list[tuple[str, str | None]] = []
    pending: list[str] = []
    email: list[str] | None = None
    email_line: _Line | None = None
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prev_line = lines[i - 1] if i else None
        tag = _TAG.search(line.text)
        body = line.text[: tag.start()].strip() if tag else line.text
        if email is not None and email_line is not None:
            if not tag and _email_continues("".join(email), email_line, line, nxt, right):
                email.append(body)
                email_line = line
                continue
            items.append(("".join(email), "email"))
            email, email_line = None, None
        if tag:
            if body:
                pending.append(body)
            value = _join_fragments(pending)
            pending.clear()
            if value:
                items.append((value, tag.group(1).lower()))
            continue
        if "@" in body and " " not in body:
            if (
                pending
                and prev_line is not None
                and _local_part_wraps(pending, prev_line, line, right)
            ):
                email = [_join_fragments(pending), body]
            else:
                if pending:
                    items.append((_join_fragments(pending), None))
                email = [body]
            pending.clear()
            email_line = line
            continue
        pending.append(body)
    if email is not None:
        items.append(("".join(email), "email"))
    if pending:
        items.append((_join_fragments(pending), None))
    for value, kind in items:
        _classify_contact(value, kind, out)


def _local_part_wraps(pending: list[str], prev: _Line, line: _Line, right: float | None) -> bool:
    """An address split before its `@`: the pending fragment is the start of the local part."""
    if line.text.startswith("@"):
        return True
    if _wraps_into(prev, line, right) is False:
        return False
    return bool(re.fullmatch(r"[A-Za-z0-9._%+'\-]+", "".join(pending)))


def _email_continues(
    so_far: str, prev: _Line, line: _Line, nxt: _Line | None, right: float | None
) -> bool:
    body = line.text
    if " " in body or body.lower().startswith(("www.", "http")) or "linkedin.com" in body:
        return False
    if "@" in body and "@" in so_far:
        return False
    if nxt is not None:
        nxt_tag = _TAG.search(nxt.text)
        if nxt_tag and " " not in nxt.text[: nxt_tag.start()].strip():
            return False  # `line` starts a URL whose tag follows
    if _wraps_into(prev, line, right) is False and _EMAIL.fullmatch(so_far):
        return False
    return bool(_EMAIL.fullmatch(so_far + body))


def _join_fragments(parts: list[str]) -> str:
    if not parts:
        return ""
    if all(_PHONEISH.match(p) or p.isdigit() for p in parts):
        return " ".join(parts)
    return "".join(p.replace(" ", "") for p in parts)


def _classify_contact(value: str, tag: str | None, out: _Sidebar) -> None:
    if tag == "email" or (tag is None and _EMAIL.fullmatch(value)):
        if _EMAIL.fullmatch(value):
            out.emails.append(value)
        return
    if tag == "linkedin" or (tag is None and "linkedin.com/in/" in value.lower()):
        out.linkedin.append(value)
        return
    if tag in _PHONE_TAGS or (tag is None and _PHONEISH.match(value)):
        out.phones.append(value)
        return
    out.sites.append((value, tag or ""))


# ---------------------------------------------------------------------------------------------
# Main column
# ---------------------------------------------------------------------------------------------


def _mode(values: list[float]) -> float:
    """The commonest known size (the smaller one on a tie); 0 when none is known."""
    counts = Counter(round(v, 1) for v in values if v > 0)
    return max(counts, key=lambda size: (counts[size], -size)) if counts else 0.0


def _body_size(main: list[_Line]) -> float:
    """The body text size: that of the date lines when there are any, else the commonest."""
    dated = [ln.size for ln in main if _date_line(ln.text) is not None]
    return _mode(dated) or _mode([ln.size for ln in main])


def _same(a: float, b: float) -> bool:
    return a > 0 and b > 0 and abs(a - b) <= 0.3


def _sections(main: list[_Line], body: float) -> tuple[list[_Line], dict[str, list[_Line]]]:
    """The header lines (name, headline, location) and the lines of each main section."""
    header: list[_Line] = []
    sections: dict[str, list[_Line]] = {}
    current: str | None = None
    for line in main:
        key = MAIN_HEADINGS.get(line.text.lower())
        if key and (line.size == 0 or body == 0 or line.size > body + 0.5):
            current = key
            sections.setdefault(key, [])
            continue
        if current is None:
            header.append(line)
        else:
            sections[current].append(line)
    return header, sections


def _looks_like_location(text: str) -> bool:
    """A short place name: capitalised words, no sentence punctuation, no digits."""
    words = text.replace(",", " ").split()
    if not words or len(words) > 8 or len(text) > 80 or text.endswith((".", ":", ";", ",")):
        return False
    if any(ch.isdigit() for ch in text):
        return False
    if any(w[0].islower() and w.lower() not in _LOWER_OK for w in words):
        return False
    return "," in text or bool(_LOCATION_WORDS.search(text)) or len(words) <= 3


def _header(lines: list[_Line], body: float) -> tuple[str, str, str]:
    """(name, headline, location) from the main column's lines above the first section."""
    if not lines:
        return "", "", ""
    first_page = [ln for ln in lines if ln.page == lines[0].page]
    name_size = max((ln.size for ln in first_page), default=0.0)
    big = name_size > 0 and (body == 0 or name_size >= 1.4 * body)
    name_lines = [first_page[0]]
    for line in first_page[1:]:
        if big and _same(line.size, name_size):
            name_lines.append(line)
        else:
            break
    if first_page[0].size > 0 and big and not _same(first_page[0].size, name_size):
        # The first line is not the largest: the name is the largest line (a stray line above).
        name_lines = [ln for ln in first_page if _same(ln.size, name_size)]
    rest = [ln for ln in first_page if ln not in name_lines]
    name = " ".join(ln.text for ln in name_lines)
    location = ""
    if rest:
        last = rest[-1]
        head_size = rest[0].size
        sizes_known = last.size > 0 and head_size > 0
        smaller = sizes_known and last.size < head_size - 0.2
        if len(rest) > 1 and (
            smaller
            or (
                # Real exports set the location in the headline's size: tell it by its place
                # after the headline (a wider line gap than a wrapped headline's) and its words.
                _looks_like_location(last.text)
                and (
                    not sizes_known or _after_gap(rest) or (len(rest) == 2 and _placeish(last.text))
                )
            )
        ):
            location = last.text
            rest = rest[:-1]
        elif (
            len(rest) == 1
            and _looks_like_location(last.text)
            and (last.size == 0 or body == 0 or last.size <= body + 0.2)
        ):
            location = last.text
            rest = []
    headline = " ".join(ln.text for ln in rest)
    return name, headline, location


def _after_gap(lines: list[_Line]) -> bool:
    """Whether the last line sits further below the one before than a wrapped line would."""
    last, before = lines[-1], lines[-2]
    if last.page != before.page or last.top <= 0 or before.top <= 0 or last.size <= 0:
        return False
    return last.top - before.top > 1.4 * last.size


def _placeish(text: str) -> bool:
    """A place by its words: "Greater Chicago Area", "Oak Park, Illinois, United States"."""
    from extractors.resume import is_location

    return bool(_LOCATION_WORDS.search(text)) or is_location(text)


def _merge_date_lines(lines: list[_Line]) -> list[tuple[_Line, _DateLine | None]]:
    """Pair each line with its parsed date line; a date line wrapped over 2-3 lines is joined."""
    out: list[tuple[_Line, _DateLine | None]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        parsed = _date_line(line.text)
        used = 1
        if parsed is None and _DATE_PREFIX.match(_norm(line.text)):
            text = line.text
            for extra in (1, 2):
                if i + extra >= len(lines):
                    break
                text = f"{text} {lines[i + extra].text}"
                parsed = _date_line(text)
                if parsed is not None:
                    used = extra + 1
                    break
        if parsed is not None and parsed.printed is None and i + used < len(lines):
            m = _DURATION_PAREN.match(_norm(lines[i + used].text))
            if m and _DURATION.match(m.group(1).strip()):
                parsed = _date_line(f"{parsed.range.raw} {lines[i + used].text}")
                used += 1
        if used > 1 and parsed is not None:
            joined = " ".join(ln.text for ln in lines[i : i + used])
            line = _Line(
                joined, line.page, line.x0, lines[i + used - 1].x1, line.top, line.size, False
            )
        out.append((line, parsed))
        i += used
    return out


@dataclass(slots=True)
class _Entry:
    company: list[_Line]
    total: _Line | None
    title: list[_Line]
    date: _Line
    parsed: _DateLine
    tail: list[_Line] = field(default_factory=list)  # location and description lines


def _experience(lines: list[_Line], body: float, right: float | None) -> list[_Entry]:
    items = _merge_date_lines(lines)
    dates = [i for i, (_, parsed) in enumerate(items) if parsed is not None]
    if not dates:
        return []
    texts = [ln for ln, _ in items]
    title_size = _mode([texts[d - 1].size for d in dates if d > 0])
    company_size = _mode(
        [texts[0].size]
        + [texts[i - 1].size for i, ln in enumerate(texts) if i and _is_duration(ln.text)]
    )
    by_size = _same(company_size, title_size) is False and company_size > 0 and title_size > 0
    entries: list[_Entry] = []
    company: list[_Line] = []
    total: _Line | None = None
    group_open = False
    prev = -1
    for k, d in enumerate(dates):
        region = texts[prev + 1 : d]
        prev = d
        t = len(region) - 1
        if t < 0:
            title: list[_Line] = []
            rest: list[_Line] = []
        else:
            while (
                by_size
                and t > 0
                and _same(region[t].size, title_size)
                and _same(region[t - 1].size, title_size)
                and not _is_duration(region[t - 1].text)
                and _wraps_into(region[t - 1], region[t], right) is not False
            ):
                t -= 1
            title, rest = region[t:], region[:t]
        new_company: list[_Line] | None = None
        new_total: _Line | None = None
        if rest and _is_duration(rest[-1].text):
            new_total = rest[-1]
            new_company = _company_tail(rest[:-1], company_size, body, right, whole=k == 0)
        elif k == 0:
            new_company = rest
        elif not group_open or (rest and _starts_company(rest[-1], company_size, body, len(rest))):
            new_company = _company_tail(rest, company_size, body, right, whole=False)
        if new_company is not None:
            tail_end = len(rest) - len(new_company) - (1 if new_total is not None else 0)
            if entries:
                entries[-1].tail.extend(rest[:tail_end])
            company, total = new_company, new_total
            group_open = new_total is not None
        elif entries:
            entries[-1].tail.extend(rest)
        parsed = items[d][1]
        assert parsed is not None
        entries.append(_Entry(company, total, title, texts[d], parsed))
    entries[-1].tail.extend(texts[dates[-1] + 1 :])
    return entries


def _company_tail(
    rest: list[_Line], company_size: float, body: float, right: float | None, whole: bool
) -> list[_Line]:
    """The company line(s) at the end of `rest`: one line, or a wrapped run of company-size lines."""
    if not rest:
        return []
    if whole:
        return rest
    n = 1
    distinct = company_size > 0 and body > 0 and not _same(company_size, body)
    while (
        n < len(rest)
        and distinct
        and _same(rest[-n - 1].size, company_size)
        and _same(rest[-n].size, company_size)
        and _wraps_into(rest[-n - 1], rest[-n], right) is not False
    ):
        n += 1
    return rest[-n:]


def _starts_company(line: _Line, company_size: float, body: float, region_len: int) -> bool:
    """Inside an open group: is the line before a title a new company (else a description)?"""
    if line.size > 0 and company_size > 0 and body > 0 and not _same(company_size, body):
        return _same(line.size, company_size)
    text = line.text
    if region_len == 1 and _looks_like_location(text):
        return False  # the previous role's location, directly followed by the next title
    return len(text.split()) <= 8 and not text.endswith((".", ";", ":", ","))


def _position(entry: _Entry) -> Position:
    org = " ".join(ln.text for ln in entry.company)
    title = " ".join(ln.text for ln in entry.title)
    tail = list(entry.tail)
    location = ""
    if tail and _looks_like_location(tail[0].text):
        location = tail.pop(0).text
    description = " ".join(ln.text for ln in tail)
    raw_lines = [ln.text for ln in entry.company]
    if entry.total is not None:
        raw_lines.append(entry.total.text)
    raw_lines += [ln.text for ln in entry.title] + [entry.date.text]
    if location:
        raw_lines.append(location)
    return Position(
        org=org,
        title=title,
        range=entry.parsed.range,
        location=location,
        employment_type=employment_type(title, org=org),
        description=description,
        raw="\n".join(raw_lines),
        confidence=0.95 if org and title else 0.7,
        confidence_reason=(
            "LinkedIn Save-to-PDF layout: company, title and date line"
            if org and title
            else "LinkedIn Save-to-PDF layout: the entry lacks a company or a title line"
        ),
    )


def _education(lines: list[_Line], body: float, right: float | None) -> list[Study]:
    """Schools with their degree line (`Degree, Field · (2010 - 2014)`), wraps joined."""
    if not lines:
        return []
    school_size = lines[0].size
    by_size = school_size > 0 and body > 0 and not _same(school_size, body)
    entries: list[tuple[list[_Line], list[str]]] = []
    for index, line in enumerate(lines):
        text = line.text
        if entries:
            school, detail = entries[-1]
            if detail and detail[-1].count("(") > detail[-1].count(")"):
                detail[-1] = f"{detail[-1]} {text}"  # `· (September` / `2013 - June 2017)`
                continue
            if by_size and line.size > 0:
                is_school = _same(line.size, school_size)
            else:
                is_school = not (_is_degree_line(text) or _DEGREE_WORDS.search(text))
            if not is_school:
                if detail and _wraps_into(lines[index - 1], line, right):
                    detail[-1] = f"{detail[-1]} {text}"
                else:
                    detail.append(text)
                continue
            if not detail and _wraps_into(school[-1], line, right):
                school.append(line)  # a school name wrapped over two lines
                continue
        entries.append(([line], []))
    return [
        _study(" ".join(ln.text for ln in school), " ".join(detail)) for school, detail in entries
    ]


def _is_degree_line(text: str) -> bool:
    return "·" in text or bool(_EDU_DATES.search(text)) or text.startswith("(")


def _study(school: str, detail: str) -> Study:
    detail = _norm(detail)
    head, dates = detail, ""
    m = _EDU_DATES.search(detail)
    if m:
        head, dates = detail[: m.start()], m.group(0)
    head = head.strip().rstrip("·").strip()
    degree, _, field_ = head.partition(",")
    rng: DateRange | None = None
    if m:
        a = _pdate(m.group("a"))
        b_text = m.group("b")
        if b_text is None:
            rng = DateRange(None, a, raw=dates)  # a single year is the (expected) graduation
        elif b_text.lower() == "present":
            rng = DateRange(a, None, current=True, raw=dates)
        else:
            rng = DateRange(a, _pdate(b_text), raw=dates)
    return Study(
        school=_norm(school),
        degree=degree.strip(),
        field=field_.strip(),
        range=rng,
        raw=detail,
        confidence=0.95,
        confidence_reason="LinkedIn Save-to-PDF layout: school line and degree line",
    )


# ---------------------------------------------------------------------------------------------
# Fingerprint
# ---------------------------------------------------------------------------------------------


def _metadata_mismatches(meta: DocumentMeta) -> list[str]:
    problems = []
    for key, expected in EXPECTED_METADATA.items():
        value = getattr(meta, key) or ""
        if key == "producer":
            if not value.startswith("Apache FOP"):
                problems.append(f"producer is {value!r}, expected {expected!r}")
        elif value != expected:
            problems.append(f"{key} is {value!r}, expected {expected!r}")
    if meta.created is None:
        problems.append("no creation date")
    return problems


def _as_of(meta: DocumentMeta) -> date | None:
    created = meta.created
    if created is None:
        return None
    if created.tzinfo is not None:
        created = created.astimezone(UTC)
    return created.date()


def _slack(meta: DocumentMeta) -> int:
    """One month of tolerance for Present when the export was made within a day of a month
    boundary (LinkedIn may use the member's local month)."""
    created = meta.created
    if created is None:
        return 0
    created = created.astimezone(UTC) if created.tzinfo else created
    nxt = datetime(
        created.year + (created.month == 12), created.month % 12 + 1, 1, tzinfo=created.tzinfo
    )
    return 1 if created.day == 1 or (nxt - created).total_seconds() < 86400 else 0


def _fingerprint(
    meta: DocumentMeta, entries: list[_Entry], footers: list[tuple[int, int]]
) -> dict[str, Any]:
    as_of = _as_of(meta)
    slack = _slack(meta)
    checked = 0
    mismatches: list[dict[str, str]] = []
    for entry in entries:
        rng = entry.parsed.range
        printed = entry.parsed.printed
        if printed is None or rng.start is None or (rng.end is None and as_of is None):
            continue
        computed = _computed(rng.start, rng.end, as_of or date.min)
        checked += 1
        if not _durations_agree(printed, computed, slack if rng.current else 0):
            mismatches.append(
                {
                    "entry": _entry_name(entry),
                    "printed": printed,
                    "computed": _format_duration(*computed),
                }
            )
    totals_checked = 0
    total_mismatches: list[dict[str, str]] = []
    groups: dict[int, list[_Entry]] = {}
    for entry in entries:
        if entry.total is not None:
            groups.setdefault(id(entry.total), []).append(entry)
    for members in groups.values():
        computed_total = _group_span(members, as_of)
        total_line = members[0].total
        if computed_total is None or total_line is None:
            continue
        totals_checked += 1
        current = any(m.parsed.range.current for m in members)
        if not _durations_agree(total_line.text, computed_total, slack if current else 0):
            total_mismatches.append(
                {
                    "entry": " ".join(ln.text for ln in members[0].company),
                    "printed": _norm(total_line.text),
                    "computed": _format_duration(*computed_total),
                }
            )
    metadata = _metadata_mismatches(meta)
    pages_printed = sorted({m for _, m in footers})
    page_problems = []
    if len(pages_printed) > 1:
        page_problems.append(f"footers disagree on the page count: {pages_printed}")
    elif pages_printed and meta.pages is not None and pages_printed[0] != meta.pages:
        page_problems.append(f"footers say {pages_printed[0]} pages, the file has {meta.pages}")
    return {
        "metadata_matches": not metadata,
        "metadata_mismatches": metadata,
        "producer": meta.producer,
        "durations_checked": checked,
        "duration_mismatches": mismatches,
        "company_totals_checked": totals_checked,
        "company_total_mismatches": total_mismatches,
        "page_count_mismatches": page_problems,
    }


def _entry_name(entry: _Entry) -> str:
    title = " ".join(ln.text for ln in entry.title)
    org = " ".join(ln.text for ln in entry.company)
    return f"{title} at {org}" if title and org else title or org


def _group_span(members: list[_Entry], as_of: date | None) -> tuple[str, int] | None:
    starts = [m.parsed.range.start for m in members if m.parsed.range.start is not None]
    if not starts or (as_of is None and any(m.parsed.range.end is None for m in members)):
        return None
    ends: list[PartialDate] = []
    for m in members:
        end = m.parsed.range.end
        if end is None:
            assert as_of is not None
            end = PartialDate(as_of.year, as_of.month)
        ends.append(end)
    if any(d.month is None for d in starts + ends):
        return ("years", max(d.year for d in ends) - min(d.year for d in starts))
    first = min(starts, key=lambda d: d.first_month)
    last = max(ends, key=lambda d: d.first_month)
    return _computed(first, last, as_of or date.min)


def verify_linkedin_export(doc: DocumentText, profile: Profile | None = None) -> list[str]:
    """Problems that show a document presenting itself as a LinkedIn export is not an untouched
    one: metadata unlike LinkedIn's, printed durations or company totals that contradict the
    document's own dates, footers that disagree with the page count. Empty when it is clean."""
    fingerprint = (
        (profile.export_fingerprint if profile is not None else None)
        or (parse_linkedin_pdf(doc).export_fingerprint)
        or {}
    )
    problems = [f"metadata: {p}" for p in _metadata_mismatches(doc.meta)]
    for item in fingerprint.get("duration_mismatches", []):
        problems.append(
            f"{item['entry']}: printed duration '{item['printed']}' but its dates give "
            f"'{item['computed']}'"
        )
    for item in fingerprint.get("company_total_mismatches", []):
        problems.append(
            f"{item['entry']}: printed company total '{item['printed']}' but its roles span "
            f"'{item['computed']}'"
        )
    problems.extend(fingerprint.get("page_count_mismatches", []))
    return problems


# ---------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# The 2016-era export: one column, "Title at Company" lines, "Page N" footers
# ---------------------------------------------------------------------------------------------

_PAGE_2016 = re.compile(r"^Page\s*\d+$", re.IGNORECASE)
_AT_LINE = re.compile(r"^(?P<title>\S.*?)\s+at\s+(?P<org>\S.*)$")
_CONTACT_CARD = re.compile(r"^Contact\s+.+\s+on\s+LinkedIn$", re.IGNORECASE)
_ACTIVITIES = re.compile(r"^(?:Activities and Societies|Grade)\s*:", re.IGNORECASE)
_EDU_TAIL = re.compile(
    rf"(?:,\s*|\s+)(?P<a>{_DATE})(?:\s*[-–—]\s*(?P<b>{_DATE}|Present))?\s*$", re.IGNORECASE
)
VINTAGE_HEADINGS = {
    "summary": "summary",
    "experience": "experience",
    "education": "education",
    "skills & expertise": "skills",
    "languages": "languages",
    "certifications": "certifications",
    "volunteer experience": "volunteer",
    "volunteer experience & causes": "volunteer",
    "honors and awards": "honors",
    "honors & awards": "honors",
    "projects": "projects",
    "publications": "publications",
    "courses": "courses",
    "interests": "interests",
    "organizations": "organizations",
    "patents": "patents",
    "test scores": "test_scores",
    "recommendations": "recommendations",
}


def _vintage_entries(lines: Sequence[Any]) -> int:
    """How many "Title at Company" lines are followed (within two lines) by a date line."""
    count = 0
    texts = [_norm(line.text) for line in lines]
    for i, text in enumerate(texts):
        if _AT_LINE.match(text) and any(_date_line(t) for t in texts[i + 1 : i + 3]):
            count += 1
    return count


def _is_vintage_2016(doc: DocumentText) -> bool:
    """The 2016-era export: "Title at Company" entries with LinkedIn's date lines, and its
    "Page N" footers or Apache FOP as producer; no sidebar."""
    footers = sum(1 for line in doc.lines if _PAGE_2016.match(_norm(line.text)))
    fop = doc.meta.producer.startswith("Apache FOP")
    if not (footers or fop):
        return False
    if any(_norm(line.text).lower() in ("contact", "top skills") for line in doc.lines):
        return False  # the modern layout's sidebar
    return _vintage_entries(doc.lines) >= 1


def _parse_vintage_2016(doc: DocumentText) -> Profile:
    lines = [
        _Line(_norm(ln.text), ln.page, ln.x0, ln.x1, ln.top, float(ln.size or 0.0), ln.bold)
        for ln in doc.lines
        if _norm(ln.text) and not _PAGE_2016.match(_norm(ln.text))
    ]
    if not lines:
        raise ExtractionError("LinkedIn PDF has no text")
    name = lines[0].text
    # The last page repeats the name above "Contact <name> on LinkedIn": not profile content.
    for i in range(len(lines) - 1, 0, -1):
        if lines[i].text == name:
            lines = lines[:i]
            break
    lines = [ln for ln in lines if not _CONTACT_CARD.match(ln.text)]
    header: list[_Line] = []
    sections: dict[str, list[_Line]] = {}
    current: str | None = None
    for line in lines[1:]:
        key = VINTAGE_HEADINGS.get(line.text.lower())
        if key is not None and (line.bold or line.size > 10.5):
            current = key
            sections.setdefault(key, [])
        elif current is None:
            header.append(line)
        else:
            sections[current].append(line)
    emails = [m.group(0) for ln in header for m in [_EMAIL.search(ln.text)] if m]
    headline = next((ln.text for ln in header if not _EMAIL.search(ln.text)), "")
    entries, positions = _vintage_experience(sections.get("experience", []))
    education = [
        _vintage_study(school, detail)
        for school, detail in _vintage_schools(sections.get("education", []))
    ]
    notes = list(doc.notes)
    if "experience" not in sections:
        notes.append("the LinkedIn export has no Experience section")
    fingerprint = _fingerprint(doc.meta, entries, [])
    fingerprint["vintage"] = "2016"
    # What 2016 exports carried besides their producer is not known well enough to judge.
    fingerprint["metadata_mismatches"] = (
        [] if doc.meta.producer.startswith("Apache FOP") else
        [f"producer is {doc.meta.producer!r}, expected Apache FOP"]
    )  # fmt: skip
    fingerprint["metadata_matches"] = not fingerprint["metadata_mismatches"]
    return Profile(
        name=name,
        headline=headline,
        summary=" ".join(ln.text for ln in sections.get("summary", [])),
        emails=tuple(dict.fromkeys(emails)),
        skills=tuple(ln.text for ln in sections.get("skills", [])),
        experience=tuple(positions),
        education=tuple(education),
        document=doc.meta,
        as_of=_as_of(doc.meta),
        text="\n".join(ln.text for ln in lines),
        notes=tuple(notes),
        export_fingerprint=frozen_mapping(fingerprint),
        extra=frozen_mapping({"linkedin_vintage": "2016"}),
    )


_VINTAGE = "LinkedIn 2016 Save-to-PDF layout: 'Title at Company' line and date line"


def _vintage_experience(lines: list[_Line]) -> tuple[list[_Entry], list[Position]]:
    entries: list[_Entry] = []
    positions: list[Position] = []
    tails: list[list[_Line]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        at = _AT_LINE.match(line.text)
        found = None
        for k in (1, 2):  # a long title line may wrap once before its date line
            if i + k < len(lines):
                found = _date_line(lines[i + k].text)
                if found is not None:
                    break
        if at is None or found is None:
            if tails:
                tails[-1].append(line)
            i += 1
            continue
        head = " ".join(ln.text for ln in lines[i : i + k])
        m = _AT_LINE.match(head)
        assert m is not None
        title, org = m.group("title"), m.group("org")
        date_line = lines[i + k]
        entries.append(_Entry([_Line(org, line.page, line.x0, line.x1, line.top, line.size, line.bold)], None,
                              [_Line(title, line.page, line.x0, line.x1, line.top, line.size, line.bold)],
                              date_line, found))  # fmt: skip
        tails.append([])
        i += k + 1
    for entry, tail in zip(entries, tails, strict=True):
        location = ""
        if tail and _looks_like_location(tail[0].text) and not tail[0].text.endswith("."):
            location = tail.pop(0).text
        title = entry.title[0].text
        org = entry.company[0].text
        positions.append(
            Position(
                org=org,
                title=title,
                range=entry.parsed.range,
                location=location,
                employment_type=employment_type(title, org=org),
                description=" ".join(ln.text for ln in tail),
                raw="\n".join([f"{title} at {org}", entry.date.text, location]).strip(),
                confidence=0.9,
                confidence_reason=_VINTAGE,
            )
        )
    return entries, positions


def _vintage_schools(lines: list[_Line]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    school_size = lines[0].size if lines else 0.0
    for line in lines:
        if _ACTIVITIES.match(line.text):
            continue
        is_school = (line.bold or (school_size > 0 and _same(line.size, school_size))) and not (
            out and _EDU_TAIL.search(line.text)
        )
        if is_school or not out:
            out.append((line.text, []))
        else:
            out[-1][1].append(line.text)
    return out


def _vintage_study(school: str, detail: list[str]) -> Study:
    text = " ".join(detail)
    rng: DateRange | None = None
    m = _EDU_TAIL.search(text)
    if m:
        a, b = _pdate(m.group("a")), m.group("b")
        if b is None:
            rng = DateRange(None, a, raw=m.group(0).strip(" ,"))
        elif b.lower() == "present":
            rng = DateRange(a, None, current=True, raw=m.group(0).strip(" ,"))
        else:
            rng = DateRange(a, _pdate(b), raw=m.group(0).strip(" ,"))
        text = text[: m.start()]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    degree = parts[0] if parts else ""
    return Study(
        school=school,
        degree=degree,
        field=", ".join(parts[1:]),
        range=rng,
        raw="\n".join([school, *detail]),
        confidence=0.9,
        confidence_reason="LinkedIn 2016 Save-to-PDF layout: school line and degree line",
    )


def looks_like_linkedin_pdf(doc: DocumentText) -> bool:
    """Whether a document presents itself as a LinkedIn "Save to PDF" export.

    True on LinkedIn's metadata, or on its layout: a `(LinkedIn)` tag after a linkedin.com/in
    address with the sidebar headings, and `Page N of M` footers or the main section headings.
    A forged export that copies the layout is recognised too (and then fails verification).
    """
    meta = doc.meta
    if meta.author == "LinkedIn" and (
        meta.producer.startswith("Apache FOP") or meta.subject == EXPECTED_METADATA["subject"]
    ):
        return True
    if _is_vintage_2016(doc):
        return True
    parts = [p for line in doc.lines for p in _parts(line.text)]
    lowered = [p.lower() for p in parts]
    tagged = False
    for i, p in enumerate(lowered):
        if p.endswith("(linkedin)"):
            window = " ".join(lowered[max(0, i - 4) : i + 1])
            if "linkedin.com/in/" in window.replace(" ", ""):
                tagged = True
                break
    if not tagged:
        return False
    sidebar = any(p in ("contact", "top skills") for p in lowered)
    footer = any(_FOOTER.match(p) for p in parts)
    main = sum(p in ("experience", "education", "summary") for p in lowered)
    return sidebar and (footer or main >= 1)


def parse_linkedin_pdf(doc: DocumentText) -> Profile:
    """Read a LinkedIn "Save to PDF" export (already turned into lines by `read_pdf`).

    `Profile.as_of` is the /CreationDate (UTC date): "Present" means that month. The
    fingerprint (`Profile.export_fingerprint`) records metadata and duration checks
    for SRC003; `verify_linkedin_export` turns it into a list of problems.
    """
    if not doc.lines:
        raise ExtractionError("LinkedIn PDF has no text")
    if _is_vintage_2016(doc):
        return _parse_vintage_2016(doc)
    cols = _columns(doc)
    body = _body_size(cols.main)
    header, sections = _sections(cols.main, body)
    name, headline, location = _header(header, body)
    if not name:
        raise ExtractionError("LinkedIn PDF: no name found in the main column")
    side = _sidebar(cols.sidebar)
    right = max((ln.x1 for ln in cols.main if ln.x1 is not None), default=None)
    entries = _experience(sections.get("experience", []), body, right)
    positions = tuple(_position(e) for e in entries)
    education = tuple(_education(sections.get("education", []), body, right))
    notes = list(doc.notes)
    if "experience" not in sections:
        notes.append("the LinkedIn export has no Experience section")
    elif not positions:
        notes.append("the LinkedIn export's Experience section could not be read (no date lines)")
    if cols.merged:
        notes.append(
            f"{cols.merged} line{'s' if cols.merged != 1 else ''} merged across the two columns "
            "were split at the gutter"
        )
    from extractors.contacts import github_handle, linkedin_slug

    urls: list[str] = []
    slugs: list[str] = []
    for value in side.linkedin:
        urls.append(_with_scheme(value))
        slug = linkedin_slug(value)
        if slug and slug not in slugs:
            slugs.append(slug)
    handles: list[str] = []
    for value, _tag in side.sites:
        urls.append(_with_scheme(value))
        handle = github_handle(value)
        if handle and handle not in handles:
            handles.append(handle)
    fingerprint = _fingerprint(doc.meta, entries, cols.footers)
    extra: dict[str, Any] = {
        "linkedin_sidebar": {k: list(v) for k, v in side.sections.items() if k != "skills"},
        "site_tags": {_with_scheme(v): t for v, t in side.sites},
    }
    summary = " ".join(ln.text for ln in sections.get("summary", []))
    text = "\n".join([ln.text for ln in cols.sidebar] + [ln.text for ln in cols.main])
    return Profile(
        name=name,
        headline=headline,
        summary=summary,
        emails=tuple(dict.fromkeys(side.emails)),
        phones=tuple(dict.fromkeys(side.phones)),
        locations=(location,) if location else (),
        urls=tuple(dict.fromkeys(urls)),
        linkedin_slugs=tuple(slugs),
        github_handles=tuple(handles),
        skills=tuple(side.sections.get("skills", [])),
        experience=positions,
        education=education,
        document=doc.meta,
        as_of=_as_of(doc.meta),
        text=text,
        notes=tuple(notes),
        export_fingerprint=frozen_mapping(fingerprint),
        extra=frozen_mapping(extra),
    )


def _with_scheme(value: str) -> str:
    return value if "://" in value else f"https://{value}"
