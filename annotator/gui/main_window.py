"""The main window: builds the widgets and actions and wires them together.

State lives elsewhere: the project in ``core.storage``, each open document in a
``DocumentSession``, what keys do to spans in ``SpanEditor``.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
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

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationChange
from annotator.core.checker import check_spans
from annotator.core.edits import ReplaceSpan, rebase
from annotator.core.mentions import MentionIndex
from annotator.core.model import Span
from annotator.core.storage import FileProblem, ProjectError, ProjectStore
from annotator.core.summaries import span_summary
from annotator.core.workspace import OpenedProject, open_path
from annotator.gui.actor_link_dialog import ActorChoice, ActorLinkDialog
from annotator.gui.actor_panel import ActorPanel
from annotator.gui.checker_panel import CheckerPanel
from annotator.gui.import_flow import ImportFlow
from annotator.gui.label_scheme_dialog import LabelSchemeDialog
from annotator.gui.mention_worker import MentionIndexWorker
from annotator.gui.metadata_panel import MetadataDialog, MetadataPanel
from annotator.gui.models import DOCUMENT_ID_ROLE, SPAN_ID_ROLE, DocumentListModel, SpanTableModel
from annotator.gui.open_database import ask_database_url
from annotator.gui.recovery import offer_recovery
from annotator.gui.session import DocumentSession
from annotator.gui.span_details import SpanDetailsPanel
from annotator.gui.span_editor import SpanEditor
from annotator.gui.text_view import ArticleView

KEPT_SESSIONS = 20  # open documents kept with their undo history

SHORTCUT_HELP = """
<h3>Keyboard</h3>
<table cellspacing=4>
<tr><td><b>Shift+arrows</b>, mouse drag</td><td>select text (snaps to whole words unless Snap is off)</td></tr>
<tr><td><b>1 2 3 …</b></td><td>tag the selection with that label, or relabel the selected span</td></tr>
<tr><td><b>Tab / Shift+Tab</b></td><td>select the next / previous span (in the article)</td></tr>
<tr><td><b>Delete</b></td><td>remove the selected span (and the links to it)</td></tr>
<tr><td><b>L</b></td><td>link the selected actor mention to the actor registry (also offered when you tag an actor)</td></tr>
<tr><td><b>K</b></td><td>with a claim selected: click (or Tab to + Enter) its claimant and its date; Shift+click / Shift+Enter for a target; Esc ends</td></tr>
<tr><td><b>Alt+Right / Alt+Left</b></td><td>grow / shrink the selected span's end</td></tr>
<tr><td><b>Alt+Shift+Left / Alt+Shift+Right</b></td><td>grow / shrink its start</td></tr>
<tr><td><b>Esc</b></td><td>clear the selection</td></tr>
<tr><td><b>Ctrl+Z / Ctrl+Shift+Z</b></td><td>undo / redo</td></tr>
<tr><td><b>Ctrl+PgDown / Ctrl+PgUp</b></td><td>next / previous document</td></tr>
<tr><td><b>Ctrl+D</b></td><td>mark the document done (or in progress again)</td></tr>
<tr><td><b>Ctrl+L / Ctrl+T / Ctrl+K</b></td><td>focus the document list / the article / the span list</td></tr>
<tr><td><b>F6 / F7 / F8</b></td><td>the Details / Actors / Checks panel</td></tr>
<tr><td><b>Ctrl+S</b></td><td>save now (saving is also automatic)</td></tr>
</table>
"""


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
        self._mention_worker: MentionIndexWorker | None = None
        self.undo_group = QUndoGroup(self)
        screen = QApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        self.resize(min(1500, available.width() - 40) if available else 1400, min(950, available.height() - 40) if available else 880)

        self.view = ArticleView()
        self.span_editor = SpanEditor(self.view, lambda: self.session, self.tell, self.choose_actor)
        self.metadata_panel = MetadataPanel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fef2f2; color:#991b1b; padding:6px 14px; border-bottom:1px solid #fecaca")
        self.banner.hide()
        article = QWidget()
        article_layout = QVBoxLayout(article)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.setSpacing(0)
        article_layout.addWidget(self.metadata_panel)
        article_layout.addWidget(self.banner)
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

        self.span_model = SpanTableModel(self.project.scheme, self, describe=self.describe_span)
        self.span_proxy = QSortFilterProxyModel(self)
        self.span_proxy.setSourceModel(self.span_model)
        self.span_table = QTableView()
        self._setup_table(self.span_table)
        self.span_table.setModel(self.span_proxy)
        self.span_table.setSortingEnabled(True)
        self.span_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
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
        self.span_dock.raise_()
        self.details_dock.raise_()
        self.resizeDocks([self.span_dock], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.span_dock, self.details_dock], [430, 400], Qt.Orientation.Vertical)

        self.counts_label = QLabel()
        self.save_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.save_label)

        self._side_panel_timer = QTimer(self)
        self._side_panel_timer.setSingleShot(True)
        self._side_panel_timer.setInterval(150)
        self._side_panel_timer.timeout.connect(self._refresh_side_panels)

        self._create_actions()
        self._connect()
        self._load_project(opened)

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
        if isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcut(QKeySequence(shortcuts))
        else:
            action.setShortcuts([QKeySequence(s) for s in ([shortcuts] if isinstance(shortcuts, str) else shortcuts)])
        if context is not None:
            action.setShortcutContext(context)
        action.triggered.connect(slot)
        (menu or self).addAction(action)
        return action

    def _create_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action("&Open project or articles…", QKeySequence.StandardKey.Open, self.choose_and_open, menu=file_menu)
        self._action("Open &shared project (PostgreSQL)…", "Ctrl+Shift+O", self.choose_and_open_database, menu=file_menu)
        self._action("&Import articles…", "Ctrl+I", self.choose_and_import, menu=file_menu)
        file_menu.addSeparator()
        self._action("&Save", QKeySequence.StandardKey.Save, self.save_current, menu=file_menu)
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, menu=file_menu)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.delete_action = self._action("&Delete span", ["Delete", "Backspace"], self.span_editor.delete_selected, menu=edit_menu)
        self._action("Grow span end", "Alt+Right", lambda: self.span_editor.move_edge("end", +1), menu=edit_menu)
        self._action("Shrink span end", "Alt+Left", lambda: self.span_editor.move_edge("end", -1), menu=edit_menu)
        self._action("Grow span start", "Alt+Shift+Left", lambda: self.span_editor.move_edge("start", -1), menu=edit_menu)
        self._action("Shrink span start", "Alt+Shift+Right", lambda: self.span_editor.move_edge("start", +1), menu=edit_menu)
        edit_menu.addSeparator()
        self._action("&Link actor to registry…", "L", self.span_editor.link_actor, menu=edit_menu)
        self._action("Link &claim to claimant and date…", "K", self.span_editor.start_link_mode, menu=edit_menu)
        for text, key, as_target in (("Pick for the claim", "Return", False), ("Pick as the claim's target", "Shift+Return", True)):
            pick = QAction(text, self.view)
            pick.setShortcut(QKeySequence(key))
            pick.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            pick.triggered.connect(lambda _=False, t=as_target: self.pick_selected_for_link(t))
            self.view.addAction(pick)
        self.link_when_tagging_action = self._action("Link actors when tagging", [], lambda: None, menu=edit_menu)
        self.link_when_tagging_action.setCheckable(True)
        self.link_when_tagging_action.setChecked(True)
        self.link_when_tagging_action.toggled.connect(self._set_link_when_tagging)
        edit_menu.addSeparator()
        self.snap_action = self._action("S&nap selections to words", "Ctrl+Shift+W", self._set_snap, menu=edit_menu)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        self.done_action = self._action("Mark document &done", "Ctrl+D", self.toggle_done, menu=edit_menu)
        self.done_action.setCheckable(True)
        self._action("Edit article &metadata…", "Ctrl+Shift+M", self.edit_metadata, menu=edit_menu)

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
        self._action("&Next document", ["Ctrl+PgDown", "Alt+Down"], lambda: self.step_document(+1), menu=go_menu)
        self._action("&Previous document", ["Ctrl+PgUp", "Alt+Up"], lambda: self.step_document(-1), menu=go_menu)
        # Tab is only taken over inside the article; elsewhere it still moves the focus.
        for text, key, step in (("Next span", "Tab", +1), ("Previous span", "Shift+Tab", -1)):
            action = QAction(text, self.view)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, s=step: self.span_editor.select_neighbour(s))
            self.view.addAction(action)
            go_menu.addAction(action)
        go_menu.addSeparator()
        self._action("Document &list", "Ctrl+L", self.document_table.setFocus, menu=go_menu)
        self._action("&Article", "Ctrl+T", self.view.setFocus, menu=go_menu)
        self._action("&Span list", "Ctrl+K", lambda: self._focus_dock(self.span_dock, self.span_table), menu=go_menu)
        self._action("D&etails", "F6", lambda: self._focus_dock(self.details_dock, self.details_panel), menu=go_menu)
        self._action("A&ctors", "F7", lambda: self._focus_dock(self.actor_dock, self.actor_panel.filter_edit), menu=go_menu)
        self._action("C&hecks", "F8", lambda: self._focus_dock(self.checker_dock, self.checker_panel.list), menu=go_menu)
        view_menu = bar.addMenu("&View")
        for dock in (self.span_dock, self.actor_dock, self.details_dock, self.checker_dock):
            view_menu.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        self._action("&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents, self.show_shortcuts, menu=help_menu)

    def _connect(self) -> None:
        self.document_filter.textChanged.connect(lambda text: self.document_proxy.setFilterFixedString(text))
        self.view.span_clicked.connect(self.select_span)
        self.span_table.clicked.connect(self._on_span_row_activated)
        self.span_table.activated.connect(self._on_span_row_activated)
        self.metadata_panel.edit_requested.connect(self.edit_metadata)
        self.view.selected_span_changed.connect(self._on_selected_span_changed)
        self.details_panel.edit_requested.connect(self._push_from_panel)
        self.details_panel.link_actor_requested.connect(self.span_editor.link_actor)
        self.details_panel.link_mode_requested.connect(self._start_link_mode_from_panel)
        self.details_panel.span_activated.connect(lambda span_id: self.view.set_selected_span(span_id, scroll=True))
        self.checker_panel.finding_activated.connect(self._go_to_span)
        self.actor_panel.edit_requested.connect(self._push_registry_edit)
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
        self.document_proxy = QSortFilterProxyModel(self)
        self.document_proxy.setSourceModel(self.document_model)
        self.document_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.document_proxy.setFilterKeyColumn(-1)
        self.document_table.setModel(self.document_proxy)
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
        if self.document_model.rowCount():
            self.document_table.selectRow(0)
        else:
            self.show_session(None)
        self.view.setFocus()

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

    def close_project(self) -> bool:
        """Save every open document and release the project; False if the user cancels."""
        self.import_flow.stop()
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
                f"These documents could not be saved: {names}\n\n{unsaved[0].last_error or ''}\n\nClose anyway and lose those changes?",
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
        rows = self.document_proxy.rowCount()
        if not rows:
            return
        current = self.document_table.currentIndex().row()
        row = min(max(current + step, 0), rows - 1) if current >= 0 else 0
        self.document_table.selectRow(row)
        self.view.setFocus()

    def select_document(self, doc_id: str) -> None:
        row = self.document_model.row_of(doc_id)
        if row >= 0:
            self.document_table.selectRow(self.document_proxy.mapFromSource(self.document_model.index(row, 0)).row())

    def open_document(self, doc_id: str) -> None:
        if self.session is not None and self.session.document.id == doc_id:
            return
        if self.session is not None:
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
            QMessageBox.warning(self, "Cannot open document", str(error))
            return None
        loaded, refused = None, None
        try:
            loaded = self.project.load_annotations(document)
        except FileProblem as error:
            refused = f"the annotation file is not valid and will not be overwritten — {error}"
            self.document_model.set_problem(doc_id, str(error))
            QMessageBox.warning(self, "Invalid annotation file", f"{error}\n\nThe document opens read-only; the file is left as it is.")
        session = DocumentSession(self.project, document, loaded, self._executor, self.registry, refused_reason=refused, parent=self)
        session.saved.connect(lambda d=doc_id: self._on_saved(d))
        session.save_failed.connect(self._on_save_failed)
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
        self._update_status()
        self._refresh_side_panels()

    # --- spans -------------------------------------------------------------------
    def select_span(self, span_id: str | None) -> None:
        """A click in the article (or Esc): in link mode it picks the claim's claimant or date."""
        claim = self.span_editor.linking_claim
        if claim is not None:
            if span_id is None:
                self.span_editor.stop_link_mode()
            else:
                as_target = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
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

    def choose_actor(self, mention: str) -> ActorChoice | None:
        """Ask which registry actor a mention refers to (autocomplete, alias hints, or a new actor)."""
        dialog = ActorLinkDialog(self.registry, mention, self)
        if dialog.exec() != ActorLinkDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

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

    def _on_registry_changed(self) -> None:
        if self.project.writable:
            try:
                self.project.save_registry(self.registry.all())
            except (ProjectError, OSError) as error:
                self.tell(f"Actor registry not saved: {error}", timeout=0)
        self._schedule_side_panels()

    def _select_span_row(self, span_id: str | None) -> None:
        row = self.span_model.row_of(span_id) if span_id else -1
        selection = self.span_table.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self.span_proxy.mapFromSource(self.span_model.index(row, 0))
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

    def _schedule_side_panels(self) -> None:
        """Coalesce the corpus-wide refreshes (mention counts, checks) into one after a burst of edits."""
        self._side_panel_timer.start()

    def _refresh_side_panels(self) -> None:
        """Bring the side panels up to date; panels hidden behind a tab wait until they are shown
        (with 5,000 spans the checks alone take a frame or two)."""
        session = self.session
        if self.checker_dock.isVisible():
            findings = check_spans(session.annotations.spans(), self.project.scheme, self.registry) if session else []
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

    def _on_selected_span_changed(self, span_id: str | None) -> None:
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
        document = session.document.model_copy(update={"metadata": dialog.metadata()})
        try:
            self.project.update_document(document)
        except ProjectError as error:
            QMessageBox.warning(self, "Metadata not saved", str(error))
            return
        session.document = document
        session.annotations.document = document
        self.metadata_panel.show_document(document)
        self.document_model.refresh(document.id)
        self.tell("Metadata saved")

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
            self.setWindowTitle(f"{name} [*] — annotator")
            self.counts_label.setText("")
            self.save_label.setText("")
            return
        self.setWindowTitle(f"{session.document.title} — {name} [*] — annotator")
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

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUT_HELP)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_project():
            event.accept()
        else:
            event.ignore()
