"""The checker's findings per open document, kept current edit by edit.

Switching back to a document whose spans, label scheme and actor registry are as
they were shows its findings without walking its spans again (5,000 spans: about
15 ms, a frame). An edit re-checks only what it can change: the spans it added,
removed or replaced and the claims that link to them (``checker.span_findings``
says what a span's findings depend on); checking all 20,000 spans of a long
article after every key took 60-100 ms. Only when the document gains its first
date span or loses its last one (claims then need a date, or no longer do), or
the registry changes, is everything checked again.

Findings are made when they are read, not when a document is checked: most spans
of a fresh article have exactly one finding of an obvious kind (an actor not
linked, a date without a value, a claim without attributes), and making 6,600
messages for a 5,000-span article took 15 ms of the first switch to it while the
panel lists 300. Such spans are only counted (``_quick_count``); every other
span, and every span whose findings are read, goes through ``span_findings``,
so the messages have one source. Not thread-safe: used on the thread that edits
the annotations.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationChange, AnnotationSet, ChangeKind
from annotator.core.checker import Finding, label_kinds, span_findings
from annotator.core.model import LabelKind, LabelScheme, Span
from annotator.core.span_fields import SpanFields

# A span's entry: its findings once made, or how many ``span_findings`` will make.
_Entry = list[Finding] | int


@dataclass
class _Checked:
    scheme: LabelScheme
    registry: ActorRegistry | None
    kinds: dict[str, LabelKind]
    has_dates: bool
    per_span: dict[str, _Entry]
    total: int = 0
    # Bumped on every change and when the entry is dropped: a FindingList of an older version refuses to be read.
    version: int = field(default_factory=itertools.count().__next__)


def _has_dates(annotations: AnnotationSet, kinds: dict[str, LabelKind]) -> bool:
    return any(kinds.get(label, LabelKind.OTHER) is LabelKind.DATE for label in annotations.counts_by_label())


def _quick_count(span: Span, kind: LabelKind, has_dates: bool, registry: ActorRegistry | None) -> int | None:
    """How many findings ``span_findings`` gives ``span``, where that is plain without making them; None otherwise.

    Only the cases that depend on nothing but the span itself and ``has_dates``
    (tests/core/test_check_cache.py holds this to ``span_findings``)."""
    if kind is LabelKind.ACTOR:
        if span.actor_id is None:
            return 1  # not linked to the registry
        return 0 if registry is None else None
    if kind is LabelKind.DATE:
        return 1 if span.timex is None else 0
    if kind is LabelKind.CLAIM:
        return (2 if has_dates else 1) if span.claim is None else None  # no claimant (and no date)
    return 0


# Stands for every span without actor link, claim attributes or date value in ``_check_all``.
_BARE = Span(id="bare", start=0, end=1, label="bare", text="x")


def _entry(checked: _Checked, span: Span, annotations: AnnotationSet) -> _Entry:
    count = _quick_count(span, checked.kinds.get(span.label, LabelKind.OTHER), checked.has_dates, checked.registry)
    if count is not None:
        return count
    return span_findings(span, checked.kinds, checked.has_dates, annotations, checked.registry)


def _size(entry: _Entry) -> int:
    return entry if isinstance(entry, int) else len(entry)


def _check_all(annotations: AnnotationSet, scheme: LabelScheme, registry: ActorRegistry | None) -> _Checked:
    kinds = label_kinds(scheme)
    checked = _Checked(scheme, registry, kinds, _has_dates(annotations, kinds), {})
    per_span, has_dates, other = checked.per_span, checked.has_dates, LabelKind.OTHER
    # A span with no actor link, claim attributes or date value has as many findings as
    # ``_quick_count`` gives its kind: looked up by label, with no call (most spans of an article).
    # Their entries are made from the spans' columns: those the store read while loading the file
    # (``AnnotationSet.loaded_fields``) while the set holds exactly its spans, else read here; the
    # spans with a link, claim attributes or a date value are then looked at one by one.
    bare = {label: _quick_count(_BARE, kind, has_dates, registry) for label, kind in kinds.items()}
    fields = annotations.loaded_fields
    if fields is None or not fields.held_by(annotations):
        fields = SpanFields(annotations.spans())
    counts = list(map(bare.get, fields.labels(), itertools.repeat(0)))  # a label outside the scheme is OTHER: none
    per_span.update(zip(fields.ids(), counts))
    total = sum(counts)
    for span in fields.with_links():  # _entry, inlined: one call a span instead of three
        total -= bare.get(span.label, 0)  # what the line above counted for it
        count = _quick_count(span, kinds.get(span.label, other), has_dates, registry)
        if count is None:
            found = per_span[span.id] = span_findings(span, kinds, has_dates, annotations, registry)
            total += len(found)
        else:
            per_span[span.id] = count
            total += count
    checked.total = total
    return checked


def _retire(checked: _Checked) -> None:
    checked.version = -1


def _update(checked: _Checked, annotations: AnnotationSet, change: AnnotationChange) -> _Checked:
    """``checked`` brought up to date with ``change`` (a new one when everything had to be checked again)."""
    if change.kind is ChangeKind.STATUS:
        return checked
    checked.version += 1
    if _has_dates(annotations, checked.kinds) != checked.has_dates:
        _retire(checked)
        return _check_all(annotations, checked.scheme, checked.registry)
    changed = {span.id for span in (change.old, change.new) if span is not None}
    affected = set(changed)
    for span_id in changed:  # claims whose links point at a span that came or went
        affected.update(claim.id for claim in annotations.linking_to(span_id))
    for span_id in affected:
        before = checked.per_span.pop(span_id, None)
        if before is not None:
            checked.total -= _size(before)
        span = annotations.get(span_id)
        if span is not None:
            entry = checked.per_span[span_id] = _entry(checked, span, annotations)
            checked.total += _size(entry)
    return checked


class FindingList(Sequence[Finding]):
    """All findings of one document in text order, each made the first time it is read.

    A view of the cache, valid until the document's next change (or the next
    registry change): read it then, or copy what you need. Reading a stale one
    raises RuntimeError instead of mixing two states of the document.
    """

    def __init__(self, checked: _Checked, annotations: AnnotationSet) -> None:
        self._checked = checked
        self._annotations = annotations
        self._version = checked.version

    def _current(self) -> _Checked:
        if self._checked.version != self._version:
            raise RuntimeError("these findings are of an earlier state of the document: ask the cache again")
        return self._checked

    def __len__(self) -> int:
        return self._current().total

    def __iter__(self) -> Iterator[Finding]:
        checked = self._current()
        per_span = checked.per_span
        annotations = self._annotations
        for span in annotations.spans():
            entry = per_span.get(span.id, 0)
            if isinstance(entry, int):
                if not entry:
                    continue
                entry = per_span[span.id] = span_findings(span, checked.kinds, checked.has_dates, annotations, checked.registry)
            yield from entry

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            start, stop, step = index.start or 0, index.stop, index.step
            if start >= 0 and (stop is None or stop >= 0) and step in (None, 1):
                return list(itertools.islice(self, start, stop))  # the first rows without making the rest
            return list(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("finding index out of range")
        return next(itertools.islice(self, index, None))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable view, like a list

    def __repr__(self) -> str:
        return f"FindingList({len(self)} findings)"


class FindingsCache:
    """``check_spans`` of each annotation set, updated on each of its changes, forgotten on any registry change."""

    def __init__(self) -> None:
        self._cached: weakref.WeakKeyDictionary[AnnotationSet, _Checked] = weakref.WeakKeyDictionary()
        self._watched: weakref.WeakSet[AnnotationSet] = weakref.WeakSet()
        self._registries: weakref.WeakSet[ActorRegistry] = weakref.WeakSet()

    def findings(self, annotations: AnnotationSet, scheme: LabelScheme, registry: ActorRegistry | None = None) -> FindingList:
        """The same findings as ``check_spans(annotations.spans(), scheme, registry)``, as a FindingList."""
        checked = self._cached.get(annotations)
        if checked is None or checked.registry is not registry or checked.scheme != scheme:
            if checked is not None:
                _retire(checked)
            self._watch(annotations, registry)
            checked = self._cached[annotations] = _check_all(annotations, scheme, registry)
        return FindingList(checked, annotations)

    def _watch(self, annotations: AnnotationSet, registry: ActorRegistry | None) -> None:
        # Listeners hold the cache weakly: an annotation set or registry may outlive it.
        me = weakref.ref(self)
        if annotations not in self._watched:
            self._watched.add(annotations)
            target = weakref.ref(annotations)

            def update(change: AnnotationChange) -> None:
                cache, changed = me(), target()
                if cache is None or changed is None:
                    return
                checked = cache._cached.get(changed)
                if checked is not None:
                    cache._cached[changed] = _update(checked, changed, change)

            annotations.add_listener(update)
        if registry is not None and registry not in self._registries:
            self._registries.add(registry)

            def forget_all() -> None:
                cache = me()
                if cache is not None:
                    for checked in cache._cached.values():
                        _retire(checked)
                    cache._cached.clear()

            registry.add_listener(forget_all)
