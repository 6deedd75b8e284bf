"""QApplication set-up and the GUI entry point."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.storage import ProjectError
from annotator.core.workspace import open_path
from annotator.gui.startup_collector import RESUME_AFTER_MS, StartupCollectorPause

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


def display_problem() -> str | None:
    """Why no window can be shown here, or None. Checked before Qt aborts on its own."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "wayland")) or sys.platform in ("win32", "darwin"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return (
            "annotator needs a graphical display, and none was found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
            "Run it on a desktop, under xvfb-run, or use the command line: annotator --help"
        )
    return None


class SaveThread:
    """The window's saves: what ``ThreadPoolExecutor(max_workers=1)`` gives (each save on one
    worker thread, in the order submitted; ``shutdown`` waits for those pending), with the pool
    and ``concurrent.futures`` (about 8 ms of imports with ``logging``) made by the first save,
    not before the first paint. ``submit`` may be called from any thread."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._made = threading.Lock()
        self._shut = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._made:
            if self._shut:
                raise RuntimeError("cannot schedule new futures after shutdown")  # as the pool says
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save")
            pool = self._pool
        return pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._made:
            pool, self._shut = self._pool, True
        if pool is not None:
            pool.shutdown(wait, cancel_futures=cancel_futures)

    def __enter__(self) -> SaveThread:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.shutdown(wait=True)


def run_gui(path: Path | str | None, annotator: str | None = None, *, collector: StartupCollectorPause | None = None) -> int:
    """Open the window on ``path``: a project folder, articles to import, or a ``postgresql://`` URL.

    ``collector``: the launcher's pause of the cyclic collector, resumed once the window is painted."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    from annotator.gui.appearance import apply_colour_scheme

    apply_colour_scheme(app)  # light or dark as the system says, and following it
    try:
        opened = open_path(path, annotator=annotator)
    except ProjectError as error:
        QMessageBox.critical(None, "annotator", f"Cannot open {path or 'the workspace'}:\n\n{error}")
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    with SaveThread() as executor:
        window = MainWindow(opened, executor)  # sessions call its submit
        window.show()
        # Keyboard first: the article takes keys from the start, once the window is really up.
        QTimer.singleShot(0, window.view.setFocus)
        if collector is not None:
            QTimer.singleShot(RESUME_AFTER_MS, collector.resume)
        code = app.exec()
        window.project.close()
    return code
