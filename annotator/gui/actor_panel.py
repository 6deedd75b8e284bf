"""The actor registry as a dock: a sortable, filterable table of actors, the buttons
that edit the registry, and the selected actor's mentions across the corpus.

The panel never changes the registry itself: every button builds a registry edit
with the core builders and emits it as ``edit_requested``; the main window pushes it
onto its undo stack. The table follows the registry through its listener.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import (
    ActorRegistry,
    RegistryEdit,
    RegistryError,
    add_alias,
    change_alias,
    delete_actor,
    merge,
    merge_candidates,
    new_actor,
    remove_alias,
    rename,
    update,
)
from annotator.core.mentions import MentionIndex
from annotator.core.model import Actor, ActorType
from annotator.gui.actor_link_dialog import ListKeysForwarder, fold, names_of
from annotator.gui.models import FixedColumnsTableModel
from annotator.gui.plain_text import plain_message, tooltip

_Index = QModelIndex | QPersistentModelIndex
ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2  # folded name and aliases, one per line (merge dialog)
MENTION_ROLE = Qt.ItemDataRole.UserRole + 4  # (document_id, span_id)
ALIAS_ROLE = Qt.ItemDataRole.UserRole + 5  # the alias as stored, before an in-place edit


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


class ActorDetailsDialog(QDialog):
    """Name and type of a new actor (``actor`` None), or type and note of an existing one."""

    def __init__(self, actor: Actor | None, find: Callable[[str], Actor | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._find = find
        self.setWindowTitle("New actor" if actor is None else f"Edit {actor.name}")
        self.setMinimumWidth(360)
        form = QFormLayout()
        self.name_edit: QLineEdit | None = None
        self.note_edit: QPlainTextEdit | None = None
        if actor is not None:
            heading = QLabel(actor.name)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow("Actor:", heading)
        else:
            self.name_edit = QLineEdit()
            self.name_edit.setPlaceholderText("Canonical name, e.g. Nikol Pashinyan")
            form.addRow("&Name:", self.name_edit)
        self.type_combo = QComboBox()
        for actor_type in ActorType:
            self.type_combo.addItem(actor_type.value, actor_type.value)  # Qt would store the str enum as a plain str
        self.type_combo.setCurrentIndex(self.type_combo.findData((actor.type if actor else ActorType.PERSON).value))
        form.addRow("&Type:", self.type_combo)
        if actor is not None:
            self.note_edit = QPlainTextEdit(actor.note)
            self.note_edit.setTabChangesFocus(True)  # Tab reaches the buttons, as everywhere else
            self.note_edit.setFixedHeight(self.note_edit.fontMetrics().height() * 5)
            form.addRow("N&ote:", self.note_edit)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b91c1c")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if self.name_edit is not None:
            self.name_edit.textChanged.connect(self._check_name)
            self._check_name("")

    def _check_name(self, text: str) -> None:
        # Said while typing, so the user never meets a refusal after pressing OK.
        clean = " ".join(text.split())
        existing = self._find(clean) if clean else None
        self.problem.setText(f"“{clean}” is already a name of {existing.name}." if existing else "")
        self.problem.setVisible(existing is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(clean) and existing is None)

    def name(self) -> str:
        return self.name_edit.text() if self.name_edit is not None else ""

    def actor_type(self) -> ActorType:
        return ActorType(self.type_combo.currentData())

    def note(self) -> str:
        return self.note_edit.toPlainText().strip() if self.note_edit is not None else ""


class MergeTargetDialog(QDialog):
    """Choose the actor ``source`` is merged into, among the other active actors."""

    def __init__(self, registry: ActorRegistry, source: Actor, parent: QWidget | None = None, uses: dict[str, int] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merge {source.name}")
        self.setMinimumSize(380, 380)
        explanation = QLabel(f"Merge <b>{_escape(source.name)}</b> into the actor below. Its names become aliases there and its mentions follow.")
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter actors…")
        self.filter_edit.setClearButtonEnabled(True)
        self.targets = QListWidget()
        self.targets.setUniformItemSizes(True)
        # With use counts, the actors in use come first, most similar first; the best is proposed.
        proposed = [actor for actor, _score in merge_candidates(registry, source, uses)] if uses is not None else []
        rest = [actor for actor in registry.active() if actor.id != source.id and actor not in proposed]
        self._proposed = proposed[0].id if proposed else None
        for actor in (*proposed, *rest):
            label = f"{actor.name}  ({actor.type.value})"
            if uses is not None:
                count = uses.get(actor.id, 0)
                label += f"  — {count} mention(s)" if count else "  — no mentions"
            item = QListWidgetItem(label)
            item.setData(ACTOR_ID_ROLE, actor.id)
            item.setData(FILTER_ROLE, "\n".join(fold(name) for name in names_of(actor)))
            if actor.aliases:
                item.setToolTip("Also: " + ", ".join(actor.aliases))
            self.targets.addItem(item)
        self._actors = {actor.id: actor for actor in registry.active()}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.buttons)
        ListKeysForwarder(self.filter_edit, self.targets)
        self.filter_edit.textChanged.connect(self._filter)
        self.targets.currentItemChanged.connect(self._update_ok)
        self.targets.itemDoubleClicked.connect(lambda _item: self.accept())
        self._filter("")
        if self._proposed is not None:
            self.targets.setCurrentRow(0)
        elif uses is not None:
            self.targets.setCurrentItem(None)  # nothing in use to propose: the coder picks
            self._update_ok()
        self.filter_edit.setFocus()

    def _filter(self, text: str) -> None:
        wanted = fold(text)
        first_visible = None
        for row in range(self.targets.count()):
            item = self.targets.item(row)
            hidden = wanted not in str(item.data(FILTER_ROLE))
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.targets.currentItem()
        if current is None or current.isHidden():
            self.targets.setCurrentItem(first_visible)
        self._update_ok()

    def _update_ok(self, *_args: object) -> None:
        current = self.targets.currentItem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(current is not None and not current.isHidden())

    def accept(self) -> None:
        if self.target() is not None:
            super().accept()

    def target(self) -> Actor | None:
        current = self.targets.currentItem()
        if current is None or current.isHidden():
            return None
        return self._actors.get(str(current.data(ACTOR_ID_ROLE)))


class RenameDialog(QDialog):
    """A new name for an actor, and whether the old one stays an alias (off: a typo should not)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Rename {actor.name}")
        self.setMinimumWidth(360)
        self.name_edit = QLineEdit(actor.name)
        self.name_edit.selectAll()
        self.keep_alias = QCheckBox(f"Keep “{actor.name}” as an alias")
        self.keep_alias.setChecked(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&New name:", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keep_alias)
        layout.addWidget(buttons)
        self.name_edit.setFocus()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _EnterKeyFilter(QObject):
    """Calls ``handler`` on Return/Enter: QListWidget's own Enter handling (``activated``)
    also fires on single or double clicks depending on the platform style."""

    def __init__(self, watched: QWidget, handler: Callable[[], bool]) -> None:
        super().__init__(watched)
        self._handler = handler
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._handler()
        return super().eventFilter(watched, event)


class _AliasKeysFilter(QObject):
    """In the alias list Delete (or Backspace) removes and F2 edits the current alias, ahead of
    the window's Delete-span and the panel's Rename shortcuts."""

    def __init__(self, aliases: QListWidget, remove: Callable[[], bool]) -> None:
        super().__init__(aliases)
        self._aliases = aliases
        self._remove = remove
        aliases.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        keys = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2)
        editing = self._aliases.state() == QAbstractItemView.State.EditingState
        if isinstance(event, QKeyEvent) and event.key() in keys and not editing:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # the key comes to this list as a key press, not to a shortcut
                return True
            if event.type() == QEvent.Type.KeyPress:
                if event.key() != Qt.Key.Key_F2:
                    return self._remove()
                item = self._aliases.currentItem()
                if item is not None:
                    self._aliases.editItem(item)
                return True
        return super().eventFilter(watched, event)


class ActorPanel(QWidget):
    """The "Actors" dock: browse, filter and edit the registry; jump to mentions.

    Emits registry edits (``edit_requested``) instead of applying them; the table is
    updated by the registry's listener once the main window has pushed the edit.
    Call ``refresh()`` when mention counts change (annotations edited, files loaded).
    """

    edit_requested = Signal(object)  # an AddActor / ReplaceActor / RegistryBatch from annotator.core.actors
    mention_activated = Signal(str, str)  # document_id, span_id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry: ActorRegistry | None = None
        self._mentions: MentionIndex | None = None
        self._title_of: Callable[[str], str] = str
        self._reselect: str | None = None

        self.model = ActorTableModel(self)  # filters and sorts itself: no proxy calling data() per row

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter actors (names and aliases)…")
        self.filter_edit.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons instead of walking cells
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Fixed widths from font metrics, never ResizeToContents (it re-measures every row on each reset).
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, max(metrics.horizontalAdvance(t.value) for t in ActorType) + 16)
        header.resizeSection(2, metrics.horizontalAdvance("Mentions") + 28)  # room for the sort arrow

        self.new_action = self._action("New…", "Add an actor to the registry", QKeySequence("Ctrl+Shift+N"), self._new_actor)
        self.rename_action = self._action("Rename…", "Rename the actor (tick the box to keep the old name as an alias)", QKeySequence("F2"), self._rename)
        self.alias_action = self._action("Alias…", "Add another name for the actor", QKeySequence("Ctrl+Shift+A"), self._add_alias)
        self.merge_action = self._action("Merge into…", "Merge this actor into another (a duplicate)", None, self._merge)
        self.edit_action = self._action("Edit…", "Change the actor's type and note", QKeySequence("Ctrl+E"), self._edit)
        self.delete_action = self._action("Delete", "Delete an actor with no mentions and no claims (undoable)", None, self._delete)
        self.buttons: list[QPushButton] = []
        # Two rows of three: one row of six made the dock 520 px wide and squeezed the article at 1024x700.
        button_row = QGridLayout()
        button_row.setSpacing(4)
        for number, action in enumerate((self.new_action, self.rename_action, self.alias_action, self.merge_action, self.edit_action, self.delete_action)):
            button = QPushButton(action.text())
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{action.toolTip()} ({keys})" if keys else action.toolTip())
            button.clicked.connect(action.trigger)
            button.setAutoDefault(False)
            action.enabledChanged.connect(button.setEnabled)
            button.setEnabled(action.isEnabled())
            button_row.addWidget(button, number // 3, number % 3)
            self.buttons.append(button)
            self.table.addAction(action)
        button_row.setColumnStretch(3, 1)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        # The selected actor's aliases: double-click or F2 corrects one, Delete removes it.
        self.aliases_label = QLabel()
        self.aliases_label.setTextFormat(Qt.TextFormat.PlainText)
        self.aliases_label.setWordWrap(True)  # a long actor name must not widen the dock
        self.alias_list = QListWidget()
        self.alias_list.setUniformItemSizes(True)
        self.alias_list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # and F2, see _AliasKeysFilter
        self.alias_list.setMaximumHeight(self.alias_list.fontMetrics().height() * 4)  # the actor table keeps the room
        self.remove_alias_action = QAction("Remove alias", self.alias_list)
        self.remove_alias_action.setToolTip("Remove the selected alias (Delete)")
        self.remove_alias_action.triggered.connect(self._remove_alias)
        self.alias_list.addAction(self.remove_alias_action)
        self.alias_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remove_alias_button = QPushButton("Remove alias")
        self.remove_alias_button.setToolTip(self.remove_alias_action.toolTip())
        self.remove_alias_button.setAutoDefault(False)
        self.remove_alias_button.clicked.connect(self._remove_alias)
        self._showing_aliases = False
        _AliasKeysFilter(self.alias_list, self._remove_alias)
        self.alias_list.itemChanged.connect(self._alias_edited)
        self.alias_list.currentItemChanged.connect(lambda *_: self.remove_alias_button.setEnabled(self.alias_list.currentItem() is not None))

        self.mentions_label = QLabel()
        self.mentions_label.setTextFormat(Qt.TextFormat.PlainText)  # actor names are user text
        self.mentions_list = QListWidget()
        self.mentions_list.setUniformItemSizes(True)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filter_edit)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(button_row)
        alias_row = QHBoxLayout()
        alias_row.addWidget(self.aliases_label, 1)
        alias_row.addWidget(self.remove_alias_button)
        top_layout.addLayout(alias_row)
        top_layout.addWidget(self.alias_list)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.mentions_label)
        bottom_layout.addWidget(self.mentions_list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        QWidget.setTabOrder(self.filter_edit, self.table)
        previous: QWidget = self.table
        for button in self.buttons:
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.alias_list)
        QWidget.setTabOrder(self.alias_list, self.remove_alias_button)
        QWidget.setTabOrder(self.remove_alias_button, self.mentions_list)

        self.filter_edit.textChanged.connect(self._filter_changed)
        # Enter in the filter goes to the (filtered) table; Up/Down there move its rows.
        self.filter_edit.returnPressed.connect(self._focus_table)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Enter (or a double click) on an actor takes the user to its mentions.
        self.table.activated.connect(lambda _index: self._focus_mentions())
        self.mentions_list.itemClicked.connect(self._activate_mention)
        _EnterKeyFilter(self.mentions_list, self._mention_enter)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self._selection_changed()

    def _action(self, text: str, tip: str, shortcut: QKeySequence | None, slot: Callable[[], None]) -> QAction:
        # No mnemonics ("&New"): Alt+letters and equal keys in the window's menus would be
        # ambiguous, and Qt then fires neither (Ctrl+Shift+M is the window's metadata editor).
        action = QAction(text, self)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
        # Only while the panel has focus: the main window owns the same keys elsewhere.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- data --------------------------------------------------------------------
    def set_data(self, registry: ActorRegistry, mentions: MentionIndex, title_of: Callable[[str], str]) -> None:
        self._registry = registry
        self._mentions = mentions
        self._title_of = title_of
        self.model.set_data(registry, mentions)
        self._selection_changed()

    def refresh(self) -> None:
        """Counts and mentions changed (the registry's own changes arrive by its listener)."""
        self.model.refresh()

    def selected_actor(self) -> Actor | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.actor_at(rows[0].row())

    def select_actor(self, actor_id: str) -> bool:
        """Select the actor ``actor_id`` stands for (following merges); clears a filter
        that hides it. False when there is no such active actor."""
        row = self.model.row_of(actor_id)
        if row < 0:
            actor = self._registry.resolve(actor_id) if self._registry is not None else None
            if actor is None or actor.retired:
                return False
            self.filter_edit.clear()  # a filter hides it
            row = self.model.row_of(actor_id)
            if row < 0:
                return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _remember_selection(self) -> None:
        actor = self.selected_actor()
        self._reselect = actor.id if actor is not None else None

    def _restore_selection(self) -> None:
        # A reset drops the selection; keep the user's actor (or the one it was merged into).
        if self._reselect is not None:
            self.select_actor(self._reselect)
        self._reselect = None
        self._selection_changed()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(fold(text))
        if self.selected_actor() is None and self.model.rowCount() > 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        self._selection_changed()

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_mentions(self) -> None:
        if self.mentions_list.count():
            self.mentions_list.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.mentions_list.currentRow() < 0:
                self.mentions_list.setCurrentRow(0)

    def _selection_changed(self, *_args: object) -> None:
        actor = self.selected_actor()
        self.new_action.setEnabled(self._registry is not None)
        for action in (self.rename_action, self.alias_action, self.merge_action, self.edit_action, self.delete_action):
            action.setEnabled(actor is not None)
        self._show_aliases(actor)
        self._show_mentions(actor)

    def _show_aliases(self, actor: Actor | None) -> None:
        self._showing_aliases = True  # filling the list is not an edit
        self.alias_list.clear()
        if actor is None:
            self.aliases_label.setText("Aliases: select an actor")
        else:
            self.aliases_label.setText(f"Aliases of {actor.name} ({len(actor.aliases)})" if actor.aliases else f"{actor.name} has no aliases")
            for alias in actor.aliases:
                item = QListWidgetItem(alias)
                item.setData(ALIAS_ROLE, alias)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.alias_list.addItem(item)
        self._showing_aliases = False
        self.alias_list.setEnabled(actor is not None)
        self.remove_alias_button.setEnabled(self.alias_list.currentItem() is not None)

    def _show_mentions(self, actor: Actor | None) -> None:
        self.mentions_list.clear()
        if actor is None or self._registry is None or self._mentions is None:
            self.mentions_label.setText("Mentions: select an actor")
            return
        mentions = self._mentions.mentions_of(actor.id, self._registry)
        self.mentions_label.setText(f"Mentions of {actor.name} ({len(mentions)})")
        titles: dict[str, str] = {}
        for mention in mentions:
            title = titles.get(mention.document_id)
            if title is None:
                title = titles[mention.document_id] = self._title_of(mention.document_id)
            item = QListWidgetItem(f"{title} — {' '.join(mention.text.split())}")
            item.setData(MENTION_ROLE, (mention.document_id, mention.span_id))
            item.setToolTip(tooltip(f"{title}\n{mention.text} (at {mention.start})"))
            self.mentions_list.addItem(item)

    def _activate_mention(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            document_id, span_id = item.data(MENTION_ROLE)
            self.mention_activated.emit(document_id, span_id)

    def _mention_enter(self) -> bool:
        item = self.mentions_list.currentItem()
        self._activate_mention(item)
        return item is not None

    # --- user input (overridable, so tests can answer without dialogs) --------------
    def _ask_text(self, title: str, label: str, initial: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, initial)
        return text if ok else None

    def _ask_new_actor(self) -> tuple[str, ActorType] | None:
        registry = self._registry
        dialog = ActorDetailsDialog(None, registry.find if registry is not None else (lambda _name: None), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name(), dialog.actor_type()

    def _ask_details(self, actor: Actor) -> tuple[ActorType, str] | None:
        dialog = ActorDetailsDialog(actor, lambda _name: None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.actor_type(), dialog.note()

    def _ask_merge_target(self, source: Actor) -> Actor | None:
        if self._registry is None:
            return None
        uses = self._mentions.uses(self._registry) if self._mentions is not None and self._mentions.complete else None
        dialog = MergeTargetDialog(self._registry, source, self, uses=uses)
        return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _ask_rename(self, actor: Actor) -> tuple[str, bool] | None:
        dialog = RenameDialog(actor, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name_edit.text(), dialog.keep_alias.isChecked()

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, plain_message(message))  # actor names are article text

    # --- edits -------------------------------------------------------------------
    def _emit(self, title: str, build: Callable[[], RegistryEdit]) -> None:
        try:
            edit = build()
        except RegistryError as error:
            self._warn(title, str(error))
            return
        self.edit_requested.emit(edit)

    def _taken_by_other(self, name: str, actor: Actor) -> Actor | None:
        """The other active actor already called ``name``: two actors with one name would
        make find() and the link dialog ambiguous, so the user is pointed to Merge."""
        other = self._registry.find(name) if self._registry is not None else None
        return other if other is not None and other.id != actor.id else None

    def _new_actor(self) -> None:
        registry = self._registry
        answer = self._ask_new_actor() if registry is not None else None
        if registry is None or answer is None:
            return
        name, actor_type = answer
        self._emit("New actor", lambda: new_actor(registry, name, actor_type))

    def _rename(self) -> None:
        actor = self.selected_actor()
        answer = self._ask_rename(actor) if actor is not None else None
        if actor is None or answer is None or " ".join(answer[0].split()) == actor.name:
            return
        name, keep = answer
        other = self._taken_by_other(name, actor)
        if other is not None:
            self._warn("Rename actor", f"“{name.strip()}” is already a name of {other.name}. Use “Merge into…” if they are the same actor.")
            return
        self._emit("Rename actor", lambda: rename(actor, name, keep_old_as_alias=keep))

    def _delete(self) -> None:
        actor = self.selected_actor()
        registry, mentions = self._registry, self._mentions
        if actor is None or registry is None or mentions is None:
            return
        if not mentions.complete:
            self._warn("Delete actor", "Mentions are still being counted across the corpus; try again in a moment.")
            return
        uses = mentions.uses(registry).get(actor.id, 0)
        self._emit("Delete actor", lambda: delete_actor(registry, actor, uses))

    def _alias_edited(self, item: QListWidgetItem) -> None:
        if self._showing_aliases or self.selected_actor() is None:
            return
        old, new = str(item.data(ALIAS_ROLE)), " ".join(item.text().split())
        if new != old:
            # Not from inside the editor's commit: the edit refills (clears) this very list.
            QTimer.singleShot(0, lambda: self._change_alias(old, new))

    def _change_alias(self, old: str, new: str) -> None:
        actor = self.selected_actor()
        if actor is None or old not in actor.aliases:
            return
        if not new:
            self._emit("Remove alias", lambda: remove_alias(actor, old))
            return
        other = self._taken_by_other(new, actor)
        if other is not None:
            self._warn("Change alias", f"“{new}” is already a name of {other.name}. Use “Merge into…” if they are the same actor.")
            self._show_aliases(actor)
            return
        self._emit("Change alias", lambda: change_alias(actor, old, new))
        self._show_aliases(self.selected_actor())  # a refused change shows the alias as it is

    def _remove_alias(self) -> bool:
        actor = self.selected_actor()
        item = self.alias_list.currentItem()
        if actor is None or item is None:
            return False
        alias = str(item.data(ALIAS_ROLE))
        self._emit("Remove alias", lambda: remove_alias(actor, alias))
        return True

    def _add_alias(self) -> None:
        actor = self.selected_actor()
        alias = self._ask_text("Add alias", f"Another name for {actor.name}:", "") if actor is not None else None
        if actor is None or alias is None:
            return
        other = self._taken_by_other(alias, actor)
        if other is not None:
            self._warn("Add alias", f"“{alias.strip()}” is already a name of {other.name}. Use “Merge into…” if they are the same actor.")
            return
        self._emit("Add alias", lambda: add_alias(actor, alias))

    def _merge(self) -> None:
        actor = self.selected_actor()
        registry = self._registry
        target = self._ask_merge_target(actor) if actor is not None and registry is not None else None
        if actor is None or registry is None or target is None:
            return
        self._emit("Merge actors", lambda: merge(registry, actor, target))

    def _edit(self) -> None:
        actor = self.selected_actor()
        answer = self._ask_details(actor) if actor is not None else None
        if actor is None or answer is None:
            return
        actor_type, note = answer
        if (actor_type, note) == (actor.type, actor.note):
            return  # an unchanged dialog is not an undo step
        self._emit("Edit actor", lambda: update(actor, type=actor_type, note=note))
