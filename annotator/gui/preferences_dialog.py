"""Preferences: every shortcut of the window, rebindable, kept with QSettings.

One row per action of ``annotator.gui.shortcuts.SHORTCUTS``: a primary and a
second key, each a ``QKeySequenceEdit``. A key that another action (or a label)
already has is refused with a message naming both, and OK stays disabled
until no conflict is left.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.shortcuts import SHORTCUTS, ShortcutBindings, conflicts


class PreferencesDialog(QDialog):
    def __init__(self, bindings: ShortcutBindings, reserved: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences — keyboard shortcuts")
        self.resize(720, 640)
        self._bindings = bindings
        self._reserved = dict(reserved)
        self.edits: dict[str, tuple[QKeySequenceEdit, QKeySequenceEdit]] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Action</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Key</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Second key</b>"), 0, 2)
        for row, spec in enumerate(SHORTCUTS, start=1):
            name = QLabel(f"{spec.group}: {spec.text}")
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setWordWrap(True)
            keys = bindings.keys(spec.id)
            pair = tuple(self._key_edit(keys[i] if len(keys) > i else "") for i in range(2))
            grid.addWidget(name, row, 0)
            grid.addWidget(pair[0], row, 1)
            grid.addWidget(pair[1], row, 2)
            self.edits[spec.id] = pair  # type: ignore[assignment]
        grid.setColumnStretch(0, 1)
        table = QWidget()
        table.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(table)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b91c1c")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.defaults_button = QPushButton("Restore defaults")
        self.buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel("Click a key field and press the new key; its clear button removes it. Label keys are set per project (Label menu).")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def _key_edit(self, key: str) -> QKeySequenceEdit:
        edit = QKeySequenceEdit(QKeySequence(key))
        edit.setMaximumSequenceLength(1)  # one chord per key: no multi-key sequences to remember
        edit.setClearButtonEnabled(True)
        edit.keySequenceChanged.connect(lambda _sequence: self._check())
        return edit

    def chosen(self) -> dict[str, tuple[str, ...]]:
        """Action id -> the keys now in the dialog (portable text)."""
        chosen: dict[str, tuple[str, ...]] = {}
        for action_id, pair in self.edits.items():
            keys = [edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText) for edit in pair]
            chosen[action_id] = tuple(dict.fromkeys(k for k in keys if k))
        return chosen

    def _check(self) -> list[str]:
        problems = conflicts(self.chosen(), self._reserved)
        self.problem.setText("Refused: " + "; ".join(problems) if problems else "")
        self.problem.setVisible(bool(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        return problems

    def restore_defaults(self) -> None:
        for spec in SHORTCUTS:
            for i, edit in enumerate(self.edits[spec.id]):
                edit.setKeySequence(QKeySequence(spec.defaults[i] if len(spec.defaults) > i else ""))
        self._check()

    def accept(self) -> None:
        if self._check():
            return
        problems = self._bindings.update(self.chosen(), self._reserved)
        if problems:  # checked above; kept so a refused save can never close the dialog
            self.problem.setText("Refused: " + "; ".join(problems))
            self.problem.setVisible(True)
            return
        super().accept()
