"""Plain two- and three-word names are split as nameparser splits them."""

from __future__ import annotations

import random

import pytest
from nameparser import HumanName
from nameparser.config import CONSTANTS

from extractors.normalise.names import _nameparser_words, _plain_name, parse_name

SYLLABLES = ["an", "ber", "cal", "dor", "el", "jo", "kai", "lu", "mar", "ned", "os", "quin", "ze"]
WORDS = [
    "Dana", "Whitfield", "José", "Łukasz", "Zoë", "Nguyễn", "Øyvind", "Ng", "Li", "Ma", "Bo",
    "DANA", "whitfield", "Ann", "Mary", "Jay", "Dee", "Abu", "Bin", "Del", "Van", "De", "La",
    "St", "Sir", "Dr", "Jr", "Sr", "III", "Md", "Phd", "Esq", "Y", "E", "And", "Mac", "Al",
    "王", "伟", "Иван", "Петров", "ΜΑΡΙΑ", "Ms", "Mrs", "Rev", "Hon", "Ii", "Iv", "V", "Do",
]  # fmt: skip


def _word(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(WORDS)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()


def _nameparser(text: str) -> tuple[str, str, str, str]:
    hn = HumanName(text)
    first, middle, last, suffix = (hn.first, hn.middle, hn.last, hn.suffix)
    return (str(first).strip(), str(middle).strip(), str(last).strip(), str(suffix).strip())


def test_plain_names_read_as_nameparser_reads_them() -> None:
    rng = random.Random(4)
    plain = 0
    for _ in range(6000):
        text = " ".join(_word(rng) for _ in range(rng.randint(2, 3)))
        got = _plain_name(text)
        if got is not None:
            plain += 1
            assert got == _nameparser(text), text
    assert plain > 1500


@pytest.mark.parametrize(
    "group",
    ["titles", "suffix_acronyms", "suffix_not_acronyms", "prefixes", "conjunctions"],
)
def test_every_word_nameparser_gives_a_role_goes_to_nameparser(group: str) -> None:
    for word in sorted(str(w) for w in getattr(CONSTANTS, group)):
        if word.isalpha():
            assert _plain_name(f"{word.capitalize()} Whitfield") is None
            text = f"Dana {word.upper()}"
            got = _plain_name(text)
            # Upper case may not lower back to the word ("GROSSFÜRST" from "großfürst"):
            # nameparser then gives it no role either, and both readings agree.
            assert got is None or got == _nameparser(text), text
    assert "van" in _nameparser_words() and "jr" in _nameparser_words()


def test_other_shapes_go_to_nameparser() -> None:
    for text in ["Whitfield, Dana", "Dana J. Whitfield", "Dana Whitfield-Ramos", "O'Brien Dana",
                 "Dana", "Dana Jo Ann Whitfield", "Dr. Dana Whitfield"]:  # fmt: skip
        assert _plain_name(text) is None
    assert parse_name("Dana Jo Whitfield").initials == "DJW"
    assert parse_name("Whitfield, Dana").first == "Dana"
