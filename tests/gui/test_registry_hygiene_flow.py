"""The Actors panel keeps the registry clean: delete unused actors, merge into the right one, edit aliases."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from annotator.core.actors import new_actor
from annotator.core.edits import update_span
from annotator.core.model import ActorType
from annotator.core.storage import PROJECT_FILE
from annotator.gui.actor_dialogs import MergeTargetDialog
from annotator.gui.main_window import MainWindow
from tests.gui.test_actor_widgets import answer_dialog
from tests.gui.test_claims_flow import tag

CTRL = Qt.KeyboardModifier.ControlModifier


def stored_actors(root: Path) -> dict[str, dict]:
    return {actor["name"]: actor for actor in json.loads((root / PROJECT_FILE).read_bytes()).get("actors", [])}


def with_actors(qtbot, window: MainWindow, *names: str, aliases: tuple[str, ...] = ()) -> dict[str, str]:  # noqa: ANN001
    """Registry actors (the first linked to a tagged mention), the Actors panel open with its counts."""
    session = window.session
    ids: dict[str, str] = {}
    for name in names:
        add = new_actor(window.registry, name, ActorType.PERSON, aliases=aliases if not ids else ())
        session.push_all(add.describe(), [add])
        ids[name] = add.actor.id
    mention = tag(window, "Nikol Pashinyan", Qt.Key.Key_1)
    session.push(update_span(session.annotations.get(mention), actor_id=ids[names[0]]))
    QTest.keyClick(window.view, Qt.Key.Key_F7)  # the Actors panel, counting mentions across the corpus
    qtbot.waitUntil(lambda: window.mentions.complete, timeout=5000)
    window._refresh_side_panels()
    return ids


def test_an_unused_actor_is_deleted_from_the_panel_and_undo_brings_it_back(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    ids = with_actors(qtbot, window, "Nikol Pashinyan", "Nikol Pashinin")
    panel = window.actor_panel
    warnings: list[str] = []
    panel._warn = lambda _title, message: warnings.append(message)  # type: ignore[method-assign]

    panel.select_actor(ids["Nikol Pashinyan"])
    QTest.mouseClick(panel.buttons[5], Qt.MouseButton.LeftButton)  # Delete: refused, it has a mention
    assert "1 mention" in warnings[0] and not window.registry.get(ids["Nikol Pashinyan"]).retired

    panel.select_actor(ids["Nikol Pashinin"])
    QTest.mouseClick(panel.buttons[5], Qt.MouseButton.LeftButton)
    assert window.registry.find("Nikol Pashinin") is None
    assert stored_actors(seed_project)["Nikol Pashinin"]["retired"] is True  # retired in the file: its id still resolves
    assert window.undo_action.text() == "&Undo Delete actor Nikol Pashinin"
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.registry.find("Nikol Pashinin") is not None
    assert stored_actors(seed_project)["Nikol Pashinin"]["retired"] is False


def test_merge_proposes_the_most_similar_actor_with_mentions(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    ids = with_actors(qtbot, window, "Nikol Pashinyan", "Nikol Pashinyann", "Nikol Pashinian")
    panel = window.actor_panel
    panel.select_actor(ids["Nikol Pashinian"])
    proposed: list[str] = []

    def accept(dialog: MergeTargetDialog) -> None:
        proposed.append(dialog.targets.currentItem().text())
        QTest.keyClick(dialog.filter_edit, Qt.Key.Key_Return)

    answer_dialog(qtbot, MergeTargetDialog, accept)
    QTest.mouseClick(panel.buttons[3], Qt.MouseButton.LeftButton)
    # "Nikol Pashinyann" is as close a spelling, but it has no mentions: never proposed.
    assert proposed == ["Nikol Pashinyan  (person)  — 1 mention(s)"]
    assert window.registry.resolve(ids["Nikol Pashinian"]).id == ids["Nikol Pashinyan"]
    assert stored_actors(seed_project)["Nikol Pashinian"]["merged_into"] == ids["Nikol Pashinyan"]


def test_aliases_are_listed_corrected_with_f2_and_removed_with_delete(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    ids = with_actors(qtbot, window, "Nikol Pashinyan", aliases=("Pashinin", "PM"))
    panel = window.actor_panel
    panel.select_actor(ids["Nikol Pashinyan"])
    aliases = panel.alias_list
    assert [aliases.item(row).text() for row in range(aliases.count())] == ["Pashinin", "PM"]

    aliases.setFocus()
    aliases.setCurrentRow(0)
    QTest.keyClick(aliases, Qt.Key.Key_F2)
    editor = aliases.findChild(QLineEdit)
    assert editor is not None and aliases.state() == aliases.State.EditingState
    editor.selectAll()
    QTest.keyClicks(editor, "Pashinian")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.registry.get(ids["Nikol Pashinyan"]).aliases == ("Pashinian", "PM"), timeout=2000)
    assert window.undo_action.text() == "&Undo Change alias “Pashinin” of Nikol Pashinyan to “Pashinian”"

    aliases.setFocus()
    aliases.setCurrentRow(1)
    QTest.keyClick(aliases, Qt.Key.Key_Delete)  # the alias, not the span selected in the article
    assert window.registry.get(ids["Nikol Pashinyan"]).aliases == ("Pashinian",)
    assert stored_actors(seed_project)["Nikol Pashinyan"]["aliases"] == ["Pashinian"]
    assert len(window.session.annotations) == 1
    assert [aliases.item(row).text() for row in range(aliases.count())] == ["Pashinian"]

    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.registry.get(ids["Nikol Pashinyan"]).aliases == ("Pashinin", "PM")
