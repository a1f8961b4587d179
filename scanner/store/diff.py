"""What changed between two snapshots of one profile: name, photo, location, headline, contacts,
and positions and studies added, removed, rewritten or replaced.

Used by `scanner history` (to show what changed between scans) and by the HJ checks (to decide
whether an account changed hands). Tolerances follow the catalogue: nicknames, initials, name
order and diacritics are the same name; a re-worded title or a date moved within its precision
is not a rewrite; a new job added on top of an old history is an addition, not a rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from extractors.model import DateRange, PartialDate, Position, Profile, SourceKind, Study
from scanner.model import Finding
from scanner.store.corpus import org_key
from scanner.store.model import StoredScan

__all__ = [
    "ACCOUNT_FAMILIES",
    "ContactDiff",
    "ProfileDiff",
    "ScanDiff",
    "TimelineDiff",
    "account_key",
    "diff_profiles",
    "diff_scans",
    "entry_label",
    "name_relation",
    "pair_sources",
    "source_family",
]

NameRelation = Literal["same", "variant", "different"]

# Sources that are accounts someone could take over (the HJ checks look at these).
ACCOUNT_FAMILIES = frozenset({"linkedin", "github", "site"})

_FAMILY = {
    SourceKind.LINKEDIN_PDF: "linkedin",
    SourceKind.LINKEDIN_PAGE: "linkedin",
    SourceKind.LINKEDIN_EXPORT: "linkedin",
    SourceKind.GITHUB: "github",
    SourceKind.SITE: "site",
    SourceKind.RESUME: "resume",
    SourceKind.JSON_RESUME: "resume",
    SourceKind.APPLICATION: "application",
}
_ARCHIVED = re.compile(r"/web/\d{4,14}[a-z_]*/(.+)$", re.I)
_LINKEDIN_SLUG = re.compile(r"linkedin\.com/in/([^/?#]+)", re.I)
_GITHUB_HANDLE = re.compile(r"github\.com/([^/?#]+)", re.I)


def _archived_url(uri: str) -> str | None:
    m = _ARCHIVED.search(uri)
    return m.group(1) if m else None


def source_family(kind: SourceKind, uri: str = "") -> str:
    """Which account or document family a source belongs to (LinkedIn PDF, page and export are one)."""
    if kind is SourceKind.ARCHIVE:
        inner = _archived_url(uri) or uri
        low = inner.lower()
        if "linkedin.com/" in low:
            return "linkedin"
        if "github.com/" in low:
            return "github"
        return "site"
    return _FAMILY.get(kind, kind.value)


def _canonical_url(url: str) -> str:
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    url = re.sub(r"^www\.", "", url)
    return url.split("#")[0].split("?")[0].rstrip("/")


def account_key(kind: SourceKind, uri: str, profile: Profile | None) -> tuple[str, str]:
    """(family, key): the LinkedIn slug, GitHub handle or site URL when known, else ""."""
    family = source_family(kind, uri)
    target = (_archived_url(uri) or uri) if kind is SourceKind.ARCHIVE else uri
    if family == "linkedin":
        m = _LINKEDIN_SLUG.search(target)
        slug = (
            m.group(1)
            if m
            else (profile.linkedin_slugs[0] if profile and profile.linkedin_slugs else "")
        )
        return family, slug.lower().rstrip("/")
    if family == "github":
        m = _GITHUB_HANDLE.search(target)
        handle = (
            m.group(1)
            if m
            else (profile.github_handles[0] if profile and profile.github_handles else "")
        )
        return family, handle.lower()
    if family == "site" and "://" in target:
        return family, _canonical_url(target)
    return family, ""


def pair_sources(
    current: Sequence[tuple[int, SourceKind, str, Profile | None]],
    earlier: Sequence[tuple[int, SourceKind, str, Profile | None]],
    *,
    families: Iterable[str] | None = None,
) -> list[tuple[int, int]]:
    """Match each current source with the earlier source of the same account: (current, earlier) indexes.

    Same account key wins; otherwise the same URI; otherwise the only source of that family on
    both sides. Different known keys (two different LinkedIn slugs) are never paired.
    """
    allowed = set(families) if families is not None else None
    # An archive snapshot among the current sources is an earlier snapshot, not the profile now.
    keyed_now = [
        (i, account_key(k, u, p), u) for i, k, u, p in current if k is not SourceKind.ARCHIVE
    ]
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


# -- names ---------------------------------------------------------------------------------
_TITLES = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "prof",
    "phd",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "md",
    "mba",
}


def _name_tokens(name: str) -> list[str]:
    from anyascii import anyascii

    words = re.sub(r"[^a-z\s-]", " ", anyascii(name).lower()).replace("-", " ").split()
    return [w for w in words if w not in _TITLES]


@lru_cache(maxsize=1)
def _nicknamer() -> object | None:
    try:
        from nicknames import NickNamer

        return NickNamer()
    except Exception:  # the data file is optional for this purpose
        return None


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    nn = _nicknamer()
    if nn is None:
        return False
    try:
        names_a = {a} | set(nn.nicknames_of(a)) | set(nn.canonicals_of(a))  # type: ignore[attr-defined]
        names_b = {b} | set(nn.nicknames_of(b)) | set(nn.canonicals_of(b))  # type: ignore[attr-defined]
    except Exception:
        return False
    return bool(names_a & names_b)


def _token_in(token: str, others: Sequence[str]) -> bool:
    return any(
        token == o
        or (len(token) == 1 and o.startswith(token))
        or (len(o) == 1 and token.startswith(o))
        for o in others
    )


def name_relation(a: str, b: str) -> NameRelation:
    """`same` (nicknames, initials, order, diacritics, an added middle or second surname),
    `variant` (same given name, other surname: perhaps a married name) or `different`."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return "same"
    if sorted(ta) == sorted(tb):
        return "same"
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if all(_token_in(t, long_) for t in short):
        return "same"
    given_ok = (
        _given_compatible(ta[0], tb[0])
        or _given_compatible(ta[0], tb[-1])
        or _given_compatible(ta[-1], tb[0])
    )
    rest_a, rest_b = set(ta[1:]), set(tb[1:])
    if given_ok and (rest_a & rest_b):
        return "same"
    if given_ok and len(ta) > 1 and len(tb) > 1:
        return "variant"
    return "different"


# -- locations, headlines, photos, contacts -------------------------------------------------
def _place(text: str) -> str:
    from anyascii import anyascii

    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text.split(",")[0]).lower()).split())


def _same_location(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    pa, pb = _place(a), _place(b)
    return pa == pb or fuzz.ratio(pa, pb) >= 85


def _same_text(a: str, b: str, threshold: int = 80) -> bool:
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(a.lower(), b.lower()) >= threshold


def _photo_same(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    if a == b:
        return True
    if len(a) == len(b) and re.fullmatch(r"[0-9a-f]+", a) and re.fullmatch(r"[0-9a-f]+", b):
        # Perceptual hashes of one picture differ in a few bits (≤ 10 of 64) after re-encoding.
        return bin(int(a, 16) ^ int(b, 16)).count("1") <= len(a) * 4 // 6
    return False


def _norm_contact(kind: str, value: str) -> str:
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return digits[-10:] if len(digits) >= 10 else digits
    if kind == "url":
        return _canonical_url(value)
    return value.strip().lower()


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
        before = {_norm_contact(kind, v): v for v in getattr(old, attr) if v.strip()}
        after = {_norm_contact(kind, v): v for v in getattr(new, attr) if v.strip()}
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


def _key(entry: Position | Study) -> str:
    return org_key(entry.org if isinstance(entry, Position) else entry.school)


def _same_org(a: str, b: str) -> int:
    from rapidfuzz import fuzz

    if not a or not b:
        return 0
    return 100 if a == b else int(fuzz.token_sort_ratio(a, b))


def _match(
    old: Sequence[Position | Study], new: Sequence[Position | Study]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    scored = []
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            sim = _same_org(_key(o), _key(n))
            if sim >= 90:
                start_o = o.range.start if o.range else None
                start_n = n.range.start if n.range else None
                scored.append((-sim, _shift(start_o, start_n), i, j))
    pairs, used_o, used_n = [], set(), set()
    for _, _, i, j in sorted(scored):
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
        if o.title and n.title and not _same_text(o.title, n.title, 70):
            out.append(f"title {o.title!r} → {n.title!r}")
            major = major or not _same_text(o.title, n.title, 50)
    elif isinstance(o, Study) and isinstance(n, Study):
        if o.degree and n.degree and not _same_text(o.degree, n.degree, 70):
            out.append(f"degree {o.degree!r} → {n.degree!r}")
            major = True
        if o.field and n.field and not _same_text(o.field, n.field, 70):
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
) -> TimelineDiff:
    """Compare two lists of positions (or of studies) from two snapshots of one profile."""
    pairs, removed, added = _match(old, new)
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


def diff_profiles(old: Profile, new: Profile, *, as_of: date) -> ProfileDiff:
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
    if old.locations and new.locations and not _same_location(old.locations[0], new.locations[0]):
        location = (old.locations[0], new.locations[0])
    headline = None
    if old.headline.strip() and new.headline.strip() and not _same_text(old.headline, new.headline):
        headline = (old.headline, new.headline)
    return ProfileDiff(
        name=name,
        photo=photo,
        location=location,
        headline=headline,
        contacts=diff_contacts(old, new),
        positions=diff_timeline(old.experience, new.experience, as_of=as_of),
        studies=diff_timeline(old.education, new.education, as_of=as_of, min_overlap=12),
    )


# -- whole scans (for `scanner history`) -----------------------------------------------------
@dataclass(frozen=True)
class ScanDiff:
    """What changed between two stored scans of one person."""

    profiles: tuple[tuple[str, str, ProfileDiff], ...] = ()  # (kind, uri, diff) per paired source
    sources_added: tuple[str, ...] = ()
    sources_removed: tuple[str, ...] = ()
    status_changed: tuple[str, ...] = ()
    findings_new: tuple[str, ...] = ()  # "CODE severity: message"
    findings_resolved: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = []
        for kind, uri, d in self.profiles:
            out += [f"{kind} {uri}: {line}" for line in d.lines()]
        out += [f"source added: {s}" for s in self.sources_added]
        out += [f"source removed: {s}" for s in self.sources_removed]
        out += [f"source status: {s}" for s in self.status_changed]
        out += [f"new finding: {s}" for s in self.findings_new]
        out += [f"finding gone: {s}" for s in self.findings_resolved]
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "profiles": [
                {"kind": k, "uri": u, "changes": d.lines()} for k, u, d in self.profiles if d
            ],
            "sources_added": list(self.sources_added),
            "sources_removed": list(self.sources_removed),
            "status_changed": list(self.status_changed),
            "findings_new": list(self.findings_new),
            "findings_resolved": list(self.findings_resolved),
        }


def diff_scans(old: StoredScan, new: StoredScan) -> ScanDiff:
    """Compare two stored scans of one person: each source's profile, the sources, the findings."""
    from scanner.store.store import finding_fingerprint

    now = [(s.index, s.kind, s.uri, s.profile) for s in new.sources]
    then = [(s.index, s.kind, s.uri, s.profile) for s in old.sources]
    pairs = pair_sources(now, then)
    new_by, old_by = {s.index: s for s in new.sources}, {s.index: s for s in old.sources}
    profiles = []
    status = []
    for i, j in pairs:
        a, b = old_by[j], new_by[i]
        if a.profile is not None and b.profile is not None:
            d = diff_profiles(a.profile, b.profile, as_of=new.scanned_at.date())
            if d:
                profiles.append((b.kind.value, b.uri, d))
        if a.status is not b.status:
            why = f" ({b.error})" if b.error else ""
            status.append(f"{b.kind.value} {b.uri}: {a.status.value} → {b.status.value}{why}")
    paired_new, paired_old = {i for i, _ in pairs}, {j for _, j in pairs}
    fp_old = {finding_fingerprint(f, old.sources): f for f in old.findings}
    fp_new = {finding_fingerprint(f, new.sources): f for f in new.findings}

    def line(f: Finding) -> str:
        return f"{f.code} {f.severity.value}: {f.message}"

    return ScanDiff(
        profiles=tuple(profiles),
        sources_added=tuple(
            f"{s.kind.value} {s.uri}" for s in new.sources if s.index not in paired_new
        ),
        sources_removed=tuple(
            f"{s.kind.value} {s.uri}" for s in old.sources if s.index not in paired_old
        ),
        status_changed=tuple(status),
        findings_new=tuple(line(f) for k, f in fp_new.items() if k not in fp_old),
        findings_resolved=tuple(line(f) for k, f in fp_old.items() if k not in fp_new),
    )
