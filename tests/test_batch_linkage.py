"""Canonical identifiers and the linkage graph: duplicates, households, hubs, clusters, history."""

from __future__ import annotations

import pytest
from _batch_helpers import OTHER_RESUME, RESUME

from scanner.batch.keys import (
    Ident,
    RowKeys,
    resume_signature,
    resume_sketch,
    signature_similarity,
    sketch_similarity,
)
from scanner.batch.linkage import LinkageOptions, external_rows, link


def test_resume_signature_ignores_names_and_contacts() -> None:
    a = resume_signature(
        "Quinn Halvorsen quinn@example.org (312) 555-0101\n" + RESUME, ["Quinn Halvorsen"]
    )
    b = resume_signature(
        "Rowan Achterberg rowan@example.org +1 512 555 0199\n" + RESUME, ["Rowan Achterberg"]
    )
    c = resume_signature(OTHER_RESUME, [])
    assert a is not None and b is not None and c is not None
    assert signature_similarity(a, b) == 1.0
    assert signature_similarity(a, c) < 0.3
    assert resume_signature("too short to compare", []) is None


TEMPLATE = [
    ("Designed", "the deployment tooling in React, reducing incidents by {n}%."),
    ("Migrated", "the reporting warehouse in Vue.js, reducing incidents by {n}%."),
    ("Simplified", "an internal metrics service in PostgreSQL, cutting latency by {n}%."),
    ("Scaled", "the inventory sync in Kotlin, within {n} weeks."),
    ("Maintained", "the audit log store in Svelte, saving {n} engineer hours a month."),
    ("Rewrote", "the search indexer in Redis, for {n} enterprise customers."),
    ("Built", "a feature-flag service in Linux, serving {n}k requests a day."),
    ("Instrumented", "the claims intake service in Python, cutting latency by {n}%."),
    ("Automated", "nightly ETL jobs in Kotlin, lowering cloud cost by {n}%."),
    ("Owned", "the customer onboarding flow in Java, for {n} enterprise customers."),
]


def _body(order: list[int], verbs: dict[int, str], our: bool, n: int) -> str:
    lines = []
    for k in order:
        verb, rest = TEMPLATE[k]
        rest = rest.replace("the ", "our ", 1) if our else rest
        lines.append(f"• {verbs.get(k, verb)} {rest.format(n=n + k)}")
    return "\n".join(lines)


def test_reworded_copies_match_and_a_shared_template_does_not() -> None:
    """A copy with bullets reordered, verbs and articles changed and numbers altered is measured
    well above the NW005 threshold (0.45); a résumé sharing only phrases of a template below.
    The sketch is exact on short texts, where a one-permutation signature is mostly filled-in
    bins."""
    original = _body(list(range(10)), {}, our=False, n=10)
    copy = _body(
        [1, 0, 3, 2, 5, 4, 7, 6, 9, 8], {4: "Supported", 5: "Re-implemented"}, our=True, n=40
    )
    a, b = resume_sketch(original), resume_sketch(copy)
    assert a is not None and b is not None
    assert sketch_similarity(a, b) >= 0.6
    other = "\n".join(
        f"• {verb} the payments ledger in Go, reducing incidents by {k}%."
        for k, (verb, _) in enumerate(TEMPLATE)
    )
    c = resume_sketch(other + "\n" + "\n".join(_body([k], {}, False, 1) for k in (0, 3)))
    assert c is not None and sketch_similarity(a, c) < 0.2
    assert sketch_similarity(a, a) == 1.0


def _row(i: int, name: str, *idents: tuple[str, str, str]) -> RowKeys:
    return RowKeys(
        index=i, id=f"A-{i}", name=name, row=i + 2,
        idents=tuple(Ident(kind, key, fld, key, 0) for kind, key, fld in idents),
    )  # fmt: skip


def test_clusters_are_connected_components_numbered_by_first_row() -> None:
    rows = [
        _row(0, "Avery Ashdown", ("email", "x@example.com", "email")),
        _row(1, "Blake Brightwater", ("phone", "+13125550101", "phone")),
        _row(
            2,
            "Casey Calloway",
            ("phone", "+13125550101", "phone"),
            ("email", "y@example.com", "email"),
        ),
        _row(3, "Devon Dunmore", ("email", "x@example.com", "email")),
        _row(4, "Emerson Everly", ("email", "y@example.com", "email")),
    ]
    lk = link(rows)
    assert [(c.id, c.members) for c in lk.clusters] == [
        ("C1", ("A-0", "A-3")),
        ("C2", ("A-1", "A-2", "A-4")),
    ]
    assert {x.kind for x in lk.clusters[1].links} == {"phone", "email"}
    assert lk.cluster_of == {0: "C1", 3: "C1", 1: "C2", 2: "C2", 4: "C2"}
    # the same input gives the same output
    assert link(rows).clusters == lk.clusters


def test_duplicate_application_joins_its_persons_cluster_without_being_a_ring() -> None:
    rows = [
        _row(
            0,
            "Avery Ashdown",
            ("email", "a@example.com", "email"),
            ("address", "1 main st", "address"),
        ),
        _row(1, "Avery Ashdown", ("email", "a@example.com", "email")),
        _row(2, "Blake Brightwater", ("address", "1 main st", "shipping_address")),
    ]
    lk = link(rows)
    assert lk.clusters[0].members == ("A-0", "A-1", "A-2")
    assert [x.kind for x in lk.clusters[0].links] == ["address"]
    assert [x.relation for x in lk.links[1]] == ["duplicate"]


def test_household_and_farm_at_one_address() -> None:
    """Two Ellsworths alone are a household; add a stranger and it is a farm for all three."""
    fam = [_row(0, "Morgan Ellsworth", ("address", "418 juniper ln", "address")),
           _row(1, "Jamie Ellsworth", ("address", "418 juniper ln", "address"))]  # fmt: skip
    assert [x.relation for x in link(fam).links[0]] == ["household"]
    farm = [*fam, _row(2, "Teagan Sorensby", ("address", "418 juniper ln", "shipping_address"))]
    lk = link(farm)
    assert [x.relation for x in lk.links[0]] == ["ring"] and lk.clusters[0].members == (
        "A-0",
        "A-1",
        "A-2",
    )


def test_hub_is_one_note_and_no_pairs() -> None:
    rows = [_row(i, f"Person{i} Name{i}", ("phone", "+13125550100", "phone")) for i in range(2000)]
    lk = link(rows, LinkageOptions(hub_size=50))
    assert lk.links == {} and lk.clusters == []
    assert len([n for n in lk.notes if n.startswith("hub:")]) == 1
    assert lk.stats["hubs_phone"] == 1


def test_stored_people_from_history_link_new_applicants() -> None:
    rows = [_row(0, "Avery Ashdown", ("phone", "+13125550142", "phone")),
            _row(1, "Blake Brightwater", ("email", "b@example.com", "email"))]  # fmt: skip
    stored = external_rows(
        [
            ("P-77", "s1", "2026-10-02T10:00:00Z", "phone", "(312) 555-0142"),
            ("P-77", "s2", "2026-10-30T10:00:00Z", "email", "p77@example.com"),
            (
                "A-1",
                "s3",
                "2026-09-01T10:00:00Z",
                "email",
                "b@example.com",
            ),  # the same person, rescanned
            ("P-78", "s4", "2026-10-01T10:00:00Z", "fax", "whatever"),  # unknown kinds are ignored
        ],
        start=2,
    )
    assert [(r.id, r.stored) for r in stored] == [("A-1", "2026-09-01"), ("P-77", "2026-10-30")]
    lk = link([*rows, *stored])
    assert [c.members for c in lk.clusters] == [("A-0", "P-77")]
    [l0] = lk.links[0]
    assert l0.relation == "ring" and l0.peers[0].stored == "2026-10-30"
    assert 1 not in lk.links  # A-1's own earlier scan is A-1, not another holder of the mailbox
    assert 2 not in lk.links and 3 not in lk.links  # stored people get no findings


def test_an_applicants_own_earlier_scan_is_never_counted_as_another_applicant() -> None:
    """Re-running a batch: each ring member's stored scan is the member, not a fourth person."""
    phone = ("phone", "+13125550142", "phone")
    rows = [_row(i, f"Person {name}", phone) for i, name in enumerate(("Ash", "Birch", "Cedar"))]
    stored = external_rows(
        [(f"A-{i}", f"s{i}", "2026-10-02T10:00:00Z", "phone", "(312) 555-0142") for i in range(3)],
        start=3,
        batch_ids=[r.id for r in rows],
    )
    lk = link([*rows, *stored])
    [cluster] = lk.clusters
    assert cluster.members == ("A-0", "A-1", "A-2")
    for i in range(3):
        [own] = lk.links[i]
        assert own.relation == "ring" and own.total == 2
        assert [p.id for p in own.peers] == [f"A-{j}" for j in range(3) if j != i]
        assert all(p.stored is None for p in own.peers)


def test_rows_must_be_numbered_in_order() -> None:
    with pytest.raises(ValueError, match="numbered"):
        link([_row(1, "A B")])


def test_sketch_similarity_counts_the_k_smallest_and_its_bound_only_drops_pairs_below() -> None:
    """The quick form equals the definition (the k smallest of the union, the share in both);
    `at_least` answers 0.0 only for pairs under it."""
    import random

    def definition(a: tuple[int, ...], b: tuple[int, ...]) -> float:
        union = sorted(set(a) | set(b))[: max(len(a), len(b))]
        return sum(1 for h in union if h in set(a) & set(b)) / len(union)

    rng = random.Random(3)
    for _ in range(2000):
        pool = rng.sample(range(10_000), rng.randint(2, 400))
        a = tuple(sorted(rng.sample(pool, rng.randint(1, min(len(pool), 128)))))
        b = tuple(sorted(rng.sample(pool, rng.randint(1, min(len(pool), 128)))))
        exact = definition(a, b)
        assert sketch_similarity(a, b) == pytest.approx(exact)
        bounded = sketch_similarity(a, b, at_least=0.45)
        assert bounded == (pytest.approx(exact) if exact >= 0.45 else bounded)
        assert bounded in (0.0, pytest.approx(exact))


def test_codec_reads_a_plain_int_tuple_as_it_is_and_still_refuses_other_types() -> None:
    from scanner.batch.codec import decode

    assert decode(tuple[int, ...], [1, 2, 3]) == (1, 2, 3)
    assert decode(tuple[float, ...], [1, 2.5]) == (1.0, 2.5)
    with pytest.raises(TypeError):
        decode(tuple[int, ...], [1, "2"])


def test_codec_decoders_refuse_what_does_not_fit_and_read_back_what_was_written() -> None:
    from datetime import UTC, date, datetime

    from extractors.model import SourceKind
    from scanner.batch.codec import decode, encode
    from scanner.batch.keys import RowKeys
    from scanner.model import CandidateReport, Category, Evidence, Finding, Severity
    from scanner.scoring import score

    finding = Finding(
        "CT005", "Area code", Category.CONTACT, Severity.LOW, 0.35, "m",
        (Evidence(0, "phones[0]", "+1 201 555 0141", note="n"),),
    )  # fmt: skip
    report = CandidateReport(
        id="A-1", name="Dana Whitfield", risk=score([finding]), complete=True, sources=[],
        profiles=[None], findings=[finding], checks_not_run=[("TL001", "needs a résumé")], as_of=date(2026, 1, 2),
    )  # fmt: skip
    assert decode(CandidateReport, encode(report)) == report
    assert decode(datetime, "2026-01-02T03:04:05+00:00") == datetime(
        2026, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    assert decode(SourceKind | None, None) is None
    assert decode(dict[str, int], {"a": 1}) == {"a": 1}
    assert decode(tuple[str, int], ["a", 1]) == ("a", 1)
    for tp, data, error in [
        (CandidateReport, [], TypeError),  # not an object
        (RowKeys, {"index": "x", "id": "a", "name": "", "row": 1}, TypeError),
        (SourceKind, "no such kind", ValueError),
        (SourceKind | int, "neither", ValueError),  # no member of the union fits
        (tuple[str, int], ["a", 1, 2], ValueError),  # a fixed tuple of another length
        (dict[str, int], [1], TypeError),
        (list[str], {"a": 1}, TypeError),
        (int, "1", TypeError),
        (float, True, TypeError),
    ]:
        with pytest.raises(error):
            decode(tp, data)
