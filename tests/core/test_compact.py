"""Empty optional fields are left out of every file we write; files that hold them still load."""

from __future__ import annotations

import json
import re
from pathlib import Path

from annotator.core.annotations import AnnotationSet
from annotator.core.compact import compact_dump
from annotator.core.edits import AddSpan, update_span
from annotator.core.model import Actor, ActorRef, AnnotationFile, ClaimAttributes, Document, Span
from annotator.core.storage import PROJECT_FILE, Fingerprint, create_project, open_project

TEXT = "Pashinyan said on Friday that Armenia had frozen its participation."
EMPTY = re.compile(rb'(: ""|: \[\]|: \{\})')


def test_no_file_holds_an_empty_optional_field(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with create_project(root, "p", annotator="me") as project:
        project.add_documents([Document.create("doc", TEXT)])
        project.save_registry([Actor(id="a1", name="Nikol Pashinyan")])
        document = project.load_document("doc")
        annotations = AnnotationSet(document)
        actor = annotations.make_span(0, 9, "actor", "s1")
        claim = annotations.make_span(30, 66, "claim", "s2")
        AddSpan(span=actor).apply(annotations)
        AddSpan(span=claim).apply(annotations)
        # Claimant only: topic and note are empty, and must not be written.
        update_span(claim, claim=ClaimAttributes(claimant=ActorRef(span_id="s1"))).apply(annotations)
        project.save_annotations(annotations.snapshot("me"), Fingerprint(None))
    files = [root / PROJECT_FILE, root / "catalog.json", root / "documents" / "doc.json", root / "annotations" / "me" / "doc.json"]
    for path in files:
        raw = path.read_bytes()
        assert b"null" not in raw and not EMPTY.search(raw), (path.name, raw.decode())
    saved = json.loads(files[-1].read_bytes())
    assert saved["spans"][1]["claim"] == {"claimant": {"span_id": "s1"}}
    actor_entry = json.loads(files[0].read_bytes())["actors"][0]
    assert "aliases" not in actor_entry and "note" not in actor_entry
    # What is left out loads back as it was.
    with open_project(root, annotator="me") as project:
        loaded = project.load_annotations(project.load_document("doc")).annotation_file
        assert loaded is not None and loaded.spans == annotations.snapshot("me").spans
        assert project.settings.actors == (Actor(id="a1", name="Nikol Pashinyan"),)


def test_files_that_hold_empty_fields_still_load(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with create_project(root, "p", annotator="me") as project:
        project.add_documents([Document.create("doc", TEXT)])
        document = project.load_document("doc")
    path = root / "annotations" / "me" / "doc.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    spans = [
        {"id": "s1", "start": 0, "end": 9, "label": "actor", "text": "Pashinyan", "actor_id": None},
        {"id": "s2", "start": 30, "end": 66, "label": "claim", "text": TEXT[30:66], "claim": {"topic": "", "note": "", "stance": None}},
    ]
    payload = {"schema_version": 2, "document_id": "doc", "annotator": "me", "text_sha256": document.text_sha256, "status": "in progress", "spans": spans}
    path.write_text(json.dumps(payload), encoding="utf-8")
    with open_project(root, annotator="me") as project:
        loaded = project.load_annotations(project.load_document("doc")).annotation_file
    assert loaded is not None
    # A claim with nothing in it is no claim, in memory as on disk.
    assert [span.claim for span in loaded.spans] == [None, None]


def test_required_fields_are_written_even_when_empty() -> None:
    data = compact_dump(Document.create("doc", ""))
    assert data["text"] == "" and "metadata" not in data and "source_file" not in data


def test_a_claim_without_attributes_is_no_claim() -> None:
    span = Span(id="s1", start=0, end=1, label="claim", text="P", claim=ClaimAttributes())
    assert span.claim is None


def test_annotation_file_fast_path_matches_the_general_rule() -> None:
    spans = (
        Span(id="s1", start=0, end=9, label="actor", text="Pashinyan", actor_id="a1"),
        Span(id="s2", start=30, end=66, label="claim", text=TEXT[30:66], claim=ClaimAttributes(topic="CSTO", note="")),
    )
    model = AnnotationFile(document_id="doc", annotator="me", text_sha256="x", spans=spans)
    data = compact_dump(model)
    assert data["spans"][1]["claim"] == {"topic": "CSTO"}
    assert data["spans"][0] == {"id": "s1", "start": 0, "end": 9, "label": "actor", "text": "Pashinyan", "actor_id": "a1"}
