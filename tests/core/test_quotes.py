from __future__ import annotations

import pytest

from annotator.core.quotes import is_quoted

TEXT = '"In practice, we have frozen it," he said. She said “no”. Not quoted, here.'


@pytest.mark.parametrize(
    ("needle", "expected"),
    [("In practice, we have frozen it", True), ("In practice", False), ("no", True), ("Not quoted", False), ("he said", False)],
)
def test_a_selection_is_a_quote_only_when_it_is_the_whole_of_one(needle: str, expected: bool) -> None:
    start = TEXT.index(needle)
    assert is_quoted(TEXT, start, start + len(needle)) is expected


def test_edges_of_the_text() -> None:
    assert not is_quoted('"x"', 0, 1) and is_quoted('"x"', 1, 2) and not is_quoted('"x', 1, 2) and not is_quoted("", 0, 0)
