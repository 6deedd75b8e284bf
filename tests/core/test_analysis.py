"""The analyses on a small hand-made project: network edges and weights, filters, timeline, counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from annotator.core.analysis.counts import corpus_counts
from annotator.core.analysis.network import filter_statements, layout, one_mode, statements, two_mode
from annotator.core.analysis.timeline import day_of, timeline
from annotator.core.formats.common import ProjectView
from annotator.core.model import (
    Actor,
    ActorRef,
    ActorType,
    AnnotationFile,
    ArticleMetadata,
    ClaimAttributes,
    Document,
    DocumentStatus,
    ProjectSettings,
    Span,
    Stance,
    TimexValue,
)

TEXT = "🇦🇲 Pashinyan, Lavrov, Macron and the EU spoke on 3 May 2024 and 1 June 2025. " * 2


@dataclass(frozen=True)
class Item:
    document: Document
    annotations: AnnotationFile | None

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.annotations.spans if self.annotations else ()


ACTORS = (
    Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON),
    Actor(id="a2", name="Sergei Lavrov", type=ActorType.PERSON),
    Actor(id="a3", name="Emmanuel Macron", type=ActorType.PERSON),
    Actor(id="a4", name="European Union", type=ActorType.ORGANISATION),
    Actor(id="a5", name="Lavrov (old entry)", type=ActorType.PERSON, merged_into="a2"),
)
SETTINGS = ProjectSettings(name="t", actors=ACTORS)


def claim(span_id: str, claimant: str | None, topic: str, stance: Stance | None, date: str | None = None) -> Span:
    attributes = ClaimAttributes(claimant=ActorRef(actor_id=claimant) if claimant else None, topic=topic, stance=stance, date_span_id=date)
    start = int(span_id[1:])
    return Span(id=span_id, start=start, end=start + 1, label="claim", text=TEXT[start], claim=attributes)


def date_span(span_id: str, needle: str, value: str) -> Span:
    start = TEXT.index(needle)
    return Span(id=span_id, start=start, end=start + len(needle), label="date", text=needle, timex=TimexValue(type="DATE", value=value))


def item(doc_id: str, spans: list[Span], status: DocumentStatus = DocumentStatus.IN_PROGRESS, published: datetime.date | None = None) -> Item:
    document = Document.create(doc_id, TEXT, metadata=ArticleMetadata(date=published))
    return Item(document, AnnotationFile(document_id=doc_id, annotator="maria", text_sha256=document.text_sha256, status=status, spans=tuple(spans)))


def corpus() -> list[Item]:
    first = item(
        "d1",
        [
            date_span("dmay", "3 May 2024", "2024-05-03"),
            claim("s10", "a1", "CSTO membership", Stance.OPPOSES, "dmay"),
            claim("s11", "a5", "CSTO membership", Stance.SUPPORTS, "dmay"),  # Lavrov, by his merged entry
            claim("s12", "a3", "CSTO membership", Stance.OPPOSES, "dmay"),
            claim("s13", "a3", "EU talks", Stance.SUPPORTS, "dmay"),
        ],
        DocumentStatus.DONE,
    )
    second = item(
        "d2",
        [
            date_span("djune", "1 June 2025", "2025-06-01"),
            claim("s20", "a4", "EU talks", Stance.SUPPORTS, "djune"),
            claim("s21", "a1", "EU talks", Stance.SUPPORTS),  # no date span: the article's date stands in
            claim("s22", "a2", "EU talks", Stance.OPPOSES, "djune"),
            claim("s23", None, "EU talks", Stance.OPPOSES, "djune"),  # no claimant: not in the networks
            claim("s24", "a4", "EU talks", Stance.NEUTRAL, "djune"),
            claim("s25", "a2", "EU talks", Stance.NEUTRAL, "djune"),
        ],
        published=datetime.date(2025, 6, 2),
    )
    new = Item(Document.create("d3", TEXT), None)
    return [first, second, new]


def found_statements():  # noqa: ANN201
    return statements(corpus(), ProjectView(SETTINGS).canonical)


def test_congruence_and_conflict_edges_and_weights() -> None:
    found, skipped = found_statements()
    assert skipped == 1
    congruence = one_mode(found, conflict=False)
    conflict = one_mode(found, conflict=True)
    # Pashinyan and Macron both oppose CSTO membership and both support EU talks: weight 2.
    assert congruence.edges["actor:a1", "actor:a3"]["weight"] == 2
    # Macron, Pashinyan and the EU support EU talks; the EU and Lavrov are both neutral on it.
    assert congruence.edges["actor:a1", "actor:a4"]["weight"] == 1 and congruence.edges["actor:a2", "actor:a4"]["weight"] == 1
    assert not congruence.has_edge("actor:a1", "actor:a2")
    # Lavrov (his merged entry counted as him) against Pashinyan on both topics, against Macron on both too.
    assert conflict.edges["actor:a1", "actor:a2"]["weight"] == 2 and conflict.edges["actor:a2", "actor:a3"]["weight"] == 2
    # Lavrov opposes EU talks that the EU supports: conflict; neutral against anything is no conflict.
    assert conflict.edges["actor:a2", "actor:a4"]["weight"] == 1
    assert not conflict.has_edge("actor:a1", "actor:a3")
    assert congruence.nodes["actor:a2"]["claims"] == 3 and congruence.nodes["actor:a2"]["label"] == "Sergei Lavrov"
    two = two_mode(found)
    assert two.edges["actor:a2", "topic:EU talks"]["opposes"] == 1 and two.edges["actor:a2", "topic:EU talks"]["neutral"] == 1


def test_topic_stance_type_and_date_window_filters() -> None:
    found, _ = found_statements()
    csto = one_mode(filter_statements(found, topic="CSTO membership"), conflict=False)
    assert set(csto.nodes) == {"actor:a1", "actor:a2", "actor:a3"} and csto.edges["actor:a1", "actor:a3"]["weight"] == 1
    opposing = filter_statements(found, stance=Stance.OPPOSES)
    assert {s.claim_id for s in opposing} == {"s10", "s12", "s22"}
    people = filter_statements(found, actor_type=ActorType.PERSON.value)
    assert "actor:a4" not in {s.actor for s in people}
    # 2025 only: the second article; its undated claim takes the article's date (2025-06-02).
    in_2025 = filter_statements(found, since="2025", until="2025")
    assert {s.claim_id for s in in_2025} == {"s20", "s21", "s22", "s24", "s25"}
    assert [s.dated_by_article for s in in_2025 if s.claim_id == "s21"] == [True]
    assert one_mode(in_2025, conflict=True).edges["actor:a1", "actor:a2"]["weight"] == 1
    may_2024 = filter_statements(found, since="2024-05", until="2024-05")
    assert {s.claim_id for s in may_2024} == {"s10", "s11", "s12", "s13"}
    assert filter_statements(found, since="2024-06", until="2025-05") == []


def test_layout_is_seeded_and_covers_every_node() -> None:
    found, _ = found_statements()
    graph = one_mode(found, conflict=False)
    positions = layout(graph)
    assert set(positions) == set(graph.nodes) and positions == layout(graph)


def test_timeline_lanes_dates_and_fallback() -> None:
    found, _ = found_statements()
    line = timeline(found)
    assert line.lanes[0] in ("Nikol Pashinyan", "Sergei Lavrov", "Emmanuel Macron", "European Union")
    assert len(line.points) == len(found) and line.undated == 0
    first = line.points[0]
    assert first.day == datetime.date(2024, 5, 3) and line.lanes[first.lane] in ("Nikol Pashinyan", "Sergei Lavrov", "Emmanuel Macron")
    fallback = next(p for p in line.points if p.statement.claim_id == "s21")
    assert fallback.day == datetime.date(2025, 6, 2) and fallback.statement.dated_by_article
    assert day_of("2024-03") == datetime.date(2024, 3, 1) and day_of("2024") == datetime.date(2024, 1, 1)
    assert day_of("PRESENT_REF") is None and day_of("2024-W12") is None and day_of("2024-02-30") is None


def test_counts_progress_spans_and_missing_links() -> None:
    counts = corpus_counts(corpus(), ["claim"])
    assert counts.documents == {"new": 1, "in progress": 1, "done": 1}
    assert counts.spans_per_label == {"claim": 10, "date": 2}
    assert counts.spans_per_document["d1"] == {"claim": 4, "date": 1} and counts.spans_per_document["d3"] == {}
    assert counts.claims == 10
    assert counts.without_claimant == 1 and counts.without_date == 1
    assert {(m.claim_id, m.missing) for m in counts.missing} == {("s23", ("claimant",)), ("s21", ("date",))}
    assert counts.as_json()["claims_without_date"] == 1
