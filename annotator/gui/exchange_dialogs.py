"""File → Export… and File → Import annotations…: the format registry's dialogs and background runs.

Both run off the GUI thread with a cancellable progress dialog. Exports read a
read-only second opening of the project (``ProjectStore.reopen``), so the window
keeps its own; imports are planned first (nothing written), then, after the user
has answered merge or replace where documents already hold annotations, applied
to the window's project while the modal progress dialog keeps the window still.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from annotator.core.formats import (
    ExportReport,
    FormatError,
    FormatSpec,
    ImportMode,
    ImportOutcome,
    ImportPlan,
    apply_import,
    export_formats,
    export_items,
    import_formats,
    plan_import,
)
from annotator.core.storage import ProjectError, ProjectStore
from annotator.gui.progress_run import ProgressRun


class ExchangeWorker(QThread):
    """Runs ``job(progress)`` on a thread; ``done`` carries its result or the error it raised."""

    progress = Signal(int, int, str)
    done = Signal(object)

    def __init__(self, job: Callable[[Callable[[int, int, str], bool]], object]) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _on_progress(self, done: int, total: int, name: str) -> bool:
        self.progress.emit(done, total, name)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._job(self._on_progress)
        except (ProjectError, FormatError, OSError) as error:
            result = error
        self.done.emit(result)


class _FormatDialog(QDialog):
    """A format from the registry and a path, with what the format drops."""

    def __init__(self, title: str, specs: list[FormatSpec], parent: QWidget | None, *, exporting: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)  # the list of what a format drops wraps over a few lines
        self._specs, self._exporting = specs, exporting
        self.format_box = QComboBox()
        for spec in specs:
            self.format_box.addItem(spec.title, spec.name)
        self.drops_label = QLabel()
        self.drops_label.setWordWrap(True)
        self.path_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format_box)
        form.addRow("Drops" if exporting else "Reads", self.drops_label)
        form.addRow("Output" if exporting else "Source", row)
        # Format options (GraphML's time windows); shown only for formats that take them.
        self.window_box = QComboBox()
        for text, value in (("none", ""), ("per year", "year"), ("per month", "month")):
            self.window_box.addItem(text, value)
        self.window_label = QLabel("Time windows")
        form.addRow(self.window_label, self.window_box)
        form.addRow(self.buttons)
        self.format_box.currentIndexChanged.connect(self._update)
        self.path_edit.textChanged.connect(self._update)
        self._update()

    @property
    def spec(self) -> FormatSpec:
        return self._specs[self.format_box.currentIndex()]

    def select_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def _update(self) -> None:
        spec = self.spec
        if self._exporting:
            self.drops_label.setText("; ".join(spec.drops) if spec.drops else "nothing: the export keeps everything")
        else:
            self.drops_label.setText(f"a {spec.source} ({', '.join(spec.extensions)})")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.path_edit.text().strip()))
        windows = self._exporting and "window" in spec.options
        self.window_label.setVisible(windows)
        self.window_box.setVisible(windows)

    @property
    def options(self) -> dict[str, str]:
        """The chosen options of the chosen format."""
        window = self.window_box.currentData()
        return {"window": window} if "window" in self.spec.options and window else {}

    def _browse(self) -> None:
        spec = self.spec
        wanted = spec.output if self._exporting else spec.source
        if wanted == "folder":
            chosen = QFileDialog.getExistingDirectory(self, "Choose a folder")
        elif self._exporting:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", "", f"{spec.title} (*{' *'.join(spec.extensions)})")
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, "Import from", "", f"{spec.title} (*{' *'.join(spec.extensions)})")
        if chosen:
            self.path_edit.setText(chosen)


class ExportDialog(_FormatDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Export annotations", export_formats(), parent, exporting=True)


class ImportAnnotationsDialog(_FormatDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Import annotations", import_formats(), parent, exporting=False)


def ask_import_mode(parent: QWidget, conflicts: list[str]) -> ImportMode | None:
    """Merge, replace or cancel, for documents that already hold annotations."""
    box = QMessageBox(QMessageBox.Icon.Question, "Documents already annotated", f"{len(conflicts)} document(s) already hold annotations.", parent=parent)
    box.setInformativeText("Merge adds the imported spans (none doubled); Replace drops the current annotations of those documents.")
    box.setDetailedText("\n".join(conflicts))
    merge = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return {merge: ImportMode.MERGE, replace: ImportMode.REPLACE}.get(box.clickedButton())


class ExchangeFlow(QObject):
    """One export or import at a time; ``finished`` fires on the GUI thread with the report or error."""

    finished = Signal(object)

    def __init__(self, window: QWidget, tell: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._tell = tell
        self.run = ProgressRun(window)
        # Replaceable in tests, which cannot click a modal question.
        self.ask_mode: Callable[[list[str]], ImportMode | None] = lambda conflicts: ask_import_mode(window, conflicts)

    @property
    def running(self) -> bool:
        return self.run.running

    # --- the menu entries -------------------------------------------------------
    def choose_export(self, project: ProjectStore, before: Callable[[], bool]) -> None:
        dialog = ExportDialog(self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted and before():
            self.start_export(project, dialog.spec, dialog.path, dialog.options)

    def choose_import(self, project: ProjectStore, before: Callable[[], bool], after: Callable[[], None]) -> None:
        if not project.writable:
            self._tell("Read-only: cannot import into this project")
            return
        dialog = ImportAnnotationsDialog(self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted and before():
            self.start_import(project, dialog.spec, dialog.path, after)

    # --- runs -------------------------------------------------------------------
    def start_export(self, project: ProjectStore, spec: FormatSpec, out: Path, options: dict[str, str] | None = None) -> None:
        assert spec.exporter is not None
        if spec.missing():
            QMessageBox.warning(self._window, "Export", spec.missing())
            self.finished.emit(None)
            return
        exporter = spec.exporter
        snapshot = project.reopen(read_only=True)  # the worker's own opening: stores are not shared across threads

        def job(progress: Callable[[int, int, str], bool]) -> ExportReport:
            with snapshot:
                items, problems = export_items(snapshot, None, progress)
                if problems:
                    raise ProjectError("nothing exported: " + "; ".join(problems[:3]))
                return exporter(items, snapshot.settings, out, progress, **(options or {}))

        self._run(f"Exporting {spec.name}…", job, self._export_done)

    def _export_done(self, result: object) -> None:
        if isinstance(result, ExportReport):
            self._tell(result.summary().capitalize())
            if result.notes:
                self._inform("Export", result.summary(), result.notes)
        else:
            QMessageBox.warning(self._window, "Export failed", str(result))
        self.finished.emit(result)

    def start_import(self, project: ProjectStore, spec: FormatSpec, source: Path, after: Callable[[], None]) -> None:
        assert spec.importer is not None
        if spec.missing():
            QMessageBox.warning(self._window, "Import", spec.missing())
            self.finished.emit(None)
            return
        importer = spec.importer

        def job(progress: Callable[[int, int, str], bool]) -> ImportPlan:
            return plan_import(project, importer(source, progress), progress)

        self._run(f"Reading {source.name}…", job, lambda result: self._planned(project, result, after))

    def _planned(self, project: ProjectStore, result: object, after: Callable[[], None]) -> None:
        if not isinstance(result, ImportPlan):
            QMessageBox.warning(self._window, "Import failed", str(result))
            self.finished.emit(result)
            return
        if result.errors:
            self._inform("Nothing imported", f"Nothing imported: {len(result.errors)} problem(s) in the files.", result.errors, warning=True)
            self.finished.emit(result)
            return
        mode = ImportMode.REFUSE
        if result.conflicts:
            chosen = self.ask_mode(result.conflicts)
            if chosen is None:
                self._tell("Import cancelled: nothing changed")
                self.finished.emit(None)
                return
            mode = chosen

        def job(progress: Callable[[int, int, str], bool]) -> ImportOutcome:
            return apply_import(project, result, mode, progress)

        self._run("Importing annotations…", job, lambda outcome: self._imported(result, outcome, after))

    def _imported(self, plan: ImportPlan, outcome: object, after: Callable[[], None]) -> None:
        if isinstance(outcome, ImportOutcome):
            after()
            self._tell(outcome.summary().capitalize())
            if plan.skipped or plan.notes:
                self._inform("Import", outcome.summary(), [*plan.skipped, *plan.notes])
        else:
            QMessageBox.warning(self._window, "Import failed", str(outcome))
        self.finished.emit(outcome)

    def _inform(self, title: str, summary: str, details: list[str], *, warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, summary, QMessageBox.StandardButton.Ok, self._window)
        box.setDetailedText("\n".join(details))
        box.open()

    def _run(self, label: str, job: Callable[[Callable[[int, int, str], bool]], object], then: Callable[[object], None]) -> None:
        self.run.start(ExchangeWorker(job), label, then)

    def stop(self) -> None:
        self.run.stop()
