"""core.safe_files: only regular files are read, never blocking, never past a limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.core.safe_files import FileTooLargeError, NotRegularFileError, read_head, read_regular, resolve


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 3_000_000)
    assert read_regular(path) == b"x" * 3_000_000
    assert read_head(path, 10) == b"x" * 10


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_special_files_are_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFileError) as raised:
        read_regular(path)
    assert raised.value.strerror.startswith("not a regular file")
    with pytest.raises(NotRegularFileError):
        read_head(path, 10)


def test_the_limit_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"y" * 101)
    assert read_regular(path, limit=101) == b"y" * 101
    with pytest.raises(FileTooLargeError):
        read_regular(path, limit=100)


def test_a_symlink_loop_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OSError, match="symlink loop"):
        resolve(tmp_path / "a")
    with pytest.raises(OSError):
        read_regular(tmp_path / "a")


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing")
