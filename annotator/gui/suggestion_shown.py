"""Which of the open document's suggestion candidates are shown, kept current edit by edit.

A candidate is shown unless a span of the same (start, end, label) holds its place. An edit
changes what holds at most two places (the span's old and new one), so after an edit only the
candidates at those places are decided again (``update``): on a 1,000,000-character article
with 17,000 pending suggestions, deciding every candidate after each key took two frames.
A full ``ShownSuggestions`` is built when the candidates themselves change (a run landed, a
rejection, a kind switched on or off, another document shown).

Pure Python, no Qt; GUI thread only (it reads the live annotation set through ``held``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from annotator.core.suggest import Suggestion, in_text_order
from annotator.core.suggest.base import RejectionKey, SuggestionKind

Place = tuple[int, int, str]  # (start, end, label), as a span holds it
Candidate = tuple[Suggestion, Place]
Held = Callable[[Place], bool]
Change = tuple[bool, int, Place]  # (now shown, index in the shown list, its place)


def merge_candidates(
    pending: Iterable[Suggestion], computed: Iterable[Suggestion], rejected: frozenset[RejectionKey], kinds: frozenset[str]
) -> list[Candidate]:
    """The stored and computed suggestions of ``kinds``, less the ``rejected`` ones, one per key
    (the stored one first), in text order, each with its place. Pure: the suggestion worker makes
    it from snapshots, so a run's 17,000 results do not land as a sort on the GUI thread."""
    unique: dict[tuple, Suggestion] = {}
    for suggestion in (*pending, *computed):
        if suggestion.kind.value in kinds and suggestion.key not in rejected:
            unique.setdefault(suggestion.key, suggestion)
    return [(s, (s.start, s.end, s.label)) for s in in_text_order(list(unique.values()))]


def place_index(candidates: Sequence[Candidate]) -> dict[Place, list[int]]:
    """Which candidates (their positions) are at each place; made with the candidates, off the GUI thread where it can."""
    by_place: dict[Place, list[int]] = {}
    for ordinal, (_suggestion, place) in enumerate(candidates):
        by_place.setdefault(place, []).append(ordinal)
    return by_place


class ShownSuggestions:
    """``visible`` and ``places`` are the shown candidates in candidate order (by start), index for
    index; ``kind_counts`` counts them per kind. Mutated only by ``update``."""

    def __init__(self, candidates: Sequence[Candidate] = (), held: Held = lambda _place: False, by_place: dict[Place, list[int]] | None = None) -> None:
        self.candidates = candidates
        self._ordinals = [ordinal for ordinal, (_suggestion, place) in enumerate(candidates) if not held(place)]
        self.visible: list[Suggestion] = [candidates[ordinal][0] for ordinal in self._ordinals]
        self.places: list[Place] = [candidates[ordinal][1] for ordinal in self._ordinals]
        self.kind_counts: Counter[SuggestionKind] = Counter(suggestion.kind for suggestion in self.visible)
        self._by_place = by_place  # place_index(candidates); made at the first edit when not given

    def _index(self) -> dict[Place, list[int]]:
        if self._by_place is None:
            self._by_place = place_index(self.candidates)
        return self._by_place

    def update(self, places: Iterable[Place], held: Held) -> list[Change]:
        """Decide the candidates at ``places`` again; returns what changed, in the order it was
        applied: ``(True, index, place)`` a suggestion now shown at ``index``, ``(False, index,
        place)`` the one at ``index`` no longer shown (indices of ``visible`` at that moment)."""
        changes: list[Change] = []
        index = self._index()
        for place in places:
            ordinals = index.get(place)
            if not ordinals:
                continue
            shown = not held(place)
            for ordinal in ordinals:
                at = bisect_left(self._ordinals, ordinal)
                present = at < len(self._ordinals) and self._ordinals[at] == ordinal
                if shown == present:
                    continue
                suggestion = self.candidates[ordinal][0]
                if shown:
                    self._ordinals.insert(at, ordinal)
                    self.visible.insert(at, suggestion)
                    self.places.insert(at, place)
                    self.kind_counts[suggestion.kind] += 1
                else:
                    del self._ordinals[at], self.visible[at], self.places[at]
                    self.kind_counts[suggestion.kind] -= 1
                changes.append((shown, at, place))
        return changes


def moved_current(current: int | None, changes: Iterable[Change]) -> int | None:
    """Where the suggestion at ``current`` is after ``changes`` (``ShownSuggestions.update``); None once it is no longer shown."""
    for shown, at, _place in changes:
        if current is None:
            return None
        if shown and at <= current:
            current += 1
        elif not shown and at == current:
            return None
        elif not shown and at < current:
            current -= 1
    return current
