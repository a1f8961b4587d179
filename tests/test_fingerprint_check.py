"""SRC003: a LinkedIn export that is not what it claims."""

from __future__ import annotations

from datetime import date
from typing import Any

from extractors.model import Profile, SourceDocument, SourceKind, frozen_mapping
from scanner.config import Config
from scanner.model import Candidate
from scanner.registry import CheckContext, registry

CLEAN: dict[str, Any] = {
    "metadata_matches": True,
    "metadata_mismatches": [],
    "durations_checked": 5,
    "duration_mismatches": [],
    "company_totals_checked": 1,
    "company_total_mismatches": [],
    "page_count_mismatches": [],
}


def run(fp: dict[str, Any], kind: SourceKind = SourceKind.LINKEDIN_PDF) -> list:
    prof = Profile(name="Dana Whitfield", export_fingerprint=frozen_mapping(fp))
    c = Candidate(
        id="t",
        sources=[SourceDocument(kind=kind, format="pdf", uri="Profile.pdf")],
        profiles=[prof],
        as_of=date(2026, 11, 28),
    )
    return list(registry["SRC003"].func(c, CheckContext(config=Config())))


def test_src003_fires_on_edited_durations() -> None:
    fp = {
        **CLEAN,
        "duration_mismatches": [
            {
                "entry": "Staff Engineer at Acme Corp",
                "printed": "2 years 1 month",
                "computed": "5 years 1 month",
            }
        ],
    }
    hits = run(fp)
    assert len(hits) == 1 and "2 years 1 month" in hits[0].message and hits[0].confidence == 0.9


def test_src003_fires_on_foreign_metadata() -> None:
    hits = run(
        {
            **CLEAN,
            "metadata_matches": False,
            "metadata_mismatches": ["Producer is 'Microsoft Word', not Apache FOP"],
        }
    )
    assert len(hits) == 1 and hits[0].evidence[0].field == "document.metadata"


def test_src003_quiet_on_a_clean_export_and_on_resumes() -> None:
    assert run(CLEAN) == []
    dirty = {**CLEAN, "metadata_mismatches": ["x"]}
    assert run(dirty, SourceKind.RESUME) == []
