"""Render the corpus search window's screenshots: the Annotations tab and "Tag all as suggestions…".

    .venv/bin/python docs/search_screenshots.py docs/ [light|dark]

Builds the coded sample project of analysis_screenshots.py, opens the real window offscreen, runs an
annotation search (Nikol Pashinyan's claims on CSTO membership) and counts "CSTO" for tagging as
actor suggestions, and grabs the search window each time (QWidget.grab).
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.storage import open_project  # noqa: E402
from annotator.core.workspace import OpenedProject  # noqa: E402
from annotator.gui.appearance import apply_colour_scheme  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_screenshots import code_more  # noqa: E402
from make_screenshot_project import main as make_project  # noqa: E402


def wait_for(app: QApplication, signal) -> None:  # noqa: ANN001
    done: list[int] = []
    signal.connect(lambda *_args: done.append(1))
    while not done:
        app.processEvents()


def render(out: Path, scheme: str) -> list[Path]:
    app = QApplication.instance() or QApplication([])
    apply_colour_scheme(app, dark=scheme == "dark")
    written = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ANNOTATOR_HOME"] = str(Path(folder) / "home")
        root = Path(folder) / "project"
        make_project(root)
        code_more(root)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as executor:
            window = MainWindow(OpenedProject(open_project(root)), executor)
            window.resize(1400, 900)
            window.show()
            app.processEvents()
            dialog = window.corpus_search
            dialog.resize(1300, 560)
            dialog.open_search()
            wait_for(app, dialog.index_ready)
            panel = window.annotation_search
            dialog.tabs.setCurrentWidget(panel)
            panel.label.setCurrentText("claim")
            QTest.keyClicks(panel.claimant, "Pashinyan")
            QTest.keyClicks(panel.topic, "CSTO membership")
            panel.search()
            wait_for(app, panel.searched)
            app.processEvents()
            path = out / f"search-annotations-{scheme}.png"
            dialog.grab().save(str(path))
            written.append(path)
            dialog.tabs.setCurrentWidget(dialog.text_page)
            QTest.keyClicks(dialog.field, "CSTO")
            window.search_tagging.label.setCurrentText("actor")
            window.search_tagging.count()
            wait_for(app, window.search_tagging.counted)
            app.processEvents()
            path = out / f"search-tag-all-{scheme}.png"
            dialog.grab().save(str(path))
            written.append(path)
            window.search_tagging.cancel()
            window.close()
            window.project.close()
    return written


if __name__ == "__main__":
    for path in render(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "light"):
        print(path)
