"""Polite, bounded and SSRF-safe HTTP for the live collectors.

Every request goes through `HttpFetcher.get`: only http(s); the host's addresses are checked
after DNS resolution, before connecting and again at connect time (a guarded network backend
connects only to the vetted address, so a DNS answer cannot change in between); every redirect
is re-checked; timeouts on every call and a total deadline per candidate; retries with backoff
and `Retry-After` on 429 and 5xx; the body is streamed and cut at a maximum size; robots.txt
(protego) is honoured for page fetches; one request per host per minimum interval (10 s for
linkedin.com, 1 s elsewhere, `[rate_limits]` in scanner.toml); and a host that cannot be
resolved or refuses connections is remembered for the rest of the run instead of being tried
again for every row of a batch. The clock, the resolver and the transport are injectable so that
tests run offline and never wait.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import ipaddress
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from scanner import __version__

__all__ = [
    "USER_AGENT",
    "Clock",
    "Deadline",
    "FetchError",
    "HttpFetcher",
    "HttpSettings",
    "Resolver",
    "Response",
    "SystemClock",
    "address_refusal",
    "embedded_ipv4",
    "http_client",
    "system_resolver",
]

USER_AGENT = f"profile-scanner/{__version__} (+https://example.org/profile-scanner)"

DEFAULT_INTERVALS = {"linkedin.com": 10.0, "archive.org": 4.0, "default": 1.0}
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Cloud instance-metadata endpoints: never a profile, always refused.
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)


class FetchError(Exception):
    """A fetch that did not produce a usable answer. `kind` says why, the message says it in words.

    Kinds: scheme, refused (address), unreachable (DNS, connection refused), timeout, deadline,
    rate_limited, http (an error status), too_large, redirects, robots.
    """

    def __init__(self, message: str, *, kind: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver, in its order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{host} could not be resolved ({exc})", kind="unreachable") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(
    address: str, *, allow_private: bool, allow_networks: Iterable[str] = ()
) -> str | None:
    """Why connecting to `address` is refused, or None when it is allowed.

    Public unicast addresses are allowed. Loopback, private, link-local, shared (CGNAT) and
    site-local addresses need `allow_private` (or a matching `allow_networks` entry); cloud
    metadata, multicast, unspecified and reserved addresses are always refused.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _SITE_LOCAL or ip in _NAT64_LOCAL:
            what = "a site-local" if ip in _SITE_LOCAL else "a local-use NAT64"
            if allow_private or any(
                ip in ipaddress.ip_network(n, strict=False) for n in allow_networks
            ):
                return None
            return f"{ip} is {what} address (use --allow-private-network to allow it)"
        inner = embedded_ipv4(ip)
        if inner is not None:  # the IPv4 address it reaches is the one that counts
            why = address_refusal(
                str(inner), allow_private=allow_private, allow_networks=allow_networks
            )
            return f"{ip} reaches {inner}: {why}" if why else None
    for net in allow_networks:
        if ip in ipaddress.ip_network(net, strict=False):
            return None
    if ip in _METADATA:
        return f"{ip} is a cloud metadata address"
    if ip.is_multicast:
        return f"{ip} is a multicast address"
    if ip.is_unspecified:
        return f"{ip} is the unspecified address"
    if ip.is_global:
        return None
    if ip.is_loopback:
        what = "a loopback"
    elif ip.is_link_local:
        what = "a link-local"
    elif ip.is_reserved:
        return f"{ip} is a reserved address"
    else:
        what = "a private"
    if allow_private:
        return None
    return f"{ip} is {what} address (use --allow-private-network to allow it)"


_SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated, but still routed on some networks
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # local-use NAT64 (RFC 8215)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix (RFC 6052)
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible addresses


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition address reaches: IPv4-mapped, NAT64 (64:ff9b::/96),
    6to4 (2002::/16) and IPv4-compatible (::/96) addresses; None for any other address."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class HttpSettings:
    """Limits and politeness. `rate_limits` maps a host (or parent domain) to seconds."""

    allow_private_network: bool = False
    allow_networks: tuple[str, ...] = ()
    ignore_robots: bool = False
    timeout: float = 15.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0  # the longest Retry-After (or rate-limit reset) worth waiting for
    rate_limits: Mapping[str, float] = field(default_factory=dict)
    user_agent: str = USER_AGENT

    def min_interval(self, host: str) -> float:
        """Seconds between two requests to `host`: the most specific configured domain wins."""
        table = {**DEFAULT_INTERVALS, **{k.lower(): float(v) for k, v in self.rate_limits.items()}}
        host = host.lower().rstrip(".")
        best: tuple[int, float] | None = None
        for domain, seconds in table.items():
            if domain == "default":
                continue
            matches = host == domain or host.endswith("." + domain)
            if matches and (best is None or len(domain) > best[0]):
                best = (len(domain), seconds)
        return best[1] if best else table["default"]


@dataclass
class Deadline:
    """A total time budget (per candidate) on an injectable clock."""

    clock: Clock
    seconds: float
    start: float = -1.0

    def __post_init__(self) -> None:
        if self.start < 0:
            self.start = self.clock.monotonic()

    def remaining(self) -> float:
        return self.seconds - (self.clock.monotonic() - self.start)

    def check(self, what: str) -> float:
        left = self.remaining()
        if left <= 0:
            raise FetchError(
                f"{what}: the time budget of {self.seconds:.0f} s for this candidate ran out",
                kind="deadline",
            )
        return left


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: Mapping[str, str]
    content: bytes
    redirects: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------
# The connect-time guard
# ---------------------------------------------------------------------------------------------


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class AddressGuard:
    """Resolves and vets hosts; remembers unreachable hosts for the rest of the run."""

    def __init__(self, settings: HttpSettings, resolver: Resolver) -> None:
        self.settings = settings
        self.resolver = resolver
        self.connections: list[tuple[str, str, int]] = []  # (host, address, port) actually dialled
        self.unreachable: dict[tuple[str, int], str] = {}

    def vetted(self, host: str, port: int) -> list[str]:
        """The host's addresses, after checking every one of them; raises `FetchError`."""
        host = host.strip("[]").lower()
        known = self.unreachable.get((host, port))
        if known:
            raise FetchError(f"not retried: {known} earlier in this run", kind="unreachable")
        if _is_ip(host):
            addresses = [host]
        else:
            try:
                addresses = self.resolver(host, port)
            except FetchError as exc:
                self.unreachable[(host, port)] = str(exc)
                raise
            if not addresses:
                msg = f"{host} has no addresses"
                self.unreachable[(host, port)] = msg
                raise FetchError(msg, kind="unreachable")
        for address in addresses:
            why = address_refusal(
                address,
                allow_private=self.settings.allow_private_network,
                allow_networks=self.settings.allow_networks,
            )
            if why:
                via = "" if host == address else f"{host} resolves to {address}: "
                raise FetchError(f"refused: {via}{why}", kind="refused")
        return addresses

    def vet_url(self, url: str) -> tuple[str, int]:
        """Scheme and address checks for one URL (every hop of a redirect chain)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError(f"malformed URL {url!r} ({exc})", kind="scheme") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(
                f"refused: only http and https URLs are fetched, not {scheme or 'a bare path'}:",
                kind="scheme",
            )
        if not parts.hostname:
            raise FetchError(f"malformed URL {url!r} (no host)", kind="scheme")
        if parts.username or parts.password:
            raise FetchError(
                "refused: URLs with credentials in them are not fetched", kind="scheme"
            )
        port = port or (443 if scheme == "https" else 80)
        self.vetted(parts.hostname, port)
        return parts.hostname.lower(), port

    def remember_unreachable(self, host: str, port: int, reason: str) -> None:
        self.unreachable[(host.strip("[]").lower(), port)] = reason


class _GuardedBackend(httpcore.NetworkBackend):
    """Dials only addresses the guard has vetted (defeats DNS answers that change in between)."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self.guard.vetted(host, port):
            self.guard.connections.append((host, address, port))
            try:
                return self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )  # fmt: skip
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise FetchError("refused: unix sockets are not fetched", kind="refused")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with a network backend that only dials vetted addresses."""

    def __init__(self, guard: AddressGuard) -> None:
        super().__init__(trust_env=False)
        # httpx does not take a network backend, so the pool is rebuilt around ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )


def http_client(
    settings: HttpSettings,
    *,
    transport: httpx.BaseTransport | None = None,
    guard: AddressGuard | None = None,
) -> httpx.Client:
    """The one httpx client of a run: honest user agent, a timeout on every call, no automatic
    redirects (each hop is re-checked), no proxies or .netrc from the environment."""
    if transport is None:
        transport = GuardedTransport(guard or AddressGuard(settings, system_resolver))
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": settings.user_agent},
    )


# ---------------------------------------------------------------------------------------------
# The fetcher
# ---------------------------------------------------------------------------------------------


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds from a `Retry-After` (seconds or an HTTP date) or GitHub's `X-RateLimit-Reset`."""
    value = headers.get("retry-after", "").strip()
    if value:
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    reset = headers.get("x-ratelimit-reset", "").strip()
    if reset.isdigit() and headers.get("x-ratelimit-remaining", "").strip() == "0":
        return max(0.0, float(reset) - (now or datetime.now(UTC)).timestamp())
    return None


class SharedTurns:
    """Per-host turn-taking shared by every process of this user (the workers of a batch, two
    runs at once): the time of the last request to each host sits in a small locked file."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder

    @property
    def folder(self) -> Path:
        """The private folder of turn files (in the user's runtime folder unless given)."""
        if self._folder is None:
            from scanner.private_files import runtime_dir

            self._folder = runtime_dir() / "hosts"
        return self._folder

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[IO[str] | None]:
        """The host's file, locked for the caller; None when locking is not possible here, or
        when the folder or file is not private (another user could redirect or block it)."""
        try:
            import fcntl
        except ImportError:  # not POSIX: per-process timers only
            yield None
            return
        from scanner.private_files import open_private, private_dir

        try:
            folder = private_dir(self.folder)
            fd = open_private(
                folder / hashlib.sha1(host.encode()).hexdigest(), os.O_RDWR | os.O_CREAT
            )
            handle = open(fd, "r+", encoding="ascii")  # noqa: SIM115 (closed by the `with` below)
        except OSError:
            yield None
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield handle
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @staticmethod
    def read(handle: IO[str]) -> float | None:
        handle.seek(0)
        try:
            return float(handle.read().strip() or "nan")
        except ValueError:
            return None

    @staticmethod
    def write(handle: IO[str], when: float) -> None:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{when:.3f}")
        handle.flush()


class HttpFetcher:
    """GET with every safety and politeness rule of the live collectors (see the module docs)."""

    def __init__(
        self,
        settings: HttpSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        resolver: Resolver | None = None,
        shared_turns: bool | SharedTurns = False,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.guard = AddressGuard(settings, resolver or system_resolver)
        self.client = http_client(settings, transport=transport, guard=self.guard)
        self._last: dict[str, float] = {}
        self._shared = (
            shared_turns
            if isinstance(shared_turns, SharedTurns)
            else SharedTurns()
            if shared_turns
            else None
        )
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, Any] = {}
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    # -- politeness ------------------------------------------------------------------------
    def interval(self, host: str) -> float:
        return max(self.settings.min_interval(host), self._crawl_delay.get(host, 0.0))

    def wait_turn(self, host: str, deadline: Deadline | None) -> None:
        """Sleep until `host` may be asked again; refuse when that would pass the deadline."""
        if self._shared is not None:
            with self._shared.slot(host) as handle:
                if handle is not None:
                    last = self._shared.read(handle)
                    if last is not None and last == last and last <= time.time() + 1:  # not NaN
                        # (a time in the future cannot have been written by a request)
                        self._sleep_for(host, self.interval(host) - (time.time() - last), deadline)
                    self._shared.write(handle, time.time())
                    return
        last_local = self._last.get(host)
        if last_local is not None:
            self._sleep_for(
                host, self.interval(host) - (self.clock.monotonic() - last_local), deadline
            )
        self._last[host] = self.clock.monotonic()

    def _sleep_for(self, host: str, wait: float, deadline: Deadline | None) -> None:
        if wait <= 0:
            return
        if deadline is not None and wait > deadline.remaining():
            raise FetchError(
                f"{host}: the per-host interval of {self.interval(host):.0f} s would pass "
                "this candidate's time budget",
                kind="deadline",
            )
        self.clock.sleep(min(wait, self.interval(host)))

    def robots_allows(self, url: str, deadline: Deadline | None) -> bool:
        """Whether robots.txt of the URL's origin lets this user agent fetch it."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, deadline)
        rules = self._robots[origin]
        if rules is None:
            return True
        if rules == "disallow":
            return False
        host = (parts.hostname or "").lower()
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay:
            self._crawl_delay[host] = min(float(delay), self.settings.max_wait)
        return bool(rules.can_fetch(url, self.settings.user_agent))

    def _load_robots(self, origin: str, deadline: Deadline | None) -> Any:
        """Protego rules; None (allow all) on 4xx; "disallow" on 5xx, as RFC 9309 says."""
        try:
            resp = self.get(
                origin + "/robots.txt",
                deadline=deadline,
                robots=False,
                max_bytes=500_000,
                retries=1,
            )
        except FetchError as exc:
            if exc.kind in ("http", "rate_limited", "too_large") and (exc.status or 500) >= 500:
                return "disallow"
            if exc.kind in ("http", "too_large"):
                return None
            raise
        if 400 <= resp.status < 500:
            return None
        if resp.status >= 300:
            return "disallow"
        from protego import Protego

        return Protego.parse(resp.text())

    # -- requests ---------------------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        deadline: Deadline | None = None,
        robots: bool = True,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        retries: int | None = None,
        trusted_hosts: Iterable[str] = (),
    ) -> Response:
        """The final response after redirects (any status; 429/5xx only after retries).

        `robots=False` for API calls (robots.txt governs crawling pages). `headers` (such as an
        Authorization header) are sent only to the first URL's host and `trusted_hosts`.
        """
        first_host = (urlsplit(url).hostname or "").lower()
        trusted = {first_host, *(h.lower() for h in trusted_hosts)}
        current = url
        hops: list[str] = []
        while True:
            host, _port = self.guard.vet_url(current)
            if (
                robots
                and not self.settings.ignore_robots
                and not self.robots_allows(current, deadline)
            ):
                raise FetchError(
                    f"robots.txt of {host} disallows {urlsplit(current).path or '/'} for this "
                    "tool (use --ignore-robots to fetch anyway)",
                    kind="robots",
                )
            sent = dict(headers or {}) if host in trusted else {}
            resp = self._with_retries(current, host, sent, deadline, max_bytes, retries)
            location = resp.headers.get("location")
            if resp.status in _REDIRECTS and location:
                if len(hops) >= self.settings.max_redirects:
                    raise FetchError(
                        f"more than {self.settings.max_redirects} redirects (last to {location})",
                        kind="redirects",
                    )
                hops.append(current)
                current = urljoin(current, location.strip())
                continue
            return Response(resp.url, resp.status, resp.headers, resp.content, tuple(hops))

    def _with_retries(
        self,
        url: str,
        host: str,
        headers: Mapping[str, str],
        deadline: Deadline | None,
        max_bytes: int | None,
        retries: int | None,
    ) -> Response:
        attempts = (self.settings.retries if retries is None else retries) + 1
        for attempt in range(attempts):
            if deadline is not None:
                deadline.check(f"GET {url}")
            self.wait_turn(host, deadline)
            try:
                resp = self._send(url, headers, deadline, max_bytes)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, UnicodeError, ValueError) as exc:
                # A redirect to `http:x` and the like: the answer is malformed, not our bug.
                raise FetchError(f"malformed URL {url!r} ({exc})", kind="scheme") from None
            except httpx.TransportError as exc:
                if attempt + 1 < attempts and isinstance(
                    exc, httpx.RemoteProtocolError | httpx.ReadError
                ):
                    self._pause(self.settings.backoff * 2**attempt, url, deadline)
                    continue
                raise self._transport_error(url, exc) from None
            limited = resp.status == 403 and resp.headers.get("x-ratelimit-remaining") == "0"
            if resp.status not in _RETRY_STATUSES and not limited:
                return resp
            kind = "rate_limited" if resp.status == 429 or limited else "http"
            what = f"HTTP {resp.status} from {host}"
            if attempt + 1 >= attempts:
                raise FetchError(
                    f"{what} after {attempts} attempt(s)"
                    + (" (rate limited)" if kind == "rate_limited" else ""),
                    kind=kind,
                    status=resp.status,
                )
            wait = retry_after(resp.headers)
            if wait is None:
                wait = self.settings.backoff * 2**attempt
            if wait > self.settings.max_wait:
                raise FetchError(
                    f"{what}: asked to wait {wait:.0f} s, more than the {self.settings.max_wait:.0f} s "
                    "this tool waits" + (" (rate limited)" if kind == "rate_limited" else ""),
                    kind=kind,
                    status=resp.status,
                )
            self._pause(wait, url, deadline, what)
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, wait: float, url: str, deadline: Deadline | None, what: str = "") -> None:
        if deadline is not None and wait > deadline.remaining():
            raise FetchError(
                f"{what or url}: waiting {wait:.0f} s to retry would pass this candidate's time budget",
                kind="rate_limited" if what else "deadline",
            )
        self.clock.sleep(wait)

    def _send(
        self, url: str, headers: Mapping[str, str], deadline: Deadline | None, max_bytes: int | None
    ) -> Response:
        limit = self.settings.max_bytes if max_bytes is None else max_bytes
        timeout = self.settings.timeout
        if deadline is not None:
            timeout = max(0.5, min(timeout, deadline.remaining()))
        self.requests += 1
        with self.client.stream("GET", url, headers=dict(headers), timeout=timeout) as resp:
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise FetchError(
                    f"{url}: the response is {int(length):,} bytes, over the {limit:,}-byte limit",
                    kind="too_large",
                    status=resp.status_code,
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        f"{url}: the response passed the {limit:,}-byte limit; not read further",
                        kind="too_large",
                        status=resp.status_code,
                    )
                chunks.append(chunk)
                if deadline is not None and deadline.remaining() <= 0:
                    deadline.check(f"GET {url}")
            return Response(
                str(resp.url),
                resp.status_code,
                {k.lower(): v for k, v in resp.headers.items()},
                b"".join(chunks),
            )

    def _transport_error(self, url: str, exc: httpx.TransportError) -> FetchError:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if isinstance(exc, httpx.ConnectTimeout):
            reason = (
                f"{host}:{port} did not answer a connection within {self.settings.timeout:.0f} s"
            )
            self.guard.remember_unreachable(host, port, reason)
            return FetchError(reason, kind="unreachable")
        if isinstance(exc, httpx.ConnectError):
            reason = f"{host}:{port} refused the connection ({exc})"
            self.guard.remember_unreachable(host, port, reason)
            return FetchError(reason, kind="unreachable")
        if isinstance(exc, httpx.TimeoutException):
            return FetchError(
                f"{url}: no answer within {self.settings.timeout:.0f} s", kind="timeout"
            )
        return FetchError(f"{url}: {type(exc).__name__}: {exc}", kind="http")
