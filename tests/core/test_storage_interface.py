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
