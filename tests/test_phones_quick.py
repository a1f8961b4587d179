"""The quick reading of plainly written North American numbers gives the full reading's answers."""

from __future__ import annotations

import random

from extractors.phones import _analyse_full, _nanp_quick, analyse_phone

FORMATS = (
    "({a}) {x}-{n}",
    "({a}){x}-{n}",
    "{a}-{x}-{n}",
    "{a}.{x}.{n}",
    "{a} {x} {n}",
    "+1 {a} {x} {n}",
    "+1-{a}-{x}-{n}",
    "+1.{a}.{x}.{n}",
    "+1 ({a}) {x}-{n}",
    "+1{a}-{x}-{n}",
    "1-{a}-{x}-{n}",
    "1 ({a}) {x}-{n}",
    " {a}-{x}-{n} ",
)
REGIONS = ("US", "CA", "PR", None, "GB", "IN", "MX", "GU", "VI", "AS", "MP")


def _numbers(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        area = rng.randint(200, 999)
        exchange = rng.choice([555, 211, 911, rng.randint(200, 999)])
        line = rng.choice([f"01{rng.randint(0, 99):02d}", f"{rng.randint(0, 9999):04d}"])
        out.append(rng.choice(FORMATS).format(a=area, x=exchange, n=line))
    return out


def test_every_area_code_gets_the_full_readings_answer() -> None:
    rng = random.Random(3)
    quick = 0
    for area in range(200, 1000):
        for fmt in rng.sample(FORMATS, 4):
            raw = fmt.format(a=area, x=rng.randint(200, 999), n=f"{rng.randint(0, 9999):04d}")
            for region in rng.sample(REGIONS, 3):
                got = _nanp_quick(region, raw)
                if got is not None:
                    quick += 1
                    assert got == _analyse_full(region, raw), (raw, region)
    assert quick > 2000  # most of them took the quick reading


def test_random_numbers_and_regions_agree() -> None:
    rng = random.Random(8)
    for raw in _numbers(rng, 4000):
        region = rng.choice(REGIONS)
        got = _nanp_quick(region, raw)
        if got is not None:
            assert got == _analyse_full(region, raw), (raw, region)


def test_what_the_quick_reading_leaves_to_the_full_one() -> None:
    # Invalid numbers (to say why), other shapes, letters, extensions, no NANP context.
    for raw, region in [
        ("(312) 555-012", "US"),  # a digit short
        ("(012) 555-0123", "US"),  # area codes do not start with 0
        ("+1 1 312 555 0123", "US"),  # the country code twice
        ("312 55 50 123", "US"),  # unusual groups
        ("1-800-FLOWERS", "US"),
        ("(312) 555-0123 ext. 4", "US"),
        ("312-555-0123", "GB"),  # no country code, read outside North America
        ("312-555-0123", None),
        ("+44 20 7946 0958", "GB"),
        ("３１２-５５５-０１２３", "US"),  # full-width digits: normalised by the full reading
    ]:
        assert _nanp_quick(region, raw) is None, raw
    assert analyse_phone("(312) 555-012", "US").valid is False


def test_quick_readings_are_what_the_checks_see() -> None:
    a = analyse_phone("1-312-555-0123", "US")
    assert (a.e164, a.valid, a.region, a.problems) == ("+13125550123", True, "US", ())
    assert a == _analyse_full("US", "1-312-555-0123")


def test_number_facts_are_libphonenumbers_public_answers() -> None:
    """`_facts` asks for the region once and the type through the library's helper; held to the
    public `is_valid_number`, `region_code_for_number` and `number_type` on every region's
    example numbers of every type, and on the same numbers with a digit changed or dropped."""
    import phonenumbers as pn

    from extractors import phones

    numbers = []
    for region in sorted(pn.SUPPORTED_REGIONS):
        for kind in (pn.PhoneNumberType.FIXED_LINE, pn.PhoneNumberType.MOBILE,
                     pn.PhoneNumberType.TOLL_FREE, pn.PhoneNumberType.VOIP):  # fmt: skip
            example = pn.example_number_for_type(region, kind)
            if example is not None:
                numbers.append(example)
                nsn = str(example.national_number)
                for changed in (nsn[:-1] + str((int(nsn[-1]) + 3) % 10), nsn[:-1], nsn + "7"):
                    cc = example.country_code
                    numbers.append(pn.PhoneNumber(country_code=cc, national_number=int(changed)))
    assert len(numbers) > 2000
    # Numbers of calling codes that several regions share, where the region comes from a walk
    # over them (leading digits, or the first whose metadata gives the number a type).
    rng = random.Random(11)
    for cc, digits in ((1, 10), (7, 10), (44, 10), (590, 9), (599, 7), (262, 9), (61, 9)):
        for _ in range(400):
            nsn = rng.randint(10 ** (digits - 1), 10**digits - 1)
            numbers.append(pn.PhoneNumber(country_code=cc, national_number=nsn))
    phones._FACTS.clear()
    for num in numbers:
        want = (pn.is_valid_number(num), pn.region_code_for_number(num), int(pn.number_type(num)))
        assert phones._facts(num) == want, num


def test_invalid_numbers_read_quickly_get_the_full_readings_answer() -> None:
    """Unassigned area codes and exchanges (N11, 555 as an area code, 0/1 exchanges are not
    plain) in every plain shape and region: where the quick reading answers an invalid number,
    it says what the full reading says, reason and all."""
    rng = random.Random(21)
    invalid = 0
    for area in range(200, 1000):
        for fmt in FORMATS:
            raw = fmt.format(a=area, x=rng.choice([211, 555, 911, rng.randint(200, 999)]),
                             n=f"{rng.randint(0, 9999):04d}")  # fmt: skip
            for region in rng.sample(REGIONS, 2):
                got = _nanp_quick(region, raw)
                if got is not None:
                    assert got == _analyse_full(region, raw), (raw, region)
                    invalid += not got.valid
    assert invalid > 1000  # the invalid ones took the quick reading too
    # Written with the trunk "1", read in North America: the same reading as the full one.
    for raw in ("1-211-555-0123", "1 (523) 555-0502", "1.911.555.0123", "1 523 555 0502"):
        for region in ("US", "CA", "PR", "GU", "VI", "AS", "MP"):
            got = _nanp_quick(region, raw)
            assert got is not None and not got.valid, (raw, region)
            assert got == _analyse_full(region, raw), (raw, region)
    assert _nanp_quick("US", "(211) 555-0123") == _analyse_full("US", "(211) 555-0123")


def test_digits_of_other_scripts_are_read_in_full_and_written_in_ascii() -> None:
    """The quick reading takes ASCII digits only: a number typed with full-width or
    Arabic-Indic digits is read in full, whose E.164 and suggestion are in ASCII digits (the
    quick reading once copied the typed digits into both, so CT011 missed a 555-01xx number)."""
    from extractors.phones import fictional_range

    for raw in ("+1 312 555 ０１２３", "(312) ５５５-0123", "+1 312 555 ٠١٢٣"):
        assert _nanp_quick("US", raw) is None
        a = analyse_phone(raw, "US")
        assert a == _analyse_full("US", raw)
        assert (a.e164, a.suggested) == ("+13125550123", "+1 312-555-0123")
        assert fictional_range(a.e164 or "")


def test_one_alternation_types_numbers_as_the_librarys_helper_does() -> None:
    """`_type_of` matches a number against one alternation of its region's descriptions instead
    of asking `_number_type_helper` description by description; held to the helper on every
    region's (and non-geographic entity's) example numbers of every type, the same numbers with
    a digit changed, dropped or added, and random digit strings of every length from 3 to 13."""
    import phonenumbers as pn
    from phonenumbers import phonenumberutil as util

    from extractors.phones import _pn, _type_of

    _pn()
    metas = [util.PhoneMetadata.metadata_for_region(r) for r in sorted(pn.SUPPORTED_REGIONS)]
    metas += [
        util.PhoneMetadata.metadata_for_nongeo_region(cc)
        for cc in sorted(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
    ]
    rng = random.Random(5)
    kinds: set[int] = set()
    checked = 0
    for meta in metas:
        samples: set[str] = set()
        for attr in ("general_desc", "fixed_line", "mobile", "toll_free", "premium_rate",
                     "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail"):  # fmt: skip
            desc = getattr(meta, attr)
            if desc is not None and desc.example_number:
                samples.add(desc.example_number)
        for example in list(samples):
            for _ in range(6):
                k = rng.randrange(len(example))
                samples.add(example[:k] + str(rng.randrange(10)) + example[k + 1 :])
            samples.update((example[:-1], example + str(rng.randrange(10))))
        for _ in range(40):
            length = rng.randint(3, 13)
            samples.add("".join(str(rng.randrange(10)) for _ in range(length)))
        for nsn in samples:
            want = int(util._number_type_helper(nsn, meta))
            assert _type_of(nsn, meta) == want, (meta.id, nsn)
            kinds.add(want)
            checked += 1
    assert checked > 15000
    assert kinds == {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99}  # every type's branch was taken


def test_region_walks_of_every_shared_calling_code_are_the_librarys() -> None:
    """`_region_and_type` walks the regions of a calling code that several share with one
    match per run of regions with leading digits; held to `region_code_for_number` and
    `number_type` for every such calling code, on random numbers of every length from 4 to 12
    digits and on every region's example numbers."""
    import phonenumbers as pn
    from phonenumbers import phonenumberutil as util

    from extractors.phones import _region_and_type

    rng = random.Random(13)
    shared = [cc for cc, regions in util.COUNTRY_CODE_TO_REGION_CODE.items() if len(regions) > 1]
    assert len(shared) > 10
    numbers = []
    for cc in shared:
        for region in util.COUNTRY_CODE_TO_REGION_CODE[cc]:
            for kind in (pn.PhoneNumberType.FIXED_LINE, pn.PhoneNumberType.MOBILE):
                example = pn.example_number_for_type(region, kind)
                if example is not None:
                    numbers.append(example)
        for _ in range(300):
            digits = rng.randint(4, 12)
            nsn = rng.randint(10 ** (digits - 1), 10**digits - 1)
            numbers.append(pn.PhoneNumber(country_code=cc, national_number=nsn))
    regions = set()
    for num in numbers:
        want = (pn.region_code_for_number(num), int(pn.number_type(num)))
        assert _region_and_type(num) == want, num
        regions.add(want[0])
    assert len(regions) > 40  # the walks ended in many regions, and in none
    assert None in regions


def test_facts_of_plain_north_american_digits_are_the_librarys() -> None:
    """The quick reading asks `_nanp_facts` of its ten digits instead of making the number;
    held to `is_valid_number`, `region_code_for_number` and `number_type` over every area code
    (US, Canada, the Caribbean, unassigned) with random exchanges and lines."""
    import phonenumbers as pn

    from extractors.phones import _nanp_facts

    rng = random.Random(17)
    seen = set()
    for area in range(200, 1000):
        for _ in range(6):
            digits = f"{area}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
            num = pn.PhoneNumber(country_code=1, national_number=int(digits))
            want = (
                pn.is_valid_number(num),
                pn.region_code_for_number(num),
                int(pn.number_type(num)),
            )
            assert _nanp_facts(digits) == want, digits
            seen.add(want[1])
    assert {"US", "CA", "JM", "PR", None} <= seen


def test_numbers_written_with_the_trunk_one_get_the_full_readings_answer() -> None:
    """The quick reading answers numbers written with the trunk "1" ("1-523-555-0502") read in
    any North American region, valid or not; held to the full reading over every area code in
    each of those regions and every separator after the "1"."""
    rng = random.Random(29)
    answered = invalid = 0
    for area in range(200, 1000):
        for fmt in ("1-{a}-{x}-{n}", "1 ({a}) {x}-{n}", "1.{a}.{x}.{n}", "1 {a} {x} {n}"):
            raw = fmt.format(a=area, x=rng.randint(200, 999), n=f"{rng.randint(0, 9999):04d}")
            region = rng.choice(("US", "CA", "PR", "GU", "VI", "AS", "MP"))
            got = _nanp_quick(region, raw)
            assert got is not None, (raw, region)
            assert got == _analyse_full(region, raw), (raw, region)
            answered += 1
            invalid += not got.valid
    assert answered == 3200 and invalid > 500
