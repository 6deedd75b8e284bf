"""The codebook of claim topics: lookups, edits with exact inverses, storage and validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.codebook import Codebook, CodebookError, merge_topics, new_topic, rename_topic, seed_from_files, topic_problems
from annotator.core.model import AnnotationFile, ClaimAttributes, Span
from annotator.core.storage import FileProblem, Fingerprint, ProjectError, create_project, open_project
from annotator.core.workspace import import_into
from tests.conftest import SEEDS


def _book(*names: str) -> Codebook:
    book = Codebook()
    for name in names:
        new_topic(book, name).apply(book)
    return book


def test_new_rename_merge_and_their_inverses() -> None:
    book = _book("CSTO membership", "Sanctions")
    csto = book.resolve("csto  MEMBERSHIP")
    assert csto is not None and csto.name == "CSTO membership"
    with pytest.raises(CodebookError):
        new_topic(book, "csto membership")
    before = book.all()
    rename = rename_topic(book, csto, "CSTO")
    rename.apply(book)
    assert book.resolve("CSTO membership").name == "CSTO"  # claims saved with the old name still resolve
    rename.inverse().apply(book)
    assert book.all() == before
    merge = merge_topics(book, book.resolve("Sanctions"), csto)
    merge.apply(book)
    assert book.resolve("Sanctions").id == csto.id and [t.name for t in book.active()] == ["CSTO membership"]
    merge.inverse().apply(book)
    assert book.all() == before


def test_completions_prefix_first_then_similar_spelling() -> None:
    book = _book("Armenian security", "Russia relations", "Sanctions")
    assert [t.name for t in book.completions("Arm")] == ["Armenian security"]
    assert "Sanctions" in [t.name for t in book.completions("Sanctoins")]


def test_a_project_without_a_codebook_keeps_free_topics_and_seeds_from_them(tmp_path: Path) -> None:
    book = Codebook(None)
    spans = [{"id": "s1", "claim": {"topic": "CSTO membership"}}, {"id": "s2", "claim": {"topic": "csto membership"}}]
    annotation = AnnotationFile(
        document_id="d", annotator="a", text_sha256="x", spans=(Span(id="s1", start=0, end=1, label="claim", text="x", claim=ClaimAttributes(topic="Free")),)
    )
    assert topic_problems(annotation, book) == []
    seed = seed_from_files(book, [("d", json.dumps({"spans": spans}).encode()), ("broken", b"{")])
    seed.apply(book)
    assert [t.name for t in book.active()] == ["CSTO membership"] and book.kept
    assert [p.message for p in topic_problems(annotation, book)] == ["claim s1: topic 'Free' is not in the project's codebook"]


def test_stored_beside_the_registry_and_checked_on_save_and_load(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with create_project(root, "p") as project:
        import_into(project, SEEDS)
        document = project.load_document(project.documents()[0].id)
        claim = Span(id="s1", start=0, end=5, label="claim", text=document.text[:5], claim=ClaimAttributes(topic="Old free text"))
        annotation = AnnotationFile(document_id=document.id, annotator=project.annotator, text_sha256=document.text_sha256, spans=(claim,))
        fingerprint = project.save_annotations(annotation, Fingerprint(None))  # no codebook yet: free text is fine
        book = Codebook(project.settings.topics)
        seed_from_files(book, project.iter_annotation_files()).apply(book)
        new_topic(book, "Sanctions").apply(book)
        project.save_codebook(book.all())
        bad = annotation.model_copy(update={"spans": (claim.model_copy(update={"claim": ClaimAttributes(topic="Unknown")}),)})
        with pytest.raises(ProjectError, match="not in the project's codebook"):
            project.save_annotations(bad, fingerprint)
    saved = json.loads((root / "annotator-project.json").read_text())
    assert [t["name"] for t in saved["topics"]] == ["Old free text", "Sanctions"]
    with open_project(root) as project:
        assert project.load_annotations(project.load_document(document.id)).annotation_file.spans[0].claim.topic == "Old free text"
        path = root / "annotations" / project.annotator / f"{document.id}.json"
        path.write_text(path.read_text().replace("Old free text", "Typo topic"))
        with pytest.raises(FileProblem, match="Typo topic"):
            project.load_annotations(project.load_document(document.id))
