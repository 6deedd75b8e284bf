"""Qt item models over core objects; they forward core changes as row signals."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor

from annotator.core.annotations import AnnotationChange, AnnotationSet, ChangeKind
from annotator.core.model import DocumentStatus, LabelScheme, Span
from annotator.core.storage import CatalogEntry, ProjectStore
from annotator.core.storage.base import catalog_dates, catalog_ids, catalog_positions, catalog_titles
from annotator.gui.filter_results import FilterResults
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


_DOCUMENT_ROLES = frozenset({DOCUMENT_ID_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole})


class DocumentListModel(FixedColumnsTableModel):
    """The project's documents: title, date, status; filtered here, over Python lists.

    ``_all`` is the catalog in project order; ``_shown`` the positions in ``_all``
    that the filter lets through, ascending (None: all of them, no list built). A
    keystroke in the filter is one pass of substring tests over the folded titles
    and dates, never a Qt call per row (a ``QSortFilterProxyModel`` calls ``data()``
    for every document), and over as few of them as it can: the matches of the
    longest recent filter text inside the new one, or none at all for a text whose
    result is kept (a backspace; gui/filter_results.py). ``_shown`` may be such a
    kept list: it is never changed in place. The
    folded strings are made once, when the window is idle after opening (or at the
    first keystroke if that comes first). Rows that stay keep their selection (a
    layout change, not a reset).
    """

    HEADERS = ("Title", "Date", "Status")
    STATUS_TEXTS = ("error", *(status.value for status in DocumentStatus))
    PREPARE_AFTER_MS = 1000

    def __init__(self, project: ProjectStore, parent=None) -> None:  # noqa: ANN001 - QObject
        super().__init__(parent)
        self._project = project
        self._problems: dict[str, str] = {}
        self._filter = ""
        self._load()
        QTimer.singleShot(self.PREPARE_AFTER_MS, self, lambda: self.prepare_filter(in_background=True))

    def _load(self) -> None:
        # The painted rows read the id, title and date columns; an entry (which holds the source
        # file and text hash, read from their own file when first wanted) is made only for a tooltip.
        self._all: Sequence[CatalogEntry] = self._project.documents()
        self._columns()
        self._position = catalog_positions(self._all)  # the catalog's own index: no pass over 100,000 rows at opening
        self._haystack: list[str] | None = None  # folded "title<TAB>date" of each of _all
        self._results = FilterResults()
        self._shown: list[int] | None = self._narrowed(self._filter)

    def _columns(self) -> None:
        """The shown columns of ``_all`` (three list copies in C: 100,000 documents, about a millisecond)."""
        self._ids, self._titles, self._dates = catalog_ids(self._all), catalog_titles(self._all), catalog_dates(self._all)

    def prepare_filter(self, *, in_background: bool = False) -> None:
        """Fold every title and date once (100,000 documents: 60-120 ms).

        ``in_background``: on a worker thread, which reads only the catalog list it is
        given (never changed in place while it runs) and hands back its result only if
        that list is still the model's; a keystroke before then folds on the spot.
        """
        if self._haystack is not None:
            return
        entries = self._all
        if not in_background:
            self._haystack = self._folded(entries)
            return

        def fold() -> None:
            folded = self._folded(entries)
            if self._all is entries and self._haystack is None:
                self._haystack = folded

        threading.Thread(target=fold, name="fold-document-titles", daemon=True).start()

    @staticmethod
    def _searched(entry: CatalogEntry) -> str:
        return f"{entry.title}\t{entry.date.isoformat() if entry.date else '—'}".casefold()

    @staticmethod
    def _folded(entries: Sequence[CatalogEntry]) -> list[str]:
        """``_searched`` of every entry, read from the catalog's records (no entry is made)."""
        return [f"{title}\t{date.isoformat() if date else '—'}".casefold() for title, date in zip(catalog_titles(entries), catalog_dates(entries))]

    def _status_text(self, doc_id: str) -> str:
        return "error" if doc_id in self._problems else self._project.status(doc_id).value

    def _matching(self, pool: list[int] | None, needle: str) -> list[int] | None:
        """Positions in ``pool`` (None: all) whose document matches ``needle``; None for no filter."""
        if not needle:
            return None
        self.prepare_filter()
        haystack = self._haystack
        assert haystack is not None
        positions = range(len(haystack)) if pool is None else pool
        statuses = {text for text in self.STATUS_TEXTS if needle in text}
        if not statuses:  # the usual case: the status column cannot match, skip its lookups
            return [i for i in positions if needle in haystack[i]]
        ids = self._ids
        return [i for i in positions if needle in haystack[i] or self._status_text(ids[i]) in statuses]

    def _narrowed(self, needle: str) -> list[int] | None:
        """``_matching`` of every document, searching only where the kept results say matches can be."""
        if not needle:
            return None
        shown = self._results.exact(needle)
        if shown is None:
            shown = self._matching(self._results.pool(needle), needle)
            assert shown is not None
            self._results.keep(needle, shown)
        return shown

    def _entry(self, row: int) -> CatalogEntry:
        return self._all[self._at(row)]

    def _at(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._all) if self._shown is None else len(self._shown)

    @property
    def filter_text(self) -> str:
        return self._filter

    def total(self) -> int:
        """Documents in the project, shown or not."""
        return len(self._all)

    def set_filter(self, text: str) -> None:
        """Show the documents whose title, date or status contains ``text`` (case-insensitive)."""
        needle = text.casefold()
        if needle == self._filter:
            return
        shown = self._narrowed(needle)
        self._filter = needle
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self._ids[self._at(index.row())] if 0 <= index.row() < self.rowCount() else None for index in persistent]
        self._shown = shown
        if persistent:  # the selection and current row: a few indexes, not one per document
            moved = [self.row_of(doc_id) if doc_id else -1 for doc_id in held]
            self.changePersistentIndexList(
                persistent, [self.index(row, index.column()) if row >= 0 else QModelIndex() for row, index in zip(moved, persistent)]
            )
        self.layoutChanged.emit()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A repaint asks each visible cell for seven roles: the unused ones make no entry.
        if role not in _DOCUMENT_ROLES or not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        position = self._at(index.row())
        doc_id = self._ids[position]
        column = index.column()
        if role == DOCUMENT_ID_ROLE:
            return doc_id
        problem = self._problems.get(doc_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._titles[position]
            if column == 1:
                date = self._dates[position]
                return date.isoformat() if date else "—"
            if column == 2:
                return "error" if problem else self._project.status(doc_id).value
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return tooltip(problem)
            entry = self._all[position]
            return tooltip(f"{entry.title}\n{entry.source_file or entry.id}")
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor("#b91c1c") if problem else STATUS_COLOURS[self._project.status(doc_id)]
        return None

    def document_id(self, row: int) -> str:
        return self._ids[self._at(row)]

    def row_of(self, doc_id: str) -> int:
        """The shown row of ``doc_id``, or -1 (not in the project, or filtered out)."""
        position = self._position.get(doc_id, -1)
        if position < 0 or self._shown is None:
            return position
        row = bisect_left(self._shown, position)  # _shown is ascending
        return row if row < len(self._shown) and self._shown[row] == position else -1

    def set_problem(self, doc_id: str, problem: str | None) -> None:
        if problem:
            self._problems[doc_id] = problem
        else:
            self._problems.pop(doc_id, None)
        self.refresh(doc_id)

    def refresh(self, doc_id: str) -> None:
        self._results.clear()  # its title or status may have changed: no kept match stays trusted
        entry = self._project.entry(doc_id)
        position = self._position.get(doc_id, -1)
        if entry is not None and position >= 0 and entry != self._all[position]:
            # A new snapshot of the catalog, which holds the new entry (a fold running over the
            # current one then hands back nothing).
            self._all = self._project.documents()
            self._titles[position], self._dates[position] = entry.title, entry.date  # the model's own copies
            if self._haystack is not None:
                self._haystack[position] = self._searched(entry)
        row = self.row_of(doc_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()


_SPAN_ROLES = frozenset({SPAN_ID_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole})


def _label_key(span: Span) -> tuple:
    return (span.label, span.sort_key())


def _start_key(span: Span) -> tuple:
    return span.sort_key()


def _end_key(span: Span) -> tuple:
    return (span.end, span.sort_key())


def _shown_text(span: Span) -> str:
    return " ".join(span.text.split())


class SpanTableModel(FixedColumnsTableModel):
    """The spans of one document; follows the AnnotationSet's changes row by row.

    Unsorted (column -1) it shows the annotation set's own order (by start, longer
    first). ``sort()`` (a header click) orders the model's own Python list with one
    key function and remembers the column and order across edits and documents; Qt
    never sorts through ``data()``. Edits insert, remove or change the one row they
    touch.

    ``_spans`` and ``_keys`` are kept ascending by the current key; a descending
    order only maps shown rows from the end.
    """

    HEADERS = ("Label", "Text", "Details", "Start", "End")

    def __init__(self, scheme: LabelScheme, parent=None, describe: Callable[[Span], str] | None = None) -> None:  # noqa: ANN001 - QObject
        super().__init__(parent)
        # What the Details column says of a span (its actor, claimant and date, or date value).
        self._describe = describe or (lambda _span: "")
        self._colours = {label.name: QColor(label.colour) for label in scheme.labels}
        self._annotations: AnnotationSet | None = None
        self._spans: list[Span] = []
        self._keys: list[tuple] | None = []  # key of each of _spans; None: made on demand
        self._position: dict[str, int] | None = {}  # span id -> index in _spans; None: rebuild on demand
        self._column = -1
        self._descending = False

    @property
    def _rows(self) -> list[Span]:  # FixedColumnsTableModel counts these
        return self._spans

    # --- order -------------------------------------------------------------------
    def _key_function(self) -> Callable[[Span], tuple]:
        column = self._column
        if column == 0:
            return _label_key
        if column == 1:
            return lambda span: (_shown_text(span), span.sort_key())
        if column == 2:
            describe = self._describe
            return lambda span: (describe(span), span.sort_key())
        if column == 4:
            return _end_key
        return _start_key  # Start, and the annotation set's own order

    @property
    def sort_column(self) -> int:
        return self._column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def _ordered(self, spans: list[Span], *, in_file_order: bool = False) -> None:
        """Sort ``spans`` by the current key; the keys themselves are made when an edit first needs them."""
        if in_file_order and self._column in (-1, 3):
            self._spans = spans  # already by start, longer first: nothing to do on a switch
        else:
            self._spans = sorted(spans, key=self._key_function())
        self._keys = None
        self._position = None

    def _sort_keys(self) -> list[tuple]:
        if self._keys is None:
            key = self._key_function()
            self._keys = [key(span) for span in self._spans]
        return self._keys

    def _row(self, position: int, size: int | None = None) -> int:
        """Shown row of the list position ``position`` (list of ``size`` spans)."""
        return (len(self._spans) if size is None else size) - 1 - position if self._descending else position

    def _position_of(self, span_id: str, span: Span | None = None) -> int:
        """Where ``span_id`` is in ``_spans``: found by its key in O(log n) when the key of the
        model's copy is known (``span``, or the set's current version); else by an id index."""
        span = span or (self._annotations.get(span_id) if self._annotations is not None else None)
        if span is not None and self._column != 2:  # Details keys may be stale: by id only
            keys = self._sort_keys()
            position = bisect_left(keys, self._key_function()(span))
            if position < len(self._spans) and self._spans[position].id == span_id:
                return position
        if self._position is None:
            self._position = {span.id: position for position, span in enumerate(self._spans)}
        return self._position.get(span_id, -1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (-1: the annotation set's order); one sort of a Python list."""
        column = column if 0 <= column < len(self.HEADERS) else -1
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending) and column != 2:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.span_at(index.row()).id if 0 <= index.row() < len(self._spans) else None, index.column()) for index in persistent]
        self._column, self._descending = column, descending
        self._ordered(self._spans)
        if persistent:
            moved = [self.row_of(span_id) if span_id else -1 for span_id, _column in held]
            self.changePersistentIndexList(persistent, [self.index(row, column) if row >= 0 else QModelIndex() for row, (_id, column) in zip(moved, held)])
        self.layoutChanged.emit()

    # --- content -----------------------------------------------------------------
    def set_scheme(self, scheme: LabelScheme) -> None:
        self._colours = {label.name: QColor(label.colour) for label in scheme.labels}
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def set_annotations(self, annotations: AnnotationSet | None) -> None:
        """Show ``annotations`` in the current sort order (one reset; Qt reads only the visible rows)."""
        self.beginResetModel()
        if self._annotations is not None:
            self._annotations.remove_listener(self._on_change)
        self._annotations = annotations
        self._ordered(annotations.spans() if annotations is not None else [], in_file_order=True)
        if annotations is not None:
            annotations.add_listener(self._on_change)
        self.endResetModel()

    def _insert(self, span: Span) -> None:
        key = self._key_function()(span)
        keys = self._sort_keys()
        position = bisect_left(keys, key)
        row = self._row(position, len(self._spans) + 1)
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(position, span)
        keys.insert(position, key)
        self._position = None
        self.endInsertRows()

    def _remove(self, span: Span) -> None:
        position = self._position_of(span.id, span)
        if position < 0:
            return
        row = self._row(position)
        keys = self._sort_keys()
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._spans[position]
        del keys[position]
        self._position = None
        self.endRemoveRows()

    def _on_change(self, change: AnnotationChange) -> None:
        if change.kind is ChangeKind.ADDED and change.new:
            self._insert(change.new)
        elif change.kind is ChangeKind.REMOVED and change.old:
            self._remove(change.old)
        elif change.kind is ChangeKind.CHANGED and change.old and change.new:
            position = self._position_of(change.old.id, change.old)
            key = self._key_function()(change.new)
            keys = self._sort_keys()
            if position >= 0 and (position == 0 or keys[position - 1] <= key) and (position + 1 >= len(keys) or key <= keys[position + 1]):
                self._spans[position] = change.new
                keys[position] = key
                row = self._row(position)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
            else:
                self._remove(change.old)
                self._insert(change.new)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A table repaint asks each visible cell for a dozen roles: answer the unused ones first.
        if role not in _SPAN_ROLES or not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        span = self.span_at(index.row())
        column = index.column()
        if role == SPAN_ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 2:
                return self._describe(span)
            return (span.label, _shown_text(span), None, span.start, span.end)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(span.text)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._colours.get(span.label)
        return None

    def row_of(self, span_id: str) -> int:
        position = self._position_of(span_id)
        return self._row(position) if position >= 0 else -1

    def refresh_details(self) -> None:
        """Linked names or values changed elsewhere (registry edit, linked span relabelled)."""
        if not self._spans:
            return
        if self._column == 2:  # sorted by what changed: sort again (one pass)
            self.sort(2, self.sort_order)
        self.dataChanged.emit(self.index(0, 2), self.index(len(self._spans) - 1, 2))

    def span_at(self, row: int) -> Span:
        return self._spans[self._row(row)]
