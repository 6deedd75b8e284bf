"""Searching coded spans across the corpus: each criterion, their combinations, emoji offsets,
claims without a date, unknown actors; read through the store as the Analysis dock reads them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from annotator.core.actors import ActorRegistry
from annotator.core.analysis.corpus import catalog_items
from annotator.core.codebook import Codebook
from annotator.core.model import (
    Actor,
    ActorRef,
    ActorType,
    AnnotationFile,
    ArticleMetadata,
    ClaimAttributes,
    Document,
    Span,
    Stance,
    TimexValue,
    Topic,
)
from annotator.core.search.annotations import AnnotationQuery, AnnotationQueryError, in_context, search_annotations
from annotator.core.storage import FolderProject
from annotator.core.storage.base import Fingerprint

# Flags and a ZWJ family before the spans: offsets are code points (a flag is two, the family five).
FIRST = "🇦🇲 👨‍👩‍👧 Nikol Pashinyan said on 3 May 2024 that Armenia would leave the CSTO. Lavrov said Moscow disagreed."
SECOND = "The EU backed talks on 1 June 2025. Pashinyan welcomed the EU talks; Sergei Lavrov warned against them."
ACTORS = (
    Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON, aliases=("Pashinyan",)),
    Actor(id="a2", name="Sergei Lavrov", type=ActorType.PERSON),
    Actor(id="a3", name="European Union", type=ActorType.ORGANISATION, aliases=("EU",)),
    Actor(id="a9", name="Lavrov (old entry)", type=ActorType.PERSON, merged_into="a2"),
)
TOPICS = (Topic(id="t1", name="CSTO membership", aliases=("leaving the CSTO",)), Topic(id="t2", name="EU talks"))
CLAIMS = {"claim"}


def at(text: str, needle: str, span_id: str, label: str, nth: int = 0, **fields: object) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(id=span_id, start=start, end=start + len(needle), label=label, text=needle, **fields)


def first_spans() -> list[Span]:
    return [
        at(FIRST, "Nikol Pashinyan", "m1", "actor", actor_id="a1"),
        at(FIRST, "3 May 2024", "d1", "date", timex=TimexValue(type="DATE", value="2024-05-03")),
        at(
            FIRST,
            "Armenia would leave the CSTO",
            "c1",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="m1"), date_span_id="d1", stance=Stance.SUPPORTS, topic="leaving the  CSTO"),
        ),
        at(FIRST, "Lavrov", "m2", "actor", actor_id="a9"),  # linked to the merged entry: counts as Sergei Lavrov
        at(FIRST, "Moscow disagreed", "c2", "claim", claim=ClaimAttributes(claimant=ActorRef(span_id="m2"), stance=Stance.OPPOSES, topic="CSTO membership")),
    ]


def second_spans() -> list[Span]:
    return [
        at(SECOND, "EU", "m1", "actor", actor_id="a3"),
        at(SECOND, "1 June 2025", "d1", "date", timex=TimexValue(type="DATE", value="2025-06-01")),
        at(
            SECOND,
            "backed talks",
            "c1",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="m1"), date_span_id="d1", stance=Stance.SUPPORTS, topic="EU talks"),
        ),
        at(SECOND, "Pashinyan", "m2", "actor"),  # not linked
        at(
            SECOND,
            "welcomed the EU talks",
            "c2",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="m2"), target=ActorRef(actor_id="a3"), date_span_id="d1", stance=Stance.SUPPORTS, topic="eu talks"),
        ),
        at(SECOND, "warned against them", "c3", "claim", claim=ClaimAttributes(claimant=ActorRef(actor_id="a2"), stance=Stance.OPPOSES, topic="EU talks")),
    ]


def corpus():  # noqa: ANN201
    """Two coded articles and one never opened, read with the analysis's own catalog loop."""
    documents = [
        Document.create("first", FIRST, metadata=ArticleMetadata(date=datetime.date(2024, 5, 4))),
        Document.create("second", SECOND, metadata=ArticleMetadata(date=datetime.date(2025, 6, 2))),
        Document.create("third", "Nothing coded here."),
    ]
    files = [
        (doc.id, AnnotationFile(document_id=doc.id, annotator="maria", text_sha256=doc.text_sha256, spans=tuple(spans)).model_dump_json().encode())
        for doc, spans in zip(documents, (first_spans(), second_spans()))
    ]
    items, problems = catalog_items([(doc.id, doc.metadata.date) for doc in documents], files, {})
    assert problems == []
    return items


def run(**criteria: object) -> list[tuple[str, str]]:
    found = search_annotations(corpus(), AnnotationQuery(**criteria), ActorRegistry(ACTORS), CLAIMS, Codebook(TOPICS))
    assert found.problems == ()
    return [(hit.document_id, hit.span_id) for hit in found.hits]


def test_an_empty_query_finds_nothing() -> None:
    assert run() == []


def test_by_label_in_corpus_then_text_order() -> None:
    assert run(label="actor") == [("first", "m1"), ("first", "m2"), ("second", "m1"), ("second", "m2")]
    assert run(label="date") == [("first", "d1"), ("second", "d1")]


def test_by_text_substring_ignoring_case_or_by_regular_expression() -> None:
    assert run(text="pashinyan") == [("first", "m1"), ("second", "m2")]
    assert run(text="EU TALKS") == [("second", "c2")]
    assert run(text=r"^\d+ \w+ 20\d\d$", regex=True) == [("first", "d1"), ("second", "d1")]
    with pytest.raises(AnnotationQueryError, match="not a regular expression"):
        run(text="(unclosed", regex=True)


def test_by_linked_actor_by_name_or_alias_following_merges() -> None:
    # Pashinyan: his linked mention, and the claim he makes through it; the unlinked "Pashinyan" is not his.
    assert run(actor="pashinyan") == [("first", "m1"), ("first", "c1")]
    # Lavrov through his merged entry's mention, and the claim with him as registry claimant.
    assert run(actor="Sergei Lavrov") == [("first", "m2"), ("first", "c2"), ("second", "c3")]
    # The EU as the claimant of one claim and the target of another.
    assert run(actor="eu") == [("second", "m1"), ("second", "c1"), ("second", "c2")]


def test_by_claimant_stance_and_topic_hold_for_claims_only() -> None:
    # The first article's claimant mention is linked to Lavrov's merged entry, the second's claim names him.
    assert run(claimant="sergei lavrov") == [("first", "c2"), ("second", "c3")]
    assert run(stance=Stance.OPPOSES) == [("first", "c2"), ("second", "c3")]
    # The topic by name or codebook alias, ignoring case and spacing.
    assert run(topic="leaving the CSTO") == [("first", "c1"), ("first", "c2")]
    assert run(topic="eu  TALKS") == [("second", "c1"), ("second", "c2"), ("second", "c3")]
    assert run(topic="no such topic") == []


def test_by_the_claims_own_date_range_and_claims_without_a_date() -> None:
    assert run(since="2024", until="2024") == [("first", "c1")]
    assert run(since="2025-06") == [("second", "c1"), ("second", "c2")]
    assert run(until="2024-05-02") == []
    # Claims without a linked date (c2 in the first article, c3 in the second) are left out of a
    # range, even though their articles have dates, unless asked for.
    assert run(since="2024", until="2025", undated=True) == [("first", "c1"), ("first", "c2"), ("second", "c1"), ("second", "c2"), ("second", "c3")]
    with pytest.raises(AnnotationQueryError, match="not a date"):
        run(since="May 2024")


def test_criteria_combine() -> None:
    assert run(topic="EU talks", stance=Stance.SUPPORTS, since="2025") == [("second", "c1"), ("second", "c2")]
    assert run(topic="EU talks", stance=Stance.SUPPORTS, actor="European Union") == [("second", "c1"), ("second", "c2")]
    assert run(topic="EU talks", claimant="European Union") == [("second", "c1")]
    assert run(label="actor", text="lavrov", actor="Sergei Lavrov") == [("first", "m2")]
    assert run(label="date", stance=Stance.SUPPORTS) == []


def test_words_of_one_actors_name_find_it_and_words_of_several_say_so() -> None:
    assert run(claimant="lavrov") == run(claimant="Sergei Lavrov")  # "Lavrov" is in one active actor's name
    assert run(actor="nikol") == run(actor="Nikol Pashinyan")
    registry = ActorRegistry((*ACTORS, Actor(id="a4", name="Sergei Shoigu", type=ActorType.PERSON)))
    found = search_annotations(corpus(), AnnotationQuery(actor="Sergei"), registry, CLAIMS)
    assert found.hits == () and "several actors" in found.problems[0] and "Sergei Lavrov" in found.problems[0]
    assert search_annotations(corpus(), AnnotationQuery(actor="Lavr"), registry, CLAIMS).hits == ()  # whole words only


def test_unknown_actor_or_claimant_finds_nothing_and_says_why() -> None:
    registry = ActorRegistry(ACTORS)
    for query in (AnnotationQuery(actor="Macron"), AnnotationQuery(claimant="Macron", topic="EU talks")):
        found = search_annotations(corpus(), query, registry, CLAIMS)
        assert found.hits == ()
        assert len(found.problems) == 1 and "Macron" in found.problems[0] and "registry" in found.problems[0]


def test_hit_columns_and_emoji_offsets_in_context() -> None:
    found = search_annotations(corpus(), AnnotationQuery(label="claim"), ActorRegistry(ACTORS), CLAIMS, Codebook(TOPICS))
    hits = {(hit.document_id, hit.span_id): hit for hit in found.hits}
    first = hits["first", "c1"]
    assert (first.claimant, first.stance, first.topic, first.date) == ("Nikol Pashinyan", Stance.SUPPORTS, "leaving the CSTO", "2024-05-03")
    assert hits["first", "c2"].claimant == "Sergei Lavrov" and hits["first", "c2"].date == ""
    assert hits["second", "c2"].claimant == "Pashinyan"  # an unlinked claimant mention: its text
    # 2 (flag) + 1 + 5 (ZWJ family) + 1 code points come before "Nikol".
    mention = search_annotations(corpus(), AnnotationQuery(text="nikol"), ActorRegistry(ACTORS), CLAIMS).hits[0]
    assert (mention.start, mention.end, mention.actor) == (9, 24, "Nikol Pashinyan")
    assert FIRST[mention.start : mention.end] == "Nikol Pashinyan"
    before, match, after = in_context(mention, FIRST)
    assert before == "🇦🇲 👨‍👩‍👧 " and match == "Nikol Pashinyan" and after.startswith(" said on 3 May 2024")
    # A text that no longer holds the span there: the span's own text only.
    assert in_context(mention, "x" * 40) == ("", "Nikol Pashinyan", "")


def test_the_limit_cuts_and_says_so() -> None:
    found = search_annotations(corpus(), AnnotationQuery(label="actor"), ActorRegistry(ACTORS), CLAIMS, limit=3)
    assert len(found.hits) == 3 and found.truncated


def test_read_through_the_store_with_a_file_that_fails_validation(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with FolderProject.create(root, "search") as store:
        store.save_registry(ACTORS)
        first_id, second_id = (entry.id for entry in store.add_documents([Document.create("first", FIRST), Document.create("second", SECOND)]))
        for doc_id, spans in ((first_id, first_spans()), (second_id, second_spans())):
            document = store.load_document(doc_id)
            store.save_annotations(
                AnnotationFile(document_id=doc_id, annotator=store.annotator, text_sha256=document.text_sha256, spans=tuple(spans)), Fingerprint(None)
            )
        next((root / "annotations").rglob(f"{second_id}.json")).write_text('{"spans": 3}', encoding="utf-8")
        items, problems = catalog_items([(e.id, e.date) for e in store.documents()], store.iter_annotation_files(), {})
    found = search_annotations(items, AnnotationQuery(actor="Nikol Pashinyan"), ActorRegistry(ACTORS), CLAIMS)
    assert [(hit.document_id, hit.span_id) for hit in found.hits] == [(first_id, "m1"), (first_id, "c1")]
    assert len(problems) == 1 and second_id in problems[0]
