"""``annotator schema | import | validate | info``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from annotator.core.model import AnnotationFile, Document, ProjectSettings
from annotator.core.storage import ProjectError, create_project, open_project, project_exists
from annotator.core.workspace import as_location, import_into

SCHEMAS: dict[str, type[BaseModel]] = {"annotations": AnnotationFile, "document": Document, "project": ProjectSettings}


def register(commands: argparse._SubParsersAction) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of a file kind")
    schema.add_argument("kind", nargs="?", choices=sorted(SCHEMAS), default="annotations")
    schema.set_defaults(handler=run_schema)

    import_ = commands.add_parser("import", help="import a folder or file of articles into a project (created if needed)")
    import_.add_argument("source", type=Path)
    import_.add_argument("--project", type=as_location, required=True, help="project folder or postgresql:// URL")
    import_.set_defaults(handler=run_import)

    validate = commands.add_parser("validate", help="check every annotation file of a project against its document")
    validate.add_argument("project", type=as_location, help="project folder or postgresql:// URL")
    validate.add_argument("--annotator", help="whose annotations (default: all annotators)")
    validate.set_defaults(handler=run_validate)

    info = commands.add_parser(
        "info",
        help="list a project's documents with their status and span counts as JSON lines",
        description="One JSON line per document: id, title, date, status, spans (the number of spans, null without annotations) "
        "and, for an annotation file that fails validation, problem. The project's warnings go to stderr.",
    )
    info.add_argument("project", type=as_location, help="project folder or postgresql:// URL")
    info.add_argument("--annotator")
    info.set_defaults(handler=run_info)


def run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(SCHEMAS[args.kind].model_json_schema(), indent=2))
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        project = open_project(args.project) if project_exists(args.project) else create_project(args.project)
    except ProjectError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    with project:
        if not project.writable:
            if project.read_only_reason == "another annotator window holds it":
                print("annotator: the project is open in another window; close it first", file=sys.stderr)
            else:
                print(f"annotator: {project.location} is read-only ({project.read_only_reason}); nothing imported", file=sys.stderr)
            return 1
        try:
            report = import_into(project, args.source)
        except ProjectError as error:
            print(f"annotator: {error}", file=sys.stderr)
            return 1
        except Exception as error:  # ArticleReadError for a missing source
            print(f"annotator: {error}", file=sys.stderr)
            return 1
    for article in report.imported:
        notes = f" ({'; '.join(article.warnings)})" if article.warnings else ""
        print(f"imported {article.document.source_file} as {article.document.id}{notes}")
    for failure in report.failures:
        print(f"skipped {failure}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"not imported {duplicate}")
    already = f", {len(report.duplicates)} already in the project" if report.duplicates else ""
    print(f"{len(report.imported)} imported, {len(report.failures)} skipped{already}")
    return 1 if report.failures else 0


def run_validate(args: argparse.Namespace) -> int:
    """Check every document file, then every annotation file; ``checked`` counts the files read."""
    problems = checked = 0
    try:
        project = open_project(args.project, read_only=True)
    except ProjectError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    # Documents first: a broken document must be reported even when nobody has annotated it yet.
    documents = []
    for entry in project.documents():
        checked += 1
        try:
            documents.append(project.load_document(entry.id))
        except ProjectError as error:
            problems += 1
            print(f"documents/{error}")
    for annotator in [args.annotator] if args.annotator else project.annotators():
        try:
            annotator_project = project.reopen(annotator=annotator, read_only=True)
        except ProjectError as error:
            problems += 1
            print(f"{annotator}: {error}")
            continue
        for document in documents:
            try:
                loaded = annotator_project.load_annotations(document)
            except ProjectError as error:  # FileProblem, or a path leaving the project
                problems += 1
                checked += 1
                print(f"{annotator}/{error}")
            else:
                checked += loaded.annotation_file is not None
    print(f"{checked} checked, {problems} with problems")
    return 1 if problems else 0


def run_info(args: argparse.Namespace) -> int:
    """What ``info``'s help promises: each document's status and span count (validated like ``validate``)."""
    try:
        project = open_project(args.project, annotator=args.annotator, read_only=True)
    except ProjectError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    with project:
        for warning in project.warnings:
            print(f"annotator: {warning}", file=sys.stderr)
        problems = 0
        for entry in project.documents():
            record: dict[str, object] = {
                "id": entry.id,
                "title": entry.title,
                "date": entry.date.isoformat() if entry.date else None,
                "status": project.status(entry.id).value,
                "spans": None,
            }
            try:
                loaded = project.load_annotations(project.load_document(entry.id))
            except ProjectError as error:
                problems += 1
                record["problem"] = str(error)
            else:
                if loaded.annotation_file is not None:
                    record["spans"] = len(loaded.annotation_file.spans)
            print(json.dumps(record, ensure_ascii=False))
    return 1 if problems else 0
