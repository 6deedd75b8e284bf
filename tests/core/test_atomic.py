"""Atomic writes: the target holds the old bytes or the new ones, and no temp file is left."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import atomic
from annotator.core.atomic import TEMP_SUFFIX, atomic_write, atomic_write_many, remove_stale_temp_files, temp_path_for


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    atomic_write(target, b"first")
    assert target.read_bytes() == b"first"
    atomic_write(target, b"second, longer content" * 1000)
    assert target.read_bytes() == b"second, longer content" * 1000
    atomic_write(target, b"")
    assert target.read_bytes() == b""
    assert listing(tmp_path) == ["doc.json"]


def test_temp_path_is_hidden_beside_the_target_and_unique_per_thread(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    temp = temp_path_for(target)
    assert temp.parent == tmp_path
    assert temp.name.startswith(".doc.json.") and temp.name.endswith(TEMP_SUFFIX)
    others: list[Path] = []
    thread = threading.Thread(target=lambda: others.append(temp_path_for(target)))
    thread.start()
    thread.join()
    assert others[0] != temp


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.json"
    atomic_write(target, b"old content")

    def refuse(src: object, dst: object) -> None:
        assert Path(str(src)).exists()  # the new bytes were in the temp file when the rename failed
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert listing(tmp_path) == ["doc.json"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.json"
    atomic_write(target, b"old content")
    real_write = os.write
    calls = []

    def short_then_fail(fd: int, data: object) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data)[:3])  # type: ignore[arg-type]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "write", short_then_fail)
    with pytest.raises(OSError, match="Input/output"):
        atomic_write(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert listing(tmp_path) == ["doc.json"]


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def one_byte(fd: int, data: object) -> int:
        return real_write(fd, bytes(data)[:1])  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "write", one_byte)
    atomic_write(tmp_path / "x", b"all of it")
    assert (tmp_path / "x").read_bytes() == b"all of it"


def test_interrupt_during_write_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.json"

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"data")
    assert listing(tmp_path) == []


def test_remove_stale_temp_files_removes_only_hidden_temp_files(tmp_path: Path) -> None:
    stale = [tmp_path / ".doc.json.123.456.tmp", tmp_path / ".catalog.json.1.2.tmp"]
    kept = [tmp_path / "notes.tmp", tmp_path / ".hidden.json", tmp_path / "doc.json", tmp_path / ".tmp.json"]
    for path in stale + kept:
        path.write_bytes(b"x")
    (tmp_path / ".folder.tmp").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".nested.json.1.1.tmp").write_bytes(b"x")
    outside = tmp_path.parent / f"{tmp_path.name}-target.json"
    outside.write_bytes(b"keep me")
    (tmp_path / ".link.tmp").symlink_to(outside)

    removed = remove_stale_temp_files(tmp_path)

    assert sorted(removed) == sorted(stale)
    assert all(not path.exists() for path in stale)
    assert all(path.read_bytes() == b"x" for path in kept)
    assert (tmp_path / ".folder.tmp").is_dir()
    assert (tmp_path / "sub" / ".nested.json.1.1.tmp").exists()  # not recursive
    assert outside.read_bytes() == b"keep me"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".tmpTMPx\n", max_size=8))
def test_a_temp_name_is_one_that_starts_with_a_dot_and_ends_with_the_suffix(name: str) -> None:
    # The sweep matches names with one regular expression in C; the rule is the plain one.
    assert bool(atomic._TEMP_NAME.match(name)) == (name.startswith(".") and name.endswith(TEMP_SUFFIX))


def test_remove_stale_temp_files_on_a_missing_folder(tmp_path: Path) -> None:
    assert remove_stale_temp_files(tmp_path / "missing") == []


def test_atomic_write_many_replaces_each_file_and_leaves_no_temp_file_on_failure(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(b"old")
    atomic_write_many([(first, b"new a"), (second, b"new b")])
    assert (first.read_bytes(), second.read_bytes()) == (b"new a", b"new b")
    blocked = tmp_path / "folder"
    (blocked / "inside").mkdir(parents=True)  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        atomic_write_many([(first, b"newer a"), (blocked, b"x")])
    assert first.read_bytes() in (b"new a", b"newer a")  # old or new, never a mix
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
