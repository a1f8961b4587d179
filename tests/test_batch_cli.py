"""`scanner batch` end to end: the demo spreadsheet, exit codes, formats, Ctrl-C and --continue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from _batch_helpers import write_csv
from typer.testing import CliRunner

import scanner.batch.runner as runner
import scanner.cli_batch  # noqa: F401  (registers the command)
from scanner.cli import app
from scanner.reporters.json_report import load_schema

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "batch"
cli = CliRunner()
CSV_COLUMNS = ("id", "name", "score", "level", "complete", "cluster", "codes", "top_finding",
               "reviewed")  # fmt: skip


def _run(*args: str) -> tuple[int, str, str]:
    res = cli.invoke(app, ["batch", *args, "--no-db", "--offline", "--quiet"])
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "batch")
    return tmp_path / "batch" / "applicants.csv"


def test_demo_spreadsheet_finds_both_rings(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, _, _ = _run(str(demo), "--out", str(out), "--workers", "2")
    assert code == 1  # high findings
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, load_schema())
    clusters = {tuple(c["members"]): {x["kind"] for x in c["links"]} for c in doc["clusters"]}
    assert clusters == {
        ("A-1030", "A-1031", "A-1032", "A-1033", "A-1034"): {"phone", "email", "address"},
        ("A-1035", "A-1036", "A-1037"): {"github", "resume", "reference"},
    }
    by_id = {c["id"]: c for c in doc["candidates"]}
    assert by_id["A-1030"]["risk"]["level"] == "high"
    nw = [f for f in by_id["A-1030"]["findings"] if f["code"].startswith("NW")]
    assert nw and all(f["cluster"] == "C1" for f in nw)
    # not rings: one person applying twice, one household, placeholders
    for cid in ("A-1003", "A-1025", "A-1026", "A-1027", "A-1028", "A-1029"):
        assert all(
            f["severity"] == "info" for f in by_id[cid]["findings"] if f["code"].startswith("NW")
        ), cid
    # bad rows do not stop the batch
    assert by_id["A-1039"]["complete"] is False
    assert any(f["code"] == "SRC001" for f in by_id["A-1039"]["findings"])
    empty = next(c for c in doc["candidates"] if c["id"].startswith("empty-row-"))
    assert empty["complete"] is False
    assert any("placeholder" in n for n in doc["notes"])
    assert not (tmp_path / "report.json.partial.jsonl").exists()  # removed once the report is out


def test_one_worker_and_two_workers_agree(demo: Path, tmp_path: Path) -> None:
    def strip(doc: dict) -> dict:
        doc.pop("generated_at")
        for c in doc["candidates"]:
            for s in c["sources"]:
                s.pop("retrieved_at")
        return doc

    _run(str(demo), "--out", str(tmp_path / "1.json"), "--workers", "1")
    _run(str(demo), "--out", str(tmp_path / "2.json"), "--workers", "2")
    one = strip(json.loads((tmp_path / "1.json").read_text()))
    two = strip(json.loads((tmp_path / "2.json").read_text()))
    assert one == two


def test_exit_2_without_an_identity_column(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("Favourite Colour,Shoe Size\nblue,9\n")
    code, _, err = _run(str(p))
    assert code == 2 and "no usable identity column" in err and "'Favourite Colour'" in err
    assert "Traceback" not in err


def test_exit_2_for_a_missing_file_and_bad_map(tmp_path: Path) -> None:
    assert _run(str(tmp_path / "nope.csv"))[0] == 2
    p = write_csv(tmp_path / "a.csv", [{"name": "Dana Whitfield"}])
    code, _, err = _run(str(p), "--map", "Shoe=shoe")
    assert code == 2 and "unknown field" in err


def test_exit_0_clean_and_exit_3_incomplete(tmp_path: Path) -> None:
    clean = write_csv(tmp_path / "clean.csv", [{"name": "Dana Whitfield", "email": "dana@example.com"},
                                               {"name": "Rob Stone", "email": "rob@example.com"}])  # fmt: skip
    assert _run(str(clean), "--select", "NW", "-o", str(tmp_path / "c.json"))[0] == 0
    bad = write_csv(tmp_path / "bad.csv", [{"name": "Dana Whitfield", "resume": "missing.pdf"}])
    code, _, _ = _run(str(bad), "--select", "NW", "-o", str(tmp_path / "b.json"))
    assert code == 3


def test_csv_to_stdout_and_xlsx_needs_out(demo: Path, tmp_path: Path) -> None:
    code, out, _ = _run(str(demo), "--format", "csv", "--workers", "1")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == ",".join(f'"{c}"' for c in CSV_COLUMNS)
    assert len(lines) == 1 + 40
    code, _, err = _run(str(demo), "--format", "xlsx")
    assert code == 2 and "--out" in err
    code, _, _ = _run(
        str(demo), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"), "--workers", "1"
    )
    import openpyxl

    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == [
        "Applicants",
        "Findings",
        "Clusters",
        "Notes",
    ]


def test_a_report_never_overwrites_the_spreadsheet_it_reads(demo: Path) -> None:
    before = demo.read_bytes()
    for out in (demo, demo.parent / "." / demo.name):
        code, _, err = _run(str(demo), "--format", "csv", "--out", str(out))
        assert code == 2 and "would overwrite it" in err
    assert demo.read_bytes() == before


def test_ctrl_c_keeps_finished_rows_and_continue_does_not_redo_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {"id": f"A-{i}", "name": f"Person{chr(65 + i)} Name", "phone": f"(312) 555-01{i:02d}"}
        for i in range(6)
    ]
    rows[5]["phone"] = rows[0]["phone"]  # a link across the interruption
    sheet = write_csv(tmp_path / "a.csv", rows)
    out = tmp_path / "r.json"
    real = runner.process_row
    calls: list[str] = []

    def interrupt_on_fourth(
        task: runner.RowTask, settings: runner.BatchSettings
    ) -> runner.RowResult:
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(task.row.id)
        return real(task, settings)

    monkeypatch.setattr(runner, "process_row", interrupt_on_fourth)
    code, _, err = _run(str(sheet), "--out", str(out), "--workers", "1")
    assert code == 130 and "--continue" in err
    ckpt = tmp_path / "r.json.partial.jsonl"
    kept = [json.loads(line) for line in ckpt.read_text().splitlines()[1:]]
    assert [x["id"] for x in kept if "i" in x] == ["A-0", "A-1", "A-2"] and not out.exists()

    calls.clear()

    def counting(task: runner.RowTask, settings: runner.BatchSettings) -> runner.RowResult:
        calls.append(task.row.id)
        return real(task, settings)

    monkeypatch.setattr(runner, "process_row", counting)
    code, _, _ = _run(str(sheet), "--out", str(out), "--workers", "1", "--continue")
    assert calls == ["A-3", "A-4", "A-5"]
    doc = json.loads(out.read_text())
    assert [c["id"] for c in doc["candidates"]] == [f"A-{i}" for i in range(6)]
    assert doc["clusters"][0]["members"] == ["A-0", "A-5"] and code == 1
    assert not ckpt.exists()


def test_continue_refuses_another_batchs_checkpoint(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [{"name": "Dana Whitfield"}])
    (tmp_path / "r.json.partial.jsonl").write_text(
        json.dumps({"checkpoint": 1, "sha256": "other"}) + "\n"
    )
    (tmp_path / "r.json.partial.jsonl").chmod(0o600)  # a checkpoint is private (or refused)
    code, _, err = _run(str(sheet), "--out", str(tmp_path / "r.json"), "--continue")
    assert code == 2 and "another spreadsheet" in err
    code, _, _ = _run(
        str(sheet), "--out", str(tmp_path / "r.json")
    )  # without --continue: start over
    assert code == 0


def test_applicants_link_to_people_in_the_history_store(tmp_path: Path) -> None:
    """A new applicant sharing a phone with someone scanned in an earlier batch is linked."""
    db = tmp_path / "history.db"
    first = write_csv(
        tmp_path / "first.csv", [{"id": "A-1", "name": "Avery Ashdown", "phone": "(312) 555-0142"}]
    )
    res = cli.invoke(
        app,
        [
            "batch",
            str(first),
            "--db",
            str(db),
            "--offline",
            "--quiet",
            "-o",
            str(tmp_path / "1.json"),
        ],
    )
    assert res.exit_code == 0, res.stderr
    second = write_csv(
        tmp_path / "second.csv",
        [{"id": "B-7", "name": "Blake Brightwater", "phone": "+1 312 555 0142"}],
    )
    out = tmp_path / "2.json"
    res = cli.invoke(
        app, ["batch", str(second), "--db", str(db), "--offline", "--quiet", "-o", str(out)]
    )
    doc = json.loads(out.read_text())
    [cand] = doc["candidates"]
    nw = [f for f in cand["findings"] if f["code"] == "NW001"]
    assert (
        res.exit_code == 1
        and nw
        and "A-1" in nw[0]["message"]
        and "stored scan" in nw[0]["message"]
    )
    assert doc["clusters"][0]["members"] == ["B-7", "A-1"]
