"""Resizing from the keyboard keeps what a span carries; undo labels name the edit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.edits import update_span
from annotator.core.model import ClaimForm, Stance
from annotator.gui.main_window import MainWindow
from tests.gui.test_claims_flow import click_span, tag
from tests.gui.test_tagging_flow import FIRST, annotation_file

ALT = Qt.KeyboardModifier.AltModifier


def test_resizing_a_linked_claim_and_a_date_keeps_their_links_and_values(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window: MainWindow = open_window(seed_project)
    view = window.view
    claim = tag(window, "we have frozen our participation", Qt.Key.Key_2)
    actor = tag(window, "Nikol Pashinyan", Qt.Key.Key_1, nth=1)
    date = tag(window, "Friday", Qt.Key.Key_3)
    annotations = window.session.annotations
    assert annotations.get(date).timex.value == "2024-02-23"

    # Link the claim with K and clicks, then give it a stance and a form from the Details panel's edit.
    click_span(window, claim)
    QTest.keyClick(view, Qt.Key.Key_K)
    click_span(window, actor)
    click_span(window, date)
    assert window.undo_action.text() == "&Undo Link date of “we have frozen our participation”"
    current = annotations.get(claim)
    window.details_panel.edit_requested.emit(
        update_span(current, claim=current.claim.model_copy(update={"stance": Stance.OPPOSES, "form": ClaimForm.DIRECT_QUOTE}))
    )
    assert window.undo_action.text() == "&Undo Set stance, form of “we have frozen our participation”"
    linked = annotations.get(claim).claim

    # Grow the claim's end by a word with Alt+Right: links, stance and form stay.
    view.set_selected_span(claim, scroll=False)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right, ALT)
    grown = annotations.get(claim)
    assert grown.text == "we have frozen our participation in"
    assert grown.claim == linked
    assert window.undo_action.text() == "&Undo Resize claim to “we have frozen our participation in”"
    assert "Resize claim" in window.statusBar().currentMessage()

    # A date grown at its start: its value is re-read from the new text in the same step.
    window.undo_action.trigger()  # one undo takes back the whole resize
    assert annotations.get(claim).text == "we have frozen our participation"
    assert annotations.get(claim).claim == linked
    text = window.session.document.text
    last_year = text.index("the end of last year") + len("the end of ")
    view.select_offsets(last_year, last_year + len("last year"))
    QTest.keyClick(view, Qt.Key.Key_3)
    late = view.selected_span
    assert (annotations.get(late).timex.value, annotations.get(late).timex.mod) == ("2023", None)
    QTest.keyClick(view, Qt.Key.Key_Left, ALT | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_Left, ALT | Qt.KeyboardModifier.ShiftModifier)
    assert annotations.get(late).text == "end of last year"
    assert (annotations.get(late).timex.value, annotations.get(late).timex.mod) == ("2023", "END")
    assert window.undo_action.text() == "&Undo Resize date to “end of last year”, date value 2023"
    window.undo_action.trigger()
    assert annotations.get(late).text == "of last year" and annotations.get(late).timex.mod is None

    window.save_current()
    saved = {span.id: span for span in annotation_file(seed_project, FIRST).spans}
    assert saved[claim].claim.claimant.span_id == actor and saved[claim].claim.date_span_id == date
    assert saved[claim].claim.stance is Stance.OPPOSES and saved[claim].claim.form is ClaimForm.DIRECT_QUOTE
    assert saved[date].timex.value == "2024-02-23"
    assert saved[late].text == "of last year" and saved[late].timex.value == "2023"
