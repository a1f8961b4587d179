"""Store-aware lookups for one candidate (`scanner check`, `scanner revalidate`): the NW checks
against the people in the history store, as `scanner batch` runs them against its rows.

Only the stored people who share a linkage key with the candidate are read (the store keeps an
index of its identifiers' keys), so a check stays fast on a large store; a key held by more
people than the hub size is a hub, reported once and not expanded. The candidate's own earlier
scans are the candidate, never another applicant.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scanner.batch.keys import candidate_keys
from scanner.batch.linkage import STORED_KINDS, NetworkLookup, external_rows, link
from scanner.batch.runner import linkage_options
from scanner.config import Config
from scanner.model import Candidate, Cluster

__all__ = ["StoreLookup", "revalidation_lookup", "store_lookup"]


@dataclass
class StoreLookup:
    """The candidate's links to stored people, the clusters they form, and notes (hubs)."""

    lookup: NetworkLookup
    clusters: list[Cluster] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    people: int = 0  # stored people compared with


def store_lookup(
    candidate: Candidate,
    db: str | os.PathLike[str] | None,
    config: Config,
    *,
    photo: bytes | None = None,
) -> StoreLookup | None:
    """Link the candidate with the stored people who share an identifier; None without a store."""
    from scanner.store import StoreError, open_store
    from scanner.store.db import resolve_db_path

    path = resolve_db_path(db)
    if not path.is_file():
        return None
    region = str(config.params("NW")["default_region"]).upper()
    refs = config.references.get("placeholders", {})
    keys = candidate_keys(
        candidate,
        0,
        default_region=region,
        placeholders={str(k): str(v) for k, v in refs.items()},
        photo=photo,
    )
    options = linkage_options(config)
    try:
        with open_store(Path(path), create=False) as store:
            people, hubs = store.people_sharing(
                ((i.kind, i.key) for i in keys.idents),
                exclude=candidate.id,
                hub_size=options.hub_size,
            )
            records = list(store.iter_identifiers(STORED_KINDS, people=people))
    except StoreError:
        return None
    rows = [keys, *external_rows(records, 1, [candidate.id])]
    linkage = link(rows, options)
    notes = [
        f"hub: {kind} {key} is given by {n} stored people; a shared switchboard or agency "
        "value, not linked"
        for kind, key, n in hubs
    ]
    return StoreLookup(
        lookup=linkage.lookup_for(0, candidate.id),
        clusters=linkage.clusters,
        notes=[*notes, *linkage.notes],
        people=len(rows) - 1,
    )


def revalidation_lookup(candidate: Candidate, db: Path, config: Config) -> list[str]:
    """For `revalidate`: set `candidate.lookup` from the stored people; returns notes."""
    found = store_lookup(candidate, db, config)
    if found is None:
        return []
    candidate.lookup = found.lookup
    return found.notes
