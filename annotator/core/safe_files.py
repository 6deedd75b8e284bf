"""Reading files that may be hostile: FIFOs, devices, symlink loops, files that grow.

Every reader of the program goes through ``read_regular``: it opens without
blocking (a FIFO with no writer would otherwise hang the open for ever), checks
on the open descriptor that it is a regular file (no race between a check and
the open), and never reads more than a limit. Everything it refuses is an
``OSError`` with a readable ``strerror``, so callers report it like any other
unreadable file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NOT_REGULAR = "not a regular file (a FIFO, device, socket or folder)"


class NotRegularFileError(OSError):
    """The path is a FIFO, device, socket or folder: never read."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EINVAL, NOT_REGULAR, str(path))


class FileTooLargeError(OSError):
    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(errno.EFBIG, f"more than the {limit:,} byte limit", str(path))


def read_regular(path: Path | str, *, limit: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file (symlinks followed); else an OSError.

    ``limit``: refuse files of more than that many bytes (``FileTooLargeError``).
    A missing file raises ``FileNotFoundError`` as ``open`` does.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path)
        if limit is not None and info.st_size > limit:
            raise FileTooLargeError(path, limit)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        wanted = (limit + 1) if limit is not None else None
        while True:
            # The file may grow while we read it; never read past the limit.
            chunk = os.read(fd, 1 << 20 if wanted is None else min(1 << 20, wanted - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if wanted is not None and size >= wanted:
                raise FileTooLargeError(path, limit)  # type: ignore[arg-type]
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_head(path: Path | str, size: int) -> bytes:
    """The first ``size`` bytes of a regular file (same checks as ``read_regular``)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFileError(path)
        os.set_blocking(fd, True)
        return os.read(fd, size)
    finally:
        os.close(fd)


def resolve(path: Path) -> Path:
    """``path.resolve()``, with a symlink loop as an ``OSError`` (Python 3.11 raises RuntimeError)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, "a symlink loop", str(path)) from None


def describe_os_error(error: OSError) -> str:
    """A one-line reason for the user (no errno numbers, no repr)."""
    return error.strerror or str(error) or type(error).__name__
