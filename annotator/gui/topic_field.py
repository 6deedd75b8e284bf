"""The Details panel's topic field offers the claim suggestion's ranked topic guesses.

A claim accepted from a suggestion comes with its topic guesses ranked (``Suggestion.ranked_topics``:
the guess first, then the runners-up). While the field holds one of them (or nothing), Down puts
the next one in the field and Up the one before (the first Down after an accept: the second-best
guess), selected, so Return takes it and typing replaces it; the hint under the field lists them,
the one in the field in bold, and says what Down gives. Once the coder types something else, Up
and Down are the inline completer's again. Nothing is applied here: the field's own Return (or
leaving it) applies what it holds, as for a typed topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit

from annotator.gui.appearance import readable

_GREY = "#6b7280"


class TopicGuessWalk(QObject):
    """Up / Down over ranked topic guesses in ``edit``, with a hint label (``hint``) for the panel to lay out."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self._guesses: tuple[str, ...] = ()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.hide()
        edit.installEventFilter(self)
        edit.textChanged.connect(lambda _text: self._show_hint())

    @property
    def guesses(self) -> tuple[str, ...]:
        return self._guesses

    def offer(self, guesses: Sequence[str]) -> None:
        """The ranked guesses of the claim now shown (none: Up and Down keep their usual meaning)."""
        self._guesses = tuple(dict.fromkeys(guesses))
        self._show_hint()

    def _position(self) -> int | None:
        """Where the field's text is among the guesses: -1 when it is empty, None when it is something else (typed)."""
        text = " ".join(self._edit.text().split()).casefold()
        if not text:
            return -1
        return next((i for i, guess in enumerate(self._guesses) if guess.casefold() == text), None)

    def step(self, step: int) -> bool:
        """The next (``+1``) or previous (``-1``) guess into the field; False when the field is not walking them."""
        position = self._position()
        if not self._guesses or position is None:
            return False
        guess = self._guesses[min(max(position + step, 0), len(self._guesses) - 1)]
        self._edit.setText(guess)
        completer = self._edit.completer()
        if completer is not None:
            # Return takes an inline completion over selected text: it must be this guess, not the last prefix typed.
            completer.setCompletionPrefix(guess)
        self._edit.selectAll()  # typing replaces it; Return takes it
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.modifiers() == Qt.KeyboardModifier.NoModifier and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                if self.step(+1 if event.key() == Qt.Key.Key_Down else -1):
                    return True
        return super().eventFilter(watched, event)

    def _show_hint(self) -> None:
        position = self._position()
        if len(self._guesses) < 2 or position is None:
            self.hint.hide()
            self._edit.setToolTip("")
            return
        parts = [f"<b>{escape(g)}</b>" if i == position else escape(g) for i, g in enumerate(self._guesses)]
        following = self._guesses[position + 1] if position + 1 < len(self._guesses) else None
        lead = f"Down: next guess ({escape(following)})" if following is not None else "Up: the guess before"
        self.hint.setText(f"<span style='color:{readable(_GREY)}'>{lead} · guesses: {' · '.join(parts)}</span>")
        self._edit.setToolTip(f"Guessed topics, best first: {', '.join(self._guesses)} (Up / Down walk them, Return takes one)")
        self.hint.show()
