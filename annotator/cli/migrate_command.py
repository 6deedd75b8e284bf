"""``annotator migrate SOURCE DEST``: copy a whole project between a folder and a database, either way.

SOURCE and DEST are each a project folder or a ``postgresql://`` URL; DEST must not hold a
project yet. Everything goes through the ``ProjectStore`` interface, so every record is
validated on the way out and again on the way in: the settings (label scheme, actor
registry), every document, and every annotator's annotation sets with their status. What
fails validation is reported by name and not copied; the copy is then checked against the
source, record by record. Local edit journals are not part of a project and stay where they are.
"""

from __future__ import annotations

import argparse
import sys

from annotator.core.model import AnnotationFile, Document, Span
from annotator.core.storage import Fingerprint, ProjectError, ProjectStore, create_project, open_project, project_exists
from annotator.core.workspace import as_location

BATCH = 500


def register(commands: argparse._SubParsersAction) -> None:
    migrate = commands.add_parser("migrate", help="copy a project between a folder and a postgresql:// database, losslessly, either way")
    migrate.add_argument("source", type=as_location, help="project folder or postgresql:// URL")
    migrate.add_argument("dest", type=as_location, help="new project folder or postgresql:// URL (must not hold a project)")
    migrate.set_defaults(handler=run_migrate)


def _comparable(annotation_file: AnnotationFile) -> AnnotationFile:
    return annotation_file.model_copy(update={"spans": tuple(sorted(annotation_file.spans, key=Span.sort_key))})


def run_migrate(args: argparse.Namespace) -> int:
    try:
        if project_exists(args.dest):
            print(f"annotator: {args.dest} already holds a project; migrate copies into a new one", file=sys.stderr)
            return 1
        source = open_project(args.source, read_only=True)
    except ProjectError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    try:
        return _migrate(source, args.dest)
    except ProjectError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    finally:
        source.close()


def _migrate(source: ProjectStore, dest_location: object) -> int:
    problems = 0
    for warning in source.warnings:
        print(f"{source.location}: {warning}", file=sys.stderr)
    documents: list[Document] = []
    for entry in source.documents():
        try:
            documents.append(source.load_document(entry.id))
        except ProjectError as error:
            problems += 1
            print(f"not copied: {error}", file=sys.stderr)
    with create_project(dest_location, source.settings.name, scheme=source.scheme) as dest:  # type: ignore[arg-type]
        dest.save_registry(source.settings.actors)
        if source.settings.topics is not None:
            dest.save_codebook(source.settings.topics)
        if source.settings.blind:
            dest.set_blind(True)
        if dest.settings != source.settings:
            raise ProjectError(f"the settings of {source.location} could not be copied as they are; {dest.location} is incomplete")
        for start in range(0, len(documents), BATCH):
            dest.add_documents(documents[start : start + BATCH])
        dest_location_text = dest.location
    copied = annotators = 0
    for annotator in source.annotators():
        annotators += 1
        with source.reopen(annotator=annotator, read_only=True) as reader, open_project(dest_location, annotator=annotator) as writer:  # type: ignore[arg-type]
            for document in documents:
                try:
                    loaded = reader.load_annotations(document)
                except ProjectError as error:
                    problems += 1
                    print(f"not copied: {annotator}/{error}", file=sys.stderr)
                    continue
                if loaded.annotation_file is None:
                    continue
                writer.save_annotations(loaded.annotation_file, Fingerprint(None))
                copied += 1
                if _comparable(writer.load_annotations(document).annotation_file) != _comparable(loaded.annotation_file):
                    raise ProjectError(f"{annotator}'s annotations of {document.id} read back differently from {dest_location_text}; the copy is incomplete")
    print(f"copied {len(documents)} documents and {copied} annotation sets of {annotators} annotators to {dest_location_text}; {problems} not copied")
    return 1 if problems else 0
