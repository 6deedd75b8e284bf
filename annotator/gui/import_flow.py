"""Importing a folder from the window: worker thread, progress dialog, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.articles import ImportReport
from annotator.core.storage import ProjectStore
from annotator.gui.import_worker import ImportWorker
from annotator.gui.plain_text import plain_message
from annotator.gui.progress_run import ProgressRun


class ImportFlow(QObject):
    """One import at a time; ``imported`` fires on the GUI thread when it ends."""

    imported = Signal(object)  # the ImportReport

    def __init__(self, window: QWidget, tell: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._tell = tell
        self.run = ProgressRun(window)

    @property
    def running(self) -> bool:
        return self.run.running

    def start(self, project: ProjectStore, source: Path) -> None:
        self.run.start(ImportWorker(project, source), "Importing articles…", self._on_done, lambda name: f"Importing {name}")

    def stop(self) -> None:
        """Cancel and wait (the project is about to close)."""
        self.run.stop()

    def _on_done(self, result: object) -> None:
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
