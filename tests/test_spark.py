"""`--engine spark` on local[2] gives the same findings and clusters as the local engine."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.spark

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "batch"


def _spark_available() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'profile-scanner[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime for Spark"
    return None


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    why = _spark_available()
    if why:
        if os.environ.get("SCANNER_REQUIRE_SPARK"):
            pytest.fail(f"Spark tests are required here: {why}")
        pytest.skip(why)
    from scanner.batch.spark import get_session

    session = get_session("local[2]")
    yield session
    session.stop()


def _canon(report) -> tuple:  # type: ignore[no-untyped-def]
    cands = [
        (c.id, c.name, c.risk, c.complete, tuple(c.findings), tuple(sorted(c.checks_not_run)))
        for c in report.candidates
    ]
    return tuple(cands), tuple(report.clusters)


def test_spark_engine_matches_local_engine(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from scanner.batch.runner import BatchSettings, finish_report, run_local
    from scanner.batch.spark import run_spark
    from scanner.batch.spreadsheet import open_sheet
    from scanner.config import Config
    from scanner.sources import FetchOptions

    shutil.copytree(DEMO, tmp_path / "batch")
    path = tmp_path / "batch" / "applicants.csv"
    settings = BatchSettings.from_config(Config(), FetchOptions(offline=True), path)
    stored = [("P-900", "s1", "2026-10-02T10:00:00Z", "phone", "+1 512 555 0130")]

    local = finish_report(
        run_local(open_sheet(path), settings, workers=1), settings, external=stored
    )
    remote = run_spark(open_sheet(path), settings, external=stored, spark=spark, partitions=3)

    assert len(remote.clusters) == 2
    assert "P-900" in remote.clusters[1].members  # the stored person joins ring 2
    assert _canon(remote) == _canon(local)


def _cli(*args: str | Path) -> tuple[int, str]:
    from typer.testing import CliRunner

    import scanner.cli_batch  # noqa: F401  (registers the command)
    from scanner.cli import app

    res = CliRunner().invoke(app, ["batch", *map(str, args), "--offline", "--no-db", "--quiet"])
    return res.exit_code, res.stderr


def _plain(doc: dict) -> dict:  # type: ignore[type-arg]
    doc.pop("generated_at", None)
    doc["notes"] = [n for n in doc["notes"] if not n.startswith("engine: spark")]
    for c in doc["candidates"]:
        for s in c["sources"]:
            s.pop("retrieved_at", None)
    return doc


def test_the_streaming_contract_on_spark_is_the_local_engines(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`--engine spark` writes what the local engine writes: the JSON report streamed through the
    driver, JSON Lines and Parquet as folders of part files with `clusters.json` beside them."""
    import json

    from _batch_helpers import synthetic_applicants, write_csv

    sheet = write_csv(tmp_path / "a.csv", synthetic_applicants(240, seed=3))
    config = tmp_path / "scanner.toml"
    config.write_text("[thresholds.NW]\nhub_size = 4\n")
    common = ("--config", config, "-w", "2")
    code, err = _cli(sheet, *common, "--out", tmp_path / "local.json")
    assert code == 1, err
    code, err = _cli(sheet, *common, "--engine", "spark", "--out", tmp_path / "spark.json")
    assert code == 1, err
    local = _plain(json.loads((tmp_path / "local.json").read_text(encoding="utf-8")))
    remote = _plain(json.loads((tmp_path / "spark.json").read_text(encoding="utf-8")))
    assert remote == local
    assert local["clusters"] and any(n.startswith("hub: ") for n in local["notes"])

    folder = tmp_path / "jsonl"
    folder.mkdir()  # an existing folder: part files go in it
    code, err = _cli(sheet, *common, "--engine", "spark", "--format", "jsonl", "--out", folder)
    assert code == 1, err
    parts = sorted((folder / "candidates").glob("part-*"))
    lines = [json.loads(x) for p in parts for x in p.read_text(encoding="utf-8").splitlines()]
    assert _plain({"candidates": lines, "notes": []})["candidates"] == local["candidates"]
    tail = json.loads((folder / "clusters.json").read_text(encoding="utf-8"))
    assert tail["clusters"] == local["clusters"]

    folder = tmp_path / "parquet"
    code, err = _cli(sheet, *common, "--engine", "spark", "--format", "parquet", "--out", folder)
    assert code == 1, err
    table = spark.read.parquet(str(folder / "candidates")).orderBy("index").collect()
    assert [r["id"] for r in table] == [c["id"] for c in local["candidates"]]
    assert [r["score"] for r in table] == [c["risk"]["score"] for c in local["candidates"]]
    got = [json.loads(r["candidate"]) for r in table]
    assert _plain({"candidates": got, "notes": []})["candidates"] == local["candidates"]
