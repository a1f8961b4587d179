"""Files and folders only this user may read or change: the history store, its lock, batch
checkpoints, per-host turn files, captures.

Shared analysis hosts have other users who can create files in /tmp or in a shared project
folder before the scanner does. So a private folder is verified with `lstat` (a real folder, not
a link, owned by this user, no group or other permissions) and a private file is opened with
`O_NOFOLLOW` and checked on its descriptor (owned by this user, no group or other permissions)
before anything is read from or written to it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = [
    "UnsafePath",
    "open_private",
    "private_dir",
    "runtime_dir",
    "verify_private_file",
    "write_private",
]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_POSIX = os.name == "posix"


class UnsafePath(OSError):
    """A path another user could read, change or redirect; the message says which and why."""


def _owner_problem(st: os.stat_result, path: Path, what: str) -> str | None:
    if not _POSIX:  # pragma: no cover - POSIX ownership and modes only
        return None
    if st.st_uid != os.geteuid():
        return f"{what} {path} belongs to another user (uid {st.st_uid})"
    if st.st_mode & 0o077:
        return (
            f"{what} {path} is open to other users (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"make it private with chmod {'700' if what == 'folder' else '600'}"
        )
    return None


def private_dir(path: Path, *, create: bool = True, tighten: bool = False) -> Path:
    """`path` as a folder only this user can use (created 0700 when missing); raises `UnsafePath`
    when it is a link, not a folder, owned by someone else or open to others. With `tighten`,
    this user's own folder that is open to others is made 0700 instead (folders that earlier
    versions created 0755)."""
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePath(f"folder {path} is a symbolic link; refusing to use it")
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafePath(f"{path} is not a folder")
    if tighten and _POSIX and st.st_uid == os.geteuid() and st.st_mode & 0o077:
        os.chmod(path, 0o700, follow_symlinks=False)
        st = os.lstat(path)
    problem = _owner_problem(st, path, "folder")
    if problem:
        raise UnsafePath(problem)
    return path


def runtime_dir() -> Path:
    """This user's private folder for short-lived shared state (per-host turns):
    `$XDG_RUNTIME_DIR/profile-scanner` when that is set and private, else
    `<tmp>/profile-scanner-<uid>`, verified; raises `UnsafePath` when neither is safe."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isabs(xdg):
        try:
            private_dir(Path(xdg), create=False)
            return private_dir(Path(xdg) / "profile-scanner")
        except OSError:
            pass  # a runtime dir that is not ours: use the temporary folder, verified
    uid = os.geteuid() if _POSIX else 0
    return private_dir(Path(tempfile.gettempdir()) / f"profile-scanner-{uid}")


def open_private(path: Path, flags: int, *, exclusive: bool = False, truncate: bool = False) -> int:
    """`os.open` for a private file: links are never followed, a new file is 0600, and an
    existing one must be this user's, closed to others and not hard-linked elsewhere (raises
    `UnsafePath` otherwise). `truncate` empties it only after those checks."""
    extra = _NOFOLLOW | _CLOEXEC | (os.O_CREAT | os.O_EXCL if exclusive else 0)
    flags &= ~os.O_TRUNC
    try:
        fd = os.open(path, flags | extra, 0o600)
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafePath(f"{path} is a symbolic link; refusing to follow it") from None
        raise exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePath(f"{path} is not a regular file")
        problem = _owner_problem(st, path, "file")
        if problem:
            raise UnsafePath(problem)
        if _POSIX and st.st_nlink > 1:
            raise UnsafePath(f"{path} has other hard links; refusing to write through them")
        if truncate:
            os.ftruncate(fd, 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


def verify_private_file(path: Path) -> None:
    """Raise `UnsafePath` when an existing `path` is a link, not a regular file, another user's,
    or open to others; nothing when it does not exist."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePath(f"{path} is a symbolic link; refusing to follow it")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafePath(f"{path} is not a regular file")
    problem = _owner_problem(st, path, "file")
    if problem:
        raise UnsafePath(problem)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new private file (0600) that no link or earlier file can redirect."""
    fd = open_private(path, os.O_WRONLY, exclusive=True)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
