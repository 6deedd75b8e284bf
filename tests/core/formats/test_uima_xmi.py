"""UIMA CAS XMI: dkpro-cassis loads every export and every span's covered text equals ours; XMI holds UTF-16 offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from cassis import load_cas_from_xmi, load_typesystem
from hypothesis import HealthCheck, given, settings
from lxml import etree

from annotator.core.formats import apply_import, export_items, get_format, plan_import
from annotator.core.formats.uima_xmi import ACTOR, CLAIM, DATE
from annotator.core.formats.utf16 import Utf16Offsets
from annotator.core.storage import create_project

from ._support import annotated_texts, canonical, make_project, reopen, sample_project

XMI = get_format("uima-xmi")


def export(store, out: Path):  # noqa: ANN001, ANN201
    items, _ = export_items(store)
    return XMI.exporter(items, store.settings, out, None)


def load(folder: Path, doc_id: str):  # noqa: ANN201
    with (folder / "TypeSystem.xml").open("rb") as handle:
        ts = load_typesystem(handle)
    with (folder / f"{doc_id}.xmi").open("rb") as handle:
        return load_cas_from_xmi(handle, typesystem=ts)


def test_cassis_loads_the_export_and_every_covered_text_is_ours(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out")
    cas = load(tmp_path / "out", "doc1")
    ours = {(s.start, s.end, s.label): s for s in store.load_annotations(store.load_document("doc1")).annotation_file.spans}
    found = [fs for name in (ACTOR, CLAIM, DATE) for fs in cas.select(name)]
    assert len(found) == len(ours) == 9
    for fs in found:
        assert fs.get_covered_text() == ours[(fs.begin, fs.end, fs.label)].text
    claim = next(fs for fs in cas.select(CLAIM) if fs.get_covered_text() == "Moscow regretted the decision")
    assert claim.claimant.get_covered_text() == "The Kremlin" and claim.stance == "supports" and claim.topic == "CSTO membership"
    first = next(fs for fs in cas.select(CLAIM) if fs.date is not None)
    assert first.date.timexValue == "2024-02-23" and first.targetActor == "a2 = Russia (state or country)"
    # What a Java UIMA reader sees: begin and end in UTF-16 units.
    text = store.load_document("doc1").text
    units = Utf16Offsets(text)
    tree = etree.parse(str(tmp_path / "out" / "doc1.xmi"))
    kremlin = [e for e in tree.getroot() if e.get("begin") and text[units.to_code_point(int(e.get("begin"))) :].startswith("The Kremlin")]
    assert kremlin and int(kremlin[0].get("begin")) == text.index("The Kremlin") + 3


def test_round_trip_keeps_spans_links_and_values(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out")
    target = create_project(tmp_path / "q", annotator="maria")
    plan = plan_import(target, XMI.importer(tmp_path / "out", None))
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    assert canonical(reopen(tmp_path / "q")) == canonical(store)
    assert [entry.id for entry in target.documents()] == ["doc1"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annotated_texts())
def test_round_trip_over_hostile_texts(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list]) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("xmi")
    store = make_project(base / "p", {"d": (text, spans)})
    export(store, base / "out")
    cas = load(base / "out", "d")
    covered = sorted((fs.begin, fs.end, fs.get_covered_text()) for name in (ACTOR, CLAIM, DATE) for fs in cas.select(name))
    assert covered == sorted((s.start, s.end, s.text) for s in spans)
    target = create_project(base / "q", annotator="maria")
    plan = plan_import(target, XMI.importer(base / "out", None))
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    assert canonical(reopen(base / "q")) == canonical(store)


def test_a_truncated_xmi_is_named_with_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out")
    data = (tmp_path / "out" / "doc1.xmi").read_bytes()
    (tmp_path / "out" / "doc1.xmi").write_bytes(data[: len(data) // 2])
    target = create_project(tmp_path / "q", annotator="maria")
    plan = plan_import(target, XMI.importer(tmp_path / "out", None))
    assert len(plan.errors) == 1 and plan.errors[0].startswith("doc1.xmi, line ") and "is not valid XMI" in plan.errors[0]
    assert target.documents() == []


def test_a_folder_without_its_type_system_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.xmi").write_text("<xmi/>", "utf-8")
    plan = plan_import(create_project(tmp_path / "q", annotator="maria"), XMI.importer(tmp_path / "in", None))
    assert plan.errors == ["in: has no TypeSystem.xml beside the .xmi files"]
