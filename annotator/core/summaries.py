"""One-line descriptions of what a span links to, for lists and exports."""

from __future__ import annotations

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationSet
from annotator.core.model import ActorRef, Span


def _actor_name(ref_actor_id: str | None, registry: ActorRegistry) -> str | None:
    actor = registry.resolve(ref_actor_id)
    return actor.name if actor else None


def who(ref: ActorRef, annotations: AnnotationSet, registry: ActorRegistry) -> str:
    """The name behind an actor reference: the registry actor of a mention, else its text."""
    if ref.span_id is not None:
        mention = annotations.get(ref.span_id)
        if mention is None:
            return "?"
        return _actor_name(mention.actor_id, registry) or " ".join(mention.text.split())
    return _actor_name(ref.actor_id, registry) or "?"


def span_summary(span: Span, annotations: AnnotationSet, registry: ActorRegistry) -> str:
    """An actor's registry name, a claim's claimant and date, or a date's value."""
    if span.actor_id is not None:
        name = _actor_name(span.actor_id, registry)
        return f"→ {name}" if name else f"→ ? {span.actor_id}"
    if span.timex is not None:
        return span.timex.value + (f" ({span.timex.mod})" if span.timex.mod else "")
    if span.claim is not None:
        parts = []
        if span.claim.claimant is not None:
            parts.append(f"by {who(span.claim.claimant, annotations, registry)}")
        if span.claim.target is not None:
            parts.append(f"to {who(span.claim.target, annotations, registry)}")
        date_span = annotations.get(span.claim.date_span_id or "")
        if date_span is not None:
            parts.append(f"on {date_span.timex.value if date_span.timex else date_span.text}")
        return " ".join(parts)
    return ""
