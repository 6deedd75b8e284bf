"""spaCy ``DocBin``: every span in ``doc.spans["sc"]``, a flat non-overlapping view in ``doc.ents``.

Tokens come from ``spacy.blank("en")`` (no model is downloaded), split further at every span
boundary so that each span is a token range whose text is exactly the span's text. ``doc.ents``
keeps the outermost spans: by start, the longest first, and nothing that overlaps one already
kept. A linked actor mention carries its canonical registry id as ``kb_id_``; ``doc.user_data``
holds the document id.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.core.model import ProjectSettings, Span

from .common import ExportItem, ExportReport, Progress, ProjectView, exporting
from .registry import FormatSpec


def outermost(spans: Sequence[Span]) -> list[Span]:
    """The flat view: by start, longest first; a span overlapping one already kept is left out."""
    kept: list[Span] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= end:
            kept.append(span)
            end = span.end
    return kept


def make_doc(nlp, text: str, spans: Sequence[Span]):  # noqa: ANN001, ANN201 - a spacy Doc
    """A Doc of ``text`` whose token boundaries include every span boundary."""
    from spacy.tokens import Doc

    starts = {span.start for span in spans}
    ends = {span.end for span in spans}
    cuts = {0, len(text), *starts, *ends}
    for token in nlp.make_doc(text):
        cuts.update((token.idx, token.idx + len(token.text)))
    points = sorted(cuts)
    words: list[str] = []
    spaces: list[bool] = []
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        # A single space after a word is that word's trailing whitespace, unless a span starts on it or ends with it.
        if piece == " " and words and not spaces[-1] and a not in starts and b not in ends:
            spaces[-1] = True
            continue
        words.append(piece)
        spaces.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text
    return doc


def export_docbin(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    view = ProjectView(settings)
    report = ExportReport()
    docbin = DocBin(store_user_data=True)
    for _, item in exporting(items, report, progress):
        doc = make_doc(nlp, item.document.text, item.spans)

        def as_spacy(span: Span, doc=doc):  # noqa: ANN001, ANN202
            actor = view.canonical(span.actor_id)
            made = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict", kb_id=actor.id if actor else "")
            assert made is not None and made.text == span.text
            return made

        doc.spans["sc"] = [as_spacy(span) for span in item.spans]
        doc.ents = [as_spacy(span) for span in outermost(item.spans)]
        doc.user_data["document_id"] = item.document.id
        docbin.add(doc)
    if not report.cancelled:
        report.write(out, docbin.to_bytes())
    return report


FORMAT = FormatSpec(
    name="spacy",
    title="spaCy DocBin (.spacy): spans in doc.spans['sc'], outermost in doc.ents",
    extensions=(".spacy",),
    output="file",
    drops=(
        "claim links and attributes, date values (actor mentions keep their registry id as kb_id_)",
        "in doc.ents only: spans nested in or overlapping an outer one (all are in doc.spans['sc'])",
    ),
    exporter=export_docbin,
    requires="spacy",
)
