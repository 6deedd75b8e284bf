"""A status-bar label whose new text does not lay the window out again.

A ``QLabel`` asks its parent's layout to run again at every ``setText``, even when its size stays
the same; in the status bar that reaches the main window, which lays out and repaints its whole
dock area (the span list, its scroll bars, the tabs, the Details panel): the counts and the save
state change with every edit, so every edit paid for it (bench/editing.py, U3). A label of fixed
size does not ask, so ``SteadyLabel`` fixes its size to its text and changes it only when a text
does not fit, or is much narrower than the room kept for it (another document's counts).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

# A text this much narrower than the room kept gives the room back (one layout, not one per edit).
SHRINK_BELOW = 0.6
SLACK_PX = 12  # room for a count that gains a digit


class SteadyLabel(QLabel):
    """Plain-text label for the status bar; its text hugs the right edge of the room it keeps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit(again=True)  # another font or style: the same text needs other room

    def _fit(self, *, again: bool = False) -> None:
        wanted = self.sizeHint()
        width = self.maximumWidth()
        if again or wanted.width() > width or wanted.width() < width * SHRINK_BELOW or wanted.height() != self.maximumHeight():
            self.setFixedSize(wanted.width() + SLACK_PX if wanted.width() else 0, wanted.height())
