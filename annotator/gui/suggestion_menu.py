"""The Suggestions menu's actions for one article's suggestions: accept or reject the current one,
accept all of a kind, and a toggle per recommender (N, Shift+N and Done are window shortcuts)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from annotator.core.suggest import RECOMMENDER_KINDS
from annotator.gui.suggestion_flow import SuggestionFlow
from annotator.gui.suggestion_settings import KIND_NAMES, STORED_KINDS


def install_suggestion_actions(flow: SuggestionFlow, menu: QMenu) -> None:
    accept_action = menu.addAction("&Accept the current suggestion\tEnter")
    accept_action.triggered.connect(lambda: flow.accept_current(force=True))
    paragraph_action = menu.addAction("Accept the current suggestion and the &rest of its paragraph\tShift+Enter")
    paragraph_action.triggered.connect(lambda: flow.accept_paragraph(force=True))
    reject_action = menu.addAction("&Reject the current suggestion (never proposed again)\tBackspace")
    reject_action.triggered.connect(lambda: flow.reject_current(force=True))
    menu.addSeparator()
    for kind in (*RECOMMENDER_KINDS, *STORED_KINDS):
        action = menu.addAction("")  # named by flow.update_texts(): the count of that kind
        action.triggered.connect(lambda _=False, k=kind: flow.accept_all(k))
        flow.accept_all_actions[kind] = action
    menu.addSeparator()
    for kind in RECOMMENDER_KINDS:
        action = menu.addAction(f"Suggest {KIND_NAMES.get(kind, kind)}")
        action.setCheckable(True)
        action.setChecked(flow.enabled(kind))
        action.toggled.connect(lambda checked, k=kind: flow.set_enabled(k, checked))
        flow.toggle_actions[kind] = action
    flow.update_texts()
