"""One honest applicant, before any variation: a coherent career told the same way everywhere.

`new_genuine` builds a person (name, home, contacts, degrees, jobs with promotions and gaps)
and the three sources that describe them (application row, résumé, LinkedIn profile), each in
the forms those sources really use (LinkedIn spells places out, degrees differ in wording).
Every date is at or before `Ctx.ref`, the month the documents were made.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import pools as P
from .model import Applicant, Job, LinkedInDoc, ResumeDoc, Side, Study
from .pools import YM, City, ym_add, ym_months


@dataclass
class Ctx:
    """Generation state of one applicant set."""

    rng: random.Random
    split: str  # "dev" or "heldout"
    ref: YM  # every date is at or before this month
    phones: P.PhoneBook
    names: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    mailboxes: set[str] = field(default_factory=set)  # folded (no separators, no +tag)
    seconds: set[int] = field(default_factory=set)
    serial: int = 0
    small: bool = False  # the regression gate's set: rings of two, a minimal check track
    # GitHub activity is dated from today (an account's age is judged against the scan date).
    now: datetime = field(
        default_factory=lambda: datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    )

    @property
    def heldout(self) -> bool:
        return self.split == "heldout"

    def pick(self, dev: list, heldout: list):  # type: ignore[no-untyped-def,type-arg]
        """A dev item in the dev set; in the held-out set, held-out-only items half of the time."""
        if self.heldout and heldout and self.rng.random() < 0.6:
            return self.rng.choice(heldout)
        return self.rng.choice(dev)

    def next_id(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.serial:04d}"

    def ref_datetime(self, days_back: int = 60) -> datetime:
        """A distinct moment (to the second) in the weeks before the reference month ended."""
        year, month = self.ref
        end = datetime(year, month or 12, 1, 12, tzinfo=UTC) + timedelta(days=27)
        while True:
            moment = end - timedelta(seconds=self.rng.randrange(days_back * 86_400))
            key = int(moment.timestamp())
            if key not in self.seconds:
                self.seconds.add(key)
                return moment

    def unique_name(
        self, first_pool: list[str] | None = None, last_pool: list[str] | None = None
    ) -> tuple[str, str]:
        for _ in range(10_000):
            first = self.rng.choice(first_pool or P.FIRST)
            last = self.rng.choice(last_pool or P.LAST)
            if f"{first} {last}" not in self.names:
                self.names.add(f"{first} {last}")
                return first, last
        raise RuntimeError("names exhausted")

    def slug_for(self, first: str, last: str) -> str:
        base = P_ascii(f"{first}-{last}").lower().replace("'", "").replace(" ", "-")
        r = self.rng.random()
        slug = (
            base
            if r < 0.15
            else base.replace("-", "")
            if r < 0.3
            else f"{base}-{self.rng.getrandbits(24):06x}"
        )
        while slug in self.slugs:
            slug = f"{base}-{self.rng.getrandbits(24):06x}"
        self.slugs.add(slug)
        return slug


# Letters that Unicode does not decompose into a base letter and a mark (NFKD keeps "ł", "ø").
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae",
                               "œ": "oe", "Œ": "Oe", "ß": "ss", "đ": "d", "Đ": "D", "ð": "d",
                               "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"})  # fmt: skip


def P_ascii(text: str) -> str:
    """ASCII folding for mailboxes, slugs and handles (people type their names without
    diacritics; GitHub handles and mailboxes are ASCII)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in folded if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
def mailbox(ctx: Ctx, first: str, last: str) -> str:
    """The person's own mailbox, distinct from everyone else's even with separators folded."""
    f = P_ascii(first).lower().replace("'", "").replace(" ", "")
    la = P_ascii(last).lower().replace("'", "").replace(" ", "")
    for attempt in range(100):
        style = ctx.rng.choice([f"{f}.{la}", f"{f}.{la}", f"{f[0]}{la}", f"{f}{la[0]}", f"{f}_{la}",
                                f"{f}.{la}{ctx.rng.randrange(10, 99)}", f"{la}.{f}"])  # fmt: skip
        if attempt > 20:
            style = f"{f}.{la}{ctx.rng.randrange(100, 999)}"
        box = f"{style}@{ctx.rng.choice(['example.com', 'example.org', 'example.net'])}"
        key = re.sub(r"[._-]", "", box.split("@")[0]) + "@" + box.split("@")[1]
        if key not in ctx.mailboxes:
            ctx.mailboxes.add(key)
            return box
    raise RuntimeError("mailboxes exhausted")


def street_address(ctx: Ctx, city: City, *, abbreviated: bool = True) -> str:
    num = ctx.rng.randrange(100, 9900)
    street = ctx.rng.choice(P.STREETS)
    full, short = ctx.rng.choice(P.SUFFIXES)
    suffix = short if abbreviated else full
    unit = (
        f" Apt {ctx.rng.randrange(1, 40)}{ctx.rng.choice('ABCD')}"
        if ctx.rng.random() < 0.25
        else ""
    )
    if city.country == "US":
        zip_code = ctx.rng.choice(P.city_zips(city.city, city.state))
        return f"{num} {street} {suffix}{unit}, {city.city}, {city.state} {zip_code}"
    if city.country == "CA":
        return f"{num} {street} {suffix}{unit}, {city.city}, {city.state} {ctx.rng.choice(P.CA_POSTCODES[city.city])}"
    if city.country == "GB":
        return f"{num % 200 + 1} {street} {full}, {city.city} {ctx.rng.choice(P.UK_POSTCODES[city.city])}"
    return f"{num % 300 + 1} {street} {full}, {city.city} {city.state} {ctx.rng.choice(P.AU_POSTCODES[city.city])}"


def residence_forms(city: City) -> list[str]:
    """How an applicant writes where they live on a form or a résumé header."""
    if city.country == "US":
        return [city.short, f"{city.city}, {city.state_full}", f"{city.short}, USA"]
    if city.country == "CA":
        return [city.short, f"{city.city}, {city.state_full}, Canada"]
    if city.country == "GB":
        return [f"{city.city}, UK", f"{city.city}, United Kingdom"]
    return [f"{city.city}, {city.state}, Australia", f"{city.city}, Australia"]


def pick_city(ctx: Ctx, intl: bool) -> City:
    if not intl:
        return ctx.rng.choice(P.US_CITIES)
    pool = P.CA_CITIES + P.UK_CITIES + (P.AU_CITIES if ctx.heldout else [])
    return ctx.rng.choice(pool)


# ---------------------------------------------------------------------------------------------
def bullets(ctx: Ctx, start_year: int, n: int | None = None) -> list[str]:
    """Achievement lines naming only technologies that existed when the role began."""
    known = [t for t, y in P.TECH.items() if y <= start_year - 1]
    out = []
    for _ in range(n if n is not None else ctx.rng.randint(1, 3)):
        result = ctx.rng.choice(P.RESULTS).format(n=ctx.rng.randint(5, 90))
        tech = ctx.rng.choice(known) if known else "Python"
        out.append(f"{ctx.rng.choice(P.VERBS)} {ctx.rng.choice(P.OBJECTS)} in {tech}, {result}.")
    return out


def pick_employer(ctx: Ctx, start_year: int) -> str:
    if ctx.rng.random() < 0.2:
        real = [n for n, y in P.REAL_EMPLOYERS.items() if y <= start_year - 2]
        if real:
            return ctx.rng.choice(real)
    return P.invented_employer(ctx.rng)


def career(ctx: Ctx, city: City) -> tuple[list[Job], list[Study], str]:
    """Degrees then jobs up to the reference month: internships, promotions, gaps, a current role."""
    rng, ref = ctx.rng, ctx.ref
    track = rng.choice(list(P.TITLE_LADDERS))
    ladder = P.TITLE_LADDERS[track]
    grad = ref[0] - rng.randint(2, 20)
    b_start: YM = (grad - 4, rng.choice([8, 9]))
    b_end: YM = (grad, rng.choice([5, 6]))
    if ym_months(b_end, ref) < 12:
        grad -= 1
        b_start, b_end = (grad - 4, b_start[1]), (grad, b_end[1])
    school = rng.choice(P.SCHOOLS_PLAIN)
    field_ = rng.choice(P.FIELDS)
    r_deg, _ = rng.choice(P.BACHELOR_FORMS_DEV)
    studies = [Study(school, r_deg, field_, b_start, b_end, "bachelor")]
    jobs: list[Job] = []
    place = city.short if city.country == "US" else city.city
    if rng.random() < 0.45:
        y = grad - 1
        org = pick_employer(ctx, y)
        title = {"software": "Software Engineering Intern", "data": "Data Science Intern",
                 "devops": "Infrastructure Intern", "qa": "QA Intern",
                 "frontend": "Web Development Intern"}[track]  # fmt: skip
        jobs.append(Job(org, title, (y, 6), (y, 8), place, bullets(ctx, y, 1), "intern"))
    t = ym_add(b_end, rng.randint(1, 4))
    if rng.random() < 0.2 and ym_months(b_end, ref) > 40:  # a master's straight after
        m_end = ym_add(b_end, rng.choice([12, 21, 24]))
        studies.append(Study(rng.choice(P.SCHOOLS_PLAIN), rng.choice(P.MASTER_FORMS_DEV)[0], field_,
                             ym_add(b_end, 3), m_end, "master"))  # fmt: skip
        t = ym_add(m_end, rng.randint(1, 3))
    level = rng.choice([0, 1])
    last_start = ym_add(ref, -5)
    while True:
        if t > last_start:  # no room for another role: the last one is still going on
            jobs[-1].end = None
            break
        org = pick_employer(ctx, t[0])
        dur = rng.randint(14, 54)
        end = ym_add(t, dur)
        title = ladder[min(level, len(ladder) - 1)]
        loc = place if rng.random() < 0.8 else "Remote"
        if ym_months(end, ref) < 4 or ym_add(end, 2) > last_start:
            # The current role; a promotion inside it sometimes.
            if rng.random() < 0.3 and ym_months(t, ref) > 30 and level + 1 < len(ladder):
                mid = ym_add(t, rng.randint(12, ym_months(t, ref) - 8))
                jobs.append(
                    Job(org, title, t, ym_add(mid, -1), loc, bullets(ctx, t[0]), "full-time")
                )
                jobs.append(
                    Job(org, ladder[level + 1], mid, None, loc, bullets(ctx, mid[0]), "full-time")
                )
            else:
                jobs.append(Job(org, title, t, None, loc, bullets(ctx, t[0]), "full-time"))
            break
        if rng.random() < 0.25 and dur > 26 and level + 1 < len(ladder):
            mid = ym_add(t, rng.randint(12, dur - 10))
            jobs.append(Job(org, title, t, ym_add(mid, -1), loc, bullets(ctx, t[0]), "full-time"))
            level += 1
            jobs.append(Job(org, ladder[level], mid, end, loc, bullets(ctx, mid[0]), "full-time"))
        else:
            jobs.append(Job(org, title, t, end, loc, bullets(ctx, t[0]), "full-time"))
        if rng.random() < 0.65:
            level += 1
        t = ym_add(end, rng.choice([1, 1, 1, 2, 3, 5]))
    jobs.reverse()  # newest first, as résumés are written
    studies.reverse()
    return jobs, studies, track


def professional_years(jobs: list[Job], ref: YM) -> int:
    months: set[int] = set()
    for j in jobs:
        if j.kind != "full-time":
            continue
        a = j.start[0] * 12 + (j.start[1] or 1)
        end = j.end or ref
        b = end[0] * 12 + (end[1] or 12)
        months.update(range(a, b + 1))
    return len(months) // 12


def summary_for(ctx: Ctx, track: str, jobs: list[Job]) -> str:
    years = professional_years(jobs, ctx.ref)
    what = {"software": "Software engineer", "data": "Data engineer", "devops": "Infrastructure engineer",
            "qa": "Quality engineer", "frontend": "Frontend developer"}[track]  # fmt: skip
    focus = ctx.rng.choice(["reliable backend services", "data platforms", "developer tooling",
                            "customer-facing products", "payments and billing", "cloud infrastructure"])  # fmt: skip
    if years < 2 or ctx.rng.random() < 0.4:
        return f"{what} focused on {focus}."
    claim = ctx.rng.choice([f"{years} years", f"{years}+ years", f"over {max(1, years - 1)} years"])
    return f"{what} with {claim} of experience building {focus}."


def new_genuine(
    ctx: Ctx, prefix: str = "G", *, intl: bool | None = None, city: City | None = None
) -> Applicant:
    """A genuine applicant with ordinary, consistent sources (variations are applied later)."""
    rng = ctx.rng
    if intl is None:
        intl = city.country != "US" if city is not None else rng.random() < 0.1
    city = city or pick_city(ctx, intl)
    first, last = ctx.unique_name()
    name = f"{first} {last}"
    e164 = ctx.phones.for_city(city)
    forms = P.phone_forms(e164)
    email = mailbox(ctx, first, last)
    jobs, studies, track = career(ctx, city)
    headline = jobs[0].title if jobs else "Software Engineer"
    summary = summary_for(ctx, track, jobs)
    skills = rng.sample([t for t, y in P.TECH.items() if y <= ctx.ref[0] - 3], 6)
    slug = ctx.slug_for(first, last)
    residence = rng.choice(residence_forms(city))
    resume = Side(name, headline, rng.choice(residence_forms(city)), email, rng.choice(forms),
                  [_copy_job(j) for j in jobs], [_copy_study(s) for s in studies], summary, skills)  # fmt: skip
    if rng.random() < 0.6:
        resume.links.append(
            rng.choice([f"linkedin.com/in/{slug}", f"https://www.linkedin.com/in/{slug}"])
        )
    li_jobs = [_copy_job(j) for j in jobs]
    for j in li_jobs:
        if j.location and j.location != "Remote" and city.country == "US":
            j.location = city.linkedin.rsplit(", ", 1)[0]
    li_studies = [_copy_study(s) for s in studies]
    for s in li_studies:
        s.degree = _li_degree(s)
    linkedin = Side(name, f"{headline} at {jobs[0].org}" if jobs else headline, city.linkedin,
                    email if rng.random() < 0.6 else "", forms[3] if rng.random() < 0.4 and e164.startswith("+1") else "",
                    li_jobs, li_studies, summary if rng.random() < 0.5 else "", skills[:3])  # fmt: skip
    app = {"name": name, "email": email, "phone": rng.choice(forms), "location": residence}
    home = street_address(ctx, city)
    if rng.random() < 0.7:
        app["address"] = home
        if rng.random() < 0.4:
            app["shipping_address"] = home
    refs = rng.random()
    if refs < 0.2:
        app["references"] = rng.choice(
            ["Available upon request", "References available on request"]
        )
    elif refs < 0.45:
        ref_first, ref_last = ctx.unique_name()
        ref_phone = rng.choice(P.phone_forms(ctx.phones.for_city(city)))
        app["references"] = f"{ref_first} {ref_last}, former manager, {ref_phone}"
        if rng.random() < 0.5:
            r2f, r2l = ctx.unique_name()
            app["references"] += (
                f"; {r2f} {r2l}, {r2f.lower()}.{r2l.lower().replace(chr(39), '')}@example.org"
            )
    rdoc = ResumeDoc(
        format=rng.choices(["pdf", "docx", "txt", "inline"], [45, 25, 20, 10])[0],
        layout=ctx.pick(["classic", "right-dates", "plain"], ["pipes"]),
        created=ctx.ref_datetime(),
        date_style=ctx.pick(["mon", "mon", "month"], ["numeric", "iso"]),
        dash=ctx.pick(["–", "–", "-"], ["to", "—"]),
    )
    if rdoc.format == "docx" and ctx.heldout and rng.random() < 0.5:
        rdoc.layout = "table"
    ldoc = LinkedInDoc(
        kind=ctx.pick(["pdf", "pdf", "page", "export_dir", "none"], ["export_zip", "page_flat"]),
        slug=slug,
        created=ctx.ref_datetime(40),
    )
    a = Applicant(ctx.next_id(prefix), "genuine", "genuine", app, resume, linkedin, rdoc, ldoc)
    a.person = a.id
    a.home = city
    if intl:
        a.note("intl_resident")
    if rng.random() < 0.3:
        a.photo = (rng.getrandbits(32), "png")
    return a


def add_github(ctx: Ctx, a: Applicant) -> None:
    """The person's own GitHub account, given as a handle or a URL in the sheet."""
    from .github import genuine_account

    name = a.app["name"]
    first, last = (
        P_ascii(name.split()[0]).lower(),
        P_ascii(name.split()[-1]).lower().replace("'", ""),
    )
    login = ctx.rng.choice(
        [f"{first}{last}", f"{first[0]}{last}", f"{first}-{last}", f"{first}{last[0]}-dev"]
    )
    while login in ctx.slugs:
        login = f"{login}{ctx.rng.randrange(10)}"
    ctx.slugs.add(login)
    a.github = genuine_account(random.Random(ctx.rng.getrandbits(32)), name, login, a.home, ctx.now)
    a.app["github"] = ctx.rng.choice([login, f"https://github.com/{login}", f"@{login}"])
    a.note("github_account")


def _li_degree(s: Study) -> str:
    forms = {f[0]: f[1] for f in P.BACHELOR_FORMS_DEV + P.MASTER_FORMS_DEV}
    return forms.get(s.degree, s.degree)


def _copy_job(j: Job) -> Job:
    return j.copy()


def _copy_study(s: Study) -> Study:
    return Study(s.school, s.degree, s.field, s.start, s.end, s.level, s.note)
