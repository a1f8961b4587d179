"""The HTTP layer of the live collectors: SSRF guard, retries, limits, robots.txt, politeness.

Every connection goes to 127.0.0.1; other addresses appear only as values the guard must
refuse before connecting (the guard records every address it dials)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from scanner.collectors.http import (
    USER_AGENT,
    Deadline,
    FetchError,
    HttpFetcher,
    HttpSettings,
    SharedTurns,
    address_refusal,
    retry_after,
)
from tests.live_helpers import FakeClock, LocalServer, Reply, Request, iter_chunks

LOOPBACK = ("127.0.0.1/32",)


def fetcher(**kw: Any) -> HttpFetcher:
    resolver = kw.pop("resolver", None)
    clock = kw.pop("clock", FakeClock())
    kw.setdefault("allow_networks", LOOPBACK)
    kw.setdefault("timeout", 5.0)
    kw.setdefault("rate_limits", {"default": 0.0})
    return HttpFetcher(HttpSettings(**kw), clock=clock, resolver=resolver)


@pytest.fixture()
def server() -> Any:
    with LocalServer() as s:
        yield s


# -- the address guard -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "private_ok", "refused"),
    [
        ("93.184.216.34", False, False),
        ("127.0.0.1", False, True),
        ("127.0.0.1", True, False),
        ("10.0.0.1", False, True),
        ("10.0.0.1", True, False),
        ("192.168.1.20", False, True),
        ("100.64.0.9", False, True),  # shared address space (CGNAT)
        ("::1", False, True),
        ("fe80::1", False, True),
        ("::ffff:10.0.0.1", False, True),  # an IPv4-mapped private address
        ("169.254.169.254", True, True),  # cloud metadata: refused even on a private network
        ("fd00:ec2::254", True, True),
        ("224.0.0.1", True, True),
        ("0.0.0.0", True, True),
        ("240.0.0.1", True, True),
    ],
)
def test_address_refusal_table(address: str, private_ok: bool, refused: bool) -> None:
    why = address_refusal(address, allow_private=private_ok)
    assert (why is not None) is refused, why


def test_allow_networks_admits_only_the_listed_network() -> None:
    assert address_refusal("127.0.0.1", allow_private=False, allow_networks=LOOPBACK) is None
    assert address_refusal("10.0.0.1", allow_private=False, allow_networks=LOOPBACK) is not None


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "http://user:pw@127.0.0.1/"],
)
def test_only_plain_http_urls_are_fetched(url: str) -> None:
    f = fetcher()
    with pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "scheme"
    assert f.guard.connections == []


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data/"]
)
def test_redirect_to_a_private_address_is_refused_without_connecting(
    server: LocalServer, target: str
) -> None:
    server.page("/go", "", status=302, Location=target)
    f = fetcher()
    with pytest.raises(FetchError) as err:
        f.get(server.url("/go"))
    assert err.value.kind == "refused"
    assert target.split("/")[2].split(":")[0] in str(err.value)
    assert {addr for _, addr, _ in f.guard.connections} == {"127.0.0.1"}


def test_a_name_resolving_to_metadata_is_refused_even_with_private_network_allowed(
    server: LocalServer,
) -> None:
    server.page("/go", "", status=302, Location="http://metadata.test/")
    f = fetcher(allow_private_network=True, resolver=lambda host, port: ["169.254.169.254"])
    with pytest.raises(FetchError, match=r"metadata\.test resolves to 169\.254\.169\.254"):
        f.get(server.url("/go"))
    assert [h for h, _, _ in f.guard.connections] == ["127.0.0.1"]


def test_the_connection_goes_to_the_vetted_address_and_keeps_the_host_name(
    server: LocalServer,
) -> None:
    server.handler("/who", lambda req: Reply(200, req.headers.get("Host", "").encode()))
    f = fetcher(allow_private_network=True, resolver=lambda host, port: ["127.0.0.1"])
    resp = f.get(f"http://intranet.test:{server.port}/who")
    assert resp.content == f"intranet.test:{server.port}".encode()
    assert f.guard.connections == [("intranet.test", "127.0.0.1", server.port)]


def test_a_dns_answer_that_changes_after_the_check_is_caught_at_connect_time(
    server: LocalServer,
) -> None:
    answers = iter([["93.184.216.34"], ["10.0.0.1"]])  # public when checked, private when dialled
    f = fetcher(resolver=lambda host, port: next(answers))
    with pytest.raises(FetchError, match=r"10\.0\.0\.1"):
        f.get("http://rebind.test/")
    assert f.guard.connections == []


def test_a_private_name_is_allowed_with_private_network(server: LocalServer) -> None:
    server.page("/ok", "fine")
    f = fetcher(allow_networks=(), allow_private_network=True)
    assert f.get(server.url("/ok")).content == b"fine"


def test_loopback_is_refused_by_default(server: LocalServer) -> None:
    server.page("/ok", "fine")
    f = fetcher(allow_networks=())
    with pytest.raises(FetchError, match="allow-private-network"):
        f.get(server.url("/ok"))
    assert server.hits("/ok") == 0


# -- retries, Retry-After, deadlines ----------------------------------------------------------------


def _storm(count: int, status: int = 429, retry: str | None = "7") -> Any:
    state = {"n": 0}

    def handle(req: Request) -> Reply:
        state["n"] += 1
        if state["n"] <= count:
            return Reply(status, b"slow down", {"Retry-After": retry} if retry else {})
        return Reply(200, b"<html>ok</html>")

    return handle


def test_429_storm_is_waited_out_as_retry_after_says(server: LocalServer) -> None:
    server.handler("/p", _storm(2))
    clock = FakeClock()
    f = fetcher(clock=clock)
    resp = f.get(server.url("/p"), robots=False)
    assert resp.status == 200
    assert clock.sleeps == [7.0, 7.0]
    assert server.hits("/p") == 3


def test_endless_429_gives_up_after_the_retries(server: LocalServer) -> None:
    server.handler("/p", _storm(100))
    f = fetcher(retries=2)
    with pytest.raises(FetchError) as err:
        f.get(server.url("/p"), robots=False)
    assert err.value.kind == "rate_limited"
    assert server.hits("/p") == 3


def test_retry_after_longer_than_the_tool_waits_is_not_waited(server: LocalServer) -> None:
    server.handler("/p", _storm(5, retry="3600"))
    clock = FakeClock()
    with pytest.raises(FetchError, match="3600"):
        fetcher(clock=clock).get(server.url("/p"), robots=False)
    assert clock.sleeps == []


def test_5xx_without_retry_after_backs_off_exponentially(server: LocalServer) -> None:
    server.handler("/p", _storm(2, status=503, retry=None))
    clock = FakeClock()
    assert fetcher(clock=clock, backoff=1.5).get(server.url("/p"), robots=False).status == 200
    assert clock.sleeps == [1.5, 3.0]


def test_waiting_past_the_candidate_deadline_is_refused(server: LocalServer) -> None:
    server.handler("/p", _storm(1, retry="30"))
    clock = FakeClock()
    f = fetcher(clock=clock)
    with pytest.raises(FetchError, match="time budget"):
        f.get(server.url("/p"), robots=False, deadline=Deadline(clock, 20))


def test_retry_after_as_an_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 5, 10, 0, 0, tzinfo=UTC)
    assert retry_after({"retry-after": "Mon, 05 Jan 2026 10:00:30 GMT"}, now) == 30
    assert (
        retry_after(
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(now.timestamp()) + 90)}, now
        )
        == 90
    )
    assert retry_after({}, now) is None


def test_slow_page_times_out(server: LocalServer) -> None:
    server.handler("/slow", lambda req: Reply(200, b"late", delay=3.0))
    with pytest.raises(FetchError) as err:
        fetcher(timeout=0.5, retries=0).get(server.url("/slow"), robots=False)
    assert err.value.kind == "timeout"


# -- sizes and redirects ----------------------------------------------------------------------------


def test_a_50_mb_streamed_page_is_cut_at_the_size_cap(server: LocalServer) -> None:
    server.handler("/big", lambda req: Reply(200, iter_chunks(50_000_000)))
    with pytest.raises(FetchError) as err:
        fetcher(max_bytes=1_000_000).get(server.url("/big"), robots=False)
    assert err.value.kind == "too_large"


def test_a_declared_50_mb_page_is_refused_before_reading(server: LocalServer) -> None:
    server.handler(
        "/big", lambda req: Reply(200, iter_chunks(50_000_000), {"Content-Length": "50000000"})
    )
    with pytest.raises(FetchError, match="50,000,000 bytes"):
        fetcher(max_bytes=1_000_000).get(server.url("/big"), robots=False)


def test_redirects_are_followed_and_limited(server: LocalServer) -> None:
    server.page("/a", "", status=301, Location="/b")
    server.page("/b", "", status=302, Location="/c")
    server.page("/c", "end")
    resp = fetcher().get(server.url("/a"), robots=False)
    assert resp.content == b"end"
    assert resp.url.endswith("/c")
    assert [u.rsplit("/", 1)[1] for u in resp.redirects] == ["a", "b"]
    server.page("/loop", "", status=302, Location="/loop")
    with pytest.raises(FetchError) as err:
        fetcher(max_redirects=3).get(server.url("/loop"), robots=False)
    assert err.value.kind == "redirects"


def test_credentials_are_not_sent_to_another_host(server: LocalServer) -> None:
    server.page("/a", "", status=302, Location=f"http://other.test:{server.port}/b")
    server.handler("/b", lambda req: Reply(200, req.headers.get("Authorization", "none").encode()))
    f = fetcher(allow_private_network=True, resolver=lambda host, port: ["127.0.0.1"])
    resp = f.get(server.url("/a"), robots=False, headers={"Authorization": "Bearer secret"})
    assert resp.content == b"none"
    assert server.log[0].headers.get("Authorization") == "Bearer secret"


# -- unreachable hosts are remembered -----------------------------------------------------------------


def test_a_host_refusing_connections_is_not_retried_for_every_row() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    f = fetcher()
    with pytest.raises(FetchError, match="refused the connection"):
        f.get(f"http://127.0.0.1:{port}/row1", robots=False)
    with pytest.raises(FetchError, match="not retried"):
        f.get(f"http://127.0.0.1:{port}/row2", robots=False)
    assert len(f.guard.connections) == 1


def test_a_name_that_does_not_resolve_is_looked_up_once() -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        raise FetchError(f"{host} could not be resolved", kind="unreachable")

    f = fetcher(resolver=resolver)
    for _ in range(3):
        with pytest.raises(FetchError):
            f.get("http://no-such-host.test/")
    assert calls == ["no-such-host.test"]


# -- robots.txt and politeness ---------------------------------------------------------------------


def test_robots_txt_is_honoured_unless_ignored(server: LocalServer) -> None:
    server.page(
        "/robots.txt", "User-agent: *\nDisallow: /private\n", **{"Content-Type": "text/plain"}
    )
    server.page("/private/me", "secret")
    server.page("/public", "hello")
    f = fetcher()
    assert f.get(server.url("/public")).content == b"hello"
    with pytest.raises(FetchError) as err:
        f.get(server.url("/private/me"))
    assert err.value.kind == "robots"
    assert server.hits("/private/me") == 0
    assert server.hits("/robots.txt") == 1  # cached for the run
    assert fetcher(ignore_robots=True).get(server.url("/private/me")).content == b"secret"


def test_missing_robots_allows_and_a_failing_one_disallows(server: LocalServer) -> None:
    server.page("/page", "hello")
    assert fetcher().get(server.url("/page")).status == 200  # /robots.txt is a 404 here
    server.page("/robots.txt", "down", status=503)
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher(retries=0).get(server.url("/page"))


def test_crawl_delay_and_the_per_host_interval_space_requests(server: LocalServer) -> None:
    server.page("/robots.txt", "User-agent: *\nCrawl-delay: 5\n", **{"Content-Type": "text/plain"})
    server.page("/a", "a")
    clock = FakeClock()
    f = fetcher(clock=clock, rate_limits={"default": 2.0})
    f.get(server.url("/a"))
    f.get(server.url("/a"))
    # robots.txt sets a crawl delay longer than the 2 s interval: /a waits 5 s after it, twice
    assert clock.sleeps == [5.0, 5.0]


def test_minimum_intervals_default_and_configured() -> None:
    s = HttpSettings()
    assert s.min_interval("www.linkedin.com") == 10.0
    assert s.min_interval("linkedin.com") == 10.0
    assert s.min_interval("example.org") == 1.0
    t = HttpSettings(rate_limits={"example.org": 3, "default": 0.5, "linkedin.com": 20})
    assert t.min_interval("blog.example.org") == 3.0
    assert t.min_interval("notexample.org") == 0.5
    assert t.min_interval("uk.linkedin.com") == 20.0


def test_per_host_turns_are_shared_between_processes(tmp_path: Any, server: LocalServer) -> None:
    server.page("/a", "a")
    shared = SharedTurns(tmp_path)
    clocks = [FakeClock(), FakeClock()]
    first, second = (
        HttpFetcher(
            HttpSettings(allow_networks=LOOPBACK, rate_limits={"default": 30.0}),
            clock=c,
            shared_turns=shared,
        )
        for c in clocks
    )
    first.get(server.url("/a"), robots=False)
    second.get(server.url("/a"), robots=False)  # another fetcher (as another worker would be)
    assert clocks[0].sleeps == []
    assert len(clocks[1].sleeps) == 1 and clocks[1].sleeps[0] > 20


def test_the_user_agent_is_honest_and_fixed(server: LocalServer) -> None:
    server.handler("/ua", lambda req: Reply(200, req.headers.get("User-Agent", "").encode()))
    assert fetcher().get(server.url("/ua"), robots=False).content.decode() == USER_AGENT
    assert USER_AGENT.startswith("profile-scanner/") and "(+https://" in USER_AGENT
