"""GitHub account checks: whose account it is (ID002), its history (HJ004–HJ006) and its commit
activity (GH001–GH004).

Everything here reads `Profile.github` (see `extractors.github`): the account's
creation date, repositories, public events and the commit metadata of its recently pushed own
repositories. Time zones are judged only as a contradiction between the candidate's *claimed*
location and the commits' recorded UTC offsets or local hours; an offset is never mapped to a
country or people.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from extractors.model import Profile, SourceDocument, SourceFamily, SourceKind
from extractors.normalise.contacts import mailbox
from extractors.normalise.names import normalise_name, same_name
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check

__all__ = ["location_zones"]

# The candidate's own claims about themselves, in the order a claimed place is looked for.
_CLAIM_FAMILIES = (SourceFamily.APPLICATION, SourceFamily.RESUME, SourceFamily.LINKEDIN)
_BOT = re.compile(
    r"\[bot\]|^dependabot|^renovate|^github-actions|^actions-user|noreply@github\.com$", re.I
)

# ---------------------------------------------------------------------------------------------
# Claimed location → time zones (US states, Canadian provinces, countries)
# ---------------------------------------------------------------------------------------------

_NY, _CHI, _DEN, _LA = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)
US_STATE_ZONES: dict[str, tuple[str, ...]] = {
    "AL": (_CHI,), "AK": ("America/Anchorage", "America/Adak"), "AZ": ("America/Phoenix",),
    "AR": (_CHI,), "CA": (_LA,), "CO": (_DEN,), "CT": (_NY,), "DE": (_NY,), "DC": (_NY,),
    "FL": (_NY, _CHI), "GA": (_NY,), "HI": ("Pacific/Honolulu",), "ID": ("America/Boise", _LA),
    "IL": (_CHI,), "IN": ("America/Indiana/Indianapolis", _CHI), "IA": (_CHI,), "KS": (_CHI, _DEN),
    "KY": (_NY, _CHI), "LA": (_CHI,), "ME": (_NY,), "MD": (_NY,), "MA": (_NY,),
    "MI": ("America/Detroit", _CHI), "MN": (_CHI,), "MS": (_CHI,), "MO": (_CHI,), "MT": (_DEN,),
    "NE": (_CHI, _DEN), "NV": (_LA,), "NH": (_NY,), "NJ": (_NY,), "NM": (_DEN,), "NY": (_NY,),
    "NC": (_NY,), "ND": (_CHI, _DEN), "OH": (_NY,), "OK": (_CHI,), "OR": (_LA, "America/Boise"),
    "PA": (_NY,), "RI": (_NY,), "SC": (_NY,), "SD": (_CHI, _DEN), "TN": (_CHI, _NY),
    "TX": (_CHI, _DEN), "UT": (_DEN,), "VT": (_NY,), "VA": (_NY,), "WA": (_LA,), "WV": (_NY,),
    "WI": (_CHI,), "WY": (_DEN,), "PR": ("America/Puerto_Rico",), "GU": ("Pacific/Guam",),
    "VI": ("America/St_Thomas",),
}  # fmt: skip
CA_PROVINCE_ZONES: dict[str, tuple[str, ...]] = {
    "AB": ("America/Edmonton",), "BC": ("America/Vancouver",), "MB": ("America/Winnipeg",),
    "NB": ("America/Moncton",), "NL": ("America/St_Johns",), "NS": ("America/Halifax",),
    "NT": ("America/Yellowknife",), "NU": ("America/Iqaluit", "America/Rankin_Inlet"),
    "ON": ("America/Toronto",), "PE": ("America/Halifax",), "QC": ("America/Toronto",),
    "SK": ("America/Regina",), "YT": ("America/Whitehorse",),
}  # fmt: skip
_COUNTRY_ZONES_TEXT = """
AU Australia/Sydney Australia/Brisbane Australia/Adelaide Australia/Darwin Australia/Perth
BR America/Sao_Paulo America/Manaus America/Noronha America/Rio_Branco
MX America/Mexico_City America/Tijuana America/Hermosillo America/Chihuahua America/Cancun America/Mazatlan
RU Europe/Kaliningrad Europe/Moscow Europe/Samara Asia/Yekaterinburg Asia/Omsk Asia/Novosibirsk Asia/Krasnoyarsk Asia/Irkutsk Asia/Yakutsk Asia/Vladivostok Asia/Magadan Asia/Kamchatka
ID Asia/Jakarta Asia/Makassar Asia/Jayapura
KZ Asia/Almaty Asia/Aqtobe
ES Europe/Madrid Atlantic/Canary
PT Europe/Lisbon Atlantic/Azores
CL America/Santiago
AR America/Argentina/Buenos_Aires
NZ Pacific/Auckland
GB Europe/London
IE Europe/Dublin
FR Europe/Paris
DE Europe/Berlin
NL Europe/Amsterdam
BE Europe/Brussels
LU Europe/Luxembourg
CH Europe/Zurich
AT Europe/Vienna
IT Europe/Rome
MT Europe/Malta
PL Europe/Warsaw
CZ Europe/Prague
SK Europe/Bratislava
HU Europe/Budapest
RO Europe/Bucharest
BG Europe/Sofia
GR Europe/Athens
CY Asia/Nicosia
SE Europe/Stockholm
NO Europe/Oslo
DK Europe/Copenhagen
FI Europe/Helsinki
IS Atlantic/Reykjavik
EE Europe/Tallinn
LV Europe/Riga
LT Europe/Vilnius
UA Europe/Kyiv
BY Europe/Minsk
MD Europe/Chisinau
RS Europe/Belgrade
HR Europe/Zagreb
SI Europe/Ljubljana
BA Europe/Sarajevo
MK Europe/Skopje
AL Europe/Tirane
TR Europe/Istanbul
GE Asia/Tbilisi
AM Asia/Yerevan
AZ Asia/Baku
IL Asia/Jerusalem
JO Asia/Amman
LB Asia/Beirut
EG Africa/Cairo
SA Asia/Riyadh
AE Asia/Dubai
QA Asia/Qatar
KW Asia/Kuwait
BH Asia/Bahrain
OM Asia/Muscat
IR Asia/Tehran
IQ Asia/Baghdad
PK Asia/Karachi
AF Asia/Kabul
IN Asia/Kolkata
LK Asia/Colombo
NP Asia/Kathmandu
BD Asia/Dhaka
MM Asia/Yangon
TH Asia/Bangkok
VN Asia/Ho_Chi_Minh
KH Asia/Phnom_Penh
MY Asia/Kuala_Lumpur
SG Asia/Singapore
PH Asia/Manila
CN Asia/Shanghai
HK Asia/Hong_Kong
TW Asia/Taipei
MN Asia/Ulaanbaatar
KR Asia/Seoul
JP Asia/Tokyo
UZ Asia/Tashkent
KG Asia/Bishkek
NG Africa/Lagos
GH Africa/Accra
KE Africa/Nairobi
ET Africa/Addis_Ababa
TZ Africa/Dar_es_Salaam
UG Africa/Kampala
RW Africa/Kigali
ZA Africa/Johannesburg
MA Africa/Casablanca
TN Africa/Tunis
DZ Africa/Algiers
CO America/Bogota
PE America/Lima
VE America/Caracas
EC America/Guayaquil
UY America/Montevideo
PY America/Asuncion
BO America/La_Paz
CR America/Costa_Rica
PA America/Panama
GT America/Guatemala
SV America/El_Salvador
HN America/Tegucigalpa
NI America/Managua
DO America/Santo_Domingo
JM America/Jamaica
CU America/Havana
"""
COUNTRY_ZONES: dict[str, tuple[str, ...]] = {
    line.split()[0]: tuple(line.split()[1:]) for line in _COUNTRY_ZONES_TEXT.strip().splitlines()
}
COUNTRY_ZONES["US"] = tuple(dict.fromkeys(z for zs in US_STATE_ZONES.values() for z in zs))
COUNTRY_ZONES["CA"] = tuple(dict.fromkeys(z for zs in CA_PROVINCE_ZONES.values() for z in zs))


@lru_cache(maxsize=512)
def location_zones(text: str) -> tuple[str, ...]:
    """IANA time zones a claimed place may be in ("Austin, TX" → Chicago and Denver, since
    Texas spans two), or () when the place or its zones are unknown."""
    from extractors.addresses import location_region

    region = location_region(text)
    if region is None:
        return ()
    country, sub = region
    if country == "US" and sub:
        return US_STATE_ZONES.get(sub, COUNTRY_ZONES["US"])
    if country == "CA" and sub:
        return CA_PROVINCE_ZONES.get(sub, COUNTRY_ZONES["CA"])
    return COUNTRY_ZONES.get(country, ())


@lru_cache(maxsize=64)
def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


# ---------------------------------------------------------------------------------------------
# The account as the checks see it
# ---------------------------------------------------------------------------------------------


def _dt(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


@dataclass(frozen=True)
class Commit:
    repo: str
    sha: str
    author_name: str
    author_email: str
    authored: datetime
    committed: datetime | None

    @property
    def offset(self) -> timedelta:
        return self.authored.utcoffset() or timedelta(0)

    def label(self) -> str:
        return f"{self.repo}@{self.sha[:10]}"


@dataclass
class Identity:
    """One person behind commits: the names and emails that appear together."""

    names: Counter[str] = field(default_factory=Counter)
    emails: Counter[str] = field(default_factory=Counter)
    commits: int = 0
    repos: Counter[str] = field(default_factory=Counter)

    def label(self) -> str:
        name = self.names.most_common(1)[0][0] if self.names else "?"
        email = self.emails.most_common(1)[0][0] if self.emails else ""
        return f"{name} <{email}>" if email else name


@dataclass
class Account:
    index: int
    source: SourceDocument
    profile: Profile
    login: str
    created: datetime | None
    retrieved: datetime | None
    repos: list[dict[str, Any]]
    events: list[dict[str, Any]]
    commits: list[Commit]
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def identities(self) -> list[Identity]:
        if "identities" not in self.cache:
            self.cache["identities"] = identities(self.commits)
        result: list[Identity] = self.cache["identities"]
        return result


def _commits(rows: Iterable[Mapping[str, Any]]) -> list[Commit]:
    out = []
    seen: set[str] = set()
    bots: dict[tuple[str, str], bool] = {}
    for row in rows:
        authored = _dt(row.get("author_date"))
        sha = str(row.get("sha") or "")
        if authored is None or sha in seen:
            continue
        seen.add(sha)
        name, email = str(row.get("author_name") or ""), str(row.get("author_email") or "")
        bot = bots.get((name, email))
        if bot is None:
            bot = bots[(name, email)] = bool(_BOT.search(name) or _BOT.search(email))
        if bot:
            continue
        out.append(
            Commit(
                str(row.get("repo") or ""),
                sha,
                name,
                email,
                authored,
                _dt(row.get("committer_date")),
            )
        )
    return out


def accounts(candidate: Candidate) -> list[Account]:
    """The candidate's readable GitHub accounts (not archive snapshots of them), read once per
    scan: the checks share them through `candidate.memo`."""
    return candidate.memo("github_accounts", lambda: _accounts(candidate))


def _accounts(candidate: Candidate) -> list[Account]:
    out = []
    for i, src, prof in candidate.indexed_profiles():
        data = prof.github if src.kind is SourceKind.GITHUB else None
        if not isinstance(data, Mapping):
            continue
        out.append(
            Account(
                index=i,
                source=src,
                profile=prof,
                login=str(data.get("login") or ""),
                created=_dt(data.get("created_at")),
                retrieved=_dt(data.get("retrieved_at")),
                repos=[dict(r) for r in data.get("repos", []) if isinstance(r, Mapping)],
                events=[dict(e) for e in data.get("events", []) if isinstance(e, Mapping)],
                commits=_commits(c for c in data.get("commits", []) if isinstance(c, Mapping)),
            )
        )
    return out


def _claimed_names(candidate: Candidate) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for i, src, prof in candidate.indexed_profiles():
        if src.kind.family in _CLAIM_FAMILIES:
            for n in (prof.name, *prof.other_names):
                if n.strip() and n.casefold() not in (m.casefold() for _, m in out):
                    out.append((i, n))
    return out


def _claimed_emails(candidate: Candidate) -> list[tuple[int, str]]:
    return [
        (i, e)
        for i, src, prof in candidate.indexed_profiles()
        if src.kind.family in _CLAIM_FAMILIES
        for e in prof.emails
    ]


def _name_node(name: str) -> str:
    return "n:" + normalise_name(name)


def identities(commits: Sequence[Commit]) -> list[Identity]:
    """Group commits into people: same email, or names that are the same name."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    counts = Counter((c.author_name, c.author_email, c.repo) for c in commits)
    names: dict[str, str] = {}
    for name, email in {(n, e) for n, e, _ in counts}:
        nk = _name_node(name)
        names.setdefault(nk, name)
        key = mailbox(email)
        union(nk, "e:" + key)
        if key.startswith("gh:"):  # GitHub's no-reply address names the account
            union(nk, "n:" + key[3:])
    keys = sorted(names)[:200]
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if find(a) != find(b) and same_name(names[a], names[b]):
                union(a, b)
    groups: dict[str, Identity] = {}
    for (name, email, repo), n in counts.items():
        ident = groups.setdefault(find(_name_node(name)), Identity())
        ident.names[name] += n
        ident.emails[email.lower()] += n
        ident.commits += n
        ident.repos[repo] += n
    return sorted(groups.values(), key=lambda x: -x.commits)


def _is_own(ident: Identity, acc: Account, names: Sequence[str]) -> bool:
    """Whether an identity is the account's owner: its login, display name, profile email, or
    a name the candidate uses."""
    login = acc.login.lower()
    profile_emails = {mailbox(e) for e in acc.profile.emails}
    for email in ident.emails:
        key = mailbox(email)
        if key == f"gh:{login}" or key in profile_emails:
            return True
    owners = [n for n in (acc.profile.name, *names) if n]
    for name in ident.names:
        if login and re.sub(r"[^a-z0-9]", "", name.lower()) == re.sub(r"[^a-z0-9]", "", login):
            return True
        if any(same_name(name, o) for o in owners):
            return True
    return False


def own_commits(acc: Account, names: Sequence[str]) -> tuple[list[Commit], bool]:
    """The owner's commits (True), or every commit when no identity is recognisably the owner's."""
    key = ("own", tuple(names))
    if key not in acc.cache:
        acc.cache[key] = _own_commits(acc, names)
    result: tuple[list[Commit], bool] = acc.cache[key]
    return result


def _own_commits(acc: Account, names: Sequence[str]) -> tuple[list[Commit], bool]:
    idents = acc.identities()
    own_keys = {
        (n.lower(), e)
        for ident in idents
        if _is_own(ident, acc, names)
        for n in ident.names
        for e in ident.emails
    }
    if not own_keys:
        return list(acc.commits), False
    own_names = {n for n, _ in own_keys}
    own_emails = {e for _, e in own_keys}
    return [
        c
        for c in acc.commits
        if c.author_name.lower() in own_names or c.author_email.lower() in own_emails
    ], True


def _offset(td: timedelta) -> str:
    minutes = int(td.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _claimed_location(candidate: Candidate) -> tuple[int, str, tuple[str, ...]] | None:
    """The candidate's claimed place (application, then résumé, then LinkedIn) with its zones."""
    for family in _CLAIM_FAMILIES:
        for i, src, prof in candidate.indexed_profiles():
            if src.kind.family is family:
                for loc in prof.locations:
                    zones = location_zones(loc)
                    if zones:
                        return i, loc, zones
    return None


def _acc_evidence(acc: Account, what: str, value: str, note: str = "") -> Evidence:
    return Evidence(acc.index, what, value, note=note)


# ---------------------------------------------------------------------------------------------
# ID002
# ---------------------------------------------------------------------------------------------


@check(
    "ID002",
    "GitHub account belongs to someone else",
    Category.IDENTITY,
    Severity.HIGH,
    needs=("github", "names"),
    params={"min_commits": 5, "author_share": 0.6},
)
def github_not_theirs(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The linked GitHub account names another person by its own data: its display name is not
    the candidate's name, or most commits in its own repositories are authored under a name
    that is neither the candidate's nor the account's. A profile email or blog that differs
    from the candidate's is added as supporting evidence, never as the reason on its own.

    Nicknames, initials, name order, diacritics and a login that spells the name are the same
    name; bots (dependabot, GitHub Actions) are ignored. Fires on names only: an account with
    no display name and no readable commits is not judged. Verify by hand: open the account,
    look at its name and the author names in `git log` of its repositories, and ask the
    candidate to prove control of it (for example a gist with a phrase you choose).
    """
    names = _claimed_names(candidate)
    if not names:
        return
    plain = [n for _, n in names]
    emails = _claimed_emails(candidate)
    for acc in accounts(candidate):
        evidence: list[Evidence] = []
        reasons: list[str] = []
        display = acc.profile.name
        if display and not any(same_name(display, n) for n in plain):
            reasons.append(f"its display name is {display!r}")
            evidence.append(_acc_evidence(acc, "name", display))
        idents = acc.identities()
        min_commits = int(ctx.params("ID002")["min_commits"])
        share = float(ctx.params("ID002")["author_share"])
        if len(acc.commits) >= min_commits:
            others = [
                i for i in idents
                if not any(same_name(n, c) for n in i.names for c in [*plain, display] if c)
                and not any(mailbox(e) == f"gh:{acc.login.lower()}" for e in i.emails)
            ]  # fmt: skip
            foreign = sum(i.commits for i in others)
            if foreign / len(acc.commits) >= share:
                top = others[0]
                reasons.append(
                    f"{foreign} of its {len(acc.commits)} commits are authored by others, "
                    f"most by {top.label()}"
                )
                evidence.append(
                    _acc_evidence(acc, "commits.author", top.label(), note=f"{top.commits} commits")
                )
        if not reasons:
            continue
        mine = {mailbox(e) for _, e in emails}
        for e in acc.profile.emails:
            if mine and mailbox(e) not in mine:
                evidence.append(
                    _acc_evidence(acc, "email", e, note="not an address the candidate gave")
                )
        for u in acc.profile.urls[:1]:
            evidence.append(_acc_evidence(acc, "blog", u))
        i0, n0 = names[0]
        evidence.append(Evidence(i0, "name", n0, note="the candidate's name"))
        yield Hit(
            message=f"GitHub account {acc.login} does not look like {n0}'s: "
            + "; ".join(reasons)
            + ".",
            evidence=evidence,
            confidence=0.9 if len(reasons) > 1 else 0.75,
        )


# ---------------------------------------------------------------------------------------------
# HJ004 – HJ006
# ---------------------------------------------------------------------------------------------


def _activity(acc: Account, names: Sequence[str]) -> list[tuple[datetime, str]]:
    """Dated activity of the account: repositories created and pushed, public events, and the
    owner's commits (committer date: when the commit was made)."""
    points: list[tuple[datetime, str]] = []
    for repo in acc.repos:
        for key in ("created_at", "pushed_at"):
            when = _dt(repo.get(key))
            if when:
                points.append((when, f"repository {repo.get('name')} {key.split('_')[0]}"))
    for ev in acc.events:
        when = _dt(ev.get("created_at"))
        if when:
            points.append((when, f"{ev.get('type')} on {ev.get('repo')}"))
    mine, _ = own_commits(acc, names)
    for c in mine:
        points.append((c.committed or c.authored, f"commit {c.label()}"))
    return sorted(points, key=lambda p: p[0])


@check(
    "HJ004",
    "GitHub account woke up after years of silence",
    Category.HIJACK,
    Severity.MEDIUM,
    needs=("github",),
    params={"dormant_days": 730, "burst_days": 90, "burst_min": 15},
)
def dormant_then_burst(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The GitHub account was silent for two years or more (no repository created or pushed,
    no public event, no commit of its owner; from its creation when it never did anything) and
    then shows dense new activity: at least 15 dated actions within 90 days. Aged accounts
    that are bought or taken over look like this: an old creation date, then a sudden portfolio.

    A person returning to open source after a break also looks like this, so the finding is
    `medium`. Thresholds: `[thresholds.HJ004] dormant_days`, `burst_days`, `burst_min`. Verify by
    hand: the account's contribution graph and the dates of its repositories.
    """
    dormant = timedelta(days=int(ctx.params("HJ004")["dormant_days"]))
    window = timedelta(days=int(ctx.params("HJ004")["burst_days"]))
    burst_min = int(ctx.params("HJ004")["burst_min"])
    names = [n for _, n in _claimed_names(candidate)]
    for acc in accounts(candidate):
        points = _activity(acc, names)
        if acc.created:
            points.insert(0, (acc.created, "account created"))
        best: tuple[int, int] | None = None  # (burst size, index of the first point after the gap)
        for k in range(1, len(points)):
            if points[k][0] - points[k - 1][0] < dormant:
                continue
            end = points[k][0] + window
            size = sum(1 for when, _ in points[k:] if when <= end)
            if size >= burst_min and (best is None or size > best[0]):
                best = (size, k)
        if best is None:
            continue
        size, k = best
        (before, what_before), (after, what_after) = points[k - 1], points[k]
        years = (after - before).days / 365.25
        yield Hit(
            message=(
                f"GitHub account {acc.login} was silent for {years:.1f} years "
                f"({before.date()} – {after.date()}), then showed {size} actions within "
                f"{window.days} days."
            ),
            evidence=[
                _acc_evidence(
                    acc,
                    "activity",
                    before.date().isoformat(),
                    note=f"last before the gap: {what_before}",
                ),
                _acc_evidence(
                    acc,
                    "activity",
                    after.date().isoformat(),
                    note=f"first after the gap: {what_after}",
                ),
                _acc_evidence(
                    acc, "activity", str(size), note=f"actions within {window.days} days"
                ),
            ],
            confidence=min(0.85, 0.55 + 0.05 * years),
        )


@check(
    "HJ005",
    "Content older than the GitHub account",
    Category.HIJACK,
    Severity.HIGH,
    needs=("github",),
    params={"tolerance_days": 30, "min_commits": 2},
)
def content_older_than_account(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Commits of the account's owner, or its repositories, are dated before the account
    existed: author *and* committer dates more than 30 days before the account's creation, or
    a repository created before it. Git dates are set by whoever commits
    (`GIT_AUTHOR_DATE`, `GIT_COMMITTER_DATE`), so a history can be back-dated to make a new
    account look experienced; a repository older than its account was transferred in.

    Commits by other authors (an imported project) are left to GH004. A project written
    locally before the account was opened and pushed later also shows old dates: ask about it.
    Verify by hand: `git log --format='%h %an %ad %cd'` in the repository named in the evidence,
    and the account's creation date from `https://api.github.com/users/<login>`.
    """
    tolerance = timedelta(days=int(ctx.params("HJ005")["tolerance_days"]))
    min_commits = int(ctx.params("HJ005")["min_commits"])
    names = [n for _, n in _claimed_names(candidate)]
    for acc in accounts(candidate):
        if acc.created is None:
            continue
        limit = acc.created - tolerance
        mine, known = own_commits(acc, names)
        if not known:
            continue
        early = sorted(
            (c for c in mine if c.authored < limit and (c.committed or c.authored) < limit),
            key=lambda c: c.authored,
        )
        old_repos = [
            r for r in acc.repos
            if (when := _dt(r.get("created_at"))) is not None and when < acc.created - timedelta(days=1)
        ]  # fmt: skip
        if len(early) < min_commits and not old_repos:
            continue
        evidence = [
            _acc_evidence(acc, "created_at", acc.created.isoformat(), note="account created")
        ]
        parts = []
        if len(early) >= min_commits:
            first = early[0]
            evidence.append(
                _acc_evidence(acc, "commits", first.authored.isoformat(),
                              note=f"earliest: {first.label()} by {first.author_name}")
            )  # fmt: skip
            parts.append(
                f"{len(early)} of the owner's commits are dated before it (earliest {first.authored.date()})"
            )
        for r in old_repos[:3]:
            evidence.append(
                _acc_evidence(
                    acc, "repos.created_at", str(r.get("created_at")), note=str(r.get("name"))
                )
            )
        if old_repos:
            parts.append(
                f"{len(old_repos)} repositor{'y was' if len(old_repos) == 1 else 'ies were'} created before it"
            )
        years = (acc.created - (early[0].authored if early else acc.created)).days / 365.25
        yield Hit(
            message=f"GitHub account {acc.login} was created on {acc.created.date()}, but "
            + " and ".join(parts)
            + ".",
            evidence=evidence,
            confidence=min(0.9, 0.6 + 0.1 * years + 0.01 * len(early)),
        )


def _career_start(candidate: Candidate) -> tuple[int, str, date] | None:
    """The earliest start of a dated position, or a stated length of experience, in the
    candidate's own sources: (source, what, start)."""
    best: tuple[int, str, date] | None = None
    for i, src, prof in candidate.indexed_profiles():
        if src.kind.family not in _CLAIM_FAMILIES:
            continue
        for pos in prof.experience:
            if pos.range is not None and pos.range.start is not None:
                start = pos.range.start.latest()
                if best is None or start < best[2]:
                    best = (i, f"{pos.org} from {pos.range.start}", start)
        for stated in prof.stated_experience:
            if not stated.subject:
                as_of = candidate.as_of_for(i)
                start = as_of - timedelta(days=int(stated.years * 365.25))
                if best is None or start < best[2]:
                    best = (i, stated.raw, start)
    return best


@check(
    "HJ006",
    "GitHub account young for the career claimed",
    Category.HIJACK,
    Severity.LOW,
    needs=("github",),
    params={"max_account_days": 365, "min_career_years": 5},
)
def young_account(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The GitHub account was created within the last year, yet the candidate claims a career
    of five years or more. Many engineers have no public GitHub, and some open an account when
    they start looking for work, so this is `low`; it matters together with HJ005 (a new account
    with old-looking history) or ID002.

    Thresholds: `[thresholds.HJ006] max_account_days`, `min_career_years`. Verify by hand: the
    account's creation date (`https://api.github.com/users/<login>`) and the earliest role.
    """
    max_age = int(ctx.params("HJ006")["max_account_days"])
    min_years = float(ctx.params("HJ006")["min_career_years"])
    career = _career_start(candidate)
    if career is None:
        return
    for acc in accounts(candidate):
        if acc.created is None:
            continue
        now = acc.retrieved.date() if acc.retrieved else candidate.as_of
        age = (now - acc.created.date()).days
        years = (now - career[2]).days / 365.25
        if age > max_age or years < min_years:
            continue
        yield Hit(
            message=(
                f"GitHub account {acc.login} was created {age} days before this scan "
                f"({acc.created.date()}), for a career of about {years:.0f} years."
            ),
            evidence=[
                _acc_evidence(acc, "created_at", acc.created.isoformat()),
                Evidence(career[0], "experience", career[1], note="earliest claimed"),
            ],
            confidence=0.6,
        )


# ---------------------------------------------------------------------------------------------
# GH001 – GH004
# ---------------------------------------------------------------------------------------------


def _time_commits(acc: Account, names: Sequence[str]) -> list[Commit]:
    mine, _ = own_commits(acc, names)
    return mine


@check(
    "GH001",
    "Commit time zones contradict the claimed location",
    Category.ACTIVITY,
    Severity.MEDIUM,
    needs=("github", "locations"),
    params={"min_commits": 10, "share": 0.7},
)
def commit_offsets(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Most of the account owner's commits record a UTC offset that the candidate's claimed
    location never has: a candidate in Austin, TX (UTC−6/−5) whose commits are written at
    +09:00. A commit's offset is the clock of the machine it was made on.

    Only the contradiction with the candidate's own claim is reported; the offset is never
    mapped to a country. Commits at +00:00 are left out (servers, CI and many tools write UTC),
    daylight saving time is applied per commit date, a state that spans two zones allows both,
    and at least 10 commits are needed (`[thresholds.GH001] min_commits`, `share` = 0.7). Travel
    and remote machines explain a few commits, not most. Verify by hand:
    `git log --format='%h %ad' --date=iso` in the repositories named in the evidence.
    """
    claim = _claimed_location(candidate)
    if claim is None:
        return
    src_i, place, zones = claim
    min_commits = int(ctx.params("GH001")["min_commits"])
    share = float(ctx.params("GH001")["share"])
    names = [n for _, n in _claimed_names(candidate)]
    for acc in accounts(candidate):
        commits = [c for c in _time_commits(acc, names) if c.offset != timedelta(0)]
        if len(commits) < min_commits:
            continue
        expected: set[timedelta] = set()
        off = []
        for c in commits:
            allowed = {c.authored.astimezone(_zone(z)).utcoffset() for z in zones}
            expected |= {a for a in allowed if a is not None}
            if c.offset not in allowed:
                off.append(c)
        if len(off) / len(commits) < share:
            continue
        seen = Counter(_offset(c.offset) for c in off).most_common(3)
        shown = ", ".join(f"{o} × {n}" for o, n in seen)
        wanted = "/".join(_offset(t) for t in sorted(expected))
        yield Hit(
            message=(
                f"{len(off)} of {len(commits)} commits on GitHub account {acc.login} record UTC "
                f"offsets ({shown}) that {place} never has ({wanted})."
            ),
            evidence=[
                Evidence(src_i, "locations", place, note=f"claimed; time zones {', '.join(zones)}"),
                _acc_evidence(
                    acc,
                    "commits.author_date",
                    shown,
                    note=f"e.g. {off[0].label()} {off[0].authored.isoformat()}",
                ),
            ],
            confidence=min(0.9, 0.5 + 0.4 * len(off) / len(commits)),
        )


@check(
    "GH002",
    "Commit hours fall outside the claimed location's day",
    Category.ACTIVITY,
    Severity.LOW,
    needs=("github", "locations"),
    params={"min_commits": 10, "share": 0.7, "day_start": 7, "day_end": 22},
)
def commit_hours(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Most of the account owner's commits, converted to the claimed location's local time,
    fall outside its day (before 07:00 or from 22:00): someone in Austin who commits mostly
    between midnight and five in the morning, every day, for months. The commit's moment in UTC
    is used, whatever offset it records.

    People who code at night exist, so this is `low` and needs 10 commits and a 70 % share
    (`[thresholds.GH002] min_commits`, `share`, `day_start`, `day_end`). A location that spans
    several zones gets the most favourable one. Verify by hand: `git log --format='%ad'
    --date=iso-local` with `TZ` set to the claimed zone.
    """
    claim = _claimed_location(candidate)
    if claim is None:
        return
    src_i, place, zones = claim
    min_commits = int(ctx.params("GH002")["min_commits"])
    share = float(ctx.params("GH002")["share"])
    start, end = (
        int(ctx.params("GH002")["day_start"]),
        int(ctx.params("GH002")["day_end"]),
    )
    names = [n for _, n in _claimed_names(candidate)]
    for acc in accounts(candidate):
        commits = _time_commits(acc, names)
        if len(commits) < min_commits:
            continue
        best: tuple[float, str, list[int]] | None = None
        for z in zones:
            hours = [c.authored.astimezone(_zone(z)).hour for c in commits]
            outside = sum(1 for h in hours if not start <= h < end) / len(hours)
            if best is None or outside < best[0]:
                best = (outside, z, hours)
        assert best is not None
        outside, zone, hours = best
        if outside < share:
            continue
        night = sum(1 for h in hours if not start <= h < end)
        common = ", ".join(f"{h:02d}h × {n}" for h, n in Counter(hours).most_common(3))
        yield Hit(
            message=(
                f"{night} of {len(commits)} commits on GitHub account {acc.login} were made "
                f"outside {start:02d}:00–{end:02d}:00 in {place} ({zone}); most often at {common}."
            ),
            evidence=[
                Evidence(src_i, "locations", place, note=f"claimed; judged in {zone}"),
                _acc_evidence(
                    acc,
                    "commits.local_hours",
                    common,
                    note=f"{night}/{len(commits)} outside the day",
                ),
            ],
            confidence=min(0.8, 0.4 + 0.4 * outside),
        )


@check(
    "GH003",
    "Many author identities on one GitHub account",
    Category.ACTIVITY,
    Severity.MEDIUM,
    needs=("github",),
    params={"min_identities": 3},
)
def many_identities(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The account's own (non-fork) repositories are written by several different people: at
    least three author identities each lead a repository or write a tenth of the commits. An
    account shared or rented out is pushed to by each worker under their own git name and email.

    An identity is a set of names and emails that appear together; name variants (nicknames,
    initials, a login spelt as a name), GitHub's noreply addresses and bots are folded in. A
    project with outside contributors has one main author and is not counted for them; an
    imported copy of another project (GH004) counts. Threshold: `[thresholds.GH003]
    min_identities`. Verify by hand: `git shortlog -sne --all` in each repository in the evidence.
    """
    min_ids = int(ctx.params("GH003")["min_identities"])
    for acc in accounts(candidate):
        if len(acc.commits) < min_ids:
            continue
        idents = acc.identities()
        by_repo: dict[str, Counter[int]] = {}
        for k, ident in enumerate(idents):
            for repo, n in ident.repos.items():
                by_repo.setdefault(repo, Counter())[k] += n
        leaders = {counts.most_common(1)[0][0] for counts in by_repo.values()}
        total = len(acc.commits)
        significant = [
            (k, ident) for k, ident in enumerate(idents)
            if ident.commits >= 2 and (k in leaders or ident.commits >= 0.1 * total)
        ]  # fmt: skip
        if len(significant) < min_ids:
            continue
        evidence = [
            _acc_evidence(acc, "commits.author", ident.label(),
                          note=f"{ident.commits} commits in {', '.join(sorted(ident.repos))}")
            for _, ident in significant[:8]
        ]  # fmt: skip
        yield Hit(
            message=(
                f"GitHub account {acc.login}: {len(significant)} different author identities write "
                f"its repositories ({', '.join(i.label() for _, i in significant[:4])}"
                f"{', …' if len(significant) > 4 else ''})."
            ),
            evidence=evidence,
            confidence=min(0.9, 0.5 + 0.1 * len(significant)),
        )


@check(
    "GH004",
    "GitHub repositories are copies of other projects",
    Category.ACTIVITY,
    Severity.LOW,
    needs=("github",),
    params={"min_commits": 10, "other_share": 0.8},
)
def copied_repositories(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Repositories the account shows as its own are other people's work: a non-fork repository
    whose history (10 commits or more) is at least 80 % by other authors (an imported copy),
    or an account whose public repositories are mostly forks (at least 5, and 80 %). Portfolios
    padded with other people's projects are common in fabricated profiles.

    A fork is labelled as one on GitHub, so forks count only when they are nearly all there is.
    Contributors to the owner's own project are fine while the owner writes a fifth of it.
    Verify by hand: `git shortlog -sne` in the repository, and the original project it came from.
    """
    min_commits = int(ctx.params("GH004")["min_commits"])
    other_share = float(ctx.params("GH004")["other_share"])
    names = [n for _, n in _claimed_names(candidate)]
    for acc in accounts(candidate):
        own = [i for i in acc.identities() if _is_own(i, acc, names)]
        own_keys = {e for i in own for e in i.emails} | {n.lower() for i in own for n in i.names}
        per_repo: dict[str, list[Commit]] = {}
        for c in acc.commits:
            per_repo.setdefault(c.repo, []).append(c)
        copies = []
        for repo, commits in sorted(per_repo.items()):
            if len(commits) < min_commits:
                continue
            mine = sum(
                1
                for c in commits
                if c.author_email.lower() in own_keys or c.author_name.lower() in own_keys
            )
            if (len(commits) - mine) / len(commits) >= other_share:
                top = identities(commits)[0]
                copies.append((repo, len(commits), mine, top))
        forks = [r for r in acc.repos if r.get("fork")]
        mostly_forks = len(forks) >= 5 and len(forks) / max(1, len(acc.repos)) >= 0.8
        if not copies and not mostly_forks:
            continue
        evidence = [
            _acc_evidence(
                acc,
                "repos",
                repo,
                note=f"{n - mine} of {n} commits by others, most by {top.label()}",
            )
            for repo, n, mine, top in copies[:5]
        ]
        parts = []
        if copies:
            parts.append(
                f"{len(copies)} non-fork repositor{'y is' if len(copies) == 1 else 'ies are'} mostly other authors' history"
            )
        if mostly_forks:
            parts.append(f"{len(forks)} of its {len(acc.repos)} repositories are forks")
            evidence.append(_acc_evidence(acc, "repos.fork", f"{len(forks)}/{len(acc.repos)}"))
        yield Hit(
            message=f"GitHub account {acc.login}: " + "; ".join(parts) + ".",
            evidence=evidence,
            confidence=0.6 if copies else 0.45,
        )
