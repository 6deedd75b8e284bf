"""Selections a coder expects: by word and by sentence from the keyboard, punctuation trimmed on tagging."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui.main_window import MainWindow
from tests.gui.test_tagging_flow import offsets_of

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def selected_text(window: MainWindow) -> str:
    start, end = window.view.selected_offsets()
    return window.session.document.text[start:end]


def caret_at(window: MainWindow, offset: int) -> None:
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_qt(offset))
    view.setTextCursor(cursor)
    view.setFocus()


def test_ctrl_shift_arrows_select_by_word_and_up_down_by_sentence(window: MainWindow) -> None:
    view = window.view
    start, _ = offsets_of(window, "Armenia has suspended")
    caret_at(window, start)
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert selected_text(window) == "Armenia"
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert selected_text(window) == "Armenia has suspended"
    QTest.keyClick(view, Qt.Key.Key_Left, CTRL_SHIFT)
    assert selected_text(window) == "Armenia has "  # back to the start of "suspended", as in editors
    QTest.keyClick(view, Qt.Key.Key_Down, CTRL_SHIFT)
    sentence = selected_text(window)
    assert sentence.startswith("Armenia has suspended") and sentence.endswith("distancing itself from Moscow.")
    # Tagging it with 2 keeps the final full stop out (word snapping trims punctuation).
    QTest.keyClick(view, Qt.Key.Key_2)
    [claim] = window.session.annotations.spans()
    assert claim.text == sentence[:-1]

    # Up from the middle of the next paragraph's second sentence selects back to its start.
    inside, _ = offsets_of(window, "when Russian peacekeepers")
    caret_at(window, inside)
    QTest.keyClick(view, Qt.Key.Key_Up, CTRL_SHIFT)
    assert selected_text(window) == "Russia and Armenia have traditionally been allies but relations soured last year "


def test_snapping_trims_a_bracket_that_belongs_to_nothing(window: MainWindow) -> None:
    start, _ = offsets_of(window, "Organisation (CSTO)")
    window.view.select_offsets(start, start + len("Organisation ("))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    [actor] = window.session.annotations.spans()
    assert actor.text == "Organisation"
    start, end = offsets_of(window, '"In practice, we have frozen our participation in this organization,"')
    window.view.select_offsets(start, end)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    quote = window.session.annotations.get(window.view.selected_span)
    assert quote.text == '"In practice, we have frozen our participation in this organization,"'
