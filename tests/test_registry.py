"""The catalogue's integrity: every registered check has docs and a positive and a negative test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from scanner.model import Category, Severity
from scanner.registry import CheckSpec, Registry, registry

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "checks.md"


def _test_names() -> set[str]:
    names = set()
    for path in TESTS.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test_"
            ):
                names.add(node.name)
    return names


def test_registry_is_not_empty() -> None:
    assert len(registry.codes()) >= 10


@pytest.mark.parametrize("code", registry.codes())
def test_every_check_has_a_positive_and_a_negative_test(code: str) -> None:
    names = _test_names()
    low = code.lower()
    assert any(n.startswith(f"test_{low}_fires") for n in names), f"no test_{low}_fires_* test"
    assert any(n.startswith(f"test_{low}_quiet") for n in names), f"no test_{low}_quiet_* test"


@pytest.mark.parametrize("code", registry.codes())
def test_every_check_has_docs(code: str) -> None:
    spec = registry[code]
    assert len(spec.docs) >= 80, f"{code}: docstring too short to document the check"
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert f"### {code}" in docs, f"{code} missing from docs/checks.md (run `make docs`)"


def test_docs_checks_md_is_up_to_date() -> None:
    from scanner.docs import checks_markdown

    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == checks_markdown(registry), (
        "docs/checks.md is stale: run `make docs`"
    )


def test_codes_and_severities_follow_the_catalogue() -> None:
    """Registered codes exist in the shared catalogue with the same default severity."""
    if not CATALOGUE.exists():
        pytest.skip("shared/spec/checks.md not beside the checkout")
    rows = re.findall(
        r"^\| ([A-Z]{2,3}\d{3}) \| .*? \| (info|low|medium|high) \|$", CATALOGUE.read_text(), re.M
    )
    catalogue = dict(rows)
    for spec in registry:
        assert spec.code in catalogue, f"{spec.code} is not in the catalogue"
        assert spec.severity.value == catalogue[spec.code], f"{spec.code} default severity differs"


def test_registry_rejects_duplicates_and_malformed_codes() -> None:
    reg = Registry()

    def fn(c, ctx):  # type: ignore[no-untyped-def]
        return iter(())

    spec = CheckSpec("ZZ001", "t", Category.SOURCE, Severity.LOW, fn)
    reg.register(spec)
    with pytest.raises(ValueError, match="duplicate"):
        reg.register(spec)
    with pytest.raises(ValueError, match="malformed"):
        reg.register(CheckSpec("bad", "t", Category.SOURCE, Severity.LOW, fn))
    with pytest.raises(ValueError, match="unknown needs"):
        reg.register(
            CheckSpec("ZZ002", "t", Category.SOURCE, Severity.LOW, fn, needs=frozenset({"x"}))
        )


def test_needs_met_from_one_pass_are_each_needs_own_answer() -> None:
    """`_steps` answers the field needs from one pass over the read profiles; held to each
    need's own test on candidates with every mix of fields, sources unread, and no profile."""
    import itertools
    import random

    from extractors.model import Profile, SourceDocument, SourceKind, SourceStatus
    from scanner.model import Candidate
    from scanner.registry import _ATTR_NEEDS, _NEED_ATTRS, NEEDS, _needs_met

    rng = random.Random(5)
    order = tuple(sorted(NEEDS))
    kinds = [SourceKind.APPLICATION, SourceKind.RESUME, SourceKind.LINKEDIN_PAGE]
    seen = set()
    for _ in range(400):
        sources, profiles = [], []
        for _k in range(rng.randint(0, 3)):
            attrs: dict[str, object] = {a: ("x",) for a in _NEED_ATTRS if rng.random() < 0.3}
            if "name" in attrs:
                attrs["name"] = "Dana Whitfield"
            status = rng.choice([SourceStatus.OK, SourceStatus.OK, SourceStatus.ERROR])
            sources.append(SourceDocument(rng.choice(kinds), "fields", "u", status=status))
            profiles.append(None if rng.random() < 0.2 else Profile(**attrs))  # type: ignore[arg-type]
        c = Candidate(id="A-1", sources=sources, profiles=profiles)
        want = tuple(NEEDS[n](c, c.read_profiles()) for n in order)
        assert _needs_met(order, c) == want
        seen.add(want)
    fields = [i for i, n in enumerate(order) if n in _ATTR_NEEDS]
    assert len(seen) > 50 and all({w[i] for w in seen} == {True, False} for i in fields)
    for combo in itertools.product([(), ("x",)], repeat=2):  # the two-field needs, exhaustively
        p = Profile(experience=combo[0], education=combo[1])  # type: ignore[arg-type]
        c = Candidate(id="A-2", sources=[SourceDocument(kinds[1], "txt", "u")], profiles=[p])
        assert _needs_met(order, c) == tuple(NEEDS[n](c, c.read_profiles()) for n in order)
