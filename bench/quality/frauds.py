"""Fraud patterns: one per check code that can be simulated offline, and the network rings.

Each pattern starts from a genuine applicant (with ordinary noise from the benign families)
and changes exactly what the fraud needs: its "fraud twin". `expect` names the code that must
fire and the severity it must reach; extra findings on a fraud are not scored. Rings are
several applicants that share one identifier (phone, mailbox, street address, profile, résumé
body, photo, document fingerprint, referee): each member must get the ring's NW code, and the
members must form one cluster. Patterns marked `track="check"` need a history store (ID004, the
HJ profile-history checks) and run through `scanner check --db`.

`split` works as for the benign families: "both", or "heldout" for variants only the held-out
set contains; most patterns also draw held-out-only instances (other technologies, companies,
phone forms) through `Ctx.pick`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from . import pools as P
from .model import Applicant, Job, Study
from .people import Ctx, P_ascii, bullets, mailbox, new_genuine, street_address
from .pools import ym_add, ym_months
from .variations import NOISE, _k, apply_some


@dataclass(frozen=True)
class Pattern:
    name: str
    code: str
    severity: str
    build: Callable[[Ctx], list[Applicant]]
    split: str = "both"
    track: str = "batch"
    ring: bool = False


PATTERNS: dict[str, Pattern] = {}


def pattern(name: str, code: str, severity: str, *, split: str = "both", track: str = "batch",
            ring: bool = False) -> Callable:  # type: ignore[type-arg]  # fmt: skip
    def register(fn: Callable[[Ctx], list[Applicant]]) -> Callable[[Ctx], list[Applicant]]:
        if name in PATTERNS:
            raise ValueError(f"duplicate pattern {name}")
        PATTERNS[name] = Pattern(name, code, severity, fn, split, track, ring)
        return fn

    return register


# Noise that blurs dates: not for patterns whose evidence is a number of months.
DATE_NOISE = {"year_precision", "education_precision"}


def twin(
    ctx: Ctx,
    *,
    linkedin: bool | None = None,
    noise: int = 2,
    intl: bool = False,
    dates: bool = False,
) -> Applicant:
    """A genuine-looking base with a little ordinary noise, to be turned into a fraud
    (`dates`: the fraud's evidence is a span of months, so no noise blurs the dates)."""
    a = new_genuine(ctx, "F", intl=intl)
    if linkedin is True and a.ldoc.kind == "none":
        a.ldoc.kind = ctx.pick(["pdf", "page", "export_dir"], ["export_zip"])
    if linkedin is False:
        a.ldoc.kind = "none"
    apply_some(ctx, a, noise, NOISE - DATE_NOISE if dates else NOISE)
    a.truth = "fraud"
    return a


def _mark(a: Applicant, name: str, code: str, severity: str) -> list[Applicant]:
    a.pattern = name
    a.expect[code] = severity
    return [a]


def _ft(side: object) -> list[Job]:
    return [j for j in side.jobs if j.kind == "full-time"]  # type: ignore[attr-defined]


def _both(a: Applicant) -> list:  # type: ignore[type-arg]
    return [s for s in (a.resume, a.linkedin) if s is not None]


def _until(ctx: Ctx, make: Callable[[], Applicant | None], tries: int = 40) -> Applicant:
    for _ in range(tries):
        a = make()
        if a is not None:
            return a
    raise RuntimeError("could not build a base for the pattern")


# ---------------------------------------------------------------------------------------------
# TL: timeline
# ---------------------------------------------------------------------------------------------
@pattern("overlapping_fulltime_jobs", "TL001", "medium")
def overlapping_fulltime_jobs(ctx: Ctx) -> list[Applicant]:
    def make() -> Applicant | None:
        a = twin(ctx, dates=True)
        past = [j for j in _ft(a.resume) if j.end and ym_months(j.start, j.end) >= 14]
        if not past:
            return None
        host = ctx.rng.choice(past)
        start = ym_add(host.start, ctx.rng.randint(2, 5))
        end = ym_add(start, ctx.rng.randint(9, 16))
        if _k(end) > _k(ctx.ref):
            return None
        org = P.invented_employer(ctx.rng)
        title = ctx.rng.choice(
            ["Software Engineer", "Senior Backend Engineer", "Data Engineer", "Platform Engineer"]
        )
        new = Job(org, title, start, end, host.location, bullets(ctx, start[0]), "full-time")
        for side in _both(a):
            side.jobs.append(new.copy())
            side.jobs.sort(key=lambda j: (_k(j.end), _k(j.start)), reverse=True)
        return a

    return _mark(_until(ctx, make), "overlapping_fulltime_jobs", "TL001", "medium")


@pattern("impossible_dates", "TL002", "high")
def impossible_dates(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    job = ctx.rng.choice([j for j in a.resume.jobs if j.end] or a.resume.jobs)  # type: ignore[union-attr]
    variant = ctx.pick(["end_before_start"], ["future_start", "before_1950"])
    if variant == "end_before_start":
        job.start, job.end = (
            (job.start[0] + 2, job.start[1] or 3),
            (job.start[0], (job.start[1] or 3)),
        )
    elif variant == "future_start":
        job.start, job.end = (ctx.ref[0] + 2, 2), (ctx.ref[0] + 3, 11)
    else:
        job.start = (1948, None)
    return _mark(a, "impossible_dates", "TL002", "high")


@pattern("too_short_degree", "TL003", "medium")
def too_short_degree(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, dates=True)
    rb = next(s for s in a.resume.studies if s.level == "bachelor")  # type: ignore[union-attr]
    variant = ctx.pick(["bachelor_1y"], ["doctorate_1y", "master_3m"])
    assert rb.end is not None
    if variant == "bachelor_1y":
        rb.start = (rb.end[0] - 1, 9)
        rb.end = (rb.end[0], 5)
    elif variant == "doctorate_1y":
        start = ym_add((rb.end[0], 9), 0)
        a.resume.studies.insert(
            0,
            Study(
                ctx.rng.choice(P.SCHOOLS_PLAIN),
                "PhD",
                rb.field,
                start,
                ym_add(start, 11),
                "doctorate",
            ),
        )  # type: ignore[union-attr]
    else:
        start = (rb.end[0], 6)
        a.resume.studies.insert(
            0,
            Study(
                ctx.rng.choice(P.SCHOOLS_PLAIN), "MS", rb.field, start, ym_add(start, 3), "master"
            ),
        )  # type: ignore[union-attr]
    if a.linkedin is not None:
        a.linkedin.studies = [
            Study(s.school, s.degree, s.field, s.start, s.end, s.level) for s in a.resume.studies
        ]  # type: ignore[union-attr]
    return _mark(a, "too_short_degree", "TL003", "medium")


@pattern("inflated_experience", "TL004", "low")
def inflated_experience(ctx: Ctx) -> list[Applicant]:
    from .people import professional_years

    def make() -> Applicant | None:
        a = twin(ctx)
        years = professional_years(a.resume.jobs, ctx.ref)  # type: ignore[union-attr]
        if years > 9:
            return None
        claim = years + ctx.rng.randint(6, 9)
        a.resume.summary = ctx.rng.choice([f"Engineer with {claim} years of experience in backend systems.",  # type: ignore[union-attr]
                                           f"{claim} years of professional software development experience."])  # fmt: skip
        return a

    return _mark(_until(ctx, make), "inflated_experience", "TL004", "low")


@pattern("senior_before_degree", "TL005", "medium")
def senior_before_degree(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, dates=True)
    rb = next(s for s in a.resume.studies if s.level == "bachelor")  # type: ignore[union-attr]
    assert rb.start is not None
    start = ym_add(rb.start, -ctx.rng.randint(20, 30))
    end = ym_add(rb.start, -2)
    org = P.invented_employer(ctx.rng)
    title = ctx.pick(
        ["Senior Software Engineer", "Lead Developer"],
        ["Principal Engineer", "Engineering Manager, Platform"],
    )
    new = Job(org, title, start, end, "", bullets(ctx, start[0]), "full-time")
    for side in _both(a):
        side.jobs.append(new.copy())
    return _mark(a, "senior_before_degree", "TL005", "medium")


@pattern("two_current_fulltime_jobs", "TL006", "medium")
def two_current_fulltime_jobs(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, dates=True)
    start = ym_add(ctx.ref, -ctx.rng.randint(5, 16))
    org = P.invented_employer(ctx.rng)
    title = ctx.rng.choice(
        ["Senior Software Engineer", "Backend Engineer", "Data Engineer", "DevOps Engineer"]
    )
    new = Job(org, title, start, None, "Remote", bullets(ctx, start[0]), "full-time")
    for side in _both(a):
        if not [j for j in side.jobs if j.end is None]:
            return two_current_fulltime_jobs(ctx)
        side.jobs.insert(0, new.copy())
    return _mark(a, "two_current_fulltime_jobs", "TL006", "medium")


@pattern("job_before_founding", "TL007", "high")
def job_before_founding(ctx: Ctx) -> list[Applicant]:
    def company() -> tuple[str, int]:
        return ctx.pick(  # type: ignore[no-any-return]
            list(P.YOUNG_EMPLOYERS_DEV.items()), list(P.YOUNG_EMPLOYERS_HELDOUT.items())
        )

    chosen = [company()]

    def make() -> Applicant | None:
        name, founded = chosen[0]
        a = twin(ctx)
        old = [j for j in _ft(a.resume) if j.start[0] <= founded - 2 and j.end]
        if not old:
            return None
        job = ctx.rng.choice(old)
        org = job.org
        for side in _both(a):
            for j in side.jobs:
                if j.org == org:
                    j.org = name
        return a

    def make_with_another_company() -> Applicant | None:
        chosen[0] = company()
        return make()

    try:
        a = _until(ctx, make)
    except RuntimeError:  # a company too old for every career drawn: draw the company too
        a = _until(ctx, make_with_another_company, tries=200)
    return _mark(a, "job_before_founding", "TL007", "high")


@pattern("tech_before_release", "TL008", "medium")
def tech_before_release(ctx: Ctx) -> list[Applicant]:
    tech = ctx.pick(P.ANACHRONISM_DEV, P.ANACHRONISM_HELDOUT)
    release = P.TECH[tech]
    if ctx.rng.random() < 0.5:  # a claim: "N years of X"
        a = twin(ctx)
        years = ctx.ref[0] - release + ctx.rng.randint(3, 6)
        a.resume.summary = ctx.rng.choice([f"Backend engineer with {years} years of {tech} experience.",  # type: ignore[union-attr]
                                           f"{years} years of hands-on {tech}."])  # fmt: skip
        return _mark(a, "tech_before_release", "TL008", "medium")

    def make() -> Applicant | None:
        a = twin(ctx)
        old = [j for j in _ft(a.resume) if j.end and j.end[0] <= release - 2]
        if not old:
            return None
        job = ctx.rng.choice(old)
        job.bullets.insert(0, f"Built and operated the team's services on {tech}.")
        return a

    return _mark(_until(ctx, make), "tech_before_release", "TL008", "medium")


@pattern("degree_after_senior_role", "TL009", "medium")
def degree_after_senior_role(ctx: Ctx) -> list[Applicant]:
    """A senior engineering job begun years before the only degree was finished."""

    def make() -> Applicant | None:
        a = twin(ctx, dates=True)
        ft = sorted(_ft(a.resume), key=lambda j: _k(j.start))
        if not ft or ft[0].end is None or ym_months(ft[0].start, ft[0].end) < 30:
            return None
        first = ft[0]
        title = ctx.pick(
            ["Senior Software Engineer", "Senior Data Engineer"],
            ["Staff Engineer", "Lead Backend Engineer"],
        )
        for side in _both(a):
            side.studies = [s for s in side.studies if s.level == "bachelor"]
            side.jobs = [j for j in side.jobs if j.kind != "intern"]
            for s in side.studies:
                s.start = ym_add((first.start[0], 9), -24)
                s.end = (first.start[0] + 2, 5)
            for j in side.jobs:
                if j.org == first.org and j.start == first.start:
                    j.title = title
        return a

    return _mark(_until(ctx, make), "degree_after_senior_role", "TL009", "medium")


@pattern("fulltime_job_during_study", "TL010", "low")
def fulltime_job_during_study(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, dates=True)
    rb = next(s for s in a.resume.studies if s.level == "bachelor")  # type: ignore[union-attr]
    assert rb.start is not None and rb.end is not None
    rb.start, rb.end = (rb.start[0], 9), (rb.end[0], 5)
    start = ym_add(rb.start, ctx.rng.randint(3, 8))
    end = ym_add(rb.end, -ctx.rng.randint(1, 3))
    org = P.invented_employer(ctx.rng)
    title = ctx.rng.choice(["Software Engineer", "Full Stack Developer", "Systems Engineer"])
    new = Job(org, title, start, end, "", bullets(ctx, start[0]), "full-time")
    for side in _both(a):
        side.jobs = [j for j in side.jobs if j.kind != "intern"]
        side.jobs.append(new.copy())
        for s in side.studies:
            if s.level == "bachelor":
                s.start, s.end = rb.start, rb.end
    return _mark(a, "fulltime_job_during_study", "TL010", "low")


# ---------------------------------------------------------------------------------------------
# XS: cross-source
# ---------------------------------------------------------------------------------------------
@pattern("other_persons_profile", "XS001", "high")
def other_persons_profile(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, linkedin=True)
    mine = set(a.app["name"].split())
    first, last = ctx.unique_name(
        [f for f in P.FIRST if f not in mine], [x for x in P.LAST if x not in mine]
    )
    a.linkedin.name = f"{first} {last}"  # type: ignore[union-attr]
    a.linkedin.email = ""  # type: ignore[union-attr]
    a.ldoc.slug = ctx.slug_for(first, last)
    return _mark(a, "other_persons_profile", "XS001", "high")


@pattern("employer_hidden_from_profile", "XS002", "medium")
def employer_hidden_from_profile(ctx: Ctx) -> list[Applicant]:
    def make() -> Applicant | None:
        a = twin(ctx, linkedin=True)
        li_ft = [j for j in _ft(a.linkedin)]
        orgs = []
        for k in range(1, len(li_ft) - 1):
            j = li_ft[k]
            if (
                j.end
                and ym_months(j.start, j.end) >= 10
                and li_ft[k - 1].org != j.org
                and li_ft[k + 1].org != j.org
            ):
                orgs.append(j.org)
        if not orgs:
            return None
        org = ctx.rng.choice(orgs)
        a.linkedin.jobs = [j for j in a.linkedin.jobs if j.org != org]  # type: ignore[union-attr]
        return a

    return _mark(_until(ctx, make), "employer_hidden_from_profile", "XS002", "medium")


@pattern("employer_dates_differ", "XS003", "medium")
def employer_dates_differ(ctx: Ctx) -> list[Applicant]:
    def make() -> Applicant | None:
        a = twin(ctx, dates=True, linkedin=True)
        ft = sorted(_ft(a.resume), key=lambda j: _k(j.start))
        if len(ft) < 2 or ft[0].end is None or ft[0].org == ft[1].org:
            return None
        old = ft[0]
        shift = ctx.rng.randint(12, 26)
        old.start = ym_add((old.start[0], old.start[1] or 6), -shift)
        old.end = ym_add((old.end[0], old.end[1] or 6), -shift // 2)
        return a

    return _mark(_until(ctx, make), "employer_dates_differ", "XS003", "medium")


@pattern("title_of_another_kind", "XS004", "low")
def title_of_another_kind(ctx: Ctx) -> list[Applicant]:
    def make() -> Applicant | None:
        a = twin(ctx, linkedin=True)
        orgs = [j.org for j in a.linkedin.jobs]  # type: ignore[union-attr]
        alone = [
            j for j in _ft(a.linkedin) if orgs.count(j.org) == 1
        ]  # one role there: no promotion to blur it
        return a if alone else None

    a = _until(ctx, make)
    orgs = [j.org for j in a.linkedin.jobs]  # type: ignore[union-attr]
    job = ctx.rng.choice([j for j in _ft(a.linkedin) if orgs.count(j.org) == 1])
    job.title = ctx.pick(["Sales Associate", "Retail Store Manager", "Customer Service Representative"],
                         ["Account Executive", "Marketing Coordinator", "Warehouse Supervisor"])  # fmt: skip
    return _mark(a, "title_of_another_kind", "XS004", "low")


@pattern("education_contradicts", "XS005", "high")
def education_contradicts(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, linkedin=True)
    rb = next(s for s in a.resume.studies if s.level == "bachelor")  # type: ignore[union-attr]
    lb = next((s for s in a.linkedin.studies if s.level == "bachelor"), None)  # type: ignore[union-attr]
    if lb is None:
        lb = Study(rb.school, "Bachelor of Science - BS", rb.field, rb.start, rb.end)
        a.linkedin.studies.append(lb)  # type: ignore[union-attr]
    lb.school = rb.school
    variant = ctx.pick(["level", "field"], ["years"])
    if variant == "level":
        rb.degree, rb.level = ctx.rng.choice(["MS", "Master of Science", "PhD"]), "master"
        lb.degree = "Bachelor of Science - BS"
    elif variant == "field":
        if a.ldoc.kind.startswith("export"):
            a.ldoc.kind = "pdf"  # a data export has no field of study
        lb.field = ctx.rng.choice(
            ["History", "Communications", "Hospitality Management", "Art History"]
        )
    else:
        assert rb.start is not None and rb.end is not None
        lb.start, lb.end = ym_add(rb.start, 60), ym_add(rb.end, 60)
        if _k(lb.end) > _k(ctx.ref):
            lb.start, lb.end = ym_add(rb.start, -60), ym_add(rb.end, -60)
    severity = "medium" if variant == "field" else "high"  # another field alone is weaker evidence
    return _mark(a, "education_contradicts", "XS005", severity)


@pattern("location_contradicts", "XS006", "medium")
def location_contradicts(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, linkedin=True)
    elsewhere = ctx.pick(P.UK_CITIES + P.CA_CITIES[:1], P.AU_CITIES + P.CA_CITIES[1:])
    a.linkedin.location = elsewhere.linkedin  # type: ignore[union-attr]
    return _mark(a, "location_contradicts", "XS006", "medium")


@pattern("contacts_differ", "XS007", "low")
def contacts_differ(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    first, last = a.app["name"].split()[0], a.app["name"].split()[-1]
    a.resume.email = mailbox(ctx, first + "x", last)  # type: ignore[union-attr]
    city = next((c for c in P.US_CITIES if c.short in a.app.get("location", "")), P.US_CITIES[0])
    a.resume.phone = P.nanp_forms(ctx.phones.us(city))[0]  # type: ignore[union-attr]
    if a.linkedin is not None:
        a.linkedin.email = a.linkedin.phone = ""
    return _mark(a, "contacts_differ", "XS007", "low")


# ---------------------------------------------------------------------------------------------
# CT: contact data
# ---------------------------------------------------------------------------------------------
def _set_phone(a: Applicant, text: str, everywhere: bool = True) -> None:
    a.app["phone"] = text
    if everywhere:
        for side in _both(a):
            side.phone = text if side is a.resume or side.phone else ""


@pattern("invalid_phone", "CT001", "high")
def invalid_phone(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    ac = ctx.rng.choice(["608", "515", "312", "512", "303"])
    n = ctx.rng.randrange(10)
    text = ctx.pick([f"({ac}) 555-01{n}", f"{ac}-155-01{n}9", f"+1 {ac} 555 01{n}23", f"{ac}-555-01"],
                    [f"+44 20 7946 0{n}", f"+1 (0{n}) 555-0142", f"{ac}.055.01{n}2"])  # fmt: skip
    _set_phone(a, text, everywhere=False)
    return _mark(a, "invalid_phone", "CT001", "high")


@pattern("misformatted_phone", "CT002", "medium")
def misformatted_phone(ctx: Ctx) -> list[Applicant]:
    from .variations import _e164_of

    a = _until(
        ctx,
        lambda: (lambda b: b if (_e164_of(b) or "").startswith("+1") else None)(
            twin(ctx, intl=False)
        ),
    )
    e164 = _e164_of(a) or "+13125550100"
    x, y, z = e164[2:5], e164[5:8], e164[8:]
    text = ctx.pick([f"+1 1 {x} {y} {z}", f"+1 {x[:2]} {x[2]}{y[:1]} {y[1:]} {z[:2]} {z[2:]}", f"+1-{x}-{y}-{z}-5"],
                    [f"+11 {x} {y} {z}", f"001 1 {x} {y} {z}", f"+1 ({x}) {y}{z[:1]}-{z[1:]}"])  # fmt: skip
    _set_phone(a, text, everywhere=False)
    return _mark(a, "misformatted_phone", "CT002", "medium")


@pattern("foreign_phone", "CT003", "medium")
def foreign_phone(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, intl=False)
    abroad = ctx.pick(P.UK_CITIES, P.AU_CITIES)
    number = ctx.phones.for_city(abroad)
    _set_phone(a, P.phone_forms(number)[1])
    return _mark(a, "foreign_phone", "CT003", "medium")


@pattern("toll_free_or_voip_phone", "CT004", "medium")
def toll_free_or_voip_phone(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, intl=False)
    kind = ctx.pick(["800", "888"], ["877", "866"])
    number = ctx.phones.us(P.City("Toll free", "", "", "US", (kind,)))
    _set_phone(a, ctx.rng.choice(P.nanp_forms(number)[:4]))
    return _mark(a, "toll_free_or_voip_phone", "CT004", "medium")


@pattern("out_of_state_area_code", "CT005", "low")
def out_of_state_area_code(ctx: Ctx) -> list[Applicant]:
    from .variations import moved_area_code

    a = _until(
        ctx, lambda: (lambda b: b if moved_area_code(ctx, b) else None)(twin(ctx, intl=False))
    )
    return _mark(a, "out_of_state_area_code", "CT005", "low")


@pattern("disposable_or_invalid_email", "CT006", "high")
def disposable_or_invalid_email(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    local = a.app["email"].split("@")[0].split("+")[0]
    box = ctx.pick([f"{local}@mailinator.com", f"{local}@guerrillamail.com", f"{local}@yopmail.com", f"{local}@@example.com"],
                   [f"{local}@sharklasers.com", f"{local}@10minutemail.com", f"{local}@example", f"{local} @example.com"])  # fmt: skip
    a.app["email"] = box
    if a.resume is not None:
        a.resume.email = box
    return _mark(a, "disposable_or_invalid_email", "CT006", "high")


@pattern("mailbox_unrelated_to_name", "CT007", "low")
def mailbox_unrelated_to_name(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    box = (
        ctx.rng.choice(
            ["dragonfly.coder", "nightowl.dev", "quantum.kitten", "silverfox", "codewizard"]
        )
        + f"{ctx.rng.randrange(10, 99)}@example.com"
    )
    a.app["email"] = box
    for side in _both(a):
        side.email = box if side.email or side is a.resume else ""
    return _mark(a, "mailbox_unrelated_to_name", "CT007", "low")


@pattern("address_disagrees_with_itself", "CT008", "medium")
def address_disagrees_with_itself(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, intl=False)
    city = ctx.rng.choice(P.US_CITIES)
    other = ctx.rng.choice([c for c in P.US_CITIES if c.state != city.state])
    wrong_zip = ctx.rng.choice(P.city_zips(other.city, other.state))
    num = ctx.rng.randrange(100, 9000)
    a.app["address"] = ctx.pick([f"{num} {ctx.rng.choice(P.STREETS)} St, {city.city}, {city.state} {wrong_zip}"],
                                [f"{num} {ctx.rng.choice(P.STREETS)} Ave, {city.city}, {other.state} {ctx.rng.choice(P.city_zips(city.city, city.state))}"])  # fmt: skip
    a.app.pop("shipping_address", None)
    a.app["location"] = city.short
    return _mark(a, "address_disagrees_with_itself", "CT008", "medium")


@pattern("shipping_elsewhere", "CT009", "medium")
def shipping_elsewhere(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, intl=False)
    if "address" not in a.app:
        city = next(
            (c for c in P.US_CITIES if c.short in a.app.get("location", "")), P.US_CITIES[0]
        )
        a.app["address"] = street_address(ctx, city)
    home_state = a.app["address"].rsplit(",", 1)[-1].split()[0]
    far = ctx.rng.choice([c for c in P.US_CITIES if c.state != home_state])
    a.app["shipping_address"] = street_address(ctx, far)
    return _mark(a, "shipping_elsewhere", "CT009", "medium")


# ---------------------------------------------------------------------------------------------
# ID, SRC
# ---------------------------------------------------------------------------------------------
@pattern("rented_profile_slug", "ID001", "medium")
def rented_profile_slug(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, linkedin=True)
    a.ldoc.kind = ctx.pick(["pdf", "page"], ["page_flat"])  # a data export does not show the slug
    mine = set(a.app["name"].split())
    # The account's first owner: nothing of their name is the candidate's.
    first, last = ctx.unique_name(
        [f for f in P.FIRST if f not in mine], [x for x in P.LAST if x not in mine]
    )
    a.ldoc.slug = ctx.slug_for(first, last)
    a.resume.links = [f"linkedin.com/in/{a.ldoc.slug}"] if a.resume.links else []  # type: ignore[union-attr]
    return _mark(a, "rented_profile_slug", "ID001", "medium")


@pattern("profile_contacts_elsewhere", "ID003", "high")
def profile_contacts_elsewhere(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, linkedin=True)
    first, last = a.app["name"].split()[0], a.app["name"].split()[-1]
    a.linkedin.email = mailbox(ctx, last, first + "o")  # type: ignore[union-attr]
    city = next((c for c in P.US_CITIES if c.short in a.app.get("location", "")), P.US_CITIES[0])
    a.linkedin.phone = P.nanp_forms(ctx.phones.us(city))[3]  # type: ignore[union-attr]
    if a.ldoc.kind == "page" or a.ldoc.kind == "page_flat":
        a.ldoc.kind = "pdf"  # a public page shows no contact details
    return _mark(a, "profile_contacts_elsewhere", "ID003", "high")


@pattern("document_by_someone_else", "ID005", "low")
def document_by_someone_else(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    a.rdoc.format = ctx.rng.choice(["pdf", "docx"])
    first, last = ctx.unique_name()
    a.rdoc.author = f"{first} {last}"
    return _mark(a, "document_by_someone_else", "ID005", "low")


@pattern("unreadable_resume", "SRC001", "medium")
def unreadable_resume(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx)
    a.rdoc.format = "corrupt"
    return _mark(a, "unreadable_resume", "SRC001", "medium")


@pattern("forged_linkedin_export", "SRC003", "high")
def forged_linkedin_export(ctx: Ctx) -> list[Applicant]:
    a = twin(ctx, linkedin=True)
    a.ldoc.kind = "pdf"
    a.ldoc.forge = ctx.pick(["producer", "durations"], ["durations"])
    # Both are high (the catalogue's default): dates edited after export contradict the export
    # itself; a file that presents itself as an export but was written by another program is
    # not the export it claims to be (reported with lower confidence).
    return _mark(a, "forged_linkedin_export", "SRC003", "high")


# ---------------------------------------------------------------------------------------------
# NW: rings
# ---------------------------------------------------------------------------------------------
def _ring(
    ctx: Ctx, name: str, code: str, severity: str, size: int, **kw: object
) -> list[Applicant]:
    members = [twin(ctx, **kw) for _ in range(2 if ctx.small else size)]  # type: ignore[arg-type]
    ring = f"{name}:{members[0].id}"
    for m in members:
        m.ring = ring
        _mark(m, name, code, severity)
    return members


@pattern("shared_phone_ring", "NW001", "high", ring=True)
def shared_phone_ring(ctx: Ctx) -> list[Applicant]:
    members = _ring(ctx, "shared_phone_ring", "NW001", "high", ctx.rng.randint(2, 4), intl=False)
    city = ctx.rng.choice(P.US_CITIES)
    forms = P.nanp_forms(ctx.phones.us(city))
    for m in members:
        _set_phone(m, ctx.rng.choice(forms))
    return members


@pattern("shared_mailbox_ring", "NW002", "high", ring=True)
def shared_mailbox_ring(ctx: Ctx) -> list[Applicant]:
    members = _ring(ctx, "shared_mailbox_ring", "NW002", "high", ctx.rng.randint(2, 3))
    handle = f"{ctx.rng.choice(['kestrel', 'harbor', 'quartz', 'meadow'])}.ops{ctx.rng.randrange(100, 999)}"
    if ctx.heldout and ctx.rng.random() < 0.5:
        forms = [f"{handle}.example@gmail.com", f"{handle.replace('.', '')}example@googlemail.com",
                 f"{handle}.example+apply@gmail.com"]  # fmt: skip
    else:
        forms = [
            f"{handle}@example.org",
            f"{handle}+jobs@example.org",
            f"{handle.upper()}@EXAMPLE.ORG",
        ]
    for k, m in enumerate(members):
        m.app["email"] = forms[k % len(forms)]
        if m.resume is not None:
            m.resume.email = m.app["email"]
    return members


@pattern("laptop_farm", "NW003", "high", ring=True)
def laptop_farm(ctx: Ctx) -> list[Applicant]:
    members = _ring(ctx, "laptop_farm", "NW003", "high", ctx.rng.randint(3, 5), intl=False)
    city = ctx.rng.choice(P.US_CITIES)
    zip_code = ctx.rng.choice(P.city_zips(city.city, city.state))
    num, street = ctx.rng.randrange(10, 999), ctx.rng.choice(P.STREETS)
    unit = ctx.rng.randrange(1, 20)
    forms = [f"{num} {street} Dr Apt {unit}, {city.city}, {city.state} {zip_code}",
             f"{num} {street} Drive, Apt. {unit}, {city.city} {city.state} {zip_code}",
             f"{num} {street.upper()} DR #{unit}, {city.city.upper()}, {city.state} {zip_code}-{ctx.rng.randrange(1000, 9999)}",
             f"{num} {street} Dr., Unit {unit}, {city.city}, {city.state_full} {zip_code}",
             f"{num} {street.lower()} drive apt {unit} {city.city.lower()} {city.state.lower()} {zip_code}"]  # fmt: skip
    for k, m in enumerate(members):
        m.app["shipping_address"] = forms[k % len(forms)]
        if "address" not in m.app or m.app["address"] == m.app["shipping_address"]:
            home = ctx.rng.choice([c for c in P.US_CITIES if c != city])
            m.app["address"] = street_address(ctx, home)
    return members


@pattern("shared_profile_ring", "NW004", "high", ring=True)
def shared_profile_ring(ctx: Ctx) -> list[Applicant]:
    members = _ring(
        ctx, "shared_profile_ring", "NW004", "high", ctx.rng.randint(2, 3), linkedin=False
    )
    first, last = ctx.unique_name()
    slug = ctx.slug_for(first, last)
    for m in members:
        m.resume.links = [
            ctx.rng.choice([f"linkedin.com/in/{slug}", f"https://www.linkedin.com/in/{slug}/"])
        ]  # type: ignore[union-attr]
        m.ldoc.slug = slug
        if m.rdoc.format == "corrupt":
            m.rdoc.format = "pdf"
    return members


SYNONYMS = {"Designed": "Architected", "Built": "Developed", "Migrated": "Moved", "Led": "Headed",
            "Maintained": "Supported", "Scaled": "Grew", "Rewrote": "Re-implemented",
            "Automated": "Scripted", "Owned": "Ran", "Shipped": "Delivered"}  # fmt: skip


@pattern("reused_resume_ring", "NW005", "high", ring=True)
def reused_resume_ring(ctx: Ctx) -> list[Applicant]:
    """One résumé body under several names: contacts and dates changed, bullets reordered and
    lightly reworded."""
    members = _ring(ctx, "reused_resume_ring", "NW005", "high", 3)
    src = members[0].resume
    assert src is not None
    for job in src.jobs:  # a real body has substance: three or four bullets per role
        while len(job.bullets) < 3:
            job.bullets += bullets(ctx, job.start[0], 1)
    for m in members[1:]:
        body = src.clone()
        r = m.resume
        assert r is not None
        body.name, body.email, body.phone, body.location, body.links = (
            r.name,
            r.email,
            r.phone,
            r.location,
            r.links,
        )
        shift = ctx.rng.randint(-8, 8)
        for job in body.jobs:
            job.start = ym_add(job.start, shift)
            if job.end is not None:
                job.end = ym_add(job.end, shift)
            ctx.rng.shuffle(job.bullets)
            if ctx.heldout or ctx.rng.random() < 0.5:
                job.bullets = [_reword(ctx.rng, b) for b in job.bullets]
        for s in body.studies:
            if s.start is not None and s.end is not None:
                s.start, s.end = ym_add(s.start, shift), ym_add(s.end, shift)
        m.resume = body
        if m.linkedin is not None:
            m.linkedin.jobs = [j.copy() for j in body.jobs]
            m.linkedin.studies = [
                Study(s.school, s.degree, s.field, s.start, s.end, s.level) for s in body.studies
            ]
        if m.rdoc.format == "corrupt":
            m.rdoc.format = "txt"
    return members


def _reword(rng: random.Random, line: str) -> str:
    first, _, rest = line.partition(" ")
    line = f"{SYNONYMS.get(first, first)} {rest}"
    if rng.random() < 0.5:
        line = line.replace(", ", "; ", 1)
    return line.replace("the ", "our ", 1) if rng.random() < 0.4 else line


@pattern("shared_photo_ring", "NW006", "high", ring=True)
def shared_photo_ring(ctx: Ctx) -> list[Applicant]:
    members = _ring(ctx, "shared_photo_ring", "NW006", "high", ctx.rng.randint(2, 3))
    seed = ctx.rng.getrandbits(32)
    for k, m in enumerate(members):
        m.photo = (seed, "png" if k == 0 else ctx.rng.choice(["png", "jpg-small"]))
    return members


@pattern("document_fingerprint_ring", "NW007", "medium", ring=True)
def document_fingerprint_ring(ctx: Ctx) -> list[Applicant]:
    members = _ring(ctx, "document_fingerprint_ring", "NW007", "medium", 3)
    first, last = ctx.unique_name()
    fmt = ctx.rng.choice(["pdf", "docx"])
    when = ctx.ref_datetime()
    for m in members:
        m.rdoc.format = fmt
        m.rdoc.author = f"{first} {last}"
        m.rdoc.created = when
    return members


@pattern("reference_ring", "NW008", "medium", ring=True)
def reference_ring(ctx: Ctx) -> list[Applicant]:
    members = _ring(ctx, "reference_ring", "NW008", "medium", 3, intl=False)
    if ctx.rng.random() < 0.5:  # each vouches for the next
        for k, m in enumerate(members):
            other = members[(k + 1) % len(members)]
            m.app["references"] = f"{other.app['name']}, former colleague, {other.app['phone']}"
    else:  # one referee, whose contacts are another member's, serves them all
        first, last = ctx.unique_name()
        boss = members[0]
        for m in members:
            m.app["references"] = (
                f"{first} {last}, manager, {boss.app['phone']}; {P_ascii(first).lower()}.{P_ascii(last).lower()}@example.org"
            )
        boss.app["references"] = (
            f"{first} {last}, manager, {P_ascii(first).lower()}.{P_ascii(last).lower()}@example.org"
        )
    return members


# ---------------------------------------------------------------------------------------------
# GitHub (served by the fake API on 127.0.0.1 during the batch)
# ---------------------------------------------------------------------------------------------
def _gh_twin(ctx: Ctx, *, career_years: int = 0) -> tuple[Applicant, Any]:
    from .people import add_github, professional_years

    def make() -> Applicant | None:
        a = twin(ctx, intl=False)
        if career_years and professional_years(a.resume.jobs, ctx.ref) < career_years:  # type: ignore[union-attr]
            return None
        if a.github is None:
            add_github(ctx, a)
        return a

    a = _until(ctx, make)
    return a, a.github


def _owner_commits(acc: Any, name: str) -> list[Any]:
    return [c for r in acc.repos if not r.fork for c in r.commits if c.author == name]


@pattern("github_of_someone_else", "ID002", "high")
def github_of_someone_else(ctx: Ctx) -> list[Applicant]:
    a, acc = _gh_twin(ctx)
    mine = set(a.app["name"].split())
    first, last = ctx.unique_name(
        [f for f in P.FIRST if f not in mine], [x for x in P.LAST if x not in mine]
    )
    other = f"{first} {last}"
    for c in _owner_commits(acc, a.app["name"]):
        c.author, c.email = other, f"{P_ascii(first).lower()}.{P_ascii(last).lower()}@example.org"
    acc.name = other
    return _mark(a, "github_of_someone_else", "ID002", "high")


@pattern("commits_from_another_timezone", "GH001", "medium")
def commits_from_another_timezone(ctx: Ctx) -> list[Applicant]:
    from zoneinfo import ZoneInfo

    from .github import work_moment

    a, acc = _gh_twin(ctx)
    zone = ZoneInfo(ctx.pick(["Asia/Tokyo", "Asia/Kolkata"], ["Europe/Moscow", "Asia/Manila"]))
    commits = _owner_commits(acc, a.app["name"])
    while len(commits) < 14:
        extra = type(commits[0])(a.app["name"], commits[0].email, commits[0].when)
        acc.repos[0].commits.append(extra)
        commits.append(extra)
    for c in commits:
        c.when = work_moment(ctx.rng, c.when, zone)
    return _mark(a, "commits_from_another_timezone", "GH001", "medium")


@pattern("commits_at_night", "GH002", "low")
def commits_at_night(ctx: Ctx) -> list[Applicant]:
    from .github import work_moment, zone_of

    a, acc = _gh_twin(ctx)
    tz = zone_of(a.home)
    for c in _owner_commits(acc, a.app["name"]):
        c.when = work_moment(ctx.rng, c.when.astimezone(tz), tz, night=True)
    return _mark(a, "commits_at_night", "GH002", "low")


@pattern("many_authors_one_account", "GH003", "medium")
def many_authors_one_account(ctx: Ctx) -> list[Applicant]:
    from .github import Commit, Repo, spread, work_moment, zone_of

    a, acc = _gh_twin(ctx)
    tz = zone_of(a.home)
    # The owner's two most active projects stay; two more are led by other people and pushed
    # last, so that all of them are among the repositories the scanner clones by default.
    acc.repos = sorted((r for r in acc.repos if not r.fork), key=lambda r: -len(r.commits))[:2]
    for k in range(2):
        first, last = ctx.unique_name()
        repo = Repo(
            f"service-{k}-{ctx.rng.randrange(100)}", acc.created + timedelta(days=100 + 50 * k)
        )
        for day in spread(ctx.rng, repo.created, ctx.now - timedelta(days=3), 15):
            repo.commits.append(
                Commit(
                    f"{first} {last}",
                    f"{P_ascii(first).lower()}{k}@example.org",
                    work_moment(ctx.rng, day, tz),
                )
            )
        acc.repos.append(repo)
    return _mark(a, "many_authors_one_account", "GH003", "medium")


@pattern("imported_copies", "GH004", "low")
def imported_copies(ctx: Ctx) -> list[Applicant]:
    from .github import Commit, Repo, spread, work_moment, zone_of

    a, acc = _gh_twin(ctx)
    tz = zone_of(a.home)
    authors = [ctx.unique_name() for _ in range(3)]
    for k in range(2):
        repo = Repo(f"awesome-framework-{k}", acc.created + timedelta(days=200))
        for day in spread(ctx.rng, repo.created - timedelta(days=900), repo.created, 30):
            f, la = ctx.rng.choice(authors)
            repo.commits.append(
                Commit(
                    f"{f} {la}", f"{P_ascii(f).lower()}@example.org", work_moment(ctx.rng, day, tz)
                )
            )
        repo.commits.append(
            Commit(a.app["name"], "me@example.com", work_moment(ctx.rng, repo.created, tz))
        )
        acc.repos.append(repo)
    return _mark(a, "imported_copies", "GH004", "low")


@pattern("dormant_then_burst", "HJ004", "medium")
def dormant_then_burst(ctx: Ctx) -> list[Applicant]:
    from .github import Commit, Repo, spread, work_moment, zone_of

    a, acc = _gh_twin(ctx)
    tz = zone_of(a.home)
    name = a.app["name"]
    acc.created = ctx.now - timedelta(days=ctx.rng.randint(1800, 2600))
    old = Repo("first-steps", acc.created + timedelta(days=5))
    old.commits = [Commit(name, "me@example.com", work_moment(ctx.rng, d, tz))
                   for d in spread(ctx.rng, old.created, old.created + timedelta(days=60), 6)]  # fmt: skip
    burst_start = ctx.now - timedelta(days=ctx.rng.randint(30, 60))
    acc.repos = [old]
    for k in range(3):
        repo = Repo(f"portfolio-{k}", burst_start + timedelta(days=3 * k))
        repo.commits = [Commit(name, "me@example.com", work_moment(ctx.rng, d, tz))
                        for d in spread(ctx.rng, repo.created, ctx.now - timedelta(days=1), 10)]  # fmt: skip
        acc.repos.append(repo)
    acc.pushes = [c.when for r in acc.repos for c in r.commits]
    return _mark(a, "dormant_then_burst", "HJ004", "medium")


@pattern("backdated_history", "HJ005", "high")
def backdated_history(ctx: Ctx) -> list[Applicant]:
    from .github import Commit, Repo, spread, work_moment, zone_of

    a, acc = _gh_twin(ctx)
    tz = zone_of(a.home)
    acc.created = ctx.now - timedelta(days=ctx.rng.randint(100, 250))
    repo = Repo("legacy-platform", acc.created + timedelta(days=2))
    back = acc.created - timedelta(days=ctx.rng.randint(700, 1400))
    repo.commits = [Commit(a.app["name"], "me@example.com", work_moment(ctx.rng, d, tz))
                    for d in spread(ctx.rng, back, acc.created - timedelta(days=90), 25)]  # fmt: skip
    acc.repos = [repo]
    acc.pushes = [repo.created]
    return _mark(a, "backdated_history", "HJ005", "high")


@pattern("young_account_long_career", "HJ006", "low")
def young_account_long_career(ctx: Ctx) -> list[Applicant]:
    from .github import Commit, Repo, spread, work_moment, zone_of

    a, acc = _gh_twin(ctx, career_years=7)
    tz = zone_of(a.home)
    acc.created = ctx.now - timedelta(days=ctx.rng.randint(40, 200))
    repo = Repo("side-project", acc.created + timedelta(days=3))
    repo.commits = [Commit(a.app["name"], "me@example.com", work_moment(ctx.rng, d, tz))
                    for d in spread(ctx.rng, repo.created, ctx.now - timedelta(days=2), 12)]  # fmt: skip
    acc.repos = [repo]
    acc.pushes = [c.when for c in repo.commits]
    return _mark(a, "young_account_long_career", "HJ006", "low")


# ---------------------------------------------------------------------------------------------
# Check track: a history store (ID004 and the HJ profile-history checks)
# ---------------------------------------------------------------------------------------------
def engineer(ctx: Ctx) -> Applicant:
    """A real engineer's exported profile, imported into the store before the scans."""

    def make() -> Applicant | None:
        a = new_genuine(ctx, "E", intl=False)
        if len(_ft(a.linkedin)) < 4:
            return None
        a.ldoc.kind = "pdf"
        a.track = "import"
        return a

    return _until(ctx, make)


@pattern("reused_history", "ID004", "high", track="check")
def reused_history(ctx: Ctx) -> list[Applicant]:
    """A stored engineer's history (employers, titles, dates) under another name."""
    return []  # built in generate.py, which knows the imported engineers


def _check_base(ctx: Ctx) -> Applicant:
    a = twin(ctx, linkedin=True, noise=1)
    a.track = "check"
    a.ldoc.kind = ctx.rng.choice(["pdf", "export_dir"])
    a.earlier = a.linkedin.clone()  # type: ignore[union-attr]
    return a


@pattern("renamed_profile", "HJ001", "high", track="check")
def renamed_profile(ctx: Ctx) -> list[Applicant]:
    a = _check_base(ctx)
    mine = set(a.app["name"].split())
    first, last = ctx.unique_name(
        [f for f in P.FIRST if f not in mine], [x for x in P.LAST if x not in mine]
    )
    a.earlier.name = f"{first} {last}"  # type: ignore[union-attr]
    return _mark(a, "renamed_profile", "HJ001", "high")


@pattern("new_place_and_headline", "HJ002", "medium", track="check")
def new_place_and_headline(ctx: Ctx) -> list[Applicant]:
    a = _check_base(ctx)
    elsewhere = ctx.rng.choice([c for c in P.US_CITIES if c.linkedin != a.linkedin.location])  # type: ignore[union-attr]
    a.earlier.location = elsewhere.linkedin  # type: ignore[union-attr]
    a.earlier.headline = ctx.rng.choice(
        ["Registered Nurse at Mercy Hospital", "Graphic Designer", "Real Estate Agent"]
    )  # type: ignore[union-attr]
    return _mark(a, "new_place_and_headline", "HJ002", "medium")


@pattern("rewritten_history", "HJ003", "high", track="check")
def rewritten_history(ctx: Ctx) -> list[Applicant]:
    a = _check_base(ctx)
    past = [j for j in a.earlier.jobs if j.end is not None and j.kind == "full-time"]  # type: ignore[union-attr]
    if not past:
        return rewritten_history(ctx)
    job = ctx.rng.choice(past)
    job.org = P.invented_employer(ctx.rng)
    job.title = ctx.rng.choice(["Sales Associate", "Shift Supervisor", "Bank Teller"])
    return _mark(a, "rewritten_history", "HJ003", "high")


@pattern("contacts_replaced", "HJ007", "medium", track="check")
def contacts_replaced(ctx: Ctx) -> list[Applicant]:
    a = _check_base(ctx)
    a.ldoc.kind = "pdf"
    first, last = a.app["name"].split()[0], a.app["name"].split()[-1]
    a.linkedin.email = a.app["email"]  # type: ignore[union-attr]
    a.earlier.email = mailbox(ctx, last, first + "z")  # type: ignore[union-attr]
    return _mark(a, "contacts_replaced", "HJ007", "medium")


@pattern("watchlisted_identifier", "NW009", "high", track="check")
def watchlisted_identifier(ctx: Ctx) -> list[Applicant]:
    """A phone, mailbox or street address the team confirmed in an earlier case, written
    another way."""
    from .variations import _e164_of

    a = _check_base(ctx)
    a.earlier = None
    kind = ctx.pick(["phone", "email", "address"], ["address"])
    if kind == "phone":
        e164 = _e164_of(a) or ctx.phones.us(P.US_CITIES[0])
        forms = P.phone_forms(e164)
        a.app["phone"] = forms[0]
        a.watch.append(("phone", forms[3]))
    elif kind == "email":
        local, _, domain = a.app["email"].partition("@")
        a.watch.append(("email", f"{local}@{domain}".upper()))
        a.app["email"] = f"{local}+{ctx.rng.choice(['jobs', 'hire'])}@{domain}"
    else:
        city = ctx.rng.choice(P.US_CITIES)
        zip_code = ctx.rng.choice(P.city_zips(city.city, city.state))
        num, street = ctx.rng.randrange(10, 999), ctx.rng.choice(P.STREETS)
        a.watch.append(
            ("address", f"{num} {street} Drive Apt 4, {city.city}, {city.state} {zip_code}")
        )
        a.app["shipping_address"] = (
            f"{num} {street.upper()} DR #4, {city.city.upper()} {city.state} {zip_code}"
        )
    return _mark(a, "watchlisted_identifier", "NW009", "high")


def applicable(split: str, track: str | None = None) -> list[Pattern]:
    return [p for p in PATTERNS.values()
            if (p.split == "both" or split == "heldout") and (track is None or p.track == track)]  # fmt: skip


# Codes in the catalogue no pattern here simulates, and why.
SKIPPED = {
    "CT010": "info only (one contact channel): context, not a fraud signal",
    "CT011": "every synthetic phone lies in a fictional range by rule; ignored in the runs",
    "CT012": "info (placeholders): measured on genuine applicants with the placeholder family",
    "SRC002": "info (blocked live source): the benchmark reads files and a local fake GitHub API",
}
