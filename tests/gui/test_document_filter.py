"""The document filter searches only where matches can be: the kept results of recent filter texts.

Typing on searches the matches of the text before it; a backspace, or typing a
text again after clearing the field, searches nothing; a pasted unrelated word
searches everything. Whatever path a keystroke takes, the rows shown are those a
plain search of every title, date and status gives, and a title or status that
changed is never answered from a kept result.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.model import ArticleMetadata, Document
from annotator.core.storage import FolderProject
from annotator.gui import filter_results
from annotator.gui.filter_results import FilterResults
from annotator.gui.main_window import MainWindow
from annotator.gui.models import DocumentListModel

TITLES = ("Minister resigns", "Ministry of Defence", "Prime minister visits Yerevan", "Mining in Armenia", "Peace talks", "Élysée minister")


def project_with_titles(root: Path, count: int = 60) -> None:
    with FolderProject.create(root, "filter") as project:
        project.add_documents(Document.create(f"d{i:03}", f"{TITLES[i % len(TITLES)]} {i}\n\nBody {i}.") for i in range(count))


def plain_search(model: DocumentListModel, text: str) -> list[str]:
    """What the filter must show for ``text``: every document whose title, date or status contains it."""
    needle = text.casefold()
    shown = []
    for entry in model._project.documents():
        status = model._status_text(entry.id)
        date = entry.date.isoformat() if entry.date else "—"
        if not needle or needle in f"{entry.title}\t{date}".casefold() or needle in status:
            shown.append(entry.id)
    return shown


def shown_ids(model: DocumentListModel) -> list[str]:
    return [model.document_id(row) for row in range(model.rowCount())]


class SearchLog:
    """The pools ``_matching`` was asked to search (None: every document)."""

    def __init__(self, model: DocumentListModel, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pools: list[int | None] = []
        original = model._matching

        def matching(pool: list[int] | None, needle: str) -> list[int] | None:
            self.pools.append(None if pool is None else len(pool))
            return original(pool, needle)

        monkeypatch.setattr(model, "_matching", matching)


def test_filter_results_keep_a_chain_of_texts_each_inside_the_next() -> None:
    results = FilterResults()
    assert results.pool("m") is None and results.exact("m") is None
    results.keep("m", [1, 2, 3, 5])
    results.keep("mi", [2, 3])
    assert results.pool("min") == [2, 3]  # the longest kept text inside "min"
    assert results.exact("m") == [1, 2, 3, 5] and results.exact("mi") == [2, 3]
    results.keep("ms", [5])  # "mi" is not inside "ms": it goes, "m" stays
    assert results.texts() == ["m", "ms"]
    assert results.pool("xms") == [5] and results.pool("mx") == [1, 2, 3, 5]
    results.keep("peace", [7])  # an unrelated word starts a new chain
    assert results.texts() == ["peace"] and results.pool("m") is None
    results.clear()
    assert results.texts() == [] and results.pool("peace") is None


def test_filter_results_keep_a_bounded_number_of_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filter_results, "MAX_KEPT_POSITIONS", 10)
    monkeypatch.setattr(filter_results, "MAX_KEPT", 3)
    results = FilterResults()
    results.keep("a", list(range(8)))
    results.keep("ab", [1, 2, 3])
    assert results.texts() == ["ab"]  # 11 positions: the shortest text went
    results.keep("abc", [2])
    results.keep("abcd", [2])
    results.keep("abcde", [])
    assert results.texts() == ["abc", "abcd", "abcde"] and results.exact("abcde") == []
    results.keep("z", list(range(12)))  # alone it may pass the bound: the newest is always kept
    assert results.texts() == ["z"]


def test_typing_on_searches_only_the_previous_matches_and_backspace_searches_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project_with_titles(tmp_path / "p")
    with FolderProject.open(tmp_path / "p") as project:
        model = DocumentListModel(project)
        log = SearchLog(model, monkeypatch)
        typed = ""
        for char in "minis":
            typed += char
            before = model.rowCount()
            model.set_filter(typed)
            assert shown_ids(model) == plain_search(model, typed)
            assert log.pools[-1] == (None if typed == "m" else before)  # the first key searches all, the next ones what is shown
        searches = len(log.pools)
        for typed in ("mini", "min", "mi", "m", ""):  # backspace to the empty field
            model.set_filter(typed)
            assert shown_ids(model) == plain_search(model, typed)
        assert len(log.pools) == searches  # every result was kept: nothing searched again
        for typed in ("m", "mi", "min"):  # typing the word again after clearing the field
            model.set_filter(typed)
            assert shown_ids(model) == plain_search(model, typed)
        assert len(log.pools) == searches
        model.set_filter("minx")  # a new letter: only the matches of "min" are searched
        assert log.pools[-1] == len(plain_search(model, "min")) and model.rowCount() == 0
        model.set_filter("PEACE")  # a pasted unrelated word: everything, once
        assert log.pools[-1] is None and shown_ids(model) == plain_search(model, "peace")
        model.set_filter("peace talks 4")  # pasted over it, containing it: the matches of "peace"
        assert log.pools[-1] == len(plain_search(model, "peace")) and shown_ids(model) == plain_search(model, "peace talks 4")
        model.set_filter("élysée")  # case-folded like the titles
        assert shown_ids(model) == plain_search(model, "élysée") and model.rowCount() == 10


def test_a_changed_title_or_status_is_never_answered_from_a_kept_result(tmp_path: Path) -> None:
    project_with_titles(tmp_path / "p", 12)
    with FolderProject.open(tmp_path / "p") as project:
        model = DocumentListModel(project)
        model.set_filter("yerevan")
        assert shown_ids(model) == ["d002", "d008"]
        model.set_filter("")
        document = project.load_document("d004")
        project.update_document(document.model_copy(update={"metadata": ArticleMetadata(headline="Talks in Yerevan")}))
        model.refresh("d004")
        model.set_filter("yerevan")
        assert shown_ids(model) == ["d002", "d004", "d008"] == plain_search(model, "yerevan")
        model.set_filter("error")  # the status column: no document has a problem yet
        assert shown_ids(model) == []
        model.set_filter("")
        model.set_problem("d005", "d005.json does not parse")
        model.set_filter("error")
        assert shown_ids(model) == ["d005"]
        model.set_filter("erro")
        model.set_problem("d005", None)
        model.set_filter("error")
        assert shown_ids(model) == [] == plain_search(model, "error")


def test_keys_in_the_window_filter_backspace_and_paste(open_window, tmp_path: Path, qtmodeltester) -> None:  # noqa: ANN001
    project_with_titles(tmp_path / "p")
    window: MainWindow = open_window(tmp_path / "p")
    model = window.document_model
    window.document_table.selectRow(model.row_of("d002"))  # "Prime minister visits Yerevan 2"
    field = window.document_filter
    field.setFocus()
    QTest.keyClicks(field, "minister")
    assert shown_ids(model) == plain_search(model, "minister") and len(shown_ids(model)) == 30
    assert window.document_table.currentIndex().row() == model.row_of("d002") >= 0
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == "ministe" and shown_ids(model) == plain_search(model, "ministe")
    QTest.keyClicks(field, "ry")  # "ministery": nothing
    assert model.rowCount() == 0
    field.selectAll()
    QTest.keyClicks(field, "yerevan")  # typed over the selection, as a paste replaces it
    assert shown_ids(model) == plain_search(model, "yerevan") == [f"d{i:03}" for i in range(2, 60, 6)]
    qtmodeltester.check(model)
    field.clear()
    assert shown_ids(model) == plain_search(model, "") and model.rowCount() == 60


def test_the_window_opens_without_reading_the_catalogs_sources(open_window, tmp_path: Path, qtmodeltester) -> None:  # noqa: ANN001
    """The list paints ids, titles, dates and statuses from the catalog itself; the source files and
    hashes beside it (catalog-sources.json) are read only when something wants them (a tooltip here)."""
    from annotator.core.storage.catalog_table import SINGLE_ROWS

    root = tmp_path / "p"
    project_with_titles(root, count=SINGLE_ROWS * 4)
    window = open_window(root)
    model = window.document_model
    window.document_table.viewport().repaint()
    assert window.session is not None and model.rowCount() == SINGLE_ROWS * 4
    assert not window.project._catalog.later_read
    entries = list(FolderProject.open(root, read_only=True).documents())
    shown = [(model.data(model.index(row, 0)), model.data(model.index(row, 1)), model.document_id(row)) for row in range(model.rowCount())]
    assert shown == [(e.title, e.date.isoformat() if e.date else "—", e.id) for e in entries]
    assert not window.project._catalog.later_read
    tips = [model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())]
    assert all(entry.id in tip for entry, tip in zip(entries, tips))  # no source file: the id
    assert window.project._catalog.later_read
    qtmodeltester.check(model)
