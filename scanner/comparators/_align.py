"""Aligning one person's sources entry by entry: employers, studies, titles and dates.

Comparisons follow levels (exact → alias → normalised → fuzzy → different) from
`extractors.orgs`; dates are compared as intervals that respect each side's precision, so a year
("2019") never disagrees with a month inside it ("2019-03").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from extractors.model import DateRange, PartialDate, Position, Study
from extractors.model import month_index as _month_index

__all__ = [
    "Tenure",
    "date_gap",
    "degree_level",
    "month_label",
    "tenures",
    "title_family",
]


def date_gap(a: PartialDate, b: PartialDate) -> int:
    """Months between two partial dates beyond what their precision allows (0 when compatible)."""
    return max(0, max(a.first_month, b.first_month) - min(a.last_month, b.last_month))


def month_label(m: int) -> str:
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


@dataclass(frozen=True)
class Tenure:
    """All of one source's positions at one employer, merged (a promotion is one tenure)."""

    org: str
    indexes: tuple[int, ...]
    start: PartialDate | None
    end: PartialDate | None
    current: bool
    full_time: bool
    titles: tuple[str, ...]

    def span(self, as_of: date) -> tuple[int, int] | None:
        """Widest (first, last) month the tenure can cover."""
        if self.start is None:
            return None
        if self.current:
            return (self.start.first_month, _month_index(as_of))
        if self.end is None:
            return None
        return (self.start.first_month, self.end.last_month)

    def core(self, as_of: date) -> tuple[int, int] | None:
        """Narrowest (first, last) month the tenure surely covers."""
        if self.start is None:
            return None
        if self.current:
            last = _month_index(as_of)
        elif self.end is not None:
            last = self.end.first_month
        else:
            return None
        return (self.start.last_month, last) if last >= self.start.last_month else None

    def months(self, as_of: date) -> int:
        core = self.core(as_of)
        return core[1] - core[0] + 1 if core else 0

    @property
    def range_text(self) -> str:
        return str(DateRange(self.start, self.end, self.current))


def tenures(positions: Sequence[Position], same_org: object) -> list[Tenure]:
    """Group positions by employer (using `same_org(a, b) -> bool`) into merged tenures."""
    groups: list[list[int]] = []
    for i, p in enumerate(positions):
        if not p.org.strip():
            continue
        for g in groups:
            if same_org(positions[g[0]].org, p.org):  # type: ignore[operator]
                g.append(i)
                break
        else:
            groups.append([i])
    out = []
    for g in groups:
        ps = [positions[i] for i in g]
        starts = [p.range.start for p in ps if p.range and p.range.start]
        ends = [p.range.end for p in ps if p.range and p.range.end]
        current = any(p.range and p.range.current and p.range.end is None for p in ps)
        out.append(
            Tenure(
                org=ps[0].org,
                indexes=tuple(g),
                start=min(starts, key=lambda d: d.first_month) if starts else None,
                # A promotion's earlier row has an end; the tenure itself is still open.
                end=max(ends, key=lambda d: d.last_month) if ends and not current else None,
                current=current,
                full_time=any(p.employment_type.is_full_time for p in ps),
                titles=tuple(p.title for p in ps if p.title),
            )
        )
    return out


# Title families: what kind of work a title names. Order matters (first match wins).
_FAMILIES: list[tuple[str, re.Pattern[str]]] = [
    (
        "executive",
        re.compile(
            r"\b(chief|ceo|cto|cfo|coo|cio|ciso|founder|co-?founder|president|vice president|vp|owner)\b"
        ),
    ),
    (
        "sales",
        re.compile(
            r"\b(sales|account (executive|manager)|business development|bdr|sdr|cashier|retail|store associate)\b"
        ),
    ),
    ("marketing", re.compile(r"\b(marketing|seo|content|social media|brand|copywriter|growth)\b")),
    (
        "support",
        re.compile(
            r"\b(support|help ?desk|service desk|customer service|call cent(er|re)|technician)\b"
        ),
    ),
    ("design", re.compile(r"\b(design(er)?|ux|ui|illustrator|art director)\b")),
    (
        "data",
        re.compile(
            r"\b(data|analytics|analyst|scientist|machine learning|ml|ai|statistic\w*|bi)\b"
        ),
    ),
    (
        "engineering",
        re.compile(
            r"\b(engineer\w*|developer|programmer|software|devops|sre|architect|coder|swe|"
            r"full[- ]?stack|front[- ]?end|back[- ]?end|mobile|ios|android|qa|test\w*|sdet|"
            r"administrator|sysadmin|infrastructure|security|cloud|platform|firmware|embedded)\b"
        ),
    ),
    ("product", re.compile(r"\b(product|program manager|project manager|scrum|agile coach)\b")),
    ("people", re.compile(r"\b(recruit\w*|talent|hr|human resources|people)\b")),
    (
        "finance",
        re.compile(r"\b(finance|financial|accountant|accounting|controller|bookkeep\w*|auditor)\b"),
    ),
    (
        "operations",
        re.compile(r"\b(operations|logistics|warehouse|driver|supply chain|procurement)\b"),
    ),
    ("teaching", re.compile(r"\b(teacher|lecturer|professor|tutor|instructor|teaching)\b")),
    ("management", re.compile(r"\b(manager|director|head|lead|supervisor)\b")),
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


def degree_level(degree: str) -> str:
    """`"B.S."` → `bachelor`, `"MBA"` → `master`, `"Ph.D."` → `doctorate`; certificates and
    diplomas → `diploma`; `""` when unknown. (The résumé extractor's reading, in one place.)"""
    from extractors.resume import degree_level as read_level

    level = read_level(degree)
    return "diploma" if level == "certificate" else level


def study_label(s: Study) -> str:
    parts = [p for p in (s.degree, s.field) if p]
    return f"{', '.join(parts)} — {s.school}" if parts else s.school
