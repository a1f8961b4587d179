"""Benchmark: pages per minute through the browser collector, one reused browser vs a browser
per page, measured in the same run against a local server (127.0.0.1 only).

Serves N profile pages (LinkedIn-style and personal-site fixtures, one script-built), captures
each with HTML and a full-page screenshot the way `scanner check` does, and prints the rate of
both modes, plus plain httpx for reference. Politeness waits are left out (they are policy, not
cost): the rate is what the collector itself can do.

    python bench/bench_pages.py             # 30 pages each way
    python bench/bench_pages.py --pages 10
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scanner.collectors.http import AddressGuard, HttpFetcher, HttpSettings, system_resolver  # noqa: E402
from scanner.collectors.pages import BrowserCollector  # noqa: E402
from tests.live_helpers import LINKEDIN_PAGES, LIVE, LocalServer  # noqa: E402

PAGES = [
    LINKEDIN_PAGES / "profile.html",
    LINKEDIN_PAGES / "profile_grouped.html",
    LIVE / "site_jsonld.html",
    LIVE / "site_hcard.html",
    LIVE / "site_spa.html",
]


def _capture_all(collector: BrowserCollector, urls: list[str]) -> float:
    t0 = time.perf_counter()
    for url in urls:
        cap = collector.capture(url)
        assert cap.html and cap.screenshot
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=30)
    args = ap.parse_args()
    settings = HttpSettings(allow_networks=("127.0.0.1/32",), rate_limits={"default": 0.0})
    with LocalServer() as server, tempfile.TemporaryDirectory() as tmp:
        for k in range(args.pages):
            server.page(f"/p/{k}", PAGES[k % len(PAGES)].read_bytes())
        urls = [server.url(f"/p/{k}") for k in range(args.pages)]
        guard = AddressGuard(settings, system_resolver)

        reused = BrowserCollector(guard, user_agent=settings.user_agent, capture_dir=Path(tmp))
        reused.start()  # launch outside the timing, as a run starts it once
        t_warm = _capture_all(reused, urls[:1])
        t_reused = _capture_all(reused, urls)
        reused.close()

        fresh = BrowserCollector(
            guard, user_agent=settings.user_agent, capture_dir=Path(tmp), reuse_browser=False
        )
        t_fresh = _capture_all(fresh, urls)

        http = HttpFetcher(settings)
        t0 = time.perf_counter()
        for url in urls:
            http.get(url, robots=False)
        t_http = time.perf_counter() - t0
        http.close()

    n = args.pages
    print(f"pages: {n} from {server.url('/')} (HTML + full-page PNG screenshot each)")
    print(f"first page in a warm browser: {t_warm * 1000:.0f} ms")
    print(
        f"one reused browser:    {t_reused:7.2f} s  {60 * n / t_reused:7.1f} pages/min  ({1000 * t_reused / n:.0f} ms/page)"
    )
    print(
        f"a browser per page:    {t_fresh:7.2f} s  {60 * n / t_fresh:7.1f} pages/min  ({1000 * t_fresh / n:.0f} ms/page; {fresh.launches} launches)"
    )
    print(f"reuse is {t_fresh / t_reused:.1f}x faster")
    print(f"httpx only (no render): {t_http:6.2f} s  {60 * n / t_http:7.1f} pages/min")


if __name__ == "__main__":
    main()
