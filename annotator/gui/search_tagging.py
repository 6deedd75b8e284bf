"""The corpus search's "Tag all as suggestions…": every hit of the text query, in every article, as a
pending suggestion of the chosen label (core/search/tag_all.py), accepted article by article.

No modal dialog: the button counts the hits first, off the GUI thread, and an inline bar shows
"Tag N hits in M articles as LABEL" / Cancel. Confirming stores the suggestions, off the GUI thread,
into each article's pending ones (``SearchSuggestions.store_into``: ``ProjectStore.save_pending`` a
batch of articles at a time, one small record each); no annotation file changes. Hits already
tagged with the label, rejected before or already pending are left out and counted.

Threading: the counting job gets plain data taken on the GUI thread (the index file's path, the
query, the rejected keys, the Analysis dock's snapshot of the annotations) and opens its own
sqlite connection; it reads the pending suggestions of the articles with hits through the store
(safe from a worker thread). Its result comes back through a queued signal and an older one is
dropped. The storing job runs on the same single thread, so it follows the count it confirms.
``stop`` joins them (the window's close path, through ``CorpusSearchDialog.stop``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from annotator.core.analysis.corpus import catalog_items
from annotator.core.search.index import INDEX_FILE, CorpusIndex
from annotator.core.search.tag_all import SearchSuggestions, search_suggestions
from annotator.core.storage import ProjectError, ProjectStore
from annotator.core.suggest.base import Suggestion
from annotator.gui.analysis_input import AnalysisInput
from annotator.gui.corpus_search import CorpusSearchDialog
from annotator.gui.suggestion_flow import SuggestionFlow


class _Relay(QObject):
    done = Signal(int, object)  # generation, SearchSuggestions or an error message
    saved = Signal(object, object)  # the plan, the problems (list of str) or an error message


class SearchTagging(QWidget):
    counted = Signal()  # the confirm bar (or the reason there is nothing to tag) is shown
    stored = Signal()  # the suggestions are stored

    def __init__(self, dialog: CorpusSearchDialog, flow: SuggestionFlow, corpus: Callable[[], AnalysisInput], project: Callable[[], ProjectStore]) -> None:
        super().__init__()
        self._dialog = dialog
        self._flow = flow
        self._corpus = corpus
        self._project = project
        self._executor: ThreadPoolExecutor | None = None
        self._generation = 0
        self._relay = _Relay()
        self._relay.done.connect(self._on_counted)
        self._relay.saved.connect(self._on_saved)
        self.plan: SearchSuggestions | None = None
        self.label = QComboBox()
        self.label.setToolTip("The label every hit is suggested with")
        self.tag_button = QPushButton("Tag all as suggestions…")
        self.tag_button.setAutoDefault(False)
        self.tag_button.setToolTip("Every hit of this search in every article, as a pending suggestion there: no article changes until you accept it")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.confirm_bar = QFrame()
        self.confirm_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.confirm_button = QPushButton()
        self.confirm_button.setAutoDefault(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        bar = QHBoxLayout(self.confirm_bar)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.confirm_button)
        bar.addWidget(self.cancel_button)
        self.confirm_bar.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Label"))
        row.addWidget(self.label)
        row.addWidget(self.tag_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.confirm_bar)
        self.tag_button.clicked.connect(self.count)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancel)
        # The counts are of one query: a changed query or setting makes them stale.
        dialog.field.textChanged.connect(lambda _text: self.cancel())
        for box in (dialog.whole_word, dialog.case):
            box.toggled.connect(lambda _on: self.cancel())
        self.refresh_labels()

    def refresh_labels(self) -> None:
        current = self.label.currentText()
        self.label.clear()
        self.label.addItems([label.name for label in self._project().scheme.labels])
        if current:
            self.label.setCurrentText(current)

    # --- counting, off the GUI thread ---------------------------------------------------
    def count(self) -> None:
        """Count the hits and articles first; the confirm bar asks before anything is stored."""
        self.cancel()
        query = self._dialog.search_query()
        label = self.label.currentText()
        if not query.text.strip():
            self.message.setText("Type what to tag first")
            return
        if not label:
            self.message.setText("The label scheme has no label")
            return
        if self._dialog.index is None:
            self.message.setText("The search index is not ready yet")
            return
        try:
            path = Path(self._project().cache_path(INDEX_FILE))
        except (ProjectError, OSError) as error:
            self.message.setText(f"No search index: {error}")
            return
        rejected = self._flow.rejected()
        store = self._project()
        corpus = self._corpus()
        self._generation += 1
        generation = self._generation
        relay = self._relay  # held by the job: it outlives a widget deleted while the job runs
        self.message.setText("Counting the hits in every article…")

        def work() -> None:
            try:
                items, _problems = catalog_items(corpus.entries, corpus.files(), corpus.current)
                spans = {item.document.id: item.spans for item in items}
                with CorpusIndex(path) as index:
                    result: object = search_suggestions(index.matching_texts(query), query, label, spans, rejected, lambda doc_id: _pending_of(store, doc_id))
            except Exception as error:  # noqa: BLE001 - told to the coder, never a traceback
                result = f"The hits could not be counted: {error}"
            try:
                relay.done.emit(generation, result)
            except RuntimeError:  # the window closed while this ran
                pass

        self._submit(work)

    def _submit(self, work: Callable[[], None]) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tag-all")
        self._executor.submit(work)

    def _on_counted(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        if isinstance(result, str):
            self.message.setText(result)
        else:
            assert isinstance(result, SearchSuggestions)
            left_out = _left_out(result)
            if result.hits == 0:
                self.message.setText("Nothing to tag" + (f": {left_out}" if left_out else ": no hits"))
            else:
                self.plan = result
                self.message.setText("")
                hits, articles = _plural(result.hits, "hit"), _plural(result.documents, "article")
                self.count_label.setText(f"{hits} in {articles} will be suggested as {result.label}" + (f" ({left_out})" if left_out else ""))
                self.confirm_button.setText(f"Tag {hits} in {articles} as {result.label}")
                self.confirm_bar.show()
                self.confirm_button.setFocus()
        self.counted.emit()

    # --- deciding -------------------------------------------------------------------------
    def confirm(self) -> None:
        plan, self.plan = self.plan, None
        self.confirm_bar.hide()
        if plan is None:
            return
        store = self._project()
        if not store.writable:
            self.message.setText(f"Read-only: the suggestions are not stored ({store.read_only_reason})")
            return
        relay = self._relay
        self.message.setText(f"Storing {_plural(plan.hits, 'suggestion')} in {_plural(plan.documents, 'article')}…")

        def work() -> None:
            try:
                result: object = plan.store_into(store)
            except Exception as error:  # noqa: BLE001 - told to the coder, never a traceback
                result = f"The suggestions were not stored: {error}"
            try:
                relay.saved.emit(plan, result)
            except RuntimeError:  # the window closed while this ran
                pass

        self._submit(work)

    def _on_saved(self, plan: object, result: object) -> None:
        assert isinstance(plan, SearchSuggestions)
        self._flow.pending_changed()
        if isinstance(result, str):
            self.message.setText(result)
            return
        assert isinstance(result, list)
        text = f"{_plural(plan.hits, 'suggestion')} stored in {_plural(plan.documents, 'article')}: open one, N walks them, Enter accepts, Backspace rejects"
        if result:
            text += f"; {_plural(len(result), 'article')} left as they were: {result[0]}"
        self.message.setText(text)
        self.stored.emit()

    def cancel(self) -> None:
        self._generation += 1  # a count still running is dropped
        self.plan = None
        self.confirm_bar.hide()

    def stop(self) -> None:
        """Join the counting job (the window closes, or the project changes)."""
        self.cancel()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _pending_of(store: ProjectStore, doc_id: str) -> tuple[Suggestion, ...]:
    """What the count needs of an article's pending suggestions; a record that cannot be read counts
    as none here (storing reports it and leaves it as it is)."""
    try:
        return store.load_pending(doc_id)
    except (ProjectError, OSError):
        return ()


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _left_out(plan: SearchSuggestions) -> str:
    parts = [
        f"{number} {what}"
        for number, what in (
            (plan.already_tagged, f"already tagged {plan.label}"),
            (plan.rejected, "rejected before"),
            (plan.already_pending, "already pending"),
        )
        if number
    ]
    return ", ".join(parts) + " left out" if parts else ""


def install(dialog: CorpusSearchDialog, flow: SuggestionFlow, corpus: Callable[[], AnalysisInput], project: Callable[[], ProjectStore]) -> SearchTagging:
    """The "Tag all as suggestions…" row and its confirm bar, in the corpus search's Text tab."""
    tagging = SearchTagging(dialog, flow, corpus, project)
    layout = dialog.text_page.layout()
    layout.insertWidget(1, tagging)  # under the query row
    dialog.add_stop(tagging.stop)
    dialog.index_ready.connect(tagging.refresh_labels)
    return tagging
