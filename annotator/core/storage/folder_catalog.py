"""Reading and writing ``catalog.json`` fast: columns, one parse, every id checked in one call.

Since version 3 the catalog is written as columns, one JSON list per field::

    {"schema_version": 3, "id": [...], "title": [...], "date": [...], "source_file": [...], "text_sha256": [...]}

(an optional column whose every value is empty is left out; an empty value is ``null``).
Opening a project of 100,000 articles spent most of its time on the old layout, a list of
one object per document: pydantic made a dict per document (145 ms) and the store two more
passes over them. Columns parse into five lists of strings in one orjson pass, each column's
types checked in C (the dates as strings, then each distinct date once by pydantic: a news
corpus has a few thousand days, not 100,000), which ``CatalogTable`` keeps as they are. The ids
are validated in Rust in one call (``Identifier``'s pattern); a catalog the fast pass refuses goes the careful way
(``json.loads`` and a lax validation), which reports its problems as before, and a catalog
with an unsafe id is checked entry by entry, which names it as before.

Since version 4 the two columns that neither the opening nor the document list reads, each
document's source file and text hash (the longest: 64 characters a hash), are kept beside it in
``catalog-sources.json``, with the ids they belong to::

    {"schema_version": 4, "id": [...], "title": [...], "date": [...]}                  catalog.json
    {"schema_version": 4, "id": [...], "source_file": [...], "text_sha256": [...]}     catalog-sources.json

so that opening parses three columns of 100,000 strings instead of five (an orjson parse of 29
against 52 ms; 8 MB read instead of 17); the sources are parsed when something first reads
them (``parse_sources``; ``CatalogTable.defer``). The store writes the sources first: a crash
between the two writes leaves sources of more documents than the catalog lists, matched by id.

Catalogs of versions 1 to 3 (the list of objects, then the five columns in one file) are still
read, as before; the store rewrites them in the newest layout when it may write
(``ParsedCatalog.old_layout``).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import orjson
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from annotator.core.gc_pause import paused_gc
from annotator.core.model import SCHEMA_VERSION, Identifier
from annotator.core.storage.base import CatalogRecord, FileProblem
from annotator.core.storage.catalog_table import FIELDS, LATER_FIELDS, CatalogTable, Later, LaterColumns
from annotator.core.storage.records import describe_validation_error, has_surrogate_escape, read_json_object

# The fast parsers take true or 1.0 for a version; the careful path refuses them (not an integer).
INTEGER_VERSION = re.compile(rb'"schema_version"\s*:\s*[0-9]+\s*[,}]')
CATALOG_VERSION = 4  # id, title, date here, the sources beside; 3: all five columns here; 1 and 2 the list of objects
COLUMNS_VERSION = 3
SOURCES_FILE = "catalog-sources.json"


class Catalog(BaseModel):
    """The old layout (versions 1 and 2): one object per document."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built for an old catalog only, not at every start
    schema_version: int = SCHEMA_VERSION
    documents: list[CatalogRecord] = []


@dataclass
class _FastColumns:
    """The columns as the fast pass reads them: dates still strings (checked once per distinct date)."""

    id: list[str]
    title: list[str]
    date: list[str | None] | None
    source_file: list[str | None] | None
    text_sha256: list[str | None] | None
    version: int


_COLUMNS = frozenset({"schema_version", *FIELDS})
_COLUMNS_HERE = frozenset({"schema_version", *FIELDS[:3]})  # version 4: the sources are beside
_SOURCE_COLUMNS = frozenset({"schema_version", "id", *LATER_FIELDS})
_STRINGS, _STRINGS_OR_NULLS = frozenset({str}), frozenset({str, type(None)})


def _fast_columns(data: bytes) -> _FastColumns | None:
    """The columns by one orjson parse and a type check of each column but the ids in C; None for anything the
    careful way must look at. orjson refuses what no file can be written back with (a lone surrogate,
    NaN, an infinite number), and an exact ``int`` version is all the careful way accepts."""
    try:
        with paused_gc():
            raw = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(raw, dict) or type(raw.get("schema_version")) is not int:
        return None
    version = raw["schema_version"]
    if not (version == CATALOG_VERSION and raw.keys() <= _COLUMNS_HERE) and not (version == COLUMNS_VERSION and raw.keys() <= _COLUMNS):
        return None
    columns = [raw.get(name) for name in FIELDS]
    for position, column in enumerate(columns):
        required = position < 2
        if column is None and not required:
            continue
        if type(column) is not list:
            return None
        # The ids' types are checked with their pattern, in one call (``parse_catalog``).
        if position and not {*map(type, column)} <= (_STRINGS if required else _STRINGS_OR_NULLS):
            return None
    return _FastColumns(*columns, version=version)


class _CarefulColumns(BaseModel):
    """The columns validated the careful way, so that a problem is named by column and position."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built for a catalog the fast way refuses
    schema_version: int
    id: list[str]
    title: list[str]
    date: list[datetime.date | None] | None = None
    source_file: list[str | None] | None = None
    text_sha256: list[str | None] | None = None


class _CarefulColumnsHere(_CarefulColumns):
    """Version 4: the sources are beside (``SOURCES_FILE``), not here."""

    source_file: None = None
    text_sha256: None = None


_SAFE_IDS = TypeAdapter(list[Identifier])
_DATES = TypeAdapter(list[datetime.date])


@dataclass
class ParsedCatalog:
    table: CatalogTable  # every entry of the file (a later duplicate id replaces the earlier one)
    ids_checked: bool  # every id already known to be safe; else the caller checks them one by one
    old_layout: bool  # an older layout (versions 1 to 3): to be rewritten in the newest
    sources_beside: bool = False  # version 4: the source files and hashes are in SOURCES_FILE (the table's are None)


def parse_catalog(path: Path, data: bytes) -> ParsedCatalog:
    """The catalog of ``data`` (raises FileProblem or ValidationError naming the problem).

    Columns: one orjson parse and a type check per column in C, then the ids in one call; the old
    layout: one strict pass of pydantic's JSON parser. Anything the fast pass refuses goes the
    careful way, which reports the problem as before (and whose ids the caller checks one by one)."""
    columns = _fast_columns(data)
    if columns is not None:
        # Every id a safe name proves every id a string; else the types are checked here, in C.
        ids_checked = all_safe_ids(columns.id)
        table = _fast_table(columns) if ids_checked or {*map(type, columns.id)} <= _STRINGS else None
        if table is not None:
            newest = columns.version == CATALOG_VERSION
            return ParsedCatalog(table, ids_checked, old_layout=not newest, sources_beside=newest)
    value = read_json_object(path, data, newest=CATALOG_VERSION)
    version = value.get("schema_version")
    if version in (COLUMNS_VERSION, CATALOG_VERSION):
        try:
            columns_read = (_CarefulColumns if version == COLUMNS_VERSION else _CarefulColumnsHere).model_validate(value)
        except ValidationError as error:
            raise FileProblem(path, describe_validation_error(error)) from None
        newest = version == CATALOG_VERSION
        return ParsedCatalog(_careful_table(path, columns_read), ids_checked=False, old_layout=not newest, sources_beside=newest)
    return _parse_rows(path, data, value)


def _fast_table(columns: _FastColumns) -> CatalogTable | None:
    """The table of a strictly parsed catalog; None when the careful way must say what is wrong
    (columns of different lengths, a date that is no date)."""
    count = len(columns.id)
    optional = [column if column is not None else [None] * count for column in (columns.date, columns.source_file, columns.text_sha256)]
    if len(columns.title) != count or any(len(column) != count for column in optional):
        return None
    texts, source_files, shas = optional
    distinct = [text for text in set(texts) if text is not None]
    try:
        days = dict(zip(distinct, _DATES.validate_json(orjson.dumps(distinct), strict=True)))
    except ValidationError:
        return None
    days[None] = None  # type: ignore[index]
    dates = list(map(days.__getitem__, texts))
    table = CatalogTable((columns.id, columns.title, dates, source_files, shas))  # type: ignore[arg-type]
    if not table.distinct():  # a repeated id: as the old layout, the later entry in the earlier's place
        table = CatalogTable.from_records(dict(zip(FIELDS, row)) for row in zip(columns.id, columns.title, dates, source_files, shas))
    return table


def _careful_table(path: Path, columns: _CarefulColumns) -> CatalogTable:
    count = len(columns.id)
    named = {"title": columns.title, "date": columns.date, "source_file": columns.source_file, "text_sha256": columns.text_sha256}
    for name, column in named.items():
        if column is not None and len(column) != count:
            raise FileProblem(path, [f"{name}: {len(column)} values for {count} document ids (every column holds one value per document)"])
    filled = [column if column is not None else [None] * count for column in named.values()]
    return CatalogTable.from_records(dict(zip(FIELDS, row)) for row in zip(columns.id, *filled))


def _parse_rows(path: Path, data: bytes, careful: dict | None = None) -> ParsedCatalog:
    """A catalog of versions 1 and 2, read as before: strictly in one pass, else the careful way."""
    try:
        with paused_gc():
            catalog: Catalog | None = Catalog.model_validate_json(data, strict=True)  # strict: only what the careful way accepts
    except ValidationError:
        catalog = None
    if catalog is None or not INTEGER_VERSION.search(data) or has_surrogate_escape(data) or not 1 <= catalog.schema_version <= SCHEMA_VERSION:
        records = Catalog.model_validate(careful if careful is not None else read_json_object(path, data)).documents
        return ParsedCatalog(CatalogTable.from_records(records), ids_checked=False, old_layout=True)
    records = catalog.documents
    return ParsedCatalog(CatalogTable.from_records(records), all_safe_ids(list(map(itemgetter("id"), records))), old_layout=True)


def all_safe_ids(ids: list[str]) -> bool:
    """True if ``is_safe_identifier`` holds for every id, checked in Rust in one call (100,000 ids:
    a few ms against 35 ms of Python calls). False may still mean all are safe (``$`` in Python's
    pattern lets one trailing newline through): then the caller checks them one by one."""
    try:
        _SAFE_IDS.validate_python(ids)
    except ValidationError:
        return False
    return True


def dump_catalog(catalog: CatalogTable | list[CatalogRecord]) -> bytes:
    """The catalog file of ``catalog``: ids, titles, dates as columns (see the module docstring); the
    sources go beside it (``dump_sources``). An empty date is null; a date column of nothing but
    empty values is left out (see ``core.compact``)."""
    table = catalog if isinstance(catalog, CatalogTable) else CatalogTable.from_records(catalog)  # type: ignore[arg-type]
    ids, titles, dates, _sources, _shas = table.columns()
    data: dict[str, object] = {"schema_version": CATALOG_VERSION, "id": ids, "title": titles}
    _optional(data, (("date", dates),))
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"  # orjson writes a date as its ISO text


def dump_sources(catalog: CatalogTable | list[CatalogRecord]) -> bytes:
    """``SOURCES_FILE`` of ``catalog``: the ids, then each one's source file and text hash (empty as null, a column of nothing but empty values left out)."""
    table = catalog if isinstance(catalog, CatalogTable) else CatalogTable.from_records(catalog)  # type: ignore[arg-type]
    ids, _titles, _dates, sources, shas = table.columns()
    return _sources_file(ids, sources, shas)


def _sources_file(ids: list[str], sources: list[str | None], shas: list[str | None]) -> bytes:
    data: dict[str, object] = {"schema_version": CATALOG_VERSION, "id": ids}
    _optional(data, zip(LATER_FIELDS, (sources, shas)))
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def _optional(data: dict[str, object], columns: Iterable[tuple[str, list]]) -> None:
    for name, column in columns:
        if any(column):  # in C: a date is true, None and "" are not
            data[name] = [value or None for value in column] if "" in column else column  # "" is written as nothing, as before


def parse_sources(path: Path, data: bytes, ids: list[str]) -> tuple[Later, list[str]]:
    """The source files and hashes in ``SOURCES_FILE`` of each of ``ids``, and the ids it does not hold
    (their values None); FileProblem for a file of another shape. In C but for ids the file holds
    in another order or not at all (a crash between the two writes, another tool)."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise FileProblem(path, [f"not valid JSON ({error})"]) from None
    if not isinstance(raw, dict) or type(raw.get("schema_version")) is not int or raw["schema_version"] != CATALOG_VERSION:
        raise FileProblem(path, [f"expected an object with schema_version {CATALOG_VERSION}"])
    if not raw.keys() <= _SOURCE_COLUMNS:
        raise FileProblem(path, [f"unexpected field {sorted(raw.keys() - _SOURCE_COLUMNS)[0]!r}"])
    held = raw.get("id")
    if type(held) is not list or not {*map(type, held)} <= _STRINGS:
        raise FileProblem(path, ["id: expected a list of document ids"])
    columns = []
    for name in LATER_FIELDS:
        column = raw.get(name)
        if name not in raw:  # left out: no document has one (an explicit null is no column: refused below)
            column = [None] * len(held)
        elif type(column) is not list or len(column) != len(held) or not {*map(type, column)} <= _STRINGS_OR_NULLS:
            raise FileProblem(path, [f"{name}: expected one text or null for each of the {len(held)} ids"])
        columns.append(column)
    sources, shas = columns
    if held == ids:  # in C: the file as this program writes it
        return (sources, shas), []
    position = dict(zip(held, itertools.count()))  # a later repeat wins, as in the catalog
    found = list(map(position.get, ids))
    missing = [doc_id for doc_id, at in zip(ids, found) if at is None]
    return ([None if at is None else sources[at] for at in found], [None if at is None else shas[at] for at in found]), missing


class SourcesBeside:
    """``SOURCES_FILE`` of a version-4 catalog, read when its columns are first wanted (``LaterColumns``).

    What the file lacks (missing, refused, or written before the catalog's last change) is taken
    from the documents themselves, the truth the catalog caches, and the file written again by
    ``write`` (which writes only while the store may); a file that fails validation is reported
    and never overwritten."""

    def __init__(
        self,
        path: Path,
        read: Callable[[Path], bytes],
        document: Callable[[str], tuple[str | None, str | None] | None],
        write: Callable[[bytes], None],
        warn: Callable[[str], None],
    ) -> None:
        self._path, self._read, self._document, self._write, self._warn = path, read, document, write, warn
        self.refused = False  # the file could not be read: the store never writes it (its values came from the documents)

    def later(self, ids: list[str]) -> LaterColumns:
        return LaterColumns(ids, self.columns, self._document)

    def columns(self, ids: list[str]) -> Later:
        refused = False
        try:
            (sources, shas), missing = parse_sources(self._path, self._read(self._path), ids)
        except FileNotFoundError:
            (sources, shas), missing = ([None] * len(ids), [None] * len(ids)), ids
        except (FileProblem, OSError) as error:
            refused = self.refused = True
            self._warn(f"{SOURCES_FILE} could not be read ({error}); the source files and hashes were read from the documents and the file left as it is")
            (sources, shas), missing = ([None] * len(ids), [None] * len(ids)), ids
        if missing:
            position = dict(zip(ids, itertools.count()))
            for doc_id in missing:
                row = self._document(doc_id)
                if row is not None:
                    sources[position[doc_id]], shas[position[doc_id]] = row
            if not refused:
                try:
                    self._write(_sources_file(ids, sources, shas))
                except OSError:
                    pass  # only a cache: read from the documents again next time
        return sources, shas
