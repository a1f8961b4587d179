"""The phone checks (CT001-CT005, CT011, CT012) give exactly the findings of the code they replaced.

The reference below is that code as it was (the per-row reading of a candidate's phones, the
evidence notes, the fictional-range and area-code lookups, the quick reading of plainly written
North American numbers, each number's facts asked of libphonenumber), with no caches of its own but one
dictionary of analyses (an analysis does not depend on how often it is asked for). The current
checks must give the same hits (message, evidence with notes, confidence, severity, facts) and
fingerprints on the bench generator's rows and on fuzzed phones: many regions and formats,
extensions, letters, vanity numbers, placeholders, fictional ranges, toll-free, local forms,
duplicates, and claimed residences in the US, Canada, elsewhere and nowhere; read twice, so that
remembered readings are held too.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from extractors.model import Profile, SourceDocument, SourceKind
from extractors.normalise.contacts import placeholder_reason
from extractors.phones import (
    _NANP_PLAIN,
    _NANP_REGIONS,
    _TYPE_NAMES,
    FICTIONAL_RANGES,
    PhoneAnalysis,
    _analyse_full,
    _facts,
    _main_region,
    _nanp,
    _pn,
)
from scanner.comparators.contact import (
    _CLAIM_ORDER,
    _LINE_TYPES,
    _PLACEHOLDER_FIELDS,
    FALLBACK_REGION,
    Residence,
    _country,
)
from scanner.config import Config
from scanner.model import Candidate, Evidence, Severity, evidence_facts, fact_fingerprint
from scanner.registry import CheckContext, Hit, registry

# ---------------------------------------------------------------------------------------------
# The reference: the phone checks as they were before they were made cheaper
# ---------------------------------------------------------------------------------------------

REFERENCE: dict[str, Any] = {}


def _ref_check(code: str) -> Any:
    def add(func: Any) -> Any:
        REFERENCE[code] = func
        return func

    return add


_READ: dict[tuple[str, str], PhoneAnalysis] = {}


def _analyse(raw: str, region: str) -> PhoneAnalysis:
    # Each number is read once per test run (a full reading of random digits tries every region).
    if (raw, region) not in _READ:
        region_in = region.upper() or None
        _READ[(raw, region)] = _ref_nanp_quick(region_in, raw) or _analyse_full(region_in, raw)
    return _READ[(raw, region)]


def _phones(candidate: Candidate) -> tuple[list[_Phone], Residence | None, bool]:
    return _read_phones(candidate)


def _ref_nanp_quick(region_in: str | None, raw: str) -> PhoneAnalysis | None:
    m = _NANP_PLAIN.fullmatch(raw)
    if m is None:
        return None
    prefix = m.group(1) or ""
    if not prefix.startswith("+") and region_in not in _NANP_REGIONS:
        return None
    digits = (m.group(2) or m.group(3)) + m.group(4) + m.group(5)
    pn = _pn()
    num = pn.PhoneNumber(country_code=1, national_number=int(digits))
    valid, own_region, kind = _facts(num)
    if not valid:
        return None
    return PhoneAnalysis(
        raw=raw,
        e164="+1" + digits,
        region=own_region or _main_region(1),
        country_code=1,
        national_number=digits,
        valid=True,
        possible=True,
        number_type=_TYPE_NAMES.get(kind, "unknown"),
        suggested=f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}",
    )


def _ref_fictional_range(e164: str) -> str | None:
    digits = re.sub(r"\D", "", e164 or "")
    if not digits:
        return None
    number = "+" + digits
    for pattern, description in FICTIONAL_RANGES:
        if re.fullmatch(pattern, number):
            return description
    return None


def _ref_area_code_regions(e164: str) -> tuple[str, str, tuple[str, ...]] | None:
    digits = re.sub(r"\D", "", e164 or "")
    if len(digits) != 11 or not digits.startswith("1"):
        return None
    npa = digits[1:4]
    found = _nanp().get(npa)
    if found is None:
        return None
    return npa, found[0], found[1]


def _ref_example_number(region: str | None) -> str | None:
    pn = _pn()
    if not region:
        return None
    num = pn.example_number(region.upper()) or pn.example_number_for_type(
        region.upper(), pn.PhoneNumberType.MOBILE
    )
    return str(pn.format_number(num, pn.PhoneNumberFormat.INTERNATIONAL)) if num else None


def claimed_residence(candidate: Candidate) -> Residence | None:
    from extractors.addresses import location_region

    def rank(item: tuple[int, SourceDocument, Profile]) -> tuple[int, int]:
        family = item[1].kind.family
        order = _CLAIM_ORDER.index(family) if family in _CLAIM_ORDER else len(_CLAIM_ORDER)
        return (order, item[0])

    for i, _src, prof in sorted(candidate.indexed_profiles(), key=rank):
        for field_name in ("locations", "addresses"):
            for k, value in enumerate(getattr(prof, field_name)):
                region = location_region(value)
                if region:
                    return Residence(i, f"{field_name}[{k}]", value, region[0], region[1])
    return None


@dataclass
class _Phone:
    key: str
    analyses: list[tuple[Evidence, PhoneAnalysis]] = field(default_factory=list)

    @property
    def first(self) -> PhoneAnalysis:
        return self.analyses[0][1]

    @property
    def evidence(self) -> list[Evidence]:
        return [ev for ev, _ in self.analyses]


def _read_phones(candidate: Candidate) -> tuple[list[_Phone], Residence | None, bool]:
    claim = claimed_residence(candidate)
    region = claim.country if claim else FALLBACK_REGION
    out: dict[str, _Phone] = {}
    for i, _src, prof in candidate.indexed_profiles():
        for k, raw in enumerate(prof.phones):
            if not raw.strip() or placeholder_reason("phone", raw):
                continue  # a placeholder is CT012's, never an invalid number
            a = _analyse(raw, region)
            key = a.e164 or "".join(ch for ch in raw if ch.isdigit()) or raw.strip()
            note = f"expected e.g. {_example(a, region)}"
            out.setdefault(key, _Phone(key)).analyses.append(
                (Evidence(i, f"phones[{k}]", raw, note=note), a)
            )
    # A local form ("555-0150") of a number the candidate also gives in full is that number.
    for key, phone in list(out.items()):
        digits = "".join(ch for ch in phone.first.raw if ch.isdigit())
        others = [k for k in out if k != key and k.startswith("+")]
        if 7 <= len(digits) <= 8 and any(k.endswith(digits) for k in others):
            del out[key]
    return list(out.values()), claim, claim is None


def _example(a: PhoneAnalysis, region: str) -> str:
    example_number = _ref_example_number

    if a.valid and a.suggested:
        return a.suggested
    return example_number(a.region or region) or example_number(region) or "+1 201-555-0123"


@_ref_check("CT001")
def phone_invalid(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
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


@_ref_check("CT002")
def phone_unconventional(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
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


@_ref_check("CT003")
def phone_country_differs(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    from extractors.addresses import country_name

    phones, claim, _assumed = _phones(candidate)
    if claim is None:
        return
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


@_ref_check("CT004")
def phone_line_type(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    phones, _claim, _assumed = _phones(candidate)
    for phone in phones:
        a = phone.first
        if not a.valid or a.number_type not in _LINE_TYPES:
            continue
        what, confidence = _LINE_TYPES[a.number_type]
        yield Hit(f"{a.raw!r} ({a.suggested}) is {what}", phone.evidence, confidence=confidence)


@_ref_check("CT005")
def area_code_state(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    from extractors.addresses import CA_PROVINCES, US_STATES

    area_code_regions = _ref_area_code_regions

    phones, claim, _assumed = _phones(candidate)
    if claim is None or claim.subdivision is None or claim.country not in ("US", "CA"):
        return
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
        names = US_STATES if claim.country == "US" else CA_PROVINCES
        where = "/".join(names.get(r, r) for r in regions)
        evidence = [
            Evidence(ev.source, ev.field, ev.value, note=f"area code {npa} is {where}")
            for ev in phone.evidence
        ]
        yield Hit(
            f"area code {npa} of {phone.first.raw!r} is {where}; the stated residence is "
            f"{claim.label}",
            [*evidence, claim.evidence],
            confidence=0.2 if has_local else 0.35,
        )


@_ref_check("CT011")
def phone_fictional(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    fictional_range = _ref_fictional_range

    phones, _claim, _assumed = _phones(candidate)
    for phone in phones:
        where = fictional_range(phone.first.e164 or "")
        if where:
            yield Hit(f"{phone.first.raw!r} lies in {where}", phone.evidence, confidence=0.9)


@_ref_check("CT012")
def contact_placeholders(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
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


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

CTX = CheckContext(config=Config())
CODES = ("CT001", "CT002", "CT003", "CT004", "CT005", "CT011", "CT012")
KINDS = (
    SourceDocument(kind=SourceKind.APPLICATION, format="fields", uri="application"),
    SourceDocument(kind=SourceKind.RESUME, format="pdf", uri="cv.pdf"),
    SourceDocument(kind=SourceKind.LINKEDIN_PDF, format="pdf", uri="linkedin.pdf"),
)
PLACES = (
    "Austin, TX", "Chicago, IL", "Newark, NJ", "Toronto, ON", "Vancouver, BC", "Montreal, QC",
    "San Juan, PR", "Remote (US)", "United States", "Canada", "London, UK", "Leeds, England",
    "Berlin, Germany", "Mumbai, India", "Sydney, Australia", "Manila, Philippines",
    "Lagos, Nigeria", "Mexico City, Mexico", "Paris, France", "Austin", "", "somewhere",
)  # fmt: skip
ADDRESSES = ("100 Congress Ave, Austin, TX 78701", "N/A", "same as above", "10 Downing St, London")
FIXED = (
    "", "  ", "N/A", "upon request", "123-456-7890", "000-000-0000", "(xxx) xxx-xxxx",
    "[Your Phone]", "555-555-5555", "call me", "1-800-FLOWERS", "1-800-356-9377", "+1 800 555 0199",
    "+1 900 555 0100", "+44 20 7946 0958", "+44 (0)20 7946 0958", "+44 020 7946 0958",
    "07700 900123", "+44 7700 900123", "0113 496 0123", "+61 491 570 123", "+61 2 5550 1234",
    "+61 1800 160 401", "+91 91 98765 43210", "+91 98765 43210", "987 654 3210",
    "+1 1 512 555 0142", "+1 (0) 512 555 0142", "+1 512 555 0142 7", "(608) 555-018",
    "555-0150", "5550150", "+7 8 912 345 67 89", "+49 30 123456", "030 123 456 78",
    "+52 55 1234 5678", "+63 917 123 4567", "+234 803 123 4567", "+1 51 25 55 01 42",
    "(312) 555-0142 ext. 12", "312-555-0142 x7", "Mobile: (312) 555-0142", "629-555-0130 (mobile)",
    "+1 (512) 555-0100", "+1 416 555 0199", "(604) 555-0123", "+1 787 555 0100", "+1 000 555 0142",
    "３１２-５５５-０１２３", "+1 312 555 ０１２３", "+44 56 1234 5678", "+33 1 23 45 67 89",
    "00 44 20 7946 0958", "011 44 20 7946 0958", "tel: +1.512.555.0142", "1 (512) 555 0142",
)  # fmt: skip
FORMATS = (
    "({a}) {x}-{n}", "{a}-{x}-{n}", "{a}.{x}.{n}", "{a} {x} {n}", "+1 {a} {x} {n}",
    "1-{a}-{x}-{n}", "+1 ({a}) {x}-{n}", "+1{a}{x}{n}", "{a}{x}{n}", "{x}-{n}", "+1 {a} {x}",
    "({a}) {x}-{n} ext {e}", "{a}-{x}-{n} x{e}", "+1-{a}-{x}-{n};ext={e}", "{a} {x} {n} (cell)",
    " ({a}){x}-{n} ", "+1 {a}-{x}-{n}{n}",
)  # fmt: skip


def _phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(FIXED)
    if roll < 0.85:
        area = rng.choice([rng.randint(200, 999), 512, 416, 800, 888, 900, 787, 100, 555])
        exchange = rng.choice([555, rng.randint(200, 999), rng.randint(0, 199)])
        line = rng.choice([f"01{rng.randint(0, 99):02d}", f"{rng.randint(0, 9999):04d}"])
        return rng.choice(FORMATS).format(a=area, x=exchange, n=line, e=rng.randint(1, 999))
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 14)))
    seps = " -.()+"
    text = "".join(ch + (rng.choice(seps) if rng.random() < 0.2 else "") for ch in digits)
    return rng.choice(["+", "", "00", "0"]) + text + rng.choice(["", "", " ABC", " ext 5"])


def _candidate(rng: random.Random) -> Candidate:
    profiles = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        phones = [_phone(rng) for _ in range(rng.choice((0, 1, 1, 1, 2, 3)))]
        if phones and rng.random() < 0.2:
            phones.append(rng.choice(phones))  # the same number twice
        places = [rng.choice(PLACES) for _ in range(rng.choice((0, 1, 1, 2)))]
        profiles.append(
            Profile(
                name="Dana Whitfield",
                phones=tuple(phones),
                locations=tuple(places),
                addresses=tuple(rng.sample(ADDRESSES, rng.choice((0, 0, 1)))),
                emails=tuple(rng.sample(("n/a", "dana@example.com"), rng.choice((0, 1)))),
            )
        )
    kinds = list(KINDS[: len(profiles)])
    rng.shuffle(kinds)
    return Candidate(id="t", sources=kinds, profiles=list(profiles))


def _bench_candidates(count: int) -> list[Candidate]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_batch import make_structured

    from scanner.batch import runner
    from scanner.batch.spreadsheet import open_sheet
    from scanner.sources import FetchOptions

    path = make_structured(count)
    settings = runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), path)
    rows = list(open_sheet(path).rows())[:count]
    tasks = [runner.RowTask(i, r) for i, r in enumerate(rows)]
    return [runner.build_row_candidate(t, settings)[0] for t in tasks]


def _seen(code: str, hits: list[Hit]) -> list[tuple[Any, ...]]:
    out = []
    for h in hits:
        facts = h.facts or evidence_facts(h.evidence) or (h.message,)
        fingerprint = fact_fingerprint(code, facts)
        out.append((h.message, tuple(h.evidence), h.confidence, h.severity, h.cluster, h.facts,
                     fingerprint))  # fmt: skip
    return out


def _assert_same(cand: Candidate) -> int:
    fired = 0
    for code in CODES:
        want = _seen(code, list(REFERENCE[code](cand, CTX)))
        got = _seen(code, list(registry[code].func(cand, CTX)))
        assert got == want, (code, [p.phones for p in cand.profiles if p], cand.profiles)
        fired += len(got)
    return fired


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


def test_reference_covers_every_phone_check() -> None:
    assert set(REFERENCE) == set(CODES)
    assert all(code in registry for code in CODES)


@pytest.mark.parametrize("seed", range(3))
def test_fuzzed_phones_give_the_same_findings(seed: int) -> None:
    rng = random.Random(seed)
    fired: dict[str, int] = {}
    for _ in range(600):
        state = rng.getstate()
        cand = _candidate(rng)
        _assert_same(cand)
        after = rng.getstate()
        rng.setstate(state)
        again = _candidate(rng)  # the same values again: remembered readings
        assert rng.getstate() == after
        for code in CODES:
            hits = list(registry[code].func(again, CTX))
            fired[code] = fired.get(code, 0) + len(hits)
        _assert_same(again)
    assert all(fired[c] > 0 for c in CODES), fired  # every check had something to say


def test_bench_rows_give_the_same_findings() -> None:
    fired = sum(_assert_same(cand) for cand in _bench_candidates(4000))
    assert fired > 2000


def test_fictional_groups_hold_the_whole_table() -> None:
    from extractors.phones import _FICTIONAL_BY_CC

    grouped = [d for group in _FICTIONAL_BY_CC.values() for _rx, d in group]
    assert sorted(grouped) == sorted(d for _p, d in FICTIONAL_RANGES)
    for cc, group in _FICTIONAL_BY_CC.items():
        for rx, _d in group:
            assert rx.pattern.startswith(f"\\+{cc}")


def test_fictional_and_area_code_lookups_agree_on_odd_input() -> None:
    from extractors.phones import area_code_regions, fictional_range

    rng = random.Random(5)
    values = ["", "+", "+1", "1", "+13125550142", "13125550142", "+1 312 555 0142", "+1312555014",
              "+131255501420", "+4420794600", "+442079460123", "+61491570123", "+١٣١٢٥٥٥٠١٤٢",
              "+1312５550142", "tel:+13125550142", "+61 2 5550 1234", "+0", "0044"]  # fmt: skip
    for _ in range(4000):
        cc = rng.choice(["+1", "+44", "+61", "+7", "1", "44", "+", ""])
        body = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 12)))
        values.append(cc + rng.choice(["", "555", "2079460", "491570", "7700900"]) + body)
    for value in values:
        assert fictional_range(value) == _ref_fictional_range(value), value
        assert area_code_regions(value) == _ref_area_code_regions(value), value
