"""CoNLL-2003 style BIO, one token per line, one tag column per label kind.

Columns: the token, then ``actor``, ``claim``, ``date`` and ``other`` tags (``B-<label>``,
``I-<label>``, ``O``). Nested spans are flattened by kind: each column holds the outermost
spans of its kind (by start, the longest first; a span overlapping one kept is left out), so an
actor inside a claim keeps both. Tokens are runs of word characters (with combining marks and
joiners) or single other characters, split at every span boundary; each line break ends a
sentence (blank line) unless a span runs across it; ``-DOCSTART-`` starts each document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from annotator.core.atomic import atomic_write
from annotator.core.model import LabelKind, ProjectSettings, Span

from .common import ExportItem, ExportReport, Progress, ProjectView, keep_going
from .registry import FormatSpec
from .spacy_docbin import outermost

KINDS = (LabelKind.ACTOR, LabelKind.CLAIM, LabelKind.DATE, LabelKind.OTHER)
_TOKEN = re.compile(r"\w[\w\u0300-\u036f\u200c\u200d]*|[^\w\s]")


def tokens(text: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    cuts = sorted({span.start for span in spans} | {span.end for span in spans})
    found: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start = match.start()
        for cut in cuts:
            if match.start() < cut < match.end() and cut > start:
                found.append((start, cut))
                start = cut
        found.append((start, match.end()))
    return found


def conll_lines(item: ExportItem, view: ProjectView) -> list[str]:
    text = item.document.text
    toks = tokens(text, item.spans)
    columns: list[list[str]] = []
    for kind in KINDS:
        tags = ["O"] * len(toks)
        for span in outermost([s for s in item.spans if view.kind(s.label) is kind]):
            inside = [i for i, (a, b) in enumerate(toks) if a >= span.start and b <= span.end]
            for number, index in enumerate(inside):
                tags[index] = f"{'B' if number == 0 else 'I'}-{span.label}"
        columns.append(tags)
    lines = ["-DOCSTART- O O O O", ""]
    previous_end = 0
    # A line break ends a sentence, unless a span runs across it.
    covered = sorted((span.start, span.end) for span in item.spans)
    for index, (start, end) in enumerate(toks):
        gap = text[previous_end:start]
        if "\n" in gap and lines[-1] != "" and not _spanned(covered, previous_end + gap.index("\n")):
            lines.append("")
        lines.append(" ".join([text[start:end], *(column[index] for column in columns)]))
        previous_end = end
    if lines[-1] != "":
        lines.append("")
    return lines


def _spanned(covered: list[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in covered if start <= position)


def export_conll(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    view = ProjectView(settings)
    report = ExportReport()
    lines: list[str] = []
    for done, item in enumerate(items, start=1):
        lines += conll_lines(item, view)
        report.documents += 1
        report.spans += len(item.spans)
        if not keep_going(progress, done, len(items), item.document.id) and done < len(items):
            report.cancelled = True
            return report
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass"))
    report.written.append(out)
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
