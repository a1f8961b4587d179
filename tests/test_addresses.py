"""Addresses and places: ZIP/state/city agreement, matching keys, locations to country/region."""

from __future__ import annotations

import json

import pytest

from extractors.addresses import (
    COUNTRIES_FILE,
    country_name,
    location_country,
    location_region,
    parse_address,
    us_state_code,
)

# (raw, country, problem kinds)
ADDRESSES = [
    ("100 Congress Ave, Austin, TX 78701", "US", []),
    ("100 Congress Ave, Austin, TX 78701-1234, USA", "US", []),
    ("Apt 4B, 100 North Congress Avenue, Austin, Texas 78701", "US", []),
    ("PO Box 123, Austin, TX 78701", "US", []),
    ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "US", []),
    ("233 S Wacker Dr, Chicago, IL 60606", "US", []),
    ("100 Congress Ave, Austin, TX 10001", "US", ["zip_state"]),
    ("100 Congress Ave, Dallas, TX 78701", "US", ["zip_city"]),
    ("100 Congress Ave, Austin, TX 00000", "US", ["unknown_zip"]),
    ("100 Main St, Springfield, ZZ 62701", "US", ["unknown_state"]),
    ("Austin, TX 78701", "US", ["incomplete"]),
    ("Flat 2, 10 Downing Street, London SW1A 2AA, United Kingdom", "GB", []),
    ("Calle Mayor 1, 28013 Madrid, Spain", "ES", []),
    ("1 Example Street, Sydney NSW 2000, Australia", "AU", []),
    ("Rizal Avenue 12, Manila 1000, Philippines", "PH", []),
    ("100 Queen St W, Toronto, ON M5H 2N2, Canada", "CA", []),
    ("100 Queen St W, Toronto, BC M5H 2N2", "CA", ["postcode_province"]),
    ("asdf", None, ["unparseable"]),
    ("12345", None, ["unparseable"]),
    ("", None, ["unparseable"]),
    ("Austin, TX", "US", ["incomplete"]),
]


@pytest.mark.parametrize(("raw", "country", "kinds"), ADDRESSES)
def test_parse_address_table(raw: str, country: str | None, kinds: list[str]) -> None:
    a = parse_address(raw)
    assert a.country == country
    assert sorted(p.kind for p in a.problems) == sorted(kinds), [p.message for p in a.problems]


def test_parse_address_fields_and_messages() -> None:
    a = parse_address("Apt 4B, 100 North Congress Avenue, Austin, Texas 78701-1234")
    assert (a.city, a.state, a.postcode, a.unit) == ("Austin", "TX", "78701", "Apt 4B")
    assert a.street == "100 North Congress Avenue"
    bad = parse_address("100 Congress Ave, Austin, TX 10001")
    assert bad.problems[0].message == "ZIP 10001 is in New York, NY, not in Texas"
    assert bad.problems[0].confidence >= 0.8


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Austin, TX", ("US", "TX")),
        ("Austin, Texas, United States", ("US", "TX")),
        ("Austin, TX 78701", ("US", "TX")),
        ("Austin, Texas Metropolitan Area", ("US", "TX")),
        ("Greater Austin Area", ("US", "TX")),
        ("San Francisco Bay Area", ("US", "CA")),
        ("New York, NY", ("US", "NY")),
        ("Washington, DC", ("US", "DC")),
        ("Atlanta, Georgia", ("US", "GA")),
        ("Tbilisi, Georgia", ("GE", None)),
        ("Wilmington, DE", ("US", "DE")),
        ("Berlin, DE", ("DE", None)),
        ("Indianapolis, IN", ("US", "IN")),
        ("Bangalore, IN", ("IN", None)),
        ("Toronto, ON", ("CA", "ON")),
        ("Toronto, Ontario, Canada", ("CA", "ON")),
        ("London, UK", ("GB", None)),
        ("Remote (US)", ("US", None)),
        ("Remote - United States", ("US", None)),
        ("Manila, Philippines", ("PH", None)),
        ("Bengaluru, Karnataka, India", ("IN", None)),
        ("São Paulo, Brazil", ("BR", None)),
        ("Amsterdam, NL", ("NL", None)),
        ("Austin", None),
        ("London", None),
        ("Georgia", None),
        ("Remote, EMEA", None),
        ("", None),
    ],
)
def test_location_region(text: str, region: tuple[str, str | None] | None) -> None:
    assert location_region(text) == region


def test_location_country_and_names() -> None:
    assert location_country("Cebu City, Philippines") == "PH"
    assert location_country("Austin") is None
    assert country_name("GB") == "United Kingdom"
    assert country_name("ZZ") == "ZZ"
    assert us_state_code("Texas") == "TX" and us_state_code("tx") == "TX"
    assert us_state_code("Ontario") is None


def test_countries_file_has_one_code_per_name() -> None:
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["countries"]) >= 200
    seen: dict[str, str] = {}
    for code, names in data["countries"].items():
        assert len(code) == 2 and code.isupper() and names
        for name in names:
            assert seen.setdefault(name.casefold(), code) == code, name


def test_zip_index_answers_like_the_linear_scan() -> None:
    """The indexed ZIP lookup gives what `zipcodes.matching` and `filter_by` give (whole table)."""
    import random

    import zipcodes

    from extractors.addresses import _zip_info, city_in_state, zip_lookup

    table = zipcodes.list_all()
    expected: dict[str, list] = {}
    for record in table:
        expected.setdefault(record["zip_code"], []).append(_zip_info(record))
    for z, infos in expected.items():
        assert zip_lookup(z) == tuple(infos), z
    rng = random.Random(7)
    for z in [*rng.sample(sorted(expected), 40), "00000", "99999", "60604"]:
        assert zip_lookup(z) == tuple(_zip_info(r) for r in zipcodes.matching(z)), z
    assert zip_lookup("00000") == ()
    assert zip_lookup("6060") == () and zip_lookup("606o4") == ()
    for record in rng.sample(table, 30):
        city, state = record["city"], record["state"]
        assert city_in_state(city, state) is bool(zipcodes.filter_by(city=city, state=state))
        assert city_in_state(city + "x", state) is False
