"""Adjudication (curation): several coders' spans grouped over one text, and the edits that
build the curated coder's annotations (``gold``) from them.

A *group* is the spans of one label that overlap, directly or through each other, across the
coders. It is *agreed* when every coder has exactly one span in it and all of them have the
same boundaries and the same attribute values (``agreement.attributes.attribute_values`` and
the claim topic); otherwise it is a disagreement. Every decision is one core edit (a ``Batch``)
on the curated ``AnnotationSet``, so the window pushes it onto the document's undo stack:

* ``take``: the curated spans of the group are replaced by one coder's span; a claim brings the
  spans it links to (from the same coder) when the curated set has none at their place, and its
  links are re-pointed at the curated spans at those places;
* ``merge``: one span over the union of the group's boundaries, with the first coder's
  attributes, each missing one filled from the next coder that has it;
* ``reject``: the curated spans of the group are removed;
* ``edit``: the curated span's boundaries or label changed by hand;
* ``accept_agreements``: ``take`` of the first coder for every agreed group not yet decided.

A group is *decided* when the curated set has a span of its label overlapping it.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.agreement.attributes import attribute_values
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, Batch, Edit, ReplaceSpan, relabel_with_links, remove_with_links
from annotator.core.model import ActorRef, LabelScheme, Span

DEFAULT_CURATOR = "gold"


@dataclass(frozen=True)
class Group:
    label: str
    start: int
    end: int
    spans: tuple[tuple[str, Span], ...]  # (coder, span), in coder order

    def by(self, coder: str) -> list[Span]:
        return [span for name, span in self.spans if name == coder]


def group_spans(spans_by_coder: dict[str, tuple[Span, ...] | list[Span]]) -> list[Group]:
    """Groups of overlapping same-label spans across coders, in text order."""
    order = list(spans_by_coder)
    items = sorted(
        ((span.label, span.start, span.end, order.index(coder), coder, span) for coder, spans in spans_by_coder.items() for span in spans), key=lambda t: t[:4]
    )
    groups: list[Group] = []
    current: list[tuple[str, Span]] = []
    label, start, end = "", 0, -1
    for item_label, item_start, item_end, _rank, coder, span in items:
        if current and item_label == label and item_start < end:
            current.append((coder, span))
            end = max(end, item_end)
            continue
        if current:
            groups.append(Group(label, start, end, tuple(sorted(current, key=lambda pair: order.index(pair[0])))))
        current, label, start, end = [(coder, span)], item_label, item_start, item_end
    if current:
        groups.append(Group(label, start, end, tuple(sorted(current, key=lambda pair: order.index(pair[0])))))
    return sorted(groups, key=lambda g: (g.start, -g.end, g.label))


def is_agreed(group: Group, coders: list[str], scheme: LabelScheme) -> bool:
    if sorted(name for name, _ in group.spans) != sorted(coders):
        return False
    first = group.spans[0][1]

    def signature(span: Span) -> tuple:
        topic = " ".join(span.claim.topic.casefold().split()) if span.claim else ""
        return (span.start, span.end, tuple(sorted(attribute_values(span, scheme, str).items())), topic)

    return all(signature(span) == signature(first) for _, span in group.spans)


def curated_in(group: Group, curated: AnnotationSet) -> list[Span]:
    return [span for span in curated.overlapping(group.start, group.end) if span.label == group.label]


def is_decided(group: Group, curated: AnnotationSet) -> bool:
    return bool(curated_in(group, curated))


class _Builder:
    """Edits made one after another on a scratch copy, so each is computed against the state it will meet."""

    def __init__(self, curated: AnnotationSet) -> None:
        self.scratch = AnnotationSet(curated.document, curated.spans(), curated.status)
        self.edits: list[Edit] = []

    def run(self, edit: Edit) -> None:
        edit.apply(self.scratch)
        self.edits.append(edit)

    def remove_group(self, group: Group) -> None:
        for span in curated_in(group, self.scratch):
            self.run(remove_with_links(self.scratch, span))

    def at(self, span: Span) -> Span | None:
        return next((s for s in self.scratch.overlapping(span.start, span.end) if (s.start, s.end, s.label) == (span.start, span.end, span.label)), None)

    def add_copy(self, span: Span, source: dict[str, Span], start: int | None = None, end: int | None = None) -> Span:
        """Add a copy of ``span`` (perhaps re-bounded) with a fresh id; bring and re-point the spans its claim links to."""
        claim = span.claim
        if claim is not None:
            changes: dict[str, object] = {}
            for role in ("claimant", "target"):
                ref = getattr(claim, role)
                if ref is not None and ref.span_id is not None:
                    linked = self._linked(source.get(ref.span_id), source)
                    changes[role] = ActorRef(span_id=linked.id) if linked else None
            if claim.date_span_id is not None:
                linked = self._linked(source.get(claim.date_span_id), source)
                changes["date_span_id"] = linked.id if linked else None
            claim = claim.model_copy(update=changes)
        start = span.start if start is None else start
        end = span.end if end is None else end
        new = Span.model_validate(
            {
                **span.model_dump(),
                "id": self.scratch.new_span_id(),
                "start": start,
                "end": end,
                "text": self.scratch.document.text[start:end],
                "claim": claim.model_dump() if claim else None,
            }
        )
        self.run(AddSpan(span=new))
        return new

    def _linked(self, span: Span | None, source: dict[str, Span]) -> Span | None:
        if span is None:
            return None
        return self.at(span) or self.add_copy(span, source)

    def batch(self, label: str) -> Batch | None:
        return Batch(edits=tuple(self.edits), label=label) if self.edits else None


def take(group: Group, coder: str, curated: AnnotationSet, coder_spans: dict[str, Span]) -> Batch | None:
    """Replace the group's curated spans by ``coder``'s; ``coder_spans``: that coder's spans by id (for links)."""
    chosen = group.by(coder)
    builder = _Builder(curated)
    builder.remove_group(group)
    for span in chosen:
        builder.add_copy(span, coder_spans)
    return builder.batch(f"Take {coder}'s {group.label} “{_short(group)}”" if chosen else f"Take {coder}: no {group.label} at “{_short(group)}”")


def merge(group: Group, curated: AnnotationSet, spans_by_coder: dict[str, dict[str, Span]]) -> Batch | None:
    coder, first = group.spans[0]
    fields: dict[str, object] = {}
    for name in ("actor_id", "timex", "claim"):
        value = next((getattr(span, name) for _, span in group.spans if getattr(span, name) is not None), None)
        fields[name] = value
    base = first.model_copy(update=fields)
    builder = _Builder(curated)
    builder.remove_group(group)
    source = {}
    for name, _span in reversed(group.spans):
        source.update(spans_by_coder.get(name, {}))
    source.update(spans_by_coder.get(coder, {}))
    builder.add_copy(base, source, start=group.start, end=group.end)
    return builder.batch(f"Merge {group.label} “{_short(group)}”")


def reject(group: Group, curated: AnnotationSet) -> Batch | None:
    builder = _Builder(curated)
    builder.remove_group(group)
    return builder.batch(f"Reject {group.label} “{_short(group)}”")


def edit(group: Group, curated: AnnotationSet, start: int, end: int, label: str, scheme: LabelScheme) -> Batch | None:
    """Change the boundaries and label of the group's (first) curated span; links of the wrong kind are dropped."""
    spans = curated_in(group, curated)
    if not spans:
        return None
    span = spans[0]
    builder = _Builder(curated)
    if (start, end) != (span.start, span.end):
        builder.run(
            ReplaceSpan(
                old=span,
                new=builder.scratch.make_span(start, end, span.label, span_id=span.id).model_copy(
                    update={"actor_id": span.actor_id, "claim": span.claim, "timex": span.timex}
                ),
            )
        )
    if label != span.label:
        builder.run(relabel_with_links(builder.scratch, builder.scratch.get(span.id), label, scheme))
    return builder.batch(f"Edit {group.label} “{_short(group)}”")


def accept_agreements(
    groups: list[Group], coders: list[str], curated: AnnotationSet, scheme: LabelScheme, spans_by_coder: dict[str, dict[str, Span]]
) -> Batch | None:
    """Every agreed, undecided group taken from the first coder, in one step (claims last, so their links find their spans)."""
    builder = _Builder(curated)
    count = 0
    for group in sorted(groups, key=lambda g: (g.spans[0][1].claim is not None, g.start)):
        if not is_agreed(group, coders, scheme) or is_decided(group, builder.scratch):
            continue
        coder, span = group.spans[0]
        builder.add_copy(span, spans_by_coder[coder])
        count += 1
    return builder.batch(f"Accept {count} agreement(s)")


def progress(groups: list[Group], curated: AnnotationSet) -> tuple[int, int]:
    """(decided groups, groups)."""
    return sum(is_decided(group, curated) for group in groups), len(groups)


def _short(group: Group, limit: int = 40) -> str:
    text = " ".join(group.spans[0][1].text.split()) if group.spans else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
