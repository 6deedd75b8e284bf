"""The autosave waits for the coder to pause, yet a steady stream of edits is saved in the end.

A save serialises and checks every span on a worker thread that holds the interpreter meanwhile,
so saving every AUTOSAVE_DELAY_MS of steady editing slowed the keys pressed during it
(bench/editing.py, U3); every edit is journalled the moment it is made, so waiting loses nothing.
The delays are set long here so that a slow machine cannot make a pause out of a busy loop.
"""

from __future__ import annotations

import pytest

from annotator.gui import session as session_module
from annotator.gui.main_window import MainWindow

WORDS = ("Moscow", "Kyiv", "Armenia", "Russia")


def _edit_stream(qtbot, window: MainWindow, edits: int, every_ms: int, saves: list[int]) -> int:  # noqa: ANN001
    """Relabel one span back and forth, ``every_ms`` apart, until ``edits`` are made or a save
    has landed; how many were made."""
    text = window.session.document.text
    word = next(w for w in WORDS if w in text)
    start = text.index(word)
    window.view.select_offsets(start, start + len(word))
    window.span_editor.apply_label("actor")
    made = 1
    while made < edits and not saves:
        qtbot.wait(every_ms)
        window.span_editor.apply_label("claim" if made % 2 else "actor")
        made += 1
    return made


def test_a_stream_of_edits_is_saved_once_the_coder_pauses(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(session_module, "AUTOSAVE_DELAY_MS", 1500)
    monkeypatch.setattr(session_module, "AUTOSAVE_LATEST_MS", 60_000)
    saves: list[int] = []
    window.session.saved.connect(lambda: saves.append(window.session.undo_stack.index()))
    _edit_stream(qtbot, window, 12, 100, saves)  # 1.2 s of edits, none 1.5 s after the last
    assert saves == [] and window.session.modified
    qtbot.waitUntil(lambda: not window.session.modified, timeout=6000)  # the pause
    assert saves == [window.session.undo_stack.index()]  # one save, of every edit


def test_a_steady_stream_of_edits_is_still_saved_within_the_latest_delay(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(session_module, "AUTOSAVE_DELAY_MS", 60_000)  # never a pause long enough
    monkeypatch.setattr(session_module, "AUTOSAVE_LATEST_MS", 400)
    saves: list[int] = []
    window.session.saved.connect(lambda: saves.append(window.session.undo_stack.index()))
    made = _edit_stream(qtbot, window, 200, 50, saves)
    assert saves, "no save during 10 s of steady editing"
    assert made < 200  # saved while the stream went on
    assert 1 <= saves[0] <= window.session.undo_stack.index()


def test_a_save_put_off_by_one_in_flight_keeps_the_deadline_of_the_oldest_unsaved_edit(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from concurrent.futures import Future

    monkeypatch.setattr(session_module, "AUTOSAVE_DELAY_MS", 60_000)
    session = window.session
    _edit_stream(qtbot, window, 1, 0, [])
    since = session._unsaved_since
    assert since is not None and session.modified
    busy: Future = Future()  # a save still writing
    session._in_flight = busy
    try:
        session.save()  # the autosave fires meanwhile: put off until the one in flight is done
        assert session._unsaved_since == since  # the edit is still the oldest unsaved one
    finally:
        session._in_flight = None  # a save that never ends would hold the window's close
    session.save()  # now it is taken
    assert session._unsaved_since is None
    session.wait_for_save()
