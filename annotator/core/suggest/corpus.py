"""Suggestions across a corpus: the one loop ``annotator suggest`` and the window's "Suggest
across the corpus…" both run.

Documents in (ids of a project store), one ``DocumentResult`` per document out, in order: its
suggestions less the rejected ones and those its annotations already hold, or the problem that
kept it from being read (the run goes on with the next one). ``progress`` is called after each
document with the documents done, the bytes of text read and the seconds spent; ``cancelled``
is asked before each document, and a run that is cancelled ends after the document in hand.
No Qt and no threads here: the window runs this in a worker thread, the CLI in its own.

``PendingBatches`` stores the results as the annotator's pending suggestions as they come, a
batch of documents at a time through ``ProjectStore.save_pending`` (what ``--apply`` and the
window do: a cancelled run keeps what was stored, and no write costs the whole corpus);
``store_results`` merges them into a whole ``SuggestionState``. Annotation files are never written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.actors import ActorRegistry
from annotator.core.codebook import Codebook
from annotator.core.mentions import CodedClaimText, MentionIndex
from annotator.core.model import Topic
from annotator.core.storage import FileProblem, ProjectError, ProjectStore
from annotator.core.suggest import make_recommenders, suggest_document
from annotator.core.suggest.base import RejectionKey, SuggestContext, Suggestion, SuggestionState
from annotator.core.suggest.named_entities import NamedEntitiesUnavailable
from annotator.core.suggest.similar_claims import IndexCache


@dataclass(frozen=True)
class CorpusProgress:
    done: int
    total: int
    bytes: int  # UTF-8 bytes of the texts done so far
    seconds: float
    doc_id: str

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        return f"{self.done:,}/{self.total:,} documents, {self.bytes / 1e6:.1f} MB, {self.mb_per_s:.1f} MB/s"


@dataclass(frozen=True)
class DocumentResult:
    doc_id: str
    suggestions: tuple[Suggestion, ...] = ()
    problem: str | None = None  # why the document could not be read or suggested; None when it was
    bytes: int = 0


def linked_texts_of(store: ProjectStore) -> dict[str, str]:
    """Every mention text linked to an actor anywhere in the project's annotation files."""
    return MentionIndex.from_files(store.iter_annotation_files()).linked_texts()


def suggest_corpus(
    store: ProjectStore,
    doc_ids: Sequence[str],
    kinds: Iterable[str] | None = None,
    *,
    registry: ActorRegistry | None = None,
    linked_texts: Mapping[str, str] | None = None,
    rejected: Iterable[RejectionKey] = (),
    ner_model: str | None = None,
    topics: Iterable[Topic] | None = None,
    claim_topics: Mapping[str, tuple[str, ...]] | None = None,
    coded_claims: tuple[CodedClaimText, ...] | None = None,
    progress: Callable[[CorpusProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[DocumentResult]:
    """Each document's suggestions, one result per document in ``doc_ids`` order (fewer when cancelled).

    ``registry``, ``linked_texts``, ``topics`` (the codebook's active ones), ``claim_topics``
    (per actor, its claims' topics) and ``coded_claims`` (the claims the topic and stance guesses
    learn from) default to the store's (the window passes its own, which
    hold unsaved edits). The similar-claims index is built once for the run (its own ``IndexCache``,
    shared by its documents' contexts) and not kept after it. A named-entity model that cannot be loaded ends the run with
    ``NamedEntitiesUnavailable``: it would fail for every document alike.
    """
    recommenders = make_recommenders(kinds)
    registry = registry if registry is not None else ActorRegistry(store.settings.actors)
    index = MentionIndex.from_files(store.iter_annotation_files()) if linked_texts is None or claim_topics is None or coded_claims is None else None
    linked = dict(linked_texts) if linked_texts is not None else index.linked_texts()
    fields = {
        "topics": tuple(topics) if topics is not None else tuple(Codebook(store.settings.topics).active()),
        "claim_topics": dict(claim_topics) if claim_topics is not None else index.claim_topics(),
        "coded_claims": tuple(coded_claims) if coded_claims is not None else index.coded_claims(),
        "claim_index": IndexCache(),  # this run's: every document's context reuses its index
    }
    skipped = set(rejected)
    scheme = store.scheme
    clock = time.perf_counter
    begin = clock()
    size = 0
    for done, doc_id in enumerate(doc_ids, 1):
        if cancelled is not None and cancelled():
            return
        result = _one(store, doc_id, recommenders, registry, linked, skipped, scheme, ner_model, fields)
        size += result.bytes
        if progress is not None:
            progress(CorpusProgress(done=done, total=len(doc_ids), bytes=size, seconds=clock() - begin, doc_id=doc_id))
        yield result


def _one(store, doc_id, recommenders, registry, linked, rejected, scheme, ner_model, fields) -> DocumentResult:  # noqa: ANN001 - the loop's own state
    try:
        document = store.load_document(doc_id)
        loaded = store.load_annotations(document)
    except (ProjectError, OSError) as error:
        return DocumentResult(doc_id, problem=str(error))
    spans = tuple(loaded.annotation_file.spans) if loaded.annotation_file is not None else ()
    context = SuggestContext(registry=registry, scheme=scheme, linked_texts=linked, spans=spans, dct=document.metadata.date, ner_model=ner_model, **fields)
    size = len(document.text.encode("utf-8", "surrogatepass"))
    try:
        found = suggest_document(document, context, recommenders)
    except NamedEntitiesUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 - one document's failure is reported; the others go on
        return DocumentResult(doc_id, problem=f"{doc_id}: suggestions could not be computed ({type(error).__name__}: {error})", bytes=size)
    held = {(span.label, span.start, span.end) for span in spans}
    kept = tuple(s for s in found if s.key not in rejected and (s.label, s.start, s.end) not in held)
    return DocumentResult(doc_id, kept, bytes=size)


def store_results(state: SuggestionState, results: Iterable[DocumentResult]) -> SuggestionState:
    """``state`` with each read document's pending suggestions replaced by its result's (less
    the rejected ones); documents that could not be read keep what they had. One copy of the
    pending table for the whole batch, so 10,000 documents cost 10,000 steps, not 10,000 copies."""
    rejected = set(state.rejected)
    pending = dict(state.pending)
    for result in results:
        if result.problem is not None:
            continue
        kept = tuple(s for s in result.suggestions if s.key not in rejected)
        if kept:
            pending[result.doc_id] = kept
        else:
            pending.pop(result.doc_id, None)
    return state.model_copy(update={"pending": pending})


class PendingBatches:
    """Stores each read document's results as its pending suggestions (less the rejected ones: the
    store leaves them out), ``every`` documents at a time; ``flush`` stores the rest. Documents that
    could not be read keep what they had. A document whose stored record fails validation is left
    as it is and named in ``problems``; the others are stored. Not thread-safe: one caller."""

    def __init__(self, store: ProjectStore, every: int = 200) -> None:
        self._store = store
        self._every = every
        self._batch: dict[str, tuple[Suggestion, ...]] = {}
        self.documents = 0  # stored so far
        self.suggestions = 0
        self.problems: list[str] = []

    def add(self, result: DocumentResult) -> None:
        if result.problem is not None:
            return
        self._batch[result.doc_id] = result.suggestions
        if len(self._batch) >= self._every:
            self.flush()

    def flush(self) -> None:
        """Store the batch in hand (ProjectError or OSError when the store refuses it: it is kept for the next flush)."""
        if not self._batch:
            return
        try:
            self._store.save_pending(self._batch)
        except FileProblem as problem:
            self.problems.append(str(problem))  # the others of the batch were stored
        self.documents += len(self._batch)
        self.suggestions += sum(len(items) for items in self._batch.values())
        self._batch = {}
