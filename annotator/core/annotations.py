"""The spans of one document as a mutable set with an interval index.

``AnnotationSet`` is the single owner of a document's spans while it is open.
It is plain Python: the GUI observes it through ``add_listener`` and never
changes it except through ``annotator.core.edits``. Not thread-safe: use it
from one thread and hand other threads ``snapshot()``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from operator import neg

from annotator.core.model import AnnotationFile, Document, DocumentStatus, Span
from annotator.core.span_fields import SpanFields, fields_of


class SpanIndex:
    """Spans bucketed by fixed-size chunks of the text.

    A span is registered in every chunk it touches, so finding the spans that
    overlap a window costs the chunks of the window, whatever the total number
    of spans and however long a single paragraph is. ``AnnotationSet`` keeps
    only its long spans here (longer than ``SHORT_SPAN``): the short ones are
    found in its sorted order by bisection.
    """

    CHUNK = 256

    def __init__(self) -> None:
        self._buckets: dict[int, set[str]] = {}

    def _chunks(self, start: int, end: int) -> range:
        return range(start // self.CHUNK, (max(end, start + 1) - 1) // self.CHUNK + 1)

    def add(self, span: Span) -> None:
        for chunk in self._chunks(span.start, span.end):
            self._buckets.setdefault(chunk, set()).add(span.id)

    def add_all(self, spans: Iterable[Span]) -> None:
        """``add`` for each span, in one loop (opening a 5,000-span article)."""
        size, buckets = self.CHUNK, self._buckets
        for span in spans:
            span_id, start = span.id, span.start
            first, last = start // size, (max(span.end, start + 1) - 1) // size
            if first == last:  # most spans: one chunk, no range to walk
                bucket = buckets.get(first)
                if bucket is None:
                    buckets[first] = {span_id}
                else:
                    bucket.add(span_id)
                continue
            for chunk in range(first, last + 1):
                bucket = buckets.get(chunk)
                if bucket is None:
                    buckets[chunk] = {span_id}
                else:
                    bucket.add(span_id)

    def remove(self, span: Span) -> None:
        for chunk in self._chunks(span.start, span.end):
            bucket = self._buckets.get(chunk)
            if bucket is not None:
                bucket.discard(span.id)
                if not bucket:
                    del self._buckets[chunk]

    def candidates(self, start: int, end: int) -> set[str]:
        found: set[str] = set()
        for chunk in self._chunks(start, end):
            bucket = self._buckets.get(chunk)
            if bucket:
                found |= bucket
        return found


class ChangeKind(Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    STATUS = "status"


@dataclass(frozen=True)
class AnnotationChange:
    kind: ChangeKind
    old: Span | None = None
    new: Span | None = None


class SpanError(ValueError):
    """An edit that would break an invariant (out of range, duplicate id...)."""


# Spans of at most this many code points are found by bisection in the set's sorted order: one
# that overlaps [start, end) starts in [start - SHORT_SPAN + 1, end). Only longer ones (whole
# sentences, paragraphs) go into the chunk index, so opening an article of 5,000 short spans
# builds no bucket at all (bucketing every span was half of building the set).
SHORT_SPAN = SpanIndex.CHUNK


class AnnotationSet:
    # The columns of the file the set was loaded from (``from_loaded``). The set may have changed
    # since: ``SpanFields.held_by`` says whether it still holds exactly those spans.
    loaded_fields: SpanFields | None = None

    def __init__(self, document: Document, spans: Iterable[Span] = (), status: DocumentStatus = DocumentStatus.NEW) -> None:
        self.document = document
        self.status = status
        self._spans: dict[str, Span] = {}
        self._index = SpanIndex()  # the spans longer than SHORT_SPAN only
        self._counts: dict[str, int] = {}  # spans per label, kept current: the status bar asks on every edit
        self._with_links: set[str] = set()  # spans that link to others (claims), for reverse lookups
        self._listeners: list[Callable[[AnnotationChange], None]] = []
        self._next_number = 1
        # The sort keys of all spans in file order, kept in order through every change (bisect):
        # spans() is asked for by the span list, the checks, the mentions and the suggestions after
        # each edit, and sorting 20,000 spans each time took longer than a frame.
        self._order: list[tuple[int, int, str, str]] = []
        # How many spans hold each (start, end, label): made at the first ``holds`` and kept current
        # after, so the suggestions need no pass over every span to hide those already made.
        self._places: dict[tuple[int, int, str], int] | None = None
        self._insert_all(spans)

    @classmethod
    def from_file(cls, document: Document, annotation_file: AnnotationFile | None) -> AnnotationSet:
        if annotation_file is None:
            return cls(document)
        return cls(document, annotation_file.spans, annotation_file.status)

    @classmethod
    def from_loaded(cls, document: Document, annotation_file: AnnotationFile | None) -> AnnotationSet:
        """``from_file`` for a file that ``ProjectStore.load_annotations`` returned for ``document``:
        the store has already checked every span against the text (``problems_on_load``) and the ids
        for duplicates (``AnnotationFile``), so they are not checked a second time (5,000 spans: 1.3 ms
        of a switch to the article), and every structure is built from the columns those checks read
        (``fields_of``: each field of each span is read once on the way from the file to here)."""
        if annotation_file is None:
            return cls(document)
        annotations = cls(document, status=annotation_file.status)
        spans = annotation_file.spans
        fields = fields_of(spans)
        ids, labels = fields.ids(), fields.labels()
        annotations._spans = dict(zip(ids, spans))
        annotations._counts = dict(Counter(labels))
        annotations._with_links = {span.id for span in fields.with_links() if span.claim is not None}
        annotations._build_order(list(zip(fields.starts(), map(neg, fields.ends()), labels, ids)))
        annotations.loaded_fields = fields  # for the checks of the first paint (check_cache)
        return annotations

    # --- observing -------------------------------------------------------
    def add_listener(self, listener: Callable[[AnnotationChange], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[AnnotationChange], None]) -> None:
        self._listeners.remove(listener)

    def _notify(self, change: AnnotationChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # --- reading ---------------------------------------------------------
    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._spans

    def get(self, span_id: str) -> Span | None:
        return self._spans.get(span_id)

    def spans(self) -> list[Span]:
        """All spans in file order: by start, longer first, then label and id (a new list each call)."""
        spans = self._spans
        return [spans[key[3]] for key in self._order]

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with ``[start, end)``, sorted."""
        order, spans = self._order, self._spans
        low = bisect.bisect_left(order, (start - SHORT_SPAN + 1,))
        high = bisect.bisect_left(order, (end,), low)
        # Short spans from the sorted order (the long ones there are left to the index: no twice).
        keys = [key for key in order[low:high] if -key[1] > start and -key[1] - key[0] <= SHORT_SPAN]
        long = [key for key in map(Span.sort_key, map(spans.__getitem__, self._index.candidates(start, end))) if key[0] < end and -key[1] > start]
        if long:
            keys = sorted(keys + long)
        return [spans[key[3]] for key in keys]

    def at(self, position: int) -> list[Span]:
        """Spans covering the character at ``position``, innermost (shortest) first."""
        return sorted(self.overlapping(position, position + 1), key=lambda s: (s.end - s.start, s.start, s.id))

    def holds(self, place: tuple[int, int, str]) -> bool:
        """True if some span has exactly this (start, end, label)."""
        if self._places is None:
            places: dict[tuple[int, int, str], int] = {}
            for span in self._spans.values():
                key = (span.start, span.end, span.label)
                places[key] = places.get(key, 0) + 1
            self._places = places
        return place in self._places

    def _place_added(self, span: Span) -> None:
        if self._places is not None:
            key = (span.start, span.end, span.label)
            self._places[key] = self._places.get(key, 0) + 1

    def _place_removed(self, span: Span) -> None:
        if self._places is not None:
            key = (span.start, span.end, span.label)
            if self._places[key] == 1:
                del self._places[key]
            else:
                self._places[key] -= 1

    def linking_to(self, span_id: str) -> list[Span]:
        """The spans (claims) whose links point at ``span_id``."""
        found = (self._spans[i] for i in self._with_links)
        return sorted((s for s in found if span_id in s.linked_span_ids()), key=Span.sort_key)

    def counts_by_label(self) -> dict[str, int]:
        return {label: count for label, count in self._counts.items() if count}

    def snapshot(self, annotator: str) -> AnnotationFile:
        """An immutable copy, safe to serialise on another thread."""
        # model_construct: every span was validated when it entered the set, and
        # re-validating 5,000 of them would block the GUI thread on each autosave.
        return AnnotationFile.model_construct(
            document_id=self.document.id,
            annotator=annotator,
            text_sha256=self.document.text_sha256,
            # A file on disk means work has started, even if every span was removed again.
            status=DocumentStatus.IN_PROGRESS if self.status is DocumentStatus.NEW else self.status,
            spans=tuple(self.spans()),
        )

    # --- building spans ----------------------------------------------------
    def new_span_id(self) -> str:
        while f"s{self._next_number}" in self._spans:
            self._next_number += 1
        return f"s{self._next_number}"

    def make_span(self, start: int, end: int, label: str, span_id: str | None = None) -> Span:
        """A span over ``[start, end)`` with its text taken from the document."""
        if not 0 <= start < end <= len(self.document.text):
            raise SpanError(f"[{start}, {end}) is not a non-empty range inside the text (length {len(self.document.text)})")
        return Span(id=span_id or self.new_span_id(), start=start, end=end, label=label, text=self.document.text[start:end])

    # --- changing (only annotator.core.edits calls these) -----------------
    def _check(self, span: Span) -> None:
        if span.end > len(self.document.text) or self.document.text[span.start : span.end] != span.text:
            raise SpanError(f"span {span.id} does not match the text at [{span.start}, {span.end})")

    def _unorder(self, span: Span) -> None:
        key = span.sort_key()
        position = bisect.bisect_left(self._order, key)
        assert self._order[position] == key, "the order lost a span"
        del self._order[position]

    def _insert(self, span: Span) -> None:
        self._check(span)
        if span.id in self._spans:
            raise SpanError(f"duplicate span id {span.id!r}")
        self._spans[span.id] = span
        bisect.insort(self._order, span.sort_key())
        self._place_added(span)
        if span.end - span.start > SHORT_SPAN:
            self._index.add(span)
        self._counts[span.label] = self._counts.get(span.label, 0) + 1
        if span.claim is not None:
            self._with_links.add(span.id)

    def _build_order(self, order: list[tuple[int, int, str, str]] | None = None) -> None:
        """The sorted order and the index of long spans, from ``_spans`` (opening a document), or from
        ``order``: the sort key of each span of ``_spans``, made from its columns (``from_loaded``)."""
        if order is None:
            order = [(span.start, -span.end, span.label, span.id) for span in self._spans.values()]  # Span.sort_key, inlined
        order.sort()  # a file is stored in this order: one pass over it
        self._order = order
        self._index = SpanIndex()
        long = [self._spans[key[3]] for key in order if -key[1] - key[0] > SHORT_SPAN]
        if long:
            self._index.add_all(long)

    def _insert_all(self, spans: Iterable[Span]) -> None:
        """``_insert`` for each span in one pass, then one sort: what opening a document costs
        (5,000 spans: a quarter of the time of inserting them one by one)."""
        text, by_id, counts, with_links = self.document.text, self._spans, self._counts, self._with_links
        for span in spans:
            if text[span.start : span.end] != span.text or span.end > len(text):
                self._check(span)  # raises, with the message every edit gives
            if span.id in by_id:
                raise SpanError(f"duplicate span id {span.id!r}")
            by_id[span.id] = span
            counts[span.label] = counts.get(span.label, 0) + 1
            if span.claim is not None:
                with_links.add(span.id)
        self._build_order()

    def add(self, span: Span) -> None:
        self._insert(span)
        self._notify(AnnotationChange(ChangeKind.ADDED, new=span))

    def remove(self, span_id: str) -> Span:
        span = self._spans.pop(span_id, None)
        if span is None:
            raise SpanError(f"no span {span_id!r}")
        self._unorder(span)
        self._place_removed(span)
        if span.end - span.start > SHORT_SPAN:
            self._index.remove(span)
        self._counts[span.label] -= 1
        self._with_links.discard(span_id)
        self._notify(AnnotationChange(ChangeKind.REMOVED, old=span))
        return span

    def replace(self, new: Span) -> Span:
        old = self._spans.get(new.id)
        if old is None:
            raise SpanError(f"no span {new.id!r}")
        self._check(new)
        if old.end - old.start > SHORT_SPAN:
            self._index.remove(old)
        self._spans[new.id] = new
        self._unorder(old)
        bisect.insort(self._order, new.sort_key())
        self._place_removed(old)
        self._place_added(new)
        if new.end - new.start > SHORT_SPAN:
            self._index.add(new)
        self._counts[old.label] -= 1
        self._counts[new.label] = self._counts.get(new.label, 0) + 1
        if new.claim is not None:
            self._with_links.add(new.id)
        else:
            self._with_links.discard(new.id)
        self._notify(AnnotationChange(ChangeKind.CHANGED, old=old, new=new))
        return old

    def set_status(self, status: DocumentStatus) -> None:
        self.status = status
        self._notify(AnnotationChange(ChangeKind.STATUS))
