"""What the user named as sources, and how they may be fetched: the types every layer above the
extractors shares (collectors, the pipeline, the store, batch), so none imports another for them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.model import SourceKind

__all__ = [
    "FetchOptions",
    "SourceRef",
    "UnsafeSource",
    "absolute_url",
    "guess_kind",
    "is_url",
    "vet_document_path",
    "vet_github",
    "vet_url_cell",
]

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# People paste LinkedIn addresses without a scheme: `linkedin.com/in/x`, `uk.linkedin.com/in/x`.
_BARE_LINKEDIN = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com(?:[/?#]|$)", re.IGNORECASE)


def is_url(ref: str) -> bool:
    """Whether the user named a web address: a scheme, `www.`, or a LinkedIn host without one."""
    ref = ref.strip()
    return bool(_URL.match(ref)) or ref.startswith("www.") or bool(_BARE_LINKEDIN.match(ref))


def guess_kind(url: str) -> SourceKind:
    """The kind of source a URL is, from its host: a LinkedIn page, a GitHub account, or a site."""
    low = url.lower()
    if "linkedin.com/" in low:
        return SourceKind.LINKEDIN_PAGE
    if "github.com/" in low:
        return SourceKind.GITHUB
    return SourceKind.SITE


def absolute_url(ref: str) -> str:
    """`ref` with `https://` before a scheme-less address (`www.…`, `linkedin.com/in/…`)."""
    ref = ref.strip()
    return ref if _URL.match(ref) else f"https://{ref}"


@dataclass(frozen=True)
class SourceRef:
    """A source as the user named it: a path or URL, and what they said it is (if they did)."""

    ref: str
    kind: SourceKind | None = None
    base: Path | None = None  # relative paths resolve against this (a spreadsheet's folder)
    # Set when the ref is untrusted data (a spreadsheet cell): it may only name a regular file
    # (or a data-export folder) inside this folder, after resolving links.
    confine: Path | None = None

    @property
    def path(self) -> Path:
        if self.confine is not None:
            return vet_document_path(self.ref, self.confine, base=self.base, folder_ok=True)
        p = Path(self.ref).expanduser()
        return p if p.is_absolute() or self.base is None else self.base / p


@dataclass(frozen=True)
class FetchOptions:
    offline: bool = False
    allow_private_network: bool = False
    github_api_url: str = "https://api.github.com"
    browser_state: Path | None = None
    archive: bool = False
    ignore_robots: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


class UnsafeSource(ValueError):
    """A value from untrusted data (a spreadsheet cell, a stored row) that is not read: the message
    says why, in words fit for an SRC001 finding."""


_GITHUB_HANDLE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


def vet_url_cell(value: str, column: str) -> str:
    """A URL-typed cell (website, GitHub URL): a URL, never a path to open."""
    text = value.strip()
    if not is_url(text):
        raise UnsafeSource(f"the {column} column takes a URL, not {_shown(text)}")
    return text


def vet_github(value: str) -> str:
    """A GitHub cell: a profile URL, or a bare handle turned into one."""
    text = value.strip()
    if is_url(text):
        return text
    if not _GITHUB_HANDLE.match(text):
        raise UnsafeSource(f"the github column takes a handle or URL, not {_shown(text)}")
    return f"https://github.com/{text.lstrip('@')}"


def vet_document_path(
    value: str, root: Path, *, base: Path | None = None, folder_ok: bool = False
) -> Path:
    """The file a document cell names, if it is safe to read; raises `UnsafeSource` otherwise.

    Cells are applicant-typed data: only a regular file (or, with `folder_ok`, a folder such as a
    LinkedIn data export) inside `root` after resolving links is accepted. Relative paths resolve
    against `base` (default `root`); `~` and device, FIFO or socket files are refused.
    """
    text = value.strip()
    if not text:
        raise UnsafeSource("the cell names no file")
    if "\x00" in text:
        raise UnsafeSource("the file name holds a NUL character")
    if text.startswith("~"):
        raise UnsafeSource(f"{_shown(text)}: home-relative paths are not read from a spreadsheet")
    try:
        top = root.resolve(strict=True)
    except OSError as exc:
        raise UnsafeSource(f"the documents folder {root} cannot be read ({_reason(exc)})") from None
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = (base or root) / candidate
    try:
        real = candidate.resolve(strict=True)
    except OSError as exc:
        raise UnsafeSource(f"{_shown(text)}: no such file ({_reason(exc)})") from None
    except RuntimeError:  # a symlink loop
        raise UnsafeSource(f"{_shown(text)}: the path loops through symbolic links") from None
    if real != top and top not in real.parents:
        raise UnsafeSource(
            f"{_shown(text)} is outside the documents folder {top} "
            "(cells may only name files there; see --documents)"
        )
    mode = os.stat(real).st_mode
    if stat.S_ISDIR(mode) and folder_ok:
        return real
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise UnsafeSource(f"{_shown(text)} is {what}")
    return real


def _shown(text: str, limit: int = 80) -> str:
    """A cell quoted for a message: cut, with control characters escaped by repr."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
