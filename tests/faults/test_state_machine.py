"""R6: random edit / undo / redo / save / reload sequences over hostile Unicode never drift.

The machine keeps its own record of what every span should be (``self.model``:
offsets, label and every attribute and link) and its own undo and redo stacks of
applied edits (undo applies ``inverse()``), and checks the ``AnnotationSet`` and
the file on disk against that record. After every edit, every span the edit did
not target is unchanged, and no link points at a missing span or one of the
wrong kind.
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
from annotator.core.edits import AddSpan, SetStatus, date_value, relabel_with_links, remove_with_links, resize, update_span
from annotator.core.model import (
    Actor,
    ActorRef,
    AnnotationFile,
    ClaimAttributes,
    ClaimForm,
    Document,
    DocumentStatus,
    LabelKind,
    Span,
    Stance,
    TimexValue,
    link_problems,
)
from annotator.core.storage import Fingerprint, FolderProject
from annotator.gui.text_mapping import TextMapping

ANNOTATOR = "tester"
FRAGMENTS = [
    "word ", "Armenia ", "a", "\n", "\n\n", "\r\n", "\r", "\r\r\n", "\u2028", "\u2029", "\u00a0", "\ufdd0", "\ufdd1", "\x85", "\x0b", "\x0c", "\t",
    "👩‍👩‍👧‍👦", "🇦🇲", "👍🏽", "😀", "e\u0301", "x\u0308\u0301", "ﷺ", "שלום ", "مرحبا بالعالم ", "\u200f", "\u202e", "\u200d", "\ufeff", "𝔘𝔫𝔦",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=3), min_size=1, max_size=40).map("".join)
Model = dict[str, Span]
TIMEXES = [TimexValue(type="DATE", value="2024-02-23"), TimexValue(type="DURATION", value="P2Y"), TimexValue(type="DATE", value="2023", mod="END")]


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
        # Mentions and claims link to these registry actors: saving checks that they exist.
        self.project.save_registry([Actor(id=f"a{i}", name=f"Actor {i}") for i in (1, 2, 3)])
        # The document as stored is the one offsets refer to.
        self.document = self.project.load_document("doc")
        assert self.document.text == text
        self.scheme = self.project.scheme
        self.labels = self.scheme.names()
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
    def _do(self, edit: object, model: Model, status: DocumentStatus | None = None, targets: set[str] | frozenset[str] = frozenset()) -> None:
        before = {span.id: span for span in self.annotations.spans()}
        edit.apply(self.annotations)  # type: ignore[attr-defined]
        # What the edit did not target is exactly as it was, every attribute and link included.
        for span in self.annotations.spans():
            if span.id not in targets:
                assert before.get(span.id) == span, (edit, span)
        assert set(before) - targets <= {span.id for span in self.annotations.spans()}
        self.undo_stack.append((edit, self.model, self.status))
        self.redo_stack.clear()
        self.model = model
        self.status = self.status if status is None else status

    def _kind(self, label: str) -> LabelKind:
        return self.scheme.kind_of(label)

    def _range(self, data: st.DataObject) -> tuple[int, int]:
        length = len(self.document.text)
        start = data.draw(st.integers(0, length - 1), label="start")
        end = data.draw(st.integers(start + 1, min(length, start + 12)), label="end")
        return start, end

    def _pick(self, data: st.DataObject, kind: LabelKind | None = None) -> str:
        ids = sorted(i for i, span in self.model.items() if kind is None or self._kind(span.label) is kind)
        return data.draw(st.sampled_from(ids), label=f"{kind.value if kind else 'any'} span")

    def _has(self, kind: LabelKind) -> bool:
        return any(self._kind(span.label) is kind for span in self.model.values())

    @rule(data=st.data())
    def add(self, data: st.DataObject) -> None:
        start, end = self._range(data)
        label = data.draw(st.sampled_from(self.labels), label="label")
        span = self.annotations.make_span(start, end, label)
        assert span.id not in self.model
        self._do(AddSpan(span=span), {**self.model, span.id: span}, targets={span.id})

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        span_id = self._pick(data)
        model = {}
        for other_id, other in self.model.items():
            if other_id == span_id:
                continue
            model[other_id] = _without_links_to(other, span_id, roles={"claimant", "target", "date_span_id"})
        targets = {span_id} | {i for i in model if model[i] != self.model[i]}
        self._do(remove_with_links(self.annotations, self.annotations.get(span_id)), model, targets=targets)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def relabel(self, data: st.DataObject) -> None:
        span_id = self._pick(data)
        label = data.draw(st.sampled_from(self.labels), label="label")
        old = self.model[span_id]
        kind = self._kind(label)
        expected = old.model_copy(
            update={
                "label": label,
                "actor_id": old.actor_id if kind is LabelKind.ACTOR else None,
                "claim": old.claim if kind is LabelKind.CLAIM else None,
                "timex": (old.timex or date_value(self.document, old.start, old.end)) if kind is LabelKind.DATE else None,
            }
        )
        model = {span_id: expected}
        roles = set() if kind is LabelKind.ACTOR else {"claimant", "target"}
        if kind is not LabelKind.DATE:
            roles.add("date_span_id")
        for other_id, other in self.model.items():
            if other_id != span_id:
                model[other_id] = _without_links_to(other, span_id, roles=roles)
        targets = {span_id} | {i for i in model if i != span_id and model[i] != self.model[i]}
        edit = relabel_with_links(self.annotations, self.annotations.get(span_id), label, self.scheme)
        dropped = any(getattr(old, f) is not None and getattr(expected, f) is None for f in ("actor_id", "claim", "timex"))
        assert ("drops its" in edit.describe()) == dropped, edit.describe()
        self._do(edit, {**self.model, **model}, targets=targets)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def resize(self, data: st.DataObject) -> None:
        span_id = self._pick(data)
        start, end = self._range(data)
        old = self.model[span_id]
        timex = old.timex
        if self._kind(old.label) is LabelKind.DATE:
            timex = date_value(self.document, start, end) or old.timex
        expected = old.model_copy(update={"start": start, "end": end, "text": self.document.text[start:end], "timex": timex})
        edit = resize(self.annotations, self.annotations.get(span_id), start, end, self.scheme)
        if (start, end) != (old.start, old.end):
            assert edit.describe().startswith(f"Resize {old.label}")
        self._do(edit, {**self.model, span_id: expected}, targets={span_id})

    @precondition(lambda self: self._has(LabelKind.ACTOR))
    @rule(data=st.data())
    def link_actor(self, data: st.DataObject) -> None:
        span_id = self._pick(data, LabelKind.ACTOR)
        actor_id = data.draw(st.sampled_from(["a1", "a2", None]), label="actor")
        expected = self.model[span_id].model_copy(update={"actor_id": actor_id})
        self._do(update_span(self.annotations.get(span_id), actor_id=actor_id), {**self.model, span_id: expected}, targets={span_id})

    @precondition(lambda self: self._has(LabelKind.CLAIM))
    @rule(data=st.data())
    def set_claim(self, data: st.DataObject) -> None:
        span_id = self._pick(data, LabelKind.CLAIM)
        old = self.model[span_id]
        attributes = old.claim or ClaimAttributes()
        field = data.draw(st.sampled_from(["claimant", "target", "date_span_id", "stance", "topic", "form", "note"]), label="field")
        if field in ("claimant", "target"):
            mentions = sorted(i for i, s in self.model.items() if self._kind(s.label) is LabelKind.ACTOR)
            ref = data.draw(st.sampled_from([*(ActorRef(span_id=i) for i in mentions), ActorRef(actor_id="a3"), None]), label="ref")
            value: object = ref
        elif field == "date_span_id":
            value = data.draw(st.sampled_from([*sorted(i for i, s in self.model.items() if self._kind(s.label) is LabelKind.DATE), None]), label="date")
        elif field == "stance":
            value = data.draw(st.sampled_from([*Stance, None]), label="stance")
        elif field == "form":
            value = data.draw(st.sampled_from([*ClaimForm, None]), label="form")
        else:
            value = data.draw(st.sampled_from(["", "CSTO membership", "👩‍👩‍👧‍👦 topic"]), label=field)
        changed = attributes.model_copy(update={field: value})
        expected = _valid(old, claim=changed)
        edit = update_span(self.annotations.get(span_id), claim=changed)
        if changed != attributes:
            assert edit.describe() != f"Resize {old.label} to “{old.text}”"
        self._do(edit, {**self.model, span_id: expected}, targets={span_id})

    @precondition(lambda self: self._has(LabelKind.DATE))
    @rule(data=st.data())
    def set_timex(self, data: st.DataObject) -> None:
        span_id = self._pick(data, LabelKind.DATE)
        timex = data.draw(st.sampled_from([*TIMEXES, None]), label="timex")
        expected = self.model[span_id].model_copy(update={"timex": timex})
        self._do(update_span(self.annotations.get(span_id), timex=timex), {**self.model, span_id: expected}, targets={span_id})

    @rule(status=st.sampled_from(list(DocumentStatus)))
    def set_status(self, status: DocumentStatus) -> None:
        self._do(SetStatus(old=self.status, new=status), dict(self.model), status, targets=set())

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
        # Links point at spans that exist and are of the right kind; attributes sit on the right kind.
        snapshot = AnnotationFile(document_id="doc", annotator=ANNOTATOR, text_sha256=self.document.text_sha256, spans=tuple(self.annotations.spans()))
        assert link_problems(snapshot, self.scheme) == []
        # The interval index agrees with the spans.
        assert self.annotations.overlapping(0, len(text)) == self.annotations.spans()
        for span in self.annotations.spans():
            assert span in self.annotations.at(span.start)


def _as_model(annotations: AnnotationSet) -> Model:
    return {span.id: span for span in annotations.spans()}


def _valid(span: Span, **changes: object) -> Span:
    """``span`` with ``changes``, validated as every edit validates (an empty claim is no claim)."""
    return Span.model_validate({**dict(span), **changes})


def _without_links_to(span: Span, target_id: str, roles: set[str]) -> Span:
    """``span`` with its claim's links to ``target_id`` in ``roles`` dropped."""
    claim = span.claim
    if claim is None:
        return span
    changes: dict[str, object] = {}
    for role in ("claimant", "target"):
        ref = getattr(claim, role)
        if role in roles and ref is not None and ref.span_id == target_id:
            changes[role] = None
    if "date_span_id" in roles and claim.date_span_id == target_id:
        changes["date_span_id"] = None
    return _valid(span, claim=claim.model_copy(update=changes)) if changes else span


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
