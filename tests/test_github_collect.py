"""The GitHub collector against a fake API on 127.0.0.1 and local git repositories, and the
account document → profile extractor."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from extractors.github import parse_github
from extractors.model import ExtractionError, SourceKind, SourceStatus
from scanner.collectors.github import GithubLimits, collect_github, handle_from_url
from scanner.collectors.http import HttpFetcher, HttpSettings
from tests.live_helpers import (
    FakeClock,
    FakeCommit,
    LocalServer,
    Reply,
    github_repo,
    github_user,
    make_repo,
    series,
    serve_github,
)


def http() -> HttpFetcher:
    return HttpFetcher(
        HttpSettings(allow_networks=("127.0.0.1/32",), rate_limits={"default": 0.0}, timeout=5.0),
        clock=FakeClock(),
    )


@pytest.fixture()
def server() -> Any:
    with LocalServer() as s:
        yield s


def _account(server: LocalServer, tmp_path: Path, **user: Any) -> str:
    tokyo = series("Dana Whitfield", "dana@example.com", "2021-03-01", 4, offset="+09:00", hour=14)
    make_repo(tmp_path / "pipeline", tokyo)
    make_repo(
        tmp_path / "dotfiles",
        [FakeCommit("Dana Whitfield", "dana@example.com", "2020-01-05T09:00:00-06:00")],
    )
    repos = [
        github_repo("pipeline", str(tmp_path / "pipeline"), pushed_at="2021-03-05T00:00:00Z"),
        github_repo("dotfiles", str(tmp_path / "dotfiles"), pushed_at="2020-01-06T00:00:00Z"),
        github_repo("someone-elses", str(tmp_path / "nope"), fork=True),
    ]
    fields = {"name": "Dana Whitfield", "email": "dana@example.com", "blog": "dana.example.com",
              "location": "Austin, TX", "created_at": "2015-01-10T12:00:00Z"}  # fmt: skip
    fields.update(user)
    events = [
        {
            "type": "PushEvent",
            "created_at": "2021-03-05T01:00:00Z",
            "repo": {"name": "dana-w/pipeline"},
        }
    ]
    return serve_github(server, github_user("dana-w", **fields), repos, events)


def test_collects_user_repos_events_and_commit_metadata(
    server: LocalServer, tmp_path: Path
) -> None:
    api = _account(server, tmp_path)
    doc = collect_github(
        "https://github.com/dana-w", http=http(), api_url=api, allow_local_clones=True
    )
    assert doc.status is SourceStatus.OK, doc.error
    assert (doc.kind, doc.format, doc.collector) == (SourceKind.GITHUB, "json", "github")
    assert doc.sha256 == doc.digest(doc.content)
    data = json.loads(doc.content)
    assert data["schema"] == "scanner.github/1"
    assert [r["name"] for r in data["repos"]] == ["pipeline", "dotfiles", "someone-elses"]
    assert [c["repo"] for c in data["clones"]] == ["pipeline", "dotfiles"]  # forks are not cloned
    assert all(c["status"] == "ok" for c in data["clones"])
    dates = sorted(c["author_date"] for c in data["commits"])
    assert dates[0] == "2020-01-05T09:00:00-06:00"
    assert sum(1 for d in dates if d.endswith("+09:00")) == 4
    assert data["events"] == [
        {"type": "PushEvent", "created_at": "2021-03-05T01:00:00Z", "repo": "dana-w/pipeline"}
    ]


def test_the_document_reads_into_a_profile(server: LocalServer, tmp_path: Path) -> None:
    api = _account(server, tmp_path)
    doc = collect_github("dana-w", http=http(), api_url=api, allow_local_clones=True)
    p = parse_github(doc.content)
    assert p.name == "Dana Whitfield"
    assert p.emails == ("dana@example.com",)
    assert p.urls == ("https://dana.example.com",)
    assert p.locations == ("Austin, TX",)
    assert p.github_handles == ("dana-w",)
    gh = p.github
    assert gh["created_at"] == "2015-01-10T12:00:00Z"
    assert len(gh["commits"]) == 5 and {c["author_name"] for c in gh["commits"]} == {
        "Dana Whitfield"
    }
    assert [r["fork"] for r in gh["repos"]] == [False, False, True]


def test_github_token_goes_to_the_api_only(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_test_token")
    api = _account(server, tmp_path)
    doc = collect_github("dana-w", http=http(), api_url=api, allow_local_clones=True)
    assert doc.meta["authenticated"] is True
    assert all(r.headers.get("Authorization") == "Bearer ghp_test_token" for r in server.log)
    assert "ghp_test_token" not in doc.content.decode()


def test_local_clone_urls_need_private_network(server: LocalServer, tmp_path: Path) -> None:
    api = _account(server, tmp_path)
    doc = collect_github("dana-w", http=http(), api_url=api, allow_local_clones=False)
    data = json.loads(doc.content)
    assert doc.status is SourceStatus.OK
    assert data["commits"] == []
    assert {c["status"] for c in data["clones"]} == {"error"}
    assert "allow-private-network" in data["clones"][0]["reason"]


def test_clone_caps_count_and_bytes(server: LocalServer, tmp_path: Path) -> None:
    api = _account(server, tmp_path)
    limits = GithubLimits(clone_repos=1, clone_max_bytes=11_000)  # the API says 10 KB
    data = json.loads(
        collect_github(
            "dana-w", http=http(), api_url=api, allow_local_clones=True, limits=limits
        ).content
    )
    assert len(data["clones"]) == 1
    assert data["clones"][0]["status"] == "error" and "cap" in data["clones"][0]["reason"]
    assert any("not cloned" in n for n in data["notes"])


def test_oversized_repository_is_skipped_by_its_api_size(
    server: LocalServer, tmp_path: Path
) -> None:
    make_repo(
        tmp_path / "huge",
        [FakeCommit("Dana Whitfield", "dana@example.com", "2020-01-05T09:00:00-06:00")],
    )
    api = serve_github(
        server,
        github_user("dana-w"),
        [github_repo("huge", str(tmp_path / "huge"), size=10_000_000)],
    )
    data = json.loads(
        collect_github("dana-w", http=http(), api_url=api, allow_local_clones=True).content
    )
    assert data["clones"][0]["status"] == "skipped"
    assert "cap" in data["clones"][0]["reason"]


def test_clone_over_http_from_a_local_git_server(server: LocalServer, tmp_path: Path) -> None:
    make_repo(
        tmp_path / "work",
        series("Dana Whitfield", "dana@example.com", "2022-05-01", 3, offset="-05:00"),
    )
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
        server, github_user("dana-w"), [github_repo("tool", server.url("/git/tool.git"))]
    )
    data = json.loads(collect_github("dana-w", http=http(), api_url=api).content)
    assert data["clones"][0]["status"] == "ok", data["clones"]
    assert len(data["commits"]) == 3


def test_missing_account_is_blocked_with_the_reason(server: LocalServer) -> None:
    doc = collect_github("no-such-person", http=http(), api_url=server.url("/api"))
    assert doc.status is SourceStatus.BLOCKED
    assert "no account named 'no-such-person'" in (doc.error or "")


def test_api_rate_limit_far_away_is_blocked_not_waited(server: LocalServer) -> None:
    server.handler(
        "/api/users/dana-w",
        lambda req: Reply(
            403, b"{}", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "4102444800"}
        ),
    )
    doc = collect_github("dana-w", http=http(), api_url=server.url("/api"))
    assert doc.status is SourceStatus.BLOCKED
    assert "rate limited" in (doc.error or "")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("https://github.com/dana-w", "dana-w"),
        ("github.com/dana-w/pipeline", "dana-w"),
        ("@dana-w", "dana-w"),
        ("https://ghe.example.com/dana-w", "dana-w"),
        ("https://github.com/features", None),
    ],
)
def test_handle_from_url(text: str, handle: str | None) -> None:
    assert handle_from_url(text) == handle


def test_not_an_account_document_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        parse_github(b'{"basics": {"name": "x"}}')
    with pytest.raises(ExtractionError):
        parse_github(b"not json")
