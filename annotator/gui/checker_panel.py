"""The checker's findings for the open document: what to fix before it is done.

The panel only lists what ``annotator.core.checker.check_spans`` found; the main
window runs the check and calls ``show_findings``. Activating a finding (click,
Enter or Return) emits ``finding_activated`` with its span id, once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.checker import Finding
from annotator.gui.plain_text import tooltip

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole


MAX_SHOWN = 300


class CheckerPanel(QWidget):
    finding_activated = Signal(str)  # the finding's span id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not itemActivated: where a style activates on single click it would fire together with itemClicked.
        self.list.itemClicked.connect(self._activate)
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
            # An edit beyond the listed rows (a long article): only the "more" row and the header change;
            # refilling 300 wrapped rows would cost a frame or more on every key.
            self.list.item(MAX_SHOWN).setText(f"… and {count - MAX_SHOWN} more")
            self._set_header(count)
            return
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for finding in head:
            item = QListWidgetItem(finding.message)
            item.setData(SPAN_ID_ROLE, finding.span_id)
            item.setToolTip(tooltip(f"{finding.message} (span {finding.span_id})"))
            self.list.addItem(item)
        if count > MAX_SHOWN:
            more = QListWidgetItem(f"… and {count - MAX_SHOWN} more")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(more)
        self.list.setUpdatesEnabled(True)
        self._set_header(count)

    def _set_header(self, count: int) -> None:
        if count:
            self.header.setText(f"{count} {'thing' if count == 1 else 'things'} to check")
            self.header.setStyleSheet("color:#b45309; font-weight:bold")
        else:
            self.header.setText("All claims are linked")
            self.header.setStyleSheet("color:#15803d; font-weight:bold")

    def findings_count(self) -> int:
        return self._count

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            span_id = item.data(SPAN_ID_ROLE)
            if isinstance(span_id, str):
                self.finding_activated.emit(span_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)
