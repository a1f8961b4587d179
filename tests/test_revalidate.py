"""`scanner revalidate`: re-collects, reports only what is new, alerts once, posts a webhook with
retries, holds a lock, resumes an interrupted run, and reports sources that disappeared."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from store_helpers import (
    candidate,
    install_fake_extractor,
    linkedin_source,
    position,
    profile,
    write_profile_file,
)
from typer.testing import CliRunner

import scanner.cli_store  # noqa: F401  (registers the store commands)
from extractors.model import SourceDocument, SourceStatus
from scanner.cli import app
from scanner.reporters.json_report import load_schema
from scanner.store import open_store, record_report
from scanner.store.revalidate import revalidate, revalidation_lock

runner = CliRunner()
LEE_JOBS = (
    position("Hooli", "Product Manager", "2018-01"),
    position("Umbrella", "Analyst", "2013-01", "2017-12"),
)


@pytest.fixture(autouse=True)
def _fake_extractor() -> Iterator[None]:
    import extractors.dispatch as dispatch

    real = dispatch.extract
    install_fake_extractor()
    yield
    dispatch.extract = real


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture
def tracked(tmp_path: Path) -> tuple[Path, Path]:
    """A person A-1 checked once from a saved LinkedIn export (li.json); returns (db, file)."""
    db = tmp_path / "h.db"
    li = write_profile_file(tmp_path / "li.json", profile())
    result = cli("check", str(li), "--id", "A-1", "--db", str(db), "--format", "json", "--track")
    assert result.exit_code in (0, 1, 3), result.output
    return db, li


def revalidate_json(db: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = cli("revalidate", "--db", str(db), "--format", "json", *extra)
    assert "Traceback" not in result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema())
    return result.exit_code, doc


def new_codes(doc: dict[str, Any], pid: str = "A-1") -> list[str]:
    return [f["code"] for c in doc["candidates"] if c["id"] == pid for f in c["findings"]]


def test_check_records_and_a_rename_is_found_on_revalidation(tracked: tuple[Path, Path]) -> None:
    db, li = tracked
    write_profile_file(li, profile("Mallory Stone"))
    code, doc = revalidate_json(db)
    assert "HJ001" in new_codes(doc)
    assert code == 1  # HJ001 is high, the default --fail-on
    with open_store(db) as store:
        scans = store.history("A-1")
    assert [s.origin for s in scans] == ["revalidate", "check"]


def test_a_second_run_does_not_alert_again(tracked: tuple[Path, Path]) -> None:
    db, li = tracked
    write_profile_file(li, profile("Mallory Stone"))
    assert "HJ001" in new_codes(revalidate_json(db)[1])
    code, doc = revalidate_json(db)
    assert new_codes(doc) == []
    assert code == 0
    assert "0 with something new" in doc["notes"][0]


def test_nothing_changed_means_nothing_new(tracked: tuple[Path, Path]) -> None:
    db, _ = tracked
    code, doc = revalidate_json(db)
    assert new_codes(doc) == [] and code == 0


def test_fail_on_applies_to_new_findings_only(tracked: tuple[Path, Path]) -> None:
    db, li = tracked
    write_profile_file(li, profile(emails=["ops-desk@example.org"]))
    code, doc = revalidate_json(db, "--fail-on", "high")
    assert "HJ007" in new_codes(doc) and code == 0  # medium < high
    write_profile_file(li, profile(emails=["other-desk@example.org"]))
    code, _ = revalidate_json(db, "--fail-on", "medium")
    assert code == 1


def test_only_limits_the_run_and_rejects_unknown_ids(
    tracked: tuple[Path, Path], tmp_path: Path
) -> None:
    db, _ = tracked
    li2 = write_profile_file(
        tmp_path / "li2.json", profile("Lee Park", slug="lee-park", jobs=LEE_JOBS)
    )
    assert cli(
        "check", str(li2), "--id", "B-2", "--db", str(db), "--format", "json", "--track"
    ).exit_code in (
        0,
        1,
        3,
    )
    _, doc = revalidate_json(db, "--only", "B-2")
    assert [c["id"] for c in doc["candidates"]] == ["B-2"]
    result = cli("revalidate", "--db", str(db), "--only", "NOPE")
    assert result.exit_code == 2 and "no stored person 'NOPE'" in result.output


def test_no_store_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = cli("revalidate", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no history store" in result.output
    assert not (tmp_path / "none.db").exists()


def test_a_missing_local_file_uses_the_stored_copy_and_says_so(tracked: tuple[Path, Path]) -> None:
    db, li = tracked
    li.unlink()
    code, doc = revalidate_json(db)
    assert any("file no longer at" in n for n in doc["notes"])
    assert new_codes(doc) == [] and code == 0


def test_the_lock_keeps_a_second_run_out(tracked: tuple[Path, Path]) -> None:
    db, _ = tracked
    with revalidation_lock(db):
        result = cli("revalidate", "--db", str(db))
    assert result.exit_code == 0
    assert "another re-validation is running" in result.output
    with open_store(db) as store:
        assert [s.origin for s in store.history("A-1")] == ["check"]  # nothing was done


def test_an_interrupted_run_resumes_without_redoing_anyone(
    tracked: tuple[Path, Path], tmp_path: Path
) -> None:
    db, li = tracked
    for pid in ("B-2", "C-3"):
        f = write_profile_file(
            tmp_path / f"{pid}.json", profile(f"Person {pid}", slug=pid.lower(), jobs=LEE_JOBS)
        )
        cli("check", str(f), "--id", pid, "--db", str(db), "--format", "json", "--track")
    write_profile_file(li, profile("Mallory Stone"))
    from scanner.config import Config
    from scanner.sources import FetchOptions

    def stop_after_first(pid: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        revalidate(store, config=Config(), fetch=FetchOptions(), on_person=stop_after_first)
    _code, doc = revalidate_json(db)
    assert "(resumed)" in doc["notes"][0]
    assert sorted(c["id"] for c in doc["candidates"]) == ["A-1", "B-2", "C-3"]
    assert "HJ001" in new_codes(
        doc
    )  # found by the interrupted process, reported by the resumed one
    with open_store(db) as store:
        for pid in ("A-1", "B-2", "C-3"):
            assert [s.origin for s in store.history(pid)].count("revalidate") == 1, pid


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
    yield f"http://127.0.0.1:{server.server_port}/hook", handler
    server.shutdown()
    server.server_close()


def _fast_retries(tmp_path: Path) -> Path:
    cfg = tmp_path / "scanner.toml"
    cfg.write_text("[limits]\nwebhook_attempts = 3\nwebhook_backoff = 0.01\n")
    return cfg


def test_webhook_posts_a_summary_with_text(
    tracked: tuple[Path, Path], hook: tuple[str, type[_Hook]], tmp_path: Path
) -> None:
    db, li = tracked
    url, handler = hook
    write_profile_file(li, profile("Mallory Stone"))
    code, _ = revalidate_json(db, "--webhook", url)
    assert code == 1
    [body] = handler.bodies
    assert "A-1" in body["text"] and "HJ001" in body["text"]
    assert body["people"][0]["id"] == "A-1"
    assert any(f["code"] == "HJ001" for f in body["people"][0]["new_findings"])
    revalidate_json(db, "--webhook", url)
    assert len(handler.bodies) == 1  # nothing new: no post


def test_webhook_retries_after_a_server_error(
    tracked: tuple[Path, Path], hook: tuple[str, type[_Hook]], tmp_path: Path
) -> None:
    db, li = tracked
    url, handler = hook
    handler.statuses = [503, 500]
    write_profile_file(li, profile("Mallory Stone"))
    revalidate_json(db, "--webhook", url, "--config", str(_fast_retries(tmp_path)))
    assert len(handler.bodies) == 3 and handler.bodies[0] == handler.bodies[2]


def test_webhook_failure_keeps_the_scan_and_sends_again_next_run(
    tracked: tuple[Path, Path], hook: tuple[str, type[_Hook]], tmp_path: Path
) -> None:
    db, li = tracked
    url, handler = hook
    handler.statuses = [500, 500, 500]
    write_profile_file(li, profile("Mallory Stone"))
    cfg = _fast_retries(tmp_path)
    result = cli(
        "revalidate", "--db", str(db), "--webhook", url, "--config", str(cfg), "--format", "json"
    )
    assert "webhook not delivered after 3 attempt(s)" in result.output
    with open_store(db) as store:
        assert store.history("A-1")[0].origin == "revalidate"  # the scan is kept
    _, doc = revalidate_json(db, "--webhook", url, "--config", str(cfg))
    assert "HJ001" in new_codes(doc)  # not delivered last time: reported again
    assert len(handler.bodies) == 4 and "HJ001" in handler.bodies[-1]["text"]


def test_webhook_must_be_http(tracked: tuple[Path, Path]) -> None:
    db, _ = tracked
    result = cli("revalidate", "--db", str(db), "--webhook", "file:///etc/passwd")
    assert result.exit_code == 2 and "not an http(s) URL" in result.output


def _url_person(db: Path) -> None:
    """U-1 checked once from a live LinkedIn URL (as the live collectors will record it)."""
    from scanner.config import Config
    from scanner.pipeline import scan

    src = linkedin_source(content=b"<html>x</html>")
    record_report(scan([candidate("U-1", profile(), source=src)], Config()), db=db, track=True)


def test_a_profile_that_disappeared_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    _url_person(db)

    def gone(url: str, kind: Any, *, fetch: Any, config: Any) -> SourceDocument:
        return SourceDocument(
            kind=kind,
            format="html",
            uri=url,
            collector="live",
            status=SourceStatus.BLOCKED,
            error="HTTP 404",
        )

    monkeypatch.setattr("scanner.collectors.live.collect_url", gone)
    code, doc = revalidate_json(db)
    assert "SRC002" in new_codes(doc, "U-1")
    assert any("source gone" in n and "linkedin.com/in/dana-whitfield" in n for n in doc["notes"])
    assert code == 3  # incomplete, nothing at --fail-on
    code, doc = revalidate_json(db)
    assert new_codes(doc, "U-1") == []  # reported once


def test_offline_uses_the_stored_copy_of_live_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    _url_person(db)

    def boom(*a: Any, **k: Any) -> SourceDocument:
        raise AssertionError("must not fetch with --offline")

    monkeypatch.setattr("scanner.collectors.live.collect_url", boom)
    code, doc = revalidate_json(db, "--offline")
    assert code == 0 and new_codes(doc, "U-1") == []
    assert any("not fetched (--offline)" in n for n in doc["notes"])


def test_a_live_profile_renamed_is_hj001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The live collector's document goes through the same pipeline and history checks."""
    db = tmp_path / "h.db"
    _url_person(db)
    renamed = json.dumps(
        {
            "__test_profile__": {"name": "Mallory Stone", "linkedin_slugs": ["dana-whitfield"]},
            "kind": "linkedin_page",
        }
    ).encode()

    def live(url: str, kind: Any, *, fetch: Any, config: Any) -> SourceDocument:
        return SourceDocument(
            kind=kind,
            format="json",
            uri=url,
            content=renamed,
            sha256=SourceDocument.digest(renamed),
            collector="live",
        )

    monkeypatch.setattr("scanner.collectors.live.collect_url", live)
    code, doc = revalidate_json(db)
    assert "HJ001" in new_codes(doc, "U-1") and code == 1


def test_table_output_lists_only_people_with_news(
    tracked: tuple[Path, Path], tmp_path: Path
) -> None:
    db, li = tracked
    lee = profile(
        "Lee Park",
        slug="lee-park",
        jobs=LEE_JOBS,
        emails=["lee.park@example.com"],
        phones=["(312) 555-0177"],
        photo=["ffff000011112222"],
    )
    f = write_profile_file(tmp_path / "b.json", lee)
    cli("check", str(f), "--id", "B-2", "--db", str(db), "--format", "json", "--track")
    write_profile_file(li, profile("Mallory Stone"))
    result = cli("revalidate", "--db", str(db))
    assert "A-1" in result.stdout and "B-2" not in result.stdout
    assert "2 people re-validated" in result.output.replace("2 of 2 people", "2 people")


def test_a_changed_check_version_is_called_out(tracked: tuple[Path, Path]) -> None:
    """A new finding whose check changed since the last scan is flagged as possibly the check's."""
    db, li = tracked
    with open_store(db) as store:
        store.conn.execute(
            "UPDATE scans SET checks_json = ?", (json.dumps({"HJ001": 0, "HJ007": 1}),)
        )
    write_profile_file(li, profile("Mallory Stone"))
    _, doc = revalidate_json(db)
    assert any("HJ001 changed from version 0 to 1" in n for n in doc["notes"])


def test_report_of_news_keeps_the_current_risk(tracked: tuple[Path, Path]) -> None:
    db, li = tracked
    write_profile_file(li, replace(profile("Mallory Stone")))
    _, doc = revalidate_json(db)
    [cand] = doc["candidates"]
    assert cand["risk"]["score"] > 0 and cand["name"] == "Mallory Stone"


def test_post_webhook_honours_retry_after_and_stops_on_client_errors() -> None:
    import httpx

    from scanner.store.webhook import post_webhook

    answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(204)]
    waits: list[float] = []
    delivery = post_webhook(
        "http://127.0.0.1:9/hook",
        {"text": "hi"},
        sleep=waits.append,
        transport=httpx.MockTransport(lambda request: answers.pop(0)),
    )
    assert delivery.ok and delivery.attempts == 2 and waits == [7.0]

    calls: list[httpx.Request] = []

    def bad_request(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(400, text="invalid_payload")

    delivery = post_webhook(
        "http://127.0.0.1:9/hook",
        {"text": "hi"},
        sleep=waits.append,
        transport=httpx.MockTransport(bad_request),
    )
    assert not delivery.ok and len(calls) == 1 and "invalid_payload" in (delivery.error or "")
    assert json.loads(calls[0].content) == {"text": "hi"}


def test_post_webhook_backs_off_exponentially_on_network_errors() -> None:
    import httpx

    from scanner.store.webhook import post_webhook

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    waits: list[float] = []
    delivery = post_webhook(
        "http://127.0.0.1:9/hook",
        {"text": "hi"},
        attempts=4,
        backoff=0.5,
        sleep=waits.append,
        transport=httpx.MockTransport(down),
    )
    assert not delivery.ok and delivery.attempts == 4 and waits == [0.5, 1.0, 2.0]
    assert "ConnectError" in (delivery.error or "")
