"""What a re-validation alert says, in the format the receiving service renders.

- `json`: plain JSON with a `text` line for chat tools and the details as data;
- `slack`: Slack Block Kit (a header, a summary, one section per person, a link button);
- `teams`: a Microsoft Teams message carrying an Adaptive Card (Teams Workflows accept only cards).

An alert carries the minimum personal data needed to act: the person's id, their risk, and which
checks found something new (code, severity, title) — never names, contact values, evidence or
document addresses, which stay in the report the alert links to (`--report-url`). Values are
data in every format: escaped for Slack mrkdwn, and in Teams cards carried by TextRuns, which
never render markdown; the message is cut to the service's limits, saying how much was left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from scanner.model import Severity

if TYPE_CHECKING:
    from scanner.store.revalidate import PersonResult, RevalidationResult

__all__ = [
    "AlertFormat",
    "AlertLimits",
    "PersonAlert",
    "alert_payload",
    "escape_mrkdwn",
    "people_alerts",
]


class AlertFormat(StrEnum):
    json = "json"
    slack = "slack"
    teams = "teams"


@dataclass(frozen=True)
class AlertLimits:
    """The services' limits, with margin: Slack allows 50 blocks and 3,000 characters in a
    section's text, 150 in a header; a Teams message must stay under about 28 KB."""

    slack_blocks: int = 50
    slack_section_chars: int = 3000
    slack_header_chars: int = 150
    slack_text_chars: int = 3000
    teams_people: int = 25
    teams_bytes: int = 24_000
    findings_per_person: int = 8
    json_people: int = 500


@dataclass(frozen=True)
class PersonAlert:
    """One person's news, reduced to what an alert may carry."""

    id: str
    risk_score: int | None
    risk_level: str | None
    findings: tuple[tuple[str, str, str, str], ...]  # (code, severity, title, fingerprint)
    gone: tuple[tuple[str, str], ...]  # (source kind, status)
    failed: bool


_SEVERITY_ORDER = {s.value: -s.rank for s in Severity}


def people_alerts(people: Iterable[PersonResult]) -> list[PersonAlert]:
    """The people with something new, most severe first."""
    out = []
    for p in people:
        if not p.has_news:
            continue
        findings = tuple(
            sorted(
                ((f.code, f.severity.value, f.title, f.fingerprint) for f in p.new),
                key=lambda x: (_SEVERITY_ORDER[x[1]], x[0]),
            )
        )
        risk = p.report.risk if p.report is not None else None
        out.append(
            PersonAlert(
                id=p.person_id,
                risk_score=risk.score if risk else None,
                risk_level=risk.level.value if risk else None,
                findings=findings,
                gone=tuple((g.kind, g.status) for g in p.gone),
                failed=p.error is not None,
            )
        )
    out.sort(key=lambda a: (-(a.risk_score or 0), a.id))
    return out


# -- escaping ---------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _plain(text: str) -> str:
    """No control, zero-width or bidi characters; one line."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def escape_mrkdwn(text: str) -> str:
    """Slack mrkdwn, as Slack documents it: `&`, `<` and `>` escaped, so `<!channel>`,
    `<!here>` and `<https://…|label>` in a value are shown as text, never acted on."""
    return _plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, *, bold: bool = False, subtle: bool = False) -> dict[str, Any]:
    """An Adaptive Card TextRun: plain text (TextRuns never render markdown, so no value can
    become a link or formatting)."""
    run: dict[str, Any] = {"type": "TextRun", "text": _plain(text)}
    if bold:
        run["weight"] = "Bolder"
    if subtle:
        run["isSubtle"] = True
    return run


def _rich(*runs: dict[str, Any], separator: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "RichTextBlock", "inlines": list(runs)}
    if separator:
        block["separator"] = True
    return block


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


# -- the three formats ------------------------------------------------------------------------
def _headline(result: RevalidationResult) -> str:
    return f"scanner re-validation (run {result.run_id}): {result.headline()}"


def _finding_line(code: str, severity: str, title: str) -> str:
    return f"{severity.upper()} {code} {title}"


def _person_lines(a: PersonAlert, limit: int) -> list[str]:
    lines = [_finding_line(c, s, t) for c, s, t, _ in a.findings[:limit]]
    if len(a.findings) > limit:
        lines.append(f"… and {len(a.findings) - limit} more finding(s)")
    lines += [f"source gone: {kind} ({status})" for kind, status in a.gone]
    if a.failed:
        lines.append("could not be re-validated (see the report)")
    return lines


def _risk(a: PersonAlert) -> str:
    return f"risk {a.risk_score}/100 ({a.risk_level})" if a.risk_level else "risk unknown"


def json_payload(
    result: RevalidationResult,
    alerts: Sequence[PersonAlert],
    report_url: str | None,
    lim: AlertLimits,
) -> dict[str, Any]:
    from scanner import __version__

    shown = alerts[: lim.json_people]
    lines = [_headline(result)]
    for a in shown:
        lines += [f"• {a.id} ({_risk(a)}): {x}" for x in _person_lines(a, lim.findings_per_person)]
    if len(alerts) > len(shown):
        lines.append(f"… and {len(alerts) - len(shown)} more people (see the report)")
    if report_url:
        lines.append(f"Report: {report_url}")
    text = "\n".join(_plain(x) for x in lines)
    if len(text) > 3500:
        text = text[:3400].rsplit("\n", 1)[0] + "\n… (see the full report)"
    return {
        "text": text,
        "tool": {"name": "scanner", "version": __version__},
        "run": result.run_id,
        "generated_at": result.generated_at.replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z"),
        "checked": sum(1 for p in result.people if p.report is not None),
        "report_url": report_url,
        "people": [
            {
                "id": a.id,
                "risk": {"score": a.risk_score, "level": a.risk_level} if a.risk_level else None,
                "new_findings": [
                    {"code": c, "severity": s, "title": t, "fingerprint": fp}
                    for c, s, t, fp in a.findings
                ],
                "sources_gone": [{"kind": k, "status": st} for k, st in a.gone],
                "error": "could not be re-validated" if a.failed else None,
            }
            for a in shown
        ],
        "people_not_shown": len(alerts) - len(shown),
    }


def slack_payload(
    result: RevalidationResult,
    alerts: Sequence[PersonAlert],
    report_url: str | None,
    lim: AlertLimits,
) -> dict[str, Any]:
    """Slack Block Kit: header, summary, a section per person (as many as fit), link button."""
    header = _cut(_plain(f"scanner re-validation, run {result.run_id}"), lim.slack_header_chars)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header, "emoji": False}},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": _cut(escape_mrkdwn(result.headline()), lim.slack_section_chars),
            },
        },
    ]
    tail: list[dict[str, Any]] = []
    if report_url:
        tail.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open the report"},
                        "url": report_url,
                    }
                ],
            }
        )
    room = lim.slack_blocks - len(blocks) - len(tail) - 1  # one for "and N more"
    shown = alerts[: max(0, room)]
    for a in shown:
        body = "\n".join(f"• {escape_mrkdwn(x)}" for x in _person_lines(a, lim.findings_per_person))
        text = f"*{escape_mrkdwn(a.id)}*: {escape_mrkdwn(_risk(a))}\n{body}"
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _cut(text, lim.slack_section_chars)},
            }
        )
    if len(alerts) > len(shown):
        more = f"… and {len(alerts) - len(shown)} more people with news: see the report."
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    blocks += tail
    fallback = _cut(_plain(_headline(result)), lim.slack_text_chars)
    return {"text": escape_mrkdwn(fallback), "blocks": blocks}


def teams_payload(
    result: RevalidationResult,
    alerts: Sequence[PersonAlert],
    report_url: str | None,
    lim: AlertLimits,
) -> dict[str, Any]:
    """A Teams message with one Adaptive Card (what Teams Workflows' webhook trigger accepts)."""
    import json

    def card(people: Sequence[PersonAlert], more: int) -> dict[str, Any]:
        body: list[dict[str, Any]] = [
            _rich(_run(f"scanner re-validation, run {result.run_id}", bold=True)),
            _rich(_run(result.headline())),
        ]
        for a in people:
            body.append(_rich(_run(a.id, bold=True), _run(f": {_risk(a)}"), separator=True))
            body += [_rich(_run(f"• {x}")) for x in _person_lines(a, lim.findings_per_person)]
        if more:
            body.append(
                _rich(_run(f"… and {more} more people with news: see the report.", subtle=True))
            )
        content: dict[str, Any] = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": body,
        }
        if report_url:
            content["actions"] = [
                {"type": "Action.OpenUrl", "title": "Open the report", "url": report_url}
            ]
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": content,
                }
            ],
        }

    n = min(len(alerts), lim.teams_people)
    while True:
        payload = card(alerts[:n], len(alerts) - n)
        if n == 0 or len(json.dumps(payload).encode()) <= lim.teams_bytes:
            return payload
        n -= 1


def alert_payload(
    result: RevalidationResult,
    fmt: AlertFormat = AlertFormat.json,
    *,
    report_url: str | None = None,
    limits: AlertLimits | None = None,
) -> dict[str, Any]:
    """The body to POST for this run's news, in `fmt`."""
    lim = limits or AlertLimits()
    alerts = people_alerts(result.people)
    build = {
        AlertFormat.json: json_payload,
        AlertFormat.slack: slack_payload,
        AlertFormat.teams: teams_payload,
    }[AlertFormat(fmt)]
    return build(result, alerts, report_url, lim)
