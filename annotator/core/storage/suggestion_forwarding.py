"""The per-document suggestion methods of ``ProjectStore``, answered by a backend's suggestion store
(``folder_suggestions.FolderSuggestions``, ``postgres_suggestions.PostgresSuggestions``): one copy
of the forwarding for both backends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from annotator.core.suggest.base import RejectionKey, Suggestion


class PerDocumentSuggestions(Protocol):
    def load_pending(self, doc_id: str) -> tuple[Suggestion, ...]: ...

    def save_pending(self, changes: Mapping[str, Sequence[Suggestion]]) -> None: ...

    def pending_documents(self) -> dict[str, int]: ...

    def load_rejected(self) -> frozenset[RejectionKey]: ...

    def add_rejected(self, keys: Iterable[RejectionKey]) -> None: ...


class ForwardsSuggestions:
    """Mixed in before ``ProjectStore``: its five suggestion methods go to ``self.suggestions``."""

    @property
    def suggestions(self) -> PerDocumentSuggestions:
        raise NotImplementedError

    def load_pending(self, doc_id: str) -> tuple[Suggestion, ...]:
        return self.suggestions.load_pending(doc_id)

    def save_pending(self, changes: Mapping[str, Sequence[Suggestion]]) -> None:
        self.suggestions.save_pending(changes)

    def pending_documents(self) -> dict[str, int]:
        return self.suggestions.pending_documents()

    def load_rejected(self) -> frozenset[RejectionKey]:
        return self.suggestions.load_rejected()

    def add_rejected(self, keys: Iterable[RejectionKey]) -> None:
        self.suggestions.add_rejected(keys)
