"""One open document: its annotations, its undo stack and its saving.

Threading: a ``DocumentSession`` lives on the GUI thread. Saving hands an
immutable snapshot of the annotations to a worker thread (serialising and
fsync can take longer than a frame) and hears back through a queued signal.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.actors import ActorRegistry, AddActor, RegistryBatch, RegistryEdit, RemoveActor, ReplaceActor
from annotator.core.annotations import AnnotationSet
from annotator.core.codebook import AddTopic, Codebook, CodebookBatch, CodebookEdit, RemoveTopic, ReplaceTopic
from annotator.core.edits import Edit, SetStatus
from annotator.core.journal import EditJournal, check_recovery
from annotator.core.metadata_edits import MetadataError, SetMetadata
from annotator.core.model import AnnotationFile, Document, DocumentStatus
from annotator.core.safe_files import describe_os_error
from annotator.core.salvage import write_copy
from annotator.core.storage import Fingerprint, LoadedAnnotations, ProjectError, ProjectGoneError, ProjectStore
from annotator.core.workspace import orphan_journal_path
from annotator.gui.commands import CodebookCommand, EditCommand, MetadataCommand, RegistryCommand

if TYPE_CHECKING:  # annotations only: the save pool is made at the first save (gui/app.py)
    from concurrent.futures import Executor, Future

AUTOSAVE_DELAY_MS = 800
# The autosave waits for the coder to pause (AUTOSAVE_DELAY_MS without an edit), but a steady
# stream of edits is still saved this long after its first unsaved edit. A save serialises and
# checks every span on a worker thread that holds the interpreter meanwhile; one every 800 ms of
# steady editing slowed one key in fifteen (bench/editing.py, U3). Every edit is in the journal
# the moment it is made (core/journal.py), so a crash loses none of them either way.
AUTOSAVE_LATEST_MS = 10_000
# After a save failed for a reason that may pass (disk full, I/O error, folder gone), tried again this often.
RETRY_DELAY_MS = 5000


class DocumentSession(QObject):
    saved = Signal()
    save_failed = Signal(str)
    document_changed = Signal()  # the document itself (its metadata) was corrected or the correction undone
    document_edit_failed = Signal(str)
    # Emitted from the worker thread; Qt queues it onto the GUI thread.
    _save_finished = Signal(object, object, int)

    def __init__(
        self,
        project: ProjectStore,
        document: Document,
        loaded: LoadedAnnotations | None,
        executor: Executor,
        registry: ActorRegistry,
        *,
        refused_reason: str | None = None,
        parent: QObject | None = None,
        codebook: Codebook | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.document = document
        self.annotations = AnnotationSet.from_loaded(document, loaded.annotation_file if loaded else None)
        self.undo_stack = QUndoStack(self)
        self.registry = registry
        self.codebook = codebook if codebook is not None else Codebook(project.settings.topics)
        self.refused_reason = refused_reason
        self._fingerprint = loaded.fingerprint if loaded else Fingerprint(None)
        self._executor = executor
        self._in_flight: Future | None = None
        self._in_flight_index = 0
        self._save_again = False
        self._failure_reported = False
        self._journal_failure_reported = False
        self.recovery_problems: list[str] = []
        self.last_error: str | None = None
        self._journal = EditJournal(project.journal_path(document.id), self._fingerprint.sha256) if self.editable else None
        self._in_flight_sequence = 0
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save)
        self._unsaved_since: float | None = None  # monotonic time of the first edit the autosave has not taken yet
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.setInterval(RETRY_DELAY_MS)
        self.retry_timer.timeout.connect(self.save)
        self.undo_stack.indexChanged.connect(self._on_changed)
        self._save_finished.connect(self._on_save_finished)

    # --- editing ---------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.project.writable and self.refused_reason is None

    @property
    def read_only_reason(self) -> str | None:
        if self.refused_reason:
            return self.refused_reason
        if not self.project.writable:
            return f"this project is open read-only in this window ({self.project.read_only_reason})"
        return None

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` as one undo step; False if the document is read-only."""
        if not self.editable:
            return False
        self.undo_stack.push(EditCommand(self.annotations, edit, self._journal_edit))
        return True

    def push_all(self, label: str, edits: list[Edit | RegistryEdit | CodebookEdit]) -> bool:
        """Several span, registry and codebook edits as one undo step (e.g. new actor + link to it)."""
        if not self.editable:
            return False
        self.undo_stack.beginMacro(label)
        for edit in edits:
            if isinstance(edit, (AddActor, RemoveActor, ReplaceActor, RegistryBatch)):
                self.undo_stack.push(RegistryCommand(self.registry, edit))
            elif isinstance(edit, (AddTopic, RemoveTopic, ReplaceTopic, CodebookBatch)):
                self.undo_stack.push(CodebookCommand(self.codebook, edit))
            else:
                self.undo_stack.push(EditCommand(self.annotations, edit, self._journal_edit))
        self.undo_stack.endMacro()
        return True

    def push_metadata(self, edit: SetMetadata) -> bool:
        """Correct the document's metadata as one undo step, written at once through the store."""
        if not self.editable:
            return False
        before = self.undo_stack.index()
        self.undo_stack.push(MetadataCommand(edit, self._apply_metadata))
        return self.undo_stack.index() != before

    def _apply_metadata(self, edit: SetMetadata) -> bool:
        try:
            document = edit.apply(self.document)
            self.project.update_document(document)
        except (MetadataError, ProjectError, OSError) as error:
            self.document_edit_failed.emit(f"Metadata not saved: {error}")
            return False
        self.document = document
        self.annotations.document = document  # dates tagged from now on resolve against the corrected date
        self.document_changed.emit()
        return True

    def _journal_edit(self, edit: Edit) -> None:
        """Called inside the undo command: never raises (the journal keeps failures to itself)."""
        if self._journal is None:
            return
        self._journal.record(edit)
        error = self._journal.error
        if error is not None and not self._journal_failure_reported:
            self._journal_failure_reported = True
            self.save_failed.emit(
                f"Edits cannot be written to the recovery journal ({describe_os_error(error)}); they are kept in memory, save as soon as you can"
            )
        elif error is None:
            self._journal_failure_reported = False

    @property
    def journal_path(self) -> Path | None:
        return self._journal.path if self._journal is not None else None

    def recover(self, edits: list[Edit]) -> int:
        """Replay journalled edits from a session that died, as one undo step; return how many fit."""
        if not self.editable:
            return 0
        # Tried on a scratch copy and validated like a file on load first: an edit that no
        # longer fits, or whose result the next load would refuse, never reaches the undo stack.
        actor_ids = {actor.id for actor in self.registry.all()}
        count, self.recovery_problems = check_recovery(self.document, self.annotations, edits, self.project.scheme, actor_ids)
        if count:
            self.undo_stack.beginMacro(f"Recover {count} unsaved edit(s)")
            for edit in edits[:count]:
                self.undo_stack.push(EditCommand(self.annotations, edit, self._journal_edit))
            self.undo_stack.endMacro()
        return count

    def discard_journal(self) -> None:
        if self._journal is not None:
            self._journal.discard()

    def toggle_done(self) -> bool:
        new = DocumentStatus.IN_PROGRESS if self.annotations.status is DocumentStatus.DONE else DocumentStatus.DONE
        return self.push(SetStatus(old=self.annotations.status, new=new))

    @property
    def saving(self) -> bool:
        return self._in_flight is not None

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    # --- saving ----------------------------------------------------------
    def _on_changed(self, _index: int) -> None:
        # Restarted on every edit, within AUTOSAVE_LATEST_MS of the first unsaved one.
        if self.modified:
            self._schedule_autosave()

    def _schedule_autosave(self) -> None:
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        left_ms = AUTOSAVE_LATEST_MS - (now - self._unsaved_since) * 1000
        self._autosave.start(int(max(0.0, min(AUTOSAVE_DELAY_MS, left_ms))))

    def save(self) -> None:
        """Save in the background if there is anything to save."""
        self._autosave.stop()
        if not self.modified or not self.editable:
            self._unsaved_since = None
            return
        if self._in_flight is not None:
            self._save_again = True  # the oldest unsaved edit stays the oldest: its deadline holds
            return
        self._unsaved_since = None  # this snapshot takes every edit made so far
        snapshot = self.annotations.snapshot(self.project.annotator)
        index = self.undo_stack.index()
        self._in_flight_sequence = self._journal.sequence if self._journal else 0
        expected = self._fingerprint
        future = self._executor.submit(self.project.save_annotations, snapshot, expected)
        self._in_flight = future
        self._in_flight_index = index
        future.add_done_callback(lambda done: self._save_finished.emit(done, snapshot, index))

    def save_blocking(self) -> bool:
        """Save now on this thread (quit, switch of project); True when nothing is left unsaved."""
        self._autosave.stop()
        self._unsaved_since = None
        self.wait_for_save()
        if not self.modified or not self.editable:
            return not self.modified
        snapshot = self.annotations.snapshot(self.project.annotator)
        sequence = self._journal.sequence if self._journal else 0
        try:
            self._fingerprint = self.project.save_annotations(snapshot, self._fingerprint)
        except (ProjectError, OSError) as error:
            self._report_failure(error)
            return False
        self.undo_stack.setClean()
        self._succeeded(sequence)
        return True

    def save_copy(self, path: Path) -> None:
        """Write the annotations as they are now to ``path``, outside the project; not a save (OSError)."""
        write_copy(path, self.annotations.snapshot(self.project.annotator))

    def close(self) -> None:
        """Release the journal file; call after a final save. Nothing unsaved: no journal is left."""
        if self._journal is not None:
            if self.modified:
                self._journal.close()
            else:
                self._journal.discard()

    def wait_for_save(self) -> None:
        """Block until an in-flight save has finished and take in its result."""
        if self._in_flight is not None:
            self._in_flight.exception()
            self._absorb(self._in_flight, self._in_flight_index)

    def _on_save_finished(self, future: Future, _snapshot: AnnotationFile, index: int) -> None:
        if future is not self._in_flight:
            return  # already taken in by wait_for_save
        error = self._absorb(future, index)
        if self._save_again or (self.modified and error is None):
            self._save_again = False
            self._schedule_autosave()

    def _absorb(self, future: Future, index: int) -> BaseException | None:
        self._in_flight = None
        error = future.exception()
        if error is not None:
            self._report_failure(error)
        else:
            self._fingerprint = future.result()
            if self.undo_stack.index() == index:
                self.undo_stack.setClean()
            self._succeeded(self._in_flight_sequence)
        return error

    def _keep_journal_elsewhere(self) -> str:
        """The project folder is gone: move the journal into the user's data folder, and say where."""
        if self._journal is None or self._journal.moved:
            return "Your edits are kept in memory" + (f" and in {self._journal.path}" if self._journal else "")
        target = orphan_journal_path(self.project.location, self.document.id)
        try:
            self._journal.move_to(target)
            self._journal.moved = True
        except OSError as error:
            return f"Your edits are kept in memory (the journal could not be moved: {describe_os_error(error)})"
        return f"Your edits are kept in memory and in {target}: restore the folder and save again (Ctrl+S), or File → Save a copy as…"

    def _succeeded(self, saved_through: int) -> None:
        self.retry_timer.stop()
        if self._journal is not None:
            self._journal.rebase(self._fingerprint.sha256, saved_through)
        self._failure_reported = False
        self.last_error = None
        self.saved.emit()

    def _report_failure(self, error: BaseException) -> None:
        if isinstance(error, (OSError, ProjectGoneError)):
            self.retry_timer.start()  # until there is space again, or the folder is back
        if isinstance(error, ProjectGoneError):
            error = ProjectGoneError(f"{error}. {self._keep_journal_elsewhere()}")
        if isinstance(error, ProjectError):
            message = f"Not saved: {error}"
        elif isinstance(error, OSError):
            message = f"Not saved: {describe_os_error(error)}; every edit is kept in memory and in the journal, and saving is tried again"
        else:
            message = f"Not saved: {type(error).__name__}: {error}"
        self.last_error = message
        if not self._failure_reported:  # said once, not on every retry
            self._failure_reported = True
            self.save_failed.emit(message)
