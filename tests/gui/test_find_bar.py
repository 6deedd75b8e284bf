"""Ctrl+F over the article: hits highlighted and counted, Enter / Shift+Enter walk them, Tag all is one undo step."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_find(window: MainWindow, query: str) -> list[tuple[int, int]]:
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    QTest.keyClicks(bar.field, query)
    text = window.session.document.text
    return [(m.start(), m.end()) for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


def test_ctrl_f_counts_highlights_and_walks_the_hits(window: MainWindow) -> None:
    expected = open_find(window, "Pashinyan")
    bar = window.find_bar
    assert len(expected) >= 3
    assert bar.hits == expected
    assert bar.count_label.text() == f"1 of {len(expected)}"
    assert len(window.view.extraSelections()) == len(expected)
    QTest.keyClick(bar.field, Qt.Key.Key_Return)  # the first hit after the caret (at the top)
    assert window.view.selected_offsets() == expected[0]
    QTest.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.view.selected_offsets() == expected[1]
    assert bar.count_label.text() == f"2 of {len(expected)}"
    QTest.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert window.view.selected_offsets() == expected[0]
    QTest.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)  # wraps round to the last
    assert window.view.selected_offsets() == expected[-1]
    # Whole word and case narrow the hits; a broken regex says so and finds nothing.
    bar.case.setChecked(True)
    QTest.keyClicks(bar.field, "x")
    assert bar.count_label.text() == "no hits" and window.view.extraSelections() == []
    bar.field.clear()
    bar.regex.setChecked(True)
    QTest.keyClicks(bar.field, "(Pash")
    assert bar.count_label.text() == "bad regex" and bar.hits == []
    QTest.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.view.extraSelections() == []


def test_the_hits_follow_the_document_shown(window: MainWindow) -> None:
    open_find(window, "the")
    before = list(window.find_bar.hits)
    window.step_document(+1)
    text = window.session.document.text
    assert window.find_bar.hits == [(m.start(), m.end()) for m in re.finditer("the", text, re.IGNORECASE)] != before


def test_tag_all_occurrences_is_one_undo_step(window: MainWindow) -> None:
    expected = open_find(window, "Pashinyan")
    bar = window.find_bar
    bar.label_choice.setCurrentText("actor")
    bar.whole_word.setChecked(True)
    spans_before = window.session.annotations.spans()
    QTest.mouseClick(bar.tag_all_button, Qt.MouseButton.LeftButton)
    added = [s for s in window.session.annotations.spans() if s not in spans_before]
    assert [(s.start, s.end, s.label, s.text) for s in added] == [(a, b, "actor", "Pashinyan") for a, b in expected]
    # A second Tag all finds nothing new to tag.
    QTest.mouseClick(bar.tag_all_button, Qt.MouseButton.LeftButton)
    assert len(window.session.annotations.spans()) == len(spans_before) + len(expected)
    window.undo_group.undo()
    assert window.session.annotations.spans() == spans_before
    assert window.session.undo_stack.isClean()
    window.undo_group.redo()
    assert len(window.session.annotations.spans()) == len(spans_before) + len(expected)
