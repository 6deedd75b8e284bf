"""The selected span's details: its actor link, claim attributes or date value.

The panel never changes annotations. Each user change becomes exactly one edit
from ``annotator.core.edits.update_span``, emitted as ``edit_requested`` for the
main window to push on the document's undo stack. ``show_span`` only displays:
it blocks the widgets' signals, so showing a span never emits an edit.

After emitting an edit the panel shows ``edit.new`` as the current span, so a
second signal for the same change (a line edit's ``editingFinished`` on Enter
and again on focus-out) does not emit it twice. The main window is expected to
call ``show_span`` again when the annotations change, and also when it refuses
an edit (a read-only document), to bring the panel back in line.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import QEvent, QObject, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationSet
from annotator.core.codebook import Codebook
from annotator.core.dates import TIMEX_MODS, TIMEX_TYPES, validate_timex
from annotator.core.edits import ReplaceSpan, update_span
from annotator.core.model import Actor, ActorRef, ClaimAttributes, ClaimForm, LabelKind, LabelScheme, Span, Stance, TimexValue
from annotator.gui.actor_chooser import ActorChooser
from annotator.gui.appearance import readable
from annotator.gui.details_widgets import LinkRow, RoomForPages, wrapping_label
from annotator.gui.letter_keys import LetterKeys
from annotator.gui.topic_field import TopicGuessWalk

NONE_CHOICE = "—"
_RED = "#b91c1c"
_GREY = "#6b7280"
_TEXT_LIMIT = 160
_HEADER_LINES = 3  # the label and its place, and two lines of the span text; a longer text scrolls


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _actor_text(actor: Actor) -> str:
    return f"{actor.name} ({actor.type.value})"


def _muted(text: str) -> str:
    return f"<span style='color:{readable(_GREY)}'>{escape(text)}</span>"


def _red(text: str) -> str:
    return f"<span style='color:{readable(_RED)}'>{escape(text)}</span>"


class SpanDetailsPanel(QWidget):
    """Details of one span, by its label's kind (actor, claim, date); a hint otherwise."""

    edit_requested = Signal(object)  # a ReplaceSpan from update_span
    link_actor_requested = Signal(str)  # actor span id
    link_mode_requested = Signal(str)  # claim span id: start "pick claimant and date"
    span_activated = Signal(str)  # a linked span's id
    actor_chosen = Signal(str, object)  # actor span id, ActorChoice from the inline chooser
    actor_choice_cancelled = Signal(str)  # actor span id
    topic_requested = Signal(object, str)  # claim span, topic text not in the codebook yet (create on first use)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._span: Span | None = None
        self._annotations: AnnotationSet | None = None
        self._scheme: LabelScheme | None = None
        self._registry: ActorRegistry | None = None
        self._dct: datetime.date | None = None
        self._codebook = Codebook(None)
        self._topic_guesses: Callable[[Span], Sequence[str]] = lambda _span: ()  # set_topic_guesses
        # Counts show_span calls, so _emit can tell whether the receiver already re-showed.
        self._shown = 0
        # Every edit shows the panel again: painting its own background, its labels' repaint
        # stops here instead of repainting the dock and the window beneath them (per edit in a
        # 5,000-span article: two dock paints, about 0.5 ms).
        self.setAutoFillBackground(True)

        self.hint = QLabel("Select a span to see its details")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color:{readable(_GREY)}")
        self.header = wrapping_label()
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.actor_page = self._build_actor_page()
        self.claim_page = self._build_claim_page()
        self.date_page = self._build_date_page()

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        for widget in (self.hint, self.header, self.actor_page, self.claim_page, self.date_page):
            layout.addWidget(widget)
        layout.addStretch(1)
        # The pages differ in size (a claim's is three times a date's) and so does the header's
        # wrapped text: in a scroll area, showing another span lays out the panel alone. Laid out
        # directly in the dock, nearly every edit changed the panel's size hint, and the window
        # laid out its docks again and repainted them all (the span list, its scroll bars, the tabs).
        scroll = RoomForPages()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, as before
        # Room for the largest page under a header of a few lines, kept whatever is shown: the
        # dock makes room once (as it did at a claim's first showing), and no scroll bar comes and
        # goes from one span to the next.
        pages = (self.actor_page, self.claim_page, self.date_page)
        margins = layout.contentsMargins()
        self._room = QSize(
            max(page.minimumSizeHint().width() for page in pages) + margins.left() + margins.right(),
            max(page.minimumSizeHint().height() for page in pages)
            + _HEADER_LINES * self.header.fontMetrics().lineSpacing()
            + layout.spacing()
            + margins.top()
            + margins.bottom(),
        )
        self._scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.show_span(None, None, LabelScheme.default(), ActorRegistry(), None)

    # --- construction ------------------------------------------------------------
    def _build_actor_page(self) -> QWidget:
        page = QWidget()
        self.actor_label = wrapping_label()
        self.link_actor_button = QPushButton("Link to actor… (L)")
        self.link_actor_button.setToolTip("Link this mention to an actor of the registry")
        self.link_actor_button.clicked.connect(self._request_actor_link)
        self.chooser = ActorChooser()
        self.chooser.chosen.connect(self.actor_chosen)
        self.chooser.cancelled.connect(self.actor_choice_cancelled)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Actor", self.actor_label)
        form.addRow(self.chooser)
        form.addRow(self.link_actor_button)
        return page

    def ask_actor(self, span_id: str, mention: str, ambiguous: tuple[Actor, ...] = ()) -> None:
        """Ask inline which actor ``span_id`` is; the answer comes as ``actor_chosen``."""
        if self._registry is not None:
            self.chooser.ask(span_id, mention, self._registry, ambiguous)

    def set_codebook(self, codebook: Codebook) -> None:
        self._codebook = codebook
        self._topic_names.setStringList(sorted({n for t in codebook.active() for n in (t.name, *t.aliases)}, key=str.casefold))

    def set_topic_guesses(self, source: Callable[[Span], Sequence[str]]) -> None:
        """Where the topic field reads a claim's ranked topic guesses (an accepted suggestion's; gui/topic_field.py)."""
        self._topic_guesses = source

    def focus_first_field(self) -> None:
        """F6: the first field of what is shown (a claim's stance, the actor chooser, a date's value)."""
        span = self._span
        kind = self._scheme.kind_of(span.label) if span is not None and self._scheme is not None else None
        if kind is LabelKind.CLAIM:
            self.stance_combo.setFocus()
        elif kind is LabelKind.ACTOR:
            (self.chooser.name_edit if self.chooser.isVisible() else self.link_actor_button).setFocus()
        elif kind is LabelKind.DATE:
            self.value_edit.setFocus()
        else:
            self.setFocus()

    def focus_first_open_field(self) -> None:
        """After a claim suggestion is accepted: the first field it left open, so the coder starts
        where the work is: Stance when no stance was guessed, else Topic when no topic was (a
        guessed stance is in view there, Shift+Tab away); a claim with both lands on Stance, to review."""
        span = self._span
        kind = self._scheme.kind_of(span.label) if span is not None and self._scheme is not None else None
        claim = span.claim if span is not None and kind is LabelKind.CLAIM else None
        if claim is not None and claim.stance is not None and not claim.topic:
            self.topic_edit.setFocus()
        else:
            self.focus_first_field()

    def _build_claim_page(self) -> QWidget:
        page = QWidget()
        self.claimant_row = LinkRow(typeahead=True)
        self.target_row = LinkRow(typeahead=True)
        self._actor_names = QStringListModel(self)
        for role, row in (("claimant", self.claimant_row), ("target", self.target_row)):
            completer = QCompleter(self._actor_names, row.edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
            row.edit.setCompleter(completer)
            row.edit.returnPressed.connect(lambda r=role, w=row.edit: self._typed_actor(r, w))
        self.date_row = LinkRow()
        self.claimant_row.clear.clicked.connect(lambda: self._clear_link("claimant"))
        self.target_row.clear.clicked.connect(lambda: self._clear_link("target"))
        self.date_row.clear.clicked.connect(lambda: self._clear_link("date_span_id"))
        for row in (self.claimant_row, self.target_row, self.date_row):
            row.label.linkActivated.connect(self._follow_link)
        self.pick_button = QPushButton("Pick claimant and date… (K)")
        self.pick_button.setToolTip("Then click the claimant's mention and the claim's date in the text")
        self.pick_button.clicked.connect(self._request_link_mode)

        self.stance_combo = QComboBox()
        self.stance_combo.addItem(NONE_CHOICE, None)
        for stance in Stance:
            self.stance_combo.addItem(stance.value, stance)
        self.stance_combo.currentIndexChanged.connect(lambda _index: self._claim_changed("stance", self.stance_combo.currentData()))
        self.form_combo = QComboBox()
        self.form_combo.addItem(NONE_CHOICE, None)
        for form_value in ClaimForm:
            self.form_combo.addItem(form_value.value, form_value)
        self.form_combo.currentIndexChanged.connect(lambda _index: self._claim_changed("form", self.form_combo.currentData()))
        self.topic_edit = QLineEdit()
        self.topic_edit.setPlaceholderText("a codebook topic; a new one is added")
        # Inline: a prefix completes to the first codebook topic, shown selected, so one Enter takes it.
        self._topic_names = QStringListModel(self)
        topic_completer = QCompleter(self._topic_names, self.topic_edit)
        topic_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        topic_completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.topic_edit.setCompleter(topic_completer)
        self.topic_edit.editingFinished.connect(self._topic_entered)
        self.topic_walk = TopicGuessWalk(self.topic_edit)  # Up / Down: the suggestion's ranked topic guesses
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Saved when you leave the field")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.note_edit.installEventFilter(self)

        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        # Tab order is form order: stance (s/o/n), topic, form (d/i/p), claimant, target, note.
        self.stance_combo.setToolTip("s supports · o opposes · n neutral")
        self.form_combo.setToolTip("d direct quote · i indirect speech · p paraphrase")
        LetterKeys(self.stance_combo)
        LetterKeys(self.form_combo)
        self.pick_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # K does the same from the article
        form.addRow("Stance", self.stance_combo)
        form.addRow("Topic", self.topic_edit)
        form.addRow(self.topic_walk.hint)
        form.addRow("Form", self.form_combo)
        form.addRow("Claimant", self.claimant_row)
        form.addRow("Target", self.target_row)
        form.addRow("Date", self.date_row)
        form.addRow(self.pick_button)
        form.addRow("Note", self.note_edit)
        return page

    def _build_date_page(self) -> QWidget:
        page = QWidget()
        self.resolved_label = wrapping_label()
        font = self.resolved_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.resolved_label.setFont(font)
        self.type_combo = QComboBox()
        self.type_combo.addItems(list(TIMEX_TYPES))
        self.type_combo.currentIndexChanged.connect(lambda _index: self._timex_changed())
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("e.g. 2024-02-23, 2024-W08, P2Y")
        self.value_edit.editingFinished.connect(self._timex_changed)
        self.mod_combo = QComboBox()
        self.mod_combo.addItem(NONE_CHOICE, None)
        for mod in TIMEX_MODS:
            self.mod_combo.addItem(mod, mod)
        self.mod_combo.currentIndexChanged.connect(lambda _index: self._timex_changed())
        self.date_message = wrapping_label()
        self.date_message.setTextFormat(Qt.TextFormat.PlainText)
        self.renormalise_button = QPushButton("Re-normalise from text")
        self.renormalise_button.setToolTip("Read the value again from the span's text and the article's date")
        self.renormalise_button.clicked.connect(self._renormalise)

        type_and_mod = QHBoxLayout()
        type_and_mod.setSpacing(6)
        type_and_mod.addWidget(self.type_combo, 1)
        # No mnemonics in this panel: Alt+letters belong to the main window's menus.
        type_and_mod.addWidget(QLabel("Mod"))
        type_and_mod.addWidget(self.mod_combo, 1)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.addRow(self.resolved_label)
        form.addRow("Value", self.value_edit)
        form.addRow("Type", type_and_mod)
        form.addRow(self.date_message)
        form.addRow(self.renormalise_button)
        return page

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # Kept from the first showing on, once the window has its size (as the dock grew at the
        # first claim shown); set while the window was still being built, it took the span list's
        # share of the docks' first layout.
        self._scroll.setMinimumSize(self._room)
        super().showEvent(event)

    # --- showing -----------------------------------------------------------------
    def current_span(self) -> Span | None:
        return self._span

    def show_span(
        self,
        span: Span | None,
        annotations: AnnotationSet | None,
        scheme: LabelScheme,
        registry: ActorRegistry,
        dct: datetime.date | None,
    ) -> None:
        """Show ``span`` (``None``: the hint). Emits nothing."""
        if self.chooser.span_id is not None and (span is None or span.id != self.chooser.span_id):
            self.chooser.dismiss()  # another span: the question is no longer asked
        self._span, self._annotations, self._scheme, self._registry, self._dct = span, annotations, scheme, registry, dct
        names = sorted({n for a in registry.active() for n in (a.name, *a.aliases)}, key=str.casefold)
        if names != self._actor_names.stringList():
            self._actor_names.setStringList(names)
        self._shown += 1
        self._render()

    def _render(self) -> None:
        span, scheme = self._span, self._scheme
        kind = scheme.kind_of(span.label) if span is not None and scheme is not None else None
        self.hint.setVisible(span is None or kind is LabelKind.OTHER)
        self.hint.setText("Select a span to see its details" if span is None else "This label has no details to edit")
        self.header.setVisible(span is not None)
        self.actor_page.setVisible(kind is LabelKind.ACTOR)
        self.claim_page.setVisible(kind is LabelKind.CLAIM)
        self.date_page.setVisible(kind is LabelKind.DATE)
        if self.date_message.text():  # clear() relayouts even an empty label
            self.date_message.clear()
        self.date_message.hide()
        if span is None or scheme is None:
            return
        definition = scheme.get(span.label)
        colour = definition.colour if definition else _GREY
        self.header.setText(
            f"<b style='color:{colour}'>■ {escape(span.label)}</b> &nbsp;"
            f"{_muted(f'{span.start}–{span.end} · {span.id}')}<br>"
            f"“{escape(_short(span.text, _TEXT_LIMIT))}”"
        )
        if kind is LabelKind.ACTOR:
            self._render_actor(span)
        elif kind is LabelKind.CLAIM:
            self._render_claim(span)
        elif kind is LabelKind.DATE:
            self._render_date(span)

    def _render_actor(self, span: Span) -> None:
        if span.actor_id is None:
            self.actor_label.setText(_red("not linked"))
            return
        actor = self._registry.resolve(span.actor_id) if self._registry is not None else None
        if actor is None:
            self.actor_label.setText(_red(f"links to {span.actor_id}, which is not in the registry"))
            return
        text = f"<b>{escape(_actor_text(actor))}</b>"
        if actor.id != span.actor_id:
            text += " " + _muted(f"(via merged {span.actor_id})")
        self.actor_label.setText(text)

    def _render_claim(self, span: Span) -> None:
        claim = span.claim or ClaimAttributes()
        self._render_ref(self.claimant_row, claim.claimant)
        self._render_ref(self.target_row, claim.target)
        self._render_span_link(self.date_row, claim.date_span_id, show_value=True)
        for combo, value in ((self.stance_combo, claim.stance), (self.form_combo, claim.form)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        if not self.topic_edit.hasFocus() or self.topic_edit.text().strip() == claim.topic:
            self.topic_edit.blockSignals(True)
            self.topic_edit.setText(claim.topic)
            self.topic_edit.blockSignals(False)
        self.topic_walk.offer(self._topic_guesses(span))
        for row in (self.claimant_row, self.target_row):
            if row.edit is not None and not row.edit.hasFocus():
                row.edit.clear()
        if self.note_edit.toPlainText() != claim.note:
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(claim.note)
            self.note_edit.blockSignals(False)

    def _render_ref(self, row: LinkRow, ref: ActorRef | None) -> None:
        if ref is not None and ref.actor_id is not None:
            actor = self._registry.resolve(ref.actor_id) if self._registry is not None else None
            if actor is None:
                row.label.setText(_red(f"actor {ref.actor_id} is not in the registry"))
            else:
                row.label.setText(f"{escape(_actor_text(actor))} {_muted('· not in the text')}")
            row.clear.setEnabled(True)
            return
        self._render_span_link(row, ref.span_id if ref is not None else None, show_value=False)

    def _render_span_link(self, row: LinkRow, span_id: str | None, *, show_value: bool) -> None:
        row.clear.setEnabled(span_id is not None)
        if span_id is None:
            row.label.setText(_muted("none"))
            return
        target = self._annotations.get(span_id) if self._annotations is not None else None
        if target is None:
            row.label.setText(_red(f"span {span_id} does not exist"))
            return
        text = f"<a href='span:{escape(span_id)}'>“{escape(_short(target.text, 60))}”</a>"
        if show_value and target.timex is not None:
            text += " " + _muted(f"· {target.timex.value}")
        elif not show_value and target.actor_id is not None and self._registry is not None:
            actor = self._registry.resolve(target.actor_id)
            if actor is not None:
                text += " " + _muted(f"· {actor.name}")
        row.label.setText(text)

    def _render_date(self, span: Span) -> None:
        timex = span.timex
        if timex is None:
            self.resolved_label.setText(_red("no value yet"))
        else:
            parts = [timex.value, timex.type, *([timex.mod] if timex.mod else [])]
            self.resolved_label.setText(escape(" · ".join(parts)))
        for widget in (self.type_combo, self.mod_combo, self.value_edit):
            widget.blockSignals(True)
        self.type_combo.setCurrentIndex(max(self.type_combo.findText(timex.type if timex else "DATE"), 0))
        self.mod_combo.setCurrentIndex(max(self.mod_combo.findData(timex.mod if timex else None), 0))
        self.value_edit.setText(timex.value if timex else "")
        for widget in (self.type_combo, self.mod_combo, self.value_edit):
            widget.blockSignals(False)
        self.renormalise_button.setEnabled(self._annotations is not None)

    # --- user changes --------------------------------------------------------------
    def _emit(self, edit: ReplaceSpan) -> None:
        if edit.new == edit.old:
            return
        self._span = edit.new
        shown = self._shown
        self.edit_requested.emit(edit)
        # The main window usually calls show_span from the emit; render anyway for receivers that do not.
        if self._shown == shown:
            self._render()

    def _claim_changed(self, field: str, value: object) -> None:
        span = self._span
        if span is None:
            return
        claim = span.claim or ClaimAttributes()
        if getattr(claim, field) == value:
            return
        changed = ClaimAttributes.model_validate({**claim.model_dump(), field: value})
        self._emit(update_span(span, claim=changed))

    def _topic_entered(self) -> None:
        span = self._span
        text = " ".join(self.topic_edit.text().split())
        if span is None or (span.claim or ClaimAttributes()).topic == text:
            return
        topic = self._codebook.resolve(text) if text else None
        if text and topic is None:
            self.topic_requested.emit(span, text)  # created on first use (the window adds it, then sets it)
            return
        self._claim_changed("topic", topic.name if topic is not None else "")

    def _typed_actor(self, role: str, edit: QLineEdit) -> None:
        """Claimant or target typed by name: a registry actor, perhaps not named in the text."""
        text = " ".join(edit.text().split())
        if not text:
            return
        actor = self._registry.find(text) if self._registry is not None else None
        if actor is None:
            edit.setStyleSheet(f"color:{readable(_RED)}")
            edit.setToolTip(f"No actor “{text}” in the registry: add it in the Actors panel (F7)")
            return
        edit.setStyleSheet("")
        edit.setToolTip("")
        edit.clear()
        self._claim_changed(role, ActorRef(actor_id=actor.id))

    def _clear_link(self, field: str) -> None:
        self._claim_changed(field, None)

    def _follow_link(self, link: str) -> None:
        kind, _, span_id = link.partition(":")
        if kind == "span" and span_id:
            self.span_activated.emit(span_id)

    def _request_actor_link(self) -> None:
        if self._span is not None:
            self.link_actor_requested.emit(self._span.id)

    def _request_link_mode(self) -> None:
        if self._span is not None:
            self.link_mode_requested.emit(self._span.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self._claim_changed("note", self.note_edit.toPlainText().strip())
        return super().eventFilter(watched, event)

    def _timex_changed(self) -> None:
        span = self._span
        if span is None:
            return
        value = self.value_edit.text().strip()
        if not value:
            # An emptied value means "no value": the span goes back to being unnormalised.
            if span.timex is not None:
                self._emit(update_span(span, timex=None))
            return
        timex_type = self.type_combo.currentText()
        mod = self.mod_combo.currentData()
        problem = validate_timex(timex_type, value, mod)
        if problem is not None:
            self._say(problem, error=True)
            return
        self.date_message.hide()
        timex = TimexValue.model_validate({"type": timex_type, "value": value, "mod": mod})
        if timex != span.timex:
            self._emit(update_span(span, timex=timex))

    def _say(self, message: str, *, error: bool) -> None:
        self.date_message.setStyleSheet(f"color:{readable(_RED if error else _GREY)}")
        self.date_message.setText(message)
        self.date_message.show()

    def _renormalise(self) -> None:
        span, annotations = self._span, self._annotations
        if span is None or annotations is None:
            return
        from annotator.core.dates import normalise_span  # the finder loads on first use

        mention = normalise_span(annotations.document.text, span.start, span.end, self._dct)
        if mention is None:
            self._say(f"“{_short(span.text, 60)}” does not read as a date expression", error=True)
            return
        timex = TimexValue.model_validate({"type": mention.type, "value": mention.value, "mod": mention.mod})
        if timex == span.timex:
            self._say("The value already matches the text", error=False)
            return
        self._emit(update_span(span, timex=timex))
