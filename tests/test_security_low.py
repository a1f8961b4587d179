"""Issue 12, Low items: CSV cells a `;`-separated Excel would split into formulas, IPv6
transition addresses that reach private IPv4, malformed web-archive CDX answers, private
screenshot folders."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from security_helpers import scanner_main, write_sheet

from extractors.model import SourceStatus
from scanner.collectors.archive import collect_snapshots
from scanner.collectors.http import FetchError, HttpFetcher, HttpSettings
from scanner.collectors.live import close_session, session_for
from tests.live_helpers import LocalServer, Reply, fetch_options, quick_config


def test_csv_quotes_every_field_and_neutralises_after_separators(tmp_path: Path) -> None:
    sheet = write_sheet(
        tmp_path / "a.csv", ["id", "name"], [["A1", 'Dana;=cmd|" /C calc"!A0'], ["A2", "=1+1"]]
    )
    run = scanner_main("batch", sheet, "--no-db", "--offline", "-w", "1", "-q", "--format", "csv")
    run.assert_handled()
    lines = run.out.splitlines()
    assert all(line.startswith('"') for line in lines)  # every field quoted
    # Split as Excel does with a `;` list separator, ignoring quotes: no part starts a formula.
    for line in lines[1:]:
        for part in line.replace('"', "").split(";"):
            assert not part.startswith(("=", "+", "@")), line
    rows = list(csv.reader(io.StringIO(run.out)))
    assert rows[1][1] == 'Dana;\'=cmd|" /C calc"!A0' and rows[2][1] == "'=1+1"


class _Resolver:
    def __init__(self, address: str) -> None:
        self.address = address

    def __call__(self, host: str, port: int) -> list[str]:
        return [self.address]


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the cloud metadata address
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:1::1",  # 6to4 of 192.168.0.1
        "::7f00:1",  # IPv4-compatible 127.0.0.1
        "fec0::1",  # site-local
    ],
)
def test_ipv6_transition_addresses_are_vetted_by_the_ipv4_they_reach(address: str) -> None:
    fetcher = HttpFetcher(HttpSettings(retries=0), resolver=_Resolver(address))
    try:
        with pytest.raises(FetchError) as err:
            fetcher.get("http://profile.example.org/", robots=False)
    finally:
        fetcher.close()
    assert err.value.kind == "refused"


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s
    close_session()


@pytest.mark.parametrize(
    "answer",
    [
        b'{"timestamp": "20200101000000"}',
        b"42",
        b'[["timestamp","original"],["20201399000000","https://x.example/"]]',
        b'[["\\u0662\\u0660\\u0662\\u0660","https://x.example/"]]',
        b'[[20200101000000, "https://x.example/"], [null], "x", []]',
        b'[["20200101000000", {"a": 1}]]',
    ],
)
def test_a_malformed_cdx_answer_is_a_blocked_source_or_nothing(
    server: LocalServer, answer: bytes
) -> None:
    server.handler(
        "/cdx/search/cdx", lambda req: Reply(200, answer, {"Content-Type": "application/json"})
    )
    s = session_for(
        fetch_options(archive=True, extra={"archive_url": server.url("")}),
        quick_config(fetch_retries=1),
    )
    docs = collect_snapshots(
        "https://www.linkedin.com/in/dana-example", session=s, deadline=s.new_deadline()
    )
    assert all(d.status is SourceStatus.BLOCKED for d in docs)


def test_a_redirect_to_a_malformed_location_is_a_fetch_error(server: LocalServer) -> None:
    server.handler("/r", lambda req: Reply(302, b"", {"Location": "http:x"}))
    fetcher = HttpFetcher(HttpSettings(allow_networks=("127.0.0.1/32",), retries=0))
    try:
        with pytest.raises(FetchError):
            fetcher.get(server.url("/r"), robots=False)
    finally:
        fetcher.close()


def test_screenshots_are_private(tmp_path: Path) -> None:
    from scanner.collectors.http import AddressGuard, system_resolver
    from scanner.collectors.pages import BrowserCollector

    folder = tmp_path / "data" / "scanner" / "captures"
    collector = BrowserCollector(
        AddressGuard(HttpSettings(), system_resolver), user_agent="t", capture_dir=folder
    )
    path = collector._keep(b"\x89PNG fake")  # what every capture does with its screenshot
    assert path is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(path).stat().st_mode) == 0o600
