"""A candidate's identifiers: the values that can tie one applicant to another or to a stored case.

One module turns a candidate's sources and profiles into typed identifiers (`Identifier`), and
one function turns an identifier into the keys linkage joins on (`join_keys`). The history store
keeps identifiers as given; batch linkage, the store-aware lookup of `check` and the Spark engine
all key them here, so a value stored by one scan and given in the next meet under the same key.

Web-archive captures are earlier snapshots, not current claims: they never yield identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from extractors.model import Profile, SourceDocument, SourceKind, SourceStatus
from extractors.normalise.addresses import address_key
from extractors.normalise.contacts import email_key, github_key, linkedin_key, phone_key
from extractors.normalise.text import lazy_re

__all__ = [
    "IDENTS_PER_ROW",
    "JOIN_KEY",
    "WATCH_KINDS",
    "Identifier",
    "IdentifierKind",
    "LinkKind",
    "candidate_identifiers",
    "document_fingerprint",
    "identifier_values",
    "join_keys",
    "reference_keys",
    "split_references",
    "watch_key",
]

# Patterns of the hot paths, compiled once (on first use).
_LIST_BREAK = lazy_re(r"[;\n]")

# Identifiers of one applicant that linkage indexes (row * IDENTS_PER_ROW + position packs a
# member into one int in the local index and in Spark's DataFrames alike).
IDENTS_PER_ROW = 256


class LinkKind(str, Enum):
    """What two applicants share when linkage joins them (the kinds of NW links)."""

    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    LINKEDIN = "linkedin"
    GITHUB = "github"
    PHOTO = "photo"
    DOCUMENT = "document"
    REFERENCE = "reference"


class IdentifierKind(str, Enum):
    """What an identifier is, as the store records it (`identifiers.kind`)."""

    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    SHIPPING_ADDRESS = "shipping_address"
    URL = "url"
    LINKEDIN = "linkedin"
    GITHUB = "github"
    PHOTO = "photo"
    REFERENCE = "reference"
    DOCUMENT_SHA256 = "document_sha256"
    DOCUMENT_AUTHOR = "document_author"
    DOCUMENT_FINGERPRINT = "document_fingerprint"

    @property
    def link_kind(self) -> LinkKind | None:
        """The linkage kind this identifier joins under, or None (names, URLs, authors)."""
        return _LINK_KIND.get(self)


_LINK_KIND = {
    IdentifierKind.EMAIL: LinkKind.EMAIL,
    IdentifierKind.PHONE: LinkKind.PHONE,
    IdentifierKind.ADDRESS: LinkKind.ADDRESS,
    IdentifierKind.SHIPPING_ADDRESS: LinkKind.ADDRESS,
    IdentifierKind.LINKEDIN: LinkKind.LINKEDIN,
    IdentifierKind.GITHUB: LinkKind.GITHUB,
    IdentifierKind.PHOTO: LinkKind.PHOTO,
    IdentifierKind.REFERENCE: LinkKind.REFERENCE,
    IdentifierKind.DOCUMENT_SHA256: LinkKind.DOCUMENT,
    IdentifierKind.DOCUMENT_FINGERPRINT: LinkKind.DOCUMENT,
}


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier as given: its kind, the value verbatim and the source it came from."""

    kind: IdentifierKind
    value: str
    source: int | None = None


# ---------------------------------------------------------------------------------------------
# Documents and references
# ---------------------------------------------------------------------------------------------

_SERVICE_AUTHORS = frozenset({"linkedin", "indeed", "linkedin corporation"})
_SERVICE_PRODUCERS = ("apache fop",)


def document_fingerprint(meta: Any) -> str | None:
    """Author, tool, producer and creation time of a document, when it has a creation time.

    A creation time to the second plus the tool and author is specific to one authoring session;
    a shared producer alone (every LinkedIn export has the same one) is not, and documents a
    service makes for everyone (LinkedIn's exports) have no authoring session at all.
    """
    if meta is None or getattr(meta, "created", None) is None:
        return None
    author = (meta.author or meta.last_modified_by or "").strip().lower()
    tool = (meta.creator or "").strip().lower()
    producer = (meta.producer or "").strip().lower()
    if not (author or tool):
        return None
    if author in _SERVICE_AUTHORS or producer.startswith(_SERVICE_PRODUCERS):
        return None
    created = meta.created.replace(microsecond=0).isoformat()
    return f"fp:{author}|{tool}|{producer}|{created}"


def split_references(values: Iterable[str]) -> list[str]:
    """References given as one `;`- or line-separated text, one per item."""
    return [v.strip() for x in values for v in _LIST_BREAK.split(x) if v.strip()]


_REF_EMAIL = re.compile(r"[^\s,;<>()]+@[^\s,;<>()]+")
_REF_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")


def reference_keys(text: str, default_region: str = "US") -> list[str]:
    """Canonical phones and mailboxes named in one reference ("Jo Park, (312) 555-0100")."""
    out = [k for m in _REF_EMAIL.finditer(text) if (k := email_key(m.group()))]
    out += [k for m in _REF_PHONE.finditer(text) if (k := phone_key(m.group(), default_region))]
    return out


# ---------------------------------------------------------------------------------------------
# From a candidate
# ---------------------------------------------------------------------------------------------


# A profile's identifier fields, in the order identifiers are listed (names first).
_PROFILE_FIELDS = (
    (IdentifierKind.EMAIL, "emails"),
    (IdentifierKind.PHONE, "phones"),
    (IdentifierKind.ADDRESS, "addresses"),
    (IdentifierKind.SHIPPING_ADDRESS, "shipping_addresses"),
    (IdentifierKind.URL, "urls"),
    (IdentifierKind.LINKEDIN, "linkedin_slugs"),
    (IdentifierKind.GITHUB, "github_handles"),
    (IdentifierKind.PHOTO, "photo_hashes"),
)


def identifier_values(
    sources: Sequence[SourceDocument], profiles: Sequence[Profile | None]
) -> list[tuple[IdentifierKind, str, int]]:
    """`candidate_identifiers` as plain (kind, value, source) tuples: what batch linkage reads
    on every row, without an `Identifier` object per value."""
    out: list[tuple[IdentifierKind, str, int]] = []
    seen: set[tuple[IdentifierKind, str]] = set()
    n_profiles = len(profiles)

    def add(kind: IdentifierKind, values: Iterable[str], i: int) -> None:
        for v in values:
            if v and (v := v.strip()) and (kind, v) not in seen:
                seen.add((kind, v))
                out.append((kind, v, i))

    def add_one(kind: IdentifierKind, value: str, i: int) -> None:
        if (kind, value) not in seen:
            seen.add((kind, value))
            out.append((kind, value, i))

    for i, src in enumerate(sources):
        kind = src.kind
        if kind is SourceKind.ARCHIVE:
            continue  # an earlier snapshot, not a current claim (the HJ checks read it)
        prof = profiles[i] if i < n_profiles else None
        is_document = kind is not SourceKind.APPLICATION and src.collector != "spreadsheet"
        if prof is not None and src.status is SourceStatus.OK:
            add(IdentifierKind.NAME, (prof.name, *prof.other_names), i)
            for field_kind, attr in _PROFILE_FIELDS:  # `add`, inline: the most values go here
                for v in getattr(prof, attr):
                    if v and (v := v.strip()) and (field_kind, v) not in seen:
                        seen.add((field_kind, v))
                        out.append((field_kind, v, i))
            if prof.references:
                add(IdentifierKind.REFERENCE, split_references(prof.references), i)
            if is_document and prof.document is not None:
                fp = document_fingerprint(prof.document)
                if fp:
                    add_one(IdentifierKind.DOCUMENT_FINGERPRINT, fp, i)
                author = prof.document.author.strip()
                if author:
                    add_one(IdentifierKind.DOCUMENT_AUTHOR, author, i)
        if is_document and src.content and src.sha256:
            add_one(IdentifierKind.DOCUMENT_SHA256, src.sha256.lower(), i)
    return out


def candidate_identifiers(
    sources: Sequence[SourceDocument], profiles: Sequence[Profile | None]
) -> list[Identifier]:
    """Every identifier of one candidate, in source order, each value once per kind.

    Documents count by their bytes (sha256; for every document file, read or not) and by their
    authoring session (`document_fingerprint`); values typed into a spreadsheet are not documents.
    """
    return [Identifier(kind, value, i) for kind, value, i in identifier_values(sources, profiles)]


def _phone(value: str, default_region: str) -> str | None:
    return phone_key(value, default_region)


def _email(value: str, _region: str) -> str | None:
    return email_key(value)


def _address(value: str, _region: str) -> str | None:
    return address_key(value)


def _linkedin(value: str, _region: str) -> str | None:
    return linkedin_key(value)


def _github(value: str, _region: str) -> str | None:
    return github_key(value)


def _photo(value: str, _region: str) -> str | None:
    return value.strip().lower() or None


def _sha256(value: str, _region: str) -> str | None:
    return f"sha256:{value.strip().lower()}" if value.strip() else None


def _fingerprint(value: str, _region: str) -> str | None:
    return value.strip() or None


# The single key of each linking kind but references (which name several): value, region → key.
JOIN_KEY: dict[IdentifierKind, Callable[[str, str], str | None]] = {
    IdentifierKind.PHONE: _phone,
    IdentifierKind.EMAIL: _email,
    IdentifierKind.ADDRESS: _address,
    IdentifierKind.SHIPPING_ADDRESS: _address,
    IdentifierKind.LINKEDIN: _linkedin,
    IdentifierKind.GITHUB: _github,
    IdentifierKind.PHOTO: _photo,
    IdentifierKind.DOCUMENT_SHA256: _sha256,
    IdentifierKind.DOCUMENT_FINGERPRINT: _fingerprint,
}


def join_keys(ident: Identifier, default_region: str = "US") -> list[tuple[LinkKind, str]]:
    """The keys linkage joins this identifier on (none for a placeholder or a non-linking kind).

    Addresses join only at street level; a reference yields the phones and mailboxes it names.
    """
    kind = ident.kind
    if kind is IdentifierKind.REFERENCE:
        return [(LinkKind.REFERENCE, k) for k in reference_keys(ident.value, default_region)]
    keyer = JOIN_KEY.get(kind)
    if keyer is None:
        return []
    key = keyer(ident.value, default_region)
    return [(_LINK_KIND[kind], key)] if key else []


# ---------------------------------------------------------------------------------------------
# The watchlist
# ---------------------------------------------------------------------------------------------

# KIND as the analyst names it → the identifier kind whose keys it matches.
WATCH_KINDS: dict[str, IdentifierKind] = {
    "phone": IdentifierKind.PHONE,
    "email": IdentifierKind.EMAIL,
    "address": IdentifierKind.ADDRESS,
    "linkedin": IdentifierKind.LINKEDIN,
    "github": IdentifierKind.GITHUB,
    "document": IdentifierKind.DOCUMENT_SHA256,
}
_SHA256 = re.compile(r"^(?:sha256:)?([0-9a-fA-F]{64})$")


def watch_key(kind: str, value: str) -> tuple[str, str] | None:
    """(link kind, key) the entry matches on, or None when the value identifies nothing specific.

    A document is its SHA-256 (64 hex digits) or its authoring fingerprint (`fp:…`); an address
    matches at street level only (a city is not an identifier).
    """
    ident_kind = WATCH_KINDS.get(kind)
    if ident_kind is None:
        return None
    text = value.strip()
    if ident_kind is IdentifierKind.DOCUMENT_SHA256:
        m = _SHA256.match(text)
        if m:
            return LinkKind.DOCUMENT.value, f"sha256:{m.group(1).lower()}"
        if text.startswith("fp:"):
            return LinkKind.DOCUMENT.value, text
        return None
    keys = join_keys(Identifier(ident_kind, text))
    return (keys[0][0].value, keys[0][1]) if keys else None
