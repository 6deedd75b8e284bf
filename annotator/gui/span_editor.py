"""What the labelling keys do: turn the view's selection into core edits.

The controller holds no annotation state of its own; it reads the current
session and the article view, builds an edit and pushes it on the session's
undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.edits import AddSpan, RemoveSpan, relabel, resize
from annotator.core.selection import is_word_char as _is_word_char
from annotator.core.selection import next_word_boundary, previous_word_boundary, snap_selection, snap_to_graphemes
from annotator.gui.session import DocumentSession
from annotator.gui.text_view import ArticleView


class SpanEditor:
    def __init__(self, view: ArticleView, current_session: Callable[[], DocumentSession | None], tell: Callable[[str], None]) -> None:
        self._view = view
        self._session = current_session
        self._tell = tell
        self.snap_to_words = True

    def _editable_session(self) -> DocumentSession | None:
        session = self._session()
        if session is None:
            return None
        if not session.editable:
            self._tell(f"Read-only: {session.read_only_reason}")
            return None
        return session

    def apply_label(self, label: str) -> None:
        """Tag the selected text with ``label``, or relabel the selected span."""
        session = self._editable_session()
        if session is None:
            return
        annotations = session.annotations
        selection = self._view.selected_offsets()
        if selection is not None:
            snapped = snap_selection(annotations.document.text, *selection, to_words=self.snap_to_words)
            if snapped is None:
                self._tell("The selection holds only spaces: nothing to tag")
                return
            start, end = snapped
            existing = next((s for s in annotations.overlapping(start, end) if (s.start, s.end, s.label) == (start, end, label)), None)
            if existing is not None:
                self._view.set_selected_span(existing.id, scroll=False)
                self._tell(f"“{existing.text}” is already tagged as {label}")
                return
            span = annotations.make_span(start, end, label)
            session.push(AddSpan(span=span))
            self._view.set_selected_span(span.id, scroll=False)
            return
        span = annotations.get(self._view.selected_span or "")
        if span is None:
            self._tell("Select some text (or click a span) first")
            return
        if span.label != label:
            session.push(relabel(span, label))

    def delete_selected(self) -> None:
        session = self._editable_session()
        span = session.annotations.get(self._view.selected_span or "") if session else None
        if session is None or span is None:
            return
        following = self._next_span_after(session, span)
        session.push(RemoveSpan(span=span))
        # Keep the keyboard flow going: select the next span, if any.
        self._view.set_selected_span(following, scroll=False)

    @staticmethod
    def _next_span_after(session: DocumentSession, span) -> str | None:  # noqa: ANN001 - Span
        """The id of the first span after ``span`` in file order, looking in growing windows."""
        annotations = session.annotations
        length = len(annotations.document.text)
        key = span.sort_key()
        window = 512
        while True:
            later = [s for s in annotations.overlapping(span.start, min(length, span.start + window)) if s.sort_key() > key]
            if later or span.start + window >= length:
                return later[0].id if later else None
            window *= 8

    def move_edge(self, edge: str, direction: int) -> None:
        """Move the selected span's ``edge`` ("start" or "end") by a word (or a character) in ``direction`` (-1/+1)."""
        session = self._editable_session()
        span = session.annotations.get(self._view.selected_span or "") if session else None
        if session is None or span is None:
            return
        text = session.annotations.document.text
        start, end = span.start, span.end
        position = start if edge == "start" else end
        if self.snap_to_words:
            position = next_word_boundary(text, position) if direction > 0 else previous_word_boundary(text, position)
            # Shrinking lands on a word edge, not on the punctuation and spaces between words.
            if edge == "start" and direction > 0:
                while position < len(text) and not _is_word_start(text, position):
                    position += 1
            elif edge == "end" and direction < 0:
                while position > start and not _is_word_char(text[position - 1]):
                    position -= 1
        else:
            position = max(0, min(len(text), position + direction))
        if edge == "start":
            start = position
        else:
            end = position
        start, end = snap_to_graphemes(text, start, end)
        if not 0 <= start < end <= len(text) or (start, end) == (span.start, span.end):
            return
        session.push(resize(session.annotations, span, start, end))
        self._view.set_selected_span(span.id, scroll=False)

    def select_neighbour(self, step: int) -> None:
        session = self._session()
        if session is None or not len(session.annotations):
            return
        spans = session.annotations.spans()
        ids = [span.id for span in spans]
        current = self._view.selected_span
        if current in ids:
            index = (ids.index(current) + step) % len(ids)
        else:
            caret = self._view.mapping.from_qt(self._view.textCursor().position())
            after = [i for i, span in enumerate(spans) if span.start >= caret]
            index = (after[0] if after else 0) if step > 0 else ((after[0] - 1) if after else len(ids) - 1)
        self._view.set_selected_span(ids[index])


def _is_word_start(text: str, position: int) -> bool:
    return _is_word_char(text[position]) and (position == 0 or not _is_word_char(text[position - 1]))
