"""Degrees and fields of study: what level a degree names, and whether two are the same degree.

One reading for every part of the scanner: the résumé reader uses `DEGREE_ANY` to find degree
text, the timeline checks ask which duration rule a degree follows, the cross-source checks ask
whether two sources name the same degree, and the history diff asks whether a study changed.

Levels are a closed vocabulary (`DegreeLevel`). Professional first degrees and doctorates (MD,
JD, PharmD, DDS, DVM, MBBS) are their own level: their lengths follow other rules than research
doctorates, and a "J.D." is never compared with a "Ph.D." as if both were the same kind of
doctorate. A combined degree ("BS/MS") is `COMBINED`. Certificates, courses and school-leaving
diplomas are not degrees.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from extractors.normalise.text import lazy_re

__all__ = [
    "DEGREE_ANY",
    "DegreeLevel",
    "degree_level",
    "same_degree",
    "same_field",
]


class DegreeLevel(str, Enum):
    """What a degree line names. The empty value means "cannot tell"."""

    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"  # research doctorates: PhD, DPhil, EdD, DBA, ScD, EngD
    PROFESSIONAL = "professional"  # MD, JD, PharmD, DDS, DMD, DVM, DO, MBBS, DNP, DPT
    COMBINED = "combined"  # two levels in one entry ("BS/MS", "BA/MA")
    DIPLOMA = "diploma"  # school-leaving and non-degree diplomas (High School Diploma, GED, HND)
    CERTIFICATE = "certificate"  # certificates, certifications, courses, bootcamps
    UNKNOWN = ""

    @property
    def is_degree(self) -> bool:
        """A degree a university awards (not a certificate, diploma or unknown)."""
        return self in _DEGREES

    @property
    def has_duration_rule(self) -> bool:
        """Levels with a typical full-time length (TL003): associate to doctorate."""
        return self in _TIMED

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value or "unknown")


_DEGREES = frozenset(
    {
        DegreeLevel.ASSOCIATE,
        DegreeLevel.BACHELOR,
        DegreeLevel.MASTER,
        DegreeLevel.DOCTORATE,
        DegreeLevel.PROFESSIONAL,
        DegreeLevel.COMBINED,
    }
)
_TIMED = frozenset(
    {DegreeLevel.ASSOCIATE, DegreeLevel.BACHELOR, DegreeLevel.MASTER, DegreeLevel.DOCTORATE}
)
_LABELS = {
    DegreeLevel.ASSOCIATE: "associate degree",
    DegreeLevel.BACHELOR: "bachelor's degree",
    DegreeLevel.MASTER: "master's degree",
    DegreeLevel.DOCTORATE: "doctorate",
    DegreeLevel.PROFESSIONAL: "professional degree",
    DegreeLevel.COMBINED: "combined degree",
}

# ---------------------------------------------------------------------------------------------
# Finding degree text in a line (the résumé reader): every spelling a résumé uses, by level.
# ---------------------------------------------------------------------------------------------

_DEGREE_PATTERNS: tuple[tuple[DegreeLevel, str], ...] = (
    (
        DegreeLevel.DOCTORATE,
        r"Ph\.?\s?D\.?|D\.?Phil\.?|Doctor(?:ate)?(?:\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
        r"|Ed\.?D\.?|Sc\.?D\.?|DBA|D\.?B\.?A\.?|J\.?D\.?|M\.?D\.?|Dr\.\s?rer\.\s?nat\.?",
    ),
    (
        DegreeLevel.MASTER,
        r"Master(?:'s|’s|s)?(?:\s+(?:of|in)\s+(?:Science|Arts|Engineering|Business Administration"
        r"|Fine Arts|Laws|Philosophy|Education|Public Health|Public Administration|Technology"
        r"|Computer Applications|Information Systems))?(?:\s+degree)?"
        r"|M\.?\s?Sc\.?|M\.\s?S\.?|MS|M\.?A\.?|MA|M\.?\s?Eng\.?|MEng|M\.?B\.?A\.?|MBA|MPH|MFA|MPA"
        r"|MCS|MSCS|MSEE|MSE|MSIT|MIS|MCA|M\.?\s?Tech\.?|MTech|LL\.?M\.?|MRes|M\.?Phil\.?|M\.?Ed\.?"
        r"|Diplom-Ingenieur|Dipl\.-Ing\.?",
    ),
    (
        DegreeLevel.BACHELOR,
        r"Bachelor(?:'s|’s|s)?(?:\s+(?:of|in)\s+(?:Science|Arts|Engineering|Business Administration"
        r"|Fine Arts|Laws|Education|Technology|Commerce|Computer Applications|Applied Science))?"
        r"(?:\s+degree)?|B\.?\s?Sc\.?|B\.\s?S\.?|BS|B\.?A\.?|BA|B\.?\s?Eng\.?|BEng|B\.?E\.?|B\.?\s?Tech\.?"
        r"|BTech|BBA|B\.?B\.?A\.?|BCS|BSCS|BSEE|BSE|BFA|B\.?\s?Com\.?|BCom|LL\.?B\.?|B\.?Ed\.?|BCA|A\.B\."
        r"|Undergraduate degree",
    ),
    (
        DegreeLevel.ASSOCIATE,
        r"Associate(?:'s|’s)?(?:\s+(?:of|in)\s+(?:Science|Arts|Applied Science))?(?:\s+degree)?"
        r"|A\.A\.S\.?|AAS|A\.\s?A\.?|A\.\s?S\.?",
    ),
    (
        DegreeLevel.DIPLOMA,
        r"(?:High School\s+)?Diploma|GED|HND|Diplom|Abitur|A-Levels?|Baccalaur[eé]at",
    ),
    (
        DegreeLevel.CERTIFICATE,
        r"(?:Graduate\s+|Professional\s+)?Certificate|Certification|Cert\.",
    ),
)

# Any degree spelling, as written on a résumé line (case-sensitive: "MS" is a degree, "ms" not).
DEGREE_ANY = lazy_re("|".join(rf"(?<![\w.])(?:{pat})(?![\w])" for _, pat in _DEGREE_PATTERNS))


@lru_cache(maxsize=1)
def _spelling_res() -> tuple[tuple[DegreeLevel, re.Pattern[str]], ...]:
    """One pattern per level (compiled on first use: about 3 ms)."""
    return tuple(
        (level, re.compile(rf"(?<![\w.])(?:{pat})(?![\w])")) for level, pat in _DEGREE_PATTERNS
    )


# ---------------------------------------------------------------------------------------------
# Reading a level
# ---------------------------------------------------------------------------------------------

_CERTIFICATE = lazy_re(
    r"\b(?:certif\w*|course\w*|bootcamp|boot camp|nanodegree|licen[cs]e\w*|scrum|"
    r"master ?class|honorary|honoris causa)\b",
    re.I,
)
_SCHOOL_LEAVING = lazy_re(
    r"\b(?:high school|secondary school|a[- ]levels?|as[- ]levels?|gcse|ged|"
    r"international baccalaureate)\b",
    re.I,
)
_PROFESSIONAL = lazy_re(
    r"\bdoctor of (?:medicine|dental|veterinary|pharmacy|osteopathic|optometry|law|"
    r"jurisprudence|nursing practice|physical therapy)\b|\bjuris doctor\b|"
    r"(?<![\w.])(?:M\.D\.|MD|J\.D\.|JD|Pharm\.?\s?D\.?|D\.?D\.?S\.?|D\.?M\.?D\.?|D\.?V\.?M\.?|"
    r"D\.O\.|DNP|DPT|MBBS|M\.B\.B\.S\.?)(?![\w])",
    re.I,
)
# Precise spellings of each academic level (words case-insensitive, abbreviations as written).
_ACADEMIC: tuple[tuple[DegreeLevel, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        DegreeLevel.DOCTORATE,
        lazy_re(
            r"\bdoctor(?:ate|al)\b|\bdoctor of (?:philosophy|education|science|engineering|"
            r"business)\b",
            re.I,
        ),
        lazy_re(
            r"(?<![\w.])(?:(?i:ph\.?\s?d)\.?|PHD|D\.?\s?Phil\.?|Ed\.?\s?D\.?|D\.B\.A\.?|DBA|"
            r"D\.?\s?Sc\.?|Sc\.?\s?D\.?|Eng\.?\s?D\.?)(?![\w])"
        ),
    ),
    (
        DegreeLevel.MASTER,
        lazy_re(
            r"\bmaster(?:'?s)?\s+(?:of|in|degree)\b|\bmaster'?s\b|\bmasters\b|^\s*master\b|"
            r"\bmagister\b",
            re.I,
        ),
        lazy_re(
            r"(?<![\w.])(?:M\.?\s?Sc?\.?|M\.?\s?A\.|MA|M\.?B\.?A\.?|M\.?\s?Eng\.?|M\.?\s?Tech\.?|"
            r"M\.E\.|ME|M\.?\s?Phil\.?|MFA|MPH|MPA|MSW|MCA|LL\.?\s?M\.?|MRes|MArch|M\.?\s?Ed\.?|"
            r"MSE|MSCS)(?![\w])"
        ),
    ),
    (
        DegreeLevel.BACHELOR,
        lazy_re(r"\bbachelor(?:'?s)?\b|\bundergraduate degree\b", re.I),
        lazy_re(
            r"(?<![\w.])(?:B\.?\s?Sc?\.?|B\.?\s?A\.|BA|B\.?\s?Eng\.?|B\.?\s?Tech\.?|B\.E\.|BE|"
            r"B\.?\s?Com\.?|B\.?B\.?A\.?|BCA|BFA|B\.?\s?Arch\.?|LL\.?\s?B\.?|BSN|BSE|BSCS|A\.B\.|"
            r"S\.B\.)(?![\w])"
        ),
    ),
    (
        DegreeLevel.ASSOCIATE,
        lazy_re(r"\bassociate(?:'?s)?\s+(?:of|in|degree)\b|\bassociate'?s\b", re.I),
        lazy_re(r"(?<![\w.])(?:A\.?\s?A\.?\s?S\.?|A\.A\.|AA|A\.S\.|AS)(?![\w])"),
    ),
)
# Degrees written in Chinese, Japanese or Korean characters.
_CJK_DEGREES = (
    ("博士", DegreeLevel.DOCTORATE),
    ("硕士", DegreeLevel.MASTER),
    ("碩士", DegreeLevel.MASTER),
    ("修士", DegreeLevel.MASTER),
    ("석사", DegreeLevel.MASTER),
    ("박사", DegreeLevel.DOCTORATE),
    ("学士", DegreeLevel.BACHELOR),
    ("學士", DegreeLevel.BACHELOR),
    ("本科", DegreeLevel.BACHELOR),
    ("학사", DegreeLevel.BACHELOR),
    ("专科", DegreeLevel.ASSOCIATE),
    ("大专", DegreeLevel.ASSOCIATE),
)
_WORD_FALLBACK = (
    ("doctor", DegreeLevel.DOCTORATE),
    ("master", DegreeLevel.MASTER),
    ("bachelor", DegreeLevel.BACHELOR),
    ("associate", DegreeLevel.ASSOCIATE),
    ("diploma", DegreeLevel.DIPLOMA),
    ("certificate", DegreeLevel.CERTIFICATE),
)


@lru_cache(maxsize=4096)
def degree_level(degree: str) -> DegreeLevel:
    """The level a degree line names: `"B.S."` → BACHELOR, `"MBA"` → MASTER, `"Ph.D."` →
    DOCTORATE, `"J.D."` → PROFESSIONAL, `"BS/MS"` → COMBINED, `"AWS Certification"` →
    CERTIFICATE, `"High School Diploma"` → DIPLOMA; UNKNOWN when nothing says.

    Precise academic spellings decide first (two different levels in one line are COMBINED);
    the résumé reader's wider list of spellings and plain words are the fallback.
    """
    text = (degree or "").strip()
    if not text:
        return DegreeLevel.UNKNOWN
    if _CERTIFICATE.search(text):
        return DegreeLevel.CERTIFICATE
    if _SCHOOL_LEAVING.search(text):
        return DegreeLevel.DIPLOMA
    if _PROFESSIONAL.search(text):
        return DegreeLevel.PROFESSIONAL
    found = {
        level for level, words, abbrev in _ACADEMIC if words.search(text) or abbrev.search(text)
    }
    if len(found) > 1:
        return DegreeLevel.COMBINED
    if found:
        return found.pop()
    for level, pattern in _spelling_res():
        if pattern.search(text):
            return level
    for word, level in _CJK_DEGREES:
        if word in text:
            return level
    low = text.lower()
    for word, level in _WORD_FALLBACK:
        if word in low:
            return level
    return DegreeLevel.UNKNOWN


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------


def same_degree(a: str, b: str) -> bool | None:
    """Whether two degree lines name the same level (`B.S.` / `Bachelor of Science`).

    None when either side's level cannot be told, so a caller never reports a difference it
    cannot see; a certificate or diploma is only the same as another of its kind.
    """
    la, lb = degree_level(a), degree_level(b)
    if la is DegreeLevel.UNKNOWN or lb is DegreeLevel.UNKNOWN:
        return None
    if DegreeLevel.COMBINED in (la, lb):
        return None  # "BS/MS" covers either
    return la is lb


_FIELD_NOISE = lazy_re(r"\b(?:major|minor|concentration|specialization|in|of|and|the)\b")


def _field_words(text: str) -> str:
    from extractors.normalise.text import ascii_fold

    folded = ascii_fold(text).replace("&", " and ")
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    return " ".join(_FIELD_NOISE.sub(" ", folded).split())


@lru_cache(maxsize=4096)
def same_field(a: str, b: str) -> bool:
    """Two fields of study that one person would write for one degree ("Computer Science" /
    "Computer Science and Engineering", "CS & Math" / "Computer Science and Mathematics")."""
    from rapidfuzz import fuzz

    na, nb = _field_words(a), _field_words(b)
    if not na or not nb:
        return True
    if na in nb or nb in na:
        return True
    if fuzz.token_set_ratio(na, nb) >= 80:
        return True
    initials_a = "".join(w[0] for w in na.split())
    initials_b = "".join(w[0] for w in nb.split())
    return na.replace(" ", "") in (initials_b,) or nb.replace(" ", "") in (initials_a,)
