"""Metadata corrections are edits on the document's undo stack, written through the store."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.metadata_edits import set_metadata
from annotator.core.model import ArticleMetadata, Document
from annotator.gui.main_window import MainWindow
from annotator.gui.metadata_panel import MetadataDialog
from tests.gui.test_tagging_flow import FIRST

CTRL = Qt.KeyboardModifier.ControlModifier


def stored(root: Path) -> dict:
    return json.loads((root / "documents" / f"{FIRST}.json").read_bytes())["metadata"]


def correct_byline_with_keys(qtbot, window: MainWindow, byline: str) -> None:  # noqa: ANN001
    """Ctrl+Shift+M, type a new byline over the old one, Enter.

    On a loaded machine the dialog's focus can arrive after the first Return, so Return is sent
    again until the dialog closes; after 5 s the dialog is rejected instead, so that the test
    fails rather than waiting in the dialog's event loop for ever."""
    answered: list[bool] = []
    typed: list[bool] = []
    ticks = [0]

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MetadataDialog):
            return  # not open yet, or closed: the timer tries again
        ticks[0] += 1
        if ticks[0] > 250:
            timer.stop()
            dialog.reject()
            return
        if not typed:
            dialog.byline.setFocus()
            dialog.byline.selectAll()
            QTest.keyClicks(dialog.byline, byline)
            typed.append(True)
        QTest.keyClick(dialog.byline, Qt.Key.Key_Return)
        if not dialog.isVisible():
            timer.stop()
            answered.append(True)

    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    QTest.keyClick(window.view, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(answered), timeout=8000)


def test_metadata_correction_is_undone_and_redone_with_ctrl_z(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    before = stored(seed_project)
    assert before["byline"] == "AFP"
    correct_byline_with_keys(qtbot, window, "Agence France-Presse")
    assert stored(seed_project)["byline"] == "Agence France-Presse"
    assert window.session.document.metadata.byline == "Agence France-Presse"
    assert window.undo_action.text() == "&Undo Correct the article's byline"
    assert "Agence France-Presse" in window.metadata_panel._details.text()

    window.activateWindow()  # the dialog had the focus
    assert QTest.qWaitForWindowActive(window)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(seed_project) == before
    assert window.session.document.metadata.byline == "AFP"
    assert window.session.annotations.document.metadata.byline == "AFP"
    assert "Agence France-Presse" not in window.metadata_panel._details.text()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stored(seed_project)["byline"] == "Agence France-Presse"
    window.close()
    reopened = open_window(seed_project)
    assert reopened.session.document.metadata.byline == "Agence France-Presse"


def test_an_unchanged_dialog_is_no_undo_step(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    correct_byline_with_keys(qtbot, window, "AFP")
    assert not window.undo_action.isEnabled()


def test_set_metadata_edit_describes_and_inverts() -> None:
    document = Document.create("d", "text", metadata=ArticleMetadata(headline="Old", byline="AFP"))
    edit = set_metadata(document, document.metadata.model_copy(update={"headline": "New", "url": "https://example.org"}))
    assert edit is not None and edit.describe() == "Correct the article's headline, URL"
    corrected = edit.apply(document)
    assert corrected.metadata.headline == "New" and corrected.text_sha256 == document.text_sha256
    assert edit.inverse().apply(corrected) == document
    assert set_metadata(document, document.metadata) is None
