"""Who claims what: statements from the coded claims and the networks over them, in DNA's terms.

One code path for the Analysis dock's actor network and the GraphML export (formats/graphml.py):

* ``statements``: each claim with a claimant and a topic, as (actor, topic, stance, date, where);
* ``filter_statements``: by topic, stance, actor type and a window of claim dates;
* ``two_mode``: actors and topics; ``one_mode``: congruence (same stance on a topic) or conflict
  (supports against opposes), with DNA's average-activity and Jaccard normalisations;
* ``layout``: node positions by networkx (seeded, so the same network draws the same way).

Actors are canonical registry actors (merges followed), or the mention text for unlinked mentions.
Pure: no I/O, no Qt.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.model import Actor, Span, Stance

from .base import CodedDocument

if TYPE_CHECKING:  # imported by the functions that build graphs: the searches use claim_date only
    import networkx as nx


@dataclass(frozen=True)
class Statement:
    actor: str  # node id: "actor:<id>" or "mention:<text>"
    actor_name: str
    actor_type: str
    topic: str
    stance: Stance | None
    when: str = ""  # the claim's date: its date span's TIMEX3 value, else the article's publication date
    document_id: str = ""
    claim_id: str = ""
    dated_by_article: bool = False  # ``when`` is the article's publication date, not the claim's own


def claim_date(claim_span: Span, spans: dict[str, Span], item: CodedDocument) -> tuple[str, bool]:
    """The claim's date and whether it is the article's date standing in for it ("" when neither)."""
    date_id = claim_span.claim.date_span_id if claim_span.claim else None
    date = spans.get(date_id) if date_id else None
    if date is not None and date.timex is not None and date.timex.type in ("DATE", "TIME"):
        return date.timex.value, False
    published = item.document.metadata.date
    return (published.isoformat(), True) if published else ("", False)


def period(when: str, window: str) -> str | None:
    """The year (``2024``) or month (``2024-02``) of a TIMEX3 value; None when the value is less precise."""
    pattern = r"^(\d{4})" if window == "year" else r"^(\d{4}-\d{2})"
    match = re.match(pattern, when)
    return match.group(1) if match else None


def statements(items: Iterable[CodedDocument], canonical: Callable[[str | None], Actor | None]) -> tuple[list[Statement], int]:
    """Claims with a claimant and a topic, and how many claims lacked one of them."""
    found: list[Statement] = []
    skipped = 0
    for item in items:
        spans = {span.id: span for span in item.spans}
        for claim_span in (span for span in item.spans if span.claim is not None):
            claim = claim_span.claim
            assert claim is not None
            ref = claim.claimant
            topic = " ".join(claim.topic.split())
            if ref is None or not topic:
                skipped += 1
                continue
            mention = spans.get(ref.span_id) if ref.span_id else None
            actor = canonical(mention.actor_id if mention is not None else ref.actor_id)
            when, by_article = claim_date(claim_span, spans, item)
            where = {"document_id": item.document.id, "claim_id": claim_span.id, "dated_by_article": by_article}
            if actor is not None:
                found.append(Statement(f"actor:{actor.id}", actor.name, actor.type.value, topic, claim.stance, when, **where))
            elif mention is not None:
                name = " ".join(mention.text.split())
                found.append(Statement(f"mention:{name}", name, "", topic, claim.stance, when, **where))
            else:
                skipped += 1
    return found, skipped


def filter_statements(
    found: Iterable[Statement],
    *,
    topic: str | None = None,
    stance: Stance | None = None,
    actor_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Statement]:
    """Statements on ``topic``, with ``stance``, by actors of ``actor_type``, dated in [since, until].

    Dates are TIMEX3 values compared as text on the precision of the bound ("2024" keeps all of 2024,
    "2024-03" all of March); a window leaves out statements without a date.
    """
    kept = []
    for statement in found:
        if topic is not None and statement.topic != topic:
            continue
        if stance is not None and statement.stance is not stance:
            continue
        if actor_type is not None and statement.actor_type != actor_type:
            continue
        if since or until:
            if not re.match(r"^\d{4}", statement.when):
                continue
            if since and statement.when[: len(since)] < since:
                continue
            if until and statement.when[: len(until)] > until:
                continue
        kept.append(statement)
    return kept


def two_mode(found: Sequence[Statement]) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph(name="actor x topic")
    for statement in found:
        graph.add_node(statement.actor, label=statement.actor_name, kind="actor", actor_type=statement.actor_type, bipartite=0)
        topic_node = f"topic:{statement.topic}"
        graph.add_node(topic_node, label=statement.topic, kind="topic", actor_type="", bipartite=1)
        if not graph.has_edge(statement.actor, topic_node):
            graph.add_edge(statement.actor, topic_node, weight=0, supports=0, opposes=0, neutral=0)
        edge = graph.edges[statement.actor, topic_node]
        edge["weight"] += 1
        if statement.stance is not None:
            edge[statement.stance.value] += 1
    return graph


def one_mode(found: Sequence[Statement], *, conflict: bool) -> nx.Graph:
    """Congruence (same stance on a topic) or conflict (supports against opposes).

    Nodes carry ``statements`` (distinct (topic, stance) pairs, DNA's measure) and ``claims``
    (every claim of the actor, what the view sizes nodes by).
    """
    import networkx as nx

    pairs: dict[str, set[tuple[str, Stance]]] = defaultdict(set)
    names: dict[str, tuple[str, str]] = {}
    claims: dict[str, int] = defaultdict(int)
    for statement in found:
        names[statement.actor] = (statement.actor_name, statement.actor_type)
        claims[statement.actor] += 1
        if statement.stance is not None:
            pairs[statement.actor].add((statement.topic, statement.stance))
    graph = nx.Graph(name="conflict" if conflict else "congruence")
    for actor, (name, kind) in sorted(names.items()):
        graph.add_node(actor, label=name, kind="actor", actor_type=kind, statements=len(pairs[actor]), claims=claims[actor])
    for first, second in itertools.combinations(sorted(pairs), 2):
        mine, theirs = pairs[first], pairs[second]
        if conflict:
            weight = sum(1 for topic, stance in mine if stance is not Stance.NEUTRAL and (topic, _opposite(stance)) in theirs)
        else:
            weight = len(mine & theirs)
        if weight:
            union = len(mine | theirs)
            graph.add_edge(first, second, weight=weight, weight_average=weight / ((len(mine) + len(theirs)) / 2), weight_jaccard=weight / union)
    return graph


def _opposite(stance: Stance) -> Stance:
    return Stance.OPPOSES if stance is Stance.SUPPORTS else Stance.SUPPORTS


def networks(found: Sequence[Statement]) -> dict[str, nx.Graph]:
    return {"actor_topic": two_mode(found), "congruence": one_mode(found, conflict=False), "conflict": one_mode(found, conflict=True)}


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1], by networkx's spring layout (seeded: the same graph, the same picture)."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    positions = nx.spring_layout(graph, seed=seed, weight="weight")
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}
