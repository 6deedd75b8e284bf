"""A set loaded from a file is checked from the columns the store read (``AnnotationSet.loaded_fields``)
while it holds exactly the file's spans, and from its own spans once it does not: the same findings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.check_cache import FindingsCache
from annotator.core.checker import check_spans
from annotator.core.model import AnnotationFile, Document, Span
from annotator.core.span_fields import fields_of
from tests.core.test_check_cache import IDS, SCHEME, TEXT, make_span

SPANS = st.lists(
    st.tuples(
        st.sampled_from(["actor", "claim", "date", "other"]),
        st.integers(0, len(TEXT) - 12),
        st.integers(1, 12),
        st.sampled_from([None, *IDS]),
        st.booleans(),
    ),
    max_size=len(IDS),
)


def _loaded(spans: list[Span]) -> AnnotationSet:
    document = Document.create("d", TEXT)
    annotation_file = AnnotationFile.model_validate({"document_id": "d", "annotator": "me", "text_sha256": document.text_sha256, "spans": spans})
    return AnnotationSet.from_loaded(document, annotation_file)


@settings(max_examples=150, deadline=None)
@given(SPANS, st.sampled_from(["none", "replace", "remove", "add-back"]), st.booleans())
def test_a_loaded_set_is_checked_as_a_full_check_says_before_and_after_an_edit(drawn: list, edit: str, with_registry: bool) -> None:  # noqa: ANN001
    registry = ActorRegistry()
    known = new_actor(registry, "Nikol Pashinyan")
    known.apply(registry)
    spans = [make_span(span_id, *fields, actor_id=known.actor.id) for span_id, fields in zip(IDS, drawn)]
    annotations = _loaded(sorted(spans, key=Span.sort_key))
    assert annotations.loaded_fields is not None and annotations.loaded_fields.held_by(annotations)
    use = registry if with_registry else None
    if spans and edit == "replace":  # the same ids and count, one span a new object
        annotations.replace(make_span(spans[0].id, "actor", 0, 9, None, False, known.actor.id))
    elif spans and edit in ("remove", "add-back"):
        removed = annotations.remove(spans[-1].id)
        if edit == "add-back":  # the very span again: the set holds the file's spans once more
            annotations.add(removed)
    held = annotations.loaded_fields.held_by(annotations)
    if not spans or edit in ("none", "add-back"):
        assert held
    elif edit == "remove":
        assert not held
    else:  # held only while the replaced span equals the one it replaced
        assert held == (annotations.get(spans[0].id) == spans[0])
    assert FindingsCache().findings(annotations, SCHEME, use) == check_spans(annotations.spans(), SCHEME, use)


def test_the_loaded_fields_are_the_ones_the_store_read() -> None:
    spans = [make_span("s1", "actor", 0, 9, None, False, "a1"), make_span("s2", "claim", 10, 4, "s1", True, "a1")]
    document = Document.create("d", TEXT)
    annotation_file = AnnotationFile.model_validate({"document_id": "d", "annotator": "me", "text_sha256": document.text_sha256, "spans": spans})
    annotations = AnnotationSet.from_loaded(document, annotation_file)
    assert annotations.loaded_fields is fields_of(annotation_file.spans)
    assert AnnotationSet(document, spans).loaded_fields is None
