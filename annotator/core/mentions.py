"""Where each registry actor is mentioned across the corpus.

Built once from the annotation files (only the few fields needed are read),
then kept current by the GUI with ``update_document`` for open documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from annotator.core.actors import ActorRegistry
from annotator.core.model import Span, Stance

# coded_claims(exclude) tuples kept, the most recently asked: the open document's and a few before it
KEPT_CLAIM_TUPLES = 4


@dataclass(frozen=True)
class Mention:
    document_id: str
    span_id: str
    text: str
    start: int
    actor_id: str


@dataclass(frozen=True)
class CodedClaimText:
    """A claim the coder coded, as the claim recommender learns from it (core/suggest/similar_claims.py):
    its document, text, claimant actor (None: none that names an actor), topic (as typed) and stance."""

    document_id: str
    text: str
    actor_id: str | None
    topic: str
    stance: Stance | None = None


class MentionIndex:
    """``complete`` is False until the index has read the corpus (``from_files``): an empty
    index that has read nothing must not say that an actor is unused."""

    def __init__(self) -> None:
        self._by_document: dict[str, list[Mention]] = {}
        self._claim_refs: dict[str, list[str]] = {}  # per document: actor ids claims name directly
        self._coded: dict[str, tuple[CodedClaimText, ...]] = {}  # per document: its claims with a topic
        self._coded_all: dict[str | None, tuple[CodedClaimText, ...]] = {}  # coded_claims(exclude), until another document changes
        self.complete = False

    @classmethod
    def from_files(cls, files: Iterable[tuple[str, bytes]]) -> MentionIndex:
        index = cls()
        for doc_id, data in files:
            try:
                spans = orjson.loads(data).get("spans", [])
                index._by_document[doc_id] = [
                    Mention(doc_id, str(s["id"]), str(s["text"]), int(s["start"]), str(s["actor_id"]))
                    for s in spans
                    if isinstance(s, dict) and s.get("actor_id")
                ]
                index._claim_refs[doc_id] = [
                    str(ref["actor_id"])
                    for s in spans
                    if isinstance(s, dict) and isinstance(s.get("claim"), dict)
                    for ref in (s["claim"].get("claimant"), s["claim"].get("target"))
                    if isinstance(ref, dict) and ref.get("actor_id")
                ]
                index._coded[doc_id] = _coded_claims(doc_id, [s for s in spans if isinstance(s, dict)])
            except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
                continue  # a broken file is reported when it is opened, not here
        index.complete = True
        return index

    def update_document(self, doc_id: str, spans: Iterable[Span]) -> None:
        spans = list(spans)
        self._by_document[doc_id] = [Mention(doc_id, s.id, s.text, s.start, s.actor_id) for s in spans if s.actor_id]
        self._claim_refs[doc_id] = [
            ref.actor_id for s in spans if s.claim is not None for ref in (s.claim.claimant, s.claim.target) if ref is not None and ref.actor_id
        ]
        by_id = {s.id: s for s in spans}
        coded = tuple(
            CodedClaimText(doc_id, s.text, s.claim.claimant.actor_in(by_id) if s.claim.claimant else None, s.claim.topic, s.claim.stance)
            for s in spans
            if s.claim is not None and s.claim.topic.strip()
        )
        if coded != self._coded.get(doc_id):
            self._coded[doc_id] = coded
            self._coded_all = {exclude: claims for exclude, claims in self._coded_all.items() if exclude == doc_id}

    def coded_claims(self, exclude: str | None = None) -> tuple[CodedClaimText, ...]:
        """Every coded claim with a topic across the corpus but those of document ``exclude``, with
        its text, claimant and stance (the claim recommender's similar-claims topic guess and
        usual-stance guess). The same tuple until another document's claims change, so the
        recommender's index is built once per state: the window leaves out the open document,
        whose claims the recommender reads from it as they are, edit after edit."""
        held = self._coded_all.pop(exclude, None)  # put back last: the least recently asked goes first
        if held is None:
            held = tuple(claim for doc_id, claims in self._coded.items() if doc_id != exclude for claim in claims)
            while len(self._coded_all) >= KEPT_CLAIM_TUPLES:  # one per document asked: a day's browsing would keep hundreds
                del self._coded_all[next(iter(self._coded_all))]
        self._coded_all[exclude] = held
        return held

    def claim_topics(self) -> dict[str, tuple[str, ...]]:
        """Per claimant actor id, the topics of its claims across the corpus (for the claim
        recommender's topic guess; merged actors are resolved by the guess's registry)."""
        topics: dict[str, list[str]] = {}
        for claims in self._coded.values():
            for claim in claims:
                if claim.actor_id:
                    topics.setdefault(claim.actor_id, []).append(claim.topic)
        return {actor_id: tuple(found) for actor_id, found in topics.items()}

    def uses(self, registry: ActorRegistry) -> dict[str, int]:
        """Mentions plus claims that name the actor directly (claimant or target), per actor."""
        uses = self.counts(registry)
        for refs in self._claim_refs.values():
            for actor_id in refs:
                actor = registry.resolve(actor_id)
                if actor is not None:
                    uses[actor.id] = uses.get(actor.id, 0) + 1
        return uses

    def actors_linked_to(self, text: str) -> set[str]:
        """Ids of the actors that mentions spelt ``text`` (spacing aside) were linked to, anywhere."""
        wanted = " ".join(text.split())
        return {m.actor_id for mentions in self._by_document.values() for m in mentions if " ".join(m.text.split()) == wanted}

    def linked_texts(self) -> dict[str, str]:
        """Every mention text (spacing collapsed) with the actor it was linked to most often: what
        the known-actor recommender (core/suggest) proposes everywhere else."""
        votes: dict[str, dict[str, int]] = {}
        for mentions in self._by_document.values():
            for mention in mentions:
                per_actor = votes.setdefault(" ".join(mention.text.split()), {})
                per_actor[mention.actor_id] = per_actor.get(mention.actor_id, 0) + 1
        return {text: max(sorted(per_actor), key=per_actor.__getitem__) for text, per_actor in votes.items()}

    def counts(self, registry: ActorRegistry) -> dict[str, int]:
        """Mentions per actor, merged actors counted with the actor they became."""
        counts: dict[str, int] = {}
        for mentions in self._by_document.values():
            for mention in mentions:
                actor = registry.resolve(mention.actor_id)
                if actor is not None:
                    counts[actor.id] = counts.get(actor.id, 0) + 1
        return counts

    def mentions_of(self, actor_id: str, registry: ActorRegistry) -> list[Mention]:
        found = [
            mention
            for mentions in self._by_document.values()
            for mention in mentions
            if (actor := registry.resolve(mention.actor_id)) is not None and actor.id == actor_id
        ]
        return sorted(found, key=lambda m: (m.document_id, m.start))


def _coded_claims(doc_id: str, spans: list[dict]) -> tuple[CodedClaimText, ...]:
    """The claims of a document's spans (as stored: dicts) that have a topic and a text."""
    actor_of_span = {str(s.get("id")): s.get("actor_id") for s in spans}
    found = []
    for span in spans:
        claim = span.get("claim")
        if not isinstance(claim, dict) or not isinstance(claim.get("topic"), str) or not claim["topic"].strip() or not isinstance(span.get("text"), str):
            continue
        ref = claim.get("claimant")
        actor_id = (ref.get("actor_id") or actor_of_span.get(str(ref.get("span_id")))) if isinstance(ref, dict) else None
        try:
            stance = Stance(claim["stance"]) if claim.get("stance") else None
        except ValueError:
            stance = None
        found.append(CodedClaimText(doc_id, span["text"], actor_id if isinstance(actor_id, str) and actor_id else None, claim["topic"], stance))
    return tuple(found)
