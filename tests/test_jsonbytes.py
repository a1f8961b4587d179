"""scanner.jsonbytes writes exactly the bytes the standard library's encoder writes."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

import pytest

from scanner import jsonbytes
from scanner.jsonbytes import compact, fact_list_text


def _std(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Level(str, Enum):
    LOW = "low"


def _text(rng: random.Random) -> str:
    pools = [
        "abc xyz",
        '"\\/',
        "".join(map(chr, range(0, 32))),
        "\x7f\u0085\u2028\u2029\ufeff",
        "éüñ Ж 中文 العربية",
        "\U0001f600\U00010348",
        "e-mail 3e-5 0.00001",
    ]
    return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 12)))


def _value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(9 if depth < 4 else 5)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return rng.choice([0, 1, -7, 2**63 - 1, -(2**63), 2**64 + 5, -(2**70)])
    if kind == 2:
        return rng.choice(
            [0.0, -0.0, 0.35, 1.0, 0.1 + 0.2, 1e-4, 5e-5, -3e-7, 1e16, 1.2345e17, 1e22, 123.456]
        )
    if kind == 3:
        return rng.choice([True, False, None, Level.LOW])
    if kind == 4:
        return rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-8, 12)
    if kind in (5, 6):
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == 7:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return {_text(rng): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def test_the_same_bytes_as_json_on_random_documents() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        doc = _value(rng)
        assert compact(doc) == _std(doc), doc


def test_floats_orjson_writes_otherwise_fall_back_to_json() -> None:
    for value in (1e-5, 2.5e-5, -7e-9, 5e-324, [0.2, 3e-6], {"c": 0.00001}):
        assert compact(value) == _std(value)
    assert compact(1e-5) == b"1e-05"


def test_what_orjson_refuses_or_would_invent_is_answered_by_json() -> None:
    assert compact({1: "a", "b": 2}) == _std({1: "a", "b": 2})  # keys that are not strings
    assert compact([2**80]) == b"[1208925819614629174706176]"

    @dataclass
    class Point:
        x: int

    for obj in (Point(1), datetime(2026, 1, 2, tzinfo=UTC)):
        with pytest.raises(TypeError):
            compact(obj)  # json refuses these; orjson would have written them
    with pytest.raises(UnicodeEncodeError):
        compact("lone \ud800 surrogate")  # as json.dumps(...).encode("utf-8") does


def test_without_orjson_json_writes_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonbytes, "_ORJSON", [None, 0])
    doc = {"a": [1, 0.5, "é"], "b": None}
    assert compact(doc) == _std(doc)


def test_fact_list_text_is_the_text_fingerprints_always_hashed() -> None:
    rng = random.Random(5)
    for _ in range(500):
        head = _text(rng)
        items = [_text(rng) for _ in range(rng.randint(0, 5))]
        assert fact_list_text(head, items) == json.dumps([head, items], ensure_ascii=False)


def test_iso_datetime_is_isoformat_also_for_equal_values_written_otherwise() -> None:
    """Remembered by value: equal datetimes whose text differs (another offset, the other side
    of a clock change, naive, a subclass) each get their own `isoformat()`."""
    from datetime import timedelta, timezone

    from scanner.jsonbytes import iso_datetime

    class Stamp(datetime):
        def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
            return "stamp"

    at = datetime(2026, 3, 4, 12, 0, 0, 250, tzinfo=UTC)
    values = [
        at,
        at.astimezone(timezone(timedelta(hours=1))),  # == at, another text
        at.replace(tzinfo=None),
        at.replace(microsecond=0),
        Stamp(2026, 3, 4, 12, 0, 0, 250, tzinfo=UTC),  # == at, writes itself otherwise
    ]
    try:
        from zoneinfo import ZoneInfo

        ny = ZoneInfo("America/New_York")
    except Exception:  # no time-zone data on this machine: the fixed offsets above still run
        pass
    else:  # 01:30 happens twice on 2026-11-01: fold 0 is -04:00, fold 1 is -05:00
        values += [
            datetime(2026, 11, 1, 1, 30, tzinfo=ny),
            datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ny),
        ]
    assert values[0] == values[1] and values[0] == values[4]
    for _ in range(2):  # the second time from the memory
        for value in values:
            assert iso_datetime(value) == value.isoformat()
