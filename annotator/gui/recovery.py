"""Offering back the edits of a run that ended before saving them (see core.journal)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.journal import JournalError, check_recovery, read_journal
from annotator.core.storage import ProjectError
from annotator.gui.session import DocumentSession


def offer_recovery(parent: QWidget, session: DocumentSession, on_disk: str | None, tell: Callable[[str], None]) -> None:
    """Ask whether to replay journalled edits; a journal made on another file version is dropped."""
    title = session.document.title
    try:
        recovery = read_journal(session.project.journal_path(session.document.id))
    except (JournalError, ProjectError) as error:
        tell(f"Unsaved edits of “{title}” cannot be recovered: {error}")
        return
    if recovery is None:
        return
    if recovery.base != on_disk:
        session.discard_journal()
        tell(f"Unsaved edits of “{title}” from an earlier run no longer match the saved file; discarded")
        return
    # Validated exactly like an annotation file before anything is offered.
    actor_ids = {actor.id for actor in session.registry.all()}
    usable, problems = check_recovery(session.document, session.annotations, recovery.edits, session.project.scheme, actor_ids)
    if not usable:
        tell(f"Unsaved edits of “{title}” from an earlier run are not valid ({'; '.join(problems)}); not recovered, the journal is left as it is")
        return
    note = f"\n\nOnly the first {usable} of {len(recovery.edits)} can be recovered: {'; '.join(problems)}" if problems else ""
    # Qt takes a message for markup when its first line holds a tag: article text only goes on later lines.
    answer = QMessageBox.question(
        parent,
        "Recover unsaved edits",
        f"annotator ended before saving {usable} edit(s) to this article:\n“{title}”{note}\n\nRecover them?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        count = session.recover(recovery.edits[:usable])
        tell(f"Recovered {count} edit(s); they are saved automatically")
    else:
        session.discard_journal()
