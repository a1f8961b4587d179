"""Alerts people read: `revalidate --webhook-format slack|teams|json`, `--report-url`, the URL from
`$SCANNER_WEBHOOK_URL` or `--webhook-file`, minimal personal data, service limits, exit code 4;
and résumé and site rewrites between scans as findings. Webhooks go to a server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from store_helpers import install_fake_extractor, profile, write_profile_file
from typer.testing import CliRunner

import scanner.cli_store  # noqa: F401  (registers the store commands)
from extractors.model import SourceKind
from scanner.cli import app
from scanner.reporters.json_report import load_schema
from scanner.store.alerts import AlertFormat, AlertLimits, alert_payload

runner = CliRunner()
SECRET_PATH = "/services/T000/B000/s3cr3t-token"


@pytest.fixture(autouse=True)
def _fake_extractor() -> Iterator[None]:
    import extractors.dispatch as dispatch

    real = dispatch.extract
    install_fake_extractor()
    yield
    dispatch.extract = real


class _Hook(BaseHTTPRequestHandler):
    statuses: list[int] = []
    bodies: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).bodies.append(json.loads(body))
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[str, type[_Hook]]]:
    handler = type("Hook", (_Hook,), {"statuses": [], "bodies": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{SECRET_PATH}", handler
    server.shutdown()
    server.server_close()


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env)


HOSTILE_ID = "A-1 <!channel> <https://evil.example|click> [x](https://evil.example) **now**"


@pytest.fixture
def renamed(tmp_path: Path) -> Path:
    """A tracked person (with a hostile id) whose LinkedIn was renamed since: news to alert."""
    db = tmp_path / "h.db"
    li = write_profile_file(tmp_path / "li.json", profile())
    result = cli(
        "check", str(li), "--id", HOSTILE_ID, "--db", str(db), "--format", "json", "--track"
    )
    assert result.exit_code in (0, 1, 3), result.output
    write_profile_file(li, profile("Mallory Stone"))
    return db


def _fast(tmp_path: Path) -> Path:
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[limits]\nwebhook_attempts = 2\nwebhook_backoff = 0.01\n")
    return cfg


PERSONAL = ("Dana Whitfield", "Mallory Stone", "dana.whitfield@example.com", "555-0142", "li.json")


def _no_personal_data(body: Any) -> None:
    text = json.dumps(body, ensure_ascii=False)
    for value in PERSONAL:
        assert value not in text, value


def test_slack_alert_is_block_kit_with_the_report_link_and_escaped_values(
    renamed: Path, hook: tuple[str, type[_Hook]]
) -> None:
    url, handler = hook
    result = cli(
        "revalidate", "--db", str(renamed), "--webhook", url, "--webhook-format", "slack",
        "--report-url", "https://reports.example.org/run/1", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    [body] = handler.bodies
    assert body["blocks"][0]["type"] == "header" and len(body["blocks"]) <= 50
    text = json.dumps(body)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "<https://evil.example|click>" not in text
    assert "HJ001" in text
    [button] = next(b for b in body["blocks"] if b["type"] == "actions")["elements"]
    assert button["url"] == "https://reports.example.org/run/1"
    assert all(len(b["text"]["text"]) <= 3000 for b in body["blocks"] if b["type"] == "section")
    _no_personal_data(body)


def test_teams_alert_is_an_adaptive_card_whose_values_cannot_render_markdown(
    renamed: Path, hook: tuple[str, type[_Hook]]
) -> None:
    url, handler = hook
    cli("revalidate", "--db", str(renamed), "--webhook", url, "--webhook-format", "teams",
        "--report-url", "https://reports.example.org/run/1")  # fmt: skip
    [body] = handler.bodies
    assert body["type"] == "message"
    [att] = body["attachments"]
    assert att["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = att["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert {b["type"] for b in card["body"]} == {"RichTextBlock"}
    runs = [r for b in card["body"] for r in b["inlines"]]
    assert all(r["type"] == "TextRun" for r in runs)  # TextRuns never render markdown
    assert any(r["text"] == HOSTILE_ID for r in runs)
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open the report",
            "url": "https://reports.example.org/run/1",
        }
    ]
    _no_personal_data(body)


def test_json_alert_keeps_a_text_line_and_carries_no_personal_data(
    renamed: Path, hook: tuple[str, type[_Hook]]
) -> None:
    url, handler = hook
    cli("revalidate", "--db", str(renamed), "--webhook", url)
    [body] = handler.bodies
    assert "HJ001" in body["text"]
    [person] = body["people"]
    assert person["id"] == HOSTILE_ID
    assert {f["code"] for f in person["new_findings"]} >= {"HJ001"}
    assert all(len(f["fingerprint"]) == 32 for f in person["new_findings"])
    _no_personal_data(body)


def test_webhook_url_from_the_environment_or_a_file_never_on_screen(
    renamed: Path, hook: tuple[str, type[_Hook]], tmp_path: Path
) -> None:
    url, handler = hook
    result = cli("revalidate", "--db", str(renamed), env={"SCANNER_WEBHOOK_URL": url})
    assert len(handler.bodies) == 1 and SECRET_PATH not in result.output
    write_profile_file(tmp_path / "li.json", profile("Eve Other"))  # news again
    secret = tmp_path / "hook.url"
    secret.write_text(url + "\n")
    result = cli("revalidate", "--db", str(renamed), "--webhook-file", str(secret))
    assert len(handler.bodies) == 2 and SECRET_PATH not in result.output


def test_an_undelivered_alert_is_exit_4_and_says_whether_findings_reached_fail_on(
    renamed: Path, hook: tuple[str, type[_Hook]], tmp_path: Path
) -> None:
    url, handler = hook
    handler.statuses = [500, 500]
    result = cli(
        "revalidate", "--db", str(renamed), "--config", str(_fast(tmp_path)),
        "--format", "json", "--webhook-format", "slack", env={"SCANNER_WEBHOOK_URL": url},
    )  # fmt: skip
    assert result.exit_code == 4
    assert "not delivered" in result.output and "new findings reached --fail-on" in result.output
    assert SECRET_PATH not in result.output and "127.0.0.1" in result.output
    jsonschema.validate(json.loads(result.stdout), load_schema())
    again = cli("revalidate", "--db", str(renamed), "--format", "json", "--webhook", url)
    assert again.exit_code == 1 and len(handler.bodies) == 3  # sent again, delivered


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--webhook", "ftp://example.org/x"], {}, "not an http(s) URL"),
        ([], {"SCANNER_WEBHOOK_URL": "file:///etc/passwd"}, "$SCANNER_WEBHOOK_URL"),
        (["--report-url", "javascript:alert(1)"], {}, "--report-url"),
    ],
)
def test_webhook_settings_are_checked(
    renamed: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = cli("revalidate", "--db", str(renamed), *args, env=env)
    assert result.exit_code == 2 and message in result.output


def test_webhook_file_that_cannot_be_read_is_a_usage_error(renamed: Path, tmp_path: Path) -> None:
    result = cli("revalidate", "--db", str(renamed), "--webhook-file", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "--webhook-file" in result.output


def test_alerts_are_cut_to_the_services_limits() -> None:
    """Three hundred people with news: Slack stays within 50 blocks, Teams within its size, and
    both say how many people were left out."""
    from datetime import UTC, datetime

    from scanner.model import CandidateReport, Category, Finding, Level, Risk, Severity
    from scanner.store.revalidate import PersonResult, RevalidationResult

    def person(i: int) -> PersonResult:
        f = Finding("HJ001", "Profile name changed " + "x" * 200, Category.HIJACK, Severity.HIGH,
                    0.9, "m", ())  # fmt: skip
        rep = CandidateReport(f"P-{i:03d}", "", Risk(80, Level.HIGH), True, [], [], [f])
        return PersonResult(f"P-{i:03d}", report=rep, new=[f] * 12)

    result = RevalidationResult(1, False, [person(i) for i in range(300)], datetime.now(UTC))
    slack = alert_payload(result, AlertFormat.slack, report_url="https://r.example.org/1")
    assert len(slack["blocks"]) <= 50
    assert "more people" in json.dumps(slack)
    teams = alert_payload(result, AlertFormat.teams, report_url="https://r.example.org/1")
    assert len(json.dumps(teams).encode()) <= AlertLimits().teams_bytes
    assert "more people" in json.dumps(teams)
    plain = alert_payload(result, AlertFormat.json)
    assert len(plain["text"]) <= 3500 and "more finding(s)" in plain["text"]


# -- résumé and site rewrites between scans -----------------------------------------------------
def _history(first: Any, then: Any, kind: SourceKind, tmp_path: Path) -> Any:
    from store_helpers import DANA_JOBS

    db = tmp_path / "r.db"
    f = write_profile_file(tmp_path / "src.json", profile(jobs=DANA_JOBS), kind=kind)
    flag = "--resume" if kind is SourceKind.RESUME else "--site"
    cli("check", flag, str(f), "--id", "A-1", "--db", str(db), "--format", "json", "--track")
    write_profile_file(f, profile(jobs=then), kind=kind)
    result = cli("revalidate", "--db", str(db), "--format", "json")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema())
    history = cli("history", "A-1", "--db", str(db)).stdout
    return doc, history


@pytest.mark.parametrize("kind", [SourceKind.RESUME, SourceKind.SITE])
def test_a_history_rewritten_between_scans_is_hj003(kind: SourceKind, tmp_path: Path) -> None:
    from store_helpers import DANA_JOBS, position

    rewritten = (
        DANA_JOBS[0],
        position("Hooli", "Principal Engineer", "2015-06", "2019-02"),
        DANA_JOBS[2],
    )
    doc, history = _history(DANA_JOBS, rewritten, kind, tmp_path)
    [hj] = [f for f in doc["candidates"][0]["findings"] if f["code"] == "HJ003"]
    label = "The résumé's" if kind is SourceKind.RESUME else "The personal site profile's"
    assert hj["message"].startswith(label)
    values = [e["value"] for e in hj["evidence"]]
    assert any("Hooli" in v for v in values) and any("Initech" in v for v in values)
    assert "position replaced: Initech · Senior Engineer" in history  # the same diff


def test_a_resume_extended_with_a_new_job_is_not_a_rewrite(tmp_path: Path) -> None:
    from store_helpers import DANA_JOBS, position

    extended = (position("Umbrella", "Principal Engineer", "2024-01"), *DANA_JOBS)
    doc, _ = _history(DANA_JOBS, extended, SourceKind.RESUME, tmp_path)
    assert "HJ003" not in [f["code"] for f in doc["candidates"][0]["findings"]]
