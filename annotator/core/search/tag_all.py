"""Tag every occurrence of a phrase: in one article, the edits (applied as one undo step by the caller);
across the corpus, pending suggestions (stored by the caller, accepted article by article)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.model import Span
from annotator.core.storage import FileProblem, ProjectStore
from annotator.core.suggest.base import RejectionKey, Suggestion, SuggestionKind, SuggestionState

from .find import FindQuery, find_pattern


def tag_all_edits(annotations: AnnotationSet, hits: Iterable[tuple[int, int]], label: str) -> list[AddSpan]:
    """An AddSpan for each hit not already tagged ``label`` over exactly that range.

    Span ids are fresh and distinct from each other (``new_span_id`` alone would hand out
    the same id to spans not yet added). Other spans over the hits are left as they are.
    """
    taken = {span.id for span in annotations.spans()}
    number = 1
    edits: list[AddSpan] = []
    for start, end in hits:
        if any((span.start, span.end, span.label) == (start, end, label) for span in annotations.overlapping(start, end)):
            continue
        while f"s{number}" in taken:
            number += 1
        span_id = f"s{number}"
        taken.add(span_id)
        edits.append(AddSpan(span=annotations.make_span(start, end, label, span_id)))
    return edits


@dataclass(frozen=True)
class SearchSuggestions:
    """Corpus-wide "tag all as suggestions": one pending suggestion per new hit, per document.

    ``suggestions`` holds only what is new: hits already tagged ``label`` over exactly that range,
    rejected before, or already pending are counted, not proposed again."""

    label: str
    suggestions: dict[str, tuple[Suggestion, ...]]
    already_tagged: int = 0
    rejected: int = 0
    already_pending: int = 0

    @property
    def hits(self) -> int:
        return sum(len(items) for items in self.suggestions.values())

    @property
    def documents(self) -> int:
        return len(self.suggestions)

    def stored_in(self, state: SuggestionState) -> SuggestionState:
        """``state`` with these suggestions added to each document's pending ones (the others kept),
        less any rejected meanwhile. One pass: ``with_pending`` per document would copy the whole
        pending map each time (quadratic for a hit in each of 100,000 articles)."""
        rejected = set(state.rejected)
        pending = dict(state.pending)
        for doc_id, items in self.suggestions.items():
            held = {s.key for s in pending.get(doc_id, ())}
            added = tuple(s for s in items if s.key not in rejected and s.key not in held)
            if added:
                pending[doc_id] = (*pending.get(doc_id, ()), *added)
        return state.model_copy(update={"pending": pending})

    def store_into(self, store: ProjectStore, every: int = 200) -> list[str]:
        """Add these suggestions to each document's stored pending ones (the store leaves rejected
        ones out), ``every`` documents per ``save_pending``: one small record per document, never
        the corpus's. Returns the problems of documents left as they were (a record that fails
        validation); ProjectError or OSError when the store refuses the writes."""
        problems: list[str] = []
        items = list(self.suggestions.items())
        for begin in range(0, len(items), every):
            changes: dict[str, tuple[Suggestion, ...]] = {}
            for doc_id, made in items[begin : begin + every]:
                try:
                    held = store.load_pending(doc_id)
                except FileProblem as problem:
                    problems.append(str(problem))
                    continue
                keys = {s.key for s in held}
                changes[doc_id] = (*held, *(s for s in made if s.key not in keys))
            try:
                store.save_pending(changes)
            except FileProblem as problem:
                problems.append(str(problem))
        return problems


def search_suggestions(
    found: Iterable[tuple[str, str]],
    query: FindQuery,
    label: str,
    spans: Mapping[str, Iterable[Span]],
    rejected: Collection[RejectionKey],
    pending_of: Callable[[str], Iterable[Suggestion]],
) -> SearchSuggestions:
    """A pending ``SuggestionKind.SEARCH`` suggestion of ``label`` for each hit of ``query`` (whole word and
    case as in the search) in each (document id, stored text) of ``found``; ``spans``: each document's
    spans as the coder has them now; ``rejected`` and ``pending_of`` (a document's pending ones, read
    only for documents with hits): what is stored. Nothing is stored here, no article changes."""
    pattern = query.pattern()
    if pattern is None:
        return SearchSuggestions(label, {})
    rejected = set(rejected)
    counts = {"already_tagged": 0, "rejected": 0, "already_pending": 0}
    made: dict[str, tuple[Suggestion, ...]] = {}
    for doc_id, text in found:
        tagged = {(span.start, span.end) for span in spans.get(doc_id, ()) if span.label == label}
        pending: set[RejectionKey] | None = None
        new: list[Suggestion] = []
        for start, end in find_pattern(text, pattern):
            if pending is None:
                pending = {s.key for s in pending_of(doc_id)}
            suggestion = Suggestion(document_id=doc_id, kind=SuggestionKind.SEARCH, label=label, start=start, end=end, text=text[start:end], score=1.0)
            if (start, end) in tagged:
                counts["already_tagged"] += 1
            elif suggestion.key in rejected:
                counts["rejected"] += 1
            elif suggestion.key in pending:
                counts["already_pending"] += 1
            else:
                new.append(suggestion)
        if new:
            made[doc_id] = tuple(new)
    return SearchSuggestions(label, made, **counts)
