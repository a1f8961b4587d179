"""HTML reports people read: the one-page hiring-manager summary, a print layout that fits A4 and
Letter with the timeline whole, and batch reports with collapsed candidates and filters by level
and code (CSS only: the page runs no script). Laid out and printed by a real Chromium."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINKEDIN = ROOT / "fixtures" / "crosssource" / "mixed-mismatches"
CHECK_ARGS = (
    str(LINKEDIN / "resume.pdf"),
    str(LINKEDIN / "linkedin.pdf"),
    "--name", "Riley Thornton", "--email", "riley.thornton@example.com",
)  # fmt: skip
BATCH = ROOT / "fixtures" / "batch" / "applicants.csv"
MM = 96 / 25.4  # CSS pixels per millimetre
PAPER = {"A4": (210, 297), "Letter": (215.9, 279.4)}
MARGIN = 12  # mm, the report's @page margin


def scanner(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", *args], capture_output=True, text=True, cwd=ROOT,
        timeout=300, env={**os.environ},
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def check_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "check.html"
    proc = scanner("check", "--no-db", *CHECK_ARGS, "--format", "html", "--out", str(out))
    assert proc.returncode == 0, proc.stderr  # medium at worst: nothing reaches --fail-on high
    return out


@pytest.fixture(scope="module")
def batch_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("batch")
    out, js = folder / "batch.html", folder / "batch.json"
    for fmt, path in (("html", out), ("json", js)):
        proc = scanner("batch", str(BATCH), "--no-db", "--offline", "-q", "--format", fmt,
                       "--out", str(path))  # fmt: skip
        assert proc.returncode in (1, 3), proc.stderr
    return out, json.loads(js.read_text(encoding="utf-8"))


def test_the_manager_summary_says_the_verdict_reasons_and_what_to_verify(check_html: Path) -> None:
    html = check_html.read_text(encoding="utf-8")
    summary = html[html.index('class="manager"') : html.index("</section>")]
    assert "Summary for the hiring manager" in summary and "Riley Thornton" in summary
    assert "Medium risk:" in summary and "Ask about the points below" in summary
    assert "<h3>Why</h3>" in summary and "<h3>What to ask or verify next</h3>" in summary
    assert summary.count("<li>") <= 8
    # The hints are the checks' own "verify by hand" texts.
    from scanner.docs import verify_hint
    from scanner.registry import registry

    assert any(verify_hint(registry[c].docs)[:60] in summary for c in ("XS005", "XS003", "XS004"))
    assert html.index('class="manager"') < html.index("<h3>Sources</h3>")


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_print_puts_the_summary_on_page_one_and_keeps_the_timeline_whole(
    chromium: Any, check_html: Path, paper: str
) -> None:
    from pypdf import PdfReader

    page = chromium.new_page()
    page.goto(check_html.as_uri())
    pdf = page.pdf(format=paper, prefer_css_page_size=True)
    pages = PdfReader(io.BytesIO(pdf)).pages
    first = pages[0].extract_text()
    assert "Summary for the hiring manager" in first and "What to ask or verify next" in first
    assert "Sources" not in first  # the analyst's details start on the next page
    assert "Timeline" in "".join(p.extract_text() for p in pages[1:])
    assert 2 <= len(pages) <= 6

    # The print layout at this paper's printable width: nothing of the timeline cut off.
    width_mm, height_mm = PAPER[paper]
    content = round((width_mm - 2 * MARGIN) * MM)
    page.set_viewport_size({"width": content, "height": round((height_mm - 2 * MARGIN) * MM)})
    page.emulate_media(media="print")
    box = page.evaluate(
        """() => {
          const t = document.querySelector('.timeline'), svg = t.querySelector('svg');
          const s = svg.getBoundingClientRect();
          const bars = [...svg.querySelectorAll('rect.bar')].map(b => b.getBoundingClientRect());
          return {scroll: t.scrollWidth, client: t.clientWidth, svgRight: s.right, svgLeft: s.left,
                  page: document.documentElement.clientWidth, bars: bars.length,
                  outside: bars.filter(b => b.left < s.left - 0.5 || b.right > s.right + 0.5).length,
                  summary: document.querySelector('.manager').getBoundingClientRect().height};
        }"""
    )
    assert box["bars"] >= 4 and box["outside"] == 0
    assert box["scroll"] <= box["client"] + 1  # no horizontal scroll (nothing clipped)
    assert box["svgLeft"] >= 0 and box["svgRight"] <= box["page"] + 0.5
    assert box["summary"] <= (height_mm - 2 * MARGIN) * MM  # the summary fits one page
    page.close()


@pytest.mark.browser
def test_a_batch_report_is_collapsed_and_filters_by_level_and_code(
    chromium: Any, batch_html: tuple[Path, dict[str, Any]]
) -> None:
    path, doc = batch_html
    cands = doc["candidates"]
    assert len(cands) >= 40
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 7000, height  # one line per applicant until opened (was 32,000 px)

    def visible() -> int:
        return int(page.evaluate(
            "[...document.querySelectorAll('details.cand')].filter(d => d.offsetParent).length"
        ))  # fmt: skip

    assert visible() == len(cands)
    high = [c for c in cands if c["risk"]["level"] == "high"]
    page.click("label[for=f-lv-high]")
    assert visible() == len(high) > 0
    with_nw001 = [c for c in cands if any(f["code"] == "NW001" for f in c["findings"])]
    page.click("label[for=f-lv-all]")
    page.click("label[for=f-cd-NW001]")
    assert visible() == len(with_nw001) > 0
    page.click("label[for=f-lv-high]")  # both filters at once
    both = [c for c in high if c in with_nw001]
    assert visible() == len(both)
    page.click("label[for=f-cd-all]")
    page.click("label[for=f-lv-all]")
    first = page.locator("details.cand").first
    assert not first.locator(".manager").is_visible()
    first.locator("summary").first.click()
    assert first.locator(".manager").is_visible()
    assert "Summary for the hiring manager" in first.inner_text()
    assert [u for u in requests if not u.startswith("file:")] == []
    page.close()


def test_batch_filters_only_use_check_codes_in_css(batch_html: tuple[Path, dict[str, Any]]) -> None:
    path, _ = batch_html
    html = path.read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    import re

    ids = set(re.findall(r"#f-cd-([^:]+):checked", style)) - {"all"}
    assert ids and all(re.fullmatch(r"[A-Z]{2,3}\d{3}", i) for i in ids)
    assert "<script" not in html.lower()
