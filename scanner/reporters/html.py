"""A self-contained HTML report: no scripts, fonts or images from anywhere (it carries PII and must
open offline). Every value that came from a document is escaped; the page carries a
Content-Security-Policy that forbids scripts, so even a mistake in escaping cannot execute.

Each candidate gets the verdict, the sources, a timeline picture (one lane per source, positions
and studies as bars on a shared time axis, entries named in findings outlined and linked to the
finding) and the findings with their evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

from extractors.model import DateRange, Profile
from scanner import __version__
from scanner.model import CandidateReport, Finding, Level, Report, Severity

__all__ = ["render_html", "timeline_svg"]

_CSS = """
:root{--hi:#b3261e;--me:#b26a00;--lo:#00639b;--in:#5f6368;--ok:#1e7b34;--bg:#fff;--fg:#1d1d1f;--mu:#6b6b70;--ln:#e3e3e8}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px;max-width:1200px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 6px;border-top:1px solid var(--ln);padding-top:20px}h3{font-size:15px;margin:18px 0 6px}
.muted{color:var(--mu)}.verdict{font-weight:600;padding:6px 10px;border-radius:6px;display:inline-block;margin:6px 0}
.lv-high{background:#fde7e6;color:var(--hi)}.lv-medium{background:#fff1d6;color:var(--me)}.lv-low{background:#e3f1fb;color:var(--lo)}.lv-clear{background:#e4f4e8;color:var(--ok)}.lv-unverified{background:#efe8f6;color:#5b3f7a}
table{border-collapse:collapse;width:100%;margin:6px 0}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid var(--ln);vertical-align:top}th{font-weight:600}
.sev{font-weight:700;text-transform:uppercase;font-size:11px;letter-spacing:.04em}.sev-high{color:var(--hi)}.sev-medium{color:var(--me)}.sev-low{color:var(--lo)}.sev-info{color:var(--in)}
.finding{border-left:4px solid var(--ln);padding:6px 10px;margin:8px 0}.finding.sev-high{border-color:var(--hi)}.finding.sev-medium{border-color:var(--me)}.finding.sev-low{border-color:var(--lo)}
.finding:target{background:#fffbe6}.ev{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px;white-space:pre-wrap;word-break:break-word}
.bad{color:var(--hi)}.me{color:var(--me)}.code{font-family:ui-monospace,Menlo,monospace;font-weight:600}
svg text{font:11px system-ui,sans-serif;pointer-events:none}svg .bar{fill:#cfd8e3}svg .bar.study{fill:#d9cfe8}svg .bar.flag{stroke:var(--hi);stroke-width:2;fill:#f6c9c6}svg .bar.unsure{opacity:.45;stroke:#8e8e93;stroke-dasharray:3 2}
svg .lane{fill:#f7f7f9}svg .axis{stroke:#c7c7cc}svg a:hover .bar{opacity:.8}
.manager{border:1px solid var(--ln);border-radius:8px;padding:4px 16px 12px;margin:12px 0}.manager h2{border:0;margin-top:12px;padding-top:0}
.manager ol,.manager ul{margin:4px 0 8px;padding-left:22px}.manager li{margin:3px 0}.plain{font-size:15px;margin:6px 0}
.reviewed{opacity:.65}.review{font-style:italic;color:var(--mu)}.timeline{overflow-x:auto}
.flt{position:absolute;opacity:0;pointer-events:none}.filters{margin:10px 0;line-height:2}.filters b{margin-right:4px}
.filters label{border:1px solid var(--ln);border-radius:12px;padding:2px 9px;margin-right:4px;cursor:pointer;white-space:nowrap}
details.cand{border:1px solid var(--ln);border-radius:6px;margin:6px 0;padding:0 10px}details.cand>summary{cursor:pointer;padding:6px 0;font-weight:600}
details.cand>summary .muted{font-weight:400}details.cand[open]{padding-bottom:10px}details.cand section h2{border-top:0;margin-top:10px}
@page{margin:12mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}.manager{break-after:page;border:0;padding:0}
.timeline{overflow:visible}.timeline svg,svg.cluster{width:100%;height:auto}.finding,.timeline,tr,.manager li{break-inside:avoid}
h2,h3{break-after:avoid}.filters,.flt{display:none}a{color:inherit;text-decoration:none}details.cand{break-inside:avoid}}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


_FIELD = re.compile(r"^(experience|education)\[(\d+)\]")


def _flagged(findings: Iterable[Finding]) -> dict[tuple[int, str, int], list[str]]:
    """(source, 'experience'|'education', index) → anchors of the findings that name the entry."""
    out: dict[tuple[int, str, int], list[str]] = {}
    for n, f in enumerate(findings):
        for ev in f.evidence:
            m = _FIELD.match(ev.field)
            if ev.source is not None and m:
                out.setdefault((ev.source, m.group(1), int(m.group(2))), []).append(f"f{n}")
    return out


def _span(rng: DateRange | None, as_of: date) -> tuple[int, int] | None:
    if rng is None:
        return None
    return rng.bounds(as_of) or (
        (rng.start.first_month, rng.start.last_month) if rng.start else None
    )


LOW_CONFIDENCE = 0.6
"""Entries read with less confidence than this are drawn dimmed and dashed in the timeline."""


def timeline_svg(
    profiles: Mapping[int, Profile],
    labels: Mapping[int, str],
    as_of: date,
    flagged: Mapping[tuple[int, str, int], list[str]],
    prefix: str = "",
) -> str:
    """One lane per source; bars for positions (blue) and studies (purple); flagged bars outlined,
    entries read with low confidence dimmed (their reason in the tooltip)."""
    bars: list[tuple[int, str, int, str, tuple[int, int], str]] = []
    unsure: dict[tuple[int, str, int], str] = {}  # entries read with low confidence: why
    for src, prof in profiles.items():
        for i, p in enumerate(prof.experience):
            s = _span(p.range, as_of)
            if s:
                bars.append((src, "experience", i, f"{p.title} — {p.org}", s, str(p.range)))
                if p.confidence < LOW_CONFIDENCE:
                    unsure[(src, "experience", i)] = p.confidence_reason
        for i, st in enumerate(prof.education):
            s = _span(st.range, as_of)
            if s:
                bars.append((src, "education", i, st.label, s, str(st.range)))
                if st.confidence < LOW_CONFIDENCE:
                    unsure[(src, "education", i)] = st.confidence_reason
    if not bars:
        return ""
    lo = min(b[4][0] for b in bars) // 12 * 12
    hi = (max(b[4][1] for b in bars) // 12 + 1) * 12
    left, width, row_h = 150, 900, 18
    scale = width / max(1, hi - lo)
    lanes: dict[int, list[list[tuple[int, int]]]] = {}
    placed: list[tuple[int, int, tuple]] = []  # (lane, row, bar)
    for bar in sorted(bars, key=lambda b: (b[0], b[4][0])):
        rows = lanes.setdefault(bar[0], [])
        for r, taken in enumerate(rows):
            if all(bar[4][0] > e or bar[4][1] < s for s, e in taken):
                taken.append(bar[4])
                placed.append((bar[0], r, bar))
                break
        else:
            rows.append([bar[4]])
            placed.append((bar[0], len(rows) - 1, bar))
    lane_top: dict[int, int] = {}
    y = 24
    for src in sorted(lanes):
        lane_top[src] = y
        y += max(1, len(lanes[src])) * (row_h + 4) + 12
    height = y + 4
    total_w = left + width + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w} {height}" '
        f'width="{total_w}" height="{height}" role="img" '
        'aria-label="timeline of positions and studies by source">'
    ]
    for year in range(lo // 12, hi // 12 + 1):
        x = left + (year * 12 - lo) * scale
        parts.append(f'<line class="axis" x1="{x:.1f}" y1="16" x2="{x:.1f}" y2="{height}"/>')
        if (year % 2 == 0) or (hi - lo) <= 120:
            parts.append(f'<text x="{x + 2:.1f}" y="12">{year}</text>')
    for src in sorted(lanes):
        top = lane_top[src]
        lane_h = max(1, len(lanes[src])) * (row_h + 4)
        parts.append(
            f'<rect class="lane" x="{left}" y="{top - 2}" width="{width}" height="{lane_h}"/>'
        )
        parts.append(f'<text x="4" y="{top + 13}">{_e(labels.get(src, src))}</text>')
    for src, row, (s, kind, i, label, (a, b), when) in placed:
        x = left + (a - lo) * scale
        w = max(3.0, (b - a + 1) * scale)
        yy = lane_top[src] + row * (row_h + 4)
        anchors = flagged.get((s, kind, i), [])
        doubt = unsure.get((s, kind, i))
        cls = "bar" + (" study" if kind == "education" else "") + (" flag" if anchors else "")
        cls += " unsure" if doubt is not None else ""
        title = f"{label} ({when})" + (" — see finding" if anchors else "")
        if doubt is not None:
            title += f" — read with low confidence: {doubt or 'a heuristic guess'}"
        rect = (
            f'<rect class="{cls}" x="{x:.1f}" y="{yy}" width="{w:.1f}" height="{row_h}" rx="3">'
            f"<title>{_e(title)}</title></rect>"
            f'<text x="{x + 3:.1f}" y="{yy + 13}" clip-path="none">{_e(_clip(label, w))}</text>'
        )
        if anchors:
            rect = f'<a href="#{prefix}{anchors[0]}">{rect}</a>'
        parts.append(rect)
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, width: float) -> str:
    """The label cut to what fits in a bar `width` px wide (11px text, ~6.6px a character)."""
    n = max(0, int((width - 4) / 6.6))
    return text if len(text) <= n else (text[: max(0, n - 1)] + "…" if n > 1 else "")


_Matchers = tuple[Callable[[str, str], bool], Callable[[str, str], bool]]


def _side_by_side(c: CandidateReport, same: _Matchers) -> str:
    """Employers and schools aligned across sources (`scanner.reporters.align`)."""
    from scanner.reporters.align import align

    aligned = align(c, *same)
    if aligned is None:
        return ""
    head = "".join(f"<th>[{i}] {_e(c.sources[i].kind.value)}</th>" for i in aligned.sources)
    out = [
        '<h3>Side by side</h3><div class="muted">One row per employer (roles at one employer '
        "merged) and per school, matched through renames, abbreviations and the alias tables; "
        "rows named in a finding show its codes.</div>",
        f'<table class="side"><tr><th>employer / school</th>{head}</tr>',
    ]
    for row in aligned.rows:
        codes = (
            f' <span class="code me">({_e(", ".join(sorted(row.codes)))})</span>'
            if row.codes
            else ""
        )
        cells = "".join(
            f'<td class="ev">{_e(row.cells[i])}</td>'
            if i in row.cells
            else '<td class="muted">— not listed —</td>'
            for i in aligned.sources
        )
        kind = "school" if row.kind == "school" else "employer"
        out.append(
            f'<tr class="{kind}"><td><b>{_e(row.name)}</b>'
            f'<div class="muted">{kind}</div>{codes}</td>{cells}</tr>'
        )
    out.append("</table>")
    return "".join(out)


def _candidate(c: CandidateReport, n: int, same: _Matchers) -> str:
    prefix = f"c{n}-"
    as_of = c.as_of or date.today()
    out = [
        f'<section id="{prefix}top"><h2>{_e(c.name or c.id)} <span class="muted">({_e(c.id)})</span></h2>',
        f'<div class="verdict lv-{c.risk.level.value}">Risk {c.risk.score}/100 — {_e(c.risk.level.value)}'
        f"{' — INCOMPLETE: some sources could not be read' if not c.complete else ''}</div>",
    ]
    if c.risk.contributions:
        pts = ", ".join(f"{_e(code)} +{p}" for code, p in c.risk.contributions)
        out.append(f'<div class="muted">Score from: {pts}</div>')
    out.append(
        "<h3>Sources</h3><table><tr><th>#</th><th>kind</th><th>status</th><th>uri</th><th>sha256</th></tr>"
    )
    for i, s in enumerate(c.sources):
        status = (
            _e(s.status.value)
            if s.ok
            else f'<span class="bad">{_e(s.status.value)}: {_e(s.error)}</span>'
        )
        prof = c.profiles[i] if i < len(c.profiles) else None
        if prof is not None and prof.notes:  # read, but not all of it (a missing file, a cut)
            status += "".join(f'<div class="me">{_e(note)}</div>' for note in prof.notes)
        out.append(
            f"<tr><td>{i}</td><td>{_e(s.kind.value)} ({_e(s.format)})</td><td>{status}</td>"
            f'<td class="ev">{_e(s.uri)}</td><td class="ev muted">{_e(s.sha256[:12])}</td></tr>'
        )
    out.append("</table>")
    profiles = {i: p for i, p in enumerate(c.profiles) if p is not None}
    labels = {i: f"[{i}] {c.sources[i].kind.value}" for i in profiles}
    svg = timeline_svg(profiles, labels, as_of, _flagged(c.findings), prefix)
    if svg:
        out.append(
            '<h3>Timeline</h3><div class="muted">Outlined bars are named in a finding; click to jump to it.</div>'
        )
        out.append(f'<div class="timeline">{svg}</div>')
    out.append(_side_by_side(c, same))
    out.append("<h3>Findings</h3>")
    if not c.findings:
        out.append('<p class="muted">No findings.</p>')
    for sev in (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO):
        for k, f in enumerate(c.findings):
            if f.severity is not sev:
                continue
            settled = f.review is not None and not f.review.status.scored
            out.append(
                f'<div class="finding sev-{sev.value}{" reviewed" if settled else ""}" id="{prefix}f{k}">'
                f'<span class="sev sev-{sev.value}">{sev.value}</span> '
                f'<span class="code">{_e(f.code)}</span> <b>{_e(f.title)}</b> '
                f'<span class="muted">(confidence {f.confidence:.2f}, fingerprint {_e(f.fingerprint[:12])})</span>'
                f"<div>{_e(f.message)}</div>"
            )
            if f.review is not None:
                r = f.review
                out.append(
                    f'<div class="review">Reviewed {_e(r.status.value)} by {_e(r.by)} on '
                    f"{_e(r.at.date().isoformat())}{'' if r.status.scored else ' (not scored)'}: "
                    f"{_e(r.reason)}</div>"
                )
            for ev in f.evidence:
                src = f"[{ev.source}] " if ev.source is not None else ""
                note = f" — {_e(ev.note)}" if ev.note else ""
                out.append(f'<div class="ev">{_e(src)}{_e(ev.field)} = {_e(ev.value)}{note}</div>')
            out.append("</div>")
    if c.checks_not_run:
        by_reason: dict[str, list[str]] = {}
        for code, why in c.checks_not_run:
            by_reason.setdefault(why, []).append(code)
        items = "".join(
            f"<li>{_e(', '.join(codes))}: {_e(why)}</li>" for why, codes in by_reason.items()
        )
        out.append(
            f'<details class="muted"><summary>Checks not run</summary><ul>{items}</ul></details>'
        )
    out.append("</section>")
    return "\n".join(out)


def _clusters(report: Report, known: Mapping[str, str] | None = None) -> str:
    if not report.clusters:
        return ""
    names = {m: n or m for m, n in (known or {}).items()}
    names.update({c.id: c.name or c.id for c in report.candidates})
    out = ["<h2>Clusters of applicants sharing identifiers</h2>"]
    from scanner.reporters.cluster_svg import cluster_svg

    for cl in report.clusters:
        out.append(f"<h3>{_e(cl.id)}: {_e(', '.join(cl.members))}</h3>")
        out.append(cluster_svg(cl, names))
        out.append("<table><tr><th>shared</th><th>value</th><th>members</th></tr>")
        for link in cl.links:
            out.append(
                f"<tr><td>{_e(link.kind)}</td><td class='ev'>{_e(link.value)}</td><td>{_e(', '.join(link.members))}</td></tr>"
            )
        out.append("</table>")
    return "\n".join(out)


# -- the hiring manager's page ---------------------------------------------------------------
_PLAIN = {
    "high": "High risk: strong signs that the application does not hold together, or that it is "
    "tied to other applicants. Do not make an offer until the points below are answered.",
    "medium": "Medium risk: some things do not hold together. Ask about the points below before "
    "an offer.",
    "low": "Low risk: minor inconsistencies, none of them a concern on its own.",
    "clear": "No inconsistencies were found in the sources that were read.",
    "unverified": "Not verified: the main sources could not be read, so there is no verdict yet.",
}
_TOP_REASONS = 4


def _counted(f: Finding) -> bool:
    return f.severity is not Severity.INFO and (f.review is None or f.review.status.scored)


def _verify_hints(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, what to ask or verify next) from each check's own "Verify by hand" text."""
    from scanner.docs import verify_hint
    from scanner.registry import registry

    out = []
    for code in dict.fromkeys(codes):
        hint = verify_hint(registry[code].docs) if code in registry else ""
        if hint:
            out.append((code, hint))
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def manager_summary(c: CandidateReport, n: int) -> str:
    """One page a hiring manager can read: the verdict in plain words, the top reasons, and what
    to ask or verify next (each check's own "verify by hand" text)."""
    level = c.risk.level.value
    top = sorted(
        (f for f in c.findings if _counted(f)),
        key=lambda f: (-f.severity.rank, -f.confidence, f.code),
    )[:_TOP_REASONS]
    out = [
        f'<section class="manager" id="c{n}-summary">',
        f"<h2>Summary for the hiring manager: {_e(c.name or c.id)} "
        f'<span class="muted">({_e(c.id)})</span></h2>',
        f'<div class="verdict lv-{_e(level)}">Risk {c.risk.score}/100 — {_e(level)}</div>',
        f'<p class="plain">{_e(_PLAIN.get(level, ""))}</p>',
    ]
    unread = [s for s in c.sources if not s.ok]
    if unread or not c.complete:
        what = (
            f"{len(unread)} source(s) could not be read"
            if unread
            else "a source was read only in part"
        )
        out.append(
            f'<p class="plain bad">Incomplete: {_e(what)}, so this is not a clean result; '
            "the details page lists which.</p>"
        )
    if top:
        out.append("<h3>Why</h3><ol>")
        out += [f"<li><b>{_e(f.title)}</b>: {_e(_cut(f.message, 260))}</li>" for f in top]
        out.append("</ol>")
        hints = _verify_hints(f.code for f in top)
        if hints:
            out.append("<h3>What to ask or verify next</h3><ul>")
            out += [
                f'<li>{_e(_cut(h, 300))} <span class="muted">({_e(code)})</span></li>'
                for code, h in hints
            ]
            out.append("</ul>")
    settled = sum(1 for f in c.findings if f.review is not None and not f.review.status.scored)
    if settled:
        out.append(
            f'<p class="muted">{settled} finding(s) reviewed as false positive or cleared are '
            "not counted.</p>"
        )
    out.append(
        '<p class="muted">The evidence for each point, the sources and the timeline follow for '
        "the analyst.</p></section>"
    )
    return "\n".join(out)


# -- batches: filters and collapsed candidates ------------------------------------------------
_CODE = re.compile(r"^[A-Z]{2,3}[0-9]{3}$")  # codes go into ids, classes and CSS: nothing else


# A big batch's counts: (applicants, applicants per level, applicants per code).
Totals = tuple[int, Mapping[str, int], Mapping[str, int]]


def _filters(report: Report, totals: Totals | None = None) -> tuple[str, str]:
    """Radio buttons and labels that filter the candidates by level or code (CSS only: the page
    runs no script), and the CSS rules that make them work. With `totals` (a big batch of which
    the page shows the top candidates) the labels count the whole batch."""
    if totals is None:
        levels = [
            lv for lv in reversed(Level) if any(c.risk.level is lv for c in report.candidates)
        ]
        codes = sorted(
            {f.code for c in report.candidates for f in c.findings if _CODE.match(f.code)}
        )
    else:
        levels = [lv for lv in reversed(Level) if totals[1].get(lv.value)]
        codes = sorted(code for code, n in totals[2].items() if n and _CODE.match(code))

    def count(pred: Any, key: tuple[str, str] = ("", "")) -> int:
        if totals is not None:
            return int((totals[1] if key[0] == "lv" else totals[2]).get(key[1], 0))
        return sum(1 for c in report.candidates if pred(c))

    inputs = ['<input type="radio" class="flt" name="lv" id="f-lv-all" checked>']
    inputs += [f'<input type="radio" class="flt" name="lv" id="f-lv-{lv.value}">' for lv in levels]
    inputs += ['<input type="radio" class="flt" name="cd" id="f-cd-all" checked>']
    inputs += [f'<input type="radio" class="flt" name="cd" id="f-cd-{code}">' for code in codes]
    labels = ['<div class="filters"><b>Level</b><label for="f-lv-all">all</label>']
    labels += [
        f'<label for="f-lv-{lv.value}">{lv.value} '
        f"({count(lambda c, lv=lv: c.risk.level is lv, ('lv', lv.value))})</label>"
        for lv in levels
    ]
    labels += ['<br><b>Code</b><label for="f-cd-all">all</label>']
    labels += [
        f'<label for="f-cd-{code}">{code} '
        f"({count(lambda c, code=code: any(f.code == code for f in c.findings), ('cd', code))})</label>"
        for code in codes
    ]
    labels.append("</div>")
    css = [
        "#f-lv-all:checked~.filters label[for=f-lv-all],#f-cd-all:checked~.filters label[for=f-cd-all]"
        "{background:var(--fg);color:var(--bg)}"
    ]
    for lv in levels:
        css.append(f"#f-lv-{lv.value}:checked~.cands .cand:not(.lv-{lv.value}){{display:none}}")
        css.append(
            f"#f-lv-{lv.value}:checked~.filters label[for=f-lv-{lv.value}]"
            "{background:var(--fg);color:var(--bg)}"
        )
    for code in codes:
        css.append(f"#f-cd-{code}:checked~.cands .cand:not(.c-{code}){{display:none}}")
        css.append(
            f"#f-cd-{code}:checked~.filters label[for=f-cd-{code}]{{background:var(--fg);color:var(--bg)}}"
        )
    return "".join(inputs) + "".join(labels), "".join(css)


def _collapsed(c: CandidateReport, n: int, same: _Matchers) -> str:
    codes = sorted({f.code for f in c.findings if _CODE.match(f.code)})
    classes = " ".join(["cand", f"lv-{c.risk.level.value}", *(f"c-{code}" for code in codes)])
    flag = "" if c.complete else " · incomplete"
    return (
        f'<details class="{_e(classes)}" id="c{n}"><summary>{_e(c.name or c.id)} '
        f'<span class="muted">({_e(c.id)}) · </span><span class="sev sev-{_e(c.risk.level.value)}">'
        f"{c.risk.score} {_e(c.risk.level.value)}</span>"
        f'<span class="muted"> · {_e(" ".join(codes) or "no findings")}{flag}</span></summary>'
        f"{manager_summary(c, n)}{_candidate(c, n, same)}</details>"
    )


def _batch(report: Report, same: _Matchers, totals: Totals | None = None) -> tuple[str, str]:
    if totals is None:
        counts = {lv: sum(1 for c in report.candidates if c.risk.level is lv) for lv in Level}
        everyone = len(report.candidates)
    else:
        counts = {lv: int(totals[1].get(lv.value, 0)) for lv in Level}
        everyone = totals[0]
    summary = ", ".join(f"{counts[lv]} {lv.value}" for lv in reversed(Level))
    controls, css = _filters(report, totals)
    ordered = sorted(enumerate(report.candidates), key=lambda nc: (-nc[1].risk.score, nc[0]))
    shown = ""
    if totals is not None:
        shown = (
            f" This page shows the {len(report.candidates)} applicants with the highest risk "
            f"and every cluster; the other {everyone - len(report.candidates)} are counted above "
            "and listed in full in the JSON, CSV or XLSX report of the same batch."
        )
    body = (
        f"<h2>Applicants</h2><p>{everyone} candidates: {summary}; "
        f"{len(report.clusters)} clusters. Open an applicant for the hiring manager's summary and "
        f"the evidence.{_e(shown)}</p>"
        f'<section class="batch">{controls}<div class="cands">'
        + "".join(_collapsed(c, n, same) for n, c in ordered)
        + "</div></section>"
    )
    return body, css


def render_html(
    report: Report, *, totals: Totals | None = None, names: Mapping[str, str] | None = None
) -> str:
    """The page. For a big batch `report` holds the top candidates by risk, `totals` the counts
    of the whole batch and `names` the names of cluster members not among them."""
    from scanner.references import org_matcher, school_matcher

    generated = report.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    references = report.settings.get("config", {}).get("references")
    same = (org_matcher(references), school_matcher(references))
    extra_css = ""
    if len(report.candidates) >= 2 or totals is not None:
        batch, extra_css = _batch(report, same, totals)
        body = [batch, _clusters(report, names)]
    else:
        body = [
            manager_summary(c, n) + _candidate(c, n, same) for n, c in enumerate(report.candidates)
        ]
        body.append(_clusters(report, names))
    body += [f'<p class="bad">{_e(n)}</p>' for n in report.notes]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="referrer" content="no-referrer">'
        f"<title>Profile scanner report — {_e(generated)}</title><style>{_CSS}{extra_css}</style></head><body>"
        f'<h1>Profile consistency report</h1><div class="muted">scanner {__version__} · generated {_e(generated)} · '
        "contains personal data: handle and retain according to your policy</div>"
        + "\n".join(b for b in body if b)
        + "</body></html>\n"
    )
