"""The findings cache, kept current edit by edit, says exactly what checking the whole document says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.check_cache import FindingsCache
from annotator.core.checker import check_spans
from annotator.core.model import ActorRef, ClaimAttributes, Document, LabelScheme, Span, TimexValue

TEXT = "Pashinyan said on Friday that Armenia froze its part. The Kremlin said on Monday it had no word. Peskov added nothing."
SCHEME = LabelScheme.default()
IDS = [f"s{i}" for i in range(4)]  # few ids: claims often link to spans that come and go
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "replace", "status", "registry"]),
        st.sampled_from(IDS),
        st.sampled_from(["actor", "claim", "date", "other"]),
        st.integers(0, len(TEXT) - 12),
        st.integers(1, 12),
        st.sampled_from([None, *IDS]),  # what a claim links to (maybe a span that does not exist)
        st.booleans(),  # actor linked to the registry / date normalised / claim with a claimant
    ),
    max_size=40,
)


def make_span(span_id: str, label: str, start: int, length: int, link: str | None, filled: bool, actor_id: str) -> Span:
    fields: dict[str, object] = {}
    if label == "actor" and filled:
        fields["actor_id"] = actor_id
    elif label == "date" and filled:
        fields["timex"] = TimexValue(type="DATE", value="2024-02-23")
    elif label == "claim":
        fields["claim"] = ClaimAttributes(claimant=ActorRef(span_id=link) if filled and link else None, date_span_id=link if not filled else None)
    label = label if label != "other" else SCHEME.labels[-1].name
    return Span(id=span_id, start=start, end=start + length, label=label, text=TEXT[start : start + length], **fields)


@settings(max_examples=150, deadline=None)
@given(STEPS)
def test_the_cache_matches_a_full_check_after_any_edits(steps: list) -> None:  # noqa: ANN001
    registry = ActorRegistry()
    known = new_actor(registry, "Nikol Pashinyan")
    known.apply(registry)
    actor_id = known.actor.id
    annotations = AnnotationSet(Document.create("d", TEXT))
    cache = FindingsCache()
    assert cache.findings(annotations, SCHEME, registry) == []
    for action, span_id, label, start, length, link, filled in steps:
        if action == "add" and span_id not in annotations:
            annotations.add(make_span(span_id, label, start, length, link, filled, actor_id))
        elif action == "remove" and span_id in annotations:
            annotations.remove(span_id)
        elif action == "replace" and span_id in annotations:
            annotations.replace(make_span(span_id, label, start, length, link, filled, actor_id))
        elif action == "status":
            annotations.set_status(annotations.status)
        elif action == "registry":
            new_actor(registry, f"Actor {len(registry.all())}").apply(registry)
        assert cache.findings(annotations, SCHEME, registry) == check_spans(annotations.spans(), SCHEME, registry)
    other = ActorRegistry()
    assert cache.findings(annotations, SCHEME, other) == check_spans(annotations.spans(), SCHEME, other)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["actor", "claim", "date", "other"]),
    st.integers(0, len(TEXT) - 12),
    st.integers(1, 12),
    st.sampled_from([None, *IDS]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_a_quick_count_is_what_span_findings_makes(label, start, length, link, filled, has_dates, with_registry) -> None:  # noqa: ANN001
    from annotator.core.check_cache import _quick_count
    from annotator.core.checker import label_kinds, span_findings

    registry = ActorRegistry() if with_registry else None
    span = make_span("s0", label, start, length, link, filled, "a1")
    kinds = label_kinds(SCHEME)
    count = _quick_count(span, kinds[span.label], has_dates, registry)
    if count is not None:
        assert count == len(span_findings(span, kinds, has_dates, set(IDS), registry))


def test_findings_are_read_in_text_order_and_a_stale_list_refuses() -> None:
    annotations = AnnotationSet(Document.create("d", TEXT))
    for number, (start, label) in enumerate([(60, "actor"), (0, "actor"), (30, "date"), (18, "claim")]):
        annotations.add(make_span(f"s{number}", label, start, 6, None, False, "a1"))
    cache = FindingsCache()
    findings = cache.findings(annotations, SCHEME)
    expected = check_spans(annotations.spans(), SCHEME)
    assert len(findings) == len(expected) == 5  # two actors and a date unlinked, a claim with no claimant and no date
    assert findings[:2] == expected[:2] and findings[1:] == expected[1:] and findings[-1] == expected[-1]
    assert list(findings) == expected and findings == expected
    annotations.remove("s0")
    with pytest.raises(RuntimeError, match="earlier state"):
        len(findings)
    assert cache.findings(annotations, SCHEME) == check_spans(annotations.spans(), SCHEME)
