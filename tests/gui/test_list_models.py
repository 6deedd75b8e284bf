"""The span and document lists: filled and sorted by their own models, changed row by row.

A 5,000-span article fills the span list with 5,000 rows; each column sorts
against Python's ``sorted``; an edit changes one row (no reset); the sort column
stays across edits and document switches. The document filter works in the
model and keeps the selection of rows it still shows.
"""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest

from annotator.core.annotations import AnnotationSet
from annotator.core.model import AnnotationFile, Document, DocumentStatus, LabelScheme, Span
from annotator.core.storage import FolderProject
from annotator.gui.main_window import MainWindow
from annotator.gui.models import DocumentListModel, SpanTableModel

WORDS = "Armenia Russia bloc minister said Friday talks security Moscow Yerevan peace treaty agreement".split()
LABELS = ("actor", "claim", "date")


def article_with_spans(span_count: int, seed: int = 11) -> tuple[str, list[Span]]:
    """Word-aligned spans, a fifth of them nested in or overlapping another."""
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(span_count * 3)]
    text = " ".join(words)
    starts, position = [], 0
    for word in words:
        starts.append((position, position + len(word)))
        position += len(word) + 1
    spans: list[Span] = []
    for number in range(span_count):
        if number % 5 == 4:  # around or inside the previous one
            a = max(0, (number - 1) * 3 - rng.randint(0, 1))
            b = min(len(words) - 1, a + rng.randint(0, 3))
        else:
            a = number * 3
            b = a + rng.randint(0, 1)
        start, end = starts[a][0], starts[b][1]
        spans.append(Span(id=f"s{number + 1}", start=start, end=end, label=rng.choice(LABELS), text=text[start:end]))
    return text, spans


def two_document_project(root: Path, span_count: int) -> None:
    text, spans = article_with_spans(span_count)
    with FolderProject.create(root, "lists") as project:
        big = Document.create("big", text)
        small = Document.create("small", "Armenia said on Friday that talks go on.")
        project.add_documents([big, small])
        ordered = tuple(sorted(spans, key=Span.sort_key))
        project.save_annotations(
            AnnotationFile(document_id="big", annotator=project.annotator, text_sha256=big.text_sha256, status=DocumentStatus.IN_PROGRESS, spans=ordered),
            project.load_annotations(big).fingerprint,
        )


def column_values(model: SpanTableModel, column: int) -> list[object]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_a_5000_span_article_fills_the_list_and_sorts_by_each_column(open_window, tmp_path: Path, qtmodeltester) -> None:  # noqa: ANN001
    root = tmp_path / "lists"
    two_document_project(root, 5000)
    window: MainWindow = open_window(root)
    window.document_table.selectRow(window.document_model.row_of("big"))
    assert window.session.document.id == "big"
    model = window.span_model
    assert window.span_table.model() is model  # no proxy in between
    assert model.rowCount() == 5000
    spans = window.session.annotations.spans()
    # Unsorted: the annotation set's own order.
    assert [model.span_at(row).id for row in range(model.rowCount())] == [span.id for span in spans]
    header = window.span_table.horizontalHeader()
    for column in range(model.columnCount()):
        expected = column_values(model, column)
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            window.span_table.sortByColumn(column, order)
            assert header.sortIndicatorSection() == column
            shown = column_values(model, column)
            assert shown == sorted(expected, reverse=order == Qt.SortOrder.DescendingOrder), (column, order)
            assert sorted(model.span_at(row).id for row in range(model.rowCount())) == sorted(span.id for span in spans)
            assert all(model.row_of(model.span_at(row).id) == row for row in range(0, 5000, 97))
    qtmodeltester.check(model)


def test_a_header_click_sorts_and_the_order_survives_edits_and_switches(open_window, tmp_path: Path, qtmodeltester) -> None:  # noqa: ANN001
    root = tmp_path / "lists"
    two_document_project(root, 300)
    window: MainWindow = open_window(root)
    window.document_table.selectRow(window.document_model.row_of("big"))
    model = window.span_model
    header = window.span_table.horizontalHeader()
    label_x = header.sectionViewportPosition(0) + 5
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(label_x, 5))
    assert model.sort_column == 0
    first_order = model.sort_order
    labels = column_values(model, 0)
    assert labels == sorted(labels, reverse=first_order == Qt.SortOrder.DescendingOrder)
    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    # Tag a new date: one row inserted where the label order puts it, no reset.
    text = window.session.document.text
    start = text.index("Friday")
    window.view.select_offsets(start, start + len("Friday"))
    window.span_editor.apply_label("date")
    assert resets == [] and len(inserted) == 1
    labels = column_values(model, 0)
    assert labels == sorted(labels, reverse=first_order == Qt.SortOrder.DescendingOrder)
    new_id = window.view.selected_span
    assert model.span_at(inserted[0][0]).id == new_id == model.span_at(model.row_of(new_id)).id
    # Relabel it: the row moves, the order holds.
    window.span_editor.apply_label("actor")
    labels = column_values(model, 0)
    assert labels == sorted(labels, reverse=first_order == Qt.SortOrder.DescendingOrder)
    assert model.span_at(model.row_of(new_id)).label == "actor"
    qtmodeltester.check(model)
    # Another document and back: still sorted by the column the user chose.
    window.document_table.selectRow(window.document_model.row_of("small"))
    window.document_table.selectRow(window.document_model.row_of("big"))
    assert (model.sort_column, model.sort_order) == (0, first_order)
    assert header.sortIndicatorSection() == 0
    labels = column_values(model, 0)
    assert labels == sorted(labels, reverse=first_order == Qt.SortOrder.DescendingOrder)
    assert resets == [1, 1]  # one per switch, none per edit


def test_span_model_in_each_order_follows_adds_removes_and_changes(qtmodeltester) -> None:  # noqa: ANN001
    text, spans = article_with_spans(60, seed=5)
    annotations = AnnotationSet(Document.create("d", text), spans)

    def describe(span: Span) -> str:
        return f"{len(span.text) % 4} {span.label}"

    model = SpanTableModel(LabelScheme.default(), describe=describe)
    model.set_annotations(annotations)
    rng = random.Random(2)
    for column in (-1, 0, 1, 2, 3, 4):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            for _ in range(15):
                choice = rng.random()
                present = annotations.spans()
                if choice < 0.4:
                    start = rng.randrange(0, len(text) - 10)
                    annotations.add(annotations.make_span(start, start + rng.randint(1, 9), rng.choice(LABELS)))
                elif choice < 0.7:
                    annotations.remove(rng.choice(present).id)
                else:
                    span = rng.choice(present)
                    annotations.replace(span.model_copy(update={"label": rng.choice([name for name in LABELS if name != span.label])}))
            shown = [model.span_at(row) for row in range(model.rowCount())]
            assert {span.id for span in shown} == {span.id for span in annotations.spans()}
            if column >= 0:
                values = [(span.label, " ".join(span.text.split()), describe(span), span.start, span.end)[column] for span in shown]
                assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder), (column, order)
            else:
                assert shown == annotations.spans()[:: -1 if order == Qt.SortOrder.DescendingOrder else 1]
            assert all(model.row_of(span.id) == row for row, span in enumerate(shown))
    qtmodeltester.check(model)


def many_documents(root: Path, count: int) -> None:
    with FolderProject.create(root, "many") as project:
        project.add_documents(Document.create(f"d{i:04}", f"Report {i}: {'Armenia' if i % 3 else 'Georgia'} said talks go on.\n") for i in range(count))


def test_document_filter_filters_in_the_model_and_keeps_the_selection(open_window, tmp_path: Path, qtmodeltester) -> None:  # noqa: ANN001
    root = tmp_path / "many"
    many_documents(root, 300)
    window: MainWindow = open_window(root)
    model = window.document_model
    assert window.document_table.model() is model
    window.document_table.selectRow(model.row_of("d0003"))  # a Georgia report
    assert window.session.document.id == "d0003"
    window.document_filter.setFocus()
    QTest.keyClicks(window.document_filter, "GEOR")
    titles = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert titles and all("Georgia" in title for title in titles)
    assert len(titles) == 100 and model.total() == 300
    # The open document is still the selected row, and still open.
    assert window.document_table.currentIndex().data() == window.session.document.title
    assert window.session.document.id == "d0003"
    qtmodeltester.check(model)
    QTest.keyClick(window.document_filter, Qt.Key.Key_Backspace)
    assert model.rowCount() == 100  # "geo" still only Georgia
    window.document_filter.clear()
    assert model.rowCount() == 300
    assert window.document_table.currentIndex().row() == model.row_of("d0003")
    QTest.keyClicks(window.document_filter, "new")  # the status column is searched too
    assert model.rowCount() == 300
    QTest.keyClicks(window.document_filter, "zz")
    assert model.rowCount() == 0 and not window.document_table.currentIndex().isValid()
    window.document_filter.clear()
    assert model.rowCount() == 300


def test_document_model_filter_passes_the_model_tester(qtmodeltester, tmp_path: Path) -> None:  # noqa: ANN001
    root = tmp_path / "many"
    many_documents(root, 30)
    with FolderProject.open(root) as project:
        model = DocumentListModel(project)
        qtmodeltester.check(model)
        model.set_filter("Report 1")
        assert [model.document_id(row) for row in range(model.rowCount())] == ["d0001", *(f"d{i:04}" for i in range(10, 20))]
        assert model.row_of("d0002") == -1 and model.row_of("d0012") == 3
        qtmodeltester.check(model)
        model.set_filter("report 1")  # case-insensitive, same result
        assert model.rowCount() == 11
        model.set_filter("")
        assert model.rowCount() == 30
        assert model.index(0, 0, QModelIndex()).data() == "Report 0: Georgia said talks go on."
