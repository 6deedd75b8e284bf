"""The document filter's recent results, so a keystroke searches as few titles as it can.

A filter text's matches are the documents whose folded title, date or status
contains it: the matches of a longer text that contains it are among its own.
``FilterResults`` keeps the results of a chain of texts, each inside the next
(what typing a word leaves: "m", "mi", "min", ...). A keystroke that extends the
text searches only the matches of the longest kept text inside it; a backspace,
or typing a text again after clearing the field, finds its result kept and
searches nothing; a pasted unrelated word searches everything once and starts a
new chain. Plain Python, no Qt; the owner forgets everything (``clear``) whenever
a title, date or status may have changed, since a kept result would then be stale.
"""

from __future__ import annotations

# Longer chains come from typing a long phrase: each result holds at most as many positions as the one before.
MAX_KEPT = 64
# Positions kept in all (8 bytes each; the int objects are shared with the first result): past it the
# shortest texts go first. Typing "2024-" into 100,000 documents keeps about 500,000.
MAX_KEPT_POSITIONS = 2_000_000


class FilterResults:
    """Positions (ascending) of the matches of a chain of filter texts, each inside the next."""

    def __init__(self) -> None:
        self._chain: list[tuple[str, list[int]]] = []

    def clear(self) -> None:
        self._chain = []

    def exact(self, needle: str) -> list[int] | None:
        """The kept result of ``needle`` itself (shared: never change it), or None."""
        for kept, result in self._chain:
            if kept == needle:
                return result
        return None

    def pool(self, needle: str) -> list[int] | None:
        """The fewest positions that hold every match of ``needle``: the result of the longest
        kept text inside it (shared: never change it); None when no kept text is (search all)."""
        for kept, result in reversed(self._chain):  # each is inside the next: the last one inside wins
            if kept in needle:
                return result
        return None

    def keep(self, needle: str, result: list[int]) -> None:
        """Remember ``result`` as the matches of ``needle``; kept texts that are not inside it go."""
        chain = [(kept, positions) for kept, positions in self._chain if kept in needle and kept != needle]
        chain.append((needle, result))
        chain = chain[-MAX_KEPT:]
        total = sum(len(positions) for _kept, positions in chain)
        while len(chain) > 1 and total > MAX_KEPT_POSITIONS:
            total -= len(chain.pop(0)[1])
        self._chain = chain

    def texts(self) -> list[str]:
        """The kept texts, shortest first (for tests)."""
        return [kept for kept, _result in self._chain]
