"""The one place where Qt text positions and document offsets meet.

Document offsets are Unicode code points into the stored text. Qt counts
UTF-16 code units, folds CRLF into one block break and treats CR, U+2029 and
its own U+FDD0/U+FDD1 markers as block breaks. So we never hand Qt the stored
text: we hand it ``display_text``, built here, in which

* CRLF becomes one "\\n" (the CR has width 0 in Qt positions),
* lone CR, U+2028, U+2029, NEL, VT and FF become "\\n" (width 1),
* U+FDD0/U+FDD1 become U+FFFD (width 1), so Qt cannot read them as frame marks,
* a character outside the BMP keeps its place and has width 2.

and convert positions with ``to_qt`` / ``from_qt``. Nothing else in the GUI
does offset arithmetic. Pure Python, no Qt import: tested with hypothesis.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_BREAKS = "\u2028\u2029\x85\x0b\x0c"  # line breaks besides CR and LF: Qt shows each as one
_FRAMES = "\ufdd0\ufdd1"  # Qt's own frame marks, shown as U+FFFD
_LINE_BREAKS = re.compile(f"\r\n?|[{_BREAKS}]")
_FRAME_MARKS = re.compile(f"[{_FRAMES}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# Everything that makes display text or positions differ from the stored text: these, and any
# character outside the BMP.
_SPECIAL_BMP = "\r" + _BREAKS + _FRAMES


def needs_mapping(text: str) -> bool:
    """Whether ``text`` holds a character of ``_SPECIAL_BMP`` or one outside the BMP: a string search
    per special character and, unless the text is ASCII, its UTF-16 length (longer than the text only
    with a character outside the BMP). A regex over the whole text read a 1,000,000-character article
    at 8 ms, most of what its first paint did beyond the floor's (bench S2_1M); this takes a few tenths."""
    if any(special in text for special in _SPECIAL_BMP):
        return True
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


class TextMapping:
    def __init__(self, text: str) -> None:
        self.text = text
        if not needs_mapping(text):  # the common case: no copies
            self._astral: list[int] = []
            self._dropped: list[int] = []
            self.display_text = text
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
            # Indices of the CR of each CRLF: Qt gives the pair one position.
            self._dropped = [m.start() for m in re.finditer("\r\n", text)]
            self.display_text = _FRAME_MARKS.sub("\ufffd", _LINE_BREAKS.sub("\n", text))
        if self.display_text.startswith(("\ufeff", "\ufffe")):
            # QTextDocument drops a leading byte order mark, which would shift every position.
            self.display_text = "\ufffd" + self.display_text[1:]
        self.identity = not self._astral and not self._dropped
        self.qt_length = len(text) + len(self._astral) - len(self._dropped)

    def to_qt(self, offset: int) -> int:
        """Qt position of the code point offset ``offset`` (0..len(text))."""
        if self.identity:
            return offset
        return offset + bisect_left(self._astral, offset) - bisect_left(self._dropped, offset)

    def from_qt(self, position: int) -> int:
        """The code point offset at Qt ``position``.

        A position inside a surrogate pair rounds up to the next code point; the
        position of a CRLF break maps to its CR, so a selection ending at a line
        end never takes half the break.
        """
        position = max(0, min(position, self.qt_length))
        if self.identity:
            return position
        return bisect_left(range(len(self.text) + 1), position, key=self.to_qt)

    def range_from_qt(self, anchor: int, position: int) -> tuple[int, int]:
        start, end = sorted((anchor, position))
        return self.from_qt(start), self.from_qt(end)
