"""``annotator formats | export`` and ``annotator import SOURCE --project DIR --format F``.

The formats come from ``annotator.core.formats.registry``, the same list the window offers.
Without ``--format``, ``annotator import`` stays the article import of ``project_commands``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from annotator.core.formats import FormatSpec, ImportMode, apply_import, export_formats, export_items, formats, get_format, import_formats, plan_import
from annotator.core.storage import ProjectError, create_project, open_project
from annotator.core.workspace import is_project


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("formats", help="list the import and export formats, with what each export drops")
    listing.set_defaults(handler=run_formats)

    export = commands.add_parser("export", help="export a project's annotations in another tool's format")
    export.add_argument("project", type=Path)
    export.add_argument("--format", required=True, choices=[spec.name for spec in export_formats()])
    export.add_argument("out", type=Path, help="output file or folder (see `annotator formats`)")
    export.add_argument("--annotator", help="whose annotations (default: this user's)")
    export.add_argument("--documents", nargs="+", metavar="ID", help="only these documents")
    export.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="a format's option (graphml: window=year or window=month)")
    export.set_defaults(handler=run_export)

    # The article import keeps its parser; --format turns it into an annotation import.
    import_ = commands.choices["import"]
    import_.add_argument("--format", choices=[spec.name for spec in import_formats()], help="import annotations in this format instead of articles")
    import_.add_argument("--annotator", help="whose annotations to write (with --format)")
    import_.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=COLUMN",
        help="corpora: read our field NAME (text, title, date, source, url, byline, id) from COLUMN",
    )
    mode = import_.add_mutually_exclusive_group()
    mode.add_argument("--merge", action="store_true", help="add to documents that already hold annotations")
    mode.add_argument("--replace", action="store_true", help="replace the annotations of documents that hold some")
    article_import = import_.get_default("handler")
    import_.set_defaults(handler=lambda args: run_import(args) if args.format else article_import(args))


class ProgressBar:
    """A one-line bar on stderr for runs over more than one file; silent when stderr is not a terminal."""

    def __init__(self, what: str, stream: TextIO = sys.stderr) -> None:
        self.what, self.stream = what, stream
        self.shown = False

    def __call__(self, done: int, total: int, name: str) -> bool:
        if total > 1 and self.stream.isatty():
            filled = int(30 * done / total)
            self.stream.write(f"\r{self.what} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {name[:30]:<30}")
            self.stream.flush()
            self.shown = True
        return True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.shown = False


def describe(spec: FormatSpec) -> str:
    lines = [f"{spec.name:<13} {spec.directions:<16} {spec.title}"]
    if spec.exporter is not None:
        lines.append(f"{'':<13} export writes a {spec.output}; " + ("drops: " + "; ".join(spec.drops) if spec.drops else "keeps everything"))
    return "\n".join(lines)


def run_formats(_args: argparse.Namespace) -> int:
    for spec in formats():
        print(describe(spec))
    return 0


def _fail(message: str) -> int:
    print(f"annotator: {message}", file=sys.stderr)
    return 1


def run_export(args: argparse.Namespace) -> int:
    spec = get_format(args.format)
    assert spec.exporter is not None
    if spec.missing():
        return _fail(spec.missing())
    options = dict(item.partition("=")[::2] for item in args.option)
    unknown = sorted(set(options) - set(spec.options))
    if unknown:
        return _fail(f"{spec.name} has no option {unknown[0]!r}" + (f" (its options: {', '.join(spec.options)})" if spec.options else ""))
    try:
        project = open_project(args.project, annotator=args.annotator, read_only=True)
    except ProjectError as error:
        return _fail(str(error))
    with project:
        bar = ProgressBar("reading")
        items, problems = export_items(project, args.documents, bar)
        bar.close()
        if problems:
            for problem in problems:
                print(f"annotator: {problem}", file=sys.stderr)
            return _fail("nothing exported")
        if spec.drops:
            print(f"{spec.name} drops: " + "; ".join(spec.drops), file=sys.stderr)
        bar = ProgressBar("writing")
        try:
            report = spec.exporter(items, project.settings, args.out, bar, **options)
        except ValueError as error:
            return _fail(str(error))
        except OSError as error:
            return _fail(f"{args.out}: cannot be written ({error.strerror or error})")
        finally:
            bar.close()
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(report.summary())
    return 0


def run_import(args: argparse.Namespace) -> int:
    spec = get_format(args.format)
    assert spec.importer is not None
    if spec.missing():
        return _fail(spec.missing())
    if not args.source.exists():
        return _fail(f"{args.source}: no such file or folder")
    try:
        project = open_project(args.project, annotator=args.annotator) if is_project(args.project) else create_project(args.project, annotator=args.annotator)
    except ProjectError as error:
        return _fail(str(error))
    with project:
        if not project.writable:
            return _fail("the project is open in another window; close it first")
        return _import_into(project, spec, args, lambda message: print(message, file=sys.stderr))


def _import_into(project, spec: FormatSpec, args: argparse.Namespace, warn: Callable[[str], None]) -> int:  # noqa: ANN001
    fields = dict(item.partition("=")[::2] for item in args.field)
    if fields and not spec.takes_fields:
        return _fail(f"--field is for corpora (jsonl-corpus, csv-corpus), not {spec.name}")
    bar = ProgressBar("reading")
    parsed = spec.importer(args.source, bar, fields=fields) if spec.takes_fields else spec.importer(args.source, bar)
    bar.close()
    plan = plan_import(project, parsed)
    for note in plan.notes:
        warn(f"note: {note}")
    if plan.errors:
        for error in plan.errors:
            warn(f"error: {error}")
        return _fail(f"nothing imported ({len(plan.errors)} problem(s))")
    mode = ImportMode.MERGE if args.merge else ImportMode.REPLACE if args.replace else ImportMode.REFUSE
    if plan.conflicts and mode is ImportMode.REFUSE:
        return _fail(
            f"{len(plan.conflicts)} document(s) already hold annotations ({', '.join(plan.conflicts[:5])}); add --merge or --replace. Nothing imported"
        )
    bar = ProgressBar("writing")
    try:
        outcome = apply_import(project, plan, mode, bar)
    except ProjectError as error:
        return _fail(str(error))
    finally:
        bar.close()
    for skipped in plan.skipped:
        warn(f"skipped: {skipped}")
    print(outcome.summary() + (f"; {len(plan.skipped)} span(s) or link(s) skipped" if plan.skipped else ""))
    return 1 if plan.skipped else 0
