"""Render docs/suggestions.png: the annotated sample project with the suggestions still pending,
drawn as dashed outlines beside the accepted spans, one of them current (N): the first claim
suggestion with a claimant, whose claimant and date are boxed and joined to it by dotted arcs.

    .venv/bin/python docs/suggestions_screenshot.py docs/suggestions.png [DOCUMENT_ROW]

It draws the real main window offscreen (QWidget.grab), so it needs no display.
"""

import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.storage import open_project  # noqa: E402
from annotator.core.workspace import OpenedProject  # noqa: E402
from annotator.gui.appearance import apply_colour_scheme  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_screenshot_project import main as make_project  # noqa: E402


def render(out: Path, row: int = 0, size: str = "1600x1000") -> Path:
    app = QApplication.instance() or QApplication([])
    apply_colour_scheme(app, dark=False)
    width, height = (int(n) for n in size.split("x"))
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(1) as executor:
        os.environ["ANNOTATOR_HOME"] = str(Path(folder) / "home")  # no remembered place from a real session
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(Path(folder) / "settings"))  # every recommender on
        root = Path(folder) / "project"
        make_project(root)
        window = MainWindow(OpenedProject(open_project(root)), executor)
        window.resize(width, height)
        window.show()
        window.document_table.selectRow(row)
        clock = QElapsedTimer()
        clock.start()
        while (window.suggestions._worker is not None or not window.suggestions.visible) and clock.elapsed() < 10000:
            app.processEvents()
        app.processEvents()
        flow = window.suggestions
        for _ in range(len(flow.visible)):
            flow.step(+1)
            current = flow.visible[flow.current]
            if current.kind.value == "claims" and current.claimant is not None:
                break
        app.processEvents()
        window.grab().save(str(out))
        window.close()
        window.project.close()
    return out


if __name__ == "__main__":
    print(render(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:3])))
