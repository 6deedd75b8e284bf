"""Find a phrase in one article: plain text, whole word, case, regular expression.

Hits are ``(start, end)`` code point offsets into the stored text, end-exclusive,
the same offsets spans use: an emoji is one code point, and a CRLF stays two
(the GUI converts to Qt positions in gui/text_mapping.py only). Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HITS = 100_000  # a one-letter query on a 200,000-character article stays usable


class FindError(ValueError):
    """The query cannot be searched for (a broken regular expression); the message says why."""


@dataclass(frozen=True)
class FindQuery:
    text: str
    whole_word: bool = False
    case_sensitive: bool = False
    regex: bool = False

    def pattern(self) -> re.Pattern[str] | None:
        """The compiled query; None for an empty query. Raises FindError for a bad regular expression."""
        if not self.text:
            return None
        body = self.text if self.regex else re.escape(self.text)
        if self.whole_word:
            # \b fails next to punctuation ("U.S." ends on a dot), so a word edge here is
            # "no word character on that side", which also holds at the text's ends.
            body = rf"(?<!\w)(?:{body})(?!\w)"
        flags = 0 if self.case_sensitive else re.IGNORECASE
        try:
            return re.compile(body, flags)
        except re.error as error:
            raise FindError(f"not a regular expression: {error}") from None


def find_all(text: str, query: FindQuery, limit: int = MAX_HITS) -> list[tuple[int, int]]:
    """Every non-empty, non-overlapping hit of ``query`` in ``text``, in order, at most ``limit``."""
    pattern = query.pattern()
    return [] if pattern is None else find_pattern(text, pattern, limit)


def find_pattern(text: str, pattern: re.Pattern[str], limit: int = MAX_HITS) -> list[tuple[int, int]]:
    """``find_all`` with the query compiled once (a search over many texts)."""
    hits: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        if match.end() > match.start():  # an empty regex match ("a*") is no hit to walk to
            hits.append((match.start(), match.end()))
            if len(hits) >= limit:
                break
    return hits
