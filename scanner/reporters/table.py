"""The terminal report: a verdict line per candidate, findings grouped by severity with evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from scanner.model import CandidateReport, Finding, Level, Report, Severity
from scanner.terminal import one_line, plain

__all__ = ["render_table", "verdict"]

_LEVEL_STYLE = {
    Level.CLEAR: "bold green",
    Level.UNVERIFIED: "bold magenta",
    Level.LOW: "bold cyan",
    Level.MEDIUM: "bold yellow",
    Level.HIGH: "bold red",
}
_SEV_STYLE = {
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def verdict(c: CandidateReport) -> str:
    """One line an analyst can act on."""
    counts = {s: sum(1 for f in c.findings if f.severity is s) for s in Severity}
    parts = [f"{counts[s]} {s.value}" for s in reversed(Severity) if counts[s]]
    found = ", ".join(parts) if parts else "no findings"
    text = f"risk {c.risk.score}/100 ({c.risk.level.value}): {found}"
    if not c.complete:
        text += f"; INCOMPLETE: {incompleteness(c)}"
    return text


def incompleteness(c: CandidateReport) -> str:
    """Why a candidate's result is incomplete, in a few words."""
    unread = sum(1 for s in c.sources if s.status.value != "ok")
    partial = sum(1 for p in c.profiles if p is not None and p.unread_parts)
    failed = sum(1 for _code, why in c.checks_not_run if why.startswith("check failed"))
    parts = [
        f"{unread} source(s) not read" if unread else "",
        f"{partial} source(s) read in part" if partial else "",
        f"{failed} check(s) failed" if failed else "",
    ]
    return ", ".join(p for p in parts if p) or "not every source was read"


def _source_label(c: CandidateReport, index: int | None) -> str:
    if index is None or index >= len(c.sources):
        return ""
    s = c.sources[index]
    return f"[{index}] {s.kind.value}"


def _finding_rows(c: CandidateReport, f: Finding) -> list[tuple[str, str]]:
    rows = [(f"{f.code}", f"{f.title}: {f.message}")]
    if f.review is not None:
        r = f.review
        scored = "" if r.status.scored else ", not scored"
        rows.append(
            (
                "",
                f"  reviewed {r.status.value} by {r.by} on {r.at.date().isoformat()}{scored}: {r.reason}",
            )
        )
    for e in f.evidence:
        label = _source_label(c, e.source)
        value = f"{e.field} = {e.value}" if e.field else e.value
        note = f"  ({e.note})" if e.note else ""
        rows.append(("", f"  {label} {value}{note}".rstrip()))
    return rows


def _side_by_side(c: CandidateReport, same_org: Callable[[str, str], bool],
                  same_school: Callable[[str, str], bool]) -> Any:  # fmt: skip
    """Employers and schools aligned across sources (`scanner.reporters.align`)."""
    from rich.table import Table

    from scanner.reporters.align import align

    aligned = align(c, same_org, same_school)
    if aligned is None:
        return None
    table = Table(
        title="Employment and education side by side",
        title_justify="left",
        header_style="bold",
        show_lines=True,
    )
    table.add_column("employer / school")
    for i in aligned.sources:
        table.add_column(plain(f"[{i}] {c.sources[i].kind.value}"))
    for row in aligned.rows:
        missing = aligned.missing(row)
        label = f"{row.name}\n({', '.join(sorted(row.codes))})" if row.codes else row.name
        table.add_row(
            plain(label),
            *[plain(row.cells.get(i, "— not listed —")) for i in aligned.sources],
            style="yellow" if missing or row.codes else None,
        )
    return table


def render_table(
    report: Report,
    file: IO[str] | None = None,
    *,
    color: bool | None = None,
    width: int | None = None,
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from scanner.references import org_matcher, school_matcher

    console = Console(
        file=file, force_terminal=color, no_color=color is False, width=width, highlight=False
    )
    references = report.settings.get("config", {}).get("references")
    same_org, same_school = org_matcher(references), school_matcher(references)
    for c in report.candidates:
        title = Text()
        title.append(one_line(c.name or c.id), style="bold")
        title.append(f"  ({one_line(c.id)})  ", style="dim")
        title.append(one_line(verdict(c)), style=_LEVEL_STYLE[c.risk.level])
        console.print(title)
        src = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        src.add_column("#", justify="right")
        src.add_column("source")
        src.add_column("status")
        src.add_column("uri", overflow="fold")
        for i, s in enumerate(c.sources):
            status: Any = (
                plain(s.status.value) if s.ok else plain(f"{s.status.value}: {s.error}", "red")
            )
            prof = c.profiles[i] if i < len(c.profiles) else None
            if s.ok and prof is not None and prof.notes:  # read, but not all of it
                status = plain(f"ok; {'; '.join(prof.notes)}", "yellow")
            src.add_row(plain(i), plain(f"{s.kind.value} ({s.format})"), status, plain(s.uri))
        console.print(src)
        side = _side_by_side(c, same_org, same_school)
        if side is not None:
            console.print(side)
        if c.findings:
            table = Table(
                show_header=True, header_style="bold", box=None, pad_edge=False, expand=False
            )
            table.add_column("severity")
            table.add_column("code")
            table.add_column("finding and evidence", overflow="fold")
            for sev in (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO):
                for f in (f for f in c.findings if f.severity is sev):
                    for j, (code, text) in enumerate(_finding_rows(c, f)):
                        table.add_row(
                            plain(sev.value if j == 0 else "", _SEV_STYLE[sev]),
                            plain(code),
                            plain(text, "" if j == 0 else "dim"),
                        )
            console.print(table)
        if c.checks_not_run:
            by_reason: dict[str, list[str]] = {}
            for code, why in c.checks_not_run:
                by_reason.setdefault(why, []).append(code)
            for why, codes in by_reason.items():
                console.print(plain(f"not run: {', '.join(codes)} ({why})", "dim"))
        if c.risk.contributions:
            pts = ", ".join(f"{code} +{p}" for code, p in c.risk.contributions)
            console.print(plain(f"score from: {pts}", "dim"))
        console.print()
    for cl in report.clusters:
        links = "; ".join(f"{x.kind} {x.value}" for x in cl.links)
        console.print(
            plain(f"cluster {cl.id}: {', '.join(cl.members)} — shared {links}", "bold magenta")
        )
    for note in report.notes:
        console.print(plain(note, "yellow"))


def render_table_text(report: Report) -> str:
    """The table as plain text (for `--out report.txt`)."""
    import io

    buf = io.StringIO()
    render_table(report, buf, color=False, width=120)
    return buf.getvalue()
