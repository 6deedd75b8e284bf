"""Tagging a date in an article dated at the end of the calendar (issue 15): the span is kept.

"tomorrow" in an article dated 31 December 9999 names no day TIMEX3 can write; the window
used to lose the tagged span to an OverflowError. Now the span is tagged without a value,
and "yesterday" beside it still gets its day.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.storage import FolderProject
from annotator.core.workspace import import_into
from tests.gui.conftest import select_with_keyboard

ARTICLE = "Court Will Rule\n\nBy Staff\n\nDecember 31, 9999\n\nThe court will rule tomorrow, a spokesman said yesterday.\n"


def test_a_date_past_the_calendar_end_is_tagged_without_a_value(qtbot, open_window, tmp_path: Path) -> None:  # noqa: ANN001
    source = tmp_path / "articles"
    source.mkdir()
    (source / "court.txt").write_text(ARTICLE, encoding="utf-8")
    root = tmp_path / "project"
    with FolderProject.create(root, "end") as project:
        import_into(project, source)
    window = open_window(root)
    text = window.session.document.text
    assert window.session.document.metadata.date is not None and window.session.document.metadata.date.year == 9999
    for needle in ("tomorrow", "yesterday"):
        start = text.index(needle)
        select_with_keyboard(window.view, start, start + len(needle))
        QTest.keyClick(window.view, Qt.Key.Key_3)
    spans = {span.text: span for span in window.session.annotations.spans()}
    assert set(spans) == {"tomorrow", "yesterday"}
    assert spans["tomorrow"].label == "date" and spans["tomorrow"].timex is None
    assert spans["yesterday"].timex is not None and spans["yesterday"].timex.value == "9999-12-30"
