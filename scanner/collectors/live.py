"""Live collection of URLs: which collector fetches what, with one session per run.

- `--github HANDLE` (a `github` URL) → the GitHub REST API (`--github-api-url`) and clones.
- LinkedIn URLs → the browser (Playwright); when no browser is available, plain httpx, and the
  document's `meta["browser"]` says so.
- Other sites → httpx; a page whose body is empty until scripts run is loaded again in the
  browser.
- `--offline` → nothing is fetched; every URL source is `blocked` with "not fetched: --offline".
- `--archive` → earlier snapshots from the web archive as extra `archive` sources
  (`collect_sources`, which also gives all of a candidate's fetches one time budget).

A session (HTTP client, robots.txt and negative caches, per-host timers, the browser) lives for
the run in this process and is closed at exit; a batch worker process gets its own.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from extractors.model import SourceDocument, SourceKind, SourceStatus, frozen_mapping
from scanner.sources import guess_kind, is_url

if TYPE_CHECKING:  # httpx and Playwright are imported only when something is fetched
    from scanner.collectors.http import Deadline, HttpSettings
    from scanner.collectors.pages import BrowserCollector, PageCapture
    from scanner.config import Config
    from scanner.sources import FetchOptions, SourceRef

__all__ = [
    "LiveSession",
    "close_session",
    "collect_sources",
    "collect_url",
    "http_settings",
    "session_for",
]

DEFAULT_DEADLINE = 180.0  # seconds of fetching per candidate
_DEADLINE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "scanner_live_deadline", default=None
)
_SESSION: LiveSession | None = None


@dataclass(frozen=True)
class FetchLimits:
    """What live fetching may cost (`[limits]` keys `fetch_*` in scanner.toml)."""

    timeout: float = 15.0  # seconds per request
    deadline: float = DEFAULT_DEADLINE  # seconds of fetching per candidate
    max_bytes: int = 10_000_000  # per response body
    max_redirects: int = 5
    retries: int = 3  # on 429, 5xx and network errors
    backoff: float = 1.0  # seconds, doubled on each retry
    max_wait: float = 60.0  # longest Retry-After honoured


def http_settings(fetch: FetchOptions, config: Config) -> HttpSettings:
    """The HTTP limits of a run: flags, then `[limits] fetch_*` and `[rate_limits]`."""
    from scanner.collectors.http import HttpSettings
    from scanner.settings import limits_from

    lim = limits_from(FetchLimits, config.limits, "fetch_")
    return HttpSettings(
        allow_private_network=fetch.allow_private_network,
        allow_networks=tuple(fetch.extra.get("allow_networks", ())),
        ignore_robots=fetch.ignore_robots,
        timeout=lim.timeout,
        max_bytes=lim.max_bytes,
        max_redirects=lim.max_redirects,
        retries=lim.retries,
        backoff=lim.backoff,
        max_wait=lim.max_wait,
        rate_limits=dict(config.rate_limits),
    )


class LiveSession:
    """Everything a run's live fetches share. Test hooks come in `fetch.extra`: `transport`
    (an httpx transport), `clock`, `resolver`, `allow_networks`, `capture_dir`, `browser`
    (False: never start one), `browser_instance` (a running Playwright browser to use),
    `archive_url`."""

    def __init__(self, fetch: FetchOptions, config: Config) -> None:
        from scanner.collectors.http import HttpFetcher

        self.fetch = fetch
        self.config = config
        self.pid = os.getpid()
        extra = fetch.extra
        self.http = HttpFetcher(
            http_settings(fetch, config),
            transport=extra.get("transport"),
            clock=extra.get("clock"),
            resolver=extra.get("resolver"),
            shared_turns=extra.get("clock") is None,
        )
        self._browser: BrowserCollector | None = None
        self.browser_problem: str | None = (
            None if extra.get("browser", True) else "disabled for this run"
        )
        from scanner.settings import limits_from

        self.deadline_seconds = limits_from(FetchLimits, config.limits, "fetch_").deadline

    # -- resources ------------------------------------------------------------------------------
    def browser(self) -> BrowserCollector | None:
        """The run's browser, started on first use; None (with `browser_problem`) when unavailable."""
        if self._browser is not None or self.browser_problem is not None:
            return self._browser
        from scanner.browser import BrowserUnavailable
        from scanner.collectors.pages import BrowserCollector

        collector = BrowserCollector(
            self.http.guard,
            user_agent=self.http.settings.user_agent,
            storage_state=self.fetch.browser_state,
            capture_dir=self.fetch.extra.get("capture_dir"),
            timeout=max(self.http.settings.timeout, 30.0),
            browser=self.fetch.extra.get("browser_instance"),
        )
        try:
            collector.start()
        except BrowserUnavailable as exc:
            self.browser_problem = str(exc)
            return None
        self._browser = collector
        return collector

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        self.http.close()

    def new_deadline(self) -> Deadline:
        from scanner.collectors.http import Deadline

        return Deadline(self.http.clock, self.deadline_seconds)

    def deadline(self) -> Deadline:
        return _DEADLINE.get() or self.new_deadline()

    # -- collection ------------------------------------------------------------------------------
    def collect(self, url: str, kind: SourceKind | None) -> SourceDocument:
        from scanner.collectors.http import FetchError

        kind = kind or guess_kind(url)
        if self.fetch.offline:
            return _blocked(url, kind, "not fetched: --offline", "live")
        target = _absolute(url)
        deadline = self.deadline()
        try:
            if kind is SourceKind.GITHUB:
                return self._github(url, deadline)
            return self._page(
                url, target, kind, deadline, prefer_browser=kind is SourceKind.LINKEDIN_PAGE
            )
        except FetchError as exc:
            return _blocked(url, kind, str(exc), "live")
        except Exception as exc:  # a browser crash or a collector bug must not lose the candidate
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            return _blocked(url, kind, f"could not fetch: {type(exc).__name__}: {first}", "live")

    def _github(self, url: str, deadline: Deadline) -> SourceDocument:
        from scanner.collectors.github import GithubLimits, collect_github

        return collect_github(
            url,
            http=self.http,
            api_url=self.fetch.github_api_url,
            deadline=deadline,
            limits=GithubLimits.from_config(self.config.limits),
            allow_local_clones=self.fetch.allow_private_network,
        )

    def _page(
        self, uri: str, url: str, kind: SourceKind, deadline: Deadline, *, prefer_browser: bool
    ) -> SourceDocument:
        from scanner.collectors.pages import needs_browser, recognise_block

        meta: dict[str, Any] = {}
        if prefer_browser:
            browser = self.browser()
            if browser is not None:
                return self._browse(uri, url, kind, deadline, browser, meta, check_robots=True)
            meta["browser"] = f"not used ({self.browser_problem}); fetched without a browser"
        resp = self.http.get(url, deadline=deadline)
        fmt = _format(resp.content, resp.url, resp.media_type)
        if fmt == "html" and resp.status < 400 and needs_browser(resp.content):
            browser = self.browser()
            if browser is not None:
                meta["why_browser"] = "the page is built by scripts; loaded again in the browser"
                return self._browse(uri, url, kind, deadline, browser, meta, check_robots=False)
            meta["browser"] = (
                f"the page is built by scripts, but no browser could run it ({self.browser_problem})"
            )
        meta.update(http_status=resp.status, final_url=resp.url, fetched_with="httpx")
        if resp.redirects:
            meta["redirects"] = list(resp.redirects)
        reason = (
            recognise_block(resp.content, resp.status)
            if fmt == "html" or resp.status >= 400
            else None
        )
        return _document(
            uri, kind, fmt, resp.content, resp.media_type or "text/html", "http", meta, reason
        )

    def _browse(
        self,
        uri: str,
        url: str,
        kind: SourceKind,
        deadline: Deadline,
        browser: BrowserCollector,
        meta: dict[str, Any],
        *,
        check_robots: bool,
    ) -> SourceDocument:
        from scanner.collectors.http import FetchError
        from scanner.collectors.pages import recognise_block

        self.http.guard.vet_url(url)
        host = (urlsplit(url).hostname or "").lower()
        if (
            check_robots
            and not self.http.settings.ignore_robots
            and not self.http.robots_allows(url, deadline)
        ):
            raise FetchError(
                f"robots.txt of {host} disallows {urlsplit(url).path or '/'} for this tool "
                "(use --ignore-robots to fetch anyway)",
                kind="robots",
            )
        self.http.wait_turn(host, deadline)
        cap = browser.capture(url, deadline)
        meta.update(_capture_meta(cap, logged_in=self.fetch.browser_state is not None))
        reason = recognise_block(cap.html, cap.status)
        return _document(uri, kind, "html", cap.html, "text/html", "browser", meta, reason)


def _capture_meta(cap: PageCapture, *, logged_in: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "http_status": cap.status,
        "final_url": cap.url,
        "fetched_with": "browser",
        "screenshot_sha256": cap.screenshot_sha256,
        "screenshot_path": cap.screenshot_path,
        "screenshot_bytes": len(cap.screenshot),
    }
    if cap.title:
        meta["title"] = cap.title
    if cap.skipped_third_party:
        meta["third_party_requests_skipped"] = cap.skipped_third_party
    if cap.refused:
        meta["requests_refused"] = cap.refused[:10]
    if logged_in:
        meta["logged_in_session"] = True  # the analyst's --browser-state was used (never stored)
    return meta


def _absolute(url: str) -> str:
    from scanner.sources import absolute_url

    return absolute_url(url)


def _format(content: bytes, url: str, media_type: str) -> str:
    from extractors.documents import sniff_format

    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if media_type == "text/html" and not name.lower().endswith((".pdf", ".docx", ".json")):
        return "html" if content.strip() else "unknown"
    return sniff_format(content, name)


def _document(
    uri: str,
    kind: SourceKind,
    fmt: str,
    content: bytes,
    media_type: str,
    collector: str,
    meta: dict[str, Any],
    blocked: str | None,
) -> SourceDocument:
    return SourceDocument(
        kind=kind,
        format=fmt,
        uri=uri,
        content=content,
        media_type=media_type,
        sha256=SourceDocument.digest(content),
        collector=collector,
        status=SourceStatus.BLOCKED if blocked else SourceStatus.OK,
        error=blocked,
        meta=frozen_mapping(meta),
    )


def _blocked(url: str, kind: SourceKind, reason: str, collector: str) -> SourceDocument:
    return SourceDocument(
        kind=kind,
        format="url",
        uri=url,
        collector=collector,
        status=SourceStatus.BLOCKED,
        error=reason,
    )


# ---------------------------------------------------------------------------------------------
# The run's session, and the entry points the pipeline calls
# ---------------------------------------------------------------------------------------------


def session_for(fetch: FetchOptions, config: Config) -> LiveSession:
    """The session of this run and process (a new one for other options or a forked worker)."""
    global _SESSION
    s = _SESSION
    if s is not None and s.fetch is fetch and s.config is config and s.pid == os.getpid():
        return s
    if s is not None and s.pid == os.getpid():
        s.close()
    _SESSION = LiveSession(fetch, config)
    return _SESSION


def close_session() -> None:
    """Close the run's browser and HTTP client (also done at exit)."""
    global _SESSION
    if _SESSION is not None and _SESSION.pid == os.getpid():
        _SESSION.close()
    _SESSION = None


atexit.register(close_session)


def collect_url(
    url: str, kind: SourceKind | None, *, fetch: FetchOptions, config: Config
) -> SourceDocument:
    """One URL source. Never raises: problems become a `blocked` document with the reason."""
    if fetch.offline:
        return _blocked(url, kind or guess_kind(url), "not fetched: --offline", "live")
    return session_for(fetch, config).collect(url, kind)


@contextlib.contextmanager
def candidate_deadline(fetch: FetchOptions, config: Config) -> Iterator[Deadline | None]:
    """One time budget for all of a candidate's fetches."""
    if fetch.offline:
        yield None
        return
    deadline = session_for(fetch, config).new_deadline()
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def collect_sources(
    refs: Sequence[SourceRef],
    collect_one: Callable[[SourceRef], SourceDocument],
    *,
    fetch: FetchOptions,
    config: Config,
) -> list[SourceDocument]:
    """A candidate's sources in order under one fetch deadline; with `--archive`, followed by
    the web archive's earlier snapshots of its LinkedIn, GitHub and site URLs."""
    if fetch.offline or not any(is_url(r.ref) for r in refs):  # no fetch: no deadline, archive
        return [collect_one(r) for r in refs]
    with candidate_deadline(fetch, config):
        docs = [collect_one(r) for r in refs]
        if fetch.archive and not fetch.offline:
            from scanner.collectors.archive import archive_sources

            session = session_for(fetch, config)
            docs.extend(archive_sources(refs, session=session, deadline=session.deadline()))
    return docs
