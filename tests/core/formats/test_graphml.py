"""GraphML networks, read back by networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from annotator.core.formats import export_items, get_format
from annotator.core.model import ActorRef, ClaimAttributes, Span, Stance

from ._support import make_project, sample_project


def test_two_mode_and_one_mode_networks_read_back(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    items, _ = export_items(store)
    get_format("graphml").exporter(items, store.settings, tmp_path / "net", None)
    two = nx.read_graphml(tmp_path / "net" / "actor_topic.graphml")
    assert two.nodes["actor:a1"]["label"] == "Nikol Pashinyan" and two.nodes["topic:CSTO membership"]["bipartite"] == 1
    edge = two.edges["actor:a1", "topic:CSTO membership"]
    assert (edge["weight"], edge["opposes"], edge["supports"]) == (2, 2, 0)
    assert two.edges["actor:a2", "topic:CSTO membership"]["supports"] == 1  # the Kremlin, merged into Russia
    conflict = nx.read_graphml(tmp_path / "net" / "conflict.graphml")
    assert conflict.edges["actor:a1", "actor:a2"]["weight"] == 1
    congruence = nx.read_graphml(tmp_path / "net" / "congruence.graphml")
    assert congruence.number_of_edges() == 0 and set(congruence.nodes) == {"actor:a1", "actor:a2"}


def claim(span_id: str, start: int, claimant: str, topic: str, stance: Stance) -> Span:
    return Span(
        id=span_id, start=start, end=start + 1, label="claim", text="x", claim=ClaimAttributes(claimant=ActorRef(actor_id=claimant), topic=topic, stance=stance)
    )


def test_congruence_normalisations(tmp_path: Path) -> None:
    from annotator.core.model import Actor

    actors = (Actor(id="a1", name="A"), Actor(id="a2", name="B"))
    spans = [
        claim("s1", 0, "a1", "t1", Stance.SUPPORTS),
        claim("s2", 1, "a1", "t2", Stance.SUPPORTS),
        claim("s3", 2, "a2", "t1", Stance.SUPPORTS),
        claim("s4", 3, "a2", "t2", Stance.OPPOSES),
        claim("s5", 4, "a2", "t3", Stance.OPPOSES),
    ]
    store = make_project(tmp_path / "p", {"d": ("x" * 10, spans)}, actors=actors)
    items, _ = export_items(store)
    get_format("graphml").exporter(items, store.settings, tmp_path / "net", None)
    congruence = nx.read_graphml(tmp_path / "net" / "congruence.graphml")
    edge = congruence.edges["actor:a1", "actor:a2"]
    # Shared pairs: (t1, supports). A has 2 pairs, B has 3; union 4.
    assert edge["weight"] == 1
    assert edge["weight_average"] == pytest.approx(1 / 2.5) and edge["weight_jaccard"] == pytest.approx(1 / 4)
    conflict = nx.read_graphml(tmp_path / "net" / "conflict.graphml")
    assert conflict.edges["actor:a1", "actor:a2"]["weight"] == 1  # t2
