"""The faster name, mailbox and slug code gives the old code's answers (issue 14, fifth round).

`names_reference` keeps the code as it was; every test draws many varied values (the bench
generator's names, mailboxes and LinkedIn slugs; random names with titles, suffixes, initials,
asides, commas, odd spacing, full-width and other scripts; mailboxes and slugs built from them
and at random) and holds the current functions to the reference's answers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import names_reference as ref
import pytest
from test_keys_parity import bench_rows

from extractors.normalise import names
from scanner.comparators.identity import slug_matches_name

SYLLABLES = ["an", "ber", "cal", "dor", "el", "jo", "kai", "lu", "mar", "ned", "os", "quin", "ze",
             "ng", "dj", "x"]  # fmt: skip
WORDS = [
    "Dana", "Whitfield", "José", "Łukasz", "Zoë", "Nguyễn", "Øyvind", "Ng", "Li", "Ma", "Bo",
    "DANA", "whitfield", "Ann", "Mary", "Jay", "Dee", "Abu", "Bin", "Del", "Van", "De", "La",
    "St", "Sir", "Dr", "Dr.", "Jr", "Jr.", "Sr", "III", "Md", "PhD", "Esq", "Y", "E", "And",
    "Mac", "Al", "王", "伟", "Иван", "Петров", "ΜΑΡΙΑ", "Ms", "Mrs", "Rev", "Hon", "Ii", "Iv",
    "V", "Do", "DJ", "D.J.", "MBK", "NG", "BJ", "O'Brien", "Whitfield-Ramos", "(Bob)",
    '"Bob"', "Ｄａｎａ", "ＤＪ", "Müller", "Bjørn", "Ståhl", "ß", "ǅ", "Ⅻ", "Robert", "Bob",
    "Liz", "Elizabeth", "Dmitrii", "Muhammad", "MSc", "CPA", "MD", "PHD", "DDS", "RN", "MSC",
    "MR", "DR", "x", "123", "#", "-", "",
]  # fmt: skip
SPACES = [" ", "  ", "\t", "\u00a0", "\u2003", " , ", ",", "\n"]


def _word(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return rng.choice(WORDS)
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
    return rng.choice([word, word.capitalize(), word.upper()])


def random_name(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(0, 5))]
    if rng.random() < 0.7:
        return " ".join(words)
    out = ""
    for w in words:
        out += w + rng.choice(SPACES)
    return out if rng.random() < 0.5 else rng.choice(SPACES) + out.strip()


def mailboxes_for(rng: random.Random, name: str) -> Iterator[str]:
    tokens = ref.name_tokens(name) or ["x"]
    first, last = tokens[0], tokens[-1]
    yield f"{first}.{last}"
    yield f"{first[0]}{last}{rng.randint(1, 99)}"
    yield f"{last}{first[0]}"
    yield f"{first}_{last}+jobs"
    yield "".join(t[0] for t in tokens)
    yield rng.choice(["jobs", "info", "dev", "12345", "x.y", "Ｄａｎａ.w", "dana.whitfield",
                      "DANA-W", "wei.wang", "li", "kevin.li", "dmitry.ivanov", "aleksandr",
                      "mohammed", "bob.w", "d.j.w", "", "+tag", "@example.com", "žofie"])  # fmt: skip
    yield "".join(rng.choice("abcdefghij.-_+1Zé") for _ in range(rng.randint(0, 12)))


def slugs_for(rng: random.Random, name: str) -> Iterator[str]:
    tokens = ref.name_tokens(name) or ["x"]
    yield "-".join(tokens) + f"-{rng.randint(0, 99999)}"
    yield "-".join(reversed(tokens))
    yield "".join(tokens) + rng.choice(["", "-8a7b21", "-phd", "-jr-12"])
    yield tokens[0][0] + tokens[-1]
    yield "-".join(tokens[:1]) + "-" + rng.choice(["x", "q", "dev", "abc123"])
    yield rng.choice(["8a7b21", "-", "", "a-b", "dana-whitfield", "bob-whitfield", "ww"])
    yield "".join(rng.choice("abcdef-_.019") for _ in range(rng.randint(0, 14)))


@pytest.fixture(scope="module")
def bench_people() -> list[tuple[str, str, str]]:
    return [(r["name"], r["email"], r["linkedin"].rsplit("/", 1)[-1]) for r in bench_rows(4000)]


@pytest.fixture(scope="module")
def random_names() -> list[str]:
    rng = random.Random(5)
    return [random_name(rng) for _ in range(4000)]


def test_name_tokens_as_before(
    bench_people: list[tuple[str, str, str]], random_names: list[str]
) -> None:
    for name in [p[0] for p in bench_people] + random_names:
        assert names.name_tokens(name) == ref.name_tokens(name), repr(name)
        assert names.normalise_name(name) == ref.normalise_name(name), repr(name)
        for word in name.split():
            assert names.name_tokens(word) == ref.name_tokens(word), repr(word)
            assert names.normalise_name(word) == ref.normalise_name(word), repr(word)


def test_mailboxes_match_names_as_before(
    bench_people: list[tuple[str, str, str]], random_names: list[str]
) -> None:
    rng = random.Random(6)
    checked = matched = 0
    for name, email, _slug in bench_people:
        assert names.email_matches_name(email, [name]) == ref.email_matches_name(email, [name])
    for name in random_names:
        others = [name, random_name(rng)] if rng.random() < 0.3 else [name]
        for local in mailboxes_for(rng, name):
            got = names.email_matches_name(local, others)
            assert got == ref.email_matches_name(local, others), (local, others)
            checked += 1
            matched += got
    assert checked > 20000 and 0.2 * checked < matched < 0.95 * checked


def test_slugs_match_names_as_before(
    bench_people: list[tuple[str, str, str]], random_names: list[str]
) -> None:
    rng = random.Random(7)
    for name, _email, slug in bench_people:
        assert slug_matches_name(slug, name) == ref.slug_matches_name(slug, name), slug
    checked = matched = 0
    for name in random_names:
        for slug in slugs_for(rng, name):
            other = random_name(rng) if rng.random() < 0.3 else name
            got = slug_matches_name(slug, other)
            assert got == ref.slug_matches_name(slug, other), (slug, other)
            checked += 1
            matched += got
    assert checked > 20000 and 0.2 * checked < matched < 0.95 * checked
