"""Where a selection should start and end: grapheme and word snapping."""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"


def _is_extender(ch: str) -> bool:
    """Characters that belong to the grapheme before them."""
    if ch == _ZWJ or "\ufe00" <= ch <= "\ufe0f" or "\U0001f3fb" <= ch <= "\U0001f3ff" or "\U000e0020" <= ch <= "\U000e007f":
        return True
    return unicodedata.category(ch).startswith("M")


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _is_regional_indicator(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _splits_flag(text: str, position: int) -> bool:
    """True if ``position`` falls between the two regional indicators of one flag."""
    if not (0 < position < len(text) and _is_regional_indicator(text[position]) and _is_regional_indicator(text[position - 1])):
        return False
    # Flags pair up from the start of a run of indicators: an odd count before us means we are mid-pair.
    run = 0
    while position - run > 0 and _is_regional_indicator(text[position - run - 1]):
        run += 1
    return run % 2 == 1


def _inside_grapheme(text: str, position: int) -> bool:
    return 0 < position < len(text) and (_is_extender(text[position]) or text[position - 1] == _ZWJ or _splits_flag(text, position))


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` so it never splits an emoji sequence, a flag or a base and its marks."""
    while _inside_grapheme(text, start):
        start -= 1
    while _inside_grapheme(text, end):
        end += 1
    return start, end


def snap_selection(text: str, start: int, end: int, *, to_words: bool) -> tuple[int, int] | None:
    """The span a user means by selecting ``[start, end)``, or None if it holds nothing.

    Surrounding whitespace is dropped; with ``to_words`` a boundary inside a
    word moves outwards to the word's edge. Graphemes are never split.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    if to_words:
        while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
            start -= 1
        while end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
            end += 1
    return snap_to_graphemes(text, start, end)


def next_word_boundary(text: str, position: int) -> int:
    """The end of the word at or after ``position`` (for growing a span by a word)."""
    n = len(text)
    while position < n and not is_word_char(text[position]):
        position += 1
    while position < n and is_word_char(text[position]):
        position += 1
    return position


def previous_word_boundary(text: str, position: int) -> int:
    """The start of the word at or before ``position``."""
    while position > 0 and not is_word_char(text[position - 1]):
        position -= 1
    while position > 0 and is_word_char(text[position - 1]):
        position -= 1
    return position
