"""Python's cyclic collector held off from a document switch until the article is painted.

Opening a 5,000-span article makes some 30,000 objects that live on, none of them in a cycle.
The collector, started every 700 new objects, ran 25-30 young collections inside the switch
(4 ms) and, every few switches, the full collection those objects had brought due: 70-80 ms
over the whole heap, more than the rest of the switch (bench U2, measured with
``gc.callbacks``). None of that is needed to show the article. ``hold()`` switches the
collector off when a switch begins; it is switched on again once the article view's first
paint after it is over (or ``RELEASE_AFTER_MS`` later, if the view does not paint), so the
same collections run while the coder starts to read, not before the article appears.
Objects made while it is off are collected as usual afterwards; what survives that young
collection (the document just opened) is then frozen out of later full collections
(``core/gc_pause.freeze_long_lived``), so that they never walk it while the coder edits or saves.

Only this module's own pause is undone: a collector someone else switched off (the start-up
pause, ``gui/startup_collector.py``) stays as they left it.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, QObject, QTimer

from annotator.core.gc_pause import forget_frozen, freeze_long_lived

RELEASE_AFTER_MS = 1000  # a view that never paints (minimised window) does not keep the collector off


class _Pause:
    """The collector switched off until ``end()``. Plain Python, not a QObject: the deadline and
    the after-paint release still end it when the window has been closed and deleted meanwhile."""

    def __init__(self) -> None:
        self.active = True
        gc.disable()

    def end(self, *, freeze: bool = True) -> None:
        if self.active:
            self.active = False
            gc.enable()
            if freeze:
                freeze_long_lived()


class CollectorHold(QObject):
    """Holds the collector off from ``hold()`` to the end of the next paint of ``watched``."""

    def __init__(self, watched: QObject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watched = watched
        self._pause: _Pause | None = None

    @property
    def held(self) -> bool:
        return self._pause is not None and self._pause.active

    def hold(self) -> None:
        """Switch the collector off until ``watched`` has painted; nothing if it is already off."""
        if self.held or not gc.isenabled():
            return
        self._pause = pause = _Pause()
        self._watched.installEventFilter(self)
        QTimer.singleShot(RELEASE_AFTER_MS, pause.end)  # no receiver: fires even if this window is gone

    def release(self) -> None:
        """The window closes: switch the collector on again if ``hold()`` switched it off, and give
        every frozen object back to it, so that what the window kept can be collected."""
        if self._pause is not None:
            self._watched.removeEventFilter(self)
            self._pause.end(freeze=False)
            self._pause = None
        forget_frozen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Paint and self._pause is not None:
            # Seen before the paint: released once this round of painting is over.
            self._watched.removeEventFilter(self)
            QTimer.singleShot(0, self._pause.end)
        return False
