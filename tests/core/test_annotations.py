"""AnnotationSet: adding, removing, replacing, querying and observing spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.annotations import SHORT_SPAN, AnnotationChange, AnnotationSet, ChangeKind, SpanError, SpanIndex
from annotator.core.model import Document, DocumentStatus, Span

#             0         1         2         3         4
#             0123456789012345678901234567890123456789012345
TEXT = "The Kremlin said Armenia froze its membership."


def make_set(text: str = TEXT) -> AnnotationSet:
    return AnnotationSet(Document.create("doc", text))


def ids(spans: list[Span]) -> list[str]:
    return [s.id for s in spans]


@pytest.fixture
def nested() -> AnnotationSet:
    """claim [0, 46) contains actor [4, 11) and overlaps date-ish [17, 30); [17, 24) is inside that."""
    annotations = make_set()
    annotations.add(annotations.make_span(0, 46, "claim", "c"))
    annotations.add(annotations.make_span(4, 11, "actor", "k"))
    annotations.add(annotations.make_span(17, 30, "claim", "f"))
    annotations.add(annotations.make_span(17, 24, "actor", "a"))
    annotations.add(annotations.make_span(25, 46, "claim", "m"))
    return annotations


# --- reading -------------------------------------------------------------------------


def test_make_span_takes_text_from_the_document() -> None:
    annotations = make_set()
    s = annotations.make_span(4, 11, "actor")
    assert (s.text, s.id) == ("Kremlin", "s1")
    assert len(annotations) == 0  # making is not adding


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 5), (0, len(TEXT) + 1), (len(TEXT), len(TEXT) + 1)])
def test_make_span_rejects_bad_ranges(start: int, end: int) -> None:
    with pytest.raises(SpanError, match="not a non-empty range inside the text"):
        make_set().make_span(start, end, "actor")


def test_overlapping_with_nested_and_overlapping_spans(nested: AnnotationSet) -> None:
    assert ids(nested.overlapping(4, 11)) == ["c", "k"]
    assert ids(nested.overlapping(11, 17)) == ["c"]  # touching ends do not overlap
    assert ids(nested.overlapping(23, 26)) == ["c", "f", "a", "m"]
    assert ids(nested.overlapping(0, 1000)) == ids(nested.spans())
    assert nested.overlapping(100, 200) == []


def test_at_returns_innermost_first(nested: AnnotationSet) -> None:
    assert ids(nested.at(20)) == ["a", "f", "c"]
    assert ids(nested.at(26)) == ["f", "m", "c"]
    assert ids(nested.at(11)) == ["c"]
    assert nested.at(46) == []


def test_spans_are_in_file_order(nested: AnnotationSet) -> None:
    assert ids(nested.spans()) == ["c", "k", "f", "a", "m"]


def test_counts_by_label_and_membership(nested: AnnotationSet) -> None:
    assert nested.counts_by_label() == {"claim": 3, "actor": 2}
    assert "k" in nested and "zz" not in nested
    assert nested.get("k") is not None and nested.get("zz") is None


def test_a_set_built_at_once_is_the_set_built_span_by_span(nested: AnnotationSet) -> None:
    at_once = AnnotationSet(nested.document, reversed(nested.spans()))
    assert at_once.spans() == nested.spans()
    assert at_once.counts_by_label() == nested.counts_by_label()
    assert at_once._index._buckets == nested._index._buckets
    for start in range(0, len(TEXT), 5):
        assert at_once.overlapping(start, start + 7) == nested.overlapping(start, start + 7)
    assert at_once.linking_to("k") == nested.linking_to("k")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "remove", "replace"]), st.sampled_from("abcd"), st.integers(0, 8), st.integers(1, 3), st.sampled_from(["actor", "claim"])
        )
    )
)
def test_holds_says_whether_some_span_has_exactly_that_place(steps: list) -> None:  # noqa: ANN001
    annotations = make_set()
    annotations.holds((0, 1, "actor"))  # asked first on an empty set, then kept current
    for action, span_id, start, length, label in steps:
        if action == "add" and span_id not in annotations:
            annotations.add(annotations.make_span(start, start + length, label, span_id))
        elif action == "remove" and span_id in annotations:
            annotations.remove(span_id)
        elif action == "replace" and span_id in annotations:
            annotations.replace(annotations.make_span(start, start + length, label, span_id))
        places = {(s.start, s.end, s.label) for s in annotations.spans()}
        for start_ in range(0, 9):
            for end in range(start_ + 1, start_ + 4):
                for label_ in ("actor", "claim"):
                    assert annotations.holds((start_, end, label_)) == ((start_, end, label_) in places)
    fresh = AnnotationSet(annotations.document, annotations.spans())  # made at the first question
    assert all(fresh.holds((s.start, s.end, s.label)) for s in annotations.spans())


def test_a_set_from_a_loaded_file_is_the_set_from_the_file(nested: AnnotationSet) -> None:
    from annotator.core.model import AnnotationFile

    snapshot = nested.snapshot("me")
    stored = AnnotationFile.model_validate_json(snapshot.model_dump_json())  # what a store hands back
    loaded, plain = AnnotationSet.from_loaded(nested.document, stored), AnnotationSet.from_file(nested.document, stored)
    assert loaded.spans() == plain.spans() == nested.spans() and loaded.status is plain.status
    assert loaded._index._buckets == plain._index._buckets and loaded.counts_by_label() == plain.counts_by_label()
    assert loaded.linking_to("k") == plain.linking_to("k") and loaded.overlapping(0, 46) == plain.overlapping(0, 46)
    assert len(AnnotationSet.from_loaded(nested.document, None)) == 0


def test_a_set_built_at_once_refuses_what_add_refuses() -> None:
    document = Document.create("doc", TEXT)
    good = Span(id="x", start=0, end=3, label="actor", text="The")
    with pytest.raises(SpanError, match="duplicate span id 'x'"):
        AnnotationSet(document, [good, good.model_copy(update={"start": 4, "end": 7, "text": "Kre"})])
    with pytest.raises(SpanError, match="does not match the text"):
        AnnotationSet(document, [good, Span(id="y", start=0, end=3, label="actor", text="Tha")])
    with pytest.raises(SpanError, match="does not match the text"):
        AnnotationSet(document, [Span(id="y", start=44, end=60, label="actor", text="p.")])  # the text matches, the end is past it


# --- changing ------------------------------------------------------------------------


def test_add_rejects_duplicates_and_mismatched_text() -> None:
    annotations = make_set()
    annotations.add(annotations.make_span(0, 3, "actor", "x"))
    with pytest.raises(SpanError, match="duplicate span id 'x'"):
        annotations.add(annotations.make_span(4, 11, "actor", "x"))
    with pytest.raises(SpanError, match="does not match the text"):
        annotations.add(Span(id="y", start=0, end=3, label="actor", text="Tha"))
    with pytest.raises(SpanError, match="does not match the text"):
        annotations.add(Span(id="y", start=40, end=60, label="actor", text="x"))
    assert ids(annotations.spans()) == ["x"]


def test_remove_and_replace_update_the_index(nested: AnnotationSet) -> None:
    removed = nested.remove("k")
    assert removed.text == "Kremlin"
    assert ids(nested.overlapping(4, 11)) == ["c"]
    with pytest.raises(SpanError, match="no span 'k'"):
        nested.remove("k")

    old = nested.replace(nested.make_span(4, 11, "actor", "a"))
    assert (old.start, old.end) == (17, 24)
    assert ids(nested.at(20)) == ["f", "c"]
    assert ids(nested.at(5)) == ["a", "c"]
    with pytest.raises(SpanError, match="no span 'zz'"):
        nested.replace(nested.make_span(0, 1, "actor", "zz"))


def test_failed_replace_changes_nothing(nested: AnnotationSet) -> None:
    before = nested.spans()
    with pytest.raises(SpanError):
        nested.replace(Span(id="k", start=4, end=11, label="actor", text="Kremlyn"))
    assert nested.spans() == before
    assert ids(nested.at(5)) == ["k", "c"]


def test_listeners_hear_every_change() -> None:
    annotations = make_set()
    heard: list[AnnotationChange] = []
    annotations.add_listener(heard.append)
    first = annotations.make_span(4, 11, "actor")
    annotations.add(first)
    wider = annotations.make_span(0, 11, "actor", first.id)
    annotations.replace(wider)
    annotations.remove(first.id)
    annotations.set_status(DocumentStatus.DONE)
    assert heard == [
        AnnotationChange(ChangeKind.ADDED, new=first),
        AnnotationChange(ChangeKind.CHANGED, old=first, new=wider),
        AnnotationChange(ChangeKind.REMOVED, old=wider),
        AnnotationChange(ChangeKind.STATUS),
    ]
    annotations.remove_listener(heard.append)
    annotations.add(first)
    assert len(heard) == 4


def test_failed_changes_are_not_announced() -> None:
    annotations = make_set()
    heard: list[AnnotationChange] = []
    annotations.add_listener(heard.append)
    with pytest.raises(SpanError):
        annotations.remove("nope")
    with pytest.raises(SpanError):
        annotations.add(Span(id="y", start=0, end=3, label="actor", text="Tha"))
    assert heard == []


def test_new_span_id_is_unused() -> None:
    annotations = make_set()
    seen = set()
    for start in range(10):
        span = annotations.make_span(start, start + 1, "actor")
        assert span.id not in annotations and span.id not in seen
        seen.add(span.id)
        annotations.add(span)
    # Ids loaded from a file are never handed out again.
    loaded = AnnotationSet(
        annotations.document, [Span(id="s1", start=0, end=1, label="actor", text="T"), Span(id="s2", start=1, end=2, label="actor", text="h")]
    )
    assert loaded.new_span_id() not in {"s1", "s2"}


def test_snapshot_is_sorted_stable_and_independent(nested: AnnotationSet) -> None:
    first = nested.snapshot("me")
    assert ids(list(first.spans)) == ["c", "k", "f", "a", "m"]
    assert nested.snapshot("me") == first
    assert first.model_dump_json() == nested.snapshot("me").model_dump_json()
    nested.remove("k")
    assert "k" in {s.id for s in first.spans}
    assert (first.document_id, first.annotator, first.text_sha256) == ("doc", "me", nested.document.text_sha256)


def test_snapshot_of_an_emptied_new_document_is_in_progress() -> None:
    annotations = make_set()
    annotations.add(annotations.make_span(0, 3, "actor"))
    annotations.remove("s1")
    snapshot = annotations.snapshot("me")
    assert snapshot.spans == ()
    assert snapshot.status is DocumentStatus.IN_PROGRESS
    annotations.set_status(DocumentStatus.DONE)
    assert annotations.snapshot("me").status is DocumentStatus.DONE


def test_from_file_restores_spans_and_status(nested: AnnotationSet) -> None:
    nested.set_status(DocumentStatus.DONE)
    restored = AnnotationSet.from_file(nested.document, nested.snapshot("me"))
    assert restored.spans() == nested.spans() and restored.status is DocumentStatus.DONE
    assert len(AnnotationSet.from_file(nested.document, None)) == 0


# --- the index against brute force ---------------------------------------------------


def brute_overlapping(spans: list[Span], start: int, end: int) -> list[str]:
    return sorted((s.id for s in spans if max(s.start, start) < min(s.end, end)))


def brute_at(spans: list[Span], position: int) -> list[str]:
    return sorted(s.id for s in spans if s.start <= position < s.end)


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    length = draw(st.integers(1, 3000))
    text = ("ab c " * (length // 5 + 1))[:length]
    bounds = st.tuples(st.integers(0, length - 1), st.integers(1, 1200))
    spans = [(s, min(length, s + w)) for s, w in draw(st.lists(bounds, max_size=40))]
    windows = [(s, s + w) for s, w in draw(st.lists(st.tuples(st.integers(-10, length + 10), st.integers(1, 900)), min_size=1, max_size=20))]
    return text, spans, windows


@settings(max_examples=150, deadline=None)
@given(texts_with_spans(), st.data())
def test_index_matches_brute_force(case: tuple[str, list[tuple[int, int]], list[tuple[int, int]]], data: st.DataObject) -> None:
    text, bounds, windows = case
    annotations = make_set(text)
    for start, end in bounds:
        annotations.add(annotations.make_span(start, end, "actor"))
    # Remove and resize some, so the index is exercised after changes too.
    for span in list(annotations.spans()):
        action = data.draw(st.sampled_from(["keep", "remove", "resize"]))
        if action == "remove":
            annotations.remove(span.id)
        elif action == "resize":
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            annotations.replace(annotations.make_span(start, end, span.label, span.id))
    spans = annotations.spans()
    for start, end in windows:
        found = annotations.overlapping(start, end)
        assert sorted(ids(found)) == brute_overlapping(spans, start, end)
        assert found == sorted(found, key=Span.sort_key)
    for position in {w[0] for w in windows}:
        inner = annotations.at(position)
        assert sorted(ids(inner)) == brute_at(spans, position)
        lengths = [s.end - s.start for s in inner]
        assert lengths == sorted(lengths)


@settings(max_examples=100, deadline=None)
@given(texts_with_spans(), st.lists(st.integers(SHORT_SPAN - 1, SHORT_SPAN + 1), max_size=6))
def test_a_loaded_set_finds_what_a_set_built_span_by_span_finds(case: tuple[str, list[tuple[int, int]], list[tuple[int, int]]], edges: list[int]) -> None:
    """Short spans are found by bisection, long ones in the chunk index, whichever way the set was
    built: lengths on both sides of ``SHORT_SPAN`` included, and after edits on the loaded set."""
    text, bounds, windows = case
    text = text + "x" * (SHORT_SPAN + 50)
    bounds = [*bounds, *((index * 7, index * 7 + length) for index, length in enumerate(edges))]
    by_span = make_set(text)
    for start, end in bounds:
        by_span.add(by_span.make_span(start, end, "actor"))
    loaded = AnnotationSet.from_loaded(by_span.document, by_span.snapshot("me"))
    assert loaded.spans() == by_span.spans() and loaded.counts_by_label() == by_span.counts_by_label()
    for span in loaded.spans()[::2]:  # short to long and long to short, on the loaded set
        length = SHORT_SPAN + 1 if span.end - span.start <= SHORT_SPAN else 1
        loaded.replace(loaded.make_span(span.start, min(len(text), span.start + length), span.label, span.id))
    spans = loaded.spans()
    for start, end in [*windows, (0, len(text))]:
        found = loaded.overlapping(start, end)
        assert sorted(ids(found)) == brute_overlapping(spans, start, end)
        assert found == sorted(found, key=Span.sort_key)
        assert sorted(ids(by_span.overlapping(start, end))) == brute_overlapping(by_span.spans(), start, end)


def test_index_on_a_single_200k_paragraph() -> None:
    text = ("word " * 40_000).rstrip() + "!"
    assert len(text) == 200_000 and "\n" not in text
    annotations = make_set(text)
    whole = annotations.make_span(0, len(text), "claim", "whole")
    annotations.add(whole)
    for index in range(2000):
        start = index * 97
        annotations.add(annotations.make_span(start, start + 4 + index % 600, "actor"))
    spans = annotations.spans()
    for start, end in [(0, 1), (123_456, 123_500), (199_990, 200_000), (150_000, 150_300), (199_999, 250_000)]:
        assert sorted(ids(annotations.overlapping(start, end))) == brute_overlapping(spans, start, end)
    assert annotations.at(len(text) - 1)[-1] == whole


def test_span_longer_than_a_chunk_is_found_in_every_chunk() -> None:
    chunk = SpanIndex.CHUNK
    annotations = make_set("x" * (chunk * 5))
    long_span = annotations.make_span(chunk - 1, chunk * 4 + 1, "claim")
    annotations.add(long_span)
    for position in (chunk - 1, chunk, 2 * chunk + 7, 4 * chunk):
        assert annotations.at(position) == [long_span]
    assert annotations.at(chunk - 2) == [] and annotations.at(4 * chunk + 1) == []
    annotations.remove(long_span.id)
    assert all(annotations.at(p) == [] for p in range(0, chunk * 5, 50))
    assert annotations._index._buckets == {}


def test_label_counts_follow_adds_relabels_and_removals() -> None:
    from annotator.core.edits import AddSpan, RemoveSpan, relabel
    from annotator.core.model import Document

    annotations = AnnotationSet(Document.create("d", "Pashinyan said on Friday that Armenia froze it."))
    actor = annotations.make_span(0, 9, "actor")
    AddSpan(span=actor).apply(annotations)
    date = annotations.make_span(18, 24, "date")
    AddSpan(span=date).apply(annotations)
    assert annotations.counts_by_label() == {"actor": 1, "date": 1}
    relabel(annotations.get(actor.id), "claim").apply(annotations)
    assert annotations.counts_by_label() == {"claim": 1, "date": 1}
    RemoveSpan(span=annotations.get(date.id)).apply(annotations)
    assert annotations.counts_by_label() == {"claim": 1}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "remove", "relabel"]), st.integers(0, 40), st.integers(1, 8)), max_size=40))
def test_spans_stay_in_file_order_through_any_edits(steps: list[tuple[str, int, int]]) -> None:
    """spans() is remembered between changes: every add, removal and replacement must forget it."""
    document = Document.create("d", "Armenia said on Friday that the talks with Azerbaijan go on.")
    annotations = AnnotationSet(document)
    for action, start, length in steps:
        current = annotations.spans()
        if action == "add" and start + length <= len(document.text):
            annotations.add(annotations.make_span(start, start + length, "actor"))
        elif action == "remove" and current:
            annotations.remove(current[start % len(current)].id)
        elif action == "relabel" and current:
            span = current[start % len(current)]
            annotations.replace(span.model_copy(update={"label": "date" if span.label == "actor" else "actor"}))
        listed = annotations.spans()
        if listed:
            listed.append(listed[0])  # a caller's list is its own: the next call does not see this
        assert annotations.spans() == sorted((annotations.get(s.id) for s in annotations.spans()), key=Span.sort_key)
        assert len(annotations.spans()) == len(annotations)
        assert {s.id: s for s in annotations.spans()} == {s.id: annotations.get(s.id) for s in annotations.spans()}
