"""The coder's keys on the window's actions: each rebindable action is bound by its shortcut id
(gui/shortcuts.py) and keeps the keys Preferences gives it; the window menus and the panels built
later (the Actors panel, behind its tab) bind through here."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget


def bind(window: QMainWindow, shortcut_id: str, action: QAction) -> None:
    """Give ``action`` the coder's keys for ``shortcut_id`` (see gui/shortcuts.py), now and after Preferences."""
    window.bound_actions[shortcut_id] = action
    action.setShortcuts(window.shortcuts.sequences(shortcut_id))


def apply_shortcuts(window: QMainWindow) -> None:
    for shortcut_id, action in window.bound_actions.items():
        action.setShortcuts(window.shortcuts.sequences(shortcut_id))


def bind_actor_panel(window: QMainWindow, panel: QWidget) -> None:
    """The Actors panel's own keys, rebindable like the rest (they act while the panel has focus)."""
    for shortcut_id, panel_action in (
        ("actor_new", panel.new_action),
        ("actor_rename", panel.rename_action),
        ("actor_alias", panel.alias_action),
        ("actor_edit", panel.edit_action),
    ):
        bind(window, shortcut_id, panel_action)
