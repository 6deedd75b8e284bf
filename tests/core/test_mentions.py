"""The corpus-wide index of actor mentions: built from saved files, kept current, following merges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from annotator.core.actors import ActorRegistry, RemoveActor, merge, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import update_span
from annotator.core.mentions import Mention, MentionIndex
from annotator.core.model import ActorType, Document
from annotator.core.storage import FolderProject

TEXT_A = "Pashinyan said on Friday that Armenia froze its participation. Nikol Pashinyan told France 24."
TEXT_B = "Kremlin spokesman Dmitry Peskov said Peskov would call Yerevan. Pashinin was not reached."


@pytest.fixture
def project(tmp_path: Path) -> Iterator[FolderProject]:
    opened = FolderProject.create(tmp_path / "proj", name="Mentions", annotator="me")
    opened.add_documents([Document.create("a", TEXT_A), Document.create("b", TEXT_B), Document.create("c", "Nothing to see.")])
    yield opened
    opened.close()


def make_registry(project: FolderProject | None = None) -> tuple[ActorRegistry, dict[str, str]]:
    """Three actors; saved into ``project`` (its files are checked against the registry)."""
    registry = ActorRegistry()
    ids = {}
    for name in ("Nikol Pashinyan", "Dmitry Peskov", "Nikol Pashinin"):
        edit = new_actor(registry, name, ActorType.PERSON)
        edit.apply(registry)
        ids[name] = edit.actor.id
    if project is not None:
        project.save_registry(registry.all())
    return registry, ids


def tag(project: FolderProject, doc_id: str, *mentions: tuple[str, int, str | None]) -> AnnotationSet:
    """Tag the ``occurrence``-th ``word`` of the document as an actor linked to ``actor_id``, and save."""
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    for word, occurrence, actor_id in mentions:
        start = -1
        for _ in range(occurrence + 1):
            start = document.text.index(word, start + 1)
        span = annotations.make_span(start, start + len(word), "actor")
        annotations.add(span)
        if actor_id is not None:
            update_span(span, actor_id=actor_id).apply(annotations)
    project.save_annotations(annotations.snapshot(project.annotator), loaded.fingerprint)
    return annotations


def test_index_from_saved_files(project: FolderProject) -> None:
    registry, ids = make_registry(project)
    tag(project, "a", ("Pashinyan", 0, ids["Nikol Pashinyan"]), ("Nikol Pashinyan", 0, ids["Nikol Pashinyan"]), ("France 24", 0, None))
    tag(project, "b", ("Dmitry Peskov", 0, ids["Dmitry Peskov"]), ("Peskov", 1, ids["Dmitry Peskov"]), ("Pashinin", 0, ids["Nikol Pashinin"]))

    files = list(project.iter_annotation_files())
    assert sorted(doc_id for doc_id, _ in files) == ["a", "b"]
    index = MentionIndex.from_files(files)

    assert index.counts(registry) == {ids["Nikol Pashinyan"]: 2, ids["Dmitry Peskov"]: 2, ids["Nikol Pashinin"]: 1}
    mentions = index.mentions_of(ids["Nikol Pashinyan"], registry)
    assert [(m.document_id, m.text, m.start) for m in mentions] == [("a", "Pashinyan", 0), ("a", "Nikol Pashinyan", TEXT_A.index("Nikol"))]
    assert all(isinstance(m, Mention) and m.actor_id == ids["Nikol Pashinyan"] for m in mentions)
    peskov = index.mentions_of(ids["Dmitry Peskov"], registry)
    assert [m.start for m in peskov] == sorted(m.start for m in peskov)
    assert [m.text for m in peskov] == ["Dmitry Peskov", "Peskov"]


def test_counts_follow_merges_and_their_undo(project: FolderProject) -> None:
    registry, ids = make_registry(project)
    tag(project, "a", ("Pashinyan", 0, ids["Nikol Pashinyan"]))
    tag(project, "b", ("Pashinin", 0, ids["Nikol Pashinin"]))
    index = MentionIndex.from_files(project.iter_annotation_files())
    assert index.counts(registry) == {ids["Nikol Pashinyan"]: 1, ids["Nikol Pashinin"]: 1}

    edit = merge(registry, registry.get(ids["Nikol Pashinin"]), registry.get(ids["Nikol Pashinyan"]))
    edit.apply(registry)
    assert index.counts(registry) == {ids["Nikol Pashinyan"]: 2}
    assert [(m.document_id, m.text) for m in index.mentions_of(ids["Nikol Pashinyan"], registry)] == [("a", "Pashinyan"), ("b", "Pashinin")]
    assert index.mentions_of(ids["Nikol Pashinin"], registry) == []
    # The saved mention still says the merged id: merging rewrote no file.
    assert index.mentions_of(ids["Nikol Pashinyan"], registry)[1].actor_id == ids["Nikol Pashinin"]

    edit.inverse().apply(registry)
    assert index.counts(registry) == {ids["Nikol Pashinyan"]: 1, ids["Nikol Pashinin"]: 1}


def test_retired_actors_keep_their_mentions_and_unknown_ids_are_ignored() -> None:
    registry, ids = make_registry()
    index = MentionIndex()
    document = Document.create("a", TEXT_A)
    annotations = AnnotationSet(document)
    for actor_id, word in ((ids["Dmitry Peskov"], "Pashinyan"), ("ghost", "Armenia")):
        span = annotations.make_span(TEXT_A.index(word), TEXT_A.index(word) + len(word), "actor")
        annotations.add(span.model_copy(update={"actor_id": actor_id}))
    index.update_document("a", annotations.spans())
    RemoveActor(actor=registry.get(ids["Dmitry Peskov"])).apply(registry)
    assert index.counts(registry) == {ids["Dmitry Peskov"]: 1}
    assert index.mentions_of("ghost", registry) == []


def test_update_document_overrides_what_the_file_said(project: FolderProject) -> None:
    registry, ids = make_registry(project)
    tag(project, "a", ("Pashinyan", 0, ids["Nikol Pashinyan"]), ("Nikol Pashinyan", 0, ids["Nikol Pashinyan"]))
    tag(project, "b", ("Peskov", 1, ids["Dmitry Peskov"]))
    index = MentionIndex.from_files(project.iter_annotation_files())

    # The open document changes in memory (not saved yet): one mention relinked, one unlinked, one added.
    document = project.load_document("a")
    annotations = AnnotationSet.from_file(document, project.load_annotations(document).annotation_file)
    first, second = annotations.spans()
    update_span(first, actor_id=ids["Nikol Pashinin"]).apply(annotations)
    update_span(second, actor_id=None).apply(annotations)
    span = annotations.make_span(TEXT_A.index("France 24"), TEXT_A.index("France 24") + 9, "actor")
    annotations.add(span.model_copy(update={"actor_id": ids["Dmitry Peskov"]}))
    index.update_document("a", annotations.spans())

    assert index.counts(registry) == {ids["Nikol Pashinin"]: 1, ids["Dmitry Peskov"]: 2}
    assert [m.document_id for m in index.mentions_of(ids["Dmitry Peskov"], registry)] == ["a", "b"]

    index.update_document("a", [])
    assert index.counts(registry) == {ids["Dmitry Peskov"]: 1}
    index.update_document("new", annotations.spans())  # a document the files did not have
    assert index.counts(registry) == {ids["Nikol Pashinin"]: 1, ids["Dmitry Peskov"]: 2}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b'"a string"',
        b'{"spans": 7}',
        b'{"spans": [{"id": "s1", "actor_id": "a1"}]}',  # no text or start
        b'{"spans": [{"id": "s1", "text": "x", "start": "zero", "actor_id": "a1"}]}',
        b"\xff\xfe not utf-8",
    ],
)
def test_broken_files_are_skipped(project: FolderProject, data: bytes) -> None:
    registry, ids = make_registry(project)
    tag(project, "a", ("Pashinyan", 0, ids["Nikol Pashinyan"]))
    (project.annotations_dir / "b.json").write_bytes(data)
    files = list(project.iter_annotation_files())
    assert sorted(doc_id for doc_id, _ in files) == ["a", "b"]
    index = MentionIndex.from_files(files)
    assert index.counts(registry) == {ids["Nikol Pashinyan"]: 1}


def test_index_reads_only_files_of_catalogued_documents(project: FolderProject) -> None:
    registry, ids = make_registry(project)
    saved = tag(project, "a", ("Pashinyan", 0, ids["Nikol Pashinyan"]))
    data = orjson.dumps(saved.snapshot("me").model_dump(mode="json", exclude_none=True))
    (project.annotations_dir / "stranger.json").write_bytes(data)  # not a document of the project
    (project.annotations_dir / "notes.txt").write_bytes(data)
    index = MentionIndex.from_files(project.iter_annotation_files())
    assert index.counts(registry) == {ids["Nikol Pashinyan"]: 1}
