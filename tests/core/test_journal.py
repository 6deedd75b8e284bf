from __future__ import annotations

from pathlib import Path

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, RemoveSpan, relabel
from annotator.core.journal import EditJournal, read_journal, replay
from annotator.core.model import Document

DOC = Document.create("d", "Armenia said on Friday that Moscow failed it.")


def spans(annotations: AnnotationSet) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in annotations.spans()]


def test_journal_replays_to_the_same_annotations(tmp_path: Path) -> None:
    live = AnnotationSet(DOC)
    journal = EditJournal(tmp_path / "j" / "d.jsonl", base=None)
    first = live.make_span(0, 7, "actor")
    for edit in (AddSpan(span=first), AddSpan(span=live.make_span(16, 22, "date", "s2")), relabel(first, "claim")):
        edit.apply(live)
        journal.record(edit)
    journal.close()
    recovery = read_journal(journal.path)
    assert recovery is not None and recovery.base is None and len(recovery.edits) == 3
    fresh = AnnotationSet(DOC)
    assert replay(fresh, recovery.edits) == 3
    assert spans(fresh) == spans(live)


def test_torn_last_line_is_ignored(tmp_path: Path) -> None:
    journal = EditJournal(tmp_path / "d.jsonl", base="abc")
    live = AnnotationSet(DOC)
    journal.record(AddSpan(span=live.make_span(0, 7, "actor")))
    journal.record(AddSpan(span=live.make_span(28, 34, "actor", "s2")))
    journal.close()
    data = journal.path.read_bytes()
    journal.path.write_bytes(data[:-15])  # died in the middle of the second line
    recovery = read_journal(journal.path)
    assert recovery is not None and recovery.base == "abc" and len(recovery.edits) == 1


def test_rebase_keeps_only_edits_after_the_saved_snapshot(tmp_path: Path) -> None:
    journal = EditJournal(tmp_path / "d.jsonl", base=None)
    live = AnnotationSet(DOC)
    span = live.make_span(0, 7, "actor")
    journal.record(AddSpan(span=span))
    saved_through = journal.sequence
    journal.record(RemoveSpan(span=span))
    journal.rebase("f1", saved_through)
    recovery = read_journal(journal.path)
    assert recovery is not None and recovery.base == "f1" and [e.op for e in recovery.edits] == ["remove"]
    journal.rebase("f2", journal.sequence)
    assert not journal.path.exists() and read_journal(journal.path) is None


def test_replay_stops_at_an_edit_that_no_longer_fits(tmp_path: Path) -> None:
    live = AnnotationSet(DOC)
    span = live.make_span(0, 7, "actor")
    edits = [RemoveSpan(span=span), AddSpan(span=span)]
    assert replay(live, edits) == 0
    assert spans(live) == []


def test_not_a_journal_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"something": "else"}\n{"seq": 1}\n')
    assert read_journal(path) is None
    path.write_bytes(b"\x00\x01garbage")
    assert read_journal(path) is None


def test_check_recovery_stops_before_an_edit_the_next_load_would_refuse() -> None:
    from annotator.core.journal import check_recovery
    from annotator.core.model import LabelScheme, Span

    document = DOC
    annotations = AnnotationSet(document)
    good = AddSpan(span=annotations.make_span(0, 4, "actor"))
    outside_scheme = AddSpan(span=Span(id="s9", start=5, end=9, label="rumour", text=document.text[5:9]))
    assert check_recovery(document, annotations, [good], LabelScheme.default(), set()) == (1, [])
    usable, problems = check_recovery(document, annotations, [good, outside_scheme, good], LabelScheme.default(), set())
    assert usable == 1 and "unknown label 'rumour'" in problems[0]
    assert len(annotations) == 0  # checked on a copy


def test_a_journal_that_cannot_be_written_never_raises_and_keeps_the_edits(tmp_path: Path) -> None:
    document = DOC
    annotations = AnnotationSet(document)
    folder = tmp_path / "gone" / ".journal"  # its parent does not exist: the write fails
    journal = EditJournal(folder / "doc.jsonl", None)
    journal.record(AddSpan(span=annotations.make_span(0, 4, "actor")))
    assert isinstance(journal.error, FileNotFoundError)
    assert not (tmp_path / "gone").exists()  # never made: it may be a deleted project
    folder.parent.mkdir()
    journal.record(AddSpan(span=annotations.make_span(5, 9, "claim")))
    assert journal.error is None
    recovery = read_journal(folder / "doc.jsonl")
    assert recovery is not None and len(recovery.edits) == 2  # the first edit was kept in memory
    journal.close()
