"""Version 1 project and annotation files still load, and are saved as version 2."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.annotations import AnnotationSet
from annotator.core.model import SCHEMA_VERSION, Actor, Document, DocumentStatus, LabelKind
from annotator.core.storage import PROJECT_FILE, FolderProject
from tests.core.schema_v2.helpers import TEXT, raw_span, save_set, write_annotations

V1_SETTINGS = {
    "schema_version": 1,
    "name": "Old project",
    "label_scheme": {
        "labels": [
            {"name": "actor", "colour": "#1f77b4", "hotkey": "1", "description": "a person, organisation or state"},
            {"name": "claim", "colour": "#d62728", "hotkey": "2", "description": "what an actor says or demands"},
            {"name": "date", "colour": "#2ca02c", "hotkey": "3", "description": "a date or time expression"},
            {"name": "place", "colour": "#9467bd", "hotkey": "4"},
        ]
    },
}


def test_version_1_project_and_annotation_files_load_and_save_as_version_2(tmp_path: Path) -> None:
    root = tmp_path / "old"
    with FolderProject.create(root, annotator="me") as created:
        created.add_documents([Document.create("a", TEXT)])
    (root / PROJECT_FILE).write_text(json.dumps(V1_SETTINGS), encoding="utf-8")
    document_path = root / "documents" / "a.json"
    document_json = json.loads(document_path.read_text(encoding="utf-8"))
    document_path.write_text(json.dumps({**document_json, "schema_version": 1}), encoding="utf-8")
    v1_spans = [
        raw_span("s1", "Nikol Pashinyan", "actor"),
        raw_span("s2", "Armenia has frozen its participation in the CSTO", "claim"),
        raw_span("s3", "Friday", "date"),
        raw_span("s4", "YEREVAN", "place"),
    ]
    annotation_path = root / "annotations" / "me" / "a.json"
    annotation_path.parent.mkdir(parents=True, exist_ok=True)
    annotation_path.write_text(
        json.dumps(
            {"schema_version": 1, "document_id": "a", "annotator": "me", "text_sha256": document_json["text_sha256"], "status": "done", "spans": v1_spans}
        ),
        encoding="utf-8",
    )

    with FolderProject.open(root, annotator="me") as project:
        assert project.settings.schema_version == 1
        assert project.settings.actors == ()
        assert [project.scheme.kind_of(name) for name in ("actor", "claim", "date", "place")] == [
            LabelKind.ACTOR,
            LabelKind.CLAIM,
            LabelKind.DATE,
            LabelKind.OTHER,
        ]
        document = project.load_document("a")
        loaded = project.load_annotations(document)
        assert loaded.annotation_file is not None and loaded.annotation_file.schema_version == 1
        assert sorted(span.id for span in loaded.annotation_file.spans) == ["s1", "s2", "s3", "s4"]
        assert all(span.actor_id is None and span.claim is None and span.timex is None for span in loaded.annotation_file.spans)
        annotations = AnnotationSet.from_file(document, loaded.annotation_file)
        assert annotations.status is DocumentStatus.DONE
        save_set(project, annotations, loaded.fingerprint)

    saved = json.loads(annotation_path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == SCHEMA_VERSION == 2
    assert saved["status"] == "done"
    assert sorted(saved["spans"], key=lambda s: s["id"]) == v1_spans  # no new field was added to any span
    with FolderProject.open(root, annotator="me") as project:
        assert project.load_annotations(project.load_document("a")).annotation_file.schema_version == 2


def test_version_1_project_file_gets_version_2_when_actors_are_saved(tmp_path: Path) -> None:
    root = tmp_path / "old"
    FolderProject.create(root, annotator="me").close()
    (root / PROJECT_FILE).write_text(json.dumps(V1_SETTINGS), encoding="utf-8")
    with FolderProject.open(root, annotator="me") as project:
        project.save_registry([Actor(id="a1", name="Nikol Pashinyan")])
    saved = json.loads((root / PROJECT_FILE).read_text(encoding="utf-8"))
    assert saved["actors"] == [{"id": "a1", "name": "Nikol Pashinyan", "type": "other", "retired": False}]  # empty aliases and note left out
    # A version 1 program would refuse "actors" as an unknown field, not as a newer file.
    assert saved["schema_version"] == 2


def test_saving_a_loaded_version_1_file_directly_writes_version_2(project: FolderProject) -> None:
    path = write_annotations(project, [raw_span("s1", "Friday", "date")], version=1)
    loaded = project.load_annotations(project.load_document("a"))
    assert loaded.annotation_file.schema_version == 1
    project.save_annotations(loaded.annotation_file, loaded.fingerprint)
    assert json.loads(path.read_bytes())["schema_version"] == 2
