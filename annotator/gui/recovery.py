"""Offering back the edits of a run that ended before saving them (see core.journal)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.journal import read_journal
from annotator.gui.session import DocumentSession


def offer_recovery(parent: QWidget, session: DocumentSession, on_disk: str | None, tell: Callable[[str], None]) -> None:
    """Ask whether to replay journalled edits; a journal made on another file version is dropped."""
    recovery = read_journal(session.project.journal_path(session.document.id))
    if recovery is None:
        return
    title = session.document.title
    if recovery.base != on_disk:
        session.discard_journal()
        tell(f"Unsaved edits of “{title}” from an earlier run no longer match the saved file; discarded")
        return
    answer = QMessageBox.question(
        parent,
        "Recover unsaved edits",
        f"annotator ended before saving {len(recovery.edits)} edit(s) to “{title}”.\n\nRecover them?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        count = session.recover(recovery.edits)
        tell(f"Recovered {count} edit(s); they are saved automatically")
    else:
        session.discard_journal()
