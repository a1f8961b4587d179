"""Employment types: what kind of engagement a role is, and whether it counts as a full-time job.

One reading for the readers (the type a title, a type word or an employer spells out), the
timeline checks (which roles may overlap, which count as professional experience) and the
cross-source checks (which roles a résumé may leave off). Not every role is full time: own
company, freelance and contract work, internships, student and assistant jobs, volunteering,
boards and advisory seats are judged by what the entry says, never assumed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.model import EmploymentType, Position
from extractors.normalise.names import surname
from extractors.normalise.text import lazy_re, plain_words

__all__ = [
    "NOT_FULL_TIME",
    "TYPE_ONLY",
    "TYPE_RULES",
    "employment_type",
    "is_professional",
    "is_side_role",
    "own_business_reason",
    "side_role_reason",
]

# Rules in order: the first that matches a title or a context word names the type.
TYPE_RULES: tuple[tuple[EmploymentType, re.Pattern[str]], ...] = (
    (
        EmploymentType.INTERNSHIP,
        lazy_re(r"\b(?:intern|internship|co-?op|apprentice(?:ship)?|trainee|werkstudent)\b", re.I),
    ),
    (EmploymentType.VOLUNTEER, lazy_re(r"\b(?:volunteer(?:ing)?|pro[ -]bono|unpaid)\b", re.I)),
    (
        EmploymentType.BOARD,
        lazy_re(r"\b(?:board|trustee|non-?executive director|governor)\b", re.I),
    ),
    (EmploymentType.ADVISORY, lazy_re(r"\b(?:advisor|adviser|advisory)\b", re.I)),
    (EmploymentType.FREELANCE, lazy_re(r"\b(?:freelanc(?:e|er|ing))\b", re.I)),
    (
        EmploymentType.SELF_EMPLOYED,
        lazy_re(
            r"\b(?:self[- ]employed|sole (?:proprietor|trader)|own (?:business|company))\b", re.I
        ),
    ),
    (
        EmploymentType.CONTRACT,
        lazy_re(
            r"\b(?:contract(?:or)?|contracting|c2c|1099|fixed[- ]term|temp(?:orary)?"
            r"|independent consultant|consultant \(contract\))\b",
            re.I,
        ),
    ),
    (EmploymentType.PART_TIME, lazy_re(r"\b(?:part[- ]?time|pt)\b", re.I)),
)
# A line or cell that is nothing but a type word ("Full-time", "Contract", "Internship").
TYPE_ONLY = lazy_re(
    r"^(?:full[- ]?time|part[- ]?time|permanent|contract(?:or)?|contract role|freelance|"
    r"internship|intern|co-?op|volunteer(?:ing)?|self[- ]employed|temporary|temp|seasonal|"
    r"apprenticeship|c2c|w-?2|1099|fixed[- ]term|advisory|board)$",
    re.IGNORECASE,
)
SELF_ORG = lazy_re(r"^(?:freelance|self[- ]employed|independent)$", re.IGNORECASE)
_CONSULTING_OWN = lazy_re(r"\b(?:consult(?:ing|ancy)|freelance|independent)\b", re.I)
_SELF_ORGS = frozenset({"self-employed", "self employed", "freelance", "independent"})


def _board_role(title: str, context: Sequence[str]) -> bool:
    """A board seat is named in the title ("Board Member", "Trustee") or as a type word."""
    if re.search(r"\b(?:board|trustee|non-?executive director)\b", title, re.I):
        return True
    return any(t.strip().lower() == "board" for t in context if t)


def employment_type(title: str, *context: str, org: str = "") -> EmploymentType:
    """The kind of engagement a position's title and context words name; full-time by default.

    "Consultant" alone stays full-time (many consultants are employees); it is a contract when
    the entry says so ("Independent Consultant", "(Contract)"). A founder or owner of a
    consultancy or freelance practice is self-employed.
    """
    texts = [title, *context]
    for etype, pattern in TYPE_RULES:
        if any(pattern.search(t) for t in texts if t):
            if etype is EmploymentType.BOARD and not _board_role(title, context):
                continue
            if etype is EmploymentType.PART_TIME and not any(
                re.search(r"part[- ]?time", t, re.I) or t.strip().lower() == "pt" for t in texts
            ):
                continue
            return etype
    if org and org.strip().lower() in _SELF_ORGS:
        return EmploymentType.SELF_EMPLOYED if "self" in org.lower() else EmploymentType.FREELANCE
    if re.search(r"\b(?:founder|owner|principal)\b", title, re.I) and _CONSULTING_OWN.search(org):
        return EmploymentType.SELF_EMPLOYED
    return EmploymentType.FULL_TIME


# ---------------------------------------------------------------------------------------------
# Which roles count as a full-time job
# ---------------------------------------------------------------------------------------------

NOT_FULL_TIME = frozenset(
    {
        EmploymentType.PART_TIME,
        EmploymentType.INTERNSHIP,
        EmploymentType.CONTRACT,
        EmploymentType.FREELANCE,
        EmploymentType.VOLUNTEER,
        EmploymentType.ADVISORY,
        EmploymentType.BOARD,
        EmploymentType.SELF_EMPLOYED,
    }
)
# Titles of roles people commonly hold beside a job or while studying.
_SIDE_TITLE = lazy_re(
    r"(?<![\w])(?:intern(?:ship)?s?|co-?op|trainee|apprentice(?:ship)?|working student|"
    r"werkstudent|student|part[- ]?time|contract(?:or|ing)?|freelanc\w*|volunteer\w*|pro bono|"
    r"advis(?:or|er|ory)|board (?:member|director|observer|of directors)|non[- ]executive|"
    r"trustee|self[- ]employed|independent|co-?founder|founder|founding partner|owner|mentor|"
    r"proprietor|sole trader|tutor|adjunct|instructor|lecturer|teaching assistant|"
    r"research assistant|graduate assistant|graduate research(?:er)?|doctoral researcher|"
    r"ph\.?d\.? (?:student|candidate|researcher)|(?:teaching|research|graduate) fellow|"
    r"\b(?:RA|TA|GTA|GRA)\b|ambassador|fellow(?:ship)?|moderator|maintainer|contributor|"
    r"organi[sz]er|investor|seasonal|temporary|temp|locum|on[- ]call|sabbatical|career break|"
    r"\w+ in residence|resident (?:artist|writer)|guest (?:lecturer|speaker|editor)|"
    r"visiting (?:lecturer|researcher|scholar|professor)|judge|reviewer|referee|"
    r"deacon|elder|pastor|worship|choir|youth leader|scout ?master)"
    r"(?![\w])",
    re.I,
)
_SIDE_ORG = lazy_re(
    r"^\s*(?:self[- ]employed|freelanc\w*|independent(?: contractor| consultant)?|"
    r"various(?: clients)?|multiple clients|confidential|own (?:business|company|practice)|"
    r"personal projects?|sabbatical|career break|upwork|fiverr|toptal|freelancer\.com|"
    r"(?:\w+ )?(?:consulting|consultancy)(?: services)?(?: llc| ltd| inc\.?)?)\s*$",
    re.I,
)
# Communities and clubs: a role there sits beside a job (church, club, chapter, scouts, meetup).
_COMMUNITY_ORG = lazy_re(
    r"(?<![\w])(?:church|chapel|ministr(?:y|ies)|parish|mosque|temple|synagogue|congregation|"
    r"diocese|club|fraternity|sorority|scouts?|meetup|user group|hackathon|chapter|"
    r"student (?:association|society|union|government|council)|alumni|"
    r"youth (?:soccer|football|baseball|basketball|hockey|sports?|league|orchestra|group)|"
    r"(?:robotics|youth|little|amateur|bowling|softball|soccer|hockey|basketball|chess|debate|"
    r"math|coding|science) league|pta|pto|parent[- ]teacher|homeowners'? association|hoa|toastmasters|"
    r"rotary|food bank|animal shelter|habitat for humanity)(?![\w])",
    re.I,
)
# A managing director, principal or CEO of an outfit named like a one-person business.
_OWN_COMPANY_TITLE = lazy_re(
    r"(?<![\w])(?:managing director|principal|ceo|president|owner)(?![\w])", re.I
)
_OWN_COMPANY_ORG = lazy_re(
    r"(?<![\w])(?:consulting|consultancy|consultants|studio|studios|freelance|"
    r"(?:web|software|tech|it|digital|design|dev) (?:services|solutions)|"
    r"holdings|ventures|enterprises)(?![\w])",
    re.I,
)
_NOT_PROFESSIONAL_TITLE = lazy_re(
    r"(?<![\w])(?:intern(?:ship)?s?|co-?op|trainee|apprentice(?:ship)?|working student|"
    r"werkstudent|student|volunteer\w*|board|advis(?:or|er|ory))(?![\w])",
    re.I,
)
_NOT_PROFESSIONAL_TYPES = frozenset(
    {
        EmploymentType.INTERNSHIP,
        EmploymentType.VOLUNTEER,
        EmploymentType.BOARD,
        EmploymentType.ADVISORY,
    }
)


def side_role_reason(p: Position) -> str | None:
    """Why a role is not taken for a full-time job ("typed internship", "title says 'Founder'"),
    or None when nothing in the entry says it is anything but full time."""
    if p.employment_type in NOT_FULL_TIME:
        return f"typed {p.employment_type.value}"
    m = _SIDE_TITLE.search(p.title)
    if m:
        return f"title says {m.group(0)!r}"
    if _SIDE_ORG.match(p.org):
        return f"employer is {p.org.strip()!r}"
    m = _COMMUNITY_ORG.search(p.org)
    if m:
        return f"a community role ({m.group(0)!r} in {p.org.strip()!r})"
    if _OWN_COMPANY_TITLE.search(p.title) and _OWN_COMPANY_ORG.search(p.org):
        return f"runs their own business ({p.title.strip()!r} of {p.org.strip()!r})"
    return None


_LEADER_TITLE = lazy_re(
    r"(?<![\w])(?:managing director|director|principal|ceo|president|owner|founder|"
    r"co-?founder|proprietor|managing member|managing partner)(?![\w])",
    re.I,
)


def own_business_reason(p: Position, person: str) -> str | None:
    """Why a role reads as the person's own business: they lead an employer that carries their
    surname ("Managing Director" of "Rossi Digital LLC" for Marco Rossi). None otherwise."""
    family = surname(person)
    if not family or len(family) < 3 or not _LEADER_TITLE.search(p.title):
        return None
    if family in plain_words(p.org):
        return f"runs their own business ({p.title.strip()!r} of {p.org.strip()!r})"
    return None


def is_side_role(p: Position) -> bool:
    """Not a full-time job: typed so, or titled as a side, student, founder or self-employed role."""
    return side_role_reason(p) is not None


def is_professional(p: Position) -> bool:
    """Counts as professional experience: not an internship, student job, volunteering or a
    board or advisory seat."""
    if p.employment_type in _NOT_PROFESSIONAL_TYPES:
        return False
    return not _NOT_PROFESSIONAL_TITLE.search(p.title)
