"""R2: the program is killed in the middle of an edit session; the next start offers the lost edits."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import REPO
from tests.gui.test_tagging_flow import FIRST, annotation_file

SCRIPT = Path(__file__).parent / "scripts" / "edit_then_die.py"


def kill_mid_session(project: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), str(project)], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "edited" in result.stdout


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_edits_of_a_killed_session_are_offered_back(open_window, seed_project: Path, monkeypatch, answer) -> None:  # noqa: ANN001
    kill_mid_session(seed_project)
    assert not list((seed_project / "annotations").rglob(f"{FIRST}.json")), "the killed run must not have saved"
    asked: list[str] = []

    def question(_parent, _title, text, *args):  # noqa: ANN001, ANN002
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window = open_window(seed_project)
    assert len(asked) == 1 and "3 edit(s)" not in asked[0] and "4 edit(s)" in asked[0]
    recovered = [s.text for s in window.session.annotations.spans()]
    if answer == QMessageBox.StandardButton.Yes:
        assert sorted(recovered) == ["Armenia", "Moscow"]
        window.undo_action.trigger()  # recovery is one undo step
        assert len(window.session.annotations) == 0
        window.redo_action.trigger()
        window.close()
        assert sorted(s.text for s in annotation_file(seed_project, FIRST).spans) == ["Armenia", "Moscow"]
    else:
        assert recovered == []
        window.close()
    assert not list((seed_project / "annotations").rglob("*.jsonl")), "a clean close leaves no journal"

    asked.clear()
    again = open_window(seed_project)
    assert asked == []  # nothing offered twice
    again.close()
