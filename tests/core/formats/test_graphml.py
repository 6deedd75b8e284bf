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


def claim(span_id: str, start: int, claimant: str, topic: str, stance: Stance, date: str | None = None) -> Span:
    attributes = ClaimAttributes(claimant=ActorRef(actor_id=claimant), topic=topic, stance=stance, date_span_id=date)
    return Span(id=span_id, start=start, end=start + 1, label="claim", text="x", claim=attributes)


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


def test_time_windows_on_claim_dates(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from annotator import launcher
    from annotator.core.model import Actor, TimexValue

    actors = (Actor(id="a1", name="A"), Actor(id="a2", name="B"))
    spans = [
        Span(id="d1", start=0, end=1, label="date", text="x", timex=TimexValue(type="DATE", value="2023-05-01")),
        Span(id="d2", start=1, end=2, label="date", text="x", timex=TimexValue(type="DATE", value="2024-02")),
        claim("s1", 2, "a1", "t1", Stance.SUPPORTS, date="d1"),
        claim("s2", 3, "a2", "t1", Stance.OPPOSES, date="d2"),
        claim("s3", 4, "a2", "t1", Stance.SUPPORTS),  # no date, and the article has none: overall networks only
    ]
    make_project(tmp_path / "p", {"d": ("x" * 10, spans)}, actors=actors).close()
    code = launcher.main(["export", str(tmp_path / "p"), "--format", "graphml", str(tmp_path / "net"), "--annotator", "maria", "--option", "window=year"])
    assert code == 0
    assert "1 claim(s) have no year" in capsys.readouterr().err
    assert nx.read_graphml(tmp_path / "net" / "congruence.graphml").edges["actor:a1", "actor:a2"]["weight"] == 1
    assert set(nx.read_graphml(tmp_path / "net" / "2023" / "actor_topic.graphml").nodes) == {"actor:a1", "topic:t1"}
    assert set(nx.read_graphml(tmp_path / "net" / "2024" / "actor_topic.graphml").nodes) == {"actor:a2", "topic:t1"}
    assert launcher.main(["export", str(tmp_path / "p"), "--format", "graphml", str(tmp_path / "n2"), "--option", "window=week"]) == 1
    assert "time window 'week'" in capsys.readouterr().err
