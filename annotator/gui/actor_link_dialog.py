"""What the actor chooser (``gui.actor_chooser``) shares: the choice it reports, its list
delegate and the keys forwarded from its line edit. Linking no longer opens a dialog."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QStyledItemDelegate

from annotator.core.model import Actor, ActorType

if TYPE_CHECKING:  # QStyle's Python enums cost a cold start about 7 ms: loaded with the first hint painted
    from PySide6.QtWidgets import QStyleOptionViewItem

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
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

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
