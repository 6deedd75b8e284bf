"""The codebook in the window (panel edits with undo, topics created on first use, an older
project's free-text topics kept valid), Tab in link mode, and relabelling to actor."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.model import ActorType, ClaimAttributes
from annotator.core.storage import Fingerprint, open_project
from tests.gui.conftest import select_with_keyboard
from tests.gui.test_tagging_flow import FIRST, offsets_of

SECOND = "003_50cdf573a4cb5bb2"


def topics_on_disk(root: Path) -> list[str] | None:
    topics = json.loads((root / "annotator-project.json").read_text()).get("topics")
    return None if topics is None else [t["name"] for t in topics if not t.get("retired") and not t.get("merged_into")]


def test_codebook_panel_new_rename_merge_undo_with_the_document(open_window, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    panel = window.codebook_panel
    answers = iter([("CSTO membership", True), ("Sanctions", True), ("Armenian security", True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: next(answers)))
    panel.new_button.click()
    panel.new_button.click()
    assert topics_on_disk(seed_project) == ["CSTO membership", "Sanctions"]
    panel.list.setCurrentRow(0)
    panel.rename_button.click()
    assert topics_on_disk(seed_project) == ["Armenian security", "Sanctions"]
    assert window.codebook.resolve("CSTO membership").name == "Armenian security"  # old name: an alias
    sanctions = window.codebook.resolve("Sanctions")
    panel.list.setCurrentRow([panel.list.item(i).text().startswith("Sanctions") for i in range(panel.list.count())].index(True))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a, **_k: ("Armenian security", True)))
    panel.merge_button.click()
    assert topics_on_disk(seed_project) == ["Armenian security"] and window.codebook.resolve("Sanctions").id != sanctions.id
    assert window.session.undo_stack.undoText().startswith("Merge topic Sanctions")
    for _ in range(4):
        window.undo_action.trigger()
    assert topics_on_disk(seed_project) == []  # retired, ids kept
    assert panel.list.count() == 0


def test_a_topic_is_created_on_first_use_and_an_older_projects_topics_stay_valid(open_window, seed_project: Path) -> None:  # noqa: ANN001
    with open_project(seed_project) as project:  # an older project: a free-text topic in another document
        document = project.load_document(SECOND)
        annotations = AnnotationSet(document)
        start = document.text.index("Armenia")
        span = annotations.make_span(start, start + 7, "claim").model_copy(update={"claim": ClaimAttributes(topic="Old free topic")})
        AddSpan(span=span).apply(annotations)
        project.save_annotations(annotations.snapshot(project.annotator), Fingerprint(None))
    assert topics_on_disk(seed_project) is None
    window = open_window(seed_project)
    select_with_keyboard(window.view, *offsets_of(window, "Russia and Armenia have traditionally been allies"))
    QTest.keyClick(window.view, Qt.Key.Key_2)
    QTest.keyClick(window.view, Qt.Key.Key_F6)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    topic = window.details_panel.topic_edit
    assert QApplication.focusWidget() is topic
    QTest.keyClicks(topic, "Relations with Russia")
    QTest.keyClick(topic, Qt.Key.Key_Return)
    claim = window.session.annotations.get(window.view.selected_span)
    assert claim.claim.topic == "Relations with Russia"
    assert sorted(topics_on_disk(seed_project)) == ["Old free topic", "Relations with Russia"]
    window.undo_action.trigger()  # the new topic and the claim's topic are one step
    assert window.session.annotations.get(claim.id).claim is None and topics_on_disk(seed_project) == ["Old free topic"]
    window.redo_action.trigger()
    window.select_document(SECOND)  # the older document still loads: its topic is in the codebook
    assert window.session.editable and window.session.annotations.spans()[0].claim.topic == "Old free topic"
    window.close()
    with open_project(seed_project) as project:
        saved = project.load_annotations(project.load_document(FIRST)).annotation_file
        assert [s.claim.topic for s in saved.spans if s.claim] == ["Relations with Russia"]


def test_tab_in_link_mode_goes_on_from_the_last_pick(open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    for needle, key in (("Armenia", Qt.Key.Key_1), ("Friday", Qt.Key.Key_3), ("Yerevan", Qt.Key.Key_1), ("Moscow", Qt.Key.Key_1)):
        select_with_keyboard(window.view, *offsets_of(window, needle))
        QTest.keyClick(window.view, key)
    ids = {s.text: s.id for s in window.session.annotations.spans()}
    select_with_keyboard(window.view, *offsets_of(window, "Russia and Armenia have traditionally been allies"))
    QTest.keyClick(window.view, Qt.Key.Key_2)
    claim = window.view.selected_span
    QTest.keyClick(window.view, Qt.Key.Key_K)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)  # from the claim: the next actor or date after it
    QTest.keyClick(window.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_span == ids["Yerevan"]
    QTest.keyClick(window.view, Qt.Key.Key_Return)  # Yerevan is the claimant; the claim stays selected
    assert window.view.selected_span == claim and window.session.annotations.get(claim).claim.claimant.span_id == ids["Yerevan"]
    QTest.keyClick(window.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # on from Yerevan, not from the claim
    assert window.view.selected_span == ids["Friday"]
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    linked = window.session.annotations.get(claim).claim
    assert linked.date_span_id == ids["Friday"] and window.span_editor.linking_claim is None


def test_relabelling_to_actor_links_like_tagging(open_window, seed_project: Path) -> None:  # noqa: ANN001
    with open_project(seed_project) as project:
        registry = ActorRegistry()
        new_actor(registry, "Armenia", ActorType.STATE).apply(registry)
        project.save_registry(registry.all())
    window = open_window(seed_project, link_actors=True)
    start = offsets_of(window, "Armenia has")[0]
    select_with_keyboard(window.view, start, start + len("Armenia"))
    QTest.keyClick(window.view, Qt.Key.Key_3)  # a slip: tagged as a date
    span_id = window.view.selected_span
    QTest.keyClick(window.view, Qt.Key.Key_1)  # relabelled to actor: linked at once, no question
    span = window.session.annotations.get(span_id)
    assert span.label == "actor" and window.registry.resolve(span.actor_id).name == "Armenia"
    assert not window.details_panel.chooser.isVisible()


def test_a_text_linked_before_in_another_document_links_itself(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    with open_project(seed_project) as project:  # linked in an older session, before texts became aliases
        registry = ActorRegistry()
        add = new_actor(registry, "Armenia", ActorType.STATE)
        add.apply(registry)
        project.save_registry(registry.all())
        document = project.load_document(SECOND)
        annotations = AnnotationSet(document)
        start = document.text.index("Yerevan")
        AddSpan(span=annotations.make_span(start, start + 7, "actor").model_copy(update={"actor_id": add.actor.id})).apply(annotations)
        project.save_annotations(annotations.snapshot(project.annotator), Fingerprint(None))
    window = open_window(seed_project, link_actors=True)
    select_with_keyboard(window.view, *offsets_of(window, "Armenia has"[:7]))
    QTest.keyClick(window.view, Qt.Key.Key_1)  # a name: linked at once, and the project's mentions start counting
    qtbot.waitUntil(lambda: window._mention_worker is None and window._mentions_built, timeout=5000)
    start = offsets_of(window, "Yerevan's")[0]
    select_with_keyboard(window.view, start, start + len("Yerevan"))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    span = window.session.annotations.get(window.view.selected_span)
    assert window.registry.resolve(span.actor_id).name == "Armenia" and not window.details_panel.chooser.isVisible()
    assert "Yerevan" in window.registry.find("Armenia").aliases  # from now on by alias


def test_linking_is_one_undo_step_and_the_alias_goes_with_it(open_window, seed_project: Path) -> None:  # noqa: ANN001
    with open_project(seed_project) as project:
        registry = ActorRegistry()
        new_actor(registry, "Armenia", ActorType.STATE).apply(registry)
        project.save_registry(registry.all())
    window = open_window(seed_project, link_actors=True)
    stack = window.session.undo_stack
    select_with_keyboard(window.view, *offsets_of(window, "Armenia"))
    QTest.keyClick(window.view, Qt.Key.Key_1)  # a name: tagged and linked in one step
    assert stack.count() == 1 and window.statusBar().currentMessage() == "Linked to Armenia"
    start = offsets_of(window, "Yerevan's")[0]
    select_with_keyboard(window.view, start, start + len("Yerevan"))
    QTest.keyClick(window.view, Qt.Key.Key_1)  # unknown: the chooser asks, the tag is its own step
    chooser = window.details_panel.chooser
    assert chooser.isVisible() and QApplication.focusWidget() is chooser.name_edit
    QTest.keyClicks(chooser.name_edit, "Arm")
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)
    yerevan = window.view.selected_span
    assert window.registry.resolve(window.session.annotations.get(yerevan).actor_id).name == "Armenia"
    assert window.registry.find("Armenia").aliases == ("Yerevan",) and stack.undoText() == "Link “Yerevan” to Armenia"
    window.undo_action.trigger()  # the link and its alias, together
    assert window.session.annotations.get(yerevan).actor_id is None and window.registry.find("Armenia").aliases == ()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert len(window.session.annotations) == 0
