"""After edits, the window's pending suggestions are decided again only where an edit touched
(gui/suggestion_shown.py), and once the edits settle they are exactly what a fresh run gives.

Each edit is checked twice: at the next turn of the event loop (the incremental update, against
deciding every candidate again) and, at the end, against a new window opened on the saved
project, whose own run starts from nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.edits import AddSpan
from annotator.gui.main_window import MainWindow
from tests.gui.conftest import select_with_keyboard
from tests.gui.test_working_day import SECOND


def settled(qtbot, window: MainWindow) -> list[tuple]:  # noqa: ANN001
    flow = window.suggestions
    qtbot.waitUntil(lambda: flow.idle and flow._computed is not None, timeout=20000)
    return [s.key for s in flow.visible]


def shown_now(window: MainWindow) -> tuple[list[tuple], list[tuple[int, int, str]], int | None]:
    flow = window.suggestions
    return [s.key for s in flow.visible], list(window.view._suggestions), flow.current


def assert_incremental_matches_full(window: MainWindow) -> None:
    """What the edits left shown (list, drawn places, current) is what deciding every candidate gives."""
    QTest.qWait(0)
    keys, drawn, current = shown_now(window)
    held = window.session.annotations.holds
    assert all(not held(place) for place in drawn)
    current_key = keys[current] if current is not None else None
    window.suggestions.refresh()
    full_keys, full_drawn, full_current = shown_now(window)
    assert keys == full_keys
    assert drawn == full_drawn == [(s.start, s.end, s.label) for s in window.suggestions.visible]
    assert (full_keys[full_current] if full_current is not None else None) == current_key


def test_edits_keep_the_shown_suggestions_those_of_a_fresh_run(qtbot, open_window, seed_project) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    view = window.view
    settled(qtbot, window)
    flow = window.suggestions
    assert len(flow.visible) > 3
    annotations = window.session.annotations
    hotkeys = {label.name: getattr(Qt.Key, f"Key_{label.hotkey}") for label in window.project.scheme.labels}

    # 1. Tag a suggested extent by hand with the suggested label: that suggestion goes, the others stay.
    tagged = next(s for s in flow.visible if s.kind.value == "dates")
    select_with_keyboard(view, tagged.start, tagged.end)
    QTest.keyClick(view, hotkeys[tagged.label])
    assert annotations.holds((tagged.start, tagged.end, tagged.label))
    assert_incremental_matches_full(window)
    assert tagged.key not in {s.key for s in flow.visible}

    # 2. Walk to a later suggestion (N), then remove the span just made: its suggestion comes back
    #    and the current one stays the same suggestion although its index moved.
    QTest.keyClick(view, Qt.Key.Key_Escape)
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_N)
    walked = flow.visible[flow.current]
    made = next(span for span in annotations.spans() if (span.start, span.end, span.label) == (tagged.start, tagged.end, tagged.label))
    window.select_span(made.id)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert made.id not in annotations
    assert_incremental_matches_full(window)
    assert tagged.key in {s.key for s in flow.visible}

    # 3. Tag another suggested extent with another label (its suggestion stays), relabel it to the
    #    suggested label (it goes), undo (it is back) and redo.
    other = next(s for s in flow.visible if s.key not in (tagged.key, walked.key) and s.kind.value == "dates")
    other_label = next(name for name in hotkeys if name != other.label)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    select_with_keyboard(view, other.start, other.end)
    QTest.keyClick(view, hotkeys[other_label])
    span = next(s for s in annotations.spans() if (s.start, s.end, s.label) == (other.start, other.end, other_label))
    assert_incremental_matches_full(window)
    assert other.key in {s.key for s in flow.visible}
    window.select_span(span.id)
    QTest.keyClick(view, hotkeys[other.label])
    assert annotations.get(span.id).label == other.label
    assert_incremental_matches_full(window)
    assert other.key not in {s.key for s in flow.visible}
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert_incremental_matches_full(window)
    assert other.key in {s.key for s in flow.visible}
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert_incremental_matches_full(window)

    # 4. Accept the walked-to suggestion with Enter (a span, or a claim with its claimant and date).
    QTest.keyClick(view, Qt.Key.Key_Escape)
    flow.current = None
    for _ in range(len(flow.visible) + 1):
        QTest.keyClick(view, Qt.Key.Key_N)
        if flow.visible[flow.current].key == walked.key:
            break
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert annotations.holds((walked.start, walked.end, walked.label))
    assert_incremental_matches_full(window)

    # Once the edits settle, the window shows exactly what a fresh run on the saved work shows.
    after_edits = settled(qtbot, window)
    assert window.session.save_blocking()
    fresh = open_window(seed_project)
    assert fresh.session.document.id == window.session.document.id
    assert settled(qtbot, fresh) == after_edits


def test_edits_wait_for_a_pause_as_long_as_the_last_run_before_running_again(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    from annotator.gui.suggestion_flow import DEBOUNCE_MS, MAX_SETTLE_MS

    settled(qtbot, window)
    flow = window.suggestions
    assert DEBOUNCE_MS <= flow.settle_delay() < MAX_SETTLE_MS  # the seeds' runs are quick
    flow._last_run_ms = 3000.0  # as a run on a long article takes
    span = window.session.annotations.make_span(0, 5, window.project.scheme.names()[0])
    window.session.push(AddSpan(span=span))
    assert flow._timer.isActive() and flow._timer.interval() == 3000
    flow._last_run_ms = 60_000.0
    window.session.undo_stack.undo()
    assert flow._timer.interval() == MAX_SETTLE_MS
    window.select_document(SECOND)  # another document: its first run comes after the usual pause
    assert flow._timer.interval() == DEBOUNCE_MS
