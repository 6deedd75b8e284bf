"""The catalog's fast read: one parse, every id checked in one call, the careful way for the rest."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from annotator.core.model import SCHEMA_VERSION, Document, is_safe_identifier
from annotator.core.storage import FolderProject
from annotator.core.storage.base import CatalogEntries, CatalogEntry, CatalogRecord, FileProblem, catalog_dates, catalog_ids, catalog_titles
from annotator.core.storage.folder_catalog import all_safe_ids, dump_catalog, parse_catalog
from annotator.core.storage.records import dump_json


def _data(*ids: str, version: object = 2) -> bytes:
    return json.dumps({"schema_version": version, "documents": [{"id": i, "title": f"T {i}", "date": "2024-02-23"} for i in ids]}).encode()


def test_a_catalog_of_safe_ids_is_read_in_one_pass_and_vouched_for(tmp_path: Path) -> None:
    catalog, checked = parse_catalog(tmp_path / "catalog.json", _data("a", "b-1", "c.v2"))
    assert checked and [record["id"] for record in catalog.documents] == ["a", "b-1", "c.v2"]
    assert str(catalog.documents[0]["date"]) == "2024-02-23"


@pytest.mark.parametrize("unsafe", ["../x", "CON", "a..b", "é"])
def test_an_unsafe_id_leaves_the_ids_to_be_checked_one_by_one(tmp_path: Path, unsafe: str) -> None:
    catalog, checked = parse_catalog(tmp_path / "catalog.json", _data("a", unsafe))
    assert not checked and [record["id"] for record in catalog.documents] == ["a", unsafe]


def test_what_the_fast_pass_refuses_goes_the_careful_way(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="schema_version"):
        parse_catalog(tmp_path / "catalog.json", _data("a", version=True))


def test_all_safe_ids_never_vouches_for_an_id_the_one_by_one_check_refuses() -> None:
    assert all_safe_ids([]) and all_safe_ids(["a", "s1", "doc-1.v2"])
    for ids in (["a", "../x"], ["CON"], ["a b"]):
        assert not all_safe_ids(ids) and not all(map(is_safe_identifier, ids))
    # Python's "$" lets one trailing newline through is_safe_identifier; the Rust check does not,
    # so such a catalog is checked one by one, as before.
    assert is_safe_identifier("a\n") and not all_safe_ids(["a\n"])


class _EntryCatalog(BaseModel):
    """The catalog as it was written before records: a model of entries, dumped by ``dump_json``."""

    schema_version: int = SCHEMA_VERSION
    documents: list[CatalogEntry] = []


ENTRIES = [
    CatalogEntry(id="a", title="A title", date=datetime.date(2024, 2, 23), source_file="in/a.txt", text_sha256="ab" * 32),
    CatalogEntry(id="b", title="", source_file=""),
    CatalogEntry(id="c", title="C", date=None, text_sha256=None),
]


@pytest.mark.parametrize("entries", [ENTRIES, ENTRIES[1:2], []], ids=["three", "empty-fields", "none"])
def test_dump_catalog_writes_the_bytes_a_catalog_of_entries_was_written_as(entries: list[CatalogEntry], tmp_path: Path) -> None:
    records = [CatalogRecord(**entry.model_dump()) for entry in entries]  # type: ignore[typeddict-item]
    data = dump_catalog(records)
    assert data == dump_json(_EntryCatalog(documents=entries))
    catalog, _checked = parse_catalog(tmp_path / "catalog.json", data)
    assert list(CatalogEntries(catalog.documents)) == _EntryCatalog.model_validate_json(data).documents  # as read before records


def test_catalog_entries_are_made_when_read_once_and_kept_with_their_record() -> None:
    records = [CatalogRecord(**entry.model_dump(exclude_none=True)) for entry in ENTRIES]  # type: ignore[typeddict-item]
    cache: dict = {}
    entries = CatalogEntries(records, cache)
    assert entries.ids() == catalog_ids(ENTRIES) == ["a", "b", "c"]
    assert entries.titles() == catalog_titles(ENTRIES) and entries.dates() == catalog_dates(ENTRIES)
    assert not cache  # ids, titles and dates make no entry
    assert len(entries) == 3 and entries[1] == ENTRIES[1] and entries[-1] == ENTRIES[2] and entries[0:2] == ENTRIES[:2]
    assert set(cache) == {"a", "b", "c"} and entries[0] is entries[0]
    assert list(entries) == ENTRIES and entries.index(ENTRIES[2]) == 2 and ENTRIES[0] in entries
    assert entries == ENTRIES and ENTRIES == entries and entries != ENTRIES[:2] and CatalogEntries([]) == []
    with pytest.raises(IndexError):
        entries[3]
    # A record replaced (a metadata edit) makes a new entry; the older view keeps the older one.
    newer = CatalogEntries([CatalogRecord(id="a", title="Renamed"), *records[1:]], cache)
    assert newer[0].title == "Renamed" and entries[0].title == "A title"
    assert entries[0].model_fields_set == ENTRIES[0].model_fields_set


def test_a_store_makes_catalog_entries_only_when_they_are_read(tmp_path: Path) -> None:
    with FolderProject.create(tmp_path / "p", annotator="me") as project:
        project.add_documents(Document.create(f"d{i}", f"Title {i}\nText {i}.") for i in range(3))
    with FolderProject.open(tmp_path / "p", annotator="me") as project:
        documents = project.documents()
        assert isinstance(documents, CatalogEntries) and documents.ids() == ["d0", "d1", "d2"]
        assert not project._entries  # the opening made no entry
        assert project.entry("d1") is documents[1] and documents[1].title == "Title 1"
        assert [entry.title for entry in documents] == ["Title 0", "Title 1", "Title 2"]
