"""The actor registry as a dock: a sortable, filterable table of actors, the buttons
that edit the registry, and the selected actor's mentions across the corpus.

The panel never changes the registry itself: every button builds a registry edit
with the core builders and emits it as ``edit_requested``; the main window pushes it
onto its undo stack. The table follows the registry through its listener.

The table model is gui/actor_table_model.py, the buttons' registry edits
gui/actor_registry_edits.py, their dialogs gui/actor_dialogs.py; this module lays the
panel out and shows the selected actor's aliases and mentions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry
from annotator.core.mentions import MentionIndex
from annotator.core.model import Actor, ActorType
from annotator.gui.actor_link_dialog import fold
from annotator.gui.actor_registry_edits import ALIAS_ROLE, RegistryEditActions
from annotator.gui.actor_table_model import ActorTableModel
from annotator.gui.plain_text import tooltip
from annotator.gui.table_views import setup_table

MENTION_ROLE = Qt.ItemDataRole.UserRole + 4  # (document_id, span_id)


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


class ActorPanel(RegistryEditActions, QWidget):
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
        setup_table(self.table)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons instead of walking cells
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
