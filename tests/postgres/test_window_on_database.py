"""The window on a shared PostgreSQL project: it opens from a URL, saves rows, and loses nothing when the server goes away."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.core.journal import read_journal
from annotator.core.model import AnnotationFile
from annotator.core.storage import create_project, open_project
from annotator.core.storage import postgres as backend
from annotator.core.workspace import import_into, open_path
from annotator.gui.main_window import MainWindow
from tests.conftest import SEEDS
from tests.postgres.server import PostgresServer

FIRST = "000_d40578fe3dc4c4eb"


@pytest.fixture
def seeded_url(pg_url: str) -> str:
    with create_project(pg_url, "Shared seeds", annotator="alice") as project:
        import_into(project, SEEDS)
    return pg_url


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Discard

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    return shown


@pytest.fixture
def window(qtbot, seeded_url: str) -> Iterator[MainWindow]:  # noqa: ANN001
    with ThreadPoolExecutor(max_workers=1) as executor:
        opened = open_path(seeded_url, annotator="alice")  # what `annotator postgresql://...` opens
        main = MainWindow(opened, executor)
        main.link_when_tagging_action.setChecked(False)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        yield main
        main.close()
        main.project.close()


def tag_with_key(window: MainWindow, needle: str) -> None:
    start = window.session.document.text.index(needle)
    window.view.select_offsets(start, start + len(needle))
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_1)  # the actor label's key


def stored(url: str, doc_id: str = FIRST, annotator: str = "alice") -> tuple[AnnotationFile, int] | None:
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT body, version FROM annotator_annotations WHERE document_id = %s AND annotator = %s", (doc_id, annotator)).fetchone()
    return None if row is None else (AnnotationFile.model_validate_json(row[0]), row[1])


def test_the_window_saves_rows_and_keeps_the_edits_while_the_server_is_away(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    seeded_url: str,
    pg_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.session.document.id == FIRST and window.project.location == seeded_url
    tag_with_key(window, "Armenia")
    window.save_current()
    saved, version = stored(seeded_url)
    assert [span.text for span in saved.spans] == ["Armenia"] and version == 1 and not window.session.modified

    monkeypatch.setattr(backend, "RETRY_DELAYS", (0.05,))
    pg_server.stop(immediate=True)
    try:
        tag_with_key(window, "Moscow")
        window.save_current()
        assert window.session.modified and "NOT SAVED" in window.save_label.text()
        assert "did not answer" in window.statusBar().currentMessage()
        journal = read_journal(window.project.journal_path(FIRST))  # local: the edit is safe while the server is away
        assert journal is not None and len(journal.edits) == 1 and journal.base == "row-version:1"
    finally:
        pg_server.start()
    window.save_current()
    saved, version = stored(seeded_url)
    assert sorted(span.text for span in saved.spans) == ["Armenia", "Moscow"] and version == 2
    assert not window.session.modified and read_journal(window.project.journal_path(FIRST)) is None


def test_a_save_from_another_desktop_is_never_overwritten(qtbot, window: MainWindow, seeded_url: str) -> None:  # noqa: ANN001
    tag_with_key(window, "Armenia")
    window.save_current()
    with open_project(seeded_url, annotator="alice") as other_desktop:
        document = other_desktop.load_document(FIRST)
        loaded = other_desktop.load_annotations(document)
        other_desktop.save_annotations(loaded.annotation_file.model_copy(update={"spans": ()}), loaded.fingerprint)
    tag_with_key(window, "Moscow")
    window.save_current()
    assert "saved by another session" in window.statusBar().currentMessage() and window.session.modified
    saved, version = stored(seeded_url)
    assert saved.spans == () and version == 2


def test_file_menu_opens_a_shared_project_from_its_url(qtbot, window: MainWindow, pg_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    pg_url = pg_server.create_schema(f"menu_{uuid.uuid4().hex[:8]}")
    with create_project(pg_url, "Another corpus", annotator="alice") as project:
        import_into(project, SEEDS)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: (pg_url, True)))
    window.choose_and_open_database()
    assert window.project.location == pg_url and window.project.settings.name == "Another corpus"
    assert window.document_model.rowCount() == 2
