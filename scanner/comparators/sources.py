"""SRC: whether each source given for the candidate could be read at all."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.model import SourceStatus
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check


@check(
    "SRC001",
    "Source could not be read",
    Category.SOURCE,
    Severity.MEDIUM,
    needs=("sources",),
)
def unreadable_source(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A source given for the candidate could not be read or parsed: a corrupt or encrypted file,
    an unsupported format, an image-only PDF with no text, a malformed spreadsheet row.

    Unable to verify is not clean: nothing in that source was checked, so the candidate's result
    is incomplete (`complete: false`, exit code 3) and the absence of other findings says
    nothing about it. A document a candidate sends that cannot be opened is also worth asking
    about in itself. One finding per unreadable source; its message is the reader's own error.
    Sources that were blocked rather than broken (login walls, rate limits) are SRC002. A source
    read only in part (a LinkedIn data export without `Positions.csv`) gives a `low` SRC001 for
    each missing part and also makes the result incomplete.

    Verify by hand: open the file named in the evidence with an ordinary viewer; ask the candidate
    for a readable copy (a text-based PDF or DOCX).
    """
    for i, src in enumerate(candidate.sources):
        prof = candidate.profiles[i] if i < len(candidate.profiles) else None
        for part in prof.unread_parts if prof is not None else ():
            # Read, but not whole: what was read is still checked; what was not is not clean.
            yield Hit(
                message=f"part of {src.uri} could not be read: {part}",
                evidence=(Evidence(i, "uri", src.uri, note=part),),
                confidence=1.0,
                severity=Severity.LOW,
            )
        if src.status is not SourceStatus.ERROR:
            continue
        error = " ".join((src.error or "").split()) or "the source could not be read"
        yield Hit(
            message=error,
            evidence=(Evidence(i, "uri", src.uri, note=f"{src.kind.value}, {src.format}"),),
            confidence=1.0,
        )
