"""Every shortcut is in one registry, rebindable in Preferences, kept with QSettings, conflicts refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.core.model import LabelScheme
from annotator.gui.main_window import MainWindow
from annotator.gui.preferences_dialog import PreferencesDialog
from annotator.gui.shortcuts import SHORTCUTS, ShortcutBindings, conflicts
from tests.gui.test_claims_flow import tag

ALT = Qt.KeyboardModifier.AltModifier
LABEL_KEYS = {label.hotkey: f"label {label.name}" for label in LabelScheme.default().labels}


def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "shortcuts.ini"), QSettings.Format.IniFormat)


def test_defaults_have_no_conflicts_and_avoid_window_manager_keys(tmp_path: Path) -> None:
    bindings = ShortcutBindings(settings(tmp_path))
    assert conflicts(bindings.all(), LABEL_KEYS) == []
    # Alt+Shift+arrows (taken by Openbox, LXDE, some GNOME setups) are never the first key.
    for spec in SHORTCUTS:
        assert not spec.defaults or "Alt+Shift+" not in spec.defaults[0], spec.id
    assert bindings.keys("grow_start")[0] == "Alt+," and bindings.keys("shrink_start")[0] == "Alt+."


def test_conflicts_are_refused_and_nothing_changes(tmp_path: Path) -> None:
    bindings = ShortcutBindings(settings(tmp_path))
    problems = bindings.update({"grow_end": ("K",)}, LABEL_KEYS)
    assert problems == [
        "K is both “Grow the selected span's end by a token” and “Link the selected claim: pick its claimant and date (Shift: target); Esc ends”"
    ]
    assert bindings.update({"grow_end": ("2",)}, LABEL_KEYS) == ["2 is both “label claim” and “Grow the selected span's end by a token”"]
    assert bindings.keys("grow_end") == ("Alt+Right",)


def test_bindings_are_kept_and_a_hand_edited_conflict_falls_back_to_defaults(tmp_path: Path) -> None:
    bindings = ShortcutBindings(settings(tmp_path))
    assert bindings.update({"grow_end": ("Alt+]",), "link_actor": ("ctrl+shift+l",)}) == []
    again = ShortcutBindings(settings(tmp_path))
    assert again.keys("grow_end") == ("Alt+]",) and again.keys("link_actor") == ("Ctrl+Shift+L",)
    assert again.keys("shrink_end") == ("Alt+Left",)
    broken = settings(tmp_path)
    broken.setValue("shortcuts/help", ["Alt+]"])
    broken.sync()
    assert ShortcutBindings(settings(tmp_path)).keys("grow_end") == ("Alt+Right",)


def test_help_text_comes_from_the_bindings(window: MainWindow) -> None:
    text = window.shortcut_help()
    for spec in SHORTCUTS:
        assert spec.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in text
    assert "Alt+," in text and "Alt+." in text


def test_alt_comma_grows_a_span_start_by_a_token(window: MainWindow) -> None:
    span_id = tag(window, "Prime Minister Nikol Pashinyan", Qt.Key.Key_1)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Comma, ALT)
    assert window.session.annotations.get(span_id).text == "bloc, Prime Minister Nikol Pashinyan"[len("bloc") :]
    QTest.keyClick(window.view, Qt.Key.Key_Period, ALT)
    assert window.session.annotations.get(span_id).text == "Prime Minister Nikol Pashinyan"


def test_preferences_rebind_a_key_refuse_a_conflict_and_keep_it(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PreferencesDialog):
            return
        timer.stop()
        first, _second = dialog.edits["grow_end"]
        first.setFocus()
        QTest.keyClick(first, Qt.Key.Key_K)  # taken by "link the claim": refused
        seen["refused"] = dialog.problem.text()
        seen["ok_enabled"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        first.clear()
        QTest.keyClick(first, Qt.Key.Key_BracketRight, ALT)
        seen["after"] = dialog.problem.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    QTest.keyClick(window.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "after" in seen, timeout=3000)
    assert "K is both" in str(seen["refused"]) and seen["ok_enabled"] is False and seen["after"] == ""

    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    # The closed dialog hands focus back asynchronously: wait until the article has it, or the
    # label key below would go to whichever widget Qt restored focus to.
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=3000)
    span_id = tag(window, "Nikol Pashinyan", Qt.Key.Key_1)
    assert span_id is not None and window.session.annotations.get(span_id) is not None
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight, ALT)
    assert window.session.annotations.get(span_id).text == "Nikol Pashinyan said"
    QTest.keyClick(window.view, Qt.Key.Key_Right, ALT)  # no longer bound
    assert window.session.annotations.get(span_id).text == "Nikol Pashinyan said"
    assert QKeySequence("Alt+]").toString(QKeySequence.SequenceFormat.NativeText) in window.shortcut_help()
    window.close()
    assert open_window(seed_project).bound_actions["grow_end"].shortcuts() == [QKeySequence("Alt+]")]


def test_the_actors_panel_keys_are_rebindable_too(window: MainWindow) -> None:
    assert window.actor_panel.rename_action.shortcuts() == [QKeySequence("F2")]
    assert window.shortcuts.update({"actor_rename": ("Ctrl+R",)}) == []
    window.apply_shortcuts()
    assert window.actor_panel.rename_action.shortcuts() == [QKeySequence("Ctrl+R")]
