"""Helpers shared by the batch tests: run applicants through the real batch path, read findings."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from scanner.batch.runner import BatchSettings, finish_report, run_local
from scanner.batch.spreadsheet import open_sheet
from scanner.config import Config
from scanner.model import Finding, Report, Severity
from scanner.sources import FetchOptions

FIELDS = ("id", "name", "email", "phone", "location", "address", "shipping_address", "linkedin",
          "github", "references", "resume_text", "resume", "photo")  # fmt: skip


def write_csv(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    cols = [f for f in FIELDS if any(f in r for r in rows)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])
    return path


def run_batch(
    tmp_path: Path, rows: Sequence[Mapping[str, str]], config: Config | None = None, **kw: object
) -> Report:
    """Rows → CSV → the local engine in-process (one worker) → the finished report."""
    sheet_path = write_csv(tmp_path / "applicants.csv", rows)
    sheet = open_sheet(sheet_path)
    settings = BatchSettings.from_config(config or Config(), FetchOptions(offline=True), sheet_path)
    results = run_local(sheet, settings, workers=1, progress=False)
    return finish_report(results, settings, notes=sheet.warnings, **kw)  # type: ignore[arg-type]


def findings(report: Report, cid: str, code: str | None = None) -> list[Finding]:
    cand = next(c for c in report.candidates if c.id == cid)
    return [f for f in cand.findings if code is None or f.code == code]


def scored(report: Report, cid: str, code: str) -> list[Finding]:
    """Findings of `code` above info (the ones that raise the score)."""
    return [f for f in findings(report, cid, code) if f.severity is not Severity.INFO]


RESUME = """Experience
Senior Software Engineer, Globex Systems 2019 – Present
- Designed the billing pipeline in Python, cutting latency by 40%.
- Migrated nightly reconciliation batches to Airflow, saving 30 engineer hours a month.
- Led the payments ledger rewrite in Go for 12 enterprise customers.
Software Engineer, Initech Software 2015 – 2019
- Built an internal metrics service in Kafka, serving 300k requests a day.
- Automated the CI build farm with Terraform within 6 weeks.
- Maintained the partner integration SDK in TypeScript, reducing incidents by 25%.
Education
BS Computer Science, Texas State University 2011 – 2015
Skills
Python, Go, Kafka, Airflow, Terraform, TypeScript
"""

OTHER_RESUME = """Experience
Data Engineer, Tyrell Robotics 2020 – Present
- Scaled a log aggregation cluster on Kubernetes for 40 enterprise customers.
- Rewrote an inventory forecasting model in Spark, cutting costs by 18%.
- Introduced a feature flag platform in React used by 9 product teams.
QA Engineer, Wonka Retail Tech 2016 – 2020
- Documented the mobile API gateway test plan and monitored release quality.
- Optimised a search indexing job in Java within 3 weeks.
Education
BS Information Systems, Northwestern University 2012 – 2016
Skills
Spark, Kubernetes, Java, React, Redis
"""
