"""Ctrl+Return: done with the claim in the Details panel, back to the article and on to the next
suggestion in one key (what Ctrl+T then N did)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.gui.shortcuts import SPECS
from tests.gui.test_suggestion_topic_guesses import accept_a_claim_with_guesses

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_key_is_in_the_shortcut_table_and_the_menu(window: MainWindow) -> None:
    assert SPECS["finish_and_next"].defaults == ("Ctrl+Return",)
    assert window.bound_actions["finish_and_next"].shortcut().toString() == "Ctrl+Return"


def test_ctrl_return_applies_the_field_and_goes_on_to_the_next_suggestion(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    suggestion, claim_id = accept_a_claim_with_guesses(qtbot, window)
    panel = window.details_panel
    second = suggestion.ranked_topics[1].name
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Down)
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return, CTRL)  # done: no Return needed, leaving the field applies it
    assert window.session.annotations.get(claim_id).claim.topic == second
    assert QApplication.focusWidget() is window.view
    flow = window.suggestions
    current = flow.visible[flow.current]
    # The same walk as Ctrl+T then N: the first suggestion from the claim on.
    assert current.start >= suggestion.start and not any(s.start >= suggestion.start for s in flow.visible[: flow.current])

    QTest.keyClick(window.view, Qt.Key.Key_Return)  # a date or actor goes on by itself; a claim opens its Details again
    if window.view.selected_span is not None:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_O)  # from the stance field
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)
        assert QApplication.focusWidget() is window.view and flow.current is not None
