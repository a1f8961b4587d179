"""JSON Resume (https://jsonresume.org/schema) to a `Profile`.

Dates keep the precision they are written with (`2019`, `2019-03`, `2019-03-14`); a job without
an `endDate` is current. Values of the wrong type are skipped with a note rather than failing
the whole document; only input that is not JSON, not an object, or not a JSON Resume at all
raises `ExtractionError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from extractors.contacts import github_handle, is_valid_github_username, linkedin_slug
from extractors.model import (
    DateRange,
    EmploymentType,
    ExtractionError,
    PartialDate,
    Position,
    Profile,
    Study,
    frozen_mapping,
)

__all__ = ["looks_like_json_resume", "parse_json_resume"]

_RESUME_KEYS = ("basics", "work", "volunteer", "education", "skills")
_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$"
)
_PRESENT = re.compile(r"^\s*(?:present|current|now|today|ongoing|)\s*$", re.IGNORECASE)
_SNIFF_BYTES = 65_536


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ExtractionError(f"JSON Resume input must be bytes or text, not {type(data).__name__}")
    raw = bytes(data)
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    return raw.decode("utf-8", errors="replace")


def _load(data: bytes | str) -> Any:
    text = _decode(data)
    if not text.strip():
        raise ExtractionError("not valid JSON: the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExtractionError(
            f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. absurdly deep nesting
        raise ExtractionError(f"not valid JSON: {type(exc).__name__}") from None


def _is_json_resume(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    schema = obj.get("$schema")
    if isinstance(schema, str) and "jsonresume" in schema.lower():
        return True
    if isinstance(obj.get("basics"), dict):
        return True
    return any(
        isinstance(obj.get(k), list) and any(isinstance(e, dict) for e in obj[k])
        for k in ("work", "volunteer", "education")
    )


def looks_like_json_resume(data: bytes) -> bool:
    """Whether `data` is a JSON Resume document (a JSON object with `basics`, `work`, ...).

    Never raises. Large inputs, and broken JSON, are judged by the telltale keys alone.
    """
    try:
        head = bytes(data[:_SNIFF_BYTES]).lstrip(b"\xef\xbb\xbf \t\r\n")
    except TypeError:
        return False
    if not head.startswith(b"{"):
        return False
    if len(data) > 5_000_000:
        return bool(re.search(rb'"(?:basics|work|education)"\s*:', head))
    try:
        obj = json.loads(_decode(data))
    except (ValueError, RecursionError, ExtractionError):
        # Broken JSON that names résumé sections is still meant as a JSON Resume: claiming it
        # lets the parser report where the JSON breaks instead of "unsupported format".
        return bool(re.search(rb'"(?:basics|work|education)"\s*:', head))
    return _is_json_resume(obj)


def _str(value: Any) -> str:
    """A scalar as a trimmed string; anything else (lists, objects, None) as ""."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(value: Any, where: str, notes: list[str]) -> PartialDate | None:
    """`2019`, `2019-03` or `2019-03-14` (a time part is ignored); other text via the date parser."""
    text = _str(value)
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            return PartialDate(year or 0, month, day if month else None)
        except ValueError:
            notes.append(f"{where}: {text!r} is not a valid date")
            return None
    try:
        from extractors.dates import parse_date

        parsed = parse_date(text)
    except Exception:
        parsed = None
    if parsed is None:
        notes.append(f"{where}: {text!r} is not a date")
    return parsed


def _range(
    entry: Mapping[str, Any], where: str, notes: list[str], *, open_is_current: bool
) -> DateRange | None:
    start_raw, end_raw = _str(entry.get("startDate")), _str(entry.get("endDate"))
    start = _date(start_raw, f"{where}.startDate", notes)
    end = None
    current = False
    if end_raw and not _PRESENT.match(end_raw):
        end = _date(end_raw, f"{where}.endDate", notes)
    elif end_raw or open_is_current:
        current = bool(start)  # "endDate" missing or "Present": ongoing
    if start is None and end is None:
        return None
    raw = f"{start_raw or '?'} – {end_raw or ('Present' if current else '?')}"
    return DateRange(start=start, end=end, current=current, raw=raw)


def _entries(
    obj: Mapping[str, Any], key: str, notes: list[str]
) -> list[tuple[int, dict[str, Any]]]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        notes.append(f"{key}: expected a list, found {type(value).__name__}; ignored")
        return []
    out = []
    for i, entry in enumerate(value):
        if isinstance(entry, dict):
            out.append((i, entry))
        else:
            notes.append(f"{key}[{i}]: expected an object, found {type(entry).__name__}; ignored")
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [s for s in (_str(v) for v in value) if s]
    s = _str(value)
    return [s] if s else []


def _raw(entry: Mapping[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)[:4000]


def _position(
    i: int, entry: dict[str, Any], key: str, notes: list[str], volunteer: bool
) -> Position | None:
    from extractors.normalise.employment import employment_type

    org = _str(entry.get("name")) or _str(entry.get("company")) or _str(entry.get("organization"))
    title = _str(entry.get("position"))
    if not org and not title:
        notes.append(f"{key}[{i}]: no name or position; ignored")
        return None
    parts = [_strings(entry.get(k)) for k in ("summary", "description", "highlights")]
    description = "\n".join(s for part in parts for s in part)
    etype = EmploymentType.VOLUNTEER if volunteer else employment_type(title, org=org)
    return Position(
        org=org,
        title=title,
        range=_range(entry, f"{key}[{i}]", notes, open_is_current=True),
        location=_str(entry.get("location")),
        employment_type=etype,
        description=description,
        raw=_raw(entry),
        confidence=1.0,
        confidence_reason="structured source: JSON Resume field",
    )


def _study(i: int, entry: dict[str, Any], notes: list[str]) -> Study | None:
    school = _str(entry.get("institution"))
    degree = _str(entry.get("studyType"))
    if not school and not degree:
        notes.append(f"education[{i}]: no institution or studyType; ignored")
        return None
    return Study(
        school=school,
        degree=degree,
        field=_str(entry.get("area")),
        range=_range(entry, f"education[{i}]", notes, open_is_current=False),
        raw=_raw(entry),
        confidence=1.0,
        confidence_reason="structured source: JSON Resume field",
    )


def _location(loc: Any) -> tuple[list[str], list[str]]:
    """(locations, addresses) from `basics.location` (an object, or a plain string)."""
    if isinstance(loc, str):
        return ([loc.strip()] if loc.strip() else []), []
    if not isinstance(loc, dict):
        return [], []
    city, region = _str(loc.get("city")), _str(loc.get("region"))
    country = _str(loc.get("countryCode")) or _str(loc.get("country"))
    place = ", ".join(p for p in (city, region, country) if p)
    address = _str(loc.get("address"))
    addresses = []
    if address:
        tail = " ".join(p for p in (region, _str(loc.get("postalCode"))) if p)
        addresses.append(", ".join(p for p in (address, city, tail, country) if p))
    return ([place] if place else []), addresses


def _profiles(
    basics: Mapping[str, Any], notes: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """(urls, linkedin slugs, github handles) from `basics.profiles`."""
    urls: list[str] = []
    slugs: list[str] = []
    handles: list[str] = []
    profiles = basics.get("profiles")
    if profiles is None:
        return urls, slugs, handles
    if not isinstance(profiles, list):
        notes.append("basics.profiles: expected a list; ignored")
        return urls, slugs, handles
    for p in profiles:
        if not isinstance(p, dict):
            continue
        network = _str(p.get("network")).lower()
        username = _str(p.get("username")).lstrip("@")
        url = _str(p.get("url"))
        if url:
            urls.append(url)
        if "linkedin" in network or "linkedin.com" in url.lower():
            slug = linkedin_slug(url) if url else None
            slug = slug or username or None
            if slug:
                slugs.append(slug)
        elif "github" in network or "github.com" in url.lower():
            handle = username if is_valid_github_username(username) else None
            handle = handle or (github_handle(url) if url else None)
            if handle:
                handles.append(handle)
    return urls, slugs, handles


def _texts(value: Any, out: list[str], depth: int = 0) -> None:
    """All string values in document order (the plain text the profile was read from)."""
    if depth > 20 or len(out) > 20_000:
        return
    if isinstance(value, str):
        if value.strip():
            out.append(value.strip())
    elif isinstance(value, dict):
        for v in value.values():
            _texts(v, out, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _texts(v, out, depth + 1)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return tuple(out)


def _as_of(meta: Any) -> date | None:
    if not isinstance(meta, dict):
        return None
    text = _str(meta.get("lastModified"))
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        m = _ISO.match(text)
        if m and m.group(2) and m.group(3):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def parse_json_resume(data: bytes | str) -> Profile:
    """Read a JSON Resume document into a `Profile`.

    Raises `ExtractionError` when the input is not valid JSON ("not valid JSON: line 3 column 5:
    ..."), not an object, or has none of the JSON Resume sections.
    """
    obj = _load(data)
    if not isinstance(obj, dict):
        raise ExtractionError(
            f"not a JSON Resume: the top level is a {_json_type(obj)}, not an object"
        )
    if not _is_json_resume(obj):
        keys = ", ".join(sorted(str(k) for k in obj)[:6]) or "none"
        raise ExtractionError(
            f"not a JSON Resume: no basics, work or education section (top-level keys: {keys})"
        )
    from extractors.resume import find_stated_experience

    notes: list[str] = []
    basics = obj.get("basics")
    if basics is not None and not isinstance(basics, dict):
        notes.append(f"basics: expected an object, found {type(basics).__name__}; ignored")
    basics = basics if isinstance(basics, dict) else {}

    experience = [
        p
        for i, e in _entries(obj, "work", notes)
        if (p := _position(i, e, "work", notes, volunteer=False)) is not None
    ] + [
        p
        for i, e in _entries(obj, "volunteer", notes)
        if (p := _position(i, e, "volunteer", notes, volunteer=True)) is not None
    ]
    education = [s for i, e in _entries(obj, "education", notes) if (s := _study(i, e, notes))]
    skills: list[str] = []
    for _, e in _entries(obj, "skills", notes):
        skills.extend([*_strings(e.get("name")), *_strings(e.get("keywords"))])
    references = [
        "; ".join(p for p in (_str(e.get("name")), _str(e.get("reference"))) if p)
        for _, e in _entries(obj, "references", notes)
    ]
    locations, addresses = _location(basics.get("location"))
    urls, slugs, handles = _profiles(basics, notes)
    site = _str(basics.get("url")) or _str(basics.get("website"))
    summary = _str(basics.get("summary"))
    headline = _str(basics.get("label"))
    texts: list[str] = []
    _texts(obj, texts)
    return Profile(
        name=_str(basics.get("name")),
        headline=headline,
        summary=summary,
        emails=_unique(_strings(basics.get("email"))),
        phones=_unique(_strings(basics.get("phone"))),
        locations=_unique(locations),
        addresses=_unique(addresses),
        urls=_unique([site, *urls]),
        linkedin_slugs=_unique(slugs),
        github_handles=_unique(handles),
        references=_unique(references),
        skills=_unique(skills),
        experience=tuple(experience),
        education=tuple(education),
        stated_experience=tuple(find_stated_experience(f"{headline}\n{summary}")),
        as_of=_as_of(obj.get("meta")),
        text="\n".join(texts),
        notes=tuple(notes),
        extra=frozen_mapping({"format": "json_resume"}),
    )


def _json_type(obj: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(obj), "null" if obj is None else type(obj).__name__
    )
