"""CT checks: the candidate's phones, emails, postal addresses and ways to be reached.

Every readable source is considered (`candidate.indexed_profiles()`), and each distinct phone,
email or address gives at most one finding per code, with every place it was written as evidence.

The claimed place of residence is the first location (then address) that names a country, taken
from the application, then the résumé (and JSON Résumé), then any other source in order. A phone
written without a country code is read in the claimed country, or as a US number when no country
is claimed (then a missing country code is not reported, since no claim contradicts it).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, TypeAlias

from extractors.model import SourceFamily, SourceKind
from extractors.normalise.contacts import placeholder_reason
from extractors.normalise.names import email_matches_name
from extractors.normalise.text import lazy_re
from scanner.model import Category, Evidence, Severity
from scanner.registry import Hit, check

if TYPE_CHECKING:
    from extractors.model import Profile, SourceDocument
    from extractors.phones import PhoneAnalysis
    from scanner.model import Candidate
    from scanner.registry import CheckContext

__all__ = ["Residence", "claimed_residence"]

# Patterns of the hot paths, compiled once (on first use).
_NOT_LETTER = lazy_re(r"[^a-z]")

FALLBACK_REGION = "US"
# Where the candidate's own claim of residence is looked for first.
_CLAIM_ORDER = (SourceFamily.APPLICATION, SourceFamily.RESUME)
# Numbering-plan regions that are part of a country for residence purposes.
_SAME_COUNTRY = {
    "PR": "US", "GU": "US", "VI": "US", "AS": "US", "MP": "US", "UM": "US",
    "GG": "GB", "JE": "GB", "IM": "GB", "AX": "FI", "SJ": "NO", "VA": "IT",
    "CX": "AU", "CC": "AU", "NF": "AU", "RE": "FR", "GP": "FR", "MQ": "FR", "GF": "FR",
    "YT": "FR", "PM": "FR", "BL": "FR", "MF": "FR", "EH": "MA", "TA": "SH", "AC": "SH",
}  # fmt: skip
# Mailboxes that name a function, not a person (CT007 says nothing about them).
_ROLE_LOCALS = frozenset(
    [
        "jobs", "job", "careers", "career", "info", "contact", "hello", "hi", "hey", "admin",
        "office", "hr", "mail", "email", "me", "myself", "support", "sales", "team",
        "recruiting", "recruitment", "resume", "cv", "apply", "applications", "work", "business",
        "enquiries", "inquiries", "hire", "hireme", "webmaster", "postmaster", "noreply",
        "dev", "developer", "engineer", "personal", "private", "inbox", "contactme",
    ]
)  # fmt: skip
_LINE_TYPES = {
    "voip": ("a VoIP number (not tied to a line or place)", 0.6),
    "personal_number": ("a personal (follow-me) number that forwards elsewhere", 0.6),
    "toll_free": ("a toll-free number", 0.8),
    "premium_rate": ("a premium-rate number", 0.85),
    "pager": ("a pager number", 0.7),
}


@cache
def _lib(name: str) -> ModuleType:
    """An extractor module imported on first use (start-up does without its patterns and
    tables), then kept: an import statement in a check would cost every row."""
    return importlib.import_module(name)


# ---------------------------------------------------------------------------------------------
# What the candidate claims, and what they wrote
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Residence:
    """Where the candidate says they live, and where they said it."""

    source: int
    field: str
    value: str
    country: str
    subdivision: str | None

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.source, self.field, self.value, note="claimed residence")

    @property
    def label(self) -> str:
        return _label(self.value, self.country, self.subdivision)


@lru_cache(maxsize=1024)
def _label(value: str, country: str, subdivision: str | None) -> str:
    """A claimed residence as messages name it (remembered: CT003 and CT005 of many rows name
    the same few places)."""
    where = f"{subdivision}, " if subdivision else ""
    return f"{value!r} ({where}{_lib('extractors.addresses').country_name(country)})"


def claimed_residence(candidate: Candidate) -> Residence | None:
    """The candidate's claimed residence: application first, then résumé, then other sources."""
    location_region = _lib("extractors.addresses").location_region
    items = candidate.indexed_profiles()
    if len(items) > 1:  # one source (a batch row's application) is its own order
        items = tuple(sorted(items, key=_claim_rank))
    for i, _src, prof in items:
        for field_name in ("locations", "addresses"):
            for k, value in enumerate(getattr(prof, field_name)):
                region = location_region(value)
                if region:
                    return Residence(i, f"{field_name}[{k}]", value, region[0], region[1])
    return None


def _claim_rank(item: tuple[int, SourceDocument, Profile]) -> tuple[int, int]:
    """Where a source stands in the order a claim of residence is looked for in."""
    family = item[1].kind.family
    order = _CLAIM_ORDER.index(family) if family in _CLAIM_ORDER else len(_CLAIM_ORDER)
    return (order, item[0])


class _Phone:
    """One distinct number and every place it was written."""

    __slots__ = ("analyses", "key")

    def __init__(self, key: str, analyses: list[tuple[Evidence, PhoneAnalysis]]) -> None:
        self.key = key
        self.analyses = analyses

    @property
    def first(self) -> PhoneAnalysis:
        return self.analyses[0][1]

    @property
    def evidence(self) -> list[Evidence]:
        return [ev for ev, _ in self.analyses]


# One written phone read in one region: (key, analysis, evidence note), or None for a blank or a
# placeholder (CT012's, never an invalid number). Remembered on the two values (bounded): a
# number given in several rows or sources is read once.
_Reading: TypeAlias = tuple[str, "PhoneAnalysis", str] | None
_READINGS: dict[tuple[str, str], _Reading] = {}
_READINGS_MAX = 8192
# The evidence note's example number, by (the number's region, the region it was read in).
_EXAMPLES: dict[tuple[str | None, str], str] = {}
_FIELDS = tuple(f"phones[{k}]" for k in range(16))
_ADDRESS_FIELDS = {
    attr: tuple(f"{attr}[{k}]" for k in range(16)) for attr in ("addresses", "shipping_addresses")
}


def _reading(raw: str, region: str) -> _Reading:
    if not raw.strip() or placeholder_reason("phone", raw):
        return None
    a = _lib("extractors.phones").analyse_phone(raw, region)
    key = a.e164 or "".join(ch for ch in raw if ch.isdigit()) or raw.strip()
    return key, a, f"expected e.g. {_example(a, region)}"


def _phones(candidate: Candidate) -> tuple[list[_Phone], Residence | None, bool]:
    """Distinct phones (by E.164, else digits), the claim used to read them, whether it was assumed.

    Read once per candidate: six checks ask."""
    return candidate.memo("contact.phones", lambda: _read_phones(candidate))


def _read_phones(candidate: Candidate) -> tuple[list[_Phone], Residence | None, bool]:
    claim = claimed_residence(candidate)
    region = claim.country if claim else FALLBACK_REGION
    out: dict[str, _Phone] = {}
    readings = _READINGS
    for i, _src, prof in candidate.indexed_profiles():
        for k, raw in enumerate(prof.phones):
            pair = (raw, region)
            if pair in readings:
                found = readings[pair]
            else:
                found = _reading(raw, region)
                if len(readings) >= _READINGS_MAX:
                    readings.clear()
                readings[pair] = found
            if found is None:
                continue
            key, a, note = found
            ev = Evidence(i, _FIELDS[k] if k < 16 else f"phones[{k}]", raw, note=note)
            phone = out.get(key)
            if phone is None:
                out[key] = _Phone(key, [(ev, a)])
            else:
                phone.analyses.append((ev, a))
    if len(out) > 1:
        # A local form ("555-0150") of a number the candidate also gives in full is that number.
        for key, phone in list(out.items()):
            digits = "".join(ch for ch in phone.first.raw if ch.isdigit())
            others = [k for k in out if k != key and k.startswith("+")]
            if 7 <= len(digits) <= 8 and any(k.endswith(digits) for k in others):
                del out[key]
    return list(out.values()), claim, claim is None


def _example(a: PhoneAnalysis, region: str) -> str:
    """The number as it should be written, else an example number of its region (the same
    string for every number of a region: remembered per pair of regions, bounded)."""
    if a.valid and a.suggested:
        return a.suggested
    pair = (a.region, region)
    found = _EXAMPLES.get(pair)
    if found is None:
        from extractors.phones import example_number

        found = example_number(a.region or region) or example_number(region) or "+1 201-555-0123"
        if len(_EXAMPLES) >= 1024:
            _EXAMPLES.clear()
        _EXAMPLES[pair] = found
    return found


def _country(region: str | None) -> str | None:
    if not region:
        return None
    return _SAME_COUNTRY.get(region, region)


def _emails(candidate: Candidate) -> dict[str, list[Evidence]]:
    """Distinct emails (case-folded) with every place they were written; read once per candidate."""
    return candidate.memo("contact.emails", lambda: _read_emails(candidate))


def _read_emails(candidate: Candidate) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    for i, _src, prof in candidate.indexed_profiles():
        for k, email in enumerate(prof.emails):
            if email.strip() and not placeholder_reason("email", email):
                out.setdefault(email.strip().casefold(), []).append(
                    Evidence(i, f"emails[{k}]", email)
                )
    return out


def _names(candidate: Candidate) -> list[str]:
    names: list[str] = []
    for _i, _src, prof in candidate.indexed_profiles():
        for n in (prof.name, *prof.other_names):
            if n.strip() and n not in names:
                names.append(n)
    return names


# ---------------------------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------------------------


@check("CT001", "Phone number is not valid", Category.CONTACT, Severity.HIGH, needs=("phones",))
def phone_invalid(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A phone number that is not a valid number for any region under libphonenumber's rules.

    The number is read in the claimed country of residence (or as a US number when no country is
    claimed) unless it carries a country code. It is reported when it is too short or too long,
    has a country code that is not in use, or starts with digits that no numbering plan assigns
    (an area code 000, a UK number starting 04). Slips that leave a real number recognisable (a
    trunk prefix kept after the country code, the country code written twice, a stray trailing
    digit group) are CT002, not CT001; a number without a country code that is valid somewhere
    else is CT002/CT003, not CT001, unless it is written the North American way and read in North
    America ("(608) 555-018" is a US number a digit short, not a Moroccan one). A placeholder
    ("Upon request", "123-456-7890") is CT012, never CT001.

    Why it matters: an invented number is the cheapest part of an invented identity, and an
    invalid one cannot reach the person at all.

    Verify by hand: type the number into a libphonenumber demo or dial it; check the digit count
    for the country (North America: 10 digits after +1; UK: 10 after +44).
    """
    phones, _claim, _assumed = _phones(candidate)
    for phone in phones:
        a = phone.first
        if a.valid or a.other_regions:
            continue
        where = f" (read as a {a.region} number)" if a.region else ""
        confidence = 0.9 if a.e164 is None or "too" in a.invalid_reason else 0.8
        yield Hit(
            f"{a.raw!r} is not a valid phone number{where}: {a.invalid_reason}",
            phone.evidence,
            confidence=confidence,
        )


@check(
    "CT002",
    "Phone number written unlike its country's conventions",
    Category.CONTACT,
    Severity.MEDIUM,
    needs=("phones",),
)
def phone_unconventional(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A phone number written in a way people from its country rarely write it.

    Reported: a trunk prefix kept after the country code ("+44 020 …", "+7 8 912 …"), the
    country code written twice ("+1 1 512 …", "+91 91 …"), a country code missing where the
    number is not valid in the claimed country but is elsewhere, vanity letters ("1-800-FLOWERS"),
    a stray digit group, and digit groups that straddle the country's usual groups ("+1 51 25 55
    01 42"). Not reported: any mix of spaces, dots, dashes and parentheses along the usual groups
    ("512-555-0142", "(512) 555-0142", "+1 512 555 0142", "512.555.0142", "+44 20 7946 0958"),
    groups split or merged ("030 123 456 78"), a few native habits ("0207 946 0958", "987 654
    3210"), and extensions. "(0)" after the country code is a common European habit and is
    reported only at low confidence (0.2) where the trunk prefix is 0.

    Why it matters: someone presenting as local to a country who writes its numbers the way
    another country does is a weak sign that the number, or the persona, is borrowed.

    Verify by hand: compare the number as written with the suggested form in the evidence note.
    """
    phones, _claim, assumed = _phones(candidate)
    for phone in phones:
        found: list[str] = []
        evidence: list[Evidence] = []
        confidence = 0.0
        for ev, a in phone.analyses:
            problems = [p for p in a.problems if not (assumed and p.kind == "missing_country_code")]
            if not problems:
                continue
            evidence.append(ev)
            for p in problems:
                if p.message not in found:
                    found.append(p.message)
                confidence = max(confidence, p.confidence)
        if not found:
            continue
        raws = ", ".join(repr(ev.value) for ev in evidence)
        yield Hit(
            f"{raws}: {'; '.join(found)}",
            evidence,
            confidence=confidence,
            severity=Severity.LOW if confidence < 0.3 else None,
        )


@check(
    "CT003",
    "Phone country differs from the claimed residence",
    Category.CONTACT,
    Severity.MEDIUM,
    needs=("phones",),
)
def phone_country_differs(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The phone number belongs to a different country than the one the candidate says they live in.

    Compares two of the candidate's own claims: the country of the phone number (by its country
    code and numbering plan) and the country of residence they state (application, then résumé,
    then other sources). Territories count with their country (Puerto Rico with the US, Jersey
    with the UK). It says nothing about which countries are involved; only that the two claims
    disagree. People keep a number from a previous country for a while, so confidence is
    moderate, and lower again when the candidate also gives a number from the claimed country.

    Verify by hand: the evidence shows the phone as written and the residence claim; ask the
    candidate about the number.
    """
    phones, claim, _assumed = _phones(candidate)
    if claim is None or not phones:
        return
    country_name = _lib("extractors.addresses").country_name

    countries = {_country(p.first.region) for p in phones if p.first.valid}
    has_local = claim.country in countries
    for phone in phones:
        a = phone.first
        country = _country(a.region)
        if not a.valid or country is None or country == claim.country:
            continue
        yield Hit(
            f"phone {a.raw!r} is a number from {country_name(country)} ({a.suggested}); the "
            f"stated residence is {claim.label}",
            [*phone.evidence, claim.evidence],
            confidence=0.4 if has_local else 0.65,
        )


@check(
    "CT004",
    "Phone line type is VoIP, personal, toll-free, premium or pager",
    Category.CONTACT,
    Severity.MEDIUM,
    needs=("phones",),
)
def phone_line_type(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The number is, by its numbering plan, a VoIP, personal (follow-me), toll-free, premium-rate
    or pager number rather than a line that belongs to a subscriber in a place.

    Such numbers are cheap to obtain anywhere and forward to anywhere, which is why schemes that
    hide a worker's location favour them. Limitation: libphonenumber can only tell VoIP ranges
    where a country's plan sets them apart (UK 056, for instance); North American VoIP numbers
    (Google Voice and the like) look like ordinary geographic numbers and are not reported.

    Verify by hand: the evidence names the line type; a carrier lookup service shows the carrier.
    """
    phones, _claim, _assumed = _phones(candidate)
    for phone in phones:
        a = phone.first
        if not a.valid or a.number_type not in _LINE_TYPES:
            continue
        what, confidence = _LINE_TYPES[a.number_type]
        yield Hit(f"{a.raw!r} ({a.suggested}) is {what}", phone.evidence, confidence=confidence)


@check(
    "CT005",
    "Area code belongs to another state",
    Category.CONTACT,
    Severity.LOW,
    needs=("phones",),
)
def area_code_state(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A North American number's area code belongs to a state or province other than the one
    the candidate claims to live in.

    Only compared when the phone and the claimed residence are in the same country (a different
    country is CT003) and the claim names a state or province. Mobile numbers move with people,
    so confidence is modest, and lower when another of the candidate's numbers is local. Area
    codes come from a table built from libphonenumber's geocoding data (shipped as
    `extractors/data/nanp_area_codes.json`).

    Verify by hand: look the area code up in the NANPA area-code map.
    """
    phones, claim, _assumed = _phones(candidate)
    if claim is None or claim.subdivision is None or claim.country not in ("US", "CA"):
        return
    area_code_regions = _lib("extractors.phones").area_code_regions
    located = []
    for phone in phones:
        a = phone.first
        found = area_code_regions(a.e164 or "") if a.valid else None
        if found and found[2] and found[1] == claim.country:
            located.append((phone, found))
    has_local = any(claim.subdivision in regions for _p, (_npa, _c, regions) in located)
    for phone, (npa, _country_code, regions) in located:
        if claim.subdivision in regions:
            continue
        where, note = _area_code_words(claim.country, npa, regions)
        evidence = [Evidence(ev.source, ev.field, ev.value, note=note) for ev in phone.evidence]
        yield Hit(
            f"area code {npa} of {phone.first.raw!r} is {where}; the stated residence is "
            f"{claim.label}",
            [*evidence, claim.evidence],
            confidence=0.2 if has_local else 0.35,
        )


@lru_cache(maxsize=1024)
def _area_code_words(country: str, npa: str, regions: tuple[str, ...]) -> tuple[str, str]:
    """The states or provinces of an area code as CT005 names them, and its evidence note
    (remembered: the same few area codes recur across rows)."""
    from extractors.addresses import CA_PROVINCES, US_STATES

    names = US_STATES if country == "US" else CA_PROVINCES
    where = "/".join(names.get(r, r) for r in regions)
    return where, f"area code {npa} is {where}"


@check(
    "CT011",
    "Phone number is in a range reserved for fiction",
    Category.CONTACT,
    Severity.LOW,
    needs=("phones",),
)
def phone_fictional(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The number lies in a range set aside for films, books and examples, so nobody can answer it.

    Ranges: North American 555-0100 to 555-0199 in every area code; the UK regulator Ofcom's
    drama ranges (020 7946 0xxx, 0113 496 0xxx, 07700 900xxx and the others listed in
    `extractors.phones.FICTIONAL_RANGES`); Australia's ACMA ranges (0491 57x xxx mobiles,
    0X 5550 xxxx and 0X 7010 xxxx landlines). Test data and templates use these numbers, so a
    real application that carries one was filled in carelessly or invented.

    Verify by hand: compare the number with the range named in the message.
    """
    phones, _claim, _assumed = _phones(candidate)
    if not phones:
        return
    fictional_range = _lib("extractors.phones").fictional_range
    for phone in phones:
        where = fictional_range(phone.first.e164 or "")
        if where:
            yield Hit(f"{phone.first.raw!r} lies in {where}", phone.evidence, confidence=0.9)


# ---------------------------------------------------------------------------------------------
# Emails
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # a batch's mailboxes are at a few hundred domains; bounded
def _disposable(domain: str) -> str | None:
    from disposable_email_domains import blocklist

    parts = domain.casefold().strip(".").split(".")
    for k in range(len(parts) - 1):
        candidate = ".".join(parts[k:])
        if candidate in blocklist:
            return candidate
    return None


# The everyday mailbox (ASCII name and domain, a letter TLD) is valid for email-validator too;
# a batch reads it with one pattern. Anything else (quoted or Unicode names, IDNA, special-use
# domains, odd lengths) is left to email-validator (tests/test_contact_checks.py holds the two
# to the same answer).
_PLAIN_EMAIL = lazy_re(
    r"[A-Za-z0-9_+-]{1,64}(?:\.[A-Za-z0-9_+-]{1,64})*"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})"
)
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def email_syntax(email: str) -> tuple[str, str]:
    """(domain, "") for a syntactically valid address, ("", why) for one that is not; as
    email-validator judges it without a network lookup."""
    m = _PLAIN_EMAIL.fullmatch(email)
    # (the pattern's name part holds no "@": the first one ends it)
    if m is not None and len(email) <= 254 and email.index("@") <= 64:
        domain = _plain_domain(m.group(1))
        if domain:
            return domain, ""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(email, check_deliverability=False).domain, ""
    except EmailNotValidError as exc:
        return "", str(exc)


@lru_cache(maxsize=4096)  # a batch's mailboxes are at a few hundred domains; bounded
def _plain_domain(domain: str) -> str:
    """The domain folded, or "" when a label is special-use or IDNA (email-validator's call)."""
    folded = domain.casefold()
    if any(x in _SPECIAL_USE or x.startswith("xn--") for x in folded.split(".")):
        return ""
    return folded


@check(
    "CT006",
    "Email address is invalid or disposable",
    Category.CONTACT,
    Severity.HIGH,
    needs=("emails",),
)
def email_invalid(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """An email address that is not syntactically valid, or whose domain is a disposable
    (throw-away) mail service.

    Syntax follows email-validator without any network lookup (no deliverability check); the
    disposable list is the community-maintained `disposable-email-domains` blocklist, matched on
    the domain and its parent domains. Privacy relays (Apple's hide-my-email, DuckDuckGo) are not
    on that list and are not reported.

    Why it matters: a throw-away mailbox cannot be traced to a person and is abandoned after use.

    Verify by hand: read the address in the evidence; look the domain up.
    """
    for _key, evidence in _emails(candidate).items():
        email = evidence[0].value.strip()
        domain, error = email_syntax(email)
        if error:
            yield Hit(f"{email!r} is not a valid email address: {error}", evidence, confidence=0.9)
            continue
        blocked = _disposable(domain)
        if blocked:
            yield Hit(
                f"{email!r} is at {blocked}, a disposable-mail domain",
                evidence,
                confidence=0.85,
            )


@check(
    "CT007",
    "Email name unrelated to the candidate's names",
    Category.CONTACT,
    Severity.LOW,
    needs=("emails", "names"),
)
def email_unrelated(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The part of an email address before the @ is unrelated to every name the candidate uses.

    Matched forms include the given name, a nickname or the surname anywhere (dana.whitfield,
    whitfieldd, bob.w, danaw1987), initials with a surname (dwhitfield, d.whitfield), and bare
    initials (dw); names are transliterated first. Not reported: mailboxes that name a function
    (jobs@, info@, hello@), and local parts without letters (numeric mailboxes are normal with
    some large providers), and names given only in another script (a mailbox may use an adopted
    name; "李明" and "kevin.li@" cannot be compared). Handles unrelated to names are common, so
    this is `low`.

    Why it matters: a mailbox built from another person's name suggests a borrowed or shared
    identity.

    Verify by hand: compare the address with the names in the evidence.
    """

    names = _names(candidate)
    if not names:
        return
    if not any(n.isascii() or not _other_script(n) for n in names):
        return  # names only in another script: a mailbox may use an adopted name; not comparable
    for _key, evidence in _emails(candidate).items():
        email = evidence[0].value.strip()
        local = email.split("@", 1)[0].split("+", 1)[0]
        letters = _NOT_LETTER.sub("", local.casefold())
        if not letters or letters in _ROLE_LOCALS or len(letters) < 2:
            continue
        if email_matches_name(local, names):
            continue
        shown = " / ".join(repr(n) for n in names[:3])
        yield Hit(
            f"{email!r} has nothing of the names {shown}",
            [*evidence, *_name_evidence(candidate)],
            confidence=0.4,
        )


def _other_script(name: str) -> bool:
    """A name written in a script other than Latin (CJK, Cyrillic, Arabic, Devanagari…)."""
    import unicodedata

    letters = [c for c in name if c.isalpha()]
    return bool(letters) and not any("LATIN" in unicodedata.name(c, "") for c in letters)


def _name_evidence(candidate: Candidate) -> list[Evidence]:
    out, seen = [], set()
    for i, _src, prof in candidate.indexed_profiles():
        if prof.name and prof.name.casefold() not in seen:
            seen.add(prof.name.casefold())
            out.append(Evidence(i, "name", prof.name))
    return out[:3]


# ---------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------


def _addresses(candidate: Candidate, attr: str) -> list[tuple[str, list[Evidence]]]:
    """Distinct addresses (by normalised key) with every place they were written; read once per
    candidate and field."""
    return candidate.memo(f"contact.{attr}", lambda: _read_addresses(candidate, attr))


def _read_addresses(candidate: Candidate, attr: str) -> list[tuple[str, list[Evidence]]]:
    address_key = _lib("extractors.normalise.addresses").address_key
    out: dict[str, list[Evidence]] = {}
    for i, _src, prof in candidate.indexed_profiles():
        for k, raw in enumerate(getattr(prof, attr)):
            if raw.strip() and not placeholder_reason("address", raw):
                key = address_key(raw) or " ".join(raw.casefold().split())
                where = _ADDRESS_FIELDS[attr][k] if k < 16 else f"{attr}[{k}]"
                out.setdefault(key, []).append(Evidence(i, where, raw))
    return list(out.items())


@check(
    "CT008",
    "Postal address cannot be parsed or does not agree with itself",
    Category.CONTACT,
    Severity.MEDIUM,
    needs=("addresses",),
)
def address_inconsistent(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A home or shipping address that cannot be read as an address, or whose ZIP code, state and
    city disagree (US), or whose postal code and province disagree (Canada).

    US addresses are read with usaddress and checked against offline ZIP data: "100 Congress
    Ave, Austin, TX 10001" is reported because ZIP 10001 is in New York. A city that differs from
    the ZIP's post-office name is reported with low confidence (suburbs often use a neighbour's
    ZIP). Addresses elsewhere are read leniently and reported only when they are not an address
    at all (no letters, a single word) or only name a place; never for not being a US address.

    Verify by hand: look the ZIP code up with the postal service; read the address aloud.
    """
    address_problems = _lib("extractors.addresses").address_problems
    for attr in ("addresses", "shipping_addresses"):
        for _key, evidence in _addresses(candidate, attr):
            raw, problems = address_problems(evidence[0].value)
            if not problems:
                continue
            confidence = max(p.confidence for p in problems)
            notes = "; ".join(p.message for p in problems)
            evidence = [Evidence(ev.source, ev.field, ev.value, note=notes) for ev in evidence]
            yield Hit(
                f"{raw!r}: {notes}",
                evidence,
                confidence=confidence,
                severity=Severity.LOW if confidence < 0.5 else None,
            )


@check(
    "CT009",
    "Shipping address differs from the home address",
    Category.CONTACT,
    Severity.MEDIUM,
    needs=("addresses",),
)
def shipping_differs(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The address where equipment is to be sent is not the candidate's home address.

    Compared as addresses, not strings: "Apt 4B, 100 North Congress Avenue" and "100 N Congress
    Ave #4b" are one address; a unit given on one side only is not a difference. Only run when
    both a home and a shipping address are given. A shipping address in another state or country
    is `medium`; one nearby (the same state, or a place that cannot be told apart) is `low`.

    Why it matters: laptops shipped to an address other than the worker's home are the core of
    the "laptop farm" pattern, where one person hosts many remote workers' company devices.

    Verify by hand: compare the two addresses quoted; ask who lives at the shipping address.
    """
    homes = _addresses(candidate, "addresses")
    if not homes:
        return
    same_place, location_region = (
        _lib("extractors.normalise.addresses").same_place,
        _lib("extractors.addresses").location_region,
    )
    for _key, evidence in _addresses(candidate, "shipping_addresses"):
        ship = evidence[0].value
        if any(same_place(ship, ev[0].value) for _k, ev in homes):
            continue
        home = homes[0][1][0]
        rs, rh = location_region(ship), location_region(home.value)
        far = bool(rs and rh and (rs[0] != rh[0] or (rs[1] and rh[1] and rs[1] != rh[1])))
        where = " in another state or country" if far else ""
        yield Hit(
            f"equipment is to go to {ship!r}{where}, not to the home address {home.value!r}",
            [*evidence, home],
            confidence=0.75 if far else 0.6,
            severity=None if far else Severity.LOW,  # nearby: an office, a neighbour, family
        )


# ---------------------------------------------------------------------------------------------
# Reachability
# ---------------------------------------------------------------------------------------------


@check(
    "CT010",
    "Only one way to reach the candidate",
    Category.CONTACT,
    Severity.INFO,
    needs=("sources",),
)
def single_channel(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The candidate gives no way to reach or check them but one: a phone, an email address, or
    a public profile (LinkedIn, GitHub, personal site), and not two of these.

    Context, not a finding against the person: one channel is easy to set up for a persona and
    leaves nothing to cross-check. A profile counts when it was given as a source, even if it
    could not be read. When some source could not be read, confidence is lower: the missing
    channel may be in it.

    Verify by hand: look for the missing channels in the application; ask for them.
    """
    profiles = candidate.indexed_profiles()
    has_phone = any(p.phones for _i, _s, p in profiles)
    has_email = any(p.emails for _i, _s, p in profiles)
    has_profile = any(s.kind.is_profile for s in candidate.sources) or any(
        p.urls or p.linkedin_slugs or p.github_handles for _i, _s, p in profiles
    )
    channels = {"phone": has_phone, "email": has_email, "profile": has_profile}
    given = [k for k, v in channels.items() if v]
    if len(given) > 1:
        return
    missing = ", ".join(f"no {k}" for k, v in channels.items() if not v)
    what = (
        f"only one way to reach the candidate: {given[0]}"
        if given
        else "no way to reach the candidate"
    )
    evidence = [
        Evidence(i, field_name, values[0])
        for i, _s, p in profiles
        for field_name, values in (("phones", p.phones), ("emails", p.emails), ("urls", p.urls))
        if values
    ][:1]
    where = next((i for i, s, _p in profiles if s.kind is SourceKind.APPLICATION), None)
    if where is None and profiles:
        where = profiles[0][0]
    for channel, present in channels.items():
        if not present:
            evidence.append(Evidence(where, f"{channel}s", "", note="not given in any source"))
    yield Hit(f"{what} ({missing})", evidence, confidence=0.9 if candidate.complete else 0.5)


# ---------------------------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------------------------

_PLACEHOLDER_FIELDS = (
    ("phones", "phone"),
    ("emails", "email"),
    ("addresses", "address"),
    ("shipping_addresses", "address"),
)


@check(
    "CT012",
    "Contact field holds a placeholder",
    Category.CONTACT,
    Severity.INFO,
    needs=("sources",),
)
def contact_placeholders(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A phone, email or address field holds a placeholder instead of a value: "Upon request",
    "N/A", "123-456-7890", "000-00-0000", "(xxx) xxx-xxxx", "[Your Email]", template text.

    Reported once for the candidate, as context: a placeholder is not an invalid contact (it is
    never CT001 or CT006) and not a shared identifier (batch linkage counts it instead of linking
    applicants by it). It does mean the candidate gave one way fewer to reach or check them.

    Verify by hand: read the field in the evidence; ask for the real value.
    """
    evidence: list[Evidence] = []
    reasons: list[str] = []
    for i, _src, prof in candidate.indexed_profiles():
        for attr, kind in _PLACEHOLDER_FIELDS:
            for k, raw in enumerate(getattr(prof, attr)):
                why = placeholder_reason(kind, raw) if raw.strip() else None
                if why:
                    evidence.append(Evidence(i, f"{attr}[{k}]", raw, note=why))
                    reasons.append(f"{raw.strip()!r} ({why})")
    if evidence:
        yield Hit(
            f"placeholder contact details, not real values: {', '.join(dict.fromkeys(reasons))}",
            evidence,
            confidence=0.95,
        )
