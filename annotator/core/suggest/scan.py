"""Exact shortcuts for the recommenders' scans over a long article (pure, no I/O).

Each helper gives the same answer as the plain scan it replaces (tests/core/test_suggest_scan.py
checks them against it with hypothesis), only without visiting every span or every position
again for each query:

* ``IntervalSet.overlaps(start, end)`` is ``any(s < end and start < e for s, e in intervals)``,
  answered by a bisect over the starts and a running maximum of the ends;
* ``finditer_at(pattern, text, starts)`` is ``pattern.finditer(text)`` for a pattern whose
  matches can only start at ``starts`` and are never empty: the pattern is tried only there;
* ``positions(chars, text)``: where any of ``chars`` occurs, in order (one C-speed scan).
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
