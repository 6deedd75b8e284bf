"""The Agreement dialog: the agreement table, a per-document heat map and the disagreements.

Plain data from ``annotator.core.agreement`` shown in Qt widgets; nothing here computes a
measure. Clicking a heat-map cell (document x label) lists that document's disagreements of
that label; activating one asks the window to open it (``open_requested``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from annotator.core.agreement import ALL, CORPUS, AgreementReport

HEAT_COLUMN = "f1_overlap"


def _show(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f}"


def heat_colour(value: float) -> QColor:
    """Red (0) through yellow to green (1); grey when undefined."""
    if math.isnan(value):
        return QColor("#dddddd")
    value = min(max(value, 0.0), 1.0)
    return QColor.fromHsvF(value / 3, 0.45, 1.0)


class AgreementDialog(QDialog):
    open_requested = Signal(str, int, int)  # document id, start, end

    def __init__(self, report: AgreementReport, title_of: Callable[[str], str], parent: QWidget | None = None, *, blind: bool = False) -> None:
        super().__init__(parent)
        # Blind coding: the figures, but not what the other coders marked (that waits for adjudication).
        self.blind = blind
        self.setWindowTitle(f"Agreement: {', '.join(report.coders)}")
        self.report = report
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        kappa = "Cohen's kappa" if report.kappa_measure == "cohen_kappa" else "Fleiss' kappa"
        columns = ["document", "label", *(f"n {c}" for c in report.coders), "F1 exact", "F1 overlap", kappa, "alpha", "alpha_U"]
        self.table = QTableWidget(len(report.rows), len(columns), self)
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, r in enumerate(report.rows):
            cells = [title_of(r.scope) if r.scope != CORPUS else "corpus", r.label, *(str(r.spans[c]) for c in report.coders)]
            cells += [_show(r.value(name)) for name in ("f1_exact", "f1_overlap", "kappa", "alpha", "alpha_u")]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

        labels = sorted({r.label for r in report.rows if r.label != ALL}) + [ALL]
        documents = [r.scope for r in report.rows if r.label == ALL and r.scope != CORPUS]
        self.heat = QTableWidget(len(documents), len(labels), self)
        self.heat.setHorizontalHeaderLabels(labels)
        self.heat.setVerticalHeaderLabels([title_of(d) for d in documents])
        self.heat.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._heat_cells: dict[tuple[int, int], tuple[str, str]] = {}
        for row, doc_id in enumerate(documents):
            for column, label in enumerate(labels):
                found = report.row(doc_id, label)
                value = found.value(HEAT_COLUMN) if found else math.nan
                item = QTableWidgetItem(_show(value))
                item.setBackground(heat_colour(value))
                item.setToolTip(f"span F1 (overlapping) of {label} in {title_of(doc_id)}")
                self.heat.setItem(row, column, item)
                self._heat_cells[(row, column)] = (doc_id, label)
        self.heat.cellClicked.connect(self.show_disagreements)

        self.disagreements = QListWidget(self)
        self.disagreements.itemActivated.connect(self._open)
        self.caption = QLabel("Click a heat-map cell to list its disagreements; double-click one to open it.", self)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.caption)
        lower_layout.addWidget(self.disagreements)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.heat)
        splitter.addWidget(lower)
        layout.addWidget(splitter)
        extra = QLabel(self)
        extra.setWordWrap(True)
        attrs = ", ".join(f"{name} {_show(a / n if n else math.nan)} ({a}/{n})" for name, (a, n) in report.attributes.items())
        c = report.claims
        extra.setText(
            f"Attributes of matched spans: {attrs}.\nClaim tuples (claimant, topic, stance, date), partial credit: {_show(c['score'])} "
            f"over {c['matched']} matched pair(s), {c['complete']} agreeing on all four."
            + (f"\nLeft out: {'; '.join(report.skipped + report.problems)}" if report.skipped or report.problems else "")
        )
        layout.addWidget(extra)

    def show_disagreements(self, row: int, column: int) -> None:
        doc_id, label = self._heat_cells[(row, column)]
        self.disagreements.clear()
        if self.blind:
            self.caption.setText("Blind coding: the disagreements are shown in the Adjudication view.")
            return
        for d in self.report.disagreements:
            if d.document_id == doc_id and (label == ALL or d.label == label):
                item = QListWidgetItem(f"{d.label} [{d.start}, {d.end}) {d.kind}: “{' '.join(d.text.split())[:80]}”")
                item.setData(Qt.ItemDataRole.UserRole, (d.document_id, d.start, d.end))
                self.disagreements.addItem(item)
        self.caption.setText(f"{self.disagreements.count()} disagreement(s) of {label} in this document")

    def _open(self, item: QListWidgetItem) -> None:
        doc_id, start, end = item.data(Qt.ItemDataRole.UserRole)
        self.open_requested.emit(doc_id, start, end)
