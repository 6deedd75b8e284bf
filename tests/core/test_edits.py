"""Edit objects: apply, inverse, JSON round trips, relabel and resize."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from annotator.core.annotations import AnnotationSet, SpanError
from annotator.core.edits import EDIT_ADAPTER, AddSpan, RemoveSpan, ReplaceSpan, SetStatus, relabel, resize
from annotator.core.model import Document, DocumentStatus, Span

TEXT = "Pashinyan told parliament on Thursday that Armenia had frozen its participation."


def make_set() -> AnnotationSet:
    return AnnotationSet(Document.create("doc", TEXT))


def state(annotations: AnnotationSet) -> tuple[list[Span], DocumentStatus, dict[str, int]]:
    return annotations.spans(), annotations.status, annotations.counts_by_label()


def test_add_and_its_inverse() -> None:
    annotations = make_set()
    edit = AddSpan(span=annotations.make_span(0, 9, "actor"))
    edit.apply(annotations)
    assert [s.text for s in annotations.spans()] == ["Pashinyan"]
    assert isinstance(edit.inverse(), RemoveSpan)
    edit.inverse().apply(annotations)
    assert len(annotations) == 0 and annotations.at(3) == []


def test_replace_inverse_restores_the_old_span() -> None:
    annotations = make_set()
    span = annotations.make_span(0, 9, "actor")
    annotations.add(span)
    edit = resize(annotations, span, 0, 25)
    edit.apply(annotations)
    assert annotations.get(span.id).text == "Pashinyan told parliament"  # type: ignore[union-attr]
    edit.inverse().apply(annotations)
    assert annotations.get(span.id) == span
    assert annotations.at(20) == []


def test_relabel_keeps_id_and_range() -> None:
    span = make_set().make_span(0, 9, "actor")
    edit = relabel(span, "claim")
    assert (edit.new.id, edit.new.start, edit.new.end, edit.new.text, edit.new.label) == (span.id, 0, 9, "Pashinyan", "claim")
    assert edit.old == span
    assert edit.describe() == "Relabel “Pashinyan” as claim"


def test_relabel_validates_the_new_label() -> None:
    span = make_set().make_span(0, 9, "actor")
    with pytest.raises(ValidationError):
        relabel(span, "../evil")


def test_resize_rejects_bad_ranges_and_describes_itself() -> None:
    annotations = make_set()
    span = annotations.make_span(0, 9, "actor")
    with pytest.raises(SpanError):
        resize(annotations, span, 5, 5)
    with pytest.raises(SpanError):
        resize(annotations, span, 0, len(TEXT) + 1)
    assert resize(annotations, span, 0, 4).describe() == "Resize actor to “Pash”"


def test_set_status_and_inverse() -> None:
    annotations = make_set()
    edit = SetStatus(old=DocumentStatus.NEW, new=DocumentStatus.DONE)
    edit.apply(annotations)
    assert annotations.status is DocumentStatus.DONE
    edit.inverse().apply(annotations)
    assert annotations.status is DocumentStatus.NEW


def test_describe_shortens_long_text() -> None:
    span = make_set().make_span(0, len(TEXT), "claim")
    text = AddSpan(span=span).describe()
    assert text.startswith("Tag “Pashinyan told") and text.endswith("…” as claim")
    assert len(text) < len(TEXT)


def sample_edits() -> list[object]:
    annotations = make_set()
    span = annotations.make_span(0, 9, "actor")
    return [
        AddSpan(span=span),
        RemoveSpan(span=span),
        relabel(span, "claim"),
        resize(annotations, span, 0, 14),
        SetStatus(old=DocumentStatus.IN_PROGRESS, new=DocumentStatus.DONE),
    ]


@pytest.mark.parametrize("edit", sample_edits(), ids=lambda e: type(e).__name__)
def test_json_round_trip_through_the_adapter(edit: object) -> None:
    data = EDIT_ADAPTER.dump_json(edit)  # type: ignore[arg-type]
    assert json.loads(data)["op"] == edit.op  # type: ignore[attr-defined]
    restored = EDIT_ADAPTER.validate_json(data)
    assert type(restored) is type(edit) and restored == edit
    assert EDIT_ADAPTER.validate_python(json.loads(data)) == edit


def test_adapter_is_discriminated_by_op() -> None:
    payload = json.loads(EDIT_ADAPTER.dump_json(sample_edits()[0]))  # type: ignore[arg-type]
    payload["op"] = "remove"
    assert isinstance(EDIT_ADAPTER.validate_python(payload), RemoveSpan)
    payload["op"] = "explode"
    with pytest.raises(ValidationError):
        EDIT_ADAPTER.validate_python(payload)
    with pytest.raises(ValidationError):
        EDIT_ADAPTER.validate_python({"op": "status", "old": "new", "new": "finished"})


# --- random sequences: undoing every edit in reverse restores each state -------------


@st.composite
def edit_sequences(draw: st.DrawFn) -> list[tuple[str, int, int, int]]:
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["add", "remove", "relabel", "resize", "status"]),
                st.integers(0, len(TEXT) - 1),
                st.integers(1, 30),
                st.integers(0, 1000),
            ),
            max_size=30,
        )
    )


@settings(max_examples=120, deadline=None)
@given(edit_sequences())
def test_inverse_restores_exactly(sequence: list[tuple[str, int, int, int]]) -> None:
    annotations = make_set()
    labels = ["actor", "claim", "date"]
    statuses = list(DocumentStatus)
    history: list[tuple[object, tuple[list[Span], DocumentStatus, dict[str, int]]]] = []
    for op, start, width, pick in sequence:
        existing = annotations.spans()
        end = min(len(TEXT), start + width)
        if op == "add" or not existing:
            edit: AddSpan | RemoveSpan | ReplaceSpan | SetStatus = AddSpan(span=annotations.make_span(start, end, labels[pick % 3]))
        elif op == "remove":
            edit = RemoveSpan(span=existing[pick % len(existing)])
        elif op == "relabel":
            edit = relabel(existing[pick % len(existing)], labels[pick % 3])
        elif op == "resize":
            edit = resize(annotations, existing[pick % len(existing)], start, end)
        else:
            edit = SetStatus(old=annotations.status, new=statuses[pick % 3])
        before = state(annotations)
        edit.apply(annotations)
        # Edits survive a journal: replaying the JSON form does the same thing.
        assert EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(edit)) == edit
        history.append((edit, before))
    for edit, before in reversed(history):
        edit.inverse().apply(annotations)  # type: ignore[attr-defined]
        assert state(annotations) == before
        # the index agrees too
        for span in annotations.spans():
            assert span in annotations.overlapping(span.start, span.end)
    assert len(annotations) == 0 and annotations.status is DocumentStatus.NEW
