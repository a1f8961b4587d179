"""The HTML report: self-contained, escaped, and inert even for hostile documents."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from extractors.model import (
    DateRange,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    Study,
)
from scanner.config import Config
from scanner.model import Candidate, Category, Evidence, Finding, Report, Severity
from scanner.pipeline import scan_candidate
from scanner.reporters.html import render_html

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
JS_LINK = "javascript:window.__pwned=3"


def hostile_report() -> Report:
    prof = Profile(
        name=f"Dana {HOSTILE}",
        emails=("dana@example.com",),
        urls=(JS_LINK,),
        experience=(
            Position(
                org=f"Acme {HOSTILE}",
                title='Engineer" onmouseover="window.__pwned=4',
                range=DateRange(PartialDate(2019, 3), None, current=True),
                description=HOSTILE,
            ),
            Position(
                org="Beta <b>Corp</b>",
                title="Dev",
                range=DateRange(PartialDate(2015), PartialDate(2019, 6)),
            ),
        ),
        education=(
            Study(
                school=f"U {HOSTILE}",
                degree="BS",
                range=DateRange(PartialDate(2011), PartialDate(2015)),
            ),
        ),
    )
    src = SourceDocument(kind=SourceKind.RESUME, format="txt", uri=f"cv-{HOSTILE}.txt")
    cand = Candidate(id="hostile", sources=[src], profiles=[prof], as_of=date(2026, 11, 28))
    rep = scan_candidate(cand, Config())
    rep.findings.append(
        Finding(
            "XS004",
            "t",
            Category.CROSS_SOURCE,
            Severity.LOW,
            0.5,
            f"msg {HOSTILE}",
            (Evidence(0, "experience[0]", f"{HOSTILE} {JS_LINK}"),),
        )
    )
    return Report(candidates=[rep], notes=[HOSTILE])


SAFE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "div",
    "span",
    "p",
    "b",
    "table",
    "tr",
    "th",
    "td",
    "section",
    "a",
    "svg",
    "line",
    "text",
    "rect",
    "g",
    "details",
    "summary",
    "ul",
    "ol",
    "li",
    "br",
    "input",  # radio buttons of the CSS-only filters (no form, nothing is sent anywhere)
    "label",
    "circle",
    "path",
    "polyline",
}


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    P().feed(html)
    return found


def test_html_is_self_contained_and_escaped() -> None:
    html = render_html(hostile_report())
    assert "<script" not in html.lower()
    tags = _tags(html)
    assert not [t for t, attrs in tags if any(k.startswith("on") for k, _ in attrs)]
    assert {t for t, _ in tags} <= SAFE_TAGS
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:|//|javascript:)", html, re.I)
    assert "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html
    assert "<svg" in html  # the timeline picture is there
    assert 'href="#c0-f' in html  # the flagged bar links to its finding


def test_timeline_has_one_lane_per_source() -> None:
    html = render_html(hostile_report())
    assert html.count('class="lane"') == 1


@pytest.mark.browser
def test_hostile_report_executes_nothing_in_chromium(chromium: Any, tmp_path: Path) -> None:
    page_path = tmp_path / "report.html"
    page_path.write_text(render_html(hostile_report()), encoding="utf-8")
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_path.as_uri())
    for sel in ("rect.bar", ".finding", "a"):
        for el in page.query_selector_all(sel)[:10]:
            el.hover(force=True, timeout=2000)
    assert page.evaluate("window.__pwned === undefined")
    assert [u for u in requests if not u.startswith("file:")] == []
    assert page.title().startswith("Profile scanner report")
    page.close()


def test_low_confidence_entries_are_dimmed_with_their_reason() -> None:
    from scanner.reporters.html import timeline_svg

    sure = Position(
        "Northwind Example Labs",
        "Data Analyst",
        DateRange(PartialDate(2019, 1), PartialDate(2021, 3)),
        confidence=1.0,
        confidence_reason="structured source",
    )
    guess = Position(
        "Contoso Example Corp",
        "Intern",
        DateRange(PartialDate(2017), PartialDate(2018)),
        confidence=0.35,
        confidence_reason="no section heading: <guessed> & dated",
    )
    svg = timeline_svg({0: Profile(experience=(sure, guess))}, {0: "résumé"}, date(2024, 1, 1), {})
    bars = dict(
        (title.split(" (")[0], (cls, title))
        for cls, title in re.findall(r'<rect class="([^"]*)"[^>]*><title>([^<]*)</title>', svg)
    )
    assert bars["Data Analyst — Northwind Example Labs"][0] == "bar"
    cls, title = bars["Intern — Contoso Example Corp"]
    assert cls == "bar unsure"
    assert "low confidence: no section heading: &lt;guessed&gt; &amp; dated" in title


def test_side_by_side_aligns_schools_by_alias_and_escapes_names() -> None:
    """Employers and schools one row each across sources: "UCF" and "University of Central
    Florida" are one school (the alias table XS005 uses), a job one source leaves out is
    "not listed", and a hostile employer name is text."""

    def rng(a: tuple[int, int], b: tuple[int, int] | None) -> DateRange:
        end = PartialDate(*b) if b else None
        return DateRange(PartialDate(*a), end, current=b is None)

    resume = Profile(
        name="Dana Whitfield",
        experience=(
            Position(org="Acme Corp", title="Engineer", range=rng((2019, 3), None)),
            Position(org=f"Side {HOSTILE}", title="Dev", range=rng((2016, 1), (2019, 2))),
        ),
        education=(
            Study("University of Central Florida", "B.S.", "CS", rng((2012, 8), (2016, 5))),
        ),
    )
    linkedin = Profile(
        name="Dana Whitfield",
        experience=(
            Position(org="Acme Corporation", title="Engineer", range=rng((2019, 3), None)),
        ),
        education=(Study("UCF", "Bachelor of Science - BS", "CS", rng((2012, 8), (2016, 5))),),
    )
    cand = Candidate(
        id="d-1",
        sources=[
            SourceDocument(kind=SourceKind.RESUME, format="txt", uri="cv.txt"),
            SourceDocument(kind=SourceKind.LINKEDIN_PDF, format="pdf", uri="li.pdf"),
        ],
        profiles=[resume, linkedin],
        as_of=date(2026, 11, 28),
    )
    page = render_html(Report(candidates=[scan_candidate(cand, Config())]))
    side = page[page.index("<h3>Side by side</h3>") : page.index("<h3>Findings</h3>")]
    rows = side.split("<tr")[2:]  # after the header row
    school = [r for r in rows if 'class="school"' in r]
    assert len(school) == 1 and "B.S., CS" in school[0] and "Bachelor of Science - BS" in school[0]
    acme = [r for r in rows if "Acme" in r]
    assert len(acme) == 1 and acme[0].count("2019-03 – present") == 2
    side_job = next(r for r in rows if "Side " in r)
    assert "— not listed —" in side_job and "<script>" not in side_job
    assert "&lt;script&gt;" in side_job
