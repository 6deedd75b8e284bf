"""One open document: its annotations, its undo stack and its saving.

Threading: a ``DocumentSession`` lives on the GUI thread. Saving hands an
immutable snapshot of the annotations to a worker thread (serialising and
fsync can take longer than a frame) and hears back through a queued signal.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.actors import ActorRegistry, AddActor, RegistryBatch, RegistryEdit, RemoveActor, ReplaceActor
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import Edit, SetStatus
from annotator.core.journal import EditJournal, replay
from annotator.core.metadata_edits import MetadataError, SetMetadata
from annotator.core.model import AnnotationFile, Document, DocumentStatus
from annotator.core.storage import Fingerprint, LoadedAnnotations, ProjectError, ProjectStore
from annotator.gui.commands import EditCommand, MetadataCommand, RegistryCommand

AUTOSAVE_DELAY_MS = 800


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
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.document = document
        self.annotations = AnnotationSet.from_file(document, loaded.annotation_file if loaded else None)
        self.undo_stack = QUndoStack(self)
        self.registry = registry
        self.refused_reason = refused_reason
        self._fingerprint = loaded.fingerprint if loaded else Fingerprint(None)
        self._executor = executor
        self._in_flight: Future | None = None
        self._in_flight_index = 0
        self._save_again = False
        self._failure_reported = False
        self.last_error: str | None = None
        self._journal = EditJournal(project.journal_path(document.id), self._fingerprint.sha256) if self.editable else None
        self._in_flight_sequence = 0
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save)
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
            return "this project is open read-only in this window (another window holds it)"
        return None

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` as one undo step; False if the document is read-only."""
        if not self.editable:
            return False
        self.undo_stack.push(EditCommand(self.annotations, edit, self._journal_edit))
        return True

    def push_all(self, label: str, edits: list[Edit | RegistryEdit]) -> bool:
        """Several span and registry edits as one undo step (e.g. new actor + link to it)."""
        if not self.editable:
            return False
        self.undo_stack.beginMacro(label)
        for edit in edits:
            if isinstance(edit, (AddActor, RemoveActor, ReplaceActor, RegistryBatch)):
                self.undo_stack.push(RegistryCommand(self.registry, edit))
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
        if self._journal is not None:
            self._journal.record(edit)

    def recover(self, edits: list[Edit]) -> int:
        """Replay journalled edits from a session that died, as one undo step; return how many fit."""
        if not self.editable:
            return 0
        # Try them on a scratch copy first: an edit that no longer fits must not reach the undo stack.
        scratch = AnnotationSet(self.document, self.annotations.spans(), self.annotations.status)
        count = replay(scratch, edits)
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
        # Not restarted on every edit: a steady stream of edits still saves within the delay.
        if self.modified and not self._autosave.isActive():
            self._autosave.start()

    def save(self) -> None:
        """Save in the background if there is anything to save."""
        self._autosave.stop()
        if not self.modified or not self.editable:
            return
        if self._in_flight is not None:
            self._save_again = True
            return
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
            self._autosave.start()

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

    def _succeeded(self, saved_through: int) -> None:
        if self._journal is not None:
            self._journal.rebase(self._fingerprint.sha256, saved_through)
        self._failure_reported = False
        self.last_error = None
        self.saved.emit()

    def _report_failure(self, error: BaseException) -> None:
        message = f"Not saved: {error}" if isinstance(error, ProjectError) else f"Not saved: {type(error).__name__}: {error}"
        self.last_error = message
        if not self._failure_reported:  # said once, not on every retry
            self._failure_reported = True
            self.save_failed.emit(message)
