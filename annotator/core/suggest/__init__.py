"""Recommenders: one module each, the common interface in ``base``; ``RECOMMENDERS`` lists them
by the name the CLI's ``--kinds`` and the window's toggles use."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.core.model import Document
from annotator.core.suggest.base import Recommender, SuggestContext, SuggestedSpan, Suggestion, SuggestionKind, without_rejected
from annotator.core.suggest.claims import ClaimRecommender
from annotator.core.suggest.dates import DateRecommender
from annotator.core.suggest.known_actors import ActorMatcher, KnownActorRecommender

__all__ = [
    "RECOMMENDERS",
    "ActorMatcher",
    "ClaimRecommender",
    "DateRecommender",
    "KnownActorRecommender",
    "Recommender",
    "SuggestContext",
    "SuggestedSpan",
    "Suggestion",
    "SuggestionKind",
    "make_recommenders",
    "suggest_document",
    "without_rejected",
]

RECOMMENDERS: dict[str, Callable[[], Recommender]] = {
    "dates": DateRecommender,
    "actors": KnownActorRecommender,
    "claims": ClaimRecommender,
}


def make_recommenders(kinds: Iterable[str] | None = None) -> list[Recommender]:
    """Fresh recommenders for ``kinds`` (names of ``RECOMMENDERS``; all when None)."""
    names = list(RECOMMENDERS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [name for name in names if name not in RECOMMENDERS]
    if unknown:
        raise ValueError(f"unknown suggestion kind {', '.join(map(repr, unknown))}; known: {', '.join(RECOMMENDERS)}")
    return [RECOMMENDERS[name]() for name in names]


def suggest_document(document: Document, context: SuggestContext, recommenders: Iterable[Recommender]) -> list[Suggestion]:
    """Every recommender's suggestions for one document, in text order."""
    found = [s for recommender in recommenders for s in recommender.suggest(document, context)]
    return sorted(found, key=lambda s: (s.start, -s.end, s.kind.value))
