"""Suggestions in the real window, driven with keys: N walks, Enter accepts, Backspace rejects;
results read back from the saved JSON and the project's stored rejections."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.codebook import new_topic
from annotator.core.storage import FolderProject
from annotator.gui.main_window import MainWindow
from tests.gui.conftest import point_of, select_with_keyboard

FIRST = "000_d40578fe3dc4c4eb"


def saved(root: Path, doc_id: str = FIRST) -> dict:
    return json.loads(next((root / "annotations").rglob(f"{doc_id}.json")).read_text())


def wait_for_suggestions(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.suggestions._worker is None and len(window.suggestions.visible) > 0, timeout=10000)


def walk_to(window: MainWindow, wanted) -> int:  # noqa: ANN001
    """Press N until the current suggestion is one ``wanted`` accepts; its index."""
    for _ in range(len(window.suggestions.visible) + 1):
        QTest.keyClick(window.view, Qt.Key.Key_N)
        current = window.suggestions.current
        if current is not None and wanted(window.suggestions.visible[current]):
            return current
    raise AssertionError("no such suggestion")


def test_n_walks_the_suggestions_forwards_and_back(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    assert f"{len(window.suggestions.visible)} suggestion" in window.suggestions.status_label.text()
    QTest.keyClick(window.view, Qt.Key.Key_N)
    assert window.suggestions.current == 0
    first = window.suggestions.visible[0]
    assert first.text in window.statusBar().currentMessage()
    QTest.keyClick(window.view, Qt.Key.Key_N)
    assert window.suggestions.current == 1
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert window.suggestions.current == 0
    assert window.view._current_suggestion == 0  # drawn highlighted


def test_enter_accepts_a_claim_with_its_claimant_and_date_as_one_undo_step(qtbot, window: MainWindow, seed_project: Path) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    before = len(window.session.annotations)
    index = walk_to(window, lambda s: s.kind.value == "claims" and s.claimant is not None and s.date is not None)
    claim = window.suggestions.visible[index]
    steps = window.session.undo_stack.count()
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.session.undo_stack.count() == steps + 1
    assert window.session.save_blocking()
    spans = {s["id"]: s for s in saved(seed_project)["spans"]}
    [made] = [s for s in spans.values() if (s["start"], s["end"], s["label"]) == (claim.start, claim.end, claim.label)]
    claimant = spans[made["claim"]["claimant"]["span_id"]]
    assert (claimant["start"], claimant["end"]) == (claim.claimant.start, claim.claimant.end)
    date = spans[made["claim"]["date_span_id"]]
    assert date["text"] == claim.date.text
    window.undo_group.undo()
    assert len(window.session.annotations) == before


def test_backspace_rejects_and_the_rejection_outlives_a_reopening(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    wait_for_suggestions(qtbot, window)
    QTest.keyClick(window.view, Qt.Key.Key_N)
    rejected = window.suggestions.visible[0]
    spans_before = len(window.session.annotations)
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)
    assert rejected.key not in {s.key for s in window.suggestions.visible}
    assert len(window.session.annotations) == spans_before  # Backspace deleted no span
    window.close()
    with FolderProject.open(seed_project) as project:
        assert rejected.key in set(project.load_suggestions().rejected)
    again = open_window(seed_project)
    wait_for_suggestions(qtbot, again)
    assert rejected.key not in {s.key for s in again.suggestions.visible}


def test_a_selected_span_keeps_backspace_and_suggestions_never_reach_the_file(qtbot, window: MainWindow, seed_project: Path) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    QTest.keyClick(window.view, Qt.Key.Key_N)
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)  # rejected
    QTest.keyClick(window.view, Qt.Key.Key_N)  # the next one is current and ignored
    text = window.session.document.text
    start = text.index(text.split()[0])
    select_with_keyboard(window.view, start, start + len(text.split()[0]))
    QTest.keyClick(window.view, Qt.Key.Key_1)  # tag an actor by hand: it becomes the selected span
    [span] = window.session.annotations.spans()
    assert window.view.selected_span == span.id and window.suggestions.current is None
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)  # the selected span is deleted, no suggestion rejected
    assert len(window.session.annotations) == 0
    select_with_keyboard(window.view, start, start + len(text.split()[0]))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    [span] = window.session.annotations.spans()
    assert window.session.save_blocking()
    data = saved(seed_project)
    assert [(s["start"], s["end"]) for s in data["spans"]] == [(span.start, span.end)]
    assert "suggest" not in json.dumps(data)


def test_accept_all_of_a_kind_is_one_undo_step(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    dates = [s for s in window.suggestions.visible if s.kind.value == "dates"]
    assert len(dates) >= 2
    action = window.suggestions.accept_all_actions["dates"]
    assert action.text().startswith(f"{len(dates)}:")
    steps = window.session.undo_stack.count()
    action.trigger()
    assert window.session.undo_stack.count() == steps + 1
    held = {(s.start, s.end) for s in window.session.annotations.spans() if s.label == "date"}
    assert {(s.start, s.end) for s in dates} <= held
    assert not [s for s in window.suggestions.visible if s.kind.value == "dates"]
    window.undo_group.undo()
    assert not [s for s in window.session.annotations.spans() if s.label == "date"]
    qtbot.waitUntil(lambda: len([s for s in window.suggestions.visible if s.kind.value == "dates"]) == len(dates))


def test_a_toggle_hides_a_recommender_and_is_remembered(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    wait_for_suggestions(qtbot, window)
    assert any(s.kind.value == "dates" for s in window.suggestions.visible)
    window.suggestions.toggle_actions["dates"].trigger()
    assert not any(s.kind.value == "dates" for s in window.suggestions.visible)
    qtbot.waitUntil(lambda: window.suggestions._worker is None, timeout=10000)
    QTest.qWait(50)
    assert not any(s.kind.value == "dates" for s in window.suggestions.visible)
    window.close()
    again = open_window(seed_project)
    wait_for_suggestions(qtbot, again)
    assert not again.suggestions.toggle_actions["dates"].isChecked()
    assert not any(s.kind.value == "dates" for s in again.suggestions.visible)


def test_pending_suggestions_from_the_store_show_until_a_span_holds_them(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    from annotator.core.suggest import Suggestion, SuggestionKind
    from annotator.core.suggest.base import SuggestionState

    with FolderProject.open(seed_project) as project:
        text = project.load_document(FIRST).text
        word = text.split()[1]
        start = text.index(word)
        pending = Suggestion(document_id=FIRST, kind=SuggestionKind.ACTOR, label="actor", start=start, end=start + len(word), text=word)
        project.save_suggestions(SuggestionState().with_pending(FIRST, [pending]))
    window = open_window(seed_project)
    assert pending.key in {s.key for s in window.suggestions.visible}  # at once, before any run
    select_with_keyboard(window.view, pending.start, pending.end)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: pending.key not in {s.key for s in window.suggestions.visible})  # the accepted span hides it
    window.undo_group.undo()
    qtbot.waitUntil(lambda: pending.key in {s.key for s in window.suggestions.visible})


def test_suggestions_are_computed_off_the_gui_thread_and_follow_edits(qtbot, window: MainWindow, monkeypatch) -> None:  # noqa: ANN001
    import threading

    from annotator.gui import suggestion_worker

    threads: list[threading.Thread] = []
    spans_seen: list[int] = []
    real = suggestion_worker.suggest_document

    def recording(document, context, recommenders):  # noqa: ANN001, ANN202
        threads.append(threading.current_thread())
        spans_seen.append(len(context.spans))
        return real(document, context, recommenders)

    monkeypatch.setattr(suggestion_worker, "suggest_document", recording)
    window.suggestions.document_shown()
    qtbot.waitUntil(lambda: bool(threads) and window.suggestions._worker is None, timeout=10000)
    assert threading.main_thread() not in threads
    text = window.session.document.text
    word = text.split()[0]
    select_with_keyboard(window.view, text.index(word), text.index(word) + len(word))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: spans_seen[-1] == 1 and window.suggestions._worker is None, timeout=10000)  # run again, debounced, with the new span


def test_a_click_on_a_suggestion_makes_it_current_and_enter_accepts_it(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    suggestion = next(s for s in window.suggestions.visible if s.kind.value == "dates")
    window.view.show_offset(suggestion.start)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window.view, suggestion.start + 1))
    assert window.suggestions.visible[window.suggestions.current].key == suggestion.key
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    [made] = [s for s in window.session.annotations.spans() if (s.start, s.end) == (suggestion.start, suggestion.end)]
    assert made.label == suggestion.label and made.timex == suggestion.timex


def test_an_accepted_claim_opens_on_its_stance_and_n_goes_on_from_it(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """A claim still needs the coder's stance and topic: Enter leaves it selected with its details
    open on Stance (a date or an actor hands the walk to the next suggestion instead)."""
    wait_for_suggestions(qtbot, window)
    index = walk_to(window, lambda s: s.kind.value == "dates")
    following = window.suggestions.visible[index + 1]
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.view.selected_span is None and window.suggestions.visible[window.suggestions.current].key == following.key

    index = walk_to(window, lambda s: s.kind.value == "claims")
    claim = window.suggestions.visible[index]
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    made = window.session.annotations.get(window.view.selected_span)
    assert (made.label, made.start, made.end) == (claim.label, claim.start, claim.end)
    assert window.suggestions.current is None
    assert QApplication.focusWidget() is window.details_panel.stance_combo
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_O)
    assert window.session.annotations.get(made.id).claim.stance.value == "opposes"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # back to the article
    QTest.keyClick(window.view, Qt.Key.Key_N)
    current = window.suggestions.visible[window.suggestions.current]
    assert current.start >= claim.start and all(s.start >= claim.start for s in window.suggestions.visible[window.suggestions.current :])
    assert not any(s.start >= claim.start for s in window.suggestions.visible[: window.suggestions.current])


def test_shift_enter_accepts_the_rest_of_the_paragraph_as_one_step(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    text = window.session.document.text

    def paragraph_end(offset: int) -> int:
        end = text.find("\n", offset)
        return len(text) if end < 0 else end

    def has_more_in_paragraph(s) -> bool:  # noqa: ANN001
        return sum(1 for o in window.suggestions.visible if s.start <= o.start < paragraph_end(s.start)) >= 2

    index = walk_to(window, lambda s: s.kind.value != "claims" and has_more_in_paragraph(s))
    first = window.suggestions.visible[index]
    end = paragraph_end(first.start)
    wanted = [s for s in window.suggestions.visible[index:] if s.start < end]
    earlier = window.suggestions.visible[:index]
    after = next(s for s in window.suggestions.visible[index:] if s.start >= end)
    steps = window.session.undo_stack.count()
    QTest.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.undo_stack.count() == steps + 1  # one undo step
    held = {(s.label, s.start, s.end) for s in window.session.annotations.spans()}
    assert all((s.label, s.start, s.end) in held for s in wanted)
    assert all((s.label, s.start, s.end) not in held for s in earlier)  # only the rest of the paragraph
    assert window.suggestions.visible[window.suggestions.current].key == after.key  # the walk goes on after it
    window.undo_group.undo()
    assert not any((s.label, s.start, s.end) in {(x.label, x.start, x.end) for x in window.session.annotations.spans()} for s in wanted)


def test_shift_enter_with_a_span_selected_keeps_its_link_meaning(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    QTest.keyClick(window.view, Qt.Key.Key_N)
    select_with_keyboard(window.view, 2, 9)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert window.view.selected_span is not None
    spans = len(window.session.annotations)
    QTest.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert len(window.session.annotations) == spans  # no suggestion was accepted


def test_a_claim_suggestion_describes_its_topic_and_stance_and_enter_applies_them(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    new_topic(window.codebook, "Propaganda campaign").apply(window.codebook)  # set-up: the codebook has the topic
    window.suggestions.schedule(0)
    qtbot.waitUntil(lambda: any(s.topic == "Propaganda campaign" for s in window.suggestions.visible) and window.suggestions.idle, timeout=10000)
    index = walk_to(window, lambda s: s.kind.value == "claims" and s.topic == "Propaganda campaign" and s.stance is not None)
    suggestion = window.suggestions.visible[index]
    message = window.statusBar().currentMessage()
    assert "topic Propaganda campaign" in message and f"stance {suggestion.stance.value}" in message
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    made = next(s for s in window.session.annotations.spans() if (s.start, s.end, s.label) == (suggestion.start, suggestion.end, suggestion.label))
    assert (made.claim.topic, made.claim.stance) == ("Propaganda campaign", suggestion.stance)
    assert window.details_panel.topic_edit.text() == "Propaganda campaign"


def test_a_current_claim_suggestion_boxes_its_claimant_and_date_and_draws_arcs_to_them(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    wait_for_suggestions(qtbot, window)
    index = walk_to(window, lambda s: s.kind.value == "claims" and s.claimant is not None and s.date is not None)
    claim = window.suggestions.visible[index]
    QApplication.processEvents()
    shown = window.view.suggested_link_rects()
    assert [label for label, _rects in shown] == ["actor", "date"]
    text = window.session.document.text
    # Each box lies over its text: the rectangle Qt gives for the first character is inside it.
    view = window.view
    for (label, rects), ref in zip(shown, (claim.claimant, claim.date), strict=True):
        cursor = view.textCursor()
        cursor.setPosition(view.mapping.to_qt(ref.start))
        caret = view.cursorRect(cursor)
        assert any(rect.top() <= caret.center().y() <= rect.bottom() for rect in rects), (label, text[ref.start : ref.end])
    with_links = view.viewport().grab().toImage()
    view.set_current_suggestion(index)  # the same suggestion without its links
    QApplication.processEvents()
    assert view.suggested_link_rects() == []
    assert view.viewport().grab().toImage() != with_links  # the boxes and arcs were drawn
    # A date suggestion links nothing.
    walk_to(window, lambda s: s.kind.value == "dates")
    assert window.view.suggested_link_rects() == []
