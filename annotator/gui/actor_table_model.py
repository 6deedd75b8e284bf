"""The Actors panel's table: active registry actors with their mention counts, filtered and
sorted in Python (no proxy calling ``data()`` per row)."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.actors import ActorRegistry
from annotator.core.mentions import MentionIndex
from annotator.core.model import Actor
from annotator.gui.actor_link_dialog import fold, names_of
from annotator.gui.models import FixedColumnsTableModel
from annotator.gui.plain_text import tooltip

_Index = QModelIndex | QPersistentModelIndex
ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2  # folded name and aliases, one per line (merge dialog)


class ActorTableModel(FixedColumnsTableModel):
    """Active registry actors with their mention counts, filtered and sorted here.

    ``_all`` is ``registry.active()`` (by name); ``_rows`` what the filter lets
    through, in the order of the column the user sorted by (none: the registry's).
    Filtering and sorting run over Python lists, once each, never through
    ``data()``. Any registry change resets the model (a registry holds hundreds of
    actors, and merges touch several rows at once); filter and order are kept.
    """

    HEADERS = ("Name", "Type", "Mentions")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._registry: ActorRegistry | None = None
        self._mentions: MentionIndex | None = None
        self._listener: Callable[[], None] | None = None
        self._all: list[Actor] = []
        self._folded: dict[str, str] = {}  # actor id -> folded name and aliases, one per line
        self._rows: list[Actor] = []
        self._row_of: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        self._filter = ""
        self._column = -1
        self._descending = False

    def set_data(self, registry: ActorRegistry | None, mentions: MentionIndex | None) -> None:
        if self._registry is not None and self._listener is not None:
            self._registry.remove_listener(self._listener)
            self._listener = None
        self._registry = registry
        self._mentions = mentions
        if registry is not None:
            # A weak listener: the registry outlives this model (project-wide), and must not
            # keep calling a model whose C++ side Qt has already deleted.
            model_ref = weakref.ref(self)

            def listener() -> None:
                model = model_ref()
                if model is None or not shiboken6.isValid(model):
                    registry.remove_listener(listener)
                else:
                    model.refresh()

            self._listener = listener
            registry.add_listener(listener)
        self.refresh()

    def refresh(self) -> None:
        """Re-read actors and counts (after a registry change or new mentions)."""
        self.beginResetModel()
        registry = self._registry
        self._all = registry.active() if registry is not None else []
        self._folded = {actor.id: "\n".join(fold(name) for name in names_of(actor)) for actor in self._all}
        self._counts = self._mentions.counts(registry) if registry is not None and self._mentions is not None else {}
        self._arrange()
        self.endResetModel()

    def _arrange(self) -> None:
        rows = [actor for actor in self._all if self._filter in self._folded[actor.id]] if self._filter else list(self._all)
        if self._column >= 0:
            column, counts = self._column, self._counts
            # Ties in type or count keep the registry's order (by name): sorted() is stable.
            rows.sort(key=lambda actor: (fold(actor.name), actor.type.value, counts.get(actor.id, 0))[column], reverse=self._descending)
        self._rows = rows
        self._row_of = {actor.id: row for row, actor in enumerate(rows)}

    def _rearranged(self) -> None:
        """Filter or order changed: one layout change; selected actors that stay shown stay selected."""
        self.layoutAboutToBeChanged.emit()
        old = self._rows
        persistent = self.persistentIndexList()
        self._arrange()
        if persistent:
            moved = [self._row_of.get(old[index.row()].id, -1) if 0 <= index.row() < len(old) else -1 for index in persistent]
            self.changePersistentIndexList(
                persistent, [self.index(row, index.column()) if row >= 0 else QModelIndex() for row, index in zip(moved, persistent)]
            )
        self.layoutChanged.emit()

    def set_filter(self, folded: str) -> None:
        """Show the actors one of whose (folded) names contains ``folded``."""
        if folded != self._filter:
            self._filter = folded
            self._rearranged()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        column = column if 0 <= column < len(self.HEADERS) else -1
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) != (self._column, self._descending):
            self._column, self._descending = column, descending
            self._rearranged()

    def actor_at(self, row: int) -> Actor:
        return self._rows[row]

    def row_of(self, actor_id: str) -> int:
        """The shown row of the actor ``actor_id`` stands for now (following merges), or -1."""
        actor = self._registry.resolve(actor_id) if self._registry is not None else None
        return self._row_of.get(actor.id, -1) if actor is not None else -1

    def count_of(self, actor_id: str) -> int:
        return self._counts.get(actor_id, 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # The most mentioned actors are the interesting ones.
            return Qt.SortOrder.DescendingOrder if section == 2 else Qt.SortOrder.AscendingOrder
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        actor = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (actor.name, actor.type.value, self._counts.get(actor.id, 0))[column]
        if role == ACTOR_ID_ROLE:
            return actor.id
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{actor.name} ({actor.type.value})"]
            if actor.aliases:
                lines.append("Also: " + ", ".join(actor.aliases))
            if actor.note:
                lines.append(actor.note)
            return tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
