"""Live collection of page URLs without a browser: routing, blocked pages, safety, `--offline`,
and the pipeline and CLI around them. Servers on 127.0.0.1 only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from extractors.model import SourceKind, SourceStatus
from scanner.collectors.live import close_session, collect_url, session_for
from scanner.pipeline import build_candidate, scan
from scanner.reporters.json_report import load_schema
from scanner.sources import SourceRef
from tests.live_helpers import (
    LINKEDIN_PAGES,
    LIVE,
    LocalServer,
    Reply,
    Request,
    fetch_options,
    iter_chunks,
    quick_config,
)


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s
    close_session()


def collect(url: str, kind: SourceKind | None = None, **fetch: Any) -> Any:
    config = fetch.pop("config", None) or quick_config()
    return collect_url(url, kind, fetch=fetch_options(**fetch), config=config)


def test_offline_never_fetches(server: LocalServer) -> None:
    server.page("/me", (LIVE / "site_jsonld.html").read_bytes())
    doc = collect(server.url("/me"), SourceKind.SITE, offline=True)
    assert doc.status is SourceStatus.BLOCKED
    assert doc.error == "not fetched: --offline"
    assert server.log == []


def test_a_personal_site_url_is_fetched_and_read_as_a_site(server: LocalServer) -> None:
    server.page("/me", (LIVE / "site_jsonld.html").read_bytes())
    cand = build_candidate(
        "dana", {"name": "Dana Whitfield"}, [SourceRef(server.url("/me"), SourceKind.SITE)],
        config=quick_config(), fetch=fetch_options(),
    )  # fmt: skip
    src, prof = cand.sources[1], cand.profiles[1]
    assert src.status is SourceStatus.OK, src.error
    assert (src.kind, src.format, src.collector) == (SourceKind.SITE, "html", "http")
    assert src.meta["http_status"] == 200 and src.meta["fetched_with"] == "httpx"
    assert prof is not None and prof.name == "Dana Whitfield"
    assert "dana@example.com" in prof.emails


def test_linkedin_url_without_a_browser_falls_back_to_httpx_and_says_so(
    server: LocalServer,
) -> None:
    server.page("/in/jordan", (LINKEDIN_PAGES / "profile.html").read_bytes())
    doc = collect(server.url("/in/jordan"), SourceKind.LINKEDIN_PAGE)
    assert doc.status is SourceStatus.OK
    assert "fetched without a browser" in doc.meta["browser"]
    assert "disabled for this run" in doc.meta["browser"]


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("authwall.html", "login wall"),
        ("captcha.html", "CAPTCHA"),
        ("rate_limited.html", "rate limit"),
        ("unavailable.html", "not available"),
    ],
)
def test_linkedin_walls_are_blocked_and_kept(server: LocalServer, page: str, words: str) -> None:
    body = (LINKEDIN_PAGES / page).read_bytes()
    server.page("/in/jordan", body)
    doc = collect(server.url("/in/jordan"), SourceKind.LINKEDIN_PAGE)
    assert doc.status is SourceStatus.BLOCKED
    assert words.lower() in (doc.error or "").lower()
    assert doc.content == body and doc.sha256 == doc.digest(body)  # what was seen is kept


def test_a_bot_challenge_page_is_blocked(server: LocalServer) -> None:
    server.page("/me", (LIVE / "challenge.html").read_bytes())
    doc = collect(server.url("/me"), SourceKind.SITE)
    assert doc.status is SourceStatus.BLOCKED
    assert "CAPTCHA or bot check" in (doc.error or "")


@pytest.mark.parametrize(
    ("status", "words"), [(404, "page not found"), (999, "HTTP 999"), (403, "HTTP 403")]
)
def test_http_errors_are_blocked_with_the_status(
    server: LocalServer, status: int, words: str
) -> None:
    server.page("/in/x", "<html><body>no</body></html>", status=status)
    doc = collect(server.url("/in/x"), SourceKind.LINKEDIN_PAGE)
    assert doc.status is SourceStatus.BLOCKED
    assert words in (doc.error or "")


def test_robots_disallow_is_blocked_unless_ignored(server: LocalServer) -> None:
    server.page("/robots.txt", "User-agent: *\nDisallow: /\n", **{"Content-Type": "text/plain"})
    server.page("/me", (LIVE / "site_hcard.html").read_bytes())
    doc = collect(server.url("/me"), SourceKind.SITE)
    assert doc.status is SourceStatus.BLOCKED and "robots.txt" in (doc.error or "")
    assert server.hits("/me") == 0
    close_session()
    assert collect(server.url("/me"), SourceKind.SITE, ignore_robots=True).status is SourceStatus.OK


def test_redirect_to_a_private_address_is_blocked(server: LocalServer) -> None:
    server.page("/me", "", status=302, Location="http://10.0.0.1/")
    doc = collect(server.url("/me"), SourceKind.SITE, allow_private_network=False,
                  extra={"allow_networks": ("127.0.0.1/32",)})  # fmt: skip
    assert doc.status is SourceStatus.BLOCKED
    assert "refused: 10.0.0.1 is a private address" in (doc.error or "")


def test_a_private_url_is_refused_without_allow_private_network(server: LocalServer) -> None:
    server.page("/me", "hello")
    doc = collect(server.url("/me"), SourceKind.SITE, allow_private_network=False)
    assert doc.status is SourceStatus.BLOCKED and "allow-private-network" in (doc.error or "")
    assert server.log == []


def test_a_huge_page_is_blocked_at_the_size_cap(server: LocalServer) -> None:
    server.handler("/big", lambda req: Reply(200, iter_chunks(50_000_000)))
    doc = collect(
        server.url("/big"), SourceKind.SITE, config=quick_config(fetch_max_bytes=2_000_000)
    )
    assert doc.status is SourceStatus.BLOCKED
    assert "2,000,000-byte limit" in (doc.error or "")


def test_a_script_built_page_without_a_browser_is_read_as_is_and_says_why(
    server: LocalServer,
) -> None:
    server.page("/app", (LIVE / "site_spa.html").read_bytes())
    doc = collect(server.url("/app"), SourceKind.SITE)
    assert doc.status is SourceStatus.OK
    assert "built by scripts" in doc.meta["browser"]


def test_the_candidate_deadline_covers_all_its_fetches(server: LocalServer) -> None:
    def storm(req: Request) -> Reply:
        return Reply(429, b"", {"Retry-After": "20"})

    server.handler("/a", storm)
    server.handler("/b", storm)
    config = quick_config(fetch_deadline=30)
    cand = build_candidate(
        "x", {}, [SourceRef(server.url("/a"), SourceKind.SITE), SourceRef(server.url("/b"), SourceKind.SITE)],
        config=config, fetch=fetch_options(),
    )  # fmt: skip
    a, b = cand.sources
    assert a.status is SourceStatus.OK or "HTTP 429" in (a.error or "")
    assert b.status is SourceStatus.BLOCKED
    assert "time budget" in (b.error or "")  # /a used 20 of the 30 s; /b cannot wait 20 more


def test_one_session_per_run_reuses_robots_and_timers(server: LocalServer) -> None:
    server.page("/a", "<html><body><p>a</p></body></html>")
    fetch, config = fetch_options(), quick_config()
    first = session_for(fetch, config)
    collect_url(server.url("/a"), SourceKind.SITE, fetch=fetch, config=config)
    collect_url(server.url("/a"), SourceKind.SITE, fetch=fetch, config=config)
    assert session_for(fetch, config) is first
    assert server.hits("/robots.txt") == 1
    assert session_for(fetch_options(), config) is not first  # other options: a new session


def test_offline_scan_reports_src002_and_incomplete(server: LocalServer) -> None:
    refs = [SourceRef(server.url("/in/someone"), SourceKind.LINKEDIN_PAGE)]
    cand = build_candidate(
        "x",
        {"name": "Dana Whitfield"},
        refs,
        config=quick_config(),
        fetch=fetch_options(offline=True),
    )
    report = scan([cand], quick_config()).candidates[0]
    assert not report.complete
    src002 = [f for f in report.findings if f.code == "SRC002"]
    assert len(src002) == 1 and "--offline" in src002[0].message


def test_cli_check_fetches_a_site_url(server: LocalServer, tmp_path: Path) -> None:
    from scanner.cli import app

    server.page("/me", (LIVE / "site_hcard.html").read_bytes())
    cfg = tmp_path / "scanner.toml"
    cfg.write_text("[rate_limits]\ndefault = 0\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["check", "--site", server.url("/me"), "--name", "Lena Marsh", "--allow-private-network",
         "--no-db", "--format", "json", "--config", str(cfg)],
    )  # fmt: skip
    close_session()
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, load_schema())
    src = report["candidates"][0]["sources"][1]
    assert (src["kind"], src["status"]) == ("site", "ok")
    assert report["candidates"][0]["profiles"][1]["name"] == "Lena Marsh"


def test_cli_check_offline_exits_incomplete(server: LocalServer) -> None:
    from scanner.cli import app

    result = CliRunner().invoke(
        app,
        [
            "check",
            "--site",
            server.url("/me"),
            "--name",
            "Lena Marsh",
            "--offline",
            "--no-db",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, load_schema())
    assert report["candidates"][0]["sources"][1]["error"] == "not fetched: --offline"
    assert server.log == []


def test_cli_check_github_handle_uses_the_api_url_and_reports_commit_offsets(
    server: LocalServer, tmp_path: Path
) -> None:
    from scanner.cli import app
    from tests.live_helpers import github_repo, github_user, make_repo, series, serve_github

    make_repo(
        tmp_path / "tool",
        series("Dana Whitfield", "dana@example.com", "2024-01-08", 12, offset="+09:00"),
    )
    api = serve_github(
        server,
        github_user("dana-w", name="Dana Whitfield"),
        [github_repo("tool", str(tmp_path / "tool"))],
    )
    cfg = tmp_path / "scanner.toml"
    cfg.write_text("[rate_limits]\ndefault = 0\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["check", "--github", "dana-w", "--github-api-url", api, "--name", "Dana Whitfield",
         "--location", "Austin, TX", "--allow-private-network", "--no-db", "--format", "json",
         "--config", str(cfg)],
    )  # fmt: skip
    close_session()
    report = json.loads(result.stdout)
    jsonschema.validate(report, load_schema())
    cand = report["candidates"][0]
    assert cand["sources"][1]["kind"] == "github" and cand["sources"][1]["status"] == "ok"
    assert "GH001" in {f["code"] for f in cand["findings"]}
