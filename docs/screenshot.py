"""Render the README screenshot: the annotated sample project, the quoted claim selected.

    .venv/bin/python docs/screenshot.py docs/screenshot.png

It draws the real main window offscreen (QWidget.grab), so it needs no display.
"""

import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.storage import open_project  # noqa: E402
from annotator.core.workspace import OpenedProject  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_screenshot_project import main as make_project  # noqa: E402


def render(out: Path) -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(1) as executor:
        root = Path(folder) / "project"
        make_project(root)
        window = MainWindow(OpenedProject(open_project(root)), executor)
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        claim = next(s for s in window.session.annotations.spans() if s.claim is not None and s.claim.claimant is not None)
        window.view.set_selected_span(claim.id)
        app.processEvents()
        window.grab().save(str(out))
        window.close()


if __name__ == "__main__":
    render(Path(sys.argv[1]))
