"""Computes one document's suggestions off the GUI thread.

The worker gets plain data only (the document, a copy of the registry, the label scheme, the
linked mention texts, the document's spans); the result comes back by a queued signal, tagged
with the request's number so that a stale result (the coder edited meanwhile) is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QThread, Signal

from annotator.core.model import Document
from annotator.core.suggest import SuggestContext, make_recommenders, suggest_document


class SuggestionWorker(QThread):
    computed = Signal(int, str, object)  # request number, document id, list[Suggestion]
    failed = Signal(int, str, str)  # request number, document id, the reason

    def __init__(self, number: int, document: Document, context: SuggestContext, kinds: Sequence[str]) -> None:
        super().__init__()
        self.number = number
        self._document = document
        self._context = context
        self._kinds = tuple(kinds)

    def run(self) -> None:
        try:
            found = suggest_document(self._document, self._context, make_recommenders(self._kinds))
        except Exception as error:  # noqa: BLE001 - a recommender's failure is reported, never a crash
            self.failed.emit(self.number, self._document.id, f"{type(error).__name__}: {error}")
            return
        self.computed.emit(self.number, self._document.id, found)
