"""One class per user edit of a document's annotations.

Each edit is data (so it can be journalled and replayed) with ``apply`` and
``inverse``. ``edit.inverse().apply(a)`` undoes ``edit.apply(a)`` exactly.
The GUI wraps edits in undo commands; nothing else changes an ``AnnotationSet``.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from annotator.core.annotations import AnnotationSet
from annotator.core.model import ClaimAttributes, Document, DocumentStatus, LabelKind, LabelScheme, Span, TimexValue


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
        """What the edit did, from the fields it changed (undo labels and the status bar show it)."""
        return describe_change(self.old, self.new)


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
# Batch names Edit before it exists: pydantic resolves it from this module when the first batch is
# made (deleting a span with its links), not here (a rebuild here cost 3 ms of every start).
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
        unlinks.append(ReplaceSpan(old=other, new=Span.model_validate({**dict(other), "claim": claim.model_copy(update=changes)})))
    if not unlinks:
        return RemoveSpan(span=span)
    return Batch(edits=(*unlinks, RemoveSpan(span=span)), label=f"Remove {span.label} “{_short(span.text)}” and {len(unlinks)} link(s) to it")


def relabel_with_links(annotations: AnnotationSet, span: Span, label: str, scheme: LabelScheme) -> ReplaceSpan | Batch:
    """Relabel ``span``, dropping what no longer fits its new kind, in one step.

    ``describe()`` names what was dropped; a span that becomes a date gets its value.

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
    elif span.timex is None:
        # A new date gets its value in the same step, as when it is tagged.
        changes["timex"] = date_value(annotations.document, span.start, span.end)
    main = ReplaceSpan(old=span, new=Span.model_validate({**dict(span), **changes}))
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
            unlinks.append(ReplaceSpan(old=other, new=Span.model_validate({**dict(other), "claim": claim.model_copy(update=drop)})))
    if not unlinks:
        return main
    return Batch(edits=(*unlinks, main), label=f"{main.describe()} and drop {len(unlinks)} link(s) to it")


def relabel(span: Span, label: str) -> ReplaceSpan:
    # Not model_copy(update=...): that skips validation and would let an unsafe label into the file.
    return ReplaceSpan(old=span, new=Span.model_validate({**span.model_dump(), "label": label}))


def resize(annotations: AnnotationSet, span: Span, start: int, end: int, scheme: LabelScheme | None = None) -> ReplaceSpan:
    """Move ``span`` to ``[start, end)``, keeping every attribute and link it carries.

    A date's value is re-normalised from its new text in the same step (kept as it
    was when the new text does not normalise). Without ``scheme`` a span is taken
    for a date when it has a value.
    """
    moved = annotations.make_span(start, end, span.label, span_id=span.id)
    changes: dict[str, object] = {"start": moved.start, "end": moved.end, "text": moved.text}
    is_date = scheme.kind_of(span.label) is LabelKind.DATE if scheme is not None else span.timex is not None
    if is_date:
        timex = date_value(annotations.document, moved.start, moved.end)
        if timex is not None:
            changes["timex"] = timex
    return ReplaceSpan(old=span, new=Span.model_validate({**dict(span), **changes}))


def date_value(document: Document, start: int, end: int) -> TimexValue | None:
    """The TIMEX3 value of the date expression at ``[start, end)``, resolved against the article's date.

    The one normaliser for tagged, relabelled and resized dates; None when the text is not a date.
    """
    from annotator.core.dates import normalise_span  # the finder compiles many patterns: loaded on the first date

    mention = normalise_span(document.text, start, end, document.metadata.date)
    if mention is None:
        return None
    try:
        return TimexValue(type=mention.type, value=mention.value, mod=mention.mod)
    except ValueError:
        return None


_KIND_FIELDS = {"actor_id": "actor link", "claim": "claim attributes", "timex": "date value"}
_CLAIM_FIELDS = {"claimant": "claimant", "target": "target", "date_span_id": "date", "stance": "stance", "topic": "topic", "form": "form", "note": "note"}


def dropped_fields(old: Span, new: Span) -> list[str]:
    """What ``old`` carried that ``new`` no longer does (a relabel to another kind), in words."""
    return [words for field, words in _KIND_FIELDS.items() if getattr(old, field) is not None and getattr(new, field) is None]


def describe_change(old: Span, new: Span) -> str:
    """A truthful description of replacing ``old`` by ``new``, named for what changed."""
    text = _short(new.text)
    if old.label != new.label:
        dropped = dropped_fields(old, new)
        return f"Relabel “{text}” as {new.label}" + (f" (drops its {', '.join(dropped)})" if dropped else "")
    parts: list[str] = []
    if (old.start, old.end) != (new.start, new.end):
        parts.append(f"Resize {new.label} to “{text}”")
        if new.timex is not None and new.timex != old.timex:
            parts.append(f"date value {new.timex.value}")
        return ", ".join(parts)
    if old.actor_id != new.actor_id:
        parts.append(f"Link “{text}” to actor {new.actor_id}" if new.actor_id else f"Unlink “{text}” from actor {old.actor_id}")
    if old.claim != new.claim:
        parts.append(_describe_claim_change(old.claim or ClaimAttributes(), new.claim or ClaimAttributes(), text))
    if old.timex != new.timex:
        parts.append(f"Set date value of “{text}” to {new.timex.value}" if new.timex else f"Clear date value of “{text}”")
    return "; ".join(parts) or f"Edit {new.label} “{text}”"


def _describe_claim_change(old: ClaimAttributes, new: ClaimAttributes, text: str) -> str:
    changed = [name for name in _CLAIM_FIELDS if getattr(old, name) != getattr(new, name)]
    links = [name for name in changed if name in ("claimant", "target", "date_span_id")]
    if len(changed) == 1:
        name = changed[0]
        value = getattr(new, name)
        if name in links:
            return f"Link {_CLAIM_FIELDS[name]} of “{text}”" if value is not None else f"Unlink {_CLAIM_FIELDS[name]} of “{text}”"
        if name == "note":
            return f"Edit note of “{text}”"
        shown = value.value if hasattr(value, "value") else value
        return f"Set {name} of “{text}” to {shown}" if shown else f"Clear {name} of “{text}”"
    verb = "Set"
    if changed and all(name in links for name in changed):
        verb = "Unlink" if all(getattr(new, name) is None for name in changed) else "Link"
    return f"{verb} {', '.join(_CLAIM_FIELDS[name] for name in changed)} of “{text}”"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
