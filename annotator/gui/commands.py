"""QUndoCommand adapters over core edits: redo applies the edit, undo its inverse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.actors import ActorRegistry, RegistryEdit
from annotator.core.annotations import AnnotationSet
from annotator.core.codebook import Codebook, CodebookEdit
from annotator.core.edits import Edit
from annotator.core.metadata_edits import SetMetadata


class EditCommand(QUndoCommand):
    """``on_applied`` hears every edit actually applied (the inverse on undo), for the journal."""

    def __init__(self, annotations: AnnotationSet, edit: Edit, on_applied: Callable[[Edit], None] | None = None, parent: QUndoCommand | None = None) -> None:
        super().__init__(edit.describe(), parent)
        self._annotations = annotations
        self._on_applied = on_applied
        self.edit = edit

    def _apply(self, edit: Edit) -> None:
        edit.apply(self._annotations)
        if self._on_applied is not None:
            self._on_applied(edit)

    def redo(self) -> None:
        self._apply(self.edit)

    def undo(self) -> None:
        self._apply(self.edit.inverse())


class RegistryCommand(QUndoCommand):
    """A change of the project's actor registry, undone with the document's other edits."""

    def __init__(self, registry: ActorRegistry, edit: RegistryEdit, parent: QUndoCommand | None = None) -> None:
        super().__init__(edit.describe(), parent)
        self._registry = registry
        self.edit = edit

    def redo(self) -> None:
        self.edit.apply(self._registry)

    def undo(self) -> None:
        self.edit.inverse().apply(self._registry)


class CodebookCommand(QUndoCommand):
    """A change of the project's codebook of topics, undone with the document's other edits."""

    def __init__(self, codebook: Codebook, edit: CodebookEdit, parent: QUndoCommand | None = None) -> None:
        super().__init__(edit.describe(), parent)
        self._codebook = codebook
        self.edit = edit

    def redo(self) -> None:
        self.edit.apply(self._codebook)

    def undo(self) -> None:
        self.edit.inverse().apply(self._codebook)


class MetadataCommand(QUndoCommand):
    """A metadata correction: ``apply`` writes the edit (or its inverse) through the store.

    ``apply`` returns False when the store refused it; a correction refused on its
    first redo is made obsolete, so it never reaches the undo stack.
    """

    def __init__(self, edit: SetMetadata, apply: Callable[[SetMetadata], bool], parent: QUndoCommand | None = None) -> None:
        super().__init__(edit.describe(), parent)
        self.edit = edit
        self._apply = apply
        self._first = True

    def redo(self) -> None:
        applied = self._apply(self.edit)
        if self._first and not applied:
            self.setObsolete(True)
        self._first = False

    def undo(self) -> None:
        self._apply(self.edit.inverse())
