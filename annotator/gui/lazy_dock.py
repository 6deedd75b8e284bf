"""A dock whose panel is built the first time it is shown (or asked for).

Why: a panel behind a tab at start-up is not on the first screen, and some panels pull in
heavy libraries (the Analysis dock imports pyqtgraph, numpy and networkx: about 0.4 s of a
0.9 s cold start). Built on first view, the window paints the article without them; the
panel is the real one from the moment the coder can see it, because the dock builds it in
its own ``visibilityChanged`` before that tab is painted.

The factory runs on the GUI thread, once. Until then the dock holds no widget, and
``built_panel`` is None so that refreshes can skip a panel nobody has seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDockWidget, QWidget

PanelT = TypeVar("PanelT", bound=QWidget)


class LazyDock(QDockWidget, Generic[PanelT]):
    def __init__(self, title: str, name: str, build: Callable[[], PanelT], parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self._build: Callable[[], PanelT] | None = build
        self._panel: PanelT | None = None
        self.visibilityChanged.connect(self._on_visibility_changed)

    @property
    def built_panel(self) -> PanelT | None:
        """The panel if it was built already; None while nobody has looked at it."""
        return self._panel

    def panel(self) -> PanelT:
        """The panel, built now if it was not yet."""
        if self._panel is None:
            build, self._build = self._build, None
            assert build is not None
            self._panel = build()
            self.setWidget(self._panel)
        return self._panel

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.panel()
