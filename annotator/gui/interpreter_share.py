"""How often Python's worker threads hand the interpreter back to the GUI thread.

The window computes suggestions, mention counts, analyses and the search index on worker
threads, in Python, so they hold the GIL. Every paint and every item-model call of the GUI
thread needs it back, and by default a waiting thread gets it after up to 5 ms: a repaint
that calls into Python a few dozen times then waits for the GIL most of the frame
(measured: edits in a 1,000,000-character article took about 200 ms from key to repaint
while suggestions were computed, 30 ms with a 0.5 ms interval). A shorter interval costs
the workers a little throughput and keeps typing smooth.
"""

from __future__ import annotations

import sys

GUI_SWITCH_INTERVAL_S = 0.0005


def share_the_interpreter_with_the_gui() -> None:
    """Shorten the switch interval (never lengthen one someone chose shorter)."""
    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
