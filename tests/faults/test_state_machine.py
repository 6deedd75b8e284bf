"""R6: random edit / undo / redo / save / reload sequences over hostile Unicode never drift.

The machine keeps its own record of what every span should be (``self.model``)
and its own undo and redo stacks of applied edits (undo applies ``inverse()``),
and checks the ``AnnotationSet`` and the file on disk against that record.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from annotator.core.annotations import AnnotationSet
from annotator.core.articles import read_article
from annotator.core.edits import AddSpan, RemoveSpan, SetStatus, relabel, resize
from annotator.core.model import Document, DocumentStatus
from annotator.core.storage import Fingerprint, FolderProject
from annotator.gui.text_mapping import TextMapping

ANNOTATOR = "tester"
FRAGMENTS = [
    "word ", "Armenia ", "a", "\n", "\n\n", "\r\n", "\r", "\r\r\n", "\u2028", "\u2029", "\u00a0", "\ufdd0", "\ufdd1", "\x85", "\x0b", "\x0c", "\t",
    "👩‍👩‍👧‍👦", "🇦🇲", "👍🏽", "😀", "e\u0301", "x\u0308\u0301", "ﷺ", "שלום ", "مرحبا بالعالم ", "\u200f", "\u202e", "\u200d", "\ufeff", "𝔘𝔫𝔦",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=3), min_size=1, max_size=40).map("".join)
Model = dict[str, tuple[int, int, str]]


class AnnotationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-fault-sm-"))
        self.project: FolderProject | None = None

    @initialize(text=TEXTS)
    def open_project(self, text: str) -> None:
        self.project = FolderProject.create(self.folder / "project", annotator=ANNOTATOR)
        self.document = Document.create("doc", text)
        self.project.add_documents([self.document])
        # The document as stored is the one offsets refer to.
        self.document = self.project.load_document("doc")
        assert self.document.text == text
        self.labels = self.project.scheme.names()
        self.annotations = AnnotationSet(self.document)
        self.fingerprint = Fingerprint(None)
        self.model: Model = {}
        self.status = DocumentStatus.NEW
        self.undo_stack: list[tuple[object, Model, DocumentStatus]] = []
        self.redo_stack: list[tuple[object, Model, DocumentStatus]] = []
        self.saved: tuple[Model, DocumentStatus] | None = None

    def teardown(self) -> None:
        if self.project is not None:
            self.project.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- edits ------------------------------------------------------------------
    def _do(self, edit: object, model: Model, status: DocumentStatus | None = None) -> None:
        edit.apply(self.annotations)  # type: ignore[attr-defined]
        self.undo_stack.append((edit, self.model, self.status))
        self.redo_stack.clear()
        self.model = model
        self.status = self.status if status is None else status

    def _range(self, data: st.DataObject) -> tuple[int, int]:
        length = len(self.document.text)
        start = data.draw(st.integers(0, length - 1), label="start")
        end = data.draw(st.integers(start + 1, min(length, start + 12)), label="end")
        return start, end

    def _pick(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(sorted(self.model)), label="span")

    @rule(data=st.data())
    def add(self, data: st.DataObject) -> None:
        start, end = self._range(data)
        label = data.draw(st.sampled_from(self.labels), label="label")
        span = self.annotations.make_span(start, end, label)
        assert span.id not in self.model
        self._do(AddSpan(span=span), {**self.model, span.id: (start, end, label)})

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        span_id = self._pick(data)
        model = dict(self.model)
        del model[span_id]
        self._do(RemoveSpan(span=self.annotations.get(span_id)), model)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def relabel(self, data: st.DataObject) -> None:
        span_id = self._pick(data)
        label = data.draw(st.sampled_from(self.labels), label="label")
        start, end, _ = self.model[span_id]
        self._do(relabel(self.annotations.get(span_id), label), {**self.model, span_id: (start, end, label)})

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def resize(self, data: st.DataObject) -> None:
        span_id = self._pick(data)
        start, end = self._range(data)
        label = self.model[span_id][2]
        self._do(resize(self.annotations, self.annotations.get(span_id), start, end), {**self.model, span_id: (start, end, label)})

    @rule(status=st.sampled_from(list(DocumentStatus)))
    def set_status(self, status: DocumentStatus) -> None:
        self._do(SetStatus(old=self.status, new=status), dict(self.model), status)

    @precondition(lambda self: self.undo_stack)
    @rule()
    def undo(self) -> None:
        edit, model, status = self.undo_stack.pop()
        edit.inverse().apply(self.annotations)  # type: ignore[attr-defined]
        self.redo_stack.append((edit, self.model, self.status))
        self.model, self.status = model, status

    @precondition(lambda self: self.redo_stack)
    @rule()
    def redo(self) -> None:
        edit, model, status = self.redo_stack.pop()
        edit.apply(self.annotations)  # type: ignore[attr-defined]
        self.undo_stack.append((edit, self.model, self.status))
        self.model, self.status = model, status

    # --- disk -------------------------------------------------------------------
    @rule()
    def save(self) -> None:
        snapshot = self.annotations.snapshot(ANNOTATOR)
        self.fingerprint = self.project.save_annotations(snapshot, self.fingerprint)
        self.saved = (dict(self.model), DocumentStatus.IN_PROGRESS if self.status is DocumentStatus.NEW else self.status)
        # Save-then-load is the identity, and the fingerprint is the file's.
        loaded = self.project.load_annotations(self.document)
        assert loaded.fingerprint == self.fingerprint
        assert loaded.annotation_file is not None
        assert set(loaded.annotation_file.spans) == set(snapshot.spans)
        assert loaded.annotation_file.model_copy(update={"spans": ()}) == snapshot.model_copy(update={"spans": ()})
        assert _as_model(AnnotationSet.from_file(self.document, loaded.annotation_file)) == self.model

    @rule()
    def reload(self) -> None:
        """Open the document afresh from disk, as after a restart; unsaved edits are dropped."""
        loaded = self.project.load_annotations(self.document)
        assert loaded.fingerprint == self.fingerprint
        fresh = AnnotationSet.from_file(self.document, loaded.annotation_file)
        if self.saved is None:
            assert loaded.annotation_file is None and len(fresh) == 0
            model, status = {}, DocumentStatus.NEW
        else:
            model, status = self.saved
            assert fresh.status is status
        assert _as_model(fresh) == model
        if (model, status) != (self.model, self.status):
            # The undo history described the dropped edits: it goes with them.
            self.undo_stack.clear()
            self.redo_stack.clear()
        self.annotations, self.model, self.status = fresh, dict(model), status

    # --- invariants ---------------------------------------------------------------
    @invariant()
    def spans_match_text_and_record(self) -> None:
        if self.project is None:
            return
        text = self.document.text
        for span in self.annotations.spans():
            assert 0 <= span.start < span.end <= len(text)
            assert span.text == text[span.start : span.end]
        assert _as_model(self.annotations) == self.model
        assert self.annotations.status is self.status
        # The interval index agrees with the spans.
        assert self.annotations.overlapping(0, len(text)) == self.annotations.spans()
        for span in self.annotations.spans():
            assert span in self.annotations.at(span.start)


def _as_model(annotations: AnnotationSet) -> Model:
    return {span.id: (span.start, span.end, span.label) for span in annotations.spans()}


TestAnnotationMachine = AnnotationMachine.TestCase
TestAnnotationMachine.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


# --- text mapping -------------------------------------------------------------------------------


def _check_mapping(text: str) -> None:
    mapping = TextMapping(text)
    assert len(mapping.display_text.encode("utf-16-le")) // 2 == mapping.qt_length
    assert mapping.to_qt(0) == 0 and mapping.to_qt(len(text)) == mapping.qt_length
    previous = -1
    for offset in range(len(text) + 1):
        position = mapping.to_qt(offset)
        assert position >= previous
        previous = position
        inside_crlf = 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"
        # The boundary between CR and LF has no Qt position of its own: it maps to the CR.
        assert mapping.from_qt(position) == (offset - 1 if inside_crlf else offset), (offset, position)
    start, end = mapping.range_from_qt(mapping.qt_length, 0)
    assert (start, end) == (0, len(text))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_text_mapping_round_trips_every_boundary(text: str) -> None:
    _check_mapping(text)


@pytest.mark.parametrize("text", ["", "plain", "\r\n", "a\r\nb\rc\u2028d", "👩‍👩‍👧‍👦\r\n\ufdd0 שלום", "\r" * 5 + "\n" * 5, "😀" * 50])
def test_text_mapping_examples(text: str) -> None:
    _check_mapping(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_qt_counts_display_text_as_the_mapping_does(qapp: object, text: str) -> None:
    """Qt's own positions: the document is qt_length long and every line starts where to_qt says."""
    # A leading U+FEFF / U+FFFE is the known bug of test_leading_byte_order_mark_keeps_qt_positions.
    _check_against_qt(text)


def _check_against_qt(text: str) -> None:
    from PySide6.QtGui import QTextDocument

    mapping = TextMapping(text)
    document = QTextDocument()
    document.setPlainText(mapping.display_text)
    assert document.characterCount() == mapping.qt_length + 1  # + the final paragraph separator
    # Where each line starts in the stored text, by the break rules the mapping documents.
    line_starts = [0] + [match.end() for match in re.finditer("\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]", text)]
    block = document.begin()
    for start in line_starts:
        assert block.isValid(), (text, start)
        assert block.position() == mapping.to_qt(start), (text, start)
        block = block.next()
    assert not block.isValid()


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b"\xef\xbf\xbe"], ids=["double-bom", "bom-ffe"])
def test_leading_byte_order_mark_keeps_qt_positions(qapp: object, prefix: bytes, tmp_path: Path) -> None:
    # Reachable from import: a UTF-8 file whose BOM was written twice keeps one U+FEFF in its text.
    path = tmp_path / "article.txt"
    path.write_bytes(b"\xef\xbb\xbf" + prefix + "Putin met Pashinyan\nin Moscow\n".encode())
    text = read_article(path, "bom").document.text
    assert text[0] in "\ufeff\ufffe"
    _check_against_qt(text)
