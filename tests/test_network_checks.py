"""NW001–NW008 through the real batch path: spreadsheet rows → pool (1 worker) → linkage → checks."""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path

import pytest
from _batch_helpers import OTHER_RESUME, RESUME, findings, run_batch, scored

from extractors.model import DocumentMeta, Profile, SourceDocument, SourceKind
from scanner.batch.keys import candidate_keys
from scanner.batch.linkage import link
from scanner.config import Config
from scanner.model import Candidate, Severity
from scanner.registry import CheckContext, run_checks


def _nw(cands: list[Candidate], code: str) -> dict[str, list]:
    """Keys → linkage → one NW check, for candidates built directly (document metadata)."""
    lk = link([candidate_keys(c, i) for i, c in enumerate(cands)])
    out = {}
    for i, c in enumerate(cands):
        c.lookup = lk.lookup_for(i, c.id)
        out[c.id] = run_checks(c, CheckContext(Config()), [code]).findings
    return out


# NW001 ---------------------------------------------------------------------------------------


def test_nw001_fires_for_one_phone_written_two_ways(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Avery Ashdown", "phone": "(312) 555-0101"},
            {"id": "A-2", "name": "Blake Brightwater", "phone": "+1 312.555.0101"},
            {"id": "A-3", "name": "Casey Calloway", "phone": "(312) 555-0102"},
        ],
    )
    hits = scored(rep, "A-1", "NW001")
    assert len(hits) == 1 and hits[0].severity is Severity.HIGH
    assert (
        hits[0].cluster == "C1" and "+13125550101" in hits[0].message and "A-2" in hits[0].message
    )
    assert [e.value for e in hits[0].evidence] == ["(312) 555-0101", "+1 312.555.0101"]
    assert scored(rep, "A-2", "NW001") and not findings(rep, "A-3", "NW001")
    assert [c.members for c in rep.clusters] == [("A-1", "A-2")]


def test_nw001_quiet_for_placeholder_phones(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Avery Ashdown", "phone": "000-000-0000"},
            {"id": "A-2", "name": "Blake Brightwater", "phone": "000-000-0000"},
            {"id": "A-3", "name": "Casey Calloway", "phone": "n/a"},
            {"id": "A-4", "name": "Devon Dunmore", "phone": "n/a"},
        ],
    )
    assert not any(findings(rep, c, "NW001") for c in ("A-1", "A-2", "A-3", "A-4"))
    assert rep.clusters == []
    assert any("placeholder" in n and "000-000-0000" in n for n in rep.notes)


def test_nw001_quiet_for_same_person_applying_twice(tmp_path: Path) -> None:
    """A duplicate application is info (so it is visible) and never a ring or a cluster."""
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Avery Ashdown", "phone": "(312) 555-0101"},
            {"id": "A-2", "name": "avery ashdown", "phone": "312-555-0101"},
        ],
    )
    assert not scored(rep, "A-1", "NW001") and not scored(rep, "A-2", "NW001")
    info = findings(rep, "A-1", "NW001")
    assert info and info[0].severity is Severity.INFO and "duplicate application" in info[0].message
    assert rep.clusters == []


def test_nw001_quiet_for_a_hub_number(tmp_path: Path) -> None:
    """An agency switchboard given by more than hub_size applicants is one note, not n² links."""
    cfg = Config(thresholds={"NW": {"hub_size": 3}})
    rows = [
        {
            "id": f"A-{i}",
            "name": f"Person{chr(65 + i)} Surname{chr(65 + i)}",
            "phone": "(312) 555-0199",
        }
        for i in range(6)
    ]
    rep = run_batch(tmp_path, rows, config=cfg)
    assert not any(findings(rep, f"A-{i}", "NW001") for i in range(6))
    hub_notes = [n for n in rep.notes if n.startswith("hub:")]
    assert len(hub_notes) == 1 and "+13125550199" in hub_notes[0] and "6 applicants" in hub_notes[0]


# NW002 ---------------------------------------------------------------------------------------


def test_nw002_fires_for_gmail_aliases_of_one_mailbox(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Kai Okonkwo", "email": "kai.okonkwo.dev@gmail.com"},
            {
                "id": "A-2",
                "name": "Hayden Brightmore",
                "email": "KaiOkonkwoDev+apply@googlemail.com",
            },
        ],
    )
    hits = scored(rep, "A-2", "NW002")
    assert (
        len(hits) == 1 and "kaiokonkwodev@gmail.com" in hits[0].message and hits[0].cluster == "C1"
    )
    assert rep.clusters[0].links[0].kind == "email"


def test_nw002_quiet_for_different_mailboxes_and_test_addresses(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Kai Okonkwo", "email": "kai@example.com"},
            {"id": "A-2", "name": "Hayden Brightmore", "email": "kai@example.org"},
            {"id": "A-3", "name": "Alexis Vance", "email": "test@test.com"},
            {"id": "A-4", "name": "Cameron Drew", "email": "test@test.com"},
        ],
    )
    assert not any(findings(rep, c, "NW002") for c in ("A-1", "A-2", "A-3", "A-4"))


# NW003 ---------------------------------------------------------------------------------------


def test_nw003_fires_for_a_laptop_farm_shipping_address(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {
                "id": "A-1",
                "name": "Kai Okonkwo",
                "shipping_address": "77 Harbor View Dr Apt 4, Joliet, IL 60431",
            },
            {
                "id": "A-2",
                "name": "Hayden Brightmore",
                "shipping_address": "77 HARBOR VIEW DRIVE #4, JOLIET IL 60431-2203",
            },
            {
                "id": "A-3",
                "name": "Alexis Vance",
                "address": "77 Harbor View Drive, Unit 4, Joliet, Illinois 60431",
            },
        ],
    )
    for cid in ("A-1", "A-2", "A-3"):
        hits = scored(rep, cid, "NW003")
        assert len(hits) == 1 and hits[0].severity is Severity.HIGH and hits[0].cluster == "C1"
    assert rep.clusters[0].members == ("A-1", "A-2", "A-3")
    assert rep.clusters[0].links[0].value == "77 harbor view dr # 4 60431"


def test_nw003_quiet_for_one_household(tmp_path: Path) -> None:
    """Same address, same surname: a family, reported as info, not a farm."""
    rep = run_batch(
        tmp_path,
        [
            {
                "id": "A-1",
                "name": "Morgan Ellsworth",
                "address": "418 Juniper Lane, Evanston, IL 60201",
            },
            {
                "id": "A-2",
                "name": "Jamie Ellsworth",
                "address": "418 Juniper Ln, Evanston IL 60201",
            },
        ],
    )
    assert not scored(rep, "A-1", "NW003") and not scored(rep, "A-2", "NW003")
    assert "household" in findings(rep, "A-1", "NW003")[0].message
    assert rep.clusters == []


# NW004 ---------------------------------------------------------------------------------------


def test_nw004_fires_for_one_github_account_claimed_twice(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "github": "https://github.com/QHalvorsen"},
            {"id": "A-2", "name": "Rowan Achterberg", "github": "qhalvorsen"},
        ],
    )
    hits = scored(rep, "A-1", "NW004")
    assert len(hits) == 1 and "GitHub account qhalvorsen" in hits[0].message


def test_nw004_fires_for_one_linkedin_slug_claimed_twice(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {
                "id": "A-1",
                "name": "Quinn Halvorsen",
                "linkedin": "https://www.linkedin.com/in/quinn-halvorsen-8a7b21/",
            },
            {
                "id": "A-2",
                "name": "Rowan Achterberg",
                "linkedin": "https://uk.linkedin.com/in/Quinn-Halvorsen-8a7b21",
            },
        ],
    )
    assert scored(rep, "A-2", "NW004")


def test_nw004_quiet_for_different_accounts(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "github": "qhalvorsen"},
            {"id": "A-2", "name": "Rowan Achterberg", "github": "rachterberg"},
        ],
    )
    assert not findings(rep, "A-1", "NW004") and not findings(rep, "A-2", "NW004")


# NW005 ---------------------------------------------------------------------------------------


def test_nw005_fires_for_one_resume_under_two_names(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "resume_text": "Quinn Halvorsen\nquinn@example.org\n" + RESUME},
            {"id": "A-2", "name": "Rowan Achterberg",
             "resume_text": "Rowan Achterberg\n(312) 555-0144\n" + RESUME.replace("Skills", "Skills and tools")},
            {"id": "A-3", "name": "Sawyer Pemberton", "resume_text": "Sawyer Pemberton\n" + OTHER_RESUME},
        ],
    )  # fmt: skip
    hits = scored(rep, "A-1", "NW005")
    assert len(hits) == 1 and "A-2" in hits[0].message and hits[0].cluster == "C1"
    assert not findings(rep, "A-3", "NW005")


REWORDED = """Experience
Senior Software Engineer, Globex Systems 2018 – Present
- Led the payments ledger rewrite in Go for 14 enterprise customers.
- Architected the billing pipeline in Python, lowering latency by 35%.
- Moved nightly reconciliation batches to Airflow, saving 30 engineer hours a month.
Software Engineer, Initech Software 2014 – 2018
- Maintained the partner integration SDK in TypeScript, reducing incidents by 20%.
- Built an in-house metrics service in Kafka, serving 300k requests a day.
- Automated the CI build farm with Terraform within 5 weeks.
Education
BS Computer Science, Texas State University 2010 – 2014
Skills
Go, Python, Airflow, Kafka, Terraform, TypeScript
"""


def test_nw005_fires_for_a_body_reused_with_dates_changed_bullets_reordered_and_reworded(
    tmp_path: Path,
) -> None:
    """Recall: names, contacts and every date changed, bullets in another order, a few words
    and numbers changed: still one résumé body under two names."""
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "resume_text": "Quinn Halvorsen\nquinn@example.org\n" + RESUME},
            {"id": "A-2", "name": "Rowan Achterberg", "resume_text": "Rowan Achterberg\n+1 512 555 0188\n" + REWORDED},
            {"id": "A-3", "name": "Sawyer Pemberton", "resume_text": "Sawyer Pemberton\n" + OTHER_RESUME},
        ],
    )  # fmt: skip
    hits = scored(rep, "A-2", "NW005")
    assert len(hits) == 1 and "A-1" in hits[0].message
    assert not findings(rep, "A-3", "NW005")


def test_nw005_quiet_for_different_resumes(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "resume_text": RESUME},
            {"id": "A-2", "name": "Rowan Achterberg", "resume_text": OTHER_RESUME},
        ],
    )
    assert not findings(rep, "A-1", "NW005") and not findings(rep, "A-2", "NW005")


# NW006 ---------------------------------------------------------------------------------------


def _photo(seed: int, size: int = 160, fmt: str = "PNG") -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    img = Image.new("L", (8, 8))
    img.putdata([rng.randrange(256) for _ in range(64)])
    img = img.resize((size, size), Image.Resampling.BICUBIC).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, fmt, **({"quality": 70} if fmt == "JPEG" else {}))
    return buf.getvalue()


def test_nw006_fires_for_one_photo_resized_and_recompressed(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_photo(1))
    (tmp_path / "b.jpg").write_bytes(_photo(1, size=120, fmt="JPEG"))
    (tmp_path / "c.png").write_bytes(_photo(2))
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "photo": "a.png"},
            {"id": "A-2", "name": "Rowan Achterberg", "photo": "b.jpg"},
            {"id": "A-3", "name": "Sawyer Pemberton", "photo": "c.png"},
        ],
    )
    assert scored(rep, "A-1", "NW006") and scored(rep, "A-2", "NW006")
    assert not findings(rep, "A-3", "NW006")


def test_nw006_quiet_for_different_photos(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_photo(3))
    (tmp_path / "b.png").write_bytes(_photo(4))
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "photo": "a.png"},
            {"id": "A-2", "name": "Rowan Achterberg", "photo": "b.png"},
        ],
    )
    assert not findings(rep, "A-1", "NW006") and not findings(rep, "A-2", "NW006")


# NW007 ---------------------------------------------------------------------------------------


def _with_document(cid: str, name: str, meta: DocumentMeta) -> Candidate:
    src = SourceDocument(SourceKind.RESUME, "pdf", f"{cid}.pdf", sha256=cid)
    return Candidate(id=cid, sources=[src], profiles=[Profile(name=name, document=meta)])


def test_nw007_fires_for_one_authoring_session_under_two_names() -> None:
    meta = DocumentMeta(
        author="hr-ops",
        creator="Microsoft Word",
        producer="macOS Quartz",
        created=datetime(2026, 3, 1, 9, 15, 2),
    )
    out = _nw(
        [
            _with_document("A-1", "Quinn Halvorsen", meta),
            _with_document("A-2", "Rowan Achterberg", meta),
        ],
        "NW007",
    )
    assert len(out["A-1"]) == 1 and out["A-1"][0].severity is Severity.MEDIUM
    assert out["A-1"][0].cluster == "C1"


def test_nw007_fires_for_identical_resume_files(tmp_path: Path) -> None:
    (tmp_path / "q.pdf").write_bytes(b"%PDF-1.4 not really a pdf, but the same bytes twice")
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4 not really a pdf, but the same bytes twice")
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "resume": "q.pdf"},
            {"id": "A-2", "name": "Rowan Achterberg", "resume": "r.pdf"},
        ],
    )
    assert scored(rep, "A-1", "NW007") and scored(rep, "A-2", "NW007")


def test_nw007_quiet_for_a_shared_producer_alone() -> None:
    """Every LinkedIn export has the same producer; without one authoring session it is no link."""
    a = DocumentMeta(producer="LinkedIn", created=datetime(2026, 3, 1, 9, 15, 2))
    b = DocumentMeta(producer="LinkedIn", created=datetime(2026, 3, 1, 9, 15, 2))
    out = _nw(
        [_with_document("A-1", "Quinn Halvorsen", a), _with_document("A-2", "Rowan Achterberg", b)],
        "NW007",
    )
    assert out == {"A-1": [], "A-2": []}


# NW008 ---------------------------------------------------------------------------------------


def test_nw008_fires_for_a_reference_who_is_another_applicant(tmp_path: Path) -> None:
    rep = run_batch(
        tmp_path,
        [
            {"id": "A-1", "name": "Quinn Halvorsen", "phone": "+1 512 555 0130"},
            {
                "id": "A-2",
                "name": "Sawyer Pemberton",
                "references": "Jo Park, (512) 555-0130; Lee Ray, lee@example.org",
            },
        ],
    )
    a2 = scored(rep, "A-2", "NW008")
    a1 = scored(rep, "A-1", "NW008")
    assert len(a2) == 1 and "A-1" in a2[0].message and a2[0].cluster == "C1"
    assert len(a1) == 1 and "given as a reference by A-2" in a1[0].message
    assert rep.clusters[0].links[0].kind == "reference"


def test_nw008_fires_for_one_reference_serving_many(tmp_path: Path) -> None:
    rows = [
        {"id": f"A-{i}", "name": n, "references": "Jo Park, jo.park@example.org"}
        for i, n in enumerate(["Quinn Halvorsen", "Rowan Achterberg", "Sawyer Pemberton"])
    ]
    rep = run_batch(tmp_path, rows)
    assert all(scored(rep, f"A-{i}", "NW008") for i in range(3))


def test_nw008_quiet_for_two_colleagues_sharing_a_referee(tmp_path: Path) -> None:
    rows = [
        {"id": "A-1", "name": "Quinn Halvorsen", "references": "Jo Park, jo.park@example.org"},
        {"id": "A-2", "name": "Rowan Achterberg", "references": "Jo Park, jo.park@example.org"},
    ]
    rep = run_batch(tmp_path, rows)
    assert not findings(rep, "A-1", "NW008") and not findings(rep, "A-2", "NW008")


@pytest.mark.parametrize("code", [f"NW00{i}" for i in range(1, 9)])
def test_network_checks_skip_without_a_lookup(code: str) -> None:
    """`scanner check` without a batch or store: NW checks say why they did not run."""
    cand = Candidate(id="x", sources=[], profiles=[])
    res = run_checks(cand, CheckContext(Config()), [code])
    assert res.findings == [] and res.not_run and res.not_run[0][0] == code
