"""The cyclic collector is paused from the launcher's first import to the first paint, and only that pause is undone."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import launcher
from annotator.core.gc_pause import forget_frozen
from annotator.gui.startup_collector import StartupCollectorPause


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_pause_is_undone_once_and_leaves_a_collector_switched_off_by_others_off(collector_restored: None) -> None:
    gc.enable()
    pause = StartupCollectorPause()
    pause.pause()
    assert not gc.isenabled() and pause.paused
    pause.resume()
    assert gc.isenabled() and not pause.paused
    assert gc.get_freeze_count() > 0  # what the start made and keeps: frozen out of later walks
    forget_frozen()
    gc.disable()
    pause.resume()  # a second resume does nothing
    assert not gc.isenabled()
    other = StartupCollectorPause()
    other.pause()  # someone else's off stays off
    other.resume()
    assert not gc.isenabled()


def test_the_launcher_pauses_the_collector_for_the_window_and_resumes_it_after(monkeypatch, tmp_path: Path, collector_restored: None) -> None:  # noqa: ANN001
    import annotator.gui.app as app

    gc.enable()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "proj").mkdir()
    seen: list[tuple[bool, bool]] = []

    def run_gui(path: object, annotator: object = None, *, collector: StartupCollectorPause) -> int:
        seen.append((gc.isenabled(), collector.paused))
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    assert launcher.main(["proj"]) == 0
    assert seen == [(False, True)] and gc.isenabled()

    def fails(path: object, annotator: object = None, *, collector: StartupCollectorPause) -> int:
        raise RuntimeError("the window could not be made")

    monkeypatch.setattr(app, "run_gui", fails)
    with pytest.raises(RuntimeError):
        launcher.main(["proj"])
    assert gc.isenabled()  # resumed on the way out too
