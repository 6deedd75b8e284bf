"""R4: a second instance of the same project is read-only; a dead holder's lock does not block."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.storage.folder import LOCK_FILE, FolderProject, ReadOnlyError
from tests.faults._support import ANNOTATOR, LineReader, assert_no_traceback, make_project, run_cli, tree_digest

HOLDER = Path(__file__).with_name("hold_project_child.py")
WARNING = "another annotator window has this project open"


def _save_one_span(project: FolderProject, doc_id: str = "first", start: int = 0) -> bytes:
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    AddSpan(span=annotations.make_span(start, start + 4, "actor")).apply(annotations)
    project.save_annotations(annotations.snapshot(project.annotator), loaded.fingerprint)
    return project.annotation_path(doc_id).read_bytes()


def _assert_read_only(second: FolderProject, root: Path) -> None:
    assert not second.writable
    assert any(WARNING in warning for warning in second.warnings), second.warnings
    before = tree_digest(root)
    document = second.load_document("first")
    loaded = second.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    AddSpan(span=annotations.make_span(20, 30, "claim")).apply(annotations)
    with pytest.raises(ReadOnlyError, match="read-only"):
        second.save_annotations(annotations.snapshot(ANNOTATOR), loaded.fingerprint)
    with pytest.raises(ReadOnlyError):
        second.add_documents([])
    with pytest.raises(ReadOnlyError):
        second.update_document(document)
    assert tree_digest(root) == before


@contextmanager
def _holder(root: Path) -> Iterator[subprocess.Popen[bytes]]:
    child = subprocess.Popen([sys.executable, str(HOLDER), str(root), ANNOTATOR], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdin is not None
    try:
        assert LineReader(child.stdout.fileno()).readline(60) == "writable"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
        child.stdin.close()


def test_second_open_in_same_process_is_read_only(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with make_project(root) as first:
        saved = _save_one_span(first)
        # A temp file of the first instance's save in flight must survive the second open.
        in_flight = first.annotations_dir / ".first.json.999.1.tmp"
        in_flight.write_bytes(b"half a save")
        with FolderProject.open(root, annotator=ANNOTATOR) as second:
            _assert_read_only(second, root)
            assert in_flight.exists(), "a read-only instance removed the writer's temp file"
        in_flight.unlink()
        assert first.annotation_path("first").read_bytes() == saved
        # The first instance still writes after the second went away.
        _save_one_span(first, "second")
    with FolderProject.open(root, annotator=ANNOTATOR) as again:
        assert again.writable and again.warnings == []


def test_second_open_while_another_process_holds_it(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with make_project(root) as project:
        saved = _save_one_span(project)
    with _holder(root) as child:
        with FolderProject.open(root, annotator=ANNOTATOR) as second:
            _assert_read_only(second, root)
        assert (root / "annotations" / ANNOTATOR / "first.json").read_bytes() == saved
        # The CLI refuses to import rather than write beside the holder.
        result = run_cli("import", str(Path(__file__)), "--project", str(root))
        assert result.returncode == 1 and "open in another window" in result.stderr
        assert_no_traceback(result)
        child.stdin.close()  # the holder closes the project and exits
        assert child.wait(30) == 0
    with FolderProject.open(root, annotator=ANNOTATOR) as after:
        assert after.writable


def test_lock_of_a_killed_holder_does_not_block(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_project(root).close()
    with _holder(root) as child:
        with FolderProject.open(root, annotator=ANNOTATOR) as blocked:
            assert not blocked.writable
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert (root / LOCK_FILE).exists(), "the test needs the lock file left behind by the killed holder"
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        assert project.writable, project.warnings
        assert project.warnings == []
        _save_one_span(project)


def test_read_only_open_does_not_take_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_project(root).close()
    with FolderProject.open(root, annotator=ANNOTATOR, read_only=True) as reader:
        assert not reader.writable and reader.warnings == []
        with FolderProject.open(root, annotator=ANNOTATOR) as writer:
            assert writer.writable
            _save_one_span(writer)
