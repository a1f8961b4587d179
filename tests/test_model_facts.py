"""A finding's facts are folded as before (its fingerprint hashes them, so they must not move)."""

from __future__ import annotations

import random
import re
import unicodedata

from scanner.model import _fact, _fact_text, fact_fingerprint

_SPACE = re.compile(r"\s+")


def _reference(value: object) -> str:
    """The folding as first written: NFKC, whitespace runs to one space, trimmed, case-folded."""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACE.sub(" ", text).strip().casefold()


def test_every_ascii_character_and_random_text_folds_as_before() -> None:
    rng = random.Random(5)
    values: list[object] = [chr(i) for i in range(128)]
    values += [
        "",
        "   ",
        "\x1c\x1d\x1e\x1f",
        "Dana  Kowal\t",
        "\n(312) 555-0142 ",
        "ẞtraße",
        "Ｆｕｌｌ",
    ]
    alphabet = [chr(i) for i in range(128)] + list("éÉßẞİıﬁ\u00a0\u2003\u3000\u200b\u0301Ωω")
    values += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(5000)
    ]
    values += [3, 3.0, True, None, ("a", "b")]
    for value in values:
        assert _fact(value) == _reference(value), repr(value)
    _fact_text.cache_clear()
    for value in values:  # from the cache, the same again
        assert _fact(value) == _reference(value), repr(value)


def test_numbers_that_compare_equal_are_still_different_facts() -> None:
    assert (_fact(1), _fact(1.0), _fact(True)) == ("1", "1.0", "true")


def test_fingerprints_hash_the_folded_facts() -> None:
    assert fact_fingerprint("CT011", ["(312) 555-0142"]) == fact_fingerprint(
        "CT011", ["  (312)   555-0142", "(312) 555-0142"]
    )
    assert fact_fingerprint("CT011", ["A"]) != fact_fingerprint("CT012", ["A"])
