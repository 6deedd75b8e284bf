"""Removing what killed writers left behind, beside the opening instead of before it.

``FolderProject.open`` used to list every folder of the project for leftover temp
files before the first article could show: 200,000 names for 100,000 articles,
the one part of opening that grew with the corpus besides the catalog. The sweep
now runs on a thread of its own while the project opens. It is still done by the
instance that holds the project lock, before that lock is released (``close``
waits for it; a project dropped without ``close`` is in ``TempFileSweep``), and it
never touches this process's own temp files (see ``atomic.remove_stale_temp_files``), so saves made while it runs are safe.
``wait`` is for callers that must see it done (tests, tools).

It starts a second after the opening (``SWEEP_AFTER_S``), not at once: listing 200,000 names
holds the interpreter while each list is made, which the opening thread then waited for (at
100,000 articles a tenth of the time to the first article, and the part of it that grew with
the corpus). ``wait`` (and so ``close``) runs it at once when it has not started yet.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.atomic import remove_stale_temp_files
from annotator.core.safe_files import resolve

if TYPE_CHECKING:
    from annotator.core.storage.project_lock import ProjectLock

SWEEP_AFTER_S = 1.0  # once the first article is shown and the window idle


class TempFileSweep:
    """One sweep of ``folders`` (those inside ``root`` once symlinks are resolved), on a daemon
    thread, ``delay`` seconds from now, by the holder of ``lock`` (the project lock; None: no lock
    to hold). A project dropped without ``close`` lets its lock go: a sweep that has not started
    by then does not run (the next opening's does), and one under way keeps the lock until it is
    done, so no other instance writes while it removes files."""

    def __init__(self, root: Path, folders: Sequence[Path], lock: ProjectLock | None, delay: float = SWEEP_AFTER_S) -> None:
        self._now = threading.Event()
        held = weakref.ref(lock) if lock is not None else None  # a strong reference would keep a dropped project's lock
        self._thread = threading.Thread(target=self._run, args=(root, tuple(folders), held, delay), name="remove-stale-temp-files", daemon=True)
        self._thread.start()

    def _run(self, root: Path, folders: tuple[Path, ...], held: weakref.ref[ProjectLock] | None, delay: float) -> None:
        self._now.wait(delay)
        # Held from here to the end of the sweep. (Alive is held: only close() releases it, and
        # close waits for the sweep first.)
        lock = held() if held is not None else None
        if held is not None and lock is None:
            return
        for folder in folders:
            try:
                # Through a symlink this would delete files outside the project.
                if resolve(folder).is_relative_to(root):
                    remove_stale_temp_files(folder)
            except OSError:
                continue  # only tidying: a folder that cannot be listed keeps its temp files

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the sweep is done (or ``timeout`` seconds passed), starting it now if it waits; True if it is done."""
        self._now.set()
        self._thread.join(timeout)
        return not self._thread.is_alive()
