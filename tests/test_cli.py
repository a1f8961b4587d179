"""The command line as users script it: exit codes, JSON on stdout, clear errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from scanner.reporters.json_report import load_schema

ROOT = Path(__file__).resolve().parent.parent
DANA = ROOT / "fixtures" / "candidates" / "dana-whitfield"
BAD = ROOT / "fixtures" / "bad"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scanner", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def validate(doc: dict) -> None:
    jsonschema.validate(doc, load_schema())


def test_help_lists_commands() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "check" in proc.stdout and "checks" in proc.stdout


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("scanner ")


def test_checks_json_lists_catalogue() -> None:
    proc = run("checks", "--format", "json")
    rows = json.loads(proc.stdout)
    assert {"TL001", "CT001", "SRC001"} <= {r["code"] for r in rows}
    assert all(r["docs"] for r in rows)


def test_check_json_to_stdout_is_only_json_and_valid() -> None:
    proc = run(
        "check",
        "--no-db",
        "--resume",
        str(DANA / "resume.pdf"),
        "--name",
        "Dana Whitfield",
        "--phone",
        "+1 (0) 512 555 0142",
        "--email",
        "dana.whitfield@example.com",
        "--location",
        "Austin, TX",
        "--format",
        "json",
    )
    assert_no_traceback(proc)
    doc = json.loads(proc.stdout)
    validate(doc)
    cand = doc["candidates"][0]
    assert cand["id"] == "dana-whitfield"
    assert [s["kind"] for s in cand["sources"]] == ["application", "resume"]
    assert cand["complete"] is True
    codes = {f["code"] for f in cand["findings"]}
    assert "CT002" in codes  # the trunk prefix kept after +1
    assert proc.returncode == 0  # nothing high: --fail-on defaults to high


def test_fail_on_medium_exits_1() -> None:
    proc = run(
        "check",
        "--no-db",
        "--name",
        "Dana Whitfield",
        "--phone",
        "+1 (0) 512 555 0142",
        "--fail-on",
        "medium",
        "--format",
        "json",
    )
    assert proc.returncode == 1, proc.stderr


def test_out_writes_file_and_kind_from_content(tmp_path: Path) -> None:
    disguised = tmp_path / "cv.bin"
    disguised.write_bytes((DANA / "resume.docx").read_bytes())
    out = tmp_path / "report.json"
    proc = run("check", "--no-db", str(disguised), "--format", "json", "--out", str(out))
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stdout == ""
    doc = json.loads(out.read_text())
    validate(doc)
    assert doc["candidates"][0]["sources"][0]["format"] == "docx"


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--resume", "/nonexistent/cv.pdf"], "no such file"),
        (["check", "--resume", "."], "is a directory"),
        (["check", "--format", "yaml", "--name", "x"], "yaml"),
        (["check", "--select", "ZZ999", "--name", "x"], "unknown check code"),
        (["check"], "nothing to check"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    proc = run(*args, "--no-db")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert_no_traceback(proc)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.pdf", "empty"),
        ("garbage.pdf", ""),
        ("truncated.pdf", ""),
        ("encrypted.pdf", "encrypted"),
        ("image-only.pdf", "text"),
        ("bomb.docx", ""),
        ("entity-bomb.docx", ""),
        ("malformed-resume.json", ""),
        ("binary.txt", ""),
    ],
)
def test_unreadable_source_is_src001_and_exit_3(name: str, reason: str) -> None:
    """A bad file never stops the scan: SRC001 says why, the other sources are still checked."""
    proc = run(
        "check",
        "--no-db",
        str(BAD / name),
        "--name",
        "Dana Whitfield",
        "--email",
        "dana.whitfield@example.com",
        "--phone",
        "+1 512-555-0142",
        "--format",
        "json",
    )
    assert_no_traceback(proc)
    doc = json.loads(proc.stdout)
    validate(doc)
    cand = doc["candidates"][0]
    assert cand["complete"] is False
    bad = cand["sources"][1]
    assert bad["status"] == "error" and bad["error"]
    assert reason.lower() in bad["error"].lower()
    src = [f for f in cand["findings"] if f["code"] == "SRC001"]
    assert src and src[0]["evidence"][0]["source"] == 1
    # the application was still checked
    assert any(f["code"] == "CT011" for f in cand["findings"])
    # unable to verify is its own verdict, never clear, and an unreadable file is not suspicion
    assert cand["risk"]["level"] == "unverified"
    assert all(c["code"] != "SRC001" for c in cand["risk"]["contributions"])
    assert proc.returncode == 3


def test_config_file_is_applied(tmp_path: Path) -> None:
    (tmp_path / "scanner.toml").write_text('ignore = ["CT011"]\n[severity]\nCT002 = "high"\n')
    proc = run(
        "check",
        "--no-db",
        "--name",
        "Dana Whitfield",
        "--phone",
        "+1 (0) 512 555 0142",
        "--format",
        "json",
        cwd=tmp_path,
    )
    doc = json.loads(proc.stdout)
    codes = {f["code"]: f["severity"] for f in doc["candidates"][0]["findings"]}
    assert "CT011" not in codes
    assert codes.get("CT002") == "high"
    assert proc.returncode == 1


def test_bad_config_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "scanner.toml").write_text("select = [\n")
    proc = run("check", "--no-db", "--name", "x", cwd=tmp_path)
    assert proc.returncode == 2 and "TOML" in proc.stderr
    assert_no_traceback(proc)


def test_table_output_shows_verdict_and_evidence() -> None:
    proc = run("check", "--no-db", "--name", "Dana Whitfield", "--phone", "+1 (0) 512 555 0142")
    assert "risk" in proc.stdout and "CT002" in proc.stdout
    assert "+1 (0) 512 555 0142" in proc.stdout


def test_check_never_writes_its_report_over_a_file_it_reads(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scanner.cli import app

    cli = CliRunner()
    resume = tmp_path / "resume.txt"
    resume.write_text("Dana Whitfield\nExperience\nEngineer, Acme, 2019 – 2021\n", encoding="utf-8")
    before = resume.read_bytes()
    for args in (["--resume", str(resume)], [str(resume)]):
        res = cli.invoke(
            app, ["check", *args, "--no-db", "--offline", "--format", "json", "-o", str(resume)]
        )
        assert res.exit_code == 2 and "would overwrite it" in res.stderr
    assert resume.read_bytes() == before
