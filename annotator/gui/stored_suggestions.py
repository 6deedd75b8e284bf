"""The store's pending and rejected suggestions as the suggestion flow needs them.

Only the shown document's pending suggestions are read (``load_pending``), with the rejected keys
(``load_rejected``, once) and the counts per document (``pending_documents``, for the status bar);
a rejection writes the rejected keys and that one document's record, never the corpus's. A record
that fails validation is reported and never overwritten by this session.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.storage import ProjectError, ProjectStore
from annotator.core.suggest import Suggestion
from annotator.core.suggest.base import RejectionKey


class StoredSuggestions:
    def __init__(self, project: Callable[[], ProjectStore], tell: Callable[[str], None]) -> None:
        self._project = project
        self._tell = tell
        self._rejected_writable = True
        self._pending_writable = True  # False: its record failed validation and is left as it is
        self.forget()

    def forget(self) -> None:
        """Read everything again when next asked (another project, or something else stored)."""
        self._rejected: set[RejectionKey] | None = None
        self._pending: tuple[str, tuple[Suggestion, ...]] | None = None  # the shown document's, as stored
        self._counts: dict[str, int] | None = None  # pending_documents(), kept up to date here

    def forget_pending(self) -> None:
        self._pending = None

    def rejected_count(self) -> int:
        """How many keys are rejected, without copying them (asked at every edit)."""
        return len(self._rejected) if self._rejected is not None else len(self.rejected())

    def rejected(self) -> frozenset[RejectionKey]:
        """Every rejected key, read once per project (a snapshot: safe to hand to a worker)."""
        if self._rejected is None:
            try:
                self._rejected = set(self._project().load_rejected())
                self._rejected_writable = True
            except (ProjectError, OSError) as error:
                # The file is reported and left as it is: nothing from this session overwrites it.
                self._rejected, self._rejected_writable = set(), False
                self._tell(f"Rejected suggestions not read, and left as they are: {error}")
        return frozenset(self._rejected)

    def pending(self, doc_id: str) -> tuple[Suggestion, ...]:
        """``doc_id``'s stored pending suggestions; only the shown document's are kept in memory."""
        if self._pending is None or self._pending[0] != doc_id:
            try:
                items = self._project().load_pending(doc_id)
                self._pending_writable = True
            except (ProjectError, OSError) as error:
                items, self._pending_writable = (), False
                self._tell(f"Stored suggestions of {doc_id} not read, and left as they are: {error}")
            self._pending = (doc_id, items)
        return self._pending[1]

    def counts(self) -> dict[str, int]:
        """Pending suggestions per document, from the store's cheap count (the status bar)."""
        if self._counts is None:
            try:
                self._counts = dict(self._project().pending_documents())
            except (ProjectError, OSError):
                self._counts = {}
        return self._counts

    def store_pending(self, doc_id: str, items: tuple[Suggestion, ...]) -> None:
        self._pending = (doc_id, items)
        if self._counts is not None:
            if items:
                self._counts[doc_id] = len(items)
            else:
                self._counts.pop(doc_id, None)
        project = self._project()
        if not self._pending_writable or not project.writable:
            return
        try:
            project.save_pending({doc_id: items})
        except (ProjectError, OSError) as error:
            self._tell(f"Pending suggestions not saved: {error}")

    def store_rejected(self, suggestion: Suggestion) -> None:
        """Remembered at once in memory; stored as the key plus its one document's record."""
        self.rejected()
        assert self._rejected is not None
        self._rejected.add(suggestion.key)
        doc_id = suggestion.document_id
        if self._pending is not None and self._pending[0] == doc_id:
            self._pending = (doc_id, tuple(s for s in self._pending[1] if s.key != suggestion.key))
            if self._counts is not None and doc_id in self._counts:
                if self._pending[1]:
                    self._counts[doc_id] = len(self._pending[1])
                else:
                    self._counts.pop(doc_id)
        project = self._project()
        if not self._rejected_writable or not project.writable:
            self._tell("Read-only: this rejection holds until the project is closed")
            return
        try:
            project.add_rejected([suggestion.key])
        except (ProjectError, OSError) as error:
            self._tell(f"Rejected suggestions not saved: {error}")
