"""Coding an article from its gold on the real main window, every input counted.

``Tally`` sends each key press, click and mouse selection where the keyboard focus is (as on a
real screen) and counts it for the kind of span being coded; ``code_actor``, ``code_date`` and
``code_claim`` make one gold span by hand the way a coder does (drag, label key, the inline actor
chooser only when it asks, K and clicks for a claim's links, F6 and single keys or one Tab each
for its fields); ``check_saved`` reads the saved JSON back against the gold. Used by
test_code_whole_article.py (by hand) and test_suggestion_effort.py (with suggestions).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from annotator.core.actors import ActorRegistry
from annotator.core.model import Actor, AnnotationFile
from annotator.gui.actor_link_dialog import ACTOR_ID_ROLE, KIND_ROLE
from annotator.gui.main_window import MainWindow

HERE = Path(__file__).parent


def load_gold(name: str) -> dict:
    """A gold file of this folder (gold_000.json: the first sample article, gold_003.json: the second)."""
    return json.loads((HERE / name).read_text(encoding="utf-8"))


TYPE_LETTER = {"organisation": Qt.Key.Key_O, "state or country": Qt.Key.Key_S, "group": Qt.Key.Key_G, "media": Qt.Key.Key_M, "other": Qt.Key.Key_T}
STANCE_LETTER = {"supports": Qt.Key.Key_S, "opposes": Qt.Key.Key_O, "neutral": Qt.Key.Key_N}
FORM_LETTER = {"direct quote": Qt.Key.Key_D, "indirect speech": Qt.Key.Key_I, "paraphrase": Qt.Key.Key_P}
_LETTER_KEYS = {chr(c): getattr(Qt.Key, f"Key_{chr(c).upper()}") for c in range(ord("a"), ord("z") + 1)}


class ModalDialogCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isModal():
            self.count += 1
        return False


class Tally:
    """Every input of the coder, sent where the keyboard focus is (as on a real screen) and counted."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.kind = "other"
        self.counts: dict[str, Counter] = defaultdict(Counter)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.counts[self.kind]["keys"] += 1
        QTest.keyClick(QApplication.focusWidget(), key, modifier)

    def type(self, text: str) -> None:
        for char in text:
            self.counts[self.kind]["keys"] += 1
            self.counts[self.kind]["typed"] += 1
            QTest.keyClicks(QApplication.focusWidget(), char)

    def select(self, start: int, end: int) -> None:
        """A mouse drag from the first character to the last (the view scrolled there first, as a coder reads)."""
        self.counts[self.kind]["selections"] += 1
        view = self.window.view
        self._scroll_to(start)
        begin, finish = self._point(start), self._point(end)
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, begin)
        QTest.mouseMove(view.viewport(), finish)
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, finish)

    def _scroll_to(self, offset: int) -> None:
        view = self.window.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.mapping.to_qt(offset))
        if not view.viewport().rect().adjusted(0, 40, 0, -80).contains(view.cursorRect(cursor)):
            # Scrolling is reading, not coding: it is not counted (a wheel or PgDown on a real screen).
            view.setTextCursor(cursor)
            view.centerCursor()

    def _point(self, offset: int) -> QPoint:
        view = self.window.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.mapping.to_qt(offset))
        rect = view.cursorRect(cursor)
        return QPoint(rect.x() + 1, rect.center().y())

    def click(self, offset: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.counts[self.kind]["clicks"] += 1
        view = self.window.view
        self._scroll_to(offset)
        point = self._point(offset)
        point.setX(point.x() + 2)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)

    def click_widget(self, widget: QWidget) -> None:
        """A click on a button of a panel (the Details panel's clear buttons, ...)."""
        self.counts[self.kind]["clicks"] += 1
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def span_at(window: MainWindow, start: int, label: str):  # noqa: ANN202
    return next(s for s in window.session.annotations.spans() if s.start == start and s.label == label)


def answer_chooser(tally: Tally, registry: ActorRegistry, name: str, actor_type: str) -> None:
    """Answer the inline chooser as a coder who knows the actor: Enter if it is already proposed,
    else type its name until it is (a prefix usually does), or name a new actor and its type."""
    chooser = tally.window.details_panel.chooser
    assert QApplication.focusWidget() is chooser.name_edit, "the chooser must have the keyboard when it asks"
    existing = registry.find(name)

    def proposed() -> bool:
        item = chooser.candidates.currentItem()
        return item is not None and existing is not None and item.data(ACTOR_ID_ROLE) == existing.id

    if existing is not None:
        typed = 0
        while not proposed():
            tally.type(name[typed])
            typed += 1
        tally.key(Qt.Key.Key_Return)
        return
    if chooser.name_edit.text() != name:
        tally.type(name)
    assert chooser.candidates.currentItem().data(KIND_ROLE) == "new"
    if actor_type != "person":
        tally.key(Qt.Key.Key_Tab)
        tally.key(TYPE_LETTER[actor_type])
    tally.key(Qt.Key.Key_Return)


def code_actor(tally: Tally, gold: dict) -> None:
    window = tally.window
    tally.select(gold["start"], gold["end"])
    tally.key(Qt.Key.Key_1)
    if window.details_panel.chooser.isVisible():
        tally.counts["actor"]["asked"] += 1
        answer_chooser(tally, window.registry, gold["actor"], gold["type"])
    else:
        assert window.statusBar().currentMessage().startswith("Linked to"), window.statusBar().currentMessage()
    span = span_at(window, gold["start"], "actor")
    assert (span.text, window.registry.resolve(span.actor_id).name) == (gold["text"], gold["actor"])
    assert QApplication.focusWidget() is window.view


def code_date(tally: Tally, gold: dict) -> None:
    tally.select(gold["start"], gold["end"])
    tally.key(Qt.Key.Key_3)
    span = span_at(tally.window, gold["start"], "date")
    assert span.text == gold["text"] and span.timex.model_dump(exclude_none=True) == gold["timex"]


def type_until(tally: Tally, edit, wanted: str) -> None:  # noqa: ANN001
    """Type ``wanted`` into a line edit with inline completion until its text is ``wanted``."""
    typed = 0
    while edit.text().casefold() != wanted.casefold():
        tally.type(wanted[typed])
        typed += 1
    tally.key(Qt.Key.Key_Return)


def code_claim(tally: Tally, gold: dict) -> None:
    window = tally.window
    panel = window.details_panel
    claim = gold["claim"]
    tally.select(gold["start"], gold["end"])
    tally.key(Qt.Key.Key_2)
    claim_id = window.view.selected_span
    tally.key(Qt.Key.Key_K)
    if "span" in claim.get("target", {}):
        tally.click(claim["target"]["span"]["start"] + 1, Qt.KeyboardModifier.ShiftModifier)
    if "span" in claim["claimant"]:
        tally.click(claim["claimant"]["span"]["start"] + 1)
    if claim["date"] is not None:
        tally.click(claim["date"]["start"] + 1)
    if window.span_editor.linking_claim is not None:
        tally.key(Qt.Key.Key_Escape)  # no claimant or no date in the text: end linking, the claim stays selected
    assert window.view.selected_span == claim_id and window.span_editor.linking_claim is None
    tally.key(Qt.Key.Key_F6)
    assert QApplication.focusWidget() is panel.stance_combo  # F6 lands in the first field
    tally.key(STANCE_LETTER[claim["stance"]])
    tally.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.topic_edit
    type_until(tally, panel.topic_edit, claim["topic"])
    current = window.session.annotations.get(claim_id).claim
    tabs = 1
    if current.form is None or current.form.value != claim["form"]:
        tally.key(Qt.Key.Key_Tab)
        tally.key(FORM_LETTER[claim["form"]])
        tabs = 0
    if "actor" in claim["claimant"]:
        for _ in range(tabs + 1):
            tally.key(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is panel.claimant_row.edit
        type_until(tally, panel.claimant_row.edit, claim["claimant"]["actor"])


CODERS = {"actor": code_actor, "date": code_date, "claim": code_claim}


def code_by_hand(tally: Tally, gold: dict) -> None:
    """Every span of ``gold`` made by hand, in the gold's order, each counted for its kind."""
    for wanted in gold["spans"]:
        tally.kind = wanted["label"]
        tally.counts[wanted["label"]]["spans"] += 1
        CODERS[wanted["label"]](tally, wanted)


def check_saved(root: Path, gold: dict) -> None:
    """The saved annotation file of ``gold``'s document holds exactly the gold's spans, with their
    actors (as the saved registry names them), values and claim attributes, and the saved
    codebook exactly the gold's topics and those it held before (``gold["known_topics"]``)."""
    saved = AnnotationFile.model_validate_json((root / "annotations" / _annotator(root) / f"{gold['document_id']}.json").read_bytes())
    project = json.loads((root / "annotator-project.json").read_text())
    registry = ActorRegistry(Actor.model_validate(a) for a in project["actors"])  # as saved, not as the window holds it
    by_place = {(s.start, s.label): s for s in saved.spans}
    assert len(saved.spans) == len(gold["spans"]), "no span more, none less"
    for wanted_span in gold["spans"]:
        span = by_place[(wanted_span["start"], wanted_span["label"])]
        assert (span.end, span.text) == (wanted_span["end"], wanted_span["text"])
        if wanted_span["label"] == "actor":
            actor = registry.resolve(span.actor_id)
            assert (actor.name, actor.type.value) == (wanted_span["actor"], wanted_span["type"])
        elif wanted_span["label"] == "date":
            assert span.timex.model_dump(exclude_none=True) == wanted_span["timex"]
        else:
            claim, wanted = span.claim, wanted_span["claim"]
            for role in ("claimant", "target"):
                ref, want = getattr(claim, role), wanted.get(role)
                if want is None:
                    assert ref is None
                elif "span" in want:
                    assert ref.span_id == by_place[(want["span"]["start"], "actor")].id
                else:
                    assert registry.resolve(ref.actor_id).name == want["actor"]
            if wanted["date"] is None:
                assert claim.date_span_id is None
            else:
                assert claim.date_span_id == by_place[(wanted["date"]["start"], "date")].id
            assert (claim.stance.value, claim.topic, claim.form.value) == (wanted["stance"], wanted["topic"], wanted["form"])
    topics = {t["name"] for t in project["topics"] if not t.get("retired")}
    assert topics == {s["claim"]["topic"] for s in gold["spans"] if s["label"] == "claim"} | set(gold.get("known_topics", ()))


def _annotator(root: Path) -> str:
    [folder] = [p.name for p in (root / "annotations").iterdir() if p.is_dir()]
    return folder
