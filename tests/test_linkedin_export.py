"""LinkedIn data exports: the generated ZIPs and folder, CSV quirks (BOM, `Notes:` preamble),
missing files, and the ZIP-bomb guards of `read_export_zip`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from extractors.linkedin_export import (
    looks_like_linkedin_export,
    parse_linkedin_export,
    read_export_zip,
)
from extractors.model import DateRange, ExtractionError, PartialDate, Profile

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "export"
POSITIONS_HEADER = "Company Name,Title,Description,Location,Started On,Finished On\n"


def d(text: str | None) -> PartialDate | None:
    return PartialDate.parse_iso(text) if text else None


def span(rng: DateRange | None) -> tuple[PartialDate | None, PartialDate | None]:
    return (rng.start, rng.end) if rng is not None else (None, None)


def positions(profile: Profile) -> list[tuple]:
    return [
        (
            p.org,
            p.title,
            p.range.start if p.range else None,
            p.range.end if p.range else None,
            p.range.current if p.range else False,
        )
        for p in profile.experience
    ]


def check_jordan(p: Profile) -> None:
    assert p.name == "Jordan Ellison"
    assert p.headline == "Senior Software Engineer at Brightline Analytics"
    assert p.locations == ("Chicago, Illinois, United States",)
    assert p.addresses == ("1200 W Example St, Chicago, IL 60607",)
    assert p.emails == ("jordan.ellison@example.com", "j.ellison.alt@example.org")
    assert p.phones == ("+1 312 555 0142",)
    assert p.urls == ("https://jordanellison.example.org", "https://github.com/jellison-example")
    assert p.github_handles == ("jellison-example",)
    assert p.skills == ("Python", "Distributed Systems", "PostgreSQL")
    assert [(s.school, s.degree, *span(s.range)) for s in p.education] == [
        (
            "University of Illinois Urbana-Champaign",
            "Bachelor of Science - BS",
            d("2011"),
            d("2015"),
        )
    ]


def test_full_zip() -> None:
    files = read_export_zip((EXPORTS / "full.zip").read_bytes())
    assert looks_like_linkedin_export(files)
    assert all(name.endswith(".csv") for name in files)
    p = parse_linkedin_export(files)
    check_jordan(p)
    assert positions(p) == [
        ("Brightline Analytics", "Senior Software Engineer", d("2019-03"), None, True),
        ("Harborview Systems", "Software Engineer", d("2015-06"), d("2019-02"), False),
    ]
    assert p.experience[0].location == "Chicago, Illinois, United States"
    assert p.experience[0].description == "Leads the ingestion team; moved batch jobs to streaming."
    assert p.notes == ()


def test_folder_reads_the_same_as_the_zip() -> None:
    folder = EXPORTS / "full"
    files = {str(f.relative_to(folder)): f.read_bytes() for f in folder.rglob("*") if f.is_file()}
    assert looks_like_linkedin_export(files)
    p = parse_linkedin_export(files)
    zipped = parse_linkedin_export(read_export_zip((EXPORTS / "full.zip").read_bytes()))
    assert p.experience == zipped.experience
    assert p.education == zipped.education
    check_jordan(p)


def test_zip_without_positions() -> None:
    files = read_export_zip((EXPORTS / "no_positions.zip").read_bytes())
    assert "Positions.csv" not in files
    assert looks_like_linkedin_export(files)
    p = parse_linkedin_export(files)
    check_jordan(p)
    assert p.experience == ()
    assert p.notes == ("Positions.csv missing from the export",)


def test_bom_and_notes_preamble() -> None:
    positions_csv = (
        "\ufeffNotes:\n"
        '"Some positions may be missing, see the help page, it says ""Started On"" is a month"\n'
        "\n" + POSITIONS_HEADER + 'Example Corp,Analyst,"Line one\nline two",Denver,Mar 2019,\n'
        "Sample Holdings,Clerk,,,2015,Dec 2018\n"
    ).encode("utf-8")
    files = {
        "Profile.csv": "\ufeffFirst Name,Last Name,Headline\nRiley,Sample,Analyst\n".encode(),
        "Positions.csv": positions_csv,
    }
    p = parse_linkedin_export(files)
    assert p.name == "Riley Sample"
    assert positions(p) == [
        ("Example Corp", "Analyst", d("2019-03"), None, True),
        ("Sample Holdings", "Clerk", d("2015"), d("2018-12"), False),
    ]
    assert p.experience[0].description == "Line one\nline two"
    assert "Education.csv" not in " ".join(p.notes)


def test_cp1252_csv_is_decoded() -> None:
    files = {
        "Profile.csv": "First Name,Last Name\nJosé,Müller\n".encode("cp1252"),
        "Positions.csv": (POSITIONS_HEADER + "Café Ltd,Barista,,,Jan 2020,\n").encode("cp1252"),
    }
    p = parse_linkedin_export(files)
    assert p.name == "José Müller"
    assert p.experience[0].org == "Café Ltd"


def test_missing_profile_csv_still_gives_experience() -> None:
    files = {"Positions.csv": (POSITIONS_HEADER + "Example Corp,Analyst,,,Mar 2019,\n").encode()}
    p = parse_linkedin_export(files)
    assert p.name == ""
    assert positions(p) == [("Example Corp", "Analyst", d("2019-03"), None, True)]
    assert "Profile.csv missing from the export" in p.notes


def test_nothing_usable_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="no usable"):
        parse_linkedin_export({"Connections.csv": b"First Name,Last Name\n"})


def test_csv_without_its_header_is_noted() -> None:
    files = {
        "Profile.csv": b"First Name,Last Name\nRiley,Sample\n",
        "Positions.csv": b"something,else\n1,2\n",
    }
    p = parse_linkedin_export(files)
    assert p.experience == ()
    assert any("Positions.csv has no `Company Name` column" in n for n in p.notes)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Profile.csv", "Positions.csv", "Rich_Media.csv"], True),
        (["export/Profile.csv", "export/Email Addresses.csv"], True),
        (["Positions.csv", "Education.csv"], True),
        # Part of an export is still one (people share Positions.csv and Education.csv alone);
        # the files' own header rows are checked when they are read.
        (["Profile.csv"], True),
        (["Education.csv", "Skills.csv"], True),
        (["Skills.csv", "Connections.csv"], False),
        (["data.csv", "notes.txt"], False),
    ],
)
def test_looks_like_linkedin_export(names: list[str], expected: bool) -> None:
    assert looks_like_linkedin_export(names) is expected


# --- ZIP guards -----------------------------------------------------------------------------


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_not_a_zip() -> None:
    with pytest.raises(ExtractionError, match="damaged or not a ZIP"):
        read_export_zip(b"PK\x03\x04 this is not really a zip")


def test_truncated_zip() -> None:
    data = (EXPORTS / "full.zip").read_bytes()
    with pytest.raises(ExtractionError, match="damaged"):
        read_export_zip(data[: len(data) // 2])


def test_too_many_members() -> None:
    data = make_zip({f"f{i}.csv": b"a" for i in range(30)})
    with pytest.raises(ExtractionError, match="30 entries"):
        read_export_zip(data, max_members=20)


def test_total_size_limit() -> None:
    data = make_zip({"Profile.csv": b"x" * 5000, "Positions.csv": b"y" * 5000})
    with pytest.raises(ExtractionError, match="would unpack to 10,000 bytes"):
        read_export_zip(data, max_bytes=8000)


def test_compression_ratio_bomb() -> None:
    data = make_zip({"Positions.csv": b"\0" * 5_000_000})
    with pytest.raises(ExtractionError, match="ZIP bomb"):
        read_export_zip(data)


def test_member_larger_than_declared_is_refused() -> None:
    data = bytearray(make_zip({"Positions.csv": b"z" * 4000}))
    # Shrink the declared uncompressed size in the central directory to 100 bytes.
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (100).to_bytes(4, "little")
    with pytest.raises(ExtractionError):
        read_export_zip(bytes(data))


def test_encrypted_member_is_refused() -> None:
    data = bytearray(make_zip({"Positions.csv": b"a,b\n"}))
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 8] |= 0x1  # general-purpose flag: encrypted
    with pytest.raises(ExtractionError, match="encrypted"):
        read_export_zip(bytes(data))


def test_only_csv_members_are_read() -> None:
    data = make_zip({"Profile.csv": b"First Name\nRiley\n", "photo.jpg": b"\xff\xd8" * 100})
    assert list(read_export_zip(data)) == ["Profile.csv"]
