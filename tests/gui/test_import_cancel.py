"""Importing a large folder from the window: progress, Cancel, and a second import that adds the rest."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

import annotator.core.articles as articles
import annotator.core.workspace as workspace
from annotator.gui.main_window import MainWindow


@pytest.fixture
def quiet_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)


def test_cancel_keeps_what_was_imported_and_importing_again_adds_the_rest(qtbot, window: MainWindow, tmp_path: Path, monkeypatch, quiet_boxes) -> None:  # noqa: ANN001
    source = tmp_path / "incoming"
    source.mkdir()
    total = 400
    for number in range(total):
        (source / f"article-{number:04}.txt").write_text(f"Headline {number}\n\nThe minister said on Friday that talks would go on.\n", encoding="utf-8")
    monkeypatch.setattr(workspace, "IMPORT_BATCH", 50)
    read = articles.read_article

    def slow_read(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - a slow disk, so that Cancel lands mid-import
        time.sleep(0.002)
        return read(*args, **kwargs)

    monkeypatch.setattr(articles, "read_article", slow_read)
    before = window.document_model.rowCount()
    window.import_from(source)
    flow = window.import_flow
    shown: list[tuple[int, int]] = []

    def on_progress(done: int, of: int, _name: str) -> None:
        shown.append((done, of))
        if done == 120 and flow.run.dialog is not None:
            flow.run.dialog.findChild(QPushButton).click()  # the user presses Cancel in the progress dialog

    flow.run.worker.progress.connect(on_progress)
    qtbot.waitUntil(lambda: not flow.running, timeout=20_000)
    assert flow.run.dialog is None  # the progress dialog is gone
    assert shown and shown[0][1] == total and all(of == total for _done, of in shown)
    added = window.document_model.rowCount() - before
    assert 120 <= added < total
    assert "cancelled" in window.statusBar().currentMessage()
    window.import_from(source)
    qtbot.waitUntil(lambda: not flow.running, timeout=20_000)
    assert window.document_model.rowCount() - before == total
    sources = [entry.source_file for entry in window.project.documents()]
    assert len(sources) == len(set(sources))
