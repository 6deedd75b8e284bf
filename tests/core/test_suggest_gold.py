"""The recommenders against the gold set (tests/core/suggest_gold.json): the targets of issue 9."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.suggest.evaluation import evaluate, known_actor_recall

REPO = Path(__file__).resolve().parents[2]
GOLD = json.loads(Path(__file__).with_name("suggest_gold.json").read_text(encoding="utf-8"))


def read(source: str) -> str:
    return (REPO / source).read_text(encoding="utf-8")


def test_gold_offsets_say_their_text() -> None:
    assert len(GOLD["documents"]) >= 12
    for entry in GOLD["documents"]:
        text = entry.get("text") or read(entry["source"])
        for item in (*entry["actors"], *entry["claims"], *entry["dates"]):
            assert text[item["start"] : item["end"]] == item["text"], (entry["id"], item)


def test_targets_on_the_gold_set() -> None:
    scores = evaluate(GOLD["documents"], read)
    claims, dates = scores["claims"], scores["dates"]
    assert claims.recall >= 0.7
    assert claims.claimants_right / claims.right >= 0.8
    assert claims.precision >= 0.7
    assert dates.recall >= 0.95 and dates.values_right / dates.right >= 0.95
    assert scores["actors"].precision >= 0.8


def test_known_actors_in_the_second_article_after_the_first_is_coded() -> None:
    first, second = GOLD["documents"][:2]
    recall, missed = known_actor_recall(first, second, read)
    assert recall >= 0.9, missed
