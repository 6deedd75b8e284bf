"""The loops every format shares (formats/common.py): counting and cancelling exports, reading imports item by item."""

from __future__ import annotations

from pathlib import Path

from annotator.core.formats.common import ExportItem, ExportReport, FormatError, ParsedDocument, ParsedImport, exporting, parse_each
from annotator.core.formats.conll import export_conll
from annotator.core.formats.sources.corpus import import_jsonl
from annotator.core.model import AnnotationFile, Document, ProjectSettings

from ._support import TEXT, sample_spans


def items(count: int) -> list[ExportItem]:
    spans = tuple(sample_spans())
    documents = [Document.create(f"d{n}", TEXT) for n in range(count)]
    return [ExportItem(d, AnnotationFile(document_id=d.id, annotator="maria", text_sha256=d.text_sha256, spans=spans)) for d in documents]


def test_exporting_counts_each_item_after_its_body_and_stops_where_the_user_cancels() -> None:
    calls: list[tuple[int, int, str]] = []
    report = ExportReport()
    seen = [(number, item.document.id) for number, item in exporting(items(4), report, lambda *call: calls.append(call) or len(calls) < 2)]
    assert seen == [(1, "d0"), (2, "d1")]
    assert calls == [(1, 4, "d0"), (2, 4, "d1")]
    assert (report.documents, report.spans, report.cancelled) == (2, 2 * len(sample_spans()), True)


def test_a_cancel_at_the_last_item_changes_nothing() -> None:
    report = ExportReport()
    assert len(list(exporting(items(3), report, lambda done, total, name: done < total))) == 3
    assert (report.documents, report.cancelled) == (3, False)


def test_a_cancelled_file_export_writes_no_file(tmp_path: Path) -> None:
    report = export_conll(items(3), ProjectSettings(name="test"), tmp_path / "out.conll", lambda *call: False)
    assert report.cancelled and report.documents == 1 and not (tmp_path / "out.conll").exists()


def test_parse_each_keeps_going_after_a_bad_item_reports_progress_for_each_and_can_be_cancelled() -> None:
    def parse(number: int, word: str) -> ParsedDocument:
        if word == "bad":
            raise FormatError("f.txt", "is bad", number)
        return ParsedDocument(source="f.txt", name=word, text=word)

    calls: list[tuple[int, int, str]] = []
    parsed = ParsedImport()
    assert parse_each(parsed, ["a", "bad", "b"], parse, lambda *call: calls.append(call) is None, str.upper)
    assert [d.name for d in parsed.documents] == ["a", "b"] and [str(p) for p in parsed.problems] == ["f.txt, line 2: is bad"]
    assert calls == [(1, 3, "A"), (2, 3, "BAD"), (3, 3, "B")]
    stopped = ParsedImport()
    assert not parse_each(stopped, ["a", "b", "c"], parse, lambda done, total, name: done < 2, str)
    assert [d.name for d in stopped.documents] == ["a", "b"]


def test_a_jsonl_corpus_reads_past_bad_lines_and_counts_them_in_progress(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_text('{"text": "One article."}\nnot json\n[1]\n{"text": "Another article."}\n', "utf-8")
    calls: list[tuple[int, int, str]] = []
    parsed = import_jsonl(tmp_path / "c.jsonl", lambda *call: calls.append(call) is None)
    assert [d.text for d in parsed.documents] == ["One article.", "Another article."]
    assert [str(p).split(" (")[0] for p in parsed.problems] == ["c.jsonl, line 2: not JSON", "c.jsonl, line 3: not a JSON object"]
    assert [done for done, _, _ in calls] == [1, 2, 3, 4]
