"""SRC002: a live source that was not read because something stood in the way."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.model import SourceStatus
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check


@check("SRC002", "Live source blocked", Category.SOURCE, Severity.INFO, needs=("sources",))
def source_blocked(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A live source (a LinkedIn page, GitHub account, personal site or web-archive snapshot)
    was not read: a login wall, CAPTCHA or rate-limit page was shown, the site answered with an
    HTTP error, robots.txt disallows the page, the address was refused (a private network
    address), the fetch timed out, or `--offline` was given. One finding per blocked source,
    with the reason.

    This is context, not a signal against the candidate: the report is incomplete and nothing
    was learnt from that source, so its absence of findings must not be read as clean. Verify
    by hand: open the URL in the evidence in your own browser (logged in if needed), or save the
    page and give the scanner the saved file.
    """
    for i, src in enumerate(candidate.sources):
        if src.status is not SourceStatus.BLOCKED:
            continue
        reason = src.error or "no reason given"
        what = src.kind.value.replace("_", " ")
        evidence = [Evidence(i, "status", "blocked", note=reason)]
        shot = src.meta.get("screenshot_path")
        if shot:
            evidence.append(
                Evidence(
                    i, "screenshot", str(shot), note=str(src.meta.get("screenshot_sha256", ""))
                )
            )
        yield Hit(
            message=f"The {what} source {src.uri} was not read: {reason}.",
            evidence=evidence,
            confidence=1.0,
        )
