"""The linkage keys' faster code gives the old code's answers (issue 14, fourth round).

`keys_reference` keeps the code as it was; every test here draws many varied values (the bench
generator's rows, random addresses in many formats, phones of many regions and shapes, mailboxes,
reference cells, whole candidates) and holds the current functions to the reference's answers.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import keys_reference as ref
import pytest

from extractors.model import DocumentMeta, Profile, SourceDocument, SourceKind, SourceStatus
from extractors.normalise import addresses as addr
from extractors.normalise import contacts
from scanner import identifiers
from scanner.batch import keys as batch_keys
from scanner.model import Candidate

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Generators (synthetic values only: fictional numbers, example.com/example.org mailboxes)
# ---------------------------------------------------------------------------------------------

STREET_NAMES = ["Maple", "Oak", "Harbor View", "Martin Luther King Jr", "El Camino Real",
                "Broadway", "Calle Mayor", "Straße der Einheit", "Rue de la Paix", "5th", "21st",
                "N Main", "Old Mill", "Fort", "Saint Paul", "Park", "Av", "Court", "Apt", "Box",
                "Lake Shore", "Ocean", "Springfield", "Ñandú", "Østre", "West", "Northeast"]  # fmt: skip
SUFFIX_WORDS = ["Street", "St", "St.", "Avenue", "Ave", "Ave.", "Av", "Road", "Rd", "Drive",
                "Dr", "Blvd", "Boulevard", "Lane", "Ln", "Court", "Ct", "Place", "Pl", "Way",
                "Terrace", "Parkway", "Highway", "Hwy", "Circle", "Square", "Trail", "Plaza",
                "Expressway", "Freeway", "Crescent", "Close", "Alley", "Loop", "", ""]  # fmt: skip
DIRECTIONS = ["N", "S", "E", "W", "NE", "NW", "SE", "SW", "North", "South", "East", "West",
              "Northeast", "Southwest"]  # fmt: skip
UNITS = ["Apt", "Apartment", "Unit", "Ste", "Suite", "Rm", "Room", "Fl", "Floor", "Bldg",
         "Building", "No", "No.", "Number", "#", "Lot", "Spc", "Space", "APT", "apt."]  # fmt: skip
CITIES = ["Springfield", "St. Paul", "Saint Louis", "Fort Worth", "Mount Vernon", "New York",
          "Salt Lake City", "Montréal", "São Paulo", "Winston-Salem", "Coeur d'Alene",
          "Washington", "Virginia Beach", "Boise", "Joliet", "Lorraine", "Del Rey", "Fl",
          "Street", "Apt", "Kansas City", "Ho-Ho-Kus", "Zürich", "München", "Greater Austin Area",
          "Box Elder", "Truth or Consequences", "North Carolina", "Orlando"]  # fmt: skip
STATES = ["IL", "NY", "CA", "FL", "TX", "ID", "OH", "WA", "DC", "PR", "Illinois", "New York",
          "North Carolina", "West Virginia", "District of Columbia", "florida", "Fla", "Texas",
          "New Hampshire", "Rhode Island", "Ontario", "ON", "Bavaria", ""]  # fmt: skip
COUNTRIES = ["USA", "US", "United States", "United States of America", "U.S.A.", "Canada",
             "Germany", "España", ""]  # fmt: skip
SPACES = [" ", "  ", "\t", "\u00a0", "\u2003", " \n "]
SEPARATORS = [", ", ",", " , ", "; ", " | ", "\n", " ", ",, "]
PLACEHOLDER_VALUES = ["n/a", "N/A", "none", "-", "--", "same as above", "Same", "TBD",
                      "[address]", "<your address>", "Address here", "x", "0", "unknown",
                      "your address", "see resume", "upon request", "", "   ", ".", "n a",
                      "000-000-0000", "(000) 000-0000", "555-555-5555", "123-456-7890",
                      "xxx-xxx-xxxx", "(XXX) XXX-XXXX", "1234567", "test@test.com",
                      "name@example.com", "noemail@example.com", "firstname.lastname@domain.com",
                      "your.name@email.com", "phone", "email address", "Mobile number here",
                      "{email}", "tel", "confidential"]  # fmt: skip


def _case(rng: random.Random, text: str) -> str:
    return rng.choice([text, text.upper(), text.lower(), text.title()])


def _zip(rng: random.Random) -> str:
    z = f"{rng.randint(0, 99999):05d}"
    roll = rng.random()
    if roll < 0.15:
        return f"{z}-{rng.randint(0, 9999):04d}"
    if roll < 0.2:
        return f"{z} {rng.randint(0, 9999):04d}"
    if roll < 0.25:
        return str(rng.randint(100, 9999))  # a short postcode
    return z


def _street(rng: random.Random) -> str:
    number = rng.choice([str(rng.randint(1, 99999)), f"{rng.randint(1, 999)}{rng.choice('ab')}",
                         f"{rng.randint(1, 99)}-{rng.randint(1, 99)}", "One", "1/2"])  # fmt: skip
    name = _case(rng, rng.choice(STREET_NAMES))
    parts = [name]
    if rng.random() < 0.25:
        parts.insert(0, rng.choice(DIRECTIONS))
    suffix = rng.choice(SUFFIX_WORDS)
    if suffix:
        parts.append(_case(rng, suffix))
    if rng.random() < 0.2:
        parts.append(rng.choice(DIRECTIONS))
    if rng.random() < 0.15:  # house number last ("Calle Mayor 5")
        return " ".join([*parts, number])
    return " ".join([number, *parts])


def _unit(rng: random.Random) -> str:
    ident = rng.choice([str(rng.randint(1, 999)), f"{rng.randint(1, 40)}{rng.choice('ABC')}",
                        rng.choice("ABCDEF"), "PH", "B2", "#4"])  # fmt: skip
    designator = rng.choice(UNITS)
    return rng.choice([f"{designator} {ident}", f"{designator}{ident}", f"#{ident}",
                       f"{designator} #{ident}", f"# {ident}", designator])  # fmt: skip


def _po_box(rng: random.Random) -> str:
    return rng.choice(["PO Box", "P.O. Box", "P O Box", "Box", "POB", "Post Office Box",
                       "po box"]) + f" {rng.randint(1, 99999)}"  # fmt: skip


def random_address(rng: random.Random) -> str:
    """One address in one of many shapes: street or PO box, units, localities, country tails,
    state names, ZIP+4, ordinals, unicode and odd spacing; sometimes a placeholder or noise."""
    roll = rng.random()
    if roll < 0.04:
        return rng.choice(PLACEHOLDER_VALUES)
    if roll < 0.08:  # noise from an address alphabet
        alphabet = "abc xyz 0123456789 ,;|#-.'/ Æé ñ"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
    parts: list[str] = []
    if rng.random() < 0.12:
        parts.append(_po_box(rng))
    elif rng.random() < 0.9:
        parts.append(_street(rng))
    if parts and rng.random() < 0.3:
        if rng.random() < 0.5:
            parts[-1] += " " + _unit(rng)
        else:
            parts.append(_unit(rng))
    if rng.random() < 0.06:
        parts.insert(0, _unit(rng))
    if rng.random() < 0.85:
        parts.append(_case(rng, rng.choice(CITIES)))
    state, zip5 = rng.choice(STATES), _zip(rng) if rng.random() < 0.8 else ""
    tail = " ".join(p for p in (state, zip5) if p)
    if tail:
        parts.append(tail)
    if rng.random() < 0.12:
        parts.append(rng.choice(COUNTRIES))
    if rng.random() < 0.05 and len(parts) > 1:  # "44113 Cleveland OH", zip first
        parts = [zip5 or "44113", *parts[1:]]
    if rng.random() < 0.1:
        rng.shuffle(parts)
    sep = rng.choice(SEPARATORS)
    text = sep.join(parts) if rng.random() < 0.85 else " ".join(parts)
    if rng.random() < 0.15:
        text = text.replace(" ", rng.choice(SPACES))
    if rng.random() < 0.1:
        text = rng.choice(SPACES) + text + rng.choice(SPACES)
    if rng.random() < 0.05:
        text = text.replace("1", "１")  # a full-width digit
    return text


PHONE_SHAPES = ["({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "{a} {b} {c}", "1-{a}-{b}-{c}",
                "+1 {a} {b} {c}", "+1 ({a}) {b}-{c}", "+1-{a}-{b}-{c}", "1 ({a}) {b} {c}",
                "{a}{b}{c}", "1{a}{b}{c}", "+1{a}{b}{c}", "001 {a} {b} {c}", "({a}){b}-{c}",
                "{a}-{b}-{c} x{e}", "{a}-{b}-{c} ext. {e}", "({a}) {b}-{c} ext {e}",
                "{a}-{b}-{c}x{e}", "{b}-{c}", "1-800-FLOWERS", "1-{a}-CALL-NOW"]  # fmt: skip
INTL = ["+44 20 7946 0{d3}", "+44 (0) 20 7946 0{d3}", "020 7946 0{d3}", "+49 30 1234{d3}",
        "+49 (0)30 123 45{d2}", "0049 30 123 45{d2}", "+33 1 23 45 67 {d2}", "0033 1 23 45 67 {d2}",
        "+91 98765 43{d3}", "+61 2 9876 5{d3}", "+52 55 1234 5{d3}", "+81 3-1234-5{d3}",
        "+86 10 1234 5{d3}", "+55 11 91234-5{d3}", "+7 495 123-45-{d2}", "+353 1 234 5{d3}",
        "+27 21 123 4{d3}", "+971 4 123 4{d3}", "07700 900{d3}", "+44 7700 900{d3}",
        "+1 416 555 0{d3}", "+1 (212) 555-0{d3}", "+234 803 123 4{d3}", "+63 917 123 4{d3}",
        "+380 44 123 45 {d2}", "+48 22 123 45 {d2}", "+31 20 123 4{d3}", "+90 212 123 45 {d2}",
        "+1 876 555 0{d3}", "+1 340 555 0{d3}"]  # fmt: skip
LABELS = ["Mobile: ", "mobile ", "Tel. ", "Tel: ", "Phone: ", "ph: ", "M: ", "c: ", "Cell: ",
          "WhatsApp: ", "home: ", "Work. ", "Office: ", "T. ", "H: "]  # fmt: skip
TRAILERS = [" (mobile)", " (cell)", " - home", " home", ", work", " (w)", " [office]",
            " – mobile", " (preferred)", " primary", " M", " (WhatsApp)", " main", "  (Home) ",
            " (day)", " evening", " ;", " (viber)"]  # fmt: skip
REGIONS = ["US", "CA", "GB", "DE", "FR", "IN", "BR", "AU", "JP", "MX", "PR", "ZZ"]


def random_phone(rng: random.Random) -> str:
    """A phone in one of many regions and formats, with labels, extensions, letters, unicode
    digits, odd spacing, placeholders and junk."""
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(PLACEHOLDER_VALUES)
    if roll < 0.08:
        alphabet = "0123456789 ()+-.xext/#*abcMOBILE:١٢٣３"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
    fill = {
        "a": str(rng.choice([rng.randint(200, 999), rng.randint(100, 199), 312, 555])),
        "b": f"{rng.choice([555, rng.randint(100, 999), rng.randint(0, 99)]):03d}",
        "c": f"{rng.randint(0, 9999):04d}",
        "d2": f"{rng.randint(0, 99):02d}",
        "d3": f"{rng.randint(0, 999):03d}",
        "e": str(rng.randint(1, 99999)),
    }
    shape = rng.choice(PHONE_SHAPES if rng.random() < 0.6 else INTL)
    text = shape.format(**fill)
    if rng.random() < 0.15:
        text = rng.choice(LABELS) + text
    if rng.random() < 0.15:
        text += rng.choice(TRAILERS)
    if rng.random() < 0.08:
        text = text.replace(" ", rng.choice(SPACES))
    if rng.random() < 0.05:
        text = rng.choice(SPACES) + text + rng.choice(SPACES)
    if rng.random() < 0.03:
        text = text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if rng.random() < 0.03:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


def random_email(rng: random.Random) -> str:
    """A mailbox with +tags, dots, case, Gmail forms, GitHub no-reply, wrappers and junk."""
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(PLACEHOLDER_VALUES)
    if roll < 0.08:
        alphabet = "ab.c+_-@ example.com ORG<>:\n"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
    first = rng.choice(["jo", "Quinn", "a.b", "lee", "x", "aaaa", "test", "name", "john.doe",
                        "Ana-María", "émile", "o'neil", "r2d2", "j.o.park"])  # fmt: skip
    local = first + rng.choice(["", ".park", "_ray", str(rng.randint(1, 999))])
    if rng.random() < 0.2:
        local += "+" + rng.choice(["jobs", "again", "a+b", ""])
    domain = rng.choice(["example.com", "example.org", "gmail.com", "googlemail.com",
                         "Example.COM", "mail.example.org.", "test.com", "users.noreply.github.com",
                         "sub.example.co.uk", "example", "domain.com", "example.c"])  # fmt: skip
    if domain == "users.noreply.github.com" and rng.random() < 0.5:
        local = f"{rng.randint(1, 99999)}+{local}"
    text = f"{local}@{domain}"
    text = _case(rng, text) if rng.random() < 0.3 else text
    wrap = rng.choice(["{}", "{}", "{}", "<{}>", "mailto:{}", " {} ", "MAILTO:{}", "{}\n>"])
    return wrap.format(text)


def random_references(rng: random.Random) -> str:
    """A references cell: names with phones and mailboxes, `;`- or line-separated."""
    items = []
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(["Jo Park", "Lee Ray", "Sam", "Dr. Ana Ruiz", ""])
        bits = [name]
        if rng.random() < 0.6:
            bits.append(random_phone(rng))
        if rng.random() < 0.6:
            bits.append(random_email(rng))
        items.append(rng.choice([", ", " - ", " "]).join(b for b in bits if b))
    return rng.choice(["; ", "\n", ";", " ;\n"]).join(items)


def values(make: Callable[[random.Random], str], n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield make(rng)


# ---------------------------------------------------------------------------------------------
# The bench generator's rows
# ---------------------------------------------------------------------------------------------


def bench_rows(n: int) -> list[dict[str, str]]:
    """`bench_batch.make_structured`'s varied rows, in memory (the same generator)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_batch import STRUCTURED_COLUMNS, _vary
        from bench_linkage import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rows = generate(n)
    _vary(rows)
    out = []
    for i, r in enumerate(rows):
        parts = [p.strip() for p in r.get("address", "").split(",")]
        r["location"] = f"{parts[-2]}, {parts[-1].split()[0]}" if len(parts) >= 3 else ""
        r["linkedin"] = (
            "https://www.linkedin.com/in/" + r["name"].lower().replace(" ", "-") + f"-{i}"
        )
        out.append({c: r.get(c, "") for c in STRUCTURED_COLUMNS})
    return out


@pytest.fixture(scope="module")
def bench_values() -> list[dict[str, str]]:
    return bench_rows(6000)


# ---------------------------------------------------------------------------------------------
# Value-level parity
# ---------------------------------------------------------------------------------------------


def _clear_caches() -> None:
    for f in (addr.address_parts, addr.address_key, addr._segment_tokens, addr._city_words,
              contacts.phone_key, contacts.email_key, contacts.placeholder_reason):  # fmt: skip
        f.cache_clear()


def test_address_keys_match_the_old_code_on_generated_addresses(
    bench_values: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _clear_caches()
    old_parts: dict[str, addr.AddressParts | None] = {}  # the reference parses each value once

    parse = ref.address_parts

    def parts_once(raw: str) -> addr.AddressParts | None:
        if raw not in old_parts:
            old_parts[raw] = parse(raw)
        return old_parts[raw]

    monkeypatch.setattr(ref, "address_parts", parts_once)
    given = [r[c] for r in bench_values for c in ("address", "shipping_address") if r[c]]
    given += list(values(random_address, 24000, seed=1))
    given += [v.upper() for v in given[-2000:]]
    assert len(set(given)) > 25000
    for raw in given:
        assert addr.address_parts(raw) == ref.address_parts(raw), raw
        assert addr.address_key(raw) == ref.address_key(raw), raw
    for raw in given[:2000]:  # a second time, from the caches
        assert addr.address_key(raw) == ref.address_key(raw), raw
    shapes = {old_parts[raw] is None for raw in given}
    keyed = sum(ref.address_key(raw) is not None for raw in given)
    assert shapes == {True, False} and 0.3 * len(given) < keyed < len(given)


def test_address_tokens_match_the_old_tokenizer() -> None:
    rng = random.Random(2)
    segments = [seg for raw in values(random_address, 8000, seed=3) for seg in raw.split(",")]
    segments += ["FL 32820", "fl 3", "Apt Apt 4", "unit # 5b", "Ste", "5th", "60431-2203",
                 "New York 10001", "United States of America", "x y united states", "#",
                 "Joliet, Illinois 60431", "N Main St", "box 12 usa", "", "   "]  # fmt: skip
    segments += ["".join(rng.choice("ab #-1fl,5") for _ in range(12)) for _ in range(3000)]
    for seg in segments:
        assert addr._address_tokens(seg) == ref.address_tokens(seg), seg


def test_city_words_match_the_old_code() -> None:
    _clear_caches()
    rng = random.Random(16)
    given = [*CITIES, "Greater Seattle Area", "St. Paul, MN", "Mount Vernon, New York", "", " "]
    given += [f"{_case(rng, rng.choice(CITIES))}, {rng.choice(STATES)}" for _ in range(3000)]
    given += list(values(random_address, 3000, seed=17))
    for text in given * 2:  # the second time from the cache
        assert addr._city_words(text) == ref.city_words(text), text


def test_phone_keys_match_the_old_code_in_many_regions() -> None:
    _clear_caches()
    given = list(values(random_phone, 24000, seed=4))
    assert len(set(given)) > 18000
    rng = random.Random(5)
    for raw in given:
        region = "US" if rng.random() < 0.6 else rng.choice(REGIONS)
        assert contacts.phone_text(raw) == ref.phone_text(raw), raw
        assert contacts.phone_key(raw, region) == ref.phone_key(raw, region), (raw, region)
    keyed = sum(ref.phone_key(raw) is not None for raw in given)
    assert 0.5 * len(given) < keyed < len(given)


def test_email_keys_match_the_old_code() -> None:
    _clear_caches()
    given = list(values(random_email, 20000, seed=6))
    given += ["x@users.noreply.github.com\n>", "12+Jo@users.noreply.github.com", "<a@b.co>\n"]
    for raw in given:
        assert contacts.email_key(raw) == ref.email_key(raw), raw
    assert any(ref.email_key(raw) == "gh:jo" for raw in given)


def test_placeholder_reasons_match_the_old_code() -> None:
    _clear_caches()
    given = [*PLACEHOLDER_VALUES, *values(random_address, 4000, seed=7)]
    given += [*values(random_phone, 4000, seed=8), *values(random_email, 4000, seed=9)]
    given += [*values(random_references, 1000, seed=10), "7 [address]", "1 your phone"]
    for raw in given:
        for kind in ("phone", "email", "address", "shipping_address", "reference", "name"):
            assert contacts.placeholder_reason(kind, raw) == ref.placeholder_reason(kind, raw)


def test_reference_keys_and_join_keys_match_the_old_code() -> None:
    _clear_caches()
    rng = random.Random(11)
    makers = {
        identifiers.IdentifierKind.PHONE: random_phone,
        identifiers.IdentifierKind.EMAIL: random_email,
        identifiers.IdentifierKind.ADDRESS: random_address,
        identifiers.IdentifierKind.SHIPPING_ADDRESS: random_address,
        identifiers.IdentifierKind.REFERENCE: random_references,
        identifiers.IdentifierKind.LINKEDIN: lambda r: r.choice(
            ["https://www.linkedin.com/in/J%C3%B6rg/", "jo-park-1", " /in/x ", "", "-_."]
        ),
        identifiers.IdentifierKind.GITHUB: lambda r: r.choice(
            ["@QHalvorsen", "https://github.com/jo", "gh/jo", "", "Jo"]
        ),
        identifiers.IdentifierKind.PHOTO: lambda r: r.choice(["ABC123", "  ", "ff00"]),
        identifiers.IdentifierKind.DOCUMENT_SHA256: lambda r: r.choice(["AB" * 32, " ", "x"]),
        identifiers.IdentifierKind.DOCUMENT_FINGERPRINT: lambda r: r.choice(["fp:a|b", " "]),
        identifiers.IdentifierKind.NAME: lambda r: "Jo Park",
        identifiers.IdentifierKind.URL: lambda r: "https://example.com",
        identifiers.IdentifierKind.DOCUMENT_AUTHOR: lambda r: "Jo",
    }
    assert set(makers) == set(identifiers.IdentifierKind)
    for _ in range(12000):
        kind = rng.choice(list(makers))
        ident = identifiers.Identifier(kind, makers[kind](rng), rng.choice([0, 1, None]))
        region = rng.choice(REGIONS)
        assert identifiers.join_keys(ident, region) == ref.join_keys(ident, region), ident
    for text in values(random_references, 4000, seed=12):
        assert identifiers.reference_keys(text) == ref.reference_keys(text), text


# ---------------------------------------------------------------------------------------------
# Row-level parity: identifiers and RowKeys
# ---------------------------------------------------------------------------------------------


def _source(rng: random.Random, i: int) -> SourceDocument:
    kind = rng.choice([SourceKind.APPLICATION, SourceKind.RESUME, SourceKind.LINKEDIN_PDF,
                       SourceKind.LINKEDIN_PAGE, SourceKind.GITHUB, SourceKind.ARCHIVE,
                       SourceKind.JSON_RESUME, SourceKind.SITE])  # fmt: skip
    content = rng.choice([b"", b"%PDF-1.4 synthetic", b"plain text resume"])
    return SourceDocument(
        kind=kind,
        format=rng.choice(["pdf", "txt", "md", "fields", "html"]),
        uri=f"file-{i}.pdf",
        content=content,
        sha256=rng.choice(["", SourceDocument.digest(content).upper(), "AB" * 32]),
        collector=rng.choice(["", "spreadsheet", "application", "live", "file"]),
        status=rng.choice([SourceStatus.OK] * 5 + [SourceStatus.ERROR, SourceStatus.BLOCKED]),
    )


def _pick(rng: random.Random, make: Callable[[random.Random], str], shared: list[str]) -> str:
    """A new value, or one given before (in this candidate or another), to exercise dedupes."""
    if shared and rng.random() < 0.3:
        return rng.choice(shared)
    value = make(rng)
    shared.append(value)
    return value


def _profile(rng: random.Random, shared: list[str]) -> Profile:
    def some(make: Callable[[random.Random], str], most: int) -> tuple[str, ...]:
        return tuple(_pick(rng, make, shared) for _ in range(rng.randint(0, most)))

    document = None
    if rng.random() < 0.4:
        document = DocumentMeta(
            author=rng.choice(["", " Jo Park ", "LinkedIn", "Quinn"]),
            creator=rng.choice(["", "Word", "LibreOffice"]),
            producer=rng.choice(["", "Apache FOP", "macOS Quartz"]),
            created=rng.choice([None, datetime(2024, 5, 1, 9, 30, 12, 500, tzinfo=UTC)]),
        )
    return Profile(
        name=rng.choice(["Jo Park", " Quinn Halvorsen ", "", "  "]),
        other_names=rng.choice([(), ("J. Park",), ("Jo Park", " ")]),
        emails=some(random_email, 3),
        phones=some(random_phone, 3),
        addresses=some(random_address, 2),
        shipping_addresses=some(random_address, 2),
        urls=rng.choice([(), ("https://example.com/jo",)]),
        linkedin_slugs=rng.choice([(), ("jo-park",), ("https://www.linkedin.com/in/Jo%20Park/",)]),
        github_handles=rng.choice([(), ("jopark",), ("https://github.com/JoPark", "")]),
        photo_hashes=rng.choice([(), ("ABCDEF0123",)]),
        references=some(random_references, 2),
        document=document,
        text=rng.choice(["", "Built data pipelines in Python and SQL for retail analytics " * 6]),
    )


def random_candidate(rng: random.Random, n: int, shared: list[str]) -> Candidate:
    cand = Candidate(id=f"A-{n}")
    for i in range(rng.randint(0, 5)):
        cand.sources.append(_source(rng, i))
        cand.profiles.append(_profile(rng, shared) if rng.random() < 0.85 else None)
    if rng.random() < 0.1 and cand.profiles:
        cand.profiles.pop()  # fewer profiles than sources
    return cand


PLACEHOLDER_SETTINGS: list[dict[str, str] | None] = [
    None,
    {},
    {"(312) 555-0100": "switchboard", "hr@example.com": "HR", "1 Main St, Springfield, IL": "HQ"},
    {"+1 512 555 0100": "agency", "N/A": "none", "jobs@example.org": "jobs"},
]


def test_candidate_identifiers_match_the_old_code() -> None:
    _clear_caches()
    rng = random.Random(13)
    shared: list[str] = []
    for n in range(3000):
        cand = random_candidate(rng, n, shared)
        new = identifiers.candidate_identifiers(cand.sources, cand.profiles)
        assert new == ref.candidate_identifiers(cand.sources, cand.profiles)
        assert [(i.kind, i.value, i.source) for i in new] == identifiers.identifier_values(
            cand.sources, cand.profiles
        )


def test_row_keys_match_the_old_code_on_random_candidates() -> None:
    _clear_caches()
    rng = random.Random(14)
    shared: list[str] = []
    idents = placeholders = 0
    for n in range(2000):
        cand = random_candidate(rng, n, shared)
        region = "US" if rng.random() < 0.7 else rng.choice(REGIONS)
        extra = rng.choice(PLACEHOLDER_SETTINGS)
        new = batch_keys.candidate_keys(cand, n, row=n + 2, default_region=region,
                                        placeholders=extra)  # fmt: skip
        old = ref.candidate_keys(cand, n, row=n + 2, default_region=region, placeholders=extra)
        assert new == old, cand
        idents += len(new.idents)
        placeholders += len(new.placeholders)
    assert idents > 8000 and placeholders > 200


def test_row_keys_match_the_old_code_on_the_bench_generators_rows(
    bench_values: list[dict[str, str]], tmp_path: Path
) -> None:
    """The rows `bench_batch.py structured` runs, through the worker's own candidate builder."""
    from scanner.batch import runner
    from scanner.batch.spreadsheet import open_sheet
    from scanner.config import Config
    from scanner.sources import FetchOptions

    sheet = tmp_path / "structured.csv"
    rng = random.Random(15)
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, [*bench_values[0], "references", "github"])
        w.writeheader()
        for r in bench_values:
            extra = {"references": "", "github": ""}
            if rng.random() < 0.1:
                extra["references"] = random_references(rng)
            if rng.random() < 0.05:
                extra["github"] = rng.choice(["@jo", "https://github.com/QHalvorsen"])
            w.writerow({**r, **extra})
    settings = runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), sheet)
    _clear_caches()
    for n, row in enumerate(open_sheet(sheet).rows()):
        if n == 4000:
            break
        cand, _, _ = runner.build_row_candidate(runner.RowTask(n, row), settings)
        region = settings.default_region
        for extra_ph in (settings.placeholders, PLACEHOLDER_SETTINGS[n % 4]):
            new = batch_keys.candidate_keys(
                cand, n, row=row.number, default_region=region, placeholders=extra_ph
            )
            old = ref.candidate_keys(
                cand, n, row=row.number, default_region=region, placeholders=extra_ph
            )
            assert new == old, row
