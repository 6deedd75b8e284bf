"""R3: an annotation file changed on disk while open is never overwritten."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.storage import ConcurrentChangeError, FolderProject
from tests.faults._support import ANNOTATOR, make_project


def _same_size_same_mtime(path: Path) -> None:
    """Change one character, keep the size and restore the exact mtime: only the content tells."""
    before = path.stat()
    data = path.read_bytes()
    changed = data.replace(b'"actor"', b'"claim"', 1)
    assert changed != data and len(changed) == len(data)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _rewritten(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b'"in progress"', b'"done"'))


def _appended_whitespace(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n")


def _replaced_by_rename(path: Path) -> None:
    other = path.with_name("other-editor.json")
    other.write_bytes(path.read_bytes().replace(b'"actor"', b'"date"', 1))
    os.replace(other, path)


CHANGES: dict[str, Callable[[Path], None]] = {
    "same-size-same-mtime": _same_size_same_mtime,
    "rewritten": _rewritten,
    "appended-newline": _appended_whitespace,
    "replaced-by-rename": _replaced_by_rename,
}


@pytest.fixture
def opened(tmp_path: Path):
    project = make_project(tmp_path / "p")
    document = project.load_document("first")
    annotations = AnnotationSet(document)
    AddSpan(span=annotations.make_span(0, 7, "actor")).apply(annotations)
    project.save_annotations(annotations.snapshot(ANNOTATOR), project.load_annotations(document).fingerprint)
    yield project, document
    project.close()


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_external_change_is_not_overwritten(opened: tuple[FolderProject, object], change: Callable[[Path], None]) -> None:
    project, document = opened
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    AddSpan(span=annotations.make_span(10, 20, "claim")).apply(annotations)
    path = project.annotation_path(document.id)
    change(path)
    external = path.read_bytes()

    with pytest.raises(ConcurrentChangeError) as raised:
        project.save_annotations(annotations.snapshot(ANNOTATOR), loaded.fingerprint)
    assert "first.json" in str(raised.value) and "changed on disk" in str(raised.value)
    assert path.read_bytes() == external
    # Retrying does not wear the check down.
    with pytest.raises(ConcurrentChangeError):
        project.save_annotations(annotations.snapshot(ANNOTATOR), loaded.fingerprint)
    assert path.read_bytes() == external
    # Other documents still save.
    second = project.load_document("second")
    other = AnnotationSet(second)
    AddSpan(span=other.make_span(0, 3, "date")).apply(other)
    project.save_annotations(other.snapshot(ANNOTATOR), project.load_annotations(second).fingerprint)


def test_external_delete_is_not_recreated(opened: tuple[FolderProject, object]) -> None:
    project, document = opened
    loaded = project.load_annotations(document)
    path = project.annotation_path(document.id)
    path.unlink()
    with pytest.raises(ConcurrentChangeError):
        project.save_annotations(loaded.annotation_file, loaded.fingerprint)
    assert not path.exists()


def test_file_created_by_someone_else_is_not_overwritten(tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        document = project.load_document("second")
        loaded = project.load_annotations(document)
        assert loaded.annotation_file is None
        path = project.annotation_path(document.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        foreign = b'{"written": "by another program"}\n'
        path.write_bytes(foreign)
        annotations = AnnotationSet(document)
        AddSpan(span=annotations.make_span(0, 5, "actor")).apply(annotations)
        with pytest.raises(ConcurrentChangeError):
            project.save_annotations(annotations.snapshot(ANNOTATOR), loaded.fingerprint)
        assert path.read_bytes() == foreign


def test_save_never_writes_what_the_next_load_refuses(tmp_path: Path) -> None:
    from annotator.core.model import AnnotationFile
    from annotator.core.storage import Fingerprint, ProjectError

    with make_project(tmp_path / "p") as project:
        document = project.load_document("first")
        foreign = AnnotationFile(document_id="first", annotator="bob", text_sha256=document.text_sha256)
        with pytest.raises(ProjectError):
            project.save_annotations(foreign, Fingerprint(None))
        assert project.load_annotations(document).annotation_file is None
