"""Split a résumé's lines into sections (summary, experience, education, ...) by their headings.

Headings are recognised by their words (many variants: "Work History", "E X P E R I E N C E",
"Education & Training:") and confirmed by how they look (heading style, bold, larger font, ALL
CAPS, a trailing colon) when the document carries such features. A line styled exactly like the
recognised headings starts an "other" section even when its words are unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from extractors.documents import TextLine

__all__ = ["SECTION_KINDS", "Section", "collapse_spaced_letters", "heading_kind", "split_sections"]

SECTION_KINDS = (
    "header",
    "summary",
    "experience",
    "education",
    "skills",
    "contact",
    "projects",
    "certifications",
    "languages",
    "references",
    "volunteer",
    "other",
)


@dataclass(frozen=True, slots=True)
class Section:
    """One section: its kind, the heading text as written ("" for the header) and its lines."""

    kind: str
    heading: str
    lines: tuple[TextLine, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_PHRASES: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "professional summary",
        "career summary",
        "executive summary",
        "summary of qualifications",
        "qualifications summary",
        "profile",
        "professional profile",
        "career profile",
        "personal profile",
        "profile summary",
        "about",
        "about me",
        "objective",
        "career objective",
        "professional objective",
        "objectives",
        "overview",
        "professional overview",
        "career overview",
        "introduction",
        "personal statement",
        "career highlights",
        "highlights",
        "bio",
        "biography",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "relevant experience",
        "relevant work experience",
        "employment",
        "employment history",
        "employment experience",
        "work history",
        "career history",
        "professional history",
        "career",
        "career experience",
        "professional background",
        "positions held",
        "positions",
        "work",
        "industry experience",
        "technical experience",
        "engineering experience",
        "experience and employment",
        "professional employment",
        "employment record",
        "work record",
        "experiences",
        "selected experience",
        "additional experience",
        "other experience",
        "previous experience",
        "recent experience",
        "leadership experience",
        "teaching experience",
        "research experience",
        "military experience",
        "military service",
        "internships",
        "internship experience",
        "freelance experience",
        "consulting experience",
        # Chinese: work experience, internships, employment history
        "工作经历",
        "工作经验",
        "实习经历",
        "工作履历",
        "职业经历",
    ),
    # Volunteering is read apart: a LinkedIn profile keeps it out of its positions too, and a
    # volunteer role is not employment the other sources must show.
    "volunteer": (
        "volunteer experience",
        "volunteering",
        "volunteer work",
        "volunteer",
        "volunteering experience",
        "volunteer activities",
        "community service",
        "volunteering and causes",
        "志愿者经历",
    ),
    "education": (
        "education",
        "academic background",
        "academic history",
        "academics",
        "education and training",
        "education and qualifications",
        "education and certifications",
        "education and certification",
        "educational background",
        "educational qualifications",
        "academic qualifications",
        "qualifications",
        "degrees",
        "studies",
        "academic credentials",
        "education history",
        "educational history",
        "formal education",
        "academic profile",
        "academic record",
        "教育背景",
        "教育经历",
        "学历",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core competencies",
        "competencies",
        "key skills",
        "core skills",
        "areas of expertise",
        "expertise",
        "technologies",
        "tech stack",
        "technology stack",
        "tools",
        "tools and technologies",
        "technical proficiencies",
        "proficiencies",
        "skills and abilities",
        "skill set",
        "skillset",
        "skills summary",
        "summary of skills",
        "professional skills",
        "relevant skills",
        "technical expertise",
        "technical competencies",
        "programming languages",
        "languages and technologies",
        "languages and frameworks",
        "skills and technologies",
        "skills and tools",
        "skills and expertise",
        "technical summary",
        "technical profile",
        "it skills",
        "computer skills",
        "software",
        "frameworks",
        "abilities",
        "strengths",
        "key strengths",
        "personal skills",
        "personal skills and competences",
        "computer skills and competences",
        "专业技能",
        "技能",
        "技能特长",
    ),
    "contact": (
        "contact",
        "contact information",
        "contact info",
        "contact details",
        "contacts",
        "personal information",
        "personal details",
        "personal info",
        "personal data",
        "get in touch",
        "details",
        "links",
        "个人信息",
        "联系方式",
    ),
    "projects": (
        "projects",
        "personal projects",
        "selected projects",
        "key projects",
        "side projects",
        "academic projects",
        "project experience",
        "notable projects",
        "open source",
        "open source contributions",
        "open source projects",
        "portfolio",
        "项目经历",
        "项目经验",
    ),
    "certifications": (
        "certifications",
        "certification",
        "certificates",
        "licenses and certifications",
        "licences and certifications",
        "certifications and licenses",
        "certifications and training",
        "professional certifications",
        "courses",
        "coursework",
        "relevant coursework",
        "training",
        "professional development",
        "trainings",
        "courses and certifications",
        "accreditations",
        "licenses",
        "licences",
    ),
    "languages": (
        "languages",
        "language skills",
        "spoken languages",
        "language proficiency",
        "foreign languages",
    ),
    "references": (
        "references",
        "referees",
        "professional references",
        "reference",
        "references available upon request",
        "references available on request",
    ),
    "other": (
        "awards",
        "honors",
        "honours",
        "honors and awards",
        "awards and honors",
        "awards and honours",
        "achievements",
        "accomplishments",
        "key achievements",
        "publications",
        "patents",
        "presentations",
        "talks",
        "conferences",
        "speaking",
        "interests",
        "hobbies",
        "hobbies and interests",
        "interests and hobbies",
        "activities",
        "extracurricular activities",
        "memberships",
        "professional memberships",
        "affiliations",
        "professional affiliations",
        "associations",
        "leadership",
        "community involvement",
        "additional information",
        "other information",
        "miscellaneous",
        "research",
        "grants",
        "scholarships",
        "publications and presentations",
        "自我评价",
        "获奖情况",
        "荣誉奖项",
        "证书",
    ),
}

_KIND_BY_PHRASE: dict[str, str] = {}
for _kind, _phrases in _PHRASES.items():
    for _phrase in _phrases:
        _KIND_BY_PHRASE[_phrase] = _kind
        _KIND_BY_PHRASE.setdefault(_phrase.replace(" ", ""), _kind)

_FIRST_WORDS = frozenset(p.split()[0] for p in _KIND_BY_PHRASE) | frozenset(
    p.split()[0].replace(" ", "") for p in _KIND_BY_PHRASE
)

# Kinds whose heading may carry its content on the same line: "Skills: Go, Python".
_INLINE_KINDS = frozenset({"skills", "languages", "certifications", "references", "other"})
_SKILL_LABELS = frozenset({"skills", "languages", "certifications", "other"})
_INLINE_SUMMARY = frozenset({"summary", "professional summary", "objective", "career objective"})

_DECOR = " \t#=*_~•·▪◦●■□➢►>|:.-–—\u2022"
_CONTINUED = re.compile(r"\s*\(?\b(?:continued|cont'?d?\.?)\)?\s*$", re.IGNORECASE)
_SPACED = re.compile(r"(?:[^\W\d_] ){2,}[^\W\d_](?:(?: {2,}| / | & )(?:[^\W\d_] )*[^\W\d_])*")
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_MAX_HEADING_CHARS = 60
_DIGIT = re.compile(r"\d")
_NUMBERING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s+")


def collapse_spaced_letters(text: str) -> str:
    """ "E X P E R I E N C E" → "EXPERIENCE"; "W O R K   H I S T O R Y" → "WORK HISTORY"."""
    if _SPACED.fullmatch(text):
        words = re.split(r" {2,}| / ", text)
        return " ".join(w.replace(" ", "") for w in words)
    return text


def _normalise(text: str) -> str:
    text = collapse_spaced_letters(text.strip(_DECOR))
    text = _CONTINUED.sub("", text)
    text = text.replace("&", " and ").replace("+", " and ")
    return " ".join(w.lower() for w in _WORDS.findall(text))


def heading_kind(text: str) -> str | None:
    """The section kind a line names when it is a heading ("Work History:" → "experience")."""
    if not text or len(text) > _MAX_HEADING_CHARS * 2 or text.count(" ") > 24:
        return None
    stripped = _NUMBERING.sub("", text.strip(_DECOR))
    if not stripped or len(stripped) > _MAX_HEADING_CHARS or _DIGIT.search(stripped):
        return None
    words = stripped.split(None, 1)
    if not words:
        return None
    first = words[0].lower().rstrip(":")
    if len(first) > 1 and first not in _FIRST_WORDS:
        return None  # cheap reject: no heading phrase starts with this word
    key = _normalise(stripped)
    if not key or len(key.split()) > 6:
        return None
    return _KIND_BY_PHRASE.get(key) or _KIND_BY_PHRASE.get(key.replace(" ", ""))


def _inline_heading(text: str) -> tuple[str, str] | None:
    """ "Skills: Go, Python" → ("skills", "Go, Python"); None for a label like "Email: x"."""
    label, sep, rest = text.partition(":")
    if not sep or not rest.strip() or len(label) > 40:
        return None
    kind = heading_kind(label)
    if kind is None:
        return None
    if kind in _INLINE_KINDS or (kind == "summary" and _normalise(label) in _INLINE_SUMMARY):
        return kind, rest.strip()
    return None


def _body_size(lines: Sequence[TextLine]) -> float:
    """The commonest font size, weighted by characters (0.0 when the format has no sizes)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size > 0:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _looks_strong(line: TextLine, body: float) -> bool:
    """Whether a line is set apart like a heading: style, weight, size, capitals or a colon."""
    text = line.text.strip(" \t#=*_~•·▪◦●■□➢►>|.-–—")
    letters = [c for c in text if c.isalpha()]
    caps = len(letters) >= 3 and all(c.isupper() for c in letters)
    return (
        line.heading
        or line.bold
        or (body > 0 and line.size > body + 0.5)
        or caps
        or text.endswith(":")
        or bool(_SPACED.fullmatch(text))
    )


def _style(line: TextLine) -> tuple[float, bool, bool, bool]:
    letters = [c for c in line.text if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    return (round(line.size, 1), line.bold, line.heading, caps)


def _entry_title_style(line: TextLine, section: Sequence[TextLine]) -> bool:
    """Whether lines of the section so far share this line's size and weight (entry titles)."""
    size = round(line.size, 1)
    return any(round(x.size, 1) == size and x.bold == line.bold for x in section)


def _dated_soon(lines: Sequence[TextLine], i: int) -> bool:
    """Whether one of the three lines after `i` holds a date range: an entry's title styled like
    a heading ("SDE II" in bold capitals above its employer and dates) is not a new section."""
    from extractors.dates import find_date_ranges

    return any(find_date_ranges(line.text) for line in lines[i + 1 : i + 4])


def split_sections(lines: Iterable[TextLine]) -> list[Section]:
    """Split lines into sections at headings; text before the first heading is the "header".

    Empty sections are kept (a heading with nothing under it still tells what the document has).
    Linear in the number of lines.
    """
    all_lines = list(lines)
    body = _body_size(all_lines)
    candidates: dict[int, tuple[str, str | None]] = {}  # index → (kind, inline body)
    seen: dict[str, tuple[str, str | None] | None] = {}  # documents repeat lines; look once
    for i, line in enumerate(all_lines):
        if line.text not in seen:
            kind = heading_kind(line.text)
            seen[line.text] = (kind, None) if kind is not None else _inline_heading(line.text)
        found = seen[line.text]
        if found is not None:
            candidates[i] = found
    strong = {
        i for i in candidates if candidates[i][1] is None and _looks_strong(all_lines[i], body)
    }
    # When some headings are set apart, a look-alike word in plain body text is not a heading.
    if len(strong) >= 2:
        candidates = {i: c for i, c in candidates.items() if i in strong or c[1] is not None}
    styles = {_style(all_lines[i]) for i in strong}
    # Only a larger font than the body marks an unknown heading: a heading *style* alone does
    # not, because sub-headings (a company as "Heading 2", "### Acme") share the flag.
    styled_headings = {s for s in styles if body > 0 and s[0] > body + 0.5}
    first = min(candidates) if candidates else len(all_lines)

    sections: list[Section] = []
    kind, heading = "header", ""
    current_lines: list[TextLine] = []
    for i, line in enumerate(all_lines):
        found = candidates.get(i)
        if (
            found is None
            and i > first
            and styled_headings
            and _style(line) in styled_headings
            and len(line.text) <= _MAX_HEADING_CHARS
            and not any(c.isdigit() or c == "@" for c in line.text)
            and len(line.text.split()) <= 5
            and not (
                kind in ("experience", "education")
                and _entry_title_style(line, current_lines)
                and _dated_soon(all_lines, i)
            )
        ):
            found = ("other", None)
        if (
            found is not None
            and found[1] is not None
            and kind == "skills"
            and found[0] in _SKILL_LABELS
        ):
            found = None  # "Languages: Python, Go" under Skills is a sub-list, not a section
        if found is None:
            current_lines.append(line)
            continue
        if current_lines or kind != "header":
            sections.append(Section(kind, heading, tuple(current_lines)))
        kind, content = found
        if content is None:
            heading = line.text
            current_lines = []
        else:
            heading = line.text[: len(line.text) - len(content)].rstrip()
            current_lines = [replace(line, text=content)]
    if current_lines or kind != "header":
        sections.append(Section(kind, heading, tuple(current_lines)))
    return sections
