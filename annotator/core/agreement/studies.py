"""Coding and unitizing studies built from several coders' spans.

Token coding: every token (``corpus.TOKEN_RE``) of every document is one item. For one label,
its category is the label if a span of that label by the coder overlaps the token, else ``O``;
over all labels it is the sorted set of labels overlapping it joined by ``+`` (``actor+claim``
for an actor inside a claim), else ``O``.

Unitizing: the documents laid end to end are one continuum of code points; every span is a unit
of its label at its offset plus the length of the documents before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from annotator.core.agreement.base import OUTSIDE, CodingStudy, Unit, UnitizingStudy
from annotator.core.agreement.corpus import DocumentCoding


def token_study(documents: Sequence[DocumentCoding], coders: Sequence[str], label: str | None = None) -> CodingStudy:
    items: list[tuple[str | None, ...]] = []
    for coding in documents:
        tokens = coding.tokens()
        starts = [start for start, _ in tokens]
        per_coder = []
        for coder in coders:
            cover: list[set[str]] = [set() for _ in tokens]
            spans = [s for s in coding.spans[coder] if label is None or s.label == label]
            for span in spans:
                # Tokens are sorted and disjoint: bisect to the first that may overlap the span.
                index = max(bisect_right(starts, span.start) - 1, 0)
                while index < len(tokens) and tokens[index][0] < span.end:
                    if tokens[index][1] > span.start:
                        cover[index].add(span.label)
                    index += 1
            per_coder.append(["+".join(sorted(labels)) if labels else OUTSIDE for labels in cover])
        items.extend(zip(*per_coder, strict=True))
    return CodingStudy(tuple(coders), tuple(items))


def unitizing_study(documents: Sequence[DocumentCoding], coders: Sequence[str], label: str | None = None) -> UnitizingStudy:
    units = []
    offset = 0
    for coding in documents:
        for index, coder in enumerate(coders):
            for span in coding.spans[coder]:
                if label is None or span.label == label:
                    units.append(Unit(index, offset + span.start, offset + span.end, span.label))
        offset += len(coding.document.text)
    return UnitizingStudy.build(coders, offset, units)
