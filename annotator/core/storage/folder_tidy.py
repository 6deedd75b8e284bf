"""Removing what killed writers left behind, beside the opening instead of before it.

``FolderProject.open`` used to list every folder of the project for leftover temp
files before the first article could show: 200,000 names for 100,000 articles,
the one part of opening that grew with the corpus besides the catalog. The sweep
now runs on a thread of its own while the project opens. It is still done by the
instance that holds the project lock, before that lock is released (``close``
waits for it, and the sweep keeps the lock referenced, so a project dropped without
``close`` cannot release it mid-sweep), and it never touches this process's own temp files (see
``atomic.remove_stale_temp_files``), so saves made while it runs are safe.
``wait`` is for callers that must see it done (tests, tools).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from annotator.core.atomic import remove_stale_temp_files
from annotator.core.safe_files import resolve


class TempFileSweep:
    """One sweep of ``folders`` (those inside ``root`` once symlinks are resolved), on a daemon
    thread that holds ``lock`` (the project lock: a lock released when dropped) until it is done."""

    def __init__(self, root: Path, folders: Sequence[Path], lock: object) -> None:
        # Thread drops its target's arguments once the target returns: the lock's last reference here.
        self._thread = threading.Thread(target=self._run, args=(root, tuple(folders), lock), name="remove-stale-temp-files", daemon=True)
        self._thread.start()

    @staticmethod
    def _run(root: Path, folders: tuple[Path, ...], _lock: object) -> None:
        for folder in folders:
            try:
                # Through a symlink this would delete files outside the project.
                if resolve(folder).is_relative_to(root):
                    remove_stale_temp_files(folder)
            except OSError:
                continue  # only tidying: a folder that cannot be listed keeps its temp files

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the sweep is done (or ``timeout`` seconds passed); True if it is done."""
        self._thread.join(timeout)
        return not self._thread.is_alive()
