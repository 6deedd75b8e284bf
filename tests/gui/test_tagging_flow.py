"""The real window, driven with keys and the mouse; results read back from the JSON files."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.model import SCHEMA_VERSION, AnnotationFile
from annotator.gui.main_window import MainWindow
from tests.gui.conftest import drag_select, point_of, select_with_keyboard

FIRST = "000_d40578fe3dc4c4eb"
SECOND = "003_50cdf573a4cb5bb2"


def annotation_file(root: Path, doc_id: str) -> AnnotationFile:
    [folder] = (root / "annotations").iterdir()
    return AnnotationFile.model_validate_json((folder / f"{doc_id}.json").read_bytes())


def offsets_of(window: MainWindow, needle: str, nth: int = 0) -> tuple[int, int]:
    text = window.session.document.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def test_tag_undo_redo_switch_reopen(qtbot, open_window, seed_project: Path) -> None:
    window = open_window(seed_project)
    assert window.session.document.id == FIRST
    start, end = offsets_of(window, "Nikol Pashinyan")
    select_with_keyboard(window.view, start, end)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    [span] = window.session.annotations.spans()
    assert (span.start, span.end, span.label, span.text) == (start, end, "actor", "Nikol Pashinyan")
    assert window.isWindowModified()

    window.undo_action.trigger()
    assert len(window.session.annotations) == 0
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [s.text for s in window.session.annotations.spans()] == ["Nikol Pashinyan"]

    QTest.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document.id == SECOND
    qtbot.waitUntil(lambda: (seed_project / "annotations").exists() and any((seed_project / "annotations").rglob(f"{FIRST}.json")), timeout=3000)
    QTest.keyClick(window.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document.id == FIRST
    window.close()

    saved = annotation_file(seed_project, FIRST)
    assert [(s.start, s.end, s.label, s.text) for s in saved.spans] == [(start, end, "actor", "Nikol Pashinyan")]
    reopened = open_window(seed_project)
    assert [(s.start, s.end, s.text) for s in reopened.session.annotations.spans()] == [(start, end, "Nikol Pashinyan")]
    assert reopened.document_model.index(0, 2).data() == "in progress"


def test_mouse_selection_snaps_to_words_and_label_button_tags(window: MainWindow) -> None:
    start, end = offsets_of(window, "Collective Security Treaty Organisation")
    drag_select(window.view, start + 3, end - 2)  # "lective ... Organisati"
    window.label_actions["actor"].trigger()
    [span] = window.session.annotations.spans()
    assert span.text == "Collective Security Treaty Organisation"

    window.snap_action.trigger()  # off: exactly as selected
    drag_select(window.view, start + 3, end - 2)
    window.label_actions["claim"].trigger()
    assert {s.text for s in window.session.annotations.spans()} == {"Collective Security Treaty Organisation", "lective Security Treaty Organisati"}


def test_click_selects_span_then_keys_edit_it(window: MainWindow) -> None:
    view = window.view
    claim = offsets_of(window, "In practice, we have frozen our participation in this organization")
    actor = offsets_of(window, "Nikol Pashinyan")
    select_with_keyboard(view, *claim)
    QTest.keyClick(view, Qt.Key.Key_2)
    select_with_keyboard(view, *actor)
    QTest.keyClick(view, Qt.Key.Key_1)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected_span is None

    # Click inside "practice": the claim is selected; relabel it with 3, then back with 2.
    point = point_of(view, claim[0] + 5)
    point.setX(point.x() + 2)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    claim_span = window.session.annotations.get(view.selected_span)
    assert claim_span is not None and claim_span.label == "claim"
    QTest.keyClick(view, Qt.Key.Key_3)
    assert window.session.annotations.get(claim_span.id).label == "date"
    QTest.keyClick(view, Qt.Key.Key_2)

    # Grow and shrink the end by a token from the keyboard: punctuation is a token of its own.
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    grown = window.session.annotations.get(claim_span.id)
    assert grown.text.endswith("organization,")
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.session.annotations.get(claim_span.id).text.endswith('organization,"')
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.session.annotations.get(claim_span.id).text.endswith("this organization")
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.annotations.get(claim_span.id).text.startswith("practice")

    # Tab walks the spans; Delete removes the selected one; undo brings it back.
    QTest.keyClick(view, Qt.Key.Key_Tab)
    selected = view.selected_span
    assert selected is not None
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert selected not in window.session.annotations
    window.undo_action.trigger()
    assert selected in window.session.annotations


def test_span_list_click_selects_and_scrolls(window: MainWindow) -> None:
    view = window.view
    late = offsets_of(window, "Vladimir Putin", nth=1)  # near the end of the article
    view.select_offsets(*late)
    window.span_editor.apply_label("actor")
    view.moveCursor(view.textCursor().MoveOperation.Start)
    view.verticalScrollBar().setValue(0)
    row = window.span_model.index(0, 1)
    window.span_table.clicked.emit(row)
    assert view.selected_span == window.session.annotations.spans()[0].id
    assert view.verticalScrollBar().value() > 0


def test_nested_spans_get_their_own_underline_tracks(window: MainWindow) -> None:
    view = window.view
    claim = offsets_of(window, "Prime Minister Nikol Pashinyan said in an interview published on Friday")
    actor = offsets_of(window, "Nikol Pashinyan")
    date = offsets_of(window, "Friday")
    for (start, end), label in ((claim, "claim"), (actor, "actor"), (date, "date")):
        view.select_offsets(start, end)
        window.span_editor.apply_label(label)
    pieces = view._visible_pieces()
    tracks = {span.label: track for _rect, span, track in pieces}
    assert tracks["claim"] == 0 and tracks["actor"] == 1 and tracks["date"] == 1
    window.legend_check = [a.text() for a in window.label_actions.values()]
    assert window.legend_check == ["1  actor", "2  claim", "3  date"]
    image = view.viewport().grab().toImage()
    assert not image.isNull()


def test_status_bar_counts_and_done_toggle(qtbot, window: MainWindow, seed_project: Path) -> None:
    window.view.select_offsets(*offsets_of(window, "Armenia"))
    window.span_editor.apply_label("actor")
    assert "actor: 1" in window.counts_label.text() and "1 spans" in window.counts_label.text()
    QTest.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.done_action.isChecked()
    window.save_current()
    assert annotation_file(seed_project, FIRST).status.value == "done"
    assert window.document_model.index(0, 2).data() == "done"


def test_autosave_writes_within_about_a_second(qtbot, window: MainWindow, seed_project: Path) -> None:
    window.view.select_offsets(*offsets_of(window, "Moscow"))
    window.span_editor.apply_label("actor")
    qtbot.waitUntil(lambda: not window.session.modified, timeout=2500)
    assert [s.text for s in annotation_file(seed_project, FIRST).spans] == ["Moscow"]
    assert "saved" in window.save_label.text()
    data = json.loads(next((seed_project / "annotations").rglob(f"{FIRST}.json")).read_text())
    assert data["schema_version"] == SCHEMA_VERSION and data["text_sha256"] == window.session.document.text_sha256
