"""Job titles: what kind of work a title names, and whether two titles name one job.

Titles are marketing: "Senior Software Engineer" and "Staff Engineer" are one kind of work,
"Sales Associate" and "Staff Engineer" are not. Families sort titles by the work they name;
compatible families (a lead engineer is also a manager) are not a difference.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.normalise.text import lazy_re

__all__ = ["families_compatible", "same_kind_of_work", "title_family", "title_similarity"]

# Title families: what kind of work a title names. Order matters (first match wins).
_FAMILIES: list[tuple[str, re.Pattern[str]]] = [
    (
        "executive",
        lazy_re(
            r"\b(chief|ceo|cto|cfo|coo|cio|ciso|founder|co-?founder|president|vice president|vp|owner)\b"
        ),
    ),
    (
        "sales",
        lazy_re(
            r"\b(sales|account (executive|manager)|business development|bdr|sdr|cashier|retail|store associate)\b"
        ),
    ),
    ("marketing", lazy_re(r"\b(marketing|seo|content|social media|brand|copywriter|growth)\b")),
    (
        # Serving customers, not supporting systems: "Customer Service Representative" is no
        # engineering title, "Technical Support Engineer" is (support, below).
        "customer service",
        lazy_re(
            r"^(?!.*\b(engineer\w*|developer|architect|technical|it)\b).*"
            r"\b(customer (service|care|experience|support)|call cent(er|re)|contact cent(er|re)|"
            r"client services?)\b"
        ),
    ),
    (
        "support",
        lazy_re(
            r"\b(support|help ?desk|service desk|customer service|call cent(er|re)|technician)\b"
        ),
    ),
    ("design", lazy_re(r"\b(design(er)?|ux|ui|illustrator|art director)\b")),
    (
        "data",
        lazy_re(r"\b(data|analytics|analyst|scientist|machine learning|ml|ai|statistic\w*|bi)\b"),
    ),
    (
        "engineering",
        lazy_re(
            r"\b(engineer\w*|developer|programmer|software|devops|sre|architect|coder|swe|"
            r"full[- ]?stack|front[- ]?end|back[- ]?end|mobile|ios|android|qa|test\w*|sdet|"
            r"administrator|sysadmin|infrastructure|security|cloud|platform|firmware|embedded)\b"
        ),
    ),
    ("product", lazy_re(r"\b(product|program manager|project manager|scrum|agile coach)\b")),
    ("people", lazy_re(r"\b(recruit\w*|talent|hr|human resources|people)\b")),
    (
        "finance",
        lazy_re(r"\b(finance|financial|accountant|accounting|controller|bookkeep\w*|auditor)\b"),
    ),
    (
        "operations",
        lazy_re(r"\b(operations|logistics|warehouse|driver|supply chain|procurement)\b"),
    ),
    ("teaching", lazy_re(r"\b(teacher|lecturer|professor|tutor|instructor|teaching)\b")),
    ("management", lazy_re(r"\b(manager|director|head|lead|supervisor)\b")),
]

# Families that the same job can sensibly carry on two profiles (a lead engineer is a manager).
_COMPATIBLE = {
    frozenset({"engineering", "management"}),
    frozenset({"engineering", "data"}),
    frozenset({"engineering", "executive"}),
    frozenset({"engineering", "product"}),
    frozenset({"engineering", "support"}),
    frozenset({"engineering", "design"}),
    frozenset({"data", "management"}),
    frozenset({"data", "product"}),
    frozenset({"product", "management"}),
    frozenset({"executive", "management"}),
    frozenset({"design", "product"}),
    frozenset({"marketing", "sales"}),
    frozenset({"marketing", "data"}),
    frozenset({"sales", "management"}),
    frozenset({"marketing", "management"}),
    frozenset({"support", "management"}),
    frozenset({"customer service", "support"}),
    frozenset({"customer service", "management"}),
    frozenset({"customer service", "sales"}),
    frozenset({"operations", "management"}),
    frozenset({"people", "management"}),
    frozenset({"finance", "management"}),
    frozenset({"teaching", "data"}),
    frozenset({"teaching", "engineering"}),
}


def title_family(title: str) -> str | None:
    """The kind of work a title names, or None when it does not say."""
    low = title.lower()
    for family, pattern in _FAMILIES:
        if pattern.search(low):
            return family
    return None


def families_compatible(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _COMPATIBLE


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are as words (rapidfuzz token-set ratio of the folded titles, 0-1)."""
    from rapidfuzz import fuzz

    from extractors.normalise.text import plain_words

    wa, wb = " ".join(plain_words(a)), " ".join(plain_words(b))
    if not wa or not wb:
        return 0.0
    return fuzz.token_set_ratio(wa, wb) / 100.0


@lru_cache(maxsize=4096)
def same_kind_of_work(a: str, b: str) -> bool | None:
    """Whether two titles name compatible kinds of work; None when either names no family."""
    fa, fb = title_family(a), title_family(b)
    if fa is None or fb is None:
        return None
    return families_compatible(fa, fb)
