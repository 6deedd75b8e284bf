"""Code points <-> UTF-16 code units: the one place where offsets change unit.

Our offsets are Unicode code points. Label Studio (a JavaScript front end) and
UIMA (Java) count UTF-16 code units, in which every character above U+FFFF takes
two. Every format module that speaks to such a tool converts here, nowhere else.
"""

from __future__ import annotations

import bisect


class Utf16Offsets:
    """Offset conversion for one text. Texts without astral characters convert for free."""

    def __init__(self, text: str) -> None:
        # Code point indices of the astral characters, in order; each adds one UTF-16 unit after it.
        self._astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
        self._length = len(text)
        # The same positions in UTF-16 units (the high surrogate's index).
        self._astral_units = [index + number for number, index in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code point offset ``offset`` (0 <= offset <= len(text))."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} is outside the text (length {self._length})")
        return offset + bisect.bisect_left(self._astral, offset)

    def to_code_point(self, unit: int) -> int:
        """The code point offset of UTF-16 offset ``unit``; ValueError inside a surrogate pair or outside the text."""
        if not 0 <= unit <= self._length + len(self._astral):
            raise ValueError(f"UTF-16 offset {unit} is outside the text (length {self._length + len(self._astral)})")
        before = bisect.bisect_left(self._astral_units, unit)
        if before and self._astral_units[before - 1] == unit - 1:
            raise ValueError(f"UTF-16 offset {unit} falls inside a surrogate pair")
        return unit - before


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
