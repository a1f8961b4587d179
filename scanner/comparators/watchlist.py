"""NW009: an identifier of the candidate is on the team's watchlist of confirmed cases.

The watchlist (`scanner watch add`) lives in the history store and reaches the check as
`candidate.watchlist`; identifiers are keyed as linkage keys them (`scanner.identifiers`), so a
phone written another way or a mailbox behind a provider alias still matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from extractors.model import SourceKind
from scanner.identifiers import IdentifierKind, candidate_identifiers, join_keys
from scanner.model import Candidate, Category, Evidence, Severity, WatchEntry
from scanner.registry import CheckContext, Hit, check

_LABEL = {
    "phone": "phone number",
    "email": "mailbox",
    "address": "street address",
    "linkedin": "LinkedIn profile",
    "github": "GitHub account",
    "document": "document",
}


def _keyed(candidate: Candidate, region: str) -> Iterator[tuple[str, str, str, int | None]]:
    """(link kind, key, value as given, source) of every identifier the watchlist can match."""
    for ident in candidate_identifiers(candidate.sources, candidate.profiles):
        if ident.kind is IdentifierKind.REFERENCE:
            continue  # a referee's number is not the candidate's own
        for kind, key in join_keys(ident, region):
            yield kind.value, key, ident.value, ident.source
    for i, src in enumerate(candidate.sources):  # document files, even when not read
        is_document = src.kind not in (SourceKind.APPLICATION, SourceKind.ARCHIVE)
        if is_document and src.sha256 and src.collector != "spreadsheet":
            yield "document", f"sha256:{src.sha256.lower()}", src.uri, i


def _when(entry: WatchEntry) -> str:
    return f" on {entry.added_at.date().isoformat()}" if entry.added_at else ""


@check(
    "NW009",
    "Identifier on the watchlist of confirmed cases",
    Category.NETWORK,
    Severity.HIGH,
    needs=["watchlist"],
)
def on_watchlist(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """A phone number, mailbox, street address, LinkedIn or GitHub account, or document of this
    candidate is on the team's watchlist: an identifier from a case the team confirmed earlier
    (`scanner watch add phone "+1 312 555 0142" --reason "confirmed ring, case 12"`).

    Values are compared as linkage compares them: phones as E.164 however they are written,
    mailboxes with provider aliases folded, addresses at street level (a city never matches),
    profiles by slug or handle, documents by their SHA-256 or authoring fingerprint. A referee's
    contact is not the candidate's own and is not matched. The finding names the entry, who put
    it there and why. Verify: open the case the reason names and compare it with this candidate.
    """
    region = str(ctx.params("NW")["default_region"]).upper()
    assert candidate.watchlist is not None
    hits: dict[tuple[str, str], tuple[list[WatchEntry], list[Evidence]]] = {}
    for kind, key, raw, source in _keyed(candidate, region):
        entries = candidate.watchlist.matches(kind, key)
        if not entries:
            continue
        _, evidence = hits.setdefault((kind, key), (list(entries), []))
        if all(e.value != raw or e.source != source for e in evidence):
            evidence.append(Evidence(source, kind, raw))
    for (kind, key), (entries, evidence) in hits.items():
        label = _LABEL.get(kind, kind)
        first = entries[0]
        who = f" by {first.added_by}" if first.added_by else ""
        message = (
            f"The {label} {evidence[0].value} is on the watchlist (entry {first.value!r}, "
            f"added{who}{_when(first)}): {first.reason}"
        )
        if len(entries) > 1:
            message += f" (and {len(entries) - 1} more entr{'y' if len(entries) == 2 else 'ies'})"
        evidence += [
            Evidence(None, f"watchlist.{e.kind}", e.value, note=f"{e.reason}{_when(e)}")
            for e in entries
        ]
        yield Hit(message + ".", evidence, confidence=0.95, facts=(kind, key))
