"""Tag every occurrence of a phrase in one article: the edits, built here, applied as one undo step by the caller."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan


def tag_all_edits(annotations: AnnotationSet, hits: Iterable[tuple[int, int]], label: str) -> list[AddSpan]:
    """An AddSpan for each hit not already tagged ``label`` over exactly that range.

    Span ids are fresh and distinct from each other (``new_span_id`` alone would hand out
    the same id to spans not yet added). Other spans over the hits are left as they are.
    """
    taken = {span.id for span in annotations.spans()}
    number = 1
    edits: list[AddSpan] = []
    for start, end in hits:
        if any((span.start, span.end, span.label) == (start, end, label) for span in annotations.overlapping(start, end)):
            continue
        while f"s{number}" in taken:
            number += 1
        span_id = f"s{number}"
        taken.add(span_id)
        edits.append(AddSpan(span=annotations.make_span(start, end, label, span_id)))
    return edits
