"""The checker's findings per open document, kept current edit by edit.

Switching back to a document whose spans, label scheme and actor registry are as
they were shows its findings without walking its spans again (5,000 spans: about
15 ms, a frame). An edit re-checks only what it can change: the spans it added,
removed or replaced and the claims that link to them (``checker.span_findings``
says what a span's findings depend on); checking all 20,000 spans of a long
article after every key took 60-100 ms. Only when the document gains its first
date span or loses its last one (claims then need a date, or no longer do), or
the registry changes, is everything checked again. Not thread-safe: used on the
thread that edits the annotations.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationChange, AnnotationSet, ChangeKind
from annotator.core.checker import Finding, label_kinds, span_findings
from annotator.core.model import LabelKind, LabelScheme


@dataclass
class _Checked:
    scheme: LabelScheme
    registry: ActorRegistry | None
    kinds: dict[str, LabelKind]
    has_dates: bool
    per_span: dict[str, list[Finding]]
    flat: list[Finding] | None = None  # all findings in text order, made again after a change


def _has_dates(annotations: AnnotationSet, kinds: dict[str, LabelKind]) -> bool:
    return any(kinds.get(label, LabelKind.OTHER) is LabelKind.DATE for label in annotations.counts_by_label())


def _check_all(annotations: AnnotationSet, scheme: LabelScheme, registry: ActorRegistry | None) -> _Checked:
    kinds = label_kinds(scheme)
    has_dates = _has_dates(annotations, kinds)
    per_span = {span.id: span_findings(span, kinds, has_dates, annotations, registry) for span in annotations.spans()}
    return _Checked(scheme, registry, kinds, has_dates, per_span)


def _update(checked: _Checked, annotations: AnnotationSet, change: AnnotationChange) -> _Checked:
    """``checked`` brought up to date with ``change`` (a new one when everything had to be checked again)."""
    if change.kind is ChangeKind.STATUS:
        return checked
    if _has_dates(annotations, checked.kinds) != checked.has_dates:
        return _check_all(annotations, checked.scheme, checked.registry)
    changed = {span.id for span in (change.old, change.new) if span is not None}
    affected = set(changed)
    for span_id in changed:  # claims whose links point at a span that came or went
        affected.update(claim.id for claim in annotations.linking_to(span_id))
    for span_id in affected:
        span = annotations.get(span_id)
        if span is None:
            checked.per_span.pop(span_id, None)
        else:
            checked.per_span[span_id] = span_findings(span, checked.kinds, checked.has_dates, annotations, checked.registry)
    checked.flat = None
    return checked


class FindingsCache:
    """``check_spans`` of each annotation set, updated on each of its changes, forgotten on any registry change."""

    def __init__(self) -> None:
        self._cached: weakref.WeakKeyDictionary[AnnotationSet, _Checked] = weakref.WeakKeyDictionary()
        self._watched: weakref.WeakSet[AnnotationSet] = weakref.WeakSet()
        self._registries: weakref.WeakSet[ActorRegistry] = weakref.WeakSet()

    def findings(self, annotations: AnnotationSet, scheme: LabelScheme, registry: ActorRegistry | None = None) -> list[Finding]:
        """The same list as ``check_spans(annotations.spans(), scheme, registry)``."""
        checked = self._cached.get(annotations)
        if checked is None or checked.registry is not registry or checked.scheme != scheme:
            self._watch(annotations, registry)
            checked = self._cached[annotations] = _check_all(annotations, scheme, registry)
        if checked.flat is None:
            per_span = checked.per_span
            checked.flat = [finding for span in annotations.spans() for finding in per_span.get(span.id, ())]
        return checked.flat

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
                    cache._cached.clear()

            registry.add_listener(forget_all)
