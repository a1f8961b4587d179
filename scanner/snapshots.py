"""What changed between two snapshots of one profile (`scanner.model.StoredScan` holds them).

`diff_profiles` says what changed between two snapshots of one profile: name, photo, location,
headline, contacts, and positions and studies added, removed, rewritten or replaced. Used by
`scanner history` and by the HJ checks. Tolerances are the normalisation package's: nicknames,
initials, order and diacritics are one name; a mailbox written another way is one mailbox; a
re-worded title or a date moved within its precision is not a rewrite; a job added on top of an
old history is an addition, not a rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from extractors.model import (
    DateRange,
    PartialDate,
    Position,
    Profile,
    SourceFamily,
    SourceKind,
    Study,
)
from extractors.normalise.addresses import same_city
from extractors.normalise.contacts import (
    canonical_url,
    github_key,
    linkedin_key,
    mailbox,
    phone_number_key,
)
from extractors.normalise.degrees import same_degree, same_field
from extractors.normalise.names import NameRelation, name_relation
from extractors.normalise.orgs import same_org, same_school
from extractors.normalise.titles import same_kind_of_work, title_similarity
from scanner.model import Candidate, StoredScan, StoredSource

__all__ = [
    "ACCOUNT_FAMILIES",
    "ContactDiff",
    "ProfileDiff",
    "StoredScan",
    "StoredSource",
    "TimelineDiff",
    "account_key",
    "archive_snapshots",
    "diff_profiles",
    "entry_label",
    "pair_sources",
    "source_family",
]

SameOrg = Callable[[str, str], bool]


# -- what changed between two snapshots of one profile ------------------------------------
# Sources that are accounts someone could take over (the HJ checks look at these).
ACCOUNT_FAMILIES = frozenset({SourceFamily.LINKEDIN, SourceFamily.GITHUB, SourceFamily.SITE})

_ARCHIVED = re.compile(r"/web/\d{4,14}[a-z_]*/(.+)$", re.I)


def _archived_url(uri: str) -> str | None:
    m = _ARCHIVED.search(uri)
    return m.group(1) if m else None


def source_family(kind: SourceKind, uri: str = "") -> SourceFamily:
    """Which account or document a source is a form of; an archived capture is of the page its
    URL names (LinkedIn, GitHub, else a personal site)."""
    if not kind.is_snapshot:
        return kind.family
    inner = (_archived_url(uri) or uri).lower()
    if "linkedin.com/" in inner:
        return SourceFamily.LINKEDIN
    if "github.com/" in inner:
        return SourceFamily.GITHUB
    return SourceFamily.SITE


def account_key(kind: SourceKind, uri: str, profile: Profile | None) -> tuple[SourceFamily, str]:
    """(family, key): the LinkedIn slug, GitHub handle or site URL when known, else ""."""
    family = source_family(kind, uri)
    target = (_archived_url(uri) or uri) if kind.is_snapshot else uri
    if family is SourceFamily.LINKEDIN:
        slug = linkedin_key(target) if "linkedin.com/" in target.lower() else None
        if not slug and profile and profile.linkedin_slugs:
            slug = linkedin_key(profile.linkedin_slugs[0])
        return family, slug or ""
    if family is SourceFamily.GITHUB:
        handle = github_key(target) if "github.com/" in target.lower() else None
        if not handle and profile and profile.github_handles:
            handle = github_key(profile.github_handles[0])
        return family, handle or ""
    if family is SourceFamily.SITE and "://" in target:
        return family, canonical_url(target)
    return family, ""


def pair_sources(
    current: Sequence[tuple[int, SourceKind, str, Profile | None]],
    earlier: Sequence[tuple[int, SourceKind, str, Profile | None]],
    *,
    families: Iterable[SourceFamily] | None = None,
) -> list[tuple[int, int]]:
    """Match each current source with the earlier source of the same account: (current, earlier) indexes.

    Same account key wins; otherwise the same URI; otherwise the only source of that family on
    both sides. Different known keys (two different LinkedIn slugs) are never paired.
    """
    allowed = set(families) if families is not None else None
    # An archive snapshot among the current sources is an earlier snapshot, not the profile now.
    keyed_now = [(i, account_key(k, u, p), u) for i, k, u, p in current if not k.is_snapshot]
    keyed_then = [(i, account_key(k, u, p), u) for i, k, u, p in earlier]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for i, (fam, key), uri in keyed_now:
        if allowed is not None and fam not in allowed:
            continue
        same_family = [(j, k, u) for j, (f, k), u in keyed_then if f == fam and j not in used]
        choice = next((j for j, k, _ in same_family if key and k == key), None)
        if choice is None:
            choice = next((j for j, _, u in same_family if u == uri), None)
        if choice is None:
            loose = [j for j, k, _ in same_family if not (key and k and k != key)]
            now_count = sum(1 for _, (f, _k), _u in keyed_now if f == fam)
            if len(loose) == 1 and now_count == 1:
                choice = loose[0]
        if choice is not None:
            used.add(choice)
            pairs.append((i, choice))
    return pairs


# -- locations, headlines, photos, contacts -------------------------------------------------
def _photo_same(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    if a == b:
        return True
    if len(a) == len(b) and re.fullmatch(r"[0-9a-f]+", a) and re.fullmatch(r"[0-9a-f]+", b):
        # Perceptual hashes of one picture differ in a few bits (≤ 10 of 64) after re-encoding.
        return bin(int(a, 16) ^ int(b, 16)).count("1") <= len(a) * 4 // 6
    return False


def _contact_key(kind: str, value: str) -> str:
    """Contacts compared as what they reach: a mailbox, a number, a canonical URL."""
    if kind == "phone":
        return phone_number_key(value)
    if kind == "url":
        return canonical_url(value)
    return mailbox(value)


@dataclass(frozen=True)
class ContactDiff:
    """Contact values added and removed, per kind (email, phone, url), as written."""

    added: tuple[tuple[str, str], ...] = ()
    removed: tuple[tuple[str, str], ...] = ()

    @property
    def replaced_kinds(self) -> set[str]:
        """Kinds where a value was removed and another added: the contact was replaced."""
        return {k for k, _ in self.added} & {k for k, _ in self.removed}

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def diff_contacts(old: Profile, new: Profile) -> ContactDiff:
    added: list[tuple[str, str]] = []
    removed: list[tuple[str, str]] = []
    for kind, attr in (("email", "emails"), ("phone", "phones"), ("url", "urls")):
        before = {_contact_key(kind, v): v for v in getattr(old, attr) if v.strip()}
        after = {_contact_key(kind, v): v for v in getattr(new, attr) if v.strip()}
        added += [(kind, after[k]) for k in after if k not in before]
        removed += [(kind, before[k]) for k in before if k not in after]
    return ContactDiff(tuple(added), tuple(removed))


# -- timelines ------------------------------------------------------------------------------
def entry_label(entry: Position | Study) -> str:
    """ "Acme Corp · Staff Engineer · 2019-03 – present" (for evidence and history output)."""
    if isinstance(entry, Position):
        parts = [entry.org, entry.title]
    else:
        parts = [entry.school, " ".join(x for x in (entry.degree, entry.field) if x)]
    if entry.range is not None:
        parts.append(str(entry.range))
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class TimelineDiff:
    """Entries added, removed, rewritten (same entry, different content) and replaced (an entry
    removed and another added over the same period)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    rewritten: tuple[tuple[str, str, str], ...] = ()  # (before, after, what changed)
    replaced: tuple[tuple[str, str], ...] = ()  # (before, after)
    major_rewrites: int = (
        0  # rewrites that change what the entry is (title in kind, dates by a year+)
    )

    @property
    def is_rewrite(self) -> bool:
        """History rewritten rather than extended: entries replaced, or changed in kind."""
        return bool(self.replaced) or self.major_rewrites > 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.rewritten or self.replaced)


def _tolerance(a: PartialDate | None, b: PartialDate | None) -> int:
    """Months two dates may differ by before it is a change: 3, or 12 when either is a year only."""
    if a is None or b is None:
        return 0
    return 3 if min(a.precision, b.precision) >= 2 else 12


def _shift(a: PartialDate | None, b: PartialDate | None) -> int:
    if a is None or b is None:
        return 0
    return abs(a.first_month - b.first_month)


def _overlap(a: DateRange | None, b: DateRange | None, as_of: date) -> int:
    if a is None or b is None:
        return 0
    ba, bb = a.bounds(as_of), b.bounds(as_of)
    if ba is None or bb is None:
        return 0
    return max(0, min(ba[1], bb[1]) - max(ba[0], bb[0]) + 1)


def _same_entity(a: Position | Study, b: Position | Study, same_org: SameOrg) -> bool:
    if isinstance(a, Position) and isinstance(b, Position):
        return same_org(a.org, b.org)
    if isinstance(a, Study) and isinstance(b, Study):
        return same_school(a.school, b.school)
    return False


def _match(
    old: Sequence[Position | Study], new: Sequence[Position | Study], same_org: SameOrg
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    scored = []
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            if _same_entity(o, n, same_org):
                start_o = o.range.start if o.range else None
                start_n = n.range.start if n.range else None
                scored.append((_shift(start_o, start_n), i, j))
    pairs, used_o, used_n = [], set(), set()
    for _, i, j in sorted(scored):
        if i not in used_o and j not in used_n:
            pairs.append((i, j))
            used_o.add(i)
            used_n.add(j)
    return (
        pairs,
        [i for i in range(len(old)) if i not in used_o],
        [j for j in range(len(new)) if j not in used_n],
    )


def _changes(o: Position | Study, n: Position | Study) -> tuple[list[str], bool]:
    """What differs inside a matched entry, and whether it changes what the entry is."""
    out: list[str] = []
    major = False
    if isinstance(o, Position) and isinstance(n, Position):
        if o.title and n.title and title_similarity(o.title, n.title) < 0.7:
            out.append(f"title {o.title!r} → {n.title!r}")
            major = major or same_kind_of_work(o.title, n.title) is False
            major = major or title_similarity(o.title, n.title) < 0.5
    elif isinstance(o, Study) and isinstance(n, Study):
        if o.degree and n.degree and same_degree(o.degree, n.degree) is False:
            out.append(f"degree {o.degree!r} → {n.degree!r}")
            major = True
        if o.field and n.field and not same_field(o.field, n.field):
            out.append(f"field {o.field!r} → {n.field!r}")
            major = True
    ro, rn = o.range, n.range
    if ro is not None and rn is not None:
        if _shift(ro.start, rn.start) > _tolerance(ro.start, rn.start):
            out.append(f"start {ro.start} → {rn.start}")
            major = major or _shift(ro.start, rn.start) > 12
        if (
            ro.end is not None
            and rn.end is not None
            and _shift(ro.end, rn.end) > _tolerance(ro.end, rn.end)
        ):
            out.append(f"end {ro.end} → {rn.end}")
            major = major or _shift(ro.end, rn.end) > 12
        elif ro.end is not None and rn.end is None and rn.current:
            out.append(f"end {ro.end} → present")
    return out, major


def diff_timeline(
    old: Sequence[Position | Study],
    new: Sequence[Position | Study],
    *,
    as_of: date,
    min_overlap: int = 6,
    same_org: SameOrg = same_org,
) -> TimelineDiff:
    """Compare two lists of positions (or of studies) from two snapshots of one profile."""
    pairs, removed, added = _match(old, new, same_org)
    rewritten = []
    major = 0
    for i, j in pairs:
        what, is_major = _changes(old[i], new[j])
        if what:
            rewritten.append((entry_label(old[i]), entry_label(new[j]), "; ".join(what)))
            major += is_major
    replaced = []
    for i in list(removed):
        best = max(added, key=lambda j: _overlap(old[i].range, new[j].range, as_of), default=None)
        if best is not None and _overlap(old[i].range, new[best].range, as_of) >= min_overlap:
            replaced.append((entry_label(old[i]), entry_label(new[best])))
            removed.remove(i)
            added.remove(best)
    return TimelineDiff(
        added=tuple(entry_label(new[j]) for j in added),
        removed=tuple(entry_label(old[i]) for i in removed),
        rewritten=tuple(rewritten),
        replaced=tuple(replaced),
        major_rewrites=major,
    )


# -- whole profiles -------------------------------------------------------------------------
@dataclass(frozen=True)
class ProfileDiff:
    """Everything that changed between an earlier and a later snapshot of one profile."""

    name: tuple[str, str, NameRelation] | None = None  # (before, after, relation) when not the same
    photo: bool = False
    location: tuple[str, str] | None = None
    headline: tuple[str, str] | None = None
    contacts: ContactDiff = field(default_factory=ContactDiff)
    positions: TimelineDiff = field(default_factory=TimelineDiff)
    studies: TimelineDiff = field(default_factory=TimelineDiff)

    def changed_aspects(self) -> list[str]:
        """Aspects that changed (not merely filled in): name, photo, location, headline, contacts, history."""
        out = []
        if self.name:
            out.append("name")
        if self.photo:
            out.append("photo")
        if self.location:
            out.append("location")
        if self.headline:
            out.append("headline")
        if self.contacts.replaced_kinds or self.contacts.added:
            out.append("contacts")
        if self.positions.is_rewrite or self.studies.is_rewrite:
            out.append("history")
        return out

    def __bool__(self) -> bool:
        return bool(
            self.name
            or self.photo
            or self.location
            or self.headline
            or self.contacts
            or self.positions
            or self.studies
        )

    def lines(self) -> list[str]:
        """Human-readable lines for `scanner history`."""
        out = []
        if self.name:
            out.append(
                f"name: {self.name[0]!r} → {self.name[1]!r}"
                + (" (surname changed)" if self.name[2] == "variant" else "")
            )
        if self.photo:
            out.append("photo: changed")
        if self.location:
            out.append(f"location: {self.location[0]!r} → {self.location[1]!r}")
        if self.headline:
            out.append(f"headline: {self.headline[0]!r} → {self.headline[1]!r}")
        out += [f"contact added: {k} {v}" for k, v in self.contacts.added]
        out += [f"contact removed: {k} {v}" for k, v in self.contacts.removed]
        for label, tl in (("position", self.positions), ("study", self.studies)):
            out += [f"{label} added: {x}" for x in tl.added]
            out += [f"{label} removed: {x}" for x in tl.removed]
            out += [f"{label} rewritten: {b} → {a} ({w})" for b, a, w in tl.rewritten]
            out += [f"{label} replaced: {b} → {a}" for b, a in tl.replaced]
        return out


def diff_profiles(
    old: Profile, new: Profile, *, as_of: date, same_org: SameOrg = same_org
) -> ProfileDiff:
    """Compare an earlier snapshot `old` with a later one `new` of the same profile."""
    name = None
    if old.name.strip() and new.name.strip():
        rel = name_relation(old.name, new.name)
        if rel != "same":
            name = (old.name, new.name, rel)
    photo = bool(old.photo_hashes and new.photo_hashes) and not any(
        _photo_same(a, b) for a in old.photo_hashes for b in new.photo_hashes
    )
    location = None
    if old.locations and new.locations and not same_city(old.locations[0], new.locations[0]):
        location = (old.locations[0], new.locations[0])
    headline = None
    if (
        old.headline.strip()
        and new.headline.strip()
        and title_similarity(old.headline, new.headline) < 0.8
    ):
        headline = (old.headline, new.headline)
    return ProfileDiff(
        name=name,
        photo=photo,
        location=location,
        headline=headline,
        contacts=diff_contacts(old, new),
        positions=diff_timeline(old.experience, new.experience, as_of=as_of, same_org=same_org),
        studies=diff_timeline(old.education, new.education, as_of=as_of, min_overlap=12),
    )


# -- web-archive captures as earlier snapshots ---------------------------------------------
def archive_snapshots(candidate: Candidate) -> list[StoredScan]:
    """The candidate's readable `archive` sources as earlier snapshots for the history checks,
    newest first (the order of `Candidate.history`), one `StoredScan` per capture."""
    out = []
    for i, src, prof in candidate.indexed_profiles():
        if not src.kind.is_snapshot or not src.meta.get("captured_at"):
            continue
        when = datetime.fromisoformat(str(src.meta["captured_at"]).replace("Z", "+00:00"))
        stored = StoredSource(
            index=i,
            kind=src.kind,
            uri=src.uri,
            sha256=src.sha256,
            status=src.status,
            profile=prof,
            format=src.format,
            retrieved_at=src.retrieved_at,
            collector=src.collector,
            meta=src.meta,
        )
        out.append(
            StoredScan(
                scan_id=None,
                person_id=candidate.id,
                scanned_at=when,
                sources=(stored,),
                name=prof.name,
                origin="archive",
                as_of=when.date(),
            )
        )
    out.sort(key=lambda s: s.scanned_at, reverse=True)
    return out
