"""The Adjudication view: the coders' spans in stacked lanes, and the curated coder's.

Above, the group in hand in stacked lanes over its text (``LanesWidget``); below, one row per
group of overlapping same-label spans (``core.curation``), one column per coder and one for the
curated coder; agreed groups are green, disagreements red, decided ones
show the curated span. Every decision is a core edit pushed onto the curated document's
``DocumentSession`` (its own QUndoStack, autosave and journal), so each is undoable and saved
through the store as the curated coder (default ``gold``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry
from annotator.core.agreement import load_corpus
from annotator.core.annotations import AnnotationSet
from annotator.core.curation import DEFAULT_CURATOR, Group, accept_agreements, curated_in, edit, group_spans, is_agreed, merge, progress, reject, take
from annotator.core.model import Span
from annotator.core.storage import ProjectError, ProjectStore
from annotator.gui.lanes_widget import LanesWidget
from annotator.gui.session import DocumentSession

if TYPE_CHECKING:  # annotations only
    from concurrent.futures import Executor

AGREED = QColor("#d8f0d8")
DISAGREED = QColor("#f6d5d5")


def _describe(span: Span) -> str:
    extra = span.actor_id or (span.timex.value if span.timex else "") or (span.claim.stance.value if span.claim and span.claim.stance else "")
    return f"[{span.start}, {span.end}) “{' '.join(span.text.split())[:50]}”" + (f" ({extra})" if extra else "")


class AdjudicationDialog(QDialog):
    def __init__(self, project: ProjectStore, coders: list[str], executor: Executor, curator: str = DEFAULT_CURATOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Adjudication into {curator}")
        self.resize(1100, 600)
        self.project = project
        self.coders = [c for c in coders if c != curator]
        self.curator = curator
        self._executor = executor
        self.registry = ActorRegistry(project.settings.actors)
        self.store = project.as_annotator(curator)
        self.corpus = load_corpus(project, self.coders)
        self.session: DocumentSession | None = None
        self.groups: list[Group] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.documents = QComboBox(self)
        for coding in self.corpus.documents:
            self.documents.addItem(coding.document.title, coding.document.id)
        self._progress: dict[str, tuple[int, int]] = {}
        for coding in self.corpus.documents:
            try:
                loaded = self.store.load_annotations(coding.document)
            except ProjectError:
                continue
            curated = AnnotationSet.from_file(coding.document, loaded.annotation_file)
            self._progress[coding.document.id] = progress(group_spans(coding.spans), curated)
        self._label_documents()
        self.documents.currentIndexChanged.connect(self._show_document)
        self.progress = QLabel(self)
        top.addWidget(self.documents, 1)
        top.addWidget(self.progress)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(self.coders) + 2, self)
        self.table.setHorizontalHeaderLabels(["label", *self.coders, curator])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.lanes = LanesWidget(self)
        self.lanes.set_colours({label.name: label.colour for label in project.scheme.labels})
        layout.addWidget(self.lanes)
        layout.addWidget(self.table)
        self.table.itemSelectionChanged.connect(self._show_lanes)
        buttons = QHBoxLayout()
        self.take_buttons = []
        for coder in self.coders:
            button = QPushButton(f"Take {coder}", self)
            button.clicked.connect(lambda _checked=False, c=coder: self.take_selected(c))
            buttons.addWidget(button)
            self.take_buttons.append(button)
        for text, slot in (
            ("Merge", self.merge_selected),
            ("Edit…", self.edit_dialog),
            ("Reject", self.reject_selected),
            ("Accept all agreements", self.accept_all),
            ("Undo", self.undo),
            ("Redo", self.redo),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        if self.corpus.documents:
            self._show_document(0)

    # --- the current document ------------------------------------------------
    def _coding(self):  # noqa: ANN202
        return self.corpus.documents[self.documents.currentIndex()]

    def _show_document(self, index: int) -> None:
        if self.session is not None:
            self.session.undo_stack.indexChanged.disconnect(self._on_index_changed)
            self.session.save_blocking()
            self.session.close()
        coding = self.corpus.documents[index]
        try:
            loaded = self.store.load_annotations(coding.document)
            refused = None
        except ProjectError as error:
            loaded, refused = None, str(error)
        self.session = DocumentSession(self.store, coding.document, loaded, self._executor, self.registry, refused_reason=refused, parent=self)
        self.session.undo_stack.indexChanged.connect(self._on_index_changed)
        self.groups = group_spans(coding.spans)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # the columns have their real widths only now

    def _on_index_changed(self, _index: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        assert self.session is not None
        curated = self.session.annotations
        self.table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            colour = AGREED if is_agreed(group, self.coders, self.project.scheme) else DISAGREED
            cells = [
                group.label,
                *("\n".join(_describe(s) for s in group.by(c)) for c in self.coders),
                "\n".join(_describe(s) for s in curated_in(group, curated)),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(colour)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self._show_lanes()
        done, total = progress(self.groups, curated)
        self.progress.setText(f"{done} of {total} decided")
        self._progress[self._coding().document.id] = (done, total)
        self._label_documents()

    def _label_documents(self) -> None:
        """Progress per document, in the document chooser."""
        for index, coding in enumerate(self.corpus.documents):
            done, total = self._progress.get(coding.document.id, (0, 0))
            self.documents.setItemText(index, f"{coding.document.title} ({done}/{total} decided)")

    def _show_lanes(self) -> None:
        """The selected group (or the first) in stacked lanes over its text: each coder, then the curated spans."""
        if self.session is None or not self.groups:
            return
        groups = self.selected_groups() or self.groups[:1]
        group = groups[0]
        coding = self._coding()
        lanes = [(coder, list(coding.spans[coder])) for coder in self.coders]
        lanes.append((self.curator, self.session.annotations.spans()))
        self.lanes.show_stretch(coding.document.text, group.start, group.end, lanes)

    def selected_groups(self) -> list[Group]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.groups[row] for row in rows]

    def _by_coder(self) -> dict[str, dict[str, Span]]:
        return {coder: {s.id: s for s in spans} for coder, spans in self._coding().spans.items()}

    def _push_each(self, label: str, make) -> None:  # noqa: ANN001
        """One undo step for the selected groups; each edit made against the state the previous left."""
        assert self.session is not None
        groups = self.selected_groups()
        if not groups:
            return
        self.session.undo_stack.beginMacro(label)
        for group in groups:
            edit = make(group)
            if edit is not None:
                self.session.push(edit)
        self.session.undo_stack.endMacro()

    # --- decisions -------------------------------------------------------------
    def take_selected(self, coder: str) -> None:
        self._push_each(f"Take {coder}", lambda g: take(g, coder, self.session.annotations, self._by_coder()[coder]))

    def merge_selected(self) -> None:
        self._push_each("Merge", lambda g: merge(g, self.session.annotations, self._by_coder()))

    def reject_selected(self) -> None:
        self._push_each("Reject", lambda g: reject(g, self.session.annotations))

    def edit_selected(self, start: int, end: int, label: str) -> None:
        self._push_each("Edit", lambda g: edit(g, self.session.annotations, start, end, label, self.project.scheme))

    def edit_dialog(self) -> None:
        groups = self.selected_groups()
        spans = curated_in(groups[0], self.session.annotations) if groups and self.session else []
        if not spans:
            return
        dialog = EditSpanDialog(spans[0], len(self.session.document.text), self.project.scheme.names(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.edit_selected(dialog.start.value(), dialog.end.value(), dialog.label.currentText())

    def accept_all(self) -> None:
        assert self.session is not None
        edit = accept_agreements(self.groups, self.coders, self.session.annotations, self.project.scheme, self._by_coder())
        if edit is not None:
            self.session.push(edit)

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def done(self, result: int) -> None:
        if self.session is not None:
            self.session.undo_stack.indexChanged.disconnect(self._on_index_changed)
            self.session.save_blocking()
            self.session.close()
        self.store.close()
        super().done(result)


class EditSpanDialog(QDialog):
    """Boundaries (code points, end-exclusive) and label of one curated span."""

    def __init__(self, span: Span, length: int, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the curated span")
        form = QFormLayout(self)
        self.start, self.end = QSpinBox(self), QSpinBox(self)
        for box, value in ((self.start, span.start), (self.end, span.end)):
            box.setRange(0, length)
            box.setValue(value)
        self.label = QComboBox(self)
        self.label.addItems(labels)
        self.label.setCurrentText(span.label)
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        form.addRow("Label", self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept_if_valid(self) -> None:
        if self.start.value() < self.end.value():
            self.accept()
