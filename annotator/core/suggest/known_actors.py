"""Known-actor suggestions: every registry name and alias, and every text already tagged and
linked anywhere in the corpus, found in the article with one Aho-Corasick automaton.

Rules: whole words only, and not the first part of a hyphenated compound ("Russia-led"); a
mention spelt as the pattern, or capitalised where the pattern is not ("the Kremlin" / "The
Kremlin"), or in capitals ("PASHINYAN") matches; patterns of one
letter are never used and patterns of two letters only match spelt exactly ("US" but not "us");
a possessive "'s" stays outside the mention ("Pashinyan's" -> "Pashinyan"); where matches overlap
the longest wins, then the earliest. Each suggestion carries the actor it links to.
"""

from __future__ import annotations

from collections.abc import Mapping

import ahocorasick

from annotator.core.actors import ActorRegistry, strip_possessive
from annotator.core.model import Document, LabelKind
from annotator.core.suggest.base import SuggestContext, Suggestion, SuggestionKind, builder
from annotator.core.suggest.scan import IntervalSet


def _lower(text: str) -> str:
    """Lower case, one code point for one, so offsets into it are offsets into ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)  # "İ" lowers to two code points


def _case_fits(found: str, pattern: str) -> bool:
    if found == pattern:
        return True
    if len(pattern) <= 2:
        return False
    if found[1:] == pattern[1:] and pattern[0].islower() and found[0] == pattern[0].upper():
        return True  # "the Kremlin" starting a sentence
    return found.isupper() and found == pattern.upper()


class ActorMatcher:
    """The automaton over a registry and the corpus's linked texts; build once, match many articles."""

    def __init__(self, registry: ActorRegistry, linked_texts: Mapping[str, str] = ()) -> None:
        patterns: dict[str, dict[str, str]] = {}  # lowered -> {spelling: actor id}

        def add(text: str, actor_id: str) -> None:
            form = strip_possessive(text)
            if len(form) < 2 or not any(c.isalnum() for c in form):
                return  # a single letter or punctuation would match everywhere
            actor = registry.resolve(actor_id)
            if actor is None or actor.retired:
                return
            patterns.setdefault(_lower(form), {}).setdefault(form, actor.id)

        for actor in registry.active():
            for name in (actor.name, *actor.aliases):
                add(name, actor.id)
        for text, actor_id in dict(linked_texts).items():
            add(text, actor_id)
        self._automaton: ahocorasick.Automaton | None = None
        if patterns:
            automaton = ahocorasick.Automaton()
            for lowered, spellings in patterns.items():
                automaton.add_word(lowered, (len(lowered), _fitting_forms(spellings)))
            automaton.make_automaton()
            self._automaton = automaton

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, actor id) of every mention, longest first where they overlap, in text order."""
        if self._automaton is None or not text:
            return []
        candidates: list[tuple[int, int, str]] = []
        size = len(text)
        for last, (length, forms) in self._automaton.iter(_lower(text)):
            end = last + 1
            start = end - length
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < size:
                after = text[end]
                if after.isalnum() or (after == "-" and text[end + 1 : end + 2].isalpha()):
                    continue  # inside a word, or part of a compound ("Russia-led", "Armenian-populated")
            actor_id = forms.get(text[start:end])
            if actor_id is not None:
                candidates.append((start, end, actor_id))
        return _longest_first(candidates)


def _longest_first(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The candidates kept where they overlap: the longest first, then the earliest, each kept
    unless it overlaps one kept before; in text order. Only candidates that overlap (a run
    whose spans reach into each other) need choosing; the others, most of them, are kept as
    they are. Each (start, end) is a candidate once (one pattern per lowered text)."""
    candidates.sort()
    chosen: list[tuple[int, int, str]] = []
    count = len(candidates)
    first = 0
    while first < count:
        reach = candidates[first][1]
        after = first + 1
        while after < count and candidates[after][0] < reach:
            reach = max(reach, candidates[after][1])
            after += 1
        if after == first + 1:
            chosen.append(candidates[first])
        else:
            base = candidates[first][0]
            taken = bytearray(reach - base)  # linear in the run's length, however many overlap
            kept: list[tuple[int, int, str]] = []
            for candidate in sorted(candidates[first:after], key=_by_length):
                start, end = candidate[0] - base, candidate[1] - base
                if taken.find(1, start, end) < 0:
                    taken[start:end] = b"\x01" * (end - start)
                    kept.append(candidate)
            chosen.extend(sorted(kept))
        first = after
    return chosen


def _by_length(candidate: tuple[int, int, str]) -> tuple[int, int]:
    return (candidate[0] - candidate[1], candidate[0])


def _fitting_forms(spellings: Mapping[str, str]) -> dict[str, str]:
    """Every text that fits one of a pattern's spellings by ``_case_fits`` (the spelling, its
    capitalised form, its capitals), with the actor of the first spelling it fits, so a match
    is one dictionary look-up. A fitting text has as many code points as the spelling (the
    automaton matched that many), so forms of another length are left out."""
    forms: dict[str, str] = {}
    for spelling, actor_id in spellings.items():
        for form in (spelling, spelling[:1].upper() + spelling[1:], spelling.upper()):
            if len(form) == len(spelling) and _case_fits(form, spelling):
                forms.setdefault(form, actor_id)
    return forms


class MatcherCache:
    """The automaton of a context, shared by the recommenders that match actors (known actors,
    claims) through ``SuggestContext.shared``, and kept for the next context that has the same
    registry and linked texts (the CLI makes one context per article, over one registry)."""

    def __init__(self) -> None:
        self._held: tuple[ActorRegistry, Mapping[str, str], ActorMatcher] | None = None

    def matcher(self, context: SuggestContext) -> ActorMatcher:
        def build() -> ActorMatcher:
            held = self._held
            if held is not None and held[0] is context.registry and held[1] is context.linked_texts:
                return held[2]
            return ActorMatcher(context.registry, context.linked_texts)

        matcher = context.shared("actor matcher", None, build)
        self._held = (context.registry, context.linked_texts, matcher)
        return matcher

    def matches(self, context: SuggestContext, text: str) -> list[tuple[int, int, str]]:
        """The matcher's (start, end, actor id) in ``text``, found once per context and text."""
        return context.shared("actor matches", text, lambda: self.matcher(context).matches(text))


_suggestion = builder(Suggestion, "document_id", "kind", "label", "start", "end", "text", "actor_id", "score")


class KnownActorRecommender:
    name = "actors"
    kind = SuggestionKind.ACTOR

    def __init__(self) -> None:
        self._matchers = MatcherCache()

    def matcher(self, context: SuggestContext) -> ActorMatcher:
        """One automaton per context (a corpus run shares it across articles)."""
        return self._matchers.matcher(context)

    def suggest(self, document: Document, context: SuggestContext) -> list[Suggestion]:
        label = context.label_for(LabelKind.ACTOR)
        if label is None:
            return []
        taken = IntervalSet((s.start, s.end) for s in context.spans_of(LabelKind.ACTOR))
        text, doc_id, kind = document.text, document.id, self.kind
        matches = self._matchers.matches(context, text)
        if taken:
            matches = [m for m in matches if not taken.overlaps(m[0], m[1])]  # already tagged by the coder
        return [
            _suggestion(doc_id, kind, label, start, end, text[start:end], actor_id, 0.9) for start, end, actor_id in matches
        ]  # a match is 2 code points or more
