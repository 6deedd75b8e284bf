"""The corpus search window and what it holds (the Annotations tab, "Tag all as suggestions"),
built the first time something asks for it, not with the window.

The window, its index and its tabs load the search index (SQLite), the corpus analysis and
the annotation search's widgets: about 15 ms of every cold start (bench U1) for a window most
starts never open. ``stop`` and ``index_changed`` do nothing while it was never built: no
search is running then, and a search window opened later reads the index as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from annotator.gui.annotation_search import AnnotationSearchPanel
    from annotator.gui.corpus_search import CorpusSearchDialog
    from annotator.gui.search_tagging import SearchTagging


@dataclass(frozen=True)
class _Built:
    dialog: CorpusSearchDialog
    annotation_search: AnnotationSearchPanel
    search_tagging: SearchTagging


class CorpusSearchParts:
    """The window's corpus search, built on first use; ``window`` supplies the project and the callbacks."""

    def __init__(self, window: QMainWindow, analysis_input: Callable[[], object]) -> None:
        self._window = window
        self._analysis_input = analysis_input
        self._built: _Built | None = None

    @property
    def built(self) -> bool:
        return self._built is not None

    def parts(self) -> _Built:
        if self._built is None:
            from annotator.gui.annotation_search import install as install_annotation_search
            from annotator.gui.corpus_search import CorpusSearchDialog
            from annotator.gui.search_tagging import install as install_search_tagging

            window = self._window
            dialog = CorpusSearchDialog(lambda: window.project, window.open_at_offsets, window)
            annotation_search = install_annotation_search(
                dialog, self._analysis_input, lambda: window.project, lambda: window.registry, lambda: window.codebook, window.go_to_mention
            )
            search_tagging = install_search_tagging(dialog, window.suggestions, self._analysis_input, lambda: window.project)
            self._built = _Built(dialog, annotation_search, search_tagging)
        return self._built

    def open_search(self) -> None:
        self.parts().dialog.open_search()

    def stop(self) -> None:
        if self._built is not None:
            self._built.dialog.stop()

    def index_changed(self) -> None:
        """Articles were imported: an open search window reindexes, a hidden one drops its index."""
        if self._built is None:
            return
        dialog = self._built.dialog
        if dialog.isVisible():
            dialog.refresh_index()
        else:
            dialog.stop()
