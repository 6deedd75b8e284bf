"""The ``annotator`` program: a command runs in the CLI, anything else opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from annotator.commands import COMMANDS, GUI_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in COMMANDS or args[0].startswith("-")):
        from annotator import cli

        return cli.main(args)
    if len(args) > 1:
        print(f"usage: {GUI_USAGE}\n       annotator COMMAND ... (annotator --help)", file=sys.stderr)
        return 2
    from annotator.gui.app import run_gui

    # A postgresql:// URL stays text: Path() would fold its "//".
    return run_gui((args[0] if "://" in args[0] else Path(args[0])) if args else None)
