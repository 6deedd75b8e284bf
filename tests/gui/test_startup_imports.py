"""What a cold start must not load before the first paint: each of these is loaded on first use
(the Analysis dock, the first network, the first date search, named entities, the first annotation search,
the first suggestion run), and each once cost
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
    "annotator.core.suggest.claims",  # the recommenders load with the first suggestion run
    "annotator.core.suggest.known_actors",
    "annotator.core.suggest.claim_fields",
)


def test_opening_the_window_module_loads_none_of_the_heavy_ones() -> None:
    code = f"import sys, annotator.gui.main_window; print(sorted(m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"


# Loaded when the coder first asks for them, not by a start that opens a project and shows an
# article: the corpus search window and its tabs, exchange formats, the corpus analysis's input,
# the legacy-encoding detector, fuzzy topic completion, the Actors panel (bench U1).
LOADED_WHEN_ASKED = (
    *LOADED_ON_FIRST_USE,
    "annotator.gui.corpus_search",
    "annotator.gui.annotation_search",
    "annotator.gui.search_tagging",
    "annotator.core.search.index",
    "sqlite3",
    "annotator.gui.exchange_dialogs",
    "annotator.core.formats",
    "annotator.gui.analysis_input",
    "annotator.core.analysis.corpus",
    "charset_normalizer",
    "rapidfuzz",
    "annotator.gui.actor_panel",  # the Actors tab, behind Spans at start
    "importlib.metadata",
    "annotator.gui.label_scheme_dialog",  # dialogs: loaded when first opened
    "annotator.gui.preferences_dialog",
    "annotator.gui.open_database",
    "annotator.core.search.find",  # the find bar's search and "Tag all": loaded with the first search
    "annotator.core.search.tag_all",  # pydantic's plugin loader, skipped while plugins are disabled (launcher)
    "annotator.gui.codebook_panel",  # the Codebook tab, behind Spans at start (the flow is gui/codebook_flow.py)
    "annotator.gui.suggestion_worker",  # the suggestions' worker thread: loaded with the first run
    "annotator.core.suggest.corpus",  # the corpus run and the named-entity model's name: loaded on first use
    "annotator.core.suggest.named_entities",
    # Not on the first paint (issue 8, U1 on B): each is loaded with its first use from the window.
    "annotator.gui.corpus_suggestions",  # Suggestions → across the corpus / named-entity model
    "annotator.gui.import_flow",  # File → Import articles (and its worker and progress dialog)
    "annotator.gui.import_worker",
    "annotator.gui.progress_run",
    "annotator.gui.save_copy",  # File → Save a copy as
    "annotator.gui.find_bar",  # Ctrl+F: the find bar is hidden until first opened
    "annotator.core.suggest.accept",  # the first accepted suggestion
    # Core and third-party modules the first paint does not need (bench U1): the project lock is
    # the standard library's, the save thread's pool comes with the first save, the data folder's
    # platformdirs when it is first asked for (the tests set ANNOTATOR_HOME), the month names with
    # the first article read, calendar with the first date value that has a day, the packaged
    # sample articles with the default workspace.
    "filelock",
    "concurrent.futures",  # the Executor and Future names are annotations only (TYPE_CHECKING)
    "concurrent.futures.thread",
    "platformdirs",
    "annotator.core.dates.lexicon",
    "calendar",
    "importlib.resources",
)

_START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
watched = {watched!r}
def shown():
    app.processEvents()
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    print("SHOWN_TEXT", len(window.view.toPlainText()) if window.session else 0, flush=True)
    print("SHOWN", sorted(m for m in watched if m in sys.modules), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
from annotator.launcher import main
code = main([sys.argv[1]])
print("CLOSED", sorted(m for m in watched if m in sys.modules), flush=True)
sys.exit(code)
"""


def test_a_cold_start_on_a_project_loads_none_of_them_until_asked(tmp_path) -> None:  # noqa: ANN001
    from annotator.core.storage import FolderProject
    from annotator.core.workspace import import_into
    from tests.conftest import SEEDS

    root = tmp_path / "project"
    with FolderProject.create(root, "seeds") as project:
        import_into(project, SEEDS)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_HOME": str(tmp_path / "home"),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    code = _START.format(watched=LOADED_WHEN_ASKED)
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if line.startswith(("SHOWN", "CLOSED")))
    assert int(lines["SHOWN_TEXT"]) > 0  # an article is shown: a start that did its work
    assert lines["SHOWN"] == "[]"
    assert lines["CLOSED"] == "[]"  # closing stops only what was started
