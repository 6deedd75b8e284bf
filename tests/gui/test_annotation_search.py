"""The corpus search window's Annotations tab: a search by claimant and topic finds the coded claim,
and Enter on the result opens its article with the span selected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.model import Actor, ActorRef, ActorType, AnnotationFile, ClaimAttributes, Span, Stance
from annotator.core.storage import FolderProject
from annotator.core.storage.base import Fingerprint
from tests.gui.test_tagging_flow import FIRST, SECOND


def code(root: Path) -> tuple[str, str]:
    """Pashinyan's claim about the CSTO in the second article, an unrelated claim in the first."""
    with FolderProject.open(root) as store:
        store.save_registry([Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON, aliases=("Pashinyan",))])
        coded: dict[str, str] = {}
        for doc_id, claim_text, topic in ((SECOND, "withdraw from the CSTO", "CSTO membership"), (FIRST, "CSTO", "something else")):
            document = store.load_document(doc_id)
            name = document.text.index("Nikol Pashinyan")
            start = document.text.index(claim_text, name)
            spans = (
                Span(id="s1", start=name, end=name + 15, label="actor", text="Nikol Pashinyan", actor_id="a1"),
                Span(
                    id="s2",
                    start=start,
                    end=start + len(claim_text),
                    label="claim",
                    text=claim_text,
                    claim=ClaimAttributes(claimant=ActorRef(span_id="s1"), stance=Stance.SUPPORTS, topic=topic),
                ),
            )
            store.save_annotations(
                AnnotationFile(document_id=doc_id, annotator=store.annotator, text_sha256=document.text_sha256, spans=spans), Fingerprint(None)
            )
            coded[doc_id] = claim_text
    return SECOND, coded[SECOND]


def test_an_annotation_hit_opens_its_article_with_the_span_selected(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    doc_id, claim_text = code(seed_project)
    window = open_window(seed_project)
    assert window.session.document.id == FIRST
    dialog = window.corpus_search
    panel = window.annotation_search
    dialog.open_search()
    dialog.tabs.setCurrentWidget(panel)
    panel.label.setCurrentText("claim")
    QTest.keyClicks(panel.claimant, "pashinyan")
    QTest.keyClicks(panel.topic, "csto  membership")
    with qtbot.waitSignal(panel.searched, timeout=20000):
        QTest.keyClick(panel.topic, Qt.Key.Key_Return)
    assert panel.results.rowCount() == 1, panel.status.text()
    cells = [panel.results.item(0, column).text() for column in range(panel.results.columnCount())]
    assert cells[1] == "claim" and f"[{claim_text}]" in cells[2] and cells[4:7] == ["Nikol Pashinyan", "supports", "CSTO membership"]
    assert "1 span(s) in 1 article(s)" in panel.status.text()
    panel.results.setCurrentCell(0, 2)
    panel.results.setFocus()
    QTest.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.session.document.id == doc_id
    assert window.view.selected_span == "s2"
    # A click opens a result too: the first article's claim, by the same claimant.
    panel.topic.clear()
    with qtbot.waitSignal(panel.searched, timeout=20000):
        QTest.keyClick(panel.claimant, Qt.Key.Key_Return)
    assert panel.results.rowCount() == 2
    row = next(r for r in range(2) if panel.results.item(r, 0).data(Qt.ItemDataRole.UserRole).document_id == FIRST)
    rect = panel.results.visualItemRect(panel.results.item(row, 2))
    QTest.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.document.id == FIRST and window.view.selected_span == "s2"
    # An actor the registry does not know: nothing, and the reason.
    panel.claimant.setText("Macron")
    with qtbot.waitSignal(panel.searched, timeout=20000):
        QTest.keyClick(panel.claimant, Qt.Key.Key_Return)
    assert panel.results.rowCount() == 0 and "Macron" in panel.status.text()
    dialog.close()
