"""Switching through many documents keeps a bounded number open, and never drops unsaved work."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import Document
from annotator.core.storage import FolderProject
from annotator.gui.session_cache import KEPT_SESSIONS


def test_old_idle_documents_are_closed_but_unsaved_ones_kept(open_window, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    root = tmp_path / "many"
    with FolderProject.create(root, "many") as project:
        project.add_documents(Document.create(f"d{i:02}", f"Article {i}: Armenia said on Friday that talks go on.") for i in range(KEPT_SESSIONS + 10))
    window = open_window(root)
    text = window.session.document.text
    start = text.index("Armenia")
    window.view.select_offsets(start, start + 7)
    window.span_editor.apply_label("actor")
    first = window.session
    save = window.project.save_annotations

    def disk_full_for_the_first(annotation_file, expected):  # noqa: ANN001, ANN202
        if annotation_file.document_id == "d00":
            raise OSError(28, "No space left on device")
        return save(annotation_file, expected)

    monkeypatch.setattr(window.project, "save_annotations", disk_full_for_the_first)
    for _ in range(KEPT_SESSIONS + 9):
        window.step_document(+1)
    assert len(window._sessions) <= KEPT_SESSIONS + 1
    assert first in window._sessions.values() and first.modified
    assert window.undo_group.stacks().count(first.undo_stack) == 1
    monkeypatch.undo()  # the disk has room again: closing saves it
