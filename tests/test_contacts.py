"""Contact data in free text: phones kept verbatim, emails, URLs, LinkedIn slugs, GitHub handles."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors.contacts import (
    find_emails,
    find_phones,
    find_urls,
    github_handle,
    is_valid_github_username,
    linkedin_slug,
)
from extractors.normalise.contacts import canonical_url

# ---------------------------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call (312) 555-0142 today", ["(312) 555-0142"]),
        ("Mobile: +1 512 555 0142", ["+1 512 555 0142"]),
        ("tel: 512.555.0142", ["512.555.0142"]),
        ("312-555-0188", ["312-555-0188"]),
        # a justified PDF line: the gaps are one number's, not three
        ("MD    |    a@example.org    |    1    (443)    555-0184    |", ["1 (443) 555-0184"]),
        ("(312)555-0142", ["(312)555-0142"]),
        ("5125550142", ["5125550142"]),
        ("+1-512-555-0142 x12", ["+1-512-555-0142 x12"]),
        ("312 555 0142 ext. 4", ["312 555 0142 ext. 4"]),
        ("+44 20 7946 0958", ["+44 20 7946 0958"]),
        ("0044 20 7946 0958", ["0044 20 7946 0958"]),
        ("+63 917 123 4567", ["+63 917 123 4567"]),
        ("+91 98765 43210", ["+91 98765 43210"]),
        ("+33 1 23 45 67 89", ["+33 1 23 45 67 89"]),
        ("07700 900123", ["07700 900123"]),
        # Malformed numbers are found whole and verbatim: the checks judge them.
        ("+1 (0) 512 555 0142", ["+1 (0) 512 555 0142"]),
        ("+44 (0)20 7946 0958", ["+44 (0)20 7946 0958"]),
        ("+44(0)2079460958", ["+44(0)2079460958"]),
        ("+1 1 512 555 0142", ["+1 1 512 555 0142"]),
        ("+1 +1 312 555 0142", ["+1 +1 312 555 0142"]),
        ("Phoenix, AZ | +1 1 602 555 01", ["+1 1 602 555 01"]),
        ("512-555-01423", ["512-555-01423"]),
        ("call 555-0142", ["555-0142"]),
        # Neighbours glued by spaces are told apart.
        ("Austin, TX 78701 (512) 555-0142", ["(512) 555-0142"]),
        ("312-555-0142 512-555-0199", ["312-555-0142", "512-555-0199"]),
        ("+1 312 555 0142 +1 512 555 0199", ["+1 312 555 0142", "+1 512 555 0199"]),
        # Trimmed, deduplicated, in document order.
        (
            "a (312) 555-0142 b (312) 555-0142 c +1 512 555 0107",
            ["(312) 555-0142", "+1 512 555 0107"],
        ),
        ("Phone: +1 312 555 0142 | dana@example.com", ["+1 312 555 0142"]),
    ],
)
def test_phones_found_verbatim(text: str, expected: list[str]) -> None:
    assert find_phones(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2019 – 2021",
        "2019 - 2021",
        "1999-2003",
        "Jan 2019 - Present",
        "2019-03-14",
        "14.03.2019",
        "12/2019 - 03/2021",
        "2019.03 - 2021.05",
        "Acme Corp 2015 – 2019 2019 – 2021",
        "Austin, TX 78701",
        "Austin TX 78701-1234",
        "GPA 3.8/4.0 2015 2019",
        "IP 192.168.100.200",
        "Version 3.11.7",
        "Served 1234567 requests",
        "Grew revenue by 12,345,678 dollars",
        "+12 345",
        "1 1 1 1 1 1 1 1 1 1 1",
        "12345678901234567890123456",
        "Order #1234567",
    ],
)
def test_non_phones_rejected(text: str) -> None:
    assert find_phones(text) == []


def test_phone_region_only_locates_never_normalises() -> None:
    assert find_phones("07700 900123", default_region="GB") == ["07700 900123"]
    assert find_phones("(312) 555-0142", default_region="gb") == ["(312) 555-0142"]


def test_phone_finder_handles_digit_soup() -> None:
    text = "1 " * 50_000 + "(1)" * 20_000 + "+" * 1000
    assert find_phones(text) == []


# ---------------------------------------------------------------------------------------------
# Emails
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dana.whitfield@example.com", ["dana.whitfield@example.com"]),
        ("write dana.whitfield+jobs@example.com.", ["dana.whitfield+jobs@example.com"]),
        ("mailto:Dana@Example.org", ["Dana@Example.org"]),
        ("Email: dana@example.com | dana@example.com", ["dana@example.com"]),
        ("DANA@example.com, dana@EXAMPLE.com", ["DANA@example.com"]),
        ("dana [at] example [dot] com", ["dana@example.com"]),
        ("dana(at)example.com", ["dana@example.com"]),
        ("dana {at} mail [dot] example [dot] org", ["dana@mail.example.org"]),
        ("dana[at]example[dot]co[dot]uk", ["dana@example.co.uk"]),
        ("dana at example dot com", ["dana@example.com"]),
        ("a@example.com\nb (at) example (dot) org", ["a@example.com", "b@example.org"]),
        ("Senior Engineer at acme.com", []),
        ("x@y", []),
        ("no address here", []),
    ],
)
def test_emails(text: str, expected: list[str]) -> None:
    assert find_emails(text) == expected


# ---------------------------------------------------------------------------------------------
# URLs, slugs, handles
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "see https://www.linkedin.com/in/dana-whitfield-8a7b21/.",
            ["https://www.linkedin.com/in/dana-whitfield-8a7b21/"],
        ),
        ("www.danawhitfield.dev, github.com/dwhit", ["www.danawhitfield.dev", "github.com/dwhit"]),
        ("(https://example.com/a_(b))", ["https://example.com/a_(b)"]),
        (
            "linkedin.com/in/dana | uk.linkedin.com/in/dana-w",
            ["linkedin.com/in/dana", "uk.linkedin.com/in/dana-w"],
        ),
        ("dana.github.io/blog", ["dana.github.io/blog"]),
        ("dana@github.com", []),
        ("http://", []),
        ("Visit example.org", []),
    ],
)
def test_urls(text: str, expected: list[str]) -> None:
    assert find_urls(text) == expected


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("https://www.linkedin.com/in/dana-whitfield-8a7b21/", "dana-whitfield-8a7b21"),
        ("uk.linkedin.com/in/dana-w?trk=public_profile", "dana-w"),
        ("https://de.linkedin.com/in/j%C3%B6rg-m%C3%BCller-1a2b3c", "jörg-müller-1a2b3c"),
        ("https://www.linkedin.com/in/%E7%8E%8B%E4%BC%9F-0b1a2c/", "王伟-0b1a2c"),
        ("LinkedIn: linkedin.com/in/priya-r", "priya-r"),
        ("linkedin.com/pub/dana-whitfield/1a/2b/3c", "dana-whitfield"),
        ("https://www.linkedin.com/company/acme", None),
        ("notlinkedin.com/in/x", None),
        ("", None),
    ],
)
def test_linkedin_slug(text: str, slug: str | None) -> None:
    assert linkedin_slug(text) == slug


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("https://github.com/dwhitfield", "dwhitfield"),
        ("github.com/dwhit/repo", "dwhit"),
        ("GitHub: github.com/Dana-W.", "Dana-W"),
        ("dana.github.io", "dana"),
        ("https://gist.github.com/dwhit/abc", "dwhit"),
        ("github.com/orgs/acme", None),
        ("https://github.com/features/actions", None),
        ("github.com/-bad", None),
        ("github.com/a--b", None),
        ("https://github.com/" + "a" * 40, None),
        ("no link", None),
    ],
)
def test_github_handle(text: str, handle: str | None) -> None:
    assert github_handle(text) == handle


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("dana", True),
        ("d-w", True),
        ("a" * 39, True),
        ("a" * 40, False),
        ("-a", False),
        ("a-", False),
        ("pricing", False),
    ],
)
def test_github_username_rules(name: str, ok: bool) -> None:
    assert is_valid_github_username(name) is ok


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://WWW.LinkedIn.com/in/Dana/?trk=1", "https://linkedin.com/in/dana"),
        ("uk.linkedin.com/in/j%c3%b6rg/", "https://linkedin.com/in/j%C3%B6rg"),
        ("https://de.linkedin.com/in/jörg", "https://linkedin.com/in/j%C3%B6rg"),
        ("https://danawhitfield.dev/?utm_source=x&a=1#top", "https://danawhitfield.dev?a=1"),
        ("www.example.com:443/", "https://example.com"),
        ("https://github.com/DWhit/", "https://github.com/dwhit"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_finders_never_raise(text: str) -> None:
    for phone in find_phones(text):
        assert phone == phone.strip() and phone in text
    find_emails(text)
    for url in find_urls(text):
        assert url in text
    linkedin_slug(text)
    github_handle(text)
    canonical_url(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ()-.+/x\n", max_size=200))
@example("000000  0")  # a run of spaces inside what is read as one number
def test_phone_finder_on_digit_noise(text: str) -> None:
    phones = find_phones(text)
    assert len(phones) == len(set(phones))
    # Verbatim but for runs of spaces written as one (justified PDF lines), as documented.
    collapsed = re.sub(r"[ \t]{2,}", " ", text)
    assert all(p in collapsed for p in phones)


def test_numbers_labelled_as_licences_ids_and_dois_are_not_phones() -> None:
    text = (
        "License No. 2045-118-337\n"
        "Phone: (312) 555-0142\n"
        "DOI: 10.1109/5.771073\n"
        "AWS Credential ID 4471 2290 118\n"
        "Cell 312.555.0177 (NMLS 1234567 on file)"
    )
    assert find_phones(text) == ["(312) 555-0142", "312.555.0177"]


def test_orcid_ids_and_letter_prefixed_ids_are_not_phones() -> None:
    text = (
        "ORCID: 0000-0002-8360-9987\n"
        "Certified Kubernetes Administrator (CKA), 2023, ID LF-9156646914\n"
        "Phone (312) 555-0142"
    )
    assert find_phones(text) == ["(312) 555-0142"]
