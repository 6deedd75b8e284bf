"""The command line. Uses the core only; the GUI is started by ``annotator.launcher``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from annotator.cli import agree_command, format_commands, migrate_command, project_commands, stats_command, suggest_command
from annotator.commands import COMMANDS, GUI_USAGE

__all__ = ["COMMANDS", "GUI_USAGE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate actors, claims and dates in news articles.",
        epilog=f"Without a command: {GUI_USAGE}. PATH is a project folder, a postgresql:// URL, or a folder or file of articles to import.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    project_commands.register(commands)
    format_commands.register(commands)  # after project_commands: it extends `import`
    agree_command.register(commands)
    migrate_command.register(commands)
    suggest_command.register(commands)
    stats_command.register(commands)
    try:
        from annotator.cli import dates_command
    except ImportError:  # the dates command lands with the normaliser
        pass
    else:
        dates_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if getattr(args, "handler", None) is None:
        build_parser().print_help()
        return 2
    return int(args.handler(args))
