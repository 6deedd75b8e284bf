"""Single-letter choice in a combo box: a letter picks the next item that starts with it.

Qt's own keyboard search gathers the letters typed within the keyboard input interval
into one search string, so a fast coder's "o" after an earlier "s" looks for "so". Here
every letter is a choice of its own: "o" is "opposes", "d" "direct quote", pressed again it
moves to the next item with that letter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox


class LetterKeys(QObject):
    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self._combo = combo
        combo.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if len(text) == 1 and text.isalpha() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
                count = self._combo.count()
                current = self._combo.currentIndex()
                for step in range(1, count + 1):
                    row = (current + step) % count
                    if self._combo.itemText(row).casefold().startswith(text.casefold()):
                        self._combo.setCurrentIndex(row)
                        break
                return True
        return super().eventFilter(watched, event)
