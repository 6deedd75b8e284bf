"""Ctrl+Shift+F: the corpus index is built in the background; a result opens the right article at the right place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.search.index import INDEX_FILE
from annotator.gui.main_window import MainWindow
from tests.gui.test_tagging_flow import FIRST, SECOND


def test_a_corpus_hit_opens_its_article_at_the_hit(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    dialog = window.corpus_search
    with qtbot.waitSignal(dialog.index_ready, timeout=20000):
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert dialog.isVisible() and window.project.cache_path(INDEX_FILE).is_file()
    QTest.keyClicks(dialog.field, "security issues")
    assert dialog.results.rowCount() == 1
    hit = dialog.results.item(0, 2).data(Qt.ItemDataRole.UserRole)
    assert hit.document_id == SECOND and "[security issues]" in dialog.results.item(0, 2).text()
    assert window.session.document.id == FIRST
    dialog.results.setCurrentCell(0, 2)
    dialog.results.setFocus()
    QTest.keyClick(dialog.results, Qt.Key.Key_Return)
    assert window.session.document.id == SECOND
    start, end = window.view.selected_offsets()
    assert window.session.document.text[start:end] == "security issues" and (start, end) == (hit.start, hit.end)
    # A word in both articles finds both; whole word leaves out longer words.
    dialog.field.clear()
    QTest.keyClicks(dialog.field, "CSTO")
    assert {dialog.results.item(row, 0).data(Qt.ItemDataRole.UserRole).document_id for row in range(dialog.results.rowCount())} == {FIRST, SECOND}
