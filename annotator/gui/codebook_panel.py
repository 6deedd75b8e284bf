"""The Codebook panel (claim topics, beside the Actors panel) and the flow that keeps the codebook.

The panel lists the active topics with their aliases and how many claims of the open
documents use each; New, Rename and Merge into emit codebook edits (``edit_requested``),
which the window pushes on the current document's undo stack, like actor registry edits.

``CodebookFlow`` saves the codebook through the project store after every change and
creates a topic the first time a coder types it in Details (one undo step: new topic and
the claim's topic). A project from before the codebook starts its codebook, once and not
undoably, from the topics its claims already use, so no saved claim becomes invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget

from annotator.core.codebook import Codebook, CodebookError, merge_topics, new_topic, rename_topic, seed_from_files
from annotator.core.edits import update_span
from annotator.core.model import ClaimAttributes, Span
from annotator.core.storage import ProjectError, ProjectStore
from annotator.gui.session import DocumentSession

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


class CodebookFlow(QObject):
    """Keeps one project's codebook: saved on every change, topics created on first use."""

    def __init__(
        self,
        codebook: Codebook,
        project: ProjectStore,
        current_session: Callable[[], DocumentSession | None],
        open_sessions: Callable[[], Iterable[DocumentSession]],
        tell: Callable[..., None],
        on_changed: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.codebook = codebook
        self._project = project
        self._session = current_session
        self._open_sessions = open_sessions
        self._tell = tell
        self._on_changed = on_changed
        codebook.add_listener(self._changed)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for session in self._open_sessions():
            for span in session.annotations.spans():
                topic = self.codebook.resolve(span.claim.topic) if span.claim is not None and span.claim.topic else None
                if topic is not None:
                    counts[topic.id] = counts.get(topic.id, 0) + 1
        return counts

    def _changed(self) -> None:
        if self._project.writable:
            try:
                self._project.save_codebook(self.codebook.all())
            except (ProjectError, OSError) as error:
                self._tell(f"Codebook not saved: {error}", timeout=0)
        self._on_changed()

    def _start_codebook(self) -> None:
        """A project without a codebook: its topics in use become the first entries (saved files and open documents)."""
        if self.codebook.kept:
            return

        def open_documents() -> Iterable[tuple[str, bytes]]:
            for session in self._open_sessions():
                spans = [{"claim": {"topic": s.claim.topic}} for s in session.annotations.spans() if s.claim is not None and s.claim.topic]
                yield session.document.id, orjson.dumps({"spans": spans})

        seed = seed_from_files(self.codebook, [*self._project.iter_annotation_files(), *open_documents()])
        if seed is not None:
            seed.apply(self.codebook)

    def set_topic(self, span: Span, text: str) -> None:
        """The claim's topic typed in Details: a codebook topic, created if it is new."""
        session = self._session()
        if session is None or not session.editable:
            self._tell("Read-only: the topic is not changed")
            return
        current = session.annotations.get(span.id)
        if current is None or current.claim is None and not text:
            return
        self._start_codebook()
        claim = current.claim or ClaimAttributes()
        topic = self.codebook.resolve(text)
        if topic is not None:
            session.push(update_span(current, claim=claim.model_copy(update={"topic": topic.name})))
            return
        try:
            add = new_topic(self.codebook, text)
        except CodebookError as error:
            self._tell(str(error))
            return
        session.push_all(f"New topic {add.topic.name}", [add, update_span(current, claim=claim.model_copy(update={"topic": add.topic.name}))])
        self._tell(f"New topic “{add.topic.name}” in the codebook")
