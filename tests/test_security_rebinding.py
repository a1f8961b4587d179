"""Issue 12, item 8: the address the guard vetted is the one git and Chromium connect to.

The page and the repository are served on 127.0.0.1 under the name `rebind.test`, which only the
scanner's (injected) resolver knows: were git or Chromium to resolve the name again themselves
(the DNS-rebinding window), they would not find it. WebSockets and WebRTC, which no request route
sees, are refused in captures."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner.collectors.github import collect_github
from scanner.collectors.http import AddressGuard, HttpFetcher, HttpSettings
from scanner.collectors.pages import BrowserCollector
from tests.live_helpers import (
    FakeClock,
    LocalServer,
    Reply,
    github_repo,
    github_user,
    make_repo,
    series,
    serve_github,
)

NAME = "rebind.test"
LOOPBACK = ("127.0.0.1/32",)


def only_we_know(host: str, port: int) -> list[str]:
    """The scanner's resolver: `rebind.test` is 127.0.0.1 here, and nowhere else."""
    if host == NAME:
        return ["127.0.0.1"]
    from scanner.collectors.http import system_resolver

    return system_resolver(host, port)


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s


def named(server: LocalServer, path: str) -> str:
    return server.url(path).replace("127.0.0.1", NAME)


def test_git_clones_the_vetted_address(server: LocalServer, tmp_path: Path) -> None:
    make_repo(tmp_path / "work", series("Dana Whitfield", "dana@example.com", "2022-05-01", 3))
    bare = tmp_path / "served" / "tool.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tmp_path / "work"), str(bare)], check=True)
    subprocess.run(["git", "--git-dir", str(bare), "update-server-info"], check=True)

    def static(req: Any) -> Reply:  # git's "dumb" HTTP protocol: plain files
        path = tmp_path / "served" / req.path.removeprefix("/git/")
        if not path.is_file():
            return Reply(404, b"")
        return Reply(200, path.read_bytes(), {"Content-Type": "application/octet-stream"})

    server.prefix("/git/", static)
    api = serve_github(
        server, github_user("dana-w"), [github_repo("tool", named(server, "/git/tool.git"))]
    )
    http = HttpFetcher(
        HttpSettings(allow_networks=LOOPBACK, rate_limits={"default": 0.0}, timeout=5.0),
        clock=FakeClock(),
        resolver=only_we_know,
    )
    data = json.loads(collect_github("dana-w", http=http, api_url=api).content)
    assert data["clones"][0]["status"] == "ok", data["clones"]
    assert len(data["commits"]) == 3


@pytest.mark.browser
def test_the_browser_loads_the_vetted_address_and_opens_no_sockets(
    chromium: Any, server: LocalServer, tmp_path: Path
) -> None:
    page = """<html><head><title>t</title></head><body><h1>Dana Whitfield</h1>
    <img src="/pixel.png"><p id="rtc"></p>
    <script>
      document.getElementById("rtc").textContent =
        "rtc:" + typeof RTCPeerConnection + " ws:" + typeof WebSocket;
      try { new WebSocket("ws://127.0.0.1:PORT/ws"); } catch (e) {}
    </script></body></html>""".replace("PORT", str(server.port))
    server.page("/in/dana", page, **{"Content-Type": "text/html"})
    server.page("/pixel.png", b"\\x89PNG", **{"Content-Type": "image/png"})
    guard = AddressGuard(HttpSettings(allow_networks=LOOPBACK), only_we_know)
    browser = BrowserCollector(
        guard, user_agent="test", capture_dir=tmp_path, timeout=10, browser=chromium
    )
    try:
        cap = browser.capture(named(server, "/in/dana"))
    finally:
        browser.close()
    assert b"Dana Whitfield" in cap.html
    assert b"rtc:undefined ws:undefined" in cap.html
    assert server.hits("/pixel.png") == 1  # subresources go the same way
    assert server.hits("/ws") == 0
    assert {addr for _, addr, _ in guard.connections} == {"127.0.0.1"}
