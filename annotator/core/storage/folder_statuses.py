"""The folder backend's status cache: ``annotations/<annotator>/_status.json`` holds the status of
each document, so that the document list opens without reading every annotation file.

It is written grouped by status, ``{"done": [ids], "in progress": [ids]}``, each list sorted: a
list of ids per status parses about six times faster than one key per document (100,000
documents: 5 against 30 ms). Opening keeps the groups as they are parsed (``_Groups``): the
document list asks for the status of the rows it paints, a binary search in each sorted group,
so no dict of 100,000 keys is made before the first article is shown (7 of 9 ms of the load).
The id-to-status dict is made in C (``dict.fromkeys``) once lookups become many (the filter
matching a status text asks for every document) or the cache changes. A group that is not sorted
(written by another tool) is made into the dict at once, as before. The older layout, one
``"id": "status"`` per document, is still read, and replaced at the next write.

It is only a cache. A missing or unusable file is rebuilt from the annotation files (the
status sits in each file's head, written before the spans) and the user is told; a cache that
cannot be written is removed, so the next opening rebuilds it instead of trusting a stale one.
Writing it never fails a save.
"""

from __future__ import annotations

import json
import os
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Container
from pathlib import Path

import orjson

from annotator.core.atomic import atomic_write
from annotator.core.model import DocumentStatus
from annotator.core.safe_files import describe_os_error, read_head, read_regular
from annotator.core.storage.base import FileProblem, ProjectError

# Not "status.json": that is also the annotation file of a document whose id is "status".
STATUS_FILE = "_status.json"
# No file of a project is read past this size (a document of 20 MB of text is well under it).
MAX_FILE_BYTES = 256_000_000
_STATUS_IN_HEAD = re.compile(rb'"status"\s*:\s*"([a-z ]+)"')
_BY_TEXT = {status.value: status for status in DocumentStatus}  # faster than DocumentStatus(v) x 10,000


def write_settled(path: Path, data: bytes) -> None:
    """``atomic_write``, except that a failure after the rename (the folder's fsync) is no failure.

    The new file is then in place; calling the write failed would make the caller
    keep expecting the old version, and refuse every later save as a concurrent change.
    """
    try:
        atomic_write(path, data)
    except OSError:
        try:
            in_place = read_regular(path, limit=MAX_FILE_BYTES) == data
        except OSError:
            in_place = False
        if not in_place:
            raise


def _parse(data: bytes) -> object:
    """``json.loads``, by orjson where it can (a quarter of the time); what orjson refuses goes to
    ``json.loads``, so the file is accepted or refused exactly as before."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def dump_statuses(statuses: dict[str, str]) -> bytes:
    """The status cache's bytes for ``statuses`` (id to status text): grouped by status, each sorted."""
    grouped: dict[str, list[str]] = {}
    for doc_id, text in sorted(statuses.items()):
        grouped.setdefault(text, []).append(doc_id)
    return (json.dumps(dict(sorted(grouped.items())), indent=2) + "\n").encode()


# Lookups answered from the sorted groups before the dict is made: a screenful of rows, many
# times over (a binary search costs about a microsecond; the dict 7 ms at 100,000 documents).
SEARCHED_LOOKUPS = 2_000


class _Groups:
    """A status file's groups as parsed, each list of ids sorted: a status by binary search, no per-document dict."""

    __slots__ = ("groups", "lookups")

    def __init__(self, groups: list[tuple[str, list[str]]]) -> None:
        self.groups = groups  # in file order: a later group wins, as in the dict (``_statuses_of``)
        self.lookups = 0

    def get(self, doc_id: str) -> str | None:
        self.lookups += 1
        for text, ids in reversed(self.groups):
            position = bisect_left(ids, doc_id)
            if position < len(ids) and ids[position] == doc_id:
                return text
        return None

    def __bool__(self) -> bool:
        return any(ids for _text, ids in self.groups)


def _statuses_of(groups: list[tuple[str, list[str]]]) -> dict[str, str]:
    statuses: dict[str, str] = {}
    for text, ids in groups:
        statuses.update(dict.fromkeys(ids, text))  # in C
    return statuses


def _grouped(raw: object) -> _Groups | dict[str, str] | None:
    """The statuses of a file grouped by status (every key a status text, every value a list of ids):
    the groups as they are when every list is sorted (as this program writes them), else the
    id-to-status dict; None for a file of another shape."""
    if not isinstance(raw, dict) or not raw or not _BY_TEXT.keys() >= raw.keys() or {*map(type, raw.values())} != {list}:
        return None
    groups = list(raw.items())
    for _text, ids in groups:
        if not {*map(type, ids)} <= {str}:  # in C: a number, null or list among the ids refuses the file
            return None
    if all(ids == sorted(ids) for _text, ids in groups):  # in C, and about linear on a sorted list (0.7 ms for 100,000)
        return _Groups(groups)
    return _statuses_of(groups)


class FolderStatuses:
    """The statuses of one annotator's documents; ``record`` is safe from a save's worker thread."""

    def __init__(
        self,
        annotations_dir: Path,
        inside: Callable[[Path], Path],
        catalog: Callable[[], Container[str]],
        writable: Callable[[], bool],
        warn: Callable[[str], None],
    ) -> None:
        self._dir, self._inside, self._listed, self._writable, self._warn = annotations_dir, inside, catalog, writable, warn
        # May hold ids no longer in the catalog (the file is read without a look-up per id):
        # ``status`` never answers for them, and the first write leaves them out.
        # The status texts as the file holds them (a dict made by the parser is kept as it is), or
        # the file's sorted groups until lookups become many or a status changes (``_dict``).
        self._statuses: dict[str, str] | _Groups = {}
        self._pruned = True
        self._lock = threading.Lock()

    def load(self) -> None:
        path = self._dir / STATUS_FILE
        self._pruned = True
        try:
            raw = _parse(read_regular(self._inside(path), limit=MAX_FILE_BYTES))
        except FileNotFoundError:
            self._statuses = self._rebuild()
            return
        except (ValueError, RecursionError, OSError, ProjectError) as error:
            problem = str(error) if isinstance(error, ProjectError) else f"{type(error).__name__}: {str(error)[:200]}"
        else:
            # In C, not a Python step per document (100,000 documents: 110 -> 25 ms): every value a
            # status text (one set of the values: a list or a dict is unhashable, a number no status
            # text; a str subclass cannot come from a parser). Whether every key is a listed document
            # is left to ``status`` and the next write (a look-up per id was a third of the load).
            statuses = _grouped(raw)
            if statuses is None:
                try:
                    valid = isinstance(raw, dict) and _BY_TEXT.keys() >= set(raw.values())  # the older layout
                except TypeError:
                    valid = False
                statuses = raw if valid else None  # type: ignore[assignment]
            if statuses is not None:
                self._statuses = statuses
                self._pruned = not statuses
                return
            problem = "not a mapping of statuses to document ids"
        # Only a cache: rebuilt from the annotation files, and the user is told so.
        self._warn(f"{STATUS_FILE} could not be used ({problem}); rebuilt from the annotation files")
        self._statuses = self._rebuild(replace_broken=True)

    def status(self, doc_id: str) -> DocumentStatus:
        statuses = self._statuses
        if isinstance(statuses, _Groups) and statuses.lookups >= SEARCHED_LOOKUPS:
            statuses = self._dict()
        text = statuses.get(doc_id)
        return DocumentStatus.NEW if text is None or (not self._pruned and doc_id not in self._listed()) else _BY_TEXT[text]

    def _dict(self) -> dict[str, str]:
        """The id-to-status dict, made from the groups the first time it is needed."""
        with self._lock:
            return self._dict_locked()

    def _dict_locked(self) -> dict[str, str]:
        if isinstance(self._statuses, _Groups):
            self._statuses = _statuses_of(self._statuses.groups)
        return self._statuses

    def record(self, doc_id: str, status: DocumentStatus) -> None:
        with self._lock:
            # Taken under the lock: another thread's write may replace the dict (pruned) meanwhile.
            statuses = self._dict_locked()
            if statuses.get(doc_id) == status.value:
                return
            statuses[doc_id] = status.value
            self._write(statuses)

    def _rebuild(self, *, replace_broken: bool = False) -> dict[str, str]:
        statuses: dict[str, str] = {}
        try:
            entries = list(os.scandir(self._dir)) if self._dir.is_dir() else []
        except OSError:
            entries = []
        for entry in entries:
            doc_id = entry.name[:-5]
            if not entry.name.endswith(".json") or doc_id not in self._listed():
                continue
            try:
                # Only the status is needed: the head of the file holds it (we write it before the spans).
                found = _STATUS_IN_HEAD.search(read_head(entry.path, 1024))
                statuses[doc_id] = DocumentStatus(found.group(1).decode()).value if found else DocumentStatus.IN_PROGRESS.value
            except (ValueError, OSError):
                statuses[doc_id] = DocumentStatus.IN_PROGRESS.value
        if (statuses or replace_broken) and self._writable():
            # Written once, so the next open reads one small file instead of every annotation file.
            self._write(statuses)
        return statuses

    def _write(self, statuses: dict[str, str]) -> None:
        """Write the status cache; never raises (it is only a cache).

        When it cannot be written (disk full), the stale file is removed so that
        the next opening rebuilds it from the annotation files instead of
        trusting it.
        """
        path = self._dir / STATUS_FILE
        if not self._pruned:  # what the file held of documents no longer listed is dropped now
            listed = self._listed()
            statuses = {k: v for k, v in statuses.items() if k in listed}
            self._statuses, self._pruned = statuses, True
        try:
            # The folder, not the file: a symlinked cache file is replaced by os.replace, never followed.
            self._inside(path.parent)
        except FileProblem:
            return  # the annotations folder leads out of the project: nothing is written there
        try:
            write_settled(path, dump_statuses(statuses))
        except OSError as error:
            self._warn(f"{STATUS_FILE} could not be written ({describe_os_error(error)}); it is rebuilt at the next opening")
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
