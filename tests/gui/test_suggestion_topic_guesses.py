"""An accepted claim suggestion's ranked topic guesses in the Details panel's topic field (Down:
the next guess, Return takes it, typing still works)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.codebook import new_topic, rename_topic
from annotator.gui.main_window import MainWindow
from tests.gui.conftest import select_with_keyboard
from tests.gui.test_suggestions_flow import walk_to


def accept_a_claim_with_guesses(qtbot, window: MainWindow):  # noqa: ANN001, ANN202
    for name in ("CSTO", "CSTO performance", "Russian propaganda"):
        new_topic(window.codebook, name).apply(window.codebook)  # set-up: the codebook the coder made
    rename_topic(window.codebook, window.codebook.resolve("CSTO"), "CSTO membership").apply(window.codebook)  # "CSTO": an alias
    window.suggestions.schedule(0)
    qtbot.waitUntil(lambda: any(s.ranked_topics and len(s.ranked_topics) >= 2 for s in window.suggestions.visible) and window.suggestions.idle, timeout=10000)
    index = walk_to(window, lambda s: s.kind.value == "claims" and s.topic is not None and s.ranked_topics is not None and len(s.ranked_topics) >= 2)
    suggestion = window.suggestions.visible[index]
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    claim_id = window.view.selected_span
    assert QApplication.focusWidget() is window.details_panel.stance_combo
    return suggestion, claim_id


def test_down_in_the_topic_field_walks_the_ranked_guesses_and_return_takes_one(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    suggestion, claim_id = accept_a_claim_with_guesses(qtbot, window)
    panel = window.details_panel
    ranked = [topic.name for topic in suggestion.ranked_topics]
    assert ranked[0] == suggestion.topic and window.session.annotations.get(claim_id).claim.topic == ranked[0]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.topic_edit
    assert panel.topic_walk.guesses == tuple(ranked)
    assert not panel.topic_walk.hint.isHidden() and f"Down: next guess ({ranked[1]})" in panel.topic_walk.hint.text()
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Down)  # the second-best guess
    assert panel.topic_edit.text() == ranked[1] and panel.topic_edit.selectedText() == ranked[1]
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return)
    assert window.session.annotations.get(claim_id).claim.topic == ranked[1]
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Up)  # and back to the best one
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return)
    assert window.session.annotations.get(claim_id).claim.topic == ranked[0]
    window.undo_group.undo()
    assert window.session.annotations.get(claim_id).claim.topic == ranked[1]  # each choice is an undo step

    other = next(name for name in ("CSTO membership", "CSTO performance", "Russian propaganda") if name != panel.topic_edit.text())
    panel.topic_edit.selectAll()
    QTest.keyClicks(panel.topic_edit, other[:-1])  # typing still completes from the codebook
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return)
    assert window.session.annotations.get(claim_id).claim.topic == other
    QTest.keyClicks(panel.topic_edit, "x")  # a text that is no guess: the completer keeps Up and Down
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Down)
    assert panel.topic_edit.text() == other + "x" and panel.topic_walk.hint.isHidden()


def test_a_claim_coded_by_hand_offers_no_guesses(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    new_topic(window.codebook, "CSTO membership").apply(window.codebook)
    select_with_keyboard(window.view, 2, 30)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    QTest.keyClick(window.view, Qt.Key.Key_F6)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    panel = window.details_panel
    assert QApplication.focusWidget() is panel.topic_edit and panel.topic_walk.guesses == ()
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Down)
    assert panel.topic_walk.hint.isHidden() and not panel.topic_edit.toolTip()


def test_an_accepted_claim_opens_on_the_first_field_its_suggestion_left_open(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """No codebook: no topic guess. A claim whose stance the wording states lands on Topic, one
    without a stance guess on Stance."""
    qtbot.waitUntil(lambda: window.suggestions.idle and any(s.kind.value == "claims" for s in window.suggestions.visible), timeout=10000)
    claims = [s for s in window.suggestions.visible if s.kind.value == "claims"]
    assert any(s.stance is not None for s in claims) and any(s.stance is None for s in claims), "the seed article has both"
    panel = window.details_panel
    for stated in (True, False):
        index = walk_to(window, lambda s, stated=stated: s.kind.value == "claims" and (s.stance is not None) == stated and not s.topic)
        QTest.keyClick(window.view, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is (panel.topic_edit if stated else panel.stance_combo), index
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # back to the article
