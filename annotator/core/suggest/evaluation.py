"""Precision and recall of the recommenders on a gold set (``tests/core/suggest_gold.json``).

The gold documents are coded in order, as a coder would: each is suggested with a registry of
the actors the earlier documents named and every mention text they linked, which is what the
known-actor recommender learns from. Matches: an actor suggestion is right when its span and
its actor are the gold's; a date when its span is; a claim when its extent overlaps a gold claim
by at least ``CLAIM_OVERLAP`` (intersection over union of the code points), one to one; the
claimant is right when it resolves to the gold claim's actor (over matched claims).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotator.core.actors import ActorRegistry, resolve_text
from annotator.core.model import Actor, Document
from annotator.core.suggest import SuggestContext, Suggestion, make_recommenders

CLAIM_OVERLAP = 0.8


@dataclass
class Score:
    found: int = 0
    gold: int = 0
    right: int = 0
    claimants_right: int = 0
    values_right: int = 0
    per_document: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # found, gold, right

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    def add(self, doc_id: str, found: int, gold: int, right: int) -> None:
        self.found += found
        self.gold += gold
        self.right += right
        self.per_document[doc_id] = (found, gold, right)


def _actor_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:100] or "actor"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def evaluate(gold_documents: Sequence[dict], read_text: Callable[[str], str]) -> dict[str, Score]:
    """Scores per recommender ("actors", "claims", "dates") over ``gold_documents`` in order;
    ``read_text(source)`` gives the text of a document stored as a file."""
    scores = {"actors": Score(), "claims": Score(), "dates": Score()}
    actors: dict[str, Actor] = {}
    linked: dict[str, str] = {}
    for entry in gold_documents:
        text = entry["text"] if entry.get("text") is not None else read_text(entry["source"])
        document = Document.create(entry["id"], text)
        registry = ActorRegistry(actors.values())
        context = SuggestContext(registry=registry, linked_texts=dict(linked), dct=datetime.date.fromisoformat(entry["dct"]))
        found: dict[str, list[Suggestion]] = {r.name: r.suggest(document, context) for r in make_recommenders()}
        _score_actors(scores["actors"], entry, found["actors"])
        _score_dates(scores["dates"], entry, found["dates"])
        _score_claims(scores["claims"], entry, found["claims"], registry, linked)
        for gold in entry["actors"]:  # now the coder has coded this document
            actor = actors.setdefault(gold["actor"], Actor(id=_actor_id(gold["actor"]), name=gold["actor"]))
            linked.setdefault(gold["text"], actor.id)
    return scores


def _score_actors(score: Score, entry: dict, found: list[Suggestion]) -> None:
    gold = {(g["start"], g["end"]): _actor_id(g["actor"]) for g in entry["actors"]}
    right = sum(1 for s in found if gold.get((s.start, s.end)) == s.actor_id)
    score.add(entry["id"], len(found), len(gold), right)


def _score_dates(score: Score, entry: dict, found: list[Suggestion]) -> None:
    gold = {(g["start"], g["end"]): g["value"] for g in entry["dates"]}
    hits = [s for s in found if (s.start, s.end) in gold]
    score.values_right += sum(1 for s in hits if s.timex is not None and s.timex.value == gold[(s.start, s.end)])
    score.add(entry["id"], len(found), len(gold), len(hits))


def _score_claims(score: Score, entry: dict, found: list[Suggestion], registry: ActorRegistry, linked: dict[str, str]) -> None:
    unmatched = list(entry["claims"])
    right = 0
    for suggestion in found:
        best = max(unmatched, key=lambda g: _overlap((g["start"], g["end"]), (suggestion.start, suggestion.end)), default=None)
        if best is None or _overlap((best["start"], best["end"]), (suggestion.start, suggestion.end)) < CLAIM_OVERLAP:
            continue
        unmatched.remove(best)
        right += 1
        wanted = _actor_id(best["claimant"])
        if claimant_of(suggestion, registry, linked) == wanted or _names_in_text(suggestion, entry, wanted):
            score.claimants_right += 1
    score.add(entry["id"], len(found), len(entry["claims"]), right)


def _names_in_text(suggestion: Suggestion, entry: dict, wanted: str) -> bool:
    """The claimant span overlaps a gold mention of the wanted actor (accepting it links that mention)."""
    span = suggestion.claimant
    return span is not None and any(g["start"] < span.end and span.start < g["end"] and _actor_id(g["actor"]) == wanted for g in entry["actors"])


def claimant_of(suggestion: Suggestion, registry: ActorRegistry, linked: dict[str, str]) -> str | None:
    """The registry actor a claim suggestion names as its claimant, if any."""
    if suggestion.claimant_actor_id:
        return suggestion.claimant_actor_id
    if suggestion.claimant is None:
        return None
    if suggestion.claimant.actor_id:
        return suggestion.claimant.actor_id
    text = suggestion.claimant.text
    actor = resolve_text(registry, text, [a for t, a in linked.items() if t == text]).actor
    return actor.id if actor is not None else None


def known_actor_recall(first: dict, second: dict, read_text: Callable[[str], str]) -> tuple[float, list[str]]:
    """Recall of the known-actor recommender in ``second`` after ``first`` is coded, over the
    mentions of actors that ``first`` names (an actor never seen cannot be known); and the
    texts it missed."""
    actors = {g["actor"]: Actor(id=_actor_id(g["actor"]), name=g["actor"]) for g in first["actors"]}
    linked = {g["text"]: _actor_id(g["actor"]) for g in first["actors"]}
    text = second["text"] if second.get("text") is not None else read_text(second["source"])
    context = SuggestContext(registry=ActorRegistry(actors.values()), linked_texts=linked)
    found = {(s.start, s.end): s.actor_id for s in make_recommenders(["actors"])[0].suggest(Document.create(second["id"], text), context)}
    wanted = [g for g in second["actors"] if g["actor"] in actors]
    missed = [g["text"] for g in wanted if found.get((g["start"], g["end"])) != _actor_id(g["actor"])]
    return (1 - len(missed) / len(wanted)) if wanted else 0.0, missed
