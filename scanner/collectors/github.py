"""A GitHub account through the REST API, plus commit metadata from blobless bare clones.

The result is one `SourceDocument` (kind `github`, format `json`) whose content is the JSON
document below; `extractors.github` reads it. Only public data is read: the user, their own
repositories (fork flag and dates), their public events, and, for up to N recently pushed
non-fork repositories, each commit's author and committer names, emails and dates with their
UTC offsets, from `git clone --bare --filter=blob:none` (no file contents are downloaded).

```json
{"schema": "scanner.github/1", "api_url": "https://api.github.com", "handle": "dana-w",
 "retrieved_at": "2026-01-05T10:00:00Z",
 "user": {"login": "…", "name": "…", "email": "…", "blog": "…", "location": "…",
          "created_at": "2014-03-01T12:00:00Z", "avatar_url": "…", …},
 "repos": [{"name": "…", "fork": false, "created_at": "…", "pushed_at": "…", "size_kb": 120, …}],
 "events": [{"type": "PushEvent", "created_at": "…", "repo": "dana-w/x"}],
 "commits": [{"repo": "…", "sha": "…", "parents": ["…"], "author_name": "…",
              "author_email": "…", "author_date": "2019-05-01T09:30:00+09:00",
              "committer_name": "…", "committer_email": "…", "committer_date": "…"}],
 "clones": [{"repo": "…", "status": "ok|skipped|error", "reason": "…", "commits": 12, "bytes": 34567}],
 "notes": ["…"]}
```

`GITHUB_TOKEN`, when set, is sent as a bearer token to the API host only (never to clone hosts
or redirects elsewhere). Clone URLs come from the API's `clone_url`; http(s) ones pass the same
address guard as every other fetch, and local paths or `file://` URLs (test fixtures, mirrors)
are cloned only with `--allow-private-network`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from extractors.model import SourceDocument, SourceKind, SourceStatus, frozen_mapping
from scanner.collectors.http import Deadline, FetchError, HttpFetcher

__all__ = ["SCHEMA", "GithubLimits", "collect_github", "handle_from_url"]

SCHEMA = "scanner.github/1"
_USER_FIELDS = (
    "login", "id", "type", "name", "email", "blog", "location", "company", "bio",
    "twitter_username", "created_at", "updated_at", "avatar_url", "html_url", "public_repos",
    "followers", "following", "hireable",
)  # fmt: skip
_REPO_FIELDS = (
    "name", "full_name", "fork", "created_at", "pushed_at", "updated_at", "language",
    "description", "html_url", "clone_url", "default_branch", "archived",
)  # fmt: skip
_SEP, _END = "\x1f", "\x1e"
_LOG_KEYS = ("author_name", "author_email", "author_date", "committer_name", "committer_email",
             "committer_date")  # fmt: skip
_LOG_FORMAT = f"%H{_SEP}%P{_SEP}%an{_SEP}%ae{_SEP}%aI{_SEP}%cn{_SEP}%ce{_SEP}%cI{_END}"


@dataclass(frozen=True)
class GithubLimits:
    """Caps on what one account may cost (`[limits]` keys `github_*` in scanner.toml)."""

    max_repos: int = 300  # repositories listed
    event_pages: int = 3  # 100 events each; GitHub keeps at most 300, 90 days
    clone_repos: int = 5  # recently pushed non-fork repositories cloned
    clone_max_bytes: int = 50_000_000  # per repository (blobless)
    clone_total_bytes: int = 150_000_000  # per account
    max_commits: int = 1000  # per repository
    clone_timeout: float = 60.0  # seconds per clone

    @classmethod
    def from_config(cls, limits: Mapping[str, Any]) -> GithubLimits:
        from scanner.settings import limits_from

        return limits_from(cls, limits, "github_")


def handle_from_url(url: str) -> str | None:
    """The account in `https://github.com/<handle>[/repo]` (or an Enterprise host), else None."""
    from extractors.contacts import github_handle, is_valid_github_username

    text = url.strip()
    if "://" not in text and "/" not in text:
        text = text.lstrip("@")
        return text if is_valid_github_username(text) else None
    found = github_handle(text)
    if found:
        return found
    path = urlsplit(text if "://" in text else "https://" + text).path.strip("/").split("/")
    return path[0] if path and is_valid_github_username(path[0]) else None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Api:
    def __init__(self, http: HttpFetcher, base: str, deadline: Deadline | None) -> None:
        self.http = http
        self.base = base.rstrip("/")
        self.deadline = deadline
        self.headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        token = os.environ.get("GITHUB_TOKEN", "").strip()
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str) -> tuple[int, Any]:
        resp = self.http.get(
            self.base + path, deadline=self.deadline, robots=False, headers=self.headers
        )
        if resp.status >= 400:
            return resp.status, None
        try:
            return resp.status, json.loads(resp.content)
        except ValueError:
            raise FetchError(
                f"{self.base}{path}: the API answered with something that is not JSON", kind="http"
            ) from None


def collect_github(
    url: str,
    *,
    http: HttpFetcher,
    api_url: str,
    deadline: Deadline | None = None,
    limits: GithubLimits | None = None,
    allow_local_clones: bool = False,
    git: str = "git",
) -> SourceDocument:
    """The account named by `url` (or a bare handle) as a `github` JSON document."""
    limits = limits or GithubLimits()
    handle = handle_from_url(url)
    if handle is None:
        return _doc(url, b"", SourceStatus.ERROR, f"{url!r} does not name a GitHub account")
    api = _Api(http, api_url, deadline)
    try:
        status, user = api.get(f"/users/{quote(handle)}")
    except FetchError as exc:
        return _doc(url, b"", SourceStatus.BLOCKED, f"GitHub API: {exc}")
    if status == 404:
        return _doc(
            url, b"", SourceStatus.BLOCKED, f"GitHub has no account named {handle!r} (HTTP 404)"
        )
    if user is None or not isinstance(user, dict):
        return _doc(
            url, b"", SourceStatus.BLOCKED, f"GitHub API answered HTTP {status} for {handle!r}"
        )
    notes: list[str] = []
    login = str(user.get("login") or handle)
    repos = _repos(api, login, limits, notes)
    events = _events(api, login, limits, notes)
    commits, clones = _clone_all(repos, limits, deadline, http, allow_local_clones, git, notes)
    data = {
        "schema": SCHEMA,
        "api_url": api.base,
        "handle": login,
        "retrieved_at": _now(),
        "user": {k: user.get(k) for k in _USER_FIELDS if k in user},
        "repos": [_repo_record(r) for r in repos],
        "events": events,
        "commits": commits,
        "clones": clones,
        "notes": notes,
    }
    content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    meta = {
        "api_url": api.base,
        "repos": len(repos),
        "commits": len(commits),
        "authenticated": "Authorization" in api.headers,
    }
    return _doc(url, content, SourceStatus.OK, None, meta)


def _doc(
    url: str,
    content: bytes,
    status: SourceStatus,
    error: str | None,
    meta: Mapping[str, Any] | None = None,
) -> SourceDocument:
    return SourceDocument(
        kind=SourceKind.GITHUB,
        format="json" if content else "api",
        uri=url,
        content=content,
        media_type="application/json",
        sha256=SourceDocument.digest(content),
        collector="github",
        status=status,
        error=error,
        meta=frozen_mapping(meta),
    )


def _repos(api: _Api, login: str, limits: GithubLimits, notes: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    page = 1
    while len(out) < limits.max_repos:
        try:
            status, data = api.get(
                f"/users/{quote(login)}/repos?type=owner&sort=pushed&per_page=100&page={page}"
            )
        except FetchError as exc:
            notes.append(f"repositories: {exc}")
            break
        if not isinstance(data, list):
            notes.append(f"repositories: HTTP {status}")
            break
        out.extend(r for r in data if isinstance(r, dict))
        if len(data) < 100:
            break
        page += 1
    if len(out) >= limits.max_repos:
        notes.append(f"only the {limits.max_repos} most recently pushed repositories were listed")
    return out[: limits.max_repos]


def _events(api: _Api, login: str, limits: GithubLimits, notes: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for page in range(1, limits.event_pages + 1):
        try:
            status, data = api.get(f"/users/{quote(login)}/events/public?per_page=100&page={page}")
        except FetchError as exc:
            notes.append(f"public events: {exc}")
            break
        if not isinstance(data, list):
            if status != 422:  # GitHub answers 422 past its 300-event window
                notes.append(f"public events: HTTP {status}")
            break
        for ev in data:
            if isinstance(ev, dict):
                repo = ev.get("repo") if isinstance(ev.get("repo"), dict) else {}
                name = (repo or {}).get("name")
                out.append(
                    {"type": ev.get("type"), "created_at": ev.get("created_at"), "repo": name}
                )
        if len(data) < 100:
            break
    return out


def _repo_record(repo: Mapping[str, Any]) -> dict[str, Any]:
    rec = {k: repo.get(k) for k in _REPO_FIELDS if k in repo}
    rec["size_kb"] = repo.get("size")
    return rec


# ---------------------------------------------------------------------------------------------
# Clones
# ---------------------------------------------------------------------------------------------


def _clone_all(
    repos: list[dict[str, Any]],
    limits: GithubLimits,
    deadline: Deadline | None,
    http: HttpFetcher,
    allow_local: bool,
    git: str,
    notes: list[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    own = [r for r in repos if not r.get("fork") and r.get("clone_url")]
    own.sort(key=lambda r: str(r.get("pushed_at") or ""), reverse=True)
    commits: list[dict[str, Any]] = []
    clones: list[dict[str, Any]] = []
    if own and shutil.which(git) is None:
        notes.append("git is not installed: commit metadata was not read")
        return commits, clones
    total = 0
    with tempfile.TemporaryDirectory(prefix="scanner-clones-") as tmp:
        for repo in own[: limits.clone_repos]:
            name = str(repo.get("name") or "")
            record: dict[str, Any] = {
                "repo": name,
                "status": "skipped",
                "reason": "",
                "commits": 0,
                "bytes": 0,
            }
            clones.append(record)
            size = int(repo.get("size") or 0) * 1024
            if size > limits.clone_max_bytes:
                record["reason"] = (
                    f"{size:,} bytes on GitHub, over the {limits.clone_max_bytes:,}-byte cap"
                )
                continue
            budget = limits.clone_total_bytes - total
            if budget <= 0:
                record["reason"] = "the per-account clone budget was used up"
                continue
            try:
                source = _clone_source(str(repo["clone_url"]), http, allow_local)
                dest = Path(tmp) / f"{len(clones)}.git"
                used = _clone(
                    git, source, dest, min(budget, limits.clone_max_bytes), limits, deadline, http
                )
                total += used
                rows = _log(git, dest, limits.max_commits)
            except FetchError as exc:
                record.update(status="error", reason=str(exc))
                continue
            for row in rows:
                row["repo"] = name
            commits.extend(rows)
            record.update(status="ok", commits=len(rows), bytes=used)
            if len(rows) >= limits.max_commits:
                record["reason"] = f"only the newest {limits.max_commits} commits were read"
            shutil.rmtree(dest, ignore_errors=True)
    skipped = len(own) - len(clones)
    if skipped > 0:
        notes.append(
            f"{skipped} older non-fork repositories were not cloned (cap {limits.clone_repos})"
        )
    return commits, clones


def _clone_source(url: str, http: HttpFetcher, allow_local: bool) -> str:
    """The clone URL, if it may be cloned: http(s) past the address guard, local only when allowed."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        http.guard.vet_url(url)
        return url
    if scheme == "file" or (scheme == "" and (url.startswith("/") or Path(url).exists())):
        if not allow_local:
            raise FetchError(
                "refused: a local clone URL is only cloned with --allow-private-network",
                kind="refused",
            )
        return url if scheme == "file" else Path(url).resolve().as_uri()
    raise FetchError(f"refused: clone URL scheme {scheme or '?'}: is not cloned", kind="scheme")


def pinned_resolve(url: str, http: HttpFetcher) -> list[str]:
    """`git -c http.curloptResolve=…` values that pin the clone URL's host to the addresses the
    guard vetted, so git cannot resolve the name again and be answered with another address
    (DNS rebinding). Empty for a local URL or an address literal."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host or _is_address(host):
        return []
    port = parts.port or (443 if scheme == "https" else 80)
    addresses = http.guard.vetted(host, port)
    shown = ",".join(f"[{a}]" if ":" in a else a for a in addresses)
    return [f"{host}:{port}:{shown}"]


def _is_address(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _git_env(home: Path, user_agent: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "TMPDIR", "LANG")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        GIT_HTTP_USER_AGENT=user_agent,
        LC_ALL="C",
    )
    return env


def _dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


def _clone(
    git: str,
    source: str,
    dest: Path,
    max_bytes: int,
    limits: GithubLimits,
    deadline: Deadline | None,
    http: HttpFetcher,
) -> int:
    """A blobless bare clone, killed when it passes its byte cap or time budget; returns bytes."""
    local = source.startswith("file:")
    cmd = [
        git,
        "-c", "protocol.allow=never",
        "-c", "protocol.https.allow=always",
        "-c", "protocol.http.allow=always",
        "-c", f"protocol.file.allow={'always' if local else 'never'}",
        "-c", "http.followRedirects=false",
        "-c", "core.hooksPath=/dev/null",
        *[arg for pin in pinned_resolve(source, http) for arg in ("-c", f"http.curloptResolve={pin}")],
        "clone", "--bare", "--filter=blob:none", "--no-tags", "--quiet", "--", source, str(dest),
    ]  # fmt: skip
    timeout = limits.clone_timeout
    if deadline is not None:
        timeout = min(timeout, deadline.check(f"clone {source}"))
    env = _git_env(dest.parent, http.settings.user_agent)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    reason = ""
    while proc.poll() is None:
        time.sleep(0.05)
        if time.monotonic() - started > timeout:
            reason = f"the clone took longer than {timeout:.0f} s"
        elif dest.exists() and _dir_size(dest) > max_bytes:
            reason = f"the clone passed its {max_bytes:,}-byte cap"
        if reason:
            proc.kill()
            proc.wait()
            shutil.rmtree(dest, ignore_errors=True)
            raise FetchError(
                f"not cloned: {reason}", kind="too_large" if "cap" in reason else "timeout"
            )
    stderr = (proc.stderr.read() if proc.stderr else b"").decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        shutil.rmtree(dest, ignore_errors=True)
        line = stderr.splitlines()[-1] if stderr else f"git exited with {proc.returncode}"
        raise FetchError(f"clone failed: {line}", kind="http")
    size = _dir_size(dest)
    if size > max_bytes:  # finished between two looks
        shutil.rmtree(dest, ignore_errors=True)
        raise FetchError(
            f"not cloned: the clone passed its {max_bytes:,}-byte cap", kind="too_large"
        )
    return size


def _log(git: str, repo: Path, max_commits: int) -> list[dict[str, Any]]:
    cmd = [git, "--git-dir", str(repo), "log", "--all", "--date-order"]
    cmd += [f"--max-count={max_commits}", f"--format={_LOG_FORMAT}"]
    try:
        out = subprocess.run(
            cmd, env=_git_env(repo.parent, ""), capture_output=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        raise FetchError("reading the commit log took too long", kind="timeout") from None
    if out.returncode != 0:
        if b"does not have any commits" in out.stderr or b"bad default revision" in out.stderr:
            return []
        raise FetchError(
            f"git log failed: {out.stderr.decode('utf-8', 'replace').strip()[:200]}", kind="http"
        )
    rows = []
    for record in out.stdout.decode("utf-8", "replace").split(_END):
        parts = record.strip("\n").split(_SEP)
        if len(parts) != 8:
            continue
        sha, parents, *people = parts
        row: dict[str, Any] = dict(zip(_LOG_KEYS, people, strict=True))
        rows.append({"sha": sha, "parents": parents.split(), **row})
    return rows
