"""The store in every lookup: the watchlist (NW009), store-aware `check`, re-run batches, and who
is tracked for re-validation (`track`, `untrack`, `tracked`, `--track`). All through the CLI."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from store_helpers import install_fake_extractor, position, profile, write_profile_file
from typer.testing import CliRunner

import scanner.cli_batch
import scanner.cli_store
import scanner.cli_workflow  # noqa: F401  (registers review, watch, track)
from scanner.cli import app
from scanner.reporters.json_report import load_schema
from scanner.store import open_store

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fake_extractor() -> Iterator[None]:
    import extractors.dispatch as dispatch

    real = dispatch.extract
    install_fake_extractor()
    yield
    dispatch.extract = real


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


def report_of(result: Any) -> Any:
    assert "Traceback" not in result.output, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema())
    return doc


def check(db: Path, pid: str, *extra: str, name: str = "Jordan Vale") -> Any:
    return report_of(
        cli("check", "--id", pid, "--name", name, "--db", str(db), "--format", "json",
            "--offline", *extra)
    )  # fmt: skip


def codes(doc: Any, i: int = 0) -> list[str]:
    return [f["code"] for f in doc["candidates"][i]["findings"]]


def of(doc: Any, code: str, i: int = 0) -> list[Any]:
    return [f for f in doc["candidates"][i]["findings"] if f["code"] == code]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "h.db"


# -- the watchlist and NW009 --------------------------------------------------------------------
def test_nw009_fires_on_a_watched_phone_written_another_way(db: Path) -> None:
    added = cli("watch", "add", "phone", "+1 (312) 555-0126", "--reason", "confirmed ring, case 12",
                "--by", "alice", "--db", str(db))  # fmt: skip
    assert added.exit_code == 0, added.output
    doc = check(db, "N-1", "--phone", "312.555.0126")
    [nw] = of(doc, "NW009")
    assert nw["severity"] == "high"
    assert "confirmed ring, case 12" in nw["message"] and "alice" in nw["message"]
    assert {"watchlist.phone", "phone"} <= {e["field"] for e in nw["evidence"]}


def test_nw009_quiet_when_no_identifier_is_watched(db: Path) -> None:
    cli("watch", "add", "email", "ops@example.org", "--reason", "case 3", "--db", str(db))
    doc = check(db, "N-2", "--phone", "312.555.0131", "--email", "n2@example.com")
    assert "NW009" not in codes(doc)
    assert "NW009" not in [n["code"] for n in doc["candidates"][0]["checks_not_run"]]


def test_nw009_quiet_without_a_watchlist_says_why(db: Path) -> None:
    doc = check(db, "N-3", "--phone", "312.555.0131")
    [why] = [n["reason"] for n in doc["candidates"][0]["checks_not_run"] if n["code"] == "NW009"]
    assert "watchlist" in why


def test_nw009_fires_on_mailbox_aliases_addresses_and_documents(db: Path, tmp_path: Path) -> None:
    resume = write_profile_file(tmp_path / "cv.json", profile("Jordan Vale"), kind=_resume())
    for kind, value in (
        ("email", "jordan.vale@gmail.com"),
        ("address", "77 Harbor View Dr Apt 4, Chicago, IL 60431"),
        ("document", str(resume)),
    ):
        assert (
            cli("watch", "add", kind, value, "--reason", f"{kind} case", "--db", str(db)).exit_code
            == 0
        )
    doc = check(db, "N-4", "--email", "Jordan.Vale+jobs@googlemail.com",
                "--shipping-address", "77 Harbor View Drive #4, Chicago IL 60431",
                "--resume", str(resume))  # fmt: skip
    reasons = sorted(f["message"].rsplit(": ", 1)[1] for f in of(doc, "NW009"))
    assert reasons == ["address case.", "document case.", "email case."]


def _resume() -> Any:
    from extractors.model import SourceKind

    return SourceKind.RESUME


def test_nw009_fires_in_batch_and_in_revalidation(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "applicants.csv"
    with sheet.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Candidate ID", "Name", "Phone", "Email"])
        w.writerow(["B-1", "Robin Hale", "(312) 555-0150", "robin@example.com"])
        w.writerow(["B-2", "Sky Marsh", "(312) 555-0151", "sky@example.com"])
    cli("watch", "add", "phone", "312-555-0151", "--reason", "laptop farm, case 9", "--db", str(db))
    doc = report_of(cli("batch", str(sheet), "--db", str(db), "--offline", "-q", "--track"))
    assert "NW009" not in codes(doc, 0) and "NW009" in codes(doc, 1)
    cli("watch", "add", "email", "robin@example.com", "--reason", "case 10", "--db", str(db))
    rv = report_of(cli("revalidate", "--db", str(db), "--format", "json", "--offline"))
    [robin] = [c for c in rv["candidates"] if c["id"] == "B-1"]
    assert [f["code"] for f in robin["findings"]] == ["NW009"]  # only what is new
    assert "case 10" in robin["findings"][0]["message"]


def test_watch_list_remove_and_the_audit_trail(db: Path) -> None:
    cli("watch", "add", "github", "https://github.com/ring-dev", "--reason", "case 4", "--by",
        "alice", "--db", str(db))  # fmt: skip
    again = cli("watch", "add", "github", "Ring-Dev", "--reason", "dup", "--db", str(db))
    assert again.exit_code == 0 and "already on the watchlist" in again.output
    rows = json.loads(cli("watch", "list", "--db", str(db), "--format", "json").stdout)
    assert [(r["kind"], r["key"], r["added_by"]) for r in rows] == [("github", "ring-dev", "alice")]
    gone = cli("watch", "remove", "github", "ring-dev", "--reason", "cleared", "--by", "bo",
               "--db", str(db))  # fmt: skip
    assert gone.exit_code == 0
    assert json.loads(cli("watch", "list", "--db", str(db), "--format", "json").stdout) == []
    trail = json.loads(cli("watch", "list", "--all", "--db", str(db), "--format", "json").stdout)
    assert trail[0]["removed_by"] == "bo" and trail[0]["removed_reason"] == "cleared"
    doc = check(db, "N-5", "--github", "ring-dev")
    assert "NW009" not in codes(doc)
    assert cli("watch", "remove", "github", "ring-dev", "--db", str(db)).exit_code == 2


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("address", "Chicago, IL", "not a street address"),
        ("phone", "n/a", "not a phone"),
        ("document", "not-a-file-or-hash", "not a document"),
    ],
)
def test_watch_refuses_values_that_identify_nobody(
    db: Path, kind: str, value: str, message: str
) -> None:
    result = cli("watch", "add", kind, value, "--reason", "x", "--db", str(db))
    assert result.exit_code == 2 and message in result.output


# -- store-aware check ---------------------------------------------------------------------------
def test_check_compares_with_the_people_in_the_store(db: Path) -> None:
    check(db, "R-1", "--phone", "(312) 555-0160", name="Casey Ring")
    check(db, "R-2", "--phone", "312 555 0160", name="Drew Ring")
    doc = check(db, "N-6", "--phone", "+1 312-555-0160")
    [nw] = of(doc, "NW001")
    assert "2 other applicants" in nw["message"] and "R-1" in nw["message"]
    assert doc["clusters"][0]["members"] == ["N-6", "R-1", "R-2"]


def test_a_rescan_never_counts_the_persons_own_earlier_scan(db: Path) -> None:
    check(db, "R-1", "--phone", "(312) 555-0160", name="Casey Ring")
    for _ in range(3):
        doc = check(db, "N-7", "--phone", "+1 312-555-0160")
    [nw] = of(doc, "NW001")
    assert "another applicant: R-1" in nw["message"]
    assert doc["clusters"][0]["members"] == ["N-7", "R-1"]


def test_check_without_a_store_says_nw_did_not_run(tmp_path: Path) -> None:
    doc = report_of(
        cli("check", "--id", "X", "--name", "X Y", "--phone", "(312) 555-0160", "--no-db",
            "--format", "json", "--offline")
    )  # fmt: skip
    not_run = {n["code"] for n in doc["candidates"][0]["checks_not_run"]}
    assert {"NW001", "NW009"} <= not_run


def test_a_rerun_batch_counts_each_applicant_once(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "ring.csv"
    with sheet.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Candidate ID", "Name", "Phone"])
        for i, name in enumerate(("Ash Kim", "Birch Low", "Cedar Noor", "Dale Ott")):
            w.writerow([f"F-{i}", name, "(312) 555-0170"])
    first = report_of(cli("batch", str(sheet), "--db", str(db), "--offline", "-q"))
    second = report_of(cli("batch", str(sheet), "--db", str(db), "--offline", "-q"))
    for doc in (first, second):
        assert [c["members"] for c in doc["clusters"]] == [["F-0", "F-1", "F-2", "F-3"]]
        for i in range(4):
            [nw] = of(doc, "NW001", i)
            assert "3 other applicants" in nw["message"] and "stored scan" not in nw["message"]
    assert [f["fingerprint"] for f in of(first, "NW001", 0)] == [
        f["fingerprint"] for f in of(second, "NW001", 0)
    ]


# -- tracking -------------------------------------------------------------------------------------
def _person(db: Path, tmp_path: Path, pid: str, *extra: str) -> Path:
    jobs = (position(f"Org {pid}", "Engineer", "2019-01"),)
    f = write_profile_file(
        tmp_path / f"{pid}.json",
        profile(f"Person {pid}", slug=pid.lower(), jobs=jobs, emails=[f"{pid}@example.com"],
                phones=[], photo=[]),
    )  # fmt: skip
    result = cli("check", str(f), "--id", pid, "--db", str(db), "--format", "json", *extra)
    assert result.exit_code in (0, 1, 3), result.output
    return f


def test_revalidate_rechecks_only_the_tracked_people(db: Path, tmp_path: Path) -> None:
    _person(db, tmp_path, "H-1", "--track")
    _person(db, tmp_path, "H-2", "--hired")
    _person(db, tmp_path, "A-3")  # an applicant, never hired
    rv = report_of(cli("revalidate", "--db", str(db), "--format", "json", "--offline"))
    assert sorted(c["id"] for c in rv["candidates"]) == ["H-1", "H-2"]
    listed = json.loads(cli("tracked", "--db", str(db), "--format", "json").stdout)
    assert [p["id"] for p in listed] == ["H-1", "H-2"]
    assert listed[0]["reason"] == "--track on check"


def test_track_untrack_keep_the_scans_and_the_trail(db: Path, tmp_path: Path) -> None:
    _person(db, tmp_path, "H-1")
    assert cli("track", "H-1", "--reason", "hired, contract 7", "--by", "alice",
               "--db", str(db)).exit_code == 0  # fmt: skip
    assert "H-1" in cli("tracked", "--db", str(db)).stdout
    out = cli("untrack", "H-1", "--reason", "contract ended", "--by", "bo", "--db", str(db))
    assert out.exit_code == 0 and "no longer tracking H-1" in out.output
    assert "nobody is tracked" in cli("tracked", "--db", str(db)).stdout
    with open_store(db) as store:
        assert len(store.history("H-1")) == 1  # untrack is not erasure
        trail = store.tracking_trail("H-1")
    assert [(a, by, why) for a, _, by, why in trail] == [
        ("track", "alice", "hired, contract 7"),
        ("untrack", "bo", "contract ended"),
    ]
    rv = cli("revalidate", "--db", str(db), "--format", "json", "--offline")
    assert report_of(rv)["candidates"] == [] and "nobody is tracked" in rv.output


def test_tracking_usage_errors(db: Path, tmp_path: Path) -> None:
    _person(db, tmp_path, "H-1")
    result = cli("track", "H-1", "NOPE", "--db", str(db))
    assert result.exit_code == 2 and "'NOPE'" in result.output
    result = cli("check", "--name", "A B", "--no-db", "--track", "--offline")
    assert result.exit_code == 2 and "--no-db" in result.output


def test_revalidate_with_workers_gives_the_same_result(db: Path, tmp_path: Path) -> None:
    files = {pid: _person(db, tmp_path, pid, "--track") for pid in ("W-1", "W-2", "W-3")}
    for pid, f in files.items():
        jobs = (position(f"Org {pid}", "Engineer", "2019-01"),)
        write_profile_file(
            f, profile(f"Renamed {pid} Other", slug=pid.lower(), jobs=jobs,
                       emails=[f"{pid}@example.com"], phones=[], photo=[])
        )  # fmt: skip
    result = cli("revalidate", "--db", str(db), "--format", "json", "--workers", "3")
    doc = report_of(result)
    assert sorted(c["id"] for c in doc["candidates"]) == ["W-1", "W-2", "W-3"]
    assert all("HJ001" in [f["code"] for f in c["findings"]] for c in doc["candidates"])
    assert "3 of 3 people re-validated" in result.output
    with open_store(db) as store:
        assert all(store.history(p)[0].origin == "revalidate" for p in files)


def test_a_worker_killed_during_revalidation_fails_only_its_person(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    import scanner.store.revalidate as rv

    for pid in ("W-1", "W-2", "W-3"):
        _person(db, tmp_path, pid, "--track")
    real = rv.check_person

    def dies_on_w2(task: Any, settings: Any) -> Any:
        if task.person_id == "W-2":
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(task, settings)

    monkeypatch.setattr(rv, "check_person", dies_on_w2)
    result = cli("revalidate", "--db", str(db), "--format", "json", "--workers", "2")
    doc = report_of(result)
    assert sorted(c["id"] for c in doc["candidates"]) == ["W-1", "W-3"]
    assert any("W-2: could not be re-validated" in n and "SIGKILL" in n for n in doc["notes"])
    assert result.exit_code == 3  # incomplete: one person was not re-validated
