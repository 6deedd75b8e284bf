"""The rest of a coder's working day: where they left off, who they are, what a crash left behind.

``PlaceMemory`` keeps, per project, the document and the position in it that the coder left
(QSettings in an INI file in the data folder, so ``$ANNOTATOR_HOME`` keeps tests and portable
installs apart). ``journalled_documents`` lists the documents whose edits a run that died
left in the journal, so that recovery is offered for all of them at start, not only when
each is opened. ``ask_coder_name`` asks for the name annotations are saved under.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from annotator.core.data_dir import data_dir
from annotator.core.model import is_safe_identifier
from annotator.core.storage import ProjectStore
from annotator.core.storage.base import catalog_positions

# A switch to another document remembers the place at once, in memory; the file is written once the
# switching pauses (a write on the GUI thread, 1-15 ms on a busy disk, was part of every switch).
SYNC_DELAY_MS = 2000


class PlaceMemory:
    def __init__(self) -> None:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(folder / "window-state.ini"), QSettings.Format.IniFormat)
        self._sync_timer = QTimer()
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self._write_pending)
        # Places not yet handed to QSettings: its setValue schedules a write of the whole file at the
        # next turn of the event loop, which landed inside every document switch (1.1-1.5 ms of it).
        self._pending: dict[str, tuple[str, int]] = {}

    @staticmethod
    def _key(project: ProjectStore) -> str:
        # Locations hold characters QSettings keys cannot; a digest is stable and safe.
        return "projects/" + hashlib.sha256(f"{project.location}\0{project.annotator}".encode()).hexdigest()[:20]

    def remember(self, project: ProjectStore, doc_id: str, offset: int, *, write_now: bool = False) -> None:
        """Keep ``doc_id`` and ``offset`` as the place left in ``project``; written to the file within
        ``SYNC_DELAY_MS``, or at once with ``write_now`` (the project closes)."""
        self._pending[self._key(project)] = (doc_id, int(offset))
        if write_now:
            self._sync_timer.stop()
            self._write_pending()
        else:
            self._sync_timer.start()

    def _write_pending(self) -> None:
        pending, self._pending = self._pending, {}
        for key, (doc_id, offset) in pending.items():
            self._settings.setValue(f"{key}/document", doc_id)
            self._settings.setValue(f"{key}/offset", offset)
        self._settings.sync()

    def recall(self, project: ProjectStore) -> tuple[str, int] | None:
        """The document and code-point offset left last time, if that document still exists."""
        key = self._key(project)
        if key in self._pending:
            doc_id, offset = self._pending[key]
            return (doc_id, offset) if _holds(project, doc_id) else None
        doc_id = self._settings.value(f"{key}/document")
        if not isinstance(doc_id, str) or not _holds(project, doc_id):
            return None
        try:
            offset = int(self._settings.value(f"{key}/offset", 0))
        except (TypeError, ValueError):
            offset = 0
        return doc_id, max(0, offset)


def _holds(project: ProjectStore, doc_id: str) -> bool:
    """Whether the project still has the document, from the catalog's index (no entry made: an
    entry's source file and hash may need the document read)."""
    return doc_id in catalog_positions(project.documents())


def journalled_documents(project: ProjectStore) -> list[str]:
    """Ids of the documents with edits in the journal (a run ended before saving them)."""
    return project.journalled_documents()


def ask_coder_name(parent: QWidget, current: str) -> str | None:
    """The coder's name, as annotations are filed under it (letters, digits, '.', '_', '-')."""
    name = current
    while True:
        name, ok = QInputDialog.getText(parent, "Coder name", "Your name (annotations are saved under it):", text=name)
        if not ok or not name.strip() or name.strip() == current:
            return None
        name = name.strip()
        if is_safe_identifier(name):
            return name
        QMessageBox.warning(parent, "Coder name", f"“{name}” cannot be used: only letters, digits, '.', '_' and '-'.")
