"""TL: one source's own timeline contradicting itself (each check looks inside one source).

Dates keep their precision: a year-only date stands for any month of that year, so a check uses
the reading of a range that makes its finding hardest (the narrow core for overlaps, the widest
span for "too short"). The tolerances in the catalogue's principles hold throughout: boundary
months, internships, part-time, contract and side roles, promotions, renamed companies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from itertools import combinations
from typing import Any

from extractors.model import (
    DateRange,
    EmploymentType,
    PartialDate,
    Position,
    Precision,
    Profile,
    Study,
    month_index,
)
from extractors.normalise.degrees import DegreeLevel, degree_level, same_degree
from extractors.normalise.employment import is_professional, is_side_role, own_business_reason
from extractors.normalise.orgs import same_school
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.references import Entry, ReferenceTable, load_founding_years, load_tech_releases
from scanner.registry import CheckContext, Hit, check

__all__: list[str] = []

# ---------------------------------------------------------------------------------------------
# Reading positions and studies
# ---------------------------------------------------------------------------------------------

_FOUNDER = re.compile(r"(?<![\w])(?:co-?founder|founder|founding)(?![\w])", re.I)
_SCHOOL_ORG = re.compile(
    r"\b(?:university|college|school|student|campus|fraternity|sorority|club|society|hackathon)\b",
    re.I,
)


def _ongoing(r: DateRange | None) -> bool:
    return r is not None and r.end is None and r.current


def _month(m: int) -> str:
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def _range_text(r: DateRange | None) -> str:
    if r is None:
        return "undated"
    return " ".join(r.raw.split()) or str(r)


def _pos_text(p: Position) -> str:
    org = p.org.strip() or "an unnamed employer"
    return f"'{p.title.strip()}' at {org}" if p.title.strip() else org


def _pos_evidence(i: int, k: int, p: Position, note: str = "") -> Evidence:
    return Evidence(i, f"experience[{k}]", f"{_pos_text(p)}, {_range_text(p.range)}", note)


def _study_text(s: Study) -> str:
    what = ", ".join(x.strip() for x in (s.degree, s.field) if x.strip())
    school = s.school.strip() or "an unnamed school"
    return f"'{what}' at {school}" if what else school


def _study_evidence(i: int, k: int, s: Study, note: str = "") -> Evidence:
    return Evidence(i, f"education[{k}]", f"{_study_text(s)}, {_range_text(s.range)}", note)


def _profiles(candidate: Candidate) -> Iterator[tuple[int, Profile, date]]:
    for i, _src, prof in candidate.indexed_profiles():
        yield i, prof, candidate.as_of_for(i)


def _founding(ctx: CheckContext) -> ReferenceTable:
    return load_founding_years(_extension(ctx, "founding_years"))


def _releases(ctx: CheckContext) -> ReferenceTable:
    return load_tech_releases(_extension(ctx, "tech_releases"))


def _extension(ctx: CheckContext, name: str) -> Mapping[str, Any] | None:
    extra = ctx.config.references.get(name)
    return extra if isinstance(extra, Mapping) and extra else None


def _imprecise(*dates: PartialDate | None) -> bool:
    return any(d is not None and d.precision is Precision.YEAR for d in dates)


def _years(months: int) -> str:
    y, m = divmod(max(0, months), 12)
    if y and m:
        return f"{y} years {m} months" if y > 1 else f"1 year {m} months"
    if y:
        return f"{y} years" if y > 1 else "1 year"
    return f"{m} months" if m != 1 else "1 month"


# ---------------------------------------------------------------------------------------------
# Degree levels
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
@check(
    "TL001",
    "Overlapping full-time positions",
    Category.TIMELINE,
    Severity.MEDIUM,
    needs=("experience",),
    params={"overlap_months": 3, "medium_months": 6},
)
def overlapping_positions(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Two full-time positions in one source overlap by more than 3 months.

    Holding two full-time jobs at once is rare; an overlap of many months is how invented or
    stitched-together histories often show themselves (and, in fraud schemes, one identity
    working several jobs). Each range is read at its narrowest (the months it surely covers), so
    precision never makes an overlap: "2019 – 2020" covers only Dec 2019 – Jan 2020 for this
    check and does not overlap "Dec 2020 – 2022". The overlap is inclusive and must exceed the
    threshold (`[thresholds.TL001] overlap_months`, default 3), so a shared boundary month or a
    notice period is quiet; an overlap of up to `medium_months` (6) is `low` (a long notice
    period, a handover), a longer one `medium`. Positions linked by overlaps are one finding with
    every pair in its evidence, and the finding says why each was judged full time.

    Tolerated (never compared): internships, part-time, contract, freelance, volunteer, advisory,
    board and self-employed roles (by employment type or by title: intern, contractor, founder,
    mentor, instructor, fellow, research or teaching assistant, "… in residence", …); roles at
    churches, clubs and chapters; a managing director or principal of a business named like a
    one-person consultancy or studio; a job at the school the person was studying at during
    it (a student job or assistantship); two positions at one employer (a promotion or a transfer,
    including a renamed company such as Facebook / Meta); two positions that are both still
    current (that is TL006, so one fact is not counted twice). A range that ends after the
    source's own date is left to TL002 (it is a typing error or a plan, not an overlap).

    Verify by hand: read the two entries named in the evidence in the source; check whether one
    was in fact part-time, a contract or a notice period, and ask the candidate.
    """
    limit = int(ctx.params("TL001")["overlap_months"])
    long_overlap = int(ctx.params("TL001")["medium_months"])
    for i, prof, as_of in _profiles(candidate):
        now = month_index(as_of)
        spans = []
        for k, p in enumerate(prof.experience):
            if p.range is None or not _full_time(p, prof, ctx, candidate.name):
                continue
            core = p.range.core(as_of)
            if core is not None and core[1] <= now:  # a date after the source's own is TL002's
                spans.append((k, p, core))
        pairs: list[tuple[int, int, int, int, int]] = []  # (ka, kb, months, lo, hi)
        for (ka, a, ca), (kb, b, cb) in combinations(spans, 2):
            lo, hi = max(ca[0], cb[0]), min(ca[1], cb[1])
            months = hi - lo + 1
            if months <= limit or ctx.same_org(a.org, b.org):
                continue
            assert a.range is not None and b.range is not None
            if _is_current(a.range) and _is_current(b.range):
                continue  # reported by TL006
            pairs.append((ka, kb, months, lo, hi))
        # One story, one finding: positions linked by overlaps are reported together.
        for group in _overlap_groups(pairs):
            yield _overlap_hit(i, prof, group, long_overlap)


def _full_time(p: Position, prof: Profile, ctx: CheckContext, person: str = "") -> bool:
    """Judged a full-time job: no side-role sign in the entry, not the person's own business
    (they lead an employer named after them), and not a job at the school the person was
    studying at during it (a student job or assistantship)."""
    if is_side_role(p) or own_business_reason(p, prof.name or person):
        return False
    return not _at_own_school(p, prof.education, ctx)


def _at_own_school(p: Position, studies: tuple[Study, ...], ctx: CheckContext) -> bool:
    if p.range is None or p.range.start is None:
        return False
    for s in studies:
        if s.range is None or s.range.start is None or not s.school.strip():
            continue
        if not (ctx.same_org(p.org, s.school) or same_school(p.org, s.school)):
            continue
        end = s.range.end.last_month if s.range.end else p.range.start.last_month
        if p.range.start.first_month <= end:
            return True
    return False


def _overlap_groups(
    pairs: list[tuple[int, int, int, int, int]],
) -> list[list[tuple[int, int, int, int, int]]]:
    """Pairs of overlapping positions gathered into connected groups (in document order)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for ka, kb, *_ in pairs:
        parent[find(ka)] = find(kb)
    groups: dict[int, list[tuple[int, int, int, int, int]]] = {}
    for pair in pairs:
        groups.setdefault(find(pair[0]), []).append(pair)
    return sorted(groups.values(), key=lambda g: min(min(p[0], p[1]) for p in g))


_FULL_TIME_WHY = "no part-time, contract, internship, student, volunteer or side-role sign"


def _overlap_hit(
    i: int, prof: Profile, group: list[tuple[int, int, int, int, int]], long_overlap: int
) -> Hit:
    """One finding for a group of overlapping full-time positions, every pair in evidence."""
    longest = max(group, key=lambda g: g[2])
    ka, kb, months, lo, hi = longest
    a, b = prof.experience[ka], prof.experience[kb]
    assert a.range is not None and b.range is not None
    members = sorted({k for g in group for k in g[:2]})
    message = (
        f"Full-time positions overlap by at least {_years(months)} "
        f"({_month(lo)} – {_month(hi)}): {_pos_text(a)} ({_range_text(a.range)}) "
        f"and {_pos_text(b)} ({_range_text(b.range)})"
    )
    if len(group) > 1:
        message += f"; {len(members)} positions overlap in {len(group)} pairs in all"
    message += f". Each was judged full time: {_FULL_TIME_WHY} in the entry."
    confidence = 0.85 if months >= 12 else 0.75
    if _imprecise(a.range.start, a.range.end, b.range.start, b.range.end):
        confidence -= 0.1
    notes = {
        k: "; ".join(
            f"overlaps {_pos_text(prof.experience[kb2 if k == ka2 else ka2])} by {_years(m)}"
            for ka2, kb2, m, *_ in group
            if k in (ka2, kb2)
        )
        for k in members
    }
    return Hit(
        message=message,
        evidence=tuple(_pos_evidence(i, k, prof.experience[k], notes[k]) for k in members),
        confidence=confidence,
        severity=None if months > long_overlap else Severity.LOW,
    )


def _is_current(rng: DateRange) -> bool:
    return rng.end is None and rng.current


# ---------------------------------------------------------------------------------------------
# Words saying a future date is a plan, read in the date text, the title or the degree line only
# (a position's bullets say "planned" and "starting" about other things). "Current" is not one:
# it is how many write "Present".
_FUTURE_OK = re.compile(
    r"\b(?:expected|expecting|anticipated|projected|planned|estimated|est\.|candidate|"
    r"in progress|pursuing|incoming|upcoming|starting|to start|"
    r"will (?:join|start|begin|graduate|complete)|accepted|offer|admitted|enrolled|until|"
    r"fixed[- ]term)\b",
    re.I,
)
EARLIEST_YEAR = 1950


@check(
    "TL002",
    "Impossible dates",
    Category.TIMELINE,
    Severity.HIGH,
    needs=("timeline",),
)
def impossible_dates(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A position or study whose dates cannot be true: it ends before it starts, it starts after
    the document's own date ("Present" for that source), or it starts before 1950.

    Such dates are typing errors at best; at worst a history written without care for whether
    it holds together. Comparisons respect precision: "2019 – 2019" is fine, "Mar 2019 –
    Jan 2019" is not; a date is in the future only when even its earliest reading (January of
    a year-only date) falls after the month of the source's date.

    Tolerated: a future date whose entry says so ("Expected May 2027", "anticipated", "incoming",
    "starting", "pursuing", "until", "fixed-term"); a study that is still going on. A study
    written with a future end and no such word is reported at `low` (students often write
    "2023 – 2027"); a position with a future end at `medium` (fixed-term contracts exist), and
    at `low` for a contract, board seat, volunteer term or other side role (terms end ahead).

    Verify by hand: read the entry named in the evidence and the date the source was written
    (a LinkedIn export's date, else the scan date).
    """
    for i, prof, as_of in _profiles(candidate):
        now = month_index(as_of)
        entries: list[tuple[Evidence, str, DateRange, str, bool]] = []
        for k, p in enumerate(prof.experience):
            if p.range is not None:
                words = " ".join((p.range.raw, p.title))
                label = f"position {_pos_text(p)}"
                # a board seat, volunteer term or contract often has its end date set ahead
                term = is_side_role(p) or p.employment_type is EmploymentType.CONTRACT
                entries.append((_pos_evidence(i, k, p), label, p.range, words, term))
        for k, s in enumerate(prof.education):
            if s.range is not None:
                words = " ".join((s.range.raw, s.degree, s.raw))
                label = f"study {_study_text(s)}"
                entries.append((_study_evidence(i, k, s), label, s.range, words, False))
        for ev, label, r, words, term in entries:
            yield from _impossible(ev, label, r, words, now, as_of, term)


def _impossible(
    ev: Evidence, label: str, r: DateRange, words: str, now: int, as_of: date, term: bool = False
) -> Iterator[Hit]:
    is_study = label.startswith("study")
    what = f"{label} ({_range_text(r)})"
    start, end = r.start, r.end
    if start is not None and end is not None and end.latest() < start.earliest():
        yield Hit(
            message=f"The {what} ends ({end}) before it starts ({start}).",
            evidence=(ev,),
            confidence=0.9,
        )
    said_future = bool(_FUTURE_OK.search(words))
    if start is not None and start.first_month > now and not said_future:
        yield Hit(
            message=(f"The {what} starts ({start}) after the source's date ({as_of.isoformat()})."),
            evidence=(ev,),
            confidence=0.85,
        )
    elif (
        end is not None
        and end.first_month > now
        and not said_future
        # A student's expected graduation (begun, ending within 8 years): profiles rarely say so.
        and not (is_study and start is not None and end.first_month - now <= 8 * 12)
    ):
        later = "written as completed" if is_study else "not marked as expected or fixed-term"
        yield Hit(
            message=(
                f"The {what} ends ({end}) after the source's date ({as_of.isoformat()}), {later}."
            ),
            evidence=(ev,),
            confidence=0.5 if is_study or term else 0.6,
            severity=Severity.LOW if is_study or term else Severity.MEDIUM,
        )
    earliest = [d for d in (start, end) if d is not None and d.last_month < EARLIEST_YEAR * 12]
    if earliest:
        d = earliest[0]
        verb = "starts" if d is start else "ends"
        yield Hit(
            message=f"The {what} {verb} in {d}, before {EARLIEST_YEAR}.",
            evidence=(ev,),
            confidence=0.9,
        )


# ---------------------------------------------------------------------------------------------
# Shortest and longest plausible full-time length of each degree, in months (0: no limit).
_LENGTH_PARAMS = {
    "bachelor_min_months": 24,
    "bachelor_max_months": 96,
    "master_min_months": 9,
    "master_max_months": 0,
    "doctorate_min_months": 30,
    "doctorate_max_months": 0,
    "associate_min_months": 6,
    "associate_max_months": 0,
}
_NOT_FULL_COURSE = re.compile(
    r"\b(?:candidate|incomplete|not completed|uncompleted|withdr[ae]w\w*|left|dropped|"
    r"coursework|transfer\w*|exchange|study abroad|semester|visiting|top[- ]?up|accelerated|"
    r"fast[- ]?track|advanced standing|credit\w*|abd|all but dissertation|one[- ]year|"
    r"(?:1|one)[- ]yr)\b",
    re.I,
)
_PART_TIME_STUDY = re.compile(
    r"\b(?:part[- ]time|evening|weekend|online|distance|remote|executive|while working|"
    r"extension|continuing education|extended|leave of absence|mature)\b",
    re.I,
)


@check(
    "TL003",
    "Implausible study duration",
    Category.TIMELINE,
    Severity.MEDIUM,
    needs=("education",),
    params=_LENGTH_PARAMS,
)
def study_duration(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A degree whose dated length does not fit its level: a bachelor's in under 2 years or over
    8, a master's under 9 months, a doctorate under 2.5 years, an associate degree under 6
    months.

    Degree mills and invented degrees often come with lengths no real programme has. Only
    studies with both ends dated are read; "too short" uses the widest reading of the dates
    ("2019 – 2020" may be 24 months) and "too long" the narrowest, so precision never creates a
    finding. The level comes from the degree text (BS, B.Tech, Bachelor of …, MSc, MBA, Ph.D.,
    DPhil, AA, …); certificates, diplomas, bootcamps, honorary and combined degrees ("BS/MS")
    are not judged. Limits are configurable: `[thresholds.TL003] bachelor_min_months = 24`,
    `bachelor_max_months`, `master_min_months`, `doctorate_min_months`, `associate_min_months`
    (and `*_max_months` for the others; 0 means no limit).

    Tolerated: entries that say why ("transfer", "exchange", "top-up", "accelerated",
    "advanced standing", "candidate", "incomplete"); a bachelor's begun elsewhere (another study
    ending around its start); part-time, evening, online or executive study for "too long".

    Verify by hand: read the education entry in the source; ask for the transcript or check the
    school's programme length and the registrar's record.
    """
    params = ctx.params("TL003")
    for i, prof, _as_of in _profiles(candidate):
        for k, s in enumerate(prof.education):
            r = s.range
            if r is None or r.start is None or r.end is None:
                continue
            if r.end.last_month < r.start.first_month:
                continue  # ends before it starts: TL002's
            level = degree_level(s.degree)
            if not level.has_duration_rule:
                continue
            lo = int(params[f"{level.value}_min_months"]) or None
            hi = int(params[f"{level.value}_max_months"]) or None
            words = " ".join((s.degree, s.field, s.raw, r.raw))
            widest = r.end.last_month - r.start.first_month + 1
            narrowest = r.end.first_month - r.start.last_month + 1
            name = level.label
            if lo is not None and widest < int(lo) and not _NOT_FULL_COURSE.search(words):
                if level is DegreeLevel.BACHELOR and _begun_elsewhere(prof.education, k, r):
                    continue
                if _short_course_explained(candidate, i, s, level, ctx):
                    continue  # another source gives the reason ("transfer student") or the start
                yield Hit(
                    message=(
                        f"The {name} {_study_text(s)} spans at most {_years(widest)} "
                        f"({_range_text(r)}); a {name} normally takes at least "
                        f"{_years(int(lo))}."
                    ),
                    evidence=(_study_evidence(i, k, s),),
                    confidence=0.7,
                )
            elif hi is not None and narrowest > int(hi) and not _PART_TIME_STUDY.search(words):
                yield Hit(
                    message=(
                        f"The {name} {_study_text(s)} spans at least {_years(narrowest)} "
                        f"({_range_text(r)}); a {name} rarely takes more than {_years(int(hi))}."
                    ),
                    evidence=(_study_evidence(i, k, s),),
                    confidence=0.6,
                )


def _short_course_explained(
    candidate: Candidate, i: int, s: Study, level: DegreeLevel, ctx: CheckContext
) -> bool:
    """Another source lists the same study (school and degree) with what makes it short: a
    reason in its words, or an earlier study it was begun at (a profile often leaves out the
    community college a résumé lists)."""
    for j, prof, _as_of in _profiles(candidate):
        if j == i:
            continue
        for k, t in enumerate(prof.education):
            if not (
                ctx.same_school(s.school, t.school) and same_degree(s.degree, t.degree) is not False
            ):
                continue
            words = " ".join((t.degree, t.field, t.raw, t.range.raw if t.range else ""))
            if _NOT_FULL_COURSE.search(words):
                return True
            if (
                level is DegreeLevel.BACHELOR
                and t.range is not None
                and t.range.start is not None
                and _begun_elsewhere(prof.education, k, t.range)
            ):
                return True
    return False


def _begun_elsewhere(studies: tuple[Study, ...], k: int, r: DateRange) -> bool:
    """Another college study ended within two years before this one started (credits carried
    over); a school-leaving certificate or a course does not count."""
    assert r.start is not None
    for j, other in enumerate(studies):
        o = other.range
        if j == k or o is None or o.end is None:
            continue
        if not degree_level(other.degree).is_degree and degree_level(
            f"{other.degree} {other.school}"
        ) in (DegreeLevel.DIPLOMA, DegreeLevel.CERTIFICATE):
            continue
        if o.start is not None and o.start.first_month >= r.start.last_month:
            continue
        if r.start.first_month - 24 <= o.end.last_month:
            return True
    return False


# ---------------------------------------------------------------------------------------------
@check(
    "TL004",
    "Stated experience disagrees with the dated history",
    Category.TIMELINE,
    Severity.LOW,
    needs=("stated_experience", "experience"),
    params={"difference_years": 2},
)
def stated_experience(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The source states a length of experience ("8 years of experience", "10+ years") that
    differs from its own dated positions by more than 2 years.

    A claimed career much longer than the history shown is a common inflation; one much shorter
    can mean the history was padded. The history is the union of the months the positions
    cover (overlaps counted once), measured to the source's own date. For "the claim is longer"
    every position counts, internships included, at its widest reading, and nothing is reported
    when any position is undated (the gap may be there); for "the history is longer" only
    professional roles count (no internships, student jobs, volunteering or boards) at their
    narrowest reading. An "at least" claim ("10+", "over 10 years") is never contradicted by a
    longer history. The tolerance is `[thresholds.TL004] difference_years` (default 2).

    Tolerated: claims about one field or technology ("5 years of Python": TL008 reads those);
    résumés that leave out early jobs are a known cause of this finding, which is why it is
    `low`.

    Verify by hand: add up the dated positions in the source and compare with the sentence
    quoted in the evidence.
    """
    tolerance = round(float(ctx.params("TL004")["difference_years"]) * 12)
    releases = _releases(ctx)
    for i, prof, as_of in _profiles(candidate):
        # "13 years of experience in backend systems" is overall experience; "5 years of Go"
        # (a technology of the release table) is about Go, and TL008's.
        claims = [
            (j, s)
            for j, s in enumerate(prof.stated_experience)
            if not s.subject.strip() or not releases.technologies(s.subject, "item")
        ]
        if not claims or not prof.experience:
            continue
        now = month_index(as_of)
        wide: list[tuple[int, int]] = []
        core: list[tuple[int, int]] = []
        complete = True
        for p in prof.experience:
            b = p.range.bounds(as_of) if p.range else None
            if b is None or b[1] < b[0]:  # undated, or ending before it starts (TL002's)
                complete = False
                continue
            if b[0] <= now:
                wide.append((b[0], min(b[1], now)))  # months after the source's date not yet
            c = p.range.core(as_of) if p.range else None
            if c is not None and c[0] <= now and is_professional(p):
                core.append((c[0], min(c[1], now)))
        if not wide:
            continue
        wide_months, core_months = _union(wide), _union(core)
        span = f"{_month(min(a for a, _ in wide))} – {_month(max(b for _, b in wide))}"
        for j, s in claims:
            stated = round(s.years * 12)
            claim_ev = Evidence(i, f"stated_experience[{j}]", s.raw)
            if complete and stated - wide_months > tolerance:
                hist_ev = Evidence(
                    i,
                    "experience",
                    f"dated positions cover at most {_years(wide_months)} ({span})",
                )
                yield Hit(
                    message=(
                        f"The source states '{s.raw}', but its dated positions cover at most "
                        f"{_years(wide_months)} ({span})."
                    ),
                    evidence=(claim_ev, hist_ev),
                    confidence=0.6,
                )
            elif not s.at_least and core_months - stated > tolerance:
                hist_ev = Evidence(
                    i,
                    "experience",
                    f"professional positions cover at least {_years(core_months)} ({span})",
                )
                yield Hit(
                    message=(
                        f"The source states '{s.raw}', but its dated professional positions "
                        f"cover at least {_years(core_months)}."
                    ),
                    evidence=(claim_ev, hist_ev),
                    confidence=0.5,
                )


def _union(spans: list[tuple[int, int]]) -> int:
    """Months covered by inclusive (first, last) spans, overlaps counted once."""
    total, end = 0, None
    for a, b in sorted(spans):
        if end is None or a > end:
            total += b - a + 1
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


# ---------------------------------------------------------------------------------------------
_SENIOR = re.compile(
    r"(?<![\w])(?:senior|sr\.?|principal|staff (?:[a-z]+ )?(?:engineer|developer|scientist|"
    r"architect|designer|researcher)|(?:tech(?:nical)?|engineering|development|software|data|"
    r"design|qa|test) lead|lead (?:software |data |backend |frontend |mobile )?(?:engineer|"
    r"developer|architect|designer|scientist|consultant|analyst)|head of|director|"
    r"vice[- ]president|vp|svp|evp|chief|cto|ceo|cio|cfo|coo|ciso|cpo|architect|"
    r"engineering manager)(?![\w])",
    re.I,
)
# First jobs whose titles carry "senior" or "lead" without professional seniority, and
# titles that say the opposite of senior.
_FIRST_JOB = re.compile(
    r"\b(?:junior|jr\.?|assistant|apprentice|trainee|entry[- ]level|cashier|retail|store|shop|crew|shift|server|waiter|waitress|barista|bartender|cook|"
    r"dishwasher|lifeguard|camp|counsel(?:l)?or|sales associate|clerk|host(?:ess)?|cleaner|"
    r"driver|delivery|warehouse|stock\w*|babysit\w*|nanny|coach|referee|usher|team member|"
    r"choir|band|scout\w*|captain)\b",
    re.I,
)
_LATER_DEGREE = re.compile(
    r"\b(?:part[- ]time|evening|weekend|online|distance|executive|while working|extension|"
    r"continuing education|mature|open university)\b",
    re.I,
)


@check(
    "TL005",
    "Senior role before the first degree",
    Category.TIMELINE,
    Severity.MEDIUM,
    needs=("experience", "education"),
    params={"within_months": 12},
)
def senior_before_degree(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A senior or lead position (Senior, Sr., Principal, Staff Engineer, Tech Lead, Head of,
    Director, VP, Chief …, CTO, Architect, Engineering Manager) starts before, or within a year
    of, the start of the person's first degree (bachelor's or associate).

    Careers do not usually reach senior titles before university; a history that does is often
    one whose dates or titles were invented. Precision is respected: the position must surely
    start no more than 12 months after the degree surely started (`[thresholds.TL005]
    within_months`).

    Tolerated: internships, part-time, contract, freelance, founder, student and volunteer roles;
    roles at schools and student societies; first jobs whose titles carry "senior" or "lead"
    without professional seniority (shift lead, senior cashier, camp counsellor); later-life
    degrees: a degree described as part-time, evening, online or executive, or any earlier
    professional role starting at least two years before the senior one; master's and doctoral
    studies (people often take them mid-career). "Manager" alone is not read as senior.

    Verify by hand: compare the position's start with the degree's start in the source, and the
    person's age if known; ask how they held the role while starting university.
    """
    within = int(ctx.params("TL005")["within_months"])
    for i, prof, _as_of in _profiles(candidate):
        first = _first_degree(prof.education)
        if first is None:
            continue
        k_deg, study, d_start = first
        if _LATER_DEGREE.search(" ".join((study.degree, study.field, study.raw))):
            continue
        professional = [
            q.range.start
            for q in prof.experience
            if q.range and q.range.start and is_professional(q) and not _FIRST_JOB.search(q.title)
        ]
        for k, p in enumerate(prof.experience):
            r = p.range
            if r is None or r.start is None or is_side_role(p):
                continue
            if not _SENIOR.search(p.title) or _FIRST_JOB.search(p.title):
                continue
            if _SCHOOL_ORG.search(p.org):
                continue
            if r.start.last_month > d_start.first_month + within:
                continue
            if any(q.last_month <= r.start.first_month - 24 for q in professional):
                continue  # a career before this role: a later-life degree, not a fast start
            relation = "before" if r.start.last_month < d_start.first_month else "within a year of"
            yield Hit(
                message=(
                    f"The senior position {_pos_text(p)} starts ({r.start}) {relation} the start "
                    f"of the first degree {_study_text(study)} ({d_start})."
                ),
                evidence=(_pos_evidence(i, k, p), _study_evidence(i, k_deg, study)),
                confidence=0.7 if _imprecise(r.start, d_start) else 0.75,
            )


def _first_degree(studies: tuple[Study, ...]) -> tuple[int, Study, PartialDate] | None:
    best: tuple[int, Study, PartialDate] | None = None
    for k, s in enumerate(studies):
        if s.range is None or s.range.start is None:
            continue
        if degree_level(s.degree) not in (DegreeLevel.BACHELOR, DegreeLevel.ASSOCIATE):
            continue
        if best is None or s.range.start.first_month < best[2].first_month:
            best = (k, s, s.range.start)
    return best


# ---------------------------------------------------------------------------------------------
@check(
    "TL006",
    "More than one current full-time position",
    Category.TIMELINE,
    Severity.MEDIUM,
    needs=("experience",),
)
def several_current_positions(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Two or more full-time positions at different employers are marked current ("Present")
    in one source.

    Holding two full-time jobs now is rare and, in remote-work fraud, one identity working for
    several employers at once is the scheme itself; more often it is a profile that was not
    updated, which the candidate can explain.

    Tolerated: internships, part-time, contract, freelance, volunteer, advisory, board,
    self-employed and founder roles, and side roles by title (mentor, instructor, maintainer,
    fellow, …); several current roles at one employer (two hats, a promotion, a renamed company);
    a role that starts after the source's date (an accepted offer; TL002 judges its wording).

    Verify by hand: read the current entries in the source; ask the candidate which job is
    current and whether the other ended.
    """
    for i, prof, as_of in _profiles(candidate):
        now = month_index(as_of)
        current = [
            (k, p)
            for k, p in enumerate(prof.experience)
            if _ongoing(p.range)
            and _full_time(p, prof, ctx, candidate.name)
            and not (p.range and p.range.start and p.range.start.first_month > now)  # incoming
        ]
        groups: list[list[tuple[int, Position]]] = []
        for k, p in current:
            for g in groups:
                if ctx.same_org(g[0][1].org, p.org):
                    g.append((k, p))
                    break
            else:
                groups.append([(k, p)])
        if len(groups) < 2:
            continue
        firsts = [g[0] for g in groups]
        listed = " and ".join(
            f"{_pos_text(p)} (since {p.range.start if p.range and p.range.start else '?'})"
            for _k, p in firsts
        )
        yield Hit(
            message=f"{len(groups)} full-time positions are marked current: {listed}. Each was "
            f"judged full time: {_FULL_TIME_WHY} in the entry.",
            evidence=tuple(_pos_evidence(i, k, p) for k, p in firsts),
            confidence=0.7,
        )


# ---------------------------------------------------------------------------------------------
# A rename or acquisition named in the employer or title, or spelled out in the entry's text.
_RENAMED_ORG = re.compile(
    r"\b(?:formerly|previously|f/?k/?a|now part of|acquired|acquisition|merged|merger|"
    r"rebrand\w*|renamed|spun (?:off|out)|spin-?off|predecessor|legacy|via|through)\b|\(now\b",
    re.I,
)
_RENAMED_TEXT = re.compile(
    r"\b(?:formerly|previously known|f/k/a|fka|now part of|acquired by|was acquired|"
    r"acquisition of|(?:through|via) (?:the )?acquisition|merged (?:with|into)|rebranded|"
    r"renamed|spun (?:off|out) (?:from|of)|predecessor)\b|\(now\b",
    re.I,
)


def _reference_evidence(entry: Entry, table: str, what: str) -> Evidence:
    origin = "configuration" if entry.source == "config" else "shipped table"
    note = f"{origin}; {entry.note}" if entry.note else origin
    return Evidence(None, f"reference:{table}", f"{entry.name}: {what} {entry.year}", note)


@check(
    "TL007",
    "Position starts before the employer existed",
    Category.TIMELINE,
    Severity.HIGH,
    needs=("experience",),
)
def before_employer_existed(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A position starts in a year before its employer was founded, by the reference table of
    founding years (shipped in `scanner/data/founding_years.json`, extended or corrected in
    configuration: `[references.founding_years] "Example Robotics" = 2016`).

    Nobody works for a company before it exists; invented histories borrow well-known names
    without checking when they began. Years are compared as years (a founding year has no
    month), so "Jan 2010" at a company founded in 2010 is fine. The table counts a company from
    its oldest direct predecessor or parent (Lyft from Zimride 2007, AWS from Amazon), and uses
    the earlier year where sources disagree.

    Tolerated: an employer or title that mentions a rename or acquisition ("formerly",
    "acquired", "merged", "(now …)", "via"), or an entry whose text says so ("acquired by",
    "merged with", "renamed"); an employer string naming a second organisation that existed
    then ("X (Y)", "X / Y"); founders, whose work often starts up to two years before
    incorporation. Employers missing from the table give no finding, which is not a clean
    result: the check could not judge them.

    Verify by hand: look up the employer's founding year (its own site, a company register) and
    compare it with the start of the position in the source; ask whether the employer was a
    predecessor company under another name.
    """
    founding = _founding(ctx)
    for i, prof, _as_of in _profiles(candidate):
        for k, p in enumerate(prof.experience):
            r = p.range
            if r is None or r.start is None:
                continue
            entry = founding.employer(p.org)
            if entry is None:
                continue
            grace = 2 if _FOUNDER.search(p.title) else 0
            if r.start.year >= entry.year - grace:
                continue
            if _RENAMED_ORG.search(f"{p.org} {p.title}") or _RENAMED_TEXT.search(
                f"{p.description} {p.raw}"
            ):
                continue
            others = _other_names(p.org, entry, founding)
            if any(o is not None and o.year <= r.start.year for o in others):
                continue
            yield Hit(
                message=(
                    f"The position {_pos_text(p)} starts in {r.start.year} "
                    f"({_range_text(r)}), but {entry.name} was founded in {entry.year}."
                ),
                evidence=(
                    _pos_evidence(i, k, p),
                    _reference_evidence(entry, "founding_years", "founded"),
                ),
                confidence=0.6 if None in others else 0.85,
            )


def _other_names(org: str, entry: Entry, founding: ReferenceTable) -> list[Entry | None]:
    """Other organisations named in an employer string ("X (Y)", "X / Y"): their entries, or
    None for a name the table does not know (it may be a predecessor)."""
    parts = re.findall(r"\(([^)]*)\)", org)
    parts += re.split(r"\s+/\s+|\s+\|\s+", re.sub(r"\([^)]*\)", " ", org))[1:]
    out: list[Entry | None] = []
    for part in (x.strip() for x in parts):
        if not part or not re.search(r"[A-Za-z]", part):
            continue
        hit = founding.employer(part)
        if hit is not entry:
            out.append(hit)
    return out


# ---------------------------------------------------------------------------------------------
@check(
    "TL008",
    "Technology claimed before its release",
    Category.TIMELINE,
    Severity.MEDIUM,
    needs=("experience_or_stated",),
    params={"tolerance_years": 0},
)
def technology_before_release(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A technology named in a dated position's title or description, or in "N years of X",
    predates its first public release, by the reference table of release years (shipped in
    `scanner/data/tech_releases.json`, extended in configuration: `[references.tech_releases]
    "Zig" = 2016`).

    Nobody used Kubernetes in 2011; histories written today often project today's stack back
    onto old jobs, and "10 years of Kubernetes" in 2022 is arithmetic that cannot hold. A
    position is reported when it ended (at the latest reading of its end date; "Present" is the
    source's date) before January of the release year; a stated "N years of X" when it reaches
    back before that (`[thresholds.TL008] tolerance_years`, default 0, moves the line earlier).
    The table's years are the earliest public availability (a beta, a preview, published
    source), so early adopters are not reported.

    Tolerated: positions at the organisation that built the technology (its staff used it before
    release: Go at Google, React at Facebook); names that are also ordinary words or names ("Go", "Swift", "Rust", "Spark",
    "Julia"), which count only when written exactly so as an item of a list of technologies or
    as the whole subject of a claim; "SWIFT" the banking network, "IOS" the Cisco system, "LLM"
    the law degree.

    Verify by hand: read the entry quoted in the evidence and look up the technology's first
    release (its project history or release notes).
    """
    table = _releases(ctx)
    tolerance = int(ctx.params("TL008")["tolerance_years"])
    for i, prof, as_of in _profiles(candidate):
        for k, p in enumerate(prof.experience):
            r = p.range
            if r is None:
                continue
            _lo, latest = r.end_bounds(as_of)
            if latest is None:
                continue
            mentions = table.technologies(p.title, "title") + table.technologies(p.description)
            seen: set[str] = set()
            for m in mentions:
                entry = m.entry
                if entry.name in seen or latest >= (entry.year - tolerance) * 12:
                    continue
                seen.add(entry.name)
                if any(ctx.same_org(p.org, o) for o in entry.origin):
                    continue
                named = entry.name if m.text == entry.name else f"{entry.name} (as '{m.text}')"
                yield Hit(
                    message=(
                        f"The position {_pos_text(p)} ({_range_text(r)}) names {named}, but it "
                        f"ended by {_month(latest)} and {entry.name} was first publicly released "
                        f"in {entry.year}."
                    ),
                    evidence=(
                        _pos_evidence(i, k, p, note=f"mentions '{m.text}'"),
                        _reference_evidence(entry, "tech_releases", "first public release"),
                    ),
                    confidence=0.7,
                )
        now = month_index(as_of)
        for j, s in enumerate(prof.stated_experience):
            if not s.subject.strip() or s.years <= 0:
                continue
            since = now - round(s.years * 12)
            seen = set()
            for m in table.technologies(s.subject, "item"):
                entry = m.entry
                if entry.name in seen or since >= (entry.year - tolerance) * 12:
                    continue
                seen.add(entry.name)
                yield Hit(
                    message=(
                        f"The source states '{s.raw}' as of {as_of.isoformat()}, which reaches "
                        f"back to {_month(since)}, but {entry.name} was first publicly released "
                        f"in {entry.year}."
                    ),
                    evidence=(
                        Evidence(i, f"stated_experience[{j}]", s.raw),
                        _reference_evidence(entry, "tech_releases", "first public release"),
                    ),
                    confidence=0.75,
                )


# ---------------------------------------------------------------------------------------------
def _full_time_study(s: Study) -> bool:
    """A study with nothing saying it was part-time, evening, online, distance or executive."""
    words = " ".join((s.degree, s.field, s.school, s.raw, s.range.raw if s.range else ""))
    return not (_PART_TIME_STUDY.search(words) or _LATER_DEGREE.search(words))


# Signs that a job fitted around a study. The plain words ("remote", "student", "campus") are
# read in an entry's own lines only: a bullet about "an internal tool", "remote sensing" or "the
# student portal" says nothing about how the job was held.
_STUDY_SIDE = re.compile(
    r"(?<![\w])(?:co-?op|intern(?:ship)?s?|part[- ]time|work[- ]study|placement|sandwich|"
    r"apprentice(?:ship)?s?)(?![\w])",
    re.I,
)
_STUDY_SIDE_HEAD = re.compile(
    r"(?<![\w])(?:assistant\w*|remote|student|campus)(?![\w])",
    re.I,
)


def _beside_study(p: Position) -> bool:
    """The entry says the job was held beside a study (co-op, internship, part-time, remote…)."""
    head = p.raw.replace(p.description, "") if p.description else p.raw
    return bool(
        _STUDY_SIDE.search(" ".join((p.title, p.description, p.raw)))
        or _STUDY_SIDE_HEAD.search(" ".join((p.title, head)))
    )


@check(
    "TL009",
    "Senior role began long before the degree it needs was completed",
    Category.TIMELINE,
    Severity.MEDIUM,
    needs=("experience", "education"),
    params={"min_months": 12},
)
def role_before_required_degree(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A full-time senior or lead engineering role began years before the candidate completed
    the only degree they list, while studying full time for it: a "Senior Engineer" two or more
    years before the bachelor's that such a role needs was finished.

    Read only where the sources say enough: the degree is the only one listed (a bachelor's or
    associate degree), dated to its end, with no part-time, evening, online, distance or
    executive sign; the role is judged full time and senior by its title (senior, lead, staff,
    principal, architect, head of…) and began at least `min_months` (12) before the degree
    ended, but after the degree began (a senior role before it is TL005). Not reported: roles at
    the school itself, side roles, a career that began two or more years before the degree
    (a mature student), and master's or doctoral degrees (often taken mid-career).

    Verify by hand: ask when the degree was completed and how the role was held while studying
    full time; a degree-verification service confirms the dates.
    """
    min_months = int(ctx.params("TL009")["min_months"])
    for i, prof, _as_of in _profiles(candidate):
        degrees = [(k, s) for k, s in enumerate(prof.education) if degree_level(s.degree).is_degree]
        if len(degrees) != 1:
            continue
        k_deg, study = degrees[0]
        if degree_level(study.degree) not in (DegreeLevel.BACHELOR, DegreeLevel.ASSOCIATE):
            continue
        r_deg = study.range
        if r_deg is None or r_deg.start is None or r_deg.end is None or not _full_time_study(study):
            continue
        professional = [
            q.range.start
            for q in prof.experience
            if q.range and q.range.start and is_professional(q) and not _FIRST_JOB.search(q.title)
        ]
        for k, p in enumerate(prof.experience):
            r = p.range
            if r is None or r.start is None or not _full_time(p, prof, ctx, candidate.name):
                continue
            if (
                not _SENIOR.search(p.title)
                or _FIRST_JOB.search(p.title)
                or _SCHOOL_ORG.search(p.org)
            ):
                continue
            if r.start.first_month <= r_deg.start.last_month + 12:
                continue  # before or just after the degree began: TL005's
            months = r_deg.end.first_month - r.start.last_month
            if months < min_months:
                continue
            if any(q.last_month <= r_deg.start.first_month - 24 for q in professional):
                continue  # a career before the degree: a mature student
            yield Hit(
                message=(
                    f"The senior role {_pos_text(p)} began {r.start}, {_years(months)} before "
                    f"the only degree listed, {_study_text(study)} ({_range_text(r_deg)}), was "
                    "completed; nothing says the study was part-time."
                ),
                evidence=(_pos_evidence(i, k, p), _study_evidence(i, k_deg, study)),
                confidence=0.65 if _imprecise(r.start, r_deg.end) else 0.75,
            )


@check(
    "TL010",
    "Full-time role held throughout full-time study",
    Category.TIMELINE,
    Severity.LOW,
    needs=("experience", "education"),
    params={"min_months": 12},
)
def full_time_role_during_study(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A full-time role and a full-time degree, both dated to the month, overlap for a year or
    more, and neither entry says part-time, remote, co-op, internship, assistantship, work-study
    or student job.

    Low on its own: many people work while they study without saying so. It matters beside
    other findings about the timeline. Not reported: roles at the school itself (student jobs,
    assistantships), side roles (see TL001), studies marked part-time, evening, online,
    distance or executive, and dates known only to the year.

    Verify by hand: ask how the job and the course were combined; a transcript shows whether the
    study was full time.
    """
    min_months = int(ctx.params("TL010")["min_months"])
    for i, prof, as_of in _profiles(candidate):
        for ks, s in enumerate(prof.education):
            rs = s.range
            if (
                rs is None
                or rs.start is None
                or rs.end is None
                or not degree_level(s.degree).is_degree
            ):
                continue
            if rs.start.month is None or rs.end.month is None or not _full_time_study(s):
                continue
            if _STUDY_SIDE.search(text := " ".join((s.degree, s.field, s.raw))) or (
                _STUDY_SIDE_HEAD.search(text)
            ):
                continue
            for kp, p in enumerate(prof.experience):
                r = p.range
                if r is None or r.start is None or r.start.month is None:
                    continue
                if r.end is not None and r.end.month is None:
                    continue
                if not _full_time(p, prof, ctx, candidate.name):
                    continue
                if _beside_study(p):
                    continue
                core = r.core(as_of)
                if core is None:
                    continue
                lo, hi = max(core[0], rs.start.last_month), min(core[1], rs.end.first_month)
                months = hi - lo + 1
                if months < min_months:
                    continue
                yield Hit(
                    message=(
                        f"The full-time role {_pos_text(p)} ({_range_text(r)}) overlaps the "
                        f"full-time study {_study_text(s)} ({_range_text(rs)}) for "
                        f"{_years(months)}, and neither says part-time, remote or co-op."
                    ),
                    evidence=(_pos_evidence(i, kp, p), _study_evidence(i, ks, s)),
                    confidence=0.6,
                )
