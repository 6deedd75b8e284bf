"""Curation edits (take, merge, edit, reject, accept agreements) and the store's curated-coder view."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.annotations import AnnotationSet
from annotator.core.curation import accept_agreements, edit, group_spans, is_agreed, merge, reject, take
from annotator.core.model import ActorRef, ClaimAttributes, Document, LabelScheme, Span, Stance
from annotator.core.storage import Fingerprint, ReadOnlyError, create_project, open_project

TEXT = "Pashinyan said Friday that Armenia froze its participation."
SCHEME = LabelScheme.default()


def _at(needle: str, label: str, span_id: str, **fields: object) -> Span:
    start = TEXT.index(needle)
    return Span(id=span_id, start=start, end=start + len(needle), label=label, text=needle, **fields)


@pytest.fixture
def document() -> Document:
    return Document.create("d1", TEXT)


def _coders() -> dict[str, list[Span]]:
    claim = ClaimAttributes(claimant=ActorRef(span_id="x1"), date_span_id="x2", stance=Stance.OPPOSES, topic="CSTO")
    ann = [_at("Pashinyan", "actor", "x1", actor_id="a1"), _at("Friday", "date", "x2"), _at("Armenia froze its participation", "claim", "x3", claim=claim)]
    ben = [
        _at("Pashinyan", "actor", "y1", actor_id="a1"),
        _at("Armenia froze", "claim", "y3", claim=ClaimAttributes(stance=Stance.SUPPORTS)),
        _at("Armenia", "actor", "y4"),
    ]
    return {"ann": ann, "ben": ben}


def test_groups_and_agreement(document: Document) -> None:
    groups = group_spans(_coders())
    # Pashinyan (both), Friday (ann), the claims (overlapping), Armenia (ben's actor).
    assert [(g.label, [c for c, _ in g.spans]) for g in groups] == [("actor", ["ann", "ben"]), ("date", ["ann"]), ("claim", ["ann", "ben"]), ("actor", ["ben"])]
    assert [is_agreed(g, ["ann", "ben"], SCHEME) for g in groups] == [True, False, False, False]


def test_take_a_claim_brings_its_links_and_undoes_exactly(document: Document) -> None:
    coders = _coders()
    gold = AnnotationSet(document)
    groups = group_spans(coders)
    accept_agreements(groups, ["ann", "ben"], gold, SCHEME, {c: {s.id: s for s in spans} for c, spans in coders.items()}).apply(gold)
    assert [s.text for s in gold.spans()] == ["Pashinyan"]
    step = take(groups[2], "ann", gold, {s.id: s for s in coders["ann"]})
    step.apply(gold)
    claim = next(s for s in gold.spans() if s.label == "claim")
    # The claimant points at the Pashinyan already curated (no second copy); Friday came along.
    assert [s.text for s in gold.spans()] == ["Pashinyan", "Friday", "Armenia froze its participation"]
    assert gold.get(claim.claim.claimant.span_id).text == "Pashinyan" and gold.get(claim.claim.date_span_id).text == "Friday"
    step.inverse().apply(gold)
    assert [s.text for s in gold.spans()] == ["Pashinyan"]


def test_take_the_other_side_replaces_and_reject_removes_with_links(document: Document) -> None:
    coders = _coders()
    gold = AnnotationSet(document)
    groups = group_spans(coders)
    take(groups[2], "ann", gold, {s.id: s for s in coders["ann"]}).apply(gold)
    take(groups[2], "ben", gold, {s.id: s for s in coders["ben"]}).apply(gold)
    claims = [s for s in gold.spans() if s.label == "claim"]
    assert [c.text for c in claims] == ["Armenia froze"] and claims[0].claim.stance is Stance.SUPPORTS
    # Rejecting Pashinyan drops the links to it in the same step.
    take(groups[2], "ann", gold, {s.id: s for s in coders["ann"]}).apply(gold)
    reject(groups[0], gold).apply(gold)
    claim = next(s for s in gold.spans() if s.label == "claim")
    assert claim.claim.claimant is None and claim.claim.date_span_id is not None


def test_merge_takes_the_union_and_fills_attributes(document: Document) -> None:
    coders = _coders()
    gold = AnnotationSet(document)
    groups = group_spans(coders)
    merge(groups[2], gold, {c: {s.id: s for s in spans} for c, spans in coders.items()}).apply(gold)
    claim = next(s for s in gold.spans() if s.label == "claim")
    assert claim.text == "Armenia froze its participation" and claim.claim.stance is Stance.OPPOSES
    assert gold.get(claim.claim.claimant.span_id).text == "Pashinyan"


def test_edit_resizes_and_relabels_dropping_wrong_links(document: Document) -> None:
    coders = _coders()
    gold = AnnotationSet(document)
    groups = group_spans(coders)
    take(groups[2], "ann", gold, {s.id: s for s in coders["ann"]}).apply(gold)
    friday = next(s for s in gold.spans() if s.text == "Friday")
    edit(groups[1], gold, friday.start, friday.end, "actor", SCHEME).apply(gold)
    claim = next(s for s in gold.spans() if s.label == "claim")
    assert gold.get(friday.id).label == "actor" and claim.claim.date_span_id is None
    start = TEXT.index("froze")
    edit(groups[2], gold, start, claim.end, "claim", SCHEME).apply(gold)
    assert gold.get(claim.id).text == "froze its participation" and gold.get(claim.id).claim.stance is Stance.OPPOSES
    assert edit(groups[3], gold, 0, 3, "actor", SCHEME) is None  # nothing curated there


def test_the_curated_coder_writes_under_the_windows_hold(tmp_path: Path, document: Document) -> None:
    with create_project(tmp_path / "p", annotator="ann") as project:
        project.add_documents([document])
        gold = project.as_annotator("gold")
        assert gold.writable and gold.annotator == "gold"
        gold.save_annotations(AnnotationSet(document, [_at("Pashinyan", "actor", "g1")]).snapshot("gold"), Fingerprint(None))
        gold.close()
        assert project.writable  # closing the view released nothing
        assert open_project(tmp_path / "p", read_only=True).annotators() == ["gold"]
        project.set_blind(True)
        assert open_project(tmp_path / "p", read_only=True).settings.blind is True
    with open_project(tmp_path / "p", read_only=True) as reader:
        assert not reader.as_annotator("gold").writable
        with pytest.raises(ReadOnlyError):
            reader.set_blind(False)
