"""Issue 15, the window's cases: real windows (offscreen) on hostile projects and failing disks.

Dialogs are answered by recording their text (no window ever waits for a
person); pytest-qt fails a test on any exception raised inside a Qt callback,
so "no traceback" is checked for every case, including the undo command.
"""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from annotator.core.annotations import AnnotationSet
from annotator.core.data_dir import data_dir
from annotator.core.edits import EDIT_ADAPTER, AddSpan
from annotator.core.model import AnnotationFile, Span
from annotator.core.storage import Fingerprint, FolderProject
from annotator.core.workspace import open_path
from annotator.gui.main_window import MainWindow
from tests.faults._mounts import fill, free, remount, small_tmpfs
from tests.faults._support import ANNOTATOR, make_project


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box's text; questions are answered Yes, warnings Discard (closing with unsaved edits)."""
    shown: list[str] = []

    def answer(default: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def box(_parent, _title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            shown.append(text)
            return default

        return box

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer(QMessageBox.StandardButton.Yes)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(answer(QMessageBox.StandardButton.Discard)))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(answer(QMessageBox.StandardButton.Ok)))
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self.text()))
    return shown


@pytest.fixture
def open_window(qtbot, dialogs: list[str]) -> Iterator[Callable[[Path], MainWindow]]:  # noqa: ANN001
    windows: list[MainWindow] = []
    pool = ThreadPoolExecutor(max_workers=1)

    def opener(root: Path) -> MainWindow:
        window = MainWindow(open_path(root, annotator=ANNOTATOR), pool)  # as the launcher opens it
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield opener
    for window in windows:
        if window.isVisible():
            window.close()
        window.project.close()
    pool.shutdown(wait=True)


def _add(window: MainWindow, start: int, end: int, label: str = "actor") -> None:
    session = window.session
    assert session is not None
    assert session.push(AddSpan(span=session.annotations.make_span(start, end, label)))


def _saved(root: Path, doc_id: str = "first") -> AnnotationFile:
    return AnnotationFile.model_validate_json((root / "annotations" / ANNOTATOR / f"{doc_id}.json").read_bytes())


def _status_text(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# --- disk full: every edit kept, said once, saved when there is space again ------------------------


def test_a_full_disk_keeps_every_edit_and_says_so_once(open_window, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    with small_tmpfs(tmp_path / "disk", 2048) as disk:
        root = disk / "project"
        make_project(root).close()
        window = open_window(root)
        filler = fill(disk)
        messages: list[str] = []
        window.session.save_failed.connect(messages.append)
        for index in range(4):  # journal writes fail inside the undo command: nothing may raise
            _add(window, index * 10, index * 10 + 5)
        window.save_current()  # Ctrl+S
        window.save_current()
        assert window.session.modified and len(window.session.annotations) == 4
        assert window.save_label.text().strip() == "NOT SAVED"
        assert len(messages) == 2, messages  # the journal once, the save once: not on every retry
        assert "recovery journal" in messages[0] and "No space left on device" in messages[0]
        assert "Not saved: No space left on device" in messages[1]
        assert not (root / "annotations" / ANNOTATOR / "first.json").exists()
        # Tried again by itself once there is space again (and said once more only if it fails).
        assert window.session.retry_timer.isActive()
        window.session.retry_timer.setInterval(50)
        free(filler)
        qtbot.waitUntil(lambda: not window.session.modified, timeout=10_000)
        assert len(_saved(root).spans) == 4 and len(messages) == 2
        assert window.save_label.text().strip() == "saved"
        window.close()


# --- a read-only project ------------------------------------------------------------------------------


def test_a_read_only_mount_opens_in_the_window_read_only_with_the_reason(open_window, tmp_path: Path) -> None:  # noqa: ANN001
    with small_tmpfs(tmp_path / "disk", 4096) as disk:
        root = disk / "project"
        make_project(root).close()
        (root / ".annotator.lock").unlink(missing_ok=True)
        remount(disk, "ro")
        window = open_window(root)
        assert not window.project.writable
        assert window.banner.isVisibleTo(window) and "Read-only file system" in window.banner.text()
        assert not window.session.push(AddSpan(span=window.session.annotations.make_span(0, 5, "actor")))
        window.close()


# --- article text is never markup ------------------------------------------------------------------------


@pytest.mark.parametrize("markup", ['<img src="/dev/zero">', '<img src="{outside}">'])
def test_a_headline_with_markup_is_shown_as_text(open_window, tmp_path: Path, markup: str) -> None:  # noqa: ANN001
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG not really")
    headline = markup.format(outside=outside)
    root = tmp_path / "project"
    with make_project(root) as project:
        from annotator.core.articles import read_article

        article = tmp_path / "hostile.txt"
        article.write_text(f"{headline}\nBy Staff\nMay 22, 2023\n\n{headline} is in the body too.\n", encoding="utf-8")
        project.add_documents([read_article(article, "hostile").document])
        document = project.load_document("hostile")
        assert document.metadata.headline == headline
        annotations = AnnotationSet.from_file(document, None)
        start = document.text.index(headline, 10)
        annotations.add(annotations.make_span(start, start + len(headline), "actor"))
        project.save_annotations(annotations.snapshot(ANNOTATOR), Fingerprint(None))
    window = open_window(root)
    window.select_document("hostile")
    assert window.session.document.id == "hostile"
    shown = [label for label in window.findChildren(QLabel) if headline in label.text()]
    assert shown, "the headline is shown somewhere"
    for label in shown:
        assert label.textFormat() == Qt.TextFormat.PlainText, f"{label.objectName() or label} renders article text as markup"
    span_tip = window.span_model.data(window.span_model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in span_tip and "&lt;img" in span_tip
    window.close()


# --- symlinks and the journal --------------------------------------------------------------------------


def test_an_annotation_file_linking_out_of_the_project_opens_read_only(open_window, tmp_path: Path, dialogs: list[str]) -> None:  # noqa: ANN001
    root = tmp_path / "project"
    make_project(root).close()
    outside = tmp_path / "elsewhere.json"
    outside.write_text("{}")
    folder = root / "annotations" / ANNOTATOR
    folder.mkdir(parents=True)
    (folder / "first.json").symlink_to(outside)
    window = open_window(root)
    assert window.session.document.id == "first" and not window.session.editable
    assert "points outside the project folder" in window.banner.text()
    assert outside.read_text() == "{}"
    window.close()


def _write_journal(root: Path, lines: list[bytes]) -> Path:
    journal = root / "annotations" / ANNOTATOR / ".journal" / "first.jsonl"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_bytes(b"\n".join(lines) + b"\n")
    return journal


def test_a_journal_nested_10000_deep_is_not_offered(open_window, tmp_path: Path, dialogs: list[str]) -> None:  # noqa: ANN001
    root = tmp_path / "project"
    make_project(root).close()
    _write_journal(root, [b"[" * 10_000 + b"]" * 10_000, b'{"seq": 1, "edit": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"])
    window = open_window(root)
    assert window.session.document.id == "first" and window.session.editable
    assert not any("Recover" in text for text in dialogs)
    window.close()


def test_a_journalled_edit_outside_the_scheme_is_not_recovered(open_window, tmp_path: Path, dialogs: list[str]) -> None:  # noqa: ANN001
    root = tmp_path / "project"
    make_project(root).close()
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        text = project.load_document("first").text
    good = Span(id="s1", start=0, end=5, label="actor", text=text[0:5])
    bad = Span(id="s2", start=10, end=15, label="rumour", text=text[10:15])  # not a label of the scheme
    header = json.dumps({"journal": 1, "base": None}).encode()
    edits = [json.dumps({"seq": i + 1, "edit": EDIT_ADAPTER.dump_python(AddSpan(span=s), mode="json")}).encode() for i, s in enumerate([good, bad])]
    _write_journal(root, [header, *edits])
    window = open_window(root)
    questions = [text for text in dialogs if "edit(s) to this article" in text]
    assert len(questions) == 1 and "Only the first 1 of 2" in questions[0] and "unknown label 'rumour'" in questions[0]
    assert [span.label for span in window.session.annotations.spans()] == ["actor"]
    window.save_current()
    window.close()
    # The program can read back what it saved.
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        loaded = project.load_annotations(project.load_document("first"))
        assert [span.id for span in loaded.annotation_file.spans] == ["s1"]


# --- saving into a deleted project ------------------------------------------------------------------------


def test_saving_into_a_deleted_project_keeps_the_edits_and_a_journal_elsewhere(
    open_window,  # noqa: ANN001
    tmp_path: Path,
    dialogs: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "project"
    make_project(root).close()
    backup = shutil.copytree(root, tmp_path / "backup")
    window = open_window(root)
    _add(window, 0, 5)
    _add(window, 10, 15)
    shutil.rmtree(root)
    window.save_current()
    assert not root.exists(), "the deleted project was partly recreated"
    message = _status_text(window)
    assert "is gone" in message and "unsaved-edits" in message, message
    assert window.session.modified and len(window.session.annotations) == 2
    moved = window.session.journal_path
    assert moved is not None and moved.is_relative_to(data_dir()) and moved.is_file()
    assert len(moved.read_text().splitlines()) == 3  # header and both edits
    _add(window, 20, 25)  # editing goes on, journalled elsewhere
    assert len(moved.read_text().splitlines()) == 4
    # The coder may keep a copy elsewhere (File → Save a copy as…); it is not a save.
    copy = tmp_path / "elsewhere" / "first-copy.json"
    copy.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(copy), "")))
    next(a for a in window.findChildren(QAction) if a.text() == "Save a &copy as…").trigger()
    assert len(AnnotationFile.model_validate_json(copy.read_bytes()).spans) == 3
    assert window.session.modified and "the project still has unsaved changes" in _status_text(window)
    assert not root.exists()
    # Retry once the folder is back: every edit is saved.
    shutil.copytree(backup, root)
    (root / ".annotator.lock").unlink(missing_ok=True)
    window.save_current()
    assert not window.session.modified
    assert len(_saved(root).spans) == 3
    window.close()


# --- broken caches and special files in the window ----------------------------------------------------


def test_a_status_cache_nested_10000_deep_is_rebuilt_and_the_window_opens(open_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from annotator.core.storage.folder import STATUS_FILE

    root = tmp_path / "project"
    with make_project(root) as project:
        document = project.load_document("first")
        annotations = AnnotationSet.from_file(document, None)
        annotations.add(annotations.make_span(0, 5, "actor"))
        project.save_annotations(annotations.snapshot(ANNOTATOR), Fingerprint(None))
    (root / "annotations" / ANNOTATOR / STATUS_FILE).write_bytes(b'{"first": ' + b"[" * 10_000 + b"]" * 10_000 + b"}")
    told: list[str] = []
    monkeypatch.setattr(MainWindow, "tell", lambda self, message, timeout=6000: told.append(message))
    window = open_window(root)
    assert any(STATUS_FILE in message and "rebuilt" in message for message in told), told
    assert window.document_model.data(window.document_model.index(0, 2)) == "in progress"
    assert len(window.session.annotations) == 1
    window.close()


@pytest.mark.parametrize("which", ["annotations", "document"])
def test_a_fifo_as_a_project_file_never_hangs_the_window(open_window, tmp_path: Path, dialogs: list[str], which: str) -> None:  # noqa: ANN001
    root = tmp_path / "project"
    make_project(root).close()
    if which == "annotations":
        fifo = root / "annotations" / ANNOTATOR / "first.json"
        fifo.parent.mkdir(parents=True)
    else:
        fifo = root / "documents" / "first.json"
        fifo.unlink()
    os.mkfifo(fifo)
    # A hang would stop the whole run: it is turned into a loud failure (traceback and exit) instead.
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        window = open_window(root)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert any("first.json" in text and "not a regular file" in text for text in dialogs), dialogs
    if which == "annotations":
        assert window.session.document.id == "first" and not window.session.editable
        assert "not a regular file" in window.banner.text()
    window.select_document("second")
    assert window.session is not None and window.session.document.id == "second" and window.session.editable
    assert fifo.is_fifo()
    window.close()
