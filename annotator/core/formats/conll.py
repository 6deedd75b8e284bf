"""CoNLL-2003 style BIO, one token per line, one tag column per label kind.

Columns: the token, then ``actor``, ``claim``, ``date`` and ``other`` tags (``B-<label>``,
``I-<label>``, ``O``). Nested spans are flattened by kind: each column holds the outermost
spans of its kind (by start, the longest first; a span overlapping one kept is left out), so an
actor inside a claim keeps both. Tokens are runs of word characters (with combining marks and
joiners) or single other characters, split at every span boundary; each line break ends a
sentence (blank line) unless a span runs across it; ``-DOCSTART-`` starts each document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

from annotator.core.model import LabelKind, ProjectSettings, Span

from .common import ExportItem, ExportReport, Progress, ProjectView, exporting, line_bytes
from .registry import FormatSpec
from .spacy_docbin import outermost

KINDS = (LabelKind.ACTOR, LabelKind.CLAIM, LabelKind.DATE, LabelKind.OTHER)
_TOKEN = re.compile(r"\w[\w\u0300-\u036f\u200c\u200d]*|[^\w\s]")


def tokens(text: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """(start, end) of each token, split at every span boundary that falls inside one."""
    cuts = sorted({span.start for span in spans} | {span.end for span in spans})
    found: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.start(), match.end()
        for cut in cuts[bisect.bisect_right(cuts, start) : bisect.bisect_left(cuts, end)]:
            found.append((start, cut))
            start = cut
        found.append((start, end))
    return found


def conll_lines(item: ExportItem, view: ProjectView) -> list[str]:
    text = item.document.text
    toks = tokens(text, item.spans)
    starts = [start for start, _ in toks]
    columns: list[list[str]] = []
    for kind in KINDS:
        tags = ["O"] * len(toks)
        for span in outermost([s for s in item.spans if view.kind(s.label) is kind]):
            # Tokens never straddle a span boundary: those starting inside the span are the span's.
            inside = range(bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end))
            for number, index in enumerate(inside):
                tags[index] = f"{'B' if number == 0 else 'I'}-{span.label}"
        columns.append(tags)
    lines = ["-DOCSTART- O O O O", ""]
    previous_end = 0
    # A line break ends a sentence, unless a span runs across it.
    coverage = _Coverage(item.spans)
    for index, (start, end) in enumerate(toks):
        gap = text[previous_end:start]
        if "\n" in gap and lines[-1] != "" and not coverage.covers(previous_end + gap.index("\n")):
            lines.append("")
        lines.append(" ".join([text[start:end], *(column[index] for column in columns)]))
        previous_end = end
    if lines[-1] != "":
        lines.append("")
    return lines


class _Coverage:
    """Whether a position lies inside some span: sorted starts and the running maximum of ends."""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted((span.start, span.end) for span in spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1] if self.reach else 0))

    def covers(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and self.reach[index] > position


def export_conll(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    view = ProjectView(settings)
    report = ExportReport()
    lines: list[str] = []
    for _, item in exporting(items, report, progress):
        lines += conll_lines(item, view)
    if not report.cancelled:
        report.write(out, line_bytes(lines))
    return report


FORMAT = FormatSpec(
    name="conll",
    title="CoNLL-2003 BIO, one token per line, a column per label kind",
    extensions=(".conll", ".txt"),
    output="file",
    drops=(
        "links, registry ids, values and claim attributes",
        "spans nested in or overlapping a span of the same kind (the outermost is kept)",
        "span ends inside whitespace; the text's own spacing",
    ),
    exporter=export_conll,
)
