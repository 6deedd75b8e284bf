"""The actor panel and the inline actor chooser, driven with keys and clicks offscreen."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from annotator.core.actors import ActorRegistry, AddActor, RegistryBatch, ReplaceActor, merge
from annotator.core.mentions import MentionIndex
from annotator.core.model import Actor, ActorType, Span
from annotator.gui.actor_chooser import ActorChooser
from annotator.gui.actor_dialogs import MergeTargetDialog, RenameDialog
from annotator.gui.actor_link_dialog import ActorChoice
from annotator.gui.actor_panel import ActorPanel
from annotator.gui.actor_table_model import ActorTableModel

TITLES = {"d1": "Talks in Brussels", "d2": "Border incident"}


def make_registry() -> ActorRegistry:
    return ActorRegistry(
        [
            Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON, aliases=("PM Pashinyan",), note="Prime minister of Armenia"),
            Actor(id="a2", name="Armenia", type=ActorType.STATE, aliases=("Yerevan",)),
            Actor(id="a3", name="Azerbaijan", type=ActorType.STATE, aliases=("Baku",)),
            Actor(id="a4", name="European Union", type=ActorType.ORGANISATION, aliases=("EU",)),
            Actor(id="a5", name="Ilham Aliyev", type=ActorType.PERSON),
        ]
    )


def span(span_id: str, start: int, text: str, actor_id: str) -> Span:
    return Span(id=span_id, start=start, end=start + len(text), label="actor", text=text, actor_id=actor_id)


def make_mentions() -> MentionIndex:
    index = MentionIndex()
    index.update_document(
        "d1",
        [span("s1", 0, "Nikol Pashinyan", "a1"), span("s2", 40, "Yerevan", "a2"), span("s3", 90, "Pashinyan", "a1"), span("s4", 120, "Baku", "a3")],
    )
    index.update_document("d2", [span("t1", 5, "Armenia", "a2"), span("t2", 60, "Pashinyan", "a1"), span("t3", 80, "Aliyev", "a5")])
    return index


@pytest.fixture
def registry() -> ActorRegistry:
    return make_registry()


@pytest.fixture
def panel(qtbot, registry: ActorRegistry) -> ActorPanel:  # noqa: ANN001
    widget = ActorPanel()
    qtbot.addWidget(widget)
    widget.set_data(registry, make_mentions(), lambda doc_id: TITLES[doc_id])
    widget.resize(420, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    assert QTest.qWaitForWindowActive(widget)
    return widget


def answer_dialog(qtbot, kind: type, answer) -> None:  # noqa: ANN001
    """Answer the next modal dialog of ``kind`` with ``answer(dialog)`` once it is open."""
    timer = QTimer(QApplication.instance())

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            timer.stop()
            timer.deleteLater()
            answer(dialog)

    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()


def rename_with_keys(dialog: RenameDialog, name: str, keep: bool) -> None:
    dialog.name_edit.selectAll()
    QTest.keyClicks(dialog.name_edit, name)
    if keep:
        dialog.keep_alias.setFocus()
        QTest.keyClick(dialog.keep_alias, Qt.Key.Key_Space)
        dialog.name_edit.setFocus()
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)


def table_rows(panel: ActorPanel) -> list[tuple[str, str, int]]:
    model = panel.table.model()
    assert model is panel.model  # no proxy in between
    return [tuple(model.index(row, column).data() for column in range(3)) for row in range(model.rowCount())]  # type: ignore[misc]


def mention_texts(panel: ActorPanel) -> list[str]:
    return [panel.mentions_list.item(row).text() for row in range(panel.mentions_list.count())]


# --- the table model ---------------------------------------------------------------
def test_table_model_passes_the_model_tester(qtmodeltester, registry: ActorRegistry) -> None:  # noqa: ANN001
    model = ActorTableModel()
    qtmodeltester.check(model)
    model.set_data(registry, make_mentions())
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.row_of("a2") == 0 and model.actor_at(0).name == "Armenia"
    assert "Also: PM Pashinyan" in model.index(model.row_of("a1"), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Prime minister of Armenia" in model.index(model.row_of("a1"), 0).data(Qt.ItemDataRole.ToolTipRole)
    AddActor(actor=Actor(id="a9", name="Dmitry Peskov", type=ActorType.PERSON)).apply(registry)
    qtmodeltester.check(model)
    assert model.rowCount() == 6


def test_model_follows_merges_and_stops_listening_when_detached(registry: ActorRegistry) -> None:
    model = ActorTableModel()
    model.set_data(registry, make_mentions())
    merge(registry, registry.get("a2"), registry.get("a3")).apply(registry)  # type: ignore[arg-type]
    assert model.row_of("a2") == model.row_of("a3") >= 0  # a merged id resolves to its target's row
    assert model.index(model.row_of("a3"), 2).data() == 3  # Armenia's two mentions now count for Azerbaijan
    model.set_data(None, None)
    AddActor(actor=Actor(id="a9", name="Dmitry Peskov")).apply(registry)
    assert model.rowCount() == 0


def test_model_sorts_and_filters_its_own_rows_and_keeps_both_across_changes(qtmodeltester, registry: ActorRegistry) -> None:  # noqa: ANN001
    model = ActorTableModel()
    model.set_data(registry, make_mentions())
    names = lambda: [model.index(row, 0).data() for row in range(model.rowCount())]  # noqa: E731
    counts = lambda: [model.index(row, 2).data() for row in range(model.rowCount())]  # noqa: E731
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert counts() == sorted(counts(), reverse=True) and names()[0] == "Nikol Pashinyan"
    model.sort(1, Qt.SortOrder.AscendingOrder)
    types = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert types == sorted(types)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert names() == sorted(names(), reverse=True)
    qtmodeltester.check(model)
    model.set_filter("ba")  # Azerbaijan through its alias Baku
    assert names() == ["Azerbaijan"] and model.row_of("a1") == -1 and model.row_of("a3") == 0
    model.set_filter("a")
    assert names() == sorted(names(), reverse=True) and len(names()) == 5
    model.set_filter("an")
    AddActor(actor=Actor(id="a9", name="Anna Hakobyan", type=ActorType.PERSON)).apply(registry)  # resets the model
    assert names() == sorted(names(), reverse=True) and "Anna Hakobyan" in names() and "European Union" in names()
    assert "Ilham Aliyev" not in names()
    qtmodeltester.check(model)


# --- the panel ---------------------------------------------------------------------
def test_panel_lists_actors_with_counts_and_filters_on_aliases(qtbot, panel: ActorPanel) -> None:  # noqa: ANN001
    assert table_rows(panel) == [
        ("Armenia", "state or country", 2),
        ("Azerbaijan", "state or country", 1),
        ("European Union", "organisation", 0),
        ("Ilham Aliyev", "person", 1),
        ("Nikol Pashinyan", "person", 3),
    ]
    panel.filter_edit.setFocus()
    QTest.keyClicks(panel.filter_edit, "yereVAN")  # an alias, in another case
    assert [row[0] for row in table_rows(panel)] == ["Armenia"]
    assert panel.selected_actor() is not None and panel.selected_actor().id == "a2"  # type: ignore[union-attr]
    panel.filter_edit.clear()
    QTest.keyClicks(panel.filter_edit, "an")  # Armenia through its alias Yerevan
    assert [row[0] for row in table_rows(panel)] == ["Armenia", "Azerbaijan", "European Union", "Nikol Pashinyan"]
    panel.filter_edit.clear()
    # Sorting by mentions starts with the most mentioned actor.
    header = panel.table.horizontalHeader()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(2) + 10, header.height() // 2))
    assert table_rows(panel)[0] == ("Nikol Pashinyan", "person", 3)


def test_selection_lists_mentions_and_a_click_or_enter_activates_one(qtbot, panel: ActorPanel) -> None:  # noqa: ANN001
    assert panel.select_actor("a1")
    assert mention_texts(panel) == ["Talks in Brussels — Nikol Pashinyan", "Talks in Brussels — Pashinyan", "Border incident — Pashinyan"]
    assert panel.mentions_label.text() == "Mentions of Nikol Pashinyan (3)"
    list_widget = panel.mentions_list
    rect = list_widget.visualItemRect(list_widget.item(2))
    with qtbot.waitSignal(panel.mention_activated) as blocker:
        QTest.mouseClick(list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["d2", "t2"]
    # Keyboard: Enter on the actor table moves to its mentions (the clicked one stays current),
    # Up + Enter opens the one before.
    panel.table.setFocus()
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    assert list_widget.hasFocus() and list_widget.currentRow() == 2
    QTest.keyClick(list_widget, Qt.Key.Key_Up)
    with qtbot.waitSignal(panel.mention_activated) as blocker:
        QTest.keyClick(list_widget, Qt.Key.Key_Return)
    assert blocker.args == ["d1", "s3"]


def test_keyboard_walks_filter_table_buttons_aliases_and_mentions(panel: ActorPanel) -> None:
    panel.filter_edit.setFocus()
    QTest.keyClicks(panel.filter_edit, "pash")
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_Return)  # Enter in the filter goes to the table
    assert panel.table.hasFocus() and panel.selected_actor() is not None and panel.selected_actor().id == "a1"  # type: ignore[union-attr]
    focused = []
    for _ in range(len(panel.buttons) + 3):
        QTest.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
        focused.append(panel.focusWidget())
    assert focused == [*panel.buttons, panel.alias_list, panel.remove_alias_button, panel.mentions_list]


def test_new_emits_add_actor_and_applying_it_updates_the_table(qtbot, panel: ActorPanel, registry: ActorRegistry, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(panel, "_ask_new_actor", lambda: ("  Dmitry   Peskov ", ActorType.PERSON))
    with qtbot.waitSignal(panel.edit_requested) as blocker:
        panel.buttons[0].click()
    [edit] = blocker.args
    assert isinstance(edit, AddActor)
    assert (edit.actor.name, edit.actor.type) == ("Dmitry Peskov", ActorType.PERSON)
    assert registry.get(edit.actor.id) is None  # the panel only asks; the main window applies
    edit.apply(registry)
    assert ("Dmitry Peskov", "person", 0) in table_rows(panel)


def test_new_with_a_taken_name_warns_instead_of_emitting(qtbot, panel: ActorPanel, monkeypatch) -> None:  # noqa: ANN001
    warnings: list[str] = []
    monkeypatch.setattr(panel, "_ask_new_actor", lambda: ("yerevan", ActorType.STATE))
    monkeypatch.setattr(panel, "_warn", lambda title, message: warnings.append(message))
    with qtbot.assertNotEmitted(panel.edit_requested):
        panel.new_action.trigger()
    assert warnings == ["'yerevan' is already an actor (or an alias of one)"]


def test_rename_keeps_the_old_name_as_alias_only_when_ticked_and_keeps_the_selection(qtbot, panel: ActorPanel, registry: ActorRegistry) -> None:  # noqa: ANN001
    panel.select_actor("a1")
    for keep in (False, True):
        actor = panel.selected_actor()
        answer_dialog(qtbot, RenameDialog, lambda dialog, k=keep: rename_with_keys(dialog, "Nikol V. Pashinyan" if not k else "Nikol Pashinyan", k))
        with qtbot.waitSignal(panel.edit_requested) as blocker:
            panel.buttons[1].click()
        [edit] = blocker.args
        assert isinstance(edit, ReplaceActor) and edit.old == actor
        edit.apply(registry)
        assert panel.selected_actor() == registry.get("a1")  # still selected after the model reset
    renamed = registry.get("a1")
    # The first rename dropped "Nikol Pashinyan"; the second, ticked, kept "Nikol V. Pashinyan".
    assert renamed.name == "Nikol Pashinyan" and renamed.aliases == ("PM Pashinyan", "Nikol V. Pashinyan")
    assert ("Nikol Pashinyan", "person", 3) in table_rows(panel)


def test_rename_to_another_actors_name_points_to_merge(qtbot, panel: ActorPanel, monkeypatch) -> None:  # noqa: ANN001
    warnings: list[str] = []
    monkeypatch.setattr(panel, "_ask_rename", lambda actor: ("Baku", False))
    monkeypatch.setattr(panel, "_warn", lambda title, message: warnings.append(message))
    panel.select_actor("a2")
    with qtbot.assertNotEmitted(panel.edit_requested):
        panel.rename_action.trigger()
    assert "already a name of Azerbaijan" in warnings[0] and "Merge into" in warnings[0]


def test_alias_emits_replace_actor(qtbot, panel: ActorPanel, registry: ActorRegistry, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(panel, "_ask_text", lambda title, label, initial: "Brussels")
    panel.select_actor("a4")
    with qtbot.waitSignal(panel.edit_requested) as blocker:
        panel.buttons[2].click()
    [edit] = blocker.args
    assert isinstance(edit, ReplaceActor)
    assert edit.old == registry.get("a4") and edit.new.aliases == ("EU", "Brussels")
    edit.apply(registry)
    QTest.keyClicks(panel.filter_edit, "bruss")
    assert [row[0] for row in table_rows(panel)] == ["European Union"]


def test_alias_that_is_already_a_name_warns(qtbot, panel: ActorPanel, monkeypatch) -> None:  # noqa: ANN001
    warnings: list[str] = []
    monkeypatch.setattr(panel, "_ask_text", lambda title, label, initial: "pm pashinyan")
    monkeypatch.setattr(panel, "_warn", lambda title, message: warnings.append(message))
    panel.select_actor("a1")
    with qtbot.assertNotEmitted(panel.edit_requested):
        panel.alias_action.trigger()
    assert warnings == ["'pm pashinyan' is already a name of Nikol Pashinyan"]


def test_merge_emits_a_batch_and_applying_it_selects_the_target(qtbot, panel: ActorPanel, registry: ActorRegistry, monkeypatch) -> None:  # noqa: ANN001
    asked: list[Actor] = []

    def ask(source: Actor) -> Actor | None:
        asked.append(source)
        return registry.get("a3")

    monkeypatch.setattr(panel, "_ask_merge_target", ask)
    panel.select_actor("a2")
    with qtbot.waitSignal(panel.edit_requested) as blocker:
        panel.buttons[3].click()
    [edit] = blocker.args
    assert asked == [registry.get("a2")]
    assert isinstance(edit, RegistryBatch) and edit.label == "Merge Armenia into Azerbaijan"
    edit.apply(registry)
    assert [row[0] for row in table_rows(panel)] == ["Azerbaijan", "European Union", "Ilham Aliyev", "Nikol Pashinyan"]
    assert panel.selected_actor() is not None and panel.selected_actor().id == "a3"  # type: ignore[union-attr]
    assert ("Azerbaijan", "state or country", 3) in table_rows(panel)
    assert "Border incident — Armenia" in mention_texts(panel)


def test_edit_emits_type_and_note_and_skips_unchanged(qtbot, panel: ActorPanel, registry: ActorRegistry, monkeypatch) -> None:  # noqa: ANN001
    panel.select_actor("a4")
    monkeypatch.setattr(panel, "_ask_details", lambda actor: (actor.type, actor.note))
    with qtbot.assertNotEmitted(panel.edit_requested):
        panel.edit_action.trigger()
    monkeypatch.setattr(panel, "_ask_details", lambda actor: (ActorType.GROUP, "the 27 member states"))
    with qtbot.waitSignal(panel.edit_requested) as blocker:
        panel.buttons[4].click()
    [edit] = blocker.args
    assert isinstance(edit, ReplaceActor)
    assert (edit.new.type, edit.new.note, edit.new.name) == (ActorType.GROUP, "the 27 member states", "European Union")
    edit.apply(registry)
    assert ("European Union", "group", 0) in table_rows(panel)


def test_buttons_need_a_selected_actor(panel: ActorPanel) -> None:
    panel.table.selectionModel().clearSelection()
    assert panel.buttons[0].isEnabled()
    assert not any(button.isEnabled() for button in panel.buttons[1:])
    panel.select_actor("a5")
    assert all(button.isEnabled() for button in panel.buttons)


def test_refresh_picks_up_new_mentions(panel: ActorPanel) -> None:
    mentions = make_mentions()
    panel.set_data(panel._registry, mentions, lambda doc_id: TITLES.get(doc_id, doc_id))  # type: ignore[arg-type]
    panel.select_actor("a4")
    mentions.update_document("d3", [span("u1", 0, "EU", "a4")])
    panel.refresh()
    assert ("European Union", "organisation", 1) in table_rows(panel)
    assert mention_texts(panel) == ["d3 — EU"]
    assert panel.selected_actor() is not None and panel.selected_actor().id == "a4"  # type: ignore[union-attr]


def test_merge_target_dialog_filters_and_picks_with_keys(qtbot, registry: ActorRegistry) -> None:  # noqa: ANN001
    dialog = MergeTargetDialog(registry, registry.get("a2"))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    names = [dialog.targets.item(row).text() for row in range(dialog.targets.count())]
    assert not any(name.startswith("Armenia") for name in names)  # not into itself
    QTest.keyClicks(dialog.filter_edit, "a")
    QTest.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.filter_edit.hasFocus()
    QTest.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.target() == registry.get("a4")  # Down from Azerbaijan, the first match


# --- the inline actor chooser ----------------------------------------------------------
@pytest.fixture
def ask(qtbot, registry: ActorRegistry):  # noqa: ANN001, ANN201
    chooser = ActorChooser()
    qtbot.addWidget(chooser)
    answers: list[tuple[str, ActorChoice]] = []
    chooser.chosen.connect(lambda span_id, choice: answers.append((span_id, choice)))

    def opener(text: str, ambiguous: tuple[Actor, ...] = ()) -> ActorChooser:
        chooser.show()
        qtbot.waitExposed(chooser)
        chooser.activateWindow()
        QTest.qWaitForWindowActive(chooser)
        chooser.ask("s9", text, registry, ambiguous)
        return chooser

    opener.answers = answers
    return opener


def rows(chooser: ActorChooser) -> list[str]:
    return [chooser.candidates.item(row).text() for row in range(chooser.candidates.count())]


def test_similar_spelling_is_offered_but_never_preselected(ask) -> None:  # noqa: ANN001
    chooser = ask("Pashinin")
    assert chooser.name_edit.hasFocus() and chooser.name_edit.selectedText() == "Pashinin"
    assert rows(chooser) == ["Nikol Pashinyan — person · similar spelling — same actor?", "New actor “Pashinin” — creates a registry entry"]
    assert chooser.candidates.currentRow() == 1  # "New actor" is explicit and the default here
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Up)
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)
    assert ask.answers == [("s9", ActorChoice(actor_id="a1", new_name=None, new_type=ActorType.PERSON))]
    assert not chooser.isVisible()


def test_a_prefix_completes_to_the_best_existing_match_preselected(ask) -> None:  # noqa: ANN001
    chooser = ask("the Armenian government")
    QTest.keyClicks(chooser.name_edit, "Arm")  # typing replaces the mention text
    assert rows(chooser)[0] == "Armenia — state or country · starts with “Arm”" and chooser.candidates.currentRow() == 0
    assert rows(chooser)[-1] == "New actor “Arm” — creates a registry entry"
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)  # one Enter accepts
    assert ask.answers == [("s9", ActorChoice(actor_id="a2", new_name=None, new_type=ActorType.STATE))]


def test_a_name_after_a_title_is_preselected_but_not_a_word_before_it(ask, registry: ActorRegistry) -> None:  # noqa: ANN001
    chooser = ask("Armenian Prime Minister Nikol Pashinyan")
    assert rows(chooser)[0] == "Nikol Pashinyan — person · “Nikol Pashinyan” with a title" and chooser.candidates.currentRow() == 0
    chooser = ask("Armenia spokesman Ilham")  # a name the text does not end with is no title match
    assert not any("with a title" in row for row in rows(chooser))


def test_exact_alias_first_and_no_new_actor_that_would_duplicate_it(ask) -> None:  # noqa: ANN001
    chooser = ask("yerevan")
    assert rows(chooser) == ["Armenia — state or country · alias “yerevan”"]
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)
    assert ask.answers[0][1].actor_id == "a2"


def test_an_ambiguous_text_lists_its_actors_first(ask, registry: ActorRegistry) -> None:  # noqa: ANN001
    chooser = ask("Baku", ambiguous=(registry.get("a3"), registry.get("a2")))
    assert [r.split(" — ")[0] for r in rows(chooser)][:2] == ["Azerbaijan", "Armenia"] and chooser.candidates.currentRow() == 0
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Down)
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)
    assert ask.answers[0][1].actor_id == "a2"


def test_a_new_actor_with_its_type_from_one_letter(ask) -> None:  # noqa: ANN001
    chooser = ask("Olaf Scholz")
    assert rows(chooser) == ["New actor “Olaf Scholz” — creates a registry entry"]
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Tab)
    assert chooser.type_combo.hasFocus()
    QTest.keyClick(chooser.type_combo, Qt.Key.Key_O)  # organisation
    QTest.keyClick(chooser.type_combo, Qt.Key.Key_Return)
    assert ask.answers == [("s9", ActorChoice(actor_id=None, new_name="Olaf Scholz", new_type=ActorType.ORGANISATION))]


def test_escape_leaves_the_mention_unlinked_and_empty_text_cannot_be_accepted(ask) -> None:  # noqa: ANN001
    chooser = ask("Pashinin")
    cancelled: list[str] = []
    chooser.cancelled.connect(cancelled.append)
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Backspace)
    assert rows(chooser) == []
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Return)
    assert chooser.isVisible() and ask.answers == []
    QTest.keyClick(chooser.name_edit, Qt.Key.Key_Escape)
    assert cancelled == ["s9"] and not chooser.isVisible() and ask.answers == []


def test_actor_choice_names_exactly_one_target() -> None:
    with pytest.raises(ValueError):
        ActorChoice(actor_id="a1", new_name="x")
    with pytest.raises(ValueError):
        ActorChoice(actor_id=None, new_name=None)


def test_a_deleted_model_stops_listening_to_the_registry(registry: ActorRegistry) -> None:
    model = ActorTableModel()
    model.set_data(registry, MentionIndex())
    shiboken6.delete(model)  # as when Qt deletes the dock with its parent window
    AddActor(actor=Actor(id="a9", name="Dmitry Peskov")).apply(registry)  # no "already deleted" error
    assert registry._listeners == []
