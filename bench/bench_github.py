"""Benchmark: collecting a GitHub account with 30 repositories from a fake API on 127.0.0.1 and
local git repositories (blobless bare clones, commit metadata only).

Builds 30 repositories with `git fast-import` (commits with files, dates and offsets), serves
the user, repository list and events from a local fake API, and times `collect_github` with
the default clone cap (the 5 most recently pushed) and with every repository cloned, then the
extractor and the GitHub checks on the result.

    python bench/bench_github.py                     # 30 repositories x 200 commits
    python bench/bench_github.py --repos 30 --commits 50
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scanner.collectors.github import GithubLimits, collect_github  # noqa: E402
from scanner.collectors.http import HttpFetcher, HttpSettings  # noqa: E402
from tests.live_helpers import LocalServer, git_env, github_repo, github_user, serve_github  # noqa: E402


def fast_import_repo(path: Path, commits: int, seed: int) -> None:
    """A repository of `commits` commits, each changing a small file, built in one process."""
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True, env=git_env(path.parent))
    start = datetime(2018, 1, 1, 9, tzinfo=UTC) + timedelta(days=seed)
    lines = []
    for k in range(commits):
        when = int((start + timedelta(hours=7 * k)).timestamp())
        blob = f"line {k} of repository {seed}\n".encode()
        msg = f"change {k}".encode()
        lines.append(b"commit refs/heads/main\n")
        lines.append(f"author Dana Whitfield <dana@example.com> {when} -0600\n".encode())
        lines.append(f"committer Dana Whitfield <dana@example.com> {when} -0600\n".encode())
        lines.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        lines.append(
            f"M 100644 inline file{k % 20}.txt\ndata {len(blob)}\n".encode() + blob + b"\n"
        )
    subprocess.run(
        ["git", "--git-dir", str(path), "fast-import", "--quiet"], input=b"".join(lines), check=True,
        env=git_env(path.parent),
    )  # fmt: skip
    subprocess.run(
        ["git", "--git-dir", str(path), "symbolic-ref", "HEAD", "refs/heads/main"], check=True
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repos", type=int, default=30)
    ap.add_argument("--commits", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, LocalServer() as server:
        root = Path(tmp)
        t0 = time.perf_counter()
        repos = []
        for k in range(args.repos):
            path = root / f"repo{k:02d}.git"
            fast_import_repo(path, args.commits, k)
            repos.append(
                github_repo(f"repo{k:02d}", str(path), pushed_at=f"2025-01-{k + 1:02d}T00:00:00Z")
            )
        build = time.perf_counter() - t0
        events = [
            {
                "type": "PushEvent",
                "created_at": "2025-01-01T00:00:00Z",
                "repo": {"name": "dana-w/repo00"},
            }
        ] * 120
        api = serve_github(server, github_user("dana-w", name="Dana Whitfield"), repos, events)
        settings = HttpSettings(allow_networks=("127.0.0.1/32",), rate_limits={"default": 0.0})

        results = []
        for label, limits in (
            ("default cap (5 clones)", GithubLimits()),
            (f"all {args.repos} cloned", GithubLimits(clone_repos=args.repos)),
        ):
            http = HttpFetcher(settings)
            t0 = time.perf_counter()
            doc = collect_github(
                "dana-w", http=http, api_url=api, allow_local_clones=True, limits=limits
            )
            elapsed = time.perf_counter() - t0
            http.close()
            data = json.loads(doc.content)
            results.append(
                (
                    label,
                    elapsed,
                    len(data["commits"]),
                    sum(c["bytes"] for c in data["clones"]),
                    len(doc.content),
                    doc,
                )
            )

        from extractors.github import parse_github
        from extractors.model import Profile, SourceDocument, SourceKind
        from scanner.config import Config
        from scanner.model import Candidate
        from scanner.registry import CheckContext, run_checks

        doc = results[-1][-1]
        t0 = time.perf_counter()
        prof = parse_github(doc.content)
        app = SourceDocument(kind=SourceKind.APPLICATION, format="fields", uri="application")
        cand = Candidate(
            "c", [app, doc], [Profile(name="Dana Whitfield", locations=("Austin, TX",)), prof]
        )
        codes = ["ID002", "HJ004", "HJ005", "HJ006", "GH001", "GH002", "GH003", "GH004"]
        run_checks(cand, CheckContext(config=Config()), codes)
        checks = time.perf_counter() - t0

    print(
        f"account: {args.repos} repositories x {args.commits} commits, 120 events; fake API {api}"
    )
    print(f"building the repositories (git fast-import): {build:.2f} s")
    for label, elapsed, n, nbytes, size, _ in results:
        print(
            f"collect_github, {label:<24} {elapsed:6.2f} s  {n:6d} commits  {nbytes / 1e6:6.2f} MB cloned  document {size / 1e6:.2f} MB"
        )
    print(f"extract + the 8 GitHub checks on the full document: {checks * 1000:.0f} ms")


if __name__ == "__main__":
    main()
