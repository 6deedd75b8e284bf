"""The catalog's fast read: columns, one parse, every id checked in one call, the careful way for the rest; the old layout still read."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from annotator.core.model import SCHEMA_VERSION, Document, is_safe_identifier
from annotator.core.storage import FolderProject
from annotator.core.storage.base import CatalogEntries, CatalogEntry, CatalogRecord, FileProblem, catalog_dates, catalog_ids, catalog_titles
from annotator.core.storage.catalog_table import CatalogTable, LaterColumns
from annotator.core.storage.folder_catalog import CATALOG_VERSION, SOURCES_FILE, all_safe_ids, dump_catalog, dump_sources, parse_catalog, parse_sources
from annotator.core.storage.records import dump_json


def _data(*ids: str, version: object = CATALOG_VERSION) -> bytes:
    return json.dumps({"schema_version": version, "id": list(ids), "title": [f"T {i}" for i in ids], "date": ["2024-02-23"] * len(ids)}).encode()


def test_a_catalog_of_safe_ids_is_read_in_one_pass_and_vouched_for(tmp_path: Path) -> None:
    parsed = parse_catalog(tmp_path / "catalog.json", _data("a", "b-1", "c.v2"))
    assert parsed.ids_checked and not parsed.old_layout and parsed.table.ids() == ["a", "b-1", "c.v2"]
    assert parsed.table.dates() == [datetime.date(2024, 2, 23)] * 3 and parsed.table.titles() == ["T a", "T b-1", "T c.v2"]


@pytest.mark.parametrize("unsafe", ["../x", "CON", "a..b", "é"])
def test_an_unsafe_id_leaves_the_ids_to_be_checked_one_by_one(tmp_path: Path, unsafe: str) -> None:
    parsed = parse_catalog(tmp_path / "catalog.json", _data("a", unsafe))
    assert not parsed.ids_checked and parsed.table.ids() == ["a", unsafe]


@pytest.mark.parametrize("version", [True, 1.0, "3"])
def test_what_the_fast_pass_refuses_goes_the_careful_way(tmp_path: Path, version: object) -> None:
    with pytest.raises(FileProblem, match="schema_version"):
        parse_catalog(tmp_path / "catalog.json", _data("a", version=version))


def test_a_repeated_id_keeps_its_first_place_and_its_last_values(tmp_path: Path) -> None:
    """As the old layout was read (into a dict): the later entry replaces the earlier one in its place."""
    data = json.dumps({"schema_version": 3, "id": ["a", "b", "a"], "title": ["first", "B", "last"]}).encode()
    table = parse_catalog(tmp_path / "catalog.json", data).table
    assert table.ids() == ["a", "b"] and table.titles() == ["last", "B"] and table.position("b") == 1


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


def _read_back(records: list[CatalogRecord]) -> CatalogTable:
    """The table read from what the store writes: the catalog, and the sources beside it when first wanted."""
    path, sources = Path("catalog.json"), dump_sources(records)
    parsed = parse_catalog(path, dump_catalog(records))
    assert parsed.sources_beside and not parsed.old_layout
    parsed.table.defer(lambda ids: LaterColumns(ids, lambda wanted: parse_sources(path, sources, wanted)[0], lambda _doc_id: None))
    return parsed.table


def _columns_v3(records: list[CatalogRecord]) -> bytes:
    """The catalog as version 3 wrote it: all five columns in one file."""
    written = {"schema_version": 3, **json.loads(dump_catalog(records)), **json.loads(dump_sources(records))}
    return json.dumps({**written, "schema_version": 3}).encode()


@pytest.mark.parametrize("entries", [ENTRIES, ENTRIES[1:2], []], ids=["three", "empty-fields", "none"])
def test_dump_catalog_writes_columns_that_read_back_as_the_entries(entries: list[CatalogEntry], tmp_path: Path) -> None:
    records = [CatalogRecord(**entry.model_dump()) for entry in entries]  # type: ignore[typeddict-item]
    written, beside = json.loads(dump_catalog(records)), json.loads(dump_sources(records))
    assert written["schema_version"] == beside["schema_version"] == CATALOG_VERSION and written["id"] == beside["id"] == [entry.id for entry in entries]
    assert written.keys() <= {"schema_version", "id", "title", "date"} and beside.keys() <= {"schema_version", "id", "source_file", "text_sha256"}
    assert all(name in {"schema_version", "id", "title"} or any(column) for name, column in [*written.items(), *beside.items()])  # an empty column is left out
    old_bytes = dump_json(_EntryCatalog(documents=entries))  # the old layout (versions 1 and 2: a list of objects)
    as_before = _EntryCatalog.model_validate_json(old_bytes).documents  # an empty source file was read back as None
    assert list(CatalogEntries(_read_back(records))) == as_before
    old = parse_catalog(tmp_path / "catalog.json", old_bytes)  # still read, as before
    assert list(CatalogEntries(old.table)) == as_before and old.old_layout
    v3 = parse_catalog(tmp_path / "catalog.json", _columns_v3(records))  # and version 3's five columns
    assert list(CatalogEntries(v3.table)) == as_before and v3.old_layout and not v3.sources_beside


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.builds(
            CatalogEntry,
            id=st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True),
            title=_TEXT,
            date=st.none() | st.dates(),
            source_file=st.none() | _TEXT,
            text_sha256=st.none() | st.sampled_from(["", "ab" * 32]),
        ),
        max_size=8,
    )
)
def test_any_catalog_reads_back_from_columns_as_from_the_old_layout(entries: list[CatalogEntry]) -> None:
    path = Path("catalog.json")  # only named in messages
    records = [CatalogRecord(**e.model_dump()) for e in entries]  # type: ignore[typeddict-item]
    from_columns = list(CatalogEntries(_read_back(records)))
    from_rows = list(CatalogEntries(parse_catalog(path, dump_json(_EntryCatalog(documents=entries))).table))
    from_v3 = list(CatalogEntries(parse_catalog(path, _columns_v3(records)).table))
    assert from_columns == from_rows == from_v3


def test_a_view_of_the_table_never_sees_a_later_change() -> None:
    table = CatalogTable.from_records([{"id": "a", "title": "A"}, {"id": "b", "title": "B"}])
    view = table.snapshot()
    index = table.index
    table.put({"id": "a", "title": "A2"})
    table.put({"id": "c", "title": "C"})
    table.pop("b")
    assert view.titles() == ["A", "B"] and dict(index) == {"a": 0, "b": 1} and "c" not in view
    assert table.ids() == ["a", "c"] and table.titles() == ["A2", "C"] and table.position("c") == 1 and "b" not in table


def test_catalog_entries_are_made_when_read_once_and_kept_with_their_record() -> None:
    records = [CatalogRecord(**entry.model_dump(exclude_none=True)) for entry in ENTRIES]  # type: ignore[typeddict-item]
    cache: dict = {}
    entries = CatalogEntries(records, cache)
    assert dict(entries.positions()) == {"a": 0, "b": 1, "c": 2}
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


@pytest.mark.parametrize("read_only", [False, True])
def test_a_catalog_of_the_old_layout_opens_and_is_rewritten_as_columns_when_writable(tmp_path: Path, read_only: bool) -> None:
    with FolderProject.create(tmp_path / "p", annotator="me") as project:
        project.add_documents(Document.create(f"d{i}", f"Title {i}\nText {i}.", source_file=f"d{i}.txt") for i in range(3))
        entries = list(project.documents())
    old = dump_json(_EntryCatalog(schema_version=2, documents=entries))
    (tmp_path / "p" / "catalog.json").write_bytes(old)
    with FolderProject.open(tmp_path / "p", annotator="me", read_only=read_only) as project:
        assert list(project.documents()) == entries and not project.warnings
    now = (tmp_path / "p" / "catalog.json").read_bytes()
    if read_only:
        assert now == old
    else:
        records = [CatalogRecord(**e.model_dump()) for e in entries]  # type: ignore[typeddict-item]
        assert json.loads(now)["schema_version"] == CATALOG_VERSION and now == dump_catalog(records)
        assert (tmp_path / "p" / SOURCES_FILE).read_bytes() == dump_sources(records)
    with FolderProject.open(tmp_path / "p", annotator="me") as project:
        assert list(project.documents()) == entries


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b'{"schema_version": 3, "id": ["a", 1], "title": ["A", "B"]}', "id.1"),
        (b'{"schema_version": 3, "id": ["a"], "title": [null]}', "title.0"),
        (b'{"schema_version": 3, "id": ["a"], "title": ["A"], "source_file": [["x"]]}', "source_file.0"),
        (b'{"schema_version": 3, "id": ["a"], "title": ["\\ud800"]}', "not valid JSON"),  # a lone surrogate: no file can hold it
        (b'{"schema_version": 3, "id": ["a"], "title": ["A"], "shelf": []}', "shelf"),
        (b'{"schema_version": 3, "id": ["a"]}', "title"),
    ],
)
def test_a_column_the_fast_pass_refuses_is_named_by_the_careful_way(tmp_path: Path, data: bytes, named: str) -> None:
    with pytest.raises(FileProblem, match=named.replace(".", r"\.")):
        parse_catalog(tmp_path / "catalog.json", data)
