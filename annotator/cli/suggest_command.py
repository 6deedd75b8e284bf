"""``annotator suggest PROJECT [--documents ID ...] [--kinds dates,actors,claims] [--apply]``.

One JSON line per suggestion on stdout: document id, start, end (code points), label, text,
kind, score, and where they apply the actor id, claimant, date, TIMEX3 value and form. The
context is the project's: its actor registry and every mention text linked in the corpus;
suggestions the annotator rejected are never printed again, nor ones their annotations already
hold. ``--apply`` stores them as the annotator's pending suggestions for the window to show
(through the project store, beside the annotations and never in them). A progress bar is
drawn on stderr when it is a terminal. Exit status 1 when the project cannot be opened or a
document cannot be read (the other documents are still suggested).
"""

from __future__ import annotations

import argparse
import json
import sys

from annotator.core.actors import ActorRegistry
from annotator.core.mentions import MentionIndex
from annotator.core.storage import ProjectError, open_project
from annotator.core.suggest import RECOMMENDERS, SuggestContext, make_recommenders, suggest_document


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="suggest dates, known actors and claims with claimant and date, one JSON line per suggestion",
        description="Suggest annotations for a project's documents from its registry and what its coders linked.",
    )
    parser.add_argument("project", help="project folder or postgresql:// URL")
    parser.add_argument("--documents", nargs="+", metavar="ID", help="document ids (default: every document)")
    parser.add_argument("--kinds", type=_kinds, default=list(RECOMMENDERS), help=f"comma-separated: {','.join(RECOMMENDERS)} (default: all)")
    parser.add_argument("--annotator", help="whose annotations and rejections count, and whose pending suggestions --apply stores")
    parser.add_argument("--apply", action="store_true", help="store the suggestions as pending suggestions for the window")
    parser.set_defaults(handler=run)


def _kinds(text: str) -> list[str]:
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in RECOMMENDERS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"unknown kind {', '.join(unknown) or text!r}; choose from {','.join(RECOMMENDERS)}")
    return kinds


def run(args: argparse.Namespace) -> int:
    try:
        project = open_project(args.project, annotator=args.annotator, read_only=not args.apply)
    except ProjectError as error:
        print(f"annotator suggest: {error}", file=sys.stderr)
        return 1
    with project:
        try:
            state = project.load_suggestions()
        except ProjectError as error:
            print(f"annotator suggest: {error}", file=sys.stderr)
            return 1
        rejected = set(state.rejected)
        known = {entry.id for entry in project.documents()}
        wanted = args.documents or [entry.id for entry in project.documents()]
        missing = [doc_id for doc_id in wanted if doc_id not in known]
        status = 0
        for doc_id in missing:
            print(f"annotator suggest: no document {doc_id!r} in {project.location}", file=sys.stderr)
            status = 1
        wanted = [doc_id for doc_id in wanted if doc_id in known]
        registry = ActorRegistry(project.settings.actors)
        linked = MentionIndex.from_files(project.iter_annotation_files()).linked_texts()
        recommenders = make_recommenders(args.kinds)
        progress = _Progress(len(wanted)) if sys.stderr.isatty() and len(wanted) > 1 else None
        stored = 0
        for number, doc_id in enumerate(wanted, 1):
            try:
                document = project.load_document(doc_id)
                loaded = project.load_annotations(document)
            except ProjectError as error:
                print(f"annotator suggest: {error}", file=sys.stderr)
                status = 1
                continue
            spans = loaded.annotation_file.spans if loaded.annotation_file is not None else ()
            context = SuggestContext(registry=registry, scheme=project.scheme, linked_texts=linked, spans=spans, dct=document.metadata.date)
            found = [s for s in suggest_document(document, context, recommenders) if s.key not in rejected]
            for suggestion in found:
                print(json.dumps(suggestion.to_json(), ensure_ascii=True))
            if args.apply:
                state = state.with_pending(doc_id, found)
                stored += len(found)
            if progress is not None:
                progress.show(number, len(document.text.encode("utf-8")))
        if progress is not None:
            progress.done()
        if args.apply:
            try:
                project.save_suggestions(state)
            except ProjectError as error:
                print(f"annotator suggest: the suggestions were not stored: {error}", file=sys.stderr)
                return 1
            print(f"annotator suggest: {stored} pending suggestions stored for {project.annotator}", file=sys.stderr)
    return status


class _Progress:
    def __init__(self, total: int) -> None:
        import time

        self._clock = time.perf_counter
        self._start = self._clock()
        self._total = total
        self._bytes = 0

    def show(self, done: int, size: int) -> None:
        self._bytes += size
        seconds = max(self._clock() - self._start, 1e-6)
        width = 30
        filled = width * done // self._total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self._total} documents, {self._bytes / 1e6 / seconds:.1f} MB/s")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
