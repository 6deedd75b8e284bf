"""Work the recommenders share through the context: the date finder runs once per document and
context, the actor automaton is built and run once, and nothing of one text leaks into another."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from annotator.core.actors import ActorRegistry
from annotator.core.dates import finder as date_finder
from annotator.core.model import Actor, Document
from annotator.core.suggest import ActorMatcher, SuggestContext, make_recommenders, suggest_document

REGISTRY = ActorRegistry([Actor(id="pashinyan", name="Nikol Pashinyan", aliases=("Pashinyan",)), Actor(id="armenia", name="Armenia")])
TEXT = "Pashinyan said on Friday that Armenia had frozen its participation. Armenia will decide by March."
OTHER = "Nothing happened on Monday, Pashinyan said again to reporters in the capital."


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counted = {"find_dates": 0, "matches": 0, "automata": 0}
    find_dates, matches, init = date_finder.find_dates, ActorMatcher.matches, ActorMatcher.__init__

    def counting_find_dates(*args: object, **kwargs: object):  # noqa: ANN202
        counted["find_dates"] += 1
        return find_dates(*args, **kwargs)

    def counting_matches(self: ActorMatcher, text: str):  # noqa: ANN202
        counted["matches"] += 1
        return matches(self, text)

    def counting_init(self: ActorMatcher, *args: object, **kwargs: object) -> None:
        counted["automata"] += 1
        init(self, *args, **kwargs)

    monkeypatch.setattr(date_finder, "find_dates", counting_find_dates)
    monkeypatch.setattr(ActorMatcher, "matches", counting_matches)
    monkeypatch.setattr(ActorMatcher, "__init__", counting_init)
    return counted


def test_one_run_finds_dates_and_actor_matches_once(calls: dict[str, int]) -> None:
    context = SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23))
    found = suggest_document(Document.create("d", TEXT), context, make_recommenders())
    assert {s.kind.value for s in found} == {"dates", "actors", "claims"}
    assert calls == {"find_dates": 1, "matches": 1, "automata": 1}


def test_shared_results_are_those_of_each_recommender_alone(calls: dict[str, int]) -> None:
    document = Document.create("d", TEXT)
    together = suggest_document(document, SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23)), make_recommenders())
    alone = [s for r in make_recommenders() for s in r.suggest(document, SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23)))]
    assert sorted(together, key=lambda s: s.key) == sorted(alone, key=lambda s: s.key)


def test_a_context_shared_by_articles_keeps_each_text_apart(calls: dict[str, int]) -> None:
    context = SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23))
    recommenders = make_recommenders()
    first = suggest_document(Document.create("a", TEXT), context, recommenders)
    second = suggest_document(Document.create("b", OTHER), context, recommenders)
    assert all(s.text == OTHER[s.start : s.end] for s in second)
    assert [s.text for s in second if s.kind.value == "dates"] == ["Monday"]
    again = suggest_document(Document.create("a", TEXT), dataclasses.replace(context), recommenders)
    assert again == first
    # one automaton for the registry, reused by the next context over the same registry (the CLI
    # makes one context per article); the finder and the matcher once per text and context
    assert calls == {"find_dates": 3, "matches": 3, "automata": 1}


def test_the_kinds_named_without_loading_the_recommenders_are_theirs() -> None:
    """kinds.py names the recommenders for the menu and the CLI before they load: the same names,
    in the same order, and the optional ones are those whose class says so."""
    from annotator.core.suggest import DEFAULT_KINDS, RECOMMENDER_KINDS, RECOMMENDERS, recommenders

    assert tuple(recommenders()) == RECOMMENDER_KINDS and RECOMMENDERS is recommenders()
    assert DEFAULT_KINDS == tuple(kind for kind, factory in recommenders().items() if not getattr(factory, "optional", False))
