"""The window owns the similar-claims index cache of its open project: its runs reuse one index,
and another project gets a cache (and an index) of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.gui.main_window import MainWindow


def _run_once(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    flow = window.suggestions
    qtbot.waitUntil(lambda: flow.idle, timeout=20000)
    number = flow._number  # noqa: SLF001 - the run counter: a run did start
    flow.schedule(0)
    qtbot.waitUntil(lambda: flow._number > number and flow.idle, timeout=20000)  # noqa: SLF001


def test_the_windows_runs_reuse_the_projects_index_and_another_project_has_its_own(qtbot, open_window, seed_project: Path, tmp_path: Path) -> None:  # noqa: ANN001
    other = tmp_path / "other"
    shutil.copytree(seed_project, other)
    window = open_window(seed_project)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    _run_once(qtbot, window)
    cache = window.suggestions.claim_index()
    built = cache.builds
    assert built >= 1  # the runs so far built the index...
    _run_once(qtbot, window)
    _run_once(qtbot, window)
    assert window.suggestions.claim_index() is cache and cache.builds == built  # ...and the next runs reuse it

    window.open_folder(other)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    _run_once(qtbot, window)
    theirs = window.suggestions.claim_index()
    assert theirs is not cache and theirs.builds >= 1
    assert cache.builds == built  # the first project's cache saw none of the other's runs
