"""Earlier snapshots of a candidate's LinkedIn, GitHub and site URLs from the web archive.

The Wayback Machine's CDX API lists the captures of a URL; a few of them, spread over time
(the oldest, the newest and evenly between), are fetched raw (`id_`) and become extra sources of
kind `archive` with `meta = {"snapshot_of": url, "captured_at": iso timestamp}`. The same
extractors read them (`extractors.site.extract_web_source`). Captures that are login walls or
error pages are passed over for a neighbouring capture. The base URL is
`https://web.archive.org`, or `$SCANNER_ARCHIVE_URL` / `fetch.extra["archive_url"]`.

`scanner.snapshots.archive_snapshots(candidate)` hands them to the history checks
(HJ001/2/3/7) in the shape of stored scans (`origin="archive"`, `scan_id=None`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from extractors.model import SourceDocument, SourceKind, SourceStatus, frozen_mapping
from scanner.collectors.http import Deadline, FetchError

if TYPE_CHECKING:
    from scanner.collectors.live import LiveSession
    from scanner.sources import SourceRef

__all__ = [
    "DEFAULT_ARCHIVE_URL",
    "archive_base",
    "archive_sources",
    "collect_snapshots",
    "spread",
]

DEFAULT_ARCHIVE_URL = "https://web.archive.org"


@dataclass(frozen=True)
class ArchiveLimits:
    """How far back `--archive` looks (`[limits]` keys `archive_*`)."""

    snapshots: int = 3  # earlier captures per profile URL


def archive_base(extra: Any = None) -> str:
    base = (
        (extra or {}).get("archive_url")
        or os.environ.get("SCANNER_ARCHIVE_URL")
        or DEFAULT_ARCHIVE_URL
    )
    return str(base).rstrip("/")


def spread(n: int, count: int) -> list[int]:
    """`count` indexes of `n` sorted captures spread over time: oldest, newest, evenly between."""
    if n <= count:
        return list(range(n))
    if count <= 1:
        return [n - 1]
    return sorted({round(i * (n - 1) / (count - 1)) for i in range(count)})


def _captured_at(timestamp: str) -> str:
    ts = (timestamp + "00000000000000")[:14]
    when = datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _captures(
    session: LiveSession, base: str, url: str, deadline: Deadline
) -> list[tuple[str, str]]:
    """(timestamp, original URL) of the URL's successful captures, oldest first."""
    query = urlencode(
        {
            "url": url,
            "output": "json",
            "fl": "timestamp,original,statuscode",
            "filter": "statuscode:200",
            "collapse": "digest",
            "limit": "500",
        }
    )
    resp = session.http.get(
        f"{base}/cdx/search/cdx?{query}", deadline=deadline, robots=False, max_bytes=5_000_000
    )
    if resp.status >= 400:
        raise FetchError(
            f"the archive's CDX API answered HTTP {resp.status}", kind="http", status=resp.status
        )
    if not resp.content.strip():
        return []
    try:
        rows = json.loads(resp.content)
    except ValueError:
        raise FetchError(
            "the archive's CDX API answered with something that is not JSON", kind="http"
        ) from None
    if not isinstance(rows, list):
        raise FetchError(
            "the archive's CDX API answered with JSON that is not a list of captures", kind="http"
        )
    out = []
    for row in rows:
        if not (isinstance(row, list) and len(row) >= 2):
            continue  # the header row, or something that is not a capture
        ts, original = row[0], row[1]
        if not (isinstance(ts, str) and _TIMESTAMP.fullmatch(ts) and isinstance(original, str)):
            continue
        try:
            _captured_at(ts)
        except ValueError:  # 20241399…: digits, but no date
            continue
        if original.startswith(("http://", "https://")) and original.isprintable():
            out.append((ts, original))
    return sorted(out)


_TIMESTAMP = re.compile(r"[0-9]{4,14}", re.ASCII)


def collect_snapshots(
    url: str, *, session: LiveSession, deadline: Deadline, count: int = 3
) -> list[SourceDocument]:
    """Up to `count` readable snapshots of `url`; one `blocked` document when the archive fails."""
    from scanner.collectors.pages import recognise_block

    base = archive_base(session.fetch.extra)
    try:
        captures = _captures(session, base, url, deadline)
    except FetchError as exc:
        return [_failed(base, url, f"web archive: {exc}")]
    docs: list[SourceDocument] = []
    tried: set[int] = set()
    for pick in spread(len(captures), count):
        for i in (pick, pick + 1, pick - 1):  # a login-wall capture gives way to a neighbour
            if i in tried or not 0 <= i < len(captures):
                continue
            tried.add(i)
            ts, original = captures[i]
            raw = f"{base}/web/{ts}id_/{original}"
            try:
                resp = session.http.get(raw, deadline=deadline, robots=False)
            except FetchError as exc:
                if exc.kind in ("deadline", "rate_limited", "unreachable"):
                    return docs or [_failed(base, url, f"web archive: {exc}")]
                continue
            if recognise_block(resp.content, resp.status):
                continue
            docs.append(_snapshot(base, url, ts, original, resp.content, resp.media_type, raw))
            break
    return docs


def _snapshot(
    base: str, url: str, ts: str, original: str, content: bytes, media: str, raw: str
) -> SourceDocument:
    fmt = "json" if media.endswith("json") else "html"
    return SourceDocument(
        kind=SourceKind.ARCHIVE,
        format=fmt,
        uri=f"{base}/web/{ts}/{original}",
        content=content,
        media_type=media or "text/html",
        sha256=SourceDocument.digest(content),
        collector="archive",
        meta=frozen_mapping(
            {"snapshot_of": url, "captured_at": _captured_at(ts), "fetched_from": raw}
        ),
    )


def _failed(base: str, url: str, reason: str) -> SourceDocument:
    return SourceDocument(
        kind=SourceKind.ARCHIVE,
        format="url",
        uri=f"{base}/web/*/{url}",
        collector="archive",
        status=SourceStatus.BLOCKED,
        error=reason,
        meta=frozen_mapping({"snapshot_of": url}),
    )


def archive_sources(
    refs: Sequence[SourceRef], *, session: LiveSession, deadline: Deadline
) -> list[SourceDocument]:
    """Snapshots of every LinkedIn, GitHub and site URL among a candidate's sources."""
    from scanner.settings import limits_from
    from scanner.sources import guess_kind, is_url

    count = limits_from(ArchiveLimits, session.config.limits, "archive_").snapshots
    docs: list[SourceDocument] = []
    seen: set[str] = set()
    for ref in refs:
        if not is_url(ref.ref):
            continue
        kind = ref.kind or guess_kind(ref.ref)
        if not kind.is_profile:
            continue
        url = ref.ref.strip()
        if kind is SourceKind.GITHUB:
            from scanner.collectors.github import handle_from_url

            handle = handle_from_url(url)
            if handle is None:
                continue
            url = f"https://github.com/{handle}"
        if url.lower() in seen:
            continue
        seen.add(url.lower())
        docs.extend(collect_snapshots(url, session=session, deadline=deadline, count=count))
    return docs
