"""Registry hygiene from the Actors panel: new, rename, alias (add, correct, remove), merge,
edit and delete.

Mixed into ``ActorPanel``; each action asks the coder (the ``_ask_*`` methods, overridable so
that tests answer without dialogs), refuses a name another actor already has, builds the
registry edit with the core builders and emits it as ``edit_requested``; it never applies it.
It reads the panel's ``_registry``, ``_mentions``, ``selected_actor()``, ``alias_list`` and
``_show_aliases``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QListWidgetItem, QMessageBox

from annotator.core.actors import RegistryEdit, RegistryError, add_alias, change_alias, delete_actor, merge, new_actor, remove_alias, rename, update
from annotator.core.model import Actor, ActorType
from annotator.gui.actor_dialogs import ActorDetailsDialog, MergeTargetDialog, RenameDialog
from annotator.gui.plain_text import plain_message

ALIAS_ROLE = Qt.ItemDataRole.UserRole + 5  # the alias as stored, before an in-place edit


class RegistryEditActions:
    """The Actors panel's registry actions (a mixin of ``ActorPanel``, a QWidget: the dialogs' parent)."""

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
