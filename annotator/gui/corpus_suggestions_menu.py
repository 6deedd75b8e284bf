"""The Suggestions menu's corpus entries ("Suggest across the corpus…", "Named-entity model…"),
there from the start; what runs behind them (gui/corpus_suggestions.py: the worker thread, its
progress dialog, the model field) is built the first time one of them is used.

A start never runs the corpus's suggestions, so that machinery is not on the path to the first
paint (bench U1). ``stop`` does nothing while it was never built: then no run can be going on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QMenu

if TYPE_CHECKING:
    from annotator.gui.corpus_suggestions import CorpusSuggestions


class CorpusSuggestionsMenu:
    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        self._window = window
        self._built: CorpusSuggestions | None = None
        menu.addSeparator()
        self.corpus_action = menu.addAction("Suggest across the &corpus…")
        self.corpus_action.setToolTip("Run the switched-on recommenders over every document (or the selected ones) and keep the results as pending suggestions")
        self.corpus_action.triggered.connect(lambda: self.flow().start())
        self.model_action = menu.addAction("Named-entity &model…")
        self.model_action.triggered.connect(lambda: self.flow().choose_model())
        # Shift+click / Ctrl+click pick the documents a corpus run is limited to; the current row
        # still opens the document, as with one.
        window.document_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    @property
    def built(self) -> CorpusSuggestions | None:
        return self._built

    def flow(self) -> CorpusSuggestions:
        """The corpus run and the model setting, built now if they were not yet."""
        if self._built is None:
            from annotator.gui.corpus_suggestions import CorpusSuggestions

            self._built = CorpusSuggestions(self._window, self._window.suggestions, self.corpus_action, self.model_action)
        return self._built

    def stop(self) -> None:
        """The project closes: a run that was started is cancelled and waited for."""
        if self._built is not None:
            self._built.stop()
