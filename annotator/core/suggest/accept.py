"""Accepting suggestions: the edits that turn them into spans, as one undo step.

An actor suggestion becomes a mention linked to its actor, a date one a date with its TIMEX3
value, a claim one a claim linked to its claimant, its target and its date, with the stance and
topic guessed, creating the actor and date
spans those links need, or reusing the span of the right kind already at those offsets. A
suggestion whose text is no longer the document's there (the coder changed the text's spans
meanwhile does not matter; offsets are into the stored text) is left out and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, Batch
from annotator.core.model import ActorRef, ClaimAttributes, LabelKind, LabelScheme, Span
from annotator.core.selection import snap_selection
from annotator.core.suggest.base import SuggestedSpan, Suggestion, SuggestionKind


class _Builder:
    def __init__(self, annotations: AnnotationSet, scheme: LabelScheme, actor_ids: set[str] | None) -> None:
        self.annotations = annotations
        self.scheme = scheme
        self.actor_ids = actor_ids
        self.used = {span.id for span in annotations.spans()}
        self.number = 1
        self.edits: list[AddSpan] = []
        self.made: dict[tuple[int, int, LabelKind], str] = {}

    def _new_id(self) -> str:
        while f"s{self.number}" in self.used:
            self.number += 1
        self.used.add(f"s{self.number}")
        return f"s{self.number}"

    def _existing(self, start: int, end: int, kind: LabelKind) -> str | None:
        if (start, end, kind) in self.made:
            return self.made[(start, end, kind)]
        return next((s.id for s in self.annotations.overlapping(start, end) if (s.start, s.end) == (start, end) and self.scheme.kind_of(s.label) is kind), None)

    def span(self, start: int, end: int, kind: LabelKind, label: str, **fields: object) -> str:
        """The id of the span of ``kind`` at [start, end): an existing one, else a new one."""
        found = self._existing(start, end, kind)
        if found is not None:
            return found
        if fields.get("actor_id") is not None and self.actor_ids is not None and fields["actor_id"] not in self.actor_ids:
            fields["actor_id"] = None  # an actor gone from the registry: the mention stays, unlinked
        span = Span(id=self._new_id(), start=start, end=end, label=label, text=self.annotations.document.text[start:end], **fields)
        self.edits.append(AddSpan(span=span))
        self.made[(start, end, kind)] = span.id
        return span.id

    def fits(self, item: Suggestion | SuggestedSpan) -> bool:
        return 0 <= item.start < item.end <= len(self.annotations.document.text) and self.annotations.document.text[item.start : item.end] == item.text


def accept(
    suggestions: Iterable[Suggestion], annotations: AnnotationSet, scheme: LabelScheme, *, actor_ids: set[str] | None = None, label: str = ""
) -> tuple[Batch | None, list[Suggestion]]:
    """One ``Batch`` accepting every suggestion (None when nothing is left to add), and the
    suggestions left out because they no longer fit the text or the label scheme."""
    builder = _Builder(annotations, scheme, actor_ids)
    left_out: list[Suggestion] = []
    accepted = 0
    for suggestion in suggestions:
        kind = scheme.kind_of(suggestion.label)
        if scheme.get(suggestion.label) is None or not builder.fits(suggestion):
            left_out.append(suggestion)
            continue
        accepted += 1
        if kind is LabelKind.ACTOR:
            builder.span(suggestion.start, suggestion.end, kind, suggestion.label, actor_id=suggestion.actor_id)
        elif kind is LabelKind.DATE:
            builder.span(suggestion.start, suggestion.end, kind, suggestion.label, timex=suggestion.timex)
        elif kind is LabelKind.CLAIM:
            builder.span(suggestion.start, suggestion.end, kind, suggestion.label, claim=_claim(suggestion, builder))
        else:
            builder.span(suggestion.start, suggestion.end, kind, suggestion.label)
    if not builder.edits:
        return None, left_out
    return Batch(edits=tuple(builder.edits), label=label or f"Accept {accepted} suggestion{'s' if accepted != 1 else ''}"), left_out


def _claim(suggestion: Suggestion, builder: _Builder) -> ClaimAttributes:
    scheme = builder.scheme
    claimant: ActorRef | None = None
    actor_label = _label_of(scheme, LabelKind.ACTOR)
    if suggestion.claimant is not None and actor_label is not None and builder.fits(suggestion.claimant):
        ref = suggestion.claimant
        claimant = ActorRef(span_id=builder.span(ref.start, ref.end, LabelKind.ACTOR, actor_label, actor_id=ref.actor_id))
    elif suggestion.claimant_actor_id is not None and (builder.actor_ids is None or suggestion.claimant_actor_id in builder.actor_ids):
        claimant = ActorRef(actor_id=suggestion.claimant_actor_id)
    date_id: str | None = None
    date_label = _label_of(scheme, LabelKind.DATE)
    if suggestion.date is not None and date_label is not None and builder.fits(suggestion.date):
        date_id = builder.span(suggestion.date.start, suggestion.date.end, LabelKind.DATE, date_label, timex=suggestion.date.timex)
    target: ActorRef | None = None
    if suggestion.target is not None and actor_label is not None and builder.fits(suggestion.target):
        ref = suggestion.target
        target = ActorRef(span_id=builder.span(ref.start, ref.end, LabelKind.ACTOR, actor_label, actor_id=ref.actor_id))
    return ClaimAttributes(claimant=claimant, target=target, date_span_id=date_id, form=suggestion.form, stance=suggestion.stance, topic=suggestion.topic or "")


def linked_places(suggestion: Suggestion, scheme: LabelScheme) -> list[tuple[int, int, str]]:
    """Where a claim suggestion's claimant, target and date are, each with the label accepting it
    would give that span (what the article draws from the suggestion before it is accepted); none
    for other suggestions, or where the scheme has no such label."""
    if scheme.kind_of(suggestion.label) is not LabelKind.CLAIM:
        return []
    actor_label, date_label = _label_of(scheme, LabelKind.ACTOR), _label_of(scheme, LabelKind.DATE)
    places = [(ref, actor_label) for ref in (suggestion.claimant, suggestion.target)] + [(suggestion.date, date_label)]
    return [(ref.start, ref.end, label) for ref, label in places if ref is not None and label is not None]


def _label_of(scheme: LabelScheme, kind: LabelKind) -> str | None:
    return next((label.name for label in scheme.labels if label.effective_kind is kind), None)


def of_kind(suggestions: Sequence[Suggestion], kind: str) -> list[Suggestion]:
    """The suggestions of one recommender ("accept all of this kind in this article")."""
    return [s for s in suggestions if s.kind.value == kind]


def paragraph_of(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the paragraph (the line, as the article view shows it) holding ``offset``:
    what "accept the rest of this paragraph" covers."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def with_selected_extent(suggestion: Suggestion, text: str, selection: tuple[int, int] | None) -> Suggestion:
    """``suggestion`` at the extent of the text selected over it (snapped to words), everything else
    kept; itself when nothing is selected, the selection lies elsewhere or snaps to its own extent."""
    if selection is None:
        return suggestion
    snapped = snap_selection(text, *selection, to_words=True)
    if snapped is None or snapped == (suggestion.start, suggestion.end) or not (snapped[0] < suggestion.end and suggestion.start < snapped[1]):
        return suggestion
    start, end = snapped
    return suggestion.model_copy(update={"start": start, "end": end, "text": text[start:end]})


def accepted_claim_id(suggestion: Suggestion, annotations: AnnotationSet) -> str | None:
    """The id of the claim span that accepting the claim ``suggestion`` made (same label and extent), or None."""
    if suggestion.kind is not SuggestionKind.CLAIM:
        return None
    place = (suggestion.label, suggestion.start, suggestion.end)
    return next((s.id for s in annotations.overlapping(suggestion.start, suggestion.end) if (s.label, s.start, s.end) == place), None)
