"""The catalog in memory as columns: one list per field, one dict from id to position.

Opening a project of 100,000 documents used to make a dict per document (the parse of
the file's list of objects, then an id-to-record dict, then the document list's own
id-to-row dict): three passes over the corpus before the first article was shown. The
table holds what the columnar catalog file (``folder_catalog``) parses into, unchanged:
five lists made by the parser and one index made in C; a document's record (and its
``CatalogEntry``) is made only when something reads that document.

Views share the lists (``snapshot``); the table copies them before it next changes, so a
view never sees a later edit (copy on write: one copy per batch of changes, none per read).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator, Mapping

Columns = tuple[list[str], list[str], list["datetime.date | None"], list["str | None"], list["str | None"]]
FIELDS = ("id", "title", "date", "source_file", "text_sha256")


class CatalogTable:
    """Documents in project order, by column. Not thread-safe; ``snapshot()`` hands out read-only views."""

    __slots__ = ("_dates", "_ids", "_index", "_shared", "_shas", "_sources", "_titles")

    def __init__(self, columns: Columns | None = None, index: dict[str, int] | None = None) -> None:
        """``columns`` of equal length and distinct ids (the caller checked both); ``index`` their positions if known."""
        ids, titles, dates, sources, shas = columns if columns is not None else ([], [], [], [], [])
        self._ids, self._titles, self._dates, self._sources, self._shas = ids, titles, dates, sources, shas
        self._index = index if index is not None else dict(zip(ids, itertools.count()))  # in C
        self._shared = False

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object]]) -> CatalogTable:
        """A table of ``records`` (dicts of the catalog's fields); a later record of the same id replaces the earlier one in its place."""
        table = cls()
        for record in records:
            table.put(record)
        return table

    # --- reading ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def position(self, doc_id: str) -> int:
        """The position of ``doc_id``, -1 if it is not in the catalog."""
        return self._index.get(doc_id, -1)

    @property
    def index(self) -> Mapping[str, int]:
        """Id to position, read-only (a later change of the table never changes a mapping handed out)."""
        self._shared = True
        return self._index

    def ids(self) -> list[str]:
        return list(self._ids)

    def titles(self) -> list[str]:
        return list(self._titles)

    def dates(self) -> list[datetime.date | None]:
        return list(self._dates)

    def columns(self) -> Columns:
        """The five lists themselves, read-only (shared: the table copies them before it next changes)."""
        self._shared = True
        return self._ids, self._titles, self._dates, self._sources, self._shas

    def record(self, position: int) -> dict[str, object]:
        """The record at ``position``, every field."""
        return dict(zip(FIELDS, self.row(position)))

    def row(self, position: int) -> tuple[str, str, datetime.date | None, str | None, str | None]:
        return self._ids[position], self._titles[position], self._dates[position], self._sources[position], self._shas[position]

    def get(self, doc_id: str) -> dict[str, object] | None:
        position = self._index.get(doc_id)
        return None if position is None else self.record(position)

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(FIELDS, row)) for row in zip(*self.columns())]

    def snapshot(self) -> CatalogTable:
        """A view of the table as it is now, cheap (shares the lists); later changes of this table leave it as it is."""
        self._shared = True
        view = CatalogTable.__new__(CatalogTable)
        view._ids, view._titles, view._dates, view._sources, view._shas = self._ids, self._titles, self._dates, self._sources, self._shas
        view._index = self._index
        view._shared = True  # its lists are this table's: a view never changes them
        return view

    # --- changing ------------------------------------------------------------------------
    def put(self, record: Mapping[str, object]) -> None:
        """Add ``record`` at the end, or replace the record of its id in place."""
        self._own()
        doc_id = record["id"]
        assert isinstance(doc_id, str)
        values = (record.get("title"), record.get("date"), record.get("source_file"), record.get("text_sha256"))
        position = self._index.get(doc_id)
        if position is None:
            self._index[doc_id] = len(self._ids)
            self._ids.append(doc_id)
            for column, value in zip((self._titles, self._dates, self._sources, self._shas), values):
                column.append(value)  # type: ignore[attr-defined]
        else:
            for column, value in zip((self._titles, self._dates, self._sources, self._shas), values):
                column[position] = value  # type: ignore[index]

    def pop(self, doc_id: str) -> None:
        """Remove ``doc_id`` (if present); the positions after it move up."""
        position = self._index.get(doc_id)
        if position is None:
            return
        self._own()
        for column in (self._ids, self._titles, self._dates, self._sources, self._shas):
            del column[position]
        del self._index[doc_id]
        if position < len(self._ids):
            self._index = dict(zip(self._ids, itertools.count()))

    def _own(self) -> None:
        """Copy the lists (and index) a view shares before the first change after it was made."""
        if self._shared:
            self._ids, self._titles, self._dates = list(self._ids), list(self._titles), list(self._dates)
            self._sources, self._shas, self._index = list(self._sources), list(self._shas), dict(self._index)
            self._shared = False
