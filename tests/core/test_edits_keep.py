"""Resize and relabel keep what a span carries; every edit describes what it did."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, date_value, relabel_with_links, resize, update_span
from annotator.core.model import (
    ActorRef,
    ArticleMetadata,
    ClaimAttributes,
    ClaimForm,
    Document,
    LabelDefinition,
    LabelKind,
    LabelScheme,
    Stance,
    TimexValue,
)

TEXT = "Pashinyan said on Friday that Armenia had frozen its participation in the CSTO last year."
SCHEME = LabelScheme.default()
# Two labels of each kind: a relabel within a kind must keep everything.
WIDE = LabelScheme(
    labels=(
        *SCHEME.labels,
        LabelDefinition(name="person", colour="#123456", hotkey="4", kind=LabelKind.ACTOR),
        LabelDefinition(name="demand", colour="#654321", hotkey="5", kind=LabelKind.CLAIM),
        LabelDefinition(name="when", colour="#abcdef", hotkey="6", kind=LabelKind.DATE),
        LabelDefinition(name="place", colour="#fedcba", hotkey="7", kind=LabelKind.OTHER),
    )
)


def coded() -> tuple[AnnotationSet, dict[str, str]]:
    document = Document.create("doc", TEXT, metadata=ArticleMetadata(date=datetime.date(2024, 2, 23)))
    annotations = AnnotationSet(document)
    actor = annotations.make_span(0, 9, "actor", "actor")
    date = annotations.make_span(18, 24, "date", "date")
    date = date.model_copy(update={"timex": date_value(document, 18, 24)})
    claim = annotations.make_span(30, 66, "claim", "claim")
    for span in (actor, date, claim):
        AddSpan(span=span).apply(annotations)
    update_span(actor, actor_id="a1").apply(annotations)
    attributes = ClaimAttributes(
        claimant=ActorRef(span_id="actor"),
        target=ActorRef(actor_id="a2"),
        date_span_id="date",
        stance=Stance.OPPOSES,
        topic="CSTO membership",
        form=ClaimForm.INDIRECT_SPEECH,
        note="check the quote",
    )
    update_span(claim, claim=attributes).apply(annotations)
    return annotations, {"actor": "actor", "date": "date", "claim": "claim"}


def test_the_date_fixture_has_its_value() -> None:
    annotations, _ = coded()
    assert annotations.get("date").timex == TimexValue(type="DATE", value="2024-02-23")


@settings(max_examples=150, deadline=None)
@given(which=st.sampled_from(["actor", "date", "claim"]), start=st.integers(0, len(TEXT) - 1), length=st.integers(1, 30))
def test_resize_keeps_every_attribute_and_link(which: str, start: int, length: int) -> None:
    annotations, _ = coded()
    span = annotations.get(which)
    end = min(len(TEXT), start + length)
    edit = resize(annotations, span, start, end, SCHEME)
    edit.apply(annotations)
    moved = annotations.get(which)
    assert (moved.start, moved.end, moved.text) == (start, end, TEXT[start:end])
    assert (moved.id, moved.label, moved.actor_id, moved.claim) == (span.id, span.label, span.actor_id, span.claim)
    if which == "date":
        # Re-normalised from the new text when it is a date, else kept.
        assert moved.timex == (date_value(annotations.document, start, end) or span.timex)
    else:
        assert moved.timex == span.timex
    others = [s for s in annotations.spans() if s.id != which]
    edit.inverse().apply(annotations)
    assert annotations.get(which) == span
    assert [s for s in annotations.spans() if s.id != which] == others


def test_resizing_a_date_re_normalises_its_value_in_the_same_step() -> None:
    annotations, _ = coded()
    span = annotations.get("date")
    text = TEXT
    start = text.index("last year")
    edit = resize(annotations, span, start, start + len("last year"), SCHEME)
    assert edit.new.timex == TimexValue(type="DATE", value="2023")
    assert edit.describe() == "Resize date to “last year”, date value 2023"
    # Text that is no date keeps the value the coder had.
    kept = resize(annotations, span, 0, 9, SCHEME)
    assert kept.new.timex == span.timex


@settings(max_examples=100, deadline=None)
@given(which=st.sampled_from(["actor", "date", "claim"]), label=st.sampled_from(WIDE.names()))
def test_relabel_keeps_what_the_new_kind_holds_and_says_what_it_drops(which: str, label: str) -> None:
    annotations, _ = coded()
    span = annotations.get(which)
    edit = relabel_with_links(annotations, span, label, WIDE)
    before = {s.id: s for s in annotations.spans()}
    edit.apply(annotations)
    new = annotations.get(which)
    kind = WIDE.kind_of(label)
    assert (new.start, new.end, new.text, new.label) == (span.start, span.end, span.text, label)
    assert new.actor_id == (span.actor_id if kind is LabelKind.ACTOR else None)
    assert new.claim == (span.claim if kind is LabelKind.CLAIM else None)
    assert new.timex == (span.timex if kind is LabelKind.DATE else None)
    description = edit.describe()
    for field, words in (("actor_id", "actor link"), ("claim", "claim attributes"), ("timex", "date value")):
        dropped = getattr(span, field) is not None and getattr(new, field) is None
        assert (words in description) == dropped, description
    # Other spans change only in the links that would now point at the wrong kind.
    claim = annotations.get("claim")
    for other in annotations.spans():
        if other.id in (which, "claim"):
            continue
        assert other == before[other.id]
    if which != "claim":
        old_claim = before["claim"].claim
        role_kept = kind is LabelKind.ACTOR if which == "actor" else kind is LabelKind.DATE
        expected = old_claim if role_kept else old_claim.model_copy(update={"claimant": None} if which == "actor" else {"date_span_id": None})
        assert claim.claim == expected
        assert ("link(s) to it" in description) == (not role_kept)


def test_relabelling_to_a_date_fills_its_value_in_the_same_step() -> None:
    annotations, _ = coded()
    plain = annotations.make_span(TEXT.index("last year"), TEXT.index("last year") + 9, "actor", "plain")
    AddSpan(span=plain).apply(annotations)
    edit = relabel_with_links(annotations, plain, "date", SCHEME)
    assert edit.new.timex == TimexValue(type="DATE", value="2023")


def test_update_descriptions_name_the_edit() -> None:
    annotations, _ = coded()
    claim, actor, date = annotations.get("claim"), annotations.get("actor"), annotations.get("date")
    attributes = claim.claim
    assert attributes is not None
    cases = [
        (
            update_span(claim, claim=attributes.model_copy(update={"stance": Stance.SUPPORTS})),
            "Set stance of “Armenia had frozen its participation” to supports",
        ),
        (update_span(claim, claim=attributes.model_copy(update={"topic": "EU"})), "Set topic of “Armenia had frozen its participation” to EU"),
        (update_span(claim, claim=attributes.model_copy(update={"topic": ""})), "Clear topic of “Armenia had frozen its participation”"),
        (
            update_span(claim, claim=attributes.model_copy(update={"form": ClaimForm.PARAPHRASE})),
            "Set form of “Armenia had frozen its participation” to paraphrase",
        ),
        (update_span(claim, claim=attributes.model_copy(update={"claimant": None})), "Unlink claimant of “Armenia had frozen its participation”"),
        (
            update_span(claim, claim=attributes.model_copy(update={"date_span_id": None, "claimant": None})),
            "Unlink claimant, date of “Armenia had frozen its participation”",
        ),
        (update_span(claim, claim=attributes.model_copy(update={"note": "x"})), "Edit note of “Armenia had frozen its participation”"),
        (update_span(actor, actor_id="a7"), "Link “Pashinyan” to actor a7"),
        (update_span(actor, actor_id=None), "Unlink “Pashinyan” from actor a1"),
        (update_span(date, timex=TimexValue(type="DATE", value="2024-02-22")), "Set date value of “Friday” to 2024-02-22"),
        (resize(annotations, actor, 0, 4, SCHEME), "Resize actor to “Pash”"),
    ]
    for edit, expected in cases:
        assert edit.describe() == expected
    link = update_span(claim.model_copy(update={"claim": None}), claim=ClaimAttributes(claimant=ActorRef(span_id="actor")))
    assert link.describe() == "Link claimant of “Armenia had frozen its participation”"
