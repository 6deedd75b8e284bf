"""Where each registry actor is mentioned across the corpus.

Built once from the annotation files (only the few fields needed are read),
then kept current by the GUI with ``update_document`` for open documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from annotator.core.actors import ActorRegistry
from annotator.core.model import Span


@dataclass(frozen=True)
class Mention:
    document_id: str
    span_id: str
    text: str
    start: int
    actor_id: str


class MentionIndex:
    def __init__(self) -> None:
        self._by_document: dict[str, list[Mention]] = {}

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
            except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
                continue  # a broken file is reported when it is opened, not here
        return index

    def update_document(self, doc_id: str, spans: Iterable[Span]) -> None:
        self._by_document[doc_id] = [Mention(doc_id, s.id, s.text, s.start, s.actor_id) for s in spans if s.actor_id]

    def actors_linked_to(self, text: str) -> set[str]:
        """Ids of the actors that mentions spelt ``text`` (spacing aside) were linked to, anywhere."""
        wanted = " ".join(text.split())
        return {m.actor_id for mentions in self._by_document.values() for m in mentions if " ".join(m.text.split()) == wanted}

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
