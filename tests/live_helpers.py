"""Helpers for the live-collection tests: a local HTTP server on 127.0.0.1, a fake clock, a fake
GitHub API and local git repositories with crafted commit dates. Nothing here touches the
internet."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIVE = ROOT / "fixtures" / "live"
LINKEDIN_PAGES = ROOT / "fixtures" / "linkedin" / "page"

Body = bytes | Iterable[bytes]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Mapping[str, str]


@dataclass
class Reply:
    status: int = 200
    body: Body = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow page)


Handler = Callable[[Request], Reply]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving routes: exact paths, then path prefixes."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.prefixes: list[tuple[str, Handler]] = []
        self.log: list[Request] = []
        server = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in separate writes: no 40 ms stalls

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                req = Request("GET", parts.path, parse_qs(parts.query), dict(self.headers.items()))
                server.log.append(req)
                reply = server.dispatch(req)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **reply.headers}
                    if isinstance(reply.body, bytes):
                        headers["Content-Length"] = str(len(reply.body))
                        for k, v in headers.items():
                            self.send_header(k, v)
                        self.end_headers()
                        self.wfile.write(reply.body)
                    else:
                        headers["Connection"] = "close"
                        for k, v in headers.items():
                            self.send_header(k, v)
                        self.end_headers()
                        for chunk in reply.body:
                            self.wfile.write(chunk)
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def dispatch(self, req: Request) -> Reply:
        handler = self.routes.get(req.path)
        if handler is None:
            for prefix, h in self.prefixes:
                if req.path.startswith(prefix):
                    handler = h
                    break
        return handler(req) if handler else Reply(404, b"<html><title>Not found</title></html>")

    def page(self, path: str, body: bytes | str, status: int = 200, **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda req: Reply(status, data, dict(headers))

    def json(self, path: str, data: Any, status: int = 200) -> None:
        body = json.dumps(data).encode("utf-8")
        self.routes[path] = lambda req: Reply(status, body, {"Content-Type": "application/json"})

    def handler(self, path: str, fn: Handler) -> None:
        self.routes[path] = fn

    def prefix(self, prefix: str, fn: Handler) -> None:
        self.prefixes.append((prefix, fn))

    def hits(self, path: str) -> int:
        return sum(1 for r in self.log if r.path == path)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeClock:
    """A clock that only moves when slept on; records every sleep."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def fetch_options(**kw: Any) -> Any:
    """FetchOptions for tests: loopback allowed, a fake clock, no browser unless asked."""
    from scanner.sources import FetchOptions

    extra: dict[str, Any] = {"clock": FakeClock(), "browser": False}
    extra.update(kw.pop("extra", {}))
    kw.setdefault("allow_private_network", True)
    return FetchOptions(extra=extra, **kw)


def quick_config(**limits: Any) -> Any:
    """A Config with no per-host waiting and short timeouts (the clock is fake anyway)."""
    from scanner.config import Config

    base = {"fetch_timeout": 5.0}
    base.update(limits)
    return Config(limits=base, rate_limits={"default": 0.0})


# ---------------------------------------------------------------------------------------------
# Git repositories with crafted dates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeCommit:
    author: str
    email: str
    date: str  # "2020-03-02T14:00:00+09:00" (git accepts ISO 8601 with an offset)
    message: str = "work"
    committer_date: str | None = None


def git_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "LC_ALL": "C",
    }


def make_repo(path: Path, commits: Sequence[FakeCommit]) -> Path:
    """A git repository at `path` with one empty commit per entry (dates and authors as given)."""
    path.mkdir(parents=True, exist_ok=True)
    env = git_env(path.parent)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
    for c in commits:
        e = {
            **env,
            "GIT_AUTHOR_NAME": c.author,
            "GIT_AUTHOR_EMAIL": c.email,
            "GIT_AUTHOR_DATE": c.date,
            "GIT_COMMITTER_NAME": c.author,
            "GIT_COMMITTER_EMAIL": c.email,
            "GIT_COMMITTER_DATE": c.committer_date or c.date,
        }
        subprocess.run(
            ["git", "-C", str(path), "commit", "-q", "--allow-empty", "-m", c.message],
            check=True,
            env=e,
        )
    return path


def series(
    author: str,
    email: str,
    start: str,
    count: int,
    *,
    offset: str = "+00:00",
    hour: int = 12,
    step_days: int = 1,
) -> list[FakeCommit]:
    """`count` commits one `step_days` apart from the date `start` (YYYY-MM-DD) at `hour` local."""
    from datetime import date, timedelta

    d0 = date.fromisoformat(start)
    out = []
    for k in range(count):
        d = d0 + timedelta(days=k * step_days)
        out.append(
            FakeCommit(author, email, f"{d.isoformat()}T{hour:02d}:{(k * 7) % 60:02d}:00{offset}")
        )
    return out


# ---------------------------------------------------------------------------------------------
# A fake GitHub API
# ---------------------------------------------------------------------------------------------


def github_user(login: str, **fields: Any) -> dict[str, Any]:
    user = {
        "login": login,
        "id": 1001,
        "type": "User",
        "name": None,
        "email": None,
        "blog": "",
        "location": None,
        "created_at": "2015-01-10T12:00:00Z",
        "avatar_url": f"https://avatars.example.org/{login}",
        "html_url": f"https://github.com/{login}",
        "public_repos": 0,
    }
    user.update(fields)
    return user


def github_repo(name: str, clone_url: str, **fields: Any) -> dict[str, Any]:
    repo = {
        "name": name,
        "full_name": f"owner/{name}",
        "fork": False,
        "created_at": "2016-01-01T00:00:00Z",
        "pushed_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
        "size": 10,
        "language": "Python",
        "clone_url": clone_url,
        "html_url": f"https://github.com/owner/{name}",
        "default_branch": "main",
    }
    repo.update(fields)
    return repo


def serve_github(
    server: LocalServer,
    user: dict[str, Any],
    repos: list[dict[str, Any]],
    events: list[dict[str, Any]] | None = None,
) -> str:
    """Routes of a fake GitHub API for one user on `server`; returns the API base URL."""
    login = user["login"]
    server.json(f"/api/users/{login}", user)

    def repo_pages(req: Request) -> Reply:
        page = int(req.query.get("page", ["1"])[0])
        per = int(req.query.get("per_page", ["30"])[0])
        chunk = repos[(page - 1) * per : page * per]
        return Reply(200, json.dumps(chunk).encode(), {"Content-Type": "application/json"})

    server.handler(f"/api/users/{login}/repos", repo_pages)
    evs = events or []

    def event_pages(req: Request) -> Reply:
        page = int(req.query.get("page", ["1"])[0])
        chunk = evs[(page - 1) * 100 : page * 100]
        return Reply(200, json.dumps(chunk).encode(), {"Content-Type": "application/json"})

    server.handler(f"/api/users/{login}/events/public", event_pages)
    return server.url("/api")


def iter_chunks(total: int, chunk: int = 65_536) -> Iterator[bytes]:
    """`total` bytes of HTML-ish filler, streamed (the 50 MB page)."""
    block = b"<p>" + b"x" * (chunk - 7) + b"</p>\n"
    sent = 0
    while sent < total:
        piece = block[: total - sent]
        sent += len(piece)
        yield piece
