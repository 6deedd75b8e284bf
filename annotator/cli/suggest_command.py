"""``annotator suggest PROJECT [--documents ID ...] [--kinds dates,actors,claims,ner] [--ner-model NAME] [--apply] [--progress]``.

One JSON line per suggestion on stdout: document id, start, end (code points), label, text,
kind, score, and where they apply the actor id, claimant, date, TIMEX3 value and form. The
context is the project's: its actor registry and every mention text linked in the corpus;
suggestions the annotator rejected are never printed again, nor ones their annotations already
hold. ``--apply`` stores them as the annotator's pending suggestions for the window to show
(through the project store, beside the annotations and never in them), a batch of documents at a
time as the run goes, so an interrupted run keeps what it stored. A progress bar
(documents, MB/s) is drawn on stderr for a corpus when stderr is a terminal, or with
``--progress``; stdout carries the JSON lines only. The loop is ``core.suggest.corpus``, the
window's too. Exit status 1 when the project cannot be opened or a document cannot be read (the
other documents are still suggested), 2 when named entities are asked for without spaCy or the
model (the message says how to install them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from annotator.core.storage import ProjectError, open_project
from annotator.core.suggest import DEFAULT_KINDS, RECOMMENDER_KINDS, unavailable
from annotator.core.suggest.corpus import CorpusProgress, PendingBatches, suggest_corpus
from annotator.core.suggest.named_entities import DEFAULT_MODEL, NamedEntitiesUnavailable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="suggest dates, known actors, claims with claimant and date (and named entities), one JSON line per suggestion",
        description="Suggest annotations for a project's documents from its registry and what its coders linked.",
    )
    parser.add_argument("project", help="project folder or postgresql:// URL")
    parser.add_argument("--documents", nargs="+", metavar="ID", help="document ids (default: every document)")
    parser.add_argument(
        "--kinds",
        type=_kinds,
        default=list(DEFAULT_KINDS),
        help=f"comma-separated: {','.join(RECOMMENDER_KINDS)} (default: {','.join(DEFAULT_KINDS)}; ner needs spaCy and a model)",
    )
    parser.add_argument(
        "--ner-model", metavar="NAME", help=f"the spaCy model for ner: an installed package's name or a model folder (default: {DEFAULT_MODEL})"
    )
    parser.add_argument("--annotator", help="whose annotations and rejections count, and whose pending suggestions --apply stores")
    parser.add_argument("--apply", action="store_true", help="store the suggestions as pending suggestions for the window")
    parser.add_argument("--progress", action="store_true", help="draw the progress bar on stderr even when it is not a terminal")
    parser.set_defaults(handler=run)


def _kinds(text: str) -> list[str]:
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in RECOMMENDER_KINDS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"unknown kind {', '.join(unknown) or text!r}; choose from {','.join(RECOMMENDER_KINDS)}")
    return kinds


def run(args: argparse.Namespace) -> int:
    reason = unavailable(args.kinds, args.ner_model)
    if reason is not None:
        print(f"annotator suggest: {reason}", file=sys.stderr)
        return 2
    try:
        project = open_project(args.project, annotator=args.annotator, read_only=not args.apply)
    except ProjectError as error:
        print(f"annotator suggest: {error}", file=sys.stderr)
        return 1
    with project:
        try:
            rejected = project.load_rejected()
        except ProjectError as error:
            print(f"annotator suggest: {error}", file=sys.stderr)
            return 1
        known = {entry.id for entry in project.documents()}
        wanted = args.documents or [entry.id for entry in project.documents()]
        missing = [doc_id for doc_id in wanted if doc_id not in known]
        status = 0
        for doc_id in missing:
            print(f"annotator suggest: no document {doc_id!r} in {project.location}", file=sys.stderr)
            status = 1
        wanted = [doc_id for doc_id in wanted if doc_id in known]
        bar = ProgressBar() if args.progress or (sys.stderr.isatty() and len(wanted) > 1) else None
        batches = PendingBatches(project) if args.apply else None
        problems: list[str] = []
        try:
            for result in suggest_corpus(
                project, wanted, args.kinds, rejected=rejected, ner_model=args.ner_model, progress=bar.show if bar is not None else None
            ):
                if result.problem is not None:
                    problems.append(result.problem)
                    continue
                if result.suggestions and bar is not None:
                    bar.clear()  # a terminal showing both streams: the bar's line is not left inside a JSON line
                for suggestion in result.suggestions:
                    print(json.dumps(suggestion.to_json(), ensure_ascii=True))
                if bar is not None:
                    bar.restore()
                if batches is not None:
                    batches.add(result)
        except NamedEntitiesUnavailable as error:
            if batches is not None:
                _flush(batches)
            if bar is not None:
                bar.done()
            print(f"annotator suggest: {error}", file=sys.stderr)
            return 2
        except (ProjectError, OSError) as error:  # a batch the store refused (disk full, the project gone)
            if bar is not None:
                bar.done()
            print(f"annotator suggest: the suggestions were not stored: {error}", file=sys.stderr)
            return 1
        sys.stdout.flush()
        if bar is not None:
            bar.done()
        for problem in problems:
            print(f"annotator suggest: {problem}", file=sys.stderr)
            status = 1
        if batches is not None:
            problem = _flush(batches)
            if problem is not None:
                print(f"annotator suggest: the suggestions were not stored: {problem}", file=sys.stderr)
                return 1
            for problem in batches.problems:
                print(f"annotator suggest: {problem}", file=sys.stderr)
                status = 1
            print(f"annotator suggest: {batches.suggestions} pending suggestions stored for {project.annotator}", file=sys.stderr)
    return status


def _flush(batches: PendingBatches) -> str | None:
    """Store the last batch; the reason when the store refused it."""
    try:
        batches.flush()
    except (ProjectError, OSError) as error:
        return str(error)
    return None


class ProgressBar:
    """``[#####.....] 120/1,000 documents, 3.1 MB, 4.2 MB/s`` on stderr, redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self) -> None:
        self._last = 0.0
        self._drawn = False
        self._line = ""

    def show(self, progress: CorpusProgress) -> None:
        now = time.monotonic()
        if progress.done < progress.total and now - self._last < 0.1:
            return
        self._last = now
        sys.stdout.flush()  # the JSON lines so far go out before the bar is drawn after them
        filled = self.WIDTH * progress.done // max(progress.total, 1)
        self._line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {progress.describe()}"
        sys.stderr.write("\r" + self._line)
        sys.stderr.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn and sys.stderr.isatty() and sys.stdout.isatty():
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self._drawn = False

    def restore(self) -> None:
        """Draw the bar again below the JSON lines just printed (after ``clear``)."""
        if not self._drawn and self._line:
            sys.stdout.flush()
            sys.stderr.write("\r" + self._line)
            sys.stderr.flush()
            self._drawn = True

    def done(self) -> None:
        if self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
