"""The ranked topic guesses of the claims the coder accepted from suggestions, for the Topic field.

A claim suggestion carries its ranked topics; once accepted, the claim span no longer does (an
annotation file holds only what the coder decided), so the window remembers them per accepted
claim while the project is open: Down and Up in the claim's Topic field walk them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.core.model import Span
from annotator.core.suggest import Suggestion


class AcceptedTopicGuesses:
    def __init__(self) -> None:
        # (document, span id, start, end): a claim moved or resized by the coder is no longer the one guessed for
        self._guesses: dict[tuple[str, str, int, int], tuple[str, ...]] = {}

    def remember(self, doc_id: str, accepted: Iterable[Suggestion], claim_id: Callable[[Suggestion], str | None]) -> None:
        """Keep the ranked topic names of each accepted claim suggestion; ``claim_id`` names the span it became."""
        for suggestion in accepted:
            if suggestion.ranked_topics and (span_id := claim_id(suggestion)) is not None:
                self._guesses[(doc_id, span_id, suggestion.start, suggestion.end)] = tuple(topic.name for topic in suggestion.ranked_topics)

    def of(self, doc_id: str, span: Span) -> tuple[str, ...]:
        """The guesses for the claim ``span`` of ``doc_id``, best first; none for a claim coded by hand."""
        return self._guesses.get((doc_id, span.id, span.start, span.end), ())
