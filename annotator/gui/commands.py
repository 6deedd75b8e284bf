"""QUndoCommand adapters over core edits: redo applies the edit, undo its inverse."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import Edit


class EditCommand(QUndoCommand):
    def __init__(self, annotations: AnnotationSet, edit: Edit, parent: QUndoCommand | None = None) -> None:
        super().__init__(edit.describe(), parent)
        self._annotations = annotations
        self.edit = edit

    def redo(self) -> None:
        self.edit.apply(self._annotations)

    def undo(self) -> None:
        self.edit.inverse().apply(self._annotations)
