"""GraphML networks of who claims what (built in core/analysis/network.py, as the Analysis dock's), written by networkx, in Discourse Network Analyzer's terms.

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

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from annotator.core.analysis.network import Statement, networks, period, statements
from annotator.core.atomic import atomic_write
from annotator.core.model import ProjectSettings

from .common import ExportItem, ExportReport, Progress, ProjectView, keep_going
from .registry import FormatSpec


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
    found, skipped = statements(items, ProjectView(settings).canonical)
    groups: dict[str, list[Statement]] = {"": found}
    undated = 0
    if window:
        for statement in found:
            key = period(statement.when, window)
            if key is None:
                undated += 1
            else:
                groups.setdefault(key, []).append(statement)
    jobs = [(folder, name, graph) for folder, group in sorted(groups.items()) for name, graph in networks(group).items()]
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
