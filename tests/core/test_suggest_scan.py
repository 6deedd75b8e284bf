"""The recommenders' exact shortcuts give what the plain scans give (core/suggest/scan.py), and a
trusted suggestion is the object validation makes (core/suggest/base.py)."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import ClaimForm, TimexValue
from annotator.core.suggest.base import SuggestedSpan, Suggestion, SuggestionKind, make_span, make_suggestion, trusted
from annotator.core.suggest.scan import IntervalSet, finditer_at, positions

intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=30)


@given(intervals, st.integers(0, 60), st.integers(0, 60))
def test_interval_set_overlaps_as_the_plain_scan(spans: list[tuple[int, int]], start: int, end: int) -> None:
    expected = any(s < end and start < e for s, e in spans)
    assert IntervalSet(spans).overlaps(start, end) is expected
    assert bool(IntervalSet(spans)) is bool(spans)


TEXTS = st.text(alphabet='ab. !?\n"”“A1x,', max_size=80)
PATTERNS = [
    re.compile(r"(?<=[.!?])(?P<quote>[\"”»’']?)\s+(?=[\"“«„A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z#\"“])"),
    re.compile(r"\bab\b|\bba|a+"),
]


@given(TEXTS, st.sampled_from(PATTERNS))
def test_finditer_at_the_possible_starts_is_finditer(text: str, pattern: re.Pattern[str]) -> None:
    every = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    assume_starts = range(len(text) + 1)  # every position may start a match
    assert [(m.span(), m.groupdict()) for m in finditer_at(pattern, text, assume_starts)] == every
    starts = {m.start() for m in pattern.finditer(text)} | set(positions(".\n", text))
    assert [(m.span(), m.groupdict()) for m in finditer_at(pattern, text, sorted(starts, reverse=True))] == every


@given(TEXTS, st.integers(0, 80), st.integers(0, 80))
def test_positions_are_the_offsets_of_the_characters(text: str, start: int, end: int) -> None:
    assert positions('."\n', text) == [i for i, c in enumerate(text) if c in '."\n']
    assert positions("!?", text, start, end) == [i for i, c in enumerate(text) if c in "!?" and start <= i < end]


offsets = st.integers(0, 10_000)


@given(
    offsets,
    st.integers(1, 500),
    st.text(max_size=20),
    st.sampled_from(list(SuggestionKind)),
    st.none() | st.text(min_size=1, max_size=8),
    st.none() | st.sampled_from(list(ClaimForm)),
    st.booleans(),
)
def test_a_trusted_suggestion_is_the_validated_one(
    start: int, length: int, text: str, kind: SuggestionKind, actor_id: str | None, form: ClaimForm | None, dated: bool
) -> None:
    span_fields = {"actor_id": actor_id} if actor_id is not None else {}
    claimant = SuggestedSpan(start=start, end=start + 3, text="abc", **span_fields)
    fields: dict[str, object] = {
        "document_id": "d",
        "kind": kind,
        "label": "claim",
        "start": start,
        "end": start + length,
        "text": text,
        "claimant": claimant,
        "form": form,
    }
    if dated:
        fields["timex"] = TimexValue(type="DATE", value="2024-02-23")
        fields["score"] = 0.9
    made, validated = make_suggestion(**fields), Suggestion(**fields)
    assert made == validated
    assert made.model_fields_set == validated.model_fields_set
    assert list(made.__dict__) == list(validated.__dict__)
    assert made.to_json() == validated.to_json()
    assert made.model_dump() == validated.model_dump()
    assert pickle.loads(pickle.dumps(made)) == validated
    assert made.model_copy(update={"score": 0.1}) == validated.model_copy(update={"score": 0.1})
    assert Suggestion.model_validate_json(made.model_dump_json()) == validated
    assert make_span(start, start + 3, "abc", **span_fields) == claimant
    assert make_span(start, start + 3, "abc", **span_fields).model_fields_set == claimant.model_fields_set


def test_a_trusted_suggestion_still_refuses_bad_offsets_and_fields() -> None:
    with pytest.raises(ValueError, match="end after it starts"):
        make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=5, end=5, text="")
    with pytest.raises(ValueError, match="end after it starts"):
        make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=-1, end=5, text="x")
    with pytest.raises(TypeError, match="unknown"):
        make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=0, end=5, text="x", colour="red")
    with pytest.raises(TypeError, match="missing"):
        trusted(Suggestion, {"document_id": "d", "start": 0, "end": 5, "text": "x"})
    with pytest.raises(ValueError, match="starts and ends"):
        make_span(-1, 2, "ab")
    frozen = make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=0, end=1, text="x")
    with pytest.raises(ValueError, match="frozen"):
        frozen.start = 3  # type: ignore[misc]
