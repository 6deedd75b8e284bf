"""How the window's lists of rows look and select: one row at a time, read-only, compact."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def setup_table(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
