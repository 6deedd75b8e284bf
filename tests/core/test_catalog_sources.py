"""The catalog's source files and text hashes beside it (catalog-sources.json): read only when first
wanted, taken from the documents when the file lacks them, and older catalogs rewritten in this layout."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.core.storage import FolderProject
from annotator.core.storage.base import CatalogEntry
from annotator.core.storage.catalog_table import SINGLE_ROWS
from annotator.core.storage.folder import CATALOG_FILE
from annotator.core.storage.folder_catalog import CATALOG_VERSION, SOURCES_FILE


def _project(tmp_path: Path, count: int = SINGLE_ROWS + 4) -> tuple[Path, list[CatalogEntry]]:
    """More documents than entries are made one by one from their documents: listing them all reads the file."""
    root = tmp_path / "p"
    with FolderProject.create(root, annotator="me") as project:
        project.add_documents(Document.create(f"d{i}", f"Title {i}\nText {i}.", source_file=f"in/d{i}.txt") for i in range(count))
        entries = list(project.documents())
    assert all(entry.source_file and entry.text_sha256 for entry in entries)
    return root, entries


def test_opening_and_the_list_read_no_source_file_or_hash(tmp_path: Path) -> None:
    root, entries = _project(tmp_path)
    with FolderProject.open(root, annotator="me") as project:
        documents = project.documents()
        assert (
            documents.ids() == [e.id for e in entries] and documents.titles() == [e.title for e in entries] and documents.dates() == [e.date for e in entries]
        )
        assert project.entry("d2") == entries[2] and documents[0] == entries[0]  # a few entries: from their documents
        assert not project._catalog.later_read
        assert list(documents) == entries  # every entry: the file beside is read, once
        assert project._catalog.later_read and project.entry("d2") == entries[2] and not project.warnings


@pytest.mark.parametrize("read_only", [False, True])
def test_a_catalog_of_five_columns_opens_and_is_rewritten_with_its_sources_beside(tmp_path: Path, read_only: bool) -> None:
    root, entries = _project(tmp_path)
    catalog = json.loads((root / CATALOG_FILE).read_bytes())
    sources = json.loads((root / SOURCES_FILE).read_bytes())
    v3 = json.dumps({**catalog, **sources, "schema_version": 3}).encode()  # as version 3 wrote it
    (root / CATALOG_FILE).write_bytes(v3)
    (root / SOURCES_FILE).unlink()
    with FolderProject.open(root, annotator="me", read_only=read_only) as project:
        assert list(project.documents()) == entries and not project.warnings
    if read_only:
        assert (root / CATALOG_FILE).read_bytes() == v3 and not (root / SOURCES_FILE).exists()
    else:
        assert json.loads((root / CATALOG_FILE).read_bytes()) == {**catalog, "schema_version": CATALOG_VERSION}
        assert json.loads((root / SOURCES_FILE).read_bytes()) == sources
    with FolderProject.open(root, annotator="me") as project:
        assert list(project.documents()) == entries and not project.warnings


def test_a_missing_sources_file_is_made_again_from_the_documents(tmp_path: Path) -> None:
    root, entries = _project(tmp_path)
    written = (root / SOURCES_FILE).read_bytes()
    (root / SOURCES_FILE).unlink()
    with FolderProject.open(root, annotator="me") as project:
        assert list(project.documents()) == entries and not project.warnings
    assert (root / SOURCES_FILE).read_bytes() == written


@pytest.mark.parametrize("content", [b"{broken", b'{"schema_version": 4, "id": ["d0"], "source_file": [1]}', b'{"schema_version": 9, "id": []}', b"[]"])
def test_a_sources_file_that_fails_validation_is_reported_and_left_as_it_is(tmp_path: Path, content: bytes) -> None:
    root, entries = _project(tmp_path)
    (root / SOURCES_FILE).write_bytes(content)
    with FolderProject.open(root, annotator="me") as project:
        assert list(project.documents()) == entries  # from the documents
        assert any(SOURCES_FILE in warning and "could not be read" in warning for warning in project.warnings), project.warnings
    assert (root / SOURCES_FILE).read_bytes() == content


def test_sources_of_another_set_of_documents_are_matched_by_id(tmp_path: Path) -> None:
    """A crash between the two writes, or another tool: the file's ids in another order, one missing, one more."""
    root, entries = _project(tmp_path)
    sources = json.loads((root / SOURCES_FILE).read_bytes())
    rows = list(zip(sources["id"], sources["source_file"], sources["text_sha256"]))
    rows = [*reversed(rows[1:]), ("gone", "gone.txt", "ab" * 32)]
    (root / SOURCES_FILE).write_text(json.dumps({"schema_version": 4, **dict(zip(("id", "source_file", "text_sha256"), map(list, zip(*rows))))}))
    with FolderProject.open(root, annotator="me") as project:
        assert list(project.documents()) == entries and not project.warnings
    assert json.loads((root / SOURCES_FILE).read_bytes()) == sources  # written again, as the catalog lists them


def test_a_sources_file_leading_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    root, entries = _project(tmp_path)
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"schema_version": 4, "id": [e.id for e in entries], "source_file": ["stolen"] * len(entries)}))
    (root / SOURCES_FILE).unlink()
    (root / SOURCES_FILE).symlink_to(outside)
    with FolderProject.open(root, annotator="me") as project:
        assert list(project.documents()) == entries
        assert any(SOURCES_FILE in warning and "outside the project" in warning for warning in project.warnings), project.warnings
    assert (root / SOURCES_FILE).is_symlink() and "stolen" in outside.read_text()


def test_adding_documents_to_a_catalog_whose_sources_are_not_read_keeps_every_source(tmp_path: Path) -> None:
    root, entries = _project(tmp_path)
    with FolderProject.open(root, annotator="me") as project:
        assert not project._catalog.later_read
        added = project.add_documents([Document.create("new", "New\nText.", source_file="in/new.txt")])
        assert list(project.documents()) == [*entries, *added]
    sources = json.loads((root / SOURCES_FILE).read_bytes())
    assert sources["id"] == [*(e.id for e in entries), "new"] and sources["source_file"] == [*(e.source_file for e in entries), "in/new.txt"]
    with FolderProject.open(root, annotator="me") as project:
        assert list(project.documents()) == [*entries, *added]


def test_a_view_kept_after_its_project_is_dropped_still_reads_its_sources(tmp_path: Path) -> None:
    root, entries = _project(tmp_path)
    project = FolderProject.open(root, annotator="me")
    documents, gone = project.documents(), weakref.ref(project)
    project.close()
    del project
    gc.collect()
    assert gone() is None  # the catalog kept no project (nor its lock) alive
    assert list(documents) == entries
