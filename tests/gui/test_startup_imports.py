"""What a cold start must not load before the first paint: each of these is loaded on first use
(the Analysis dock, the first network, the first date search, named entities, the first annotation search), and each once cost
a measurable part of the start (bench/startup.py, U1)."""

from __future__ import annotations

import os
import subprocess
import sys

LOADED_ON_FIRST_USE = (
    "pyqtgraph",
    "networkx",
    "numpy",
    "spacy",
    "annotator.core.dates.finder",
    "annotator.core.agreement",
    "annotator.core.search.annotations",
)


def test_opening_the_window_module_loads_none_of_the_heavy_ones() -> None:
    code = f"import sys, annotator.gui.main_window; print(sorted(m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"
