"""Search the whole corpus (Ctrl+Shift+F): keyword-in-context results; activating one opens the article at the hit.

The FTS5 index (core/search/index.py) is a cache in ``ProjectStore.cache_path``. It is brought up to
date in a worker thread (``IndexWorker``, with its own reopened store and its own sqlite connection)
when the dialog is first shown and after each import, with progress in the dialog; queries run on
the GUI thread through a second connection (an FTS5 query answers in milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.search.find import FindQuery
from annotator.core.search.index import INDEX_FILE, CorpusHit, CorpusIndex, IndexedDocument
from annotator.core.storage import ProjectError, ProjectStore

HIT_ROLE = Qt.ItemDataRole.UserRole


class IndexWorker(QThread):
    progressed = Signal(int, int)
    finished_indexing = Signal(int, str)  # documents indexed, "" or the problem

    def __init__(self, project: ProjectStore, path: str, wanted: dict[str, str]) -> None:
        super().__init__()
        self._project = project
        self._path = path
        self._wanted = wanted
        self._stop = False

    def stop(self) -> None:
        self._stop = True

    def run(self) -> None:
        from pathlib import Path

        try:
            with self._project.reopen(read_only=True) as reader, CorpusIndex(Path(self._path)) as index:

                def load(doc_id: str) -> IndexedDocument:
                    document = reader.load_document(doc_id)
                    published = document.metadata.date.isoformat() if document.metadata.date else ""
                    return IndexedDocument(document.id, document.title, published, self._wanted[doc_id], document.text)

                def progress(done: int, total: int) -> bool:
                    self.progressed.emit(done, total)
                    return not self._stop

                done = index.update(self._wanted, load, progress)
        except (ProjectError, OSError, Exception) as error:  # noqa: BLE001 - told to the coder, never a traceback
            self.finished_indexing.emit(0, f"The search index could not be built: {error}")
            return
        self.finished_indexing.emit(done, "")


class CorpusSearchDialog(QDialog):
    index_ready = Signal()

    def __init__(self, project: Callable[[], ProjectStore], open_at: Callable[[str, int, int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search the corpus")
        self.resize(900, 520)
        self._project = project
        self._open_at = open_at
        self._worker: IndexWorker | None = None
        self._index: CorpusIndex | None = None
        self._ready = False
        self._stops: list[Callable[[], None]] = []
        self.field = QLineEdit()
        self.field.setPlaceholderText("Words to find in every article…")
        self.field.setClearButtonEnabled(True)
        self.whole_word = QCheckBox("Whole word")
        self.case = QCheckBox("Match case")
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.results = QTableWidget(0, 3)
        self.results.setHorizontalHeaderLabels(["Document", "Date", "Hit in context"])
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.setWordWrap(False)
        self.results.itemActivated.connect(self._activate)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.whole_word)
        row.addWidget(self.case)
        self.text_page = QWidget()
        layout = QVBoxLayout(self.text_page)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.text_page, "Text")
        QVBoxLayout(self).addWidget(self.tabs)
        self.field.returnPressed.connect(self.search)
        self.field.textChanged.connect(lambda _text: self.search())
        for box in (self.whole_word, self.case):
            box.toggled.connect(lambda _on: self.search())

    def add_tab(self, widget: QWidget, title: str, stop: Callable[[], None]) -> None:
        """Another way to search (annotations); ``stop`` joins its work when the window closes."""
        self.tabs.addTab(widget, title)
        self.add_stop(stop)

    def add_stop(self, stop: Callable[[], None]) -> None:
        """``stop`` joins work a part of this window started; it runs when the window stops."""
        self._stops.append(stop)

    def search_query(self) -> FindQuery:
        """The text query as the Text tab holds it now."""
        return FindQuery(self.field.text(), self.whole_word.isChecked(), self.case.isChecked())

    @property
    def index(self) -> CorpusIndex | None:
        """The GUI thread's index connection once the index is up to date, else None."""
        return self._index if self._ready else None

    # --- the index -----------------------------------------------------------------
    def open_search(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()
        if not self._ready and self._worker is None:
            self.refresh_index()

    def refresh_index(self) -> None:
        """Bring the index up to date in the background (after an import, or when first opened)."""
        if self._worker is not None:
            return
        project = self._project()
        try:
            path = project.cache_path(INDEX_FILE)
        except (ProjectError, OSError) as error:
            self.status.setText(f"No search index: {error}")
            return
        wanted = {entry.id: entry.text_sha256 or f"unknown:{entry.id}" for entry in project.documents()}
        self._worker = IndexWorker(project, str(path), wanted)
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished_indexing.connect(self._on_indexed)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Indexing the corpus…")
        self._worker.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"Indexing the corpus: {done} of {total} new or changed articles")

    def _on_indexed(self, done: int, problem: str) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self.progress.hide()
        if problem:
            self.status.setText(problem)
            return
        if self._index is None:
            self._index = CorpusIndex(self._project().cache_path(INDEX_FILE))
        self._ready = True
        self.status.setText(f"Index up to date ({done} article(s) indexed now)")
        self.search()
        self.index_ready.emit()

    def stop(self) -> None:
        """Stop indexing and the other tabs' work, and close the index (the window is closing)."""
        for stop in self._stops:
            stop()
        if self._worker is not None:
            self._worker.stop()
            self._worker.wait()
            self._worker = None
        if self._index is not None:
            self._index.close()
            self._index = None
        self._ready = False

    # --- searching -----------------------------------------------------------------
    def search(self) -> None:
        if self._index is None:
            return
        query = self.search_query()
        hits = self._index.search(query) if query.text.strip() else []
        self.results.setRowCount(0)
        self.results.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            cells = (hit.title, hit.date, f"{hit.before}[{hit.match}]{hit.after}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(HIT_ROLE, hit)
                self.results.setItem(row, column, item)
        documents = len({hit.document_id for hit in hits})
        self.status.setText(f"{len(hits)} hit(s) in {documents} article(s)" if query.text.strip() else "")

    def _activate(self, item: QTableWidgetItem) -> None:
        hit: CorpusHit = item.data(HIT_ROLE)
        self._open_at(hit.document_id, hit.start, hit.end)
