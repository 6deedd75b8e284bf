"""Editing a project's labels: colours, hotkeys, descriptions, and new labels.

Existing labels keep their name and kind (annotation files use them); new ones
can be added. ``scheme()`` returns the validated LabelScheme.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import LabelDefinition, LabelKind, LabelScheme

# Keys the window already uses on their own; a label cannot take them.
RESERVED_HOTKEYS = frozenset("LlKk")
_NAME, _KEY, _COLOUR, _KIND, _DESCRIPTION = range(5)
_PALETTE = ("#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e")


class LabelSchemeDialog(QDialog):
    def __init__(self, scheme: LabelScheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Labels of this project")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Name", "Key", "Colour", "Kind", "Description"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for label in scheme.labels:
            self._add_row(label, fixed=True)
        self.add_button = QPushButton("&Add label")
        self.add_button.clicked.connect(self.add_label)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color:#b91c1c")
        self.error.setWordWrap(True)
        note = QLabel("Labels in use keep their name and kind; add new ones for other kinds of spans.")
        note.setStyleSheet("color:#6b7280")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _add_row(self, label: LabelDefinition, *, fixed: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(label.name)
        if fixed:
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, _NAME, name)
        self.table.setItem(row, _KEY, QTableWidgetItem(label.hotkey))
        colour = QPushButton(label.colour)
        colour.setStyleSheet(f"background:{label.colour}; color:white")
        colour.clicked.connect(lambda _=False, button=colour: self._pick_colour(button))
        self.table.setCellWidget(row, _COLOUR, colour)
        kind = QComboBox()
        kind.addItems([k.value for k in LabelKind])
        kind.setCurrentText(label.effective_kind.value)
        kind.setEnabled(not fixed)
        self.table.setCellWidget(row, _KIND, kind)
        self.table.setItem(row, _DESCRIPTION, QTableWidgetItem(label.description))

    def add_label(self) -> None:
        used = {self.table.item(row, _KEY).text() for row in range(self.table.rowCount())}
        key = next((str(n) for n in range(1, 10) if str(n) not in used), "0")
        colour = _PALETTE[self.table.rowCount() % len(_PALETTE)]
        self._add_row(LabelDefinition(name=f"label{self.table.rowCount() + 1}", colour=colour, hotkey=key, kind=LabelKind.OTHER), fixed=False)
        self.table.setCurrentCell(self.table.rowCount() - 1, _NAME)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, _NAME))

    def _pick_colour(self, button: QPushButton) -> None:
        chosen = self._ask_colour(QColor(button.text()))
        if chosen is not None:
            button.setText(chosen)
            button.setStyleSheet(f"background:{chosen}; color:white")

    def _ask_colour(self, initial: QColor) -> str | None:
        colour = QColorDialog.getColor(initial, self, "Label colour")
        return colour.name() if colour.isValid() else None

    def scheme(self) -> LabelScheme:
        """The labels as edited; raises ValueError with a message for the user."""
        labels = []
        for row in range(self.table.rowCount()):
            hotkey = self.table.item(row, _KEY).text().strip()
            if hotkey in RESERVED_HOTKEYS:
                raise ValueError(f"the key {hotkey!r} is taken by linking (L: actor to registry, K: claim links)")
            try:
                labels.append(
                    LabelDefinition(
                        name=self.table.item(row, _NAME).text().strip(),
                        hotkey=hotkey,
                        colour=self.table.cellWidget(row, _COLOUR).text(),
                        kind=LabelKind(self.table.cellWidget(row, _KIND).currentText()),
                        description=self.table.item(row, _DESCRIPTION).text().strip(),
                    )
                )
            except ValidationError as error:
                raise ValueError(f"row {row + 1}: {error.errors()[0]['msg']}") from None
        try:
            return LabelScheme(labels=tuple(labels))
        except ValidationError as error:
            raise ValueError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None

    def accept(self) -> None:
        try:
            self.scheme()
        except ValueError as error:
            self.error.setText(str(error))
            return
        super().accept()
