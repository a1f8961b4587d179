"""Shared test fixtures. No test touches the internet or the user's real history store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own history store location and data dir (never the user's)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SCANNER_DB", str(home / "history.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("COLUMNS", "120")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from scanner.browser import BrowserUnavailable, launch_chromium, start_playwright

    try:
        pw = start_playwright()
    except BrowserUnavailable as exc:
        if os.environ.get("SCANNER_REQUIRE_BROWSER"):
            pytest.fail(f"browser required in this run: {exc}")
        pytest.skip(str(exc))
    try:
        browser = launch_chromium(pw)
    except BrowserUnavailable as exc:
        pw.stop()
        if os.environ.get("SCANNER_REQUIRE_BROWSER"):
            pytest.fail(f"browser required in this run: {exc}")
        pytest.skip(str(exc))
    yield browser
    browser.close()
    pw.stop()
