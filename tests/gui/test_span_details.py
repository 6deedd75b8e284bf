"""The span details and checker panels: real key presses and clicks in, edit objects out.

The panels never change annotations; the tests apply the emitted edits to a real
AnnotationSet (as the main window's undo stack would) and show the span again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationSet
from annotator.core.checker import Finding, check_spans
from annotator.core.codebook import Codebook, new_topic
from annotator.core.dates import validate_timex
from annotator.core.edits import ReplaceSpan
from annotator.core.model import (
    Actor,
    ActorRef,
    ActorType,
    ClaimAttributes,
    ClaimForm,
    Document,
    LabelScheme,
    Span,
    Stance,
    TimexValue,
)
from annotator.gui.checker_panel import CheckerPanel
from annotator.gui.span_details import SpanDetailsPanel

TEXT = "Pashinyan said on Friday that Armenia would leave the CSTO."
DCT = datetime.date(2024, 2, 23)
SCHEME = LabelScheme.default()


def _span(annotations: AnnotationSet, span_id: str, text: str, label: str, **fields: object) -> Span:
    start = TEXT.index(text)
    return annotations.make_span(start, start + len(text), label, span_id=span_id).model_copy(update=fields)


@pytest.fixture
def registry() -> ActorRegistry:
    return ActorRegistry(
        [
            Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON),
            Actor(id="a2", name="Pashinian", type=ActorType.PERSON, merged_into="a1"),
            Actor(id="a3", name="Armenia", type=ActorType.STATE),
        ]
    )


@pytest.fixture
def annotations() -> AnnotationSet:
    result = AnnotationSet(Document.create("doc", TEXT))
    for span in (
        _span(result, "s1", "Pashinyan", "actor", actor_id="a2"),
        _span(result, "s2", "Friday", "date"),
        _span(
            result,
            "s3",
            "Armenia would leave the CSTO",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="s1"), target=ActorRef(actor_id="a3"), date_span_id="s2"),
        ),
        _span(result, "s4", "CSTO", "actor"),
    ):
        result.add(span)
    return result


@pytest.fixture
def panel(qtbot) -> Iterator[SpanDetailsPanel]:  # noqa: ANN001
    # A second widget to move the focus to, as a user clicking elsewhere would.
    host = QWidget()
    qtbot.addWidget(host)
    widget = SpanDetailsPanel(host)
    widget.resize(380, 560)
    host.resize(380, 560)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    assert QTest.qWaitForWindowActive(host)
    yield widget  # keeps ``host`` (and with it the panel) alive for the test


class Recorder:
    """Everything a panel emitted, by signal name."""

    def __init__(self, panel: SpanDetailsPanel) -> None:
        self.edits: list[ReplaceSpan] = []
        self.activated: list[str] = []
        self.link_actor: list[str] = []
        self.link_mode: list[str] = []
        panel.edit_requested.connect(self.edits.append)
        panel.span_activated.connect(self.activated.append)
        panel.link_actor_requested.connect(self.link_actor.append)
        panel.link_mode_requested.connect(self.link_mode.append)

    def total(self) -> int:
        return len(self.edits) + len(self.activated) + len(self.link_actor) + len(self.link_mode)


def shower(panel: SpanDetailsPanel, annotations: AnnotationSet, registry: ActorRegistry) -> Callable[[str], None]:
    def show(span_id: str) -> None:
        panel.show_span(annotations.get(span_id), annotations, SCHEME, registry, DCT)

    return show


def apply_single(recorder: Recorder, annotations: AnnotationSet) -> Span:
    assert len(recorder.edits) == 1, recorder.edits
    edit = recorder.edits.pop()
    assert isinstance(edit, ReplaceSpan)
    edit.apply(annotations)
    return edit.new


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


# --- actor spans -----------------------------------------------------------------
def test_actor_span_shows_its_resolved_actor_or_that_it_is_unlinked(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s1")
    assert panel.actor_page.isVisible() and not panel.claim_page.isVisible() and not panel.date_page.isVisible()
    # s1 links to a2, which was merged into a1.
    assert "Nikol Pashinyan (person)" in panel.actor_label.text()
    assert "“Pashinyan”" in panel.header.text() and "0–9" in panel.header.text()

    show("s4")
    assert "not linked" in panel.actor_label.text()
    assert "#b91c1c" in panel.actor_label.text()
    click(panel.link_actor_button)
    assert recorder.link_actor == ["s4"]
    assert recorder.edits == []


# --- claim spans -----------------------------------------------------------------
def test_claim_shows_its_links_and_they_can_be_followed(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    shower(panel, annotations, registry)("s3")
    assert panel.claim_page.isVisible()
    assert "“Pashinyan”" in panel.claimant_row.label.text()
    assert "Armenia (state or country)" in panel.target_row.label.text()
    assert "“Friday”" in panel.date_row.label.text()

    # The linked span's text is the first thing in its row: click it.
    label = panel.claimant_row.label
    QTest.mouseClick(label, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(8, label.height() // 2))
    assert recorder.activated == ["s1"]

    click(panel.pick_button)
    assert recorder.link_mode == ["s3"]
    assert recorder.edits == []


def test_stance_chosen_with_the_keyboard_emits_exactly_one_edit(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s3")
    assert panel.stance_combo.currentText() == "—"
    panel.stance_combo.setFocus()
    QTest.keyClick(panel.stance_combo, Qt.Key.Key_Down)
    new = apply_single(recorder, annotations)
    assert new.claim is not None and new.claim.stance is Stance.SUPPORTS
    # Nothing else about the claim changed.
    assert new.claim.claimant == ActorRef(span_id="s1") and new.claim.date_span_id == "s2"

    show("s3")
    assert panel.stance_combo.currentText() == "supports"
    QTest.keyClick(panel.stance_combo, Qt.Key.Key_Down)
    assert apply_single(recorder, annotations).claim.stance is Stance.OPPOSES  # type: ignore[union-attr]


def test_topic_typed_and_entered_emits_one_edit_and_focus_out_adds_none(panel, annotations, registry) -> None:  # noqa: ANN001
    codebook = Codebook()
    new_topic(codebook, "CSTO membership").apply(codebook)
    panel.set_codebook(codebook)
    requested: list[tuple[str, str]] = []
    panel.topic_requested.connect(lambda span, text: requested.append((span.id, text)))
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s3")
    panel.topic_edit.setFocus()
    QTest.keyClicks(panel.topic_edit, "csto")  # a prefix completes inline to the codebook's topic
    assert panel.topic_edit.text().casefold() == "csto membership"
    assert recorder.edits == []
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return)
    # Leaving the field fires editingFinished again: the same change must not be emitted twice.
    panel.stance_combo.setFocus()
    QTest.qWait(10)
    new = apply_single(recorder, annotations)
    assert new.claim is not None and new.claim.topic == "CSTO membership"

    show("s3")
    assert panel.topic_edit.text() == "CSTO membership"
    panel.topic_edit.setFocus()
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return)
    assert recorder.edits == []  # unchanged: nothing to do

    # A topic not in the codebook is asked for (created on first use by the window), not set as free text.
    panel.topic_edit.selectAll()
    QTest.keyClicks(panel.topic_edit, "Sanctions")
    QTest.keyClick(panel.topic_edit, Qt.Key.Key_Return)
    assert requested == [("s3", "Sanctions")] and recorder.edits == []


def test_clearing_the_claimant_emits_an_edit_without_it(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s3")
    click(panel.claimant_row.clear)
    new = apply_single(recorder, annotations)
    assert new.claim is not None and new.claim.claimant is None
    assert new.claim.target == ActorRef(actor_id="a3")

    show("s3")
    assert "none" in panel.claimant_row.label.text()
    assert not panel.claimant_row.clear.isEnabled()
    assert annotations.get("s3").claim.claimant is None  # type: ignore[union-attr]

    click(panel.date_row.clear)
    assert apply_single(recorder, annotations).claim.date_span_id is None  # type: ignore[union-attr]


def test_form_and_note(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s3")
    panel.form_combo.setFocus()
    QTest.keyClick(panel.form_combo, Qt.Key.Key_End)
    assert apply_single(recorder, annotations).claim.form is ClaimForm.PARAPHRASE  # type: ignore[union-attr]

    show("s3")
    panel.note_edit.setFocus()
    QTest.keyClicks(panel.note_edit, "check the Armenian original")
    assert recorder.edits == []
    panel.topic_edit.setFocus()  # the note is saved on leaving it
    QTest.qWait(10)
    new = apply_single(recorder, annotations)
    assert new.claim is not None and new.claim.note == "check the Armenian original"
    assert new.claim.form is ClaimForm.PARAPHRASE


# --- date spans ------------------------------------------------------------------
def test_date_value_is_validated_before_any_edit(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s2")
    assert panel.date_page.isVisible() and not panel.claim_page.isVisible()
    assert "no value" in panel.resolved_label.text()

    panel.value_edit.setFocus()
    QTest.keyClicks(panel.value_edit, "2024-13-01")
    QTest.keyClick(panel.value_edit, Qt.Key.Key_Return)
    assert recorder.edits == []
    assert panel.date_message.isVisible()
    assert panel.date_message.text() == validate_timex("DATE", "2024-13-01", None)
    assert "#b91c1c" in panel.date_message.styleSheet()

    panel.value_edit.selectAll()
    QTest.keyClicks(panel.value_edit, "2024-02")
    QTest.keyClick(panel.value_edit, Qt.Key.Key_Return)
    new = apply_single(recorder, annotations)
    assert new.timex == TimexValue(type="DATE", value="2024-02")
    assert not panel.date_message.isVisible()

    show("s2")
    assert panel.value_edit.text() == "2024-02"
    assert "2024-02 · DATE" in panel.resolved_label.text()


def test_renormalise_reads_the_value_from_the_text_and_the_article_date(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    show = shower(panel, annotations, registry)
    show("s2")
    click(panel.renormalise_button)
    new = apply_single(recorder, annotations)
    assert new.timex == TimexValue(type="DATE", value="2024-02-23")
    show("s2")
    assert "2024-02-23 · DATE" in panel.resolved_label.text()
    # The claim's date row now shows the value too.
    show("s3")
    assert "2024-02-23" in panel.date_row.label.text()


def test_renormalise_says_so_when_the_text_is_not_a_date(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    # A date span over a word that is no date expression.
    annotations.add(_span(annotations, "s9", "leave", "date"))
    shower(panel, annotations, registry)("s9")
    click(panel.renormalise_button)
    assert recorder.edits == []
    assert panel.date_message.isVisible() and "does not read as a date" in panel.date_message.text()


def test_showing_spans_never_emits(panel, annotations, registry) -> None:  # noqa: ANN001
    recorder = Recorder(panel)
    annotations.replace(
        annotations.get("s3").model_copy(  # type: ignore[union-attr]
            update={"claim": ClaimAttributes(stance=Stance.NEUTRAL, topic="CSTO", form=ClaimForm.DIRECT_QUOTE, note="n")}
        )
    )
    annotations.replace(annotations.get("s2").model_copy(update={"timex": TimexValue(type="DATE", value="2024-02-23", mod="START")}))  # type: ignore[union-attr]
    show = shower(panel, annotations, registry)
    for span_id in ("s3", "s2", "s1", "s4", "s3", "s2"):
        show(span_id)
    assert panel.stance_combo.currentText() == "neutral" and panel.form_combo.currentText() == "direct quote"
    assert panel.mod_combo.currentText() == "START"
    panel.show_span(None, None, SCHEME, registry, None)
    assert panel.hint.isVisible() and not panel.header.isVisible()
    assert panel.hint.text() == "Select a span to see its details"
    assert recorder.total() == 0


# --- checker panel ---------------------------------------------------------------
def test_checker_panel_lists_findings_and_activates_them(qtbot, qtmodeltester, annotations, registry) -> None:  # noqa: ANN001
    checker = CheckerPanel()
    qtbot.addWidget(checker)
    checker.resize(380, 300)
    checker.show()
    qtbot.waitExposed(checker)
    assert checker.header.text() == "All claims are linked"

    findings = check_spans(annotations.spans(), SCHEME, registry)
    assert findings  # s4 is unlinked, s2 has no value
    checker.show_findings(findings)
    count = len(findings)
    assert checker.header.text() == f"{count} {'thing' if count == 1 else 'things'} to check"
    assert [checker.row_text(i) for i in range(checker.model.rowCount())] == [f.message for f in findings]
    qtmodeltester.check(checker.model)

    activated: list[str] = []
    checker.finding_activated.connect(activated.append)
    last = checker.model.index(count - 1, 0)
    QTest.mouseClick(checker.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, checker.list.visualRect(last).center())
    assert activated == [findings[-1].span_id]

    checker.list.setFocus()
    checker.list.setCurrentIndex(checker.model.index(0, 0))
    QTest.keyClick(checker.list, Qt.Key.Key_Return)
    assert activated == [findings[-1].span_id, findings[0].span_id]

    checker.show_findings([Finding("s1", "one thing")])
    assert checker.header.text() == "1 thing to check"


def test_checker_panel_lists_the_first_findings_and_counts_the_rest(qtbot, qtmodeltester) -> None:  # noqa: ANN001
    from annotator.gui.checker_panel import MAX_SHOWN

    checker = CheckerPanel()
    qtbot.addWidget(checker)
    many = [Finding(f"s{i}", f"finding {i}") for i in range(MAX_SHOWN + 5)]
    checker.show_findings(many)
    qtmodeltester.check(checker.model)
    assert checker.model.rowCount() == MAX_SHOWN + 1
    assert checker.row_text(MAX_SHOWN - 1) == f"finding {MAX_SHOWN - 1}"
    assert checker.row_text(MAX_SHOWN) == "… and 5 more"
    assert not checker.model.flags(checker.model.index(MAX_SHOWN, 0)) & Qt.ItemFlag.ItemIsSelectable
    checker.show_findings([*many, Finding("s999", "one more past the listed ones")])
    assert checker.row_text(MAX_SHOWN) == "… and 6 more"
    assert checker.header.text() == f"{MAX_SHOWN + 6} things to check"


def test_the_panel_keeps_one_size_whatever_span_it_shows(panel: SpanDetailsPanel, annotations: AnnotationSet, registry: ActorRegistry) -> None:
    """Its size hints never change with the span shown (another span's details never lay the
    window out again: tests/gui/test_edit_repaint.py), and they hold the largest page whole."""
    show = shower(panel, annotations, registry)
    hints = []
    for span_id in ("s1", "s2", "s3", "s4"):
        show(span_id)
        QApplication.processEvents()
        hints.append((panel.sizeHint(), panel.minimumSizeHint()))
    panel.show_span(None, annotations, SCHEME, registry, DCT)
    QApplication.processEvents()
    hints.append((panel.sizeHint(), panel.minimumSizeHint()))
    assert all(hint == hints[0] for hint in hints)
    pages = (panel.actor_page, panel.claim_page, panel.date_page)
    assert hints[0][1].height() >= max(page.minimumSizeHint().height() for page in pages) + 3 * panel.header.fontMetrics().lineSpacing()
    assert hints[0][1].width() >= max(page.minimumSizeHint().width() for page in pages)
