"""The window shortens Python's thread switch interval, so that worker threads computing
suggestions do not hold up its paints (annotator/gui/interpreter_share.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.gui.interpreter_share import GUI_SWITCH_INTERVAL_S


def test_opening_the_window_shortens_the_switch_interval(open_window, seed_project: Path) -> None:  # noqa: ANN001
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default
    try:
        open_window(seed_project)
        assert sys.getswitchinterval() <= GUI_SWITCH_INTERVAL_S < 0.005
    finally:
        sys.setswitchinterval(before)


def test_a_shorter_interval_someone_chose_is_kept(open_window, seed_project: Path) -> None:  # noqa: ANN001
    before = sys.getswitchinterval()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S / 5)
    chosen = sys.getswitchinterval()  # as Python stores it (in microseconds)
    try:
        open_window(seed_project)
        assert sys.getswitchinterval() == chosen
    finally:
        sys.setswitchinterval(before)
