from __future__ import annotations

from annotator.core.actors import ActorRegistry, merge, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, update_span
from annotator.core.model import ActorRef, ActorType, ClaimAttributes, Document, TimexValue
from annotator.core.summaries import span_summary

TEXT = "Pashinyan told France 24 on Friday that Armenia froze it."


def test_summaries_name_actors_claimants_targets_and_dates() -> None:
    registry = ActorRegistry()
    person = new_actor(registry, "Nikol Pashinyan", ActorType.PERSON)
    person.apply(registry)
    media = new_actor(registry, "France 24", ActorType.MEDIA)
    media.apply(registry)
    annotations = AnnotationSet(Document.create("d", TEXT))
    speaker = annotations.make_span(0, 9, "actor").model_copy(update={"actor_id": person.actor.id})
    AddSpan(span=speaker).apply(annotations)
    friday = annotations.make_span(28, 34, "date").model_copy(update={"timex": TimexValue(type="DATE", value="2024-02-23")})
    AddSpan(span=friday).apply(annotations)
    claim = annotations.make_span(0, len(TEXT) - 1, "claim")
    AddSpan(span=claim).apply(annotations)
    update_span(claim, claim=ClaimAttributes(claimant=ActorRef(span_id=speaker.id), target=ActorRef(actor_id=media.actor.id), date_span_id=friday.id)).apply(
        annotations
    )
    assert span_summary(annotations.get(speaker.id), annotations, registry) == "→ Nikol Pashinyan"
    assert span_summary(annotations.get(friday.id), annotations, registry) == "2024-02-23"
    assert span_summary(annotations.get(claim.id), annotations, registry) == "by Nikol Pashinyan to France 24 on 2024-02-23"
    # A merge renames what the mention stands for.
    armenia = new_actor(registry, "Armenian government", ActorType.STATE)
    armenia.apply(registry)
    merge(registry, registry.get(person.actor.id), registry.get(armenia.actor.id)).apply(registry)
    assert span_summary(annotations.get(speaker.id), annotations, registry) == "→ Armenian government"
