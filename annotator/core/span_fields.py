"""The fields of all spans of a file, read once and shared by the passes that opening it makes.

Reading one field of 5,000 pydantic spans costs about 2.7M instructions however it is done
(an attribute read in a Python loop, ``attrgetter`` in ``map``, ``vars`` and ``itemgetter``):
opening a document read each field three or four times, in the file's own check
(``AnnotationFile``), in ``problems_on_load`` and in ``AnnotationSet.from_loaded``. A
``SpanFields`` is the tuple of spans itself, reading each column once, when first asked for,
and keeping it: every pass over a file's spans finds the columns the ones before it read.
Columns are shared lists: read them, never change them. Safe on any thread (a column read
twice at once is the same list).
"""

from __future__ import annotations

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


class SpanFields(tuple):  # noqa: SLOT001 - a tuple subclass keeps its columns in its __dict__
    """Spans (a tuple of them, in their order) and their columns, each read when first asked for and then kept.

    ``AnnotationFile`` holds its spans as one (its check makes it), so the columns live exactly as
    long as the spans they were read from, and no other sequence can have them."""

    _ids: list[str] | None = None
    _starts: list[int] | None = None
    _ends: list[int] | None = None
    _labels: list[str] | None = None
    _texts: list[str] | None = None
    _linked: list[bool] | None = None

    @property
    def spans(self) -> SpanFields:
        return self

    def _column(self, name: str, read: attrgetter) -> list:
        column = getattr(self, name)
        if column is None:
            column = list(map(read, self))
            setattr(self, name, column)
        return column

    def ids(self) -> list[str]:
        return self._column("_ids", _ID)

    def starts(self) -> list[int]:
        return self._column("_starts", _START)

    def ends(self) -> list[int]:
        return self._column("_ends", _END)

    def labels(self) -> list[str]:
        return self._column("_labels", _LABEL)

    def texts(self) -> list[str]:
        return self._column("_texts", _TEXT)

    def linked(self) -> list[bool]:
        """For each span: True if it has an actor link, claim attributes or a date value (most have none).

        A span given no more than its five required fields (``model_fields_set``: a file's span that
        names none of the three) has none: only the others' three fields are read."""
        if self._linked is None:
            given = list(map(len, map(_FIELDS_SET, self)))
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
        return len(self) == len(annotations) and list(self) == annotations.spans()

    def fit(self, text: str, labels: set[str]) -> bool:
        """True if every span lies inside ``text``, says what the text says there and has one of
        ``labels``: then ``validate_annotations`` finds nothing wrong with any span's place or label."""
        starts, ends = self.starts(), self.ends()
        if ends and max(ends) > len(text):
            return False
        if not labels.issuperset(self.labels()):
            return False
        return [text[start:end] for start, end in zip(starts, ends)] == self.texts()  # a comprehension: 6.6M against map(slice)'s 7.9M


def maybe_linked(spans: Sequence[Span]) -> Sequence[Span]:
    """The spans that may have an actor link, claim attributes or a date value: for a file's spans
    (a ``SpanFields``, whose fields its own check read) those that have one, found in C when none
    names more than its required fields; any other sequence as it is (spans made in memory name
    their defaults, so there a plain look at each span's three fields is quicker)."""
    return spans.with_links() if isinstance(spans, SpanFields) else spans


def fields_of(spans: Sequence[Span]) -> SpanFields:
    """``spans`` with their columns: the same object when it already is a ``SpanFields`` (the spans of a
    file, whose check read their ids and places), else a new one over them."""
    return spans if isinstance(spans, SpanFields) else SpanFields(spans)
