"""Suggestions in the window: computed in the background, drawn dashed, walked with N / Shift+N,
accepted with Enter and rejected with Backspace.

The flow keeps the open document's suggestions (the ones the store holds as pending plus the ones
the recommenders found for the document as it is now), less the rejected ones, the kinds switched
off and those an accepted span of the same label and extent already holds. Accepting pushes the
core ``accept()`` batch on the document's undo stack (one step, a claim with its claimant and
date spans); rejecting is remembered through ``ProjectStore.add_rejected``. Suggestions never
enter the annotation set until accepted, so an annotation file holds only what the coder decided.

What the store holds (pending, rejected, counts) is read and written by ``StoredSuggestions``
(gui/stored_suggestions.py): only the shown document's pending ones, never the corpus's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationChange
from annotator.core.mentions import CodedClaimText
from annotator.core.model import Span, Topic
from annotator.core.storage import ProjectStore
from annotator.core.suggest import RECOMMENDER_KINDS, SuggestContext, Suggestion, unavailable
from annotator.core.suggest.base import RejectionKey
from annotator.core.suggest.similar_claims import IndexCache
from annotator.gui.accepted_topic_guesses import AcceptedTopicGuesses
from annotator.gui.session import DocumentSession
from annotator.gui.steady_label import SteadyLabel
from annotator.gui.stored_suggestions import StoredSuggestions
from annotator.gui.suggestion_settings import KIND_NAMES, STORED_KINDS, kind_enabled, ner_model, set_kind_enabled
from annotator.gui.suggestion_shown import Place, ShownSuggestions, merge_candidates, moved_current
from annotator.gui.suggestion_text import describe_suggestion, noun, short
from annotator.gui.text_view import ArticleView

# Accepting (core/suggest/accept.py) loads with the first accept, not at start.
if TYPE_CHECKING:  # the worker thread is loaded with the first run, after the first paint (bench U1)
    from annotator.gui.suggestion_worker import Computed, SuggestionWorker

DEBOUNCE_MS = 400
# After an edit the recommenders run again once the coder has paused as long as their last run on
# this document took (between DEBOUNCE_MS and this): a run holds the interpreter in a worker, and
# a 4 s run on a 1,000,000-character article that starts at every short pause slowed every key
# pressed during it about twofold. What is shown stays right meanwhile (each edit hides or shows
# the suggestions at the places it touched); once the edits settle a fresh run replaces them.
MAX_SETTLE_MS = 5000


class SuggestionFlow(QObject):
    # A claim accepted by itself (Enter) is selected: it still needs the coder's stance and topic,
    # so the window opens its details (INCEpTION selects an accepted annotation in its editor).
    claim_accepted = Signal(str)  # the claim span's id

    def __init__(
        self,
        view: ArticleView,
        project: Callable[[], ProjectStore],
        session: Callable[[], DocumentSession | None],
        registry: Callable[[], ActorRegistry],
        linked_texts: Callable[[], Mapping[str, str]],
        blocked: Callable[[], bool],
        tell: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._project = project
        self._session = session
        self._registry = registry
        self._linked_texts = linked_texts
        self._topics: Callable[[], tuple[Topic, ...]] = tuple  # the codebook's active topics (set_topic_sources)
        self._claim_topics: Callable[[], Mapping[str, tuple[str, ...]]] = dict
        self._coded_claims: Callable[[str], tuple[CodedClaimText, ...]] = lambda _doc_id: ()
        self._blocked = blocked  # a span is selected or a claim is being linked: Enter and Backspace are theirs
        self._tell = tell
        self._stored = StoredSuggestions(project, tell)
        self._claim_index: tuple[ProjectStore, IndexCache] | None = None  # the open project's (claim_index())
        self._topic_guesses = AcceptedTopicGuesses()
        self._computed: tuple[str, list[Suggestion]] | None = None
        self._shown = ShownSuggestions()
        self._edited_places: set[Place] | None = set()  # what edits changed since the last refresh; None: refresh all
        self.current: int | None = None
        self._worker: SuggestionWorker | None = None
        self._number = 0
        self._again = False
        self._run_started = 0.0
        self._last_run_ms = 0.0  # how long the last run on the shown document took
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self._candidate_cache: tuple | None = None
        self._refresh_timer = QTimer(self)  # a batch of edits (accept-all, recovery) refreshes once
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._catch_up)
        self.status_label = SteadyLabel()  # changes at edits: without a relayout of the window
        self.status_label.setToolTip("Pending suggestions in this article: N / Shift+N walk them, Enter accepts, Backspace rejects")
        self.accept_all_actions: dict[str, QAction] = {}  # made by gui/suggestion_menu.py
        self.toggle_actions: dict[str, QAction] = {}
        view.suggestion_clicked.connect(self.click)

    def set_topic_sources(
        self,
        topics: Callable[[], tuple[Topic, ...]],
        claim_topics: Callable[[], Mapping[str, tuple[str, ...]]],
        coded_claims: Callable[[str], tuple[CodedClaimText, ...]] = lambda _doc_id: (),
    ) -> None:
        """Where claim suggestions' topic guess reads the codebook's active topics, per actor the
        topics of its claims across the corpus, and the coded claims of the other documents it
        learns topics and stances from (``coded_claims(doc_id)``: the open document's own come from
        it; asked at each run, like the registry)."""
        self._topics, self._claim_topics, self._coded_claims = topics, claim_topics, coded_claims

    # --- recommender toggles (kept with QSettings) -------------------------------------
    def enabled(self, kind: str) -> bool:
        return kind_enabled(kind)

    def enabled_kinds(self) -> list[str]:
        return [kind for kind in RECOMMENDER_KINDS if kind_enabled(kind)]

    def set_enabled(self, kind: str, on: bool) -> None:
        reason = unavailable([kind], ner_model()) if on else None
        if reason is not None:  # spaCy or its model is missing: say how to install them, change nothing
            action = self.toggle_actions.get(kind)
            if action is not None:
                action.blockSignals(True)
                action.setChecked(False)
                action.blockSignals(False)
            self._tell(reason)
            return
        set_kind_enabled(kind, on)
        self.refresh()
        self.schedule(0)
        self._tell(f"{KIND_NAMES.get(kind, kind).capitalize()} are {'suggested' if on else 'no longer suggested'}")

    # --- the store's pending and rejected suggestions (gui/stored_suggestions.py) ---------
    def rejected(self) -> frozenset[RejectionKey]:
        return self._stored.rejected()

    def pending(self, doc_id: str) -> tuple[Suggestion, ...]:
        return self._stored.pending(doc_id)

    def counts(self) -> dict[str, int]:
        return self._stored.counts()

    def pending_changed(self) -> None:
        """Something else stored pending suggestions (a corpus run, tag all): read them again."""
        self._stored.forget()
        self.refresh()

    # --- computing --------------------------------------------------------------
    def claim_index(self) -> IndexCache:
        """The open project's cache of the similar-claims index, handed to every run of this window
        (its runs reuse the index while the other documents' claims stay the same); another
        project, or this one opened again, gets a fresh one."""
        project = self._project()
        if self._claim_index is None or self._claim_index[0] is not project:
            self._claim_index = (project, IndexCache())
        return self._claim_index[1]

    def document_shown(self) -> None:
        """A document was opened or the window switched to another: its pending ones at once, then fresh ones."""
        self.current = None
        self._computed = None
        self._last_run_ms = 0.0
        self.refresh()
        self.schedule()  # after the first paint: the run (and the corpus's mention count) compete for the interpreter

    @property
    def visible(self) -> list[Suggestion]:
        """The shown suggestions, in text order (read-only: the flow keeps it current)."""
        return self._shown.visible

    def annotations_changed(self, change: AnnotationChange | None = None) -> None:
        """An edit: an accepted span hides its suggestion (and a removed one shows it again) at the
        next turn of the event loop, deciding again only the places the edit touched; the
        recommenders run again once the edits pause. Without ``change``: every place."""
        if change is None:
            self._edited_places = None
        elif self._edited_places is not None:
            self._edited_places.update((span.start, span.end, span.label) for span in (change.old, change.new) if span is not None)
        self._refresh_timer.start()
        self.schedule(self.settle_delay())

    def settle_delay(self) -> int:
        """How long edits must pause before the recommenders run again (see MAX_SETTLE_MS)."""
        return int(min(MAX_SETTLE_MS, max(DEBOUNCE_MS, self._last_run_ms)))

    def _catch_up(self) -> None:
        """Bring the shown suggestions up to the edits made since the last refresh."""
        places, self._edited_places = self._edited_places, set()
        session = self._session()
        if places is None or session is None or not self._shown_from_current_candidates(session.document.id):
            self.refresh()  # the candidates themselves changed: decide them all
            return
        changes = self._shown.update(places, session.annotations.holds)
        if changes:
            self.current = moved_current(self.current, changes)
            self._view.change_suggestions(changes, self.current, self._current_links())
            self.update_texts()

    @property
    def idle(self) -> bool:
        """No run in flight and none waiting: what is shown is the recommenders' last word on the document as it is."""
        return self._worker is None and not self._timer.isActive() and not self._refresh_timer.isActive() and not self._again

    def schedule(self, delay: int = DEBOUNCE_MS) -> None:
        """Recompute after a burst of edits (debounced)."""
        self._timer.start(delay)

    def _start(self) -> None:
        session = self._session()
        kinds = self.enabled_kinds()
        if "ner" in kinds and unavailable(["ner"], ner_model()) is not None:
            kinds.remove("ner")  # the model went away since it was switched on: the others still run
        if session is None or not kinds:
            return
        if self._worker is not None:
            self._again = True  # one more run when this one ends, with the document as it is then
            return
        document = session.document
        project = self._project()
        context = SuggestContext(
            registry=ActorRegistry(self._registry().all()),
            scheme=project.scheme,
            linked_texts=dict(self._linked_texts()),
            spans=tuple(session.annotations.spans()),
            dct=document.metadata.date,
            ner_model=ner_model(),
            topics=tuple(self._topics()),
            claim_topics=dict(self._claim_topics()),
            coded_claims=tuple(self._coded_claims(document.id)),
            claim_index=self.claim_index(),
        )
        from annotator.gui.suggestion_worker import CandidateInputs, SuggestionWorker

        self._number += 1
        shown = CandidateInputs(self.pending(document.id), self.rejected(), self._shown_kinds())
        worker = SuggestionWorker(self._number, document, context, kinds, shown)
        worker.computed.connect(self._on_computed)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._run_started = time.monotonic()
        worker.start()

    def _on_computed(self, number: int, doc_id: str, result: Computed) -> None:
        session = self._session()
        if number != self._number or session is None or session.document.id != doc_id:
            return  # a stale run: the document changed or another one is shown
        found = result.found
        self._computed = (doc_id, found)
        inputs = result.inputs
        if inputs is not None and result.candidates is not None and inputs.pending is self.pending(doc_id):
            rejected, kinds = self.rejected(), self._shown_kinds()
            if inputs.rejected == rejected and inputs.kinds == kinds:  # nothing rejected or switched meanwhile
                self._candidate_cache = (doc_id, inputs.pending, found, (len(rejected), kinds), result.candidates, result.by_place)
        self.refresh()

    def _on_failed(self, number: int, doc_id: str, reason: str) -> None:
        if number == self._number:
            self._tell(f"Suggestions for {doc_id} could not be computed: {reason}")

    def _on_finished(self) -> None:
        self._last_run_ms = (time.monotonic() - self._run_started) * 1000
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if self._again:
            self._again = False
            self._start()

    def stop(self) -> None:
        """The project closes: wait for a run in flight and forget this project's state."""
        self._timer.stop()
        self._refresh_timer.stop()
        self._again = False
        if self._worker is not None:
            self._worker.computed.disconnect(self._on_computed)
            self._worker.finished.disconnect(self._on_finished)
            self._worker.wait()
            self._worker.deleteLater()
            self._worker = None
        self._number += 1
        self._stored.forget()
        self._computed = None
        self._claim_index = None  # the project's index goes with it
        self._topic_guesses = AcceptedTopicGuesses()
        self._shown, self.current = ShownSuggestions(), None
        self._edited_places = set()
        self._view.set_suggestions([], None)
        self.update_texts()

    # --- what is shown ------------------------------------------------------------
    def _candidates(self, doc_id: str) -> list[tuple[Suggestion, tuple[int, int, str]]]:
        """The document's stored and computed suggestions of the switched-on kinds, less the rejected
        ones, one per key, in text order, each with its (start, end, label). Rebuilt only when one of
        those inputs changed, not on every edit: a long article can hold 250,000 of them."""
        pending = self.pending(doc_id)
        computed = self._computed[1] if self._computed is not None and self._computed[0] == doc_id else ()
        rejected = self.rejected()
        kinds = self._shown_kinds()
        cached = self._candidate_cache
        if cached is not None and cached[0] == doc_id and cached[1] is pending and cached[2] is computed and cached[3] == (len(rejected), kinds):
            return cached[4]
        candidates = merge_candidates(pending, computed, rejected, kinds)
        self._candidate_cache = (doc_id, pending, computed, (len(rejected), kinds), candidates, None)
        return candidates

    def _shown_from_current_candidates(self, doc_id: str) -> bool:
        """Whether what is shown was decided from the candidates ``_candidates`` would give now, asked
        at every edit without reading the settings or copying the rejected keys: a kind switched
        on or off, or a rejection, refreshes at once (``set_enabled``, ``reject_current``), and
        the stored and computed suggestions are compared by identity, as ``_candidates`` does."""
        cached = self._candidate_cache
        if cached is None or cached[4] is not self._shown.candidates or cached[0] != doc_id:
            return False
        computed = self._computed[1] if self._computed is not None and self._computed[0] == doc_id else ()
        rejected = self._stored.rejected_count()
        return cached[1] is self.pending(doc_id) and cached[2] is computed and cached[3][0] == rejected

    def _shown_kinds(self) -> frozenset[str]:
        return frozenset({*self.enabled_kinds(), *STORED_KINDS})

    def refresh(self) -> None:
        """Decide every candidate again (the candidates changed); an edit alone goes through ``_catch_up``."""
        session = self._session()
        current = self.visible[self.current] if self.current is not None and self.current < len(self.visible) else None
        self._edited_places = set()
        if session is None:
            self._shown = ShownSuggestions()
        else:
            # holds() is kept current edit by edit: no pass over every span
            candidates = self._candidates(session.document.id)
            cached = self._candidate_cache
            by_place = cached[5] if cached is not None and cached[4] is candidates else None
            self._shown = ShownSuggestions(candidates, session.annotations.holds, by_place)
        places = self._shown.places
        self.current = None
        if current is not None:  # a fresh run makes new objects: the same suggestion is the same key
            key = current.key
            self.current = next((i for i, s in enumerate(self.visible) if s.start == current.start and s.key == key), None)
        self._view.set_suggestions(places, self.current, self._current_links())
        self.update_texts()

    def update_texts(self) -> None:
        """The status bar's count and the accept-all actions' names, after what is shown changed."""
        count = len(self.visible)
        text = ""
        if self._session() is not None:
            counts = self.counts()
            total, documents = sum(counts.values()), len(counts)
            corpus = f" · {total:,} stored in {documents:,} article{'s' if documents != 1 else ''}" if documents else ""
            text = f"  {count} suggestion{'s' if count != 1 else ''} pending{corpus}  "
        self.status_label.setText(text)
        by_kind = self._shown.kind_counts
        for kind, action in self.accept_all_actions.items():
            n = sum(number for k, number in by_kind.items() if k.value == kind)
            action.setText(f"{n}: accept all {KIND_NAMES.get(kind, kind)} in this article")
            action.setEnabled(n > 0)

    def describe(self, suggestion: Suggestion) -> str:
        return describe_suggestion(suggestion, self._registry())

    # --- keys ---------------------------------------------------------------------
    def step(self, step: int) -> None:
        """N / Shift+N: the next / previous suggestion becomes the current one."""
        if not self.visible:
            self._tell("No suggestions in this article")
            return
        if self.current is not None:
            index = (self.current + step) % len(self.visible)
        else:
            caret = self._view.mapping.from_qt(self._view.textCursor().position())
            after = [i for i, s in enumerate(self.visible) if s.start >= caret]
            before = [i for i, s in enumerate(self.visible) if s.start < caret]
            index = (after[0] if after else 0) if step > 0 else (before[-1] if before else len(self.visible) - 1)
        self._make_current(index)

    def finish_and_next(self) -> None:
        """Ctrl+Return (from the Details panel, once an accepted claim's fields are done): back to
        the article, which applies the field being edited as leaving it does, and on to the next
        suggestion from the selected span, as Ctrl+T then N."""
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.step(+1)

    def _make_current(self, index: int | None) -> None:
        self.current = index
        if index is not None:
            self._view.set_selected_span(None, scroll=False)  # Enter and Backspace now mean this suggestion
        self._view.set_current_suggestion(index, self._current_links())
        if index is None:
            return
        suggestion = self.visible[index]
        self._view.show_offset(suggestion.start)
        self._tell(f"{index + 1}/{len(self.visible)} {self.describe(suggestion)} — Enter accepts (with the extent selected over it, if any), Backspace rejects")

    def _current_links(self) -> list[tuple[int, int, str]]:
        """Where the current claim suggestion's claimant, target and date are, for the view to draw."""
        if self.current is None or self.current >= len(self.visible):
            return []
        from annotator.core.suggest.accept import linked_places

        return linked_places(self.visible[self.current], self._project().scheme)

    def click(self, index: int) -> None:
        """A click on a suggestion where no span is: it becomes the current one (Enter accepts it)."""
        if not self._blocked() and 0 <= index < len(self.visible):
            self._make_current(index)

    def clear_current(self) -> None:
        if self.current is not None:
            self.current = None
            self._view.set_current_suggestion(None)

    def _current(self, force: bool) -> Suggestion | None:
        if self.current is None or self.current >= len(self.visible) or (not force and self._blocked()):
            return None
        return self.visible[self.current]

    def accept_current(self, force: bool = False) -> bool:
        """Enter: accept the current suggestion; False (the key keeps its other meaning) when none is current.

        With text selected over the suggestion, it is accepted with the selection's extent (snapped
        to words), its claimant, date, stance and topic kept: the coder fixes an extent that is too
        long or too short in one drag instead of rejecting it and coding the claim by hand. The
        proposed extent is then remembered as rejected, so it is not proposed again."""
        suggestion = self._current(force)
        if suggestion is None:
            if force:
                self._tell("No current suggestion: N goes to the next one")
            return False
        index = self.current
        proposed, suggestion = suggestion, self._with_selected_extent(suggestion)
        if self._accept([suggestion], f"Accept {noun(suggestion.kind.value)} “{short(suggestion.text, 30)}”"):
            if suggestion is not proposed:
                self._stored.store_rejected(proposed)
                cursor = self._view.textCursor()
                cursor.clearSelection()  # the selection was spent on this suggestion
                self._view.setTextCursor(cursor)
                self.refresh()
            claim_id = self._accepted_claim(suggestion)
            if claim_id is not None:
                # N goes on with the walk from the claim (the caret sits at its start).
                self._view.set_selected_span(claim_id, scroll=False)
                self.claim_accepted.emit(claim_id)
            else:
                self._after_removal(index)
        return True

    def _with_selected_extent(self, suggestion: Suggestion) -> Suggestion:
        from annotator.core.suggest.accept import with_selected_extent

        session = self._session()
        return suggestion if session is None else with_selected_extent(suggestion, session.document.text, self._view.selected_offsets())

    def accept_paragraph(self, force: bool = False) -> bool:
        """Shift+Enter: accept the current suggestion and every later one in its paragraph as one
        undo step (Prodigy's accept of a whole example, once its wrong suggestions are rejected);
        the first suggestion after the paragraph becomes current. False when none is current."""
        suggestion = self._current(force)
        session = self._session()
        if suggestion is None or session is None or self.current is None:
            if force:
                self._tell("No current suggestion: N goes to the next one")
            return False
        from annotator.core.suggest.accept import paragraph_of

        _start, end = paragraph_of(session.document.text, suggestion.start)
        items = [s for s in self.visible[self.current :] if s.start < end]
        following = next((s.key for s in self.visible[self.current :] if s.start >= end), None)
        self._accept(items, f"Accept {len(items)} suggestion{'s' if len(items) != 1 else ''} of this paragraph")
        keys = [s.key for s in self.visible]
        if following in keys:
            self._make_current(keys.index(following))
        return True

    def topic_guesses(self, span: Span) -> tuple[str, ...]:
        """The ranked topic guesses (best first) of the suggestion ``span`` was accepted from in the
        open document, for the Details panel's topic field; none for a claim coded by hand."""
        session = self._session()
        return () if session is None else self._topic_guesses.of(session.document.id, span)

    def _accepted_claim(self, suggestion: Suggestion) -> str | None:
        from annotator.core.suggest.accept import accepted_claim_id

        session = self._session()
        return None if session is None else accepted_claim_id(suggestion, session.annotations)

    def reject_current(self, force: bool = False) -> bool:
        """Backspace: reject the current suggestion for good; False when none is current."""
        suggestion = self._current(force)
        if suggestion is None:
            if force:
                self._tell("No current suggestion: N goes to the next one")
            return False
        index = self.current
        self._stored.store_rejected(suggestion)
        self.current = None
        self.refresh()
        self._tell(f"Rejected, never proposed again: {self.describe(suggestion)}")
        self._after_removal(index)
        return True

    def accept_all(self, kind: str) -> None:
        """Every shown suggestion of ``kind`` in this article, as one undo step."""
        items = [s for s in self.visible if s.kind.value == kind]
        if items:
            self._accept(items, f"Accept all {len(items)} {KIND_NAMES.get(kind, kind)} suggestions")
            self.current = None
            self.refresh()

    def _after_removal(self, index: int | None) -> None:
        """The suggestion after the one just decided becomes current, so Enter / Backspace go on."""
        if index is not None and self.visible:
            self._make_current(min(index, len(self.visible) - 1))

    def _accept(self, items: list[Suggestion], label: str) -> bool:
        session = self._session()
        if session is None:
            return False
        if not session.editable:
            self._tell(f"Read-only: {session.read_only_reason}")
            return False
        from annotator.core.suggest.accept import accept

        batch, left_out = accept(items, session.annotations, self._project().scheme, actor_ids=self._registry().ids(), label=label)
        if batch is not None:
            session.push(batch)  # one undo step
            self._topic_guesses.remember(session.document.id, items, self._accepted_claim)
        doc_id = session.document.id
        decided = {s.key for s in items}
        self._stored.forget_pending()  # read again: a corpus run may have stored this document's meanwhile
        pending = self.pending(doc_id)
        if any(s.key in decided for s in pending):
            self._stored.store_pending(doc_id, tuple(s for s in pending if s.key not in decided))
        self.current = None
        self.refresh()
        accepted = len(items) - len(left_out)
        message = f"{label}: {accepted} accepted (Ctrl+Z undoes it)"
        if left_out:
            message += f"; {len(left_out)} no longer fit the text or the labels and were left out"
        self._tell(message)
        return batch is not None
