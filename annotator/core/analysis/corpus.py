"""The whole corpus for the analyses, from the catalog and raw annotation files, and one call for all views.

``catalog_items`` needs no document text: the catalog gives each document's id and publication
date, annotation files come as (document id, bytes) as ``ProjectStore.iter_annotation_files``
yields them, and ``current`` holds the open documents' annotations, which win over their files.
``analyse`` computes what the Analysis dock shows; both are pure and run on a worker thread.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from annotator.core.model import Actor, AnnotationFile, ArticleMetadata, Span, Stance

from .counts import CorpusCounts, corpus_counts
from .network import Statement, filter_statements, layout, one_mode, statements
from .timeline import Timeline, timeline

if TYPE_CHECKING:  # networkx loads with the first network, not with every search
    import networkx as nx


@dataclass(frozen=True)
class CatalogDocument:
    id: str
    metadata: ArticleMetadata


@dataclass(frozen=True)
class CatalogItem:
    document: CatalogDocument
    annotations: AnnotationFile | None

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.annotations.spans if self.annotations else ()


def catalog_items(
    entries: Iterable[tuple[str, datetime.date | None]], files: Iterable[tuple[str, bytes]], current: Mapping[str, AnnotationFile]
) -> tuple[list[CatalogItem], list[str]]:
    """One item per catalog entry (id, publication date); files that fail validation are named in the problems."""
    loaded: dict[str, AnnotationFile] = {}
    problems: list[str] = []
    for doc_id, raw in files:
        if doc_id in current:
            continue
        try:
            loaded[doc_id] = AnnotationFile.model_validate_json(raw)
        except ValidationError as error:
            problems.append(f"annotations of {doc_id}: {error.error_count()} problem(s), left out of the analysis")
    loaded.update(current)
    items = [CatalogItem(CatalogDocument(doc_id, ArticleMetadata(date=published)), loaded.get(doc_id)) for doc_id, published in entries]
    return items, problems


@dataclass(frozen=True)
class NetworkFilter:
    topic: str | None = None
    stance: Stance | None = None
    actor_type: str | None = None
    since: str | None = None
    until: str | None = None
    conflict: bool = False  # False: congruence (agreement) edges; True: conflict edges


@dataclass(frozen=True)
class Analysis:
    statements: tuple[Statement, ...]  # every statement, unfiltered (for the filter choices)
    skipped: int  # claims without claimant or topic
    network: nx.Graph  # filtered, congruence or conflict
    positions: dict[str, tuple[float, float]]
    shown: tuple[Statement, ...]  # the filtered statements behind the network and timeline
    timeline: Timeline
    counts: CorpusCounts
    problems: tuple[str, ...] = ()

    def topics(self) -> list[str]:
        return sorted({s.topic for s in self.statements})

    def actor_types(self) -> list[str]:
        return sorted({s.actor_type for s in self.statements if s.actor_type})

    def claims_of(self, actor: str) -> list[Statement]:
        return [s for s in self.shown if s.actor == actor]

    def claims_between(self, first: str, second: str) -> list[Statement]:
        """The claims of two actors on the topics that make their edge."""
        topics = {s.topic for s in self.shown if s.actor == first} & {s.topic for s in self.shown if s.actor == second}
        return [s for s in self.shown if s.actor in (first, second) and s.topic in topics]


def analyse(
    items: Sequence[CatalogItem],
    canonical: Callable[[str | None], Actor | None],
    claim_labels: Iterable[str],
    wanted: NetworkFilter,
    problems: Sequence[str] = (),
) -> Analysis:
    found, skipped = statements(items, canonical)
    shown = filter_statements(found, topic=wanted.topic, stance=wanted.stance, actor_type=wanted.actor_type, since=wanted.since, until=wanted.until)
    graph = one_mode(shown, conflict=wanted.conflict)
    return Analysis(tuple(found), skipped, graph, layout(graph), tuple(shown), timeline(shown), corpus_counts(items, claim_labels), tuple(problems))
