"""The article view: a read-only QPlainTextEdit that paints spans itself.

Spans are not text formats: a paint pass asks the span index for the spans of
the lines on screen and draws layered backgrounds (nesting shows as deeper
colour and inset boxes) and stacked underlines, one track per overlapping
span. An edit therefore costs one viewport repaint, however long the article.
All offset conversion goes through ``TextMapping``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTextBlock, QTextCursor, QTextLine, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.annotations import AnnotationChange, AnnotationSet
from annotator.core.model import LabelScheme, Span
from annotator.gui.appearance import arc_colour, line_colour, span_fill
from annotator.gui.text_mapping import TextMapping

TRACK_STEP = 3
UNDERLINE_WIDTH = 2.0


class ArticleView(QPlainTextEdit):
    span_clicked = Signal(object)  # the span id under a click, or None
    selected_span_changed = Signal(object)  # the newly selected span id, or None
    selection_changed_offsets = Signal()
    suggestion_clicked = Signal(int)  # the index of the suggestion under a click where no span is

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self._annotations: AnnotationSet | None = None
        self._mapping = TextMapping("")
        self._colours: dict[str, QColor] = {}
        self._selected_span: str | None = None
        self._press_position: QPoint | None = None
        # Set while a claim's links are being picked (see SpanEditor.linking_claim).
        self.picking = False
        self.last_click_modifiers = Qt.KeyboardModifier.NoModifier
        # Suggestions (gui/suggestion_flow.py): code-point ranges drawn dashed over the spans, never filled.
        self._suggestions: list[tuple[int, int, str]] = []
        self._suggestion_starts: list[int] = []
        self._longest_suggestion = 0
        self._current_suggestion: int | None = None
        # The current claim suggestion's claimant, target and date (code points, label): boxed and
        # joined to it by arcs, so the coder sees what Enter would link before pressing it.
        self._current_links: list[tuple[int, int, str]] = []
        self.selectionChanged.connect(self.selection_changed_offsets)

    # --- content ---------------------------------------------------------
    def set_scheme(self, scheme: LabelScheme) -> None:
        self._colours = {label.name: QColor(label.colour) for label in scheme.labels}
        self.viewport().update()

    def show_annotations(self, annotations: AnnotationSet | None) -> None:
        if self._annotations is not None:
            self._annotations.remove_listener(self._on_change)
        self._annotations = annotations
        self._selected_span = None
        self._suggestions, self._current_suggestion, self._current_links = [], None, []
        text = annotations.document.text if annotations is not None else ""
        self._mapping = TextMapping(text)
        self.setPlainText(self._mapping.display_text)
        if annotations is not None:
            annotations.add_listener(self._on_change)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_suggestions(self, suggestions: list[tuple[int, int, str]], current: int | None, links: Iterable[tuple[int, int, str]] = ()) -> None:
        """(start, end, label) in code points, in order of their start, drawn as dashed outlines;
        ``current`` is highlighted. The paint looks up the visible ones by bisection: a long
        article can hold a quarter of a million suggestions."""
        self._suggestions = list(suggestions)  # changed in place by change_suggestions, never the caller's list
        self._suggestion_starts = [start for start, _end, _label in suggestions]  # sorted: the flow sorts them once
        self._longest_suggestion = max((end - start for start, end, _label in suggestions), default=0)
        self._set_current(current, links)

    def change_suggestions(
        self, changes: Iterable[tuple[bool, int, tuple[int, int, str]]], current: int | None, links: Iterable[tuple[int, int, str]] = ()
    ) -> None:
        """Apply the flow's changes to the list ``set_suggestions`` gave, in order: ``(True, index,
        place)`` inserts ``place`` at ``index``, ``(False, index, _)`` removes the one there. An
        edit changes one or two places; the rest of a long list stays as it is."""
        suggestions, starts = self._suggestions, self._suggestion_starts
        for shown, index, place in changes:
            if shown:
                suggestions.insert(index, place)
                starts.insert(index, place[0])
                self._longest_suggestion = max(self._longest_suggestion, place[1] - place[0])  # an upper bound is enough
            else:
                del suggestions[index], starts[index]
        self._set_current(current, links)

    def set_current_suggestion(self, current: int | None, links: Iterable[tuple[int, int, str]] = ()) -> None:
        """Highlight another of the suggestions already given (N / Shift+N: no new list). ``links``:
        the (start, end, label) of the spans a claim suggestion would link (its claimant, target and
        date), boxed and joined to it by arcs."""
        self._set_current(current, links)

    def _set_current(self, current: int | None, links: Iterable[tuple[int, int, str]]) -> None:
        self._current_suggestion = current
        self._current_links = list(links) if current is not None else []
        self.viewport().update()

    def suggestion_at(self, offset: int) -> int | None:
        """The index of the shortest suggestion holding ``offset``, or None; by bisection, as the paint
        finds the visible ones (a click on a long article with 17,000 suggestions reads a few)."""
        low = bisect.bisect_left(self._suggestion_starts, offset - self._longest_suggestion)
        high = bisect.bisect_right(self._suggestion_starts, offset)
        held = [(end - start, index) for index in range(low, high) for start, end, _label in (self._suggestions[index],) if start <= offset < end]
        return min(held)[1] if held else None

    def _line_colours(self) -> Callable[[str], QColor]:
        """A label's line colour for one paint: the contrast search runs once per label, not per piece."""
        palette, found = self.palette(), {}

        def colour_of(label: str) -> QColor:
            colour = found.get(label)
            if colour is None:
                colour = found[label] = line_colour(self._colours.get(label, QColor("#888888")), palette)
            return colour

        return colour_of

    def show_offset(self, offset: int) -> None:
        """Put the caret at a code-point offset (no selection) and scroll it into view."""
        cursor = self.textCursor()
        cursor.setPosition(self._mapping.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    @property
    def mapping(self) -> TextMapping:
        return self._mapping

    def _on_change(self, change: AnnotationChange) -> None:
        if change.old is not None and change.new is None and change.old.id == self._selected_span:
            self._selected_span = None
        self.viewport().update()

    # --- selection in code points --------------------------------------------
    def selected_offsets(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._mapping.range_from_qt(cursor.anchor(), cursor.position())

    def select_offsets(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._mapping.to_qt(start))
        cursor.setPosition(self._mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    @property
    def selected_span(self) -> str | None:
        return self._selected_span

    def set_selected_span(self, span_id: str | None, *, scroll: bool = True) -> None:
        changed = span_id != self._selected_span
        self._selected_span = span_id
        span = self._annotations.get(span_id) if (self._annotations is not None and span_id) else None
        if span is not None:
            cursor = self.textCursor()
            cursor.setPosition(self._mapping.to_qt(span.start))
            self.setTextCursor(cursor)  # drop any text selection; the caret sits at the span
            if scroll:
                self.ensureCursorVisible()
        self.viewport().update()
        if changed:
            self.selected_span_changed.emit(span_id)

    def offset_at(self, point: QPoint) -> int:
        return self._mapping.from_qt(self.cursorForPosition(point).position())

    def spans_at_point(self, point: QPoint) -> list[Span]:
        if self._annotations is None:
            return []
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        # cursorForPosition picks the nearest gap; use the character on the side of the click.
        position = cursor.position() - (1 if point.x() < rect.x() else 0)
        offset = self._mapping.from_qt(max(0, position))
        return self._annotations.at(offset)

    # --- mouse and keys -------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_position = event.position().toPoint()
        self.last_click_modifiers = event.modifiers()
        # Picking a claim's links: Shift+click picks a target instead of extending a selection.
        if self.picking and event.modifiers() & Qt.KeyboardModifier.ShiftModifier and event.button() == Qt.MouseButton.LeftButton:
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not (self.picking and self.last_click_modifiers & Qt.KeyboardModifier.ShiftModifier):
            super().mouseReleaseEvent(event)
        press, self._press_position = self._press_position, None
        if press is None or event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        spans = self.spans_at_point(event.position().toPoint())
        if not spans:
            self.span_clicked.emit(None)
            index = self.suggestion_at(self.offset_at(event.position().toPoint()))
            if index is not None:
                self.suggestion_clicked.emit(index)
            return
        # A second click on the same place walks outwards through nested spans.
        ids = [span.id for span in spans]
        if self._selected_span in ids:
            chosen = ids[(ids.index(self._selected_span) + 1) % len(ids)]
        else:
            chosen = ids[0]
        self.span_clicked.emit(chosen)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        spans = self.spans_at_point(event.position().toPoint())
        if spans:
            lines = [f"<b>{span.label}</b>: {_escape(span.text[:80])}" for span in spans[:5]]
            QToolTip.showText(event.globalPosition().toPoint(), "<br>".join(lines), self.viewport())
        else:
            QToolTip.hideText()

    def extend_selection_by_sentence(self, step: int) -> None:
        """Move the selection's moving end to the next sentence end (+1) or previous sentence start (-1)."""
        from annotator.core.selection import sentence_end, sentence_start

        self._extend_selection_to(sentence_end if step > 0 else sentence_start)

    def extend_selection_by_word(self, step: int) -> None:
        """Ctrl+Shift+arrows: the moving end to the next word end (+1) or previous word start (-1)."""
        from annotator.core.selection import next_word_boundary, previous_word_boundary

        self._extend_selection_to(next_word_boundary if step > 0 else previous_word_boundary)

    def _extend_selection_to(self, boundary: Callable[[str, int], int]) -> None:
        """Move the selection's moving end to ``boundary(text, position)``, counted in code points."""
        cursor = self.textCursor()
        target = boundary(self._mapping.text, self._mapping.from_qt(cursor.position()))
        cursor.setPosition(self._mapping.to_qt(target), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keyboard selection by word and by sentence, in code points (Qt's own word moves stop at spaces and quotes).
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier:
            steps = {Qt.Key.Key_Right: (self.extend_selection_by_word, 1), Qt.Key.Key_Left: (self.extend_selection_by_word, -1)}
            steps.update({Qt.Key.Key_Down: (self.extend_selection_by_sentence, 1), Qt.Key.Key_Up: (self.extend_selection_by_sentence, -1)})
            found = steps.get(Qt.Key(event.key()))
            if found is not None:
                found[0](found[1])
                return
        # Typing would do nothing in a read-only view; let the window's shortcuts see digits and letters.
        if event.key() == Qt.Key.Key_Escape and (self._selected_span or self.textCursor().hasSelection()):
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            self.span_clicked.emit(None)
            return
        super().keyPressEvent(event)

    # --- painting ---------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        has_spans = self._annotations is not None and len(self._annotations) > 0
        # The lines on screen and the label colours, found once for the spans' and the suggestions' passes.
        screen = self._screen() if has_spans or self._suggestions else None
        colour_of = self._line_colours()
        pieces = self._visible_pieces(screen) if has_spans and screen is not None else []
        if pieces:
            painter = QPainter(self.viewport())
            palette = self.palette()
            fills: dict[tuple[str, bool], QColor] = {}  # per label and selection, once per paint (not per piece)
            for rect, span, track in pieces:
                selected = span.id == self._selected_span
                colour = fills.get((span.label, selected))
                if colour is None:
                    colour = fills[span.label, selected] = span_fill(self._colours.get(span.label, QColor("#888888")), palette, selected)
                painter.fillRect(rect.adjusted(0, track, 0, -track), colour)
            painter.end()
        super().paintEvent(event)
        if pieces:
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            # One pen and one call per label, not per piece; the selected span's frame on top.
            underlines: dict[str, list[QLineF]] = {}
            frames: list[tuple[str, QRectF]] = []
            for rect, span, track in pieces:
                y = int(rect.bottom() - 1 - track * TRACK_STEP)
                underlines.setdefault(span.label, []).append(QLineF(int(rect.left()), y, int(rect.right()), y))
                if span.id == self._selected_span:
                    frames.append((span.label, rect))
            for label, lines in underlines.items():
                painter.setPen(QPen(colour_of(label), UNDERLINE_WIDTH))
                painter.drawLines(lines)
            for label, rect in frames:
                painter.setPen(QPen(colour_of(label), 1.5, Qt.PenStyle.SolidLine))
                painter.drawRect(rect.adjusted(-1, 0, 1, 0))
            self._paint_links(painter, pieces, colour_of)
            painter.end()
        if self._suggestions and screen is not None:
            self._paint_suggestions(screen, colour_of)

    def _linked_to_selection(self) -> set[str]:
        """Spans linked with the selected one: a claim's claimant, target and date, or the claims using a span."""
        if self._annotations is None or self._selected_span is None:
            return set()
        selected = self._annotations.get(self._selected_span)
        if selected is None:
            return set()
        if selected.claim is not None:
            return selected.linked_span_ids()
        return {span.id for span in self._annotations.linking_to(selected.id)}

    def _paint_links(self, painter: QPainter, pieces: list[tuple[QRectF, Span, int]], colour_of: Callable[[str], QColor]) -> None:
        """Dashed boxes round the linked spans and an arc from the selected span to each."""
        linked = self._linked_to_selection()
        if not linked:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        first: dict[str, QRectF] = {}
        for rect, span, _track in pieces:
            first.setdefault(span.id, rect)
            if span.id in linked:
                painter.setPen(QPen(colour_of(span.label), 1.2, Qt.PenStyle.DashLine))
                painter.drawRect(rect.adjusted(-2, -1, 2, 1))
        origin = first.get(self._selected_span or "")
        if origin is None:
            return
        painter.setPen(QPen(arc_colour(self.palette()), 1.3))
        for span_id in linked:
            target = first.get(span_id)
            if target is not None:
                _draw_arc(painter, origin, target)

    def _paint_suggestions(self, screen: tuple[list[tuple[QTextBlock, int, int, float]], _LineTable], colour_of: Callable[[str], QColor]) -> None:
        """A pass of its own after the spans: dashed outlines in the label's colour, no fill, so a
        suggestion never hides a span; the current one gets a thicker outline and a light wash."""
        lines, table = screen
        qt_start, qt_end = _qt_range(lines)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        offset = self.contentOffset()
        first_visible, past_visible = self._mapping.from_qt(qt_start), self._mapping.from_qt(qt_end)
        low = bisect.bisect_left(self._suggestion_starts, first_visible - self._longest_suggestion)
        high = bisect.bisect_right(self._suggestion_starts, past_visible)
        # The outlines of a label in one call with one pen; the current suggestion's last, on top.
        outlines: dict[str, list[QRectF]] = {}
        current: tuple[str, list[QRectF]] | None = None
        for index in range(low, high):
            start, end, label = self._suggestions[index]
            a, b = self._mapping.to_qt(start), self._mapping.to_qt(end)
            if b <= qt_start or a >= qt_end:
                continue
            rects = table.rects(offset.x(), a, b)
            if index == self._current_suggestion:
                current = (label, rects)
            else:
                outlines.setdefault(label, []).extend(rect.adjusted(-3, -2, 3, 1) for rect in rects)
        for label, rects in outlines.items():
            painter.setPen(QPen(colour_of(label), 1.4, Qt.PenStyle.DashLine))
            painter.drawRects(rects)
        if current is not None:
            label, rects = current
            colour = colour_of(label)
            wash = QColor(colour)
            wash.setAlpha(40)
            painter.setPen(QPen(colour, 2.5, Qt.PenStyle.DashLine))
            for rect in rects:
                painter.fillRect(rect, wash)
                painter.drawRect(rect.adjusted(-3, -2, 3, 1))
            if rects:
                self._paint_suggested_links(painter, rects[0], table, colour_of)
        painter.end()

    def _paint_suggested_links(self, painter: QPainter, origin: QRectF, table: _LineTable, colour_of: Callable[[str], QColor]) -> None:
        """The current claim suggestion's claimant, target and date: a dotted box round each and an
        arc from the suggestion, as a selected claim's links are drawn (dotted: not linked yet)."""
        found = self._link_rects(table)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for label, rects in found:
            painter.setPen(QPen(colour_of(label), 1.4, Qt.PenStyle.DotLine))
            painter.drawRects([rect.adjusted(-2, -1, 2, 1) for rect in rects])
        painter.setPen(QPen(arc_colour(self.palette()), 1.3, Qt.PenStyle.DotLine))
        for _label, rects in found:
            _draw_arc(painter, origin, rects[0])

    def _link_rects(self, table: _LineTable) -> list[tuple[str, list[QRectF]]]:
        """The current suggestion's links on screen, by label (the table holds the visible lines only)."""
        x = self.contentOffset().x()
        found = []
        for start, end, label in self._current_links:
            rects = table.rects(x, self._mapping.to_qt(start), self._mapping.to_qt(end))
            if rects:
                found.append((label, rects))
        return found

    def suggested_link_rects(self) -> list[tuple[str, list[QRectF]]]:
        """The on-screen rectangles of the current suggestion's links, by label: what the paint boxes."""
        screen = self._screen()
        if screen is None or self._current_suggestion is None:
            return []
        return self._link_rects(screen[1])

    def _screen(self) -> tuple[list[tuple[QTextBlock, int, int, float]], _LineTable] | None:
        """The blocks on screen (``_visible_lines``) and their lines' table, or None when none shows."""
        lines = self._visible_lines()
        return (lines, _LineTable(lines)) if lines else None

    def _visible_lines(self) -> list[tuple[QTextBlock, int, int, float]]:
        """The blocks on screen: block, first and last visible line, block top."""
        offset = self.contentOffset()
        height = self.viewport().height()
        lines: list[tuple[QTextBlock, int, int, float]] = []
        block = self.firstVisibleBlock()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            if block.isVisible():
                layout = block.layout()
                first = _first_line_at(layout, -top)
                last = _first_line_at(layout, height - top)
                if first < layout.lineCount():
                    lines.append((block, first, last, top))
            block = block.next()
        return lines

    def _visible_pieces(self, screen: tuple[list[tuple[QTextBlock, int, int, float]], _LineTable] | None = None) -> list[tuple[QRectF, Span, int]]:
        """Rectangles of the spans on screen, line by line, with their underline track (``screen``: the
        paint's ``_screen()``, found here when not given)."""
        assert self._annotations is not None
        offset = self.contentOffset()
        screen = screen or self._screen()
        if screen is None:
            return []
        lines, table = screen
        qt_start, qt_end = _qt_range(lines)
        spans = self._annotations.overlapping(self._mapping.from_qt(qt_start), self._mapping.from_qt(qt_end))
        if not spans:
            return []
        tracks = _assign_tracks(spans)
        pieces: list[tuple[QRectF, Span, int]] = []
        for span in spans:
            a, b = self._mapping.to_qt(span.start), self._mapping.to_qt(span.end)
            pieces.extend((rect, span, tracks[span.id]) for rect in table.rects(offset.x(), a, b))
        return pieces


def _draw_arc(painter: QPainter, origin: QRectF, target: QRectF) -> None:
    """An arc from the top of ``origin`` to the top of ``target``, lifted by their distance, with a dot at its end."""
    start, end = QPointF(origin.center().x(), origin.top()), QPointF(target.center().x(), target.top())
    lift = max(14.0, min(60.0, abs(end.x() - start.x()) / 4 + abs(end.y() - start.y()) / 3))
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), min(start.y(), end.y()) - lift), QPointF(end.x(), min(start.y(), end.y()) - lift), end)
    painter.drawPath(path)
    painter.drawEllipse(end, 2.5, 2.5)


def _qt_range(lines: list[tuple[QTextBlock, int, int, float]]) -> tuple[int, int]:
    """The Qt positions from the first visible line's start to just past the last one's end."""
    first_block, first_line, _, _ = lines[0]
    last_block, _, last_line, _ = lines[-1]
    qt_start = first_block.position() + first_block.layout().lineAt(first_line).textStart()
    end_line = last_block.layout().lineAt(last_line)
    return qt_start, last_block.position() + end_line.textStart() + end_line.textLength() + 1


class _LineTable:
    """The visible lines, read from Qt once per paint: Qt start and end position, the line, its
    block's position, top and height, in text order. A span finds its first line by bisection
    instead of asking Qt about every visible line (80 spans on screen times 26 lines, per paint)."""

    def __init__(self, lines: list[tuple[QTextBlock, int, int, float]]) -> None:
        self.rows: list[tuple[int, int, QTextLine, int, float, float]] = []
        for block, first, last, top in lines:
            base = block.position()
            layout = block.layout()
            for index in range(first, last + 1):
                line = layout.lineAt(index)
                line_start = base + line.textStart()
                self.rows.append((line_start, line_start + line.textLength(), line, base, top + line.y(), line.height()))
        self.starts = [row[0] for row in self.rows]

    def rects(self, x: float, a: int, b: int) -> list[QRectF]:
        """Rectangles, one per visible line, of the Qt range [a, b)."""
        rects: list[QRectF] = []
        rows = self.rows
        for index in range(max(0, bisect.bisect_right(self.starts, a) - 1), len(rows)):
            line_start, line_end, line, base, top, height = rows[index]
            if b <= line_start:
                break
            if a >= line_end:
                continue
            x1 = line.cursorToX(max(a, line_start) - base)[0]
            x2 = line.cursorToX(min(b, line_end) - base)[0]
            if x2 < x1:  # right-to-left runs
                x1, x2 = x2, x1
            rects.append(QRectF(x + x1, top, max(x2 - x1, 2.0), height))
        return rects


def _first_line_at(layout, y: float) -> int:  # noqa: ANN001 - QTextLayout
    """Index of the line of ``layout`` that contains height ``y`` (block coordinates)."""
    low, high = 0, layout.lineCount() - 1
    if high < 0:
        return 0
    while low < high:
        middle = (low + high + 1) // 2
        if layout.lineAt(middle).y() <= y:
            low = middle
        else:
            high = middle - 1
    return low


def _assign_tracks(spans: list[Span]) -> dict[str, int]:
    """Give overlapping spans different underline tracks (outer spans lower)."""
    tracks: dict[str, int] = {}
    active: list[Span] = []
    for span in spans:  # sorted by start, longer first
        active = [other for other in active if other.end > span.start]
        used = {tracks[other.id] for other in active}
        track = 0
        while track in used:
            track += 1
        tracks[span.id] = track
        active.append(span)
    return tracks


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
