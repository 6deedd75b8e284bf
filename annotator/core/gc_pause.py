"""Python's cyclic garbage collector held off while a bulk load makes many objects without cycles.

Parsing a 100,000-entry catalog makes 100,000 objects that all live on, none of
them in a cycle: the collector, started again every 700 new objects, walked the
growing heap over and over for nothing (a third of the parse). It is switched on
again, as it was, when the block ends; objects made inside are collected as usual
later. A document switch holds the collector off in the window instead, until the
article's next paint (gui/collector_hold.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
