"""The streaming batch engine gives what the in-memory engine gives, in every format.

The reference is the in-memory path the batch command used before it streamed (and that the
tests, the Spark engine and `scanner.batch.runner` still offer): every row's result held in
memory, `finish_report` linking all of them, the report rendered from one `Report`. The
streaming command must produce the same candidates (findings, scores, evidence), clusters and
notes on the same rows, including rings, duplicates, households, a hub, placeholders, referees
who are other applicants and copied résumés.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from _batch_helpers import synthetic_applicants, write_csv
from typer.testing import CliRunner

import scanner.cli_batch  # noqa: F401  (registers the command)
from scanner.batch.runner import BatchSettings, finish_report, run_local
from scanner.batch.spreadsheet import open_sheet
from scanner.cli import app
from scanner.config import Config
from scanner.model import Report
from scanner.reporters import render
from scanner.reporters.json_report import report_to_dict
from scanner.sources import FetchOptions

ROWS = 2_000
SMALL = 400
HUB = 4  # [thresholds.NW] hub_size: the switchboard in the rows is given by more than this
CONFIG = f"[thresholds.NW]\nhub_size = {HUB}\n"

cli = CliRunner()


def _cli(*args: str) -> tuple[int, str, str]:
    res = cli.invoke(app, ["batch", *args, "--no-db", "--offline", "--quiet"])
    return res.exit_code, res.stdout, res.stderr


def _reference(folder: Path, rows: int) -> tuple[Path, Path, Report]:
    """The sheet, its configuration, and the reference report (the in-memory engine)."""
    sheet = write_csv(folder / "applicants.csv", synthetic_applicants(rows))
    config_path = folder / "scanner.toml"
    config_path.write_text(CONFIG)
    config = Config(thresholds={"NW": {"hub_size": HUB}})
    settings = BatchSettings.from_config(config, FetchOptions(offline=True), sheet)
    opened = open_sheet(sheet)
    results = run_local(opened, settings, workers=2)
    return sheet, config_path, finish_report(results, settings, notes=opened.warnings)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Report]:
    """A few thousand rows: the engines must agree on everything linkage decides."""
    return _reference(tmp_path_factory.mktemp("stream"), ROWS)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Report]:
    """Fewer rows of the same kind, for each output format."""
    return _reference(tmp_path_factory.mktemp("formats"), SMALL)


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """The report without what differs between two runs of the same rows (timestamps)."""
    doc = json.loads(json.dumps(doc))
    doc.pop("generated_at", None)
    for c in doc.get("candidates", []):
        for s in c["sources"]:
            s.pop("retrieved_at", None)
    return doc


@pytest.mark.slow
def test_the_rows_hold_what_linkage_must_get_right(batch: tuple[Path, Path, Report]) -> None:
    _, _, ref = batch
    kinds = {link.kind for cl in ref.clusters for link in cl.links}
    assert {"phone", "address", "email"} <= kinds
    assert any(n.startswith("hub: phone") for n in ref.notes)
    assert any(n.startswith("placeholder values ignored") for n in ref.notes)
    codes = {f.code for c in ref.candidates for f in c.findings}
    assert {"NW001", "NW002", "NW003", "NW008"} <= codes
    assert len(ref.clusters) > 20


@pytest.mark.slow
def test_json_is_the_in_memory_engines_report(
    batch: tuple[Path, Path, Report], tmp_path: Path
) -> None:
    sheet, config, ref = batch
    out = tmp_path / "r.json"
    code, _, err = _cli(str(sheet), "--config", str(config), "--out", str(out), "-w", "2")
    assert code == 1, err
    got = json.loads(out.read_text(encoding="utf-8"))
    want = report_to_dict(ref)
    assert _comparable(got) == _comparable(want)
    assert not (tmp_path / "r.json.partial.jsonl").exists()  # the run file is gone once written


def test_jsonl_is_one_candidate_a_line_then_the_clusters(
    small: tuple[Path, Path, Report], tmp_path: Path
) -> None:
    sheet, config, ref = small
    out = tmp_path / "r.jsonl"
    code, _, err = _cli(
        str(sheet), "--config", str(config), "--format", "jsonl", "--out", str(out), "-w", "2"
    )
    assert code == 1, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == SMALL + 1
    *cands, tail = (json.loads(line) for line in lines)
    want = _comparable(report_to_dict(ref))
    assert _comparable({"candidates": cands})["candidates"] == want["candidates"]
    assert set(tail) == {"clusters", "notes"}
    assert tail["clusters"] == want["clusters"] and tail["notes"] == want["notes"]


def test_csv_is_the_in_memory_csv(small: tuple[Path, Path, Report], tmp_path: Path) -> None:
    sheet, config, ref = small
    out = tmp_path / "r.csv"
    _cli(str(sheet), "--config", str(config), "--format", "csv", "--out", str(out), "-w", "1")
    assert out.read_bytes() == str(render(ref, "csv")).encode("utf-8")


def test_xlsx_holds_the_in_memory_workbooks_cells(
    small: tuple[Path, Path, Report], tmp_path: Path
) -> None:
    import openpyxl

    sheet, config, ref = small
    out = tmp_path / "r.xlsx"
    _cli(str(sheet), "--config", str(config), "--format", "xlsx", "--out", str(out), "-w", "2")
    want_path = tmp_path / "want.xlsx"
    want_path.write_bytes(bytes(render(ref, "xlsx")))
    got, want = openpyxl.load_workbook(out), openpyxl.load_workbook(want_path)
    assert got.sheetnames == want.sheetnames
    for name in want.sheetnames:
        assert _cells(got[name]) == _cells(want[name]), name
        assert got[name].auto_filter.ref == want[name].auto_filter.ref


def _cells(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _no_clock(html: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "TIME", html)


def test_html_of_a_batch_that_fits_is_the_in_memory_page(
    small: tuple[Path, Path, Report], tmp_path: Path
) -> None:
    sheet, config, ref = small
    out = tmp_path / "r.html"
    _cli(str(sheet), "--config", str(config), "--format", "html", "--out", str(out),
         "--html-top", str(SMALL))  # fmt: skip
    assert _no_clock(out.read_text(encoding="utf-8")) == _no_clock(str(render(ref, "html")))


def test_html_of_a_big_batch_shows_the_top_applicants_and_counts_the_rest(
    small: tuple[Path, Path, Report], tmp_path: Path
) -> None:
    sheet, config, ref = small
    out = tmp_path / "r.html"
    _cli(str(sheet), "--config", str(config), "--format", "html", "--out", str(out),
         "--html-top", "25")  # fmt: skip
    page = out.read_text(encoding="utf-8")
    assert page.count('<details class="cand') == 25
    top = sorted(ref.candidates, key=lambda c: -c.risk.score)[:25]
    assert all(f"({c.id})" in page for c in top)
    assert f"{SMALL} candidates:" in page and f"the other {SMALL - 25} are counted" in page
    high = sum(1 for c in ref.candidates if c.risk.level.value == "high")
    assert f'for="f-lv-high">high ({high})' in page
    for cl in ref.clusters:
        assert f"<h3>{cl.id}: " in page


def test_stdout_gets_the_report_when_no_out_is_given(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", synthetic_applicants(12))
    _, out, _ = _cli(str(sheet), "--format", "jsonl", "-w", "1")
    lines = out.splitlines()
    assert len(lines) == 13 and json.loads(lines[0])["id"] == "A-00000"
    _, out, _ = _cli(str(sheet), "--format", "csv", "-w", "1")
    assert next(csv.reader(io.StringIO(out)))[0] == "id"


def test_an_xlsx_sheet_past_excels_row_limit_continues_on_another(
    small: tuple[Path, Path, Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from scanner.reporters import stream
    from scanner.reporters.stream import BatchEnd, fragment, open_writer

    _, _, ref = small
    monkeypatch.setattr(stream._XlsxWriter, "max_rows", 50)  # Excel's is 1,048,576
    out = tmp_path / "r.xlsx"
    with out.open("wb") as fh:
        writer = open_writer("xlsx", fh, BatchEnd(ref.generated_at, ref.complete, ref.clusters))
        writer.begin()
        for c in ref.candidates[:120]:
            writer.row(fragment(c, "xlsx"))
        writer.end()
    wb = openpyxl.load_workbook(out)
    parts = [n for n in wb.sheetnames if n.startswith("Applicants")]
    assert parts == ["Applicants", "Applicants (2)", "Applicants (3)"]
    ids = [r[0] for n in parts for r in wb[n].iter_rows(min_row=2, values_only=True)]
    assert ids == [c.id for c in ref.candidates[:120]]
    assert all(wb[n].max_row <= 50 for n in wb.sheetnames)


def test_the_checks_that_read_only_links_find_nothing_on_a_row_without_links(
    tmp_path: Path,
) -> None:
    """The streaming engine skips LINKS_ONLY checks on rows without links (they would find
    nothing); this holds for any applicant, and the same checks do find on linked rows."""
    from scanner.batch.linkage import NetworkLookup
    from scanner.batch.stream import LINKS_ONLY
    from scanner.model import Candidate
    from scanner.registry import CheckContext, registry, run_checks

    assert all(registry[code].needs == {"lookup"} for code in LINKS_ONLY)
    sheet = write_csv(tmp_path / "a.csv", synthetic_applicants(150, seed=9))
    config = Config(thresholds={"NW": {"hub_size": HUB}})
    settings = BatchSettings.from_config(config, FetchOptions(offline=True), sheet)
    results = run_local(open_sheet(sheet), settings, workers=1)
    ctx = CheckContext(config=config)
    codes = sorted(LINKS_ONLY)
    for res in results:
        rep = res.report
        alone = Candidate(rep.id, rep.sources, rep.profiles, lookup=NetworkLookup(rep.id, None, ()))
        got = run_checks(alone, ctx, codes)
        assert not got.findings and not got.errors and not got.not_run
    linked = finish_report(results, settings)
    assert any(f.code in LINKS_ONLY for c in linked.candidates for f in c.findings)


def test_progress_and_the_run_s_figures_go_to_stderr(tmp_path: Path) -> None:
    """Not on a terminal (a log, a CI job): phases as lines, then how long each took and the
    peak memory; stdout keeps only the report."""
    sheet = write_csv(tmp_path / "a.csv", synthetic_applicants(40))
    res = cli.invoke(app, ["batch", str(sheet), "--no-db", "--offline", "-w", "1"])
    assert json.loads(res.stdout)["candidates"]
    assert "scanner: linking" in res.stderr
    assert re.search(r"scanner: 40 rows in [\d.]+ s \([\d,]+ rows/s", res.stderr)
    assert re.search(r"peak memory [\d,]+ MB in this process", res.stderr)


def test_a_chunk_of_lines_is_written_at_once_and_each_line_is_where_its_offset_says(
    tmp_path: Path,
) -> None:
    """`append_many` writes a worker's chunk in one call; every offset it returns points at its
    line, table lines included, and the lines read back through the reader's buffer."""
    from scanner.batch.runfile import RunFile

    rf = RunFile(tmp_path / "run.jsonl", {"sheet": "x"})
    rf.open(False, {"k": "k1", "at": "now"})
    [first] = rf.append_many([(b'{"i":0}', None)])
    table = b'{"t":"nr","k":"a","v":[]}'
    lines = [(b'{"i":1}', None), (b'{"i":2,"pad":"' + b"x" * 300_000 + b'"}', table), (b"{}", None)]
    offsets = rf.append_many(lines)
    [last] = rf.append_many([(b'{"i":3}', None)])
    rf.flush()
    data = (tmp_path / "run.jsonl").read_bytes()
    assert data[first : first + 7] == b'{"i":0}'
    for (line, _t), at in zip(lines, offsets, strict=True):
        assert data[at : at + len(line) + 1] == line + b"\n"
        assert rf.read(at, len(line)) == line
    assert data[offsets[1] - len(table) - 1 : offsets[1]] == table + b"\n"
    assert rf.read(last, 7) == b'{"i":3}' and rf.read(first, 7) == b'{"i":0}'  # backwards too
    [later] = rf.append_many([(b'{"i":4}', None)])  # written after the reader's buffer was filled
    rf.flush()
    assert rf.read(later, 7) == b'{"i":4}'
    ordered = sorted([first, *offsets, last, later])
    got = [rf.read(at, 7, forward=True) for at in ordered]  # the report's way: in file order
    assert got == [data[at : at + 7] if at < len(data) else b'{"i":4}' for at in ordered]
    assert rf.read(first, 7, forward=True) == b'{"i":0}'  # and back
    rf.close()


def test_the_collector_is_back_to_the_callers_setting_after_a_batch(tmp_path: Path) -> None:
    """`run_stream` makes the collector's passes rarer while it runs (rows make many short-lived
    objects) and gives the process back its own setting, also when the batch fails."""
    import gc

    from scanner.batch import stream

    seen = []
    before = gc.get_threshold()

    @stream._rarer_gc
    def probe(fail: bool) -> None:
        seen.append(gc.get_threshold())
        if fail:
            raise RuntimeError("the batch failed")

    probe(False)
    with pytest.raises(RuntimeError):
        probe(True)
    assert seen == [stream._GC_THRESHOLD] * 2 and gc.get_threshold() == before
    path = write_csv(tmp_path / "a.csv", synthetic_applicants(5, seed=3))
    result = CliRunner().invoke(app, ["batch", str(path), "--offline", "--no-db", "-q",
                                      "--out", str(tmp_path / "r.json")])  # fmt: skip
    assert result.exit_code in (0, 1, 3) and gc.get_threshold() == before


def test_a_lines_codes_and_keys_read_from_its_head_and_tail_are_the_whole_lines(
    tmp_path: Path,
) -> None:
    """Linkage reads a line's keys from what follows its report part, and the codes it replaces
    from what precedes it; both are what decoding the whole line gives, and a line whose parts
    are not where the offsets say is decoded whole."""
    from scanner.batch import stream
    from scanner.batch.runner import RowTask

    sheet = write_csv(tmp_path / "a.csv", synthetic_applicants(40, seed=4))
    settings = BatchSettings.from_config(Config(), FetchOptions(offline=True), sheet)
    st = stream._with(stream.StreamSettings(batch=settings, fragment="json"), not_run_by_key=True)
    tasks = [stream._Fresh(RowTask(i, r)) for i, r in enumerate(open_sheet(sheet).rows())]
    outs = stream.work_chunk(stream._State(st), tasks)
    assert outs and any(json.loads(o.line)["v"].get("codes") for o in outs)
    for o in outs:
        whole = json.loads(o.line)
        assert stream._codes_of(o.line, o.out_start) == tuple(whole["v"].get("codes", ()))
        assert stream._codes_of(o.line, o.out_start + 3) == stream._codes_of(o.line)
        assert stream._keys_of(o.line, o.out_end) == stream._keys_of(o.line)
        assert stream._keys_of(o.line, o.out_end - 2) == stream._keys_of(o.line)
    # the parent reads only a line's head from the run file for the codes it replaces; a head
    # that does not end where the offsets say is read again as the whole line
    from scanner.batch.runfile import RunFile

    run = RunFile(tmp_path / "run.jsonl", {"checkpoint": 0})
    run.open(False, {"k": "r", "at": ""})
    offsets = run.append_many([(o.line, o.table) for o in outs])
    for o, at in zip(outs, offsets, strict=True):
        want = stream._codes_of(o.line)
        assert stream._old_codes(run, at, o.out_start, len(o.line)) == want
        assert stream._old_codes(run, at, o.out_start - 5, len(o.line)) == want
    run.close()


def test_linked_rows_whose_lines_do_not_read_back_make_the_report_incomplete(
    small: tuple[Path, Path, Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row finished again after linkage reads its line from the run file; when that fails (the
    file changed under the run) the row keeps its result without its NW findings, and the report
    says how many and is incomplete, never silently short of findings."""
    from scanner.batch import stream

    sheet, config, _ref = small
    out = tmp_path / "r.json"
    code, _, _err = _cli(str(sheet), "--config", str(config), "--out", str(out), "-w", "1")
    whole = json.loads(out.read_text())
    assert code != 2 and not any("finished again" in n for n in whole["notes"])
    nw = [c for c in whole["candidates"] if any(f["code"].startswith("NW") for f in c["findings"])]
    assert nw  # the rows do link

    def unreadable(state: Any, item: Any) -> bytes:
        raise OSError("the run file changed")

    monkeypatch.setattr(stream, "_line_of", unreadable)
    code, _, _err = _cli(str(sheet), "--config", str(config), "--out", str(out), "-w", "1")
    doc = json.loads(out.read_text())
    assert doc["complete"] is False
    [note] = [n for n in doc["notes"] if "could not be finished again" in n]
    assert int(note.split(" ", 1)[0].replace(",", "")) >= len(nw)
    assert not any(f["code"].startswith("NW0") and f["code"] != "NW009"
                   for c in doc["candidates"] for f in c["findings"])  # fmt: skip
    assert len(doc["candidates"]) == len(whole["candidates"])  # every row is still there
