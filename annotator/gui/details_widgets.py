"""The widgets the Details panel (gui/span_details.py) is built of: a wrapping rich-text label,
a claim's link row, and the scroll area that keeps room for the panel's largest page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget


def wrapping_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class LinkRow(QWidget):
    """One claim link: what it points at (a clickable span or a registry actor) and a Clear button;
    with ``typeahead``, a line edit that names a registry actor not mentioned in the text.

    Only the line edit takes Tab focus, so each claim field is one Tab from the previous one.
    """

    def __init__(self, parent: QWidget | None = None, *, typeahead: bool = False) -> None:
        super().__init__(parent)
        self.label = wrapping_label()
        # One line, cut at the right edge if it must: a wrapped second line was cut in half.
        self.label.setWordWrap(False)
        # Links are span ids ("span:s4"): handled by the panel, never opened.
        self.label.setOpenExternalLinks(False)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.clear = QToolButton()
        self.clear.setText("Clear")
        self.clear.setAutoRaise(True)
        self.clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.edit: QLineEdit | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(layout)
        if typeahead:
            self.edit = QLineEdit()
            self.edit.setPlaceholderText("or type a registry actor, Enter")
            self.edit.setClearButtonEnabled(False)
            outer.addWidget(self.edit)


class RoomForPages(QScrollArea):
    """Asks the dock for the room it keeps (its minimum size) and no more, whatever page it shows,
    as the panel did when laid out in the dock with its largest page shown."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSize()
