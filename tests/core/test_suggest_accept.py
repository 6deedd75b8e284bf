"""Accepting suggestions: spans with their links and values, in one undoable batch."""

from __future__ import annotations

import datetime

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.model import Actor, ClaimForm, Document, LabelScheme, Span, validate_annotations
from annotator.core.suggest import SuggestContext, make_recommenders, suggest_document
from annotator.core.suggest.accept import accept, accepted_claim_id, linked_places, of_kind, with_selected_extent

TEXT = 'The Kremlin said Friday it had not received official confirmation. "We will ask them soon," Peskov said.'
REGISTRY = ActorRegistry([Actor(id="kremlin", name="Kremlin"), Actor(id="peskov", name="Dmitry Peskov", aliases=("Peskov",))])
SCHEME = LabelScheme.default()


def setup() -> tuple[AnnotationSet, list]:
    document = Document.create("d", TEXT)
    annotations = AnnotationSet(document)
    found = suggest_document(document, SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23)), make_recommenders())
    return annotations, found


def test_accepting_a_claim_creates_its_claimant_and_date_spans_and_undo_removes_all() -> None:
    annotations, found = setup()
    claim = next(s for s in found if s.kind.value == "claims" and s.text.startswith("it had"))
    batch, left_out = accept([claim], annotations, SCHEME, actor_ids=REGISTRY.ids())
    assert left_out == [] and batch is not None
    batch.apply(annotations)
    spans = {s.text: s for s in annotations.spans()}
    made = spans["it had not received official confirmation"]
    assert made.claim is not None and made.claim.form is ClaimForm.INDIRECT_SPEECH
    assert annotations.get(made.claim.claimant.span_id).actor_id == "kremlin"
    assert annotations.get(made.claim.date_span_id).timex.value == "2024-02-23"
    assert validate_annotations(annotations.document, annotations.snapshot("a"), SCHEME, REGISTRY.ids()) == []
    batch.inverse().apply(annotations)
    assert annotations.spans() == []


def test_a_claim_suggestion_shows_where_its_claimant_and_date_are_with_the_labels_they_would_get() -> None:
    annotations, found = setup()
    claim = next(s for s in found if s.kind.value == "claims" and s.text.startswith("it had"))
    places = linked_places(claim, SCHEME)
    assert [(TEXT[start:end], label) for start, end, label in places] == [("Kremlin", "actor"), ("Friday", "date")]
    # What accepting it makes is exactly there.
    batch, _ = accept([claim], annotations, SCHEME, actor_ids=REGISTRY.ids())
    batch.apply(annotations)
    assert sorted((s.start, s.end, s.label) for s in annotations.spans() if s.claim is None) == sorted(places)
    # Nothing for a date or an actor suggestion, nor for a scheme that has no actor label.
    assert all(linked_places(s, SCHEME) == [] for s in found if s.kind.value != "claims")
    no_actors = LabelScheme(labels=[label for label in SCHEME.labels if label.name != "actor"])
    assert [label for _, _, label in linked_places(claim, no_actors)] == ["date"]


def test_accept_all_of_a_kind_reuses_spans_and_is_one_batch() -> None:
    annotations, found = setup()
    AddSpan(span=Span(id="s1", start=4, end=11, label="actor", text="Kremlin", actor_id="kremlin")).apply(annotations)
    batch, _ = accept(of_kind(found, "actors"), annotations, SCHEME)
    assert batch is not None and batch.label == "Accept 2 suggestions"
    assert [edit.span.text for edit in batch.edits] == ["Peskov"]  # the coder's Kremlin span is kept, not doubled
    batch.apply(annotations)
    assert [(s.text, s.actor_id) for s in annotations.spans()] == [("Kremlin", "kremlin"), ("Peskov", "peskov")]
    claims, _ = accept(of_kind(found, "claims"), annotations, SCHEME)
    claims.apply(annotations)
    assert len([s for s in annotations.spans() if s.label == "actor"]) == 2  # the claimants reuse the accepted mentions
    ids = [s.id for s in annotations.spans()]
    assert len(ids) == len(set(ids))


def test_a_stale_suggestion_is_left_out() -> None:
    annotations, found = setup()
    stale = found[0].model_copy(update={"text": "something else"})
    batch, left_out = accept([stale], annotations, SCHEME)
    assert batch is None and left_out == [stale]


def test_paragraph_of_is_the_line_holding_the_offset() -> None:
    from annotator.core.suggest.accept import paragraph_of

    text = "Title\n\nFirst paragraph here.\nSecond one"
    assert paragraph_of(text, 0) == (0, 5)
    assert paragraph_of(text, 10) == (7, 28)
    assert paragraph_of(text, len(text) - 1) == (29, len(text))
    assert paragraph_of("one long paragraph", 5) == (0, 18)


def test_a_selection_over_a_suggestion_gives_its_extent_snapped_to_words_and_keeps_the_rest() -> None:
    _annotations, found = setup()
    claim = next(s for s in found if s.kind.value == "claims" and s.text.startswith("it had"))
    start = TEXT.index("received")
    moved = with_selected_extent(claim, TEXT, (start + 2, TEXT.index("confirmation") + 3))  # mid-word both ends
    assert (moved.start, moved.end, moved.text) == (start, TEXT.index(".", start), "received official confirmation")
    assert moved.model_dump(exclude={"start", "end", "text"}) == claim.model_dump(exclude={"start", "end", "text"})
    assert with_selected_extent(claim, TEXT, None) is claim
    assert with_selected_extent(claim, TEXT, (0, 3)) is claim  # "The": elsewhere
    assert with_selected_extent(claim, TEXT, (claim.start, claim.end)) is claim


def test_the_claim_an_accepted_suggestion_became_is_found_by_label_and_extent() -> None:
    annotations, found = setup()
    claim = next(s for s in found if s.kind.value == "claims" and s.text.startswith("it had"))
    actor = next(s for s in found if s.kind.value == "actors")
    assert accepted_claim_id(claim, annotations) is None
    batch, _ = accept([claim], annotations, SCHEME, actor_ids=REGISTRY.ids())
    batch.apply(annotations)
    made = next(s for s in annotations.spans() if s.label == "claim")
    assert accepted_claim_id(claim, annotations) == made.id
    assert accepted_claim_id(actor, annotations) is None  # only claims
