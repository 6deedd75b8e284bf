"""What a cold start leaves out of the first paint (issue 8, U1) works from the window on first
use: the find bar opens with Ctrl+F above the article, the corpus run and the model field start
from their menu entries, an import runs, a copy is saved; and what the first paint does show, a
pending suggestion stored for the opened document, is drawn at once."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.storage import FolderProject
from annotator.core.suggest import Suggestion, SuggestionKind
from annotator.gui.main_window import MainWindow
from tests.conftest import SEEDS
from tests.gui.conftest import menu_action

FIRST = "000_d40578fe3dc4c4eb"


def test_ctrl_f_builds_the_find_bar_above_the_article_and_it_finds(window: MainWindow) -> None:
    assert window._find_bar is None  # not built with the window
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    assert bar.geometry().bottom() < window.view.geometry().top()  # over the article, as before
    QTest.keyClicks(bar.field, "the")
    assert bar.hits and bar.count_label.text().endswith(f"of {len(bar.hits)}")
    QTest.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.find_bar is bar  # built once


def test_the_corpus_run_starts_from_its_menu_entry_on_first_use(qtbot, window: MainWindow, seed_project: Path) -> None:  # noqa: ANN001
    entries = window.corpus_suggestions_menu
    assert entries.built is None  # the run's machinery waits for the first use
    menu_action(window, "S&uggestions", "Suggest across the &corpus…").trigger()
    corpus = entries.built
    assert corpus is not None and corpus.run.running
    qtbot.waitUntil(lambda: corpus.last_outcome is not None and not corpus.run.running, timeout=60000)
    with FolderProject.open(seed_project, read_only=True) as project:
        assert set(project.load_suggestions().pending) == {entry.id for entry in project.documents()}
    assert window.corpus_suggestions is corpus


def test_the_model_entry_opens_its_field_on_first_use(window: MainWindow) -> None:
    assert window.corpus_suggestions_menu.built is None
    menu_action(window, "S&uggestions", "Named-entity &model…").trigger()
    dialog = window.corpus_suggestions.model_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_an_import_runs_from_the_window_on_first_use(qtbot, open_window, tmp_path: Path) -> None:  # noqa: ANN001
    root = tmp_path / "empty"
    FolderProject.create(root, "empty").close()
    window = open_window(root)
    assert window._import_flow is None
    window.import_from(SEEDS)
    qtbot.waitUntil(lambda: not window.import_flow.running, timeout=30000)
    assert window.document_model.rowCount() == len(list(SEEDS.iterdir())) > 0


def test_save_a_copy_works_on_first_use(window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    target = tmp_path / "copy.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_args, **_kwargs: (str(target), "")))
    menu_action(window, "&File", "Save a &copy as…").trigger()
    assert json.loads(target.read_text(encoding="utf-8"))["document_id"] == window.session.document.id


def test_a_pending_suggestion_stored_for_the_opened_document_is_painted_at_start(open_window, seed_project: Path) -> None:  # noqa: ANN001
    with FolderProject.open(seed_project) as project:
        text = project.load_document(FIRST).text
        word = text.split()[1]
        start = text.index(word)
        stored = Suggestion(document_id=FIRST, kind=SuggestionKind.SEARCH, label="actor", start=start, end=start + len(word), text=word, score=1.0)
        project.save_pending({FIRST: [stored]})
    window = open_window(seed_project)
    QApplication.processEvents()
    assert window.session.document.id == FIRST
    assert window.suggestions._computed is None  # from the store, before any recommender ran
    assert stored.key in {s.key for s in window.suggestions.visible}
    assert window.view._suggestions  # drawn in the article's first paint
