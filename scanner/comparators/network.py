"""NW: identifiers shared between different applicants (the batch and the stored history).

The links are computed once for the whole batch by `scanner.batch.linkage` and handed to each
candidate as `candidate.lookup` (an object with `network_links`); these checks only read them,
so they are cheap and identical on every engine. A candidate without a lookup is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check

_KIND_LABEL = {
    "phone": "phone number",
    "email": "mailbox",
    "address": "postal address",
    "linkedin": "LinkedIn profile",
    "github": "GitHub account",
    "resume": "résumé text",
    "photo": "photo",
    "document": "document fingerprint",
    "reference": "reference contact",
}
_CONFIDENCE = {
    "phone": 0.9,
    "email": 0.95,
    "address": 0.85,
    "linkedin": 0.95,
    "github": 0.95,
    "photo": 0.9,
    "document": 0.75,
    "reference": 0.8,
}


def _links(candidate: Candidate, kinds: Iterable[str]) -> list[Any]:
    links = getattr(candidate.lookup, "network_links", None) or ()
    wanted = set(kinds)
    return [x for x in links if getattr(x, "kind", None) in wanted]


def _who(peer: Any) -> str:
    name = f" ({peer.name})" if peer.name else ""
    if peer.stored:
        return f"{peer.id}{name}, stored scan {peer.stored}"
    row = f", row {peer.row}" if peer.row else ""
    return f"{peer.id}{name}{row}"


def _evidence(link: Any) -> tuple[Evidence, ...]:
    own_note = f"canonical {link.value}" if link.value != link.raw else ""
    ev = [Evidence(link.source, link.field, link.raw, own_note)]
    for peer in link.peers:
        ev.append(Evidence(None, f"{peer.id}.{peer.field}", peer.raw, _who(peer)))
    return tuple(ev)


def _peers_text(link: Any) -> str:
    shown = ", ".join(_who(p) for p in link.peers[:5])
    more = link.total - min(5, len(link.peers))
    return shown + (f" and {more} more" if more > 0 else "")


def _facts(link: Any) -> tuple[str, ...]:
    """What a link compares: the shared value and who else holds it (not how each wrote it)."""
    return (link.kind, link.value, link.relation, *sorted({p.id for p in link.peers}))


def _shared(candidate: Candidate, kinds: Iterable[str]) -> Iterator[Hit]:
    """The common shape: ring → default severity with the cluster; duplicate/household → info."""
    for link in _links(candidate, kinds):
        label = _KIND_LABEL.get(link.kind, link.kind)
        conf = _CONFIDENCE.get(link.kind, 0.85)
        if link.relation == "duplicate":
            yield Hit(
                f"Same {label} as {_peers_text(link)} under the same name: a duplicate "
                "application by one person, not a ring.",
                _evidence(link),
                confidence=conf,
                severity=Severity.INFO,
                facts=_facts(link),
            )
        elif link.relation == "household":
            yield Hit(
                f"Same {label} as {_peers_text(link)}, who share the surname: one household, "
                "not a laptop farm by that alone.",
                _evidence(link),
                confidence=conf,
                severity=Severity.INFO,
                facts=_facts(link),
            )
        elif link.relation == "ring":
            where = f" (cluster {link.cluster})" if link.cluster else ""
            people = "another applicant" if link.total == 1 else f"{link.total} other applicants"
            if link.kind in ("resume", "photo"):  # the value says what is shared, and how
                said = f"{link.value[:1].upper()}{link.value[1:]} is shared with {people}"
            else:
                said = f"The {label} {link.value} is also given by {people}"
            yield Hit(
                f"{said}: {_peers_text(link)}{where}.",
                _evidence(link),
                confidence=conf,
                cluster=link.cluster,
                facts=_facts(link),
            )


@check(
    "NW001",
    "Phone number shared with other applicants",
    Category.NETWORK,
    Severity.HIGH,
    needs=["lookup"],
)
def shared_phone(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """The same phone number (compared as E.164, however it was written) is given by different people.

    One handler running several personas reuses the phone they can answer. Placeholders
    (`000-000-0000`, `n/a`) and hubs (one number given by more than `hub_size` applicants, such as
    an agency's switchboard) are reported once in the report notes and never linked. The same
    person applying twice (same name) is an info finding, not a ring. Verify: call or look up the
    number, and compare the applicants' names and histories side by side.
    """
    yield from _shared(candidate, ["phone"])


@check(
    "NW002",
    "Mailbox shared with other applicants",
    Category.NETWORK,
    Severity.HIGH,
    needs=["lookup"],
)
def shared_email(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """The same mailbox is given by different people, also behind provider aliases.

    Addresses are compared lower-cased with `+tags` removed, and for Gmail with dots removed and
    googlemail.com folded, so `dana.w+jobs@gmail.com` and `danaw@googlemail.com` are one mailbox.
    Verify: the mailbox owner receives both applicants' mail; ask each to confirm by a message.
    """
    yield from _shared(candidate, ["email"])


@check(
    "NW003",
    "Postal address shared with other applicants",
    Category.NETWORK,
    Severity.HIGH,
    needs=["lookup"],
)
def shared_address(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """The same home or equipment-shipping address is given by different people (laptop farm).

    Addresses are normalised (USPS abbreviations, unit designators, case, punctuation, ZIP+4)
    before comparison. People at one household (the same address and the same surname) are
    reported as info only; a shipping address shared with other hires is the laptop-farm pattern.
    Verify: look the address up; many hires' equipment going to one residence needs an answer.
    """
    yield from _shared(candidate, ["address"])


@check(
    "NW004",
    "Profile or code-host account claimed by other applicants",
    Category.NETWORK,
    Severity.HIGH,
    needs=["lookup"],
)
def shared_profile(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """The same LinkedIn profile (vanity slug) or GitHub account is claimed by different people.

    A real engineer's profile presented by several applicants means at most one of them is its
    owner. Slugs are compared percent-decoded and case-folded, handles case-folded. Verify: open
    the profile and compare its name, photo and history with each applicant.
    """
    yield from _shared(candidate, ["linkedin", "github"])


@check(
    "NW005",
    "Near-duplicate résumé under another name",
    Category.NETWORK,
    Severity.HIGH,
    needs=["lookup"],
    params={"similarity": 0.45},  # estimated Jaccard of per-line 4-word shingles
)
def near_duplicate_resume(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """The résumé text nearly matches another applicant's résumé under a different name.

    Texts are compared by a 128-value MinHash over 4-word shingles taken within each line, after
    names, emails, phones, URLs, numbers, dates and stop words are removed: the same résumé with
    the name, contacts and dates changed, bullets reordered and a few words reworded still
    matches, while two résumés that merely share a template or a skills list do not (default
    threshold: estimated Jaccard similarity 0.45; copies measured at 0.58 and above, unrelated
    résumés of one benchmark below 0.3).

    Verify: put the two résumés side by side; identical sentences under two names.
    """
    yield from _shared(candidate, ["resume"])


@check(
    "NW006",
    "Same photo under another name",
    Category.NETWORK,
    Severity.HIGH,
    needs=["lookup"],
    params={"max_distance": 4},  # differing bits of two 64-bit difference hashes
)
def shared_photo(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """The same photo (by perceptual hash) appears for different people.

    Photos are compared by a 64-bit difference hash that survives resizing and recompression
    (default: at most 4 differing bits); photo hashes from profiles are compared exactly.
    Verify: open both photos side by side.
    """
    yield from _shared(candidate, ["photo"])


@check(
    "NW007",
    "Same document fingerprint as another applicant",
    Category.NETWORK,
    Severity.MEDIUM,
    needs=["lookup"],
)
def shared_document(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """A résumé file of this applicant is byte-identical to, or has the same fingerprint as, another's.

    The fingerprint is the document's author, creating tool, producer and creation time to the
    second, so it marks one authoring session; a shared producer alone (every LinkedIn export
    has the same one) is not a fingerprint. Verify: compare the files' properties.
    """
    yield from _shared(candidate, ["document"])


@check(
    "NW008",
    "Reference tied to other applicants",
    Category.NETWORK,
    Severity.MEDIUM,
    needs=["lookup"],
    params={"shared_reference_min": 3},  # one reference serving this many people
)
def reference_links(candidate: Candidate, ctx: CheckContext) -> Iterable[Hit]:
    """A reference's phone or email is another applicant's own, or one reference serves many.

    Rings vouch for each other: a referee who is themselves an applicant, or one referee given
    by three or more unrelated applicants (configurable), deserves a call to that referee.
    Verify: contact the referee through a channel you find yourself, not the one given.
    """
    for link in _links(candidate, ["reference"]):
        where = f" (cluster {link.cluster})" if link.cluster else ""
        peer = _peers_text(link)
        if link.relation == "reference_of":
            msg = f"The reference {link.raw!r} has the contact {link.value}, which is the applicant {peer}'s own{where}."
        elif link.relation == "referenced_by":
            msg = f"This applicant's own {link.field} {link.raw} is given as a reference by {peer}{where}."
        elif link.relation == "shared_reference":
            msg = f"The reference contact {link.value} is also given by {link.total} other applicants: {peer}{where}."
        else:
            continue
        yield Hit(
            msg,
            _evidence(link),
            confidence=_CONFIDENCE["reference"],
            cluster=link.cluster,
            facts=_facts(link),
        )
