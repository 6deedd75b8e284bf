"""What the labelling keys do: turn the view's selection into core edits.

The controller holds no annotation state of its own; it reads the current
session and the article view, builds an edit and pushes it on the session's
undo stack. The one piece of state it keeps is the claim being linked (link
mode: the next actor and date picked become its claimant and date).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from annotator.core.actors import RegistryError, Resolution, alias_for_link, new_actor, resolve_text
from annotator.core.edits import AddSpan, date_value, relabel_with_links, remove_with_links, resize, update_span
from annotator.core.model import ActorRef, ClaimAttributes, ClaimForm, LabelKind, Span, TimexValue
from annotator.core.quotes import is_quoted
from annotator.core.selection import (
    next_token_end,
    previous_token_start,
    shrink_end_by_token,
    shrink_start_by_token,
    snap_selection,
    snap_to_graphemes,
)
from annotator.gui.actor_link_dialog import ActorChoice
from annotator.gui.session import DocumentSession
from annotator.gui.text_view import ArticleView

# Asks, without blocking, which actor a mention is; the answer comes back through ``apply_choice``.
AskActor = Callable[[Span, Resolution], None]


class SpanEditor:
    def __init__(
        self,
        view: ArticleView,
        current_session: Callable[[], DocumentSession | None],
        tell: Callable[[str], None],
        ask_actor: AskActor | None = None,
        linked_before: Callable[[str], set[str]] | None = None,
    ) -> None:
        self._view = view
        self._session = current_session
        self._tell = tell
        self.ask_actor = ask_actor
        # Actor ids a mention text was linked to before, anywhere in the project (the mention index).
        self.linked_before = linked_before or (lambda _text: set())
        # In link mode, where Tab goes on from: the span picked last (not the claim, which stays selected).
        self._tab_anchor: str | None = None
        self.snap_to_words = True
        self.link_actors_when_tagging = True
        self._linking_claim: str | None = None

    @property
    def linking_claim(self) -> str | None:
        """The claim being linked (link mode), or None."""
        return self._linking_claim

    @linking_claim.setter
    def linking_claim(self, claim_id: str | None) -> None:
        self._linking_claim = claim_id
        self._view.picking = claim_id is not None

    def _editable_session(self) -> DocumentSession | None:
        session = self._session()
        if session is None:
            return None
        if not session.editable:
            self._tell(f"Read-only: {session.read_only_reason}")
            return None
        return session

    def _selected(self, session: DocumentSession | None) -> Span | None:
        return session.annotations.get(self._view.selected_span or "") if session else None

    # --- tagging ---------------------------------------------------------------
    def apply_label(self, label: str) -> None:
        """Tag the selected text with ``label``, or relabel the selected span."""
        session = self._editable_session()
        if session is None:
            return
        annotations = session.annotations
        scheme = session.project.scheme
        selection = self._view.selected_offsets()
        if selection is not None:
            snapped = snap_selection(annotations.document.text, *selection, to_words=self.snap_to_words)
            if snapped is None:
                self._tell("The selection holds only spaces: nothing to tag")
                return
            start, end = snapped
            existing = next((s for s in annotations.overlapping(start, end) if (s.start, s.end, s.label) == (start, end, label)), None)
            if existing is not None:
                self._view.set_selected_span(existing.id, scroll=False)
                self._tell(f"“{existing.text}” is already tagged as {label}")
                return
            span = annotations.make_span(start, end, label)
            if scheme.kind_of(label) is LabelKind.CLAIM and is_quoted(annotations.document.text, start, end):
                span = span.model_copy(update={"claim": ClaimAttributes(form=ClaimForm.DIRECT_QUOTE)})
            if scheme.kind_of(label) is LabelKind.DATE:
                span = span.model_copy(update={"timex": self._timex_for(session, span)})
            if scheme.kind_of(label) is LabelKind.ACTOR and self.link_actors_when_tagging:
                resolution = self._resolve(session, span)
                if resolution.actor is not None:
                    # Known text: tagged and linked in one undo step, no question asked.
                    linked = span.model_copy(update={"actor_id": resolution.actor.id})
                    alias = alias_for_link(resolution.actor, span.text)
                    session.push_all(
                        f"Tag “{_short(span.text)}” as {label}, linked to {resolution.actor.name}", [AddSpan(span=linked), *([alias] if alias else [])]
                    )
                    self._view.set_selected_span(span.id, scroll=False)
                    self._tell(f"Linked to {resolution.actor.name}" + (f" (“{alias.new.aliases[-1]}” is now an alias)" if alias else ""))
                    return
                session.push(AddSpan(span=span))
                self._view.set_selected_span(span.id, scroll=False)
                self._ask(span, resolution)
                return
            session.push(AddSpan(span=span))
            self._view.set_selected_span(span.id, scroll=False)
            return
        span = self._selected(session)
        if span is None:
            self._tell("Select some text (or click a span) first")
            return
        if span.label != label:
            edit = relabel_with_links(annotations, span, label, scheme)
            session.push(edit)
            self._tell(edit.describe())  # says what the new kind could not keep
            relabelled = annotations.get(span.id)
            if relabelled is not None and scheme.kind_of(label) is LabelKind.ACTOR and relabelled.actor_id is None and self.link_actors_when_tagging:
                self.link_actor(relabelled.id, ask_always=False)

    @staticmethod
    def preload_date_finder() -> threading.Thread:
        """Import the date finder on a worker thread (about 60 ms of pattern compiling), so
        that the first date tagged does not wait for it. Call once the window is up."""
        thread = threading.Thread(target=importlib.import_module, args=("annotator.core.dates.finder",), name="date-finder", daemon=True)
        thread.start()
        return thread

    @staticmethod
    def _timex_for(session: DocumentSession, span: Span) -> TimexValue | None:
        """The normalised value of a date span, resolved against the article's date."""
        return date_value(session.annotations.document, span.start, span.end)

    def delete_selected(self) -> None:
        session = self._editable_session()
        span = self._selected(session)
        if session is None or span is None:
            return
        following = self._next_span_after(session, span)
        edit = remove_with_links(session.annotations, span)
        session.push(edit)
        if edit.op == "batch":
            self._tell(edit.describe())
        # Keep the keyboard flow going: select the next span, if any.
        self._view.set_selected_span(following, scroll=False)

    @staticmethod
    def _next_span_after(session: DocumentSession, span: Span) -> str | None:
        """The id of the first span after ``span`` in file order, looking in growing windows."""
        annotations = session.annotations
        length = len(annotations.document.text)
        key = span.sort_key()
        window = 512
        while True:
            later = [s for s in annotations.overlapping(span.start, min(length, span.start + window)) if s.sort_key() > key]
            if later or span.start + window >= length:
                return later[0].id if later else None
            window *= 8

    def move_edge(self, edge: str, direction: int) -> None:
        """Move the selected span's ``edge`` ("start" or "end") by a token (or a character) in ``direction`` (-1/+1)."""
        session = self._editable_session()
        span = self._selected(session)
        if session is None or span is None:
            return
        text = session.annotations.document.text
        start, end = span.start, span.end
        position = start if edge == "start" else end
        if self.snap_to_words:
            # By token: a word, or one punctuation mark ("(", ",", a quote) on its own.
            if edge == "end":
                position = next_token_end(text, end) if direction > 0 else shrink_end_by_token(text, start, end)
            else:
                position = previous_token_start(text, start) if direction < 0 else shrink_start_by_token(text, start, end)
        else:
            position = max(0, min(len(text), position + direction))
        if edge == "start":
            start = position
        else:
            end = position
        start, end = snap_to_graphemes(text, start, end)
        if not 0 <= start < end <= len(text) or (start, end) == (span.start, span.end):
            return
        edit = resize(session.annotations, span, start, end, session.project.scheme)
        session.push(edit)
        self._view.set_selected_span(span.id, scroll=False)
        self._tell(edit.describe())

    def select_neighbour(self, step: int) -> None:
        session = self._session()
        if session is None or not len(session.annotations):
            return
        spans = session.annotations.spans()
        if self.linking_claim is not None:  # in link mode Tab walks the spans a claim can link to
            kinds = {LabelKind.ACTOR, LabelKind.DATE}
            spans = [s for s in spans if session.project.scheme.kind_of(s.label) in kinds] or spans
        ids = [span.id for span in spans]
        current = self._view.selected_span
        if self.linking_claim is not None and current == self.linking_claim and self._tab_anchor in ids:
            current = self._tab_anchor
        if current in ids:
            index = (ids.index(current) + step) % len(ids)
        else:
            caret = self._view.mapping.from_qt(self._view.textCursor().position())
            after = [i for i, span in enumerate(spans) if span.start >= caret]
            index = (after[0] if after else 0) if step > 0 else ((after[0] - 1) if after else len(ids) - 1)
        self._view.set_selected_span(ids[index])

    # --- actor links -------------------------------------------------------------
    def _resolve(self, session: DocumentSession, span: Span) -> Resolution:
        text = " ".join(span.text.split())
        here = {s.actor_id for s in session.annotations.spans() if s.actor_id and s.id != span.id and " ".join(s.text.split()) == text}
        return resolve_text(session.registry, text, sorted(here | self.linked_before(text)))

    def _ask(self, span: Span, resolution: Resolution) -> None:
        if self.ask_actor is not None:
            self.ask_actor(span, resolution)

    def link_actor(self, span_id: str | None = None, *, ask_always: bool = True) -> None:
        """Link an actor mention to the registry. ``L`` (``ask_always``) always asks, in the
        non-modal chooser; otherwise a text that names one actor is linked at once."""
        session = self._editable_session()
        span = session.annotations.get(span_id or self._view.selected_span or "") if session else None
        if session is None or span is None:
            return
        if session.project.scheme.kind_of(span.label) is not LabelKind.ACTOR:
            self._tell("Only actor spans link to the actor registry")
            return
        resolution = self._resolve(session, span)
        if resolution.actor is not None and not ask_always:
            self._link(session, span, resolution.actor.id)
            return
        self._ask(span, resolution)

    def apply_choice(self, span_id: str, choice: ActorChoice) -> None:
        """The coder's answer from the chooser: link to that actor, or to a new one, with the text as an alias."""
        session = self._editable_session()
        span = session.annotations.get(span_id) if session else None
        if session is None or span is None:
            return
        if choice.actor_id is not None:
            self._link(session, span, choice.actor_id)
            return
        try:
            add = new_actor(session.registry, choice.new_name or span.text, choice.new_type)
        except RegistryError as error:
            self._tell(str(error))
            return
        alias = alias_for_link(add.actor, span.text)
        session.push_all(f"New actor {add.actor.name}", [add, *([alias] if alias else []), update_span(span, actor_id=add.actor.id)])
        self._tell(f"New actor {add.actor.name}; “{span.text}” linked to it")

    def _link(self, session: DocumentSession, span: Span, actor_id: str) -> None:
        actor = session.registry.resolve(actor_id)
        if actor is None or actor.id == span.actor_id:
            return
        alias = alias_for_link(actor, span.text)
        session.push_all(f"Link “{_short(span.text)}” to {actor.name}", [update_span(span, actor_id=actor.id), *([alias] if alias else [])])
        self._tell(f"Linked to {actor.name}" + (f" (“{alias.new.aliases[-1]}” is now an alias)" if alias else ""))

    # --- claim links (link mode) ----------------------------------------------------
    def start_link_mode(self, claim_id: str | None = None) -> bool:
        session = self._editable_session()
        claim = session.annotations.get(claim_id or self._view.selected_span or "") if session else None
        if session is None or claim is None or session.project.scheme.kind_of(claim.label) is not LabelKind.CLAIM:
            self._tell("Select a claim first, then press K to pick who made it and when")
            return False
        self.linking_claim = claim.id
        self._tab_anchor = None
        self._tell(f"Linking “{claim.text[:40]}”: click (or Tab to and press Enter) its claimant and its date; Shift for a target; Esc ends")
        return True

    def stop_link_mode(self) -> None:
        if self.linking_claim is not None:
            self.linking_claim = None
            self._tell("Linking ended")

    def pick(self, span_id: str, *, as_target: bool = False) -> bool:
        """In link mode, link the claim to ``span_id``; True if the pick was used."""
        session = self._editable_session()
        claim = session.annotations.get(self.linking_claim or "") if session else None
        picked = session.annotations.get(span_id) if session else None
        if session is None or claim is None or picked is None:
            self.linking_claim = None
            return False
        kind = session.project.scheme.kind_of(picked.label)
        attributes = claim.claim or ClaimAttributes()
        if kind is LabelKind.ACTOR:
            role = "target" if as_target else "claimant"
            attributes = attributes.model_copy(update={role: ActorRef(span_id=picked.id)})
            message = f"{role} of the claim: “{picked.text}”"
        elif kind is LabelKind.DATE:
            attributes = attributes.model_copy(update={"date_span_id": picked.id})
            message = f"date of the claim: “{picked.text}”" + (f" = {picked.timex.value}" if picked.timex else "")
        else:
            self._tell("Pick an actor or a date span (Esc ends linking)")
            return True
        session.push(update_span(claim, claim=attributes))
        self._tab_anchor = picked.id
        updated = session.annotations.get(claim.id)
        done = updated is not None and updated.claim is not None and updated.claim.claimant is not None and updated.claim.date_span_id is not None
        if done:
            self.linking_claim = None
            self._view.set_selected_span(claim.id, scroll=False)
            self._tell(f"Linked: {message}. The claim has its claimant and date")
        else:
            self._tell(f"Linked: {message}. Now pick the {'date' if kind is LabelKind.ACTOR else 'claimant'} (Esc ends)")
        return True


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
