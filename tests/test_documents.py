"""Document readers: sniffing, PDF reading order, DOCX vetting, text decoding, HTML, hostile input."""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from documents_helpers import (
    Text,
    body_xml,
    build_pdf,
    build_zip,
    column,
    docx_bytes,
    minimal_docx,
    read_any,
    zeros_member_zip,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractors.documents as documents
from extractors.documents import (
    DocumentText,
    Limits,
    TextLine,
    decode_text,
    read_docx,
    read_html,
    read_pdf,
    read_text,
    sniff_format,
)
from extractors.documents.pdf import parse_pdf_date
from extractors.model import DocumentMeta, ExtractionError

NAME_LATIN = "José Müller – résumé"


def texts(doc: DocumentText) -> list[str]:
    return [line.text for line in doc.lines]


# --- public API -----------------------------------------------------------------------------


def test_public_api_is_complete() -> None:
    assert sorted(documents.__all__) == sorted(
        [
            "DocumentText",
            "Limits",
            "TextLine",
            "decode_text",
            "read_docx",
            "read_html",
            "read_pdf",
            "read_text",
            "sniff_format",
        ]
    )
    for name in documents.__all__:
        assert getattr(documents, name) is not None


def test_importing_the_package_does_not_import_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, extractors.documents\n"
        "heavy = [m for m in ('pypdfium2', 'docx', 'bs4', 'lxml', 'pypdf') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_document_text_joins_lines() -> None:
    doc = DocumentText(lines=(TextLine("a"), TextLine("b", page=1)), meta=DocumentMeta())
    assert doc.text == "a\nb"
    assert Limits().max_pages == 200


# --- sniff_format ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return build_pdf([[Text(72, 72, "Jane Doe"), Text(72, 90, "jane.doe@example.com")]])


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Jane Doe")
    return docx_bytes(document)


def test_sniff_pdf_by_content_whatever_the_name(small_pdf: bytes) -> None:
    assert sniff_format(small_pdf, "cv.docx") == "pdf"
    assert sniff_format(small_pdf) == "pdf"
    assert sniff_format(b"\n\n  junk before the header\n" + small_pdf, "x.txt") == "pdf"


def test_sniff_zip_family(small_docx: bytes) -> None:
    xlsx = build_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    plain = build_zip({"Profile.csv": b"First Name,Last Name\nJane,Doe\n"})
    assert sniff_format(small_docx, "cv.zip") == "docx"
    assert sniff_format(small_docx, "") == "docx"
    assert sniff_format(xlsx, "cv.docx") == "xlsx"
    assert sniff_format(plain, "cv.docx") == "zip"
    assert sniff_format(plain, "export.zip") == "zip"
    assert sniff_format(small_docx[: len(small_docx) // 2], "cv.docx") == "docx"


def test_sniff_text_family() -> None:
    assert sniff_format(b'{"basics": {"name": "Jane Doe"}}', "resume.txt") == "json"
    assert sniff_format(b'\xef\xbb\xbf[{"a": 1}]', "") == "json"
    assert sniff_format(b"{not json at all", "x.json") == "txt"
    assert sniff_format(b"<!DOCTYPE html><html><body>Hi</body></html>", "a.txt") == "html"
    assert sniff_format(b"<!-- saved -->\n<html lang=en><p>Hi", "") == "html"
    assert sniff_format(b"  <div><p>Jane Doe</p></div>", "page.htm") == "html"
    assert sniff_format(b"Jane Doe\nSenior Engineer\n", "cv") == "txt"
    assert sniff_format(b"Jane Doe\nSenior Engineer\n", "cv.md") == "md"
    assert sniff_format(b"# Jane Doe\n\n**Senior** [site](https://example.com)\n", "cv") == "md"
    assert sniff_format("Jane Doe, résumé\n".encode("utf-16"), "cv.pdf") == "txt"
    assert sniff_format(NAME_LATIN.encode("cp1252"), "") == "txt"


def test_sniff_binary_formats() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "WordDocument".encode("utf-16-le")
    assert sniff_format(ole, "cv.pdf") == "doc"
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "cv.doc") == "doc"
    assert sniff_format(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "cv.pdf") == "image"
    assert sniff_format(b"\xff\xd8\xff\xe0" + b"\0" * 50, "") == "image"
    assert sniff_format(bytes(range(256)) * 4, "cv.txt") == "unknown"
    assert sniff_format(b"", "cv.pdf") == "unknown"


# --- PDF: reading order ---------------------------------------------------------------------


def test_single_column_resume() -> None:
    lines = [
        Text(72, 72, "Jane Doe", 20, "B"),
        Text(72, 96, "Senior Site Reliability Engineer"),
        Text(72, 112, "jane.doe@example.com | (312) 555-0142"),
        Text(72, 140, "Experience", 13, "B"),
        Text(72, 158, "Example Corp - Senior Engineer"),
        Text(72, 172, "Ran the platform team and cut deploy times in half."),
    ]
    doc = read_pdf(build_pdf([lines]))
    assert texts(doc) == [t.text for t in lines]
    first = doc.lines[0]
    assert first.bold and first.size == 20.0 and first.page == 0
    assert 70 < first.x0 < 74 and first.top < 72 < first.bottom
    assert not doc.lines[1].bold
    assert doc.page_width == 612.0
    assert doc.meta.pages == 1
    assert doc.notes == ()


SIDEBAR = [
    "Contact",
    "jane.doe@example.com",
    "(312) 555-0142",
    "www.linkedin.com/in/jane-doe",
    "Top Skills",
    "Kubernetes",
    "Terraform",
    "Go",
    "Languages",
    "English (Native)",
    "Spanish (Professional)",
    "Certifications",
    "CKA",
]
MAIN = [
    "Jane Doe",
    "Senior Site Reliability Engineer at Example Corp",
    "Chicago, Illinois, United States",
    "Summary",
    "Reliability engineer who likes boring, well-understood systems and clear runbooks.",
    "Experience",
    "Example Corp",
    "Senior Site Reliability Engineer",
    "January 2019 - Present (5 years)",
    "Chicago, Illinois",
    "Northwind Traders",
    "Systems Engineer",
    "June 2014 - December 2018 (4 years 7 months)",
    "Education",
    "University of Illinois Urbana-Champaign",
    "Bachelor of Science - BS, Computer Science (2010 - 2014)",
    "Page 1 of 1",
]


def _two_column_pdf() -> bytes:
    # Sidebar at x=30 with 14 pt steps, main column at x=220 with 17 pt steps: some baselines
    # coincide (y=60 and y=298), as they do in real exports.
    sidebar = column(30, 60, 14, SIDEBAR, size=10.5)
    main = [Text(220, 60, MAIN[0], 24, "B"), *column(220, 94, 17, MAIN[1:-1], size=11)]
    main.append(Text(300, 760, MAIN[-1], 9))
    return build_pdf([sidebar + main])


def test_two_column_sidebar_comes_before_main_and_lines_do_not_mix() -> None:
    doc = read_pdf(_two_column_pdf())
    lines = texts(doc)
    assert lines == SIDEBAR + MAIN
    sidebar_lines = [line for line in doc.lines if line.text in SIDEBAR]
    assert all(line.x1 < 200 for line in sidebar_lines)
    assert all(line.x0 >= 219 for line in doc.lines if line.text in MAIN)


def test_full_width_header_above_two_columns_is_read_first() -> None:
    header = [
        Text(30, 40, "Jane Doe - Site Reliability Engineer - jane.doe@example.com - Chicago", 14)
    ]
    left = column(30, 80, 14, SIDEBAR[:8])
    right = column(220, 80, 17, MAIN[1:10], size=11)
    doc = read_pdf(build_pdf([header + left + right]))
    assert texts(doc) == [header[0].text, *SIDEBAR[:8], *MAIN[1:10]]


def test_sidebar_on_the_right_is_read_after_the_main_column() -> None:
    short = [line for line in MAIN[1:12] if len(line) < 60]  # must end left of x=440
    main = column(40, 60, 17, short, size=11)
    sidebar = column(440, 60, 14, SIDEBAR, size=10.5)
    assert texts(read_pdf(build_pdf([main + sidebar]))) == [*short, *SIDEBAR]


def test_right_aligned_dates_stay_on_their_title_line() -> None:
    body = "Led a team of six engineers building the payments platform on Kubernetes and Go."
    page = [
        Text(50, 60, "Jane Doe", 18, "B"),
        Text(50, 100, "Senior Engineer", 11, "B"),
        Text(562, 100, "Jan 2019 – Present", 11, right=True),
        Text(50, 115, body),
        Text(50, 145, "Systems Engineer", 11, "B"),
        Text(562, 145, "Jun 2014 – Dec 2018", 11, right=True),
        Text(50, 160, body),
        Text(50, 190, "Intern", 11, "B"),
        Text(562, 190, "Summer 2013", 11, right=True),
    ]
    lines = texts(read_pdf(build_pdf([page])))
    assert lines == [
        "Jane Doe",
        "Senior Engineer    Jan 2019 – Present",
        body,
        "Systems Engineer    Jun 2014 – Dec 2018",
        body,
        "Intern    Summer 2013",
    ]


def test_right_aligned_dates_without_full_width_text_are_not_a_column() -> None:
    rows = [("Senior Engineer", "Jan 2019 – Present"), ("Engineer", "2016 – 2018")]
    rows += [("Junior Engineer", "2014 – 2016"), ("Intern", "2013")]
    page = [Text(50, 60, "EXPERIENCE", 12, "B")]
    for i, (title, dates) in enumerate(rows):
        page += [Text(50, 90 + 30 * i, title), Text(560, 90 + 30 * i, dates, right=True)]
        page.append(Text(60, 104 + 30 * i, "- shipped things"))
    lines = texts(read_pdf(build_pdf([page])))
    assert lines[0] == "EXPERIENCE"
    assert lines[1] == "Senior Engineer    Jan 2019 – Present"
    assert lines[3] == "Engineer    2016 – 2018"
    assert lines[-2] == "Intern    2013"


def test_dot_leaders_become_a_gap() -> None:
    page = [Text(50, 80, "Senior Engineer " + "." * 40 + " Jan 2019 – Present")]
    assert texts(read_pdf(build_pdf([page]))) == ["Senior Engineer    Jan 2019 – Present"]


def test_multi_page_keeps_page_numbers_and_order() -> None:
    pages = [column(72, 72, 16, [f"Page {p} line {i}" for i in range(5)]) for p in range(3)]
    doc = read_pdf(build_pdf(pages))
    assert texts(doc) == [f"Page {p} line {i}" for p in range(3) for i in range(5)]
    assert [line.page for line in doc.lines] == [p for p in range(3) for _ in range(5)]
    assert doc.meta.pages == 3


def test_rotated_text_is_read_after_the_page_text() -> None:
    pdf = build_pdf(
        [[Text(72, 72, "Jane Doe"), Text(72, 90, "Engineer")]],
        rotated=[(0, Text(560, 700, "CONFIDENTIAL DRAFT"))],
    )
    assert texts(read_pdf(pdf)) == ["Jane Doe", "Engineer", "CONFIDENTIAL DRAFT"]


# --- PDF: metadata --------------------------------------------------------------------------


def test_pdf_metadata() -> None:
    created = datetime(2021, 3, 14, 9, 26, 53, tzinfo=timezone(timedelta(hours=-5)))
    pdf = build_pdf(
        [[Text(72, 72, "Jane Doe")]],
        author="Jane Doe",
        producer="Skia/PDF m120",
        creator="Chromium",
        title="Résumé",
        created=created,
    )
    meta = read_pdf(pdf).meta
    assert meta.author == "Jane Doe"
    assert meta.producer == "Skia/PDF m120"
    assert meta.creator == "Chromium"
    assert meta.title == "Résumé"
    assert meta.created == created
    assert meta.created is not None and meta.created.tzinfo is not None
    assert meta.pages == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20190301120000Z", datetime(2019, 3, 1, 12, 0, tzinfo=UTC)),
        ("D:20190301120000+01'00'", datetime(2019, 3, 1, 12, tzinfo=timezone(timedelta(hours=1)))),
        (
            "D:20190301120000-05'30",
            datetime(2019, 3, 1, 12, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("D:2019", datetime(2019, 1, 1, tzinfo=UTC)),
        ("20190301", datetime(2019, 3, 1, tzinfo=UTC)),
        ("D:20191301", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_pdf_date(raw: str, expected: datetime | None) -> None:
    assert parse_pdf_date(raw) == expected


# --- PDF: bad input and limits --------------------------------------------------------------


def _error(reader: Callable[..., object], content: bytes, *args: object) -> str:
    with pytest.raises(ExtractionError) as info:
        reader(content, *args)
    return str(info.value)


def test_pdf_empty_garbage_and_truncated(small_pdf: bytes, tmp_path: Path) -> None:
    assert _error(read_pdf, b"") == "file is empty"
    garbage = b"\x13\x37GARBAGE" + bytes(range(256)) * 8
    (tmp_path / "cv.pdf").write_bytes(garbage)
    message = _error(read_pdf, (tmp_path / "cv.pdf").read_bytes())
    assert message.startswith("not a PDF (starts with ")
    truncated = small_pdf[: len(small_pdf) // 2]
    assert _error(read_pdf, truncated).startswith("PDF is damaged or truncated: ")
    assert _error(read_pdf, b"%PDF-1.7\n" + b"\0" * 100).startswith("PDF is damaged or truncated")


def test_pdf_missing_end_marker_is_read_with_a_note(small_pdf: bytes) -> None:
    cut = small_pdf[: small_pdf.rindex(b"%%EOF")]
    doc = read_pdf(cut)
    assert texts(doc) == ["Jane Doe", "jane.doe@example.com"]
    assert any("truncated" in note for note in doc.notes)


def test_pdf_with_user_password_is_refused() -> None:
    pdf = build_pdf([[Text(72, 72, "Jane Doe")]], owner_password="owner", user_password="user")
    assert _error(read_pdf, pdf) == "PDF is encrypted (password protected)"


def test_pdf_with_only_an_owner_password_is_read() -> None:
    pdf = build_pdf([[Text(72, 72, "Jane Doe")]], owner_password="owner", author="Jane Doe")
    doc = read_pdf(pdf)
    assert texts(doc) == ["Jane Doe"]
    assert doc.meta.author == "Jane Doe"


def test_image_only_pdf_has_no_text_layer() -> None:
    pdf = build_pdf([[]], images_only=True)
    assert _error(read_pdf, pdf) == "PDF has no text layer (scanned image?); OCR is not supported"


def test_page_limit_reads_only_the_first_pages() -> None:
    pages = [
        [Text(72, 72, f"Page {i + 1}"), Text(72, 90, "jane.doe@example.com")] for i in range(500)
    ]
    doc = read_pdf(build_pdf(pages), Limits(max_pages=50))
    assert {line.page for line in doc.lines} == set(range(50))
    assert doc.lines[-2].text == "Page 50"
    assert "only the first 50 of 500 pages were read" in doc.notes
    assert doc.meta.pages == 500


def test_time_limit_stops_between_pages() -> None:
    pages = [[Text(72, 72, f"Page {i + 1}")] for i in range(5)]
    doc = read_pdf(build_pdf(pages), Limits(max_seconds=0))
    assert texts(doc) == ["Page 1"]
    assert any(note.startswith("stopped after 0 s") for note in doc.notes)


def test_pdf_char_and_byte_limits(small_pdf: bytes) -> None:
    page = column(72, 72, 14, [f"Line number {i} of a long page" for i in range(40)])
    doc = read_pdf(build_pdf([page]), Limits(max_chars=100))
    assert sum(len(line.text) for line in doc.lines) <= 100
    assert "text truncated to the first 100 characters" in doc.notes
    message = _error(read_pdf, small_pdf, Limits(max_bytes=100))
    assert message.startswith("PDF is too large")


# --- DOCX -----------------------------------------------------------------------------------


def _resume_docx() -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "Jane Doe"
    document.core_properties.last_modified_by = "HR Bot"
    document.core_properties.title = "Résumé"
    document.core_properties.created = datetime(2022, 5, 1, 8, 30, tzinfo=UTC)
    section = document.sections[0]
    section.header.paragraphs[0].text = "jane.doe@example.com | (312) 555-0142"
    section.footer.paragraphs[0].text = "References available on request"
    document.add_heading("Jane Doe", level=0)
    document.add_paragraph("Senior Site Reliability Engineer")
    document.add_heading("Experience", level=1)
    title = document.add_paragraph()
    title.add_run("Senior Engineer, Example Corp").bold = True
    title.add_run("\tJan 2019 – Present")
    mixed = document.add_paragraph("Mostly plain text with ")
    mixed.add_run("one").bold = True
    mixed.add_run(" bold word.")
    broken = document.add_paragraph("First line")
    broken.add_run().add_break()
    broken.add_run("Second line")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Kubernetes", "Go"), ("Terraform", "PostgreSQL")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    small = document.add_paragraph("After the table")
    small.runs[0].font.size = Pt(9)
    return docx_bytes(document)


def test_docx_reads_header_body_tables_footer_in_order() -> None:
    doc = read_docx(_resume_docx())
    assert texts(doc) == [
        "jane.doe@example.com | (312) 555-0142",
        "Jane Doe",
        "Senior Site Reliability Engineer",
        "Experience",
        "Senior Engineer, Example Corp    Jan 2019 – Present",
        "Mostly plain text with one bold word.",
        "First line",
        "Second line",
        "Kubernetes",
        "Go",
        "Terraform",
        "PostgreSQL",
        "After the table",
        "References available on request",
    ]
    by_text = {line.text: line for line in doc.lines}
    assert by_text["Jane Doe"].heading
    assert by_text["Experience"].heading and by_text["Experience"].bold
    assert not by_text["Senior Site Reliability Engineer"].heading
    assert by_text["Senior Engineer, Example Corp    Jan 2019 – Present"].bold
    assert not by_text["Mostly plain text with one bold word."].bold
    assert all(line.page == 0 and line.x0 == 0.0 for line in doc.lines)


def test_docx_core_properties() -> None:
    meta = read_docx(_resume_docx()).meta
    assert meta.author == "Jane Doe"
    assert meta.last_modified_by == "HR Bot"
    assert meta.title == "Résumé"
    assert meta.created == datetime(2022, 5, 1, 8, 30, tzinfo=UTC)
    assert meta.modified is None or meta.modified.tzinfo is not None


def test_docx_text_box_is_read_once_and_content_controls_are_read() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent><w:p><w:r><w:t>Sidebar: Kubernetes</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        f'<w:document xmlns:w="{w}" xmlns:mc="{mc}"><w:body>'
        "<w:p><w:r><w:t>Anchor paragraph</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        "<w:p><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins><w:r><w:t>inserted</w:t></w:r></w:ins></w:p>"
        "</w:body></w:document>"
    ).encode()
    doc = read_docx(minimal_docx(xml))
    assert texts(doc) == [
        "Anchor paragraph",
        "Sidebar: Kubernetes",
        "In a content control",
        "inserted",
    ]


def test_docx_zip_bomb_over_the_unzipped_limit_is_refused() -> None:
    bomb = zeros_member_zip(
        "word/media/image1.png",
        201_000_000,
        base={"[Content_Types].xml": b"<Types/>", "word/document.xml": body_xml(["Hi"])},
    )
    assert len(bomb) < 1_000_000
    message = _error(read_docx, bomb)
    assert "possible zip bomb; refused" in message
    assert _error(read_any, bomb, "cv.docx") == message


def test_docx_highly_compressed_member_is_refused() -> None:
    bomb = zeros_member_zip(
        "word/document.xml", 5_000_000, base={"[Content_Types].xml": b"<Types/>"}
    )
    message = _error(read_docx, bomb)
    assert "compressed" in message and "possible zip bomb; refused" in message


def test_docx_lying_zip_header_is_caught() -> None:
    import struct

    data = bytearray(minimal_docx(body_xml(["Jane Doe " * 2000])))
    # Claim word/document.xml inflates to 100 bytes in both headers; inflating it must not
    # silently succeed.
    name = b"word/document.xml"
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + name_len] == name:
            data[central + 24 : central + 28] = struct.pack("<I", 100)
            local = struct.unpack("<I", data[central + 42 : central + 46])[0]
            data[local + 22 : local + 26] = struct.pack("<I", 100)
        central = data.find(b"PK\x01\x02", central + 4)
    assert _error(read_docx, bytes(data)).startswith("DOCX is damaged")


def test_docx_encrypted_zip_member_is_damaged_not_a_crash() -> None:
    import struct

    data = bytearray(minimal_docx(body_xml(["Jane Doe"])))
    # Set the "encrypted" flag on every member, in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            flags = struct.unpack("<H", data[at + offset : at + offset + 2])[0]
            data[at + offset : at + offset + 2] = struct.pack("<H", flags | 1)
            at = data.find(signature, at + 4)
    assert _error(read_docx, bytes(data)).startswith("DOCX is damaged")


def test_docx_nested_table_cells_in_order() -> None:
    import docx

    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Outer left"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Inner A"
    inner.cell(0, 1).text = "Inner B"
    assert texts(read_docx(docx_bytes(document))) == ["Outer left", "Inner A", "Inner B"]


def test_docx_too_many_parts_is_refused() -> None:
    members = {f"word/media/{i}.txt": b"x" for i in range(5001)}
    members["word/document.xml"] = body_xml(["Hi"])
    assert "parts (limit 5000); refused" in _error(
        read_docx, build_zip(members, compression=zipfile.ZIP_STORED)
    )


ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_docx_entity_bomb_is_refused(encoding: str) -> None:
    xml = (
        ENTITY_BOMB
        + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    ).encode(encoding)
    message = _error(read_docx, minimal_docx(xml))
    assert message == "DOCX contains a DTD/entity declarations (possible XML bomb); refused"


def test_docx_dtd_in_another_part_is_refused(small_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(small_docx)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["docProps/core.xml"] = ENTITY_BOMB.encode() + b"<cp:coreProperties/>"
    assert "DTD" in _error(read_docx, build_zip(members))


def test_docx_corrupt_or_incomplete(small_docx: bytes) -> None:
    assert _error(read_docx, b"") == "file is empty"
    assert _error(read_docx, b"PK\x03\x04 not really a zip").startswith(
        "DOCX is damaged or not a zip"
    )
    assert _error(read_docx, small_docx[: len(small_docx) // 2]).startswith("DOCX is damaged")
    no_document = build_zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"})
    assert "no word/document.xml" in _error(read_docx, no_document)
    assert _error(read_docx, minimal_docx(b"<w:document><unclosed>")).startswith("DOCX is damaged")


def test_docx_macro_enabled_is_refused_with_a_clear_message(small_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(small_docx)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    assert _error(read_docx, build_zip(members)).startswith("not a Word document")


# --- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        NAME_LATIN.encode("utf-8"),
        codecs.BOM_UTF8 + NAME_LATIN.encode("utf-8"),
        codecs.BOM_UTF16_LE + NAME_LATIN.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + NAME_LATIN.encode("utf-16-be"),
        NAME_LATIN.encode("utf-16-le"),
        NAME_LATIN.encode("utf-16-be"),
        NAME_LATIN.encode("cp1252"),
        codecs.BOM_UTF32_LE + NAME_LATIN.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252", "utf32"],
)
def test_decode_text_encodings(encoded: bytes) -> None:
    assert decode_text(encoded) == NAME_LATIN


def test_decode_text_normalises_newlines_and_never_fails_on_undefined_cp1252() -> None:
    assert decode_text(b"a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert decode_text(b"caf\xe9 \x81\x8d") == "café \x81\x8d"


def test_read_text_lines() -> None:
    content = "Jane Doe\r\n\r\n  Senior Engineer\tJan 2019 – Present  \r\n\u200bjane\u200b@example.com\n".encode(
        "cp1252", errors="ignore"
    )
    doc = read_text(content)
    assert texts(doc) == ["Jane Doe", "Senior Engineer    Jan 2019 – Present", "jane@example.com"]
    assert doc.meta == DocumentMeta()


def test_read_text_notes_invisible_characters() -> None:
    doc = read_text("Jane\u200b Doe\u00ad\n".encode())
    assert texts(doc) == ["Jane Doe"]
    assert any("invisible" in note for note in doc.notes)


def test_ligatures_and_exotic_spaces_are_normalised() -> None:
    doc = read_text("Certiﬁed Kubernetes\u00a0Administrator\u2003(CKA)".encode())
    assert texts(doc) == ["Certified Kubernetes Administrator (CKA)"]


def test_markdown_is_stripped_lightly() -> None:
    md = (
        "# Jane Doe\n\n"
        "**Senior Site Reliability Engineer**\n\n"
        "Contact: [jane.doe@example.com](mailto:jane.doe@example.com) · <https://example.org/jane>\n\n"
        "## Experience\n\n"
        "- **Example Corp**, Senior Engineer — *2019 – Present*\n"
        "* Kept `kubectl` happy\n"
        "1. first_name_last_name stays\n\n"
        "Skills\n------\n\n"
        "| Skill | Years |\n|---|---|\n| Go | 5 |\n\n"
        "---\n"
        "> quoted line\n"
    ).encode()
    doc = read_any(md, "cv.md")
    assert texts(doc) == [
        "Jane Doe",
        "Senior Site Reliability Engineer",
        "Contact: jane.doe@example.com · https://example.org/jane",
        "Experience",
        "- Example Corp, Senior Engineer — 2019 – Present",
        "* Kept kubectl happy",
        "1. first_name_last_name stays",
        "Skills",
        "Skill    Years",
        "Go    5",
        "quoted line",
    ]
    flags = {line.text: (line.heading, line.bold) for line in doc.lines}
    assert flags["Jane Doe"] == (True, True)
    assert flags["Experience"] == (True, True)
    assert flags["Skills"] == (True, True)
    assert flags["Senior Site Reliability Engineer"] == (False, True)
    assert flags["quoted line"] == (False, False)


def test_plain_text_keeps_markdown_like_characters() -> None:
    doc = read_text(b"# of reports: 5\n**not bold**\n", markdown=False)
    assert texts(doc) == ["# of reports: 5", "**not bold**"]


def test_fifty_megabyte_single_line_text_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        word = b"lorem ipsum dolor sit amet " * 1000
        written = 0
        while written < 52_000_000:
            out.write(word)
            written += len(word)
    content = path.read_bytes()
    doc = read_text(content)
    assert sum(len(line.text) for line in doc.lines) <= Limits().max_chars
    assert max(len(line.text) for line in doc.lines) <= 2000
    assert any("only the first 50.0 MB" in note for note in doc.notes)
    assert "text truncated to the first 2,000,000 characters" in doc.notes
    assert any("very long line was split" in note for note in doc.notes)
    small = read_text(content, Limits(max_chars=10_000))
    assert sum(len(line.text) for line in small.lines) <= 10_000


def test_text_without_spaces_is_split_hard() -> None:
    doc = read_text(b"x" * 5000)
    assert [len(line.text) for line in doc.lines] == [2000, 2000, 1000]


# --- HTML -----------------------------------------------------------------------------------


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Jos\xe9 M\xfcller | Profile</title>
<meta name="author" content="Jos\xe9 M\xfcller"><meta name="generator" content="Hugo 0.120">
<style>.x { color: red }</style><script>var secret = "do not show";</script></head>
<body>
<nav>Home</nav>
<h1>Jos\xe9 M\xfcller</h1>
<p>Senior Engineer<br>Chicago, IL</p>
<div>Works at <b>Example Corp</b> since 2019.</div>
<div style="display:none">hidden keywords kubernetes kubernetes</div>
<span aria-hidden="true">Senior Engineer at Example Corp</span><span class="visually-hidden">Senior Engineer at Example Corp</span>
<ul><li>Go</li><li><strong>Kubernetes</strong></li></ul>
<table><tr><td>2019</td><td>Example Corp</td></tr></table>
<pre>line one
  line two</pre>
<noscript>Enable JavaScript</noscript>
<script>document.write("nope")</script>
</body></html>"""


def test_html_visible_text_in_block_order() -> None:
    doc = read_html(HTML_PAGE.encode("cp1252"))
    assert texts(doc) == [
        "Home",
        "José Müller",
        "Senior Engineer",
        "Chicago, IL",
        "Works at Example Corp since 2019.",
        "Senior Engineer at Example Corp",
        "Go",
        "Kubernetes",
        "2019",
        "Example Corp",
        "line one",
        "line two",
    ]
    by_text = {line.text: line for line in doc.lines}
    assert by_text["José Müller"].heading and by_text["José Müller"].bold
    assert by_text["Kubernetes"].bold and not by_text["Go"].bold
    assert not by_text["Works at Example Corp since 2019."].bold
    assert doc.meta.title == "José Müller | Profile"
    assert doc.meta.author == "José Müller"
    assert doc.meta.creator == "Hugo 0.120"
    assert "skipped the text of 1 hidden element" in doc.notes


def test_html_charset_declared_latin1_and_utf8_fallback() -> None:
    latin = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body><p>Jos\xe9 \x96 CV</p></body></html>'
    assert texts(read_html(latin)) == ["José – CV"]
    mislabelled = '<meta charset="utf-8"><p>José</p>'.encode("cp1252")
    assert texts(read_html(mislabelled)) == ["José"]
    utf8 = "<p>José</p>".encode()
    assert texts(read_html(utf8)) == ["José"]


def test_html_touching_inline_fields_are_separated() -> None:
    page = (
        b"<p><time>Mar 2019</time> - Present<span>5 years 9 months</span></p>"
        b"<h4><span>Bachelor of Science - BS</span><span>Computer Science</span></h4>"
        b"<p>Dec 2020<span>2 years</span></p>"
        b"<p>Kuber<em>netes</em> and <b>J</b>ane, 1<sup>st</sup> place, <i>(</i>x<i>)</i></p>"
    )
    assert texts(read_html(page)) == [
        "Mar 2019 - Present 5 years 9 months",
        "Bachelor of Science - BS Computer Science",
        "Dec 2020 2 years",
        "Kubernetes and Jane, 1st place, (x)",
    ]


def test_html_deep_nesting_does_not_crash() -> None:
    deep = b"<div>" * 20000 + b"<b>" * 20000 + b"deep text" + b"</b>" * 20000 + b"</div>" * 20000
    doc = read_html(deep)
    assert texts(doc) == ["deep text"]
    assert doc.lines[0].bold


# --- the pipeline's dispatch ------------------------------------------------------------------


def test_the_format_comes_from_content_not_the_name(small_pdf: bytes, small_docx: bytes) -> None:
    assert texts(read_any(small_pdf, "cv.docx")) == ["Jane Doe", "jane.doe@example.com"]
    assert texts(read_any(small_docx, "cv.pdf")) == ["Jane Doe"]
    assert texts(read_any(b"<html><body><p>Jane</p></body></html>", "cv.txt")) == ["Jane"]
    assert texts(read_any(NAME_LATIN.encode("utf-16"), "cv.txt")) == [NAME_LATIN]


def _extract_error(content: bytes, filename: str) -> str:
    from extractors.dispatch import extract
    from extractors.model import SourceDocument, SourceKind

    doc = SourceDocument(
        kind=SourceKind.RESUME, format=sniff_format(content, filename), uri=filename,
        content=content,
    )  # fmt: skip
    with pytest.raises(ExtractionError) as info:
        extract(doc)
    return str(info.value)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "cv.doc",
            "old binary Word .doc files are not supported",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "cv.png", "an image is not a résumé"),
        (build_zip({"a.csv": b"x"}), "cv.zip", "ZIP archive is not a LinkedIn data export"),
        (build_zip({"xl/workbook.xml": b"<x/>"}), "a.xlsx", "a spreadsheet is not a résumé"),
        (b"{\\rtf1\\ansi Jane}", "cv.rtf", "unrecognised file format"),
        (bytes(range(256)) * 4, "cv.bin", "unrecognised file format"),
    ],
)
def test_unsupported_documents_say_what_they_are(
    content: bytes, filename: str, message: str
) -> None:
    assert _extract_error(content, filename).startswith(message)


def test_the_shared_bad_fixtures_fail_with_one_line() -> None:
    bad = Path(__file__).resolve().parent.parent / "fixtures" / "bad"
    assert bad.is_dir()
    for path in sorted(bad.iterdir()):
        try:
            read_any(path.read_bytes(), path.name)
        except ExtractionError as exc:
            assert str(exc) and "\n" not in str(exc)


# --- hostile input (property-based) ---------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_decode_text_never_raises(content: bytes) -> None:
    text = decode_text(content)
    assert isinstance(text, str)
    assert "\r" not in text and "\x00" not in text
    text.encode("utf-8")  # no lone surrogates


PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"{", b"\xef\xbb\xbf", b"\xff\xfe"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PREFIXES),
    st.binary(max_size=2048),
    st.sampled_from(["", "cv.pdf", "cv.docx", "cv.txt", "cv.html", "cv.md", "cv.json", "x"]),
)
def test_reading_any_bytes_raises_only_extraction_error(
    prefix: bytes, body: bytes, name: str
) -> None:
    try:
        doc = read_any(prefix + body, name, Limits(max_seconds=5))
    except ExtractionError as exc:
        assert str(exc)
        return
    for line in doc.lines:
        assert line.text and line.text == line.text.strip()
        line.text.encode("utf-8")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_pdf_and_docx_raise_only_extraction_error(data: st.DataObject) -> None:
    base = (
        build_pdf([[Text(72, 72, "Jane Doe")]])
        if data.draw(st.booleans())
        else minimal_docx(body_xml(["Jane Doe"]))
    )
    mangled = bytearray(base)
    for _ in range(data.draw(st.integers(1, 20))):
        index = data.draw(st.integers(0, len(mangled) - 1))
        mangled[index] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(mangled)))
    try:
        read_any(bytes(mangled[:cut]), "cv")
    except ExtractionError:
        pass
