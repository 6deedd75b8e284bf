"""``problems_on_save`` for a document's successive saves, checking what changed since the last one.

A save must never write what the next load would refuse (a link to a missing span or to a span
of the wrong kind, an actor or topic not in the project). Checking that walks every span in
Python, about 1 ms for 5,000 spans on every autosave, though the coder changed one. A span's
problems depend only on the span itself, the spans its links point at and the project's labels,
actors and topics; so once a document's spans have been found clean, a later save of the same
spans but a few needs to check the spans that differ (``common_ends``, by identity) and the
unchanged spans that link to one of the spans replaced or removed. Both are checked by
``problems_on_save`` itself, on a file holding them and the spans they point at, so the rules
live in one place. Whatever looks wrong, or is not known clean, is checked whole as before, and
that check gives the problems reported: the messages do not depend on what was remembered.

Thread-safe: the folder store saves on a worker thread and may save on the caller's.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.model import AnnotationFile, AnnotationProblem, ProjectSettings, Span
from annotator.core.storage.annotation_json import DOCUMENTS_KEPT, common_ends
from annotator.core.storage.base import problems_on_save


@dataclass
class _Clean:
    """A document's spans as last found clean, and what the check read besides them."""

    spans: tuple[Span, ...]
    by_id: dict[str, Span]
    # For each span id, the ids of the spans whose links point at it.
    linked_from: dict[str, set[str]]
    # What the rules read from the project: label kinds, actor ids, the codebook.
    project: tuple[object, ...]


def _project_key(settings: ProjectSettings) -> tuple[object, ...]:
    kinds = tuple((label.name, label.effective_kind) for label in settings.label_scheme.labels)
    topics = None if settings.topics is None else tuple(settings.topics)
    return (kinds, frozenset(actor.id for actor in settings.actors), topics)


class SaveCheck:
    """``problems(file, settings)`` is ``problems_on_save(file, settings)``; a document's next
    save after a clean one checks only the spans its edits touched."""

    def __init__(self, documents: int = DOCUMENTS_KEPT) -> None:
        self._documents = documents
        self._lock = threading.Lock()
        self._clean: OrderedDict[str, _Clean] = OrderedDict()

    def problems(self, annotation_file: AnnotationFile, settings: ProjectSettings) -> list[AnnotationProblem]:
        doc_id = annotation_file.document_id
        spans = tuple(annotation_file.spans)
        project = _project_key(settings)
        with self._lock:  # one save of a document at a time reads and updates what it remembers
            clean = self._clean.get(doc_id)
            if clean is not None and clean.project == project and _changes_are_clean(annotation_file, spans, clean, settings):
                self._clean.move_to_end(doc_id)
                return []
        problems = problems_on_save(annotation_file, settings)
        if not problems:
            remembered = _remember(spans, project)
            with self._lock:
                self._clean[doc_id] = remembered
                self._clean.move_to_end(doc_id)
                while len(self._clean) > self._documents:
                    self._clean.popitem(last=False)
        return problems


def _remember(spans: tuple[Span, ...], project: tuple[object, ...]) -> _Clean:
    linked_from: dict[str, set[str]] = {}
    for span in spans:
        if span.claim is not None:
            for target in span.linked_span_ids():
                linked_from.setdefault(target, set()).add(span.id)
    return _Clean(spans, {span.id: span for span in spans}, linked_from, project)


def _changes_are_clean(annotation_file: AnnotationFile, spans: tuple[Span, ...], clean: _Clean, settings: ProjectSettings) -> bool:
    """Whether ``spans``, the clean ones but a few, are clean too; if so, remember them."""
    head, tail = common_ends(spans, clean.spans)
    removed = clean.spans[head : len(clean.spans) - tail]
    added = spans[head : len(spans) - tail]
    if not removed and not added:
        return True
    added_ids = {span.id: span for span in added}
    removed_ids = {span.id for span in removed}
    if len(added_ids) != len(added) or any(span_id in clean.by_id and span_id not in removed_ids for span_id in added_ids):
        return False  # an id twice: the whole check names it

    def now(span_id: str) -> Span | None:
        if span_id in added_ids:
            return added_ids[span_id]
        return None if span_id in removed_ids else clean.by_id.get(span_id)

    # The kept spans whose links pointed at a span replaced or removed: their links are read again.
    relinked = {source for span_id in removed_ids for source in clean.linked_from.get(span_id, ())} - removed_ids - added_ids.keys()
    checked = [*added, *(clean.by_id[span_id] for span_id in relinked)]
    targets = {target for span in checked if span.claim is not None for target in span.linked_span_ids()}
    around = [span for span_id in targets - {span.id for span in checked} if (span := now(span_id)) is not None]
    sample = annotation_file.model_copy(update={"spans": (*checked, *around)})
    checked_ids = {span.id for span in checked}
    if any(problem.span_id in checked_ids or problem.span_id is None for problem in problems_on_save(sample, settings)):
        return False
    _update(clean, spans, removed, added)
    return True


def _update(clean: _Clean, spans: tuple[Span, ...], removed: Sequence[Span], added: Sequence[Span]) -> None:
    for span in removed:
        if clean.by_id.get(span.id) is span:
            del clean.by_id[span.id]
        if span.claim is not None:
            for target in span.linked_span_ids():
                sources = clean.linked_from.get(target)
                if sources is not None:
                    sources.discard(span.id)
    for span in added:
        clean.by_id[span.id] = span
        if span.claim is not None:
            for target in span.linked_span_ids():
                clean.linked_from.setdefault(target, set()).add(span.id)
    clean.spans = spans
