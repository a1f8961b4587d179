"""Triage: analysts' dispositions of findings, kept append-only in the history store.

A review names a person and a finding's fingerprint (code + the facts it compares), so it holds
in every later scan that finds the same facts, whatever the wording, and lapses when the facts
change. The latest review of a fingerprint is the one in force; the earlier ones stay as the
audit trail (`scanner review ID` lists them all).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from scanner.model import CandidateReport, Finding, Report, Review, ReviewStatus
from scanner.registry import CODE_RE
from scanner.scoring import score
from scanner.store.serialise import dumps, finding_from_dict, finding_to_dict
from scanner.store.store import Store

__all__ = [
    "ReviewError",
    "ReviewRecord",
    "add_review",
    "apply_reviews",
    "latest_reviews",
    "list_reviews",
    "resolve_target",
    "reviews_in_force",
    "scored_findings",
    "with_reviews",
]

_HEX = re.compile(r"^[0-9a-f]{6,32}$")


class ReviewError(ValueError):
    """The review cannot be recorded as asked (the message says why and what would work)."""


@dataclass(frozen=True)
class ReviewRecord:
    """One recorded disposition, with the finding as the reviewer saw it."""

    person_id: str
    fingerprint: str
    code: str
    review: Review
    finding: Finding


def _findings(store: Store, person_id: str) -> list[tuple[int, Finding]]:
    """The person's stored findings, newest scan first: (scan id, finding)."""
    rows = store.conn.execute(
        "SELECT f.scan_id, f.finding_json, f.fingerprint FROM findings f "
        "JOIN scans s ON s.id = f.scan_id WHERE s.person_id = ? ORDER BY s.scanned_at DESC, "
        "s.id DESC, f.idx",
        (person_id,),
    ).fetchall()
    out = []
    for scan_id, finding_json, fp in rows:
        f = finding_from_dict(json.loads(finding_json))
        out.append((int(scan_id), replace(f, fingerprint=fp or f.fingerprint)))
    return out


def resolve_target(store: Store, person_id: str, target: str) -> Finding:
    """The finding `target` names: a fingerprint (or a unique prefix of 6+ hex digits) among the
    person's stored findings, or a code with one finding in their latest scan."""
    found = _findings(store, person_id)
    if not found:
        raise ReviewError(f"no stored findings for {person_id!r} in {store.path}")
    text = target.strip()
    if CODE_RE.match(text.upper()):
        code = text.upper()
        latest = found[0][0]
        same = [f for scan, f in found if scan == latest and f.code == code]
        if len(same) == 1:
            return same[0]
        if not same:
            codes = sorted({f.code for scan, f in found if scan == latest})
            raise ReviewError(
                f"no {code} finding in the latest scan of {person_id!r} "
                f"(it has: {', '.join(codes) or 'none'})"
            )
        options = "; ".join(f"{f.fingerprint[:12]} {f.message[:80]}" for f in same)
        raise ReviewError(
            f"{len(same)} {code} findings in the latest scan of {person_id!r}: "
            f"give the fingerprint of one ({options})"
        )
    if _HEX.match(text.lower()):
        by_fp = {f.fingerprint: f for _, f in reversed(found)}  # newest wins
        hits = [fp for fp in by_fp if fp.startswith(text.lower())]
        if len(hits) == 1:
            return by_fp[hits[0]]
        if len(hits) > 1:
            raise ReviewError(f"fingerprint prefix {text!r} is ambiguous: give more digits")
        raise ReviewError(f"no finding of {person_id!r} has a fingerprint starting {text!r}")
    raise ReviewError(f"{target!r} is neither a check code (CT002) nor a finding fingerprint")


def add_review(
    store: Store,
    person_id: str,
    finding: Finding,
    *,
    status: ReviewStatus,
    reason: str,
    by: str,
    at: datetime | None = None,
) -> ReviewRecord:
    """Append one disposition (never changes an earlier one)."""
    when = (at or datetime.now(UTC)).astimezone(UTC)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO reviews (person_id, fingerprint, code, status, reason, reviewer, at, "
            "finding_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                finding.fingerprint,
                finding.code,
                status.value,
                reason,
                by,
                when.isoformat(),
                dumps(finding_to_dict(finding)),
            ),
        )
    return ReviewRecord(
        person_id, finding.fingerprint, finding.code, Review(status, reason, by, when), finding
    )


def list_reviews(store: Store, person_id: str) -> list[ReviewRecord]:
    """Every disposition recorded for the person, oldest first."""
    rows = store.conn.execute(
        "SELECT fingerprint, code, status, reason, reviewer, at, finding_json FROM reviews "
        "WHERE person_id = ? ORDER BY id",
        (person_id,),
    ).fetchall()
    return [
        ReviewRecord(
            person_id,
            fp,
            code,
            Review(ReviewStatus(status), reason, by, datetime.fromisoformat(at)),
            finding_from_dict(json.loads(finding_json)),
        )
        for fp, code, status, reason, by, at, finding_json in rows
    ]


def latest_reviews(store: Store, person_ids: Iterable[str]) -> dict[str, dict[str, Review]]:
    """person → fingerprint → the review in force (the latest one)."""
    out: dict[str, dict[str, Review]] = {}
    wanted = sorted(set(person_ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for pid, fp, status, reason, by, at in store.conn.execute(
            "SELECT person_id, fingerprint, status, reason, reviewer, at FROM reviews "
            f"WHERE person_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            review = Review(ReviewStatus(status), reason, by, datetime.fromisoformat(at))
            out.setdefault(pid, {})[fp] = review
    return out


def reviews_in_force(store: Store) -> dict[str, dict[str, Review]]:
    """Every person's reviews in force: person → fingerprint → the latest review (for a batch,
    which cannot know its applicants' ids before it reads them)."""
    out: dict[str, dict[str, Review]] = {}
    for pid, fp, status, reason, by, at in store.conn.execute(
        "SELECT person_id, fingerprint, status, reason, reviewer, at FROM reviews ORDER BY id"
    ):
        out.setdefault(pid, {})[fp] = Review(
            ReviewStatus(status), reason, by, datetime.fromisoformat(at)
        )
    return out


def with_reviews(c: CandidateReport, reviews: dict[str, Review]) -> CandidateReport:
    """The candidate with each finding's review in force, rescored without the findings an
    analyst marked false positive or cleared."""
    if not reviews:
        return c
    findings = [replace(f, review=reviews.get(f.fingerprint, f.review)) for f in c.findings]
    return replace(c, findings=findings, risk=score(scored_findings(findings), complete=c.complete))


def scored_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that count towards the score (reviews may exclude some)."""
    return [f for f in findings if f.review is None or f.review.status.scored]


def apply_reviews(report: Report, store: Store) -> int:
    """Put the reviews in force on the report's findings (in place); returns how many apply."""
    reviews = latest_reviews(store, (c.id for c in report.candidates))
    n = 0
    for i, c in enumerate(report.candidates):
        mine = reviews.get(c.id, {})
        if mine:
            report.candidates[i] = with_reviews(c, mine)
            n += sum(1 for f in report.candidates[i].findings if f.review is not None)
    return n
