"""A checked row's outputs are byte for byte what they were before they were made cheaper.

The worker turns each checked row into a run-file line, its part of the report, its linkage
hashes, a summary and (upstream) a risk score. `_row_outputs_before` keeps frozen copies of the
code that did this before; every output of today's code is held to it, on the bench generator's
rows and on adversarial values (unicode, quotes, backslashes, control characters, very long
strings, many findings, empty lists, reviews, tiny floats, subclasses and odd container types).
The run file must also still read back (`parse_record`) into the report that was written.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import _row_outputs_before as before
import pytest

from extractors.model import (
    DateRange,
    DocumentMeta,
    EmploymentType,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
    StatedExperience,
    Study,
)
from scanner.batch import codec, runner, stream
from scanner.batch.index import link_hashes
from scanner.batch.keys import Ident, RowKeys
from scanner.batch.runfile import NotRunTables, build_record, parse_record
from scanner.config import Config
from scanner.model import (
    CandidateReport,
    Category,
    Evidence,
    Finding,
    Level,
    Review,
    ReviewStatus,
    Risk,
    Severity,
)
from scanner.registry import registry
from scanner.reporters.stream import fragment, with_not_run
from scanner.scoring import score
from scanner.sources import FetchOptions

ROOT = Path(__file__).resolve().parents[1]
BENCH_ROWS = 600


def _state(settings: runner.BatchSettings) -> stream._State:
    st = stream.StreamSettings(batch=settings, fragment="json", not_run_by_key=True)
    return stream._State(st)


def _reference(
    d: stream._Done, tables: NotRunTables, lsh_bands: int
) -> tuple[bytes, int, int, bytes | None, tuple[int, ...], Any, bytes]:
    """What `stream._emit` gave for one row before (the same steps, the frozen code)."""
    summary = before.summarise(d.final, d.keys, d.scan)
    part_table = None
    if d.final.checks_not_run:
        key, part_table = tables.key_for(d.final.checks_not_run)
        part = before.fragment(d.final, "json", key)
    else:
        part = before.fragment(d.final, "json")
    line, start, end, table = before.build_record(
        d.index, d.row, d.report, d.keys, summary, part, tables
    )
    if part_table is not None:
        table = part_table if table is None else part_table + b"\n" + table
    hashes = tuple(before.link_hashes(d.keys, lsh_bands))
    full = before.fragment(d.final, "json")
    return line, start, end, table, hashes, summary, full


def _check_rows(
    state: stream._State, tables: NotRunTables, done: list[stream._Done]
) -> list[stream.RowOut]:
    """`state`'s tables and `tables` (the reference's) must have seen the same lists."""
    outs = stream._emit(state, done)
    assert len(outs) == len(done)
    for d, o in zip(done, outs, strict=True):
        line, start, end, table, hashes, summary, full = _reference(d, tables, state.lsh_bands)
        assert o.line == line
        assert (o.out_start, o.out_end) == (start, end)
        assert o.table == table
        assert o.hashes == hashes
        assert o.summary == summary
        # the report part, with its "checks not run" list put back, is the whole part
        part = o.line[o.out_start : o.out_end]
        assert with_not_run(part, tables.by_key, {}) == full
        assert fragment(d.final, "json") == full
        # and the line still reads back (the decoder is unchanged and reads the same bytes)
        index, row, report, keys, got = parse_record(o.line, tables.by_key)
        assert (index, row, got, report.id, keys.id) == (
            d.index,
            d.row,
            summary,
            d.report.id,
            d.keys.id,
        )
    return outs


@pytest.fixture(scope="module")
def bench_rows(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[runner.RowResult]]:
    """The bench generator's varied structured rows, checked (`runner.process_row`)."""
    from scanner.batch.spreadsheet import open_sheet

    folder = tmp_path_factory.mktemp("rows")
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(ROOT / "bench"))
    try:
        import bench_batch

        mp.setattr(bench_batch, "OUT", folder)
        path = bench_batch.make_structured(BENCH_ROWS)
    finally:
        mp.undo()
    settings = runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), path)
    registry.load()
    rows = list(open_sheet(path).rows())
    return settings, [
        runner.process_row(runner.RowTask(i, r), settings) for i, r in enumerate(rows)
    ]


def test_bench_rows_give_the_same_lines_parts_hashes_and_summaries(
    bench_rows: tuple[Any, list[runner.RowResult]],
) -> None:
    settings, results = bench_rows
    state = _state(settings)
    tables = NotRunTables()
    for k in range(0, len(results), 32):
        done = []
        for r in results[k : k + 32]:
            assert r.report.risk == before.score(r.report.findings, complete=r.report.complete)
            final = stream.finish(state, r.report, None, scored=True)
            again = stream.finish(state, r.report, None)
            assert final == again
            done.append(stream._Done(r.index, r.row, r.report, r.keys, final, None, False))
        _check_rows(state, tables, done)


def test_bench_rows_read_back_and_finished_again_give_the_same_bytes(
    bench_rows: tuple[Any, list[runner.RowResult]],
) -> None:
    """A row finished again from its line (`--continue`, linked rows) is emitted as before."""
    settings, results = bench_rows
    state = _state(settings)
    tables = NotRunTables()
    first = []
    for r in results[:96]:
        final = stream.finish(state, r.report, None, scored=True)
        first.append(stream._Done(r.index, r.row, r.report, r.keys, final, 7, False))
    outs = _check_rows(state, tables, first)
    again = [stream._reread(state, stream._Again(o.index, o.line)) for o in outs]
    assert all(a is not None for a in again)
    _check_rows(state, tables, [a for a in again if a is not None])


# --------------------------------------------------------------------------------------------
# Adversarial values
# --------------------------------------------------------------------------------------------

_POOLS = [
    "abc xyz",
    '"\\/',
    "".join(map(chr, range(0, 32))),
    "\x7f\u0085\u2028\u2029\ufeff",
    "éüñ Ж 中文 العربية",
    "\U0001f600\U00010348",
    'e-mail 3e-5 0.00001 ,"out": {}[]',
]


def _text(rng: random.Random, long: bool = False) -> str:
    text = "".join(rng.choice(rng.choice(_POOLS)) for _ in range(rng.randint(0, 12)))
    if long and rng.random() < 0.1:  # a very long value: one to a hundred kilobytes
        text = (text + 'é"') * rng.choice([100, 300, 3_000])
    return text


def _texts(rng: random.Random, most: int = 3) -> tuple[str, ...]:
    return tuple(_text(rng) for _ in range(rng.choice([0, 0, 1, most])))


def _when(rng: random.Random) -> datetime:
    base = datetime(2026, 3, 4, 5, 6, 7, rng.choice([0, 123456]))
    tz = rng.choice([UTC, None, UTC])
    return base.replace(tzinfo=tz) + timedelta(seconds=rng.randint(0, 10**7))


def _range(rng: random.Random) -> DateRange | None:
    if rng.random() < 0.3:
        return None
    start = rng.choice([None, PartialDate(2019), PartialDate(2019, 4), PartialDate(2019, 4, 30)])
    end = rng.choice([None, PartialDate(2021, 12)])
    return DateRange(start, end, current=rng.random() < 0.3, raw=_text(rng))


def _profile(rng: random.Random) -> Profile:
    positions = tuple(
        Position(
            _text(rng), _text(rng), _range(rng), _text(rng),
            rng.choice(list(EmploymentType)), _text(rng), _text(rng),
            rng.choice([1.0, 0.5, 0.123456, 1e-5, 1]), _text(rng),
        )
        for _ in range(rng.choice([0, 0, 1, 3]))
    )  # fmt: skip
    studies = tuple(
        Study(_text(rng), _text(rng), _text(rng), _range(rng), _text(rng),
              rng.choice([1.0, 0.75, 0.333333]), _text(rng))
        for _ in range(rng.choice([0, 1, 2]))
    )  # fmt: skip
    doc = rng.choice(
        [
            None,
            DocumentMeta(),
            DocumentMeta(_text(rng), created=_when(rng), pages=rng.randint(0, 9)),
        ]
    )
    return Profile(
        name=_text(rng, long=True),
        other_names=_texts(rng),
        headline=_text(rng),
        summary=_text(rng, long=True),
        emails=_texts(rng),
        phones=_texts(rng),
        locations=_texts(rng),
        addresses=_texts(rng),
        shipping_addresses=_texts(rng),
        urls=_texts(rng),
        linkedin_slugs=_texts(rng),
        github_handles=_texts(rng),
        references=_texts(rng),
        skills=_texts(rng, 40),
        experience=positions,
        education=studies,
        stated_experience=tuple(
            StatedExperience(rng.choice([3.0, 2.5, 10]), _text(rng), _text(rng), rng.random() < 0.5)
            for _ in range(rng.choice([0, 2]))
        ),
        document=doc,
        as_of=rng.choice([None, date(2025, 1, 31)]),
        text=_text(rng, long=True),
        notes=_texts(rng),
        unread_parts=_texts(rng),
        export_fingerprint=rng.choice([None, {"a": 1, "b": [1, 2]}, {}]),
        github=rng.choice([None, MappingProxyType({"login": _text(rng)})]),
        extra=rng.choice([MappingProxyType({}), {"k": _text(rng), "n": 2}]),
    )


def _source(rng: random.Random) -> SourceDocument:
    meta = rng.choice(
        [
            MappingProxyType({}),
            {"final_url": _text(rng), "http_status": 200, "browser": "", "captured_at": None},
            {"screenshot_path": _text(rng), "other": _text(rng)},
        ]
    )
    return SourceDocument(
        kind=rng.choice(list(SourceKind)),
        format=_text(rng),
        uri=_text(rng, long=True),
        content=rng.choice([b"", b"\x00\xff binary", _text(rng).encode()]),
        media_type=rng.choice(["application/octet-stream", "text/plain", _text(rng)]),
        sha256=rng.choice(["", "ab" * 32]),
        retrieved_at=_when(rng),
        collector=_text(rng),
        status=rng.choice(list(SourceStatus)),
        error=rng.choice([None, "", _text(rng)]),
        meta=meta,
    )


_CODES = ["CT005", "CT001", "SRC001", "SRC002", "ID001", "TL003", "NW001", "XS002"]


def _finding(rng: random.Random, long: bool = True) -> Finding:
    review = None
    if rng.random() < 0.25:
        review = Review(rng.choice(list(ReviewStatus)), _text(rng), _text(rng), _when(rng))
    evidence = tuple(
        Evidence(rng.choice([None, 0, 1, 12]), _text(rng), _text(rng, long),
                 rng.choice(["", _text(rng)]))
        for _ in range(rng.choice([0, 1, 2, 5]))
    )  # fmt: skip
    return Finding(
        code=rng.choice(_CODES),
        title=_text(rng),
        category=rng.choice(list(Category)),
        severity=rng.choice(list(Severity)),
        confidence=rng.choice([1.0, 0.35, 0.9, 0.0, 1e-5, 0.1 + 0.2, 0.99999]),
        message=rng.choice(["same", _text(rng, long)]),
        evidence=evidence,
        cluster=rng.choice([None, "", "C-0001"]),
        fingerprint=rng.choice(["f" * 32, _text(rng) or "x"]),  # given: no hashing of long text
        review=review,
    )


def _report(rng: random.Random) -> CandidateReport:
    findings = [_finding(rng) for _ in range(rng.choice([0, 1, 2, 6, 60]))]
    if findings and rng.random() < 0.3:  # the same facts twice count once
        findings.append(findings[0])
    complete = rng.random() < 0.7
    not_run: list[Any] = rng.choice(
        [
            [],
            [("TL001", "no dated employment history"), ("GH001", _text(rng))],
            [["XS001", "a pair that is a list"]],
            [(c, _text(rng)) for c in _CODES],
        ]
    )
    return CandidateReport(
        id=_text(rng) or "A-1",
        name=_text(rng, long=True),
        risk=score(findings, complete=complete),
        complete=complete,
        sources=[_source(rng) for _ in range(rng.choice([0, 1, 2, 4]))],
        profiles=[rng.choice([None, _profile(rng)]) for _ in range(rng.choice([0, 1, 3]))],
        findings=findings,
        checks_not_run=not_run,
        as_of=rng.choice([None, date(2026, 1, 2)]),
    )


def _keys(rng: random.Random, report: CandidateReport, index: int) -> RowKeys:
    idents = tuple(
        Ident(rng.choice(["phone", "email", "address", "reference", "linkedin"]),
              _text(rng), _text(rng), _text(rng), rng.choice([None, 0, 3]))
        for _ in range(rng.choice([0, 1, 4, 40]))
    )  # fmt: skip
    sig = rng.choice([None, tuple(rng.getrandbits(32) for _ in range(128))])
    return RowKeys(
        index=index,
        id=report.id,
        name=_text(rng),
        row=rng.choice([None, index + 2]),
        idents=idents,
        resume_sig=sig,
        resume_sketch=rng.choice([None, (1, 2, 3)]),
        resume_source=rng.choice([None, 1]),
        photo_hash=rng.choice([None, 0, rng.getrandbits(64)]),
        photo_source=rng.choice([None, 2]),
        placeholders=rng.choice([(), (("phone", _text(rng)),)]),
        stored=rng.choice([None, "2026-01-01"]),
        extra=rng.choice([{}, {"x": _text(rng)}]),
    )


def test_adversarial_reports_give_the_same_lines_parts_hashes_and_summaries() -> None:
    rng = random.Random(20261207)
    settings = runner.BatchSettings.from_config(
        Config(), FetchOptions(offline=True), ROOT / "applicants.csv"
    )
    state = _state(settings)
    tables = NotRunTables()
    done = []
    for i in range(300):
        report = _report(rng)
        final = stream.finish(state, report, None)
        keys = _keys(rng, report, i)
        done.append(stream._Done(i, i + 2, report, keys, final, rng.choice([None, 5]), False))
    for k in range(0, len(done), 16):
        _check_rows(state, tables, done[k : k + 16])


def test_adversarial_values_encode_as_before() -> None:
    """The generated per-type encoders answer as the plan walk did, also for values that do
    not fit their field's type (a list where a tuple is declared, an enum's subclass, a str
    subclass, a set)."""

    class Tag(str):
        pass

    rng = random.Random(7)
    odd: list[Any] = []
    for _ in range(200):
        report = _report(rng)
        odd.append(report)
        odd.append(_keys(rng, report, 3))
        odd.append(replace(report, findings=tuple(report.findings), name=Tag("x")))
        if report.findings:
            f = report.findings[0]
            odd.append(replace(f, evidence=list(f.evidence), code=Tag(f.code), cluster=3))
            odd.append(replace(f, message=None, title=1.5, evidence=frozenset({"a"})))
        p = _profile(rng)
        odd.append(replace(p, emails=["a", Tag("b"), None], skills={"x"}, document=Tag("d")))
        odd.append(replace(p, other_names=[], phones=None, as_of=datetime(2026, 1, 2, 3)))
    odd.append(Risk(3, Level.LOW, (("CT005", 3), ["X", 1.0])))
    odd.append(Risk(True, Level.HIGH, ()))
    for obj in odd:
        assert codec.encode(obj) == before.encode(obj)
        assert type(codec.encode(obj)) is type(before.encode(obj))
        for name in ("checks_not_run", "name", "findings"):
            if hasattr(obj, name):
                assert codec.encode_without(obj, name) == before.encode_without(obj, name)


def test_build_record_keeps_a_not_run_list_past_the_cap_in_the_line() -> None:
    rng = random.Random(3)
    report = replace(_report(rng), checks_not_run=[("TL001", "x")])
    keys = _keys(rng, report, 0)
    summary = before.summarise(report, keys, None)
    new_tables, old_tables = NotRunTables(), NotRunTables()
    for t in (new_tables, old_tables):
        t.by_value = {(("cap", str(n)),): str(n) for n in range(4096)}  # type: ignore[misc]
    got = build_record(0, 2, report, keys, summary, b"", new_tables)
    want = before.build_record(0, 2, report, keys, summary, b"", old_tables)
    assert got == want and b'"checks_not_run":[["TL001","x"]]' in got[0]


def test_risk_score_is_the_same_on_random_findings() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        findings = [_finding(rng, False) for _ in range(rng.choice([0, 1, 2, 3, 8, 30]))]
        if findings and rng.random() < 0.3:
            findings += rng.sample(findings, k=min(2, len(findings)))
        complete = rng.random() < 0.6
        assert score(findings, complete=complete) == before.score(findings, complete=complete)
        assert score(iter(findings)) == before.score(iter(findings))


def test_risk_score_of_one_check_is_the_same_at_every_confidence() -> None:
    """One check (the common case, scored by a shortcut): every severity at confidences across
    [0, 1], near the roundings of the total, tiny and past the cap, one to three findings."""
    rng = random.Random(13)
    confidences = [rng.random() for _ in range(2000)]
    confidences += [k / 1000 for k in range(1001)] + [(k + 0.5) / 75 for k in range(75)]
    confidences += [1e-17, 5e-324, 0.0, 1.0, 0.1 + 0.2, 0.99999999999]
    for i, conf in enumerate(confidences):
        sev = list(Severity)[i % 4]
        f = Finding("CT005", "t", Category.CONTACT, sev, conf, f"m{i}", fingerprint="x")
        more = [replace(f, message=f"n{k}", confidence=conf / (k + 1)) for k in range(i % 3)]
        for findings in ([f], [f, *more], [f, replace(f, code="SRC001")]):
            for complete in (True, False):
                got = score(findings, complete=complete)
                assert got == before.score(findings, complete=complete)


def test_link_hashes_are_the_same() -> None:
    rng = random.Random(5)
    for i in range(500):
        keys = _keys(
            rng, CandidateReport(_text(rng), "", Risk(0, Level.CLEAR), True, [], [], []), i
        )
        for bands in (16, 32):
            assert link_hashes(keys, bands) == before.link_hashes(keys, bands)


def test_finish_copies_every_field_of_a_report() -> None:
    """`stream.finish` builds the final report field by field instead of `replace`: a field
    added to `CandidateReport` must be added there too."""
    from dataclasses import fields

    assert [f.name for f in fields(CandidateReport)] == [
        "id", "name", "risk", "complete", "sources", "profiles", "findings", "checks_not_run",
        "as_of",
    ]  # fmt: skip
