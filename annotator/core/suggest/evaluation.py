"""Precision and recall of the recommenders on a gold set (``tests/core/suggest_gold.json``).

The gold documents are coded in order, as a coder would: each is suggested with a registry of
the actors the earlier documents named and every mention text they linked, which is what the
known-actor recommender learns from. Matches: an actor suggestion is right when its span and
its actor are the gold's; a date when its span is; a claim when its extent overlaps a gold claim
by at least ``CLAIM_OVERLAP`` (intersection over union of the code points), one to one; the
claimant is right when it resolves to the gold claim's actor (over matched claims).

The claims' topic and stance guesses are measured leave-one-out (``claim_field_accuracy``, over
the codes of ``tests/core/suggest_gold_topics.json``): each gold claim's topic and stance guessed
as if every other gold claim were coded (the codebook holds every gold topic; the claim's
document's earlier claims are this article's coded claims), with or without the similar-claims
guess and the claimant's usual stance (core/suggest/similar_claims.py).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotator.core.actors import ActorRegistry, resolve_text
from annotator.core.mentions import CodedClaimText
from annotator.core.model import Actor, Document, Stance, Topic
from annotator.core.suggest import SuggestContext, Suggestion, make_recommenders
from annotator.core.suggest.claim_fields import CodedClaim, guess_stance, guess_topic
from annotator.core.suggest.claims import sentences
from annotator.core.suggest.similar_claims import ClaimTopicIndex, TopicGuess, usual_stance

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


@dataclass
class FieldScore:
    """Leave-one-out guesses of the claims' topic and stance: how many were right of ``total``."""

    total: int = 0
    topics_right: int = 0
    stances_right: int = 0
    misses: list[tuple[str, int, str, str | None]] = field(default_factory=list)  # (document, start, field, the wrong guess)

    @property
    def topic_accuracy(self) -> float:
        return self.topics_right / self.total if self.total else 0.0

    @property
    def stance_accuracy(self) -> float:
        return self.stances_right / self.total if self.total else 0.0


def claim_field_accuracy(gold_documents: Sequence[dict], codes: dict[str, list[dict]], read_text: Callable[[str], str], *, learned: bool = True) -> FieldScore:
    """Each gold claim's topic and stance guessed from all the other gold claims (``codes``: per
    document id, each claim's topic and stance in the order of ``gold_documents``' claims); with
    ``learned`` False, only what the sentence and the claimant's earlier topics say (the guesses
    before the similar-claims index)."""
    claims: list[tuple[str, dict, CodedClaimText]] = []
    texts: dict[str, str] = {}
    for entry in gold_documents:
        texts[entry["id"]] = entry["text"] if entry.get("text") is not None else read_text(entry["source"])
        for gold, code in zip(entry["claims"], codes[entry["id"]], strict=True):
            claims.append((entry["id"], gold, CodedClaimText(entry["id"], gold["text"], _actor_id(gold["claimant"]), code["topic"], Stance(code["stance"]))))
    topics = tuple(Topic(id=f"t{n}", name=name) for n, name in enumerate(dict.fromkeys(c.topic for _, _, c in claims)))
    score = FieldScore()
    for held, (doc_id, gold, wanted) in enumerate(claims):
        others = [c for n, (_, _, c) in enumerate(claims) if n != held]
        text = texts[doc_id]
        s_start, s_end = next(((a, b) for a, b in sentences(text) if a <= gold["start"] < b), (gold["start"], gold["end"]))
        earlier = [(g, c) for d, g, c in claims if d == doc_id and g["start"] < gold["start"]]
        coded = [CodedClaim(g["start"], c.actor_id or "", c.topic) for g, c in earlier]
        corpus: dict[str, list[str]] = {}
        for other in others:
            if other.actor_id and other.document_id != doc_id:
                corpus.setdefault(other.actor_id, []).append(other.topic)
        index = ClaimTopicIndex(others, topics) if learned else None
        actor_id = wanted.actor_id

        similar = _similar(index, gold["text"], actor_id) if index is not None else None
        topic = guess_topic(
            text[s_start:s_end], topics, actor_id=actor_id, start=gold["start"], coded=coded, corpus={a: tuple(t) for a, t in corpus.items()}, similar=similar
        )
        # the wording from the claim before it in the sentence (or the sentence's start) to its end
        wording_start = max([s_start, *(g["end"] for g, _ in earlier if s_start <= g["end"] <= gold["start"])])
        stance = guess_stance(text, wording_start, gold["end"], wording_start)
        if stance is None and learned and index is not None and topic and actor_id:
            stance = usual_stance([index.stance_counts(actor_id, topic)])
        score.total += 1
        score.topics_right += topic == wanted.topic
        score.stances_right += stance is wanted.stance
        if topic != wanted.topic:
            score.misses.append((doc_id, gold["start"], "topic", topic))
        if stance is not wanted.stance:
            score.misses.append((doc_id, gold["start"], "stance", stance.value if stance else None))
    return score


def _similar(index: ClaimTopicIndex, text: str, actor_id: str | None) -> Callable[[Callable[[str], str | None]], TopicGuess | None]:
    """The similar-claims guess ``guess_topic`` asks for, over ``index``, for the claim ``text`` by ``actor_id``."""
    return lambda names: index.guess(text, names, same_claimant=lambda other: other is not None and other == actor_id)
