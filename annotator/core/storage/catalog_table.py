"""The catalog in memory as columns: one list per field, one dict from id to position.

Opening a project of 100,000 documents used to make a dict per document (the parse of
the file's list of objects, then an id-to-record dict, then the document list's own
id-to-row dict): three passes over the corpus before the first article was shown. The
table holds what the columnar catalog file (``folder_catalog``) parses into, unchanged:
five lists made by the parser and one index made in C; a document's record (and its
``CatalogEntry``) is made only when something reads that document.

Views share the lists (``snapshot``); the table copies them before it next changes, so a
view never sees a later edit (copy on write: one copy per batch of changes, none per read).

The source file and text hash of each document (the two longest columns, which neither the
opening nor the document list reads) may come later (``defer``): a ``LaterColumns`` gives a few
rows one by one and all of them once they are wanted; the table and its views share it.
"""

from __future__ import annotations

import datetime
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping

Columns = tuple[list[str], list[str], list["datetime.date | None"], list["str | None"], list["str | None"]]
FIELDS = ("id", "title", "date", "source_file", "text_sha256")
LATER_FIELDS = FIELDS[3:]
Later = tuple[list["str | None"], list["str | None"]]
# Rows made one by one before the columns are read (the entries the opening makes: the document
# it remembers, the first document's journal folder); past it the columns are read in one go.
SINGLE_ROWS = 16


class LaterColumns:
    """The later columns of a table's ids, read when first wanted (thread-safe).

    ``read_all(ids)`` gives both columns in the order of ``ids``; ``read_one(doc_id)`` one row, or
    None when it cannot (then all are read)."""

    __slots__ = ("_columns", "_ids", "_lock", "_read_all", "_read_one", "_rows")

    def __init__(self, ids: list[str], read_all: Callable[[list[str]], Later], read_one: Callable[[str], tuple[str | None, str | None] | None]) -> None:
        self._ids, self._read_all, self._read_one = ids, read_all, read_one
        self._columns: Later | None = None
        self._rows: dict[int, tuple[str | None, str | None]] = {}
        self._lock = threading.RLock()

    @property
    def read(self) -> bool:
        return self._columns is not None

    def columns(self) -> Later:
        with self._lock:
            if self._columns is None:
                self._columns = self._read_all(self._ids)
            return self._columns

    def row(self, position: int) -> tuple[str | None, str | None]:
        columns = self._columns
        if columns is None:
            with self._lock:
                row = self._rows.get(position)
                if row is None and self._columns is None and len(self._rows) < SINGLE_ROWS:
                    row = self._read_one(self._ids[position])
                    if row is not None:
                        self._rows[position] = row  # the same objects each time: the entry made of them is kept
                if row is not None:
                    return row
            columns = self.columns()
        return columns[0][position], columns[1][position]


class CatalogTable:
    """Documents in project order, by column. Not thread-safe; ``snapshot()`` hands out read-only views."""

    __slots__ = ("_dates", "_ids", "_index", "_later", "_shared", "_shas", "_sources", "_titles")

    def __init__(self, columns: Columns | None = None, index: dict[str, int] | None = None) -> None:
        """``columns`` of equal length and distinct ids (the caller checked both); ``index`` their positions if known."""
        ids, titles, dates, sources, shas = columns if columns is not None else ([], [], [], [], [])
        self._ids, self._titles, self._dates, self._sources, self._shas = ids, titles, dates, sources, shas
        self._index = index if index is not None else dict(zip(ids, itertools.count()))  # in C
        self._shared = False
        self._later: LaterColumns | None = None  # the source files and hashes, while they are not read

    def defer(self, later: Callable[[list[str]], LaterColumns]) -> None:
        """Read the source files and text hashes later, from ``later(ids)`` (their values now are not used)."""
        self._later = later(self._ids)  # the other lists stay as they are (and shared, if they were)
        self._sources = self._shas = None  # type: ignore[assignment]

    @property
    def later_read(self) -> bool:
        """True once no column is still to be read."""
        return self._later is None or self._later.read

    def read_later(self) -> None:
        """Read the deferred columns now, in one read of their file: before many rows are made, each
        of which would otherwise read its document (the first ``SINGLE_ROWS``)."""
        self._read_later()

    def _read_later(self) -> None:
        """The later columns in place (shared with the views: the table copies them before a change)."""
        if self._later is not None:
            self._sources, self._shas = self._later.columns()
            self._later = None
            self._shared = True

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

    def distinct(self) -> bool:
        """True if no id was given twice to ``__init__`` (its index then holds every position)."""
        return len(self._index) == len(self._ids)

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
        self._read_later()
        self._shared = True
        return self._ids, self._titles, self._dates, self._sources, self._shas

    def record(self, position: int) -> dict[str, object]:
        """The record at ``position``, every field."""
        return dict(zip(FIELDS, self.row(position)))

    def row(self, position: int) -> tuple[str, str, datetime.date | None, str | None, str | None]:
        later = self._later
        if later is not None:
            source, sha = later.row(position)
            return self._ids[position], self._titles[position], self._dates[position], source, sha
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
        view._later = self._later  # shared: the columns are read once for the table and its views
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
        self._read_later()  # a change needs every column
        if self._shared:
            self._ids, self._titles, self._dates = list(self._ids), list(self._titles), list(self._dates)
            self._sources, self._shas, self._index = list(self._sources), list(self._shas), dict(self._index)
            self._shared = False
