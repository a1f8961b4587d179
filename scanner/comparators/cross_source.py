"""XS: one person's sources compared with each other (résumé, LinkedIn, GitHub, site, application).

Every comparison is between two of the candidate's own claims. Benign differences stay low or
quiet: nicknames, diacritics, a middle name, a legal suffix or a renamed company, month against
year precision, a promotion split into two rows, internships and part-time roles left off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from itertools import combinations

from extractors.model import (
    PartialDate,
    Position,
    Precision,
    Profile,
    SourceDocument,
    Study,
    month_index,
)
from extractors.normalise.contacts import mailboxes_match, same_number
from extractors.normalise.degrees import DegreeLevel, degree_level, same_degree, same_field
from extractors.normalise.employment import is_side_role
from extractors.normalise.names import NameLevel, names_match
from extractors.normalise.periods import date_gap, month_label
from extractors.normalise.tenures import Tenure, tenures
from extractors.normalise.titles import families_compatible, title_family
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check

Indexed = tuple[int, SourceDocument, Profile]


def _label(i: int, src: SourceDocument) -> str:
    return f"[{i}] {src.kind.value}"


def _with(candidate: Candidate, attr: str) -> list[Indexed]:
    """Current sources (not web-archive captures) that have `attr`."""
    return [
        (i, s, p)
        for i, s, p in candidate.indexed_profiles()
        if getattr(p, attr) and not s.kind.is_snapshot
    ]


def _pairs(items: list[Indexed]) -> Iterator[tuple[Indexed, Indexed]]:
    return combinations(items, 2)


# ---------------------------------------------------------------------------------------------
@check(
    "XS001",
    "Name differs between sources",
    Category.CROSS_SOURCE,
    Severity.HIGH,
    needs=("names", "two_sources"),
)
def names_differ(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The person's name differs between two sources beyond the ways one name is really written.

    Names are compared in levels: exact, normalised (case, diacritics, transliteration, order,
    hyphenation), nickname (Bob ↔ Robert), initials or a middle name added or dropped, partial
    (one part differs: a married name, another given name), close spelling, different. The
    tolerated levels produce nothing; partial and close spellings are reported as `low` (a
    married name is common and benign); a different name is `high`: the profile or résumé may be
    someone else's.

    Verify by hand: read the name line of both sources named in the evidence; ask the candidate
    about any legal name change and see whether the profile's history mentions it.
    """
    named = _with(candidate, "name")
    reported: set[tuple[str, str]] = set()
    for (i, si, pi), (j, sj, pj) in _pairs(named):
        key = tuple(sorted((pi.name.casefold(), pj.name.casefold())))
        if key in reported:
            continue
        m = names_match(pi.name, pj.name)
        if m.level <= NameLevel.INITIALS:
            continue
        reported.add(key)  # type: ignore[arg-type]
        ev = (Evidence(i, "name", pi.name), Evidence(j, "name", pj.name, note=m.detail))
        if m.level is NameLevel.DIFFERENT:
            yield Hit(
                f"{_label(i, si)} names {pi.name!r} but {_label(j, sj)} names {pj.name!r}",
                ev,
                confidence=0.9,
            )
        else:
            yield Hit(
                f"{pi.name!r} and {pj.name!r} only partly agree ({m.level.name.lower()}: {m.detail or 'one part differs'})",
                ev,
                confidence=0.6,
                severity=Severity.LOW,
            )


# ---------------------------------------------------------------------------------------------
def _timeline_pairs(
    candidate: Candidate, same: Callable[[str, str], bool]
) -> Iterator[tuple[Indexed, list[Tenure], Indexed, list[Tenure]]]:
    with_exp = _with(candidate, "experience")
    for a, b in _pairs(with_exp):
        yield a, tenures(a[2].experience, same), b, tenures(b[2].experience, same)


def _coverage(ts: list[Tenure], as_of: date) -> tuple[int, int] | None:
    spans = [s for t in ts if (s := t.span(as_of))]
    if not spans:
        return None
    return (min(s[0] for s in spans), max(s[1] for s in spans))


@check(
    "XS002",
    "Employer missing from another source that covers the period",
    Category.CROSS_SOURCE,
    Severity.MEDIUM,
    needs=("experience", "two_sources"),
    params={"min_months": 6},
)
def employer_missing(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """An employer held for 6 months or more in one source is absent from another source whose
    dated history covers that same period.

    Only full-time roles count (internships, part-time, contract, freelance and volunteer work are
    often left off a résumé), and only when the other source's history spans the whole tenure
    (a résumé that starts in 2018 is not expected to list a 2012 employer). Employers are matched
    through legal suffixes, renames and acquisitions (the alias table) and close spellings. A
    brand that still exists on its own is not missing when the other source names the company
    that owns it over the same years ("Red Hat" / "IBM", "GitHub" / "Microsoft": the table's
    `owners`, extended by `[references.org_owners]`).

    A job the profile lists and the résumé leaves out is `low` (résumés are tailored to the
    role); a job the résumé claims that the profile leaves out, in years the profile covers, is
    `medium`.

    Verify by hand: look for the employer in the other source under another name; ask the
    candidate why one version of their history leaves it out.
    """
    same, owned = ctx.same_org, ctx.owned
    min_months = int(ctx.params("XS002")["min_months"])
    for (i, si, _pi), ti, (j, sj, _pj), tj in _timeline_pairs(candidate, same):
        for (a, sa, ta, asa), (b, sb, tb, asb) in (
            ((i, si, ti, candidate.as_of_for(i)), (j, sj, tj, candidate.as_of_for(j))),
            ((j, sj, tj, candidate.as_of_for(j)), (i, si, ti, candidate.as_of_for(i))),
        ):
            cover = _coverage(tb, asb)
            if cover is None:
                continue
            for t in ta:
                core = t.core(asa)
                if not t.full_time or core is None or t.months(asa) < min_months:
                    continue
                if core[0] < cover[0] or core[1] > cover[1]:
                    continue  # the other source does not cover this period
                if any(same(t.org, u.org) for u in tb):
                    continue
                if any(owned(t.org, u.org) and _overlap(t, asa, u, asb) for u in tb):
                    continue  # "Red Hat" on one side, its owner "IBM" over those years on the other
                # A résumé is tailored: a job only the profile lists is weak; a job only the
                # résumé (or form) claims, in years the profile covers, is worth a look.
                tailored = sb.kind.given and not sa.kind.given
                yield Hit(
                    f"{t.org} ({t.range_text}, {t.months(asa)} months) in {_label(a, sa)} is missing from "
                    f"{_label(b, sb)}, whose history runs {month_label(cover[0])} – {month_label(cover[1])}"
                    + (" (résumés often leave jobs out)" if tailored else ""),
                    (
                        Evidence(
                            a,
                            f"experience[{t.indexes[0]}]",
                            f"{t.org}: {', '.join(t.titles)} ({t.range_text})",
                        ),
                        Evidence(b, "experience", f"{len(tb)} employers, none matching {t.org!r}"),
                    ),
                    confidence=0.75 if t.months(asa) >= 12 else 0.6,
                    severity=Severity.LOW if tailored else None,
                )


@check(
    "XS003",
    "Same employer, different dates",
    Category.CROSS_SOURCE,
    Severity.MEDIUM,
    needs=("experience", "two_sources"),
    params={"tolerance_months": 3, "medium_months": 6},
)
def employer_dates_differ(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The same employer has start or end dates that differ between two sources by more than
    3 months beyond what the two sources' date precision allows.

    All positions at one employer are merged into one tenure per source first, so a promotion
    written as two rows on one side and one row on the other is not a difference; a year-only
    date (`2019`) agrees with any month of that year. "Present" means each document's own date
    (a LinkedIn export's creation date), so an export made in March is not contradicted by a
    résumé that says the job ended in February.

    Graded by size: dates up to `medium_months` (6) apart beyond their precision are `low` (a
    start counted from an offer, an end from the last paid month), further apart `medium`. A job
    one source still calls current while the other gives its end is `low` on its own (profiles
    are often not updated after leaving).

    Verify by hand: compare the two date lines quoted in the evidence.
    """
    same = ctx.same_org
    tolerance = int(ctx.params("XS003")["tolerance_months"])
    medium_gap = int(ctx.params("XS003")["medium_months"])
    for (i, si, pi), ti, (j, sj, pj), tj in _timeline_pairs(candidate, same):
        as_i, as_j = candidate.as_of_for(i), candidate.as_of_for(j)
        for t in ti:
            match = next((u for u in tj if same(t.org, u.org)), None)
            if match is None:
                continue
            problems = []
            gaps = []
            g = _start_gap(t, pi.experience, match, pj.experience)
            if g is not None and g > tolerance:
                problems.append(f"start {t.start} vs {match.start} ({g} months apart)")
                gaps.append(g)
            end_gap = _end_gap(t, as_i, match, as_j)
            stale = False
            if end_gap is not None and end_gap[0] > tolerance:
                problems.append(f"end {end_gap[1]} ({end_gap[0]} months apart)")
                stale = end_gap[2]
                if not stale:
                    gaps.append(end_gap[0])
            if problems:
                imprecise = any(
                    d is not None and d.precision is Precision.YEAR
                    for d in (t.start, t.end, match.start, match.end)
                )
                yield Hit(
                    f"{t.org}: {'; '.join(problems)} between {_label(i, si)} and {_label(j, sj)}"
                    + (" (compared at year precision)" if imprecise else ""),
                    (
                        Evidence(i, f"experience[{t.indexes[0]}]", f"{t.org} {t.range_text}"),
                        Evidence(
                            j, f"experience[{match.indexes[0]}]", f"{match.org} {match.range_text}"
                        ),
                    ),
                    confidence=(0.8 if len(problems) == 2 else 0.7) - (0.1 if imprecise else 0),
                    # "Present" against an end the other source gives is most often a profile
                    # not updated after leaving: low unless the starts differ as well.
                    severity=None if gaps and max(gaps) > medium_gap else Severity.LOW,
                )


def _start_gap(
    a: Tenure, a_roles: Sequence[Position], b: Tenure, b_roles: Sequence[Position]
) -> int | None:
    """Months between two tenures' starts beyond their precision. An internship or other side
    role that one source lists before the job and the other leaves out is not a different start:
    the starts are also compared without side roles, and the smaller gap counts."""
    if a.start is None or b.start is None:
        return None
    gap = date_gap(a.start, b.start)
    sa, sb = _main_start(a, a_roles), _main_start(b, b_roles)
    if gap and sa is not None and sb is not None:
        gap = min(gap, date_gap(sa, sb))
    return gap


def _main_start(t: Tenure, roles: Sequence[Position]) -> PartialDate | None:
    """The earliest start of a tenure's roles that are not side roles."""
    starts = [
        r.range.start
        for k in t.indexes
        if k < len(roles)
        and not is_side_role(r := roles[k])
        and r.range is not None
        and r.range.start is not None
    ]
    return min(starts, key=lambda d: d.first_month) if starts else None


def _overlap(a: Tenure, as_a: date, b: Tenure, as_b: date) -> bool:
    """Whether two tenures overlap in time (each read at its own document's date)."""
    ca, cb = a.core(as_a), b.core(as_b)
    return ca is not None and cb is not None and ca[0] <= cb[1] and cb[0] <= ca[1]


def _end_gap(a: Tenure, as_a: date, b: Tenure, as_b: date) -> tuple[int, str, bool] | None:
    """How far apart two tenures' ends are, the two ends as text, and whether one of them is a
    "Present" the other source says had ended (a profile not updated after leaving)."""
    if a.current and b.current:
        return None
    if a.current or b.current:
        _cur, cur_as, ended = (a, as_a, b) if a.current else (b, as_b, a)
        if ended.end is None:
            return None
        gap = max(0, month_index(cur_as) - ended.end.last_month)
        return gap, f"present (as of {cur_as:%Y-%m}) vs {ended.end}", True
    if a.end and b.end:
        return date_gap(a.end, b.end), f"{a.end} vs {b.end}", False
    return None


@check(
    "XS004",
    "Same employer, titles of a different kind",
    Category.CROSS_SOURCE,
    Severity.LOW,
    needs=("experience", "two_sources"),
)
def titles_differ(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The same employer carries titles of a different kind of work in two sources (e.g. "Sales
    Associate" against "Staff Engineer"), not merely different wording.

    Titles are sorted into families (engineering, data, design, product, management, sales,
    marketing, customer service, technical support, people, finance, operations, teaching,
    executive); compatible families
    (a lead engineer is also a manager) and titles that name no family are not compared. Low on
    its own: titles are marketing; it matters together with other findings.

    Verify by hand: read both titles in the evidence; the employer's own page or a reference can
    settle which is right.
    """
    same = ctx.same_org
    for (i, si, _), ti, (j, sj, _), tj in _timeline_pairs(candidate, same):
        for t in ti:
            match = next((u for u in tj if same(t.org, u.org)), None)
            if match is None:
                continue
            fa = {f for x in t.titles if (f := title_family(x))}
            fb = {f for x in match.titles if (f := title_family(x))}
            if not fa or not fb:
                continue
            if any(families_compatible(x, y) for x in fa for y in fb):
                continue
            yield Hit(
                f"{t.org}: {_label(i, si)} says {' / '.join(t.titles)!r} ({', '.join(sorted(fa))}); "
                f"{_label(j, sj)} says {' / '.join(match.titles)!r} ({', '.join(sorted(fb))})",
                (
                    Evidence(i, f"experience[{t.indexes[0]}]", f"{t.org}: {'; '.join(t.titles)}"),
                    Evidence(
                        j,
                        f"experience[{match.indexes[0]}]",
                        f"{match.org}: {'; '.join(match.titles)}",
                    ),
                ),
                confidence=0.7,
            )


@check(
    "XS005",
    "Education differs between sources",
    Category.CROSS_SOURCE,
    Severity.HIGH,
    needs=("education", "two_sources"),
)
def education_differs(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Education disagrees between two sources that both list it: another degree or field at the
    same school over the same years, another school for the same degree and years, or years
    apart beyond the dates' precision. Each contradiction is one finding, however many
    directions show it.

    Schools are matched through abbreviations, official and native-language names, initials and
    the school alias table ("UCF" / "University of Central Florida", "Università di Roma" /
    "University of Rome"); degrees through their level ("BS" / "B.Sc." / "Bachelor of Science");
    fields loosely ("CS" / "Computer Science"). Certificates, bootcamps, courses and school
    diplomas are ignored. A degree listed in one source and absent from the other is `low`
    (profiles often leave one out); a different field is `medium`, and so are years 1–3 apart; a
    different degree at one school over the same years, a different school for one degree (or
    two different degrees at two schools over the same years), or years more than 3 apart are
    `high`... unless the entries were read with low confidence.

    Verify by hand: compare the education lines quoted; a degree can be confirmed with the school
    or a degree-verification service.
    """
    same = ctx.same_school
    with_edu = _with(candidate, "education")
    for (i, si, pi), (j, sj, pj) in _pairs(with_edu):
        mine = [(k, s) for k, s in enumerate(pi.education) if _counted(s)]
        theirs = [(k, s) for k, s in enumerate(pj.education) if _counted(s)]
        pairs, only_i, only_j = _match_studies(mine, theirs, same)
        for (ka, a), (kb, b) in pairs:
            hit = _study_contradiction(i, ka, a, j, kb, b)
            if hit is not None:
                yield hit
        # A degree on each side for the same years at different schools is one contradiction.
        # Two different degrees at two schools over years that surely overlap (a year or more
        # even read at the coarsest precision) are one too: the same study told two ways.
        rivals: set[int] = set()
        for ka, a in only_i:
            rival = next(
                (
                    (kb, b)
                    for kb, b in only_j
                    if kb not in rivals
                    and same_degree(a.degree, b.degree) is not False
                    and _same_years(a, b)
                ),
                None,
            ) or next(
                (
                    (kb, b)
                    for kb, b in only_j
                    if kb not in rivals
                    and degree_level(a.degree).is_degree
                    and degree_level(b.degree).is_degree
                    and _sure_overlap(a, b) >= 12
                ),
                None,
            )
            if rival is not None:
                rivals.add(rival[0])
                yield _other_school(i, si, ka, a, j, sj, *rival)
            elif degree_level(a.degree).is_degree:
                yield _missing_study(i, si, ka, a, j, sj, pj)
        for kb, b in only_j:
            if kb not in rivals and degree_level(b.degree).is_degree:
                yield _missing_study(j, sj, kb, b, i, si, pi)


def _counted(s: Study) -> bool:
    """A study a profile and a résumé should agree on: a degree, or a school without a degree
    named (not a certificate, course or school-leaving diploma)."""
    level = degree_level(s.degree)
    return bool(s.school.strip()) and (level.is_degree or level is DegreeLevel.UNKNOWN)


def _match_studies(
    mine: list[tuple[int, Study]],
    theirs: list[tuple[int, Study]],
    same: Callable[[str, str], bool],
) -> tuple[
    list[tuple[tuple[int, Study], tuple[int, Study]]],
    list[tuple[int, Study]],
    list[tuple[int, Study]],
]:
    """Studies of one school paired across two sources: first those whose degrees agree, then
    the rest by the nearest dates; returns (pairs, unpaired of mine, unpaired of theirs)."""
    pairs = []
    used: set[int] = set()
    rest = []
    for ka, a in mine:
        fit = [(kb, b) for kb, b in theirs if kb not in used and same(a.school, b.school)]
        agree = [(kb, b) for kb, b in fit if same_degree(a.degree, b.degree) is not False]
        pick = min(agree or fit, key=lambda kb_b: _study_distance(a, kb_b[1]), default=None)
        if pick is None or (not agree and not _same_years(a, pick[1])):
            rest.append((ka, a))  # another programme at the same school, or none there
            continue
        used.add(pick[0])
        pairs.append(((ka, a), pick))
    return pairs, rest, [(kb, b) for kb, b in theirs if kb not in used]


def _study_distance(a: Study, b: Study) -> int:
    if a.range and b.range and a.range.end and b.range.end:
        return date_gap(a.range.end, b.range.end)
    return 0


def _same_years(a: Study, b: Study) -> bool:
    """The two studies cover overlapping years (undated studies are taken to)."""
    if a.range is None or b.range is None or a.range.start is None or b.range.start is None:
        return True
    ea = a.range.end or a.range.start
    eb = b.range.end or b.range.start
    return a.range.start.first_month <= eb.last_month and b.range.start.first_month <= ea.last_month


def _sure_overlap(a: Study, b: Study) -> int:
    """Months two fully dated studies overlap at the least, whatever months their year-only
    dates stand for (0 when either is not dated at both ends)."""
    ra, rb = a.range, b.range
    if ra is None or rb is None or None in (ra.start, ra.end, rb.start, rb.end):
        return 0
    assert ra.start and ra.end and rb.start and rb.end
    start = max(ra.start.last_month, rb.start.last_month)
    end = min(ra.end.first_month, rb.end.first_month)
    return max(0, end - start)


def _study_contradiction(i: int, ka: int, a: Study, j: int, kb: int, b: Study) -> Hit | None:
    """What two sources say differently about one study at one school, graded by how far apart."""
    problems: list[tuple[str, Severity]] = []
    if same_degree(a.degree, b.degree) is False:
        problems.append((f"degree {a.degree!r} vs {b.degree!r}", Severity.HIGH))
    if a.field and b.field and not same_field(a.field, b.field):
        problems.append((f"field {a.field!r} vs {b.field!r}", Severity.MEDIUM))
    for what, x, y in (
        ("start", a.range and a.range.start, b.range and b.range.start),
        ("end", a.range and a.range.end, b.range and b.range.end),
    ):
        if x and y and (gap := date_gap(x, y)) > 12:
            problems.append((f"{what} {x} vs {y}", Severity.HIGH if gap > 36 else Severity.MEDIUM))
    if not problems:
        return None
    severity = max((sev for _, sev in problems), key=lambda sev: sev.rank)
    return Hit(
        f"{a.school}: {'; '.join(p for p, _ in problems)}",
        (
            Evidence(i, f"education[{ka}]", f"{a.label} ({a.range})"),
            Evidence(j, f"education[{kb}]", f"{b.label} ({b.range})"),
        ),
        confidence=0.85 if severity is Severity.HIGH else 0.75,
        severity=severity,
    )


def _other_school(
    i: int, si: SourceDocument, ka: int, a: Study, j: int, sj: SourceDocument, kb: int, b: Study
) -> Hit:
    dated = a.range is not None and b.range is not None
    return Hit(
        f"{_label(i, si)} gives {a.label} and {_label(j, sj)} gives {b.label} for the same "
        f"{'years' if dated else 'degree'}: "
        + (
            "two schools for one degree"
            if same_degree(a.degree, b.degree) is not False
            else "two degrees at two schools at once"
        ),
        (
            Evidence(i, f"education[{ka}]", f"{a.label} ({a.range})"),
            Evidence(j, f"education[{kb}]", f"{b.label} ({b.range})"),
        ),
        confidence=0.8 if dated else 0.5,
        severity=Severity.HIGH if dated else Severity.LOW,
    )


def _missing_study(
    a: int, sa: SourceDocument, k: int, st: Study, b: int, sb: SourceDocument, pb: Profile
) -> Hit:
    listed = "; ".join(u.label for u in pb.education)
    return Hit(
        f"{st.label} in {_label(a, sa)} is not listed in {_label(b, sb)}, which lists {listed} "
        "(profiles often leave a degree out)",
        (
            Evidence(a, f"education[{k}]", st.label + f" ({st.range})"),
            Evidence(b, "education", listed),
        ),
        confidence=0.6,
        severity=Severity.LOW,
    )


# ---------------------------------------------------------------------------------------------
@check(
    "XS006",
    "Claimed locations disagree",
    Category.CROSS_SOURCE,
    Severity.MEDIUM,
    needs=("two_sources",),
)
def locations_disagree(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Where the candidate says they live differs between sources: the application form, the
    résumé header, the profile's location, the home address.

    Only current places of residence are compared (a past job's city is history, not a claim of
    residence), and only at the level both sides state: a different country is a finding; a
    different US state or other region is reported with lower confidence; a city without a region
    is not compared. "Remote" is not a place. The comparison is between the candidate's own
    claims, never about which country it is. Another region of the same country is `low` (people
    move, and profiles lag).

    Verify by hand: compare the location strings quoted; ask where equipment and pay go.
    """
    from extractors.addresses import location_region

    claims: list[tuple[int, str, str, tuple[str, str | None]]] = []
    for i, src, p in candidate.indexed_profiles():
        if src.kind.is_snapshot:
            continue
        for field, values in (("locations", p.locations), ("addresses", p.addresses)):
            for k, v in enumerate(values[:1]):
                reg = location_region(v)
                if reg and reg[0]:
                    claims.append((i, f"{field}[{k}]", v, reg))
    seen: set[tuple[str, str]] = set()
    for (i, fi, vi, ri), (j, fj, vj, rj) in combinations(claims, 2):
        if i == j:
            continue
        severity = None
        if ri[0] != rj[0]:
            what, conf = f"country {ri[0]} vs {rj[0]}", 0.85
        elif ri[1] and rj[1] and ri[1] != rj[1]:
            what, conf = f"region {ri[1]} vs {rj[1]} ({ri[0]})", 0.6
            severity = Severity.LOW  # a move within a country, a profile not updated
        else:
            continue
        key = (vi.casefold(), vj.casefold())
        if key in seen:
            continue
        seen.add(key)
        yield Hit(
            f"{what}: {vi!r} in source {i} against {vj!r} in source {j}",
            (Evidence(i, fi, vi), Evidence(j, fj, vj)),
            confidence=conf,
            severity=severity,
        )


@check(
    "XS007",
    "Contact details differ between sources",
    Category.CROSS_SOURCE,
    Severity.LOW,
    needs=("two_sources",),
)
def contacts_differ(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The application form and the résumé (or two résumés) both list an email or phone, and they
    have none in common.

    Emails are compared as mailboxes (case, Gmail dots and `+tags` folded); phones as numbers
    (E.164), so `(512) 555-0142` and `+1 512 555 0142` agree. People do keep several addresses,
    hence `low`. Contact details published on a LinkedIn profile, GitHub account or personal site
    that differ from the candidate's are the stronger ID003.

    Verify by hand: compare the values quoted; call or write to both.
    """
    given = [(i, s, p) for i, s, p in candidate.indexed_profiles() if s.kind.given]
    for (i, si, pi), (j, sj, pj) in _pairs(given):
        for field, same in (("emails", mailboxes_match), ("phones", same_number)):
            va, vb = getattr(pi, field), getattr(pj, field)
            if not va or not vb:
                continue
            if any(same(x, y) for x in va for y in vb):
                continue
            yield Hit(
                f"{field[:-1]} differs: {', '.join(va)} in {_label(i, si)} vs {', '.join(vb)} in {_label(j, sj)}",
                (Evidence(i, f"{field}[0]", va[0]), Evidence(j, f"{field}[0]", vb[0])),
                confidence=0.6,
            )
