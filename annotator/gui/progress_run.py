"""One background job at a time behind a window-modal, cancellable progress dialog.

Shared by the article import (``import_flow``) and the format exports and imports
(``exchange_dialogs``). The worker is a ``QThread`` with ``progress(int, int, str)``
and ``done(object)`` signals and a ``cancel()`` method; ``then(result)`` runs on the
GUI thread once the dialog is gone and the thread has ended, so it may start the next run.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QWidget


class ProgressRun(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.worker: QThread | None = None
        self.dialog: QProgressDialog | None = None
        self._then: Callable[[object], None] | None = None
        self._describe: Callable[[str], str] = str

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, worker: QThread, label: str, then: Callable[[object], None], describe: Callable[[str], str] = str, *, modal: bool = True) -> None:
        """Show ``label`` and run ``worker``; each progress step shows ``describe(name)``.
        ``modal=False``: the window stays usable while it runs (the corpus's suggestions)."""
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, self._window)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(worker.cancel)
        # Bound methods of a GUI-thread object: Qt queues the worker's signals onto the GUI
        # thread. (A lambda has no receiver and would run on the worker thread.)
        worker.progress.connect(self._on_progress)
        worker.done.connect(self._on_done)
        self.worker, self._then, self._describe = worker, then, describe
        worker.start()

    def stop(self) -> None:
        """Cancel and wait (the project is about to close)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        # setValue on a modal progress dialog processes events, which may deliver ``done`` and drop it: hold it here.
        dialog = self.dialog
        if dialog is not None:
            dialog.setLabelText(self._describe(name))
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _on_done(self, result: object) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        then, self._then = self._then, None
        if then is not None:
            then(result)
