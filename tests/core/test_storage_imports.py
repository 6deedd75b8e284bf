"""What opening a project and reading an article with its annotations must not import (bench U1):
the suggestions (core/suggest, loaded with the first stored suggestion read or written), the
article reader and the month names (the first import of articles), filelock (the project lock is
the standard library's) and platformdirs (ANNOTATOR_HOME names the data folder here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotator.core.storage import FolderProject
from annotator.core.workspace import import_into
from tests.conftest import SEEDS

NOT_ON_OPENING = (
    "annotator.core.suggest",
    "annotator.core.suggest.base",
    "annotator.core.storage.suggestion_records",
    "annotator.core.articles",
    "annotator.core.dates",
    "filelock",
    "platformdirs",
)

_OPEN = """
import sys
from pathlib import Path
from annotator.core.workspace import open_path
project = open_path(Path(sys.argv[1])).project
assert project.writable, project.warnings
entry = project.documents()[0]
document = project.load_document(entry.id)
project.load_annotations(document)
assert project.load_pending(entry.id) == () and not project.pending_documents()
print(sorted(m for m in {watched!r} if m in sys.modules))
project.close()
"""


def test_opening_a_project_and_an_article_loads_none_of_them(tmp_path: Path) -> None:
    root = tmp_path / "project"
    with FolderProject.create(root, "seeds") as project:
        import_into(project, SEEDS)
    env = {**os.environ, "ANNOTATOR_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", _OPEN.format(watched=NOT_ON_OPENING), str(root)], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "[]"
