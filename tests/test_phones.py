"""Phones as written: validity, region, line type, convention problems, fictional ranges."""

from __future__ import annotations

import pytest

from extractors.phones import (
    FICTIONAL_RANGES,
    analyse_phone,
    area_code_regions,
    example_number,
    fictional_range,
    is_fictional,
)

# (raw, default region, valid, e164, problem kinds)
CASES = [
    # benign North American forms
    ("(312) 555-0142", "US", True, "+13125550142", []),
    ("+1 (512) 555-0142", None, True, "+15125550142", []),
    ("512-555-0142", "US", True, "+15125550142", []),
    ("512.555.0142", "US", True, "+15125550142", []),
    ("5125550142", "US", True, "+15125550142", []),
    ("+15125550142", None, True, "+15125550142", []),
    ("+1 512 555 0142", None, True, "+15125550142", []),
    ("+1-512-555-0142", None, True, "+15125550142", []),
    ("1-512-555-0142", "US", True, "+15125550142", []),
    ("1 (512) 555-0142", "US", True, "+15125550142", []),
    ("(512)555-0142", "US", True, "+15125550142", []),
    ("512 5550142", "US", True, "+15125550142", []),
    ("+1 512 555 0142 ext. 12", None, True, "+15125550142", []),
    ("512-555-0142 x7", "US", True, "+15125550142", []),
    ("Tel: +1 512 555 0142", None, True, "+15125550142", []),
    ("011 44 20 7946 0958", "US", True, "+442079460958", []),
    ("+1 416 555 0100", None, True, "+14165550100", []),
    # benign elsewhere
    ("+44 20 7946 0958", None, True, "+442079460958", []),
    ("020 7946 0958", "GB", True, "+442079460958", []),
    ("0044 20 7946 0958", "GB", True, "+442079460958", []),
    ("+44 207 946 0958", None, True, "+442079460958", []),  # the London "0207" habit
    ("+44 20 79 46 09 58", None, True, "+442079460958", []),  # groups split further
    ("+49 30 12345678", None, True, "+493012345678", []),
    ("+49 30 123 456 78", None, True, "+493012345678", []),
    ("030 12345678", "DE", True, "+493012345678", []),
    ("+33 1 23 45 67 89", None, True, "+33123456789", []),
    ("01 23 45 67 89", "FR", True, "+33123456789", []),
    ("+91 98765 43210", None, True, "+919876543210", []),
    ("+91 987 654 3210", None, True, "+919876543210", []),
    ("+91-9876543210", None, True, "+919876543210", []),
    ("+63 917 123 4567", None, True, "+639171234567", []),
    ("+39 06 4991 1234", None, True, "+390649911234", []),  # Italy keeps its leading 0
    # trunk prefixes after the country code
    ("+44 (0)20 7946 0958", None, True, "+442079460958", ["trunk_prefix_parenthesised"]),
    ("+49 (0)30 12345678", None, True, "+493012345678", ["trunk_prefix_parenthesised"]),
    ("+44 020 7946 0958", None, True, "+442079460958", ["trunk_prefix"]),
    ("+1 (0) 512 555 0142", None, True, "+15125550142", ["trunk_prefix_parenthesised"]),
    ("+7 8 912 345 6789", None, True, "+79123456789", ["trunk_prefix"]),
    ("+91 098765 43210", None, True, "+919876543210", ["trunk_prefix"]),
    # country code written twice
    ("+1 1 512 555 0142", None, True, "+15125550142", ["duplicated_country_code"]),
    ("+91 91 98765 43210", None, True, "+919876543210", ["duplicated_country_code"]),
    ("+1 1 602 555 01", None, False, "+160255501", ["duplicated_country_code"]),  # and too short
    # missing country code where the claimed country differs
    ("(512) 555-0142", "GB", True, "+15125550142", ["missing_country_code"]),
    ("0917 123 4567", "US", False, None, ["missing_country_code"]),
    # letters, stray digits, grouping
    ("1-800-FLOWERS", "US", True, "+18003569377", ["letters"]),
    ("+1 512 555 0142 7", None, True, "+15125550142", ["stray_digits"]),
    ("+1 51 25 55 01 42", None, True, "+15125550142", ["grouping"]),
    ("+1 5125 550 142", None, True, "+15125550142", ["grouping"]),
    # outside North America, grouping is a habit, not a convention (issue: "+20 101 129 7216")
    ("+44 2 07946 0958", None, True, "+442079460958", []),
    ("+20 101 129 7216", None, True, "+201011297216", []),
    # not valid numbers at all
    ("+1 512 555 014", None, False, "+1512555014", []),
    ("+1 512 555 01423", None, False, "+151255501423", []),
    ("+1 000 555 0142", None, False, "+10005550142", []),
    ("12", "US", False, None, []),
    ("hello", "US", False, None, []),
    ("", "US", False, None, []),
    ("512 555 0142", None, False, None, []),  # no country code and no region to read it in
]


@pytest.mark.parametrize(("raw", "region", "valid", "e164", "kinds"), CASES)
def test_analyse_phone_table(
    raw: str, region: str | None, valid: bool, e164: str | None, kinds: list[str]
) -> None:
    a = analyse_phone(raw, region)
    assert a.valid is valid, (a.invalid_reason, a.problems)
    if e164 is not None:
        assert a.e164 == e164
    assert sorted(p.kind for p in a.problems) == sorted(kinds), a.messages
    if not valid:
        assert a.invalid_reason or a.other_regions


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_fields_of_a_valid_number() -> None:
    a = analyse_phone("+1 (512) 555-0142 ext. 12", None)
    assert (a.region, a.country_code, a.national_number) == ("US", 1, "5125550142")
    assert a.extension == "12"
    assert a.possible and a.number_type == "fixed_line_or_mobile"
    assert a.suggested == "+1 512-555-0142 ext. 12"


@pytest.mark.parametrize(
    ("raw", "number_type"),
    [
        ("+1 800 555 0199", "toll_free"),
        ("+1 900 555 0199", "premium_rate"),
        ("+1 500 555 0199", "personal_number"),
        ("+44 56 1234 5678", "voip"),
        ("+44 20 7946 0958", "fixed_line"),
        ("+63 917 123 4567", "mobile"),
    ],
)
def test_line_types(raw: str, number_type: str) -> None:
    assert analyse_phone(raw, None).number_type == number_type


def test_problem_messages_are_specific() -> None:
    a = analyse_phone("+1 51 25 55 01 42", None)
    assert a.messages == [
        "digits grouped as '51 25 55 01 42'; US numbers are grouped '512 555 0142'"
    ]
    a = analyse_phone("+44 (0)20 7946 0958", None)
    assert a.problems[0].confidence <= 0.2
    a = analyse_phone("+1 (0) 512 555 0142", None)
    assert a.problems[0].confidence >= 0.5 and "no trunk prefix 0" in a.messages[0]
    a = analyse_phone("(512) 555-0142", "GB")
    assert "+1 512-555-0142" in a.messages[0] and a.region == "US"


def test_invalid_reasons() -> None:
    assert "too short" in analyse_phone("+1 512 555 014", None).invalid_reason
    assert "too long" in analyse_phone("+1 512 555 01423", None).invalid_reason
    assert "numbering plan" in analyse_phone("+1 000 555 0142", None).invalid_reason


def test_ambiguous_number_without_country_code_is_not_placed() -> None:
    a = analyse_phone("020 7946 0958", "US")
    assert not a.valid and {"GB", "IN", "NZ"} <= set(a.other_regions)


def test_a_north_american_shape_read_in_north_america_stays_north_american() -> None:
    """Regression: "(312) 555-018" read in the US was a valid Czech number (CT002/CT003) instead
    of a US number a digit short (CT001). Other shapes are still placed elsewhere."""
    a = analyse_phone("(312) 555-018", "US")
    assert not a.valid and a.region == "US" and "too short" in a.invalid_reason
    assert a.other_regions == ()
    assert analyse_phone("(312) 555-018", "DE").region != "US"  # read in Germany: not NANP-led


@pytest.mark.parametrize(
    "number",
    [
        "+13125550142",
        "+15125550100",
        "+12125550199",
        "+442079460958",
        "+441134960000",
        "+447700900123",
        "+442896496999",
        "+441632960555",
        "+61491570006",
        "+61255501234",
        "+61370101234",
        "+611800975707",
    ],
)
def test_fictional_ranges(number: str) -> None:
    assert is_fictional(number)
    assert fictional_range(number)


@pytest.mark.parametrize(
    "number",
    [
        "+15125550200",
        "+15125550099",
        "+13125551212",
        "+442079461958",
        "+447700901000",
        "+61491580006",
        "",
    ],
)
def test_not_fictional(number: str) -> None:
    assert not is_fictional(number)


def test_fictional_ranges_are_documented() -> None:
    assert all(description for _pattern, description in FICTIONAL_RANGES)


def test_area_codes_and_examples() -> None:
    assert area_code_regions("+15125550142") == ("512", "US", ("TX",))
    assert area_code_regions("+19025550142") == ("902", "CA", ("NS", "PE"))
    assert area_code_regions("+18005550142") is None  # non-geographic
    assert area_code_regions("+442079460958") is None
    assert example_number("US") == "+1 201-555-0123"
    assert example_number(None) is None


def test_number_facts_are_libphonenumbers_own_answers() -> None:
    """Validity, region and line type, asked once per number (`_facts`), are exactly
    `is_valid_number`, `region_code_for_number` and `number_type` on numbers of every region:
    each region's example numbers of every type, and the same numbers a digit short, a digit
    long and with their last digits changed."""
    import random

    import phonenumbers as pn

    from extractors.phones import _FACTS, _facts

    rng = random.Random(3)
    numbers = []
    for region in sorted(pn.SUPPORTED_REGIONS):
        for kind in range(11):
            ex = pn.example_number_for_type(region, kind)
            if ex is None:
                continue
            nsn = str(ex.national_number)
            for digits in (nsn, nsn[:-1], nsn + "7", nsn[:-3] + f"{rng.randrange(1000):03d}"):
                if digits:
                    numbers.append(
                        pn.PhoneNumber(country_code=ex.country_code, national_number=int(digits))
                    )
    numbers += [
        pn.parse(f"+1 {a} {rng.randrange(200, 999)} {rng.randrange(10000):04d}")
        for a in range(200, 999, 7)
    ]
    _FACTS.clear()
    for num in numbers:
        want = (pn.is_valid_number(num), pn.region_code_for_number(num), pn.number_type(num))
        assert _facts(num) == want, num
        assert _facts(num) == want, num  # remembered: the same answers
    assert len(numbers) > 2000
