"""The Analysis dock: actor network, claim timeline, progress and counts, drawn with pyqtgraph.

Why pyqtgraph: it draws on Qt's own graphics scene (so it follows the palette, scales to thousands
of points and needs no second event loop, unlike matplotlib's Qt backend), and its items report
clicks with the data we attach (node ids, statements), which the click-through needs. PNG is
``QWidget.grab``; SVG renders the same scene through QSvgGenerator (vector output).

Threading: ``analysis_input`` takes a snapshot on the GUI thread (catalog entries, the open
documents' annotations as plain AnnotationFiles); the panel's own worker thread then reads the stored annotation
files and runs core/analysis on a worker thread; the result comes back through a queued signal.
A result older than the latest request is dropped. The panel recomputes ``DELAY_MS`` after the
last change, and only while it is shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.analysis.corpus import Analysis, NetworkFilter, analyse, catalog_items
from annotator.core.analysis.network import Statement
from annotator.core.model import Stance
from annotator.gui.analysis_input import AnalysisInput

DELAY_MS = 400
LABELLED_NODES = 150  # node names drawn; beyond that the plot would be all text
ALL = "(all)"


def stance_colour(stance: Stance | None, dark: bool) -> QColor:
    light_colours = {Stance.SUPPORTS: "#15803d", Stance.OPPOSES: "#b91c1c", Stance.NEUTRAL: "#6b7280", None: "#1d4ed8"}
    dark_colours = {Stance.SUPPORTS: "#4ade80", Stance.OPPOSES: "#f87171", Stance.NEUTRAL: "#9ca3af", None: "#60a5fa"}
    return QColor((dark_colours if dark else light_colours)[stance])


def describe(statement: Statement) -> str:
    stance = statement.stance.value if statement.stance else "no stance"
    when = statement.when or "no date"
    if statement.dated_by_article:
        when += " (article date)"
    return f"{statement.actor_name} · {stance} · {statement.topic} · {when} · {statement.document_id}"


class _Relay(QObject):
    """Carries a worker's result to the GUI thread (a signal emitted off-thread is queued)."""

    done = Signal(int, object)


class AnalysisPanel(QWidget):
    claim_activated = Signal(str, str)  # document id, claim span id
    analysed = Signal()  # a new result is drawn

    def __init__(self, source: Callable[[], AnalysisInput], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A thread of its own: the window's executor serialises saves, which must not wait for this.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self.destroyed.connect(lambda: self._executor.shutdown(wait=False, cancel_futures=True))
        self._source = source
        self._generation = 0
        self.result: Analysis | None = None
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.compute)

        self.topic = QComboBox()
        self.stance = QComboBox()
        self.stance.addItems([ALL, *(stance.value for stance in Stance)])
        self.actor_type = QComboBox()
        self.edges = QComboBox()
        self.edges.addItems(["agreement", "conflict"])
        self.edges.setToolTip("Agreement (congruence): same stance on a topic. Conflict: supports against opposes.")
        self.since = QLineEdit()
        self.since.setPlaceholderText("from (2024, 2024-05)")
        self.until = QLineEdit()
        self.until.setPlaceholderText("to")
        for combo in (self.topic, self.actor_type):
            combo.addItem(ALL)
        # Two rows, so the dock (tabbed with the narrow panels) does not squeeze the article.
        filters = QVBoxLayout()
        for row_widgets in ((self.edges, self.topic, self.stance), (self.actor_type, self.since, self.until)):
            row = QHBoxLayout()
            for widget in row_widgets:
                if isinstance(widget, QComboBox):  # a long topic name must not widen the dock
                    widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                    widget.setMinimumContentsLength(8)
                else:
                    widget.setMinimumWidth(60)
                row.addWidget(widget, 1)
            filters.addLayout(row)
        for combo in (self.topic, self.stance, self.actor_type, self.edges):
            combo.currentIndexChanged.connect(lambda _i: self.schedule())
        for edit in (self.since, self.until):
            edit.editingFinished.connect(self.schedule)

        self.network_plot = self._plot()
        self.timeline_plot = self._plot(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.progress_plot = self._plot()
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        progress = QWidget()
        progress_layout = QVBoxLayout(progress)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_plot, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.network_plot, "Actor network")
        self.tabs.addTab(self.timeline_plot, "Claim timeline")
        self.tabs.addTab(progress, "Progress")
        self.tabs.currentChanged.connect(lambda _i: self._show_default_claims())
        self.claims = QListWidget()
        self.claims.setToolTip("The claims behind what you clicked; double-click or Enter opens the article at the claim")
        self.claims.itemActivated.connect(self._activate)
        self.status = QLabel()
        self.save_button = QPushButton("Save view…")
        self.save_button.clicked.connect(self.choose_save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.claims, 1)
        layout.addLayout(bottom)

    def _plot(self, **kwargs: object) -> pg.PlotWidget:
        plot = pg.PlotWidget(**kwargs)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        return plot

    # --- computing -----------------------------------------------------------------
    def schedule(self) -> None:
        """Recompute shortly (coalescing a burst of edits); nothing runs while the panel is hidden."""
        self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.schedule()

    def wanted(self) -> NetworkFilter:
        def chosen(combo: QComboBox) -> str | None:
            return None if combo.currentText() in (ALL, "") else combo.currentText()

        stance = chosen(self.stance)
        return NetworkFilter(
            topic=chosen(self.topic),
            stance=Stance(stance) if stance else None,
            actor_type=chosen(self.actor_type),
            since=self.since.text().strip() or None,
            until=self.until.text().strip() or None,
            conflict=self.edges.currentText() == "conflict",
        )

    def compute(self) -> None:
        if not self.isVisible():
            return
        self._generation += 1
        generation = self._generation
        source = self._source()
        wanted = self.wanted()
        relay = self._relay  # held by the job: it outlives a panel deleted while the job runs
        self.status.setText("Analysing…")

        def work() -> None:
            try:
                items, problems = catalog_items(source.entries, source.files(), source.current)
                result: object = analyse(items, source.view.canonical, source.claim_labels, wanted, problems)
            except Exception as error:  # noqa: BLE001 - shown to the coder, never a traceback
                result = f"Analysis failed: {error}"
            try:
                relay.done.emit(generation, result)
            except RuntimeError:  # the window closed while this ran: nobody to tell
                pass

        self._executor.submit(work)

    def _on_done(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        if isinstance(result, str):
            self.status.setText(result)
            return
        assert isinstance(result, Analysis)
        self.result = result
        self._fill_choices(self.topic, result.topics())
        self._fill_choices(self.actor_type, result.actor_types())
        self.redraw()
        shown = len(result.shown)
        problems = f"; {len(result.problems)} file(s) left out" if result.problems else ""
        self.status.setText(f"{shown} claim(s) shown, {result.skipped} without claimant or topic{problems}")
        self._show_default_claims()
        self.analysed.emit()

    @staticmethod
    def _fill_choices(combo: QComboBox, values: list[str]) -> None:
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([ALL, *values])
        combo.setCurrentText(current if current in values else ALL)
        combo.blockSignals(False)

    # --- drawing -------------------------------------------------------------------
    def dark(self) -> bool:
        return self.palette().window().color().lightness() < 128

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.result is not None:
            self.redraw()

    def _style(self, plot: pg.PlotWidget) -> QColor:
        background = self.palette().base().color()
        foreground = self.palette().text().color()
        plot.setBackground(background)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(foreground)
            axis.setTextPen(foreground)
        return foreground

    def redraw(self) -> None:
        if self.result is None:
            return
        self._draw_network(self.result)
        self._draw_timeline(self.result)
        self._draw_progress(self.result)

    def _draw_network(self, result: Analysis) -> None:
        plot = self.network_plot
        plot.clear()
        foreground = self._style(plot)
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        graph, positions = result.network, result.positions
        edge_colour = stance_colour(Stance.OPPOSES if self.wanted().conflict else Stance.SUPPORTS, self.dark())
        for first, second, data in graph.edges(data=True):
            (x1, y1), (x2, y2) = positions[first], positions[second]
            plot.addItem(pg.PlotCurveItem([x1, x2], [y1, y2], pen=pg.mkPen(edge_colour, width=1 + 2 * data["weight"])))
        spots = [
            {
                "pos": positions[node],
                "size": 10 + 6 * (data["claims"] ** 0.5),
                "data": node,
                "brush": pg.mkBrush(self._node_colour()),
                "pen": pg.mkPen(foreground),
            }
            for node, data in graph.nodes(data=True)
        ]
        self.nodes = pg.ScatterPlotItem(spots=spots, hoverable=True)
        self.nodes.sigClicked.connect(self._node_clicked)
        plot.addItem(self.nodes)
        plot.autoRange(padding=0.15)
        for index, (node, data) in enumerate(graph.nodes(data=True)):
            if index >= LABELLED_NODES:
                break
            label = pg.TextItem(f"{data['label']} ({data['claims']})", color=foreground, anchor=(0.5, -0.4))
            label.setPos(*positions[node])
            plot.addItem(label)

    def _node_colour(self) -> QColor:
        return QColor("#93c5fd") if not self.dark() else QColor("#1e40af")

    def _draw_timeline(self, result: Analysis) -> None:
        plot = self.timeline_plot
        plot.clear()
        self._style(plot)
        line = result.timeline
        spots = []
        for point in line.points:
            moment = datetime.datetime.combine(point.day, datetime.time(12), tzinfo=datetime.UTC).timestamp()
            colour = stance_colour(point.statement.stance, self.dark())
            # An article date standing in for the claim's own: hollow, so it reads as a fallback.
            brush = pg.mkBrush(None) if point.statement.dated_by_article else pg.mkBrush(colour)
            spots.append({"pos": (moment, point.lane), "size": 11, "brush": brush, "pen": pg.mkPen(colour, width=2), "data": point.statement})
        self.points = pg.ScatterPlotItem(spots=spots, hoverable=True)
        self.points.sigClicked.connect(self._points_clicked)
        plot.addItem(self.points)
        plot.autoRange(padding=0.08)
        plot.getAxis("left").setTicks([[(index, name) for index, name in enumerate(line.lanes)]])
        plot.setTitle("filled: the claim's own date · hollow: the article's date" + (f" · {line.undated} undated" if line.undated else ""))

    def _draw_progress(self, result: Analysis) -> None:
        counts = result.counts
        documents = counts.documents
        self.progress_label.setText(
            f"Documents: {documents['done']} done, {documents['in progress']} in progress, {documents['new']} new.  "
            f"Claims: {counts.claims}; without a claimant: {counts.without_claimant}; without a date: {counts.without_date} (listed below)."
        )
        plot = self.progress_plot
        plot.clear()
        foreground = self._style(plot)
        labels = sorted(counts.spans_per_label)
        bars = pg.BarGraphItem(
            x=list(range(len(labels))), height=[counts.spans_per_label[label] for label in labels], width=0.6, brush=self._node_colour(), pen=foreground
        )
        plot.addItem(bars)
        plot.autoRange(padding=0.08)
        plot.getAxis("bottom").setTicks([[(index, label) for index, label in enumerate(labels)]])
        plot.setTitle("spans per label, whole corpus")

    # --- click-through -------------------------------------------------------------
    def _node_clicked(self, _item: object, points: list, _event: object = None) -> None:
        if self.result is not None and len(points):
            self.show_claims(self.result.claims_of(points[0].data()))

    def _points_clicked(self, _item: object, points: list, _event: object = None) -> None:
        self.show_claims([point.data() for point in points])

    def show_claims(self, found: Iterable[Statement]) -> None:
        self.claims.clear()
        for statement in found:
            item = QListWidgetItem(describe(statement))
            item.setData(Qt.ItemDataRole.UserRole, (statement.document_id, statement.claim_id))
            self.claims.addItem(item)

    def _show_default_claims(self) -> None:
        """On the progress tab, the claims still missing a link are the ones to go to."""
        if self.result is None or self.tabs.currentIndex() != 2:
            return
        self.claims.clear()
        for link in self.result.counts.missing:
            item = QListWidgetItem(f"{link.document_id} · “{' '.join(link.text.split())[:60]}” · no {' and no '.join(link.missing)}")
            item.setData(Qt.ItemDataRole.UserRole, (link.document_id, link.claim_id))
            self.claims.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        doc_id, claim_id = item.data(Qt.ItemDataRole.UserRole)
        self.claim_activated.emit(doc_id, claim_id)

    # --- saving --------------------------------------------------------------------
    def current_plot(self) -> QWidget:
        return (self.network_plot, self.timeline_plot, self.tabs.widget(2))[self.tabs.currentIndex()]

    def choose_save(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, "Save the view", "analysis.png", "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            saved = self.save_view(Path(path))
            self.status.setText(f"Saved {path}" if saved else f"{path}: could not be written")

    def save_view(self, path: Path) -> bool:
        """The shown view as PNG (pixels) or SVG (vector), by the file's suffix."""
        widget = self.current_plot()
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(QSize(widget.width(), widget.height()))
            generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
            generator.setTitle("annotator analysis")
            painter = QPainter(generator)
            widget.render(painter)
            return painter.end()
        return widget.grab().save(str(path))
