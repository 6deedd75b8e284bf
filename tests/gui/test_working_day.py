"""The working day: the window reopens where the coder left, offers every crashed document back
at start, shows and changes the coder's name, and takes ``--annotator`` from the command line."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator import launcher
from annotator.core.data_dir import data_dir
from annotator.gui.working_day import PlaceMemory
from tests.conftest import REPO
from tests.gui.test_crash_recovery import SCRIPT
from tests.gui.test_tagging_flow import FIRST, offsets_of

SECOND = "003_50cdf573a4cb5bb2"


def test_the_window_reopens_the_document_and_place_the_coder_left(open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    assert window.session.document.id == FIRST
    window.select_document(SECOND)
    assert window.session.document.id == SECOND
    start, _end = offsets_of(window, "Pashinyan")
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.mapping.to_qt(start))
    window.view.setTextCursor(cursor)
    window.close()

    again = open_window(seed_project)
    assert again.session.document.id == SECOND
    assert again.view.mapping.from_qt(again.view.textCursor().position()) == start
    assert again.view.cursorRect().intersects(again.view.viewport().rect())  # on screen, not only the caret


def test_a_switch_keeps_the_place_in_memory_and_writes_it_once_switching_pauses(open_window, seed_project: Path, qtbot) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    key = PlaceMemory._key(window.project)
    on_disk = lambda: QSettings(str(data_dir() / "window-state.ini"), QSettings.Format.IniFormat).value(f"{key}/document")  # noqa: E731
    before = on_disk()
    window.select_document(SECOND)  # leaves FIRST: its place is the one kept
    assert window.place_memory.recall(window.project) == (FIRST, 0)
    QApplication.processEvents()  # where QSettings writes what setValue was given
    assert on_disk() == before  # nothing written with the switch
    qtbot.waitUntil(lambda: on_disk() == FIRST, timeout=10_000)
    assert window.place_memory.recall(window.project) == (FIRST, 0)


def test_a_removed_document_falls_back_to_the_first(open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    window.place_memory.remember(window.project, "no_such_document", 12)
    window.close()
    assert open_window(seed_project).session.document.id == FIRST


def test_recovery_is_offered_at_start_for_a_document_that_is_not_opened(open_window, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    result = subprocess.run([sys.executable, str(SCRIPT), str(seed_project), SECOND], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == -signal.SIGKILL, result.stderr
    asked: list[str] = []

    def question(_parent, _title, text, *args):  # noqa: ANN001, ANN002
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window = open_window(seed_project)
    assert window.session.document.id == FIRST  # the killed run never said where it was
    assert len(asked) == 1 and "edit(s)" in asked[0]
    window.select_document(SECOND)
    assert sorted(s.text for s in window.session.annotations.spans()) == ["Armenia", "Moscow"]


def test_the_coder_name_shows_in_the_title_and_can_be_changed(open_window, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    assert f"— {window.project.annotator} [*]" in window.windowTitle()
    answers = iter([("maria o'brien", True), ("maria", True)])  # the first is refused: not a safe name
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: next(answers)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Ok))
    window.change_coder_name()
    assert window.project.annotator == "maria" and "— maria [*]" in window.windowTitle()
    assert window.session is not None and window.session.project.annotator == "maria"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["--annotator", "maria"], (None, "maria")), (["proj", "--annotator=maria"], (Path("proj"), "maria")), (["proj"], (Path("proj"), None))],
)
def test_annotator_option_reaches_the_window(monkeypatch, tmp_path: Path, argv: list[str], expected: tuple) -> None:  # noqa: ANN001
    import annotator.gui.app as app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "proj").mkdir()  # a PATH that exists: a missing one is answered on stderr

    seen: list[tuple] = []
    monkeypatch.setattr(app, "run_gui", lambda path, annotator=None, **_: seen.append((path, annotator)) or 0)
    assert launcher.main(argv) == 0
    assert seen == [expected]


def test_annotator_option_without_a_name_is_refused(capsys) -> None:  # noqa: ANN001
    assert launcher.main(["--annotator"]) == 2
    assert "needs a name" in capsys.readouterr().err
