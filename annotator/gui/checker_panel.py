"""The checker's findings for the open document: what to fix before it is done.

The panel only lists what ``annotator.core.checker.check_spans`` found; the main
window runs the check and calls ``show_findings``. Activating a finding (click,
Enter or Return) emits ``finding_activated`` with its span id, once.
"""

from __future__ import annotations

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
        self._shown: list[Finding] | None = None
        self.show_findings([])

    def show_findings(self, findings: list[Finding]) -> None:
        """Replace the list; emits nothing. Only the first MAX_SHOWN are listed: the list is
        refilled after every burst of edits, and thousands of rows would stall the window."""
        if findings == self._shown:
            return
        shown_before = self._shown
        self._shown = list(findings)
        if shown_before is not None and len(shown_before) > MAX_SHOWN and len(findings) > MAX_SHOWN and findings[:MAX_SHOWN] == shown_before[:MAX_SHOWN]:
            # An edit beyond the listed rows (a long article): only the "more" row and the header change;
            # refilling 300 wrapped rows would cost a frame or more on every key.
            self.list.item(MAX_SHOWN).setText(f"… and {len(findings) - MAX_SHOWN} more")
            self._set_header(len(findings))
            return
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for finding in findings[:MAX_SHOWN]:
            item = QListWidgetItem(finding.message)
            item.setData(SPAN_ID_ROLE, finding.span_id)
            item.setToolTip(tooltip(f"{finding.message} (span {finding.span_id})"))
            self.list.addItem(item)
        if len(findings) > MAX_SHOWN:
            more = QListWidgetItem(f"… and {len(findings) - MAX_SHOWN} more")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(more)
        self.list.setUpdatesEnabled(True)
        self._set_header(len(findings))

    def _set_header(self, count: int) -> None:
        if count:
            self.header.setText(f"{count} {'thing' if count == 1 else 'things'} to check")
            self.header.setStyleSheet("color:#b45309; font-weight:bold")
        else:
            self.header.setText("All claims are linked")
            self.header.setStyleSheet("color:#15803d; font-weight:bold")

    def findings_count(self) -> int:
        return len(self._shown)

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
