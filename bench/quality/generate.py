"""Build one applicant set (development or held-out) from a seed.

About 55 % of the batch applicants are genuine: singles with 0-5 benign variation families, and
the structures that must never become rings (households at one address, one person applying
twice, neighbours who give only their city and ZIP, two applicants naming the same referee,
former colleagues). The rest are frauds: every fraud pattern in turn (`frauds.PATTERNS`), rings
included, until the budget is spent. A small check track (scanned with `scanner check` and a
history store) carries ID004 and the HJ patterns with their genuine counterparts (a profile
re-scanned after a new job, a new headline, a married name, an added phone; a colleague who
shares two jobs with a stored engineer; a stored engineer scanned again under a new id).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import frauds as F
from . import pools as P
from .model import Applicant, Job
from .people import Ctx, add_github, new_genuine, street_address
from .pools import YM, ym_add, ym_months
from .variations import RENAMING, _k, _newest_first, apply_some


@dataclass
class BenchSet:
    split: str
    seed: int
    ref: YM
    applicants: list[Applicant]
    engineers: list[Applicant] = field(default_factory=list)


def reference_month(today: date | None = None) -> YM:
    """Documents are dated up to two months before today, so nothing lies in the scan's future."""
    today = today or date.today()
    return ym_add((today.year, today.month), -2)


def build_set(
    seed: int, n: int, split: str, ref: YM | None = None, *, small: bool = False
) -> BenchSet:
    """n applicants (at least one of every pattern); `small` is the regression gate's shape."""
    rng = random.Random(f"{split}:{seed}")
    ctx = Ctx(rng, split, ref or reference_month(), P.PhoneBook(rng), small=small)
    n_check = 4 if small else max(8, n // 20)
    n_batch = max(10, n - n_check)
    n_genuine = round(n_batch * 0.55)
    out: list[Applicant] = []
    out += genuine_batch(ctx, n_genuine)
    out += fraud_batch(ctx, n_batch - len(out))
    engineers = [F.engineer(ctx) for _ in range(1 if small else 3 + n // 300)]
    out += check_track(ctx, n_check, engineers)
    return BenchSet(split, seed, ctx.ref, out, engineers)


# ---------------------------------------------------------------------------------------------
def _k_families(ctx: Ctx) -> int:
    return ctx.rng.choice([0, 1, 2, 2, 3, 3, 4, 5])


def genuine_batch(ctx: Ctx, n: int) -> list[Applicant]:
    out: list[Applicant] = []
    for _ in range(max(1, n // 40)):
        out += household(ctx)
    for _ in range(max(1, n // 50)):
        out += duplicate(ctx)
    for _ in range(max(1, n // 120)):
        out += locality_neighbours(ctx)
    for _ in range(max(1, n // 80)):
        out += shared_referee(ctx)
    for _ in range(max(1, n // 80)):
        out += colleagues(ctx)
    while len(out) < n:
        a = new_genuine(ctx)
        apply_some(ctx, a, _k_families(ctx))
        out.append(a)
    for a in out:  # last, so that the account carries the name the variations gave
        if ctx.rng.random() < 0.2 and a.github is None:
            add_github(ctx, a)
    return out


def household(ctx: Ctx) -> list[Applicant]:
    """Two people of one household: one surname, one address, their own phones and mailboxes."""
    a = new_genuine(ctx, intl=False)
    b = new_genuine(ctx, city=a.home)
    last = a.app["name"].split()[-1]
    first_b = b.app["name"].split()[0]
    new_name = f"{first_b} {last}"
    if new_name in ctx.names:
        return [a, b]
    ctx.names.add(new_name)
    for side in (b.resume, b.linkedin):
        if side is not None:
            side.name = new_name
    b.app["name"] = new_name
    assert a.home is not None
    home = a.app.get("address") or street_address(ctx, a.home)
    a.app["address"] = home
    b.app["address"] = home.upper() if ctx.rng.random() < 0.3 else home
    b.app.pop("shipping_address", None)
    if ctx.rng.random() < 0.5:
        b.app["shipping_address"] = home
    for m in (a, b):
        apply_some(
            ctx,
            m,
            ctx.rng.randint(0, 2),
            exclude=RENAMING | {"shipping_fewer_parts", "shipping_unit_forms"},
        )
        m.note("household")
    return [a, b]


def duplicate(ctx: Ctx) -> list[Applicant]:
    """One person applying twice, a few weeks apart."""
    a = new_genuine(ctx, intl=False)
    apply_some(ctx, a, ctx.rng.randint(0, 2))
    b = Applicant(ctx.next_id("G"), "genuine", "genuine", dict(a.app),
                  a.resume.clone() if a.resume else None, a.linkedin.clone() if a.linkedin else None)  # fmt: skip
    b.rdoc, b.ldoc = a.rdoc, a.ldoc
    b.home = a.home  # the same person in the same city (their GitHub commits keep its offsets)
    b.rdoc = type(a.rdoc)(**{**a.rdoc.__dict__, "created": ctx.ref_datetime()})
    local, _, domain = a.app["email"].partition("@")
    if ctx.rng.random() < 0.5:
        b.app["email"] = f"{local}+again@{domain}"
    forms = P.phone_forms(F_e164(a))
    b.app["phone"] = ctx.rng.choice(forms) if forms else a.app["phone"]
    b.person = a.person
    for m in (a, b):
        m.note("duplicate_application")
    return [a, b]


def F_e164(a: Applicant) -> str:
    from .variations import _e164_of

    return _e164_of(a) or ""


def locality_neighbours(ctx: Ctx) -> list[Applicant]:
    """Neighbours who give only their city and ZIP as address: a locality, never a link."""
    city = ctx.rng.choice(P.US_CITIES)
    zip_code = ctx.rng.choice(P.city_zips(city.city, city.state))
    out = []
    for _ in range(ctx.rng.randint(3, 5)):
        a = new_genuine(ctx, city=city)
        a.app["location"] = city.short
        a.app["address"] = ctx.rng.choice([f"{city.city}, {city.state} {zip_code}", f"{city.city} {city.state} {zip_code}",
                                           f"{city.city.upper()}, {city.state} {zip_code}"])  # fmt: skip
        if ctx.rng.random() < 0.4:
            a.app["shipping_address"] = a.app["address"]
        else:
            a.app.pop("shipping_address", None)
        apply_some(ctx, a, ctx.rng.randint(0, 2))
        a.note("locality_only_address")
        out.append(a)
    return out


def shared_referee(ctx: Ctx) -> list[Applicant]:
    """Two unrelated applicants name the same former manager (below NW008's many-applicants bar)."""
    a, b = new_genuine(ctx), new_genuine(ctx)
    first, last = ctx.unique_name()
    phone = P.nanp_forms(ctx.phones.us(ctx.rng.choice(P.US_CITIES)))[0]
    for m in (a, b):
        m.app["references"] = f"{first} {last}, engineering manager, {phone}"
        apply_some(ctx, m, ctx.rng.randint(0, 2))
        m.note("shared_referee_pair")
    return [a, b]


def colleagues(ctx: Ctx) -> list[Applicant]:
    """Two people who worked at one employer in the same years and went to one school."""
    a, b = new_genuine(ctx), new_genuine(ctx)
    ja = (
        next((j for j in a.resume.jobs if j.end and j.kind == "full-time"), None)
        if a.resume
        else None
    )  # type: ignore[union-attr]
    if ja is None or b.resume is None:
        return [a, b]
    shared = Job(
        ja.org, ja.title, ja.start, ja.end, ja.location, [f"Worked on {ja.org}'s core systems."]
    )
    shared_b = shared.copy()
    shared_b.uid = shared.uid + 10_000_000  # the colleague's own role (same employer and years)
    for m in (a, b):
        role = shared if m is a else shared_b
        for side in (m.resume, m.linkedin):
            if side is None:
                continue
            side.jobs = [j for j in side.jobs if j.org != ja.org and not _overlaps(j, shared)]
            side.jobs.append(role.copy())
            side.jobs.sort(key=_newest_first, reverse=True)
        m.note("former_colleagues")
    return [a, b]


def _overlaps(j: Job, other: Job) -> bool:
    """Whether two roles share a month ("Present" runs on)."""
    far = (9999, 12)
    return _k(j.start) <= _k(other.end or far) and _k(other.start) <= _k(j.end or far)


# ---------------------------------------------------------------------------------------------
def fraud_batch(ctx: Ctx, budget: int) -> list[Applicant]:
    """Every batch pattern once per round, in a shuffled order, until the budget is spent."""
    patterns = F.applicable(ctx.split, "batch")
    out: list[Applicant] = []
    rounds = 0
    while len(out) < budget or rounds == 0:
        order = list(patterns)
        ctx.rng.shuffle(order)
        for p in order:
            if rounds > 0 and len(out) >= budget:
                break
            out += p.build(ctx)
        rounds += 1
    return out


# ---------------------------------------------------------------------------------------------
def check_track(ctx: Ctx, n: int, engineers: list[Applicant]) -> list[Applicant]:
    out: list[Applicant] = []
    hj = F.applicable(ctx.split, "check")
    kinds = (
        [p for p in hj if p.code in ("HJ001", "HJ003", "NW009")]
        if ctx.small
        else [p for p in hj if p.code != "ID004"]
    )
    per = max(1, n // 10)
    for _ in range(per):
        # Frauds copy engineers other than the first, who applies in person below (whose
        # history would otherwise match the fraud's stored copy: true, but not this test).
        out.append(reused_history(ctx, ctx.rng.choice(engineers[1:] or engineers)))
        for p in kinds:
            out += p.build(ctx)
    controls = [rescan_plain, rescan_new_job, rescan_headline, rescan_married, rescan_contact_added,
                cohort_colleague, same_engineer_new_id, near_watchlist]  # fmt: skip
    if ctx.small:
        controls = [rescan_new_job, cohort_colleague, near_watchlist]
    k = 0
    while len(out) < n or k < len(controls):
        make = controls[k % len(controls)]
        out.append(
            make(ctx, engineers[0])
            if make in (cohort_colleague, same_engineer_new_id)
            else make(ctx)
        )  # type: ignore[call-arg]
        k += 1
    return out


def _genuine_check(ctx: Ctx, family: str) -> Applicant:
    a = new_genuine(ctx, "C", intl=False)
    a.track = "check"
    if a.ldoc.kind == "none" or a.ldoc.kind.startswith("page"):
        a.ldoc.kind = ctx.rng.choice(["pdf", "export_dir"])
    a.earlier = a.linkedin.clone() if a.linkedin else None
    apply_some(ctx, a, ctx.rng.randint(0, 2), {"phone_formats", "degree_spelling", "school_alias", "title_wording",
                                               "volunteer_role", "own_company", "legal_suffix"})  # fmt: skip
    a.earlier = a.linkedin.clone() if a.linkedin else None
    a.note(family)
    return a


def rescan_plain(ctx: Ctx) -> Applicant:
    return _genuine_check(ctx, "rescan_unchanged")


def rescan_new_job(ctx: Ctx) -> Applicant:
    """Since the earlier scan, the person changed jobs: the old one ended, a new one began."""
    a = _genuine_check(ctx, "rescan_new_job")
    if a.earlier is None or a.linkedin is None:
        return a
    cur = next((j for j in a.earlier.jobs if j.end is None and j.kind == "full-time"), None)
    if cur is None or ym_months(cur.start, ctx.ref) < 10:
        return a
    end = ym_add(ctx.ref, -ctx.rng.randint(4, 6))
    new = Job(
        P.invented_employer(ctx.rng),
        cur.title,
        ym_add(end, 1),
        None,
        cur.location,
        ["Joined to build the data platform."],
    )
    for side in (a.linkedin, a.resume):
        if side is None:
            continue
        for j in side.jobs:
            if j.uid == cur.uid:
                j.end = end
        side.jobs.insert(0, new.copy())
    return a


def rescan_headline(ctx: Ctx) -> Applicant:
    a = _genuine_check(ctx, "rescan_headline_only")
    if a.earlier is not None:
        a.earlier.headline = f"{a.earlier.headline} | Open to work"
    return a


def rescan_married(ctx: Ctx) -> Applicant:
    """Married since the earlier scan: the same given name, a new surname."""
    a = _genuine_check(ctx, "rescan_married_name")
    if a.earlier is None or a.linkedin is None or a.resume is None:
        return a
    first, _, maiden = a.app["name"].partition(" ")
    new_last = ctx.rng.choice([x for x in P.LAST if x != maiden])
    a.earlier.name = f"{first} {maiden}"
    for side in (a.linkedin, a.resume):
        side.name = f"{first} {new_last}"
    a.app["name"] = f"{first} {new_last}"
    return a


def rescan_contact_added(ctx: Ctx) -> Applicant:
    a = _genuine_check(ctx, "rescan_contact_added")
    if a.earlier is not None and a.linkedin is not None:
        a.earlier.phone = ""
        a.linkedin.phone = P.phone_forms(F_e164(a) or "+13125550100")[3]
    return a


def reused_history(ctx: Ctx, eng: Applicant) -> Applicant:
    """ID004: a stored engineer's history copied under another name (résumé and profile)."""
    a = F.twin(ctx, linkedin=True, noise=1)
    a.track = "check"
    assert eng.linkedin is not None
    for side in (a.resume, a.linkedin):
        if side is None:
            continue
        side.jobs = [j.copy() for j in eng.linkedin.jobs]
        if ctx.rng.random() < 0.5 and len(side.jobs) > 3:  # a role dropped or reworded
            side.jobs[-1].title = side.jobs[-1].title.replace("Software", "Backend")
    a.pattern = "reused_history"
    a.expect["ID004"] = "high"
    return a


def cohort_colleague(ctx: Ctx, eng: Applicant) -> Applicant:
    """A graduate of the same cohort: the stored engineer's school and timeline, two of their
    positions (employer, title, dates) shared, the other employers their own."""
    a = _genuine_check(ctx, "cohort_colleague")
    assert eng.linkedin is not None and eng.resume is not None
    dated = [j for j in eng.linkedin.jobs if j.end is not None and j.kind == "full-time"]
    shared = {j.uid for j in dated[:2]}
    own = {}
    for j in eng.linkedin.jobs:
        if j.uid not in shared:
            own.setdefault(j.org, P.invented_employer(ctx.rng))
    history = []
    for j in eng.linkedin.jobs:
        mine = j.copy()
        mine.uid = j.uid + 20_000_000
        if j.uid not in shared:
            mine.org = own[j.org]
        history.append(mine)
    for side in (a.resume, a.linkedin, a.earlier):
        if side is None:
            continue
        side.jobs = [j.copy() for j in history]
        side.studies = [type(s)(**s.__dict__) for s in eng.resume.studies]
        side.headline = history[0].title if history else side.headline
    return a


def same_engineer_new_id(ctx: Ctx, eng: Applicant) -> Applicant:
    """A stored engineer applies: the same name and history under a new candidate id."""
    a = Applicant(ctx.next_id("C"), "genuine", "genuine", dict(eng.app),
                  eng.resume.clone() if eng.resume else None, eng.linkedin.clone() if eng.linkedin else None)  # fmt: skip
    a.rdoc = type(eng.rdoc)(**{**eng.rdoc.__dict__, "created": ctx.ref_datetime()})
    a.ldoc = type(eng.ldoc)(**{**eng.ldoc.__dict__})
    a.track = "check"
    a.person = eng.id
    a.home = eng.home
    a.note("stored_engineer_applies")
    return a


def near_watchlist(ctx: Ctx) -> Applicant:
    """Watched identifiers near this person's own: a neighbour's number, another house on
    their street. Neither is theirs."""
    from .variations import _e164_of

    a = _genuine_check(ctx, "near_watchlist")
    a.earlier = None
    e164 = _e164_of(a)
    if e164 and e164.startswith("+1"):
        last = int(e164[-2:])
        a.watch.append(("phone", f"{e164[:-2]}{(last + 1) % 100:02d}"))
    home = a.app.get("address")
    if home and home[0].isdigit():
        num, _, rest = home.partition(" ")
        a.watch.append(
            ("address", f"{int(num) + 2} {rest}")
        )  # (the watchlist refuses a bare city + ZIP)
    return a
