"""Child process for ``test_instances``: open a project, say whether it is writable, wait.

Run as ``python hold_project_child.py PROJECT ANNOTATOR``. Prints ``writable``
or ``read-only`` and then holds the project until stdin closes (or it is killed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.core.storage import FolderProject


def main() -> None:
    project = FolderProject.open(Path(sys.argv[1]), annotator=sys.argv[2])
    print("writable" if project.writable else "read-only", flush=True)
    sys.stdin.read()
    project.close()


if __name__ == "__main__":
    main()
