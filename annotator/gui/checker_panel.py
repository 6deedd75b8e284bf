"""The checker's findings for the open document: what to fix before it is done.

The panel only lists what ``annotator.core.checker.check_spans`` found; the main
window runs the check and calls ``show_findings``. Activating a finding (click,
Enter or Return) emits ``finding_activated`` with its span id, once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from annotator.core.checker import Finding
from annotator.gui.plain_text import tooltip

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole


MAX_SHOWN = 300

_Index = QModelIndex | QPersistentModelIndex


class FindingListModel(QAbstractListModel):
    """The listed findings (at most MAX_SHOWN) and, past them, one row that says how many more.

    Qt asks only for the rows on screen (the view's rows are of one height): filling the list
    makes no item per finding, and a row's tooltip is made when it is shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.head: list[Finding] = []
        self.count = 0

    def set_findings(self, head: list[Finding], count: int) -> None:
        rows = self.rowCount()
        if rows and len(head) + (count > len(head)) == rows:
            # As many rows as before (a switch between two long articles: 300 and the "more" row):
            # the rows say something else, and no reset makes the view lay out all of them again.
            self.head, self.count = head, count
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, 0))
            return
        self.beginResetModel()
        self.head, self.count = head, count
        self.endResetModel()

    def set_count(self, count: int) -> None:
        """Only the number beyond the listed rows changed: the "more" row says so."""
        self.count = count
        row = len(self.head)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.head) + (self.count > len(self.head))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if index.isValid() and index.row() < len(self.head):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = index.row()
        if row >= len(self.head):
            return f"… and {self.count - len(self.head)} more" if role == Qt.ItemDataRole.DisplayRole and row == len(self.head) else None
        finding = self.head[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{finding.message} (span {finding.span_id})")
        if role == SPAN_ID_ROLE:
            return finding.span_id
        return None


class CheckerPanel(QWidget):
    finding_activated = Signal(str)  # the finding's span id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.model = FindingListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # One line a row, the whole message in its tooltip: rows of one height let Qt lay out and
        # ask for only the rows on screen (wrapped rows were measured one by one, all 300 of them,
        # on every switch to a document).
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the quoted span shortened, what is wrong with it kept
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not activated: where a style activates on single click it would fire together with clicked.
        self.list.clicked.connect(self._activate)
        self.list.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        self._head: list[Finding] | None = None  # the listed findings (at most MAX_SHOWN)
        self._count = 0
        self.show_findings([])

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Replace the list; emits nothing. Only the first MAX_SHOWN are listed (and read: the
        cache makes a finding's message when it is read): the list is refilled after every burst
        of edits, and thousands of rows would stall the window."""
        count = len(findings)
        head = list(findings[:MAX_SHOWN])
        if head == self._head and count == self._count:
            return
        head_before, count_before = self._head, self._count
        self._head, self._count = head, count
        if head_before is not None and count_before > MAX_SHOWN and count > MAX_SHOWN and head == head_before:
            # An edit beyond the listed rows (a long article): only the "more" row and the header change.
            self.model.set_count(count)
        else:
            self.model.set_findings(head, count)
        self._set_header(count)

    def row_text(self, row: int) -> str:
        """What row ``row`` of the list says."""
        return str(self.model.index(row, 0).data() or "")

    def _set_header(self, count: int) -> None:
        if count:
            self.header.setText(f"{count} {'thing' if count == 1 else 'things'} to check")
            style = "color:#b45309; font-weight:bold"
        else:
            self.header.setText("All claims are linked")
            style = "color:#15803d; font-weight:bold"
        if self.header.styleSheet() != style:  # setting it again re-polishes the label on every switch
            self.header.setStyleSheet(style)

    def findings_count(self) -> int:
        return self._count

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            span_id = index.data(SPAN_ID_ROLE)
            if isinstance(span_id, str):
                self.finding_activated.emit(span_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate(self.list.currentIndex())
                return True
        return super().eventFilter(watched, event)
