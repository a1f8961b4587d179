"""Triage that sticks: finding fingerprints, `scanner review`, and reviews honoured everywhere.

Every test goes through the CLI (`scanner check`, `review`, `revalidate`) against a real store.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

import scanner.cli_store
import scanner.cli_workflow  # noqa: F401  (registers review, watch, track)
from scanner.cli import app
from scanner.model import Evidence, Finding, fact_fingerprint
from scanner.registry import Hit, registry
from scanner.reporters.json_report import load_schema
from scanner.store import open_store

runner = CliRunner()

# A fictional phone in the reserved range (CT011, low) written with a kept trunk prefix (CT002).
PHONE = "+1 (0) 312 555 0142"


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


def check_json(db: Path, *extra: str, pid: str = "A-1", phone: str = PHONE) -> tuple[int, Any]:
    result = cli(
        "check",
        "--id",
        pid,
        "--name",
        "Dana Whitfield",
        "--phone",
        phone,
        "--email",
        "dana.whitfield@example.com",
        "--location",
        "Chicago, IL",
        "--db",
        str(db),
        "--format",
        "json",
        "--offline",
        *extra,
    )
    assert "Traceback" not in result.output, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema())
    return result.exit_code, doc


def findings(doc: Any) -> dict[str, Any]:
    return {f["code"]: f for f in doc["candidates"][0]["findings"]}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "h.db"


# -- fingerprints ------------------------------------------------------------------------------
def test_fingerprint_is_code_and_facts_not_wording() -> None:
    def finding(message: str, value: str, note: str = "", field: str = "phone") -> Finding:
        return Finding(
            "CT002", "t", registry["CT002"].category, registry["CT002"].severity, 0.8, message,
            (Evidence(0, field, value, note),),
        )  # fmt: skip

    a = finding("Phone written unlike its country's conventions", "+1 (0) 312 555 0142")
    b = finding("The phone keeps a trunk prefix", "+1  (0) 312 555 0142", note="expected e.g. …")
    c = finding("The phone keeps a trunk prefix", "+1 (0) 312 555 0143")
    assert a.fingerprint == b.fingerprint != c.fingerprint
    assert len(a.fingerprint) == 32
    assert fact_fingerprint("CT002", ["x"]) != fact_fingerprint("CT003", ["x"])


def test_fingerprints_are_in_the_report_and_stable_across_runs(db: Path) -> None:
    _, first = check_json(db)
    _, second = check_json(db)
    fps = {c: f["fingerprint"] for c, f in findings(first).items()}
    assert fps and fps == {c: f["fingerprint"] for c, f in findings(second).items()}
    assert first["schema_version"] == "1.1"


def test_a_reworded_finding_is_not_alerted_again(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check's wording (message, field names, notes) changes between releases;
    re-validation must not send the same phone's finding as new."""
    check_json(db, "--track")
    spec = registry["CT002"]
    real = spec.func

    def reworded(candidate: Any, ctx: Any) -> Iterator[Hit]:
        for hit in real(candidate, ctx):
            yield Hit(
                "Reworded: " + hit.message.upper(),
                [Evidence(e.source, f"contact.{e.field}", e.value, "new") for e in hit.evidence],
                hit.confidence,
            )

    monkeypatch.setitem(registry._checks, "CT002", dataclasses.replace(spec, func=reworded))
    result = cli("revalidate", "--db", str(db), "--format", "json", "--offline")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema())
    [cand] = doc["candidates"]
    assert cand["findings"] == []  # nothing new: same facts, other words
    assert result.exit_code == 0


# -- scanner review ----------------------------------------------------------------------------
def test_review_records_a_disposition_and_the_report_shows_it(db: Path) -> None:
    _, doc = check_json(db)
    fp = findings(doc)["CT011"]["fingerprint"]
    result = cli(
        "review", "A-1", "CT011", "--status", "false-positive",
        "--reason", "the applicant's test line", "--by", "alice", "--db", str(db),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "false-positive" in result.output and fp[:12] in result.output
    _, again = check_json(db)
    review = findings(again)["CT011"]["review"]
    assert review["status"] == "false-positive" and review["by"] == "alice"
    assert review["reason"] == "the applicant's test line" and review["at"].endswith("Z")
    assert "review" not in findings(again)["CT002"]


def test_false_positives_leave_the_score_and_the_exit_code(db: Path) -> None:
    code, doc = check_json(db, "--fail-on", "low")
    before = doc["candidates"][0]["risk"]
    assert code == 1
    for c in findings(doc):
        assert (
            cli("review", "A-1", c, "--status", "false-positive", "--reason", "checked by phone",
                "--db", str(db)).exit_code == 0
        )  # fmt: skip
    code, doc = check_json(db, "--fail-on", "low")
    risk = doc["candidates"][0]["risk"]
    assert risk["score"] == 0 and risk["score"] < before["score"] and risk["contributions"] == []
    assert all(f["review"]["status"] == "false-positive" for f in findings(doc).values())
    assert code == 0


def test_confirmed_and_needs_info_still_count(db: Path) -> None:
    _, doc = check_json(db)
    before = doc["candidates"][0]["risk"]["score"]
    cli("review", "A-1", "CT002", "--status", "confirmed", "--reason", "x", "--db", str(db))
    cli("review", "A-1", "CT011", "--status", "needs-info", "--reason", "ask", "--db", str(db))
    _, doc = check_json(db)
    assert doc["candidates"][0]["risk"]["score"] == before


def test_reviews_are_an_append_only_trail_and_the_latest_is_in_force(db: Path) -> None:
    _, doc = check_json(db)
    fp = findings(doc)["CT002"]["fingerprint"]
    cli("review", "A-1", fp[:8], "--status", "needs-info", "--reason", "call them", "--by", "bo",
        "--db", str(db))  # fmt: skip
    cli("review", "A-1", fp, "--status", "cleared", "--reason", "explained", "--by", "cy",
        "--db", str(db))  # fmt: skip
    listed = cli("review", "A-1", "--db", str(db), "--format", "json")
    rows = json.loads(listed.stdout)
    assert [(r["status"], r["by"]) for r in rows] == [("needs-info", "bo"), ("cleared", "cy")]
    assert all(r["fingerprint"] == fp for r in rows)
    text = cli("review", "A-1", "--db", str(db)).stdout
    assert "needs-info" in text and "cleared" in text and "call them" in text
    _, doc = check_json(db)
    assert findings(doc)["CT002"]["review"]["status"] == "cleared"
    with open_store(db) as store, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE reviews SET status = 'confirmed'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["A-1", "CT002", "--status", "confirmed"], "--reason is required"),
        (["A-1", "--status", "confirmed", "--reason", "x"], "give the finding"),
        (["A-1", "TL001", "--status", "confirmed", "--reason", "x"], "no TL001 finding"),
        (["A-1", "beefbeef", "--status", "confirmed", "--reason", "x"], "no finding of"),
        (["A-1", "nonsense!", "--status", "confirmed", "--reason", "x"], "neither a check code"),
        (["NOBODY", "CT002", "--status", "confirmed", "--reason", "x"], "no stored scans"),
    ],
)
def test_review_usage_errors_are_clear(db: Path, args: list[str], message: str) -> None:
    check_json(db)
    result = cli("review", *args, "--db", str(db))
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_two_findings_of_one_code_need_the_fingerprint(db: Path) -> None:
    """Two phones, each written against convention: CT002 twice; the code alone is ambiguous."""
    result = cli(
        "check", "--id", "B-2", "--name", "Lee Park", "--phone", "+1 (0) 312 555 0142",
        "--references", "x", "--db", str(db), "--format", "json", "--offline",
        "--email", "lee@example.com",
    )  # fmt: skip
    doc = json.loads(result.stdout)
    ct = [f for f in doc["candidates"][0]["findings"] if f["code"] == "CT011"]
    assert len(ct) == 1
    with open_store(db) as store:
        scan_id = store.scan_ids("B-2")[0]
        row = store.conn.execute(
            "SELECT finding_json FROM findings WHERE scan_id = ? AND code = 'CT011'", (scan_id,)
        ).fetchone()
        twin = json.loads(row[0])
        twin["evidence"][0]["value"] = "(312) 555-0199"
        twin.pop("fingerprint")
        from scanner.store.serialise import dumps, finding_from_dict

        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO findings (scan_id, idx, code, severity, fingerprint, finding_json) "
                "VALUES (?, 99, 'CT011', 'low', ?, ?)",
                (scan_id, finding_from_dict(twin).fingerprint, dumps(twin)),
            )
    result = cli("review", "B-2", "CT011", "--status", "cleared", "--reason", "x", "--db", str(db))
    assert result.exit_code == 2 and "give the fingerprint of one" in result.output


def test_a_reviewed_finding_is_not_alerted_unless_its_facts_change(
    db: Path, tmp_path: Path
) -> None:
    """Reviewed on a finding never alerted before: re-validation stays quiet about it; when the
    facts change (another phone), the finding is new and alerted."""
    from store_helpers import install_fake_extractor, profile, write_profile_file

    install_fake_extractor()
    li = write_profile_file(tmp_path / "li.json", profile(phones=["+1 (0) 312 555 0142"]))
    result = cli("check", str(li), "--id", "A-1", "--db", str(db), "--format", "json", "--track")
    [ct002] = [
        f for f in json.loads(result.stdout)["candidates"][0]["findings"] if f["code"] == "CT002"
    ]
    with open_store(db) as store:  # as if that report had never been shown
        store.conn.execute("DELETE FROM alerts")
    cli("review", "A-1", "CT002", "--status", "cleared", "--reason", "ok", "--db", str(db))
    doc = json.loads(cli("revalidate", "--db", str(db), "--format", "json").stdout)
    assert "CT002" not in [f["code"] for f in doc["candidates"][0]["findings"]]
    write_profile_file(li, profile(phones=["+1 (0) 312 555 0177"]))
    doc = json.loads(cli("revalidate", "--db", str(db), "--format", "json").stdout)
    [new] = [f for f in doc["candidates"][0]["findings"] if f["code"] == "CT002"]
    assert new["fingerprint"] != ct002["fingerprint"] and "review" not in new


# -- scanner checks CODE -------------------------------------------------------------------------
def test_checks_code_prints_one_checks_full_documentation() -> None:
    result = cli("checks", "tl001")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("TL001: Overlapping full-time positions")
    assert "default severity: medium" in out and "overlap_months = 3" in out
    assert "Verify by hand:" in out and "\n    " not in out  # dedented
    doc = json.loads(cli("checks", "NW009", "--format", "json").stdout)
    assert doc["code"] == "NW009" and doc["severity"] == "high" and doc["verify"]


def test_checks_code_unknown_suggests_the_nearest() -> None:
    result = cli("checks", "NW01")
    assert result.exit_code == 2 and "did you mean 'NW001'" in result.output


def test_a_reviewed_incomplete_candidate_stays_unverified(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    _, doc = check_json(db, "--resume", str(broken))
    for code in findings(doc):
        if code not in ("SRC001",):
            cli(
                "review",
                "A-1",
                code,
                "--status",
                "false-positive",
                "--reason",
                "x",
                "--db",
                str(db),
            )
    _, doc = check_json(db, "--resume", str(broken))
    cand = doc["candidates"][0]
    assert cand["complete"] is False and cand["risk"]["level"] == "unverified"


def test_batch_csv_and_xlsx_show_fingerprints_and_reviews(db: Path, tmp_path: Path) -> None:
    import csv
    import io

    import openpyxl

    import scanner.cli_batch  # noqa: F401  (registers batch)

    sheet = tmp_path / "a.csv"
    sheet.write_text(f"Candidate ID,Name,Phone\nA-1,Dana Whitfield,{PHONE}\n", encoding="utf-8")
    cli("batch", str(sheet), "--db", str(db), "--offline", "-q", "--out", str(tmp_path / "1.json"))
    cli("review", "A-1", "CT011", "--status", "cleared", "--reason", "test line", "--by", "bo",
        "--db", str(db))  # fmt: skip
    out = tmp_path / "2.xlsx"
    cli(
        "batch",
        str(sheet),
        "--db",
        str(db),
        "--offline",
        "-q",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    ws = openpyxl.load_workbook(out)["Findings"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    [ct011] = [r for r in rows if r["code"] == "CT011"]
    assert len(ct011["fingerprint"]) == 32 and ct011["review"].startswith("cleared by bo on ")
    text = cli("batch", str(sheet), "--db", str(db), "--offline", "-q", "--format", "csv").stdout
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["reviewed"] == "CT011 cleared by bo"
