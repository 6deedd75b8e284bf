"""The similar-claims index cache belongs to whoever runs suggestions (no process-wide one): the
caller hands it through ``SuggestContext.claim_index``, a corpus run holds its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Actor, ActorRef, AnnotationFile, ClaimAttributes, Document, Span, Stance, Topic
from annotator.core.suggest import ClaimRecommender, SuggestContext, similar_claims
from annotator.core.suggest.corpus import suggest_corpus
from annotator.core.suggest.similar_claims import ClaimTopicIndex, CodedClaimText, IndexCache
from tests.faults._support import ANNOTATOR, make_project

TOPICS = (Topic(id="t1", name="Water prices"), Topic(id="t2", name="Dam construction"))
CODED = (
    CodedClaimText("old1", "the utility's bills had doubled for every household", "mayor", "Water prices", Stance.OPPOSES),
    CodedClaimText("old2", "the reservoir wall would be finished by the spring", "utility", "Dam construction", Stance.SUPPORTS),
)
OTHER_PROJECT = (CodedClaimText("x1", "the reservoir wall bills", "someone", "Dam construction", Stance.OPPOSES),)
DOCUMENT = Document.create("d", "The mayor said households would soon pay double for their bills.")


def _run(cache: IndexCache | None, coded: tuple[CodedClaimText, ...] = CODED) -> list:
    return ClaimRecommender().suggest(DOCUMENT, SuggestContext(topics=TOPICS, coded_claims=coded, claim_index=cache))


def test_there_is_no_process_wide_cache() -> None:
    assert not hasattr(IndexCache, "shared")


def test_fresh_recommenders_reuse_the_callers_index_and_two_callers_do_not_share() -> None:
    mine, theirs = IndexCache(), IndexCache()
    [first] = _run(mine)
    [again] = _run(mine)  # a fresh recommender, as every window run makes
    assert mine.builds == 1 and first.topic == again.topic == "Water prices"
    _run(theirs, OTHER_PROJECT)
    assert (mine.builds, theirs.builds) == (1, 1)
    assert mine.for_claims(CODED, TOPICS) is not theirs.for_claims(OTHER_PROJECT, TOPICS)
    _run(None)
    _run(None)  # no cache handed: the recommender's own, nothing kept between recommenders
    assert (mine.builds, theirs.builds) == (1, 1)


def test_each_corpus_run_builds_its_own_index_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[ClaimTopicIndex] = []

    class Counting(ClaimTopicIndex):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            built.append(self)

    monkeypatch.setattr(similar_claims, "ClaimTopicIndex", Counting)
    project = make_project(tmp_path / "p")
    project.save_registry([Actor(id="pm", name="Nikol Pashinyan", aliases=("Pashinyan",))])
    project.save_codebook([Topic(id="t1", name="CSTO membership")])
    first = project.load_document("first")
    start = first.text.index("Armenia has suspended")
    end = first.text.index(", Prime Minister")
    claim = ClaimAttributes(claimant=ActorRef(actor_id="pm"), topic="CSTO membership", stance=Stance.OPPOSES)
    span = Span(id="c1", start=start, end=end, label="claim", text=first.text[start:end], claim=claim)
    expected = project.load_annotations(first).fingerprint
    project.save_annotations(AnnotationFile(document_id="first", annotator=ANNOTATOR, text_sha256=first.text_sha256, spans=(span,)), expected)
    ids = [entry.id for entry in project.documents()]
    assert len(ids) >= 2
    assert all(result.problem is None for result in suggest_corpus(project, ids, ["claims"]))
    assert len(built) == 1  # one index for the run's documents
    list(suggest_corpus(project, ids, ["claims"]))
    assert len(built) == 2  # the next run builds its own: nothing kept in the process
