"""Profile pages through a real Chromium (Playwright): one browser per run, a context per host.

The browser is started on first use and kept for the run; each host gets a fresh context (its
own cookies, and the analyst's `--browser-state` when given) with one page that is reused for
every URL of that host. Every request the page makes is checked: third-party hosts are not
loaded at all, first-party ones pass the same address guard as httpx, and a document request
is fetched without following redirects so that each hop can be checked before the browser goes
there. Each capture keeps the rendered HTML (the source document's content) and a full-page PNG
screenshot, written content-addressed to the capture folder; the document's `meta` names its
sha256 and path, so the analyst can see exactly what the scanner saw.

Login walls, CAPTCHAs, "profile unavailable" and rate-limit pages are recognised here
(`recognise_block`) and become `blocked` sources, never an empty profile.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from scanner.collectors.http import AddressGuard, Deadline, FetchError

__all__ = [
    "BrowserCollector",
    "PageCapture",
    "default_capture_dir",
    "needs_browser",
    "recognise_block",
    "same_site",
]

_CHALLENGE = (
    ("captcha", re.compile(r"g-recaptcha|h-captcha|hcaptcha\.com|recaptcha/api|cf-turnstile", re.I)),
    ("captcha", re.compile(r"cf-chl-|challenge-platform|<title>\s*just a moment", re.I)),
    ("captcha", re.compile(r"<title>[^<]*(captcha|security check|verify you are human|attention required)", re.I)),
    ("rate_limited", re.compile(r"<title>[^<]*(too many requests|rate limit)", re.I)),
)  # fmt: skip
_STATUS_REASON = {
    401: "login required (HTTP 401)",
    403: "access refused (HTTP 403)",
    404: "page not found (HTTP 404)",
    410: "page gone (HTTP 410)",
    429: "rate limited (HTTP 429)",
    999: "LinkedIn refused the request (HTTP 999, its rate-limit answer)",
}
_SITE_ALIASES = {
    "linkedin.com": ("licdn.com",),
    "github.com": ("githubassets.com", "githubusercontent.com"),
}


def default_capture_dir() -> Path:
    """`$SCANNER_CAPTURES`, else `captures/` in the scanner's data folder (beside the history)."""
    env = os.environ.get("SCANNER_CAPTURES")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "scanner" / "captures"


def recognise_block(html: bytes, status: int | None) -> str | None:
    """Why a fetched page is not the profile (login wall, CAPTCHA, rate limit, unavailable,
    HTTP error), or None when it may be read. LinkedIn's pages are told apart by content with
    LinkedIn's own classifier, wherever they were served from."""
    if status is not None and (status >= 400 or status == 999):
        return _STATUS_REASON.get(status, f"HTTP {status}")
    if not html.strip():
        return "the page was empty"
    from extractors.linkedin_page import BLOCK_MESSAGES, classify_linkedin_page
    from extractors.model import ExtractionError

    try:
        kind = classify_linkedin_page(html)  # "not_linkedin" for other sites' pages
    except ExtractionError as exc:
        return str(exc)
    if kind in BLOCK_MESSAGES:
        return BLOCK_MESSAGES[kind]
    if kind == "profile":
        return None
    head = html[:200_000].decode("utf-8", errors="replace")
    for kind, pattern in _CHALLENGE:
        if pattern.search(head):
            return (
                "a CAPTCHA or bot check was shown instead of the page"
                if kind == "captcha"
                else "the site answered with a rate-limit page"
            )
    return None


def needs_browser(html: bytes) -> bool:
    """A page whose body is empty until scripts run (a single-page app shell)."""
    if b"<script" not in html[:2_000_000].lower():
        return False
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html[:2_000_000], "lxml")
    if soup.find("script") is None:
        return False
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    body = soup.body or soup
    return len(body.get_text(" ", strip=True)) < 200


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    if re.fullmatch(r"[\d.]+|[0-9a-f:]+", host):
        return host
    labels = host.split(".")
    if (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2] in ("co", "com", "org", "net", "ac", "gov")
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(host: str, page_host: str) -> bool:
    """Whether `host` belongs to the page's own site (or its known asset domains)."""
    a, b = _site(host), _site(page_host)
    return a == b or a in _SITE_ALIASES.get(b, ())


@dataclass
class PageCapture:
    url: str  # the final URL
    status: int | None
    html: bytes
    screenshot: bytes
    screenshot_path: str | None
    title: str = ""
    refused: list[str] = field(default_factory=list)  # requests the guard stopped
    skipped_third_party: int = 0

    @property
    def screenshot_sha256(self) -> str:
        return hashlib.sha256(self.screenshot).hexdigest()


class BrowserCollector:
    """Captures pages with one Chromium for the whole run (`reuse_browser=False` starts one per
    page; only the benchmark wants that)."""

    def __init__(
        self,
        guard: AddressGuard,
        *,
        user_agent: str,
        storage_state: Path | None = None,
        capture_dir: Path | None = None,
        timeout: float = 30.0,
        reuse_browser: bool = True,
        browser: Any = None,
    ) -> None:
        """`browser`: an already running Playwright browser to use (and leave running), for a
        caller that has one; Playwright's sync API allows one instance per thread."""
        self.guard = guard
        self.user_agent = user_agent
        self.storage_state = storage_state
        self.capture_dir = capture_dir
        self.timeout = timeout
        self.reuse_browser = reuse_browser
        self._pw: Any = None
        self._browser: Any = browser
        self._owned = browser is None
        self._pages: dict[str, Any] = {}  # host → page (its context is page.context)
        self._routes: dict[str, _RouteState] = {}
        self.launches = 0

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start Playwright and Chromium; raises `BrowserUnavailable` with a way to get one."""
        if self._browser is not None:
            return
        from scanner.browser import launch_chromium, start_playwright

        if self._pw is None:
            self._pw = start_playwright()
        try:
            self._browser = launch_chromium(self._pw)
        except Exception:
            self._pw.stop()
            self._pw = None
            raise
        self.launches += 1

    def _pinned_client(self) -> Any:
        """The httpx client every browser request goes through: it dials only addresses the
        guard vetted, so the page's host cannot be re-resolved to another (DNS rebinding)."""
        if getattr(self, "_client", None) is None:
            from scanner.collectors.http import http_client

            self._client: Any = http_client(self.guard.settings, guard=self.guard)
        return self._client

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
            self._client = None
        for page in self._pages.values():
            try:
                page.context.close()
            except Exception:
                pass
        self._pages.clear()
        self._routes.clear()
        if not self._owned:
            return
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception:
                pass
            self._browser = None
        if self._pw is not None:
            try:
                self._pw.stop()
            except Exception:
                pass
            self._pw = None

    def _page_for(self, host: str) -> Any:
        page = self._pages.get(host)
        if page is not None and not page.is_closed():
            return page
        self.start()
        kwargs: dict[str, Any] = {
            "user_agent": self.user_agent,
            "viewport": {"width": 1280, "height": 1024},
            "service_workers": "block",
            "accept_downloads": False,
        }
        if self.storage_state is not None:
            kwargs["storage_state"] = str(self.storage_state)  # read by Playwright, never copied
        context = self._browser.new_context(**kwargs)
        context.set_default_timeout(self.timeout * 1000)
        state = _RouteState(self.guard, host, self.timeout, self._pinned_client(), context.cookies)
        context.route("**/*", state.handle)  # once per context; reset for every capture
        # WebSockets and WebRTC would open connections no route sees: refused in every frame.
        context.route_web_socket("**/*", _refuse_socket)
        context.add_init_script(_NO_SOCKETS)
        page = context.new_page()
        self._pages[host] = page
        self._routes[host] = state
        return page

    # -- capture ------------------------------------------------------------------------------
    def capture(self, url: str, deadline: Deadline | None = None) -> PageCapture:
        """Load `url` and keep its HTML and a screenshot. Raises `FetchError` when it cannot."""
        self.guard.vet_url(url)
        host = (urlsplit(url).hostname or "").lower()
        try:
            return self._capture(url, host, deadline)
        finally:
            if not self.reuse_browser:
                self.close()

    def _capture(self, url: str, host: str, deadline: Deadline | None) -> PageCapture:
        page = self._page_for(host)
        budget = (
            self.timeout if deadline is None else max(1.0, min(self.timeout, deadline.remaining()))
        )
        state = self._routes[host]
        state.reset(host, budget)
        from playwright.sync_api import Error as PlaywrightError

        try:
            response = page.goto(url, wait_until="load", timeout=budget * 1000)
        except PlaywrightError as exc:
            if state.refused:
                raise FetchError(state.refused[0], kind="refused") from None
            message = str(exc).splitlines()[0]
            kind = "timeout" if "Timeout" in message else "unreachable"
            raise FetchError(f"the browser could not load {url}: {message}", kind=kind) from None
        if self._looks_empty(page):  # built by scripts: give them a moment to finish
            try:
                page.wait_for_load_state("networkidle", timeout=min(3.0, budget) * 1000)
            except PlaywrightError:
                pass  # a page that keeps polling is still captured as it is
        html = page.content().encode("utf-8")
        shot = page.screenshot(full_page=True, timeout=budget * 1000)
        return PageCapture(
            url=page.url,
            status=response.status if response is not None else None,
            html=html,
            screenshot=shot,
            screenshot_path=self._keep(shot),
            title=page.title(),
            refused=list(state.refused),
            skipped_third_party=state.third_party,
        )

    @staticmethod
    def _looks_empty(page: Any) -> bool:
        try:
            return bool(
                page.evaluate(
                    "() => (document.body ? document.body.innerText.trim().length : 0) < 200"
                )
            )
        except Exception:
            return True

    def _keep(self, png: bytes) -> str | None:
        """Write the screenshot under its sha256 (never overwritten); None when it cannot."""
        from scanner.private_files import private_dir, write_private

        folder = self.capture_dir or default_capture_dir()
        path = folder / f"{hashlib.sha256(png).hexdigest()}.png"
        try:  # screenshots show applicants' pages: private like the history (0700, 0600)
            if not folder.parent.exists():
                folder.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
            private_dir(folder, tighten=True)
            if not path.exists():
                tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
                tmp.unlink(missing_ok=True)
                write_private(tmp, png)
                tmp.replace(path)
        except OSError:
            return None
        return str(path)


_NO_SOCKETS = """
for (const name of ["WebSocket", "WebTransport", "RTCPeerConnection", "webkitRTCPeerConnection",
                    "RTCDataChannel", "EventSource"]) {
  try { Object.defineProperty(window, name, {value: undefined, writable: false,
                                              configurable: false}); } catch (e) {}
}
"""
# Headers of the answer that httpx has already undone (it hands over the decoded body).
_DROPPED_HEADERS = frozenset(
    {"content-encoding", "content-length", "transfer-encoding", "connection"}
)
_MAX_RESOURCE_BYTES = 20_000_000


def _refuse_socket(ws: Any) -> None:
    """A page's WebSocket is closed at once: it would bypass the request filter."""
    try:
        ws.close(code=1008, reason="blocked by the scanner")
    except Exception:
        pass


class _RouteState:
    """The request filter of one capture: first-party only, every address vetted, every
    redirect checked before the browser follows it, and every request sent by the guarded
    client (Chromium never resolves a name or dials an address itself)."""

    def __init__(
        self,
        guard: AddressGuard,
        page_host: str,
        budget: float,
        client: Any = None,
        cookies: Any = None,
    ) -> None:
        self.guard = guard
        self.client = client
        self.cookies = cookies
        self.reset(page_host, budget)

    def reset(self, page_host: str, budget: float) -> None:
        self.page_host = page_host
        self.budget = budget
        self.refused: list[str] = []
        self.third_party = 0

    def handle(self, route: Any, request: Any) -> None:
        url = request.url
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("data", "blob", "about"):
            route.continue_()
            return
        host = (urlsplit(url).hostname or "").lower()
        document = request.resource_type == "document"
        try:
            is_main = document and request.frame.parent_frame is None
        except Exception:  # a request without a frame (a worker): never the main document
            is_main = False
        if is_main:
            self.page_host = host or self.page_host
        if not is_main and scheme in ("http", "https") and not same_site(host, self.page_host):
            self.third_party += 1
            route.abort("blockedbyclient")
            return
        try:
            self.guard.vet_url(url)
        except FetchError as exc:
            self.refused.append(str(exc))
            route.abort("blockedbyclient")
            return
        if scheme not in ("http", "https"):
            route.abort("blockedbyclient")
            return
        try:
            status, headers, body = self._send(request)
        except FetchError as exc:
            self.refused.append(str(exc))
            route.abort("blockedbyclient")
            return
        except Exception:
            route.abort("failed")
            return
        location = headers.get("location")
        if 300 <= status < 400 and location:
            target = urljoin(url, location)
            try:
                self.guard.vet_url(target)
            except FetchError as exc:
                self.refused.append(f"redirect to {target} {exc}")
                route.abort("blockedbyclient")
                return
        route.fulfill(status=status, headers=headers, body=body)

    def _send(self, request: Any) -> tuple[int, dict[str, str], bytes]:
        """The request, sent by the guarded client to the vetted address; (status, headers, body)."""
        import httpx

        headers = {k: v for k, v in request.headers.items() if not k.startswith(":")}
        if self.cookies is not None:
            jar = self.cookies(request.url)
            if jar:
                headers["cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in jar)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.client.stream(
                request.method,
                request.url,
                headers=headers,
                content=request.post_data_buffer,
                timeout=self.budget,
            ) as resp:
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > _MAX_RESOURCE_BYTES:
                        raise FetchError(f"{request.url}: over the size limit", kind="too_large")
                    chunks.append(chunk)
                out = [
                    (k, v)
                    for k, v in resp.headers.multi_items()
                    if k.lower() not in _DROPPED_HEADERS
                ]
        except httpx.HTTPError as exc:
            raise FetchError(f"{request.url}: {type(exc).__name__}: {exc}", kind="http") from None
        merged: dict[str, str] = {}
        for k, v in out:  # several Set-Cookie lines become one header, as fulfill takes them
            merged[k.lower()] = f"{merged[k.lower()]}\n{v}" if k.lower() in merged else v
        return resp.status_code, merged, b"".join(chunks)
