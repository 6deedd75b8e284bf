"""The flow that keeps the window's codebook: saved through the project store after every change, and
a topic created the first time a coder types it in Details (one undo step: new topic and the claim's
topic). A project from before the codebook starts its codebook, once and not undoably, from the topics
its claims already use, so no saved claim becomes invalid.

Apart from the Codebook panel (gui/codebook_panel.py), which sits behind a tab at start and is built
when first shown: the window keeps its codebook from the start, the panel's widgets wait (bench U1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson
from PySide6.QtCore import QObject

from annotator.core.codebook import Codebook, CodebookError, new_topic, seed_from_files
from annotator.core.edits import update_span
from annotator.core.model import ClaimAttributes, Span
from annotator.core.storage import ProjectError, ProjectStore
from annotator.gui.session import DocumentSession


class CodebookFlow(QObject):
    """Keeps one project's codebook: saved on every change, topics created on first use."""

    def __init__(
        self,
        codebook: Codebook,
        project: ProjectStore,
        current_session: Callable[[], DocumentSession | None],
        open_sessions: Callable[[], Iterable[DocumentSession]],
        tell: Callable[..., None],
        on_changed: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.codebook = codebook
        self._project = project
        self._session = current_session
        self._open_sessions = open_sessions
        self._tell = tell
        self._on_changed = on_changed
        codebook.add_listener(self._changed)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for session in self._open_sessions():
            for span in session.annotations.spans():
                topic = self.codebook.resolve(span.claim.topic) if span.claim is not None and span.claim.topic else None
                if topic is not None:
                    counts[topic.id] = counts.get(topic.id, 0) + 1
        return counts

    def _changed(self) -> None:
        if self._project.writable:
            try:
                self._project.save_codebook(self.codebook.all())
            except (ProjectError, OSError) as error:
                self._tell(f"Codebook not saved: {error}", timeout=0)
        self._on_changed()

    def _start_codebook(self) -> None:
        """A project without a codebook: its topics in use become the first entries (saved files and open documents)."""
        if self.codebook.kept:
            return

        def open_documents() -> Iterable[tuple[str, bytes]]:
            for session in self._open_sessions():
                spans = [{"claim": {"topic": s.claim.topic}} for s in session.annotations.spans() if s.claim is not None and s.claim.topic]
                yield session.document.id, orjson.dumps({"spans": spans})

        seed = seed_from_files(self.codebook, [*self._project.iter_annotation_files(), *open_documents()])
        if seed is not None:
            seed.apply(self.codebook)

    def set_topic(self, span: Span, text: str) -> None:
        """The claim's topic typed in Details: a codebook topic, created if it is new."""
        session = self._session()
        if session is None or not session.editable:
            self._tell("Read-only: the topic is not changed")
            return
        current = session.annotations.get(span.id)
        if current is None or current.claim is None and not text:
            return
        self._start_codebook()
        claim = current.claim or ClaimAttributes()
        topic = self.codebook.resolve(text)
        if topic is not None:
            session.push(update_span(current, claim=claim.model_copy(update={"topic": topic.name})))
            return
        try:
            add = new_topic(self.codebook, text)
        except CodebookError as error:
            self._tell(str(error))
            return
        session.push_all(f"New topic {add.topic.name}", [add, update_span(current, claim=claim.model_copy(update={"topic": add.topic.name}))])
        self._tell(f"New topic “{add.topic.name}” in the codebook")
