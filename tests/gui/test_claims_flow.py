"""Who said what, and when: the whole flow on the first seed article, driven with keys and clicks."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import ActorType
from annotator.gui.main_window import MainWindow
from tests.gui.conftest import point_of, select_with_keyboard
from tests.gui.test_tagging_flow import FIRST, annotation_file, offsets_of

CLAIM = "In practice, we have frozen our participation in this organization"


def answer_actor_questions(window: MainWindow) -> deque:
    """Answers for the inline actor chooser, each typed as a coder would once it asks: None keeps
    the pre-selected row, a string is typed over the mention text, a key is pressed; then Enter."""
    answers: deque = deque()
    asked = window.span_editor.ask_actor

    def ask(span, resolution) -> None:  # noqa: ANN001
        asked(span, resolution)
        chooser = window.details_panel.chooser
        # Non-modal: the chooser is inline in Details and has the keyboard.
        assert chooser.isVisible() and QApplication.focusWidget() is chooser.name_edit
        answer = answers.popleft()
        if isinstance(answer, str):
            chooser.name_edit.selectAll()
            QTest.keyClicks(chooser.name_edit, answer)
        elif answer is not None:
            QTest.keyClick(chooser.name_edit, answer)
        QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is window.view

    window.span_editor.ask_actor = ask
    return answers


def tag(window: MainWindow, needle: str, key: Qt.Key, nth: int = 0) -> str:
    select_with_keyboard(window.view, *offsets_of(window, needle, nth))
    QTest.keyClick(window.view, key)
    return window.view.selected_span


def click_span(window: MainWindow, span_id: str) -> None:
    span = window.session.annotations.get(span_id)
    point = point_of(window.view, span.start + 1)
    point.setX(point.x() + 2)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_who_said_what_and_when(qtbot, open_window, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    window = open_window(seed_project, link_actors=True)
    typed_answers = answer_actor_questions(window)
    annotations = window.session.annotations
    registry = window.registry
    stack = window.session.undo_stack

    # Tag an actor: the chooser proposes a new actor from the text; Enter takes it.
    typed_answers.append(None)
    speaker = tag(window, "Nikol Pashinyan", Qt.Key.Key_1, nth=1)  # "... Armenian Prime Minister Nikol Pashinyan told"
    [pashinyan] = registry.active()
    assert pashinyan.name == "Nikol Pashinyan" and pashinyan.type is ActorType.PERSON
    assert annotations.get(speaker).actor_id == pashinyan.id

    # A misspelt mention is offered as the same actor (similar spelling), never pre-selected: Up, Enter.
    typed_answers.append(Qt.Key.Key_Up)
    misspelt = tag(window, "Pashinin", Qt.Key.Key_1)
    assert annotations.get(misspelt).actor_id == pashinyan.id and len(registry.active()) == 1
    assert "Pashinin" in registry.get(pashinyan.id).aliases  # the linked text became an alias
    # A prefix of a word of the name ("Pash") completes to the actor, pre-selected; the text becomes an alias ...
    typed_answers.append("Pash")
    surname = tag(window, "Pashinyan", Qt.Key.Key_1, nth=2)
    assert annotations.get(surname).actor_id == pashinyan.id and "Pashinyan" in registry.get(pashinyan.id).aliases
    # ... so the next such mention links itself, with no question (the deque of answers is empty).
    again = tag(window, "Pashinyan", Qt.Key.Key_1, nth=0)
    assert annotations.get(again).actor_id == pashinyan.id and not typed_answers
    assert window.statusBar().currentMessage().startswith("Linked to Nikol Pashinyan")

    # The date is normalised against the article's own date when tagged.
    friday = tag(window, "Friday", Qt.Key.Key_3)
    assert annotations.get(friday).timex is not None, annotations.get(friday)
    assert annotations.get(friday).timex.value == "2024-02-23"

    # Tag the claim, press K, click its claimant, then its date.
    claim = tag(window, CLAIM, Qt.Key.Key_2)
    QTest.keyClick(window.view, Qt.Key.Key_K)
    assert window.span_editor.linking_claim == claim
    click_span(window, speaker)
    click_span(window, friday)
    linked = annotations.get(claim).claim
    assert linked.claimant.span_id == speaker and linked.date_span_id == friday
    assert window.span_editor.linking_claim is None
    assert window.span_model.index(window.span_model.row_of(claim), 2).data() == "by Nikol Pashinyan on 2024-02-23"
    assert window.view._linked_to_selection() == {speaker, friday}

    # Stance from the details panel.
    window.view.set_selected_span(claim)
    window.details_panel.stance_combo.setFocus()
    QTest.keyClick(window.details_panel.stance_combo, Qt.Key.Key_Down)
    assert annotations.get(claim).claim.stance is not None

    # Edit the date value in the details panel; an invalid one is refused.
    window.view.set_selected_span(friday)
    value = window.details_panel.value_edit
    value.setFocus()
    value.selectAll()
    QTest.keyClicks(value, "2024-13-01")
    QTest.keyClick(value, Qt.Key.Key_Return)
    assert annotations.get(friday).timex is not None, annotations.get(friday)
    assert annotations.get(friday).timex.value == "2024-02-23"
    value.selectAll()
    QTest.keyClicks(value, "2024-02-22")
    QTest.keyClick(value, Qt.Key.Key_Return)
    assert annotations.get(friday).timex.value == "2024-02-22"

    # Two actors, then merged from the Actors panel: the mention follows.
    typed_answers.extend([None, None])
    start = offsets_of(window, "Armenia has suspended")[0]
    select_with_keyboard(window.view, start, start + len("Armenia"))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    armenia = window.view.selected_span
    yerevan = tag(window, "Yerevan", Qt.Key.Key_1)
    armenia_actor = registry.resolve(annotations.get(armenia).actor_id)
    yerevan_actor = registry.resolve(annotations.get(yerevan).actor_id)
    assert armenia_actor.id != yerevan_actor.id
    window.actor_panel.select_actor(yerevan_actor.id)
    monkeypatch.setattr(window.actor_panel, "_ask_merge_target", lambda _source: armenia_actor)
    window.actor_panel.merge_action.trigger()
    assert registry.resolve(annotations.get(yerevan).actor_id).id == armenia_actor.id
    assert "Yerevan" in registry.get(armenia_actor.id).aliases

    # Undo every step, checking each, then redo them all.
    states = []
    while stack.canUndo():
        states.append(stack.undoText())
        stack.undo()
    assert len(annotations) == 0 and registry.active() == []
    assert states[0].startswith("Merge Yerevan into Armenia")
    while stack.canRedo():
        stack.redo()
    assert registry.resolve(annotations.get(yerevan).actor_id).id == armenia_actor.id
    assert annotations.get(friday).timex.value == "2024-02-22"
    assert annotations.get(claim).claim.claimant.span_id == speaker

    window.close()
    saved = annotation_file(seed_project, FIRST)
    by_text = {span.text: span for span in saved.spans}
    assert by_text[CLAIM].claim.claimant.span_id == by_text["Nikol Pashinyan"].id
    assert by_text[CLAIM].claim.date_span_id == by_text["Friday"].id
    assert by_text["Friday"].timex.value == "2024-02-22"
    project_file = json.loads((seed_project / "annotator-project.json").read_text())
    assert {actor["name"] for actor in project_file["actors"] if not actor.get("retired")} >= {"Nikol Pashinyan", "Armenia", "Yerevan"}

    reopened = open_window(seed_project)
    spans = {span.text: span for span in reopened.session.annotations.spans()}
    assert reopened.registry.resolve(spans["Yerevan"].actor_id).name == "Armenia"
    assert reopened.registry.resolve(spans["Pashinin"].actor_id).name == "Nikol Pashinyan"
    assert spans[CLAIM].claim.date_span_id == spans["Friday"].id
    reopened.checker_dock.raise_()
    qtbot.waitUntil(lambda: reopened.checker_panel.header.text() == "All claims are linked")  # every claim, actor and date
    reopened.view.set_selected_span(None)
    tag(reopened, "He also accused Moscow", Qt.Key.Key_2)
    qtbot.waitUntil(lambda: reopened.checker_panel.findings_count() == 2, timeout=3000)  # no claimant, no date
    assert "has no claimant" in reopened.checker_panel.row_text(0)


def test_actors_panel_counts_mentions_across_the_corpus_and_jumps_to_them(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    from annotator.core.actors import ActorRegistry, new_actor
    from annotator.core.annotations import AnnotationSet
    from annotator.core.edits import AddSpan
    from annotator.core.storage import Fingerprint, FolderProject

    with FolderProject.open(seed_project) as project:
        registry = ActorRegistry()
        add = new_actor(registry, "Nikol Pashinyan", ActorType.PERSON)
        add.apply(registry)
        project.save_registry(registry.all())
        second = project.load_document("003_50cdf573a4cb5bb2")
        annotations = AnnotationSet(second)
        start = second.text.index("Pashinyan")
        AddSpan(span=annotations.make_span(start, start + 9, "actor").model_copy(update={"actor_id": add.actor.id})).apply(annotations)
        project.save_annotations(annotations.snapshot(project.annotator), Fingerprint(None))

    window = open_window(seed_project)
    assert window.session.document.id == FIRST
    window.actor_dock.raise_()  # the count is made when the panel is first shown
    qtbot.waitUntil(lambda: window.actor_panel.model.count_of(add.actor.id) == 1, timeout=5000)
    window.actor_panel.select_actor(add.actor.id)
    [mention] = window.mentions.mentions_of(add.actor.id, window.registry)
    window.go_to_mention(mention.document_id, mention.span_id)
    assert window.session.document.id == "003_50cdf573a4cb5bb2"
    assert window.view.selected_span == mention.span_id


def test_side_panels_are_reached_from_the_keyboard(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    for key, dock in ((Qt.Key.Key_F7, window.actor_dock), (Qt.Key.Key_F8, window.checker_dock), (Qt.Key.Key_F6, window.details_dock)):
        QTest.keyClick(window.view, key)
        assert dock.isVisible()
    QTest.keyClick(window.view, Qt.Key.Key_F7)
    assert QApplication.focusWidget() is window.actor_panel.filter_edit
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.view
