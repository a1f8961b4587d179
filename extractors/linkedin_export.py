"""LinkedIn data exports ("Get a copy of your data"): the ZIP or its folder, read into a profile.

The files used (headers as LinkedIn writes them, issue 3): `Profile.csv`, `Positions.csv`
(`Started On`/`Finished On` like `Mar 2019`, empty = current), `Education.csv`,
`Email Addresses.csv`, `PhoneNumbers.csv`, and `Skills.csv` when present. Other files are
ignored. CSVs may start with a BOM and with `Notes:` lines before the header.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from extractors.model import (
    DateRange,
    ExtractionError,
    PartialDate,
    Position,
    Profile,
    Study,
    frozen_mapping,
)

__all__ = [
    "KNOWN_FILES",
    "export_date",
    "looks_like_linkedin_export",
    "parse_linkedin_export",
    "read_export_zip",
]

KNOWN_FILES = frozenset(
    name.lower()
    for name in (
        "Profile.csv",
        "Positions.csv",
        "Education.csv",
        "Email Addresses.csv",
        "PhoneNumbers.csv",
        "Skills.csv",
        "Connections.csv",
        "Languages.csv",
        "Certifications.csv",
        "Registration.csv",
        "Invitations.csv",
        "Messages.csv",
        "Profile Summary.csv",
        "Rich_Media.csv",
        "Ad_Targeting.csv",
        "Endorsement_Received_Info.csv",
        "Recommendations_Received.csv",
        "Company Follows.csv",
    )
)
"""File names (lower case) that LinkedIn data exports contain."""

_STRUCTURED = "structured source: LinkedIn data export row"

MAX_MEMBERS = 5000
MAX_ROWS = 5000  # rows of one CSV of the export (positions, schools, emails, skills…)
MAX_RATIO = 200  # uncompressed / compressed size of a large member
_RATIO_FLOOR = 1_000_000  # members smaller than this are never refused for their ratio

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def _base(name: str) -> str:
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()


CORE_FILES = frozenset({"profile.csv", "positions.csv", "education.csv"})
"""An export holds at least one of these; people often share Positions.csv and Education.csv
without the rest (the reader then says which parts were not there)."""


def looks_like_linkedin_export(names: Iterable[str]) -> bool:
    """Whether these file names (paths in a ZIP or folder) make a LinkedIn data export, whole or
    in part: `Profile.csv`, `Positions.csv` or `Education.csv` (their columns are checked when
    they are read)."""
    bases = {_base(n) for n in names}
    return bool(bases & CORE_FILES)


def read_export_zip(
    content: bytes, max_bytes: int = 200_000_000, *, max_members: int = MAX_MEMBERS
) -> dict[str, bytes]:
    """The CSV files of a data-export ZIP, by their path inside it.

    Guards against ZIP bombs: at most `max_members` entries, at most `max_bytes` uncompressed
    in total (declared and actually read), and no large member compressed more than
    `MAX_RATIO` to one. Encrypted or damaged archives raise `ExtractionError`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError(f"ZIP archive is damaged or not a ZIP file ({exc})") from None
    if len(infos) > max_members:
        raise ExtractionError(
            f"ZIP archive has {len(infos):,} entries (more than {max_members:,}); not read"
        )
    declared = sum(i.file_size for i in infos)
    if declared > max_bytes:
        raise ExtractionError(
            f"ZIP archive would unpack to {declared:,} bytes (the limit is {max_bytes:,}); not read"
        )
    out: dict[str, bytes] = {}
    remaining = max_bytes
    for info in infos:
        if info.is_dir() or not info.filename.lower().endswith(".csv"):
            continue
        if info.flag_bits & 0x1:
            raise ExtractionError(f"ZIP archive is encrypted ({info.filename}); not read")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ExtractionError(
                f"ZIP member {info.filename} is compressed {info.file_size // max(info.compress_size, 1):,} "
                "to 1 (a ZIP bomb?); not read"
            )
        out[info.filename] = _read_member(archive, info, remaining)
        remaining -= len(out[info.filename])
    return out


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one member in chunks, never past its declared size or the remaining budget."""
    limit = min(info.file_size, budget)
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(min(65536, limit - total + 1))
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise ExtractionError(
                        f"ZIP member {info.filename} unpacks to more than it declares; not read"
                    )
                chunks.append(chunk)
    except ExtractionError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise ExtractionError(f"ZIP member {info.filename} is damaged ({exc})") from None
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def _rows(content: bytes, name: str, key: str) -> list[dict[str, str]]:
    """Rows of a LinkedIn CSV as dicts. The header is the first row holding `key`, so any
    `Notes:` preamble is skipped; a BOM and any common encoding are handled."""
    from extractors.documents import decode_text

    text = decode_text(content)
    reader = csv.reader(io.StringIO(text))
    try:
        for index, row in enumerate(reader):
            if index >= MAX_ROWS:
                break
            cells = [c.strip().lstrip("\ufeff") for c in row]
            if key.lower() in (c.lower() for c in cells):
                return _records(reader, cells, name)
    except csv.Error as exc:
        raise ExtractionError(f"{name} is not a readable CSV file ({exc})") from None
    raise ExtractionError(f"{name} has no `{key}` column; not a LinkedIn export file")


def _records(reader: Iterator[list[str]], header: list[str], name: str) -> list[dict[str, str]]:
    """The rows after the header, at most `MAX_ROWS` (a person's export has far fewer; a file
    with more is refused rather than held in memory row by row)."""
    out: list[dict[str, str]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise ExtractionError(f"{name} has more than {MAX_ROWS:,} rows; not read")
        out.append(
            {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
        )
    return out


def _get(row: Mapping[str, str], *names: str) -> str:
    lowered = {k.lower(): v for k, v in row.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value:
            return value
    return ""


def _date(text: str) -> PartialDate | None:
    """`Mar 2019`, `March 2019`, `2019`, or (rarely) other forms the date parser knows."""
    t = text.strip().rstrip(".")
    if not t:
        return None
    m = re.fullmatch(r"(?:([A-Za-z]{3})[A-Za-z]*\.?\s+)?(\d{4})", t)
    if m:
        month = _MONTHS.get((m.group(1) or "").lower())
        if m.group(1) is None or month is not None:
            try:
                return PartialDate(int(m.group(2)), month)
            except ValueError:
                return None
    from extractors.dates import parse_date

    return parse_date(t, fallback=False)


def _range(start_text: str, end_text: str, *, open_is_current: bool) -> DateRange | None:
    start, end = _date(start_text), _date(end_text)
    if start is None and end is None:
        return None
    current = open_is_current and not end_text.strip()
    raw = f"{start_text} - {end_text or ('Present' if current else '')}".strip(" -")
    return DateRange(start, end, current=current, raw=raw)


def _websites(text: str) -> list[str]:
    """`[PERSONAL:https://a.example,COMPANY:https://b.example]` to addresses."""
    out = []
    for part in text.strip().strip("[]").split(","):
        value = re.sub(r"^[A-Z_]+:(?!//)", "", part.strip()).strip()
        if value:
            out.append(value)
    return out


_EXPORT_DATE = re.compile(
    r"LinkedInDataExport_(\d{1,2})-(\d{1,2})-(\d{4})(?:/|\.zip$|$)", re.IGNORECASE
)


def export_date(paths: Iterable[str]) -> date | None:
    """The date in the export's folder or ZIP name (`Basic_LinkedInDataExport_11-28-2024/`,
    `…_11-28-2024.zip`; month first), which is when the export was made: an empty
    `Finished On` means current then. None when no path carries it."""
    for path in paths:
        m = _EXPORT_DATE.search(path.replace("\\", "/"))
        if m:
            try:
                return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
            except ValueError:
                continue
    return None


def parse_linkedin_export(files: Mapping[str, bytes], as_of: date | None = None) -> Profile:
    """A profile from a data export's files (path or name → content).

    A missing `Positions.csv` gives a profile without experience and a note; a missing
    `Profile.csv` is an error only when nothing else usable is there. `as_of` ("Present")
    defaults to the date in the export's folder name, when the paths carry it.
    """
    if as_of is None:
        as_of = export_date(files)
    by_name: dict[str, tuple[str, bytes]] = {}
    for path in sorted(files, key=lambda p: (p.count("/"), p)):
        by_name.setdefault(_base(path), (path, files[path]))
    notes: list[str] = []
    unread: list[str] = []  # parts of the export that could not be read (the result is incomplete)
    fields: dict[str, Any] = {}

    def rows(name: str, key: str) -> list[dict[str, str]] | None:
        found = by_name.get(name.lower())
        if found is None:
            return None
        try:
            return _rows(found[1], name, key)
        except ExtractionError as exc:
            notes.append(str(exc))
            unread.append(str(exc))
            return []

    profile_rows = rows("Profile.csv", "First Name")
    if profile_rows is None:
        notes.append("Profile.csv missing from the export")
        unread.append("Profile.csv missing from the export: name, headline and location not read")
    elif profile_rows:
        row = profile_rows[0]
        first, last = _get(row, "First Name"), _get(row, "Last Name")
        fields["name"] = " ".join(p for p in (first, last) if p)
        maiden = _get(row, "Maiden Name")
        if maiden and first:
            fields["other_names"] = (f"{first} {maiden}",)
        fields["headline"] = _get(row, "Headline")
        fields["summary"] = _get(row, "Summary")
        location = _get(row, "Geo Location")
        fields["locations"] = (location,) if location else ()
        address = _get(row, "Address")
        fields["addresses"] = (address,) if address else ()
        fields["urls"] = tuple(_websites(_get(row, "Websites")))
        twitter = _websites(_get(row, "Twitter Handles"))
        if twitter:
            fields["extra_twitter"] = twitter

    experience: list[Position] = []
    position_rows = rows("Positions.csv", "Company Name")
    if position_rows is None:
        notes.append("Positions.csv missing from the export")
        unread.append("Positions.csv missing from the export: employment history not read")
    from extractors.normalise.employment import employment_type

    for row in position_rows or []:
        org, title = _get(row, "Company Name"), _get(row, "Title")
        if not (org or title):
            continue
        started, finished = _get(row, "Started On"), _get(row, "Finished On")
        experience.append(
            Position(
                org=org,
                title=title,
                range=_range(started, finished, open_is_current=True),
                location=_get(row, "Location"),
                employment_type=employment_type(title, org=org),
                description=_get(row, "Description"),
                raw=" | ".join(p for p in (org, title, started, finished or "Present") if p),
                confidence=1.0,
                confidence_reason=_STRUCTURED,
            )
        )

    education: list[Study] = []
    education_rows = rows("Education.csv", "School Name")
    for row in education_rows or []:
        school = _get(row, "School Name")
        if not school:
            continue
        start, end = _get(row, "Start Date"), _get(row, "End Date")
        education.append(
            Study(
                school=school,
                degree=_get(row, "Degree Name"),
                range=_range(start, end, open_is_current=False),
                raw=" | ".join(p for p in (school, _get(row, "Degree Name"), start, end) if p),
                confidence=1.0,
                confidence_reason=_STRUCTURED,
            )
        )

    email_rows = rows("Email Addresses.csv", "Email Address") or []
    email_rows.sort(key=lambda r: _get(r, "Primary").lower() != "yes")
    emails = tuple(dict.fromkeys(e for e in (_get(r, "Email Address") for r in email_rows) if e))
    phones = []
    for row in rows("PhoneNumbers.csv", "Number") or []:
        number, ext = _get(row, "Number"), _get(row, "Extension")
        if number:
            phones.append(f"{number} ext. {ext}" if ext else number)
    skills = tuple(s for s in (_get(r, "Name") for r in rows("Skills.csv", "Name") or []) if s)

    if not (fields.get("name") or experience or education or emails or phones):
        raise ExtractionError(
            "LinkedIn data export has no usable Profile.csv, Positions.csv, Education.csv, "
            "email or phone file"
        )
    extra: dict[str, Any] = (
        {"twitter": fields.pop("extra_twitter")} if "extra_twitter" in fields else {}
    )
    from extractors.contacts import github_handle, linkedin_slug

    urls = fields.get("urls", ())
    fields["linkedin_slugs"] = tuple(dict.fromkeys(s for s in map(linkedin_slug, urls) if s))
    fields["github_handles"] = tuple(dict.fromkeys(h for h in map(github_handle, urls) if h))
    text = "\n".join(
        [fields.get("name", ""), fields.get("headline", ""), fields.get("summary", "")]
        + [p.raw for p in experience]
        + [s.raw for s in education]
    ).strip()
    return Profile(
        **fields,
        emails=emails,
        phones=tuple(dict.fromkeys(phones)),
        skills=skills,
        experience=tuple(experience),
        education=tuple(education),
        as_of=as_of,
        text=text,
        notes=tuple(notes),
        unread_parts=tuple(unread),
        extra=frozen_mapping(extra),
    )
