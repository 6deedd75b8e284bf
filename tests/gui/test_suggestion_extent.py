"""A suggestion of the wrong extent is fixed in one drag: text selected over the current suggestion
and Enter accept it with the selection's extent, its links and guesses kept, and the proposed
extent is remembered as rejected (gui/suggestion_flow.py: accept_current)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.storage import FolderProject
from annotator.gui.main_window import MainWindow
from tests.gui.conftest import drag_select
from tests.gui.test_suggestions_flow import saved, wait_for_suggestions, walk_to


def test_enter_with_a_shorter_extent_selected_accepts_the_claim_there_with_its_links(qtbot, window: MainWindow, seed_project: Path) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    index = walk_to(window, lambda s: s.kind.value == "claims" and s.claimant is not None and s.date is not None and len(s.text.split()) > 4)
    proposed = window.suggestions.visible[index]
    end = proposed.start + proposed.text.rindex(" ")  # the last word left out
    drag_select(window.view, proposed.start, end)
    assert window.suggestions.current == index  # the drag did not change the current suggestion
    steps = window.session.undo_stack.count()
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.session.undo_stack.count() == steps + 1  # one undo step, as for any accept
    text = window.session.document.text
    assert window.session.save_blocking()
    spans = {s["id"]: s for s in saved(seed_project)["spans"]}
    [claim] = [s for s in spans.values() if s["label"] == "claim"]
    assert (claim["start"], claim["end"], claim["text"]) == (proposed.start, end, text[proposed.start : end])
    assert spans[claim["claim"]["claimant"]["span_id"]]["start"] == proposed.claimant.start  # the links came with it
    assert spans[claim["claim"]["date_span_id"]]["text"] == proposed.date.text
    # the proposed extent is not proposed again, here or after a reopening
    assert proposed.key not in {s.key for s in window.suggestions.visible}
    assert not window.view.textCursor().hasSelection()
    rejected = {tuple(key) for key in FolderProject.open(seed_project, read_only=True).load_rejected()}
    assert proposed.key in rejected
    window.undo_group.undo()
    assert not any(s.label == "claim" for s in window.session.annotations.spans())


def test_a_selection_inside_words_is_snapped_out_to_them(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    index = walk_to(window, lambda s: s.kind.value == "claims" and len(s.text.split()) > 4)
    proposed = window.suggestions.visible[index]
    end = proposed.start + proposed.text.rindex(" ")
    drag_select(window.view, proposed.start + 2, end - 1)  # from inside the first word to inside the last one kept
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    [claim] = [s for s in window.session.annotations.spans() if s.label == proposed.label]
    assert (claim.start, claim.end) == (proposed.start, end)
    assert (claim.claim.topic, claim.claim.form) == (proposed.topic or "", proposed.form)  # the guesses kept


def test_a_selection_elsewhere_leaves_the_suggestion_as_proposed(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    index = walk_to(window, lambda s: s.kind.value == "dates")
    proposed = window.suggestions.visible[index]
    far = next(s for s in window.suggestions.visible if s.start > proposed.end + 20)
    drag_select(window.view, far.start, far.end)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert any((s.start, s.end, s.label) == (proposed.start, proposed.end, proposed.label) for s in window.session.annotations.spans())
    assert not any(s.start == far.start for s in window.session.annotations.spans())
    assert proposed.key not in window.suggestions.rejected()
