"""Selection snapping: whitespace, words, and graphemes that must never be split."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.selection import (
    next_token_end,
    next_word_boundary,
    previous_token_start,
    previous_word_boundary,
    sentence_end,
    sentence_start,
    shrink_end_by_token,
    shrink_start_by_token,
    snap_selection,
    snap_to_graphemes,
)

FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # 👩‍👩‍👧: five code points
FLAGS = "\U0001f1eb\U0001f1f7\U0001f1e9\U0001f1ea"  # 🇫🇷🇩🇪: two flags, four code points
E_ACUTE = "e\u0301"  # é as e + combining acute


def snap(text: str, start: int, end: int, *, to_words: bool = False) -> str | None:
    result = snap_selection(text, start, end, to_words=to_words)
    return None if result is None else text[result[0] : result[1]]


# --- whitespace and words -------------------------------------------------------------


def test_surrounding_whitespace_is_trimmed() -> None:
    text = "the  Kremlin \n said"
    assert snap_selection(text, 3, 14, to_words=False) == (5, 12)
    assert snap(text, 3, 14) == "Kremlin"


@pytest.mark.parametrize(("start", "end"), [(3, 5), (12, 15), (0, 0), (7, 7)])
def test_blank_selection_is_none(start: int, end: int) -> None:
    assert snap_selection("the  Kremlin \n said", start, end, to_words=False) is None
    assert snap_selection("the  Kremlin \n said", start, end, to_words=True) is None


def test_word_snapping_on_and_off() -> None:
    text = "Armenia froze its participation"
    assert snap(text, 2, 11, to_words=False) == "menia fro"
    assert snap(text, 2, 11, to_words=True) == "Armenia froze"
    assert snap(text, 8, 13, to_words=True) == "froze"  # already on word edges: unchanged
    assert snap(text, 7, 8, to_words=True) is None


def test_word_snapping_stops_at_punctuation() -> None:
    text = "Russia-led bloc, said Pashinyan."
    assert snap(text, 2, 4, to_words=True) == "Russia"
    assert snap(text, 24, 27, to_words=True) == "Pashinyan"


def test_reversed_and_out_of_range_selections_are_normalised() -> None:
    text = "  Armenia  "
    assert snap_selection(text, 11, 0, to_words=False) == (2, 9)
    assert snap_selection(text, -5, 500, to_words=False) == (2, 9)


def test_word_snapping_keeps_combining_marks_and_non_latin_words() -> None:
    text = f"the caf{E_ACUTE} Ереван"
    assert snap(text, 5, 6, to_words=True) == f"caf{E_ACUTE}"
    assert snap(text, 12, 13, to_words=True) == "Ереван"


# --- graphemes -------------------------------------------------------------------------


@pytest.mark.parametrize("to_words", [False, True])
def test_combining_mark_stays_with_its_base(to_words: bool) -> None:
    text = f"caf{E_ACUTE} x"
    assert len(text) == 7
    assert snap(text, 3, 4, to_words=to_words) in {E_ACUTE, f"caf{E_ACUTE}"}
    assert snap(text, 4, 5) == E_ACUTE  # starting on the mark pulls in the base
    assert snap(text, 0, 4) == f"caf{E_ACUTE}"


@pytest.mark.parametrize("to_words", [False, True])
@pytest.mark.parametrize(("start", "end"), [(2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (2, 4), (4, 7), (3, 6)])
def test_zwj_family_is_never_split(start: int, end: int, to_words: bool) -> None:
    text = f"a {FAMILY} b"
    assert snap(text, start, end, to_words=to_words) == FAMILY


@pytest.mark.parametrize(("start", "end", "expected"), [(3, 4, 0), (4, 5, 0), (5, 6, 1), (6, 7, 1), (4, 6, None), (3, 7, None)])
def test_flags_are_never_split(start: int, end: int, expected: int | None) -> None:
    text = f"go {FLAGS} now"
    flags = [FLAGS[:2], FLAGS[2:]]
    assert snap(text, start, end) == (FLAGS if expected is None else flags[expected])


def test_skin_tone_and_variation_selector_stay_attached() -> None:
    text = "hi \U0001f44d\U0001f3fd and \u2764\ufe0f"
    assert snap(text, 3, 4) == "\U0001f44d\U0001f3fd"
    assert snap(text, 4, 5) == "\U0001f44d\U0001f3fd"
    assert snap(text, 10, 11) == "\u2764\ufe0f"


GRAPHEME_PIECES = ["a", "b", " ", ".", E_ACUTE, FAMILY, FLAGS[:2], FLAGS[2:], "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "Ж"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(GRAPHEME_PIECES), min_size=1, max_size=20), st.data())
def test_snapped_selection_always_lies_on_grapheme_boundaries(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    boundaries = {0}
    for piece in pieces:
        boundaries.add(max(boundaries) + len(piece))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    to_words = data.draw(st.booleans())
    result = snap_selection(text, start, end, to_words=to_words)

    def dropped(piece: str) -> bool:  # what snapping may leave out: spaces, and with words punctuation too
        return all(ch.isspace() or (to_words and unicodedata.category(ch).startswith("P")) for ch in piece)

    if result is None:
        assert dropped(text[min(start, end) : max(start, end)])
        return
    a, b = result
    assert a in boundaries and b in boundaries
    assert a <= max(min(start, end), 0) or dropped(text[min(start, end) : a])
    assert not dropped(text[a:b])
    assert snap_to_graphemes(text, a, b) == (a, b)


# --- word boundaries for growing and shrinking ----------------------------------------


def test_next_word_boundary() -> None:
    text = "one, two  three"
    assert next_word_boundary(text, 0) == 3
    assert next_word_boundary(text, 1) == 3
    assert next_word_boundary(text, 3) == 8
    assert next_word_boundary(text, 8) == 15
    assert next_word_boundary(text, 15) == 15
    assert next_word_boundary("...", 0) == 3


def test_previous_word_boundary() -> None:
    text = "one, two  three"
    assert previous_word_boundary(text, 15) == 10
    assert previous_word_boundary(text, 12) == 10
    assert previous_word_boundary(text, 10) == 5
    assert previous_word_boundary(text, 3) == 0
    assert previous_word_boundary(text, 0) == 0
    assert previous_word_boundary("...", 3) == 0


def test_word_boundaries_treat_combining_marks_as_word_characters() -> None:
    text = f"caf{E_ACUTE} noir"
    assert next_word_boundary(text, 0) == 5
    assert previous_word_boundary(text, 5) == 0


# --- punctuation, tokens and sentences ---------------------------------------------------
ARTICLE = 'He said "In practice, we froze it," and left. The Collective Security Treaty Organisation (CSTO) met. U.S. envoy.'


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ("Organisation (", "Organisation"),
        ("(CSTO) met.", "(CSTO) met"),  # a bracket closed inside the selection stays; the full stop goes
        ('"In practice, we froze it,"', '"In practice, we froze it,"'),  # a selected quote keeps both quotes
        ('"In practice', "In practice"),  # its closing quote is not selected: the opening one goes
        ("(CSTO)", "(CSTO)"),
        ("U.S.", "U.S."),
        (", we froze it,", "we froze it"),
    ],
)
def test_word_snapping_trims_surrounding_punctuation(selected: str, expected: str) -> None:
    start = ARTICLE.index(selected)
    a, b = snap_selection(ARTICLE, start, start + len(selected), to_words=True)
    assert ARTICLE[a:b] == expected
    assert snap_selection(ARTICLE, start, start + len(selected), to_words=False) is not None


def test_span_edges_move_by_token_with_punctuation_its_own_token() -> None:
    text = ARTICLE
    start = text.index("Organisation")
    end = start + len("Organisation")
    assert text[start : next_token_end(text, end)] == "Organisation ("
    assert text[start : next_token_end(text, next_token_end(text, end))] == "Organisation (CSTO"
    assert text[previous_token_start(text, start) : end] == "Treaty Organisation"
    quote = text.index('"In')
    assert text[previous_token_start(text, quote + 1) : quote + 3] == '"In'
    claim_end = text.index('it,"') + 4
    assert text[quote : shrink_end_by_token(text, quote, claim_end)] == '"In practice, we froze it,'
    assert text[shrink_start_by_token(text, quote, claim_end) : claim_end] == 'In practice, we froze it,"'
    assert shrink_end_by_token(text, start, end) == end  # one token left: nothing to shrink
    assert next_token_end(text, start + 3) == end  # from inside a word: to its end


def test_sentences_end_after_their_mark_and_closing_quotes() -> None:
    text = ARTICLE
    inside = text.index("Collective")
    assert text[sentence_start(text, inside) : sentence_end(text, inside)] == "The Collective Security Treaty Organisation (CSTO) met."
    assert text[sentence_start(text, 5) : sentence_end(text, 0)] == 'He said "In practice, we froze it," and left.'
    assert sentence_end(text, len(text)) == len(text) and sentence_start(text, 0) == 0
    assert sentence_end("Line one\nline two", 0) == 8
