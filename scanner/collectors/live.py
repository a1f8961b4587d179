"""Live collection of URLs. Until the live collectors land, URLs are reported as not fetched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.model import SourceDocument, SourceKind, SourceStatus

if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.pipeline import FetchOptions

__all__ = ["collect_url", "guess_kind"]


def guess_kind(url: str) -> SourceKind:
    low = url.lower()
    if "linkedin.com/" in low:
        return SourceKind.LINKEDIN_PAGE
    if "github.com/" in low:
        return SourceKind.GITHUB
    return SourceKind.SITE


def collect_url(
    url: str, kind: SourceKind | None, *, fetch: FetchOptions, config: Config
) -> SourceDocument:
    reason = "not fetched: --offline" if fetch.offline else "not fetched: live collection is not available yet"
    return SourceDocument(
        kind=kind or guess_kind(url),
        format="url",
        uri=url,
        collector="live",
        status=SourceStatus.BLOCKED,
        error=reason,
    )
