"""Agreement and adjudication from the window: the Team menu, the dialogs, gold saved through the store."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.core.agreement import agreement_report, load_corpus
from annotator.core.curation import group_spans, is_agreed
from annotator.core.storage import open_project
from annotator.gui.adjudication_dialog import AdjudicationDialog
from annotator.gui.agreement_dialog import AgreementDialog
from annotator.gui.team_menu import show_adjudication, show_agreement
from tests.conftest import REPO
from tests.gui.conftest import menu_action


@pytest.fixture
def two_coder_project(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    runpy.run_path(str(REPO / "docs" / "agreement_sample.py"))["build"](root)
    return root


def test_agreement_dialog_shows_the_core_report(open_window, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    window = open_window(two_coder_project)
    assert menu_action(window, "&Team", "&Agreement between coders…") is not None
    dialog = show_agreement(window)
    assert isinstance(dialog, AgreementDialog)
    qtbot.addWidget(dialog)
    with open_project(two_coder_project, read_only=True) as project:
        expected = agreement_report(load_corpus(project), project.scheme)
    corpus_all = expected.row("corpus", "all")
    last = dialog.table.rowCount() - 1
    assert dialog.table.item(last, 0).text() == "corpus" and dialog.table.item(last, 1).text() == "all"
    assert dialog.table.item(last, 4 + 1).text() == f"{corpus_all.f1_overlap:.3f}"
    # Heat map: one row per document, the cell colour follows its F1; a click lists the disagreements.
    assert dialog.heat.rowCount() == 2
    dialog.heat.cellClicked.emit(0, dialog.heat.columnCount() - 1)
    first_doc = expected.rows[0].scope
    wanted = [d for d in expected.disagreements if d.document_id == first_doc]
    assert dialog.disagreements.count() == len(wanted) > 0
    # Activating one opens it in the window with its text selected.
    item = dialog.disagreements.item(0)
    dialog.disagreements.itemActivated.emit(item)
    assert window.session.document.id == first_doc
    cursor = window.view.textCursor()
    assert window.view.mapping.from_qt(cursor.selectionStart()) == wanted[0].start
    dialog.close()


def test_adjudicate_into_gold_with_undo(open_window, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    window = open_window(two_coder_project)
    dialog = show_adjudication(window)
    assert isinstance(dialog, AdjudicationDialog)
    qtbot.addWidget(dialog)
    assert dialog.coders == ["li", "maria"]
    coding = dialog.corpus.documents[0]
    groups = group_spans(coding.spans)
    agreed = [g for g in groups if is_agreed(g, ["li", "maria"], window.project.scheme)]
    assert dialog.table.rowCount() == len(groups) and dialog.progress.text() == f"0 of {len(groups)} decided"

    dialog.accept_all()
    assert dialog.progress.text() == f"{len(agreed)} of {len(groups)} decided"
    assert dialog.session.undo_stack.count() == 1  # one step for all agreements

    # A disagreement: the first group maria has and li has not (a dropped span), taken from maria.
    row = next(i for i, g in enumerate(groups) if not g.by("li") and g.by("maria"))
    dialog.table.selectRow(row)
    dialog.take_buttons[1].click()
    assert dialog.progress.text() == f"{len(agreed) + 1} of {len(groups)} decided"
    assert groups[row].by("maria")[0].text in dialog.table.item(row, 3).text()
    dialog.undo()
    assert dialog.table.item(row, 3).text() == ""
    dialog.redo()
    assert dialog.session.undo_stack.count() == 2

    # Reject it again, then merge a boundary disagreement; both undoable.
    dialog.reject_selected()
    assert dialog.table.item(row, 3).text() == ""
    dialog.undo()
    boundary = next(
        i
        for i, g in enumerate(groups)
        if g.by("li") and g.by("maria") and (g.by("li")[0].start, g.by("li")[0].end) != (g.by("maria")[0].start, g.by("maria")[0].end)
    )
    dialog.table.selectRow(boundary)
    dialog.merge_selected()
    union = groups[boundary]
    assert f"[{union.start}, {union.end})" in dialog.table.item(boundary, 3).text()

    dialog.done(0)
    saved = json.loads((two_coder_project / "annotations" / "gold" / f"{coding.document.id}.json").read_text(encoding="utf-8"))
    assert saved["annotator"] == "gold"
    assert len(saved["spans"]) == len(agreed) + 2
    # Agreement against gold is one call on the same project.
    with open_project(two_coder_project, read_only=True) as project:
        report = agreement_report(load_corpus(project, ["maria", "gold"], [coding.document.id]), project.scheme, reference="gold")
    assert report.row("corpus", "all").spans["gold"] == len(agreed) + 2
    QApplication.processEvents()
    assert window.project.writable  # the window still holds the project


def test_adjudication_refuses_edits_when_the_window_is_read_only(open_window, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    holder = open_project(two_coder_project)  # another window holds the project: this one is read-only
    try:
        window = open_window(two_coder_project)
        assert not window.project.writable
        dialog = show_adjudication(window)
        qtbot.addWidget(dialog)
        dialog.accept_all()
        assert dialog.session.undo_stack.count() == 0  # refused: nothing pushed, nothing written
        dialog.done(0)
        assert not (two_coder_project / "annotations" / "gold").exists()
    finally:
        holder.close()


def test_heat_colours_run_from_red_to_green() -> None:
    from annotator.gui.agreement_dialog import heat_colour

    assert heat_colour(0.0).hueF() == pytest.approx(0.0, abs=0.01)
    assert heat_colour(1.0).hueF() == pytest.approx(1 / 3, abs=0.01)
    assert heat_colour(float("nan")).saturation() == 0


def test_edit_a_curated_span_by_hand_and_undo(open_window, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    window = open_window(two_coder_project)
    dialog = show_adjudication(window)
    qtbot.addWidget(dialog)
    dialog.accept_all()
    groups = dialog.groups
    row = next(i for i, g in enumerate(groups) if dialog.table.item(i, 3).text() and g.label == "actor" and " " in g.spans[0][1].text)
    span = next(s for s in dialog.session.annotations.spans() if s.start >= groups[row].start and s.label == "actor")
    dialog.table.selectRow(row)
    cut = span.text.index(" ") + 1
    dialog.edit_selected(span.start + cut, span.end, "actor")
    edited = dialog.session.annotations.get(span.id)
    assert (edited.start, edited.text, edited.actor_id) == (span.start + cut, span.text[cut:], span.actor_id)  # the link is kept
    dialog.undo()
    assert dialog.session.annotations.get(span.id) == span
    # Progress per document is in the chooser.
    assert dialog.documents.itemText(0).endswith(f"({progress_text(dialog)} decided)")
    dialog.done(0)


def progress_text(dialog: AdjudicationDialog) -> str:
    done, total = dialog.progress.text().split(" decided")[0].split(" of ")
    return f"{done}/{total}"


def test_other_coder_lane_and_blind_coding(open_window, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QDockWidget

    from annotator.gui.coder_lane import BLIND_MESSAGE
    from annotator.gui.team_menu import set_blind

    window = open_window(two_coder_project)
    dock = window.findChild(QDockWidget, "coder_lane_dock")
    assert not dock.isVisible()
    assert dock.widget() is None  # hidden at start: the lane and its article view are built when first shown
    menu_action(window, "&Team", "&Show another coder's spans (read-only)").trigger()
    assert dock.isVisible()
    lane = dock.widget()
    assert lane.view.isVisible() and lane.view.toPlainText() == window.view.toPlainText()  # the same article, shown at once
    assert [lane.coders.itemText(i) for i in range(lane.coders.count())] == ["li", "maria"]
    doc_id = window.session.document.id
    lane.coders.setCurrentText("maria")
    with open_project(two_coder_project, annotator="maria", read_only=True) as maria:
        expected = maria.load_annotations(maria.load_document(doc_id)).annotation_file.spans
    assert lane.annotations.spans() == list(expected)
    assert lane.view.isReadOnly() and "read-only" in lane.message.text()
    # The window's own annotations are untouched by the lane, and switching documents follows.
    window.step_document(1)
    QApplication.processEvents()
    assert lane.document.id == window.session.document.id != doc_id

    set_blind(window, True)
    assert lane.coders.count() == 0 and lane.annotations is None and lane.message.text() == BLIND_MESSAGE
    saved = json.loads((two_coder_project / "annotator-project.json").read_text(encoding="utf-8"))
    assert saved["blind"] is True
    dialog = show_agreement(window)
    qtbot.addWidget(dialog)
    dialog.heat.cellClicked.emit(0, 0)
    assert dialog.disagreements.count() == 0 and "Adjudication" in dialog.caption.text()
    dialog.close()
    # Adjudication still shows every coder: that is when the blind is lifted.
    adjudication = show_adjudication(window)
    qtbot.addWidget(adjudication)
    assert adjudication.coders == ["li", "maria"]
    adjudication.done(0)
    set_blind(window, False)
    assert "blind" not in json.loads((two_coder_project / "annotator-project.json").read_text(encoding="utf-8"))
    assert lane.coders.count() == 2


def test_blind_coding_set_before_the_lane_was_first_shown_holds_when_it_is(open_window, two_coder_project: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QDockWidget

    from annotator.gui.coder_lane import BLIND_MESSAGE
    from annotator.gui.team_menu import set_blind

    window = open_window(two_coder_project)
    set_blind(window, True)
    dock = window.findChild(QDockWidget, "coder_lane_dock")
    assert dock.widget() is None
    menu_action(window, "&Team", "&Show another coder's spans (read-only)").trigger()
    lane = dock.widget()
    assert lane.coders.count() == 0 and lane.annotations is None and lane.message.text() == BLIND_MESSAGE
    set_blind(window, False)
    assert lane.coders.count() == 2


def test_stacked_lanes_draw_each_coders_span_under_its_text(open_window, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtGui import QFontMetricsF

    from annotator.gui.lanes_widget import NAME_WIDTH

    window = open_window(two_coder_project)
    dialog = show_adjudication(window)
    qtbot.addWidget(dialog)
    row = next(i for i, g in enumerate(dialog.groups) if g.by("li") and g.by("maria") and g.by("li")[0].start != g.by("maria")[0].start)
    dialog.table.selectRow(row)
    group = dialog.groups[row]
    lanes = dialog.lanes
    assert [name for name, _ in lanes._lanes] == ["li", "maria", "gold"]
    metrics = QFontMetricsF(lanes.font())
    text = lanes._text
    for lane, coder in enumerate(("li", "maria")):
        span = group.by(coder)[0]
        rect = lanes.bar_rect(lane, span)
        # The bar starts under the span's first character and is as wide as its text.
        assert rect.left() == pytest.approx(NAME_WIDTH + metrics.horizontalAdvance(text[: span.start - lanes._offset]))
        assert rect.width() == pytest.approx(metrics.horizontalAdvance(span.text.replace("\n", " ")), abs=1.0)
    li_rect, maria_rect = lanes.bar_rect(0, group.by("li")[0]), lanes.bar_rect(1, group.by("maria")[0])
    assert li_rect.top() > 0 and maria_rect.top() > li_rect.top()  # stacked: one lane below the other
    assert not lanes.grab().isNull()
    dialog.done(0)


def test_agreement_counts_the_coders_unsaved_edits(executor, two_coder_project: Path, qtbot) -> None:  # noqa: ANN001
    from annotator.core.edits import RemoveSpan
    from annotator.core.workspace import OpenedProject
    from annotator.gui.main_window import MainWindow

    window = MainWindow(OpenedProject(open_project(two_coder_project, annotator="maria")), executor)
    qtbot.addWidget(window)
    window.show()
    doc_id = window.session.document.id
    before = len(window.session.annotations)
    assert window.session.push(RemoveSpan(span=window.session.annotations.spans()[0]))  # not saved yet
    dialog = show_agreement(window)
    qtbot.addWidget(dialog)
    row = dialog.report.row(doc_id, "all")
    assert row.spans["maria"] == before - 1
    dialog.close()
    window.close()
    window.project.close()
