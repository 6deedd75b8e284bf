"""Edits that keep claim links consistent: rebasing a stale edit, relabelling a linked span."""

from __future__ import annotations

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, rebase, relabel_with_links, update_span
from annotator.core.model import ActorRef, ClaimAttributes, Document, LabelScheme, Stance, TimexValue

TEXT = "Pashinyan said on Friday that Armenia froze its participation."


def linked_claim() -> tuple[AnnotationSet, str, str, str]:
    annotations = AnnotationSet(Document.create("d", TEXT))
    actor = annotations.make_span(0, 9, "actor")
    AddSpan(span=actor).apply(annotations)
    date = annotations.make_span(18, 24, "date").model_copy(update={"timex": TimexValue(type="DATE", value="2024-02-23")})
    AddSpan(span=date).apply(annotations)
    claim = annotations.make_span(0, len(TEXT) - 1, "claim")
    AddSpan(span=claim).apply(annotations)
    return annotations, actor.id, date.id, claim.id


def test_a_stale_edit_keeps_the_links_made_since() -> None:
    annotations, actor, date, claim = linked_claim()
    stale = annotations.get(claim)
    update_span(stale, claim=ClaimAttributes(claimant=ActorRef(span_id=actor), date_span_id=date)).apply(annotations)
    # A panel still showing the unlinked claim sets the stance.
    stance_edit = update_span(stale, claim=ClaimAttributes(stance=Stance.OPPOSES))
    rebased = rebase(stance_edit, annotations.get(claim))
    rebased.apply(annotations)
    result = annotations.get(claim).claim
    assert (result.stance, result.claimant.span_id, result.date_span_id) == (Stance.OPPOSES, actor, date)
    rebased.inverse().apply(annotations)
    assert annotations.get(claim).claim.stance is None and annotations.get(claim).claim.claimant.span_id == actor


def test_rebase_of_a_current_edit_is_the_edit() -> None:
    annotations, _actor, _date, claim = linked_claim()
    edit = update_span(annotations.get(claim), claim=ClaimAttributes(topic="CSTO membership"))
    assert rebase(edit, annotations.get(claim)) is edit


def test_relabelling_a_linked_span_drops_only_the_links_it_can_no_longer_fill() -> None:
    annotations, actor, date, claim = linked_claim()
    update_span(annotations.get(claim), claim=ClaimAttributes(claimant=ActorRef(span_id=actor), date_span_id=date)).apply(annotations)
    edit = relabel_with_links(annotations, annotations.get(date), "actor", LabelScheme.default())
    edit.apply(annotations)
    assert annotations.get(date).timex is None and annotations.get(date).label == "actor"
    assert annotations.get(claim).claim.date_span_id is None and annotations.get(claim).claim.claimant.span_id == actor
    edit.inverse().apply(annotations)
    assert annotations.get(claim).claim.date_span_id == date and annotations.get(date).timex.value == "2024-02-23"
