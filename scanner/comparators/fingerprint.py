"""SRC003: documents that present themselves as a known generator's export but are not untouched."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from extractors.model import SourceKind
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check


def _problems(fp: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, problem) pairs from a LinkedIn export fingerprint (see extractors.linkedin_pdf)."""
    out = [("document.metadata", f"metadata: {m}") for m in fp.get("metadata_mismatches", [])]
    for item in fp.get("duration_mismatches", []):
        out.append(
            (
                "experience",
                f"{item['entry']}: printed duration {item['printed']!r} but its dates give {item['computed']!r}",
            )
        )
    for item in fp.get("company_total_mismatches", []):
        out.append(
            (
                "experience",
                f"{item['entry']}: printed company total {item['printed']!r} but its roles span {item['computed']!r}",
            )
        )
    out += [("document.pages", p) for p in fp.get("page_count_mismatches", [])]
    return out


@check(
    "SRC003",
    "Document's fingerprint disagrees with the generator it claims",
    Category.SOURCE,
    Severity.HIGH,
    needs=("linkedin",),
)
def export_fingerprint(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A document that presents itself as a LinkedIn "Save to PDF" export (its layout: the
    `Contact` sidebar, `(LinkedIn)`-tagged profile URL, `Page N of M` footers) does not carry the
    fingerprint of a genuine one, or contradicts itself.

    Genuine exports are written by LinkedIn's Apache FOP 2.2 with `/Author LinkedIn`,
    `/Title Resume`, `/Subject Resume generated from profile` and a UTC creation date; every date
    line prints its duration computed from its own dates (inclusive months, "Present" meaning the
    creation month) and grouped roles print a company total equal to their span. An export whose
    metadata differs was re-made by another program; one whose printed durations disagree with
    its dates was edited after export (a changed start year leaves the old duration behind).

    Both are `high`: a document that presents itself as a LinkedIn export but was written by
    another program is not the export it claims to be. Metadata alone is reported with lower
    confidence (0.8) and the message says what to ask for: the applicant's own untouched export
    (a genuine export re-saved or printed to PDF loses LinkedIn's metadata too).

    Verify by hand: open the PDF's document properties; recompute one role's duration from its
    dates and compare it with the printed one.
    """
    for i, src, p in candidate.indexed_profiles():
        if src.kind is not SourceKind.LINKEDIN_PDF:
            continue
        fp = p.export_fingerprint
        if not fp:
            continue
        problems = _problems(fp)
        if not problems:
            continue
        metadata_only = all(f == "document.metadata" for f, _ in problems)
        yield Hit(
            f"{src.uri} looks like a LinkedIn export but {len(problems)} thing(s) contradict it: "
            + "; ".join(msg for _, msg in problems[:3])
            + (" …" if len(problems) > 3 else "")
            + (
                " (ask for the untouched export: re-saving or printing one to PDF also loses"
                " LinkedIn's metadata)"
                if metadata_only
                else ""
            ),
            tuple(Evidence(i, field, msg) for field, msg in problems[:8]),
            confidence=0.8 if metadata_only else 0.9,
        )
