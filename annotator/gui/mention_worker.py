"""Builds the corpus-wide mention index off the GUI thread (it reads every annotation file)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QThread, Signal

from annotator.core.mentions import MentionIndex


class MentionIndexWorker(QThread):
    """``files`` is called on the worker thread and yields (document id, bytes); only files are read."""

    built = Signal(object)  # the MentionIndex

    def __init__(self, files: Callable[[], Iterable[tuple[str, bytes]]]) -> None:
        super().__init__()
        self._files = files

    def run(self) -> None:
        self.built.emit(MentionIndex.from_files(self._files()))
