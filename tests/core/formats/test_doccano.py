"""doccano JSONL: the peers' files import in place; the export is doccano 1.8's shape, read by a plain JSON-lines reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.formats import apply_import, export_items, get_format, plan_import
from annotator.core.storage import create_project

from ._support import BENCH_DOCS, annotated_texts, canonical, make_project, reopen, sample_project

DOCCANO = get_format("doccano")


def export(store, out: Path):  # noqa: ANN001, ANN201
    items, _ = export_items(store)
    return DOCCANO.exporter(items, store.settings, out, None)


def without_doccano_losses(rows: set[tuple]) -> set[tuple]:
    """What doccano keeps: spans, and claim links to spans (no registry links, values or attributes)."""
    kept = set()
    for start, end, label, text, _actor, _timex, claim in rows:
        links = None
        if claim is not None:
            claimant, target = (ref if ref is not None and ref[0] == "span" else None for ref in claim[:2])
            links = (claimant, target, claim[2]) if (claimant or target or claim[2]) else None
        kept.add((start, end, label, text, links))
    return kept


def test_export_is_doccano_shaped_and_reads_back_with_json_lines(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out.jsonl")
    [line] = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    record = json.loads(line)
    assert set(record) == {"id", "text", "entities", "relations", "Comments", "document_id"}
    text = record["text"]
    by_id = {e["id"]: e for e in record["entities"]}
    assert {text[e["start_offset"] : e["end_offset"]] for e in record["entities"]} >= {"Nikol Pashinyan", "Friday", "café"}
    links = {
        (text[by_id[r["from_id"]]["start_offset"] : by_id[r["from_id"]]["end_offset"]], r["type"], by_id[r["to_id"]]["label"]) for r in record["relations"]
    }
    assert ("Moscow regretted the decision", "claimant", "actor") in links and ("called it final", "claimant", "actor") in links


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annotated_texts())
def test_round_trip_keeps_spans_and_span_links_over_hostile_texts(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list]) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("doccano")
    store = make_project(base / "p", {"d": (text, spans)})
    export(store, base / "out.jsonl")
    target = create_project(base / "q", annotator="maria")
    plan = plan_import(target, DOCCANO.importer(base / "out.jsonl", None))
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    [got] = canonical(reopen(base / "q")).values()
    [want] = canonical(store).values()
    assert without_doccano_losses(got) == without_doccano_losses(want)


@pytest.mark.skipif(not (BENCH_DOCS / "A.jsonl").is_file(), reason=f"the peers' files are not here: {BENCH_DOCS}")
def test_the_peers_jsonl_files_import_with_every_span_in_place(tmp_path: Path) -> None:
    store = create_project(tmp_path / "q", annotator="maria")
    for name in ("A", "B", "C"):
        plan = plan_import(store, DOCCANO.importer(BENCH_DOCS / f"{name}.jsonl", None))
        assert not plan.errors and not plan.skipped
        apply_import(store, plan)
        document = store.load_document(name)
        assert document.text == (BENCH_DOCS / f"{name}.txt").read_text("utf-8")
        [record] = [json.loads(line) for line in (BENCH_DOCS / f"{name}.jsonl").read_text("utf-8").splitlines()]
        spans = store.load_annotations(document).annotation_file.spans
        assert {(s.start, s.end, s.label) for s in spans} == {(start, end, label.lower()) for start, end, label in record["label"]}
        assert all(document.text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "abc", "label": []}\n{"text": "abc", "label": [[0, 2, "actor"]\n', "x.jsonl, line 2: not JSON"),
        ('{"text": "abc", "label": [[0, 9, "actor"]]}\n', "x.jsonl, line 1: span [0, 9) is outside the text (length 3)"),
        ('{"text": "abc", "label": [[0, 2, "Person"]]}\n', "x.jsonl, line 1: unknown label 'Person'"),
        ('["abc"]\n', "x.jsonl, line 1: not a doccano record"),
        (
            '{"text": "abc", "entities": [{"id": 1, "label": "actor", "start_offset": 0, "end_offset": 1}], "relations": [{"from_id": 1, "to_id": 5}]}\n',
            "x.jsonl, line 1: relation",
        ),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "x.jsonl").write_text(content, "utf-8")
    store = create_project(tmp_path / "q", annotator="maria")
    plan = plan_import(store, DOCCANO.importer(tmp_path / "x.jsonl", None))
    assert any(error.startswith(message) for error in plan.errors), plan.errors
    assert store.documents() == []
