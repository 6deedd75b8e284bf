"""The inline, non-modal actor chooser of the Details panel.

Asked only when a mention's text does not name one registry actor by itself
(``core.actors.resolve_text``). One Enter accepts the pre-selected row; Esc leaves
the mention unlinked. Rows, rebuilt on every keystroke:

1. the actors the text is ambiguous between, then an exact name or alias match,
   then a name the text ends with, after a title ("Prime Minister Nikol Pashinyan"), then actors whose name, alias or one of their words starts with the text
   ("Arm" -> Armenia): the first of these is pre-selected (a prefix only once the
   coder has typed it, not the mention's own text);
2. "similar spelling" (rapidfuzz, via ``ActorRegistry.suggest``): offered, never pre-selected;
3. actors whose names contain the text (metonymy aliases);
4. "New actor “…”", explicit, pre-selected only when no existing actor matched.

The chooser only reports the choice (``chosen``); the caller builds the edits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.actors import ActorRegistry
from annotator.core.model import Actor, ActorType
from annotator.gui.actor_link_dialog import ACTOR_ID_ROLE, HINT_ROLE, KIND_ROLE, NAME_ROLE, ActorChoice, HintDelegate, ListKeysForwarder, fold, names_of
from annotator.gui.appearance import readable
from annotator.gui.letter_keys import LetterKeys

_LIMIT = 10


class ActorChooser(QWidget):
    chosen = Signal(str, object)  # span id, ActorChoice
    cancelled = Signal(str)  # span id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = ActorRegistry()
        self._span_id: str | None = None
        self._ambiguous: tuple[Actor, ...] = ()
        self._mention = ""
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # article text, never markup
        self.heading.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Name or alias of an actor…")
        self.candidates = QListWidget()
        self.candidates.setItemDelegate(HintDelegate(self.candidates))
        self.candidates.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.candidates.setUniformItemSizes(True)
        self.candidates.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # rows are chosen from the line edit
        self.candidates.setMaximumHeight(self.candidates.fontMetrics().height() * 7 + 16)
        self.candidates.itemDoubleClicked.connect(lambda _item: self.accept())
        self.type_combo = QComboBox()
        for actor_type in ActorType:
            self.type_combo.addItem(actor_type.value, actor_type.value)
        self.type_combo.setToolTip("Type of a new actor (type its first letter)")
        LetterKeys(self.type_combo)
        type_row = QHBoxLayout()
        type_row.setContentsMargins(0, 0, 0, 0)
        type_row.addWidget(QLabel("New actor's type"))
        type_row.addWidget(self.type_combo, 1)
        hint = QLabel("Enter links · ↑↓ choose · Tab: type of a new actor · Esc: not now")
        hint.setStyleSheet(f"color:{readable('#6b7280')}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.candidates)
        layout.addLayout(type_row)
        layout.addWidget(hint)
        ListKeysForwarder(self.name_edit, self.candidates)
        self.name_edit.installEventFilter(self)
        self.type_combo.installEventFilter(self)
        self.name_edit.textChanged.connect(self._rebuild)
        self.hide()

    @property
    def span_id(self) -> str | None:
        return self._span_id if self.isVisible() else None

    def ask(self, span_id: str, mention: str, registry: ActorRegistry, ambiguous: tuple[Actor, ...] = ()) -> None:
        """Show the chooser for ``span_id`` and take the keyboard."""
        self._registry, self._span_id, self._ambiguous = registry, span_id, ambiguous
        clean = " ".join(mention.split())
        self._mention = fold(clean)
        self.heading.setText(f"Who is “{clean}”?" + (" (more than one actor has this name)" if ambiguous else ""))
        self.type_combo.setCurrentIndex(self.type_combo.findData(ActorType.PERSON.value))
        self.name_edit.blockSignals(True)
        self.name_edit.setText(clean)
        self.name_edit.blockSignals(False)
        self._rebuild(clean)
        self.show()
        self.name_edit.setFocus()
        self.name_edit.selectAll()  # typing replaces the mention text

    def dismiss(self) -> None:
        self._span_id = None
        self.hide()

    # --- rows ------------------------------------------------------------------
    def rows(self) -> list[tuple[str, str]]:
        """(name, kind) of each row, for tests and screen readers."""
        return [(self.candidates.item(i).data(NAME_ROLE), self.candidates.item(i).data(KIND_ROLE)) for i in range(self.candidates.count())]

    def _add(self, name: str, hint: str, kind: str, actor: Actor | None) -> None:
        item = QListWidgetItem(f"{name} — {hint}")
        item.setData(NAME_ROLE, name)
        item.setData(HINT_ROLE, hint)
        item.setData(KIND_ROLE, kind)
        item.setData(ACTOR_ID_ROLE, actor.id if actor else None)
        if actor is not None and actor.aliases:
            item.setToolTip(f"{actor.name} ({actor.type.value})\nAlso: " + ", ".join(actor.aliases))
        self.candidates.addItem(item)

    def _rebuild(self, text: str) -> None:
        typed = " ".join(text.split())
        folded = fold(typed)
        self.candidates.clear()
        listed: set[str] = set()
        preselect = -1

        # A prefix is pre-selected only once the coder typed it: the mention's own text may be a new
        # actor that merely starts like an old one ("France" and "France 24").
        typed_by_coder = folded != self._mention

        def best(actor: Actor, hint: str, kind: str) -> None:
            nonlocal preselect
            if actor.id in listed or len(listed) >= _LIMIT:
                return
            self._add(actor.name, f"{actor.type.value} · {hint}", kind, actor)
            listed.add(actor.id)
            if preselect < 0 and (kind != "prefix" or typed_by_coder):
                preselect = self.candidates.count() - 1

        for actor in self._ambiguous:
            if folded == self._mention:
                best(actor, "has this name", "ambiguous")
        if folded:
            exact = self._registry.find(typed)
            if exact is not None:
                best(exact, "exact" if fold(exact.name) == folded else f"alias “{typed}”", "exact")
            # A name after a title or role ("Armenian Prime Minister Nikol Pashinyan"): English puts
            # the name last, so only a name the text ends with counts ("Kremlin spokesman X" is not the Kremlin).
            words = folded.split()
            for actor in self._registry.active():
                for name in names_of(actor):
                    parts = fold(name).split()
                    if len(words) > len(parts) and words[-len(parts) :] == parts:
                        best(actor, f"“{name}” with a title", "title")
            for actor in self._registry.active():
                names = [fold(n) for n in names_of(actor)]
                if any(n.startswith(folded) or any(w.startswith(folded) for w in n.split()) for n in names):
                    best(actor, f"starts with “{typed}”", "prefix")
            for actor, _score in self._registry.suggest(typed):
                if actor.id not in listed:
                    self._add(actor.name, f"{actor.type.value} · similar spelling — same actor?", "similar", actor)
                    listed.add(actor.id)
            for actor in self._registry.active():
                if actor.id not in listed and len(listed) < _LIMIT and any(folded in fold(n) for n in names_of(actor)):
                    self._add(actor.name, f"{actor.type.value} · name contains “{typed}”", "contains", actor)
                    listed.add(actor.id)
            if exact is None:
                self._add(f"New actor “{typed}”", "creates a registry entry", "new", None)
                if preselect < 0:
                    preselect = self.candidates.count() - 1
        self.candidates.setCurrentRow(preselect)

    # --- keys --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
            if event.key() == Qt.Key.Key_Escape:
                span_id = self._span_id
                self.dismiss()
                if span_id is not None:
                    self.cancelled.emit(span_id)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.candidates.currentItem()
        span_id = self._span_id
        if item is None or span_id is None:
            return  # nothing typed: nothing to link to yet
        actor_id = item.data(ACTOR_ID_ROLE)
        if actor_id is None:
            choice = ActorChoice(actor_id=None, new_name=" ".join(self.name_edit.text().split()), new_type=ActorType(self.type_combo.currentData()))
        else:
            actor = self._registry.get(actor_id)
            choice = ActorChoice(actor_id=actor_id, new_name=None, new_type=actor.type if actor else ActorType.OTHER)
        self.dismiss()
        self.chosen.emit(span_id, choice)
