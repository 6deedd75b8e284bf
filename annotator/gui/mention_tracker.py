"""The project's corpus-wide mention index, counted once in the background and kept current.

GUI thread only. ``index`` starts empty for each project and is replaced by a complete one when
the worker (gui/mention_worker.py) has read every annotation file; open documents may differ
from their files, so their spans are folded in then and whenever they are marked stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from annotator.core.mentions import MentionIndex
from annotator.core.model import Span
from annotator.gui.mention_worker import MentionIndexWorker

OpenSpans = Callable[[], dict[str, Callable[[], Iterable[Span]]]]  # document id -> its open spans, now


class MentionTracker(QObject):
    index_replaced = Signal()  # ``index`` is now the complete corpus index

    def __init__(self, open_spans: OpenSpans, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_spans = open_spans
        self.index = MentionIndex()
        self.started = False
        self.worker: MentionIndexWorker | None = None
        self._stale: set[str] = set()  # open documents whose mentions the index has not seen yet

    def reset(self) -> None:
        """A new project: an empty index, counted again when first asked for."""
        self.index = MentionIndex()
        self.started = False
        self._stale = set()

    def start(self, files: Callable[[], Iterable[tuple[str, bytes]]]) -> None:
        """Count mentions across the corpus, once per project, when first needed.

        It parses every annotation file; started at open it would compete with the
        first paint of a large project for the interpreter.
        """
        if self.started or self.worker is not None:
            return
        self.started = True
        self.worker = MentionIndexWorker(files)
        self.worker.built.connect(self._on_built)
        self.worker.start()

    def stop(self) -> None:
        """Wait for a running count and drop its result: its index is of the project being closed."""
        if self.worker is not None:
            self.worker.built.disconnect(self._on_built)
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None

    def mark_stale(self, doc_id: str) -> None:
        self._stale.add(doc_id)

    def catch_up(self) -> None:
        """Fold the stale open documents' spans into the index."""
        open_spans = self._open_spans()
        for doc_id in self._stale:
            spans = open_spans.get(doc_id)
            if spans is not None:
                self.index.update_document(doc_id, spans())
        self._stale.clear()

    def _on_built(self, index: MentionIndex) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        for doc_id, spans in self._open_spans().items():  # open documents may differ from their files
            index.update_document(doc_id, spans())
        self.index = index
        self.index_replaced.emit()
