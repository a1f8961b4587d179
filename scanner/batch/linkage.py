"""Cross-applicant linkage: which applicants share identifiers, grouped into clusters.

Near-linear in the number of rows: one hash index per identifier kind (every row touched once),
LSH buckets for résumé text and photos, and union-find for people and for clusters. A value held
by more than `hub_size` people (a recruiting agency's number) is reported once as a hub and never
expanded into pairs; placeholders never reach the index at all.

Three relations, so that NW findings name the right thing:
- `duplicate`: the same person applying twice (same name and a shared identifier): info;
- `household`: one address shared only by people with the same surname: info, not a farm;
- `ring`: different people sharing an identifier: a cluster edge and an NW finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.batch.keys import (
    EXACT_KINDS,
    LSH_BANDS,
    Ident,
    RowKeys,
    photo_bands,
    signature_bands,
    signature_similarity,
    sketch_set_similarity,
)
from scanner.identifiers import IDENTS_PER_ROW, Identifier, IdentifierKind, join_keys
from scanner.model import Cluster, ClusterLink

__all__ = [
    "STORED_KINDS",
    "ExternalRecord",
    "Link",
    "Linkage",
    "LinkageOptions",
    "NetworkLookup",
    "Peer",
    "external_rows",
    "link",
    "placeholder_counts",
]

MAX_PEERS = 25  # peers listed in one link's evidence (the total is kept)
STRONG_KINDS = ("phone", "email", "linkedin", "github", "address", "document", "photo")

# (person_id, scan_id, scanned_at, kind, value): what `scanner.store.iter_identifiers` yields.
ExternalRecord = tuple[str, Any, Any, str, str]


@dataclass(frozen=True)
class LinkageOptions:
    hub_size: int = 50  # more distinct people than this on one value: a hub, not a ring
    resume_similarity: float = 0.5  # estimated Jaccard of per-line 4-word shingles
    photo_distance: int = 4  # Hamming distance of 64-bit dHashes
    shared_reference_min: int = 3  # one reference serving this many people is NW008
    lsh_bands: int = LSH_BANDS


@dataclass(frozen=True, slots=True)
class Peer:
    id: str
    name: str
    row: int | None
    field: str
    raw: str
    stored: str | None = None  # scanned-at, for a person from the history store


@dataclass(frozen=True, slots=True)
class Link:
    """One shared identifier as seen from one applicant."""

    kind: str  # phone | email | address | linkedin | github | resume | photo | document | reference
    value: str  # the canonical shared value (or a description, for similarity links)
    field: str  # this applicant's field that carried it
    raw: str  # this applicant's value as given
    source: int | None  # index into this applicant's sources
    relation: str  # ring | duplicate | household | reference_of | referenced_by | shared_reference
    members: tuple[Peer, ...]  # everyone holding the value (shared by all members' links)
    self_pos: int = -1  # this applicant's position in `members` (-1: not among them)
    cluster: str | None = None
    similarity: float | None = None

    @property
    def peers(self) -> tuple[Peer, ...]:
        """The others holding the value, at most MAX_PEERS of them (see `total`)."""
        out = (
            self.members[: self.self_pos] + self.members[self.self_pos + 1 :]
            if self.self_pos >= 0
            else self.members
        )
        return out[:MAX_PEERS]

    @property
    def total(self) -> int:
        return len(self.members) - (1 if self.self_pos >= 0 else 0)


@dataclass(frozen=True)
class NetworkLookup:
    """`Candidate.lookup` in a batch: this applicant's links (read by the NW checks)."""

    id: str
    cluster: str | None
    network_links: tuple[Link, ...] = ()


@dataclass
class Linkage:
    clusters: list[Cluster]
    links: dict[int, list[Link]]  # by row index
    cluster_of: dict[int, str]
    notes: list[str]
    stats: dict[str, int] = field(default_factory=dict)

    def lookup_for(self, index: int, cid: str) -> NetworkLookup:
        return NetworkLookup(cid, self.cluster_of.get(index), tuple(self.links.get(index, ())))


class UnionFind:
    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


# A group: which rows share one value. Members are (row index, ident) in row order.
Member = tuple[int, Ident]


@dataclass
class _Group:
    kind: str
    value: str
    members: list[Member]
    relation: str = ""
    similarity: dict[int, float] = field(default_factory=dict)


def exact_index(rows: Sequence[RowKeys]) -> dict[str, dict[str, int | list[int]]]:
    """kind → key → packed members (row * IDENTS_PER_ROW + ident position); a bare int for singletons."""
    index: dict[str, dict[str, int | list[int]]] = {k: {} for k in EXACT_KINDS}
    for r in rows:
        base = r.index * IDENTS_PER_ROW
        for pos, ident in enumerate(r.idents[:IDENTS_PER_ROW]):
            d = index[ident.kind]
            packed = base + pos
            cur = d.get(ident.key)
            if cur is None:
                d[ident.key] = packed
            elif isinstance(cur, int):
                d[ident.key] = [cur, packed]
            else:
                cur.append(packed)
    return index


def _members(rows: Sequence[RowKeys], packed: Iterable[int]) -> list[Member]:
    out: list[Member] = []
    seen: set[int] = set()
    for p in sorted(packed):
        ri, pos = divmod(p, IDENTS_PER_ROW)
        if ri in seen:
            continue  # one row holding the value twice (phone and shipping phone) counts once
        seen.add(ri)
        out.append((ri, rows[ri].idents[pos]))
    return out


def link(
    rows: Sequence[RowKeys],
    options: LinkageOptions | None = None,
    *,
    index: Mapping[str, Mapping[str, int | list[int]]] | None = None,
    resume_buckets: Iterable[Sequence[int]] | None = None,
    photo_buckets: Iterable[Sequence[int]] | None = None,
    placeholders: Mapping[tuple[str, str], int] | None = None,
) -> Linkage:
    """Link `rows` (batch applicants, then any stored people; `rows[i].index == i`).

    `index`, `resume_buckets` and `photo_buckets` may be computed elsewhere (DuckDB, Spark) and
    passed in; by default they are built here with dicts. `placeholders` counts the placeholder
    values of a whole batch when `rows` are only the rows that share something (the streaming
    engine); by default they are counted from `rows`.
    """
    opt = options or LinkageOptions()
    n = len(rows)
    for i, r in enumerate(rows):
        if r.index != i:
            raise ValueError(f"rows[{i}].index is {r.index}; rows must be numbered 0..n-1")
    idx = index if index is not None else exact_index(rows)
    notes: list[str] = []
    stats: Counter[str] = Counter()

    # 1. Groups of exact keys with two or more rows; hubs are set aside.
    groups: list[_Group] = []
    for kind in EXACT_KINDS:
        for key, packed in idx.get(kind, {}).items():
            if isinstance(packed, int):
                continue
            members = _members(rows, packed)
            if len(members) < 2:
                continue
            groups.append(_Group(kind, key, members))

    # Index order differs between engines (dicts, DuckDB, Spark): fix one order for everything after.
    kind_rank = {k: i for i, k in enumerate(EXACT_KINDS)}
    groups.sort(key=lambda g: (kind_rank[g.kind], g.members[0][0], g.value))
    if resume_buckets is None:
        resume_buckets = _buckets(
            (r.index, signature_bands(r.resume_sig, opt.lsh_bands)) for r in rows if r.resume_sig
        )
    if photo_buckets is None:
        photo_buckets = _buckets(
            (r.index, photo_bands(r.photo_hash)) for r in rows if r.photo_hash is not None
        )
    groups.extend(_similar_groups(rows, resume_buckets, "resume", opt, notes))
    groups.extend(_similar_groups(rows, photo_buckets, "photo", opt, notes))

    # 2. People: the same name and a shared identifier (or the same stored id) is one person.
    persons = UnionFind(n)
    by_id: dict[str, int] = {}
    for r in rows:
        first = by_id.setdefault(r.id, r.index)
        if first != r.index and (
            r.stored or rows[first].stored or r.name_key == rows[first].name_key
        ):
            persons.union(first, r.index)
    live: list[_Group] = []
    for g in groups:
        if len(g.members) > opt.hub_size:
            stats[f"hubs_{g.kind}"] += 1
            notes.append(_hub_note(rows, g))
            continue
        live.append(g)
        if g.kind in STRONG_KINDS or g.kind == "resume":
            by_name: dict[str, int] = {}
            for ri, _ in g.members:
                nk = rows[ri].name_key
                if nk:
                    persons.union(by_name.setdefault(nk, ri), ri)

    # A stored scan of someone in the group (their own earlier scan) is not another holder.
    live = [g for g in live if _drop_stored_twins(rows, g)]

    # 3. Relations, and cluster edges between different people.
    clusters = UnionFind(n)
    pair_links: list[
        tuple[int, Ident, int, Ident]
    ] = []  # reference_of: (referrer, ref, applicant, own)
    for g in live:
        roots = {persons.find(ri) for ri, _ in g.members}
        if g.kind == "reference":
            if len(roots) >= opt.shared_reference_min:
                g.relation = "shared_reference"
                _union_all(clusters, persons, g.members)
            continue
        if len(roots) == 1:
            g.relation = "duplicate"
        elif g.kind == "address" and _one_household(rows, persons, g.members):
            g.relation = "household"
        else:
            g.relation = "ring"
            _union_all(clusters, persons, g.members)
    for kind in ("phone", "email"):
        own_index = idx.get(kind, {})
        ref_index = idx.get("reference", {})
        for key, packed in sorted(ref_index.items()):
            hit = own_index.get(key)
            if hit is None:
                continue
            applicants = _members(rows, [hit] if isinstance(hit, int) else hit)
            if len(applicants) > opt.hub_size:
                continue
            referrers = _members(rows, [packed] if isinstance(packed, int) else packed)
            for ri, ref in referrers:
                for aj, own_ident in applicants:
                    if persons.find(ri) != persons.find(aj):
                        pair_links.append((ri, ref, aj, own_ident))
                        clusters.union(persons.find(ri), persons.find(aj))

    # 4. Clusters: components with two or more people, numbered by their first row. Only rows
    # that appear in some group can be in one (a person's other rows are in its groups too).
    touched: set[int] = {ri for g in live for ri, _ in g.members}
    touched.update(x for ri, _, aj, _ in pair_links for x in (ri, aj))
    comp_rows: dict[int, list[int]] = {}
    for i in sorted(touched):
        comp_rows.setdefault(clusters.find(persons.find(i)), []).append(i)
    cluster_of: dict[int, str] = {}
    ordered: list[list[int]] = sorted(
        (comp for comp in comp_rows.values() if len({persons.find(i) for i in comp}) >= 2),
        key=lambda m: m[0],
    )
    comp_id: dict[int, str] = {}
    for num, comp in enumerate(ordered, start=1):
        comp_id[clusters.find(persons.find(comp[0]))] = f"C{num}"
        for i in comp:
            cluster_of[i] = f"C{num}"

    def cluster_for(i: int) -> str | None:
        return comp_id.get(clusters.find(persons.find(i)))

    # 5. Per-row links and the clusters' shared values.
    links: dict[int, list[Link]] = {}
    cl_links: dict[str, list[ClusterLink]] = {}
    for g in live:
        if not g.relation:
            continue
        ids = tuple(dict.fromkeys(rows[ri].id for ri, _ in g.members))
        gcid = cluster_for(g.members[0][0]) if g.relation in ("ring", "shared_reference") else None
        if gcid:
            cl_links.setdefault(gcid, []).append(ClusterLink(g.kind, g.value, ids))
        stats[f"{g.relation}_{g.kind}"] += 1
        everyone = tuple(_peer(rows[rj], other) for rj, other in g.members)
        for pos, (ri, ident) in enumerate(g.members):
            if rows[ri].stored:
                continue
            links.setdefault(ri, []).append(
                Link(
                    kind=g.kind,
                    value=g.value,
                    field=ident.field,
                    raw=ident.raw,
                    source=ident.source,
                    relation=g.relation,
                    members=everyone,
                    self_pos=pos,
                    cluster=gcid,
                    similarity=g.similarity.get(ri),
                )
            )
    for ri, ref, aj, own_ident in pair_links:
        pcid = cluster_for(ri)
        stats["reference_of"] += 1
        if pcid:
            cl_links.setdefault(pcid, []).append(
                ClusterLink("reference", ref.key, (rows[ri].id, rows[aj].id))
            )
        if not rows[ri].stored:
            links.setdefault(ri, []).append(
                Link(
                    "reference",
                    ref.key,
                    ref.field,
                    ref.raw,
                    ref.source,
                    "reference_of",
                    (_peer(rows[aj], own_ident),),
                    -1,
                    pcid,
                )
            )
        if not rows[aj].stored:
            links.setdefault(aj, []).append(
                Link(
                    "reference",
                    own_ident.key,
                    own_ident.field,
                    own_ident.raw,
                    own_ident.source,
                    "referenced_by",
                    (_peer(rows[ri], ref),),
                    -1,
                    pcid,
                )
            )

    for items in links.values():
        items.sort(key=lambda x: (kind_rank.get(x.kind, 99), x.value, x.relation, x.field))
    result_clusters = [
        Cluster(
            id=comp_id[clusters.find(persons.find(members[0]))],
            members=tuple(dict.fromkeys(rows[i].id for i in members)),
            links=tuple(
                _dedupe(cl_links.get(comp_id[clusters.find(persons.find(members[0]))], []))
            ),
        )
        for members in ordered
    ]
    notes.extend(
        _placeholder_notes(rows) if placeholders is None else _placeholder_note(placeholders)
    )
    stats["clusters"] = len(result_clusters)
    stats["rows"] = n
    return Linkage(result_clusters, links, cluster_of, notes, dict(stats))


def _buckets(items: Iterable[tuple[int, list[str]]]) -> list[list[int]]:
    table: dict[str, list[int]] = {}
    for ri, bands in items:
        for b in bands:
            table.setdefault(b, []).append(ri)
    return [v for v in table.values() if len(v) > 1]


def _similar_groups(
    rows: Sequence[RowKeys],
    buckets: Iterable[Sequence[int]],
    kind: str,
    opt: LinkageOptions,
    notes: list[str],
) -> list[_Group]:
    """Verify LSH candidate pairs, then group the similar rows (components of verified pairs)."""
    verified: dict[tuple[int, int], float] = {}
    sketches: dict[int, frozenset[int]] = {}  # each row's sketch as a set, made once
    big = 0
    for bucket in buckets:
        members = sorted(set(bucket))
        if len(members) > opt.hub_size:
            big += 1  # compare with the first member only: linear, and still links a copied text
            pairs: Iterable[tuple[int, int]] = ((members[0], m) for m in members[1:])
        else:
            pairs = ((a, b) for k, a in enumerate(members) for b in members[k + 1 :])
        for a, b in pairs:
            if (a, b) in verified:
                continue
            sim = _similarity(rows, a, b, kind, opt, sketches)
            if sim is not None:
                verified[(a, b)] = sim
    if big:
        what = "résumé texts" if kind == "resume" else "photos"
        notes.append(f"{big} large group(s) of similar {what} were compared by representative only")
    uf = UnionFind(len(rows))
    for a, b in verified:
        uf.union(a, b)
    comps: dict[int, list[int]] = {}
    for a, b in sorted(verified):
        root = uf.find(a)
        comps.setdefault(root, [])
        for x in (a, b):
            if x not in comps[root]:
                comps[root].append(x)
    out = []
    for members in sorted((sorted(m) for m in comps.values()), key=lambda m: m[0]):
        best: dict[int, float] = {}
        for (a, b), s in verified.items():
            if a in members:
                best[a] = max(best.get(a, 0.0), s)
                best[b] = max(best.get(b, 0.0), s)
        lo = min(best.values())
        if kind == "resume":
            value = f"near-duplicate résumé text (similarity ≥ {lo:.2f})"
            src = lambda r: r.resume_source  # noqa: E731
        else:
            value = f"same photo (perceptual hash, similarity ≥ {lo:.2f})"
            src = lambda r: r.photo_source  # noqa: E731
        group_members = [(m, Ident(kind, value, kind, value, src(rows[m]))) for m in members]
        out.append(
            _Group(kind, value, group_members, similarity={m: round(best[m], 2) for m in members})
        )
    return out


def _similarity(
    rows: Sequence[RowKeys],
    i: int,
    j: int,
    kind: str,
    opt: LinkageOptions,
    sketches: dict[int, frozenset[int]],
) -> float | None:
    a, b = rows[i], rows[j]
    if kind == "resume":
        if a.resume_sketch is not None and b.resume_sketch is not None:
            sa = sketches.get(i)
            if sa is None:
                sa = sketches[i] = frozenset(a.resume_sketch)
            sb = sketches.get(j)
            if sb is None:
                sb = sketches[j] = frozenset(b.resume_sketch)
            sim = sketch_set_similarity(sa, sb, opt.resume_similarity)
        elif a.resume_sig is not None and b.resume_sig is not None:
            sim = signature_similarity(a.resume_sig, b.resume_sig)  # rows kept by an older run
        else:
            return None
        return sim if sim >= opt.resume_similarity else None
    if a.photo_hash is None or b.photo_hash is None:
        return None
    dist = (a.photo_hash ^ b.photo_hash).bit_count()
    return 1.0 - dist / 64 if dist <= opt.photo_distance else None


def _drop_stored_twins(rows: Sequence[RowKeys], g: _Group) -> bool:
    """Drop stored members whose id is already in the group (the applicant's own earlier scan,
    not another holder); returns whether two or more members remain."""
    kept: list[Member] = []
    ids: set[str] = set()
    for member in sorted(g.members, key=lambda m: (rows[m[0]].stored is not None, m[0])):
        rid = rows[member[0]].id
        if rows[member[0]].stored is not None and rid in ids:
            continue
        ids.add(rid)
        kept.append(member)
    if len(kept) != len(g.members):
        g.members = sorted(kept, key=lambda m: m[0])
    return len(g.members) >= 2


def _union_all(clusters: UnionFind, persons: UnionFind, members: list[Member]) -> None:
    first = persons.find(members[0][0])
    for ri, _ in members[1:]:
        clusters.union(first, persons.find(ri))


def _one_household(rows: Sequence[RowKeys], persons: UnionFind, members: list[Member]) -> bool:
    """Everyone at the address has one surname (and it is known): a family, not a farm."""
    names = {rows[ri].surname for ri, _ in members}
    return len(names) == 1 and "" not in names


def _peer(r: RowKeys, ident: Ident) -> Peer:
    return Peer(r.id, r.name, r.row, ident.field, ident.raw, r.stored)


def _dedupe(items: Iterable[ClusterLink]) -> list[ClusterLink]:
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    out = []
    for x in items:
        k = (x.kind, x.value, x.members)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _hub_note(rows: Sequence[RowKeys], g: _Group) -> str:
    where = ", ".join(str(rows[ri].row or rows[ri].id) for ri, _ in g.members[:8])
    more = "" if len(g.members) <= 8 else ", …"
    return (
        f"hub: {g.kind} {g.value} is given by {len(g.members)} applicants (rows {where}{more}); "
        "a shared switchboard or agency value, reported once and not linked"
    )


def placeholder_counts(rows: Iterable[RowKeys]) -> Counter[tuple[str, str]]:
    """(kind, value in lower case) → how many rows gave it as a placeholder."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in rows:
        for kind, raw in r.placeholders:
            counts[(kind, raw.lower())] += 1
    return counts


def _placeholder_notes(rows: Sequence[RowKeys]) -> list[str]:
    return _placeholder_note(placeholder_counts(rows))


def _placeholder_note(placeholders: Mapping[tuple[str, str], int]) -> list[str]:
    counts = Counter(placeholders)
    if not counts:
        return []
    top = ", ".join(f"{kind} {raw!r} ×{n}" for (kind, raw), n in counts.most_common(8))
    more = "" if len(counts) <= 8 else f" and {len(counts) - 8} more"
    return [f"placeholder values ignored for linkage: {top}{more}"]


# --------------------------------------------------------------------------------------------
# Stored people (the history store) as extra rows
# --------------------------------------------------------------------------------------------

# Kinds worth reading from the store (names, and every kind linkage joins on).
STORED_KINDS = ("name", *(k.value for k in IdentifierKind if k.link_kind is not None))


def external_rows(
    records: Iterable[ExternalRecord], start: int, batch_ids: Iterable[str] = ()
) -> list[RowKeys]:
    """Stored identifiers as rows numbered from `start`, one per stored person (latest scan date).

    Records are `(person_id, scan_id, scanned_at, kind, value)` as `scanner.store.iter_identifiers`
    yields them; kinds: name, phone, email, address, shipping_address, linkedin, github, photo,
    reference, document_sha256 (others are ignored). Values are canonicalised here, so raw or
    canonical values both work. A stored person with a batch applicant's id is that applicant
    (never a ring); one with the same name and a shared identifier is a duplicate application.
    """
    by_person: dict[str, dict[str, Any]] = {}
    for person_id, _scan_id, scanned_at, kind, value in records:
        if not value or kind not in STORED_KINDS:
            continue
        when = scanned_at.isoformat() if hasattr(scanned_at, "isoformat") else str(scanned_at)
        person = by_person.setdefault(person_id, {"when": when, "name": "", "idents": []})
        person["when"] = max(person["when"], when)
        if kind == "name":
            person["name"] = person["name"] or value
            continue
        idents: list[Ident] = person["idents"]
        for target, key in join_keys(Identifier(IdentifierKind(kind), value)):
            if all(i.key != key or i.kind != target.value for i in idents):
                idents.append(Ident(target.value, key, kind, value, None))
    out = []
    for k, (pid, person) in enumerate(sorted(by_person.items())):
        out.append(
            RowKeys(
                index=start + k,
                id=pid,
                name=person["name"],
                idents=tuple(person["idents"]),
                stored=person["when"][:10] or "earlier",
            )
        )
    return out
