"""The application form (command-line fields or a spreadsheet row) as a profile of its own."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from extractors.model import ExtractionError, Profile

__all__ = [
    "APPLICATION_FIELDS",
    "application_content",
    "application_fields",
    "application_profile",
    "encode_fields",
    "parse_application",
]

APPLICATION_FIELDS = (
    "name",
    "email",
    "phone",
    "location",
    "address",
    "shipping_address",
    "linkedin",
    "github",
    "site",
    "references",
)


_BARE_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


# `json.dumps(..., sort_keys=True, ensure_ascii=False)` is this encoder's `encode`: made once,
# not once a row (it holds no state between calls).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def application_fields(
    fields: Mapping[str, Any], scrub: Callable[[str], str] | None = None
) -> dict[str, str]:
    """The fields the content holds: as text, trimmed, empty ones left out; `scrub` (when given)
    is applied to each text value first (the collector drops control characters with it)."""
    clean: dict[str, str] = {}
    for k, v in fields.items():
        if v is None:
            continue
        text = (scrub(v) if scrub is not None and isinstance(v, str) else str(v)).strip()
        if text:
            clean[k] = text
    return clean


def encode_fields(clean: Mapping[str, str]) -> bytes:
    """Canonical bytes for fields `application_fields` made (stable key order): a stable sha256."""
    return _ENCODER.encode(clean).encode("utf-8")


def application_content(fields: Mapping[str, Any]) -> bytes:
    """Canonical bytes for the fields (stable key order), so the source gets a stable sha256."""
    return encode_fields(application_fields(fields))


def _split(value: str) -> tuple[str, ...]:
    if ";" not in value and "\n" not in value:  # one value (most cells): no list to split
        one = value.strip()
        return (one,) if one else ()
    return tuple(v.strip() for v in value.replace("\n", ";").split(";") if v.strip())


@cache
def _contact_readers() -> tuple[
    Callable[[str], str | None], Callable[[str], str | None], Callable[[str], tuple[str, ...]]
]:
    """LinkedIn slug, GitHub handle and phone-list readers: imported on first use (start-up
    does without them), then kept (an import statement would cost every application)."""
    from extractors.contacts import github_handle, linkedin_slug, split_phone_list

    return linkedin_slug, github_handle, split_phone_list


def parse_application(content: bytes) -> Profile:
    """Fields as typed by the applicant; phones and the rest are kept verbatim."""
    try:
        fields = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExtractionError(f"application fields are not valid JSON: {exc}") from None
    if not isinstance(fields, dict):
        raise ExtractionError("application fields must be an object")
    return application_profile(fields)


def application_profile(fields: Mapping[str, Any]) -> Profile:
    """The profile of the fields an application's content holds (what `parse_application` reads
    back from it): the collector that encoded them passes them here rather than decode again."""
    linkedin_slug, github_handle, split_phone_list = _contact_readers()
    urls = tuple(fields[k] for k in ("linkedin", "github", "site") if fields.get(k))
    slug = linkedin_slug(fields["linkedin"]) if fields.get("linkedin") else None
    handle = None
    if fields.get("github"):
        raw = fields["github"].strip().lstrip("@")
        handle = raw if _BARE_HANDLE.fullmatch(raw) else github_handle(raw)
    return Profile(
        name=fields.get("name", ""),
        emails=_split(fields.get("email", "")),
        phones=tuple(p for cell in _split(fields.get("phone", "")) for p in split_phone_list(cell)),
        locations=_split(fields.get("location", "")),
        addresses=_split(fields.get("address", "")),
        shipping_addresses=_split(fields.get("shipping_address", "")),
        urls=urls,
        linkedin_slugs=(slug,) if slug else (),
        github_handles=(handle,) if handle else (),
        references=_split(fields.get("references", "")),
    )
