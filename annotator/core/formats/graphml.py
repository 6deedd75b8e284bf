"""GraphML networks of who claims what, written by networkx, in Discourse Network Analyzer's terms.

Three files in the output folder:

* ``actor_topic.graphml``: the two-mode network, actors and topics (``bipartite`` 0 / 1),
  an edge per actor and topic with ``weight`` (claims) and ``supports``/``opposes``/``neutral``.
* ``congruence.graphml``: actors, an edge when two actors take the same stance on a topic;
  ``weight`` counts those (topic, stance) pairs.
* ``conflict.graphml``: an edge when two actors take opposite stances (supports / opposes) on a topic.

One-mode edges also carry DNA's normalisations: ``weight_average`` (weight divided by the
mean number of (topic, stance) pairs of the two actors, DNA's "average activity") and
``weight_jaccard`` (weight divided by the size of the union of their pairs). Actors are
canonical registry actors (merges followed), or the mention text for unlinked mentions.
Node ``label``s and numeric ``weight`` are what Gephi and visone read. With a time window
(``window="year"`` or ``"month"``; ``--option window=year``), each period of claim dates (the claim's
date value, else the article's publication date) also gets its three networks in a folder of its own.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from annotator.core.atomic import atomic_write
from annotator.core.model import ProjectSettings, Stance

from .common import ExportItem, ExportReport, Progress, ProjectView, claims_of, keep_going
from .registry import FormatSpec


@dataclass(frozen=True)
class Statement:
    actor: str  # node id: "actor:<id>" or "mention:<text>"
    actor_name: str
    actor_type: str
    topic: str
    stance: Stance | None
    when: str = ""  # the claim's date: its date span's TIMEX3 value, else the article's publication date


def claim_date(claim_span, spans, item: ExportItem) -> str:  # noqa: ANN001
    date_id = claim_span.claim.date_span_id if claim_span.claim else None
    date = spans.get(date_id) if date_id else None
    if date is not None and date.timex is not None and date.timex.type in ("DATE", "TIME"):
        return date.timex.value
    published = item.document.metadata.date
    return published.isoformat() if published else ""


def period(when: str, window: str) -> str | None:
    """The year (``2024``) or month (``2024-02``) of a TIMEX3 value; None when the value is less precise."""
    pattern = r"^(\d{4})" if window == "year" else r"^(\d{4}-\d{2})"
    match = re.match(pattern, when)
    return match.group(1) if match else None


def statements(items: Sequence[ExportItem], view: ProjectView) -> tuple[list[Statement], int]:
    """Claims with a claimant and a topic, and how many claims lacked one of them."""
    found: list[Statement] = []
    skipped = 0
    for item in items:
        spans = {span.id: span for span in item.spans}
        for claim_span in claims_of(item.spans):
            claim = claim_span.claim
            assert claim is not None
            ref = claim.claimant
            topic = " ".join(claim.topic.split())
            if ref is None or not topic:
                skipped += 1
                continue
            mention = spans.get(ref.span_id) if ref.span_id else None
            actor = view.canonical(mention.actor_id if mention is not None else ref.actor_id)
            when = claim_date(claim_span, spans, item)
            if actor is not None:
                found.append(Statement(f"actor:{actor.id}", actor.name, actor.type.value, topic, claim.stance, when))
            elif mention is not None:
                name = " ".join(mention.text.split())
                found.append(Statement(f"mention:{name}", name, "", topic, claim.stance, when))
            else:
                skipped += 1
    return found, skipped


def two_mode(found: Sequence[Statement]) -> nx.Graph:
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
    """Congruence (same stance on a topic) or conflict (supports against opposes)."""
    pairs: dict[str, set[tuple[str, Stance]]] = defaultdict(set)
    names: dict[str, tuple[str, str]] = {}
    for statement in found:
        names[statement.actor] = (statement.actor_name, statement.actor_type)
        if statement.stance is not None:
            pairs[statement.actor].add((statement.topic, statement.stance))
    graph = nx.Graph(name="conflict" if conflict else "congruence")
    for actor, (name, kind) in sorted(names.items()):
        graph.add_node(actor, label=name, kind="actor", actor_type=kind, statements=len(pairs[actor]))
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


def _graphml_bytes(graph: nx.Graph) -> bytes:
    return "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)).encode("utf-8")


def export_graphml(
    items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None, *, window: str | None = None
) -> ExportReport:
    """The three networks over all claims; with ``window`` ("year" or "month"), also one folder per period of claim dates."""
    if window not in (None, "", "year", "month"):
        raise ValueError(f"time window {window!r}: use year or month")
    report = ExportReport()
    if not keep_going(progress, 0, 3, "claims"):
        report.cancelled = True
        return report
    found, skipped = statements(items, ProjectView(settings))
    groups: dict[str, list[Statement]] = {"": found}
    undated = 0
    if window:
        for statement in found:
            key = period(statement.when, window)
            if key is None:
                undated += 1
            else:
                groups.setdefault(key, []).append(statement)
    jobs = [(folder, name, graph) for folder, group in sorted(groups.items()) for name, graph in _networks(group).items()]
    for done, (folder, name, graph) in enumerate(jobs, start=1):
        target = out / folder if folder else out
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{name}.graphml"
        atomic_write(path, _graphml_bytes(graph))
        report.written.append(path)
        if not keep_going(progress, done, len(jobs), path.name) and done < len(jobs):
            report.cancelled = True
            break
    report.documents = len(items)
    report.spans = len(found)
    if skipped:
        report.notes.append(f"{skipped} claim(s) without a claimant or a topic are not in the networks")
    if undated:
        report.notes.append(f"{undated} claim(s) have no {window} (no dated claim date or publication date): only in the overall networks")
    return report


def _networks(found: Sequence[Statement]) -> dict[str, nx.Graph]:
    return {"actor_topic": two_mode(found), "congruence": one_mode(found, conflict=False), "conflict": one_mode(found, conflict=True)}


FORMAT = FormatSpec(
    name="graphml",
    title="GraphML networks: actor x topic, congruence, conflict (networkx)",
    extensions=(".graphml",),
    output="folder",
    drops=("everything but claims with a claimant and a topic", "texts, offsets, targets, forms and notes"),
    exporter=export_graphml,
    requires="networkx",
    options=("window",),
)
