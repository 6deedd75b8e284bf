"""``annotator agree PROJECT [--annotators A,B,...] [--documents ID,...] [--reference NAME] [--json]``.

Inter-coder agreement of a project's coders, per label and overall, per document and for the
corpus (see ``annotator.core.agreement``). Reads only; exit status 1 when the project cannot be
opened or fewer than two coders are given, 0 otherwise (problems with single files are listed
and leave their document out).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.core.actors import ActorRegistry
from annotator.core.agreement import agreement_report, format_table, load_corpus
from annotator.core.storage import ProjectError, open_project


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "agree",
        help="inter-coder agreement: span F1, kappa, Krippendorff's alpha and alpha_U, attributes, claim tuples",
        description="Agreement of a project's coders per label and overall, per document and for the corpus.",
    )
    parser.add_argument("project", type=Path)
    parser.add_argument("--annotators", type=_names, help="comma-separated coders (default: every coder of the project)")
    parser.add_argument("--documents", type=_names, help="comma-separated document ids (default: every document)")
    parser.add_argument("--reference", help="compare every other coder against this one (e.g. gold): adds precision and recall")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.set_defaults(handler=run)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected comma-separated names")
    return names


def run(args: argparse.Namespace) -> int:
    try:
        project = open_project(args.project, read_only=True)
    except ProjectError as error:
        print(f"annotator agree: {error}", file=sys.stderr)
        return 1
    with project:
        coders = args.annotators
        if coders and args.reference and args.reference not in coders:
            coders = [*coders, args.reference]
        try:
            corpus = load_corpus(project, coders, args.documents)
        except ProjectError as error:
            print(f"annotator agree: {error}", file=sys.stderr)
            return 1
        if args.reference and args.reference not in corpus.coders:
            print(f"annotator agree: reference coder {args.reference!r} has no annotations in this project", file=sys.stderr)
            return 1
        registry = ActorRegistry(project.settings.actors)

        def resolve(actor_id: str) -> str:
            actor = registry.resolve(actor_id)
            return actor.id if actor is not None else actor_id

        report = agreement_report(corpus, project.scheme, resolve, reference=args.reference)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(format_table(report))
    return 0
