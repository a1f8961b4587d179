"""Choose the extractor for a source document by what its content is, and run it.

Dispatch is one ordered table of parsers: each row says which documents it can read (`sniff`,
from the source's kind and the format the collector recognised from content) and how to read
them (`parse`, which may still decline with None, e.g. a PDF that is not a LinkedIn export).
The first row that reads the document wins; a new source kind is one module plus one row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from extractors.application import application_profile
from extractors.documents import DocumentText, Limits
from extractors.model import ExtractionError, Profile, SourceDocument, SourceKind

__all__ = [
    "PARSERS",
    "Blocked",
    "Extraction",
    "Parser",
    "extract",
    "extract_fields",
    "read_text_layer",
]


class Blocked(ExtractionError):
    """The content is a login wall, CAPTCHA or rate-limit page rather than the profile.

    `kind` says what the source turned out to be (a LinkedIn page behind a wall), so the report
    names it correctly although nothing was read.
    """

    def __init__(self, message: str, kind: SourceKind | None = None) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Extraction:
    profile: Profile
    kind: SourceKind  # refined from content (a PDF may turn out to be a LinkedIn export)
    format: str


@dataclass(frozen=True, slots=True)
class Parser:
    """One row of the dispatch table."""

    name: str
    sniff: Callable[[SourceDocument], bool]
    parse: Callable[[SourceDocument, Limits], Extraction | None]


# ---------------------------------------------------------------------------------------------
# Text layers of résumé-like formats
# ---------------------------------------------------------------------------------------------


def read_text_layer(content: bytes, fmt: str, limits: Limits) -> DocumentText:
    """The positioned text of a PDF, DOCX, HTML, Markdown or plain-text document."""
    from extractors import documents

    if fmt == "pdf":
        return documents.read_pdf(content, limits)
    if fmt == "docx":
        return documents.read_docx(content, limits)
    if fmt == "html":
        return documents.read_html(content, limits)
    if fmt in ("txt", "md"):
        return documents.read_text(content, limits, markdown=fmt == "md")
    raise ExtractionError(_unsupported(fmt))


def _resume(doc: SourceDocument, text: DocumentText) -> Extraction:
    kind = doc.kind if doc.kind is not SourceKind.LINKEDIN_PDF else SourceKind.RESUME
    return Extraction(read_resume(text), kind, doc.format)


def read_resume(text: DocumentText) -> Profile:
    """A résumé's text layer read into a Profile; a JSON Resume that reached a text reader (broken
    JSON is not sniffed as JSON) goes to its own parser, which says what is wrong with it ("not
    valid JSON: line 1 column 38")."""
    from extractors.json_resume import looks_like_json_resume, parse_json_resume
    from extractors.resume import parse_resume

    head = text.text.lstrip()[:65_536]
    if head.startswith("{") and looks_like_json_resume(head.encode("utf-8", "replace")):
        return parse_json_resume(text.text)
    return parse_resume(text)


# ---------------------------------------------------------------------------------------------
# The rows
# ---------------------------------------------------------------------------------------------


def _application(doc: SourceDocument, limits: Limits) -> Extraction:
    from extractors.application import parse_application

    return Extraction(parse_application(doc.content), doc.kind, doc.format)


def _web(doc: SourceDocument, limits: Limits) -> Extraction | None:
    """A GitHub account, a personal site or an archived capture; None for another format (a PDF
    behind a site's URL), which the rows below read."""
    from extractors.linkedin_page import BlockedPage
    from extractors.site import extract_web_source

    try:
        found = extract_web_source(doc)
    except BlockedPage as exc:
        raise Blocked(str(exc)) from None
    return Extraction(found[0], found[1], doc.format) if found is not None else None


def _linkedin_export(doc: SourceDocument, limits: Limits) -> Extraction:
    from extractors.linkedin_export import (
        export_date,
        looks_like_linkedin_export,
        parse_linkedin_export,
        read_export_zip,
    )

    files = read_export_zip(doc.content)
    if not looks_like_linkedin_export(files):
        raise ExtractionError(
            "ZIP archive is not a LinkedIn data export (no Profile.csv, Positions.csv or "
            "Education.csv in it)"
        )
    # The ZIP's own name dates the export when the folder inside does not.
    dated: date | None = export_date([*files, doc.uri])
    return Extraction(
        parse_linkedin_export(files, as_of=dated), SourceKind.LINKEDIN_EXPORT, doc.format
    )


_EXPORT_HEADERS = {"positions.csv": b"company name", "education.csv": b"school name"}


def _is_export_file(doc: SourceDocument) -> bool:
    """`Positions.csv` or `Education.csv` of a LinkedIn data export given on its own (people
    share them without the rest): its name and its header row say so."""
    name = doc.uri.replace("\\", "/").rsplit("/", 1)[-1].lower()
    header = _EXPORT_HEADERS.get(name)
    return header is not None and header in doc.content[:4096].lower()


def _export_file(doc: SourceDocument, limits: Limits) -> Extraction:
    from extractors.linkedin_export import parse_linkedin_export

    profile = parse_linkedin_export({doc.uri: doc.content})
    return Extraction(profile, SourceKind.LINKEDIN_EXPORT, "csv")


def _json_resume(doc: SourceDocument, limits: Limits) -> Extraction:
    from extractors.json_resume import parse_json_resume

    return Extraction(parse_json_resume(doc.content), SourceKind.JSON_RESUME, doc.format)


def _pdf(doc: SourceDocument, limits: Limits) -> Extraction:
    """A LinkedIn "Save to PDF" export when it has its layout, else a résumé; a file given as
    a LinkedIn export that is neither is an error, not a résumé read by mistake."""
    from extractors.linkedin_pdf import looks_like_linkedin_pdf, parse_linkedin_pdf

    text = read_text_layer(doc.content, "pdf", limits)
    if looks_like_linkedin_pdf(text):
        return Extraction(parse_linkedin_pdf(text), SourceKind.LINKEDIN_PDF, doc.format)
    if doc.kind.family.value == "linkedin":
        raise ExtractionError(
            "not a LinkedIn Save-to-PDF export (no LinkedIn metadata, Contact sidebar or "
            "'Page N of M' footers); if it is a résumé, give it with --resume"
        )
    return _resume(doc, text)


def _html(doc: SourceDocument, limits: Limits) -> Extraction:
    """A saved LinkedIn page (or its login wall) when it is one, else a résumé page."""
    from extractors.linkedin_page import BlockedPage, classify_linkedin_page, parse_linkedin_page

    if classify_linkedin_page(doc.content) != "not_linkedin":
        try:
            return Extraction(
                parse_linkedin_page(doc.content), SourceKind.LINKEDIN_PAGE, doc.format
            )
        except BlockedPage as exc:
            raise Blocked(str(exc), SourceKind.LINKEDIN_PAGE) from None
    if doc.kind.family.value == "linkedin":
        raise ExtractionError(
            "not a LinkedIn page: the saved page is of another site (no LinkedIn profile, "
            "login wall or error page in it)"
        )
    return _resume(doc, read_text_layer(doc.content, "html", limits))


def _text_resume(doc: SourceDocument, limits: Limits) -> Extraction:
    return _resume(doc, read_text_layer(doc.content, doc.format, limits))


PARSERS: tuple[Parser, ...] = (
    Parser("application", lambda d: d.kind is SourceKind.APPLICATION, _application),
    Parser(
        "web", lambda d: d.kind in (SourceKind.GITHUB, SourceKind.SITE, SourceKind.ARCHIVE), _web
    ),
    Parser("linkedin_export", lambda d: d.format == "zip", _linkedin_export),
    Parser("json_resume", lambda d: d.format == "json", _json_resume),
    Parser("pdf", lambda d: d.format == "pdf", _pdf),
    Parser("html", lambda d: d.format == "html", _html),
    Parser("docx_resume", lambda d: d.format == "docx", _text_resume),
    Parser(
        "linkedin_export_file",
        lambda d: d.format in ("txt", "md") and _is_export_file(d),
        _export_file,
    ),
    Parser("text_resume", lambda d: d.format in ("txt", "md"), _text_resume),
)


def extract(doc: SourceDocument, *, limits: Limits | None = None) -> Extraction:
    """Read one document into a profile. Raises `ExtractionError` (or `Blocked`) on bad content."""
    lim = limits if isinstance(limits, Limits) else Limits()
    for parser in PARSERS:
        if parser.sniff(doc):
            result = parser.parse(doc, lim)
            if result is not None:
                return result
    raise ExtractionError(_unsupported(doc.format))


def extract_fields(doc: SourceDocument, fields: Mapping[str, str]) -> Extraction:
    """An application document read from the fields its content was made from: what `extract`
    gives when it decodes that content again, without decoding it."""
    return Extraction(application_profile(fields), doc.kind, doc.format)


def _unsupported(fmt: str) -> str:
    return {
        "doc": "old binary Word .doc files are not supported; save it as .docx or PDF",
        "image": "an image is not a résumé the scanner can read (no OCR); give the PDF or DOCX",
        "xlsx": "a spreadsheet is not a résumé; use `scanner batch` for applicant spreadsheets",
        "unknown": "unrecognised file format (expected PDF, DOCX, TXT/MD, HTML, JSON Resume, "
        "or a LinkedIn export ZIP)",
    }.get(fmt, f"unsupported format: {fmt}")
