"""Choose the extractor for a source document by what its content is, and run it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractors.model import ExtractionError, Profile, SourceDocument, SourceKind

__all__ = ["Blocked", "Extraction", "extract"]


_LINKEDIN = frozenset({SourceKind.LINKEDIN_PDF, SourceKind.LINKEDIN_PAGE})


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


def extract(doc: SourceDocument, *, limits: object | None = None) -> Extraction:
    """Read one document into a profile. Raises `ExtractionError` (or `Blocked`) on bad content."""
    from extractors.documents import Limits

    lim = limits if isinstance(limits, Limits) else Limits()
    fmt = doc.format
    if doc.kind is SourceKind.APPLICATION:
        from extractors.application import parse_application

        return Extraction(parse_application(doc.content), doc.kind, fmt)
    if doc.kind in (SourceKind.GITHUB, SourceKind.SITE, SourceKind.ARCHIVE):
        from extractors.linkedin_page import BlockedPage
        from extractors.site import extract_web_source

        try:
            found = extract_web_source(doc)  # None: another format (a PDF behind a site URL)
        except BlockedPage as exc:
            raise Blocked(str(exc)) from None
        if found is not None:
            return Extraction(found[0], found[1], fmt)
    if fmt == "zip":
        from extractors.linkedin_export import looks_like_linkedin_export, read_export_zip

        files = read_export_zip(doc.content)
        if looks_like_linkedin_export(files):
            from extractors.linkedin_export import export_date

            # The ZIP's own name dates the export when the folder inside does not.
            dated = export_date([*files, doc.uri])
            return Extraction(_export_profile(files, dated), SourceKind.LINKEDIN_EXPORT, fmt)
        raise ExtractionError("ZIP archive is not a LinkedIn data export (no Profile.csv)")
    if fmt == "json":
        from extractors.json_resume import parse_json_resume

        return Extraction(parse_json_resume(doc.content), SourceKind.JSON_RESUME, fmt)
    if fmt == "pdf":
        from extractors.documents import read_pdf

        text = read_pdf(doc.content, lim)
        from extractors.linkedin_pdf import looks_like_linkedin_pdf, parse_linkedin_pdf

        if looks_like_linkedin_pdf(text):
            return Extraction(parse_linkedin_pdf(text), SourceKind.LINKEDIN_PDF, fmt)
        if doc.kind in _LINKEDIN:
            raise ExtractionError(
                "not a LinkedIn Save-to-PDF export (no LinkedIn metadata, Contact sidebar or "
                "'Page N of M' footers); if it is a résumé, give it with --resume"
            )
        return Extraction(_resume(text), _resume_kind(doc), fmt)
    if fmt == "html":
        from extractors.linkedin_page import BlockedPage, classify_linkedin_page

        page = classify_linkedin_page(doc.content)
        if page != "not_linkedin":
            from extractors.linkedin_page import parse_linkedin_page

            try:
                return Extraction(parse_linkedin_page(doc.content), SourceKind.LINKEDIN_PAGE, fmt)
            except BlockedPage as exc:
                raise Blocked(str(exc), SourceKind.LINKEDIN_PAGE) from None
        if doc.kind in _LINKEDIN:
            raise ExtractionError(
                "not a LinkedIn page: the saved page is of another site (no LinkedIn profile, "
                "login wall or error page in it)"
            )
        from extractors.documents import read_html

        return Extraction(_resume(read_html(doc.content, lim)), _resume_kind(doc), fmt)
    if fmt == "docx":
        from extractors.documents import read_docx

        return Extraction(_resume(read_docx(doc.content, lim)), _resume_kind(doc), fmt)
    if fmt in ("txt", "md"):
        from extractors.documents import read_text

        return Extraction(_resume(read_text(doc.content, lim)), _resume_kind(doc), fmt)
    raise ExtractionError(_unsupported(fmt))


def _resume_kind(doc: SourceDocument) -> SourceKind:
    return doc.kind if doc.kind is not SourceKind.LINKEDIN_PDF else SourceKind.RESUME


def _resume(text: object) -> Profile:
    from extractors.resume import parse_resume

    return parse_resume(text)  # type: ignore[arg-type]


def _export_profile(files: dict[str, bytes], as_of: date | None = None) -> Profile:
    from extractors.linkedin_export import parse_linkedin_export

    return parse_linkedin_export(files, as_of=as_of)


def _unsupported(fmt: str) -> str:
    return {
        "doc": "old binary Word .doc files are not supported; save it as .docx or PDF",
        "image": "an image is not a résumé the scanner can read (no OCR); give the PDF or DOCX",
        "xlsx": "a spreadsheet is not a résumé; use `scanner batch` for applicant spreadsheets",
        "unknown": "unrecognised file format (expected PDF, DOCX, TXT/MD, HTML, JSON Resume, "
        "or a LinkedIn export ZIP)",
    }.get(fmt, f"unsupported format: {fmt}")
