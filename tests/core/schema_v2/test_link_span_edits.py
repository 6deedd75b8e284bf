"""The span edits that go with links: batches, removing a span with the links to it, validated attribute updates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import EDIT_ADAPTER, AddSpan, Batch, RemoveSpan, ReplaceSpan, SetStatus, remove_with_links, update_span
from annotator.core.model import ActorRef, ClaimAttributes, Document, DocumentStatus, Span, Stance, TimexValue
from tests.core.schema_v2.helpers import TEXT, at, full_v2_spans


def linked_set() -> tuple[AnnotationSet, dict[str, Span]]:
    annotations = AnnotationSet(Document.create("a", TEXT))
    spans = {span.id: span for span in full_v2_spans({"Nikol Pashinyan": "a1", "Dmitry Peskov": "a2", "CSTO": "a3"})}
    # A second claim that names the same claimant as its target and the same date.
    start, end = at("Armenian colleagues")
    spans["colleagues"] = Span(
        id="colleagues",
        start=start,
        end=end,
        label="claim",
        text="Armenian colleagues",
        claim=ClaimAttributes(target=ActorRef(span_id="pm"), date_span_id="friday", claimant=ActorRef(span_id="pm")),
    )
    for span in spans.values():
        annotations.add(span)
    return annotations, spans


def test_batch_applies_in_order_and_its_inverse_undoes_it() -> None:
    annotations, spans = linked_set()
    before = annotations.spans()
    start, end = at("YEREVAN")
    extra = annotations.make_span(start, end, "actor")
    batch = Batch(
        edits=(
            AddSpan(span=extra),
            update_span(extra, actor_id="a1"),
            RemoveSpan(span=spans["monday"]),
            SetStatus(old=DocumentStatus.NEW, new=DocumentStatus.DONE),
        ),
        label="several",
    )
    batch.apply(annotations)
    assert annotations.get(extra.id).actor_id == "a1"
    assert "monday" not in annotations
    assert annotations.status is DocumentStatus.DONE
    assert batch.describe() == "several"
    batch.inverse().apply(annotations)
    assert annotations.spans() == before
    assert annotations.status is DocumentStatus.NEW
    again = EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(batch))
    assert again == batch
    again.apply(annotations)
    assert annotations.get(extra.id).actor_id == "a1"


def test_remove_with_links_unlinks_claimant_target_and_date_in_one_step() -> None:
    annotations, spans = linked_set()
    before = annotations.spans()
    edit = remove_with_links(annotations, spans["pm"])
    assert isinstance(edit, Batch)
    assert sum(isinstance(e, ReplaceSpan) for e in edit.edits) == 2  # "froze" and "colleagues"
    edit.apply(annotations)
    assert "pm" not in annotations
    assert annotations.get("froze").claim.claimant is None
    assert annotations.get("froze").claim.target == ActorRef(actor_id="a3")  # untouched: not a span link
    assert annotations.get("froze").claim.date_span_id == "friday"
    assert annotations.get("froze").claim.stance is Stance.OPPOSES
    colleagues = annotations.get("colleagues").claim
    assert colleagues.claimant is None and colleagues.target is None and colleagues.date_span_id == "friday"
    assert all("pm" not in span.linked_span_ids() for span in annotations.spans())

    date_edit = remove_with_links(annotations, annotations.get("friday"))
    date_edit.apply(annotations)
    assert annotations.get("froze").claim.date_span_id is None
    assert annotations.get("colleagues").claim is None  # nothing left: a claim with no attributes is stored as none

    date_edit.inverse().apply(annotations)
    EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(edit)).inverse().apply(annotations)
    assert annotations.spans() == before


def test_remove_with_links_of_an_unlinked_span_is_a_plain_remove() -> None:
    annotations, spans = linked_set()
    edit = remove_with_links(annotations, spans["monday"])
    assert edit == RemoveSpan(span=spans["monday"])
    edit = remove_with_links(annotations, spans["froze"])  # a claim itself: nothing points at it
    assert isinstance(edit, RemoveSpan)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_remove_with_links_property(data: st.DataObject) -> None:
    """Whatever links the claims have, removing any span leaves no link to it, and undo restores all."""
    annotations = AnnotationSet(Document.create("a", TEXT))
    base = {span.id: span for span in full_v2_spans({"Nikol Pashinyan": "a1", "Dmitry Peskov": "a2", "CSTO": "a3"})}
    actors, dates = ["pm", "peskov"], ["friday", "monday"]
    maybe_actor = st.one_of(st.none(), st.sampled_from(actors).map(lambda i: ActorRef(span_id=i)), st.just(ActorRef(actor_id="a3")))
    for span in base.values():
        if span.claim is not None:
            attributes = ClaimAttributes(
                claimant=data.draw(maybe_actor), target=data.draw(maybe_actor), date_span_id=data.draw(st.one_of(st.none(), st.sampled_from(dates)))
            )
            span = Span.model_validate({**dict(span), "claim": attributes})  # validated, as edits make them
        annotations.add(span)
    before = annotations.spans()
    victim = annotations.get(data.draw(st.sampled_from(sorted(base))))
    edit = EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(remove_with_links(annotations, victim)))
    edit.apply(annotations)
    assert victim.id not in annotations
    assert all(victim.id not in span.linked_span_ids() for span in annotations.spans())
    untouched = [s for s in before if s.id != victim.id and victim.id not in s.linked_span_ids()]
    assert all(annotations.get(s.id) == s for s in untouched)
    edit.inverse().apply(annotations)
    assert annotations.spans() == before


def test_update_span_validates() -> None:
    annotations, spans = linked_set()
    friday = spans["friday"]
    with pytest.raises(ValidationError):
        update_span(friday, timex={"type": "DATE", "value": "2024-13"})
    with pytest.raises(ValidationError):
        update_span(friday, timex={"type": "DURATION", "value": "2024"})
    with pytest.raises(ValidationError):
        update_span(spans["pm"], actor_id="../escape")
    with pytest.raises(ValidationError):
        update_span(spans["froze"], claim={"claimant": {"span_id": "pm", "actor_id": "a1"}})
    with pytest.raises(ValidationError):
        update_span(friday, colour="red")  # no unknown fields
    edit = update_span(friday, timex={"type": "DATE", "value": "2024-02-24"})
    assert isinstance(edit.new.timex, TimexValue)
    edit.apply(annotations)
    assert annotations.get("friday").timex.value == "2024-02-24"
    edit.inverse().apply(annotations)
    assert annotations.get("friday") == friday
