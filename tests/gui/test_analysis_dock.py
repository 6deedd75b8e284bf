"""The Analysis dock: coding a claim redraws the network; a click on a node lists its claims; one opens the article there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from annotator.core.edits import update_span
from annotator.core.model import Stance
from annotator.gui.main_window import MainWindow
from tests.gui.test_claims_flow import CLAIM, click_span, tag
from tests.gui.test_tagging_flow import FIRST


def claim_by(window: MainWindow, speaker_needle: str, claim_needle: str, topic: str, stance: Stance, nth: int = 0) -> tuple[str, str]:
    """Tag an actor mention and a claim with the keys, link them with K and clicks, then set topic and stance."""
    speaker = tag(window, speaker_needle, Qt.Key.Key_1, nth)
    claim = tag(window, claim_needle, Qt.Key.Key_2)
    QTest.keyClick(window.view, Qt.Key.Key_K)
    click_span(window, speaker)
    attributes = window.session.annotations.get(claim).claim
    assert attributes is not None and attributes.claimant.span_id == speaker
    window.session.push(update_span(window.session.annotations.get(claim), claim=attributes.model_copy(update={"topic": topic, "stance": stance})))
    return speaker, claim


def test_coding_a_claim_updates_the_network_and_a_click_opens_it(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    panel = window.analysis_panel
    with qtbot.waitSignal(panel.analysed, timeout=10000):
        QTest.keyClick(window, Qt.Key.Key_F9)
    assert panel.isVisible() and panel.result is not None
    assert panel.result.network.number_of_nodes() == 0
    documents = panel.result.counts.documents
    assert documents["done"] == 0 and documents["new"] >= 1 and sum(documents.values()) >= 2

    window.view.setFocus()
    with qtbot.waitSignal(panel.analysed, timeout=10000):
        speaker, claim = claim_by(window, "Nikol Pashinyan", CLAIM, "CSTO membership", Stance.OPPOSES, nth=1)
    [node] = panel.result.network.nodes
    assert node == "mention:Nikol Pashinyan" and panel.result.network.nodes[node]["claims"] == 1
    assert panel.result.counts.without_date == 1 and panel.result.counts.without_claimant == 0
    [point] = panel.result.timeline.points
    assert point.statement.dated_by_article  # no date span linked: the article's date stands in

    # A second speaker against him on the same topic: a conflict edge, not an agreement.
    window.view.setFocus()
    with qtbot.waitSignal(panel.analysed, timeout=10000):
        claim_by(window, "Armenia", "suspended", "CSTO membership", Stance.SUPPORTS)
    assert panel.result.network.number_of_edges() == 0
    with qtbot.waitSignal(panel.analysed, timeout=10000):
        panel.edges.setCurrentText("conflict")
    assert panel.result.network.edges["mention:Armenia", "mention:Nikol Pashinyan"]["weight"] == 1
    # The topic filter keeps it; another topic has no claims.
    assert panel.topic.findText("CSTO membership") >= 0

    # Click the node in the plot: its claims are listed; Enter on one opens the article at it.
    panel.tabs.setCurrentIndex(0)
    plot = panel.network_plot
    x, y = panel.result.positions[node]
    scene_point = plot.plotItem.vb.mapViewToScene(QPointF(x, y))
    QTest.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, plot.mapFromScene(scene_point))
    assert panel.claims.count() == 1
    window.step_document(+1)
    assert window.session.document.id != FIRST
    panel.claims.setCurrentRow(0)
    panel.claims.setFocus()
    QTest.keyClick(panel.claims, Qt.Key.Key_Return)
    assert window.session.document.id == FIRST and window.view.selected_span == claim

    # Saved as PNG and as SVG.
    assert panel.save_view(tmp_path / "network.png") and (tmp_path / "network.png").read_bytes()[:4] == b"\x89PNG"
    assert panel.save_view(tmp_path / "network.svg") and b"<svg" in (tmp_path / "network.svg").read_bytes()[:400]
