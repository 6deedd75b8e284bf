"""The project's labels edited from the window: a new label gets a key, a button and saved spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui import label_scheme_dialog
from annotator.gui.label_scheme_dialog import LabelSchemeDialog
from tests.gui.conftest import select_with_keyboard
from tests.gui.test_tagging_flow import FIRST, annotation_file, offsets_of


def test_a_new_label_can_be_added_and_used(qtbot, open_window, seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    class AddingLocation(LabelSchemeDialog):
        def exec(self) -> int:
            self.add_label()
            row = self.table.rowCount() - 1
            self.table.item(row, 0).setText("location")
            self.table.item(row, 4).setText("a place")
            self.accept()
            return self.result()

    monkeypatch.setattr(label_scheme_dialog, "LabelSchemeDialog", AddingLocation)  # project_flow loads it on first use
    window = open_window(seed_project)
    window.edit_label_scheme()
    assert window.label_actions["location"].text() == "4  location"
    assert "location" in [action.text().split()[-1] for action in window.label_bar.actions() if action.text()]
    select_with_keyboard(window.view, *offsets_of(window, "Nagorno-Karabakh"))
    QTest.keyClick(window.view, Qt.Key.Key_4)
    window.close()
    assert [(s.label, s.text) for s in annotation_file(seed_project, FIRST).spans] == [("location", "Nagorno-Karabakh")]
    reopened = open_window(seed_project)
    assert reopened.project.scheme.get("location").description == "a place"
    assert [s.label for s in reopened.session.annotations.spans()] == ["location"]


def test_reserved_keys_and_duplicate_keys_are_refused(qtbot) -> None:  # noqa: ANN001
    from annotator.core.model import LabelScheme

    dialog = LabelSchemeDialog(LabelScheme.default())
    qtbot.addWidget(dialog)
    dialog.add_label()
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, 1).setText("K")
    dialog.accept()
    assert dialog.result() != LabelSchemeDialog.DialogCode.Accepted and "taken by linking" in dialog.error.text()
    dialog.table.item(row, 1).setText("1")
    dialog.accept()
    assert dialog.result() != LabelSchemeDialog.DialogCode.Accepted and "hotkeys must be unique" in dialog.error.text()
    assert not dialog.table.item(0, 0).flags() & Qt.ItemFlag.ItemIsEditable  # labels in use keep their name
