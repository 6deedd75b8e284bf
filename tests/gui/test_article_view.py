"""The article view on hard texts: one huge paragraph, and Unicode that Qt counts differently."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.annotations import AnnotationSet
from annotator.core.model import Document, LabelScheme
from annotator.core.storage import FolderProject
from annotator.gui.models import DocumentListModel, SpanTableModel
from annotator.gui.text_view import ArticleView
from tests.gui.conftest import drag_select, select_with_keyboard
from tests.gui.test_tagging_flow import annotation_file

WORDS = "Armenia Russia bloc minister said Friday talks security Moscow Yerevan peace treaty agreement".split()


def one_paragraph(length: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length]


def shown_view(qtbot, width: int, height: int) -> ArticleView:  # noqa: ANN001
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_scheme(LabelScheme.default())
    view.resize(width, height)
    view.show()
    return view


def test_single_200k_paragraph_with_5000_spans_paints_only_what_is_visible(qtbot) -> None:  # noqa: ANN001
    text = one_paragraph(200_000)
    document = Document.create("long", text)
    annotations = AnnotationSet(document)
    rng = random.Random(3)
    labels = ["actor", "claim", "date"]
    starts = sorted(rng.sample(range(0, len(text) - 200), 5000))
    for start in starts:
        annotations.add(annotations.make_span(start, start + rng.randint(3, 120), rng.choice(labels)))
    view = shown_view(qtbot, 900, 700)
    view.show_annotations(annotations)
    assert view.document().blockCount() == 1
    pieces = view._visible_pieces()
    visible_spans = {span.id for _rect, span, _track in pieces}
    assert 0 < len(visible_spans) < 400  # a screenful, not all 5,000
    assert all(0 <= rect.top() <= view.viewport().height() for rect, _span, _track in pieces)

    # Scroll to the end: the spans there are painted, and an edit there shows up.
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    tail = {span.id for _rect, span, _track in view._visible_pieces()}
    assert tail and not tail & visible_spans
    last = annotations.make_span(len(text) - 10, len(text), "date")
    annotations.add(last)
    assert last.id in {span.id for _rect, span, _track in view._visible_pieces()}
    view.viewport().repaint()


UNICODE_ARTICLE = (
    "Headline 🇦🇲 with flags\r\n"
    "\r\n"
    "The family 👩\u200d👩\u200d👧 met Rene\u0301e Dupont in Yerevan.\r\n"
    "The\u00a0Prime\u00a0Minister said: «שלום עליכם» to the press.\u2028"
    "Then 😀 Nikol Pashinyan left.\r\n"
)


def unicode_project(tmp_path: Path) -> Path:
    root = tmp_path / "unicode"
    with FolderProject.create(root, "unicode") as project:
        # Added as stored text (CRLF kept), so the view must cope with it directly.
        project.add_documents([Document.create("unicode", UNICODE_ARTICLE)])
    return root


def test_spans_selected_in_the_gui_save_exactly_the_characters_shown(open_window, tmp_path: Path) -> None:  # noqa: ANN001
    root = unicode_project(tmp_path)
    window = open_window(root)
    view = window.view
    text = UNICODE_ARTICLE
    cases = [
        ("Rene\u0301e Dupont", "actor", "mouse"),
        ("The\u00a0Prime\u00a0Minister", "actor", "keys"),
        ("שלום עליכם", "claim", "keys"),
        ("Nikol Pashinyan", "actor", "mouse"),
        ("👩\u200d👩\u200d👧", "actor", "keys"),
        ("Headline 🇦🇲 with flags", "claim", "mouse"),
    ]
    for needle, label, how in cases:
        start = text.index(needle)
        (drag_select if how == "mouse" else select_with_keyboard)(view, start, start + len(needle))
        shown = view.textCursor().selectedText().replace("\u2029", "\n")
        window.span_editor.apply_label(label)
        span = next(s for s in window.session.annotations.spans() if s.start == start)
        assert span.text == needle == text[span.start : span.end]
        assert shown == needle  # Qt showed exactly what we stored
    window.close()
    saved = {s.text for s in annotation_file(root, "unicode").spans}
    assert saved == {needle for needle, _label, _how in cases}


def test_selection_across_a_crlf_line_end_keeps_both_characters(open_window, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(unicode_project(tmp_path))
    window.snap_action.trigger()  # exact selections
    start = UNICODE_ARTICLE.index("Yerevan.")
    end = UNICODE_ARTICLE.index("The\u00a0Prime") + 3
    select_with_keyboard(window.view, start, end)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    [span] = window.session.annotations.spans()
    assert span.text == "Yerevan.\r\nThe"


def test_item_models_pass_the_model_tester(qtmodeltester, seed_project: Path) -> None:  # noqa: ANN001
    with FolderProject.open(seed_project) as project:
        qtmodeltester.check(DocumentListModel(project))
        document = project.load_document(project.documents()[0].id)
    annotations = AnnotationSet(document)
    model = SpanTableModel(LabelScheme.default())
    model.set_annotations(annotations)
    for start, end, label in ((0, 7, "actor"), (0, 20, "claim"), (9, 15, "date")):
        annotations.add(annotations.make_span(start, end, label))
    annotations.remove("s2")
    qtmodeltester.check(model)
    assert [model.span_at(row).id for row in range(model.rowCount())] == [s.id for s in annotations.spans()]


def test_span_rectangles_cover_exactly_the_visible_lines_each_range_touches(qtbot) -> None:  # noqa: ANN001
    """The line table (text_view._LineTable) finds a range's lines by bisection; checked against
    asking Qt about every visible line, on wrapped paragraphs and ranges over line and block ends."""
    from PySide6.QtCore import QRectF

    from annotator.gui.text_view import _LineTable

    text = "\n".join(one_paragraph(900, seed) for seed in range(6))
    view = shown_view(qtbot, 500, 400)
    qtbot.waitExposed(view)
    view.show_annotations(AnnotationSet(Document.create("wrapped", text)))
    lines = view._visible_lines()
    assert len(lines) > 1 and any(last > first for _block, first, last, _top in lines)  # several blocks, wrapped

    def every_line(a: int, b: int) -> list[QRectF]:
        rects = []
        for block, first, last, top in lines:
            base, layout = block.position(), block.layout()
            for index in range(first, last + 1):
                line = layout.lineAt(index)
                line_start = base + line.textStart()
                line_end = line_start + line.textLength()
                if b <= line_start or a >= line_end:
                    continue
                x1, x2 = sorted((line.cursorToX(max(a, line_start) - base)[0], line.cursorToX(min(b, line_end) - base)[0]))
                rects.append(QRectF(7 + x1, top + line.y(), max(x2 - x1, 2.0), line.height()))
        return rects

    table = _LineTable(lines)
    end = lines[-1][0].position() + lines[-1][0].length()
    rng = random.Random(11)
    for _ in range(300):
        a = rng.randrange(0, end)
        b = rng.randrange(a + 1, min(end, a + 700) + 1)
        assert table.rects(7, a, b) == every_line(a, b)


def test_the_suggestion_under_a_click_is_the_shortest_holding_it_as_a_scan_of_all_would_find(qtbot) -> None:  # noqa: ANN001
    """suggestion_at looks only at the suggestions that can reach the offset (bisection); checked
    against the plain scan over every suggestion, with nested, equal and long ones."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    view = shown_view(qtbot, 400, 300)
    view.show_annotations(AnnotationSet(Document.create("s", "x" * 400)))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 380), st.integers(1, 60)), max_size=40), st.integers(0, 399))
    def check(extents: list[tuple[int, int]], offset: int) -> None:
        suggestions = sorted((start, start + length, "claim") for start, length in extents)
        view.set_suggestions(suggestions, None)
        held = [(end - start, index) for index, (start, end, _label) in enumerate(suggestions) if start <= offset < end]
        assert view.suggestion_at(offset) == (min(held)[1] if held else None)

    check()
