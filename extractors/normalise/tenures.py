"""Tenures: all of one source's positions at one employer, merged into one span.

A promotion written as two rows, or a parent employer with sub-roles beneath it, is one tenure;
cross-source comparisons and the reporters compare tenures, not individual role starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from extractors.model import DateRange, PartialDate, Position
from extractors.model import month_index as _month_index
from extractors.normalise.employment import is_side_role

__all__ = ["Tenure", "tenures"]


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


def tenures(positions: Sequence[Position], same_org: Callable[[str, str], bool]) -> list[Tenure]:
    """Group positions by employer (using `same_org(a, b) -> bool`) into merged tenures."""
    groups: list[list[int]] = []
    for i, p in enumerate(positions):
        if not p.org.strip():
            continue
        for g in groups:
            if same_org(positions[g[0]].org, p.org):
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
                full_time=any(not is_side_role(p) for p in ps),
                titles=tuple(p.title for p in ps if p.title),
            )
        )
    return out
