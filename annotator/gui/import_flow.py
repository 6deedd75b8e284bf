"""Importing a folder from the window: worker thread, progress dialog, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.core.articles import ImportReport
from annotator.core.storage import ProjectStore
from annotator.gui.import_worker import ImportWorker
from annotator.gui.plain_text import plain_message


class ImportFlow(QObject):
    """One import at a time; ``imported`` fires on the GUI thread when it ends."""

    imported = Signal(object)  # the ImportReport

    def __init__(self, window: QWidget, tell: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._tell = tell
        self._worker: ImportWorker | None = None
        self._dialog: QProgressDialog | None = None

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, project: ProjectStore, source: Path) -> None:
        worker = ImportWorker(project, source)
        self._dialog = QProgressDialog("Importing articles…", "Cancel", 0, 0, self._window)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(300)
        self._dialog.canceled.connect(worker.cancel)
        # Bound methods of a GUI-thread object: Qt queues the worker's signals onto the GUI
        # thread. (A lambda has no receiver and would run on the worker thread.)
        worker.progress.connect(self._on_progress)
        worker.done.connect(self._on_done)
        self._worker = worker
        worker.start()

    def stop(self) -> None:
        """Cancel and wait (the project is about to close)."""
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(total)
            self._dialog.setValue(done)
            self._dialog.setLabelText(f"Importing {name}")

    def _on_done(self, result: object) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if isinstance(result, ImportReport):
            self.imported.emit(result)
            self.report(result, quiet=False)
        else:
            QMessageBox.warning(self._window, "Import failed", plain_message(str(result)))

    def report(self, report: ImportReport, *, quiet: bool) -> None:
        """Say what was imported; bad files (and, unless quiet, every warning) in a dialog."""
        if quiet and not report.imported and not report.failures and not report.duplicates:
            return
        summary = f"Imported {len(report.imported)} article(s)" + (", cancelled" if report.cancelled else "")
        if report.failures:
            summary += f"; {len(report.failures)} file(s) skipped"
        if report.duplicates:
            summary += f"; {len(report.duplicates)} already in the project"
        self._tell(summary)
        notes = [str(failure) for failure in report.failures] + report.duplicates
        notes += [f"{a.document.source_file}: {w}" for a in report.imported for w in a.warnings if "no " not in w or not quiet]
        if report.failures or report.duplicates or (notes and not quiet):
            box = QMessageBox(QMessageBox.Icon.Information, "Import", summary, QMessageBox.StandardButton.Ok, self._window)
            box.setDetailedText("\n".join(notes))
            box.open()
