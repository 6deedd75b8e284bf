"""brat standoff: bratly (a brat reader we did not write) reads every export; the peers' .ann files import in place."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.formats import ImportMode, apply_import, export_items, get_format, plan_import
from annotator.core.formats.brat import BREAKS, fragments
from annotator.core.storage import ProjectError, create_project

from ._support import BENCH_DOCS, TEXT, annotated_texts, canonical, make_project, reopen, sample_project

with warnings.catch_warnings():  # bratly's models use pydantic's class-based config, deprecated in pydantic 2
    warnings.simplefilter("ignore", DeprecationWarning)
    from bratly import EntityAnnotation, NoteAnnotation, RelationAnnotation
    from bratly.io.file_read_src import parse_ann_file

BRAT = get_format("brat")


def export(store, out: Path):  # noqa: ANN001, ANN201
    items, problems = export_items(store)
    assert not problems
    return BRAT.exporter(items, store.settings, out, None)


def import_into(root: Path, source: Path, mode: ImportMode = ImportMode.REFUSE):  # noqa: ANN201
    store = reopen(root) if (root / "annotator-project.json").exists() else create_project(root, annotator="maria")
    plan = plan_import(store, BRAT.importer(source, None))
    return store, plan


def read_with_bratly(ann: Path):  # noqa: ANN201
    return parse_ann_file(ann.read_text("utf-8"), str(ann), no_duplicates=False, sorting=False, renumerotize=False).annotations


def test_bratly_reads_the_export_and_every_span_covers_its_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out")
    text = (tmp_path / "out" / "doc1.txt").read_text("utf-8")
    annotations = read_with_bratly(tmp_path / "out" / "doc1.ann")
    assert "Issue" not in capsys.readouterr().out  # bratly prints, and skips, every line it cannot parse
    entities = [a for a in annotations if isinstance(a, EntityAnnotation)]
    assert len(entities) == 9
    for entity in entities:
        assert " ".join(text[f.start : f.end] for f in entity.fragments) == entity.content
    multi = next(e for e in entities if len(e.fragments) == 2)
    assert multi.content == "CSTO 👩‍👩‍👧. The Kremlin"
    relations = {(r.label, r.argument1[1].content, r.argument2[1].content) for r in annotations if isinstance(r, RelationAnnotation)}
    assert ("Claimant", "Moscow regretted the decision", "The Kremlin") in relations
    assert ("ClaimDate", "Armenia had frozen its participation in the CSTO 👩‍👩‍👧", "Friday") in relations
    notes = {(n.label, n.value) for n in annotations if isinstance(n, NoteAnnotation)}
    assert ("Timex", "DATE 2024-02-23") in notes and ("Actor", "a1 = Nikol Pashinyan (person)") in notes
    assert ("TargetActor", "a2 = Russia (state or country)") in notes and ("Topic", "CSTO membership") in notes
    assert "[relations]" in (tmp_path / "out" / "annotation.conf").read_text("utf-8")


def test_round_trip_keeps_spans_links_and_values(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out")
    target, plan = import_into(tmp_path / "q", tmp_path / "out")
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    assert canonical(reopen(tmp_path / "q")) == canonical(store)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annotated_texts(trim=BREAKS))
def test_round_trip_over_hostile_texts(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list]) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("brat")
    store = make_project(base / "p", {"d": (text, spans)})
    export(store, base / "out")
    entities = [a for a in read_with_bratly(base / "out" / "d.ann") if isinstance(a, EntityAnnotation)]
    assert len(entities) == len(spans)
    for entity in entities:
        assert " ".join(text[f.start : f.end] for f in entity.fragments) == entity.content
    target, plan = import_into(base / "q", base / "out")
    assert not plan.errors and not plan.skipped
    apply_import(target, plan)
    assert canonical(reopen(base / "q")) == canonical(store)


def test_fragments_split_at_line_breaks_and_tabs() -> None:
    assert fragments("ab\ncd\u2028\te", 10) == [(10, 12), (13, 15), (17, 18)]
    assert fragments("\n\t", 0) == []


needs_bench_docs = pytest.mark.skipif(not (BENCH_DOCS / "A.ann").is_file(), reason=f"the peers' files are not here: {BENCH_DOCS}")


@needs_bench_docs
def test_the_peers_ann_files_import_with_every_span_in_place(tmp_path: Path) -> None:
    source = tmp_path / "bench"
    source.mkdir()
    for name in ("A", "B", "C"):
        for suffix in (".txt", ".ann"):
            (source / f"{name}{suffix}").write_bytes((BENCH_DOCS / f"{name}{suffix}").read_bytes())
    store, plan = import_into(tmp_path / "q", source)
    assert not plan.errors and not plan.skipped
    apply_import(store, plan)
    manifest = json.loads((BENCH_DOCS / "manifest.json").read_text("utf-8"))
    store = reopen(tmp_path / "q")
    for name in ("A", "B", "C"):
        text = (BENCH_DOCS / f"{name}.txt").read_text("utf-8")
        document = store.load_document(name)
        spans = store.load_annotations(document).annotation_file.spans
        ann = [line.split("\t") for line in (BENCH_DOCS / f"{name}.ann").read_text("utf-8").splitlines() if line.startswith("T")]
        expected = {(int(where.split()[1]), int(where.split()[2]), where.split()[0].lower(), covered) for _, where, covered in ann}
        assert {(s.start, s.end, s.label, s.text) for s in spans} == expected
        assert all(text[s.start : s.end] == s.text for s in spans)
        assert len(spans) == manifest["docs"][name]["spans"]


def test_a_mismatched_span_is_reported_by_file_and_line_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("Pashinyan spoke today.\n", "utf-8")
    (tmp_path / "in" / "x.ann").write_text("T1\tActor 0 9\tPashinyan\nT2\tDate 16 21\tTODAY\n", "utf-8")
    store, plan = import_into(tmp_path / "q", tmp_path / "in")
    assert not plan.errors
    assert plan.skipped == ["x.ann, line 2: skipped, span [16, 21) says 'TODAY' but the text there is 'today'"]
    apply_import(store, plan)
    [rows] = canonical(reopen(tmp_path / "q")).values()
    assert {row[:4] for row in rows} == {(0, 9, "actor", "Pashinyan")}


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tPerson 0 9\tPashinyan\n", "x.ann, line 1: unknown label 'Person'"),
        ("T1\tActor 0 90\tPashinyan\n", "x.ann, line 1: T1: offsets 0 90 are outside the text (length 23)"),
        ("T1\tActor zero 9\tPashinyan\n", "x.ann, line 1: not a brat text-bound line"),
        ("T1\tActor 0 9\tPashinyan\nR1\tClaimant Arg1:T1 Arg2:T7\n", "x.ann, line 2: relation between unknown spans T1 and T7"),
        ("T1\tDate 16 21\ttoday\n#1\tTimex T1\tDATE yesterday\n", "x.ann, line 2: T1: 'DATE yesterday' is not a date value"),
    ],
)
def test_a_bad_file_names_file_and_line_and_nothing_is_written(tmp_path: Path, ann: str, message: str) -> None:
    existing = make_project(tmp_path / "q", {"x": ("Pashinyan spoke today.\n", [])})
    before = sorted(p.relative_to(tmp_path / "q") for p in (tmp_path / "q").rglob("*") if p.is_file())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("Pashinyan spoke today.\n", "utf-8")
    (tmp_path / "in" / "x.ann").write_text(ann, "utf-8")
    plan = plan_import(existing, BRAT.importer(tmp_path / "in", None))
    assert any(error.startswith(message) for error in plan.errors), plan.errors
    with pytest.raises(ProjectError, match="nothing imported"):
        apply_import(existing, plan)
    assert sorted(p.relative_to(tmp_path / "q") for p in (tmp_path / "q").rglob("*") if p.is_file()) == before


def test_importing_into_annotated_documents_needs_merge_or_replace(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    export(store, tmp_path / "out")
    start = TEXT.index("Armenia")
    (tmp_path / "out" / "doc1.ann").write_text(f"T1\tactor {start} {start + 7}\tArmenia\n", "utf-8")
    plan = plan_import(store, BRAT.importer(tmp_path / "out", None))
    assert plan.conflicts == ["doc1"]
    with pytest.raises(ProjectError, match="merge or replace"):
        apply_import(store, plan)
    before = canonical(store)
    apply_import(store, plan, ImportMode.MERGE)
    merged = canonical(reopen(tmp_path / "p"))
    [(key, rows)] = merged.items()
    assert before[key] <= rows and len(rows) == len(before[key]) + 1  # every link and value of the old spans kept
    apply_import(store, plan_import(store, BRAT.importer(tmp_path / "out", None)), ImportMode.REPLACE)
    assert {row[:4] for row in canonical(reopen(tmp_path / "p"))[key]} == {(start, start + 7, "actor", "Armenia")}
