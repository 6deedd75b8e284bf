"""The date finder's cheaper scans find exactly what the scans they replace found.

Issue 9/10 (speed): each test holds a quicker way of scanning (a class of plain characters in
front of a word instead of a Unicode category) to the way it replaces, on the texts where
the two could part: non-ASCII letters and marks right before a word.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.core.dates import finder
from annotator.core.dates.candidates import TRIGGER_CLASS, TRIGGERS
from tests.core.test_dates_speed import _NEAR_TRIGGERS

# Trigger words, their neighbours, and characters either side of the ASCII ones: letters and
# digits ("é", "ß", "٣") that are word characters, marks that are not ("’", "—", "\xa0").
_PIECES = ["may", "march", "1990s", "monday", "days", "new year", "these days", "q1", "12:30", "2024-02-23", "today", "ago", "x"]
_AROUND = ["", " ", "é", "ß", "٣", "_", "’", "—", "\xa0", "-", "A"]


def _expected(text: str) -> dict[str, list[tuple[int, int]]]:
    expected: dict[str, list[tuple[int, int]]] = {}
    for match in TRIGGERS.finditer(text):
        expected.setdefault(TRIGGER_CLASS[match.lastgroup or ""], []).append(match.span())
    return expected


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_AROUND), st.sampled_from(_PIECES)), max_size=12))
@example([("é", "these days")])  # the word behind the letter hides " days" from the quick scan
@example([("’", "may"), (" ", "x")])
def test_the_quick_trigger_scan_finds_what_the_trigger_regex_finds(pairs: list[tuple[str, str]]) -> None:
    text = "".join(before + word for before, word in pairs).lower()
    assert {name: spans for name, spans in finder._triggers(text).items() if spans} == _expected(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_NEAR_TRIGGERS, "", ".", "_", "é", "x", "9"]), max_size=40), st.sampled_from(["", " ", "-", "\n", "  ", "_"]))
def test_the_trigger_scan_behind_a_non_word_character_finds_what_the_trigger_regex_finds(words: list[str], joiner: str) -> None:
    text = joiner.join(words).lower()
    assert {name: spans for name, spans in finder._triggers(text).items() if spans} == _expected(text)


def test_a_trigger_word_behind_a_non_ascii_letter_is_no_trigger() -> None:
    # "émay": no word starts at "m"; " days" inside "éthese days" still is one.
    text = "on émay 5 and éthese days"
    found = finder._triggers(text)
    assert found["month"] == []
    assert found["unit"] == [(text.index("days"), text.index("days") + len("day"))]  # a unit word is found by its stem
    assert finder._triggers("on ’may 5")["month"] == [(4, 7)]
