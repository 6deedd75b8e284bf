"""Python's cyclic collector held off from the program's start until the window is painted.

A start imports a few hundred modules and builds the window: objects that live on, almost none
of them in a cycle, so the collector ran about 150 times over the growing heap for nothing
(about 70 ms of a 0.75 s start with B open, one full collection among them; bench U1). The
launcher pauses it before the first import and ``run_gui`` resumes it once the window has had
time to paint; the launcher resumes it in any case when the window closes or never opens. Only
this module's own pause is undone: a collector someone else switched off stays off. What the
start made and keeps (modules, the window, the first document) is then frozen out of later full
collections (``core/gc_pause.freeze_long_lived``).

No Qt here: the launcher imports this before it knows whether a window will open.
"""

from __future__ import annotations

import gc

from annotator.core.gc_pause import freeze_long_lived

RESUME_AFTER_MS = 500  # after the first paint (shown and painted well within this), before any coding


class StartupCollectorPause:
    """``pause()`` once at start; ``resume()`` as often as wanted (only the first one acts)."""

    def __init__(self) -> None:
        self._paused = False

    def pause(self) -> None:
        if gc.isenabled():
            gc.disable()
            self._paused = True

    def resume(self) -> None:
        if self._paused:
            self._paused = False
            gc.enable()
            freeze_long_lived()

    @property
    def paused(self) -> bool:
        return self._paused
