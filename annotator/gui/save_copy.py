"""File → Save a copy as…: the current document's annotations to a file outside the project.

The way out when the project cannot take a save (its folder is gone, its disk
full): the copy is the project's annotation format, and the document stays
unsaved in the project until a real save succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.core.safe_files import describe_os_error
from annotator.gui.session import DocumentSession


def save_copy_as(parent: QWidget, session: DocumentSession | None, tell: Callable[..., None]) -> None:
    if session is None:
        tell("No document open")
        return
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Save a copy of the annotations", f"{session.document.id}.json", "JSON (*.json)")
    if not chosen:
        return
    try:
        session.save_copy(Path(chosen))
    except OSError as error:
        tell(f"Copy not written to {chosen}: {describe_os_error(error)}", timeout=0)
        return
    still = "; the project still has unsaved changes" if session.modified else ""
    tell(f"A copy of the annotations is in {chosen}{still}", timeout=0)
