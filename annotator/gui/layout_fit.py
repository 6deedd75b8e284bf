"""The window's layout at small sizes (a 1024x700 laptop screen as well as 1600x1000).

Below ``COMPACT_HEIGHT`` the article's metadata folds to its headline (View > Article
metadata details brings it back, and the coder's choice then stands); below ``NARROW_WIDTH``
the document list and the side docks give the article more of the width. The docks fold
into tabs (Spans, Actors, Codebook; Details, Checks) and each can be closed from the View menu.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

from annotator.gui.metadata_panel import MetadataPanel

COMPACT_HEIGHT = 800
NARROW_WIDTH = 1280


class LayoutFit(QObject):
    def __init__(self, window: QMainWindow, splitter: QSplitter, metadata: MetadataPanel, docks: list[QDockWidget], details_action: QAction) -> None:
        super().__init__(window)
        self._window, self._splitter, self._metadata, self._docks = window, splitter, metadata, docks
        self._action = details_action
        self._chosen_by_user = False
        self._narrow: bool | None = None
        details_action.setCheckable(True)
        details_action.setChecked(True)
        details_action.triggered.connect(self._user_toggled)
        details_action.toggled.connect(metadata.set_details_visible)
        window.installEventFilter(self)

    def _user_toggled(self, _checked: bool) -> None:
        self._chosen_by_user = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        width, height = self._window.width(), self._window.height()
        if not self._chosen_by_user:
            self._action.setChecked(height >= COMPACT_HEIGHT)
        narrow = width < NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        documents = int(width * (0.15 if narrow else 0.22))
        self._splitter.setSizes([documents, max(200, self._splitter.width() - documents)])
        self._window.resizeDocks(self._docks, [int(width * (0.34 if narrow else 0.28))] * len(self._docks), Qt.Orientation.Horizontal)
