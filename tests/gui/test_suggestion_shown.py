"""ShownSuggestions (gui/suggestion_shown.py): deciding again only the places an edit touched
gives what deciding every candidate gives, and the current suggestion follows its index."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggest import Suggestion
from annotator.core.suggest.base import SuggestionKind
from annotator.gui.suggestion_shown import ShownSuggestions, merge_candidates, moved_current, place_index

TEXT = "abcdefghijklmnopqrstuvwxyz" * 2
PLACES = [(start, start + length, label) for start in range(0, 12, 3) for length in (2, 4) for label in ("DATE", "ACTOR")]


def candidates(kinds: list[int]) -> list[tuple[Suggestion, tuple[int, int, str]]]:
    made = []
    for number, (start, end, label) in enumerate(PLACES):
        kind = (SuggestionKind.DATE, SuggestionKind.ACTOR)[kinds[number % len(kinds)]]
        made.append(Suggestion(kind=kind, document_id="d", start=start, end=end, label=label, text=TEXT[start:end]))
    return [(s, (s.start, s.end, s.label)) for s in sorted(made, key=lambda s: (s.start, -s.end, s.kind.value))]


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.lists(st.integers(0, 1), min_size=1, max_size=4),
    held_first=st.sets(st.sampled_from(PLACES)),
    toggles=st.lists(st.sampled_from(PLACES), max_size=30),
    current=st.integers(0, len(PLACES)),
)
def test_updating_the_touched_places_equals_deciding_everything(kinds, held_first, toggles, current) -> None:  # noqa: ANN001
    made = candidates(kinds)
    held = set(held_first)
    shown = ShownSuggestions(made, held.__contains__)
    current_at: int | None = current if current < len(shown.visible) else None
    followed = shown.visible[current_at] if current_at is not None else None
    for place in toggles:
        held ^= {place}  # a span made or removed at that place
        changes = shown.update([place], held.__contains__)
        current_at = moved_current(current_at, changes)
        fresh = ShownSuggestions(made, held.__contains__)
        assert shown.visible == fresh.visible
        assert shown.places == fresh.places == [(s.start, s.end, s.label) for s in fresh.visible]
        assert +shown.kind_counts == +fresh.kind_counts
        if followed is not None and place == (followed.start, followed.end, followed.label) and place in held:
            followed = None  # its place is held now: no longer shown, no longer current
        assert current_at == (shown.visible.index(followed) if followed is not None else None)


def test_merge_keeps_one_per_key_the_stored_first_of_the_kinds_shown_less_the_rejected() -> None:
    def made(start: int, end: int, kind: SuggestionKind, score: float = 0.5) -> Suggestion:
        return Suggestion(kind=kind, document_id="d", start=start, end=end, label="DATE", text=TEXT[start:end], score=score)

    stored = made(4, 8, SuggestionKind.DATE, score=0.9)
    computed = [
        made(4, 8, SuggestionKind.DATE, score=0.1),
        made(0, 3, SuggestionKind.DATE),
        made(0, 6, SuggestionKind.ACTOR),
        made(10, 12, SuggestionKind.DATE),
    ]
    rejected = frozenset({computed[3].key})
    merged = merge_candidates([stored], computed, rejected, frozenset({"dates"}))
    assert [s for s, _place in merged] == [computed[1], stored]  # by start; the actor kind is off, the rejected one gone
    assert [place for _s, place in merged] == [(0, 3, "DATE"), (4, 8, "DATE")]
    assert place_index(merged) == {(0, 3, "DATE"): [0], (4, 8, "DATE"): [1]}
