"""Python's cyclic garbage collector held off while a bulk load makes many objects without cycles,
and the objects that live on kept out of its later walks.

Parsing a 100,000-entry catalog makes 100,000 objects that all live on, none of
them in a cycle: the collector, started again every 700 new objects, walked the
growing heap over and over for nothing (a third of the parse). It is switched on
again, as it was, when the block ends; objects made inside are collected as usual
later. A document switch holds the collector off in the window instead, until the
article's next paint (gui/collector_hold.py).

Once a document is shown, ``freeze_long_lived()`` moves what lives on (the window, the open
documents' spans, their saved JSON) into the interpreter's permanent generation
(``gc.freeze()``, as large Python services do after start-up), so that the full collection the
next objects bring due walks only those. In the full benchmark run's state at S4 a full
collection over the heap took 37 ms on the GUI thread (98-127 ms on a loaded machine); one that
the edits and saves bring due inside an autosave is a gap of that length, on the GUI thread or on
the save thread that holds the interpreter meanwhile (bench S4_ui_block, 22-87 ms in full runs,
measured by bench/profile_autosave.py). Frozen objects freed by their reference
count are freed as usual; only a cycle that became garbage after it was frozen waits, until the
frozen heap has grown by ``FULL_AGAIN_GROWTH`` since the last full collection: then everything
is unfrozen, collected in full once and frozen again (the first call always does that).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# A full collection again once the frozen heap is this many times what the last one left (and at
# least FULL_AGAIN_FLOOR objects more): cycles that became garbage while frozen are never more
# than the live heap, as with the collector's own rule of a full collection per 25% of growth.
FULL_AGAIN_GROWTH = 2.0
FULL_AGAIN_FLOOR = 50_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block (if it was on), on again after, even on an exception."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class _Frozen:
    """What the last full collection left frozen; None until the first one (process-wide, as the collector is)."""

    after_full: int | None = None


_FROZEN = _Frozen()


def freeze_long_lived() -> bool:
    """Freeze every object that survives a collection of the young generations; True if that
    collection was a full one (see the module docstring). Nothing while the collector is off
    (someone paused it for a reason). Call on the GUI thread when a wait is invisible: after a
    paint, never inside an edit or a save."""
    if not gc.isenabled():
        return False
    after_full = _FROZEN.after_full
    if after_full is not None:
        gc.collect(1)  # the young generations: what was made since the last freeze
        gc.freeze()
        if gc.get_freeze_count() <= max(FULL_AGAIN_GROWTH * after_full, after_full + FULL_AGAIN_FLOOR):
            return False
    gc.unfreeze()  # back into the oldest generation, so that the full collection sees them
    gc.collect()
    gc.freeze()
    _FROZEN.after_full = gc.get_freeze_count()
    return True


def forget_frozen() -> None:
    """Unfreeze everything and forget the last full collection (tests, and a process that ends its window)."""
    gc.unfreeze()
    _FROZEN.after_full = None
