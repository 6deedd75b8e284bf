"""The one conversion between code points and UTF-16 units, against Python's own UTF-16 encoder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.formats.utf16 import Utf16Offsets, utf16_length

from ._support import HOSTILE_TEXTS


@given(HOSTILE_TEXTS | st.text(st.characters(exclude_categories=["Cs"])), st.data())
def test_offsets_agree_with_the_utf16_encoding(text: str, data: st.DataObject) -> None:
    units = Utf16Offsets(text)
    offset = data.draw(st.integers(0, len(text)))
    expected = len(text[:offset].encode("utf-16-le")) // 2
    assert units.to_utf16(offset) == expected
    assert units.to_code_point(expected) == offset
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2


def test_inside_a_surrogate_pair_and_outside_the_text_are_errors() -> None:
    units = Utf16Offsets("a😀b")
    assert [units.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    with pytest.raises(ValueError, match="surrogate pair"):
        units.to_code_point(2)
    with pytest.raises(ValueError, match="outside"):
        units.to_code_point(5)
    with pytest.raises(ValueError, match="outside"):
        units.to_utf16(4 + 1)
