"""The claim checker: what a document still lacks before it is done, in text order."""

from __future__ import annotations

from annotator.core.actors import ActorRegistry, RemoveActor, new_actor
from annotator.core.checker import Finding, check_spans
from annotator.core.model import ActorRef, ClaimAttributes, LabelDefinition, LabelKind, LabelScheme, Span, TimexValue

TEXT = 'Pashinyan said on Friday: "In practice, we have frozen our participation." The Kremlin said on Monday it had no confirmation. Peskov added nothing.'
SCHEME = LabelScheme.default()


def span_of(span_id: str, phrase: str, label: str, **fields: object) -> Span:
    start = TEXT.index(phrase)
    return Span(id=span_id, start=start, end=start + len(phrase), label=label, text=phrase, **fields)


def claim(span_id: str, phrase: str, **attributes: object) -> Span:
    return span_of(span_id, phrase, "claim", claim=ClaimAttributes(**attributes))


FRIDAY = TimexValue(type="DATE", value="2024-02-23")


def complete_document(registry: ActorRegistry) -> list[Span]:
    actor_id = next(iter(registry.ids()))
    return [
        span_of("who", "Pashinyan", "actor", actor_id=actor_id),
        span_of("when", "Friday", "date", timex=FRIDAY),
        claim("what", "In practice, we have frozen our participation.", claimant=ActorRef(span_id="who"), date_span_id="when"),
        span_of("kremlin", "Kremlin", "actor", actor_id=actor_id),
        span_of("monday", "Monday", "date", timex=TimexValue(type="DATE", value="2024-02-26")),
        claim("nothing", "it had no confirmation", claimant=ActorRef(span_id="kremlin"), date_span_id="monday", target=ActorRef(actor_id=actor_id)),
    ]


def a_registry() -> ActorRegistry:
    registry = ActorRegistry()
    new_actor(registry, "Nikol Pashinyan").apply(registry)
    return registry


def test_a_complete_document_has_no_findings() -> None:
    registry = a_registry()
    assert check_spans(complete_document(registry), SCHEME, registry) == []
    assert check_spans([], SCHEME, registry) == []


def test_claim_without_claimant() -> None:
    spans = [claim("c", "In practice, we have frozen our participation.")]
    findings = check_spans(spans, SCHEME)
    assert [(f.span_id, "no claimant" in f.message) for f in findings] == [("c", True)]
    assert "In practice, we have frozen" in findings[0].message
    # No attributes at all reads the same.
    bare = span_of("c", "In practice, we have frozen our participation.", "claim")
    assert [f.span_id for f in check_spans([bare], SCHEME) if "no claimant" in f.message] == ["c"]


def test_a_claimant_from_the_registry_counts() -> None:
    registry = a_registry()
    actor_id = next(iter(registry.ids()))
    spans = [claim("c", "In practice, we have frozen our participation.", claimant=ActorRef(actor_id=actor_id))]
    assert check_spans(spans, SCHEME, registry) == []
    spans = [claim("c", "In practice, we have frozen our participation.", claimant=ActorRef(actor_id="ghost"))]
    findings = check_spans(spans, SCHEME, registry)
    assert len(findings) == 1 and "ghost" in findings[0].message and "claimant" in findings[0].message


def test_claim_without_date_only_when_the_document_has_dates() -> None:
    registry = a_registry()
    actor_id = next(iter(registry.ids()))
    who = span_of("who", "Pashinyan", "actor", actor_id=actor_id)
    what = claim("what", "In practice, we have frozen our participation.", claimant=ActorRef(span_id="who"))
    assert check_spans([who, what], SCHEME, registry) == []
    findings = check_spans([who, what, span_of("when", "Friday", "date", timex=FRIDAY)], SCHEME, registry)
    assert len(findings) == 1
    assert findings[0].span_id == "what" and "no date" in findings[0].message


def test_actor_span_not_linked_or_linked_to_an_unknown_actor() -> None:
    registry = a_registry()
    findings = check_spans([span_of("k", "Kremlin", "actor"), span_of("p", "Peskov", "actor", actor_id="ghost")], SCHEME, registry)
    assert [f.span_id for f in findings] == ["k", "p"]
    assert "not linked" in findings[0].message
    assert "ghost" in findings[1].message
    # Without a registry only the missing link is reported.
    assert [f.span_id for f in check_spans([span_of("p", "Peskov", "actor", actor_id="ghost")], SCHEME)] == []


def test_retired_or_merged_actors_are_still_valid_links() -> None:
    registry = a_registry()
    actor = registry.active()[0]
    RemoveActor(actor=actor).apply(registry)
    assert check_spans([span_of("p", "Pashinyan", "actor", actor_id=actor.id)], SCHEME, registry) == []


def test_date_without_timex() -> None:
    findings = check_spans([span_of("d", "Monday", "date"), span_of("f", "Friday", "date", timex=FRIDAY)], SCHEME)
    assert findings == [Finding("d", findings[0].message)]
    assert "no normalised value" in findings[0].message


def test_dangling_links_are_reported() -> None:
    registry = a_registry()
    spans = [c for c in complete_document(registry) if c.id not in {"who", "when"}]
    findings = check_spans(spans, SCHEME, registry)
    dangling = [f for f in findings if "does not exist" in f.message]
    assert sorted((f.span_id, "who" in f.message or "when" in f.message) for f in dangling) == [("what", True), ("what", True)]
    assert {f.span_id for f in findings} == {"what"}


def test_findings_are_in_text_order_whatever_order_the_spans_come_in() -> None:
    spans = [
        span_of("z-last", "Peskov", "actor"),
        claim("m-claim", "it had no confirmation"),
        span_of("a-date", "Monday", "date"),
        span_of("b-first", "Pashinyan", "actor"),
        span_of("friday", "Friday", "date", timex=FRIDAY),
    ]
    findings = check_spans(spans, SCHEME)
    order = [f.span_id for f in findings]
    assert order == ["b-first", "a-date", "m-claim", "m-claim", "z-last"]
    assert check_spans(list(reversed(spans)), SCHEME) == findings
    starts = [TEXT.index(s.text) for s in spans if s.id in order]
    assert sorted(starts) == [TEXT.index(t) for t in ("Pashinyan", "Monday", "it had no", "Peskov")]


def test_labels_count_by_kind_not_by_name() -> None:
    scheme = LabelScheme(
        labels=(
            LabelDefinition(name="speaker", colour="#000000", hotkey="s", kind=LabelKind.ACTOR),
            LabelDefinition(name="statement", colour="#000001", hotkey="t", kind=LabelKind.CLAIM),
            LabelDefinition(name="when", colour="#000002", hotkey="w", kind=LabelKind.DATE),
            LabelDefinition(name="place", colour="#000003", hotkey="p"),
        )
    )
    spans = [
        span_of("s", "Pashinyan", "speaker"),
        span_of("w", "Friday", "when"),
        span_of("t", "In practice, we have frozen our participation.", "statement"),
        span_of("p", "Kremlin", "place"),
    ]
    findings = check_spans(spans, scheme)
    assert [f.span_id for f in findings] == ["s", "w", "t", "t"]
