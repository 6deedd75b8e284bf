"""What the window's title and status bar say about the open document."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow


def update_status(window: QMainWindow) -> None:
    """The title (document, project, coder, ``[*]`` when unsaved), the label counts and the save state."""
    session = window.session
    name = window.project.settings.name
    if session is None:
        window.setWindowTitle(f"{name} — {window.project.annotator} [*] — annotator")
        window.counts_label.setText("")
        window.save_label.setText("")
        return
    window.setWindowTitle(f"{session.document.title} — {name} — {window.project.annotator} [*] — annotator")
    counts = session.annotations.counts_by_label()
    parts = [f"{label}: {counts.get(label, 0)}" for label in window.project.scheme.names()]
    row = window.document_model.row_of(session.document.id) + 1
    window.counts_label.setText("  ·  ".join(parts) + f"  ·  {len(session.annotations)} spans  ·  document {row}/{window.document_model.rowCount()}")
    if not session.editable:
        state = "read-only"
    elif session.last_error:
        state = "NOT SAVED"
    else:
        state = "unsaved changes" if session.modified else "saved"
    window.save_label.setText(f"  {state}  ")
    window.done_action.setChecked(session.annotations.status.value == "done")
    window.setWindowModified(session.modified)
