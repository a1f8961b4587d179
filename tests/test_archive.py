"""Web-archive snapshots from a fake CDX API on 127.0.0.1: which captures are chosen, how they
become `archive` sources, and how the history checks see them as earlier snapshots."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from extractors.model import SourceKind, SourceStatus
from scanner.collectors.archive import collect_snapshots, spread
from scanner.collectors.live import close_session, session_for
from scanner.config import Config
from scanner.pipeline import build_candidate
from scanner.registry import CheckContext, run_checks
from scanner.snapshots import archive_snapshots
from scanner.sources import SourceRef
from tests.live_helpers import (
    LINKEDIN_PAGES,
    LIVE,
    LocalServer,
    Reply,
    Request,
    fetch_options,
    quick_config,
)

PROFILE = (LINKEDIN_PAGES / "profile.html").read_bytes()
LINKEDIN = "https://www.linkedin.com/in/jordan-ellison-4b7a21"
STAMPS = [
    "20160105120000",
    "20170610000000",
    "20190301000000",
    "20200815000000",
    "20220101000000",
    "20240520093000",
]


def renamed(html: bytes, name: str) -> bytes:
    return html.replace(b"Jordan Ellison", name.encode())


class FakeArchive:
    """A CDX endpoint and raw (`id_`) snapshots for any URL; captures are (timestamp, body)."""

    def __init__(
        self,
        server: LocalServer,
        captures: dict[str, list[tuple[str, bytes]]],
        originals: dict[str, str] | None = None,
    ) -> None:
        self.captures = captures
        self.originals = originals or {}  # the URL as the archive recorded it, when it differs
        self.queried: list[str] = []
        server.handler("/cdx/search/cdx", self.cdx)
        server.prefix("/web/", self.snapshot)
        self.base = server.url("")

    def cdx(self, req: Request) -> Reply:
        url = req.query["url"][0]
        self.queried.append(url)
        rows: list[list[str]] = [["timestamp", "original", "statuscode"]]
        rows += [[ts, self.originals.get(url, url), "200"] for ts, _ in self.captures.get(url, [])]
        return Reply(200, json.dumps(rows).encode(), {"Content-Type": "application/json"})

    def snapshot(self, req: Request) -> Reply:
        stamp, _, original = req.path.removeprefix("/web/").partition("/")
        asked = next((u for u, o in self.originals.items() if o == original), original)
        for ts, body in self.captures.get(asked, []):
            if stamp == f"{ts}id_":
                return Reply(200, body)
        return Reply(404, b"")


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s
    close_session()


def session(archive: FakeArchive, **limits: Any) -> Any:
    return session_for(
        fetch_options(archive=True, extra={"archive_url": archive.base}), quick_config(**limits)
    )


@pytest.mark.parametrize(
    ("n", "count", "picks"),
    [(0, 3, []), (2, 3, [0, 1]), (6, 3, [0, 2, 5]), (10, 4, [0, 3, 6, 9]), (5, 1, [4])],
)
def test_spread_picks_oldest_newest_and_between(n: int, count: int, picks: list[int]) -> None:
    assert spread(n, count) == picks


def test_snapshots_spread_over_time_become_archive_sources(server: LocalServer) -> None:
    archive = FakeArchive(server, {LINKEDIN: [(ts, PROFILE) for ts in STAMPS]})
    s = session(archive)
    docs = collect_snapshots(LINKEDIN, session=s, deadline=s.new_deadline(), count=3)
    assert [d.meta["captured_at"] for d in docs] == [
        "2016-01-05T12:00:00Z",
        "2019-03-01T00:00:00Z",
        "2024-05-20T09:30:00Z",
    ]
    for d in docs:
        assert (d.kind, d.format, d.status, d.collector) == (
            SourceKind.ARCHIVE,
            "html",
            SourceStatus.OK,
            "archive",
        )
        assert d.meta["snapshot_of"] == LINKEDIN
        assert d.uri.startswith(archive.base + "/web/") and d.uri.endswith(LINKEDIN)
        assert d.content == PROFILE
    assert archive.queried == [LINKEDIN]


def test_a_login_wall_capture_gives_way_to_its_neighbour(server: LocalServer) -> None:
    wall = (LINKEDIN_PAGES / "authwall.html").read_bytes()
    caps = [(ts, wall if ts == STAMPS[0] else PROFILE) for ts in STAMPS]
    archive = FakeArchive(server, {LINKEDIN: caps})
    s = session(archive)
    docs = collect_snapshots(LINKEDIN, session=s, deadline=s.new_deadline(), count=3)
    assert docs[0].meta["captured_at"].startswith("2017-06-10")
    assert all(d.content == PROFILE for d in docs)


def test_a_failing_archive_is_one_blocked_source(server: LocalServer) -> None:
    server.handler("/cdx/search/cdx", lambda req: Reply(503, b"busy"))
    s = session_for(
        fetch_options(archive=True, extra={"archive_url": server.url("")}),
        quick_config(fetch_retries=1),
    )
    docs = collect_snapshots(LINKEDIN, session=s, deadline=s.new_deadline())
    assert len(docs) == 1
    assert docs[0].status is SourceStatus.BLOCKED
    assert docs[0].error and docs[0].error.startswith("web archive: HTTP 503")


def test_no_captures_means_no_sources(server: LocalServer) -> None:
    archive = FakeArchive(server, {})
    s = session(archive)
    assert collect_snapshots(LINKEDIN, session=s, deadline=s.new_deadline()) == []


def test_archive_flag_adds_snapshots_of_linkedin_github_and_site_urls(server: LocalServer) -> None:
    site = server.url("/me")
    server.page("/me", (LIVE / "site_hcard.html").read_bytes())
    server.page("/in/jordan", PROFILE)
    archive = FakeArchive(
        server,
        {
            "https://github.com/dana-w": [
                ("20180101000000", (LIVE / "github_profile.html").read_bytes())
            ],
            site: [("20190101000000", (LIVE / "site_jsonld.html").read_bytes())],
        },
    )
    fetch = fetch_options(archive=True, extra={"archive_url": archive.base})
    refs = [
        SourceRef(server.url("/in/jordan"), SourceKind.LINKEDIN_PAGE),
        SourceRef("https://github.com/dana-w", SourceKind.GITHUB),
        SourceRef(site, SourceKind.SITE),
    ]
    # The GitHub API itself is not served here: that source is blocked, its snapshot is not.
    cand = build_candidate("x", {}, refs, config=quick_config(fetch_retries=0), fetch=fetch)
    kinds = [s.kind for s in cand.sources]
    assert kinds[:3] == [SourceKind.LINKEDIN_PAGE, SourceKind.GITHUB, SourceKind.SITE]
    archived = [
        (s, p)
        for s, p in zip(cand.sources, cand.profiles, strict=True)
        if s.kind is SourceKind.ARCHIVE
    ]
    assert [s.meta["snapshot_of"] for s, _ in archived] == ["https://github.com/dana-w", site]
    assert archive.queried == [server.url("/in/jordan"), "https://github.com/dana-w", site]
    (_, gh_prof), (_, st_prof) = archived
    assert (
        gh_prof is not None
        and gh_prof.name == "Dana Whitfield"
        and gh_prof.github_handles[0] == "dana-w"
    )
    assert st_prof is not None and st_prof.name == "Dana Whitfield"
    assert str(gh_prof.as_of) == "2018-01-01"


def test_archive_snapshots_reach_the_history_checks_as_earlier_scans() -> None:
    """End to end on an injected httpx MockTransport (no sockets at all), so that the URLs can be
    LinkedIn's own: the account now shows another name than both archived captures."""
    import httpx

    archive_base = "https://archive.test"
    cdx = [
        ["timestamp", "original", "statuscode"],
        [STAMPS[0], LINKEDIN, "200"],
        [STAMPS[-1], LINKEDIN, "200"],
    ]

    def handle(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == LINKEDIN:
            return httpx.Response(
                200, content=renamed(PROFILE, "Morgan Blake"), headers={"content-type": "text/html"}
            )
        if url.startswith(archive_base + "/cdx/"):
            assert request.url.params["url"] == LINKEDIN
            return httpx.Response(200, json=cdx)
        if url.startswith(archive_base + "/web/"):
            return httpx.Response(200, content=PROFILE, headers={"content-type": "text/html"})
        return httpx.Response(404)

    fetch = fetch_options(
        archive=True,
        extra={
            "archive_url": archive_base,
            "transport": httpx.MockTransport(handle),
            "resolver": lambda host, port: ["127.0.0.1"],  # vetted, never dialled
        },
    )
    cand = build_candidate(
        "x", {}, [SourceRef(LINKEDIN, SourceKind.LINKEDIN_PAGE)], config=quick_config(), fetch=fetch
    )
    assert [s.kind for s in cand.sources] == [
        SourceKind.LINKEDIN_PAGE,
        SourceKind.ARCHIVE,
        SourceKind.ARCHIVE,
    ]
    assert cand.profiles[0] is not None and cand.profiles[0].name == "Morgan Blake"
    history = cand.history  # build_candidate hands the captures to the history checks
    assert [h.origin for h in history] == ["archive", "archive"]
    assert [h.scanned_at.year for h in history] == [
        2024,
        2016,
    ]  # newest first, as Candidate.history
    assert history[0].label == "archive snapshot of 2024-05-20"
    assert archive_snapshots(cand) == list(history)
    found = run_checks(cand, CheckContext(config=Config()), ["HJ001"]).findings
    assert len(found) == 1
    assert (
        "'Morgan Blake'" in found[0].message
        and "archive snapshot of 2016-01-05" in found[0].message
    )


def test_without_archive_flag_nothing_is_asked_of_the_archive(server: LocalServer) -> None:
    archive = FakeArchive(server, {LINKEDIN: [(STAMPS[0], PROFILE)]})
    server.page("/in/jordan", PROFILE)
    fetch = fetch_options(extra={"archive_url": archive.base})
    cand = build_candidate("x", {}, [SourceRef(server.url("/in/jordan"), SourceKind.LINKEDIN_PAGE)],
                           config=quick_config(), fetch=fetch)  # fmt: skip
    assert [s.kind for s in cand.sources] == [SourceKind.LINKEDIN_PAGE]
    assert archive.queried == [] and not cand.history
