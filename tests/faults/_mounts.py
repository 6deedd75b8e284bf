"""Real file-system faults for the fault tests: a small tmpfs that fills up, a read-only mount.

Both need root (CI runs as root); a test that uses them skips with the reason otherwise.
Mounts are always undone, also when the test fails.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PAGE = 4096


def _require_mount() -> None:
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) for a real tmpfs (a simulated ENOSPC is in test_write_faults.py)")


@contextmanager
def small_tmpfs(where: Path, size_kib: int = 2048) -> Iterator[Path]:
    """A real tmpfs of ``size_kib`` KiB mounted at ``where``."""
    _require_mount()
    where.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(where)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder: Path, leave_pages: int = 0) -> Path:
    """Fill the file system of ``folder`` with a filler file, then free ``leave_pages`` pages."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    size = 0
    try:
        block = b"\0" * PAGE
        while True:
            try:
                size += os.write(fd, block)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
    finally:
        os.close(fd)
    os.truncate(filler, max(0, size - size % PAGE - leave_pages * PAGE))
    return filler


def free(filler: Path) -> None:
    filler.unlink(missing_ok=True)


def remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True, capture_output=True)
