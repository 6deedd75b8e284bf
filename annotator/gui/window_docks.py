"""The window's panels: the document list and the article in the middle, the side docks around them.

``install_central`` and ``install_docks`` create the widgets (as attributes of the window, where
the rest of the window and the tests reach them); ``connect_panels`` wires their signals to the
window's slots. Nothing here holds state of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QHeaderView, QLabel, QLineEdit, QMainWindow, QSplitter, QTableView, QVBoxLayout, QWidget

from annotator.gui.action_binding import bind_actor_panel
from annotator.gui.checker_panel import CheckerPanel
from annotator.gui.lazy_dock import LazyDock
from annotator.gui.metadata_panel import MetadataPanel
from annotator.gui.models import SpanTableModel
from annotator.gui.span_details import SpanDetailsPanel
from annotator.gui.table_views import setup_table

if TYPE_CHECKING:
    from annotator.gui.actor_panel import ActorPanel
    from annotator.gui.codebook_panel import CodebookPanel
    from annotator.gui.find_bar import FindBar


def focus_dock(dock: QDockWidget, widget: QWidget) -> None:
    """Keyboard access to a side panel, even one behind a tab."""
    dock.show()
    dock.raise_()
    widget.setFocus()


def add_dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock


def install_central(window: QMainWindow) -> None:
    """The document list beside the article (metadata, read-only banner, find bar, ``window.view``)."""
    window.metadata_panel = MetadataPanel()
    window.banner = QLabel()
    window.banner.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file and article text
    window.banner.setWordWrap(True)
    window.banner.setStyleSheet("background:#fef2f2; color:#991b1b; padding:6px 14px; border-bottom:1px solid #fecaca")
    window.banner.hide()
    article = QWidget()
    article_layout = QVBoxLayout(article)
    article_layout.setContentsMargins(0, 0, 0, 0)
    article_layout.setSpacing(0)
    article_layout.addWidget(window.metadata_panel)
    article_layout.addWidget(window.banner)
    window._article_layout = article_layout  # the find bar goes above the article when first opened (find_bar)
    window._find_bar = None
    article_layout.addWidget(window.view, 1)

    window.document_filter = QLineEdit()
    window.document_filter.setPlaceholderText("Filter documents…")
    window.document_filter.setClearButtonEnabled(True)
    window.document_table = QTableView()
    setup_table(window.document_table)
    documents = QWidget()
    documents_layout = QVBoxLayout(documents)
    documents_layout.setContentsMargins(6, 6, 0, 6)
    documents_layout.addWidget(window.document_filter)
    documents_layout.addWidget(window.document_table)
    splitter = QSplitter()
    splitter.addWidget(documents)
    splitter.addWidget(article)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([380, 1000])
    window.setCentralWidget(splitter)
    window._splitter = splitter


def find_bar(window: QMainWindow) -> FindBar:
    """The find bar over the article, built the first time it is opened: hidden until then, it is
    no part of the first paint (its widgets, and the search behind them, load with Ctrl+F)."""
    if window._find_bar is None:
        from annotator.gui.find_bar import FindBar

        window._find_bar = FindBar(window.view, lambda: window.session, lambda: window.project.scheme.names(), window.tell)
        layout = window._article_layout
        layout.insertWidget(layout.indexOf(window.view), window._find_bar)
    return window._find_bar


def size_document_columns(table: QTableView) -> None:
    """Title stretches; date and status get fixed widths from font metrics (after each new model)."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.resizeSection(1, metrics.horizontalAdvance("0000-00-00") + 16)
    header.resizeSection(2, metrics.horizontalAdvance("in progress") + 16)


def _install_span_table(window: QMainWindow) -> None:
    window.span_model = SpanTableModel(window.project.scheme, window, describe=window.describe_span)
    window.span_table = QTableView()
    setup_table(window.span_table)
    # No proxy: the model sorts its own list on a header click (a proxy sorts through data(),
    # 113,000 calls for 5,000 spans). No indicator: the annotation set's order; a third click clears it.
    window.span_table.setModel(window.span_model)
    window.span_table.horizontalHeader().setSortIndicatorClearable(True)
    window.span_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    window.span_table.setSortingEnabled(True)
    window.span_table.setAutoFillBackground(True)  # its repaint after an edit stops at it, not the dock and window
    # Fixed widths from font metrics: ResizeToContents would re-measure every row through
    # Python on each edit (measured: 24,000 data() calls per relabel with 5,000 spans).
    metrics = window.span_table.fontMetrics()
    widest_label = max(metrics.horizontalAdvance(name) for name in window.project.scheme.names())
    span_header = window.span_table.horizontalHeader()
    span_header.setStretchLastSection(False)
    span_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    span_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    span_header.resizeSection(0, widest_label + 44)
    span_header.resizeSection(2, metrics.horizontalAdvance("→ Nikol Pashinyan"))
    for column in (3, 4):
        span_header.resizeSection(column, metrics.horizontalAdvance("0000000") + 12)


def install_docks(window: QMainWindow) -> None:
    """Spans, Actors, Codebook and Analysis tabbed above Details and Checks, on the right."""
    _install_span_table(window)
    window.span_dock = add_dock(window, "Spans", "spans", window.span_table)
    window.details_panel = SpanDetailsPanel()
    window.details_dock = add_dock(window, "Details", "details", window.details_panel)
    window.splitDockWidget(window.span_dock, window.details_dock, Qt.Orientation.Vertical)
    window.checker_panel = CheckerPanel()
    window.checker_dock = add_dock(window, "Checks", "checks", window.checker_panel)
    window.tabifyDockWidget(window.details_dock, window.checker_dock)
    # Behind the Spans tab at start: built when first shown (or asked for), not with the window.
    window.actor_dock = LazyDock("Actors", "actors", lambda: _build_actor_panel(window), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.actor_dock)
    window.tabifyDockWidget(window.span_dock, window.actor_dock)
    window.codebook_dock = LazyDock("Codebook", "codebook", lambda: _build_codebook_panel(window), window)  # behind a tab too
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.codebook_dock)
    window.tabifyDockWidget(window.actor_dock, window.codebook_dock)
    window.analysis_dock = LazyDock("Analysis", "analysis", window._build_analysis_panel, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.analysis_dock)
    window.tabifyDockWidget(window.codebook_dock, window.analysis_dock)
    window.span_dock.raise_()
    window.details_dock.raise_()
    window.resizeDocks([window.span_dock], [400], Qt.Orientation.Horizontal)
    window.resizeDocks([window.span_dock, window.details_dock], [430, 400], Qt.Orientation.Vertical)


def _build_actor_panel(window: QMainWindow) -> ActorPanel:
    """The Actors panel, wired and showing the project's registry: made the first time it is needed."""
    from annotator.gui.actor_panel import ActorPanel

    panel = ActorPanel()
    panel.edit_requested.connect(window._push_registry_edit)
    panel.mention_activated.connect(window.go_to_mention)
    if getattr(window, "registry", None) is not None:  # a project is loaded
        panel.set_data(window.registry, window.mentions, window._document_title)
    if hasattr(window, "bound_actions"):  # the menus are built: its keys follow the coder's bindings too
        bind_actor_panel(window, panel)
    return panel


def _build_codebook_panel(window: QMainWindow) -> CodebookPanel:
    """The Codebook panel, wired and showing the project's codebook: made the first time it is shown or asked for."""
    from annotator.gui.codebook_panel import CodebookPanel

    panel = CodebookPanel()
    panel.edit_requested.connect(window._push_registry_edit)
    if getattr(window, "codebook_flow", None) is not None:  # a project is loaded
        panel.set_codebook(window.codebook, window.codebook_flow.counts)
    return panel


def connect_panels(window: QMainWindow) -> None:
    """What each panel's signals do in the window."""
    window.document_filter.textChanged.connect(lambda text: window.document_model.set_filter(text))
    window.view.span_clicked.connect(window.select_span)
    window.span_table.clicked.connect(window._on_span_row_activated)
    window.span_table.activated.connect(window._on_span_row_activated)
    window.metadata_panel.edit_requested.connect(window.edit_metadata)
    window.view.selected_span_changed.connect(window._on_selected_span_changed)
    details = window.details_panel
    details.edit_requested.connect(window._push_from_panel)
    details.link_actor_requested.connect(window.span_editor.link_actor)
    details.actor_chosen.connect(window._on_actor_chosen)
    details.actor_choice_cancelled.connect(lambda _span_id: window.view.setFocus())
    details.link_mode_requested.connect(window._start_link_mode_from_panel)
    details.span_activated.connect(lambda span_id: window.view.set_selected_span(span_id, scroll=True))
    window.checker_panel.finding_activated.connect(window._go_to_span)
    details.topic_requested.connect(lambda span, text: window.codebook_flow.set_topic(span, text))
    window.actor_dock.visibilityChanged.connect(lambda visible: visible and (window._build_mentions(), window._refresh_side_panels()))
    window.checker_dock.visibilityChanged.connect(lambda visible: visible and window._refresh_side_panels())
    window.undo_group.cleanChanged.connect(lambda clean: window.setWindowModified(not clean))
    window.undo_group.indexChanged.connect(lambda _i: window._update_status())
    # Once an edit (or a whole macro) has changed the rows, the table's selection follows the view's
    # span at once, so the paint after the key shows it; a next turn of the event loop moved,
    # scrolled and repainted the list a second time.
    window.undo_group.indexChanged.connect(lambda _i: window._select_span_row(window.view.selected_span))
