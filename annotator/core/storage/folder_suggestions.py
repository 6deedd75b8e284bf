"""The folder backend's suggestions: one small file per document, so nothing costs the corpus.

Layout, per annotator, outside ``annotations/`` (no annotation set ever holds a suggestion)::

    suggestions/<annotator>/pending/<doc>.json   a document's pending suggestions
    suggestions/<annotator>/rejected.json        every rejected key (rewritten whole: it is small,
                                                 a coder's rejections one by one)
    suggestions/<annotator>/counts.json          a cache: each pending file's count, size and mtime

A rejection rewrites ``rejected.json`` and the one document's file; a corpus run writes each
document's file once. Every file is written atomically and validated when read; a file that fails
validation is reported (``FileProblem``) and never overwritten, and the other documents go on.
``counts.json`` is only a cache: each entry is trusted while its file's size and mtime are as it
says, and an entry that is not is counted again from the file.

An old single file ``suggestions/<annotator>.json`` (before per-document storage) is split once,
on first use by a writable store, and kept as ``suggestions/<annotator>.json.bak``; a read-only
store serves it from memory as it is.

Thread-safety: every write holds one lock, so a corpus run storing from a worker thread and a
rejection from another never interleave their read-modify-write of the same file.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import orjson
from pydantic import ValidationError

from annotator.core.atomic import atomic_write, atomic_write_many
from annotator.core.model import Model, is_safe_identifier
from annotator.core.safe_files import describe_os_error, read_regular
from annotator.core.storage.base import FileProblem, ProjectError
from annotator.core.storage.records import describe_validation_error, read_json_object

if TYPE_CHECKING:  # the suggestions load with the first stored one read or written, not with the project (bench U1)
    from annotator.core.suggest.base import RejectionKey, Suggestion, SuggestionState


class FolderParts(Protocol):
    """What this module needs of the folder store (``FolderProject``), named here so that the two
    modules do not import each other."""

    root: Path
    annotator: str

    @property
    def writable(self) -> bool: ...

    def _inside(self, path: Path) -> Path: ...

    def _require_present(self) -> None: ...

    def _require_writable(self) -> None: ...


MAX_PENDING_BYTES = 64_000_000  # one document's pending suggestions
MAX_LEGACY_BYTES = 400_000_000  # the old single file of a whole corpus
COUNTS_FILE = "counts.json"
REJECTED_FILE = "rejected.json"


def _dump(record: Model) -> bytes:
    return orjson.dumps(record.model_dump(mode="json", exclude_none=True)) + b"\n"


class FolderSuggestions:
    """The suggestions of ``project.annotator`` in ``project``'s folder (see the module docstring)."""

    def __init__(self, project: FolderParts, write: Callable[[Path, bytes], None]) -> None:
        # A proxy, not a reference: no cycle, so a project dropped without close() still releases its lock at once.
        self._project = weakref.proxy(project)
        self._write = write
        self._lock = threading.RLock()
        self._split_done = False
        self._legacy: SuggestionState | None = None  # a read-only store's old single file
        self._counts: dict[str, tuple[int, int, int]] | None = None  # doc -> (count, size, mtime_ns)
        self._rejected: tuple[tuple[int, int], tuple[RejectionKey, ...]] | None = None  # ((size, mtime_ns), keys)

    # --- paths -------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self._project.root / "suggestions" / self._project.annotator

    @property
    def folders(self) -> tuple[Path, Path]:
        """Where temp files of a killed writer may be left."""
        return self.folder, self.folder / "pending"

    @property
    def legacy_path(self) -> Path:
        return self._project.root / "suggestions" / f"{self._project.annotator}.json"

    def pending_path(self, doc_id: str) -> Path:
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        return self._project._inside(self.folder / "pending" / f"{doc_id}.json")

    # --- the old single file ----------------------------------------------------------
    def _ready(self) -> None:
        """Split an old ``suggestions/<annotator>.json`` once (FileProblem, and it is left as it is, when it fails validation)."""
        if self._split_done:
            return
        with self._lock:
            if self._split_done:
                return
            path = self._project._inside(self.legacy_path)
            try:
                data = read_regular(path, limit=MAX_LEGACY_BYTES)
            except FileNotFoundError:
                self._split_done = True
                return
            except OSError as error:
                raise FileProblem(path, [f"cannot be read ({describe_os_error(error)})"]) from None
            try:
                from annotator.core.suggest.base import SuggestionState

                state = SuggestionState.model_validate_json(data)
            except ValidationError as error:
                raise FileProblem(path, describe_validation_error(error)) from None
            if not self._project.writable:
                self._legacy = state
                self._split_done = True
                return
            self._project._require_present()
            self._make_folders()
            rejected = self._read_rejected()
            self._write_rejected((*rejected, *(key for key in state.rejected if key not in set(rejected))))
            known = set(state.rejected) | set(rejected)
            counts = self._load_counts()
            self._replace_many({doc_id: [s for s in items if s.key not in known] for doc_id, items in state.pending.items()}, counts)
            self._save_counts(counts)
            os.replace(path, path.with_name(path.name + ".bak"))
            self._split_done = True

    # --- reading -----------------------------------------------------------------------
    def _parse_pending(self, path: Path, doc_id: str, data: bytes) -> tuple[Suggestion, ...]:
        try:
            from annotator.core.storage.suggestion_records import PendingRecord

            record = PendingRecord.model_validate(read_json_object(path, data))
        except ValidationError as error:
            raise FileProblem(path, describe_validation_error(error)) from None
        if record.document_id != doc_id or any(s.document_id != doc_id for s in record.suggestions):
            raise FileProblem(path, [f"holds suggestions of another document than {doc_id!r}"])
        return record.suggestions

    def _read_pending(self, doc_id: str) -> tuple[bytes | None, tuple[Suggestion, ...]]:
        path = self.pending_path(doc_id)
        try:
            data = read_regular(path, limit=MAX_PENDING_BYTES)
        except FileNotFoundError:
            return None, ()
        except OSError as error:
            raise FileProblem(path, [f"cannot be read ({describe_os_error(error)})"]) from None
        return data, self._parse_pending(path, doc_id, data)

    def load_pending(self, doc_id: str) -> tuple[Suggestion, ...]:
        self._ready()
        if self._legacy is not None:
            return self._legacy.pending.get(doc_id, ())
        return self._read_pending(doc_id)[1]

    def _read_rejected(self) -> tuple[RejectionKey, ...]:
        path = self._project._inside(self.folder / REJECTED_FILE)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return ()
        except OSError as error:
            raise FileProblem(path, [f"cannot be read ({describe_os_error(error)})"]) from None
        stamp = (info.st_size, info.st_mtime_ns)
        with self._lock:
            if self._rejected is not None and self._rejected[0] == stamp:
                return self._rejected[1]
            try:
                data = read_regular(path, limit=MAX_LEGACY_BYTES)
            except OSError as error:
                raise FileProblem(path, [f"cannot be read ({describe_os_error(error)})"]) from None
            try:
                from annotator.core.storage.suggestion_records import RejectedRecord

                keys = RejectedRecord.model_validate(read_json_object(path, data)).rejected
            except ValidationError as error:
                raise FileProblem(path, describe_validation_error(error)) from None
            self._rejected = (stamp, keys)
            return keys

    def load_rejected(self) -> frozenset[RejectionKey]:
        self._ready()
        if self._legacy is not None:
            return frozenset(self._legacy.rejected)
        return frozenset(self._read_rejected())

    # --- counts (a cache) -----------------------------------------------------------------
    def _load_counts(self) -> dict[str, tuple[int, int, int]]:
        """Each pending file's count: the cache's where its size and mtime still match, else counted
        from the file; a file that fails validation is left out (it is reported when opened)."""
        with self._lock:
            if self._counts is not None:
                return self._counts
            cached: dict[str, tuple[int, int, int]] = {}
            try:
                raw = orjson.loads(read_regular(self._project._inside(self.folder / COUNTS_FILE), limit=MAX_LEGACY_BYTES))
                if isinstance(raw, dict) and isinstance(raw.get("documents"), dict):
                    cached = {k: tuple(v) for k, v in raw["documents"].items() if isinstance(v, list) and len(v) == 3 and all(isinstance(n, int) for n in v)}
            except (OSError, ValueError, ProjectError):
                cached = {}  # only a cache: counted again from the files below
            counts: dict[str, tuple[int, int, int]] = {}
            changed = False
            folder = self.folder / "pending"
            try:
                entries = list(os.scandir(folder)) if folder.is_dir() else []
            except OSError:
                entries = []
            for entry in entries:
                doc_id = entry.name[:-5]
                if not entry.name.endswith(".json") or not is_safe_identifier(doc_id) or not entry.is_file(follow_symlinks=False):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                known = cached.get(doc_id)
                if known is not None and known[1:] == (info.st_size, info.st_mtime_ns):
                    counts[doc_id] = known
                    continue
                changed = True
                try:
                    counts[doc_id] = (len(self._read_pending(doc_id)[1]), info.st_size, info.st_mtime_ns)
                except ProjectError:
                    continue
            self._counts = counts
            if changed or len(counts) != len(cached):
                self._save_counts(counts)
            return counts

    def _save_counts(self, counts: dict[str, tuple[int, int, int]]) -> None:
        """Never raises: a cache that cannot be written is counted again at the next opening."""
        if not self._project.writable or not self.folder.is_dir():
            return
        try:
            path = self._project._inside(self.folder) / COUNTS_FILE
            atomic_write(path, orjson.dumps({"documents": {k: list(v) for k, v in sorted(counts.items())}}), durable=False)
        except (OSError, ProjectError):
            pass

    def pending_documents(self) -> dict[str, int]:
        self._ready()
        if self._legacy is not None:
            return {doc_id: len(items) for doc_id, items in self._legacy.pending.items() if items}
        return {doc_id: entry[0] for doc_id, entry in self._load_counts().items() if entry[0]}

    # --- writing -------------------------------------------------------------------------
    def _make_folders(self) -> None:
        # One level at a time, never the project folder itself (a project that is gone stays gone).
        for folder in (self._project.root / "suggestions", self.folder, self.folder / "pending"):
            folder.mkdir(exist_ok=True)
        self._project._inside(self.folder / "pending")

    def _write_rejected(self, keys: Sequence[RejectionKey]) -> None:
        path = self._project._inside(self.folder / REJECTED_FILE)
        from annotator.core.storage.suggestion_records import RejectedRecord

        self._write(path, _dump(RejectedRecord(rejected=tuple(keys))))
        info = os.stat(path)
        self._rejected = ((info.st_size, info.st_mtime_ns), tuple(keys))

    def _replace(self, doc_id: str, items: Sequence[Suggestion], counts: dict[str, tuple[int, int, int]]) -> None:
        """Replace ``doc_id``'s file by ``items`` (removed when empty); FileProblem, and nothing
        written, when the file there fails validation."""
        self._replace_many({doc_id: items}, counts)

    def _replace_many(self, changes: Mapping[str, Sequence[Suggestion]], counts: dict[str, tuple[int, int, int]]) -> list[FileProblem]:
        """Replace each document's file (removed when empty) in one batch of atomic writes; the files
        there that fail validation are left as they are and returned."""
        from annotator.core.storage.suggestion_records import PendingRecord

        refused: list[FileProblem] = []
        writes: list[tuple[str, Path, bytes, int]] = []
        for doc_id, items in changes.items():
            for suggestion in items:
                if suggestion.document_id != doc_id:
                    raise ProjectError(f"a suggestion of {suggestion.document_id!r} cannot be stored with {doc_id!r}'s")
            path = self.pending_path(doc_id)
            try:
                current, _old = self._read_pending(doc_id)  # validated: a file that fails is never overwritten
            except FileProblem as problem:
                refused.append(problem)
                continue
            kept = tuple(dict.fromkeys(items))
            if kept:
                writes.append((doc_id, path, _dump(PendingRecord(document_id=doc_id, suggestions=kept)), len(kept)))
            elif current is not None:
                path.unlink()
                counts.pop(doc_id, None)
        if len(writes) == 1:
            self._write(writes[0][1], writes[0][2])
        else:
            atomic_write_many([(path, data) for _doc, path, data, _n in writes])
        for doc_id, path, _data, number in writes:
            info = os.stat(path)
            counts[doc_id] = (number, info.st_size, info.st_mtime_ns)
        return refused

    def save_pending(self, changes: Mapping[str, Sequence[Suggestion]]) -> None:
        self._project._require_writable()
        self._ready()
        if not changes:
            return
        self._project._require_present()
        with self._lock:
            self._make_folders()
            rejected = set(self._read_rejected())
            counts = self._load_counts()
            try:
                refused = self._replace_many({doc_id: [s for s in items if s.key not in rejected] for doc_id, items in changes.items()}, counts)
            finally:
                self._save_counts(counts)
        _raise_refused(refused)

    def add_rejected(self, keys: Iterable[RejectionKey]) -> None:
        self._project._require_writable()
        self._ready()
        keys = list(dict.fromkeys(tuple(key) for key in keys))
        if not keys:
            return
        self._project._require_present()
        with self._lock:
            self._make_folders()
            stored = self._read_rejected()
            known = set(stored)
            new = [key for key in keys if key not in known]
            if new:
                self._write_rejected((*stored, *new))
            dropped = set(keys)
            counts = self._load_counts()
            for doc_id in dict.fromkeys(key[0] for key in keys):
                if doc_id not in counts:
                    continue  # nothing pending there (or a file that fails validation: left as it is)
                try:
                    _data, pending = self._read_pending(doc_id)
                    kept = [s for s in pending if s.key not in dropped]
                    if len(kept) != len(pending):
                        self._replace(doc_id, kept, counts)
                except FileProblem:
                    # Left as it is: the rejection is stored, and every reader leaves rejected keys out.
                    continue
            # counts.json is not rewritten for a rejection: its entry no longer matches the file's
            # mtime, so the next opening counts that one file again.


def _raise_refused(refused: list[FileProblem]) -> None:
    if not refused:
        return
    first = refused[0]
    more = f" (and {len(refused) - 1} more files)" if len(refused) > 1 else ""
    raise FileProblem(first.path, [*first.problems, f"not overwritten{more}; the other documents' suggestions were stored"])
