"""Names: parsing, normalisation, the levelled comparison and mailbox names."""

from __future__ import annotations

import pytest

from extractors.normalise.names import (
    NameLevel,
    email_matches_name,
    name_tokens,
    names_match,
    normalise_name,
    parse_name,
)

L = NameLevel

# (a, b, expected level)
PAIRS = [
    # exact and normalised: case, diacritics, transliteration, order, hyphens, punctuation
    ("Dana Whitfield", "Dana Whitfield", L.EXACT),
    ("Dana  Whitfield ", "Dana Whitfield", L.EXACT),
    ("Dana Whitfield", "dana whitfield", L.NORMALISED),
    ("Dana Whitfield", "DANA WHITFIELD", L.NORMALISED),
    ("Dana Whitfield", "Whitfield, Dana", L.NORMALISED),
    ("WHITFIELD Dana", "Dana Whitfield", L.NORMALISED),
    ("Zoë Whitfield", "Zoe Whitfield", L.NORMALISED),
    ("José Ángel de la Cruz", "Jose Angel De La Cruz", L.NORMALISED),
    ("Sean O'Brien", "Sean OBrien", L.NORMALISED),
    ("Mary-Jane Smith", "Mary Jane Smith", L.NORMALISED),
    ("Mary-Jane Smith", "Maryjane Smith", L.NORMALISED),
    ("王伟", "Wang Wei", L.NORMALISED),
    ("Wei Wang", "Wang Wei", L.NORMALISED),
    ("Dr. Dana Whitfield, PhD", "Dana Whitfield", L.NORMALISED),
    ("Dana Whitfield Jr.", "Dana Whitfield", L.NORMALISED),
    ("Kevin NG", "Kevin Ng", L.NORMALISED),
    ("Marcus Okafor", "Marcus  OKAFOR", L.NORMALISED),
    # nicknames
    ("Bob Whitfield", "Robert Whitfield", L.NICKNAME),
    ("Liz Whitfield", "Elizabeth Whitfield", L.NICKNAME),
    ("Bill Okafor", "William Okafor", L.NICKNAME),
    ("Jon Smith", "John Smith", L.NICKNAME),
    ("Robert (Bob) Whitfield", "Bob Whitfield", L.NICKNAME),
    ("Sam Ortega", "Samuel Ortega", L.NICKNAME),
    # initials, middle or second names added or dropped
    ("D. Whitfield", "Dana Whitfield", L.INITIALS),
    ("Dana J. Whitfield", "Dana Whitfield", L.INITIALS),
    ("Dana James Whitfield", "Dana Whitfield", L.INITIALS),
    ("DJ Whitfield", "Dana James Whitfield", L.INITIALS),
    ("D.J. Whitfield", "Dana James Whitfield", L.INITIALS),
    ("Ana María García López", "Ana García", L.INITIALS),
    ("Dana Whitfield-Ramos", "Dana Whitfield", L.INITIALS),
    ("J. Dana Whitfield", "Dana Whitfield", L.INITIALS),
    ("Dana", "Dana Whitfield", L.INITIALS),
    # partial: one part shared, another different (married name; another given name)
    ("Mark Whitfield", "Dana Whitfield", L.PARTIAL),
    ("Dana Smith", "Dana Whitfield", L.PARTIAL),
    ("Anna Whitfield", "Dana Whitfield", L.PARTIAL),
    ("Lena Marsh", "Lena Okafor", L.PARTIAL),
    # typos
    ("Dana Whitfeild", "Dana Whitfield", L.FUZZY),
    ("Dnaa Whitfield", "Dana Whitfield", L.FUZZY),
    ("Marcus Okafro", "Marcus Okafor", L.FUZZY),
    # different people
    ("Dana Whitfield", "Priya Raman", L.DIFFERENT),
    ("Lena Marsh", "Marcus Okafor", L.DIFFERENT),
    ("D. W.", "Dana Whitfield", L.DIFFERENT),
    ("", "Dana Whitfield", L.DIFFERENT),
]


@pytest.mark.parametrize(("a", "b", "level"), PAIRS)
def test_names_match_levels(a: str, b: str, level: NameLevel) -> None:
    assert names_match(a, b).level is level
    assert names_match(b, a).level is level  # symmetric


def test_names_match_table_is_large_enough() -> None:
    assert len(PAIRS) >= 30


def test_names_match_score_and_detail() -> None:
    m = names_match("Dana Whitfeild", "Dana Whitfield")
    assert 0.8 < m.score < 1.0
    assert "whitfeild/whitfield" in m.detail
    assert names_match("Dana Whitfield", "Whitfield, Dana").score == 1.0
    assert names_match("Dana Whitfield", "Priya Raman").score < 0.5
    assert "shares whitfield" in names_match("Mark Whitfield", "Dana Whitfield").detail


def test_is_variant_covers_the_tolerated_forms_only() -> None:
    assert names_match("Bob Whitfield", "Robert Whitfield").is_variant
    assert names_match("D. Whitfield", "Dana Whitfield").is_variant
    assert not names_match("Dana Smith", "Dana Whitfield").is_variant
    assert not names_match("Dana Whitfeild", "Dana Whitfield").is_variant


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("Zoë Whitfield-Ramos", "zoe whitfield ramos"),
        ("O'Brien", "obrien"),
        ("  Dana   WHITFIELD ", "dana whitfield"),
        ("王伟", "wang wei"),
        ("Đorđe Petrović", "dorde petrovic"),
        ("Robert (Bob) Whitfield", "robert whitfield"),
        ("Dana J. Whitfield", "dana j whitfield"),
    ],
)
def test_normalise_name(raw: str, norm: str) -> None:
    assert normalise_name(raw) == norm


def test_name_tokens_drop_titles_and_credentials_but_keep_short_surnames() -> None:
    assert name_tokens("Dr. Dana Whitfield, PhD, PMP") == ["dana", "whitfield"]
    assert name_tokens("Jun Ma") == ["jun", "ma"]
    assert name_tokens("Kevin NG") == ["kevin", "ng"]
    assert name_tokens("DJ Whitfield") == ["d", "j", "whitfield"]
    assert name_tokens("Dr.") == ["dr"]  # never empties a name


def test_parse_name() -> None:
    p = parse_name("Whitfield, Dana J.")
    assert (p.first, p.middle, p.last, p.initials) == ("Dana", "J.", "Whitfield", "DJW")
    p = parse_name("Dr. Dana Whitfield Jr.")
    assert (p.first, p.last, p.suffix) == ("Dana", "Whitfield", "Jr.")
    assert parse_name("Dana").first == "Dana"
    assert parse_name("").first == ""


NAMES = ["Dana J. Whitfield"]


@pytest.mark.parametrize(
    ("local", "names", "expected"),
    [
        ("dana.whitfield", NAMES, True),
        ("dwhitfield", NAMES, True),
        ("whitfieldd", NAMES, True),
        ("dana_w", NAMES, True),
        ("danaw1987", NAMES, True),
        ("d.whitfield", NAMES, True),
        ("djwhitfield", NAMES, True),
        ("dw", NAMES, True),
        ("djw", NAMES, True),
        ("whitfield.dana+jobs", NAMES, True),
        ("bob.w", ["Robert Whitfield"], True),
        ("liz.whitfield", ["Elizabeth Whitfield"], True),
        ("zoe.ramos", ["Zoë Ramos"], True),
        ("wang.wei", ["王伟"], True),
        ("wwang", ["Wang Wei"], True),
        ("li.na", ["Na Li"], True),
        ("jsmith", NAMES, False),
        ("xk9q2", NAMES, False),
        ("priya.raman", NAMES, False),
        ("12345", NAMES, False),
        ("anything", [], True),
    ],
)
def test_email_matches_name(local: str, names: list[str], expected: bool) -> None:
    assert email_matches_name(local, names) is expected
