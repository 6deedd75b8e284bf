"""Regression: PySide6 6.12.0 on Python 3.11 drops a reference to None on every
Qt call that returns nothing, until the interpreter aborts with none_dealloc.
pyproject.toml excludes that release for Python < 3.12; this proves the
installed one is sound."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument

CALLS = 100_000


def test_void_qt_calls_keep_the_reference_count_of_none() -> None:
    document = QTextDocument("Armenia has suspended its participation in a Russia-led security bloc")
    cursor = QTextCursor(document)
    length = document.characterCount() - 1
    before = sys.getrefcount(None)
    for i in range(CALLS):
        cursor.setPosition(i % length)  # returns void
    after = sys.getrefcount(None)
    # Other threads may take or drop a few references meanwhile; the bug drops one per call.
    assert after >= before - 100, f"None lost {before - after} references over {CALLS} void Qt calls"
