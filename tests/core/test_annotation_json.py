"""An annotation file rendered from cached span JSON is ``dump_json``'s bytes, whatever was cached."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import SCHEMA_VERSION, ActorRef, AnnotationFile, ClaimAttributes, ClaimForm, DocumentStatus, Span, Stance, TimexValue
from annotator.core.storage.annotation_json import AnnotationJson
from annotator.core.storage.base import Fingerprint
from annotator.core.storage.records import dump_json

_IDS = st.sampled_from(["s1", "s2", "s10", "a-1", "x_y"])
_TEXT = st.text(min_size=0, max_size=12)  # quotes, line breaks, backslashes, any code point
_CLAIMS = st.builds(
    ClaimAttributes,
    claimant=st.none() | st.builds(ActorRef, span_id=_IDS),
    target=st.none() | st.builds(ActorRef, actor_id=_IDS),
    date_span_id=st.none() | _IDS,
    stance=st.none() | st.sampled_from(Stance),
    topic=st.sampled_from(["", "economy", "war \u00e9"]),
    form=st.none() | st.sampled_from(ClaimForm),
    note=_TEXT,
)
_TIMEX = st.sampled_from([None, TimexValue(type="DATE", value="2024-05-01"), TimexValue(type="DATE", value="2024", mod="APPROX")])


@st.composite
def _spans(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, 50))
    return Span(
        id=draw(st.from_regex(r"\As[0-9]{1,4}\Z")),
        start=start,
        end=start + draw(st.integers(1, 5)),
        label=draw(st.sampled_from(["actor", "claim", "date"])),
        text=draw(_TEXT),
        actor_id=draw(st.none() | _IDS),
        claim=draw(st.none() | _CLAIMS),
        timex=draw(_TIMEX),
    )


def _file(spans: list[Span], status: DocumentStatus = DocumentStatus.IN_PROGRESS) -> AnnotationFile:
    unique = tuple({span.id: span for span in spans}.values())
    return AnnotationFile(document_id="doc", annotator="ann", text_sha256="0" * 64, status=status, spans=unique)


def _expected(annotation_file: AnnotationFile) -> bytes:
    """What the store wrote before the cache: sorted spans, the current schema version, ``dump_json``."""
    spans = tuple(sorted(annotation_file.spans, key=Span.sort_key))
    return dump_json(annotation_file.model_copy(update={"spans": spans, "schema_version": SCHEMA_VERSION}))


@settings(max_examples=150, deadline=None)
@given(st.lists(_spans(), max_size=12), st.lists(_spans(), max_size=6), st.randoms(use_true_random=False), st.sampled_from(DocumentStatus))
def test_rendering_is_dump_json_byte_for_byte_cached_or_not(first: list[Span], added: list[Span], rng, status: DocumentStatus) -> None:
    renderer = AnnotationJson()
    before = _file(first, status)
    assert renderer.render(before) == _expected(before)
    # A later save: some spans kept (their JSON cached), some new, in any order.
    kept = [span for span in before.spans if rng.random() < 0.7]
    later = kept + added
    rng.shuffle(later)
    after = _file(later, status)
    assert renderer.render(after) == _expected(after)
    assert renderer.render(after) == _expected(after)  # every span cached now


def test_an_empty_file_and_a_file_emptied_again() -> None:
    renderer = AnnotationJson()
    span = Span(id="s1", start=0, end=2, label="actor", text="ab")
    assert renderer.render(_file([])) == _expected(_file([]))
    assert renderer.render(_file([span])) == _expected(_file([span]))
    assert renderer.render(_file([])) == _expected(_file([]))


def test_cached_spans_are_kept_for_a_bounded_number_of_documents() -> None:
    renderer = AnnotationJson(documents=2)
    span = Span(id="s1", start=0, end=2, label="actor", text="ab")
    for doc_id in ("a", "b", "c"):
        renderer.render(AnnotationFile(document_id=doc_id, annotator="ann", text_sha256="0" * 64, spans=(span,)))
        renderer.written(doc_id, doc_id.encode())
    assert list(renderer._spans) == ["b", "c"]
    assert list(renderer._written) == ["b", "c"]


def test_the_check_against_the_last_write_agrees_with_the_hash() -> None:
    renderer = AnnotationJson()
    fingerprint = renderer.written("doc", b"the bytes written")
    assert renderer.unchanged("doc", b"the bytes written", fingerprint)
    # Same size, one byte changed: seen, as the hash would see it.
    assert not renderer.unchanged("doc", b"the bytes wrItten", fingerprint)
    assert not renderer.unchanged("doc", None, fingerprint)
    # An expectation that is not the last write: the hash decides.
    other = Fingerprint.of_bytes(b"read from disk")
    assert renderer.unchanged("doc", b"read from disk", other)
    assert not renderer.unchanged("doc", b"the bytes written", other)
    assert renderer.unchanged("new", None, Fingerprint(None))
    assert not renderer.unchanged("new", b"", Fingerprint(None))


def test_replaced_spans_do_not_pile_up_in_the_cache() -> None:
    renderer = AnnotationJson()
    spans = [Span(id=f"s{n}", start=n, end=n + 1, label="actor", text="x") for n in range(100)]
    for edit in range(1000):  # each save relabels one span: a new object, the old one replaced
        number = edit % 100
        spans[number] = spans[number].model_copy(update={"label": "claim" if spans[number].label == "actor" else "actor"})
        annotation_file = _file(spans)
        assert renderer.render(annotation_file) == _expected(annotation_file)
        assert len(renderer._spans["doc"]) <= 2 * len(spans) + 64


_EDITS = st.lists(st.tuples(st.sampled_from(["relabel", "add", "remove", "shuffle"]), st.integers(0, 10**6)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(_spans(), max_size=12), _EDITS, st.randoms(use_true_random=False))
def test_saves_after_edits_anywhere_are_dump_json_byte_for_byte(first: list[Span], edits: list[tuple[str, int]], rng) -> None:
    # The snapshot of an annotation set: file order, the spans not edited the same objects.
    renderer = AnnotationJson()
    spans = sorted({span.id: span for span in first}.values(), key=Span.sort_key)
    numbers = iter(range(10_000, 20_000))
    for edit, where in edits:
        if edit == "relabel" and spans:
            index = where % len(spans)
            spans[index] = spans[index].model_copy(update={"label": "claim" if spans[index].label == "actor" else "actor"})
        elif edit == "add":
            spans.append(Span(id=f"s{next(numbers)}", start=where % 60, end=where % 60 + 1 + where % 3, label="date", text="d"))
        elif edit == "remove" and spans:
            del spans[where % len(spans)]
        elif edit == "shuffle":
            rng.shuffle(spans)  # a caller that built another order: rendered in file order all the same
        if edit != "shuffle":
            spans.sort(key=Span.sort_key)
        annotation_file = _file(spans)
        assert renderer.render(annotation_file) == _expected(annotation_file)


def test_a_save_after_one_edit_renders_from_the_last_one(monkeypatch) -> None:
    from annotator.core.storage import annotation_json

    renderer = AnnotationJson()
    spans = [Span(id=f"s{n}", start=n, end=n + 1, label="actor", text="x") for n in range(200)]
    renderer.render(_file(spans))
    used: list[bool] = []
    splice = annotation_json._splice
    monkeypatch.setattr(annotation_json, "_splice", lambda *args: (spliced := splice(*args), used.append(spliced is not None))[0])
    rendered: list[int] = []
    entries = annotation_json._entries
    monkeypatch.setattr(annotation_json, "_entries", lambda annotation_file, new: rendered.append(len(new)) or entries(annotation_file, new))
    spans[120] = spans[120].model_copy(update={"label": "claim"})
    annotation_file = _file(spans)
    assert renderer.render(annotation_file) == _expected(annotation_file)
    assert used == [True]  # the spans around the edit are the last render's, not looked up again
    assert rendered == [1]  # only the relabelled span is rendered anew
    # and the kept spans' fragments are the very ones of the last render
    last_spans, ready, fragments = renderer._last["doc"]
    assert last_spans == annotation_file.spans
    assert [entry[1] for entry in ready] == fragments
