"""Computes one document's suggestions off the GUI thread.

The worker gets plain data only (the document, a copy of the registry, the label scheme, the
linked mention texts, the document's spans); the result comes back by a queued signal, tagged
with the request's number so that a stale result (the coder edited meanwhile) is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QThread, Signal

from annotator.core.model import Document
from annotator.core.suggest import SuggestContext, Suggestion, make_recommenders, suggest_document
from annotator.core.suggest.base import RejectionKey
from annotator.gui.suggestion_shown import Candidate, Place, merge_candidates, place_index


@dataclass(frozen=True)
class CandidateInputs:
    """What the shown suggestions are made from besides a run's results (snapshots of the GUI's)."""

    pending: tuple[Suggestion, ...]
    rejected: frozenset[RejectionKey]
    kinds: frozenset[str]


@dataclass(frozen=True)
class Computed:
    found: list[Suggestion]
    inputs: CandidateInputs | None  # what ``candidates`` was merged from
    candidates: list[Candidate] | None
    by_place: dict[Place, list[int]] | None  # place_index(candidates)


class SuggestionWorker(QThread):
    computed = Signal(int, str, object)  # request number, document id, Computed
    failed = Signal(int, str, str)  # request number, document id, the reason

    def __init__(self, number: int, document: Document, context: SuggestContext, kinds: Sequence[str], shown: CandidateInputs | None = None) -> None:
        super().__init__()
        self.number = number
        self._document = document
        self._context = context
        self._kinds = tuple(kinds)
        self._shown = shown

    def run(self) -> None:
        try:
            found = suggest_document(self._document, self._context, make_recommenders(self._kinds))
            # The merge with the stored ones, here and not on the GUI thread (merge_candidates).
            candidates = merge_candidates(self._shown.pending, found, self._shown.rejected, self._shown.kinds) if self._shown is not None else None
            by_place = place_index(candidates) if candidates is not None else None
        except Exception as error:  # noqa: BLE001 - a recommender's failure is reported, never a crash
            self.failed.emit(self.number, self._document.id, f"{type(error).__name__}: {error}")
            return
        self.computed.emit(self.number, self._document.id, Computed(found, self._shown, candidates, by_place))
