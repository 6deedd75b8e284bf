"""The date finder's one-pass helpers answer exactly what the windowed scans they replace answer.

Issue 9/10 (speed): each helper here finds something once per text that the finder used to
search for around every expression; these property tests hold it to the windowed search.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.dates import tense

# Sentence ends, abbreviations, quotes and runs of spaces and line breaks, in a few words.
_SENTENCE_PIECES = ["said", "Mr", "U.S", "Feb", "A", "7", ".", "!", "?", " ", "  ", "\n", " \n ", '"', "“", "(", ")", "’", "\u2003", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40), st.integers(min_value=1, max_value=12))
def test_sentence_index_bounds_are_the_windowed_bounds(pieces: list[str], window: int) -> None:
    text = "".join(pieces)
    index = tense.SentenceIndex(text, window)
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 6) + 1):
            assert index.bounds(start, end) == tense.sentence_bounds(text, start, end, window), (text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=30))
def test_sentence_index_crossings_are_the_windowed_crossings(pieces: list[str]) -> None:
    text = "".join(pieces)
    index = tense.SentenceIndex(text)
    for lo in range(len(text) + 1):
        for hi in range(lo, len(text) + 1):
            assert index.crosses(lo, hi) == tense.crosses_sentence(text, lo, hi), (text, lo, hi)
