"""Panels behind a tab at start-up are built when the coder first looks at them, and are the real ones then."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMainWindow

from annotator.gui.lazy_dock import LazyDock
from annotator.gui.main_window import MainWindow


def test_the_analysis_panel_is_built_when_its_dock_is_first_shown(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    assert window.analysis_dock.built_panel is None  # behind the Spans tab: nothing built, pyqtgraph not needed
    assert window.analysis_dock.widget() is None
    with qtbot.waitSignal(window.analysis_dock.visibilityChanged, timeout=5000):
        QTest.keyClick(window, Qt.Key.Key_F9)  # Go > Analysis
    panel = window.analysis_dock.built_panel
    assert panel is not None and window.analysis_dock.widget() is panel and panel.isVisible()
    assert window.analysis_panel is panel  # built once
    window.span_dock.raise_()
    window.analysis_dock.raise_()
    assert window.analysis_dock.built_panel is panel


def test_a_lazy_dock_builds_once_on_request_or_on_view(qtbot) -> None:  # noqa: ANN001
    main = QMainWindow()
    qtbot.addWidget(main)
    built: list[QLabel] = []

    def build() -> QLabel:
        built.append(QLabel("panel"))
        return built[-1]

    dock = LazyDock("Panel", "panel", build, main)
    main.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    main.show()
    qtbot.waitExposed(main)
    assert built == [] and dock.built_panel is None
    dock.show()
    assert len(built) == 1 and dock.widget() is built[0] and dock.built_panel is built[0]
    assert dock.panel() is built[0]
    assert len(built) == 1


def test_the_codebook_panel_is_built_when_its_tab_is_first_shown_and_shows_the_codebook(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    from annotator.core.codebook import new_topic

    window._push_registry_edit(new_topic(window.codebook, "Sanctions"))  # a codebook change before the panel exists (as New does)
    assert window.codebook_dock.built_panel is None and window.codebook_dock.widget() is None  # behind the Spans tab
    with qtbot.waitSignal(window.codebook_dock.visibilityChanged, timeout=5000):
        window.codebook_dock.raise_()
    panel = window.codebook_dock.built_panel
    assert panel is not None and window.codebook_dock.widget() is panel and panel.isVisible()
    assert [panel.list.item(i).text().split(" ")[0] for i in range(panel.list.count())] == ["Sanctions"]
    window._push_registry_edit(new_topic(window.codebook, "Elections"))  # once built, it follows the codebook
    assert sorted(panel.list.item(i).text().split(" ")[0] for i in range(panel.list.count())) == ["Elections", "Sanctions"]
    with qtbot.waitSignal(panel.edit_requested, timeout=1000):  # its edits reach the window, as before
        panel.edit_requested.emit(new_topic(window.codebook, "Climate"))
    assert window.codebook.resolve("Climate") is not None
    assert window.codebook_panel is panel  # built once
