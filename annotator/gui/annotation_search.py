"""The corpus search window's "Annotations" tab: coded spans by label, text, actor, claimant, stance,
topic and the claim's date range (core/search/annotations.py); activating a result opens its article
with the span selected.

Threading: ``AnnotationSearchSource`` is taken on the GUI thread (the Analysis dock's snapshot of the
catalog and the open documents' unsaved annotations, copies of the registry and codebook); the tab's
own single worker thread reads the stored annotation files with the analysis's ``catalog_items``,
runs the query and loads the hit documents' texts for the context; the result comes back through a
queued signal, and a result older than the latest request is dropped. ``stop`` joins the worker
(the window's close path, through ``CorpusSearchDialog.stop``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry
from annotator.core.analysis.corpus import catalog_items
from annotator.core.codebook import Codebook
from annotator.core.model import Stance
from annotator.core.storage import ProjectStore
from annotator.core.storage.base import catalog_ids, catalog_titles
from annotator.gui.analysis_input import AnalysisInput
from annotator.gui.corpus_search import CorpusSearchDialog

if TYPE_CHECKING:  # loaded on the first search (AnnotationSearchPanel.search), not at start
    from annotator.core.search.annotations import AnnotationHit, AnnotationQuery

HIT_ROLE = Qt.ItemDataRole.UserRole
ANY = "(any)"
SHOWN_BEFORE = 30  # code points of context before a span in the list, so the span itself stays in view
COLUMNS = ["Document", "Label", "Span in context", "Actor", "Claimant", "Stance", "Topic", "Date"]


@dataclass(frozen=True)
class AnnotationSearchSource:
    corpus: AnalysisInput  # catalog, stored files (read on the worker), the open documents' annotations
    registry: ActorRegistry  # copies: the worker never touches the window's own
    codebook: Codebook
    claim_labels: Collection[str]
    titles: dict[str, str]
    text_of: Callable[[str], str]  # a document's stored text; called on the worker thread


@dataclass(frozen=True)
class ShownHit:
    hit: AnnotationHit
    title: str
    before: str
    match: str
    after: str


class _Relay(QObject):
    done = Signal(int, object)  # generation, (hits, problems, truncated) or an error message


class AnnotationSearchPanel(QWidget):
    searched = Signal()  # the results shown are the latest query's

    def __init__(self, source: Callable[[], AnnotationSearchSource], labels: Callable[[], list[str]], open_span: Callable[[str, str], None]) -> None:
        super().__init__()
        self._source = source
        self._labels = labels
        self._open_span = open_span
        self._executor: ThreadPoolExecutor | None = None
        self._generation = 0
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)
        self.label = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText("text in the span")
        self.regex = QCheckBox("Regular expression")
        self.actor = QLineEdit()
        self.actor.setPlaceholderText("registry name or alias")
        self.actor.setToolTip("Mentions linked to this actor, and claims it makes or is the target of")
        self.claimant = QLineEdit()
        self.claimant.setPlaceholderText("registry name or alias")
        self.stance = QComboBox()
        self.stance.addItems([ANY, *(stance.value for stance in Stance)])
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("topic or codebook alias")
        self.since = QLineEdit()
        self.since.setPlaceholderText("2024, 2024-05")
        self.until = QLineEdit()
        self.until.setPlaceholderText("2024-12-31")
        self.undated = QCheckBox("Also claims without a date")
        self.undated.setToolTip("A claim's date is its linked date's value; without one, a date range leaves it out unless this is ticked")
        self.search_button = QPushButton("Search")
        self.search_button.setDefault(False)
        self.search_button.setAutoDefault(False)
        self.results = QTableWidget(0, len(COLUMNS))
        self.results.setHorizontalHeaderLabels(COLUMNS)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.setWordWrap(False)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)  # a click opens it too, as the issue asks
        self.status = QLabel()
        self.status.setWordWrap(True)
        grid = QGridLayout()
        rows = (
            (("Label", self.label), ("Text", self.text), ("", self.regex)),
            (("Actor", self.actor), ("Claimant", self.claimant), ("Stance", self.stance)),
            (("Topic", self.topic), ("Claim dated from", self.since), ("to", self.until)),
        )
        for row, cells in enumerate(rows):
            for column, (caption, widget) in enumerate(cells):
                if caption:
                    grid.addWidget(QLabel(caption), row, 2 * column, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(widget, row, 2 * column + 1)
        grid.addWidget(self.search_button, 0, 6)
        grid.addWidget(self.undated, 2, 6)
        for column in (1, 3):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        for field in (self.text, self.actor, self.claimant, self.topic, self.since, self.until):
            field.returnPressed.connect(self.search)
            field.installEventFilter(self)
        self.results.installEventFilter(self)
        self.search_button.clicked.connect(self.search)
        self.refresh_labels()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The main window binds Return ("pick", accept a suggestion) and this window is its child:
        # Enter in a field searches and Enter on a result opens it, so the key stays here.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def set_completions(self, actors: list[str], topics: list[str]) -> None:
        """Inline completion of registry names and aliases, and of codebook topics (no popup to take Enter)."""
        for field, names in ((self.actor, actors), (self.claimant, actors), (self.topic, topics)):
            completer = QCompleter(names, field)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
            field.setCompleter(completer)

    def refresh_labels(self) -> None:
        current = self.label.currentText()
        self.label.clear()
        self.label.addItems([ANY, *self._labels()])
        if current:
            self.label.setCurrentText(current)

    def query(self) -> AnnotationQuery:
        from annotator.core.search.annotations import AnnotationQuery  # loaded on the first search, not at start

        label = self.label.currentText()
        stance = self.stance.currentText()
        return AnnotationQuery(
            label="" if label == ANY else label,
            text=self.text.text(),
            regex=self.regex.isChecked(),
            actor=self.actor.text().strip(),
            claimant=self.claimant.text().strip(),
            stance=None if stance == ANY else Stance(stance),
            topic=self.topic.text().strip(),
            since=self.since.text().strip(),
            until=self.until.text().strip(),
            undated=self.undated.isChecked(),
        )

    # --- running -------------------------------------------------------------------
    def search(self) -> None:
        from annotator.core.search.annotations import AnnotationQueryError, documents_of, in_context, search_annotations

        query = self.query()
        self._generation += 1
        generation = self._generation
        if query.is_empty():
            self.results.setRowCount(0)
            self.status.setText("Choose a label or type a criterion")
            return
        source = self._source()
        relay = self._relay  # held by the job: it outlives a panel deleted while the job runs
        self.status.setText("Searching the annotations…")

        def work() -> None:
            try:
                items, problems = catalog_items(source.corpus.entries, source.corpus.files(), source.corpus.current)
                found = search_annotations(items, query, source.registry, source.claim_labels, source.codebook)
                texts: dict[str, str] = {}
                for doc_id in documents_of(found.hits):
                    try:
                        texts[doc_id] = source.text_of(doc_id)
                    except Exception:  # noqa: BLE001 - the span's own text is shown instead
                        texts[doc_id] = ""
                shown = [ShownHit(hit, source.titles.get(hit.document_id, hit.document_id), *in_context(hit, texts[hit.document_id])) for hit in found.hits]
                result: object = (shown, [*found.problems, *problems], found.truncated)
            except AnnotationQueryError as error:
                result = str(error)
            except Exception as error:  # noqa: BLE001 - shown to the coder, never a traceback
                result = f"The annotations could not be searched: {error}"
            try:
                relay.done.emit(generation, result)
            except RuntimeError:  # the window closed while this ran: nobody to tell
                pass

        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotation-search")
        self._executor.submit(work)

    def _on_done(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        if isinstance(result, str):
            self.results.setRowCount(0)
            self.status.setText(result)
            self.searched.emit()
            return
        shown, problems, truncated = result  # type: ignore[misc]
        self.results.setRowCount(0)
        self.results.setRowCount(len(shown))
        for row, item in enumerate(shown):
            hit = item.hit
            cells = (
                item.title,
                hit.label,
                f"{item.before[-SHOWN_BEFORE:]}[{item.match}]{item.after}",
                hit.actor,
                hit.claimant,
                hit.stance.value if hit.stance else "",
                hit.topic,
                hit.date,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(HIT_ROLE, hit)
                self.results.setItem(row, column, cell)
        self.results.resizeColumnsToContents()
        self.results.setColumnWidth(0, min(self.results.columnWidth(0), 240))
        self.results.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        documents = len({item.hit.document_id for item in shown})
        text = f"{len(shown)} span(s) in {documents} article(s)" + (" (the first ones only)" if truncated else "")
        self.status.setText("; ".join([text, *problems]))
        self.searched.emit()

    def _activate(self, item: QTableWidgetItem) -> None:
        hit: AnnotationHit = item.data(HIT_ROLE)
        self._open_span(hit.document_id, hit.span_id)

    def stop(self) -> None:
        """Join the worker (the window closes, or the project changes); a result still queued is dropped."""
        self._generation += 1
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def install(
    dialog: CorpusSearchDialog,
    corpus: Callable[[], AnalysisInput],
    project: Callable[[], ProjectStore],
    registry: Callable[[], ActorRegistry],
    codebook: Callable[[], Codebook],
    open_span: Callable[[str, str], None],
) -> AnnotationSearchPanel:
    """The "Annotations" tab in the corpus search window."""

    def source() -> AnnotationSearchSource:
        store = project()
        analysis = corpus()
        book = codebook()
        return AnnotationSearchSource(
            analysis,
            ActorRegistry(registry().all()),
            Codebook(book.all() if book.kept else None),
            set(analysis.claim_labels),
            dict(zip(catalog_ids(entries := store.documents()), catalog_titles(entries))),
            lambda doc_id: store.load_document(doc_id).text,
        )

    def labels() -> list[str]:
        return [label.name for label in project().scheme.labels]

    def shown() -> None:
        panel.refresh_labels()
        actors = registry().active()
        book = codebook()
        panel.set_completions(sorted({n for a in actors for n in (a.name, *a.aliases)}), sorted({n for t in book.active() for n in (t.name, *t.aliases)}))

    panel = AnnotationSearchPanel(source, labels, open_span)
    dialog.add_tab(panel, "Annotations", panel.stop)
    dialog.tabs.currentChanged.connect(lambda _index: shown() if dialog.tabs.currentWidget() is panel else None)
    return panel
