"""Suggestions → "Suggest across the corpus…" and "Named-entity model…".

The corpus run is ``core.suggest.corpus.suggest_corpus`` (the CLI's loop) in a worker thread
behind a non-modal progress dialog (documents done, MB, MB/s, Cancel): the coder goes on typing
in the article while it runs. The worker gets plain data (the store, document ids, a copy of the
registry, the linked mention texts, the rejected keys) and stores each document's pending
suggestions as it goes (``PendingBatches``: ``ProjectStore.save_pending`` every few hundred
documents, one small record each), so a Cancel keeps what was done and no write costs the whole
corpus. A rejection made meanwhile is kept: the store leaves rejected keys out of every save and
drops them from their document's record. Annotation files are never written. When the run ends
the suggestion flow reads the shown document's pending suggestions and the counts again;
documents that could not be read are listed in a non-modal message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from annotator.core.actors import ActorRegistry
from annotator.core.mentions import CodedClaimText
from annotator.core.model import Topic
from annotator.core.storage import ProjectError, ProjectStore
from annotator.core.suggest import unavailable
from annotator.core.suggest.base import RejectionKey
from annotator.gui.models import DOCUMENT_ID_ROLE
from annotator.gui.progress_run import ProgressRun
from annotator.gui.suggestion_flow import SuggestionFlow
from annotator.gui.suggestion_settings import NER_MODEL_KEY, ner_model

if TYPE_CHECKING:  # the corpus run and the named-entity model's name are loaded on first use, not at start (bench U1)
    from annotator.core.suggest.corpus import CorpusProgress, DocumentResult

PROGRESS_EVERY_S = 0.1


@dataclass
class CorpusOutcome:
    results: list[DocumentResult] = field(default_factory=list)
    cancelled: bool = False
    error: str | None = None  # the run could not go on (the named-entity model failed to load, the store refused)
    last: CorpusProgress | None = None
    stored_documents: int = 0
    stored_suggestions: int = 0
    store_problems: list[str] = field(default_factory=list)  # records left as they were (they failed validation)


class CorpusSuggestWorker(QThread):
    """Runs the recommenders over ``doc_ids``; ``done`` carries a ``CorpusOutcome``."""

    progress = Signal(int, int, str)
    done = Signal(object)

    def __init__(
        self,
        store: ProjectStore,
        doc_ids: list[str],
        kinds: list[str],
        registry: ActorRegistry,
        linked_texts: dict[str, str],
        rejected: frozenset[RejectionKey],
        ner_model: str | None,
        topics: tuple[Topic, ...] = (),
        claim_topics: Mapping[str, tuple[str, ...]] | None = None,
        coded_claims: tuple[CodedClaimText, ...] | None = None,
    ) -> None:
        super().__init__()
        self._store, self._doc_ids, self._kinds = store, doc_ids, kinds
        self._registry, self._linked, self._rejected, self._ner_model = registry, linked_texts, rejected, ner_model
        # The window's codebook and claim topics, unsaved changes included (plain copies: this runs on a worker).
        self._topics, self._claim_topics, self._coded_claims = topics, claim_topics, coded_claims
        self._cancel = threading.Event()
        self._shown = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def _on_progress(self, progress: CorpusProgress) -> None:
        self._outcome.last = progress
        now = time.monotonic()
        if progress.done == progress.total or now - self._shown >= PROGRESS_EVERY_S:  # the GUI is not flooded
            self._shown = now
            self.progress.emit(progress.done, progress.total, progress.describe())

    def run(self) -> None:
        from annotator.core.suggest.corpus import PendingBatches, suggest_corpus
        from annotator.core.suggest.named_entities import NamedEntitiesUnavailable

        self._outcome = outcome = CorpusOutcome()
        batches = PendingBatches(self._store)
        try:
            for result in suggest_corpus(
                self._store,
                self._doc_ids,
                self._kinds,
                registry=self._registry,
                linked_texts=self._linked,
                rejected=self._rejected,
                ner_model=self._ner_model,
                topics=self._topics,
                claim_topics=self._claim_topics,
                coded_claims=self._coded_claims,
                progress=self._on_progress,
                cancelled=self._cancel.is_set,
            ):
                outcome.results.append(result)
                batches.add(result)
        except NamedEntitiesUnavailable as error:
            outcome.error = str(error)
        except (ProjectError, OSError) as error:
            outcome.error = str(error)
        try:
            batches.flush()  # what was done, cancelled or not
        except (ProjectError, OSError) as error:
            outcome.error = f"pending suggestions not stored: {error}"
        outcome.stored_documents, outcome.stored_suggestions, outcome.store_problems = batches.documents, batches.suggestions, batches.problems
        outcome.cancelled = self._cancel.is_set() and len(outcome.results) < len(self._doc_ids)
        self.done.emit(outcome)


class CorpusSuggestions(QObject):
    """The two menu entries and the run behind them; ``window`` is the main window (its project,
    document list, registry, suggestion flow and status bar)."""

    def __init__(self, window: QMainWindow, flow: SuggestionFlow, corpus_action: QAction, model_action: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._flow = flow
        # The menu's entries, made at start by gui/corpus_suggestions_menu.py, which builds this on their first use.
        self.corpus_action, self.model_action = corpus_action, model_action
        self.run = ProgressRun(window)
        self.report_box: QMessageBox | None = None
        self.model_dialog: QInputDialog | None = None
        self.last_outcome: CorpusOutcome | None = None
        self._closing = False  # a run stopped with its project: nothing is shown of it

    def _tell(self, message: str) -> None:
        self._window.tell(message, timeout=15000)

    # --- the model setting ----------------------------------------------------------
    def choose_model(self) -> None:
        """A non-modal field for the spaCy model's package name or folder."""
        from annotator.core.suggest.named_entities import DEFAULT_MODEL

        dialog = QInputDialog(self._window)
        dialog.setWindowTitle("Named-entity model")
        dialog.setLabelText(f"spaCy model for named entities: an installed package's name or a model folder (default {DEFAULT_MODEL})")
        dialog.setTextValue(ner_model() or DEFAULT_MODEL)
        dialog.textValueSelected.connect(self.set_model)
        dialog.finished.connect(dialog.deleteLater)
        self.model_dialog = dialog
        dialog.open()  # not a blocking run of its own: the window's event loop goes on

    def set_model(self, name: str) -> None:
        from annotator.core.suggest.named_entities import DEFAULT_MODEL

        name = name.strip()
        if name and name != DEFAULT_MODEL:
            QSettings().setValue(NER_MODEL_KEY, name)
        else:
            QSettings().remove(NER_MODEL_KEY)
        reason = unavailable(["ner"], name or None)
        self._tell(reason if reason is not None else f"Named entities use the spaCy model {name or DEFAULT_MODEL}")
        self._flow.schedule(0)

    # --- the corpus run -------------------------------------------------------------
    def _wanted(self) -> list[str]:
        """The documents selected in the list when more than one is, else every document."""
        rows = self._window.document_table.selectionModel().selectedRows()
        if len(rows) > 1:
            return [row.data(DOCUMENT_ID_ROLE) for row in sorted(rows, key=lambda r: r.row())]
        return [entry.id for entry in self._window.project.documents()]

    def start(self) -> None:
        project: ProjectStore = self._window.project
        if self.run.running:
            self._tell("Suggestions across the corpus are already being computed")
            return
        if not project.writable:
            self._tell("Read-only: suggestions cannot be stored in this project")
            return
        kinds = self._flow.enabled_kinds()
        model = ner_model()
        if "ner" in kinds and (reason := unavailable(["ner"], model)) is not None:
            kinds.remove("ner")
            self._tell(reason)
        if not kinds:
            self._tell("No recommender is switched on (Suggestions menu)")
            return
        doc_ids = self._wanted()
        if not doc_ids:
            self._tell("No documents to suggest for")
            return
        worker = CorpusSuggestWorker(
            project,
            doc_ids,
            kinds,
            ActorRegistry(self._window.registry.all()),
            dict(self._window._linked_texts()),
            self._flow.rejected(),
            model,
            tuple(self._window.codebook.active()),
            dict(self._window.mentions.claim_topics()),
            self._window.mentions.coded_claims(),
        )
        self.run.start(worker, f"Suggesting across {len(doc_ids):,} documents…", self._finished, modal=False)

    def _finished(self, outcome: object) -> None:
        assert isinstance(outcome, CorpusOutcome)
        if self._closing:
            self._closing = False
            return
        read = [r for r in outcome.results if r.problem is None]
        self._flow.pending_changed()  # the shown document's and the counts, as stored now
        self._report_outcome(outcome, read)

    def _report_outcome(self, outcome: CorpusOutcome, read: list[DocumentResult]) -> None:
        problems = [r.problem for r in outcome.results if r.problem is not None] + outcome.store_problems
        parts = [f"{outcome.stored_suggestions:,} pending suggestions stored for {outcome.stored_documents:,} documents"]
        if outcome.last is not None:
            parts.append(f"{outcome.last.bytes / 1e6:.1f} MB at {outcome.last.mb_per_s:.1f} MB/s")
        if outcome.cancelled:
            parts.append("cancelled: the rest were not suggested")
        if outcome.error is not None:
            parts.append(outcome.error)
        if problems:
            parts.append(f"{len(problems)} could not be read")
        self._tell("; ".join(parts))
        if problems or outcome.error is not None:
            self._report(problems, outcome.error)
        self.last_outcome = outcome  # the run is over: stored, shown and reported

    def _report(self, problems: list[str], error: str | None) -> None:
        """A non-modal message naming each document that could not be read."""
        lines = ([error] if error else []) + problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        box = QMessageBox(QMessageBox.Icon.Warning, "Suggestions across the corpus", "\n".join(lines), QMessageBox.StandardButton.Close, self._window)
        box.setModal(False)
        box.finished.connect(box.deleteLater)
        self.report_box = box
        box.show()

    def stop(self) -> None:
        """The project closes: cancel and wait for the worker, which stores what it has done."""
        if self.run.running:
            self._closing = True
            self.run.stop()  # waits: the batch in hand is stored before the project closes
