"""``annotator stats``: progress, spans per label and claims without a claimant or a date, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import ActorRef, ClaimAttributes, Span
from tests.core.formats._support import make_project


def test_stats_counts_progress_labels_and_missing_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Pashinyan 🙂 said the CSTO failed. Lavrov disagreed."
    actor = Span(id="s1", start=0, end=9, label="actor", text="Pashinyan", actor_id="a1")
    said = text.index("said the CSTO failed")
    linked = Span(
        id="s2", start=said, end=said + 20, label="claim", text="said the CSTO failed", claim=ClaimAttributes(claimant=ActorRef(span_id="s1"), topic="CSTO")
    )
    bare = text.index("disagreed")
    lonely = Span(id="s3", start=bare, end=bare + 9, label="claim", text="disagreed")
    root = tmp_path / "p"
    store = make_project(root, {"d1": (text, [actor, linked, lonely]), "d2": ("Nothing coded.", [])})
    store.close()
    assert main(["stats", str(root), "--annotator", "maria"]) == 0
    out = capsys.readouterr().out
    assert "documents: 2 (0 done, 1 in progress, 1 new)" in out
    assert "spans: 3 (actor 1, claim 2)" in out
    assert "claims: 2; without a claimant: 1; without a date: 2" in out
    assert "d1 s3 “disagreed”: no claimant and no date" in out
    assert main(["stats", str(root), "--annotator", "maria", "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    assert numbers["documents"] == {"new": 1, "in progress": 1, "done": 0}
    assert numbers["spans_per_document"] == {"d1": {"actor": 1, "claim": 2}, "d2": {}}
    assert numbers["claims_without_claimant"] == 1 and numbers["claims_without_date"] == 2


def test_stats_on_a_missing_project_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(tmp_path / "nowhere")]) == 1
    assert "nowhere" in capsys.readouterr().err
