"""Render the screenshots in docs/: the annotated sample project, the quoted claim selected.

    .venv/bin/python docs/screenshot.py docs/screenshot.png            # the README's, 1600x1000, light
    .venv/bin/python docs/screenshot.py docs/ 1024x700 dark           # docs/screenshot-1024x700-dark.png

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
from annotator.gui.appearance import apply_colour_scheme  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_screenshot_project import main as make_project  # noqa: E402


def render(out: Path, size: str = "1600x1000", scheme: str = "light") -> Path:
    app = QApplication.instance() or QApplication([])
    apply_colour_scheme(app, dark=scheme == "dark")
    width, height = (int(n) for n in size.split("x"))
    if out.is_dir():
        out = out / f"screenshot-{size}-{scheme}.png"
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(1) as executor:
        os.environ["ANNOTATOR_HOME"] = str(Path(folder) / "home")  # no remembered place from a real session
        root = Path(folder) / "project"
        make_project(root)
        window = MainWindow(OpenedProject(open_project(root)), executor)
        window.resize(width, height)
        window.show()
        app.processEvents()
        claim = next(s for s in window.session.annotations.spans() if s.claim is not None and s.claim.claimant is not None)
        window.view.set_selected_span(claim.id)
        app.processEvents()
        window.grab().save(str(out))
        window.close()
        window.project.close()
    return out


if __name__ == "__main__":
    print(render(Path(sys.argv[1]), *sys.argv[2:]))
