"""File → Export… and File → Import annotations… from the window, in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.formats import ImportMode
from annotator.gui.exchange_dialogs import ExportDialog, ImportAnnotationsDialog
from tests.gui.conftest import select_with_keyboard


def action(window, text: str) -> QAction:  # noqa: ANN001
    return next(a for a in window.findChildren(QAction) if a.text() == text)


def answer_dialog(kind: type, format_name: str, path: Path, seen: list[str]) -> None:
    """Fill the modal dialog the next action opens and press OK."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind), dialog
        dialog.select_format(format_name)
        seen.append(dialog.drops_label.text())
        dialog.path_edit.setText(str(path))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)


def test_export_from_the_window_says_what_it_drops_and_writes_the_unsaved_span(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    text = window.session.document.text
    start = text.index("Pashinyan")
    select_with_keyboard(window.view, start, start + len("Pashinyan"))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    seen: list[str] = []
    answer_dialog(ExportDialog, "brat", tmp_path / "out", seen)
    with qtbot.waitSignal(window.exchange_flow.finished, timeout=10000):
        action(window, "&Export…").trigger()
    assert "span ids" in seen[0]  # the dialog says what brat drops before anything is written
    ann = (tmp_path / "out" / f"{window.session.document.id}.ann").read_text("utf-8")
    assert f"T1\tactor {start} {start + 9}\tPashinyan\n" in ann
    assert "exported" in window.statusBar().currentMessage().lower()


def test_import_annotations_asks_merge_or_replace_and_shows_the_spans(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    document = window.session.document
    text = document.text
    start = text.index("Pashinyan")
    select_with_keyboard(window.view, start, start + len("Pashinyan"))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    source = tmp_path / "brat"
    source.mkdir()
    (source / f"{document.id}.txt").write_text(text, "utf-8")
    friday = text.index("Friday")
    (source / f"{document.id}.ann").write_text(f"T1\tDate {friday} {friday + 6}\tFriday\n#1\tTimex T1\tDATE 2024-02-23\n", "utf-8")
    asked: list[list[str]] = []
    window.exchange_flow.ask_mode = lambda conflicts: asked.append(conflicts) or ImportMode.MERGE
    answer_dialog(ImportAnnotationsDialog, "brat", source, [])
    with qtbot.waitSignal(window.exchange_flow.finished, timeout=10000):
        action(window, "Import &annotations…").trigger()
    assert asked == [[document.id]]
    assert window.session.document.id == document.id
    spans = {(s.label, s.text): s for s in window.session.annotations.spans()}
    assert set(spans) == {("actor", "Pashinyan"), ("date", "Friday")}
    assert spans[("date", "Friday")].timex.value == "2024-02-23"
    assert window.span_model.rowCount() == 2


def test_a_bad_import_file_is_reported_and_nothing_changes(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    document = window.session.document
    source = tmp_path / "brat"
    source.mkdir()
    (source / f"{document.id}.txt").write_text(document.text, "utf-8")
    (source / f"{document.id}.ann").write_text("T1\tPerson 0 3\tabc\n", "utf-8")
    answer_dialog(ImportAnnotationsDialog, "brat", source, [])
    with qtbot.waitSignal(window.exchange_flow.finished, timeout=10000):
        action(window, "Import &annotations…").trigger()
    box = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Nothing imported")
    assert "unknown label 'Person'" in box.detailedText() and f"{document.id}.ann, line 1" in box.detailedText()
    box.close()
    assert len(window.session.annotations) == 0


def test_graphml_time_windows_are_offered_only_for_graphml(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.select_format("brat")
    assert dialog.window_box.isHidden() and dialog.options == {}
    dialog.select_format("graphml")
    assert not dialog.window_box.isHidden()
    dialog.window_box.setCurrentIndex(dialog.window_box.findData("year"))
    assert dialog.options == {"window": "year"}
    with qtbot.waitSignal(window.exchange_flow.finished, timeout=10000):
        window.exchange_flow.start_export(window.project, dialog.spec, tmp_path / "net", dialog.options)
    assert (tmp_path / "net" / "actor_topic.graphml").is_file()


def test_cancel_stops_an_export_between_documents(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    from annotator.core.formats import ExportReport, export_items, get_format
    from annotator.gui.exchange_dialogs import ExchangeWorker

    spec = get_format("brat")
    items, _ = export_items(window.project)
    assert len(items) == 2
    worker = ExchangeWorker(lambda progress: spec.exporter(items, window.project.settings, tmp_path / "out", progress))
    worker.cancel()  # as the progress dialog's Cancel does
    with qtbot.waitSignal(worker.done, timeout=10000) as blocker:
        worker.start()
    worker.wait()
    report = blocker.args[0]
    assert isinstance(report, ExportReport) and report.cancelled and report.documents == 1
    assert len(list((tmp_path / "out").glob("*.ann"))) == 1
