"""The ``annotator`` program: a command runs in the CLI, anything else opens the window."""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Sequence
from pathlib import Path

from annotator.commands import COMMANDS, GUI_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    # annotator uses no pydantic plugins: without this, pydantic scans every installed package's
    # entry points when the first model is built (part of every start; PYDANTIC_DISABLE_PLUGINS
    # is pydantic's own switch, and a value the user set is kept).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_discovery()
    args = list(sys.argv[1:] if argv is None else argv)
    if not (args and args[0] in COMMANDS):
        annotator, args = _take_annotator(args)
        if annotator == "":
            print("annotator: --annotator needs a name", file=sys.stderr)
            return 2
    else:
        annotator = None
    if args and (args[0] in COMMANDS or args[0].startswith("-")):
        from annotator import cli

        return cli.main(args)
    if len(args) > 1:
        print(f"usage: {GUI_USAGE} [--annotator NAME]\n       annotator COMMAND ... (annotator --help)", file=sys.stderr)
        return 2
    if args and "://" not in args[0] and not Path(args[0]).exists():
        # Most likely a mistyped command: say so at once instead of opening a window with an error.
        print(
            f"annotator: {args[0]!r} is neither a command nor an existing file or folder\n"
            f"commands: {', '.join(sorted(COMMANDS))} (annotator COMMAND --help)\nusage: {GUI_USAGE}",
            file=sys.stderr,
        )
        return 2
    from annotator.gui.startup_collector import StartupCollectorPause

    collector = StartupCollectorPause()
    collector.pause()  # until the window is painted (gui/startup_collector.py)
    try:
        from annotator.gui.app import run_gui

        # A postgresql:// URL stays text: Path() would fold its "//".
        return run_gui((args[0] if "://" in args[0] else Path(args[0])) if args else None, annotator, collector=collector)
    finally:
        collector.resume()


# pydantic's own values for "no plugins at all" (pydantic/plugin/_loader.py, get_plugins).
_ALL_PLUGINS_DISABLED = ("__all__", "1", "true")


def _skip_plugin_discovery() -> None:
    """With every plugin disabled, pydantic's plugin loader answers "none" without looking, but
    importing it still imports ``importlib.metadata`` (for ``entry_points``), about 15 ms of every
    start (bench U1) that nothing else needs. Its stand-in gives the same answer, ``()``, without
    that import. A user who enables plugins gets pydantic's own loader."""
    name = "pydantic.plugin._loader"
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _ALL_PLUGINS_DISABLED or name in sys.modules:
        return
    loader = types.ModuleType(name, "annotator's stand-in for pydantic's plugin loader: plugins are disabled")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> (), as pydantic's does here

    def real_loader(attribute: str) -> object:
        # A pydantic that asks its loader for anything else gets its own loader, not an error.
        if attribute.startswith("__"):  # the import system's questions (``__path__``: a package?)
            raise AttributeError(attribute)
        if sys.modules.get(name) is loader:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    loader.__getattr__ = real_loader  # type: ignore[attr-defined]  # a module's __getattr__ (PEP 562)
    sys.modules[name] = loader


def _take_annotator(args: list[str]) -> tuple[str | None, list[str]]:
    """``--annotator NAME`` (or ``--annotator=NAME``) before or after the window's PATH: the coder's name."""
    rest: list[str] = []
    name: str | None = None
    items = iter(args)
    for arg in items:
        if arg == "--annotator":
            name = next(items, "")
        elif arg.startswith("--annotator="):
            name = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return name, rest
