"""Render an applicant set to files and run it through the real command line.

Batch applicants go into one spreadsheet (CSV for the development set, XLSX with other header
names for the held-out set) and through `scanner batch --no-db --offline --format json`. The
check track goes through `scanner check --db` one candidate at a time, after the stored
engineers' profiles were imported with `scanner import-profiles`; a candidate with an earlier
profile snapshot is scanned twice under one id (the earlier profile first). Only the JSON
reports are read back: the benchmark does not depend on the scanner's internals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .generate import BenchSet
from .github import FakeGithub
from .model import Applicant
from .render import render_applicant, write_sheet

ROOT = Path(__file__).resolve().parents[2]
IGNORE = "CT011"  # every synthetic phone is in a fictional range by rule (see frauds.SKIPPED)
CHECK_FLAGS = {"name": "--name", "email": "--email", "phone": "--phone", "location": "--location",
               "address": "--address", "shipping_address": "--shipping-address",
               "references": "--references"}  # fmt: skip


@dataclass
class Outcome:
    """What the scanner reported for one applicant."""

    level: str
    findings: list[dict[str, Any]]
    complete: bool = True
    error: str = ""


@dataclass
class RunResult:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    clusters: list[list[str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _render_one(args: tuple[Path, Applicant]) -> dict[str, str]:
    folder, a = args
    return render_applicant(folder, a)


def render_all(bs: BenchSet, folder: Path, workers: int) -> dict[str, dict[str, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    everyone = bs.applicants + bs.engineers
    jobs = [(folder, a) for a in everyone]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            rows = list(pool.map(_render_one, jobs, chunksize=4))
    else:
        rows = [_render_one(j) for j in jobs]
    return {a.id: row for a, row in zip(everyone, rows, strict=True)}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    return env


def _scanner(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scanner", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=3600)  # fmt: skip


def _outcome(c: dict[str, Any]) -> Outcome:
    return Outcome(c["risk"]["level"], c.get("findings", []), bool(c.get("complete", True)))


def run_batch(
    bs: BenchSet, rows: dict[str, dict[str, str]], folder: Path, workers: int, result: RunResult
) -> None:
    batch = [a for a in bs.applicants if a.track == "batch"]
    dialect = "csv" if bs.split == "dev" else "xlsx"
    sheet = folder / f"applicants.{dialect}"
    write_sheet(sheet, [rows[a.id] for a in batch], dialect)
    report = folder / "batch-report.json"
    args = ["batch", sheet.name, "--no-db", "--format", "json", "--out", report.name,
            "--quiet", "--workers", str(workers), "--ignore", IGNORE]  # fmt: skip
    apis = {
        p.parent.name: json.loads(p.read_text(encoding="utf-8"))
        for p in folder.glob("github/*/api.json")
    }
    if not apis:
        proc = _scanner([*args, "--offline"], folder)
    else:  # GitHub accounts from the fake API on 127.0.0.1, their repositories cloned locally
        (folder / "bench.toml").write_text('[rate_limits]\n"127.0.0.1" = 0.0\n', encoding="utf-8")
        with FakeGithub(apis) as api:
            proc = _scanner([*args, "--github-api-url", api.url, "--allow-private-network",
                             "--config", "bench.toml"], folder)  # fmt: skip
    if proc.returncode not in (0, 1, 3) or not report.is_file():
        result.errors.append(
            f"scanner batch exited {proc.returncode}: {proc.stderr.strip()[-2000:]}"
        )
        return
    data = json.loads(report.read_text(encoding="utf-8"))
    for c in data["candidates"]:
        result.outcomes[c["id"]] = _outcome(c)
    result.clusters = [list(c["members"]) for c in data.get("clusters", [])]


def _check_args(a: Applicant, row: dict[str, str], linkedin: str | None) -> list[str]:
    args = ["check"]
    if row.get("resume"):
        args.append(row["resume"])
    if linkedin:
        args.append(linkedin)
    args += ["--id", a.id, "--offline", "--format", "json", "--ignore", IGNORE]
    for key, flag in CHECK_FLAGS.items():
        if a.app.get(key):
            args += [flag, a.app[key]]
    if row.get("photo"):
        args += ["--photo", row["photo"]]
    return args


def run_check_track(
    bs: BenchSet, rows: dict[str, dict[str, str]], folder: Path, result: RunResult
) -> None:
    store = folder / "history.db"
    if bs.engineers:
        paths = [rows[e.id]["linkedin"] for e in bs.engineers if rows[e.id].get("linkedin")]
        proc = _scanner(["import-profiles", *paths, "--db", store.name], folder)
        if proc.returncode != 0:
            result.errors.append(
                f"scanner import-profiles exited {proc.returncode}: {proc.stderr.strip()[-1000:]}"
            )
    for a in (x for x in bs.applicants if x.track == "check"):
        row = rows[a.id]
        for kind, value in a.watch:
            proc = _scanner(
                [
                    "watch",
                    "add",
                    kind,
                    value,
                    "--reason",
                    "confirmed case (benchmark)",
                    "--db",
                    store.name,
                ],
                folder,
            )
            if proc.returncode != 0:
                result.errors.append(
                    f"{a.id}: scanner watch add exited {proc.returncode}: {proc.stderr.strip()[-300:]}"
                )
        if row.get("earlier_linkedin"):
            first = _scanner(
                [
                    *_check_args(a, row, row["earlier_linkedin"]),
                    "--db",
                    store.name,
                    "--out",
                    f"{a.id}-earlier.json",
                ],
                folder,
            )
            if first.returncode not in (0, 1, 3):
                result.errors.append(
                    f"{a.id}: earlier scan exited {first.returncode}: {first.stderr.strip()[-500:]}"
                )
        out = folder / f"{a.id}-report.json"
        proc = _scanner(
            [*_check_args(a, row, row.get("linkedin")), "--db", store.name, "--out", out.name],
            folder,
        )
        if proc.returncode not in (0, 1, 3) or not out.is_file():
            result.errors.append(
                f"{a.id}: scanner check exited {proc.returncode}: {proc.stderr.strip()[-500:]}"
            )
            continue
        data = json.loads(out.read_text(encoding="utf-8"))
        result.outcomes[a.id] = _outcome(data["candidates"][0])


def run_set(bs: BenchSet, folder: Path, workers: int = 2) -> RunResult:
    for a in bs.applicants:  # `scanner check` has no résumé-text field
        if a.track == "check" and a.rdoc.format == "inline":
            a.rdoc.format = "txt"
    rows = render_all(bs, folder, workers)
    result = RunResult()
    run_batch(bs, rows, folder, workers, result)
    run_check_track(bs, rows, folder, result)
    for a in bs.applicants:
        if a.id not in result.outcomes:
            result.errors.append(f"{a.id}: no result in any report")
    return result
