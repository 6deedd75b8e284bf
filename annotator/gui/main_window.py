"""The main window: builds the widgets and actions and wires them together.

State lives elsewhere: the project in ``core.storage``, each open document in a
``DocumentSession``, what keys do to spans in ``SpanEditor``.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPixmap, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry, Resolution
from annotator.core.annotations import AnnotationChange
from annotator.core.check_cache import FindingsCache
from annotator.core.codebook import Codebook
from annotator.core.edits import ReplaceSpan, rebase
from annotator.core.mentions import MentionIndex
from annotator.core.metadata_edits import set_metadata
from annotator.core.model import Span
from annotator.core.storage import FileProblem, ProjectError, ProjectStore
from annotator.core.summaries import span_summary
from annotator.core.workspace import OpenedProject, open_path
from annotator.gui.actor_panel import ActorPanel
from annotator.gui.analysis_dock import AnalysisInput, AnalysisPanel, analysis_input
from annotator.gui.checker_panel import CheckerPanel
from annotator.gui.codebook_panel import CodebookFlow, CodebookPanel
from annotator.gui.corpus_search import CorpusSearchDialog
from annotator.gui.exchange_dialogs import ExchangeFlow
from annotator.gui.find_bar import FindBar
from annotator.gui.import_flow import ImportFlow
from annotator.gui.label_scheme_dialog import LabelSchemeDialog
from annotator.gui.layout_fit import LayoutFit
from annotator.gui.mention_worker import MentionIndexWorker
from annotator.gui.metadata_panel import MetadataDialog, MetadataPanel
from annotator.gui.models import DOCUMENT_ID_ROLE, SPAN_ID_ROLE, DocumentListModel, SpanTableModel
from annotator.gui.open_database import ask_database_url
from annotator.gui.plain_text import plain_message
from annotator.gui.preferences_dialog import PreferencesDialog
from annotator.gui.recovery import offer_recovery
from annotator.gui.save_copy import save_copy_as
from annotator.gui.session import DocumentSession
from annotator.gui.shortcuts import SPECS, ShortcutBindings, shortcut_help
from annotator.gui.span_details import SpanDetailsPanel
from annotator.gui.span_editor import SpanEditor
from annotator.gui.suggestion_flow import SuggestionFlow
from annotator.gui.team_menu import install_team_menu
from annotator.gui.text_view import ArticleView
from annotator.gui.working_day import PlaceMemory, ask_coder_name, journalled_documents

KEPT_SESSIONS = 20  # open documents kept with their undo history


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class MainWindow(QMainWindow):
    def __init__(self, opened: OpenedProject, executor: Executor) -> None:
        super().__init__()
        self._executor = executor
        self.project: ProjectStore = opened.project
        self._sessions: dict[str, DocumentSession] = {}
        self.session: DocumentSession | None = None
        self.import_flow = ImportFlow(self, self.tell)
        self.import_flow.imported.connect(lambda _report: self.document_model.reload())
        self.exchange_flow = ExchangeFlow(self, self.tell)
        self.corpus_search = CorpusSearchDialog(lambda: self.project, self.open_at_offsets, self)
        self.import_flow.imported.connect(lambda _report: self.corpus_search.refresh_index() if self.corpus_search.isVisible() else self.corpus_search.stop())
        self._mention_worker: MentionIndexWorker | None = None
        self.undo_group = QUndoGroup(self)
        screen = QApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        self.resize(min(1500, available.width() - 40) if available else 1400, min(950, available.height() - 40) if available else 880)

        self.view = ArticleView()
        self.span_editor = SpanEditor(self.view, lambda: self.session, self.tell, self.ask_actor, self._linked_before)
        self.metadata_panel = MetadataPanel()
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file and article text
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fef2f2; color:#991b1b; padding:6px 14px; border-bottom:1px solid #fecaca")
        self.banner.hide()
        article = QWidget()
        article_layout = QVBoxLayout(article)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.setSpacing(0)
        article_layout.addWidget(self.metadata_panel)
        article_layout.addWidget(self.banner)
        self.find_bar = FindBar(self.view, lambda: self.session, lambda: self.project.scheme.names(), self.tell)
        article_layout.addWidget(self.find_bar)
        article_layout.addWidget(self.view, 1)

        self.document_filter = QLineEdit()
        self.document_filter.setPlaceholderText("Filter documents…")
        self.document_filter.setClearButtonEnabled(True)
        self.document_table = QTableView()
        self._setup_table(self.document_table)
        documents = QWidget()
        documents_layout = QVBoxLayout(documents)
        documents_layout.setContentsMargins(6, 6, 0, 6)
        documents_layout.addWidget(self.document_filter)
        documents_layout.addWidget(self.document_table)
        splitter = QSplitter()
        splitter.addWidget(documents)
        splitter.addWidget(article)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1000])
        self.setCentralWidget(splitter)
        self._splitter = splitter

        self.span_model = SpanTableModel(self.project.scheme, self, describe=self.describe_span)
        self.span_table = QTableView()
        self._setup_table(self.span_table)
        # No proxy: the model sorts its own list on a header click (a proxy sorts through data(),
        # 113,000 calls for 5,000 spans). No indicator: the annotation set's order; a third click clears it.
        self.span_table.setModel(self.span_model)
        self.span_table.horizontalHeader().setSortIndicatorClearable(True)
        self.span_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.span_table.setSortingEnabled(True)
        # Fixed widths from font metrics: ResizeToContents would re-measure every row through
        # Python on each edit (measured: 24,000 data() calls per relabel with 5,000 spans).
        metrics = self.span_table.fontMetrics()
        widest_label = max(metrics.horizontalAdvance(name) for name in self.project.scheme.names())
        span_header = self.span_table.horizontalHeader()
        span_header.setStretchLastSection(False)
        span_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        span_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        span_header.resizeSection(0, widest_label + 44)
        span_header.resizeSection(2, metrics.horizontalAdvance("→ Nikol Pashinyan"))
        for column in (3, 4):
            span_header.resizeSection(column, metrics.horizontalAdvance("0000000") + 12)
        self.span_dock = QDockWidget("Spans", self)
        self.span_dock.setObjectName("spans")
        self.span_dock.setWidget(self.span_table)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.span_dock)
        self.details_panel = SpanDetailsPanel()
        self.details_dock = self._dock("Details", "details", self.details_panel)
        self.splitDockWidget(self.span_dock, self.details_dock, Qt.Orientation.Vertical)
        self.checker_panel = CheckerPanel()
        self.checker_dock = self._dock("Checks", "checks", self.checker_panel)
        self.tabifyDockWidget(self.details_dock, self.checker_dock)
        self.actor_panel = ActorPanel()
        self.actor_dock = self._dock("Actors", "actors", self.actor_panel)
        self.tabifyDockWidget(self.span_dock, self.actor_dock)
        self.codebook_panel = CodebookPanel()
        self.codebook_dock = self._dock("Codebook", "codebook", self.codebook_panel)
        self.tabifyDockWidget(self.actor_dock, self.codebook_dock)
        self.analysis_panel = AnalysisPanel(self._analysis_input)
        self.analysis_dock = self._dock("Analysis", "analysis", self.analysis_panel)
        self.tabifyDockWidget(self.codebook_dock, self.analysis_dock)
        self.analysis_panel.claim_activated.connect(self.go_to_mention)
        self.span_dock.raise_()
        self.details_dock.raise_()
        self.resizeDocks([self.span_dock], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.span_dock, self.details_dock], [430, 400], Qt.Orientation.Vertical)

        self.counts_label = QLabel()
        self.save_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self.suggestions = SuggestionFlow(
            self.view, lambda: self.project, lambda: self.session, lambda: self.registry, self._linked_texts, self._suggestion_keys_blocked, self.tell, self
        )
        self.statusBar().addPermanentWidget(self.suggestions.status_label)
        self.suggestions.claim_accepted.connect(lambda _id: (self._focus_dock(self.details_dock, self.details_panel), self.details_panel.focus_first_field()))

        self._findings = FindingsCache()  # a document switched back to is not checked again
        self._side_panel_timer = QTimer(self)
        self._side_panel_timer.setSingleShot(True)
        self._side_panel_timer.setInterval(150)
        self._side_panel_timer.timeout.connect(self._refresh_side_panels)

        self.place_memory = PlaceMemory()
        self.shortcuts = ShortcutBindings()
        self._create_actions()
        self._connect()
        self._load_project(opened)
        # After the first paint, not before it: the worker competes for the interpreter.
        QTimer.singleShot(500, self, self.span_editor.preload_date_finder)

    # --- construction ------------------------------------------------------------
    @staticmethod
    def _focus_dock(dock: QDockWidget, widget: QWidget) -> None:
        """Keyboard access to a side panel, even one behind a tab."""
        dock.show()
        dock.raise_()
        widget.setFocus()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    @staticmethod
    def _setup_table(table: QTableView) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.horizontalHeader().setHighlightSections(False)

    def _action(self, text: str, shortcuts: list[str] | str | QKeySequence.StandardKey, slot, *, menu=None, context=None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if isinstance(shortcuts, str) and shortcuts in SPECS:
            self._bind(shortcuts, action)
        elif isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcut(QKeySequence(shortcuts))
        else:
            action.setShortcuts([QKeySequence(s) for s in ([shortcuts] if isinstance(shortcuts, str) else shortcuts)])
        if context is not None:
            action.setShortcutContext(context)
        action.triggered.connect(slot)
        (menu or self).addAction(action)
        return action

    def _bind(self, shortcut_id: str, action: QAction) -> None:
        """Give ``action`` the coder's keys for ``shortcut_id`` (see gui/shortcuts.py), now and after Preferences."""
        self.bound_actions[shortcut_id] = action
        action.setShortcuts(self.shortcuts.sequences(shortcut_id))

    def edit_preferences(self) -> None:
        labels = {label.hotkey: f"label {label.name}" for label in self.project.scheme.labels}
        dialog = PreferencesDialog(self.shortcuts, labels, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.apply_shortcuts()
            self.tell("Shortcuts saved")

    def apply_shortcuts(self) -> None:
        for shortcut_id, action in self.bound_actions.items():
            action.setShortcuts(self.shortcuts.sequences(shortcut_id))

    def _create_actions(self) -> None:
        self.bound_actions: dict[str, QAction] = {}
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action("&Open project or articles…", "open", self.choose_and_open, menu=file_menu)
        self._action("Open &shared project (PostgreSQL)…", "open_database", self.choose_and_open_database, menu=file_menu)
        self._action("&Import articles…", "import", self.choose_and_import, menu=file_menu)
        self._action("Coder &name…", [], self.change_coder_name, menu=file_menu)
        self._action("Import &annotations…", [], lambda: self.exchange_flow.choose_import(self.project, self.save_all, self.reload_project), menu=file_menu)
        self._action("&Export…", "export", lambda: self.exchange_flow.choose_export(self.project, self.save_all), menu=file_menu)
        file_menu.addSeparator()
        self._action("&Save", "save", self.save_current, menu=file_menu)
        self._action("Save a &copy as…", "save_copy", lambda: save_copy_as(self, self.session, self.tell), menu=file_menu)
        self._action("&Preferences…", "preferences", self.edit_preferences, menu=file_menu)
        file_menu.addSeparator()
        self._action("&Quit", "quit", self.close, menu=file_menu)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self._bind("undo", self.undo_action)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self._bind("redo", self.redo_action)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.delete_action = self._action(
            "&Delete span", "delete_span", lambda: self.suggestions.reject_current() or self.span_editor.delete_selected(), menu=edit_menu
        )
        self._action("Grow span end", "grow_end", lambda: self.span_editor.move_edge("end", +1), menu=edit_menu)
        self._action("Shrink span end", "shrink_end", lambda: self.span_editor.move_edge("end", -1), menu=edit_menu)
        self._action("Grow span start", "grow_start", lambda: self.span_editor.move_edge("start", -1), menu=edit_menu)
        self._action("Shrink span start", "shrink_start", lambda: self.span_editor.move_edge("start", +1), menu=edit_menu)
        edit_menu.addSeparator()
        self._action("&Link actor to registry…", "link_actor", self.span_editor.link_actor, menu=edit_menu)
        self._action("Link &claim to claimant and date…", "link_claim", self.span_editor.start_link_mode, menu=edit_menu)
        for text, key, as_target in (("Pick for the claim", "pick", False), ("Pick as the claim's target", "pick_target", True)):
            pick = QAction(text, self.view)
            self._bind(key, pick)
            pick.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            pick.triggered.connect(
                lambda _=False, t=as_target: (self.suggestions.accept_paragraph() if t else self.suggestions.accept_current()) or self.pick_selected_for_link(t)
            )
            self.view.addAction(pick)
        self.link_when_tagging_action = self._action("Link actors when tagging", [], lambda: None, menu=edit_menu)
        self.link_when_tagging_action.setCheckable(True)
        self.link_when_tagging_action.setChecked(True)
        self.link_when_tagging_action.toggled.connect(self._set_link_when_tagging)
        edit_menu.addSeparator()
        self.snap_action = self._action("S&nap selections to words", "snap", self._set_snap, menu=edit_menu)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        self.done_action = self._action("Mark document &done", "done", self.toggle_done, menu=edit_menu)
        self.done_action.setCheckable(True)
        self._action("Edit article &metadata…", "metadata", self.edit_metadata, menu=edit_menu)
        edit_menu.addSeparator()
        self._action("&Find in the article…", "find", self.find_bar.open_bar, menu=edit_menu)
        self._action("Search the &corpus…", "find_corpus", self.corpus_search.open_search, menu=edit_menu)

        self.label_menu = bar.addMenu("&Label")
        self._action("Edit the project's &labels…", [], self.edit_label_scheme, menu=self.label_menu)
        self.label_menu.addSeparator()
        self.label_bar = QToolBar("Labels")
        self.label_bar.setObjectName("labels")
        self.label_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.label_bar)
        legend = QLabel("  Labels: ")
        legend.setToolTip("Select text, then press a label's key or click it. Nested spans show as deeper colour and stacked underlines.")
        self.label_bar.addWidget(legend)
        self.label_actions: dict[str, QAction] = {}
        self._label_bar_end = self.label_bar.addSeparator()  # the label buttons go before it, per project
        # Short toolbar twins of the menu's undo/redo, whose text names the edit.
        for text, slot, signal in (
            ("Undo", self.undo_group.undo, self.undo_group.canUndoChanged),
            ("Redo", self.undo_group.redo, self.undo_group.canRedoChanged),
        ):
            twin = QAction(text, self)
            twin.setToolTip(f"{text} ({'Ctrl+Z' if text == 'Undo' else 'Ctrl+Shift+Z'})")
            twin.setEnabled(False)
            twin.triggered.connect(slot)
            signal.connect(twin.setEnabled)
            self.label_bar.addAction(twin)
        self.label_bar.addAction(self.snap_action)
        self.label_bar.addAction(self.done_action)

        go_menu = bar.addMenu("&Go")
        self._action("&Next document", "next_document", lambda: self.step_document(+1), menu=go_menu)
        self._action("&Previous document", "previous_document", lambda: self.step_document(-1), menu=go_menu)
        # Tab is only taken over inside the article; elsewhere it still moves the focus.
        for text, key, step in (("Next span", "next_span", +1), ("Previous span", "previous_span", -1)):
            action = QAction(text, self.view)
            self._bind(key, action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, s=step: self.span_editor.select_neighbour(s))
            self.view.addAction(action)
            go_menu.addAction(action)
        go_menu.addSeparator()
        self._action("Document &list", "focus_documents", self.document_table.setFocus, menu=go_menu)
        self._action("&Article", "focus_article", self.view.setFocus, menu=go_menu)
        self._action("&Span list", "focus_spans", lambda: self._focus_dock(self.span_dock, self.span_table), menu=go_menu)
        self._action(
            "D&etails", "focus_details", lambda: (self._focus_dock(self.details_dock, self.details_panel), self.details_panel.focus_first_field()), menu=go_menu
        )
        self._action("A&ctors", "focus_actors", lambda: self._focus_dock(self.actor_dock, self.actor_panel.filter_edit), menu=go_menu)
        self._action("C&hecks", "focus_checks", lambda: self._focus_dock(self.checker_dock, self.checker_panel.list), menu=go_menu)
        self._action("A&nalysis", "focus_analysis", lambda: self._focus_dock(self.analysis_dock, self.analysis_panel.tabs), menu=go_menu)
        suggest_menu = bar.addMenu("S&uggestions")
        # N and Shift+N in the article only: in the Details panel N is the stance letter "neutral".
        for text, key, step in (("&Next suggestion", "next_suggestion", +1), ("&Previous suggestion", "previous_suggestion", -1)):
            action = QAction(text, self.view)
            self._bind(key, action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, s=step: self.suggestions.step(s))
            self.view.addAction(action)
            suggest_menu.addAction(action)
        self.suggestions.install(suggest_menu)
        view_menu = bar.addMenu("&View")
        for dock in (self.span_dock, self.actor_dock, self.codebook_dock, self.details_dock, self.checker_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        details = view_menu.addAction("Article &metadata details")
        self.layout_fit = LayoutFit(self, self._splitter, self.metadata_panel, [self.span_dock, self.details_dock], details)
        install_team_menu(self)
        for shortcut_id, panel_action in (
            ("actor_new", self.actor_panel.new_action),
            ("actor_rename", self.actor_panel.rename_action),
            ("actor_alias", self.actor_panel.alias_action),
            ("actor_edit", self.actor_panel.edit_action),
        ):
            self._bind(shortcut_id, panel_action)  # the panel's own keys, rebindable like the rest
        help_menu = bar.addMenu("&Help")
        self._action("&Keyboard shortcuts", "help", self.show_shortcuts, menu=help_menu)

    def _connect(self) -> None:
        self.document_filter.textChanged.connect(lambda text: self.document_model.set_filter(text))
        self.view.span_clicked.connect(self.select_span)
        self.span_table.clicked.connect(self._on_span_row_activated)
        self.span_table.activated.connect(self._on_span_row_activated)
        self.metadata_panel.edit_requested.connect(self.edit_metadata)
        self.view.selected_span_changed.connect(self._on_selected_span_changed)
        self.details_panel.edit_requested.connect(self._push_from_panel)
        self.details_panel.link_actor_requested.connect(self.span_editor.link_actor)
        self.details_panel.actor_chosen.connect(self._on_actor_chosen)
        self.details_panel.actor_choice_cancelled.connect(lambda _span_id: self.view.setFocus())
        self.details_panel.link_mode_requested.connect(self._start_link_mode_from_panel)
        self.details_panel.span_activated.connect(lambda span_id: self.view.set_selected_span(span_id, scroll=True))
        self.checker_panel.finding_activated.connect(self._go_to_span)
        self.actor_panel.edit_requested.connect(self._push_registry_edit)
        self.codebook_panel.edit_requested.connect(self._push_registry_edit)
        self.details_panel.topic_requested.connect(lambda span, text: self.codebook_flow.set_topic(span, text))
        self.actor_panel.mention_activated.connect(self.go_to_mention)
        self.actor_dock.visibilityChanged.connect(lambda visible: visible and (self._build_mentions(), self._refresh_side_panels()))
        self.checker_dock.visibilityChanged.connect(lambda visible: visible and self._refresh_side_panels())
        self.undo_group.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self.undo_group.indexChanged.connect(lambda _i: self._update_status())

    # --- project -----------------------------------------------------------------
    def _load_project(self, opened: OpenedProject) -> None:
        self.project = opened.project
        self.registry = ActorRegistry(self.project.settings.actors)
        self.registry.add_listener(self._on_registry_changed)
        self.codebook = Codebook(self.project.settings.topics)
        self.codebook_flow = CodebookFlow(
            self.codebook, self.project, lambda: self.session, lambda: list(self._sessions.values()), self.tell, self._on_codebook_changed, self
        )
        self._on_codebook_changed()
        # Counting mentions reads every annotation file: done in the background so that a
        # large project opens at once; the Actors panel fills in when it is ready.
        self.mentions = MentionIndex()
        self._mentions_built = False
        self._mentions_stale: set[str] = set()  # open documents whose mentions the index has not seen yet
        self.actor_panel.set_data(self.registry, self.mentions, self._document_title)
        if self.actor_dock.isVisible() and not self.actor_dock.visibleRegion().isEmpty():
            self._build_mentions()
        self.view.set_scheme(self.project.scheme)
        self.span_model.set_scheme(self.project.scheme)
        self._build_label_actions()
        self.document_model = DocumentListModel(self.project, self)
        self.document_model.set_filter(self.document_filter.text())  # filtered in the model, no proxy
        self.document_table.setModel(self.document_model)
        header = self.document_table.horizontalHeader()
        metrics = self.document_table.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, metrics.horizontalAdvance("0000-00-00") + 16)
        header.resizeSection(2, metrics.horizontalAdvance("in progress") + 16)
        self.document_table.selectionModel().currentRowChanged.connect(self._on_document_row_changed)
        for message in opened.messages:
            self.tell(message)
        if opened.report is not None:
            self.import_flow.report(opened.report, quiet=True)
        # Every document a run that died left edits of is offered back now, not only when opened.
        for doc_id in journalled_documents(self.project):
            if doc_id not in self._sessions:
                self._create_session(doc_id)
        place = self.place_memory.recall(self.project)
        if place is not None:
            self.select_document(place[0])
            if self.session is not None and self.session.document.id == place[0]:
                self._go_to_offset(place[1])
        elif self.document_model.rowCount():
            self.document_table.selectRow(0)
        if self.session is None:
            self.show_session(None)
        self.view.setFocus()

    def _remember_place(self) -> None:
        session = self.session
        if session is None:
            return
        span = session.annotations.get(self.view.selected_span or "")
        offset = span.start if span is not None else self.view.mapping.from_qt(self.view.textCursor().position())
        self.place_memory.remember(self.project, session.document.id, offset)

    def _go_to_offset(self, offset: int) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.mapping.to_qt(min(offset, len(self.session.document.text))))
        self.view.setTextCursor(cursor)
        self.view.centerCursor()

    def change_coder_name(self) -> None:
        """Annotations are filed per coder: the project reopens under the new name."""
        name = ask_coder_name(self, self.project.annotator)
        if name is None or not self.close_project():
            return
        self._load_project(open_path(Path(self.project.location), annotator=name))
        self.tell(f"Coding as {name}")

    def _build_label_actions(self) -> None:
        """One action per label of the project: its hotkey, a menu entry and a toolbar button (the legend)."""
        for action in self.label_actions.values():
            self.label_menu.removeAction(action)
            self.label_bar.removeAction(action)
            self.removeAction(action)
            action.deleteLater()
        self.label_actions = {}
        for label in self.project.scheme.labels:
            action = self._action(
                f"{label.hotkey}  {label.name}", label.hotkey, lambda _=False, n=label.name: self.span_editor.apply_label(n), menu=self.label_menu
            )
            action.setIcon(_swatch(label.colour))
            action.setToolTip(f"{label.description} — key {label.hotkey}")
            self.label_bar.insertAction(self._label_bar_end, action)
            self.label_actions[label.name] = action

    def edit_label_scheme(self) -> None:
        if not self.project.writable:
            self.tell("Read-only: the labels of this project cannot be changed here")
            return
        dialog = LabelSchemeDialog(self.project.scheme, self)
        if dialog.exec() != LabelSchemeDialog.DialogCode.Accepted:
            return
        try:
            self.project.update_label_scheme(dialog.scheme())
        except (ProjectError, OSError) as error:
            QMessageBox.warning(self, "Labels not changed", str(error))
            return
        self.view.set_scheme(self.project.scheme)
        self.span_model.set_scheme(self.project.scheme)
        self._build_label_actions()
        self.tell("Labels saved")

    def choose_and_open(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a project folder, or a folder of articles to import")
        if folder:
            self.open_folder(Path(folder))

    def choose_and_open_database(self) -> None:
        url = ask_database_url(self, self.project.location)
        if url:
            self.open_folder(url)

    def open_folder(self, path: Path | str) -> None:
        """Open a project folder, articles to import, or a postgresql:// URL, in place of this project."""
        if not self.close_project():
            return
        try:
            opened = open_path(path, annotator=self.project.annotator)
        except ProjectError as error:
            QMessageBox.warning(self, "Cannot open", str(error))
            reopened = self.project.reopen(annotator=self.project.annotator)
            opened = OpenedProject(reopened, messages=list(reopened.warnings))
        self._load_project(opened)

    def save_all(self) -> bool:
        """Save every open document now (before an export or import reads the project)."""
        unsaved = [s for s in list(self._sessions.values()) if not s.save_blocking()]
        if unsaved:
            self.tell(f"Not saved: {unsaved[0].document.title}; {unsaved[0].last_error or ''}", timeout=0)
        return not unsaved

    def reload_project(self) -> None:
        """Open the project again (after an import changed it), on the same document."""
        current = self.session.document.id if self.session else None
        self.open_folder(Path(self.project.location))
        if current is not None and self.project.entry(current) is not None:
            self.select_document(current)

    def close_project(self) -> bool:
        """Save every open document and release the project; False if the user cancels."""
        self.import_flow.stop()
        self.corpus_search.stop()
        self._remember_place()
        self.exchange_flow.stop()
        self.suggestions.stop()
        if self._mention_worker is not None:
            self._mention_worker.built.disconnect(self._on_mentions_built)  # its index is of this project
            self._mention_worker.wait()
            self._mention_worker.deleteLater()
            self._mention_worker = None
        unsaved = [s for s in self._sessions.values() if not s.save_blocking()]
        if unsaved:
            names = ", ".join(s.document.title for s in unsaved[:5])
            answer = QMessageBox.warning(
                self,
                "Unsaved annotations",
                plain_message(f"These documents could not be saved: {names}\n\n{unsaved[0].last_error or ''}\n\nClose anyway and lose those changes?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return False
        self.show_session(None)
        for session in self._sessions.values():
            session.close()
            self.undo_group.removeStack(session.undo_stack)
            session.deleteLater()
        self._sessions.clear()
        self.project.close()
        return True

    def choose_and_import(self) -> None:
        if not self.project.writable:
            self.tell("Read-only: cannot import into this project")
            return
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_from(Path(folder))

    def import_from(self, source: Path) -> None:
        """Import in a worker thread with a cancellable progress dialog."""
        self.import_flow.start(self.project, source)

    # --- documents ----------------------------------------------------------------
    def _on_document_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_document(current.data(DOCUMENT_ID_ROLE))

    def step_document(self, step: int) -> None:
        rows = self.document_model.rowCount()
        if not rows:
            return
        current = self.document_table.currentIndex().row()
        row = min(max(current + step, 0), rows - 1) if current >= 0 else 0
        self.document_table.selectRow(row)
        self.view.setFocus()

    def select_document(self, doc_id: str) -> None:
        row = self.document_model.row_of(doc_id)
        if row >= 0:
            self.document_table.selectRow(row)

    def open_document(self, doc_id: str) -> None:
        if self.session is not None and self.session.document.id == doc_id:
            return
        if self.session is not None:
            self._remember_place()
            self.session.save()  # in the background: switching never waits for the disk
        session = self._sessions.pop(doc_id, None) or self._create_session(doc_id)
        if session is not None:
            self._sessions[doc_id] = session  # most recently used last
        self.show_session(session)
        self._close_idle_sessions()

    def _close_idle_sessions(self) -> None:
        """Keep memory flat over a long day: drop the oldest saved, idle documents.

        Their undo history goes with them; a document with unsaved edits or a
        save in flight is always kept.
        """
        for doc_id in list(self._sessions)[: max(0, len(self._sessions) - KEPT_SESSIONS)]:
            session = self._sessions[doc_id]
            if session is self.session or session.modified or session.saving:
                continue
            del self._sessions[doc_id]
            session.close()
            session.annotations.remove_listener(self._on_annotation_change)
            self.undo_group.removeStack(session.undo_stack)
            session.deleteLater()

    def _create_session(self, doc_id: str) -> DocumentSession | None:
        try:
            document = self.project.load_document(doc_id)
        except ProjectError as error:
            self.document_model.set_problem(doc_id, str(error))
            QMessageBox.warning(self, "Cannot open document", plain_message(str(error)))
            return None
        loaded, refused = None, None
        try:
            loaded = self.project.load_annotations(document)
        except FileProblem as error:
            refused = f"the annotation file is not valid and will not be overwritten — {error}"
            self.document_model.set_problem(doc_id, str(error))
            QMessageBox.warning(self, "Invalid annotation file", plain_message(f"{error}\n\nThe document opens read-only; the file is left as it is."))
        session = DocumentSession(self.project, document, loaded, self._executor, self.registry, refused_reason=refused, parent=self, codebook=self.codebook)
        session.saved.connect(lambda d=doc_id: self._on_saved(d))
        session.save_failed.connect(self._on_save_failed)
        session.document_changed.connect(lambda s=session: self._on_document_changed(s))
        session.document_edit_failed.connect(lambda message: QMessageBox.warning(self, "Metadata not saved", message))
        session.annotations.add_listener(self._on_annotation_change)
        self.undo_group.addStack(session.undo_stack)
        self._sessions[doc_id] = session
        if loaded is not None and session.editable:
            offer_recovery(self, session, loaded.fingerprint.sha256, self.tell)
        return session

    def show_session(self, session: DocumentSession | None) -> None:
        self.session = session
        self.undo_group.setActiveStack(session.undo_stack if session else None)
        self.view.show_annotations(session.annotations if session else None)
        self.span_model.set_annotations(session.annotations if session else None)
        self.metadata_panel.show_document(session.document if session else None)
        reason = session.read_only_reason if session else None
        self.banner.setText(f"Read-only: {reason}" if reason else "")
        self.banner.setVisible(bool(reason))
        self.setWindowModified(bool(session and session.modified))
        self.span_editor.stop_link_mode()
        self.suggestions.document_shown()
        self._update_status()
        self._refresh_side_panels()

    # --- spans -------------------------------------------------------------------
    def select_span(self, span_id: str | None) -> None:
        """A click in the article (or Esc): in link mode it picks the claim's claimant or date."""
        claim = self.span_editor.linking_claim
        if claim is not None:
            if span_id is None:
                self.span_editor.stop_link_mode()
                span_id = claim  # Esc ends linking; the claim stays selected for its other fields
            else:
                modifiers = self.view.last_click_modifiers | QApplication.keyboardModifiers()
                as_target = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
                self.span_editor.pick(span_id, as_target=as_target)
                span_id = claim  # the claim stays selected, its new links drawn
        self.view.set_selected_span(span_id, scroll=False)
        self._select_span_row(span_id)

    def pick_selected_for_link(self, as_target: bool = False) -> None:
        """Enter in link mode: the span reached with Tab becomes the claimant (Shift: target) or date."""
        picked = self.view.selected_span
        if self.span_editor.linking_claim is None or picked is None:
            return
        self.span_editor.pick(picked, as_target=as_target)
        claim = self.span_editor.linking_claim or picked
        self.view.set_selected_span(claim, scroll=False)
        self._select_span_row(claim)

    def describe_span(self, span: Span) -> str:
        """The span list's Details column."""
        return span_summary(span, self.session.annotations, self.registry) if self.session else ""

    def ask_actor(self, span: Span, resolution: Resolution) -> None:
        """Ask, in the Details panel and without a dialog, which actor a mention is."""
        self._show_details()
        self.details_dock.show()
        self.details_dock.raise_()
        self.details_panel.ask_actor(span.id, span.text, resolution.candidates)
        self.tell(f"Who is “{_short(span.text)}”? Enter links, Esc leaves it unlinked")

    def _linked_before(self, text: str) -> set[str]:
        """Actors this mention text was linked to anywhere in the project; the first actor tagged
        starts counting mentions in the background, so the index helps from then on."""
        self._build_mentions()
        return self.mentions.actors_linked_to(text)

    def _on_actor_chosen(self, span_id: str, choice: object) -> None:
        self.span_editor.apply_choice(span_id, choice)
        self.view.setFocus()

    def _build_mentions(self) -> None:
        """Count mentions across the corpus, once, when the Actors panel is first shown.

        It parses every annotation file; started at open it would compete with the
        first paint of a large project for the interpreter.
        """
        if self._mentions_built or self._mention_worker is not None:
            return
        self._mentions_built = True
        self._mention_worker = MentionIndexWorker(self.project.iter_annotation_files)
        self._mention_worker.built.connect(self._on_mentions_built)
        self._mention_worker.start()

    def _linked_texts(self) -> dict[str, str]:
        """Mention texts linked anywhere in the corpus (the open document as it is now), for suggestions."""
        self._build_mentions()
        if self.session is not None:
            self.mentions.update_document(self.session.document.id, self.session.annotations.spans())
        return self.mentions.linked_texts()

    def _suggestion_keys_blocked(self) -> bool:
        """Enter and Backspace keep their span meanings while a span is selected or a claim is linked."""
        return self.view.selected_span is not None or self.span_editor.linking_claim is not None

    def _document_title(self, doc_id: str) -> str:
        entry = self.project.entry(doc_id)
        return entry.title if entry else doc_id

    def _on_mentions_built(self, index: MentionIndex) -> None:
        worker, self._mention_worker = self._mention_worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        for doc_id, session in self._sessions.items():  # open documents may differ from their files
            index.update_document(doc_id, session.annotations.spans())
        self.mentions = index
        self.actor_panel.set_data(self.registry, self.mentions, self._document_title)
        self.suggestions.schedule()

    def _on_registry_changed(self) -> None:
        if self.project.writable:
            try:
                self.project.save_registry(self.registry.all())
            except (ProjectError, OSError) as error:
                self.tell(f"Actor registry not saved: {error}", timeout=0)
        self._schedule_side_panels()
        self.suggestions.schedule()  # a new actor or alias is proposed everywhere

    def _on_codebook_changed(self) -> None:
        self.details_panel.set_codebook(self.codebook)
        self.codebook_panel.set_codebook(self.codebook, self.codebook_flow.counts)
        self._schedule_side_panels()

    def _select_span_row(self, span_id: str | None) -> None:
        row = self.span_model.row_of(span_id) if span_id else -1
        selection = self.span_table.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self.span_model.index(row, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.span_table.scrollTo(index)

    def _on_span_row_activated(self, index: QModelIndex) -> None:
        self.view.set_selected_span(index.data(SPAN_ID_ROLE), scroll=True)

    def _on_annotation_change(self, change: AnnotationChange) -> None:
        # Row changes land after the model update; keep the table's selection on the view's span.
        QTimer.singleShot(0, lambda: self._select_span_row(self.view.selected_span))
        selected = self.view.selected_span
        if selected is not None and selected in {s.id for s in (change.old, change.new) if s is not None}:
            self._show_details()
        # The status bar follows the undo group's indexChanged, which every edit emits once.
        self._schedule_side_panels()
        self.suggestions.annotations_changed()

    def _schedule_side_panels(self) -> None:
        """Coalesce the corpus-wide refreshes (mention counts, checks) into one after a burst of edits."""
        self._side_panel_timer.start()

    def _refresh_side_panels(self) -> None:
        """Bring the side panels up to date; panels hidden behind a tab wait until they are shown
        (with 5,000 spans the checks alone take a frame or two)."""
        session = self.session
        if self.checker_dock.isVisible():
            findings = self._findings.findings(session.annotations, self.project.scheme, self.registry) if session else []
            self.checker_panel.show_findings(findings)
        if session is not None:
            self._mentions_stale.add(session.document.id)
        if self.actor_dock.isVisible():
            for doc_id in self._mentions_stale:
                stale = self._sessions.get(doc_id)
                if stale is not None:
                    self.mentions.update_document(doc_id, stale.annotations.spans())
            self._mentions_stale.clear()
            self.actor_panel.refresh()
        self.span_model.refresh_details()
        self._show_details()
        self.analysis_panel.schedule()

    def _analysis_input(self) -> AnalysisInput:
        return analysis_input(self.project, {doc_id: s.annotations.snapshot(self.project.annotator) for doc_id, s in self._sessions.items()})

    def _on_selected_span_changed(self, span_id: str | None) -> None:
        if span_id is not None:
            self.suggestions.clear_current()  # a selected span takes Enter and Backspace back
        self._show_details()
        self._select_span_row(span_id)

    def _show_details(self) -> None:
        session = self.session
        span = session.annotations.get(self.view.selected_span or "") if session else None
        self.details_panel.show_span(
            span, session.annotations if session else None, self.project.scheme, self.registry, session.document.metadata.date if session else None
        )

    def _push_from_panel(self, edit: object) -> None:
        if isinstance(edit, ReplaceSpan) and self.session is not None:
            current = self.session.annotations.get(edit.old.id)
            if current is None:
                self._show_details()
                return
            edit = rebase(edit, current)
        if self.session is None or not self.session.push(edit):
            self.tell(f"Read-only: {self.session.read_only_reason}" if self.session else "No document open")
        self._show_details()  # the panel must show what the model holds, refused or not

    def _push_registry_edit(self, edit: object) -> None:
        """Registry edits from the Actors panel go on the current document's undo stack."""
        if self.session is None:
            self.tell("Open a document first: actor edits are undone with its other edits")
            return
        if not self.session.push_all(edit.describe(), [edit]):
            self.tell(f"Read-only: {self.session.read_only_reason}")

    def go_to_mention(self, doc_id: str, span_id: str) -> None:
        self.select_document(doc_id)
        if self.session is not None and self.session.document.id == doc_id:
            self._go_to_span(span_id)

    def open_at_offsets(self, doc_id: str, start: int, end: int) -> None:
        """Open ``doc_id`` with [start, end) selected and in view (a corpus search hit)."""
        self.select_document(doc_id)
        if self.session is not None and self.session.document.id == doc_id:
            self.view.select_offsets(start, end)
            self.view.ensureCursorVisible()

    def _start_link_mode_from_panel(self, claim_id: str) -> None:
        if self.span_editor.start_link_mode(claim_id):
            self.view.setFocus()

    def _go_to_span(self, span_id: str) -> None:
        self.view.set_selected_span(span_id, scroll=True)
        self._select_span_row(span_id)
        self.view.setFocus()

    def _set_link_when_tagging(self, checked: bool) -> None:
        self.span_editor.link_actors_when_tagging = checked

    def _set_snap(self, checked: bool) -> None:
        self.span_editor.snap_to_words = checked
        self.tell("Selections snap to whole words" if checked else "Selections are taken exactly as made")

    def toggle_done(self) -> None:
        if self.session is not None:
            self.session.toggle_done()

    def edit_metadata(self) -> None:
        session = self.session
        if session is None:
            return
        dialog = MetadataDialog(session.document.metadata, self)
        if dialog.exec() != MetadataDialog.DialogCode.Accepted:
            return
        edit = set_metadata(session.document, dialog.metadata())
        if edit is None:
            return  # an unchanged dialog is not an undo step
        if not session.editable:
            self.tell(f"Read-only: {session.read_only_reason}")
        elif session.push_metadata(edit):
            self.tell(f"{edit.describe()}: saved (Ctrl+Z undoes it)")

    def _on_document_changed(self, session: DocumentSession) -> None:
        if session is self.session:
            self.metadata_panel.show_document(session.document)
            self._update_status()
        self.document_model.refresh(session.document.id)

    # --- saving and status -----------------------------------------------------------
    def save_current(self) -> None:
        if self.session is not None and self.session.save_blocking():
            self.tell("Saved")

    def _on_saved(self, doc_id: str) -> None:
        self.document_model.refresh(doc_id)
        self._update_status()

    def _on_save_failed(self, message: str) -> None:
        self.tell(message, timeout=0)
        self._update_status()

    def tell(self, message: str, timeout: int = 6000) -> None:
        self.statusBar().showMessage(message, timeout)

    def _update_status(self) -> None:
        session = self.session
        name = self.project.settings.name
        if session is None:
            self.setWindowTitle(f"{name} — {self.project.annotator} [*] — annotator")
            self.counts_label.setText("")
            self.save_label.setText("")
            return
        self.setWindowTitle(f"{session.document.title} — {name} — {self.project.annotator} [*] — annotator")
        counts = session.annotations.counts_by_label()
        parts = [f"{label}: {counts.get(label, 0)}" for label in self.project.scheme.names()]
        row = self.document_model.row_of(session.document.id) + 1
        self.counts_label.setText("  ·  ".join(parts) + f"  ·  {len(session.annotations)} spans  ·  document {row}/{self.document_model.rowCount()}")
        if not session.editable:
            state = "read-only"
        elif session.last_error:
            state = "NOT SAVED"
        else:
            state = "unsaved changes" if session.modified else "saved"
        self.save_label.setText(f"  {state}  ")
        self.done_action.setChecked(session.annotations.status.value == "done")
        self.setWindowModified(session.modified)

    def shortcut_help(self) -> str:
        return shortcut_help(self.shortcuts, [(label.hotkey, label.name) for label in self.project.scheme.labels])

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcut_help())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_project():
            event.accept()
        else:
            event.ignore()
