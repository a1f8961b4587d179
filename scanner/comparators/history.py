"""HJ001, HJ002, HJ003, HJ007: an account changed since an earlier snapshot of it.

The earlier snapshots are `candidate.history` (the person's stored scans, newest first, see
`scanner.store.StoredScan`). Each current LinkedIn, GitHub or personal-site source is paired
with the same account in every earlier scan (same slug, handle or URL), and compared with the
*first* snapshot (the baseline) and then the previous one, so that a change keeps the same
evidence from one re-validation to the next and is alerted once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extractors.model import Profile, SourceDocument, SourceFamily
from extractors.normalise.names import name_relation
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check
from scanner.snapshots import (
    ACCOUNT_FAMILIES,
    ProfileDiff,
    StoredScan,
    StoredSource,
    diff_profiles,
    pair_sources,
    source_family,
)

__all__ = ["AccountSnapshots", "account_snapshots"]

_FAMILY_LABEL = {
    SourceFamily.LINKEDIN: "LinkedIn",
    SourceFamily.GITHUB: "GitHub",
    SourceFamily.SITE: "personal site",
    SourceFamily.RESUME: "résumé",
}
# Sources whose history a rewrite is reported for (HJ003): the accounts, and the résumé, which
# is the candidate's own account of the same past.
REWRITE_FAMILIES = ACCOUNT_FAMILIES | {SourceFamily.RESUME}


@dataclass(frozen=True)
class AccountSnapshots:
    """One current account source and the earlier snapshots of the same account, oldest first."""

    index: int
    source: SourceDocument
    profile: Profile
    earlier: tuple[tuple[StoredScan, StoredSource, Profile], ...]

    @property
    def label(self) -> str:
        return _FAMILY_LABEL.get(
            source_family(self.source.kind, self.source.uri), self.source.kind.value
        )

    @property
    def what(self) -> str:
        """ "The LinkedIn profile", "The résumé": how messages name the source."""
        noun = "" if self.source.kind.family is SourceFamily.RESUME else " profile"
        return f"The {self.label}{noun}"

    def comparisons(self) -> list[tuple[StoredScan, StoredSource, Profile]]:
        """The baseline (first snapshot), then the previous one when it is another snapshot."""
        if not self.earlier:
            return []
        first, last = self.earlier[0], self.earlier[-1]
        return [first] if first[0] is last[0] else [first, last]


def _account_uri(src: StoredSource) -> str:
    """The account an archived capture is of (`meta["snapshot_of"]`), else the source's URI."""
    return str(src.meta.get("snapshot_of") or src.uri)


def account_snapshots(
    candidate: Candidate, families: frozenset[SourceFamily] = ACCOUNT_FAMILIES
) -> list[AccountSnapshots]:
    """Pair each current account source (or other source of `families`) with the same one in
    every stored scan."""
    current = [(i, s.kind, s.uri, p) for i, s, p in candidate.indexed_profiles()]
    found: dict[int, list[tuple[StoredScan, StoredSource, Profile]]] = {}
    # Oldest first, whatever order stored scans and archive snapshots were put together in.
    for scan in sorted(candidate.history, key=lambda h: h.scanned_at):
        earlier = [(s.index, s.kind, _account_uri(s), p) for s, p in scan.read_profiles()]
        by_index = {s.index: (s, p) for s, p in scan.read_profiles()}
        for i, j in pair_sources(current, earlier, families=families):
            then, then_prof = by_index[j]
            found.setdefault(i, []).append((scan, then, then_prof))
    return [
        AccountSnapshots(i, src, prof, tuple(found[i]))
        for i, src, prof in candidate.indexed_profiles()
        if i in found
    ]


def _then(scan: StoredScan, src: StoredSource, what: str, value: str) -> Evidence:
    return Evidence(
        source=None, field=f"{scan.label}: {what}", value=value, note=f"{src.kind.value} {src.uri}"
    )


def _diffs(
    acc: AccountSnapshots, candidate: Candidate, same_org: Callable[[str, str], bool]
) -> Iterator[tuple[StoredScan, StoredSource, Profile, ProfileDiff]]:
    """The account now against its baseline, then against its previous snapshot."""
    for scan, src, prof in acc.comparisons():
        yield (
            scan,
            src,
            prof,
            diff_profiles(prof, acc.profile, as_of=candidate.as_of, same_org=same_org),
        )


@check(
    "HJ001",
    "Profile name changed since an earlier snapshot",
    Category.HIJACK,
    Severity.HIGH,
    needs=("history",),
)
def name_changed(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The name on a LinkedIn, GitHub or personal-site profile differs from the name the same
    account showed in an earlier stored scan (or archived snapshot). A renamed account is the
    clearest sign that it changed hands: bought, rented or taken over after a dormant period.

    Nicknames, initials, diacritics, name order and an added middle or second surname are not a
    change. A changed surname with the same given name (a married name) is reported as `low`.
    Verify by hand: open the profile and the earlier snapshot named in the evidence and compare
    the names, then ask the person.
    """
    for acc in account_snapshots(candidate):
        now = acc.profile.name.strip()
        if not now:
            continue
        seen: set[str] = set()
        before: list[tuple[StoredScan, StoredSource, str, str]] = []
        for scan, src, prof in acc.earlier:
            old = prof.name.strip()
            rel = name_relation(old, now) if old else "same"
            if rel != "same" and old.lower() not in seen:
                seen.add(old.lower())
                before.append((scan, src, old, rel))
        if not before:
            continue
        variant_only = all(rel == "variant" for *_, rel in before)
        scan0, _, old0, _ = before[0]
        message = f"The {acc.label} profile's name is now {now!r}; {scan0.label} showed {old0!r}"
        if len(before) > 1:
            message += f" (and {len(before) - 1} other earlier name(s))"
        if variant_only:
            message += "; same given name, other surname (perhaps a married name)"
        yield Hit(
            message=message + ".",
            evidence=[
                Evidence(acc.index, "name", now),
                *(_then(s, src, "name", old) for s, src, old, _ in before),
            ],
            confidence=0.6 if variant_only else 0.9,
            severity=Severity.LOW if variant_only else None,
        )


@check(
    "HJ002",
    "Profile photo, location or headline changed with other changes",
    Category.HIJACK,
    Severity.MEDIUM,
    needs=("history",),
)
def appearance_changed(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The photo, location or headline of a LinkedIn, GitHub or personal-site profile changed
    since an earlier stored snapshot of the same account, *together with* another change (name,
    contacts, history, or another of the three). A new headline alone is ordinary (a new job); a
    new face and a new city on the same account is how a takeover looks.

    Compared with the first snapshot, then the previous one. A location is the same when its
    first part (the city) matches; a headline when its words mostly match. Verify by hand:
    compare the profile with the earlier snapshot named in the evidence.
    """
    for acc in account_snapshots(candidate):
        for scan, src, old, d in _diffs(acc, candidate, ctx.same_org):
            aspects = d.changed_aspects()
            visible = [a for a in aspects if a in ("photo", "location", "headline")]
            if not visible or len(aspects) < 2:
                continue
            evidence: list[Evidence] = []
            if d.photo:
                evidence += [
                    Evidence(acc.index, "photo", ", ".join(acc.profile.photo_hashes)),
                    _then(scan, src, "photo", ", ".join(old.photo_hashes)),
                ]
            if d.location:
                evidence += [
                    Evidence(acc.index, "location", d.location[1]),
                    _then(scan, src, "location", d.location[0]),
                ]
            if d.headline:
                evidence += [
                    Evidence(acc.index, "headline", d.headline[1]),
                    _then(scan, src, "headline", d.headline[0]),
                ]
            others = [a for a in aspects if a not in visible]
            message = (
                f"The {acc.label} profile's {' and '.join(visible)} changed since {scan.label}"
            )
            if others:
                message += f", together with its {' and '.join(others)}"
            yield Hit(
                message=message + ".",
                evidence=evidence,
                confidence=min(0.95, 0.5 + 0.15 * len(aspects)),
            )
            break


@check(
    "HJ003",
    "Profile history rewritten since an earlier snapshot",
    Category.HIJACK,
    Severity.HIGH,
    needs=("history",),
)
def history_rewritten(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Employment or education entries of a LinkedIn, GitHub or personal-site profile, or of the
    résumé, were replaced, not added, since an earlier stored snapshot of the same source: a
    past job swapped for another over the same months, a school replaced, a title changed in
    kind ("Sales Associate" → "Staff Engineer") or dates moved by more than a year. An account
    whose past changes is being repurposed for someone else's story; a résumé whose past
    changes between two scans of one person tells two different stories.

    New positions added on top of the old history, an ongoing role that ended, re-worded titles
    and dates moved within their precision are ordinary edits and are not reported. Verify by
    hand: put the earlier snapshot named in the evidence beside the profile now.
    """
    for acc in account_snapshots(candidate, REWRITE_FAMILIES):
        for scan, src, _old, d in _diffs(acc, candidate, ctx.same_org):
            if not (d.positions.is_rewrite or d.studies.is_rewrite):
                continue
            evidence: list[Evidence] = []
            parts: list[str] = []
            for what, tl in (("experience", d.positions), ("education", d.studies)):
                for before, after in tl.replaced:
                    evidence += [Evidence(acc.index, what, after), _then(scan, src, what, before)]
                for before, after, change in tl.rewritten:
                    evidence += [
                        Evidence(acc.index, what, after, note=change),
                        _then(scan, src, what, before),
                    ]
                n = len(tl.replaced) + tl.major_rewrites
                if n:
                    parts.append(
                        f"{n} {'position' if what == 'experience' else 'study'} entr{'y' if n == 1 else 'ies'}"
                    )
            yield Hit(
                message=f"{acc.what}'s history was rewritten since {scan.label}: "
                f"{' and '.join(parts)} replaced or changed in kind.",
                evidence=evidence,
                confidence=0.85,
            )
            break


@check(
    "HJ007",
    "Profile contact details changed since an earlier snapshot",
    Category.HIJACK,
    Severity.MEDIUM,
    needs=("history",),
)
def contacts_changed(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The email addresses, phone numbers or links published on a LinkedIn, GitHub or
    personal-site profile changed since an earlier stored snapshot of the same account: the
    account's owner is now reached somewhere else. A contact replaced (one removed, another
    added) is `medium`; a new email or phone added beside the old ones is `low`; removing a
    contact alone is not reported.

    Phones are compared by their last ten digits, emails case-insensitively, links without
    scheme and `www.`. Verify by hand: compare the contact section with the earlier snapshot.
    """
    for acc in account_snapshots(candidate):
        for scan, src, _old, d in _diffs(acc, candidate, ctx.same_org):
            c = d.contacts
            replaced = sorted(c.replaced_kinds)
            added = [(k, v) for k, v in c.added if k in ("email", "phone")]
            if not replaced and not added:
                continue
            evidence = [Evidence(acc.index, kind, value, note="added") for kind, value in c.added]
            evidence += [_then(scan, src, kind, value) for kind, value in c.removed]
            if replaced:
                message = f"The {acc.label} profile's {' and '.join(replaced)} changed since {scan.label}."
                yield Hit(message=message, evidence=evidence, confidence=0.8)
            else:
                kinds = sorted({k for k, _ in added})
                message = (
                    f"The {acc.label} profile lists a new {' and '.join(kinds)} since {scan.label}."
                )
                yield Hit(message=message, evidence=evidence, confidence=0.6, severity=Severity.LOW)
            break
