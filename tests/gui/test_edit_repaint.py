"""What an edit repaints: the panels that change, not the docks and the window beneath them.

Every edit shows the Details panel again and changes the span list's rows. Both paint their own
background, so their repaint stops at them; before, each edit also repainted the Spans and Details
docks and the window under their labels and scroll bars (U3 in bench/editing.py).
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from annotator.gui.main_window import MainWindow
from annotator.gui.models import SPAN_ID_ROLE
from annotator.gui.steady_label import SteadyLabel


class _Paints(QObject):
    def __init__(self, watched: dict[str, QObject]) -> None:
        super().__init__()
        self.names = {id(widget): name for name, widget in watched.items()}
        self.count: Counter[str] = Counter()
        self.rects: list[tuple[str, QRect]] = []
        for widget in watched.values():
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count[self.names[id(watched)]] += 1
            self.rects.append((self.names[id(watched)], event.rect()))
        return False


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _label_key(window: MainWindow, name: str) -> Qt.Key:
    hotkey = next(label.hotkey for label in window.project.scheme.labels if label.name == name)
    return getattr(Qt.Key, f"Key_{hotkey}")


def test_a_relabel_repaints_the_details_and_the_span_list_but_not_their_docks(window: MainWindow) -> None:
    view = window.view
    text = window.session.annotations.document.text
    start = next(i for i, ch in enumerate(text) if ch.isalpha())
    end = start
    while end < len(text) and text[end].isalnum():
        end += 1
    window.details_dock.show()
    window.span_dock.show()
    view.setFocus()
    view.select_offsets(start, end)
    names = [label.name for label in window.project.scheme.labels]
    for name in names:  # the first edits of a session change the title and the saved state once
        QTest.keyClick(view, _label_key(window, name))
        _settle()
    span_id = view.selected_span
    assert span_id is not None and window.session.annotations.get(span_id).label == names[-1]
    paints = _Paints(
        {
            "details": window.details_panel.header,
            "details dock": window.details_dock,
            "span list": window.span_table.viewport(),
            "spans dock": window.span_dock,
            "window": window,
        }
    )
    QTest.keyClick(view, _label_key(window, names[1]))
    view.viewport().repaint()
    _settle()
    assert window.session.annotations.get(span_id).label == names[1]
    assert paints.count["details"] >= 1 and paints.count["span list"] >= 1  # what changed was repainted
    assert paints.count["details dock"] == 0 and paints.count["spans dock"] == 0
    # The window paints at most beneath the status bar's changed texts, never its dock area.
    status_bar = window.statusBar().geometry()
    assert [rect for name, rect in paints.rects if name == "window" and not status_bar.contains(rect)] == []


def test_a_steady_label_asks_for_a_layout_only_when_its_text_outgrows_it(qtbot) -> None:  # noqa: ANN001
    parent = QWidget()
    layout = QHBoxLayout(parent)
    label = SteadyLabel()
    layout.addWidget(label)
    qtbot.addWidget(parent)
    parent.show()
    label.setText("actor: 10 · claim: 20 · 30 spans")
    _settle()
    requests = _LayoutRequests(parent)
    room = label.width()
    for count in range(31, 40):  # counts that change but fit
        label.setText(f"actor: 10 · claim: 20 · {count} spans")
        _settle()
    assert requests.count == 0 and label.width() == room
    assert label.text() == "actor: 10 · claim: 20 · 39 spans"
    label.setText("actor: 10 · claim: 20 · 39 spans · document 1/100,000 · a much longer text")
    _settle()
    assert requests.count >= 1 and label.width() >= label.sizeHint().width()  # outgrown: more room, laid out once


class _LayoutRequests(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _add(window: MainWindow, start: int, end: int, label: str) -> str:
    window.view.set_selected_span(None, scroll=False)
    window.view.select_offsets(start, end)
    QTest.keyClick(window.view, _label_key(window, label))
    span_id = window.view.selected_span
    assert span_id is not None
    return span_id


def test_the_span_list_selects_a_relabelled_span_at_its_new_row_before_the_next_paint(window: MainWindow) -> None:
    """Sorted by Label, a relabel moves the span's row: the selection and the scroll follow it
    within the key's own handling, so the repaint after the key shows it (no second pass later)."""
    text = window.session.annotations.document.text
    words = [i for i, ch in enumerate(text) if ch.isalpha() and (i == 0 or not text[i - 1].isalnum())][:30]
    names = [label.name for label in window.project.scheme.labels]
    ids = [_add(window, start, start + 2, names[index % 2]) for index, start in enumerate(words)]
    _settle()
    window.span_model.sort(0, Qt.SortOrder.AscendingOrder)
    window.view.set_selected_span(ids[0], scroll=True)
    _settle()
    QTest.keyClick(window.view, _label_key(window, names[2]))  # the last label: its row moves to the end
    # No event processed since the key.
    current = window.span_table.currentIndex()
    assert window.session.annotations.get(ids[0]).label == names[2]
    assert current.isValid() and current.data(SPAN_ID_ROLE) == ids[0]
    assert current.row() == window.span_model.rowCount() - 1
    assert window.span_table.selectionModel().isRowSelected(current.row())
    assert window.span_table.viewport().rect().intersects(window.span_table.visualRect(current))


def test_a_steady_label_makes_room_for_its_text_in_another_font(qtbot) -> None:  # noqa: ANN001
    label = SteadyLabel()
    qtbot.addWidget(label)
    label.setText("actor: 10 · claim: 20 · 30 spans")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.width() >= label.sizeHint().width() and label.height() == label.sizeHint().height()
