"""Qt item models over core objects; they forward core changes as row signals."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.annotations import AnnotationChange, AnnotationSet, ChangeKind
from annotator.core.model import DocumentStatus, LabelScheme, Span
from annotator.core.storage import CatalogEntry, ProjectStore
from annotator.gui.plain_text import tooltip

_Index = QModelIndex | QPersistentModelIndex
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_COLOURS = {
    DocumentStatus.NEW: QColor("#6b7280"),
    DocumentStatus.IN_PROGRESS: QColor("#b45309"),
    DocumentStatus.DONE: QColor("#15803d"),
}


class FixedColumnsTableModel(QAbstractTableModel):
    """A flat table with named columns; subclasses keep their rows in ``_rows``."""

    HEADERS: tuple[str, ...] = ()
    _rows: list

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class DocumentListModel(FixedColumnsTableModel):
    """The project's documents: title, date, status."""

    HEADERS = ("Title", "Date", "Status")

    def __init__(self, project: ProjectStore, parent=None) -> None:  # noqa: ANN001 - QObject
        super().__init__(parent)
        self._project = project
        self._rows: list[CatalogEntry] = project.documents()
        self._row_of = {entry.id: row for row, entry in enumerate(self._rows)}
        self._problems: dict[str, str] = {}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == DOCUMENT_ID_ROLE:
            return entry.id
        problem = self._problems.get(entry.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return entry.title
            if column == 1:
                return entry.date.isoformat() if entry.date else "—"
            if column == 2:
                return "error" if problem else self._project.status(entry.id).value
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(problem or f"{entry.title}\n{entry.source_file or entry.id}")
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor("#b91c1c") if problem else STATUS_COLOURS[self._project.status(entry.id)]
        return None

    def document_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, doc_id: str) -> int:
        return self._row_of.get(doc_id, -1)

    def set_problem(self, doc_id: str, problem: str | None) -> None:
        if problem:
            self._problems[doc_id] = problem
        else:
            self._problems.pop(doc_id, None)
        self.refresh(doc_id)

    def refresh(self, doc_id: str) -> None:
        row = self.row_of(doc_id)
        if row >= 0:
            self._rows[row] = self._project.entry(doc_id) or self._rows[row]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._project.documents()
        self._row_of = {entry.id: row for row, entry in enumerate(self._rows)}
        self.endResetModel()


class SpanTableModel(FixedColumnsTableModel):
    """The spans of one document in file order; follows the AnnotationSet's changes."""

    HEADERS = ("Label", "Text", "Details", "Start", "End")

    def __init__(self, scheme: LabelScheme, parent=None, describe: Callable[[Span], str] | None = None) -> None:  # noqa: ANN001 - QObject
        super().__init__(parent)
        # What the Details column says of a span (its actor, claimant and date, or date value).
        self._describe = describe or (lambda _span: "")
        self._colours = {label.name: QColor(label.colour) for label in scheme.labels}
        self._annotations: AnnotationSet | None = None
        self._rows: list[Span] = []
        self._keys: list[tuple] = []

    def set_scheme(self, scheme: LabelScheme) -> None:
        self._colours = {label.name: QColor(label.colour) for label in scheme.labels}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def set_annotations(self, annotations: AnnotationSet | None) -> None:
        self.beginResetModel()
        if self._annotations is not None:
            self._annotations.remove_listener(self._on_change)
        self._annotations = annotations
        self._rows = annotations.spans() if annotations is not None else []
        self._keys = [span.sort_key() for span in self._rows]
        if annotations is not None:
            annotations.add_listener(self._on_change)
        self.endResetModel()

    def _insert(self, span: Span) -> None:
        row = bisect_left(self._keys, span.sort_key())
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, span)
        self._keys.insert(row, span.sort_key())
        self.endInsertRows()

    def _remove(self, span: Span) -> None:
        row = bisect_left(self._keys, span.sort_key())
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self.endRemoveRows()

    def _on_change(self, change: AnnotationChange) -> None:
        if change.kind is ChangeKind.ADDED and change.new:
            self._insert(change.new)
        elif change.kind is ChangeKind.REMOVED and change.old:
            self._remove(change.old)
        elif change.kind is ChangeKind.CHANGED and change.old and change.new:
            row = bisect_left(self._keys, change.old.sort_key())
            if change.old.sort_key() == change.new.sort_key() or (
                change.old.start == change.new.start and change.old.end == change.new.end and self._stays_at(row, change.new)
            ):
                self._rows[row] = change.new
                self._keys[row] = change.new.sort_key()
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
            else:
                self._remove(change.old)
                self._insert(change.new)

    def _stays_at(self, row: int, span: Span) -> bool:
        key = span.sort_key()
        return (row == 0 or self._keys[row - 1] <= key) and (row + 1 >= len(self._keys) or key <= self._keys[row + 1])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        span = self._rows[index.row()]
        column = index.column()
        if role == SPAN_ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 2:
                return self._describe(span)
            return (span.label, " ".join(span.text.split()), None, span.start, span.end)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(span.text)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._colours.get(span.label)
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder
        return None

    def row_of(self, span_id: str) -> int:
        span = self._annotations.get(span_id) if self._annotations is not None else None
        if span is None:
            return -1
        row = bisect_left(self._keys, span.sort_key())
        return row if row < len(self._rows) and self._rows[row].id == span_id else -1

    def refresh_details(self) -> None:
        """Linked names or values changed elsewhere (registry edit, linked span relabelled)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    def span_at(self, row: int) -> Span:
        return self._rows[row]
