"""``annotator stats PROJECT [--json]``: how far the corpus is coded, the numbers of the Analysis dock.

Documents done / in progress / new, spans per label for the corpus (per document with --json),
and the claims still missing a claimant or a date, each named by document and span.
Read-only; a file that fails validation is reported by name and left out of the counts.
"""

from __future__ import annotations

import argparse
import json
import sys

from annotator.core.analysis.counts import CorpusCounts, corpus_counts
from annotator.core.formats import export_items
from annotator.core.model import LabelKind
from annotator.core.storage import ProjectError, open_project
from annotator.core.workspace import as_location

SHOWN_MISSING = 20  # claims listed in the text output; --json lists them all


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser("stats", help="coding progress, spans per label, claims without a claimant or a date")
    stats.add_argument("project", type=as_location, help="project folder or postgresql:// URL")
    stats.add_argument("--annotator", help="whose annotations (default: this user's)")
    stats.add_argument("--json", action="store_true", help="the numbers as JSON, per document too")
    stats.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    try:
        project = open_project(args.project, annotator=args.annotator, read_only=True)
    except ProjectError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return 1
    with project:
        items, problems = export_items(project)
        scheme = project.scheme
        claim_labels = [label.name for label in scheme.labels if scheme.kind_of(label.name) is LabelKind.CLAIM]
        counts = corpus_counts(items, claim_labels)
    for problem in problems:
        print(f"annotator: {problem} (left out of the counts)", file=sys.stderr)
    if args.json:
        print(json.dumps(counts.as_json(), ensure_ascii=False, indent=2))
    else:
        print(_text(counts))
    return 1 if problems else 0


def _text(counts: CorpusCounts) -> str:
    documents = counts.documents
    total = sum(documents.values())
    lines = [f"documents: {total} ({documents['done']} done, {documents['in progress']} in progress, {documents['new']} new)"]
    labels = ", ".join(f"{label} {number}" for label, number in sorted(counts.spans_per_label.items())) or "none"
    lines.append(f"spans: {sum(counts.spans_per_label.values())} ({labels})")
    lines.append(f"claims: {counts.claims}; without a claimant: {counts.without_claimant}; without a date: {counts.without_date}")
    for link in counts.missing[:SHOWN_MISSING]:
        lines.append(f"  {link.document_id} {link.claim_id} “{' '.join(link.text.split())[:60]}”: no {' and no '.join(link.missing)}")
    if len(counts.missing) > SHOWN_MISSING:
        lines.append(f"  … and {len(counts.missing) - SHOWN_MISSING} more (see --json)")
    return "\n".join(lines)
