"""Where a selection should start and end: grapheme, word, token and sentence snapping.

A token is a run of word characters or one other character that is not a space
(punctuation is a token of its own), so span edges can step over "(" or ",".
"""

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
        start, end = trim_punctuation(text, start, end)
        if start >= end:
            return None
    return snap_to_graphemes(text, start, end)


# Opening quote or bracket -> the closing ones that end it.
_PAIRS = {'"': '"', "“": "”", "„": "“”", "‘": "’", "«": "»", "‹": "›", "(": ")", "[": "]", "{": "}", "'": "'"}
_CLOSERS = {closer for closers in _PAIRS.values() for closer in closers}


def trim_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the punctuation and spaces around it ("Organisation (" -> "Organisation").

    A quote or bracket stays when its partner is inside the selection too: a selected
    quotation keeps both its quotes. A final full stop stays after an abbreviation ("U.S.").
    """
    while start < end:
        ch = text[start]
        if not _is_trimmable(ch):
            break
        if ch in _PAIRS and any(c in _PAIRS[ch] for c in text[start + 1 : end]):
            break
        start += 1
    while end > start:
        ch = text[end - 1]
        if not _is_trimmable(ch):
            break
        if ch in _CLOSERS and any(opener in text[start : end - 1] and ch in closers for opener, closers in _PAIRS.items()):
            break
        if ch == "." and end - start >= 3 and is_word_char(text[end - 2]) and "." in text[start : end - 1].split()[-1]:
            break  # "U.S.", "a.m."
        end -= 1
    return start, end


def _is_trimmable(ch: str) -> bool:
    """Punctuation and spaces; symbols such as emoji or "%" are content."""
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _token_end(text: str, position: int) -> int:
    """The end of the token that starts at ``position`` (a non-space)."""
    n = len(text)
    if is_word_char(text[position]):
        while position < n and is_word_char(text[position]):
            position += 1
        return position
    _start, end = snap_to_graphemes(text, position, position + 1)
    return end


def _token_start(text: str, position: int) -> int:
    """The start of the token that ends at ``position`` (after a non-space)."""
    if is_word_char(text[position - 1]):
        while position > 0 and is_word_char(text[position - 1]):
            position -= 1
        return position
    start, _end = snap_to_graphemes(text, position - 1, position)
    return start


def next_token_end(text: str, position: int) -> int:
    """The end of the first token that ends after ``position`` (growing an end by a token)."""
    n = len(text)
    if 0 < position < n and is_word_char(text[position - 1]) and is_word_char(text[position]):
        position = _token_start(text, position)  # inside a word: to its end
    while position < n and text[position].isspace():
        position += 1
    return _token_end(text, position) if position < n else n


def previous_token_start(text: str, position: int) -> int:
    """The start of the last token that starts before ``position`` (growing a start by a token)."""
    if 0 < position < len(text) and is_word_char(text[position - 1]) and is_word_char(text[position]):
        position = _token_end(text, position)  # inside a word: to its start
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return _token_start(text, position) if position > 0 else 0


def shrink_end_by_token(text: str, start: int, end: int) -> int:
    """``end`` moved back over its last token and the spaces before it; ``end`` if one token is left."""
    position = _token_start(text, end) if end > start else end
    while position > start and text[position - 1].isspace():
        position -= 1
    return position if position > start else end


def shrink_start_by_token(text: str, start: int, end: int) -> int:
    """``start`` moved over its first token and the spaces after it; ``start`` if one token is left."""
    position = _token_end(text, start) if start < end else start
    while position < end and text[position].isspace():
        position += 1
    return position if position < end else start


_SENTENCE_END = ".!?…"
_AFTER_SENTENCE = "\"'”’»)]"


def sentence_end(text: str, position: int) -> int:
    """The end of the sentence at or after ``position``: its final mark and closing quotes, or the line end."""
    n = len(text)
    while position < n and text[position].isspace():
        position += 1
    while position < n:
        ch = text[position]
        if ch == "\n":
            return position
        position += 1
        if ch in _SENTENCE_END and (position == n or text[position].isspace() or text[position] in _AFTER_SENTENCE):
            while position < n and text[position] in _AFTER_SENTENCE:
                position += 1
            if position == n or text[position].isspace():
                return position
    return n


def sentence_start(text: str, position: int) -> int:
    """The start of the sentence before ``position`` (or of the one it is inside)."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    position = max(0, position - 1)
    while position > 0:
        before = text[position - 1]
        if before == "\n":
            break
        if before.isspace():
            back = position - 1
            while back > 0 and text[back - 1].isspace():
                back -= 1
            mark = back
            while mark > 0 and text[mark - 1] in _AFTER_SENTENCE:
                mark -= 1
            if mark > 0 and text[mark - 1] in _SENTENCE_END:
                break
        position -= 1
    return position


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
