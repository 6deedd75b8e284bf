"""The dialog that links an actor mention to the registry, steering away from duplicates.

The user types a name; the candidates below are rebuilt on every keystroke: the exact
match first, then actors with a similar spelling ("Pashinin" -> "Nikol Pashinyan"),
then actors whose names or aliases contain the text ("Arm" -> "Armenia"), and last a
new actor. The dialog only reports the choice; the caller builds and pushes the edit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, QStringListModel, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry
from annotator.core.model import Actor, ActorType

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_ROLE = Qt.ItemDataRole.UserRole + 3
KIND_ROLE = Qt.ItemDataRole.UserRole + 4

_CONTAINS_LIMIT = 12


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive form, the same folding as ActorRegistry.find()."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def names_of(actor: Actor) -> tuple[str, ...]:
    return (actor.name, *actor.aliases)


@dataclass(frozen=True)
class ActorChoice:
    """What the user picked: an existing actor (``actor_id``) or a new one (``new_name``).

    ``new_type`` is the type for a new actor; for an existing one it is that actor's type.
    """

    actor_id: str | None
    new_name: str | None
    new_type: ActorType = ActorType.PERSON

    def __post_init__(self) -> None:
        if (self.actor_id is None) == (self.new_name is None):
            raise ValueError("an ActorChoice names either an actor_id or a new_name")


class ListKeysForwarder(QObject):
    """Lets Up/Down/PgUp/PgDn in a line edit move the current row of a list, so the
    user can keep typing and still pick a row without leaving the line edit."""

    _KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8, Qt.Key.Key_PageDown: 8}

    def __init__(self, line_edit: QLineEdit, target: QListWidget) -> None:
        super().__init__(line_edit)
        self._target = target
        line_edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = self._KEYS.get(Qt.Key(event.key()))
            if step is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                count = self._target.count()
                if count:
                    current = self._target.currentRow()
                    row = max(0, min(count - 1, (current if current >= 0 else -1) + step))
                    self._target.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)


class HintDelegate(QStyledItemDelegate):
    """Draws an item's name, then its hint (NAME_ROLE / HINT_ROLE) in the dimmer text colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        hint = index.data(HINT_ROLE)
        if not hint:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = str(index.data(NAME_ROLE) or "")
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_rect: QRect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(group, role))
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        name_width = painter.fontMetrics().horizontalAdvance(name)
        painter.drawText(text_rect, flags, name)
        painter.setFont(opt.font)
        if not selected:
            painter.setPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
        hint_rect = text_rect.adjusted(name_width + 12, 0, 0, 0)
        painter.drawText(hint_rect, flags, painter.fontMetrics().elidedText(str(hint), Qt.TextElideMode.ElideRight, hint_rect.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 8))


class ActorLinkDialog(QDialog):
    """Pick the registry actor a mention refers to, or name a new one.

    The first candidate is pre-selected when it is an exact or similar-spelling match;
    otherwise "New actor" is. Metonymy ("Yerevan" for Armenia) is the user's call: the
    completer and the "contains" candidates list every actor whose name or alias holds
    the typed text.
    """

    def __init__(self, registry: ActorRegistry, mention_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        clean = " ".join(mention_text.split())
        self.setWindowTitle("Link actor")
        self.setMinimumWidth(460)

        heading = QLabel(f"Who is “{clean}”?")
        heading.setTextFormat(Qt.TextFormat.PlainText)  # article text, never markup
        self.name_edit = QLineEdit(clean)
        self.name_edit.setPlaceholderText("Name or alias of an actor…")
        self.name_edit.setClearButtonEnabled(True)
        self.name_edit.selectAll()  # typing replaces the mention text
        names = sorted({name for actor in registry.active() for name in names_of(actor)}, key=fold)
        self.completer = QCompleter(QStringListModel(names, self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.name_edit.setCompleter(self.completer)

        self.candidates = QListWidget()
        self.candidates.setItemDelegate(HintDelegate(self.candidates))
        self.candidates.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.candidates.setUniformItemSizes(True)
        self.candidates.itemDoubleClicked.connect(lambda _item: self.accept())
        self.type_combo = QComboBox()
        for actor_type in ActorType:
            self.type_combo.addItem(actor_type.value, actor_type.value)  # Qt would store the str enum as a plain str
        self.type_combo.setCurrentIndex(self.type_combo.findData(ActorType.PERSON.value))
        self.type_combo.setToolTip("Type of the new actor")
        type_label = QLabel("&Type of a new actor:")
        type_label.setBuddy(self.type_combo)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        type_row = QHBoxLayout()
        type_row.addStretch(1)
        type_row.addWidget(type_label)
        type_row.addWidget(self.type_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.candidates, 1)
        layout.addLayout(type_row)
        layout.addWidget(self.buttons)

        ListKeysForwarder(self.name_edit, self.candidates)
        self.name_edit.textChanged.connect(self._rebuild)
        self.candidates.currentItemChanged.connect(self._current_changed)
        self._rebuild(self.name_edit.text())
        self.name_edit.setFocus()

    # --- candidates --------------------------------------------------------------
    def _add(self, name: str, hint: str, kind: str, actor: Actor | None) -> None:
        item = QListWidgetItem(f"{name} — {hint}")
        item.setData(NAME_ROLE, name)
        item.setData(HINT_ROLE, hint)
        item.setData(KIND_ROLE, kind)
        item.setData(ACTOR_ID_ROLE, actor.id if actor else None)
        if actor is not None:
            tip = [actor.name, actor.type.value]
            if actor.aliases:
                tip.append("Also: " + ", ".join(actor.aliases))
            if actor.note:
                tip.append(actor.note)
            item.setToolTip("\n".join(tip))
        self.candidates.addItem(item)

    def _rebuild(self, text: str) -> None:
        typed = " ".join(text.split())
        folded = fold(typed)
        self.candidates.clear()
        listed: set[str] = set()
        preselect = -1
        if folded:
            exact = self._registry.find(typed)
            if exact is not None:
                via = "" if fold(exact.name) == folded else f" (alias “{typed}”)"
                self._add(exact.name, f"{exact.type.value} · exact{via}", "exact", exact)
                listed.add(exact.id)
                preselect = 0
            for actor, _score in self._registry.suggest(typed):
                if actor.id not in listed:
                    self._add(actor.name, f"{actor.type.value} · similar spelling — same actor?", "similar", actor)
                    listed.add(actor.id)
                    preselect = 0
            # Substring matches: fuzzy scores miss short prefixes ("Arm") and metonymy aliases.
            shown = 0
            for actor in self._registry.active():
                if actor.id in listed or shown >= _CONTAINS_LIMIT:
                    continue
                hit = next((n for n in names_of(actor) if folded in fold(n)), None)
                if hit is not None:
                    via = "name contains" if hit == actor.name else f"alias “{hit}” contains"
                    self._add(actor.name, f"{actor.type.value} · {via} “{typed}”", "contains", actor)
                    listed.add(actor.id)
                    shown += 1
            if exact is None:
                self._add(f"New actor “{typed}”", "creates a registry entry", "new", None)
                if preselect < 0:
                    preselect = self.candidates.count() - 1
        if preselect >= 0:
            self.candidates.setCurrentRow(preselect)
        self._current_changed()

    def _current_changed(self, *_args: object) -> None:
        item = self.candidates.currentItem()
        self.type_combo.setEnabled(item is not None and item.data(KIND_ROLE) == "new")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(item is not None)

    # --- result ------------------------------------------------------------------
    def accept(self) -> None:
        if self.candidates.currentItem() is None:
            return  # nothing typed: there is nothing to link to yet
        super().accept()

    def choice(self) -> ActorChoice:
        """The current candidate; raises LookupError when there is none (empty text)."""
        item = self.candidates.currentItem()
        if item is None:
            raise LookupError("no candidate is selected")
        actor_id = item.data(ACTOR_ID_ROLE)
        if actor_id is None:
            return ActorChoice(actor_id=None, new_name=" ".join(self.name_edit.text().split()), new_type=ActorType(self.type_combo.currentData()))
        actor = self._registry.get(actor_id)
        return ActorChoice(actor_id=actor_id, new_name=None, new_type=actor.type if actor else ActorType.OTHER)
