"""Suggestions → "Suggest across the corpus…" in the real window: pending suggestions reach the
store and show in an article; a non-modal progress dialog with Cancel; an unreadable document is
named at the end; the "Named entities" toggle without a model says how to install it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from annotator.core.articles import read_article
from annotator.core.model import Document
from annotator.core.storage import FolderProject
from annotator.core.suggest import corpus as suggest_corpus_module
from annotator.core.suggest.corpus import suggest_corpus
from annotator.gui.main_window import MainWindow
from annotator.gui.models import DOCUMENT_ID_ROLE
from tests.conftest import FIRST_SEED
from tests.faults._support import tree_digest
from tests.gui.conftest import select_with_keyboard

SECOND = "003_50cdf573a4cb5bb2"


def run_to_the_end(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    corpus = window.corpus_suggestions
    corpus.last_outcome = None
    corpus.corpus_action.trigger()
    assert corpus.run.running
    qtbot.waitUntil(lambda: corpus.last_outcome is not None and not corpus.run.running, timeout=60000)


def test_the_corpus_run_stores_pending_suggestions_that_show_in_another_article(qtbot, window: MainWindow, seed_project: Path) -> None:  # noqa: ANN001
    annotations = tree_digest(seed_project / "annotations")
    run_to_the_end(qtbot, window)
    with FolderProject.open(seed_project, read_only=True) as project:
        pending = project.load_suggestions().pending
        ids = [entry.id for entry in project.documents()]
    assert set(pending) == set(ids) and all(pending.values())
    assert tree_digest(seed_project / "annotations") == annotations  # no annotation file written
    assert "pending suggestions stored for 2 documents" in window.statusBar().currentMessage()
    assert "MB/s" in window.statusBar().currentMessage()
    window.select_document(SECOND)
    qtbot.waitUntil(lambda: window.session is not None and window.session.document.id == SECOND)
    # shown from the store at once, before this article's own run (debounced) has started
    assert window.suggestions._computed is None
    assert {s.key for s in window.suggestions.visible} == {s.key for s in pending[SECOND]}
    assert window.view._suggestions  # drawn in the article


def test_the_dialog_is_not_modal_typing_goes_on_and_cancel_keeps_what_was_done(qtbot, open_window, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    root = tmp_path / "big"
    text = read_article(FIRST_SEED, "x").document.text
    with FolderProject.create(root, "big") as project:
        project.add_documents([Document.create(f"b{n:03d}", f"{text}\n\n(Article {n})") for n in range(120)])
    # The real loop, held after its third document until Cancel was pressed: the run cannot end first.
    reached, gate = threading.Event(), threading.Event()

    def held(*args, progress, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        def step(p) -> None:  # noqa: ANN001
            progress(p)
            if p.done == 3:
                reached.set()
                gate.wait(30)

        return suggest_corpus(*args, progress=step, **kwargs)

    monkeypatch.setattr(suggest_corpus_module, "suggest_corpus", held)  # the worker reads it from there when it runs
    window = open_window(root)
    corpus = window.corpus_suggestions
    corpus.corpus_action.trigger()
    assert corpus.run.dialog.windowModality() == Qt.WindowModality.NonModal
    select_with_keyboard(window.view, 0, 5)
    spans = len(window.session.annotations)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # tag while the corpus runs
    assert len(window.session.annotations) == spans + 1
    qtbot.waitUntil(reached.is_set, timeout=60000)
    qtbot.waitUntil(lambda: "MB/s" in corpus.run.dialog.labelText(), timeout=10000)
    assert "documents" in corpus.run.dialog.labelText()
    corpus.run.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    gate.set()
    qtbot.waitUntil(lambda: corpus.last_outcome is not None, timeout=60000)
    outcome = corpus.last_outcome
    assert outcome.cancelled and len(outcome.results) == 3
    with FolderProject.open(root, read_only=True) as project:
        pending = project.load_suggestions().pending
    assert set(pending) == {"b000", "b001", "b002"}
    assert "cancelled" in window.statusBar().currentMessage()


def test_an_unreadable_document_is_named_at_the_end_and_the_rest_are_stored(qtbot, window: MainWindow, seed_project: Path) -> None:  # noqa: ANN001
    broken = next(path for path in (seed_project / "documents").iterdir() if SECOND in path.name)
    broken.write_text("{broken", encoding="utf-8")
    run_to_the_end(qtbot, window)
    box = window.corpus_suggestions.report_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert broken.name in box.text()
    with FolderProject.open(seed_project, read_only=True) as project:
        assert list(project.load_suggestions().pending) == [window.session.document.id]
    assert "1 could not be read" in window.statusBar().currentMessage()


def test_named_entities_without_the_model_say_how_to_install_it_and_change_nothing(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.corpus_suggestions.set_model("no_such_model_xyz")
    toggle = window.suggestions.toggle_actions["ner"]
    assert toggle.text() == "Suggest named entities" and not toggle.isChecked()
    toggle.trigger()
    assert not toggle.isChecked()
    message = window.statusBar().currentMessage()
    assert "pip install 'annotator[nlp]'" in message and "python -m spacy download" in message
    assert QSettings().value("suggestions/ner", None) is None  # nothing remembered
    assert "ner" not in window.suggestions.enabled_kinds()


def test_named_entities_from_a_model_folder_run_off_the_gui_thread(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Armenia"}, {"label": "PERSON", "pattern": "Pashinyan"}])
    nlp.to_disk(tmp_path / "model")
    window.corpus_suggestions.set_model(str(tmp_path / "model"))
    toggle = window.suggestions.toggle_actions["ner"]
    toggle.trigger()
    assert toggle.isChecked() and "ner" in window.suggestions.enabled_kinds()
    qtbot.waitUntil(lambda: any(s.kind.value == "ner" for s in window.suggestions.visible), timeout=20000)
    found = {s.text for s in window.suggestions.visible if s.kind.value == "ner"}
    assert found <= {"Armenia", "Pashinyan"} and found


def test_a_rejection_while_the_run_stores_is_kept_with_its_results(qtbot, window: MainWindow, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.suggestions._worker is None and len(window.suggestions.visible) > 0, timeout=10000)
    reached, gate = threading.Event(), threading.Event()
    project_store = window.project
    save_pending = type(project_store).save_pending

    def held(self, changes):  # noqa: ANN001, ANN202 - the real store, held until the coder has rejected one
        reached.set()
        gate.wait(30)
        return save_pending(self, changes)

    monkeypatch.setattr(type(project_store), "save_pending", held)
    corpus = window.corpus_suggestions
    corpus.corpus_action.trigger()
    qtbot.waitUntil(reached.is_set, timeout=60000)
    monkeypatch.setattr(type(project_store), "save_pending", save_pending)
    QTest.keyClick(window.view, Qt.Key.Key_N)
    rejected = window.suggestions.visible[window.suggestions.current]
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)  # stored while the corpus's batch waits to be written
    gate.set()
    qtbot.waitUntil(lambda: corpus.last_outcome is not None, timeout=60000)
    with FolderProject.open(seed_project, read_only=True) as project:
        state = project.load_suggestions()
    assert rejected.key in set(state.rejected)
    assert len(state.pending) == 2 and rejected.key not in {s.key for items in state.pending.values() for s in items}
    assert rejected.key not in {s.key for s in window.suggestions.visible}


def test_only_the_documents_selected_in_the_list_when_several_are(qtbot, open_window, tmp_path: Path) -> None:  # noqa: ANN001
    root = tmp_path / "three"
    text = read_article(FIRST_SEED, "x").document.text
    with FolderProject.create(root, "three") as project:
        project.add_documents([Document.create(f"c{n}", f"{text}\n\n(Article {n})") for n in range(3)])
    window = open_window(root)
    table = window.document_table
    rows = {table.model().index(r, 0).data(DOCUMENT_ID_ROLE): r for r in range(3)}
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(rows["c0"], 0)).center())
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, table.visualRect(table.model().index(rows["c2"], 0)).center()
    )
    assert len(table.selectionModel().selectedRows()) == 2
    run_to_the_end(qtbot, window)
    with FolderProject.open(root, read_only=True) as project:
        assert set(project.load_suggestions().pending) == {"c0", "c2"}
