"""Recommenders: one module each, the common interface in ``base``; ``RECOMMENDERS`` lists them
by the name the CLI's ``--kinds`` and the window's toggles use (``kinds.py`` names them without
loading them). ``DEFAULT_KINDS`` are the ones that run unless asked otherwise: an optional
recommender (``optional = True``: named entities, which need spaCy and a model) runs only when
asked for, and ``unavailable()`` says why it cannot.

The recommender modules load on first use (``recommenders()``, or a name below read from this
package): a window's start does not pay for their automata and regular expressions."""

from __future__ import annotations

import functools
import importlib
import operator
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from annotator.core.model import Document
from annotator.core.suggest.base import Recommender, SuggestContext, SuggestedSpan, Suggestion, SuggestionKind, without_rejected
from annotator.core.suggest.kinds import DEFAULT_KINDS, RECOMMENDER_KINDS

if TYPE_CHECKING:
    from annotator.core.suggest.claims import ClaimRecommender
    from annotator.core.suggest.dates import DateRecommender
    from annotator.core.suggest.known_actors import ActorMatcher, KnownActorRecommender
    from annotator.core.suggest.named_entities import NamedEntityRecommender

__all__ = [
    "DEFAULT_KINDS",
    "RECOMMENDERS",
    "RECOMMENDER_KINDS",
    "ActorMatcher",
    "ClaimRecommender",
    "DateRecommender",
    "KnownActorRecommender",
    "NamedEntityRecommender",
    "Recommender",
    "SuggestContext",
    "SuggestedSpan",
    "Suggestion",
    "SuggestionKind",
    "in_text_order",
    "make_recommenders",
    "recommenders",
    "suggest_document",
    "unavailable",
    "without_rejected",
]

# What this package offers from the recommender modules, loaded when first read (PEP 562).
_LOADED_ON_USE = {
    "ClaimRecommender": "claims",
    "DateRecommender": "dates",
    "ActorMatcher": "known_actors",
    "KnownActorRecommender": "known_actors",
    "NamedEntityRecommender": "named_entities",
}


def __getattr__(name: str) -> object:
    if name == "RECOMMENDERS":
        return recommenders()
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


@functools.cache
def recommenders() -> dict[str, Callable[[], Recommender]]:
    """Each recommender's factory by its name (``RECOMMENDER_KINDS``, in that order); loads them."""
    from annotator.core.suggest.claims import ClaimRecommender
    from annotator.core.suggest.dates import DateRecommender
    from annotator.core.suggest.known_actors import KnownActorRecommender
    from annotator.core.suggest.named_entities import NamedEntityRecommender

    return {"dates": DateRecommender, "actors": KnownActorRecommender, "claims": ClaimRecommender, "ner": NamedEntityRecommender}


def make_recommenders(kinds: Iterable[str] | None = None) -> list[Recommender]:
    """Fresh recommenders for ``kinds`` (names of ``RECOMMENDERS``; ``DEFAULT_KINDS`` when None)."""
    names = list(DEFAULT_KINDS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [name for name in names if name not in RECOMMENDER_KINDS]
    if unknown:
        raise ValueError(f"unknown suggestion kind {', '.join(map(repr, unknown))}; known: {', '.join(RECOMMENDER_KINDS)}")
    factories = recommenders()
    return [factories[name]() for name in names]


def suggest_document(document: Document, context: SuggestContext, recommenders: Iterable[Recommender]) -> list[Suggestion]:
    """Every recommender's suggestions for one document, in text order (``_text_order``)."""
    found = [s for recommender in recommenders for s in recommender.suggest(document, context)]
    known = {(s.start, s.end) for s in found if s.kind is SuggestionKind.ACTOR} if SuggestionKind.NAMED_ENTITY in set(map(_kind, found)) else None
    if known:  # a named entity the known-actor matcher found too is proposed once, as the known actor
        found = [s for s in found if s.kind is not SuggestionKind.NAMED_ENTITY or (s.start, s.end) not in known]
    return in_text_order(found)


_kind, _start, _end = operator.attrgetter("kind"), operator.attrgetter("start"), operator.attrgetter("end")


def in_text_order(found: list[Suggestion]) -> list[Suggestion]:
    """``sorted(found, key=_text_order)``, in place: three stable sorts from the last key to the
    first, each by an attribute (no Python call per suggestion; ``reverse=True`` keeps ties in
    their order too). tests/core/test_suggest_scan.py compares it with the one sort."""
    found.sort(key=_kind)
    found.sort(key=_end, reverse=True)
    found.sort(key=_start)
    return found


def _text_order(s: Suggestion) -> tuple[int, int, str]:
    return (s.start, -s.end, s.kind)  # a str enum orders by its value


def unavailable(kinds: Iterable[str], ner_model: str | None = None) -> str | None:
    """Why one of ``kinds`` cannot run here (named entities without spaCy or the model: a message
    that says how to install them), or None. Cheap: it loads nothing but for named entities."""
    if "ner" not in kinds:
        return None
    from annotator.core.suggest.named_entities import unavailable as ner_unavailable

    return ner_unavailable(ner_model)
