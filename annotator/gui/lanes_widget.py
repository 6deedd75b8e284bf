"""Stacked lanes over one stretch of text: the text once on top, then one lane per coder with a
bar under the characters each of that coder's spans covers (label colour; the curated coder's
lane last). Used by the Adjudication view for the group in hand and its surroundings.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.core.model import Span

CONTEXT = 60  # code points shown either side of the group
LANE_HEIGHT = 18
NAME_WIDTH = 90


class LanesWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._text = ""
        self._offset = 0
        self._lanes: list[tuple[str, list[Span]]] = []
        self._colours: dict[str, QColor] = {}

    def set_colours(self, colours: dict[str, str]) -> None:
        self._colours = {name: QColor(colour) for name, colour in colours.items()}

    def show_stretch(self, text: str, start: int, end: int, lanes: list[tuple[str, list[Span]]]) -> None:
        """Show ``text[start - CONTEXT : end + CONTEXT]`` (one line) and each lane's spans over it."""
        begin, finish = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
        # Start and end on whole words where the context allows it.
        if begin > 0 and " " in text[begin:start]:
            begin = text.index(" ", begin, start) + 1
        if finish < len(text) and " " in text[end:finish]:
            finish = text.rindex(" ", end, finish)
        self._offset = begin
        self._text = text[begin:finish].replace("\n", " ")
        self._lanes = [(name, [s for s in spans if s.start < finish and s.end > begin]) for name, spans in lanes]
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(NAME_WIDTH + 600, LANE_HEIGHT * (len(self._lanes) + 1) + 6)

    def bar_rect(self, lane: int, span: Span) -> QRectF:
        """Where ``span`` is drawn in lane ``lane`` (0 = the first coder)."""
        metrics = QFontMetricsF(self.font())
        left = max(span.start - self._offset, 0)
        right = min(span.end - self._offset, len(self._text))
        x0 = NAME_WIDTH + metrics.horizontalAdvance(self._text[:left])
        x1 = NAME_WIDTH + metrics.horizontalAdvance(self._text[:right])
        return QRectF(x0, LANE_HEIGHT * (lane + 1) + 3, max(x1 - x0, 2.0), LANE_HEIGHT - 6)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(NAME_WIDTH, 0, self.width() - NAME_WIDTH, LANE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, self._text)
        for lane, (name, spans) in enumerate(self._lanes):
            top = LANE_HEIGHT * (lane + 1)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(4, top, NAME_WIDTH - 8, LANE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, name)
            for span in spans:
                colour = self._colours.get(span.label, QColor("#888888"))
                painter.fillRect(self.bar_rect(lane, span), colour)
        painter.end()
