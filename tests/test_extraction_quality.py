"""Regression gate on the résumé layout corpus (`fixtures/layouts/`, scored by
`bench/bench_extraction.py`): the figures recorded below may rise, never fall.

Quality, not speed: no timing is asserted here. When a change raises a figure, raise its floor.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Recorded with `python bench/bench_extraction.py` (see docs/benchmarks.md).
FLOORS = {
    "all": {"exp_f1": 0.99, "dates_exact": 0.99, "edu_f1": 0.99, "field": 0.98, "name": 1.0},
    "tuned families, tuning seeds": {"exp_f1": 0.99, "dates_exact": 0.99, "edu_f1": 0.99},
    "tuned families, held-out seeds": {"exp_f1": 0.99, "dates_exact": 0.99, "edu_f1": 0.98},
    "held-out families": {"exp_f1": 0.99, "dates_exact": 0.99, "edu_f1": 0.99},
    "fresh families, never tuned": {"exp_f1": 0.97, "dates_exact": 0.96, "edu_f1": 0.99},
}
FAMILY_FLOOR = {"exp_f1": 0.9, "edu_f1": 0.8, "dates_exact": 0.85}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_extraction", ROOT / "bench" / "bench_extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_extraction", module)  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tallies() -> dict:
    bench = _bench()
    return bench.run(bench.corpus())


def test_corpus_is_all_there(tallies: dict) -> None:
    families = {key.split("/")[0] for key in tallies if "/" in key}
    assert len(families) >= 20
    assert tallies["all"].docs >= 220


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_figures_do_not_fall_below_the_recorded_floor(tallies: dict, group: str) -> None:
    figures = tallies[group].figures()
    low = {k: round(figures[k], 3) for k, floor in FLOORS[group].items() if figures[k] < floor}
    assert not low, f"{group}: below the recorded floor: {low} (floors {FLOORS[group]})"


def test_every_layout_is_read_reasonably(tallies: dict) -> None:
    weak = {
        key: {
            k: round(v, 3)
            for k, v in t.figures().items()
            if k in FAMILY_FLOOR and v < FAMILY_FLOOR[k]
        }
        for key, t in tallies.items()
        if "/" in key
    }
    assert not {k: v for k, v in weak.items() if v}


def test_no_document_is_unreadable_or_empty_but_ok(tallies: dict) -> None:
    assert tallies["all"].errors == 0
    assert tallies["all"].empty_ok == 0
