"""The Playwright collector against pages on 127.0.0.1: script-built pages, LinkedIn pages and
walls, screenshots, one browser for the run, redirects checked before the browser follows
them, and the analyst's storage state. Needs a Chromium (the `chromium` fixture skips locally
without one and fails in CI, where SCANNER_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from extractors.model import SourceKind, SourceStatus
from scanner.collectors.http import AddressGuard, FetchError, HttpSettings, system_resolver
from scanner.collectors.live import close_session, collect_url, session_for
from scanner.collectors.pages import BrowserCollector
from scanner.pipeline import build_candidate
from scanner.sources import SourceRef
from tests.live_helpers import LINKEDIN_PAGES, LIVE, LocalServer, Reply, fetch_options, quick_config

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(chromium: Any) -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s
    close_session()


@pytest.fixture()
def browser_fetch(chromium: Any, tmp_path: Path) -> Callable[..., Any]:
    """Fetch options that let the collector use the test session's Chromium (Playwright's sync
    API allows one instance per thread, so the collector is handed the running browser)."""

    def make(**kw: Any) -> Any:
        extra = {
            "browser": True,
            "capture_dir": tmp_path / "captures",
            "browser_instance": chromium,
        }
        return fetch_options(extra=extra, **kw)

    return make


def test_a_script_built_page_is_loaded_again_in_the_browser(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    server.page("/app", (LIVE / "site_spa.html").read_bytes())
    cand = build_candidate(
        "sam",
        {},
        [SourceRef(server.url("/app"), SourceKind.SITE)],
        config=quick_config(),
        fetch=browser_fetch(),
    )
    src, prof = cand.sources[0], cand.profiles[0]
    assert src.status is SourceStatus.OK, src.error
    assert src.collector == "browser" and src.meta["fetched_with"] == "browser"
    assert "built by scripts" in src.meta["why_browser"]
    assert prof is not None and prof.name == "Sam Ortega"
    assert prof.emails == ("sam.ortega@example.com",)


def test_each_capture_keeps_a_screenshot_named_by_its_sha256(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    server.page("/in/jordan", (LINKEDIN_PAGES / "profile.html").read_bytes())
    doc = collect_url(
        server.url("/in/jordan"),
        SourceKind.LINKEDIN_PAGE,
        fetch=browser_fetch(),
        config=quick_config(),
    )
    assert doc.status is SourceStatus.OK, doc.error
    shot = Path(doc.meta["screenshot_path"])
    assert shot.parent == tmp_path / "captures"
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG")
    assert hashlib.sha256(png).hexdigest() == doc.meta["screenshot_sha256"] == shot.stem
    assert doc.sha256 == doc.digest(doc.content) and b"<html" in doc.content


def test_third_party_requests_are_not_made(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    # profile.html links stylesheets and images on licdn.com and linkedin.com: none may leave 127.0.0.1
    server.page("/in/jordan", (LINKEDIN_PAGES / "profile.html").read_bytes())
    doc = collect_url(
        server.url("/in/jordan"),
        SourceKind.LINKEDIN_PAGE,
        fetch=browser_fetch(),
        config=quick_config(),
    )
    assert doc.status is SourceStatus.OK
    assert doc.meta["third_party_requests_skipped"] >= 1  # its licdn.com stylesheet


def test_a_linkedin_wall_in_the_browser_is_blocked_with_its_screenshot(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    server.page("/in/jordan", (LINKEDIN_PAGES / "authwall.html").read_bytes())
    doc = collect_url(
        server.url("/in/jordan"),
        SourceKind.LINKEDIN_PAGE,
        fetch=browser_fetch(),
        config=quick_config(),
    )
    assert doc.status is SourceStatus.BLOCKED
    assert "login wall" in (doc.error or "")
    assert Path(doc.meta["screenshot_path"]).is_file()


def test_a_captcha_in_the_browser_is_blocked(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    server.page("/in/jordan", (LINKEDIN_PAGES / "captcha.html").read_bytes())
    doc = collect_url(
        server.url("/in/jordan"),
        SourceKind.LINKEDIN_PAGE,
        fetch=browser_fetch(),
        config=quick_config(),
    )
    assert doc.status is SourceStatus.BLOCKED and "CAPTCHA" in (doc.error or "")


def test_one_browser_for_the_run_and_one_page_per_host(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    for k in range(3):
        server.page(f"/in/p{k}", (LINKEDIN_PAGES / "profile.html").read_bytes())
    fetch, config = browser_fetch(), quick_config()
    for k in range(3):
        assert collect_url(
            server.url(f"/in/p{k}"), SourceKind.LINKEDIN_PAGE, fetch=fetch, config=config
        ).ok
    browser = session_for(fetch, config).browser()
    assert browser is not None
    page = browser._pages["127.0.0.1"]
    assert list(browser._pages) == ["127.0.0.1"]
    assert collect_url(
        server.url("/in/p0"), SourceKind.LINKEDIN_PAGE, fetch=fetch, config=config
    ).ok
    assert browser._pages["127.0.0.1"] is page  # the page is reused, not reopened


def test_a_redirect_to_a_private_address_is_stopped_before_the_browser_follows_it(
    server: LocalServer, tmp_path: Path, chromium: Any
) -> None:
    server.page("/in/jordan", "", status=302, Location="http://10.0.0.1/admin")
    guard = AddressGuard(HttpSettings(allow_networks=("127.0.0.1/32",)), system_resolver)
    browser = BrowserCollector(
        guard, user_agent="test", capture_dir=tmp_path, timeout=10, browser=chromium
    )
    try:
        with pytest.raises(FetchError) as err:
            browser.capture(server.url("/in/jordan"))
    finally:
        browser.close()
    assert err.value.kind == "refused"
    assert "10.0.0.1" in str(err.value)
    assert {addr for _, addr, _ in guard.connections} <= {"127.0.0.1"}


def test_the_analysts_storage_state_is_used_but_never_recorded(
    server: LocalServer, tmp_path: Path, browser_fetch: Any
) -> None:
    state = tmp_path / "state.json"
    cookie = {"name": "li_at", "value": "member-session-token", "domain": "127.0.0.1", "path": "/",
              "expires": -1, "httpOnly": True, "secure": False, "sameSite": "Lax"}  # fmt: skip
    state.write_text(json.dumps({"cookies": [cookie], "origins": []}), encoding="utf-8")
    profile = (LINKEDIN_PAGES / "profile.html").read_bytes()
    server.handler(
        "/in/jordan",
        lambda req: Reply(
            200, profile if "li_at=member-session-token" in req.headers.get("Cookie", "") else b"no"
        ),
    )
    doc = collect_url(
        server.url("/in/jordan"),
        SourceKind.LINKEDIN_PAGE,
        fetch=browser_fetch(browser_state=state),
        config=quick_config(),
    )
    assert doc.status is SourceStatus.OK, doc.error  # the member view was served
    assert doc.meta["logged_in_session"] is True
    recorded = json.dumps(dict(doc.meta)) + (doc.error or "")
    assert "member-session-token" not in recorded and str(state) not in recorded
