"""The store interface: the folder backend is one ProjectStore, chosen in one place."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.core.storage import FolderProject, ProjectStore, ReadOnlyError, create_project, open_project
from annotator.core.storage.base import Fingerprint


def test_every_abstract_method_is_implemented_by_the_folder() -> None:
    assert issubclass(FolderProject, ProjectStore)
    assert not inspect.isabstract(FolderProject)
    assert ProjectStore.__abstractmethods__ >= {"save_annotations", "load_annotations", "documents", "save_registry", "annotators", "reopen"}


def test_open_and_create_return_the_folder_store(tmp_path: Path) -> None:
    created = create_project(tmp_path / "p", "Corpus", annotator="ann")
    assert isinstance(created, ProjectStore) and created.location == str((tmp_path / "p").resolve())
    created.close()
    with open_project(tmp_path / "p", annotator="ann") as opened:
        assert opened.settings.name == "Corpus" and opened.writable


def test_annotators_and_reopen_as_another_coder(tmp_path: Path) -> None:
    from annotator.core.annotations import AnnotationSet
    from annotator.core.articles import read_article

    source = tmp_path / "a.txt"
    source.write_text("Headline\n\nBody text.\n", encoding="utf-8")
    with create_project(tmp_path / "p", annotator="alice") as project:
        document: Document = read_article(source, "a").document
        project.add_documents([document])
        loaded = project.load_annotations(document)
        project.save_annotations(AnnotationSet.from_file(document, loaded.annotation_file).snapshot("alice"), loaded.fingerprint)
        assert project.annotators() == ["alice"]
        with project.reopen(annotator="bob", read_only=True) as other:
            assert other.annotator == "bob" and not other.writable
            assert other.load_annotations(document).annotation_file is None
            with pytest.raises(ReadOnlyError):
                other.save_annotations(AnnotationSet(document).snapshot("bob"), Fingerprint(None))


def test_journalled_documents_lists_the_journal_folder_once(tmp_path: Path) -> None:
    with create_project(tmp_path / "p", annotator="ann") as project:
        project.add_documents([Document.create(f"d{i}", f"Article {i}.") for i in range(5)])
        assert project.journalled_documents() == []  # no journal folder yet
        for doc_id in ("d3", "d1"):
            project.journal_path(doc_id).write_text('{"edit": 1}\n', encoding="utf-8")
        (project.journal_path("d0").parent / "unknown.jsonl").write_text("{}\n", encoding="utf-8")  # not a document of the catalog
        (project.journal_path("d0").parent / "d2.jsonl.tmp").write_text("", encoding="utf-8")
        assert project.journalled_documents() == ["d1", "d3"]  # catalog order, only documents it knows
        assert project.journalled_documents() == [d for d in ("d0", "d1", "d2", "d3", "d4") if project.journal_path(d).exists()]
    with open_project(tmp_path / "p", annotator="ann", read_only=True) as read_only:
        assert read_only.journalled_documents() == []  # a read-only window recovers nothing
