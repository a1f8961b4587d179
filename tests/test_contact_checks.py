"""The CT checks on hand-built candidates: each fires on what it is for and stays quiet otherwise."""

from __future__ import annotations

from typing import Any

from extractors.model import Profile, SourceDocument, SourceKind, SourceStatus
from scanner.comparators.contact import claimed_residence
from scanner.config import Config
from scanner.model import Candidate, Severity
from scanner.registry import CheckContext, Hit, registry

CTX = CheckContext(config=Config())
APP = SourceDocument(kind=SourceKind.APPLICATION, format="fields", uri="application")
RESUME = SourceDocument(kind=SourceKind.RESUME, format="pdf", uri="cv.pdf")
LINKEDIN = SourceDocument(kind=SourceKind.LINKEDIN_PDF, format="pdf", uri="linkedin.pdf")

BASE: dict[str, Any] = {
    "name": "Dana Whitfield",
    "emails": ("dana.whitfield@example.com",),
    "phones": ("+1 (512) 555-0100",),
    "locations": ("Austin, TX",),
    "urls": ("https://www.linkedin.com/in/dana-whitfield",),
}


def candidate(*profiles: Profile, sources: list[SourceDocument] | None = None) -> Candidate:
    srcs = sources or [APP, RESUME, LINKEDIN][: len(profiles)]
    return Candidate(id="t", sources=list(srcs), profiles=list(profiles))


def app(**fields: Any) -> Candidate:
    return candidate(Profile(**{**BASE, **fields}))


def run(code: str, cand: Candidate) -> list[Hit]:
    return list(registry[code].func(cand, CTX))


# ---------------------------------------------------------------------------------------------
# CT001 invalid phone


def test_ct001_fires_on_a_number_too_short() -> None:
    hits = run("CT001", app(phones=("+1 512 555 014",)))
    assert len(hits) == 1
    assert "too short" in hits[0].message
    ev = hits[0].evidence[0]
    assert (ev.source, ev.field, ev.value) == (0, "phones[0]", "+1 512 555 014")
    assert ev.note.startswith("expected e.g. +1 ")


def test_ct001_fires_on_an_unassigned_area_code_and_unreadable_text() -> None:
    hits = run("CT001", app(phones=("+1 000 555 0142", "call me")))
    assert len(hits) == 2
    assert all(h.confidence >= 0.8 for h in hits)


def test_ct001_quiet_on_valid_numbers_written_many_ways() -> None:
    phones = ("+1 (512) 555-0142", "512.555.0142", "+44 20 7946 0958", "(312) 555-0142")
    assert run("CT001", app(phones=phones)) == []


def test_ct001_quiet_when_a_slip_leaves_the_number_recognisable() -> None:
    # These are CT002 (convention), not CT001 (validity): one slip, one finding.
    phones = ("+91 91 98765 43210", "+1 (0) 512 555 0142", "+1 512 555 0142 7")
    assert run("CT001", app(phones=phones)) == []


def test_ct001_fires_on_a_north_american_number_a_digit_short_or_with_an_impossible_exchange() -> (
    None
):
    """Recall: written the US way and read in the US, these are invalid US numbers, not valid
    numbers of some other country."""
    numbers = ("(608) 555-018", "515-155-0189", "312.555.01")
    hits = run("CT001", app(phones=numbers))
    assert len(hits) == 3
    assert {h.evidence[0].value for h in hits} == set(numbers)


def test_ct001_quiet_on_placeholders_which_are_ct012() -> None:
    phones = ("Upon request", "N/A", "123-456-7890", "000-00-0000", "(xxx) xxx-xxxx")
    assert run("CT001", app(phones=phones)) == []
    assert run("CT002", app(phones=phones)) == []


def test_ct001_and_ct002_both_fire_on_two_distinct_errors() -> None:
    cand = app(phones=("+1 1 602 555 01",), locations=("Phoenix, AZ",))
    assert "too short" in run("CT001", cand)[0].message
    assert "written twice" in run("CT002", cand)[0].message


def test_ct001_one_finding_per_distinct_number() -> None:
    cand = candidate(
        Profile(**{**BASE, "phones": ("+1 512 555 014",)}),
        Profile(**{**BASE, "phones": ("+1 512 555 014",)}),
    )
    hits = run("CT001", cand)
    assert len(hits) == 1 and [e.source for e in hits[0].evidence] == [0, 1]


# ---------------------------------------------------------------------------------------------
# CT002 unconventional writing


def test_ct002_fires_on_wrong_grouping() -> None:
    hits = run("CT002", app(phones=("+1 51 25 55 01 42",)))
    assert len(hits) == 1
    assert "51 25 55 01 42" in hits[0].message and "512 555 0142" in hits[0].message
    assert hits[0].evidence[0].note == "expected e.g. +1 512-555-0142"


def test_ct002_fires_on_trunk_prefix_and_duplicated_country_code() -> None:
    hits = run("CT002", app(phones=("+44 020 7946 0958", "+1 1 512 555 0142")))
    assert len(hits) == 2
    assert any("trunk prefix" in h.message for h in hits)
    assert any("written twice" in h.message for h in hits)


def test_ct002_fires_on_missing_country_code_against_the_claimed_country() -> None:
    hits = run("CT002", app(phones=("(512) 555-0142",), locations=("London, UK",)))
    assert len(hits) == 1 and "no country code" in hits[0].message


def test_ct002_fires_weakly_on_parenthesised_zero() -> None:
    hits = run("CT002", app(phones=("+44 (0)20 7946 0958",), locations=("London, UK",)))
    assert len(hits) == 1
    assert hits[0].confidence <= 0.2 and hits[0].severity is Severity.LOW


def test_ct002_quiet_on_benign_forms() -> None:
    phones = (
        "+1 (512) 555-0142",
        "512-555-0142",
        "(512) 555-0142",
        "+1 512 555 0142",
        "512.555.0142",
        "+44 20 7946 0958",
        "+1 512 555 0142 ext. 12",
    )
    assert run("CT002", app(phones=phones)) == []


def test_ct002_quiet_on_grouping_habits_outside_north_america() -> None:
    """Differing from libphonenumber's preferred grouping is not a broken convention."""
    phones = ("+20 101 129 7216", "+44 7911 123456", "+49 30 1234 5678", "+91 98765 43210")
    assert run("CT002", app(phones=phones, locations=())) == []


def test_ct002_quiet_about_missing_country_code_when_no_country_is_claimed() -> None:
    assert run("CT002", app(phones=("(512) 555-0142",), locations=())) == []


# ---------------------------------------------------------------------------------------------
# CT003 phone country vs claimed residence


def test_ct003_fires_when_phone_country_differs_from_claimed_residence() -> None:
    hits = run("CT003", app(phones=("+63 917 123 4567",), locations=("Austin, TX",)))
    assert len(hits) == 1
    assert "Philippines" in hits[0].message and "Austin, TX" in hits[0].message
    fields = [e.field for e in hits[0].evidence]
    assert fields == ["phones[0]", "locations[0]"]
    assert hits[0].confidence >= 0.6


def test_ct003_fires_weaker_when_a_local_number_is_also_given() -> None:
    hits = run("CT003", app(phones=("+63 917 123 4567", "+1 512 555 0142")))
    assert len(hits) == 1 and hits[0].confidence < 0.5


def test_ct003_claimed_residence_prefers_the_application() -> None:
    cand = candidate(
        Profile(**{**BASE, "phones": ("+44 20 7946 0958",), "locations": ("London, UK",)}),
        Profile(**{**BASE, "phones": (), "locations": ("Austin, TX",)}),
    )
    claim = claimed_residence(cand)
    assert claim is not None and (claim.source, claim.country) == (0, "GB")
    assert run("CT003", cand) == []


def test_ct003_quiet_when_countries_agree_or_residence_unknown() -> None:
    assert run("CT003", app(phones=("+44 20 7946 0958",), locations=("London, UK",))) == []
    assert run("CT003", app(phones=("+1 787 555 0142",), locations=("Austin, TX",))) == []  # PR
    assert run("CT003", app(phones=("+63 917 123 4567",), locations=("Remote",))) == []
    assert run("CT003", app(phones=("+63 917 123 4567",), locations=())) == []


# ---------------------------------------------------------------------------------------------
# CT004 line type


def test_ct004_fires_on_toll_free_and_personal_numbers() -> None:
    hits = run("CT004", app(phones=("+1 800 555 0142", "+1 500 555 0142")))
    assert len(hits) == 2
    assert any("toll-free" in h.message for h in hits)
    assert any("personal" in h.message for h in hits)


def test_ct004_fires_on_uk_voip_range() -> None:
    hits = run("CT004", app(phones=("+44 56 1234 5678",), locations=("London, UK",)))
    assert len(hits) == 1 and "VoIP" in hits[0].message


def test_ct004_quiet_on_ordinary_lines() -> None:
    assert (
        run("CT004", app(phones=("+1 512 555 0142", "+44 20 7946 0958", "+63 917 123 4567"))) == []
    )


# ---------------------------------------------------------------------------------------------
# CT005 area code vs claimed state


def test_ct005_fires_when_area_code_is_another_state() -> None:
    hits = run("CT005", app(phones=("(312) 555-0142",), locations=("Austin, TX",)))
    assert len(hits) == 1
    assert "312" in hits[0].message and "Illinois" in hits[0].message
    assert hits[0].confidence <= 0.35
    assert hits[0].evidence[0].note == "area code 312 is Illinois"


def test_ct005_quiet_when_area_code_matches_or_other_country() -> None:
    assert run("CT005", app(phones=("(512) 555-0142",), locations=("Austin, TX",))) == []
    assert run("CT005", app(phones=("+1 416 555 0142",), locations=("Austin, TX",))) == []  # CT003
    assert run("CT005", app(phones=("(312) 555-0142",), locations=("Remote (US)",))) == []
    assert run("CT005", app(phones=("+1 800 555 0142",), locations=("Austin, TX",))) == []


# ---------------------------------------------------------------------------------------------
# CT006 email syntax and disposable domains


def test_ct006_fires_on_invalid_syntax() -> None:
    hits = run("CT006", app(emails=("dana@@example.com", "dana whitfield@example.com")))
    assert len(hits) == 2 and all("not a valid email" in h.message for h in hits)


def test_ct006_fires_on_disposable_domain() -> None:
    hits = run("CT006", app(emails=("dana.whitfield@mailinator.com",)))
    assert len(hits) == 1 and "disposable" in hits[0].message


def test_ct006_quiet_on_ordinary_addresses() -> None:
    emails = ("dana.whitfield@example.com", "dana@example.org", "Dana.Whitfield+jobs@example.com")
    assert run("CT006", app(emails=emails)) == []


def test_ct006_one_finding_per_address_across_sources() -> None:
    bad = {**BASE, "emails": ("dana@@example.com",)}
    hits = run(
        "CT006", candidate(Profile(**bad), Profile(**{**bad, "emails": ("DANA@@example.com",)}))
    )
    assert len(hits) == 1 and len(hits[0].evidence) == 2


# ---------------------------------------------------------------------------------------------
# CT007 email unrelated to the names


def test_ct007_fires_when_local_part_has_nothing_of_the_name() -> None:
    hits = run("CT007", app(emails=("priya.raman@example.com",)))
    assert len(hits) == 1
    assert hits[0].confidence <= 0.5
    assert [e.field for e in hits[0].evidence] == ["emails[0]", "name"]


def test_ct007_quiet_on_name_based_nickname_role_and_numeric_mailboxes() -> None:
    emails = (
        "dana.whitfield@example.com",
        "dwhitfield@example.com",
        "danaw1987@example.com",
        "jobs@example.com",
        "12345678@example.com",
    )
    assert run("CT007", app(emails=emails)) == []
    assert run("CT007", app(name="Robert Whitfield", emails=("bob.w@example.com",))) == []
    assert run("CT007", app(name="Zoë Ramos", emails=("zoe.ramos@example.com",))) == []


def test_ct007_quiet_for_transliterations_and_names_in_another_script() -> None:
    assert run("CT007", app(name="Дмитрий Иванов", emails=("dmitry1990@example.com",))) == []
    assert run("CT007", app(name="李明", emails=("kevin.li@example.com",))) == []


def test_ct007_quiet_when_another_source_gives_the_matching_name() -> None:
    cand = candidate(
        Profile(**{**BASE, "name": "Dana Whitfield", "emails": ("dana.ramos@example.com",)}),
        Profile(**{**BASE, "name": "Dana Ramos"}),
    )
    assert run("CT007", cand) == []


# ---------------------------------------------------------------------------------------------
# CT008 addresses


def test_ct008_fires_when_zip_is_in_another_state() -> None:
    hits = run("CT008", app(addresses=("100 Congress Ave, Austin, TX 10001",)))
    assert len(hits) == 1
    assert "ZIP 10001 is in New York, NY" in hits[0].message
    assert hits[0].evidence[0].field == "addresses[0]"


def test_ct008_fires_on_unparseable_shipping_address() -> None:
    hits = run("CT008", app(addresses=(), shipping_addresses=("asdf",)))
    assert len(hits) == 1 and hits[0].evidence[0].field == "shipping_addresses[0]"


def test_ct008_quiet_on_consistent_and_non_us_addresses() -> None:
    addresses = (
        "100 Congress Ave, Austin, TX 78701",
        "Flat 2, 10 Downing Street, London SW1A 2AA, United Kingdom",
        "Calle Mayor 1, 28013 Madrid, Spain",
        "Rizal Avenue 12, Manila 1000, Philippines",
    )
    assert run("CT008", app(addresses=addresses)) == []


# ---------------------------------------------------------------------------------------------
# CT009 shipping vs home


def test_ct009_fires_when_equipment_goes_elsewhere() -> None:
    hits = run(
        "CT009",
        app(
            addresses=("100 Congress Ave, Austin, TX 78701",),
            shipping_addresses=("55 Market St, Newark, NJ 07102",),
        ),
    )
    assert len(hits) == 1
    assert "another state" in hits[0].message and hits[0].confidence >= 0.7
    assert [e.field for e in hits[0].evidence] == ["shipping_addresses[0]", "addresses[0]"]


def test_ct009_fires_across_sources() -> None:
    cand = candidate(
        Profile(**{**BASE, "shipping_addresses": ("900 Elm St, Austin, TX 78702",)}),
        Profile(**{**BASE, "addresses": ("100 Congress Ave, Austin, TX 78701",)}),
    )
    hits = run("CT009", cand)
    assert len(hits) == 1 and hits[0].confidence < 0.7
    assert hits[0].severity is Severity.LOW  # nearby: an office, a neighbour, family


def test_ct009_quiet_when_the_same_address_is_written_differently() -> None:
    cand = app(
        addresses=("Apt 4B, 100 North Congress Avenue, Austin, Texas 78701",),
        shipping_addresses=("100 N Congress Ave #4b, Austin TX 78701-1234",),
    )
    assert run("CT009", cand) == []


def test_ct009_quiet_when_the_shipping_address_is_the_home_address_with_fewer_parts() -> None:
    cand = app(
        addresses=("6362 POPLAR BLVD BOISE ID 83702",),
        shipping_addresses=("6362 Poplar Blvd",),
    )
    assert run("CT009", cand) == []


def test_ct009_quiet_without_a_home_address() -> None:
    assert run("CT009", app(shipping_addresses=("55 Market St, Newark, NJ 07102",))) == []


# ---------------------------------------------------------------------------------------------
# CT010 reachability


def test_ct010_fires_with_only_an_email() -> None:
    hits = run("CT010", app(phones=(), urls=()))
    assert len(hits) == 1
    assert "only one way" in hits[0].message and "no phone" in hits[0].message
    assert hits[0].confidence >= 0.9


def test_ct010_fires_with_nothing_at_all_and_less_sure_when_a_source_failed() -> None:
    broken = LINKEDIN.with_status(SourceStatus.ERROR, "corrupt")
    cand = candidate(
        Profile(name="Dana Whitfield"),
        sources=[APP, RESUME.with_status(SourceStatus.BLOCKED, "login wall")],
    )
    cand.profiles.append(None)
    hits = run("CT010", cand)
    assert len(hits) == 1 and hits[0].confidence < 0.9
    # A profile given as a source counts as a channel even when it could not be read.
    cand = candidate(
        Profile(name="Dana Whitfield", emails=("d@example.com",)), sources=[APP, broken]
    )
    cand.profiles.append(None)
    assert run("CT010", cand) == []


def test_ct010_quiet_with_two_channels() -> None:
    assert run("CT010", app()) == []
    assert run("CT010", app(urls=())) == []  # phone and email
    assert run("CT010", app(phones=())) == []  # email and profile


# ---------------------------------------------------------------------------------------------
# CT011 fictional ranges


def test_ct011_fires_on_the_fixture_range() -> None:
    hits = run("CT011", app(phones=("(312) 555-0142",)))
    assert len(hits) == 1 and "555-0100 to 555-0199" in hits[0].message


def test_ct011_fires_on_uk_and_australian_drama_numbers() -> None:
    hits = run("CT011", app(phones=("+44 20 7946 0958", "+61 491 570 006"), locations=()))
    assert len(hits) == 2


def test_ct011_quiet_outside_reserved_ranges() -> None:
    assert (
        run("CT011", app(phones=("+1 512 555 0200", "+1 512 555 1212", "+44 20 7946 1958"))) == []
    )


# ---------------------------------------------------------------------------------------------


def test_every_ct_check_is_registered_with_its_catalogue_severity() -> None:
    expected = {
        "CT001": Severity.HIGH, "CT002": Severity.MEDIUM, "CT003": Severity.MEDIUM,
        "CT004": Severity.MEDIUM, "CT005": Severity.LOW, "CT006": Severity.HIGH,
        "CT007": Severity.LOW, "CT008": Severity.MEDIUM, "CT009": Severity.MEDIUM,
        "CT010": Severity.INFO, "CT011": Severity.LOW,
    }  # fmt: skip
    for code, severity in expected.items():
        spec = registry[code]
        assert spec.severity is severity
        assert "Verify by hand" in spec.docs


def test_a_clean_candidate_is_quiet_on_every_ct_check() -> None:
    clean = app(
        phones=("+1 (512) 555-0242",),
        addresses=("100 Congress Ave, Austin, TX 78701",),
        shipping_addresses=("100 Congress Avenue, Austin, Texas 78701",),
    )
    for code in (c for c in registry.codes() if c.startswith("CT")):
        assert run(code, clean) == [], code


# ---------------------------------------------------------------------------------------------
# CT012 placeholders


def test_ct012_fires_once_for_placeholders_in_any_contact_field() -> None:
    cand = app(
        phones=("Upon request", "(312) 555-0142"),
        emails=("[Your Email]",),
        addresses=("same as above",),
    )
    [hit] = run("CT012", cand)
    assert {e.value for e in hit.evidence} == {"Upon request", "[Your Email]", "same as above"}
    assert "Upon request" in hit.message
    assert run("CT006", cand) == []  # a template is not an invalid address


def test_ct012_quiet_on_real_contact_details() -> None:
    assert run("CT012", app()) == []


def test_two_numbers_in_one_phone_field_are_two_numbers() -> None:
    from extractors.application import application_content, parse_application

    prof = parse_application(application_content({"phone": "312 555 0103 / 312 555 0199"}))
    assert prof.phones == ("312 555 0103", "312 555 0199")
    assert run("CT001", candidate(prof)) == []


def test_a_local_form_of_a_number_given_in_full_is_that_number() -> None:
    cand = candidate(
        Profile(**{**BASE, "phones": ("+1 313 555 0150",)}),
        Profile(**{**BASE, "phones": ("555-0150",)}),
    )
    for code in ("CT001", "CT002", "CT003"):
        assert run(code, cand) == []


def test_labels_written_around_a_number_are_not_part_of_it() -> None:
    cand = app(
        phones=("629-555-0130 (mobile)", "615-555-0108 (home)"), locations=("Nashville, TN",)
    )
    for code in ("CT001", "CT002", "CT003"):
        assert run(code, cand) == []


def test_plain_mailboxes_are_read_as_email_validator_reads_them() -> None:
    """CT006's quick reading of everyday mailboxes (`email_syntax`) never accepts what
    email-validator refuses, and gives the same domain."""
    import random

    from email_validator import EmailNotValidError, validate_email

    from scanner.comparators import contact

    rng = random.Random(5)
    locals_ = ["dana", "Dana.W", "d.w+jobs", "a_b", "-x", "x-", "a..b", ".a", "a.", "x" * 64,
               "x" * 65, "o'neil", "jörg", "a b", "1234", "+", "_"]  # fmt: skip
    domains = ["example.com", "Example.COM", "mail.co.uk", "a-b.io", "-ab.com", "ab-.com",
               "x.test", "x.local", "localhost", "com", "a.b", "a.123", "xn--bcher-kva.de",
               "münchen.de", "a" * 63 + ".com", "a" * 64 + ".com", "sub.sub.sub.example.org",
               "example.c0m", "ex_ample.com", "example..com"]  # fmt: skip
    quick = 0
    for _ in range(3000):
        email = f"{rng.choice(locals_)}@{rng.choice(domains)}"
        domain, error = contact.email_syntax(email)
        try:
            expected, refused = validate_email(email, check_deliverability=False).domain, ""
        except EmailNotValidError as exc:
            expected, refused = "", str(exc)
        assert (domain, bool(error)) == (expected, bool(refused)), email
        quick += contact._PLAIN_EMAIL.fullmatch(email) is not None
    assert quick > 300
