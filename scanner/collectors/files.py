"""Local files and folders → `SourceDocument`s. Recognises the format by content, reads nothing else."""

from __future__ import annotations

import io
import mimetypes
import zipfile
from dataclasses import dataclass
from pathlib import Path

from extractors.model import SourceDocument, SourceFamily, SourceKind, SourceStatus

__all__ = ["DEFAULT_MAX_BYTES", "FileLimits", "collect_path"]

DEFAULT_MAX_BYTES = 100_000_000  # read into memory at most; formats have their own, lower limits


@dataclass(frozen=True)
class FileLimits:
    """What reading a local file may cost (`[limits] max_file_bytes`); the document readers'
    own limits (`max_bytes`, `max_pages`…) then apply to what was read."""

    max_file_bytes: int = DEFAULT_MAX_BYTES


_EXPORT_MAX_FILES = 500

_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "html": "text/html",
    "json": "application/json",
    "txt": "text/plain",
    "md": "text/markdown",
}


_LINKEDIN_BY_FORMAT = {
    "pdf": SourceKind.LINKEDIN_PDF,
    "html": SourceKind.LINKEDIN_PAGE,
    "zip": SourceKind.LINKEDIN_EXPORT,
}


def _error(
    kind: SourceKind, uri: str, fmt: str, message: str, content: bytes = b""
) -> SourceDocument:
    return SourceDocument(
        kind=kind,
        format=fmt,
        uri=uri,
        content=content,
        sha256=SourceDocument.digest(content),
        collector="file",
        status=SourceStatus.ERROR,
        error=message,
    )


def collect_path(
    path: Path,
    kind: SourceKind | None = None,
    *,
    uri: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SourceDocument:
    """Read a file (or a LinkedIn data-export folder). Problems become an `error` document."""
    uri = uri or str(path)
    if path.is_dir():
        return _collect_folder(path, uri, max_bytes)
    default_kind = kind or SourceKind.RESUME
    if default_kind.family is SourceFamily.LINKEDIN:
        default_kind = _LINKEDIN_BY_FORMAT.get(path.suffix.lstrip(".").lower(), default_kind)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _error(
                default_kind,
                uri,
                path.suffix.lstrip(".").lower() or "unknown",
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                "(raise it with [limits] max_file_bytes in scanner.toml)",
            )
        content = path.read_bytes()
    except OSError as exc:
        return _error(default_kind, uri, "unknown", f"cannot read file: {exc.strerror or exc}")
    from extractors.documents import sniff_format

    fmt = sniff_format(content, path.name)
    if not content:
        return _error(default_kind, uri, fmt, "file is empty (0 bytes)")
    if kind is None:
        kind = SourceKind.LINKEDIN_EXPORT if fmt == "zip" else SourceKind.RESUME
        if fmt == "json":
            kind = SourceKind.JSON_RESUME
    elif kind.family is SourceFamily.LINKEDIN:
        # The user said "LinkedIn": which LinkedIn source it is follows from the content.
        kind = _LINKEDIN_BY_FORMAT.get(fmt, kind)
    return SourceDocument(
        kind=kind,
        format=fmt,
        uri=uri,
        content=content,
        media_type=_MEDIA.get(fmt)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream",
        sha256=SourceDocument.digest(content),
        collector="file",
    )


def _collect_folder(path: Path, uri: str, max_bytes: int) -> SourceDocument:
    """A LinkedIn data-export folder, packed into an in-memory ZIP so it reads like the download."""
    kind = SourceKind.LINKEDIN_EXPORT
    files = sorted(p for p in path.rglob("*") if p.is_file())
    core = ("profile.csv", "positions.csv", "education.csv")
    if not any(p.name.lower() in core for p in files):
        names = ", ".join(p.name for p in files[:5]) or "nothing"
        return _error(
            kind,
            uri,
            "dir",
            "folder is not a LinkedIn data export (no Profile.csv, Positions.csv or "
            f"Education.csv; found {names})",
        )
    buf = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files[:_EXPORT_MAX_FILES]:
            if p.suffix.lower() != ".csv":
                continue
            total += p.stat().st_size
            if total > max_bytes:
                return _error(
                    kind, uri, "dir", f"export folder is over the {max_bytes / 1e6:.0f} MB limit"
                )
            # Keep the folder's own name: LinkedIn dates the export in it
            # (Basic_LinkedInDataExport_MM-DD-YYYY).
            zf.writestr(f"{path.resolve().name}/{p.relative_to(path)}", p.read_bytes())
    content = buf.getvalue()
    return SourceDocument(
        kind=kind,
        format="zip",
        uri=uri,
        content=content,
        media_type="application/zip",
        sha256=SourceDocument.digest(content),
        collector="folder",
    )
