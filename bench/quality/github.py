"""GitHub accounts for the benchmark: local git repositories and a fake API on 127.0.0.1.

A genuine account commits under the person's name at the person's local working hours (the
right UTC offset, daylight saving included), with the odd CI bot, Dependabot or travel commit,
forks beside its own projects and a display name that may be a nickname, the login or empty.
The fraud accounts change one thing each: another person's account (ID002), commit offsets
from another part of the world (GH001), nights (GH002), several authors (GH003), imported
copies (GH004), years of silence then a burst (HJ004), history dated before the account
(HJ005), a new account for a long career (HJ006).

Repositories are written with `git fast-import` (bare, commit metadata only) and cloned by the
scanner from their local paths (`--allow-private-network`); the API answers the three
endpoints the collector asks for: the user, their repositories, their public events.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import threading
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

from .pools import City

TIMEZONES = {
    "AZ": "America/Phoenix", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "FL": "America/New_York", "GA": "America/New_York", "ID": "America/Boise",
    "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis", "KY": "America/New_York",
    "MA": "America/New_York", "MD": "America/New_York", "MI": "America/Detroit",
    "MN": "America/Chicago", "MO": "America/Chicago", "NC": "America/New_York",
    "NE": "America/Chicago", "NJ": "America/New_York", "NM": "America/Denver",
    "NV": "America/Los_Angeles", "NY": "America/New_York", "OH": "America/New_York",
    "OR": "America/Los_Angeles", "PA": "America/New_York", "TN": "America/Chicago",
    "TX": "America/Chicago", "UT": "America/Denver", "VA": "America/New_York",
    "WA": "America/Los_Angeles", "WI": "America/Chicago", "ON": "America/Toronto",
    "BC": "America/Vancouver", "NSW": "Australia/Sydney", "VIC": "Australia/Melbourne",
    "England": "Europe/London",
}  # fmt: skip


@dataclass
class Commit:
    author: str
    email: str
    when: datetime  # aware: its offset is what the commit records
    committed: datetime | None = None  # default: the author date


@dataclass
class Repo:
    name: str
    created: datetime
    commits: list[Commit] = field(default_factory=list)
    fork: bool = False


@dataclass
class Account:
    login: str
    name: str | None
    created: datetime
    repos: list[Repo] = field(default_factory=list)
    email: str | None = None
    location: str | None = None
    pushes: list[datetime] = field(default_factory=list)  # public push events


def zone_of(city: City | None) -> ZoneInfo:
    return ZoneInfo(TIMEZONES.get(city.state if city else "IL", "America/Chicago"))


def work_moment(rng: random.Random, day: datetime, tz: ZoneInfo, night: bool = False) -> datetime:
    """A local working-hours moment (or a night one) on that day, with the zone's offset."""
    hour = (
        rng.choice([0, 1, 2, 3, 4])
        if night
        else rng.choice([9, 10, 11, 13, 14, 15, 16, 17, 19, 21])
    )
    local = datetime(
        day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=tz
    )
    return local


def spread(rng: random.Random, start: datetime, end: datetime, n: int) -> list[datetime]:
    """n days between start and end, sorted (activity without long silences)."""
    span = max(1, (end - start).days)
    return sorted(start + timedelta(days=rng.randrange(span)) for _ in range(n))


def genuine_account(
    rng: random.Random, name: str, login: str, city: City | None, now: datetime
) -> Account:
    """The person's own account: their commits at their hours, a bot, a fork, a little travel."""
    tz = zone_of(city)
    created = now - timedelta(days=rng.randint(500, 3500))
    spelled = login.replace("-", "").lower() == "".join(name.split()).lower()  # "danawhitfield"
    display = rng.choices([name, f"{name.split()[0]} {name.split()[-1][0]}.", None, login if spelled else None],
                          [6, 1, 2, 1])[0]  # fmt: skip
    mail = rng.choice(
        [f"{login}@example.com", f"{rng.randrange(10**6, 10**7)}+{login}@users.noreply.github.com"]
    )
    acc = Account(
        login, display, created, location=city.short if city and rng.random() < 0.6 else None
    )
    for k in range(rng.randint(2, 4)):
        r_created = created + timedelta(days=rng.randrange(max(1, (now - created).days - 60)))
        repo = Repo(f"{login}-tool-{k}", r_created)
        for day in spread(rng, r_created, now - timedelta(days=5), rng.randint(8, 25)):
            when = work_moment(rng, day, tz)
            if rng.random() < 0.08:  # travelling
                when = when.astimezone(
                    ZoneInfo(rng.choice(["Europe/Lisbon", "America/New_York", "Asia/Tokyo"]))
                )
            repo.commits.append(Commit(name, mail, when))
        if rng.random() < 0.4:  # CI and Dependabot write UTC
            for day in spread(rng, r_created, now - timedelta(days=5), 3):
                repo.commits.append(Commit("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com",
                                           work_moment(rng, day, tz).astimezone(UTC)))  # fmt: skip
        if rng.random() < 0.3:  # an outside contributor or two
            repo.commits.append(
                Commit(
                    "Robin Example",
                    "robin@example.org",
                    work_moment(rng, now - timedelta(days=40), tz),
                )
            )
        acc.repos.append(repo)
    if rng.random() < 0.5:
        acc.repos.append(
            Repo(f"forked-lib-{rng.randrange(100)}", created + timedelta(days=30), fork=True)
        )
    acc.pushes = [c.when for r in acc.repos for c in r.commits[-3:]]
    return acc


def render_account(folder: Path, acc: Account) -> dict[str, Any]:
    """Bare repositories under `folder` and the API answers for the account."""
    base = folder / "github" / acc.login
    base.mkdir(parents=True, exist_ok=True)
    repos = []
    for repo in acc.repos:
        path = base / f"{repo.name}.git"
        if not repo.fork and repo.commits:
            _fast_import(path, repo.commits)
        pushed = max((c.when for c in repo.commits), default=repo.created)
        repos.append({
            "name": repo.name, "full_name": f"{acc.login}/{repo.name}", "fork": repo.fork,
            "created_at": _iso(repo.created), "pushed_at": _iso(pushed), "updated_at": _iso(pushed),
            "size": 10, "language": "Python", "clone_url": str(path.resolve()) if not repo.fork else "",
            "html_url": f"https://github.com/{acc.login}/{repo.name}", "default_branch": "main",
        })  # fmt: skip
    user = {"login": acc.login, "id": zlib.crc32(acc.login.encode()) % 10**7, "type": "User", "name": acc.name,
            "email": acc.email, "blog": "", "location": acc.location, "created_at": _iso(acc.created),
            "avatar_url": f"https://avatars.example.org/{acc.login}", "html_url": f"https://github.com/{acc.login}",
            "public_repos": len(repos)}  # fmt: skip
    events = [{"type": "PushEvent", "created_at": _iso(w), "repo": {"name": f"{acc.login}/{acc.repos[0].name}"}}
              for w in sorted(acc.pushes, reverse=True)[:90]]  # fmt: skip
    return {"user": user, "repos": repos, "events": events}


def _iso(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp(d: datetime) -> str:
    off = d.utcoffset() or timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{int(d.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _fast_import(path: Path, commits: list[Commit]) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(path.parent),
        "GIT_TERMINAL_PROMPT": "0",
    }
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True, env=env)
    lines: list[bytes] = []
    for k, c in enumerate(sorted(commits, key=lambda c: c.when)):
        blob = f"change {k}\n".encode()
        msg = f"Change {k}".encode()
        committed = c.committed or c.when
        lines.append(b"commit refs/heads/main\n")
        lines.append(f"author {c.author} <{c.email}> {_stamp(c.when)}\n".encode())
        lines.append(f"committer {c.author} <{c.email}> {_stamp(committed)}\n".encode())
        lines.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        lines.append(f"M 100644 inline file{k % 7}.txt\ndata {len(blob)}\n".encode() + blob + b"\n")
    subprocess.run(
        ["git", "--git-dir", str(path), "fast-import", "--quiet"],
        input=b"".join(lines),
        check=True,
        env=env,
    )
    subprocess.run(
        ["git", "--git-dir", str(path), "symbolic-ref", "HEAD", "refs/heads/main"],
        check=True,
        env=env,
    )


# ---------------------------------------------------------------------------------------------
class FakeGithub:
    """The three API endpoints the collector reads, for every rendered account, on 127.0.0.1."""

    def __init__(self, accounts: dict[str, dict[str, Any]]) -> None:
        self.accounts = {login.lower(): data for login, data in accounts.items()}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                status, body = fake.answer(self.path)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, raw: str) -> tuple[int, Any]:
        url = urlparse(raw)
        parts = [p for p in url.path.split("/") if p]
        page = int(parse_qs(url.query).get("page", ["1"])[0])
        if len(parts) < 3 or parts[:2] != ["api", "users"] or parts[2].lower() not in self.accounts:
            return 404, {"message": "Not Found"}
        acc = self.accounts[parts[2].lower()]
        if len(parts) == 3:
            return 200, acc["user"]
        if parts[3] == "repos":
            return 200, acc["repos"] if page == 1 else []
        if parts[3:] == ["events", "public"]:
            return 200, acc["events"] if page == 1 else []
        return 404, {"message": "Not Found"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def __enter__(self) -> FakeGithub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
