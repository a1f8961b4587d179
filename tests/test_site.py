"""Personal sites → profiles: JSON-LD Person, microdata, h-card, mailto/tel and rel=me links."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.dispatch import Blocked, extract
from extractors.model import ExtractionError, SourceDocument, SourceKind, frozen_mapping
from extractors.site import extract_web_source, parse_site
from tests.live_helpers import LINKEDIN_PAGES, LIVE


def test_json_ld_person_inside_a_profile_page() -> None:
    p = parse_site((LIVE / "site_jsonld.html").read_bytes(), "https://dana.example.com/")
    assert p.name == "Dana Whitfield"
    assert p.emails == ("dana@example.com", "hello@example.org")  # JSON-LD first, then mailto links
    assert p.phones == ("(312) 555-0142", "+1 312 555 0142")  # verbatim: the link text, not tel:
    assert p.locations == ("Austin, TX, US",)
    assert p.headline == "Staff Engineer"
    assert [x.org for x in p.experience] == ["Acme Corp"]
    assert [s.school for s in p.education] == ["University of Texas at Austin"]
    assert "https://github.com/dana-whitfield" in p.urls
    assert "https://mastodon.example.org/@dana" in p.urls
    assert p.linkedin_slugs == ("dana-whitfield-8a7b21",)
    assert p.github_handles == ("dana-whitfield",)


def test_h_card_properties_and_nested_cards_are_not_mixed_in() -> None:
    p = parse_site((LIVE / "site_hcard.html").read_bytes(), "https://lena.example.org/")
    assert p.name == "Lena Marsh"
    assert "Someone Else" not in (p.name, *p.other_names)
    assert p.emails == ("lena.marsh@example.org",)
    assert p.phones == ("(312) 555-0177",)
    assert p.locations == ("Portland, Oregon",)
    assert p.summary.startswith("Backend developer")
    assert [(x.org, x.title) for x in p.experience] == [("Example Robotics", "Backend Developer")]
    assert p.github_handles == ("lena-marsh",)
    assert "https://lena.example.org/" not in p.urls  # the page itself is not a link of its owner


def test_github_profile_page_microdata_and_page_handle() -> None:
    p = parse_site(
        (LIVE / "github_profile.html").read_bytes(),
        "https://github.com/dana-whitfield",
        as_of=date(2019, 5, 1),
    )
    assert p.name == "Dana Whitfield"
    assert p.locations == ("Austin, TX",)
    assert p.emails == ("dana@example.com",)
    assert p.github_handles[0] == "dana-whitfield"
    assert "https://dana.example.com" in p.urls
    assert p.as_of == date(2019, 5, 1)


def test_a_page_without_structure_gives_links_only_and_says_so() -> None:
    html = b"<html><body><p>Hi! <a href='mailto:x@example.com'>mail</a></p></body></html>"
    p = parse_site(html)
    assert p.name == ""
    assert p.emails == ("x@example.com",)
    assert p.notes and "only links" in p.notes[0]


def test_empty_page_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        parse_site(b"   ")


def _doc(kind: SourceKind, content: bytes, fmt: str = "html", **meta: str) -> SourceDocument:
    return SourceDocument(kind=kind, format=fmt, uri="https://x.example.com/", content=content,
                          meta=frozen_mapping(meta))  # fmt: skip


def test_dispatch_reads_a_site_document_with_the_site_extractor() -> None:
    result = extract(_doc(SourceKind.SITE, (LIVE / "site_hcard.html").read_bytes()))
    assert result.kind is SourceKind.SITE
    assert result.profile.name == "Lena Marsh"


def test_archived_linkedin_snapshot_keeps_the_archive_kind_and_capture_date() -> None:
    doc = _doc(
        SourceKind.ARCHIVE,
        (LINKEDIN_PAGES / "profile.html").read_bytes(),
        snapshot_of="https://www.linkedin.com/in/x",
        captured_at="2019-04-02T10:00:00Z",
    )
    result = extract(doc)
    assert result.kind is SourceKind.ARCHIVE
    assert result.profile.name
    assert result.profile.as_of == date(2019, 4, 2)


def test_archived_authwall_is_blocked_not_an_empty_profile() -> None:
    doc = _doc(SourceKind.ARCHIVE, (LINKEDIN_PAGES / "authwall.html").read_bytes())
    with pytest.raises(Blocked):
        extract(doc)


def test_a_pdf_behind_a_site_url_falls_through_to_the_general_dispatch() -> None:
    assert extract_web_source(_doc(SourceKind.SITE, b"%PDF-1.4", fmt="pdf")) is None
