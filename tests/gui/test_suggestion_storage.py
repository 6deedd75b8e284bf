"""A rejection in the window writes the rejected keys and its own document's record only: another
document's pending file keeps its bytes and mtime, and only the shown document's are read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.storage import FolderProject
from annotator.core.suggest import Suggestion, SuggestionKind

FIRST = "000_d40578fe3dc4c4eb"
SECOND = "003_50cdf573a4cb5bb2"


def hit(project: FolderProject, doc_id: str, number: int) -> Suggestion:
    text = project.load_document(doc_id).text
    word = text.split()[number]
    start = text.index(word)
    return Suggestion(document_id=doc_id, kind=SuggestionKind.SEARCH, label="actor", start=start, end=start + len(word), text=word, score=1.0)


def test_a_rejection_writes_only_its_documents_file(qtbot, open_window, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    with FolderProject.open(seed_project) as project:
        mine, kept, other = hit(project, FIRST, 1), hit(project, FIRST, 3), hit(project, SECOND, 1)
        project.save_pending({FIRST: [mine, kept], SECOND: [other]})
        annotator = project.annotator
    folder = seed_project / "suggestions" / annotator
    second_file = folder / "pending" / f"{SECOND}.json"
    before = (second_file.read_bytes(), second_file.stat().st_mtime_ns)
    read: list[str] = []
    real = FolderProject.load_pending

    def spying(self, doc_id):  # noqa: ANN001, ANN202
        read.append(doc_id)
        return real(self, doc_id)

    monkeypatch.setattr(FolderProject, "load_pending", spying)
    window = open_window(seed_project)
    assert window.session.document.id == FIRST
    assert mine.key in {s.key for s in window.suggestions.visible}
    assert "3 stored in 2 articles" in window.suggestions.status_label.text()  # counts from pending_documents()
    for _ in range(len(window.suggestions.visible) + 1):
        QTest.keyClick(window.view, Qt.Key.Key_N)
        if window.suggestions.visible[window.suggestions.current].key == mine.key:
            break
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)
    assert mine.key not in {s.key for s in window.suggestions.visible}
    assert "2 stored in 2 articles" in window.suggestions.status_label.text()
    assert (second_file.read_bytes(), second_file.stat().st_mtime_ns) == before  # another document's file untouched
    assert set(read) == {FIRST}  # only the shown document's pending suggestions were read
    with FolderProject.open(seed_project, read_only=True) as project:
        assert project.load_pending(FIRST) == (kept,) and project.load_pending(SECOND) == (other,)
        assert mine.key in project.load_rejected()
