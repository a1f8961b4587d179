"""Dates compared at the precision both sides give: "2019" never disagrees with "2019-03"."""

from __future__ import annotations

from extractors.model import PartialDate

__all__ = ["date_gap", "dates_agree", "month_label"]


def date_gap(a: PartialDate, b: PartialDate) -> int:
    """Months between two partial dates beyond what their precision allows (0 when compatible)."""
    return max(0, max(a.first_month, b.first_month) - min(a.last_month, b.last_month))


def dates_agree(a: PartialDate | None, b: PartialDate | None, tolerance: int = 3) -> bool:
    """The same date within `tolerance` months beyond precision; two missing dates agree."""
    if a is None or b is None:
        return a is None and b is None
    return date_gap(a, b) <= tolerance


def month_label(m: int) -> str:
    """A month index (year * 12 + month - 1) as `YYYY-MM`."""
    return f"{m // 12:04d}-{m % 12 + 1:02d}"
