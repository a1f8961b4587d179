"""ID004: the candidate's employment history is someone else's, stored under another name.

The corpus of stored profiles is `candidate.corpus`, any `scanner.corpus.ProfileCorpus`
(`similar(keys, exclude_person=, min_shared=, limit=)`):
`scanner check` and `scanner revalidate` put the history store's corpus there (every scanned
person's histories plus `scanner import-profiles`); a batch may put an `InMemoryCorpus`. Only
entries sharing two or more employer-and-start-year keys are compared in detail, which keeps a
candidate well under 50 ms at 100,000 stored profiles (`bench/bench_id004.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from extractors.model import Position
from extractors.normalise.names import name_relation
from extractors.normalise.orgs import same_org
from extractors.normalise.periods import dates_agree
from extractors.normalise.titles import title_similarity
from scanner.corpus import CorpusEntry, dated_positions, timeline_keys
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check
from scanner.snapshots import entry_label

__all__ = ["HistoryMatch", "match_histories"]

# The corpus is a need of its own, so that a scan without a store says ID004 did not run.


@dataclass(frozen=True)
class HistoryMatch:
    """Positions of the candidate (by index) that match positions of a stored profile."""

    pairs: tuple[
        tuple[int, int], ...
    ]  # (candidate position, stored position) with employer, dates, title
    candidate_total: int
    stored_total: int

    @property
    def share(self) -> float:
        return len(self.pairs) / max(1, min(self.candidate_total, self.stored_total))


def _same_dates(a: Position, b: Position) -> bool:
    """Start and end agree within their precision (3 months beyond it); both open, or both ended."""
    ra, rb = a.range, b.range
    if ra is None or rb is None or not dates_agree(ra.start, rb.start):
        return False
    if ra.end is None or rb.end is None:
        return ra.end is None and rb.end is None
    return dates_agree(ra.end, rb.end)


def match_histories(
    mine: Sequence[Position],
    theirs: Sequence[Position],
    same_org: Callable[[str, str], bool] = same_org,
) -> HistoryMatch:
    """Pair positions with the same employer, the same dates (within precision) and a like title."""
    pairs = []
    used: set[int] = set()
    for i, p in enumerate(mine):
        for j, q in enumerate(theirs):
            if j in used or not same_org(p.org, q.org):
                continue
            if _same_dates(p, q) and title_similarity(p.title, q.title) >= 0.8:
                pairs.append((i, j))
                used.add(j)
                break
    return HistoryMatch(tuple(pairs), len(mine), len(theirs))


def _is_reuse(m: HistoryMatch, min_positions: int, min_share: float) -> bool:
    return len(m.pairs) >= min_positions and m.share >= min_share


@check(
    "ID004",
    "History matches a different person's stored profile",
    Category.IDENTITY,
    Severity.HIGH,
    needs=("experience", "profile_corpus"),
    params={"min_positions": 3, "min_share": 0.6},
)
def reused_history(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The candidate's employment history nearly matches a stored profile of a different person:
    the same employers, the same titles and the same dates, under another name. Fraudulent
    applicants copy real engineers' LinkedIn histories wholesale; the stored profiles are every
    person scanned before plus profiles imported with `scanner import-profiles`.

    Reported when at least 3 positions match and they are at least 60 % of the shorter history
    (thresholds `min_positions`, `min_share`); two-job histories are too common among real
    colleagues (a graduate cohort) to report. Dates match within their precision (3 months, or
    a year for year-only dates).
    The same name under another id is the same person scanned twice and is not reported.
    Verify by hand: open the stored profile named in the evidence and compare the two histories.
    """
    corpus = candidate.corpus
    assert corpus is not None  # needs=("profile_corpus",)
    min_positions = int(ctx.params("ID004")["min_positions"])
    min_share = float(ctx.params("ID004")["min_share"])
    names = [
        n for n in {candidate.name, *(p.name for _, p in candidate.read_profiles())} if n.strip()
    ]
    best: dict[str, tuple[float, Hit]] = {}
    for idx, src, prof in candidate.indexed_profiles():
        if src.kind.is_snapshot:
            continue
        mine = dated_positions(prof.experience)
        if len(mine) < min_positions:
            continue
        keys = timeline_keys(mine)
        # A reused history shares at least `min_positions` keys; fewer is a coincidence.
        for entry in corpus.similar(
            keys, exclude_person=candidate.id, min_shared=max(2, min(min_positions, len(keys)))
        ):
            m = match_histories(mine, entry.positions, ctx.same_org)
            if not _is_reuse(m, min_positions, min_share):
                continue
            if entry.name.strip() and any(name_relation(n, entry.name) == "same" for n in names):
                continue  # the same person scanned under another id
            strength = len(m.pairs) + m.share
            if entry.person_id not in best or strength > best[entry.person_id][0]:
                best[entry.person_id] = (strength, _hit(idx, prof.experience, mine, entry, m))
    for _, hit in sorted(best.values(), key=lambda sh: -sh[0])[:3]:
        yield hit


def _hit(
    idx: int,
    all_positions: Sequence[Position],
    mine: Sequence[Position],
    entry: CorpusEntry,
    m: HistoryMatch,
) -> Hit:
    whose = entry.name or "an unnamed profile"
    where = (
        "an imported profile" if entry.origin == "import" else f"stored person {entry.person_id}"
    )
    # The other person's name and scan go in the note: evidence values stay the same when that
    # person is re-scanned, so the finding is alerted once.
    evidence = [Evidence(None, "stored profile", entry.person_id, note=f"{whose}; {entry.label}")]
    for i, j in m.pairs[:6]:
        position = all_positions.index(mine[i]) if mine[i] in all_positions else i
        evidence.append(Evidence(idx, f"experience[{position}]", entry_label(mine[i])))
        evidence.append(
            Evidence(None, f"{entry.person_id} experience", entry_label(entry.positions[j]))
        )
    confidence = 0.7 + 0.25 * min(1.0, m.share)
    return Hit(
        message=f"{len(m.pairs)} of {m.candidate_total} dated positions (employer, title and dates) match "
        f"the history of {whose!r}, {where}: a real engineer's history reused under another name.",
        evidence=evidence,
        confidence=confidence,
    )
