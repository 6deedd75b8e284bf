"""Open a project in the real window, tag spans, then die by SIGKILL before autosave runs."""

import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.storage import FolderProject  # noqa: E402
from annotator.core.workspace import OpenedProject  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402

app = QApplication([])
window = MainWindow(OpenedProject(FolderProject.open(Path(sys.argv[1]))), ThreadPoolExecutor(1))
window.link_when_tagging_action.setChecked(False)  # no actor-link dialog to answer here
if len(sys.argv) > 2:  # edit another document than the first
    window.select_document(sys.argv[2])
text = window.session.document.text
last = "Friday" if "Friday" in text else "Russia"  # undone below, whichever it is
for needle, label in [("Armenia", "actor"), ("Moscow", "actor"), (last, "date")]:
    start = text.index(needle)
    window.view.select_offsets(start, start + len(needle))
    window.span_editor.apply_label(label)
window.undo_group.undo()  # the journal records the undo too: Friday must not come back
app.processEvents()
print("edited", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
