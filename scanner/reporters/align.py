"""Employment and education side by side: one row per employer or school, one column per source.

The terminal and HTML reports draw the same rows. Employers are matched with the one employer
comparison (`scanner.references.org_matcher`: renames, acquisitions, the alias tables) after a
source's roles at one employer are merged into one tenure; schools with the one school comparison
(`school_matcher`: abbreviations, official and native-language names, the school alias table),
so "UCF" and "University of Central Florida" are one row, as XS005 and TL003 read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scanner.model import CandidateReport

__all__ = ["Aligned", "Alignment", "align"]

_ENTRY = re.compile(r"^(experience|education)\[(\d+)\]")


@dataclass
class Aligned:
    """One employer or school: what each source says about it, and the checks that name it."""

    kind: str  # "employer" or "school"
    name: str
    cells: dict[int, str] = field(default_factory=dict)  # source index -> titles/degree and dates
    codes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Alignment:
    sources: tuple[int, ...]  # the columns: sources with experience or education
    rows: tuple[Aligned, ...]

    def missing(self, row: Aligned) -> list[int]:
        """Sources that list something of this kind but not this row."""
        return [i for i in self.sources if i not in row.cells]


def _named(c: CandidateReport) -> dict[tuple[str, int, int], set[str]]:
    """(kind, source, entry index) -> codes of the findings whose evidence names that entry."""
    named: dict[tuple[str, int, int], set[str]] = {}
    for f in c.findings:
        for e in f.evidence:
            m = _ENTRY.match(e.field)
            if e.source is not None and m:
                named.setdefault((m.group(1), e.source, int(m.group(2))), set()).add(f.code)
    return named


def _place(rows: list[Aligned], kind: str, name: str, i: int, cell: str, codes: set[str],
           same: Callable[[str, str], bool]) -> None:  # fmt: skip
    for row in rows:
        if row.kind == kind and i not in row.cells and same(row.name, name):
            row.cells[i] = cell
            row.codes |= codes
            return
    rows.append(Aligned(kind, name, {i: cell}, set(codes)))


def align(
    c: CandidateReport,
    same_org: Callable[[str, str], bool],
    same_school: Callable[[str, str], bool],
) -> Alignment | None:
    """The side-by-side rows of one candidate, or None when fewer than two sources have an
    employment or education history to compare."""
    from extractors.normalise.tenures import tenures

    profiles: list[tuple[int, Any]] = [
        (i, p)
        for i, p in enumerate(c.profiles)
        if p is not None and (p.experience or p.education) and i < len(c.sources)
    ]
    if len(profiles) < 2:
        return None
    named = _named(c)
    rows: list[Aligned] = []
    for i, p in profiles:
        for t in tenures(p.experience, same_org):
            cell = f"{' / '.join(t.titles) or '?'}\n{t.range_text}"
            codes = {code for k in t.indexes for code in named.get(("experience", i, k), ())}
            _place(rows, "employer", t.org, i, cell, codes, same_org)
    for i, p in profiles:
        for k, s in enumerate(p.education):
            if not s.school.strip():
                continue
            what = ", ".join(x for x in (s.degree, s.field) if x) or "?"
            cell = f"{what}\n{s.range}" if s.range else what
            _place(rows, "school", s.school, i, cell, named.get(("education", i, k), set()),
                   same_school)  # fmt: skip
    return Alignment(tuple(i for i, _ in profiles), tuple(rows))
