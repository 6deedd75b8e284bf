from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from annotator.core.gc_pause import forget_frozen
from annotator.core.storage import FolderProject
from annotator.core.workspace import OpenedProject, import_into
from annotator.gui.main_window import MainWindow
from annotator.gui.text_view import ArticleView
from tests.conftest import SEEDS


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """QSettings (shortcuts, window state) go to a folder of the test run, never the user's own."""
    folder = str(tmp_path_factory.mktemp("settings"))
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)
    yield


@pytest.fixture(autouse=True)
def _thawed_after() -> Iterator[None]:
    """A window freezes what lives on after its paints (core/gc_pause.py): each test starts from a thawed heap."""
    yield
    forget_frozen()


@pytest.fixture
def executor() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    with FolderProject.create(root, "seeds") as project:
        import_into(project, SEEDS)
    return root


@pytest.fixture
def open_window(qtbot, executor) -> Callable[[Path], MainWindow]:  # noqa: ANN001
    windows: list[MainWindow] = []

    def opener(root: Path, *, link_actors: bool = False) -> MainWindow:
        window = MainWindow(OpenedProject(FolderProject.open(root)), executor)
        # Tagging tests do not answer the actor-link dialog; the actor tests turn it on.
        window.link_when_tagging_action.setChecked(link_actors)
        qtbot.addWidget(window)
        window.resize(1300, 850)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Window shortcuts (the label keys) only fire in the active window.
        assert QTest.qWaitForWindowActive(window)
        window.view.setFocus()
        windows.append(window)
        return window

    yield opener
    for window in windows:
        if window.isVisible():
            window.close()
        window.project.close()


@pytest.fixture
def window(open_window, seed_project: Path) -> MainWindow:  # noqa: ANN001
    return open_window(seed_project)


def select_with_keyboard(view: ArticleView, start: int, end: int) -> None:
    """Put the caret at ``start`` and extend with Shift+Right, as a user would."""
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_qt(start))
    view.setTextCursor(cursor)
    view.setFocus()
    target = view.mapping.to_qt(end)
    # Qt moves by grapheme clusters (a ZWJ emoji is one step), so step until the caret gets there.
    while view.textCursor().position() < target:
        QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().position() == target


def point_of(view: ArticleView, offset: int) -> QPoint:
    """The viewport point at the left edge of the character at ``offset``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.mapping.to_qt(offset))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 1, rect.center().y())


def drag_select(view: ArticleView, start: int, end: int) -> None:
    begin, finish = point_of(view, start), point_of(view, end)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, begin)
    QTest.mouseMove(view.viewport(), finish)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, finish)


def menu_action(window: MainWindow, menu: str, text: str):  # noqa: ANN201 - QAction
    """The action called ``text`` in the window's menu ``menu`` (their texts with the & marks)."""
    for action in window.menuBar().actions():
        if action.text() == menu:
            return next(a for a in action.menu().actions() if a.text() == text)
    raise AssertionError(f"no menu {menu}")
