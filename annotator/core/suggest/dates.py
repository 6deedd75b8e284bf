"""Date suggestions: the date finder's mentions (``core/dates``) with their TIMEX3 values."""

from __future__ import annotations

from annotator.core.model import Document, LabelKind, TimexValue
from annotator.core.suggest.base import SuggestContext, Suggestion, SuggestionKind


class DateRecommender:
    name = "dates"
    kind = SuggestionKind.DATE

    def suggest(self, document: Document, context: SuggestContext) -> list[Suggestion]:
        label = context.label_for(LabelKind.DATE)
        if label is None or not document.text:
            return []
        taken = [(s.start, s.end) for s in context.spans_of(LabelKind.DATE)]
        found: list[Suggestion] = []
        for mention in context.date_mentions(document.text):
            if any(start < mention.end and mention.start < end for start, end in taken):
                continue  # the coder tagged a date here already
            try:
                timex = TimexValue(type=mention.type, value=mention.value, mod=mention.mod) if mention.value else None
            except ValueError:  # the finder checks its values; a suggestion without one is still useful
                timex = None
            found.append(
                Suggestion(
                    document_id=document.id,
                    kind=self.kind,
                    label=label,
                    start=mention.start,
                    end=mention.end,
                    text=mention.text,
                    timex=timex,
                    score=0.9 if timex is not None and "X" not in timex.value else 0.6,
                )
            )
        return found
