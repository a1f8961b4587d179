"""Post a re-validation summary to a chat webhook (Slack, Teams, anything that takes JSON).

The payload carries a `text` field that Slack and Teams render as is, plus the structured
details. Delivery is retried with exponential backoff on network errors, 429 and 5xx; a failure
is reported to the caller and never loses the scan (it is already in the store).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Delivery", "WebhookLimits", "post_webhook"]


@dataclass(frozen=True)
class WebhookLimits:
    """How hard an alert is pushed (`[limits]` keys `webhook_*`)."""

    attempts: int = 4  # tries on network errors, 429 and 5xx
    backoff: float = 1.0  # seconds before the second try, doubled after each


@dataclass(frozen=True)
class Delivery:
    ok: bool
    attempts: int
    status: int | None = None
    error: str | None = None


def _retry_after(value: str | None, default: float) -> float:
    try:
        return min(60.0, max(0.0, float(value))) if value else default
    except ValueError:
        return default


def post_webhook(
    url: str,
    payload: Mapping[str, Any],
    *,
    attempts: int = 4,
    backoff: float = 1.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    transport: Any = None,
) -> Delivery:
    """POST `payload` as JSON; retry up to `attempts` times, waiting backoff × 2ⁿ between tries."""
    import httpx

    from scanner import __version__

    error: str | None = None
    status: int | None = None
    headers = {"User-Agent": f"scanner/{__version__}"}
    with httpx.Client(
        timeout=timeout, transport=transport, follow_redirects=False, headers=headers
    ) as client:
        for attempt in range(1, max(1, attempts) + 1):
            wait = backoff * 2 ** (attempt - 1)
            try:
                response = client.post(url, json=dict(payload))
            except httpx.HTTPError as exc:
                error, status = f"{type(exc).__name__}: {exc}", None
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return Delivery(True, attempt, status)
                error = f"HTTP {status}: {response.text[:200].strip()}"
                if status != 429 and status < 500:
                    return Delivery(False, attempt, status, error)  # the request itself is wrong
                wait = _retry_after(response.headers.get("Retry-After"), wait)
            if attempt < attempts:
                sleep(wait)
    return Delivery(False, max(1, attempts), status, error)
