"""Another coder's spans, read-only, in a lane of their own beside one's own article view.

A dock with a coder chooser and a second ``ArticleView`` over the same text. It follows the
window's current document (the undo group's active stack changes with it) and the caret of the
main view. Nothing here can change annotations: the lane's view is not wired to the span
editor, and the other coder's file is read through a read-only store. In a blind project
(``settings.blind``) it shows nothing but why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QVBoxLayout, QWidget

from annotator.core.annotations import AnnotationSet
from annotator.core.model import Document
from annotator.core.storage import ProjectError, ProjectStore
from annotator.gui.lazy_dock import LazyDock
from annotator.gui.text_view import ArticleView

BLIND_MESSAGE = "Blind coding: other coders' annotations are hidden until adjudication (Team menu)."


class CoderLane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.coders = QComboBox(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.view = ArticleView(self)
        layout.addWidget(self.coders)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.project: ProjectStore | None = None
        self.document: Document | None = None
        self.annotations: AnnotationSet | None = None
        self.coders.currentIndexChanged.connect(lambda _i: self._reload())

    def set_project(self, project: ProjectStore) -> None:
        self.project = project
        self.view.set_scheme(project.scheme)
        self.coders.blockSignals(True)
        self.coders.clear()
        if not project.settings.blind:
            for coder in project.annotators():
                if coder != project.annotator:
                    self.coders.addItem(coder)
        self.coders.blockSignals(False)
        self._reload()

    def show_document(self, document: Document | None) -> None:
        if document is not None and self.document is not None and document.id == self.document.id:
            return
        self.document = document
        self._reload()

    def _reload(self) -> None:
        self.annotations = None
        coder = self.coders.currentText()
        if self.project is None or self.project.settings.blind:
            self.message.setText(BLIND_MESSAGE)
        elif not coder:
            self.message.setText("No other coder has annotations in this project.")
        elif self.document is None:
            self.message.setText("")
        else:
            try:
                with self.project.reopen(annotator=coder, read_only=True) as store:
                    loaded = store.load_annotations(self.document)
            except ProjectError as error:
                self.message.setText(str(error))
            else:
                self.annotations = AnnotationSet.from_file(self.document, loaded.annotation_file)
                self.message.setText(
                    f"{coder}: {len(self.annotations)} span(s), read-only" if loaded.annotation_file else f"{coder} has not annotated this document"
                )
        self.view.show_annotations(self.annotations)

    def follow(self, offset: int) -> None:
        """Scroll the lane to ``offset`` of the text (the main view's caret)."""
        if self.annotations is None or offset > len(self.annotations.document.text):
            return
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.mapping.to_qt(offset))
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()


def install_coder_lane(window: QMainWindow) -> LazyDock[CoderLane]:
    """A hidden dock on the right (View menu toggles it) following the window's document and caret.

    Hidden at start: the lane and its second ``ArticleView`` are built when the dock is first
    shown (a ``LazyDock``), not with the window; until then there is nothing to follow.
    """
    dock: LazyDock[CoderLane] = LazyDock("Other coder (read-only)", "coder_lane_dock", lambda: CoderLane(window), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()

    def current() -> None:
        lane = dock.panel()
        if lane.project is not window.project:
            lane.set_project(window.project)
        lane.show_document(window.session.document if window.session else None)

    def on_shown(visible: bool) -> None:
        if visible:
            current()

    def follow() -> None:
        lane = dock.built_panel
        if lane is not None and dock.isVisible():
            lane.follow(window.view.mapping.from_qt(window.view.textCursor().position()))

    dock.visibilityChanged.connect(on_shown)
    window.undo_group.activeStackChanged.connect(lambda _stack: current() if dock.isVisible() else None)
    window.view.cursorPositionChanged.connect(follow)
    return dock
