"""One class per user edit of a document's annotations.

Each edit is data (so it can be journalled and replayed) with ``apply`` and
``inverse``. ``edit.inverse().apply(a)`` undoes ``edit.apply(a)`` exactly.
The GUI wraps edits in undo commands; nothing else changes an ``AnnotationSet``.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from annotator.core.annotations import AnnotationSet
from annotator.core.model import ClaimAttributes, DocumentStatus, LabelKind, LabelScheme, Span


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def describe(self) -> str:
        raise NotImplementedError


class AddSpan(_Edit):
    op: Literal["add"] = "add"
    span: Span

    def apply(self, annotations: AnnotationSet) -> None:
        annotations.add(self.span)

    def inverse(self) -> RemoveSpan:
        return RemoveSpan(span=self.span)

    def describe(self) -> str:
        return f"Tag “{_short(self.span.text)}” as {self.span.label}"


class RemoveSpan(_Edit):
    op: Literal["remove"] = "remove"
    span: Span

    def apply(self, annotations: AnnotationSet) -> None:
        annotations.remove(self.span.id)

    def inverse(self) -> AddSpan:
        return AddSpan(span=self.span)

    def describe(self) -> str:
        return f"Remove {self.span.label} “{_short(self.span.text)}”"


class ReplaceSpan(_Edit):
    """Relabel or resize: the span keeps its id."""

    op: Literal["replace"] = "replace"
    old: Span
    new: Span

    def apply(self, annotations: AnnotationSet) -> None:
        annotations.replace(self.new)

    def inverse(self) -> ReplaceSpan:
        return ReplaceSpan(old=self.new, new=self.old)

    def describe(self) -> str:
        if self.old.label != self.new.label:
            return f"Relabel “{_short(self.new.text)}” as {self.new.label}"
        return f"Resize {self.new.label} to “{_short(self.new.text)}”"


class SetStatus(_Edit):
    op: Literal["status"] = "status"
    old: DocumentStatus
    new: DocumentStatus

    def apply(self, annotations: AnnotationSet) -> None:
        annotations.set_status(self.new)

    def inverse(self) -> SetStatus:
        return SetStatus(old=self.new, new=self.old)

    def describe(self) -> str:
        return f"Mark document {self.new.value}"


class Batch(_Edit):
    """Several edits as one step (deleting a span together with the links to it)."""

    op: Literal["batch"] = "batch"
    edits: tuple[Edit, ...]
    label: str = ""

    def apply(self, annotations: AnnotationSet) -> None:
        for edit in self.edits:
            edit.apply(annotations)

    def inverse(self) -> Batch:
        return Batch(edits=tuple(edit.inverse() for edit in reversed(self.edits)), label=self.label)

    def describe(self) -> str:
        return self.label or "; ".join(edit.describe() for edit in self.edits)


Edit = Annotated[Union[AddSpan, RemoveSpan, ReplaceSpan, SetStatus, Batch], Field(discriminator="op")]
Batch.model_rebuild()
# Built on first use (journal, tests), not at start-up.
EDIT_ADAPTER: TypeAdapter[Edit] = TypeAdapter(Edit, config=ConfigDict(defer_build=True))


def update_span(span: Span, **fields: object) -> ReplaceSpan:
    """Change a span's attributes (actor link, claim attributes, date value), validated."""
    return ReplaceSpan(old=span, new=Span.model_validate({**span.model_dump(), **fields}))


def rebase(edit: ReplaceSpan, current: Span) -> ReplaceSpan:
    """``edit`` made against a stale copy of a span, re-applied to the ``current`` one.

    Only the fields the edit changed are carried over (inside claim attributes too),
    so a panel that showed an older version can never undo newer links.
    """
    if edit.old == current:
        return edit
    updates: dict[str, object] = {}
    for name in Span.model_fields:
        before, after = getattr(edit.old, name), getattr(edit.new, name)
        if before == after:
            continue
        if name == "claim" and after is not None and current.claim is not None:
            base = before if before is not None else ClaimAttributes()
            changed = {field: getattr(after, field) for field in ClaimAttributes.model_fields if getattr(base, field) != getattr(after, field)}
            after = current.claim.model_copy(update=changed)
        updates[name] = after
    return ReplaceSpan(old=current, new=Span.model_validate({**dict(current), **updates}))


def remove_with_links(annotations: AnnotationSet, span: Span) -> RemoveSpan | Batch:
    """Remove ``span`` and, in the same step, every claim link that points at it."""
    unlinks: list[Edit] = []
    for other in annotations.linking_to(span.id):
        claim = other.claim
        assert claim is not None
        changes: dict[str, object] = {}
        for role in ("claimant", "target"):
            ref = getattr(claim, role)
            if ref is not None and ref.span_id == span.id:
                changes[role] = None
        if claim.date_span_id == span.id:
            changes["date_span_id"] = None
        unlinks.append(ReplaceSpan(old=other, new=other.model_copy(update={"claim": claim.model_copy(update=changes)})))
    if not unlinks:
        return RemoveSpan(span=span)
    return Batch(edits=(*unlinks, RemoveSpan(span=span)), label=f"Remove {span.label} “{_short(span.text)}” and {len(unlinks)} link(s) to it")


def relabel_with_links(annotations: AnnotationSet, span: Span, label: str, scheme: LabelScheme) -> ReplaceSpan | Batch:
    """Relabel ``span``, dropping what no longer fits its new kind, in one step.

    An actor keeps its registry link only as an actor, a claim its attributes only
    as a claim, a date its value only as a date; claims that link to the span in a
    role its new kind cannot fill (claimant or target need an actor, the date a
    date) lose that link, so no file ever holds a link of the wrong kind.
    """
    kind = scheme.kind_of(label)
    changes: dict[str, object] = {"label": label}
    if kind is not LabelKind.ACTOR:
        changes["actor_id"] = None
    if kind is not LabelKind.CLAIM:
        changes["claim"] = None
    if kind is not LabelKind.DATE:
        changes["timex"] = None
    main = ReplaceSpan(old=span, new=Span.model_validate({**span.model_dump(), **changes}))
    unlinks: list[Edit] = []
    for other in annotations.linking_to(span.id):
        claim = other.claim
        if other.id == span.id or claim is None:
            continue
        drop: dict[str, object] = {}
        for role in ("claimant", "target"):
            ref = getattr(claim, role)
            if ref is not None and ref.span_id == span.id and kind is not LabelKind.ACTOR:
                drop[role] = None
        if claim.date_span_id == span.id and kind is not LabelKind.DATE:
            drop["date_span_id"] = None
        if drop:
            unlinks.append(ReplaceSpan(old=other, new=other.model_copy(update={"claim": claim.model_copy(update=drop)})))
    if not unlinks:
        return main
    return Batch(edits=(*unlinks, main), label=f"Relabel “{_short(span.text)}” as {label} and drop {len(unlinks)} link(s)")


def relabel(span: Span, label: str) -> ReplaceSpan:
    # Not model_copy(update=...): that skips validation and would let an unsafe label into the file.
    return ReplaceSpan(old=span, new=Span.model_validate({**span.model_dump(), "label": label}))


def resize(annotations: AnnotationSet, span: Span, start: int, end: int) -> ReplaceSpan:
    return ReplaceSpan(old=span, new=annotations.make_span(start, end, span.label, span_id=span.id))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
