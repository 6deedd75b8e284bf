"""The user's data folder: the default workspace, projects made from imported folders, and what
must outlive a project (journals of a project that is gone, PostgreSQL journals, caches of
read-only projects). Its own module, so that storage and the workspace both use it without
importing each other."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "ANNOTATOR_HOME"


def data_dir() -> Path:
    """The user's data folder for annotator (``$ANNOTATOR_HOME`` overrides it, for tests and portable use)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    # Imported here: with tempfile and shutil it is about 8 ms of imports, paid only once the
    # data folder is first asked for (a start on a project folder reads the place left there).
    import platformdirs

    return platformdirs.user_data_path("annotator", appauthor=False)
