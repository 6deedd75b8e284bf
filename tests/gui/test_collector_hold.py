"""The cyclic collector is off from a document switch to the article's paint, and only that pause is undone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.gui import collector_hold
from annotator.gui.collector_hold import CollectorHold
from annotator.gui.main_window import MainWindow


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Asked for before any window is made: a window's own hold would otherwise be taken for the state to restore."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_held_until_the_watched_widget_has_painted(qtbot, collector_restored: None) -> None:  # noqa: ANN001
    view = QPlainTextEdit("some text")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    hold = CollectorHold(view.viewport())
    hold.hold()
    assert not gc.isenabled() and hold.held
    QApplication.processEvents()  # nothing to paint: still held
    assert not gc.isenabled()
    view.viewport().repaint()
    assert not gc.isenabled()  # the paint itself runs held
    qtbot.waitUntil(lambda: gc.isenabled())
    assert not hold.held


def test_a_view_that_never_paints_releases_it_after_the_deadline(qtbot, monkeypatch, collector_restored: None) -> None:  # noqa: ANN001
    monkeypatch.setattr(collector_hold, "RELEASE_AFTER_MS", 50)
    hidden = QPlainTextEdit()  # never shown: never painted
    qtbot.addWidget(hidden)
    hold = CollectorHold(hidden.viewport())
    hold.hold()
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: gc.isenabled(), timeout=2000)


def test_a_collector_switched_off_by_someone_else_stays_off(qtbot, collector_restored: None) -> None:  # noqa: ANN001
    view = QPlainTextEdit("x")
    qtbot.addWidget(view)
    hold = CollectorHold(view.viewport())
    gc.disable()  # the start-up pause, say
    hold.hold()
    assert not hold.held
    hold.release()
    view.show()
    view.viewport().repaint()
    QApplication.processEvents()
    assert not gc.isenabled()


def test_a_document_switch_loads_and_paints_with_the_collector_off(collector_restored: None, window: MainWindow, qtbot) -> None:  # noqa: ANN001
    seen: list[bool] = []
    original = window.project.load_annotations

    def load_annotations(document):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return original(document)

    window.project.load_annotations = load_annotations
    first = window.document_table.currentIndex().row()
    other = next(row for row in range(window.document_model.rowCount()) if row != first)
    window.document_table.selectRow(other)
    assert seen == [False] and not gc.isenabled()  # loaded with it off, still off until painted
    assert window.session is not None and window.span_model.rowCount() == len(window.session.annotations)
    qtbot.waitUntil(lambda: gc.isenabled())
    window.document_table.selectRow(first)  # open already: no load, the same hold to the paint
    assert seen == [False] and not gc.isenabled()
    qtbot.waitUntil(lambda: gc.isenabled())


def test_a_window_closed_while_it_is_held_does_not_leave_it_off(qtbot, monkeypatch, collector_restored: None) -> None:  # noqa: ANN001
    monkeypatch.setattr(collector_hold, "RELEASE_AFTER_MS", 50)
    view = QPlainTextEdit()
    hold = CollectorHold(view.viewport(), view)
    hold.hold()
    assert not gc.isenabled()
    view.deleteLater()  # the window and the hold with it, before any paint
    qtbot.waitUntil(lambda: gc.isenabled(), timeout=2000)


def test_closing_the_window_during_a_switch_switches_the_collector_on_at_once(collector_restored: None, window: MainWindow) -> None:
    first = window.document_table.currentIndex().row()
    other = next(row for row in range(window.document_model.rowCount()) if row != first)
    window.document_table.selectRow(other)
    assert not gc.isenabled()  # held until the article is painted
    window.close()  # no turn of the event loop after it: the hold's timers would never fire
    assert gc.isenabled()


def test_a_painted_switch_leaves_the_document_frozen_out_of_later_collections(collector_restored: None, window: MainWindow, qtbot) -> None:  # noqa: ANN001
    first = window.document_table.currentIndex().row()
    other = next(row for row in range(window.document_model.rowCount()) if row != first)
    window.document_table.selectRow(other)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: gc.isenabled())  # painted: released
    assert gc.get_freeze_count() > 0
    walked = {id(obj) for obj in gc.get_objects()}  # what a full collection walks
    assert id(session) not in walked and id(session.annotations) not in walked and id(session.document) not in walked
    window.close()  # what the window froze is given back to the collector
    assert gc.get_freeze_count() == 0
