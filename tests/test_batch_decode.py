"""The generated decoders (`codec.decode`) and `parse_record` answer as the code before them.

`codec` once decoded every dataclass through a closure walk; it now makes straight-line code per
dataclass with exact-type fast paths. The walk is kept here as it was (`_Before`), and every
answer of today's code is held to it: the bench generator's rows, adversarial reports and keys
(unicode, many findings, reviews, dates, enums, nested dataclasses), and the same data with keys
left out, keys added and values of the wrong type (the same result, or the same error).
A linked row finished again from its line gives the same bytes as before.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import random
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

import pytest
from test_batch_row_outputs import _keys, _profile, _reference, _report, _source, _state

from extractors.model import Profile, SourceDocument
from scanner.batch import codec, runner, stream
from scanner.batch.index import KeyIndex, link_subset
from scanner.batch.keys import Ident, RowKeys
from scanner.batch.runfile import NotRunTables, RowSummary, build_record, parse_record
from scanner.model import CandidateReport, Evidence, Finding, Review, Risk

# ------------------------------------------------------------ the decoder before (reference copy)


class _Before:
    """`scanner.batch.codec`'s decoding as it was (a closure walk over each type's plan)."""

    _PLAIN = frozenset({int, str, float})

    def __init__(self) -> None:
        self.decoders: dict[Any, Callable[[Any], Any]] = {}

    @staticmethod
    @cache
    def hints(cls: type) -> dict[str, Any]:
        module = __import__(cls.__module__, fromlist=["_"])
        return typing.get_type_hints(cls, vars(module))

    def fields(self, cls: type) -> tuple[tuple[str, Any], ...]:
        hints = self.hints(cls)
        return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)

    def decode(self, tp: Any, data: Any) -> Any:
        return self.decoder(tp)(data)

    def decoder(self, tp: Any) -> Callable[[Any], Any]:
        dec = self.decoders.get(tp)
        if dec is None:
            self.decoders[tp] = lambda data: self.decoders[tp](data)
            dec = self.decoders[tp] = self.decoder_for(tp)
        return dec

    def decoder_for(self, tp: Any) -> Callable[[Any], Any]:
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            return self.union(tp, [a for a in get_args(tp) if a is not type(None)])
        if tp is Any or tp is object:
            return lambda data: data
        if origin in (tuple, Sequence, list):
            return self.sequence(origin, get_args(tp))
        if origin in (dict, Mapping):
            pair = get_args(tp)
            val = self.decoder(pair[1] if len(pair) == 2 else Any)

            def mapping(data: Any) -> Any:
                if data is None:
                    return None
                if not isinstance(data, dict):
                    raise TypeError("expected an object")
                return {k: val(v) for k, v in data.items()}

            return mapping
        if isinstance(tp, type):
            return self.type_decoder(tp)
        return lambda data: data

    def union(self, tp: Any, members: list[Any]) -> Callable[[Any], Any]:
        decoders = [self.decoder(a) for a in members]

        def union(data: Any) -> Any:
            if data is None:
                return None
            for dec in decoders:
                try:
                    return dec(data)
                except (TypeError, ValueError, KeyError):
                    continue
            raise ValueError(f"no union member of {tp} fits {data!r}")

        return union

    def sequence(self, origin: Any, items: tuple[Any, ...]) -> Callable[[Any], Any]:
        as_tuple = origin is tuple
        if as_tuple and items and items[-1] is not Ellipsis:
            fixed = [self.decoder(a) for a in items]

            def fixed_tuple(data: Any) -> Any:
                if data is None:
                    return None
                if not isinstance(data, list):
                    raise TypeError("expected a list")
                return tuple(dec(v) for dec, v in zip(fixed, data, strict=True))

            return fixed_tuple
        item = items[0] if items else Any
        dec = self.decoder(item)
        plain = item if item in self._PLAIN else None

        def sequence(data: Any) -> Any:
            if data is None:
                return None
            if not isinstance(data, list):
                raise TypeError("expected a list")
            if plain is not None and all(type(v) is plain for v in data):
                return tuple(data) if as_tuple else data
            values = [dec(v) for v in data]
            return tuple(values) if as_tuple else values

        return sequence

    def type_decoder(self, tp: type) -> Callable[[Any], Any]:
        if dataclasses.is_dataclass(tp):
            fields = [(name, self.decoder(hint)) for name, hint in self.fields(tp)]
            name_of = tp.__name__

            def dataclass(data: Any) -> Any:
                if data is None:
                    return None
                if not isinstance(data, dict):
                    raise TypeError(f"expected an object for {name_of}")
                return tp(**{name: dec(data[name]) for name, dec in fields if name in data})

            return dataclass
        if issubclass(tp, Enum):
            return lambda data: None if data is None else tp(data)
        if tp is datetime:
            return lambda data: None if data is None else datetime.fromisoformat(data)
        if tp is date:
            return lambda data: None if data is None else date.fromisoformat(data)
        if tp is bytes:
            return lambda data: None if data is None else base64.b64decode(data)

        def plain(data: Any) -> Any:
            if data is None:
                return None
            if tp is float and isinstance(data, int | float) and not isinstance(data, bool):
                return float(data)
            if tp in (int, str, bool) and isinstance(data, tp):
                return data
            raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")

        return plain


BEFORE = _Before()


def _parse_before(
    line: bytes, tables: Mapping[str, list[list[str]]]
) -> tuple[int, int, CandidateReport, RowKeys, RowSummary]:
    """`runfile.parse_record` as it was, over the decoder as it was."""
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("not a row")
    index, row = data.get("i"), data.get("row")
    if type(index) is not int or type(row) is not int or index < 0 or row < 1:
        raise ValueError("not a row")
    rep = data["report"]
    if not isinstance(rep, dict):
        raise ValueError("not a row")
    if "nr" in data:
        table = tables.get(data["nr"])
        if table is None:
            raise ValueError("unknown not-run list")
        rep = {**rep, "checks_not_run": table}
    report = BEFORE.decode(CandidateReport, rep)
    keys = BEFORE.decode(RowKeys, data["keys"])
    if not isinstance(report, CandidateReport) or not isinstance(report.id, str):
        raise ValueError("not a row")
    if report.id != data.get("id") or not isinstance(keys, RowKeys):
        raise ValueError("not a row")
    summary = RowSummary.from_json(data["v"])
    return index, row, report, keys, summary


# --------------------------------------------------------------------------------------------


def _outcome(func: Callable[..., Any], *args: Any) -> tuple[str, str]:
    """A call's answer (its repr: types count, not only equality) or its error."""
    try:
        return "ok", repr(func(*args))
    except Exception as exc:
        return type(exc).__name__, str(exc)


def _same(tp: Any, data: Any) -> None:
    got = _outcome(codec.decode, tp, data)
    want = _outcome(BEFORE.decode, tp, data)
    assert got == want, (tp, data)


_TYPES: list[Any] = [
    CandidateReport, RowKeys, Finding, Evidence, Review, Risk, Profile, SourceDocument, Ident,
]  # fmt: skip


def test_bench_rows_decode_as_before(bench_rows: tuple[Any, list[runner.RowResult]]) -> None:
    _settings, results = bench_rows
    for r in results:
        for tp, obj in ((CandidateReport, r.report), (RowKeys, r.keys)):
            data = codec.encode(obj)
            _same(tp, data)
            assert codec.decode(tp, data) == obj


def test_adversarial_values_decode_as_before() -> None:
    rng = random.Random(20261208)
    for i in range(300):
        report = _report(rng)
        keys = _keys(rng, report, i)
        objs: list[tuple[Any, Any]] = [(CandidateReport, report), (RowKeys, keys)]
        objs += [(Finding, f) for f in report.findings[:3]]
        objs += [(Profile, _profile(rng)), (SourceDocument, _source(rng))]
        for tp, obj in objs:
            data = codec.encode(obj)
            _same(tp, data)
            through_json = json.loads(json.dumps(data))  # as a run-file line gives it back
            assert _outcome(codec.decode, tp, through_json) == _outcome(
                BEFORE.decode, tp, through_json
            )


_JUNK: list[Any] = [
    None, 0, 1, -7, True, False, 1.5, 0.0, "", "x", "low", "2026-13-01", "2026-01-02",
    "2026-01-02T03:04:05+00:00", [], [1], ["a"], ["a", "b"], ["a", 1], [["a", "b"]], [[1, 2]],
    [None], {}, {"x": 1}, {"status": "ok"}, 2**70, "\ud800", "é中\U0001f600",
]  # fmt: skip


def _mutations(rng: random.Random, data: Any, depth: int = 0) -> Any:
    """`data` with some keys dropped or added and some values swapped for junk, at any depth."""
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            roll = rng.random()
            if roll < 0.05 and k != "retrieved_at":  # (its default is the clock's time)
                continue  # a key left out
            if roll < 0.12:
                out[k] = rng.choice(_JUNK)  # a value of another type
            else:
                out[k] = _mutations(rng, v, depth + 1)
        if rng.random() < 0.1:
            out[rng.choice(["extra", "zz", "id", "kind"])] = rng.choice(_JUNK)
        return out
    if isinstance(data, list):
        return [
            rng.choice(_JUNK) if rng.random() < 0.05 else _mutations(rng, v, depth + 1)
            for v in data
        ]
    return data


def test_damaged_data_decodes_or_fails_as_before() -> None:
    """Keys left out (their defaults), keys added (ignored), values of the wrong type: the same
    answer or the same error, at every depth; data that is not an object at all too."""
    rng = random.Random(99)
    samples = []
    for i in range(150):
        report = _report(rng)
        samples.append((CandidateReport, codec.encode(report)))
        samples.append((RowKeys, codec.encode(_keys(rng, report, i))))
        if report.findings:
            samples.append((Finding, codec.encode(report.findings[0])))
    failed = 0
    for tp, data in samples:
        for _ in range(12):
            mutated = _mutations(rng, data)
            _same(tp, mutated)
            failed += _outcome(codec.decode, tp, mutated)[0] != "ok"
    for tp in _TYPES:
        for junk in _JUNK:
            _same(tp, junk)
        _same(tp, {})
        _same(tp, {"unknown": 1})
    assert failed > 100  # the mutations did reach the error paths


class _Odd(dict):  # type: ignore[type-arg]
    """A dict subclass that answers `get` otherwise than `[]`: taken through the generic path."""

    def get(self, key: Any, default: Any = None) -> Any:
        return "wrong"


def test_dict_subclasses_and_odd_containers_decode_as_before() -> None:
    rng = random.Random(5)
    report = _report(rng)
    data = codec.encode(report)
    _same(CandidateReport, _Odd(data))
    _same(Risk, _Odd({"score": 3, "level": "low"}))
    _same(Risk, {"score": 3, "level": "low", "contributions": (("A", 1),)})
    _same(Risk, {"score": 3.0, "level": "low", "contributions": [["A", True]]})
    _same(Risk, {"score": True, "level": "LOW", "contributions": [["A", 1, 2]]})
    _same(Evidence, {"source": True, "field": "f", "value": "v"})
    _same(Evidence, {"source": 1.5, "field": "f", "value": "v"})
    _same(RowKeys, {"index": 0, "id": "a", "resume_sig": [1, 2, True]})
    _same(RowKeys, {"index": 0, "id": "a", "resume_sig": [1, 2.0], "resume_sketch": []})
    _same(RowKeys, {"index": 0, "id": "a", "placeholders": [["a", "b"], ["c", 1]]})
    _same(Profile, {"emails": ["a", 1], "skills": [], "experience": [{"title": 1}]})
    _same(Profile, {"emails": ("a",), "as_of": "2026-02-30", "document": {"pages": "2"}})


# ------------------------------------------------------------ run-file lines and linked rows


@pytest.fixture(scope="module")
def bench_rows(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[runner.RowResult]]:
    from test_batch_row_outputs import bench_rows as make

    return make.__wrapped__(tmp_path_factory)  # type: ignore[attr-defined]


def test_run_file_lines_parse_as_before(bench_rows: tuple[Any, list[runner.RowResult]]) -> None:
    """Lines as `build_record` writes them (tables named, or inline past the cap), and the same
    lines damaged, read back as before."""
    settings, results = bench_rows
    rng = random.Random(17)
    state = _state(settings)
    tables = NotRunTables()
    capped = NotRunTables()
    capped.by_value = {(("cap", str(n)),): str(n) for n in range(4096)}  # type: ignore[misc]
    lines = []
    for r in results[:200]:
        final = stream.finish(state, r.report, None, scored=True)
        summary = stream.summarise(final, r.keys, rng.choice([None, 4]))
        part = stream._fragment(final, "json")
        for t in (tables, capped):
            lines.append(build_record(r.index, r.row, r.report, r.keys, summary, part, t)[:3])
    for _ in range(40):
        report = _report(rng)
        keys = _keys(rng, report, 1)
        summary = stream.summarise(report, keys, None)
        lines.append(build_record(1, 3, report, keys, summary, b"", tables)[:3])
    for line, start, end in lines:
        got = _outcome(parse_record, line, tables.by_key)
        assert got == _outcome(_parse_before, line, tables.by_key)
        assert got[0] == "ok"
        # the report part left out where the line says it is; read in full where it is not
        for out in ((start, end), (start + 1, end), (start, end - 1), (0, len(line))):
            assert _outcome(parse_record, line, tables.by_key, out) == got
    texts = [line for line, _start, _end in lines]
    for line in texts:
        data = json.loads(line)
        for _ in range(3):
            bad = json.dumps(_mutations(rng, data)).encode()
            got = _outcome(parse_record, bad, tables.by_key)
            assert got == _outcome(_parse_before, bad, tables.by_key)
    # a table named by a row but changed since: the table as it is now, not as remembered
    key = next(iter(tables.by_key))
    changed = {key: [["ZZ001", "other"], *tables.by_key[key][1:]]}
    for line in texts[:20]:
        got = _outcome(parse_record, line, changed)
        assert got == _outcome(_parse_before, line, changed)


def _linked(
    settings: runner.BatchSettings, results: list[runner.RowResult]
) -> tuple[stream._State, list[stream._Again], list[stream.RowOut]]:
    """The rows checked and emitted, then linked as `run_stream` links them."""
    state = _state(settings)
    outs: list[stream.RowOut] = []
    for k in range(0, len(results), 32):
        done = []
        for r in results[k : k + 32]:
            final = stream.finish(state, r.report, None, scored=True)
            done.append(stream._Done(r.index, r.row, r.report, r.keys, final, None, False))
        outs += stream._emit(state, done)
    index = KeyIndex()
    for o in outs:
        index.add(o.index, o.hashes)
    shared = index.shared_rows()
    shared.extend(bytes(max(0, len(outs) - len(shared))))
    batch = [
        stream.replace_index(stream._keys_of(o.line, o.out_end), o.index)
        for o in outs
        if shared[o.index]
    ]
    placeholders: dict[tuple[str, str], int] = {}
    for o in outs:
        for kind, raw in o.summary.placeholders:
            placeholders[(kind, raw.lower())] = placeholders.get((kind, raw.lower()), 0) + 1
    linkage, positions = link_subset(
        batch, [], runner.linkage_options(settings.config), placeholders
    )
    again = [
        stream._Again(
            positions[p],
            outs[positions[p]].line,
            linkage.lookup_for(p, batch[p].id),
            out=(outs[positions[p]].out_start, outs[positions[p]].out_end),
        )
        for p in range(len(positions))
        if linkage.links.get(p) or linkage.cluster_of.get(p)
    ]
    return state, again, outs


def test_linked_rows_finished_again_give_the_same_bytes(
    bench_rows: tuple[Any, list[runner.RowResult]],
) -> None:
    settings, results = bench_rows
    state, again, _outs = _linked(settings, results)
    assert len(again) >= 10  # the bench rows do share identifiers
    tables = NotRunTables()
    for key, value in state.tables.by_key.items():
        tables.learn({"k": key, "v": value})
    state2 = stream._State(
        stream._with(state.settings, tables=dict(tables.by_key)), state.run_key, state.run_at
    )
    for k in range(0, len(again), 16):
        chunk = again[k : k + 16]
        got = stream.work_chunk(state2, chunk)
        assert len(got) == len(chunk)
        for item, o in zip(chunk, got, strict=True):
            index, row, report, keys, summary = _parse_before(item.line, tables.by_key)
            final = stream.finish(state2, report, item.lookup)
            d = stream._Done(index, row, report, keys, final, summary.scan, True)
            line, start, end, table, _hashes, want_summary, _full = _reference(
                d, state2.tables, state2.lsh_bands
            )
            assert (o.index, o.line, o.out_start, o.out_end) == (index, line, start, end)
            assert (o.table, o.summary) == (table, want_summary)
            assert o.hashes == ()  # linkage is done: the parent no longer takes them
            assert any(c.startswith("NW") for c in o.summary.codes)


def test_linked_rows_read_from_the_run_file_by_place(
    bench_rows: tuple[Any, list[runner.RowResult]], tmp_path: Any
) -> None:
    """A row finished again after linkage can travel as its line's place in the run file (the
    worker reads the line itself): the same outputs as with the line carried, and a task small
    enough for the pool to queue ahead of the worker (a large one waits until it is idle)."""
    import os
    import pickle

    from scanner.batch.pool import _AHEAD_MAX_BYTES
    from scanner.batch.runfile import RunFile

    settings, results = bench_rows
    state, again, outs = _linked(settings, results)
    run = RunFile(tmp_path / "run.jsonl", {"checkpoint": 0})
    run.open(False, {"k": "r", "at": ""})
    offsets = run.append_many([(o.line, o.table) for o in outs])
    run.flush()
    assert oct(os.stat(run.path).st_mode & 0o777) == "0o600"
    tables = NotRunTables()
    for key, value in state.tables.by_key.items():
        tables.learn({"k": key, "v": value})
    base = stream._with(state.settings, tables=dict(tables.by_key))
    carried = stream._State(base, state.run_key, state.run_at)
    placed = stream._State(stream._with(base, run_file=str(run.path)), state.run_key, state.run_at)
    by_place = [
        dataclasses.replace(a, line=b"", at=(offsets[a.index], len(outs[a.index].line)))
        for a in again
    ]
    for k in range(0, len(again), 32):
        chunk = by_place[k : k + 32]
        assert len(pickle.dumps(stream._Chunk(chunk))) < _AHEAD_MAX_BYTES
        want = stream.work_chunk(carried, again[k : k + 32])
        got = stream.work_chunk(placed, chunk)
        assert [stream._flat(o) for o in got] == [stream._flat(o) for o in want]
    # a place that holds no row line is refused like a damaged line: nothing is finished
    wrong = dataclasses.replace(by_place[0], at=(0, 20))
    assert stream.work_chunk(placed, [wrong]) == []
    run.close()
