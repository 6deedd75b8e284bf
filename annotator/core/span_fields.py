"""The fields of all spans of a file, read once and shared by the passes that opening it makes.

Reading one field of 5,000 pydantic spans costs about 0.5M instructions however it is done
(an attribute read in a Python loop, ``attrgetter`` in ``map``, ``vars`` and ``itemgetter``):
opening a document read each field three or four times, in the file's own check
(``AnnotationFile``), in ``problems_on_load`` and in ``AnnotationSet.from_loaded``. A
``SpanFields`` reads each column once, when first asked for, and keeps it; ``fields_of``
hands the same one to every pass over the same tuple of spans. Columns are shared lists:
read them, never change them. Safe on any thread (a column read twice at once is the same list).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.core.annotations import AnnotationSet
    from annotator.core.model import Span

_ID, _START, _END, _LABEL, _TEXT = (attrgetter(name) for name in ("id", "start", "end", "label", "text"))
_LINKS = attrgetter("actor_id", "claim", "timex")
_NO_LINKS = (None, None, None)
_FIELDS_SET = attrgetter("__pydantic_fields_set__")  # what model_fields_set returns, without the property's call
_REQUIRED = 5  # id, start, end, label, text: the fields of Span without a default


class SpanFields:
    """The columns of ``spans``, in their order, each read when first asked for and then kept."""

    __slots__ = ("_ends", "_ids", "_labels", "_linked", "_starts", "_texts", "spans")

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self._ids: list[str] | None = None
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._labels: list[str] | None = None
        self._texts: list[str] | None = None
        self._linked: list[bool] | None = None

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = list(map(_ID, self.spans))
        return self._ids

    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = list(map(_START, self.spans))
        return self._starts

    def ends(self) -> list[int]:
        if self._ends is None:
            self._ends = list(map(_END, self.spans))
        return self._ends

    def labels(self) -> list[str]:
        if self._labels is None:
            self._labels = list(map(_LABEL, self.spans))
        return self._labels

    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = list(map(_TEXT, self.spans))
        return self._texts

    def linked(self) -> list[bool]:
        """For each span: True if it has an actor link, claim attributes or a date value (most have none).

        A span given no more than its five required fields (``model_fields_set``: a file's span that
        names none of the three) has none: only the others' three fields are read."""
        if self._linked is None:
            given = list(map(len, map(_FIELDS_SET, self.spans)))
            if max(given, default=0) <= _REQUIRED:
                self._linked = [False] * len(given)
            else:
                self._linked = [count > _REQUIRED and _LINKS(span) != _NO_LINKS for span, count in zip(self.spans, given)]
        return self._linked

    def with_links(self) -> list[Span]:
        """The spans that have an actor link, claim attributes or a date value, in order."""
        return list(compress(self.spans, self.linked()))

    def held_by(self, annotations: AnnotationSet) -> bool:
        """True if ``annotations`` holds these spans in this order (each the same object or an equal
        one): a list comparison in C, which takes the same object as equal without asking it."""
        return len(self.spans) == len(annotations) and list(self.spans) == annotations.spans()

    def fit(self, text: str, labels: set[str]) -> bool:
        """True if every span lies inside ``text``, says what the text says there and has one of
        ``labels``: then ``validate_annotations`` finds nothing wrong with any span's place or label."""
        starts, ends = self.starts(), self.ends()
        if ends and max(ends) > len(text):
            return False
        if not labels.issuperset(self.labels()):
            return False
        return [text[start:end] for start, end in zip(starts, ends)] == self.texts()  # BINARY_SLICE: a third of map(slice)


# The last few tuples of spans asked about, newest last. Each is held here, so no other tuple can
# have its identity while it is kept; two: the file the window is opening and one a worker reads.
_KEPT = 2
_recent: list[SpanFields] = []
_recent_lock = threading.Lock()


def fields_of(spans: Sequence[Span]) -> SpanFields:
    """The ``SpanFields`` of this very sequence (by identity), the same one for every pass over it
    while it is among the last few asked about; a new one otherwise."""
    with _recent_lock:
        for fields in _recent:
            if fields.spans is spans:
                return fields
        fields = SpanFields(spans)
        _recent.append(fields)
        del _recent[:-_KEPT]
        return fields
