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
    results = run_local(sheet, settings, workers=1)
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


_FIRST = ["Avery", "Blake", "Casey", "Devon", "Emerson", "Finley", "Harper", "Jordan", "Kendall",
          "Logan", "Morgan", "Parker", "Quinn", "Reese", "Riley", "Rowan"]  # fmt: skip
_LAST = [h + t for h in ("Ash", "Bright", "Dun", "Fair", "Holl", "Kett", "Marl", "Oak", "Pend",
                          "Thorn") for t in ("down", "water", "ford", "wood", "ridge", "fern")]  # fmt: skip
_PLACES = [("Chicago", "IL", "606"), ("Austin", "TX", "787"), ("Evanston", "IL", "602")]


def synthetic_applicants(n: int, seed: int = 5) -> list[dict[str, str]]:
    """`n` fictional applicants with what linkage must get right: rings sharing a phone, a
    shipping address or a mailbox, the same person applying twice, a household, a hub phone given
    by many, placeholders, a referee who is another applicant, copied résumé text, LinkedIn URLs."""
    import random

    rng = random.Random(seed)
    rows: list[dict[str, str]] = []

    def phone(k: int) -> str:
        return f"({201 + k % 600}) 555-01{k % 100:02d}"

    def address(k: int) -> str:
        city, state, z = _PLACES[k % 3]
        return f"{10 + k} {rng.choice(['Maple', 'Cedar', 'Willow'])} St, {city}, {state} {z}{k % 90 + 10:02d}"

    k = 0
    while len(rows) < n:
        k += 1
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        row = {
            "id": f"A-{len(rows):05d}",
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}.{k}@example.com",
            "phone": phone(k * 7),
            "location": f"{_PLACES[k % 3][0]}, {_PLACES[k % 3][1]}",
            "address": address(k),
            "linkedin": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{k}",
        }
        roll = rng.random()
        if roll < 0.03:
            row["phone"] = rng.choice(["n/a", "000-000-0000", "123-456-7890"])
            row["email"] = "test@test.com"
        elif roll < 0.05:
            row["phone"] = "(312) 555-0199"  # a hub: an agency's switchboard
        elif roll < 0.07 and rows:
            prev = rows[rng.randrange(len(rows))]  # the same person again
            row = {**prev, "id": row["id"], "email": prev["email"].replace("@", "+again@")}
        elif roll < 0.09 and rows:
            prev = rows[rng.randrange(len(rows))]  # a household: same surname, same address
            row["name"] = f"{first} {prev['name'].split()[-1]}"
            row["address"] = prev["address"]
        elif roll < 0.11 and rows:
            row["references"] = rows[rng.randrange(len(rows))]["phone"]
        elif roll < 0.12:
            row["resume_text"] = RESUME if k % 2 else OTHER_RESUME
        elif roll < 0.17:  # a ring of 2-5 personas
            farm, shared, box = address(90_000 + k), phone(90_000 + k * 3), f"ring{k}.ops"
            for j in range(rng.randint(2, 5)):
                if len(rows) >= n:
                    break
                f2, l2 = rng.choice(_FIRST), rng.choice(_LAST)
                rows.append(
                    {
                        "id": f"A-{len(rows):05d}",
                        "name": f"{f2} {l2}",
                        "email": f"{box}+{j}@example.com"
                        if j % 2
                        else f"{f2}.{l2}.{k}.{j}@example.org".lower(),
                        "phone": shared if j % 2 == 0 else phone(k * 11 + j),
                        "address": address(50_000 + k * 8 + j),
                        "shipping_address": farm.upper() if j % 3 == 1 else farm,
                        "location": "Chicago, IL",
                    }
                )
            continue
        rows.append(row)
    return rows[:n]
