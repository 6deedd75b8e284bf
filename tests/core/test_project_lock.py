"""The project lock itself (core/storage/project_lock.py): refused while held, in this process
and in another; let go by release, by dropping it and by the holder's death; the file stays.
The folder store's use of it is in tests/core/test_store.py and tests/faults/test_instances.py."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.storage.project_lock import LockHeldError, ProjectLock

_TRY = "import sys\nfrom pathlib import Path\nfrom annotator.core.storage.project_lock import LockHeldError, ProjectLock\ntry:\n    ProjectLock.acquire(Path(sys.argv[1]))\nexcept LockHeldError:\n    print('held')\nelse:\n    print('taken')\n"


def _from_another_process(path: Path) -> str:
    out = subprocess.run([sys.executable, "-c", _TRY, str(path)], capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.strip()


def test_a_held_lock_refuses_a_second_holder_here_and_in_another_process(tmp_path: Path) -> None:
    path = tmp_path / ".annotator.lock"
    lock = ProjectLock.acquire(path)
    assert lock.is_held and path.is_file()
    with pytest.raises(LockHeldError):
        ProjectLock.acquire(path)  # a second open of the file in this process
    assert _from_another_process(path) == "held"
    lock.release()
    assert not lock.is_held
    lock.release()  # again: nothing
    assert path.is_file()  # the file stays: a waiting holder locks the same file
    assert _from_another_process(path) == "taken"
    ProjectLock.acquire(path).release()


def test_a_dropped_lock_lets_go(tmp_path: Path) -> None:
    path = tmp_path / ".annotator.lock"
    lock = ProjectLock.acquire(path)
    del lock
    gc.collect()
    ProjectLock.acquire(path).release()


def test_a_killed_holder_lets_go(tmp_path: Path) -> None:
    path = tmp_path / ".annotator.lock"
    hold = "import sys, os\nfrom pathlib import Path\nfrom annotator.core.storage.project_lock import ProjectLock\nlock = ProjectLock.acquire(Path(sys.argv[1]))\nprint('holding', flush=True)\nsys.stdin.read()\n"
    child = subprocess.Popen([sys.executable, "-c", hold, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "holding"
        with pytest.raises(LockHeldError):
            ProjectLock.acquire(path)
    finally:
        child.kill()
        child.wait(60)
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()
        child.stdout.close()
    ProjectLock.acquire(path).release()


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_a_lock_file_that_is_a_symlink_is_refused_and_locks_nothing_elsewhere(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "project").mkdir()
    path = tmp_path / "project" / ".annotator.lock"
    path.symlink_to(elsewhere)
    with pytest.raises(OSError) as refused:
        ProjectLock.acquire(path)
    assert not isinstance(refused.value, LockHeldError)
    assert not elsewhere.exists()


def test_a_folder_that_cannot_be_written_is_an_os_error_not_a_held_lock(tmp_path: Path) -> None:
    with pytest.raises(OSError) as refused:
        ProjectLock.acquire(tmp_path / "missing" / ".annotator.lock")
    assert not isinstance(refused.value, LockHeldError)
