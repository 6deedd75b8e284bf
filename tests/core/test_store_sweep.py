"""The sweep of temp files that killed writers left behind (storage/folder_tidy.py): beside the
opening, by the lock holder only, never this process's own writes in flight."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.annotations import AnnotationSet
from annotator.core.atomic import temp_path_for
from annotator.core.model import Document
from annotator.core.storage.folder import FolderProject
from annotator.core.storage.folder_tidy import TempFileSweep

TEXT_A = "Armenia Says 'Froze' Participation in Russia-Led Security Bloc"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[FolderProject]:
    opened = FolderProject.create(tmp_path / "proj", name="Test", annotator="me")
    opened.add_documents([Document.create("a", TEXT_A, source_file="a.txt")])
    yield opened
    opened.close()


def save(project: FolderProject, doc_id: str, *ranges: tuple[int, int, str]) -> None:
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    for start, end, label in ranges:
        annotations.add(annotations.make_span(start, end, label))
    project.save_annotations(annotations.snapshot(project.annotator), loaded.fingerprint)


def test_stale_temp_files_are_removed_at_open(project: FolderProject) -> None:
    save(project, "a", (0, 7, "actor"))
    root = project.root
    project.close()
    stale = [root / ".catalog.json.9.9.tmp", root / "documents" / ".a.json.9.9.tmp", root / "annotations" / "me" / ".a.json.9.9.tmp"]
    for path in stale:
        path.write_bytes(b"half written")
    with FolderProject.open(root, annotator="me") as reopened:
        assert reopened.writable
        assert reopened.tidied(timeout=30)  # the sweep runs beside the opening
        assert not any(path.exists() for path in stale)
        assert reopened.load_annotations(reopened.load_document("a")).annotation_file is not None


def test_the_sweep_keeps_this_processs_writes_in_flight_and_is_done_by_close(project: FolderProject) -> None:
    root = project.root
    project.close()
    own = temp_path_for(root / "documents" / "a.json")  # this process's pid: a write in flight
    stale = [root / ".catalog.json.9.9.tmp", root / "documents" / ".a.json.9.9.tmp"]
    for path in (own, *stale):
        path.write_bytes(b"half written")
    FolderProject.open(root, annotator="me").close()  # no wait: close finishes the sweep before it lets go
    assert not any(path.exists() for path in stale)
    assert own.read_bytes() == b"half written"


def test_a_project_dropped_mid_sweep_keeps_its_lock_until_the_sweep_is_done(project: FolderProject, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import threading

    from annotator.core.storage import folder_tidy

    root = project.root
    project.close()
    entered, release = threading.Event(), threading.Event()

    def slow_sweep(_folder: Path) -> None:
        entered.set()
        release.wait(30)

    monkeypatch.setattr(folder_tidy, "remove_stale_temp_files", slow_sweep)
    dropped = FolderProject.open(root, annotator="me")
    sweep = dropped._sweep
    assert dropped.writable and sweep is not None
    assert entered.wait(30)  # the sweep is under way
    del dropped
    gc.collect()
    with FolderProject.open(root, annotator="me") as meanwhile:
        assert not meanwhile.writable  # the sweep still holds the dropped project's lock
    release.set()
    assert sweep.wait(30)
    gc.collect()
    with FolderProject.open(root, annotator="me") as after:
        assert after.writable


def test_a_project_dropped_before_its_sweep_lets_its_lock_go_and_leaves_the_sweep_to_the_next_opening(project: FolderProject) -> None:
    import gc

    root = project.root
    project.close()
    stale = root / "documents" / ".a.json.9.9.tmp"
    stale.write_bytes(b"half written")
    dropped = FolderProject.open(root, annotator="me")
    sweep = dropped._sweep
    assert dropped.writable and sweep is not None
    del dropped
    gc.collect()
    with FolderProject.open(root, annotator="me") as next_one:
        assert next_one.writable  # at once: the dropped project's sweep had not started
        assert sweep.wait(30) and stale.exists()  # it did not run without the lock
        assert next_one.tidied(timeout=30) and not stale.exists()  # the lock holder's sweep did


def test_the_sweep_waits_for_the_opening_to_be_done_unless_waited_for(tmp_path: Path) -> None:
    stale = tmp_path / ".a.json.9.9.tmp"
    stale.write_bytes(b"half written")
    sweep = TempFileSweep(tmp_path, [tmp_path], None, delay=3600)  # it would start in an hour
    assert stale.exists()
    assert sweep.wait(timeout=30) and not stale.exists()  # waiting starts it at once


def test_read_only_open_leaves_temp_files_alone(project: FolderProject) -> None:
    stale = project.root / ".catalog.json.9.9.tmp"
    stale.write_bytes(b"another writer's")
    with FolderProject.open(project.root, annotator="me") as second:
        assert not second.writable
    assert stale.exists()
