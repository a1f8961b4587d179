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
        run_local(open_sheet(path), settings, workers=1, progress=False), settings, external=stored
    )
    remote = run_spark(open_sheet(path), settings, external=stored, spark=spark, partitions=3)

    assert len(remote.clusters) == 2
    assert "P-900" in remote.clusters[1].members  # the stored person joins ring 2
    assert _canon(remote) == _canon(local)
