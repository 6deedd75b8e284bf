"""The project lock: one writer per project folder.

The lock is the operating system's lock on an open lock file (``flock`` on POSIX,
``msvcrt.locking`` on Windows), taken without waiting. So:

* a second holder, in another process or in this one (a second open of the same file),
  is refused at once (``LockHeldError``), never kept waiting;
* ``release`` (``FolderProject.close``) lets it go, and so does dropping the lock object
  (a project dropped without ``close``), and the operating system does when the process
  dies, however it dies: a killed holder never blocks the next opening;
* the lock file itself stays in the folder (removing it while another process waits on it
  would let two holders lock two different files); it holds no data.

Taken with the standard library: ``filelock`` did the same through about 13 ms of imports
at every start of the window (bench U1), for the one non-blocking exclusive lock needed here.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

# What a lock already held elsewhere answers (EACCES: some file systems; EDEADLK: Windows' msvcrt).
_HELD_ERRNOS = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLK", errno.EAGAIN)})


class LockHeldError(Exception):
    """Another holder has the lock."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte, which need not exist

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ProjectLock:
    """The held lock on ``path``; made by ``ProjectLock.acquire``. Not shared between threads'
    acquisitions: one object is one hold, released once."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, path: Path) -> ProjectLock:
        """Take the lock on ``path`` (made if missing) without waiting.

        Raises ``LockHeldError`` when another holder has it, ``OSError`` when the file cannot
        be made or opened for writing (a read-only folder or mount) or cannot be locked."""
        # O_NOFOLLOW: a lock file that is a symlink would lock (and make) a file elsewhere.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0), 0o644)
        try:
            _lock(fd)
        except OSError as error:
            os.close(fd)
            if error.errno in _HELD_ERRNOS:
                raise LockHeldError(str(path)) from None
            raise
        return cls(path, fd)

    @property
    def is_held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let the lock go (again: nothing)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        except OSError:
            pass  # closing the file lets the lock go as well
        finally:
            os.close(fd)

    def __del__(self) -> None:
        # A project dropped without close() lets its lock go, as a killed process does.
        if getattr(self, "_fd", None) is not None:
            try:
                self.release()
            except Exception:  # noqa: BLE001, S110  # late at interpreter exit; the OS lets the lock go with the process
                pass
