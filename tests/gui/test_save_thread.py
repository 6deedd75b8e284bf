"""The window's save thread (gui/app.py ``SaveThread``): what ThreadPoolExecutor(max_workers=1)
gave run_gui (each save on one worker thread, in order; leaving waits for those pending), with
the pool made by the first save instead of before the first paint."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotator.core.storage import FolderProject
from annotator.core.workspace import OpenedProject
from annotator.gui.app import SaveThread
from annotator.gui.main_window import MainWindow
from tests.gui.test_tagging_flow import annotation_file, offsets_of


def test_saves_run_in_order_on_one_thread_and_leaving_waits_for_them() -> None:
    gate = threading.Event()
    done: list[tuple[int, str]] = []

    def save(index: int) -> int:
        if index == 0:
            gate.wait(30)  # the first save is slow: the others queue behind it
        done.append((index, threading.current_thread().name))
        return index

    with SaveThread() as saves:
        assert saves._pool is None  # nothing is made before the first save
        futures = [saves.submit(save, index) for index in range(5)]
        assert saves._pool is not None
        gate.set()
    # Leaving the block waited for every pending save.
    assert all(future.done() for future in futures)
    assert [future.result() for future in futures] == list(range(5))
    assert [index for index, _ in done] == list(range(5))
    assert len({name for _, name in done}) == 1 and done[0][1].startswith("save")
    with pytest.raises(RuntimeError, match="after shutdown"):
        saves.submit(save, 5)


def test_submits_from_many_threads_make_one_pool() -> None:
    with SaveThread() as saves:
        names: list[str] = []
        threads = [threading.Thread(target=lambda: saves.submit(lambda: names.append(threading.current_thread().name))) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert len(names) == 8 and len(set(names)) == 1


def test_shutdown_before_any_save_makes_no_thread() -> None:
    before = threading.active_count()
    saves = SaveThread()
    saves.shutdown(wait=True)
    assert saves._pool is None and threading.active_count() == before


def test_a_window_saves_through_it_and_the_file_is_written_before_it_is_left(qtbot, seed_project: Path) -> None:  # noqa: ANN001
    with SaveThread() as saves:
        window = MainWindow(OpenedProject(FolderProject.open(seed_project)), saves)
        qtbot.addWidget(window)
        window.show()
        window.view.select_offsets(*offsets_of(window, "Armenia"))
        window.span_editor.apply_label("actor")
        doc_id = window.session.document.id
        window.session.save()
    # Leaving waited for the save: the file holds the span.
    assert [span.text for span in annotation_file(seed_project, doc_id).spans] == ["Armenia"]
    window.close()
    window.project.close()
