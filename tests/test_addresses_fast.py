"""The quick reader of everyday US street addresses (`_fast_us`) against usaddress's CRF tagger.

A batch reads hundreds of thousands of addresses, so the plain shape ("100 Juniper Lane, Apt 4B,
Austin, TX 78701") is read with one pattern. Whatever it reads must give the analysis usaddress
gives, except where usaddress itself misreads a plain address (takes the street for a place
name, splits a two-word city): there the quick reader is right and CT008 no longer raises a
false "no street line"."""

from __future__ import annotations

import random

import pytest

from extractors import addresses as A

NAMES = ["Juniper", "Oak", "Main", "Congress", "Hillcrest", "Martin Luther King", "Park", "Lake",
         "Elm", "Broadway", "Mill", "Church", "Center", "Spring", "Ridge", "Bay", "1st", "2nd",
         "42nd", "Old Mill", "Saint James", "Grand", "Union", "Court", "Plaza", "Mountain View",
         "El Camino", "Van Ness", "Via", "La", "Monte", "Vista", "Washington", "Park Place",
         "Rue", "Loop", "Row", "Garden", "Hill", "Fort", "Key", "Box", "PO", "Apt", "Suite",
         "Route", "County", "North", "W"]  # fmt: skip
TYPES = ["St", "Street", "Ave", "Avenue", "Rd", "Road", "Dr", "Drive", "Ln", "Lane", "Blvd",
         "Ct", "Court", "Pl", "Place", "Way", "Ter", "Cir", "Pkwy", "Hwy", "Highway", "Trail",
         "Sq", "Square", "Loop", "Run"]  # fmt: skip
CITIES = ["Austin", "Chicago", "New York", "San Francisco", "Fort Worth", "Saint Paul",
          "Park City", "Oak Park", "Salt Lake City", "Palo Alto", "Des Moines", "Ann Arbor",
          "West Palm Beach", "Mountain View", "El Paso", "La Jolla", "Key West", "Van Buren",
          "Mc Allen", "Box Elder", "Center", "Truth or Consequences", "St. Louis"]  # fmt: skip
STATES = ["TX", "IL", "NY", "CA", "MN", "UT", "IA", "FL", "ZZ", "PR", "DC", "tx"]
UNITS = ["", "", "Apt 4B", "Apt 22", "Suite 100", "Ste 5", "Unit 7", "Apt A", "Floor 3", "#12"]
ZIPS = ["78701", "60620", "10001", "84060", "00601", "1234", "78701-1234", "99999"]


def _addresses(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        street = rng.choice(NAMES)
        if rng.random() < 0.3:
            street = f"{rng.choice(NAMES)} {street}"
        kind = rng.choice(TYPES) + rng.choice(["", "", "."])
        unit = rng.choice(UNITS)
        out.append(
            f"{rng.choice(['1', '10', '100', '1234', '99999', '123456', '0'])} {street} {kind}"
            + (f", {unit}" if unit else "")
            + f", {rng.choice(CITIES)}, {rng.choice(STATES)} {rng.choice(ZIPS)}"
        )
    return out


def _facts(a: A.AddressAnalysis) -> tuple[object, ...]:
    return (a.city, a.state, a.postcode, a.parsed, a.problems)


def _slow(text: str, monkeypatch: pytest.MonkeyPatch) -> A.AddressAnalysis:
    with monkeypatch.context() as m:
        m.setattr(A, "_fast_us", lambda _t: None)
        return A.parse_address.__wrapped__(text)  # (not the remembered quick reading)


def _only_where_usaddress_misread(
    text: str, fast: A.AddressAnalysis, slow: A.AddressAnalysis
) -> None:
    """A quick reading that differs from usaddress's: only where usaddress misread a plain
    address (the street taken for a place, "no street line"; the parts not told apart; a
    two-word city cut to its last word)."""
    kinds = {p.kind for p in slow.problems} - {p.kind for p in fast.problems}
    assert kinds <= {"incomplete", "unparseable"} or fast.city.endswith(" " + slow.city), (
        text, _facts(slow), _facts(fast),
    )  # fmt: skip
    if slow.parsed:  # (an address usaddress could not read had its ZIP left unchecked)
        assert {p.kind for p in fast.problems} <= {p.kind for p in slow.problems}, text


def test_the_quick_reader_agrees_with_usaddress(monkeypatch: pytest.MonkeyPatch) -> None:
    read = differ = 0
    for text in _addresses(6000, seed=11):
        if A._fast_us(text) is None:
            continue
        read += 1
        fast, slow = A.parse_address(text), _slow(text, monkeypatch)
        if _facts(fast) == _facts(slow):
            continue
        differ += 1
        _only_where_usaddress_misread(text, fast, slow)
    assert read > 2000  # the quick path is taken for the everyday shape
    assert differ < read * 0.01


@pytest.mark.parametrize(
    "text",
    [
        "100 Congress Ave, Austin, TX 78701",
        "100 Congress Ave., Apt 4B, Austin, TX 78701-1234",
        "10 Juniper 1th Lane, Chicago, IL 60620",
        "100 N Congress Ave, Austin, TX 78701",  # a direction before the street's name
        "2200 SW 5th Ave, Apt 4, Portland, OR 97201",
        "100 North Park Ave, Chicago, IL 60620",
        "5 Center Trail, Mountain View, CA 94041",
    ],
)
def test_everyday_addresses_take_the_quick_path(text: str) -> None:
    assert A._fast_us(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "100 N. Congress Ave, Austin, TX 78701",  # a direction with a dot: usaddress decides
        "100 n Congress Ave, Austin, TX 78701",  # or in lower case
        "100 Congress Ave NW, Austin, TX 78701",  # or after the street
        "100 N W Congress Ave, Austin, TX 78701",
        "100 N St, Austin, TX 78701",  # a street named by a letter
        "100 North St, Austin, TX 78701",
        "100 St. James St, Austin, TX 78701",  # "St." may be Saint
        "1 Main St, St. Louis, MO 63101",
        "PO Box 12, Austin, TX 78701",
        "100 Congress Ave, Floor 3, Austin, TX 78701",  # not an apartment word it knows
        "100 Congress Ave, Austin, tx 78701",
        "100 Avenue of the Americas, New York, NY 10036",
    ],
)
def test_anything_less_plain_goes_to_usaddress(text: str) -> None:
    assert A._fast_us(text) is None


def test_a_zip_in_another_state_is_still_reported_on_the_quick_path() -> None:
    a = A.parse_address("100 Congress Ave, Austin, TX 10001")
    assert [p.kind for p in a.problems] == ["zip_state"]
    assert "New York" in a.problems[0].message


DIRECTIONS = ["N", "S", "E", "W", "NE", "NW", "SE", "SW", "North", "South", "East", "West",
              "N.", "n", "Nw", "Northeast", "NORTH"]  # fmt: skip


def test_a_direction_before_the_street_is_read_as_usaddress_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "100 N Maple St, Springfield, IL 62701": the quick reader's direction is usaddress's
    StreetNamePreDirectional and its analysis is usaddress's, except where usaddress misreads
    the plain address (as for addresses without a direction)."""
    import usaddress

    rng = random.Random(12)
    read = same_parts = directed = differ = 0
    for text in _addresses(5000, seed=13):
        number, rest = text.split(" ", 1)
        text = f"{number} {rng.choice(DIRECTIONS)} {rest}"
        comp = A._fast_us(text)
        if comp is None:
            continue
        read += 1
        # the directions it knows, as written; another ("Northeast") is a word of the name
        direction = comp.get("StreetNamePreDirectional")
        assert direction in DIRECTIONS[:12] or text.split(" ")[1] in ("Northeast", "NORTH")
        try:
            tags, kind = usaddress.tag(text)
        except usaddress.RepeatedLabelError:
            tags, kind = {}, "Ambiguous"
        if direction and kind == "Street Address":
            # the direction is usaddress's (street words and types may split otherwise, as
            # for addresses without one: the analysis below does not depend on that split)
            same_parts += str(tags.get("StreetNamePreDirectional", "")).strip(" ,") == direction
            directed += 1
        fast, slow = A.parse_address(text), _slow(text, monkeypatch)
        parts = ("AddressNumber", "StreetNamePreDirectional", "StreetName", "StreetNamePostType")
        assert fast.street == " ".join(comp[k] for k in parts if k in comp)
        if _facts(fast) == _facts(slow):
            continue
        differ += 1
        _only_where_usaddress_misread(text, fast, slow)
    assert read > 1000 and directed > 900  # the shape is common: it takes the quick path
    assert same_parts > directed * 0.99
    assert differ < read * 0.01
