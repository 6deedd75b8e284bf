"""The dialogs of the Actors panel: a new actor or its details, a rename, the target of a merge.

Each only asks; the panel builds the registry edit from the answer (gui/actor_registry_edits.py).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry, merge_candidates
from annotator.core.model import Actor, ActorType
from annotator.gui.actor_link_dialog import ListKeysForwarder, fold, names_of
from annotator.gui.actor_table_model import ACTOR_ID_ROLE, FILTER_ROLE


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
        explanation = QLabel(f"Merge <b>{escape(source.name, quote=False)}</b> into the actor below. Its names become aliases there and its mentions follow.")
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
