"""Article import off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from annotator.core.storage import ProjectError, ProjectStore
from annotator.core.workspace import import_into


class ImportWorker(QThread):
    """Imports ``source`` into ``project``. The GUI must not touch the project's catalog until ``done``."""

    progress = Signal(int, int, str)
    done = Signal(object)  # an ImportReport, or a ProjectError / OSError

    def __init__(self, project: ProjectStore, source: Path) -> None:
        super().__init__()
        self._project = project
        self._source = source
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _on_progress(self, done: int, total: int, path: Path) -> bool:
        self.progress.emit(done, total, path.name)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            report = import_into(self._project, self._source, self._on_progress)
        except (ProjectError, OSError) as error:
            self.done.emit(error)
            return
        self.done.emit(report)
