"""The Codebook panel (claim topics, beside the Actors panel).

The panel lists the active topics with their aliases and how many claims of the open
documents use each; New, Rename and Merge into emit codebook edits (``edit_requested``),
which the window pushes on the current document's undo stack, like actor registry edits.
It sits behind a tab at start and is built when first shown (gui/lazy_dock.py); the flow
that keeps the codebook, ``CodebookFlow``, is gui/codebook_flow.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget

from annotator.core.codebook import Codebook, CodebookError, merge_topics, new_topic, rename_topic

TOPIC_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CodebookPanel(QWidget):
    edit_requested = Signal(object)  # a CodebookEdit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codebook = Codebook(None)
        self._counts: Callable[[], dict[str, int]] = dict
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter topics…")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.new_button = QPushButton("New…")
        self.rename_button = QPushButton("Rename…")
        self.merge_button = QPushButton("Merge into…")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.merge_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.filter_edit.textChanged.connect(lambda _text: self.refresh())
        self.list.currentItemChanged.connect(lambda *_args: self._enable())
        self.new_button.clicked.connect(self._new)
        self.rename_button.clicked.connect(self._rename)
        self.merge_button.clicked.connect(self._merge)
        self._enable()

    def set_codebook(self, codebook: Codebook, counts: Callable[[], dict[str, int]] = dict) -> None:
        """``counts``: claims per topic id in the open documents."""
        self._codebook, self._counts = codebook, counts
        self.refresh()

    def refresh(self) -> None:
        current = self.selected_topic_id()
        wanted = self.filter_edit.text().strip().casefold()
        counts = self._counts()
        self.list.clear()
        for topic in self._codebook.active():
            names = (topic.name, *topic.aliases)
            if wanted and not any(wanted in n.casefold() for n in names):
                continue
            text = topic.name + (f"  (also {', '.join(topic.aliases)})" if topic.aliases else "") + f"  · {counts.get(topic.id, 0)} claim(s)"
            item = QListWidgetItem(text)
            item.setData(TOPIC_ID_ROLE, topic.id)
            self.list.addItem(item)
            if topic.id == current:
                self.list.setCurrentItem(item)
        self._enable()

    def selected_topic_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(TOPIC_ID_ROLE) if item is not None else None

    def _enable(self) -> None:
        selected = self.selected_topic_id() is not None
        self.rename_button.setEnabled(selected)
        self.merge_button.setEnabled(selected and len(self._codebook.active()) > 1)

    def _warn(self, error: Exception) -> None:
        QMessageBox.warning(self, "Codebook", str(error))

    def _new(self) -> None:
        name, ok = QInputDialog.getText(self, "New topic", "Name of the topic:")
        if ok and name.strip():
            try:
                self.edit_requested.emit(new_topic(self._codebook, name))
            except CodebookError as error:
                self._warn(error)

    def _rename(self) -> None:
        topic = self._codebook.get(self.selected_topic_id() or "")
        if topic is None:
            return
        name, ok = QInputDialog.getText(self, "Rename topic", f"New name of “{topic.name}” (the old name stays an alias):", text=topic.name)
        if ok and name.strip() and name.strip() != topic.name:
            try:
                self.edit_requested.emit(rename_topic(self._codebook, topic, name))
            except CodebookError as error:
                self._warn(error)

    def _merge(self) -> None:
        topic = self._codebook.get(self.selected_topic_id() or "")
        if topic is None:
            return
        others = [t for t in self._codebook.active() if t.id != topic.id]
        name, ok = QInputDialog.getItem(self, "Merge topic", f"Merge “{topic.name}” into:", [t.name for t in others], 0, False)
        target = next((t for t in others if t.name == name), None)
        if ok and target is not None:
            self.edit_requested.emit(merge_topics(self._codebook, topic, target))
