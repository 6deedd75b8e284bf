"""Qt positions <-> code point offsets, checked against a real QTextDocument."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from annotator.gui.text_mapping import TextMapping, needs_mapping

TRICKY = [
    "a",
    "é",
    "e\u0301",  # e + combining acute
    "👩\u200d👩\u200d👧",  # ZWJ family
    "🇦🇲",  # flag: two regional indicators
    "😀",
    "\r\n",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "\u00a0",  # no-break space
    "\ufdd0",
    "שלום",  # right-to-left
    "مرحبا",
    " ",
    "\t",
]

tricky_text = st.lists(st.sampled_from(TRICKY), max_size=40).map("".join) | st.text(max_size=60)


def _qt_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(tricky_text)
@settings(max_examples=300, deadline=None)
def test_round_trip_at_every_code_point_boundary(text: str) -> None:
    mapping = TextMapping(text)
    assert mapping.qt_length == _qt_units(mapping.display_text)
    positions = [mapping.to_qt(i) for i in range(len(text) + 1)]
    assert positions == sorted(positions)
    for offset in range(len(text) + 1):
        back = mapping.from_qt(mapping.to_qt(offset))
        # Only the CR of a CRLF shares its Qt position with the LF after it.
        assert back == offset or (text[back : back + 2] == "\r\n" and offset == back + 1)


@given(tricky_text)
@settings(max_examples=150, deadline=None)
def test_display_text_keeps_every_other_character_in_place(text: str) -> None:
    mapping = TextMapping(text)
    for offset, character in enumerate(text):
        shown = mapping.display_text.encode("utf-16-le")[2 * mapping.to_qt(offset) :].decode("utf-16-le", "surrogatepass")[:1]
        if character == "\r" and text[offset + 1 : offset + 2] == "\n":
            continue
        if character in "\r\u2028\u2029\x85\x0b\x0c":
            assert shown == "\n"
        elif character in "\ufdd0\ufdd1":
            assert shown == "\ufffd"
        else:
            assert shown == character


def _qt_selected(mapping: TextMapping, start: int, end: int) -> str:
    """What Qt shows as selected for the code point range, with its paragraph breaks as \\n."""
    editor = QPlainTextEdit()
    editor.setPlainText(mapping.display_text)
    cursor = editor.textCursor()
    cursor.setPosition(mapping.to_qt(start))
    cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Hi 👩\u200d👩\u200d👧 family, said Nikol", "Nikol"),
        ("line one\r\nNikol Pashinyan\r\nthree", "Nikol Pashinyan"),
        ("cafe\u0301 au lait, said Ren\u00e9e", "Ren\u00e9e"),
        ("Prime\u00a0Minister Nikol", "Prime\u00a0Minister"),
        ("قال נתניהו Netanyahu today", "נתניהו Netanyahu"),
        ("a\u2029b\u2028c 😀 Armenia", "Armenia"),
        ("first\rsecond 🇦🇲 third", "🇦🇲 third"),
        ("x\ufdd0y Moscow", "Moscow"),
    ],
)
def test_qt_shows_exactly_the_characters_saved(qtbot, text: str, wanted: str) -> None:
    mapping = TextMapping(text)
    start = text.index(wanted)
    end = start + len(wanted)
    shown = _qt_selected(mapping, start, end)
    assert shown == TextMapping(wanted).display_text
    # And back: Qt's selection bounds map to the same code points.
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(mapping.display_text)
    cursor = editor.textCursor()
    cursor.setPosition(mapping.to_qt(start))
    cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    assert mapping.range_from_qt(cursor.anchor(), cursor.position()) == (start, end)


def test_qt_block_structure_matches_display_text(qtbot) -> None:
    text = "a\r\nb\rc\u2028d\u2029e\nf"
    mapping = TextMapping(text)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(mapping.display_text)
    assert editor.document().characterCount() - 1 == mapping.qt_length
    assert editor.document().blockCount() == 6


def test_position_inside_a_surrogate_pair_rounds_to_a_code_point() -> None:
    mapping = TextMapping("a😀b")
    assert mapping.to_qt(2) == 3
    assert mapping.from_qt(2) == 2  # the middle of the emoji rounds up to its end
    assert mapping.from_qt(99) == 3


@given(tricky_text | st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.text(alphabet="ab\r\x85\ufdd1\U0001f600 ", max_size=20))
def test_needs_mapping_says_whether_any_character_moves_positions(text: str) -> None:
    special = any(c in "\r\u2028\u2029\x85\x0b\x0c\ufdd0\ufdd1" or ord(c) > 0xFFFF for c in text)
    assert needs_mapping(text) is special
    mapping = TextMapping(text)
    assert (mapping.display_text == text and mapping.identity) or special or text.startswith(("\ufeff", "\ufffe"))
