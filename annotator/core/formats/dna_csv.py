"""A statement table in Discourse Network Analyzer's shape: one row per claim.

DNA's statements are (actor, organisation, concept, agreement); here the actor is the
claimant's canonical name (merges followed; the mention text when the mention is not
linked), the concept is the topic and ``agreement`` is 1 (supports), 0 (opposes) or empty.
Every other column keeps what DNA has no place for: the target, the claim date's TIMEX3
value, form, note and the code point offsets of the claim in its document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from annotator.core.atomic import atomic_write
from annotator.core.model import ActorRef, ClaimAttributes, LabelKind, ProjectSettings, Span, Stance

from .common import ExportItem, ExportReport, Progress, ProjectView, keep_going
from .registry import FormatSpec

COLUMNS = (
    "document_id",
    "document_title",
    "publication_date",
    "claim_id",
    "claim_date",
    "claim_date_text",
    "claimant",
    "claimant_type",
    "claimant_id",
    "claimant_text",
    "target",
    "target_type",
    "target_id",
    "topic",
    "stance",
    "agreement",
    "form",
    "claim_text",
    "start",
    "end",
    "note",
    "annotator",
)


def resolve_actor(ref: ActorRef | None, spans: dict[str, Span], view: ProjectView) -> tuple[str, str, str, str]:
    """(canonical name, type, registry id, mention text) of a claimant or target; empty strings when unknown."""
    if ref is None:
        return "", "", "", ""
    mention = spans.get(ref.span_id) if ref.span_id else None
    actor = view.canonical(mention.actor_id if mention is not None else ref.actor_id)
    mention_text = mention.text if mention is not None else ""
    if actor is None:
        return mention_text, "", "", mention_text
    return actor.name, actor.type.value, actor.id, mention_text


def statement_rows(item: ExportItem, view: ProjectView, annotator: str) -> list[dict[str, str | int]]:
    spans = {span.id: span for span in item.spans}
    rows: list[dict[str, str | int]] = []
    metadata = item.document.metadata
    # Every claim span is a row, also one whose claimant, stance or topic is not coded yet.
    for claim_span in (span for span in item.spans if view.kind(span.label) is LabelKind.CLAIM):
        claim = claim_span.claim or ClaimAttributes()
        date = spans.get(claim.date_span_id) if claim.date_span_id else None
        claimant = resolve_actor(claim.claimant, spans, view)
        target = resolve_actor(claim.target, spans, view)
        agreement = {Stance.SUPPORTS: "1", Stance.OPPOSES: "0"}.get(claim.stance, "") if claim.stance else ""
        rows.append(
            {
                "document_id": item.document.id,
                "document_title": item.document.title,
                "publication_date": metadata.date.isoformat() if metadata.date else "",
                "claim_id": claim_span.id,
                "claim_date": date.timex.value if date is not None and date.timex is not None else "",
                "claim_date_text": date.text if date is not None else "",
                "claimant": claimant[0],
                "claimant_type": claimant[1],
                "claimant_id": claimant[2],
                "claimant_text": claimant[3],
                "target": target[0],
                "target_type": target[1],
                "target_id": target[2],
                "topic": claim.topic,
                "stance": claim.stance.value if claim.stance else "",
                "agreement": agreement,
                "form": claim.form.value if claim.form else "",
                "claim_text": claim_span.text,
                "start": claim_span.start,
                "end": claim_span.end,
                "note": claim.note,
                "annotator": annotator,
            }
        )
    return rows


def export_dna_csv(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    view = ProjectView(settings)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    report = ExportReport()
    for done, item in enumerate(items, start=1):
        annotator = item.annotations.annotator if item.annotations else ""
        rows = statement_rows(item, view, annotator)
        writer.writerows(rows)
        report.documents += 1
        report.spans += len(rows)
        if not keep_going(progress, done, len(items), item.document.id) and done < len(items):
            report.cancelled = True
            return report  # a cancelled table is not written
    out.parent.mkdir(parents=True, exist_ok=True)
    # A BOM so that spreadsheet programs read the UTF-8; csv readers take it with encoding="utf-8-sig".
    atomic_write(out, buffer.getvalue().encode("utf-8-sig"))
    report.written.append(out)
    return report


FORMAT = FormatSpec(
    name="dna-csv",
    title="Statement table, Discourse Network Analyzer shape (.csv)",
    extensions=(".csv",),
    output="file",
    drops=("every span that is not a claim (actor and date mentions appear only as claim columns)", "the document text"),
    exporter=export_dna_csv,
)
