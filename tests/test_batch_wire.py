"""Rows finished again cross the worker pipe as calls of their class (scanner.batch.wire);
fresh and finished rows cross as plain tuples (tests/test_batch_parent_parity.py)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import pytest

from scanner.batch.linkage import NetworkLookup
from scanner.batch.runner import RowTask
from scanner.batch.spreadsheet import SheetRow
from scanner.batch.stream import _Again
from scanner.batch.wire import by_fields


def _round_trip(obj: object) -> object:
    back = pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == obj and type(back) is type(obj)
    return back


def test_every_field_survives_the_pipe() -> None:
    row = SheetRow(3, "a-1", {"name": "Dana Kowal", "email": "dana@example.com"}, False, ("x",))
    _round_trip(row)
    _round_trip(RowTask(2, row))
    _round_trip(_Again(2, b"{}", NetworkLookup("a-1", None, ()), RowTask(2, row)))
    _round_trip(_Again(2, b"{}"))


def test_the_pickle_names_no_field_state() -> None:
    """The compact form: a call of the class, not dataclasses' generic per-field state."""
    data = pickle.dumps(SheetRow(1, "a", {}))
    assert b"_dataclass_setstate" not in data and b"SheetRow" in data


def test_a_single_field_class_and_a_class_it_cannot_serve() -> None:
    @dataclass(frozen=True, slots=True)
    class One:
        x: int

    by_fields(One)
    assert One(4).__reduce__() == (One, (4,))

    @dataclass(frozen=True)
    class Hidden:
        x: int
        y: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="outside __init__"):
        by_fields(Hidden)
