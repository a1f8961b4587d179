"""Finding and launching a Chromium for Playwright.

Order: Playwright's own downloaded Chromium (the normal case: `playwright install chromium`),
else `SCANNER_CHROMIUM`, else a system Chromium on PATH. When none exists the error names both
ways to get one. Playwright itself is an optional extra (`pip install 'profile-scanner[browser]'`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM_ARGS", "BrowserUnavailable", "find_chromium", "launch_chromium"]

# Flags for a quiet, offline-friendly headless Chromium (no background traffic, no first run).
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--metrics-recording-only",
    # WebRTC may not reach the network past the request filter (no UDP, no local addresses).
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
]

_SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

HOW_TO_GET_ONE = (
    "no Chromium found. Either run `python -m playwright install chromium` (Playwright's own "
    "build), or install a system Chromium (e.g. `apt-get install chromium`) and, if it is not on "
    "PATH, set SCANNER_CHROMIUM=/path/to/chromium"
)


class BrowserUnavailable(RuntimeError):
    """No Playwright or no Chromium; the message says how to get one."""


def _playwright_own(pw: Any) -> str | None:
    try:
        path = pw.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).exists() else None


def find_chromium(pw: Any | None = None) -> str | None:
    """The executable to launch, or None to let Playwright use its own download."""
    if pw is not None and _playwright_own(pw):
        return None
    env = os.environ.get("SCANNER_CHROMIUM")
    if env:
        if not Path(env).exists():
            raise BrowserUnavailable(f"SCANNER_CHROMIUM={env} does not exist")
        return env
    for name in _SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailable(HOW_TO_GET_ONE)


def launch_chromium(pw: Any, *, headless: bool = True) -> Any:
    """Launch Chromium through a started `sync_playwright()` object."""
    executable = find_chromium(pw)
    kwargs: dict[str, Any] = {"headless": headless, "args": list(CHROMIUM_ARGS)}
    if executable:
        kwargs["executable_path"] = executable
    if os.geteuid() == 0 if hasattr(os, "geteuid") else False:
        kwargs["chromium_sandbox"] = False
    try:
        return pw.chromium.launch(**kwargs)
    except Exception as exc:
        raise BrowserUnavailable(
            f"Chromium could not start ({executable or 'Playwright build'}): {exc}"
        ) from None


def start_playwright() -> Any:
    """`sync_playwright().start()`, or BrowserUnavailable naming the extra to install."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable(
            "Playwright is not installed: pip install 'profile-scanner[browser]'"
        ) from None
    return sync_playwright().start()
