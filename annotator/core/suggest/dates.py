"""Date suggestions: the date finder's mentions (``core/dates``) with their TIMEX3 values."""

from __future__ import annotations

from functools import lru_cache

from annotator.core.model import Document, LabelKind, TimexValue
from annotator.core.suggest.base import SuggestContext, Suggestion, SuggestionKind, builder
from annotator.core.suggest.scan import IntervalSet


@lru_cache(maxsize=4096)
def timex_value(type_: str, value: str | None, mod: str | None) -> TimexValue | None:
    """The mention's value as a ``TimexValue``, or None when it has none or it does not validate
    (the finder checks its values; a suggestion without one is still useful). Validated once per
    distinct value: an article names the same few dates again and again, and the value is frozen."""
    if not value:
        return None
    try:
        return TimexValue(type=type_, value=value, mod=mod)
    except ValueError:
        return None


_suggestion = builder(Suggestion, "document_id", "kind", "label", "start", "end", "text", "timex", "score")


class DateRecommender:
    name = "dates"
    kind = SuggestionKind.DATE

    def suggest(self, document: Document, context: SuggestContext) -> list[Suggestion]:
        label = context.label_for(LabelKind.DATE)
        if label is None or not document.text:
            return []
        taken = IntervalSet((s.start, s.end) for s in context.spans_of(LabelKind.DATE))
        found: list[Suggestion] = []
        mentions = context.date_mentions(document.text)
        if taken:
            mentions = tuple(m for m in mentions if not taken.overlaps(m.start, m.end))  # the coder tagged a date here already
        for mention in mentions:
            timex = timex_value(mention.type, mention.value, mention.mod)
            if not 0 <= mention.start < mention.end:
                raise ValueError(f"a suggestion must end after it starts ({mention.start}, {mention.end})")
            score = 0.9 if timex is not None and "X" not in timex.value else 0.6
            found.append(_suggestion(document.id, self.kind, label, mention.start, mention.end, mention.text, timex, score))
        return found
