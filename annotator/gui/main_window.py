"""The main window: builds the widgets and actions and wires them together.

State lives elsewhere: the project in ``core.storage``, each open document in a
``DocumentSession``, what keys do to spans in ``SpanEditor``. The menus and keys are built in
``window_actions``, the panels and docks in ``window_docks``; opening and closing a project is
``project_flow``, opening a document ``open_documents``, the corpus-wide mention counts
``mention_tracker``, the title and status bar ``window_status``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from annotator.core.actors import Resolution
from annotator.core.annotations import AnnotationChange
from annotator.core.check_cache import FindingsCache
from annotator.core.edits import ReplaceSpan, rebase
from annotator.core.mentions import MentionIndex
from annotator.core.metadata_edits import set_metadata
from annotator.core.model import Span
from annotator.core.storage import ProjectError, ProjectStore
from annotator.core.summaries import span_summary
from annotator.core.workspace import OpenedProject
from annotator.gui import open_documents, project_flow
from annotator.gui.action_binding import apply_shortcuts
from annotator.gui.collector_hold import CollectorHold
from annotator.gui.corpus_search_parts import CorpusSearchParts
from annotator.gui.interpreter_share import share_the_interpreter_with_the_gui
from annotator.gui.mention_tracker import MentionTracker
from annotator.gui.mention_worker import MentionIndexWorker
from annotator.gui.metadata_panel import MetadataDialog
from annotator.gui.models import DOCUMENT_ID_ROLE, SPAN_ID_ROLE
from annotator.gui.session import DocumentSession
from annotator.gui.shortcuts import ShortcutBindings, shortcut_help
from annotator.gui.span_editor import SpanEditor
from annotator.gui.steady_label import SteadyLabel
from annotator.gui.suggestion_flow import SuggestionFlow
from annotator.gui.text_view import ArticleView
from annotator.gui.window_actions import install_actions
from annotator.gui.window_docks import connect_panels, find_bar, focus_dock, install_central, install_docks
from annotator.gui.window_status import update_status
from annotator.gui.working_day import PlaceMemory

if TYPE_CHECKING:  # imported when the Analysis dock, the corpus search or its input is first used
    from concurrent.futures import Executor

    from annotator.gui.actor_panel import ActorPanel
    from annotator.gui.analysis_dock import AnalysisPanel
    from annotator.gui.analysis_input import AnalysisInput
    from annotator.gui.annotation_search import AnnotationSearchPanel
    from annotator.gui.codebook_panel import CodebookPanel
    from annotator.gui.corpus_search import CorpusSearchDialog
    from annotator.gui.corpus_suggestions import CorpusSuggestions
    from annotator.gui.exchange_dialogs import ExchangeFlow
    from annotator.gui.find_bar import FindBar
    from annotator.gui.import_flow import ImportFlow
    from annotator.gui.search_tagging import SearchTagging


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MainWindow(QMainWindow):
    def __init__(self, opened: OpenedProject, executor: Executor) -> None:
        super().__init__()
        share_the_interpreter_with_the_gui()  # the window's workers run Python: keep its paints from waiting for them
        self._executor = executor
        self.project: ProjectStore = opened.project
        self._sessions: dict[str, DocumentSession] = {}
        self.session: DocumentSession | None = None
        self._import_flow: ImportFlow | None = None  # built with the first import
        self._exchange_flow: ExchangeFlow | None = None  # the formats are loaded on first use
        self.search_parts = CorpusSearchParts(self, self._analysis_input)  # built when first opened
        self.mention_tracker = MentionTracker(lambda: {doc_id: s.annotations.spans for doc_id, s in self._sessions.items()}, self)
        self.mention_tracker.index_replaced.connect(self._on_mentions_built)
        self.undo_group = QUndoGroup(self)
        screen = QApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        self.resize(min(1500, available.width() - 40) if available else 1400, min(950, available.height() - 40) if available else 880)

        self.view = ArticleView()
        self.span_editor = SpanEditor(self.view, lambda: self.session, self.tell, self.ask_actor, self._linked_before)
        install_central(self)
        install_docks(self)

        self.counts_label = SteadyLabel()  # changes at every edit: without a relayout of the window
        self.save_label = SteadyLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self.suggestions = SuggestionFlow(
            self.view, lambda: self.project, lambda: self.session, lambda: self.registry, self._linked_texts, self._suggestion_keys_blocked, self.tell, self
        )
        self.suggestions.set_topic_sources(
            lambda: tuple(self.codebook.active()), lambda: self.mentions.claim_topics(), lambda doc: self.mentions.coded_claims(doc)
        )
        self.statusBar().addPermanentWidget(self.suggestions.status_label)
        self.suggestions.claim_accepted.connect(lambda _id: (focus_dock(self.details_dock, self.details_panel), self.details_panel.focus_first_open_field()))
        self.details_panel.set_topic_guesses(self.suggestions.topic_guesses)  # Down in Topic: the next guess

        self._findings = FindingsCache()  # a document switched back to is not checked again
        self.collector_hold = CollectorHold(self.view.viewport(), self)  # off from a switch to its paint (gui/collector_hold.py)
        self._side_panel_timer = QTimer(self)
        self._side_panel_timer.setSingleShot(True)
        self._side_panel_timer.setInterval(150)
        self._side_panel_timer.timeout.connect(self._refresh_side_panels)

        self.place_memory = PlaceMemory()
        self.shortcuts = ShortcutBindings()
        install_actions(self)
        connect_panels(self)
        self._load_project(opened)
        # After the first paint, not before it: the worker competes for the interpreter.
        QTimer.singleShot(500, self, self.span_editor.preload_date_finder)

    # --- construction ------------------------------------------------------------
    def edit_preferences(self) -> None:
        from annotator.gui.preferences_dialog import PreferencesDialog  # a dialog: loaded when first opened, not at start

        labels = {label.hotkey: f"label {label.name}" for label in self.project.scheme.labels}
        dialog = PreferencesDialog(self.shortcuts, labels, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.apply_shortcuts()
            self.tell("Shortcuts saved")

    def apply_shortcuts(self) -> None:
        apply_shortcuts(self)

    # --- project -----------------------------------------------------------------
    def _load_project(self, opened: OpenedProject) -> None:
        project_flow.load_project(self, opened)

    def change_coder_name(self) -> None:
        project_flow.change_coder_name(self)

    def edit_label_scheme(self) -> None:
        project_flow.edit_label_scheme(self)

    def choose_and_open(self) -> None:
        project_flow.choose_and_open(self)

    def choose_and_open_database(self) -> None:
        project_flow.choose_and_open_database(self)

    def open_folder(self, path: Path | str) -> None:
        project_flow.open_folder(self, path)

    def save_all(self) -> bool:
        return project_flow.save_all(self)

    def reload_project(self) -> None:
        project_flow.reload_project(self)

    def close_project(self) -> bool:
        return project_flow.close_project(self)

    def choose_and_import(self) -> None:
        project_flow.choose_and_import(self)

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
        open_documents.open_document(self, doc_id)

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
        """Count mentions across the corpus, once, when the Actors panel is first shown or an actor is tagged."""
        self.mention_tracker.start(self.project.iter_annotation_files)

    @property
    def mentions(self) -> MentionIndex:
        return self.mention_tracker.index

    @property
    def _mention_worker(self) -> MentionIndexWorker | None:
        return self.mention_tracker.worker  # bench/harness.py waits for it

    @property
    def _mentions_built(self) -> bool:
        return self.mention_tracker.started

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

    def _on_mentions_built(self) -> None:
        if self.actor_dock.built_panel is not None:  # else it reads them when first built
            self.actor_dock.built_panel.set_data(self.registry, self.mentions, self._document_title)
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
        if self.codebook_dock.built_panel is not None:  # else it reads the codebook when first built
            self.codebook_dock.built_panel.set_codebook(self.codebook, self.codebook_flow.counts)
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
        selected = self.view.selected_span
        if selected is not None and selected in {s.id for s in (change.old, change.new) if s is not None}:
            self._show_details()
        # The status bar follows the undo group's indexChanged, which every edit emits once.
        self._schedule_side_panels()
        self.suggestions.annotations_changed(change)

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
        if self.actor_dock.isVisible() and self.actor_dock.built_panel is not None:  # shown means built, but for a closing window
            self.mention_tracker.catch_up()
            self.actor_dock.built_panel.refresh()
        self.span_model.refresh_details()
        self._show_details()
        if self.analysis_dock.built_panel is not None:  # nobody has looked at it yet
            self.analysis_dock.built_panel.schedule()

    def _build_analysis_panel(self) -> AnalysisPanel:
        from annotator.gui.analysis_dock import AnalysisPanel  # pyqtgraph: a third of a cold start

        panel = AnalysisPanel(self._analysis_input)
        panel.claim_activated.connect(self.go_to_mention)
        return panel

    @property
    def actor_panel(self) -> ActorPanel:
        return self.actor_dock.panel()

    @property
    def codebook_panel(self) -> CodebookPanel:
        return self.codebook_dock.panel()

    @property
    def analysis_panel(self) -> AnalysisPanel:
        return self.analysis_dock.panel()

    @property
    def exchange_flow(self) -> ExchangeFlow:
        if self._exchange_flow is None:
            from annotator.gui.exchange_dialogs import ExchangeFlow

            self._exchange_flow = ExchangeFlow(self, self.tell)
        return self._exchange_flow

    @property
    def find_bar(self) -> FindBar:
        return find_bar(self)  # built when first opened (Ctrl+F)

    @property
    def import_flow(self) -> ImportFlow:
        if self._import_flow is None:
            from annotator.gui.import_flow import ImportFlow  # its worker and progress dialog: loaded with the first import

            self._import_flow = ImportFlow(self, self.tell)
            self._import_flow.imported.connect(lambda _report: self.document_model.reload())
            self._import_flow.imported.connect(lambda _report: self.search_parts.index_changed())
        return self._import_flow

    def stop_import_flow(self) -> None:
        if self._import_flow is not None:  # never built: nothing runs
            self._import_flow.stop()

    @property
    def corpus_suggestions(self) -> CorpusSuggestions:
        return self.corpus_suggestions_menu.flow()  # built with the menu's first use (gui/corpus_suggestions_menu.py)

    def stop_exchange_flow(self) -> None:
        if self._exchange_flow is not None:  # never built: nothing runs
            self._exchange_flow.stop()

    @property
    def corpus_search(self) -> CorpusSearchDialog:
        return self.search_parts.parts().dialog

    @property
    def annotation_search(self) -> AnnotationSearchPanel:
        return self.search_parts.parts().annotation_search

    @property
    def search_tagging(self) -> SearchTagging:
        return self.search_parts.parts().search_tagging

    def _analysis_input(self) -> AnalysisInput:
        from annotator.gui.analysis_input import analysis_input  # the corpus analysis: loaded on first use

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
        update_status(self)

    def shortcut_help(self) -> str:
        return shortcut_help(self.shortcuts, [(label.hotkey, label.name) for label in self.project.scheme.labels])

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcut_help())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_project():
            self.collector_hold.release()  # its timers need the event loop, which may end with the window
            event.accept()
        else:
            event.ignore()
