"""The window's action table: every menu entry, toolbar button and key, with its slot.

``install_actions`` builds the menus in menu-bar order; the window only calls it. Keys come from
the coder's bindings (gui/shortcuts.py): an action made with a shortcut id is remembered in
``window.bound_actions`` so that Preferences can rebind it (``apply_shortcuts`` in gui/action_binding.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QToolBar

from annotator.gui.action_binding import bind, bind_actor_panel
from annotator.gui.corpus_suggestions_menu import CorpusSuggestionsMenu
from annotator.gui.layout_fit import LayoutFit
from annotator.gui.shortcuts import SPECS
from annotator.gui.suggestion_menu import install_suggestion_actions
from annotator.gui.team_menu import install_team_menu
from annotator.gui.window_docks import focus_dock


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def add_action(
    window: QMainWindow,
    text: str,
    shortcuts: list[str] | str | QKeySequence.StandardKey,
    slot: Callable,
    *,
    menu: QMenu | None = None,
    context: Qt.ShortcutContext | None = None,
) -> QAction:
    """An action on ``menu`` (or the window itself): a shortcut id from SPECS is rebindable, anything else is fixed."""
    action = QAction(text, window)
    if isinstance(shortcuts, str) and shortcuts in SPECS:
        bind(window, shortcuts, action)
    elif isinstance(shortcuts, QKeySequence.StandardKey):
        action.setShortcut(QKeySequence(shortcuts))
    else:
        action.setShortcuts([QKeySequence(s) for s in ([shortcuts] if isinstance(shortcuts, str) else shortcuts)])
    if context is not None:
        action.setShortcutContext(context)
    action.triggered.connect(slot)
    (menu or window).addAction(action)
    return action


def _article_action(window: QMainWindow, text: str, shortcut_id: str, slot: Callable, menu: QMenu | None = None) -> QAction:
    """An action whose keys work only inside the article (Tab, N, Enter keep their meaning elsewhere)."""
    action = QAction(text, window.view)
    bind(window, shortcut_id, action)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    window.view.addAction(action)
    if menu is not None:
        menu.addAction(action)
    return action


def _checkable(action: QAction, checked: bool) -> QAction:
    action.setCheckable(True)
    action.setChecked(checked)
    return action


def install_actions(window: QMainWindow) -> None:
    window.bound_actions = {}
    bar = window.menuBar()
    _install_file_menu(window, bar.addMenu("&File"))
    _install_edit_menu(window, bar.addMenu("&Edit"))
    _install_label_menu(window, bar.addMenu("&Label"))
    _install_go_menu(window, bar.addMenu("&Go"))
    _install_suggestions_menu(window, bar.addMenu("S&uggestions"))
    _install_view_menu(window, bar.addMenu("&View"))
    install_team_menu(window)
    if window.actor_dock.built_panel is not None:  # else bound when it is built (gui/window_docks.py)
        bind_actor_panel(window, window.actor_dock.built_panel)
    help_menu = bar.addMenu("&Help")
    add_action(window, "&Keyboard shortcuts", "help", window.show_shortcuts, menu=help_menu)


def _install_file_menu(window: QMainWindow, menu: QMenu) -> None:
    add_action(window, "&Open project or articles…", "open", window.choose_and_open, menu=menu)
    add_action(window, "Open &shared project (PostgreSQL)…", "open_database", window.choose_and_open_database, menu=menu)
    add_action(window, "&Import articles…", "import", window.choose_and_import, menu=menu)
    add_action(window, "Coder &name…", [], window.change_coder_name, menu=menu)
    add_action(
        window, "Import &annotations…", [], lambda: window.exchange_flow.choose_import(window.project, window.save_all, window.reload_project), menu=menu
    )
    add_action(window, "&Export…", "export", lambda: window.exchange_flow.choose_export(window.project, window.save_all), menu=menu)
    menu.addSeparator()
    add_action(window, "&Save", "save", window.save_current, menu=menu)
    add_action(window, "Save a &copy as…", "save_copy", lambda: _save_copy(window), menu=menu)
    add_action(window, "&Preferences…", "preferences", window.edit_preferences, menu=menu)
    menu.addSeparator()
    add_action(window, "&Quit", "quit", window.close, menu=menu)


def _save_copy(window: QMainWindow) -> None:
    from annotator.gui.save_copy import save_copy_as  # its file dialog: loaded when first asked for

    save_copy_as(window, window.session, window.tell)


def _install_edit_menu(window: QMainWindow, menu: QMenu) -> None:
    editor = window.span_editor
    window.undo_action = window.undo_group.createUndoAction(window, "&Undo")
    bind(window, "undo", window.undo_action)
    window.redo_action = window.undo_group.createRedoAction(window, "&Redo")
    bind(window, "redo", window.redo_action)
    menu.addAction(window.undo_action)
    menu.addAction(window.redo_action)
    menu.addSeparator()
    window.delete_action = add_action(window, "&Delete span", "delete_span", lambda: window.suggestions.reject_current() or editor.delete_selected(), menu=menu)
    add_action(window, "Grow span end", "grow_end", lambda: editor.move_edge("end", +1), menu=menu)
    add_action(window, "Shrink span end", "shrink_end", lambda: editor.move_edge("end", -1), menu=menu)
    add_action(window, "Grow span start", "grow_start", lambda: editor.move_edge("start", -1), menu=menu)
    add_action(window, "Shrink span start", "shrink_start", lambda: editor.move_edge("start", +1), menu=menu)
    menu.addSeparator()
    add_action(window, "&Link actor to registry…", "link_actor", editor.link_actor, menu=menu)
    add_action(window, "Link &claim to claimant and date…", "link_claim", editor.start_link_mode, menu=menu)
    for text, key, as_target in (("Pick for the claim", "pick", False), ("Pick as the claim's target", "pick_target", True)):
        _article_action(
            window,
            text,
            key,
            lambda _=False, t=as_target: (
                (window.suggestions.accept_paragraph() if t else window.suggestions.accept_current()) or window.pick_selected_for_link(t)
            ),
        )
    window.link_when_tagging_action = _checkable(add_action(window, "Link actors when tagging", [], lambda: None, menu=menu), True)
    window.link_when_tagging_action.toggled.connect(window._set_link_when_tagging)
    menu.addSeparator()
    window.snap_action = _checkable(add_action(window, "S&nap selections to words", "snap", window._set_snap, menu=menu), True)
    window.done_action = add_action(window, "Mark document &done", "done", window.toggle_done, menu=menu)
    window.done_action.setCheckable(True)
    add_action(window, "Edit article &metadata…", "metadata", window.edit_metadata, menu=menu)
    menu.addSeparator()
    add_action(window, "&Find in the article…", "find", lambda: window.find_bar.open_bar(), menu=menu)
    add_action(window, "Search the &corpus…", "find_corpus", window.search_parts.open_search, menu=menu)


def _install_label_menu(window: QMainWindow, menu: QMenu) -> None:
    window.label_menu = menu
    add_action(window, "Edit the project's &labels…", [], window.edit_label_scheme, menu=menu)
    menu.addSeparator()
    window.label_bar = bar = QToolBar("Labels")
    bar.setObjectName("labels")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    legend = QLabel("  Labels: ")
    legend.setToolTip("Select text, then press a label's key or click it. Nested spans show as deeper colour and stacked underlines.")
    bar.addWidget(legend)
    window.label_actions = {}
    window._label_bar_end = bar.addSeparator()  # the label buttons go before it, per project
    # Short toolbar twins of the menu's undo/redo, whose text names the edit.
    for text, slot, signal in (
        ("Undo", window.undo_group.undo, window.undo_group.canUndoChanged),
        ("Redo", window.undo_group.redo, window.undo_group.canRedoChanged),
    ):
        twin = QAction(text, window)
        twin.setToolTip(f"{text} ({'Ctrl+Z' if text == 'Undo' else 'Ctrl+Shift+Z'})")
        twin.setEnabled(False)
        twin.triggered.connect(slot)
        signal.connect(twin.setEnabled)
        bar.addAction(twin)
    bar.addAction(window.snap_action)
    bar.addAction(window.done_action)


def build_label_actions(window: QMainWindow) -> None:
    """One action per label of the project: its hotkey, a menu entry and a toolbar button (the legend)."""
    for action in window.label_actions.values():
        window.label_menu.removeAction(action)
        window.label_bar.removeAction(action)
        window.removeAction(action)
        action.deleteLater()
    window.label_actions = {}
    for label in window.project.scheme.labels:
        action = add_action(
            window, f"{label.hotkey}  {label.name}", label.hotkey, lambda _=False, n=label.name: window.span_editor.apply_label(n), menu=window.label_menu
        )
        action.setIcon(swatch(label.colour))
        action.setToolTip(f"{label.description} — key {label.hotkey}")
        window.label_bar.insertAction(window._label_bar_end, action)
        window.label_actions[label.name] = action


def _install_go_menu(window: QMainWindow, menu: QMenu) -> None:
    add_action(window, "&Next document", "next_document", lambda: window.step_document(+1), menu=menu)
    add_action(window, "&Previous document", "previous_document", lambda: window.step_document(-1), menu=menu)
    # Tab is only taken over inside the article; elsewhere it still moves the focus.
    for text, key, step in (("Next span", "next_span", +1), ("Previous span", "previous_span", -1)):
        _article_action(window, text, key, lambda _=False, s=step: window.span_editor.select_neighbour(s), menu)
    menu.addSeparator()
    add_action(window, "Document &list", "focus_documents", window.document_table.setFocus, menu=menu)
    add_action(window, "&Article", "focus_article", window.view.setFocus, menu=menu)
    add_action(window, "&Span list", "focus_spans", lambda: focus_dock(window.span_dock, window.span_table), menu=menu)
    add_action(
        window,
        "D&etails",
        "focus_details",
        lambda: (focus_dock(window.details_dock, window.details_panel), window.details_panel.focus_first_field()),
        menu=menu,
    )
    add_action(window, "A&ctors", "focus_actors", lambda: focus_dock(window.actor_dock, window.actor_panel.filter_edit), menu=menu)
    add_action(window, "C&hecks", "focus_checks", lambda: focus_dock(window.checker_dock, window.checker_panel.list), menu=menu)
    add_action(window, "A&nalysis", "focus_analysis", lambda: focus_dock(window.analysis_dock, window.analysis_panel.tabs), menu=menu)


def _install_suggestions_menu(window: QMainWindow, menu: QMenu) -> None:
    # N and Shift+N in the article only: in the Details panel N is the stance letter "neutral".
    for text, key, step in (("&Next suggestion", "next_suggestion", +1), ("&Previous suggestion", "previous_suggestion", -1)):
        _article_action(window, text, key, lambda _=False, s=step: window.suggestions.step(s), menu)
    add_action(window, "&Done: back to the article, next suggestion", "finish_and_next", window.suggestions.finish_and_next, menu=menu)
    install_suggestion_actions(window.suggestions, menu)
    window.corpus_suggestions_menu = CorpusSuggestionsMenu(window, menu)  # what runs behind it: built on first use


def _install_view_menu(window: QMainWindow, menu: QMenu) -> None:
    for dock in (window.span_dock, window.actor_dock, window.codebook_dock, window.details_dock, window.checker_dock):
        menu.addAction(dock.toggleViewAction())
    menu.addSeparator()
    details = menu.addAction("Article &metadata details")
    window.layout_fit = LayoutFit(window, window._splitter, window.metadata_panel, [window.span_dock, window.details_dock], details)
