"""Exact shortcuts for the recommenders' scans over a long article (pure, no I/O).

Each helper gives the same answer as the plain scan it replaces (tests/core/test_suggest_scan.py
checks them against it with hypothesis), only without visiting every span or every position
again for each query:

* ``IntervalSet.overlaps(start, end)`` is ``any(s < end and start < e for s, e in intervals)``,
  answered by a bisect over the starts and a running maximum of the ends;
* ``finditer_at(pattern, text, starts)`` is ``pattern.finditer(text)`` for a pattern whose
  matches can only start at ``starts`` and are never empty: the pattern is tried only there;
* ``positions(chars, text)``: where any of ``chars`` occurs, in order (one C-speed scan);
* ``WordStarts.of(ascii_folded(text), stems).finditer(pattern, text, start, end)`` is
  ``pattern.finditer(text, start, end)`` for a case-insensitive pattern whose matches all start
  with one of ``stems`` (lower-case ASCII letters): the words' starts are found once per text
  (``str.find`` passes, or one multi-pattern pass), and a range is a bisect over them, not a regex scan of its
  characters (a case-insensitive alternation of many words is slow to scan).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator


class IntervalSet:
    """Half-open intervals asked whether any of them overlaps a range (the coder's spans a
    suggestion must not duplicate). Built once, O(log n) a query."""

    __slots__ = ("_max_end", "_starts")

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(intervals)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []
        best = None
        for _, e in ordered:
            best = e if best is None or e > best else best
            self._max_end.append(best)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some interval (s, e) has ``s < end and start < e``."""
        count = bisect.bisect_left(self._starts, end)  # the intervals with s < end
        return count > 0 and self._max_end[count - 1] > start

    def candidates(self, start: int, end: int) -> range:
        """The positions, in the intervals' sorted order, of those that may overlap ``[start, end)``:
        every interval before them ends at or before ``start``, every one after starts at or after ``end``."""
        return range(bisect.bisect_right(self._max_end, start), bisect.bisect_left(self._starts, end))


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only at ``starts`` (sorted or not, repeats
    allowed). Exact when every match of the pattern starts at one of ``starts`` and none is
    empty: a match at an earlier candidate is what finditer would find first, and the search
    goes on from its end, as finditer's does. Lookbehinds and ``\\b`` see the text before a
    candidate (``Pattern.match(text, pos)`` does not cut the string)."""
    resume = 0
    for position in sorted(set(starts)):
        if position < resume:
            continue
        found = pattern.match(text, position)
        if found is not None:
            yield found
            resume = found.end()


# What re.IGNORECASE matches to an ASCII letter beside the ASCII letters themselves (the re
# module's documentation names these four; tests/core/test_suggest_scan.py checks every code point).
_ASCII_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD_TABLE = str.maketrans(_ASCII_FOLDS)


def ascii_folded(text: str) -> str | None:
    """``text`` with every character a case-insensitive pattern matches to an ASCII letter turned
    into that letter in lower case, code point for code point (offsets into it are offsets into
    ``text``); None where lower case would change the length (never, once the four are folded)."""
    if any(char in text for char in _ASCII_FOLDS):
        text = text.translate(_FOLD_TABLE)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


class WordStarts:
    """Where a word may start in a text, sorted: the places a case-insensitive match of a
    pattern whose every match begins with one of a few stems (lower-case ASCII letters) can
    start, found once per text as the stems' places in its ``ascii_folded`` form (``of``, or
    one multi-pattern pass such as claims.py's), and asked per range."""

    __slots__ = ("_starts",)

    def __init__(self, starts: Iterable[int]) -> None:
        self._starts = sorted(set(starts))

    @classmethod
    def of(cls, folded: str, stems: Iterable[str]) -> WordStarts:
        """The places of ``stems`` in ``folded`` (overlapping ones too)."""
        found: list[int] = []
        for stem in set(stems):
            at = folded.find(stem)
            while at >= 0:
                found.append(at)
                at = folded.find(stem, at + 1)
        return cls(found)

    def any_in(self, start: int, end: int) -> bool:
        """Whether a stem starts in ``[start, end)``."""
        return bisect.bisect_left(self._starts, start) < bisect.bisect_left(self._starts, end)

    def finditer(self, pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text, start, end)``, the pattern tried only where a stem starts (see
        ``finditer_at``): exact when every match of it starts with one of the stems, ignoring
        case, and none is empty; ``text`` is the text these starts were found in."""
        starts = self._starts
        resume = start
        for position in starts[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]:
            if position < resume:
                continue
            found = pattern.match(text, position, end)
            if found is not None:
                yield found
                resume = found.end()


def positions(chars: str, text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of every occurrence of any character of ``chars`` in ``text[start:end]``, in order
    (``str.find`` runs at C speed; a regex character class is slower on non-ASCII text)."""
    stop = len(text) if end is None else end
    found: list[int] = []
    for char in set(chars):
        at = text.find(char, start, stop)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1, stop)
    found.sort()
    return found
