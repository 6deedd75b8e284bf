"""Label Studio JSON: read by Label Studio's own converter (label-studio-converter), UTF-16 offsets, lossless round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from label_studio_converter import Converter

from annotator.core.formats import apply_import, export_items, get_format, plan_import
from annotator.core.storage import create_project

from ._support import annotated_texts, canonical, make_project, reopen, sample_project

LABEL_STUDIO = get_format("label-studio")


def export(store, out: Path):  # noqa: ANN001, ANN201
    items, _ = export_items(store)
    return LABEL_STUDIO.exporter(items, store.settings, out, None)


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_label_studios_converter_reads_the_export_with_utf16_offsets(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "tasks.json")
    converter = Converter(config=str(tmp_path / "tasks.label_config.xml"), project_dir=None, download_resources=False)
    [item] = list(converter.iter_from_json_file(str(tmp_path / "tasks.json")))
    text = item["input"]["text"]
    regions = item["output"]["label"]
    assert len(regions) == 9
    for region in regions:
        assert region["type"] == "Labels"  # the type the config declares
        assert utf16_slice(text, region["start"], region["end"]) == region["text"]
    # After the emoji the two counts differ: the export is in UTF-16 units, as Label Studio counts.
    kremlin = next(r for r in regions if r["text"] == "The Kremlin")
    assert kremlin["start"] == text.index("The Kremlin") + 3  # 👩‍👩‍👧 holds three astral characters (and two ZWJ)
    assert {c["choices"][0] for c in item["output"]["stance"]} == {"opposes", "supports"}
    assert ["CSTO membership"] in [t["text"] for t in item["output"]["topic"]]


def test_round_trip_is_lossless_ids_included(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "tasks.json")
    target = create_project(tmp_path / "q", annotator="maria")
    plan = plan_import(target, LABEL_STUDIO.importer(tmp_path / "tasks.json", None))
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    assert canonical(reopen(tmp_path / "q")) == canonical(store)
    ids = {s.id for s in reopen(tmp_path / "q").load_annotations(target.load_document("doc1")).annotation_file.spans}
    assert ids == {f"s{n}" for n in range(1, 10)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annotated_texts())
def test_round_trip_over_hostile_texts(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list]) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("ls")
    store = make_project(base / "p", {"d": (text, spans)})
    export(store, base / "tasks.json")
    for task in json.loads((base / "tasks.json").read_text("utf-8")):
        for result in task["annotations"][0]["result"]:
            if result["type"] == "labels":
                assert utf16_slice(task["data"]["text"], result["value"]["start"], result["value"]["end"]) == result["value"]["text"]
    target = create_project(base / "q", annotator="maria")
    plan = plan_import(target, LABEL_STUDIO.importer(base / "tasks.json", None))
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    assert canonical(reopen(base / "q")) == canonical(store)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"data": {"text": "abc"}, "annotations": [{"result": [', "x.json, line 1: is not JSON"),
        (
            '[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "r", "type": "labels", "value": {"start": 0, "end": 9, "labels": ["actor"]}}]}]}]',
            "x.json: task 1: region r has bad offsets",
        ),
        (
            '[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "r", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["Person"]}}]}]}]',
            "x.json: unknown label 'Person'",
        ),
        ('[{"nodata": 1}]', "x.json: task 1 is not a Label Studio task"),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_written(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "x.json").write_text(content, "utf-8")
    store = create_project(tmp_path / "q", annotator="maria")
    plan = plan_import(store, LABEL_STUDIO.importer(tmp_path / "x.json", None))
    assert any(error.startswith(message) for error in plan.errors), plan.errors
    assert store.documents() == []


def test_a_region_inside_a_surrogate_pair_is_refused(tmp_path: Path) -> None:
    content = [{"data": {"text": "😀 Bob"}, "annotations": [{"result": [{"id": "r", "type": "labels", "value": {"start": 1, "end": 4, "labels": ["actor"]}}]}]}]
    (tmp_path / "x.json").write_text(json.dumps(content), "utf-8")
    plan = plan_import(create_project(tmp_path / "q", annotator="maria"), LABEL_STUDIO.importer(tmp_path / "x.json", None))
    assert any("inside a surrogate pair" in error for error in plan.errors), plan.errors
