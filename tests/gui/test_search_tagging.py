"""Corpus-wide "Tag all as suggestions…": the count first, in the window; then pending suggestions in
every article and not one annotation file changed; in the second article N + Enter accepts one,
which is an annotation there, undone in one step."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.model import AnnotationFile, Document, Span
from annotator.core.storage import FolderProject
from annotator.core.storage.base import Fingerprint
from tests.gui.test_tagging_flow import FIRST, SECOND

THIRD = "009_third_article"
THIRD_TEXT = "The CSTO summit 🇦🇲 ended early.\n\nArmenia left the csto meeting; the CSTOs? No such thing."


def files_of(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "annotations").rglob("*")) if path.is_file()}


def test_tag_all_as_suggestions_counts_first_stores_pending_and_is_accepted_per_article(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    with FolderProject.open(seed_project) as store:
        store.add_documents([Document.create(THIRD, THIRD_TEXT)])
        # The first article has one "CSTO" tagged actor already: that hit is counted, not suggested again.
        first = store.load_document(FIRST)
        start = first.text.index("CSTO")
        tagged = Span(id="s1", start=start, end=start + 4, label="actor", text="CSTO")
        store.save_annotations(AnnotationFile(document_id=FIRST, annotator=store.annotator, text_sha256=first.text_sha256, spans=(tagged,)), Fingerprint(None))
        texts = {doc_id: store.load_document(doc_id).text for doc_id in (FIRST, SECOND, THIRD)}
    # An oracle of its own: "csto" in any case, whole words or not, as the search is set.
    expected = {doc_id: [(m.start(), m.end()) for m in re.finditer("csto", text, re.IGNORECASE)] for doc_id, text in texts.items()}
    new_hits = sum(len(hits) for hits in expected.values()) - 1
    on_disk = files_of(seed_project)
    assert on_disk

    window = open_window(seed_project)
    dialog = window.corpus_search
    tagging = window.search_tagging
    with qtbot.waitSignal(dialog.index_ready, timeout=20000):
        dialog.open_search()
    QTest.keyClicks(dialog.field, "CSTO")
    tagging.label.setCurrentText("actor")
    with qtbot.waitSignal(tagging.counted, timeout=20000):
        QTest.mouseClick(tagging.tag_button, Qt.MouseButton.LeftButton)
    # The count comes first, inline; nothing is stored yet.
    assert tagging.confirm_bar.isVisible()
    assert tagging.confirm_button.text() == f"Tag {new_hits} hits in 3 articles as actor"
    assert "1 already tagged actor left out" in tagging.count_label.text()
    assert window.project.load_suggestions().pending == {}
    with qtbot.waitSignal(tagging.stored, timeout=20000):  # stored off the GUI thread
        QTest.mouseClick(tagging.confirm_button, Qt.MouseButton.LeftButton)
        assert not tagging.confirm_bar.isVisible()
    assert f"{new_hits} suggestions stored in 3 articles" in tagging.message.text()
    with FolderProject.open(seed_project, read_only=True) as store:
        pending = store.load_suggestions().pending
    assert {doc_id: sorted((s.start, s.end) for s in items) for doc_id, items in pending.items()} == {
        FIRST: [hit for hit in expected[FIRST] if hit != (tagged.start, tagged.end)],
        SECOND: expected[SECOND],
        THIRD: expected[THIRD],
    }
    assert all(s.kind.value == "search" and s.label == "actor" for items in pending.values() for s in items)
    assert files_of(seed_project) == on_disk  # no article changed

    # Tagging again finds everything already pending: nothing to tag.
    with qtbot.waitSignal(tagging.counted, timeout=20000):
        QTest.mouseClick(tagging.tag_button, Qt.MouseButton.LeftButton)
    assert not tagging.confirm_bar.isVisible() and f"{new_hits} already pending" in tagging.message.text()

    dialog.close()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.select_document(SECOND)
    assert window.session.document.id == SECOND
    window.view.setFocus()
    search_hits = [s for s in window.suggestions.visible if s.kind.value == "search"]
    assert sorted((s.start, s.end) for s in search_hits) == expected[SECOND]
    spans_before = len(window.session.annotations)
    steps = window.session.undo_stack.count()
    for _ in range(len(window.suggestions.visible) + 1):
        QTest.keyClick(window.view, Qt.Key.Key_N)
        if window.suggestions.visible[window.suggestions.current].kind.value == "search":
            break
    chosen = window.suggestions.visible[window.suggestions.current]
    assert chosen.kind.value == "search" and "search hit suggestion" in window.statusBar().currentMessage()
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.session.undo_stack.count() == steps + 1
    [made] = [s for s in window.session.annotations.spans() if (s.start, s.end) == (chosen.start, chosen.end)]
    assert made.label == "actor" and made.text == chosen.text
    assert chosen.key not in {s.key for s in window.suggestions.visible}
    window.undo_group.undo()
    assert len(window.session.annotations) == spans_before
    assert not [s for s in window.session.annotations.spans() if (s.start, s.end) == (chosen.start, chosen.end)]

    # Backspace rejects a search suggestion for good; tagging all again leaves it out as rejected.
    for _ in range(len(window.suggestions.visible) + 1):
        QTest.keyClick(window.view, Qt.Key.Key_N)
        if window.suggestions.visible[window.suggestions.current].kind.value == "search":
            break
    rejected = window.suggestions.visible[window.suggestions.current]
    assert rejected.kind.value == "search"
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)
    assert rejected.key not in {s.key for s in window.suggestions.visible}
    assert rejected.key in set(window.project.load_suggestions().rejected)
    dialog.open_search()
    with qtbot.waitSignal(tagging.counted, timeout=20000):
        QTest.mouseClick(tagging.tag_button, Qt.MouseButton.LeftButton)
    # The accepted one was undone, so it is a new hit again; the rejected one is left out.
    assert tagging.confirm_button.text() == "Tag 1 hit in 1 article as actor"
    assert "1 rejected before" in tagging.count_label.text()
