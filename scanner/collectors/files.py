"""Local files and folders → `SourceDocument`s. Recognises the format by content, reads nothing else."""

from __future__ import annotations

import io
import mimetypes
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from extractors.model import SourceDocument, SourceFamily, SourceKind, SourceStatus, frozen_mapping

__all__ = ["DEFAULT_MAX_BYTES", "FileLimits", "FileTooLarge", "collect_path", "read_limited"]

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


class FileTooLarge(OSError):
    """The file holds more than the limit (its stated size may lie: /dev/zero, /proc files)."""


def read_limited(path: Path, max_bytes: int, *, regular_only: bool = False) -> bytes:
    """At most `max_bytes` of a file, never more than `max_bytes + 1` read into memory.

    With `regular_only` (paths that came from untrusted data), a FIFO, device or socket is
    refused before anything is read, so it can neither block nor stream without end.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            if regular_only:
                raise OSError(0, "not a regular file (a device, FIFO or socket is not read)")
            os.set_blocking(fd, True)  # a FIFO the analyst named (process substitution)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = fh.read(min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(
                0,
                f"file is over the {max_bytes / 1e6:.0f} MB limit "
                "(raise it with [limits] max_bytes in scanner.toml)",
            )
        return b"".join(chunks)


def collect_path(
    path: Path,
    kind: SourceKind | None = None,
    *,
    uri: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    untrusted: bool = False,
) -> SourceDocument:
    """Read a file (or a LinkedIn data-export folder). Problems become an `error` document.

    `untrusted` paths (vetted cells of a spreadsheet) must be regular files; the documents carry
    the absolute path they were read from in `meta["path"]`, so a later re-validation reads the
    same file whatever its working directory.
    """
    uri = uri or str(path)
    if path.is_dir():
        return _collect_folder(path, uri, max_bytes, untrusted=untrusted)
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
        content = read_limited(path, max_bytes, regular_only=untrusted)
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
        meta=frozen_mapping({"path": os.path.abspath(path)}),
    )


def _collect_folder(path: Path, uri: str, max_bytes: int, *, untrusted: bool) -> SourceDocument:
    """A LinkedIn data-export folder, packed into an in-memory ZIP so it reads like the download.

    Only regular files are packed; from an untrusted cell, links inside the folder are skipped.
    """
    kind = SourceKind.LINKEDIN_EXPORT
    files = sorted(
        p for p in path.rglob("*") if p.is_file() and not (untrusted and _is_link_below(p, path))
    )
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
            try:
                data = read_limited(p, max_bytes - total, regular_only=True)
            except FileTooLarge:
                return _error(
                    kind, uri, "dir", f"export folder is over the {max_bytes / 1e6:.0f} MB limit"
                )
            except OSError as exc:
                return _error(kind, uri, "dir", f"cannot read {p.name}: {exc.strerror or exc}")
            total += len(data)
            # Keep the folder's own name: LinkedIn dates the export in it
            # (Basic_LinkedInDataExport_MM-DD-YYYY).
            zf.writestr(f"{path.resolve().name}/{p.relative_to(path)}", data)
    content = buf.getvalue()
    return SourceDocument(
        kind=kind,
        format="zip",
        uri=uri,
        content=content,
        media_type="application/zip",
        sha256=SourceDocument.digest(content),
        collector="folder",
        meta=frozen_mapping({"path": os.path.abspath(path)}),
    )


def _is_link_below(p: Path, top: Path) -> bool:
    """Whether `p` or a folder between it and `top` is a symbolic link."""
    while p != top and p != p.parent:
        if p.is_symlink():
            return True
        p = p.parent
    return False
