"""Benign variation families: the ways honest applicants' sources differ without any lie.

Each family is a function that changes one genuine applicant's sources the way real people's
do (a nickname on LinkedIn, a school's abbreviation, a promotion split in two rows, a side
business beside a job, a shipping address written with fewer parts, a placeholder phone) and
returns whether it applied. `split` says where a family appears: "both" (development and
held-out sets) or "heldout" (held-out only, so that tuning on the development set cannot fit
it). Where a family draws instances (which school, which degree spelling), the held-out set
also draws from instances the development set never uses (`Ctx.pick`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from . import pools as P
from .model import Applicant, Job, Study
from .people import Ctx, P_ascii, bullets, street_address
from .pools import ym_add, ym_months


@dataclass(frozen=True)
class Family:
    name: str
    issue_class: str  # the false-alarm class of issue 11 it exercises
    split: str  # "both" or "heldout"
    apply: Callable[[Ctx, Applicant], bool]
    weight: float = 1.0


FAMILIES: dict[str, Family] = {}


def family(name: str, issue_class: str, split: str = "both", weight: float = 1.0) -> Callable:  # type: ignore[type-arg]
    def register(fn: Callable[[Ctx, Applicant], bool]) -> Callable[[Ctx, Applicant], bool]:
        if name in FAMILIES:
            raise ValueError(f"duplicate family {name}")
        FAMILIES[name] = Family(name, issue_class, split, fn, weight)
        return fn

    return register


def _sides(a: Applicant) -> list:  # type: ignore[type-arg]
    return [s for s in (a.resume, a.linkedin) if s is not None]


def _new_slug(ctx: Ctx, a: Applicant, first: str, last: str) -> None:
    """The person's own profile address follows their name (the résumé links it too)."""
    old = a.ldoc.slug
    a.ldoc.slug = ctx.slug_for(first, last)
    if a.resume is not None:
        a.resume.links = [link.replace(old, a.ldoc.slug) for link in a.resume.links]


def _rename_everywhere(ctx: Ctx, a: Applicant, old: str, new: str) -> None:
    """Another given name for the person: in every source, their mailbox and profile address."""
    for s in _sides(a):
        s.name = s.name.replace(old, new)
    a.app["name"] = a.app.get("name", "").replace(old, new)
    lo, ln = P_ascii(old).lower(), P_ascii(new).lower()
    a.app["email"] = a.app.get("email", "").replace(lo, ln)
    for s in _sides(a):
        s.email = s.email.replace(lo, ln)
    last = a.app["name"].split()[-1]
    _new_slug(ctx, a, new, last)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------
@family("nickname", "names")
def nickname(ctx: Ctx, a: Applicant) -> bool:
    held = [f for f in P.NICKNAMES if f in P.HELDOUT_NICKNAMES]
    dev = [f for f in P.NICKNAMES if f not in P.HELDOUT_NICKNAMES]
    formal = ctx.pick(dev, held)
    nick = ctx.rng.choice(P.NICKNAMES[formal])
    first = a.app["name"].split()[0]
    _rename_everywhere(ctx, a, first, formal)
    where = ctx.rng.choice(["linkedin", "app", "resume"])
    if where == "linkedin" and a.linkedin is not None:
        a.linkedin.name = a.linkedin.name.replace(formal, nick, 1)
    elif where == "resume" and a.resume is not None:
        a.resume.name = a.resume.name.replace(formal, nick, 1)
    else:
        a.app["name"] = a.app["name"].replace(formal, nick, 1)
    return True


@family("middle_initial", "names")
def middle_initial(ctx: Ctx, a: Applicant) -> bool:
    if a.resume is None:
        return False
    first, _, rest = a.resume.name.partition(" ")
    middle = ctx.rng.choice(["R.", "J.", "M.", "Anne", "Lee", "K"])
    a.resume.name = f"{first} {middle} {rest}"
    return True


@family("diacritics", "names")
def diacritics(ctx: Ctx, a: Applicant) -> bool:
    held = [d for d in P.DIACRITIC_NAMES if d[0] in P.HELDOUT_DIACRITICS]
    dev = [d for d in P.DIACRITIC_NAMES if d[0] not in P.HELDOUT_DIACRITICS]
    first, last, af, al = ctx.pick(dev, held)
    if f"{first} {last}" in ctx.names:
        return False
    ctx.names.add(f"{first} {last}")
    old = a.app["name"]
    for s in _sides(a):
        s.name = f"{first} {last}"
    a.app["name"] = f"{af} {al}" if ctx.rng.random() < 0.7 else f"{first} {last}"
    box = f"{af.lower()}.{al.lower()}@example.com"
    a.app["email"] = box
    for s in _sides(a):
        s.email = box if s.email else ""
    _new_slug(ctx, a, af, al)
    _ = old
    return True


@family("married_name", "names")
def married_name(ctx: Ctx, a: Applicant) -> bool:
    if a.linkedin is None or a.resume is None:
        return False
    first, _, maiden = a.resume.name.partition(" ")
    new_last = ctx.rng.choice(P.LAST)
    if new_last == maiden:
        return False
    a.resume.name = f"{first} {new_last}"
    a.app["name"] = f"{first} {new_last}"
    a.linkedin.name = ctx.rng.choice([f"{first} {maiden}-{new_last}", f"{first} {new_last} ({maiden})",
                                      f"{first} {maiden}"])  # fmt: skip
    return True


@family("transliteration", "names", split="heldout")
def transliteration(ctx: Ctx, a: Applicant) -> bool:
    one, other = ctx.rng.choice(P.TRANSLITERATIONS)
    first = a.app["name"].split()[0]
    _rename_everywhere(ctx, a, first, other)
    if a.linkedin is not None:
        a.linkedin.name = a.linkedin.name.replace(other, one, 1)
    return True


@family("cjk_name", "names", split="heldout")
def cjk_name(ctx: Ctx, a: Applicant) -> bool:
    native, given, fam = ctx.rng.choice(P.CJK_NAMES)
    if f"{given} {fam}" in ctx.names:
        return False
    ctx.names.add(f"{given} {fam}")
    for s in _sides(a):
        s.name = f"{given} {fam}"
    if a.linkedin is not None:
        a.linkedin.name = (
            f"{given} {fam} {native}" if ctx.rng.random() < 0.5 else f"{given} ({native}) {fam}"
        )
    a.app["name"] = f"{fam.upper()} {given}"
    box = f"{given.lower()}.{fam.lower()}{ctx.rng.randrange(10, 99)}@example.com"
    a.app["email"] = box
    for s in _sides(a):
        s.email = box if s.email else ""
    _new_slug(ctx, a, given, fam)
    return True


@family("hyphenated_surname", "names")
def hyphenated_surname(ctx: Ctx, a: Applicant) -> bool:
    first, _, last = a.app["name"].partition(" ")
    second = ctx.rng.choice(P.LAST)
    if second == last:
        return False
    for s in _sides(a):
        s.name = f"{first} {last}-{second}"
    a.app["name"] = (
        f"{first} {last} {second}" if ctx.rng.random() < 0.5 else f"{first} {last}-{second}"
    )
    return True


# ---------------------------------------------------------------------------------------------
# Contacts
# ---------------------------------------------------------------------------------------------
@family("mailbox_plus_tag", "contacts")
def mailbox_plus_tag(ctx: Ctx, a: Applicant) -> bool:
    local, _, domain = a.app["email"].partition("@")
    tagged = f"{local}+{ctx.rng.choice(['jobs', 'apply', 'cv', 'work'])}@{domain}"
    if a.resume is not None and ctx.rng.random() < 0.5:
        a.resume.email = tagged
    else:
        a.app["email"] = tagged
    return True


@family("mailbox_separators", "contacts")
def mailbox_separators(ctx: Ctx, a: Applicant) -> bool:
    """The profile writes the mailbox with other separators (hans-wolfgang. vs hanswolfgang.)."""
    local, _, domain = a.app["email"].partition("@")
    if "." in local:
        other = local.replace(".", ctx.rng.choice(["-", "_", ""]), 1)
    else:
        return False
    target = a.linkedin if a.linkedin is not None and a.ldoc.kind != "none" else a.resume
    if target is None:
        return False
    target.email = f"{other}@{domain}"
    return True


@family("gmail_alias", "contacts", split="heldout")
def gmail_alias(ctx: Ctx, a: Applicant) -> bool:
    first, _, last = P_ascii(a.app["name"]).lower().replace("'", "").partition(" ")
    last = last.replace(" ", "")
    base = f"{first}.{last}.example{ctx.rng.randrange(10, 99)}"
    a.app["email"] = f"{base}@gmail.com"
    variant = ctx.rng.choice([f"{base.replace('.', '')}@googlemail.com", f"{base}+jobs@gmail.com",
                              f"{base.replace('.', '', 1)}@gmail.com"])  # fmt: skip
    for s in _sides(a):
        s.email = variant if s.email or s is a.resume else ""
    return True


@family("phone_formats", "contacts")
def phone_formats(ctx: Ctx, a: Applicant) -> bool:
    """Every source writes the number in another valid form."""
    e164 = _e164_of(a)
    if e164 is None:
        return False
    forms = P.phone_forms(e164)
    ctx.rng.shuffle(forms)
    a.app["phone"] = forms[0]
    if a.resume is not None:
        a.resume.phone = forms[1 % len(forms)]
    if a.linkedin is not None and a.linkedin.phone:
        a.linkedin.phone = forms[2 % len(forms)]
    return True


def _e164_of(a: Applicant) -> str | None:
    import phonenumbers

    for text in (a.app.get("phone", ""), a.resume.phone if a.resume else ""):
        try:
            n = phonenumbers.parse(text, "US")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(n):
            return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
    return None


@family("two_numbers", "contacts")
def two_numbers(ctx: Ctx, a: Applicant) -> bool:
    """Two numbers in one cell: mobile and home."""
    e164 = _e164_of(a)
    if e164 is None or not e164.startswith("+1"):
        return False
    city = next(c for c in P.US_CITIES + P.CA_CITIES if e164[2:5] in c.area_codes)
    second = ctx.phones.us(city)
    one, two = P.nanp_forms(e164)[1], P.nanp_forms(second)[1]
    a.app["phone"] = ctx.rng.choice(
        [f"{one} / {two}", f"{one}, {two}", f"{one} (mobile); {two} (home)"]
    )
    return True


@family("placeholder_phone", "placeholders")
def placeholder_phone(ctx: Ctx, a: Applicant) -> bool:
    a.app["phone"] = ctx.pick(["Upon request", "N/A", "n/a", "123-456-7890", "(000) 000-0000"],
                              ["TBD", "-", "Available on request", "000-000-0000", "None"])  # fmt: skip
    a.expect.setdefault("CT012", "info")
    return True


@family("licence_and_doi", "placeholders")
def licence_and_doi(ctx: Ctx, a: Applicant) -> bool:
    """Licence and certificate numbers, ORCID and DOIs near the contact lines: not phones."""
    rng = ctx.rng
    orcid = f"0000-000{rng.randrange(1, 3)}-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"
    extras = ctx.pick([[f"PE License No. {rng.randrange(10**6, 10**7)} (Texas)"],
                       [f"ORCID: {orcid}"],
                       [f"Certified Scrum Master, cert. #{rng.randrange(10**5, 10**6)}"]],
                      [[f"NPI {rng.randrange(10**9, 2 * 10**9)} · Licence #: {rng.randrange(10, 99)}-{rng.randrange(100, 999)}-{rng.randrange(100, 999)}"],
                       [f"ISBN 978-0-{rng.randrange(100, 999)}-{rng.randrange(10000, 99999)}-{rng.randrange(10)}"],
                       [f"Certificate ID 2024-{rng.randrange(100, 999)}-55-{rng.randrange(1000, 9999)}"]])  # fmt: skip
    a.rdoc.contact_extras += extras
    year = ctx.ref[0] - rng.randint(2, 6)
    a.rdoc.sections.append(("Publications", [
        f"Scaling event pipelines at low cost. Proc. Data Systems Workshop, pp. {rng.randrange(10, 200)}-{rng.randrange(201, 300)}, {year}. doi:10.5555/{rng.randrange(10**7, 10**8)}",
        f"A field study of on-call load. J. Software Operations {rng.randrange(3, 30)}({rng.randrange(1, 4)}), {year - 1}. https://doi.org/10.5555/{rng.randrange(10**6, 10**7)}",
    ]))  # fmt: skip
    a.rdoc.sections.append(("Certifications", [
        f"AWS Certified Solutions Architect – Associate, {year} (Validation Number {rng.getrandbits(40):010X})",
        f"Certified Kubernetes Administrator (CKA), {year + 1}, ID LF-{rng.randrange(10**9, 10**10)}",
    ]))  # fmt: skip
    return True


@family("moved_area_code", "contacts")
def moved_area_code(ctx: Ctx, a: Applicant) -> bool:
    """Kept the mobile number of a previous state (CT005 is low: people move)."""
    e164 = _e164_of(a)
    if e164 is None or not e164.startswith("+1"):
        return False
    here = next((c for c in P.US_CITIES if e164[2:5] in c.area_codes), None)
    if here is None:
        return False
    elsewhere = ctx.rng.choice([c for c in P.US_CITIES if c.state != here.state])
    new = ctx.phones.us(elsewhere)
    forms = P.nanp_forms(new)
    a.app["phone"] = ctx.rng.choice(forms)
    if a.resume is not None:
        a.resume.phone = ctx.rng.choice(forms)
    if a.linkedin is not None and a.linkedin.phone:
        a.linkedin.phone = forms[3]
    return True


# ---------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------
def _home(a: Applicant) -> str | None:
    return a.app.get("address") or None


@family("shipping_other_case", "addresses")
def shipping_other_case(ctx: Ctx, a: Applicant) -> bool:
    home = _home(a)
    if home is None:
        return False
    a.app["shipping_address"] = home.upper() if ctx.rng.random() < 0.7 else home.lower()
    return True


@family("shipping_fewer_parts", "addresses")
def shipping_fewer_parts(ctx: Ctx, a: Applicant) -> bool:
    home = _home(a)
    if home is None or "," not in home:
        return False
    street = home.split(",")[0]
    if ctx.rng.random() < 0.5:
        a.app["shipping_address"] = street
    else:  # the full address on the shipping side, the street alone at home
        a.app["shipping_address"] = home.replace(",", "").upper()
        a.app["address"] = street
    return True


@family("shipping_unit_forms", "addresses", split="heldout")
def shipping_unit_forms(ctx: Ctx, a: Applicant) -> bool:
    home = _home(a)
    if home is None or not home[0].isdigit():
        return False
    street, _, rest = home.partition(", ")
    unit = f"{ctx.rng.randrange(1, 30)}{ctx.rng.choice('ABC')}"
    if " Apt " in street:
        street, _, unit = street.partition(" Apt ")
    num, _, name = street.partition(" ")
    a.app["address"] = f"Apt {unit}, {num} North {name}, {rest}"
    a.app["shipping_address"] = f"{num} N {name} #{unit.lower()}, {rest.replace(',', '')}"
    return True


# ---------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------
def _bachelor(a: Applicant, side: str) -> Study | None:
    s = a.resume if side == "resume" else a.linkedin
    if s is None:
        return None
    return next((x for x in s.studies if x.level == "bachelor"), None)


@family("school_alias", "schools", weight=2.0)
def school_alias(ctx: Ctx, a: Applicant) -> bool:
    held = [s for i, s in enumerate(P.SCHOOL_ALIASES_HELDOUT) if i not in (3, 4, 5)]
    official, aliases = ctx.pick(P.SCHOOL_ALIASES_DEV[:-1], held)
    return _set_school(ctx, a, official, ctx.rng.choice(aliases))


@family("native_language_school", "schools")
def native_language_school(ctx: Ctx, a: Applicant) -> bool:
    official, aliases = ctx.pick(P.SCHOOL_ALIASES_DEV[-1:], P.SCHOOL_ALIASES_HELDOUT[3:6])
    return _set_school(ctx, a, official, aliases[0])


def _set_school(ctx: Ctx, a: Applicant, official: str, alias: str) -> bool:
    rb, lb = _bachelor(a, "resume"), _bachelor(a, "linkedin")
    if rb is None:
        return False
    one, other = (official, alias) if ctx.rng.random() < 0.5 else (alias, official)
    rb.school = one
    if lb is not None:
        lb.school = other
    return True


@family("degree_spelling", "schools", weight=2.0)
def degree_spelling(ctx: Ctx, a: Applicant) -> bool:
    rb, lb = _bachelor(a, "resume"), _bachelor(a, "linkedin")
    if rb is None or lb is None:
        return False
    r, li = ctx.pick(P.BACHELOR_FORMS_DEV, P.BACHELOR_FORMS_HELDOUT)
    rb.degree, lb.degree = r, li
    return True


@family("linkedin_omits_degree", "schools")
def linkedin_omits_degree(ctx: Ctx, a: Applicant) -> bool:
    if a.linkedin is None or a.resume is None:
        return False
    if len(a.linkedin.studies) > 1:
        a.linkedin.studies.pop(ctx.rng.randrange(len(a.linkedin.studies)))
        return True
    rb = _bachelor(a, "resume")
    if rb is None or rb.start is None:
        return False
    start = ym_add(rb.start, -24)
    assoc = Study(ctx.rng.choice(P.COMMUNITY_COLLEGES), ctx.rng.choice(["AS", "A.S.", "Associate of Science"]),
                  "Computer Science", start, ym_add(rb.start, -3), "associate")  # fmt: skip
    a.resume.studies.append(assoc)
    return True


@family("education_precision", "dates")
def education_precision(ctx: Ctx, a: Applicant) -> bool:
    rb, lb = _bachelor(a, "resume"), _bachelor(a, "linkedin")
    if rb is None or rb.start is None or rb.end is None:
        return False
    if ctx.rng.random() < 0.5:
        rb.start, rb.end = (rb.start[0], None), (rb.end[0], None)
    elif lb is not None and lb.start and lb.end:
        lb.start, lb.end = (lb.start[0], None), (lb.end[0], None)
    else:
        return False
    return True


@family("degree_in_progress", "schools", split="heldout")
def degree_in_progress(ctx: Ctx, a: Applicant) -> bool:
    """A part-time online master's alongside the job, finishing next year."""
    if a.resume is None:
        return False
    start = ym_add(ctx.ref, -ctx.rng.randint(6, 14))
    end = (ctx.ref[0] + 1, 5)
    deg = Study(ctx.rng.choice(P.SCHOOLS_PLAIN), "MS", "Computer Science", start, end, "master",
                "expected; part-time, online")  # fmt: skip
    a.resume.studies.insert(0, deg)
    if a.linkedin is not None and ctx.rng.random() < 0.5:
        a.linkedin.studies.insert(
            0, Study(deg.school, "Master of Science - MS", deg.field, start, end, "master")
        )
    return True


@family("transfer_bachelor", "schools", split="heldout")
def transfer_bachelor(ctx: Ctx, a: Applicant) -> bool:
    """Two years at a community college, then two at the university (a transfer)."""
    rb = _bachelor(a, "resume")
    if rb is None or rb.start is None or rb.end is None or a.resume is None:
        return False
    mid = ym_add(rb.start, 24)
    assoc = Study(ctx.rng.choice(P.COMMUNITY_COLLEGES), "Associate of Science", "General Studies",
                  rb.start, ym_add(mid, -3), "associate")  # fmt: skip
    rb.start, rb.note = mid, "transfer student"
    a.resume.studies.append(assoc)
    lb = _bachelor(a, "linkedin")
    if lb is not None:
        lb.start = mid
    return True


# ---------------------------------------------------------------------------------------------
# Employers and roles
# ---------------------------------------------------------------------------------------------
def _fulltime(side: object) -> list[Job]:
    return [j for j in side.jobs if j.kind == "full-time"]  # type: ignore[attr-defined]


@family("promotion_split", "employers", weight=1.5)
def promotion_split(ctx: Ctx, a: Applicant) -> bool:
    """A promotion is two rows on one side and one on the other."""
    if a.resume is None or a.linkedin is None:
        return False
    for j in a.resume.jobs:
        months = ym_months(j.start, j.end or ctx.ref)
        if j.kind != "full-time" or months < 24 or j.start[1] is None:
            continue
        split_side = a.resume if ctx.rng.random() < 0.5 else a.linkedin
        target = split_side.role(j.uid)
        if target is None:
            continue
        mid = ym_add(j.start, ctx.rng.randint(10, 16))
        junior = j.title.replace("Senior ", "").replace("Staff ", "Senior ")
        first = Job(j.org, junior if junior != j.title else f"Associate {j.title}", target.start,
                    ym_add(mid, -1), j.location, list(j.bullets[:1]), "full-time")  # fmt: skip
        second = Job(j.org, target.title, mid, target.end, j.location, list(j.bullets[1:]) or bullets(ctx, mid[0], 1),
                     uid=target.uid)  # the continuing role keeps its identity  # fmt: skip
        idx = split_side.jobs.index(target)
        split_side.jobs[idx : idx + 1] = [second, first]
        return True
    return False


@family("year_precision", "dates", weight=1.5)
def year_precision(ctx: Ctx, a: Applicant) -> bool:
    """One side gives years only for its older roles; the other gives months."""
    side = a.resume if ctx.rng.random() < 0.7 else a.linkedin
    if side is None or len(side.jobs) < 2:
        return False
    for j in side.jobs[1:]:
        j.start = (j.start[0], None)
        if j.end:
            j.end = (j.end[0], None)
    return True


@family("renamed_employer", "employers")
def renamed_employer(ctx: Ctx, a: Applicant) -> bool:
    old, new, founded = ctx.pick(P.RENAMES_DEV, P.RENAMES_HELDOUT)
    if a.resume is None or a.linkedin is None:
        return False
    for rj in a.resume.jobs:
        lj = a.linkedin.role(rj.uid)
        if lj is None or rj.kind != "full-time" or rj.end is None or rj.start[0] < founded + 2:
            continue
        uids = {j.uid for j in a.resume.jobs if j.org == rj.org}
        for side, name in ((a.resume, old), (a.linkedin, new)):
            for j in side.jobs:
                if j.uid in uids:
                    j.org = name
        return True
    return False


@family("legal_suffix", "employers")
def legal_suffix(ctx: Ctx, a: Applicant) -> bool:
    if a.linkedin is None or a.resume is None:
        return False
    orgs = [j.org for j in a.resume.jobs if j.org not in P.REAL_EMPLOYERS]
    if not orgs:
        return False
    org = ctx.rng.choice(orgs)
    suffix = ctx.rng.choice(P.SUFFIX_FORMS)
    side = a.linkedin if ctx.rng.random() < 0.5 else a.resume
    for j in side.jobs:
        if j.org == org:
            j.org = f"{org}{suffix}"
    return True


@family("now_formerly", "employers")
def now_formerly(ctx: Ctx, a: Applicant) -> bool:
    """An invented employer renamed since: the résumé says so, LinkedIn shows the new name."""
    if a.linkedin is None or a.resume is None:
        return False
    past = [
        j
        for j in a.resume.jobs
        if j.end is not None and j.kind == "full-time" and j.org not in P.REAL_EMPLOYERS
    ]
    if not past:
        return False
    org = ctx.rng.choice(past).org
    uids = {j.uid for j in a.resume.jobs if j.org == org}
    new = P.invented_employer(ctx.rng)
    form = ctx.rng.choice(
        [f"{org} (now {new})", f"{new} (formerly {org})", f"{org}, acquired by {new}"]
    )
    for j in a.resume.jobs:
        if j.uid in uids:
            j.org = form
    for j in a.linkedin.jobs:
        if j.uid in uids:
            j.org = new
    return True


def _current(a: Applicant) -> Job | None:
    if a.resume is None:
        return None
    return next((j for j in a.resume.jobs if j.end is None and j.kind == "full-time"), None)


def _k(d: tuple[int, int | None] | None) -> tuple[int, int]:
    return (9999, 0) if d is None else (d[0], d[1] or 0)


def _newest_first(j: Job) -> tuple[tuple[int, int], tuple[int, int]]:
    return (_k(j.end), _k(j.start))


def _add_role(ctx: Ctx, a: Applicant, job: Job, on_linkedin: float = 0.6) -> None:
    """Add a side role to the résumé (and maybe LinkedIn). It starts no later than three
    months before the reference month: documents are dated up to two months before its end,
    and nobody lists a role that begins after the day they wrote the document."""
    assert a.resume is not None
    latest = ym_add(ctx.ref, -3)
    if _k(job.start) > _k(latest):
        job.start = latest if job.start[1] is not None else (latest[0], None)
        if job.end is not None and _k(job.end) < _k(job.start):
            job.end = None
    a.resume.jobs.insert(0 if job.end is None else 1, job)
    a.resume.jobs.sort(key=_newest_first, reverse=True)
    if a.linkedin is not None and ctx.rng.random() < on_linkedin:
        li = job.copy()
        a.linkedin.jobs.insert(0, li)
        a.linkedin.jobs.sort(key=_newest_first, reverse=True)


@family("own_company", "employment_type", weight=1.5)
def own_company(ctx: Ctx, a: Applicant) -> bool:
    """A side business of one's own, current, beside a full-time job."""
    cur = _current(a)
    if cur is None:
        return False
    last = a.app["name"].split()[-1]
    org = ctx.rng.choice(
        [f"{last} Digital LLC", f"{last} Consulting LLC", f"{P.invented_employer(ctx.rng)} LLC"]
    )
    title = ctx.pick(["Founder", "Founder & CEO", "Co-Founder", "Owner"],
                     ["Managing Director", "Principal (own company)", "Founder and Managing Member"])  # fmt: skip
    start = ym_add(cur.start, ctx.rng.randint(-30, 6))
    _add_role(
        ctx, a, Job(org, title, start, None, "Remote", ["Client projects on weekends."], "founder")
    )
    return True


@family("freelance_gig", "employment_type")
def freelance_gig(ctx: Ctx, a: Applicant) -> bool:
    cur = _current(a)
    if cur is None:
        return False
    start = ym_add(cur.start, ctx.rng.randint(-18, 3))
    end = None if ctx.rng.random() < 0.4 else ym_add(start, ctx.rng.randint(6, 20))
    if end is not None and _k(end) > _k(ctx.ref):
        end = None
    title = ctx.rng.choice(
        ["Freelance Web Developer", "Freelance Software Developer", "Freelance Data Consultant"]
    )
    org = ctx.rng.choice(["Self-employed", "Freelance", "Upwork (freelance)"])
    _add_role(
        ctx,
        a,
        Job(
            org,
            title,
            start,
            end,
            "Remote",
            ["Small client projects in the evenings."],
            "freelance",
        ),
        0.4,
    )
    return True


@family("contract_role", "employment_type")
def contract_role(ctx: Ctx, a: Applicant) -> bool:
    """A contract engagement via an agency overlapping a full-time job."""
    if a.resume is None:
        return False
    past = [j for j in a.resume.jobs if j.kind == "full-time" and j.end is not None]
    if not past:
        return False
    host = ctx.rng.choice(past)
    start = ym_add(host.start, ctx.rng.randint(2, 8))
    end = ym_add(start, ctx.rng.randint(5, 10))
    if _k(end) > _k(ctx.ref):
        return False
    client = P.invented_employer(ctx.rng)
    org, title = ctx.rng.choice([(f"{ctx.rng.choice(P.AGENCIES)} (client: {client})", "Software Engineer (Contract)"),
                                 (client, "Contract Data Engineer"),
                                 (f"{client} via {ctx.rng.choice(P.AGENCIES)}", "Contractor - Backend Developer")])  # fmt: skip
    _add_role(
        ctx,
        a,
        Job(org, title, start, end, "Remote", ["Part-time contract, 20 hours a week."], "contract"),
        0.4,
    )
    return True


@family("consulting", "employment_type", split="heldout")
def consulting(ctx: Ctx, a: Applicant) -> bool:
    cur = _current(a)
    if cur is None:
        return False
    start = ym_add(cur.start, ctx.rng.randint(-12, 4))
    _add_role(ctx, a, Job("Independent", ctx.rng.choice(["Independent Consultant", "Technical Advisor", "Consulting Engineer (part-time)"]),
                          start, None, "Remote", ["Advising two early-stage startups."], "consulting"), 0.5)  # fmt: skip
    return True


@family("assistantship", "employment_type")
def assistantship(ctx: Ctx, a: Applicant) -> bool:
    """A research or teaching assistantship during the degree."""
    if a.resume is None:
        return False
    study = next((s for s in a.resume.studies if s.start and s.end and s.start[1] and s.end[1]
                  and ym_months(s.start, s.end) >= 12), None)  # fmt: skip
    if study is None or study.start is None or study.end is None:
        return False
    start = ym_add(study.start, ctx.rng.randint(1, min(12, ym_months(study.start, study.end) - 6)))
    end: tuple[int, int | None] | None = ym_add(study.end, -ctx.rng.randint(0, 2))
    if end is not None and _k(end) > _k(ctx.ref):
        end = None  # still going on: "Present"
    title = ctx.rng.choice(["Graduate Research Assistant", "Teaching Assistant", "Undergraduate Research Assistant",
                            "Research Assistant", "Graduate Teaching Assistant"])  # fmt: skip
    _add_role(
        ctx,
        a,
        Job(study.school, title, start, end, "", ["Lab for distributed systems."], "assistant"),
        0.5,
    )
    return True


@family("internship_during_degree", "employment_type")
def internship_during_degree(ctx: Ctx, a: Applicant) -> bool:
    if a.resume is None:
        return False
    study = next((s for s in a.resume.studies if s.level == "bachelor" and s.end), None)
    if study is None or study.end is None:
        return False
    y = study.end[0] - 2
    org = P.invented_employer(ctx.rng)
    _add_role(ctx, a, Job(org, ctx.rng.choice(["Software Engineering Intern", "Summer Intern", "Co-op Engineer"]),
                          (y, 5), (y, 8), "", bullets(ctx, y, 1), "intern"), 0.3)  # fmt: skip
    return True


@family("volunteer_role", "employment_type", weight=1.5)
def volunteer_role(ctx: Ctx, a: Applicant) -> bool:
    if a.resume is None or not a.resume.jobs:
        return False
    org, title = ctx.pick([(ctx.rng.choice(P.CHURCHES), "Volunteer Coordinator"),
                           (ctx.rng.choice(P.CHURCHES), "Volunteer Youth Leader"),
                           (ctx.rng.choice(P.CLUBS), "Board Member"),
                           ("Code Club", "Volunteer Mentor")],
                          [(ctx.rng.choice(P.CLUBS), "Treasurer"),
                           ("Harbor Arts Collective", "Artist in Residence"),
                           (ctx.rng.choice(P.CLUBS), "Advisory Board Member"),
                           (ctx.rng.choice(P.CHURCHES), "Deacon")])  # fmt: skip
    oldest = min((j.start for j in a.resume.jobs), key=_k)
    start = ym_add(oldest, ctx.rng.randint(6, max(7, ym_months(oldest, ctx.ref) - 6)))
    end = (
        None
        if ctx.rng.random() < 0.6
        else min(ym_add(start, ctx.rng.randint(12, 36)), ctx.ref, key=_k)
    )
    _add_role(ctx, a, Job(org, title, start, end, "", ["Weekend volunteering."], "volunteer"), 0.5)
    return True


@family("student_job", "employment_type", split="heldout")
def student_job(ctx: Ctx, a: Applicant) -> bool:
    if a.resume is None:
        return False
    study = next((s for s in a.resume.studies if s.level == "bachelor" and s.start and s.end), None)
    if study is None or study.start is None or study.end is None:
        return False
    org, title = ctx.rng.choice([("Bean There Cafe", "Barista"), (study.school, "Library Assistant"),
                                 ("Campus IT Help Desk", "Student Technician")])  # fmt: skip
    start = (study.start[0] + 1, 9)
    _add_role(
        ctx,
        a,
        Job(org, title, start, ym_add(study.end, -1), "", ["Part-time during studies."], "student"),
        0.2,
    )
    return True


@family("linkedin_omits_side_roles", "employment_type")
def linkedin_omits_side_roles(ctx: Ctx, a: Applicant) -> bool:
    if a.linkedin is None:
        return False
    before = len(a.linkedin.jobs)
    a.linkedin.jobs = [j for j in a.linkedin.jobs if j.kind == "full-time"]
    return len(a.linkedin.jobs) < before


@family("older_export", "dates")
def older_export(ctx: Ctx, a: Applicant) -> bool:
    """The LinkedIn export was made a while ago: its "Present" role has since ended."""
    # Only sources that carry their own date: a PDF's creation date, the export folder's name.
    if (
        a.resume is None
        or a.linkedin is None
        or a.ldoc.kind not in ("pdf", "export_dir", "export_zip")
    ):
        return False
    ft = [j for j in a.resume.jobs if j.kind == "full-time"]
    if len(ft) < 2:
        return False
    cur, prev = ft[0], ft[1]
    if (
        cur.end is not None
        or cur.org == prev.org
        or prev.end is None
        or prev.start[1] is None
        or cur.start[1] is None
    ):
        return False
    gap = ym_months(prev.start, cur.start)
    if gap < 8:
        return False
    made = ym_add(cur.start, -ctx.rng.randint(2, min(6, gap - 3)))
    from datetime import UTC, datetime

    a.ldoc.created = datetime(
        made[0], made[1] or 1, ctx.rng.randint(1, 27), 10, ctx.rng.randrange(60), tzinfo=UTC
    )
    a.linkedin.jobs = [j for j in a.linkedin.jobs if _k(j.start) <= _k(made)]
    for j in a.linkedin.jobs:
        if j.uid == prev.uid or (j.end is not None and _k(j.end) > _k(made)):
            j.end = None
    a.linkedin.headline = prev.title
    return True


@family("career_break", "dates")
def career_break(ctx: Ctx, a: Applicant) -> bool:
    """A gap between two jobs, named as a career break on both sides."""
    if a.resume is None:
        return False
    ft = [j for j in a.resume.jobs if j.kind == "full-time"]
    if len(ft) < 2:
        return False
    newer, older = ft[0], ft[1]
    if (
        older.end is None
        or older.org == newer.org
        or older.end[1] is None
        or newer.start[1] is None
    ):
        return False
    shift = ctx.rng.randint(8, 14)
    if ym_months(older.start, older.end) < shift + 8:
        return False
    brk_end = ym_add(newer.start, -1)
    brk_start = ym_add(brk_end, -shift)
    for j in a.roles(older.uid):
        j.end = ym_add(brk_start, -1) if j.end and j.end[1] else (brk_start[0], None)
    brk = Job("Career break", ctx.rng.choice(["Parental leave", "Family caregiving", "Travel and study"]),
              brk_start, brk_end, "", [], "break")  # fmt: skip
    for side in (a.resume, a.linkedin):
        if side is not None:
            idx = next((i for i, j in enumerate(side.jobs) if j.uid == older.uid), 1)
            side.jobs.insert(idx, brk.copy())
    return True


@family("title_wording", "employers")
def title_wording(ctx: Ctx, a: Applicant) -> bool:
    if a.linkedin is None:
        return False
    changed = False
    for j in a.linkedin.jobs:
        if j.title in P.TITLE_WORDING:
            j.title = P.TITLE_WORDING[j.title]
            changed = True
    return changed


@family("notice_overlap", "dates")
def notice_overlap(ctx: Ctx, a: Applicant) -> bool:
    """The next job starts a month or two before the last one ends (a notice period)."""
    if a.resume is None:
        return False
    jobs = a.resume.jobs
    for newer, older in itertools.pairwise(jobs):
        if newer.kind != "full-time" or older.kind != "full-time":
            continue
        if (
            older.end
            and older.end[1]
            and newer.start[1]
            and newer.org != older.org
            and ym_months(older.start, older.end) > 6
        ):
            new_end = ym_add(newer.start, ctx.rng.randint(1, 2))
            for j in a.roles(older.uid):
                if j.end is None:
                    continue  # still current where an older export was made before it ended
                j.end = new_end if j.end[1] else (new_end[0], None)
            return True
    return False


@family("experience_at_least", "dates")
def experience_at_least(ctx: Ctx, a: Applicant) -> bool:
    """An "at least" claim much shorter than the history ("5+ years" with 12)."""
    from .people import professional_years

    if a.resume is None:
        return False
    years = professional_years(a.resume.jobs, ctx.ref)
    if years < 8:
        return False
    a.resume.summary = f"Engineer with {ctx.rng.choice(['5+', 'over 5', 'more than 6'])} years of experience in backend systems."
    return True


@family("template_author", "documents")
def template_author(ctx: Ctx, a: Applicant) -> bool:
    if a.rdoc.format not in ("pdf", "docx"):
        return False
    a.rdoc.author = ctx.pick(["Microsoft Office User", "User", "Resume Template", "Canva"],
                             ["admin", "Windows User", "Owner"])  # fmt: skip
    return True


@family("prepared_by_service", "documents", split="heldout")
def prepared_by_service(ctx: Ctx, a: Applicant) -> bool:
    """A career coach wrote the résumé (ID005 is low: that is allowed)."""
    if a.rdoc.format not in ("pdf", "docx"):
        return False
    first, last = ctx.unique_name()
    a.rdoc.author = f"{first} {last}"
    return True


@family("tech_at_its_maker", "dates", split="heldout")
def tech_at_its_maker(ctx: Ctx, a: Applicant) -> bool:
    """React at Facebook before React's public release: its staff used it first."""
    if a.resume is None:
        return False
    maker, tech, year = ctx.rng.choice([("Facebook", "React", 2013), ("Microsoft", "TypeScript", 2012),
                                        ("Google", "Kubernetes", 2014)])  # fmt: skip
    old = [
        j
        for j in a.resume.jobs
        if j.kind == "full-time" and j.end and j.start[0] <= year - 1 <= j.end[0]
    ]
    if not old or (maker == "Facebook" and old[-1].start[0] < 2006):
        return False
    job = old[-1]
    for j in a.roles(job.uid):
        j.org = maker
    job.bullets.append(f"Early internal adopter of {tech} on the ads tooling team.")
    return True


@family("two_hats", "employment_type", split="heldout")
def two_hats(ctx: Ctx, a: Applicant) -> bool:
    """Two concurrent roles at one employer."""
    cur = _current(a)
    if cur is None:
        return False
    start = ym_add(cur.start, ctx.rng.randint(3, 9))
    if _k(start) > _k(ctx.ref):
        return False
    _add_role(ctx, a, Job(cur.org, ctx.rng.choice(["Interim Engineering Manager", "Tech Lead (Payments team)"]), start, None,
                          cur.location, ["Second hat while the team hired."], "second_hat"), 0.5)  # fmt: skip
    return True


@family("grouped_roles_layout", "employers", split="heldout")
def grouped_roles_layout(ctx: Ctx, a: Applicant) -> bool:
    """One employer header with its roles beneath (needs a promotion to show)."""
    if a.resume is None or a.rdoc.format == "inline":
        return False
    orgs = [j.org for j in a.resume.jobs]
    if len(orgs) == len(set(orgs)):
        return False
    a.rdoc.group_roles = True
    return True


@family("one_year_masters", "schools")
def one_year_masters(ctx: Ctx, a: Applicant) -> bool:
    """A one-year taught master's (MSc, September to September)."""
    if a.resume is None:
        return False
    rb = _bachelor(a, "resume")
    first_job = min((j.start for j in a.resume.jobs if j.kind == "full-time"), key=_k, default=None)
    if rb is None or rb.end is None or first_job is None or ym_months(rb.end, first_job) < 13:
        return False
    start = (rb.end[0], 9)
    end = ym_add(start, 12)
    if _k(end) >= _k(first_job):
        return False
    deg = Study(ctx.rng.choice(["University of Edinburgh", "Imperial College London", "University of Manchester"]),
                ctx.pick(["MSc", "M.Sc."], ["MSc (Distinction)"]), "Data Science", start, end, "master")  # fmt: skip
    a.resume.studies.insert(0, deg)
    if a.linkedin is not None:
        a.linkedin.studies.insert(
            0, Study(deg.school, "Master of Science - MSc", deg.field, start, end, "master")
        )
    return True


def applicable(split: str) -> list[Family]:
    return [f for f in FAMILIES.values() if f.split == "both" or split == "heldout"]


# Families that give the person another surname (not for households, who share one).
RENAMING = {"married_name", "hyphenated_surname", "diacritics", "cjk_name"}


def apply_some(
    ctx: Ctx,
    a: Applicant,
    k: int,
    allowed: set[str] | None = None,
    *,
    exclude: set[str] = frozenset(),
) -> None:  # type: ignore[assignment]
    """Apply up to k families at random (weighted), each at most once."""
    pool = [
        f
        for f in applicable(ctx.split)
        if (allowed is None or f.name in allowed) and f.name not in exclude
    ]
    for _ in range(k):
        if not pool:
            return
        fam = ctx.rng.choices(pool, [f.weight for f in pool])[0]
        pool.remove(fam)
        if fam.apply(ctx, a):
            a.note(fam.name)


# Families that only touch rendering and contacts: safe to put on frauds as ordinary noise.
NOISE = {"phone_formats", "mailbox_plus_tag", "middle_initial", "degree_spelling", "school_alias",
         "template_author", "title_wording", "year_precision", "legal_suffix", "education_precision",
         "licence_and_doi", "volunteer_role", "internship_during_degree", "shipping_other_case"}  # fmt: skip


def street(ctx: Ctx, a: Applicant) -> str:  # re-exported for frauds
    from .people import pick_city

    return street_address(ctx, pick_city(ctx, False))
