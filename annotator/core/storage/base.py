"""The interface every project store implements, and the types they share.

A *project store* holds one corpus: its settings (label scheme, actor registry),
its documents, and one set of annotations per document per annotator. The
folder (``storage.folder``) is the default, embedded backend; a database is one
more subclass of ``ProjectStore``. The window, the CLI and every other part of
the core talk to this interface only and never learn where the bytes live.

Invariants every backend keeps (the fault suite tests them through this interface):

* **Nothing the coder saved is ever half-written.** A save either replaces the
  stored annotations completely or leaves the previous version untouched.
* **Nothing is read unvalidated.** Every document, annotation set and settings
  record is validated on load; what fails is reported (``FileProblem``) and is
  never overwritten afterwards, so a newer program's file or a hand edit survives.
* **Nothing is overwritten blindly.** ``save_annotations`` takes the
  ``Fingerprint`` of what was loaded and refuses (``ConcurrentChangeError``) when
  the stored version has changed since, whoever changed it.
* **Each coder writes only their own annotations**, and a read-only store
  (``writable`` is False) refuses every write with ``ReadOnlyError``.
* **Caches are only caches.** Catalogs and status indexes can always be rebuilt
  from the documents and annotation sets. A cache that cannot be read is rebuilt
  and the rebuild is said in ``warnings``; one that cannot be written (disk full)
  never makes the write it accompanies fail.
* **No edit the coder made is lost, whatever the disk does.** Each write is
  atomic (``core.atomic``: temp file, fsync, ``os.replace``, fsync of the
  folder), so a failure (``ENOSPC``, ``EIO``, ``EACCES``) or a kill at any step
  leaves the old or the new file, never a mix. Edits not yet saved live in
  memory and in the journal (``journal_path``, ``core.journal``), and a failed
  save leaves them both as they were, so the next successful save or the next
  start (recovery from the journal) still has every edit. A failed save must
  not change what the next save expects (``Fingerprint``): after a failure the
  next save goes through once there is space again. A project folder that is
  gone is never recreated (``ProjectGoneError``). ``tests/faults/test_write_faults.py``
  fails every write of every file at every step to prove it.
* **Readers cannot be tricked.** Only regular files are read (a FIFO or device
  is refused without blocking), within a size limit; symlink loops and links
  out of the project are refused; every parse error is a ``FileProblem`` naming
  the file (``tests/faults/test_hostile_readers.py``).
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import operator
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, overload

from pydantic import BaseModel, ConfigDict
from typing_extensions import NotRequired, TypedDict  # pydantic needs typing_extensions.TypedDict before Python 3.12

from annotator.core.model import (
    Actor,
    AnnotationFile,
    AnnotationProblem,
    Document,
    DocumentStatus,
    LabelScheme,
    ProjectSettings,
    Topic,
    link_problems,
    validate_annotations,
)
from annotator.core.storage.catalog_table import CatalogTable

if TYPE_CHECKING:  # the suggestions (with mentions and actors) load with the first one read or shown
    from annotator.core.suggest.base import RejectionKey, Suggestion, SuggestionState

JOURNAL_SUFFIX = ".jsonl"  # journal_path(doc_id).name is doc_id + this, in every backend


class ProjectError(Exception):
    """Something the user must be told about; ``str()`` is the message."""


class FileProblem(ProjectError):
    def __init__(self, path: Path, problems: Iterable[str]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(f"{path.name}: " + "; ".join(self.problems))


class ConcurrentChangeError(ProjectError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path.name} was changed on disk by another program since it was opened; not overwritten")


class ReadOnlyError(ProjectError):
    pass


class ProjectGoneError(ProjectError):
    """The project's folder was deleted or moved away while it was open; nothing was written."""


@dataclass(frozen=True)
class Fingerprint:
    """What an annotation file held when we read it (None: there was no file)."""

    sha256: str | None

    @classmethod
    def of_bytes(cls, data: bytes | None) -> Fingerprint:
        return cls(None if data is None else hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class LoadedAnnotations:
    annotation_file: AnnotationFile | None
    fingerprint: Fingerprint


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    date: datetime.date | None = None
    source_file: str | None = None
    # Absent from catalogs written before it existed; then the document has it.
    text_sha256: str | None = None


class CatalogRecord(TypedDict):
    """A ``CatalogEntry`` as parsed and validated, not yet made: a plain dict of the same fields
    (a dict of strings and dates costs a third of a model to make and is never tracked by the
    cyclic collector). A record always holds valid values: it is validated as ``CatalogEntry`` is."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    id: str
    title: str
    date: NotRequired[datetime.date | None]
    source_file: NotRequired[str | None]
    text_sha256: NotRequired[str | None]


# Entries made so far, by id; an entry is used again while its fields are still the very
# objects in the table (a metadata edit puts new ones: a new entry; an older view keeps the older one).
EntryCache = dict[str, CatalogEntry]


class CatalogEntries(Sequence[CatalogEntry]):
    """The catalog in project order, read-only, over a ``CatalogTable`` view (or a list of
    records): an entry is made (and kept in ``cache``, shared with the store) when it is first
    indexed or iterated, so opening 100,000 documents makes none. ``ids()``, ``titles()``,
    ``dates()`` and ``positions()`` read the columns without making entries; ``catalog_ids`` and
    friends do the same for any ``Sequence[CatalogEntry]``."""

    __slots__ = ("_cache", "_table")

    def __init__(self, records: CatalogTable | list[CatalogRecord], cache: EntryCache | None = None) -> None:
        self._table = records if isinstance(records, CatalogTable) else CatalogTable.from_records(records)  # type: ignore[arg-type]
        self._cache: EntryCache = {} if cache is None else cache

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, index: int) -> CatalogEntry: ...
    @overload
    def __getitem__(self, index: slice) -> list[CatalogEntry]: ...
    def __getitem__(self, index: int | slice) -> CatalogEntry | list[CatalogEntry]:
        if isinstance(index, slice):
            positions = range(len(self._table))[index]
            if len(positions) > 1:
                self._table.read_later()
            return [self._made(position) for position in positions]
        if index < 0:
            index += len(self._table)
        if not 0 <= index < len(self._table):
            raise IndexError("catalog index out of range")
        return self._made(index)

    def __iter__(self) -> Iterator[CatalogEntry]:
        self._table.read_later()  # every row: one read of the sources, not a document per row
        return map(self._made, range(len(self._table)))

    def __eq__(self, other: object) -> bool:  # as the list it stands for: store.documents() == []
        if isinstance(other, CatalogEntries | list | tuple):
            return len(self) == len(other) and all(map(operator.eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside; equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"CatalogEntries({len(self)} documents)"

    def _made(self, position: int) -> CatalogEntry:
        doc_id, title, date, source_file, text_sha256 = self._table.row(position)
        cached = self._cache.get(doc_id)
        if cached is not None and cached.title is title and cached.date is date and cached.source_file is source_file and cached.text_sha256 is text_sha256:
            return cached
        # Validated as a record: no second check. Only the fields the record has are set, as when read from its file.
        optional = {name: value for name, value in (("date", date), ("source_file", source_file), ("text_sha256", text_sha256)) if value is not None}
        entry = CatalogEntry.model_construct(id=doc_id, title=title, **optional)
        self._cache[doc_id] = entry
        return entry

    def ids(self) -> list[str]:
        return self._table.ids()

    def titles(self) -> list[str]:
        return self._table.titles()

    def dates(self) -> list[datetime.date | None]:
        return self._table.dates()

    def positions(self) -> Mapping[str, int]:
        """Id to position in this view (read-only; made with the table, not per call)."""
        return self._table.index


def record_of(entry: CatalogEntry) -> CatalogRecord:
    return CatalogRecord(id=entry.id, title=entry.title, date=entry.date, source_file=entry.source_file, text_sha256=entry.text_sha256)


def catalog_ids(entries: Sequence[CatalogEntry]) -> list[str]:
    """The ids of ``entries`` in order, without making entries that are not made yet."""
    return entries.ids() if isinstance(entries, CatalogEntries) else list(map(attrgetter("id"), entries))


def catalog_titles(entries: Sequence[CatalogEntry]) -> list[str]:
    return entries.titles() if isinstance(entries, CatalogEntries) else list(map(attrgetter("title"), entries))


def catalog_dates(entries: Sequence[CatalogEntry]) -> list[datetime.date | None]:
    return entries.dates() if isinstance(entries, CatalogEntries) else list(map(attrgetter("date"), entries))


def catalog_positions(entries: Sequence[CatalogEntry]) -> Mapping[str, int]:
    """Id to position in ``entries`` (read-only): the catalog's own index where it has one, else made here in C."""
    return entries.positions() if isinstance(entries, CatalogEntries) else dict(zip(catalog_ids(entries), itertools.count()))


def problems_on_load(document: Document, annotation_file: AnnotationFile, settings: ProjectSettings, annotator: str) -> list[AnnotationProblem]:
    """Why a stored annotation set may not be opened for ``annotator``: the rules every backend applies on load.

    A file of 5,000 spans that fit is checked in one pass over the columns its own check read
    (``validate_annotations``, ``link_problems`` and ``topic_problems`` look span by span only
    where that pass finds a misfit, and only at the spans with links)."""
    from annotator.core.codebook import Codebook, topic_problems

    problems = validate_annotations(document, annotation_file, settings.label_scheme, {actor.id for actor in settings.actors})
    problems.extend(topic_problems(annotation_file, Codebook(settings.topics)))
    if annotation_file.annotator != annotator:
        problems.insert(0, AnnotationProblem(span_id=None, message=f"belongs to annotator {annotation_file.annotator!r}, not {annotator!r}"))
    return problems


def problems_on_save(annotation_file: AnnotationFile, settings: ProjectSettings) -> list[AnnotationProblem]:
    """What the next load would refuse (a link to a missing span or actor, a topic outside the codebook): never stored."""
    from annotator.core.codebook import Codebook, topic_problems

    problems = link_problems(annotation_file, settings.label_scheme, {actor.id for actor in settings.actors})
    problems.extend(topic_problems(annotation_file, Codebook(settings.topics)))
    return problems


def check_new_documents(documents: list[Document], known: Iterable[str] | dict[str, object]) -> None:
    """Refuse a whole batch before anything is written: an id already in the project, twice in the
    batch, or unsafe as a name. Every backend checks a batch this way, so a refused batch adds nothing."""
    from annotator.core.model import is_safe_identifier

    seen: set[str] = set()
    for document in documents:
        if document.id in known:
            raise ProjectError(f"document id {document.id!r} is already in the project")
        if document.id in seen:
            raise ProjectError(f"document id {document.id!r} appears twice in the documents to add")
        if not is_safe_identifier(document.id):
            raise ProjectError(f"{document.id!r} is not a valid document id")
        seen.add(document.id)


class ProjectStore(ABC):
    """One open project. Not thread-safe except where a method says so; call ``close``."""

    settings: ProjectSettings
    annotator: str
    warnings: list[str]  # what the user must be told about the opening (caches rebuilt, read-only...)

    # --- the store as a whole -------------------------------------------------
    @property
    @abstractmethod
    def location(self) -> str:
        """Where the project lives, for messages and for opening it again."""

    @property
    @abstractmethod
    def writable(self) -> bool: ...

    @property
    def read_only_reason(self) -> str | None:
        """Why the store is read-only, for the user (None when writable)."""
        return None if self.writable else "it was opened read-only"

    @property
    def scheme(self) -> LabelScheme:
        return self.settings.label_scheme

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @abstractmethod
    def reopen(self, *, annotator: str | None = None, read_only: bool = False) -> ProjectStore:
        """The same project opened again, perhaps as another annotator."""

    def tidied(self, timeout: float | None = None) -> bool:
        """Wait until what killed writers left behind (temp files) is removed; True once it is.

        A backend may tidy beside the opening instead of before it (the folder does, see
        storage/folder_tidy.py); it is always done before ``close`` returns. The default
        tidies nothing and is always done."""
        return True

    def as_annotator(self, annotator: str) -> ProjectStore:
        """This open project, reading and writing as ``annotator`` (the curator saving ``gold``).

        Writable exactly when this store is, without a second claim on the project (the window
        already holds it); closing the returned store leaves this one open. Backends that can
        share their hold override this; the default opens the project again.
        """
        return self.reopen(annotator=annotator, read_only=not self.writable)

    # --- documents --------------------------------------------------------------
    @abstractmethod
    def documents(self) -> Sequence[CatalogEntry]:
        """The catalog in project order: a snapshot that later additions do not change. May be
        ``CatalogEntries`` (entries made when read) or a plain list; read ids and titles of many
        documents with ``catalog_ids`` / ``catalog_titles`` / ``catalog_dates``."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def entry(self, doc_id: str) -> CatalogEntry | None: ...

    @abstractmethod
    def add_documents(self, documents: Iterable[Document]) -> list[CatalogEntry]:
        """Add a batch atomically as a whole: a refused batch adds nothing."""

    @abstractmethod
    def update_document(self, document: Document) -> None:
        """Replace a document's metadata; its text never changes."""

    @abstractmethod
    def load_document(self, doc_id: str) -> Document: ...

    @abstractmethod
    def status(self, doc_id: str) -> DocumentStatus:
        """This annotator's status of the document, from the status cache."""

    # --- annotations ------------------------------------------------------------
    @abstractmethod
    def annotators(self) -> list[str]:
        """Every annotator with stored annotations in this project."""

    @abstractmethod
    def load_annotations(self, document: Document) -> LoadedAnnotations:
        """This annotator's annotations of ``document``, fully validated, or FileProblem."""

    @abstractmethod
    def save_annotations(self, annotation_file: AnnotationFile, expected: Fingerprint) -> Fingerprint:
        """Store atomically if the stored version is still ``expected``; safe from a worker thread."""

    @abstractmethod
    def iter_annotation_files(self) -> Iterable[tuple[str, bytes]]:
        """(document id, raw JSON) of this annotator's annotation sets, for corpus-wide indexes."""

    @abstractmethod
    def is_refused(self, doc_id: str) -> bool:
        """True when the document's annotations failed validation and must not be overwritten."""

    @abstractmethod
    def journal_path(self, doc_id: str) -> Path:
        """A local file for edits not yet saved (see ``core.journal``); local whatever the backend."""

    def journalled_documents(self) -> list[str]:
        """Ids of the documents with a journal file (edits a run left unsaved), in catalog order.

        One listing of the journal folder, whatever the size of the corpus: asking
        ``journal_path(id).exists()`` of 100,000 documents took 7 s at every start.
        Every backend keeps its journals in one local folder, ``journal_path``'s.
        """
        entries = self.documents()
        if not self.writable or not entries:
            return []
        try:
            with os.scandir(self.journal_path(catalog_ids(entries)[0]).parent) as listing:  # an id, no entry made
                names = {item.name.removesuffix(JOURNAL_SUFFIX) for item in listing if item.name.endswith(JOURNAL_SUFFIX)}
        except OSError:  # no journal folder (nothing journalled yet) or one that cannot be listed
            return []
        if not names:  # the usual start: no pass over the catalog at all
            return []
        return [doc_id for doc_id in catalog_ids(entries) if doc_id in names]

    @abstractmethod
    def cache_path(self, name: str) -> Path:
        """A local file for a cache that can always be rebuilt from the project (the search index).

        Its folder exists; nothing in it is part of the project, so it may be deleted at any time.
        ``name`` is a plain file name.
        """

    # --- project settings ---------------------------------------------------------
    @abstractmethod
    def update_label_scheme(self, scheme: LabelScheme) -> None: ...

    @abstractmethod
    def save_registry(self, actors: Iterable[Actor]) -> None:
        """Store the actor registry (validated first)."""

    @abstractmethod
    def save_codebook(self, topics: Iterable[Topic]) -> None:
        """Store the codebook of claim topics beside the registry (validated first); from then on
        every claim's topic must be a name or alias of one of them (see ``core.codebook``)."""

    @abstractmethod
    def set_blind(self, blind: bool) -> None:
        """Store whether coders are blind to each other's annotations until adjudication (``settings.blind``)."""

    # --- suggestions (core/suggest), per annotator, never in the annotation sets ----
    # Stored per document, so that a corpus run over 10,000 articles never makes one rejection
    # or one opened article cost the whole corpus's suggestions. Use the per-document methods
    # (``load_pending``, ``save_pending``, ``pending_documents``, ``load_rejected``,
    # ``add_rejected``) everywhere a document or a batch is at hand: the window, the corpus run,
    # ``annotator suggest --apply``. ``load_suggestions`` / ``save_suggestions`` read or replace
    # everything at once: for tests, exports and small projects only.
    @abstractmethod
    def load_pending(self, doc_id: str) -> tuple[Suggestion, ...]:
        """``doc_id``'s pending suggestions (empty when none are stored); FileProblem when its
        record fails validation (then it is never overwritten). Safe from a worker thread."""

    @abstractmethod
    def save_pending(self, changes: Mapping[str, Sequence[Suggestion]]) -> None:
        """Replace the pending suggestions of each document in ``changes`` (an empty sequence
        removes them), less any rejected key; the other documents keep theirs. Each document's
        record is replaced atomically; a record that failed validation is never overwritten: the
        others are stored and FileProblem names it. Safe from a worker thread."""

    @abstractmethod
    def pending_documents(self) -> dict[str, int]:
        """How many suggestions are pending in each document that has some: cheap, never the
        suggestions themselves (the status bar's counts)."""

    @abstractmethod
    def load_rejected(self) -> frozenset[RejectionKey]:
        """Every rejected suggestion's key: never proposed again."""

    @abstractmethod
    def add_rejected(self, keys: Iterable[RejectionKey]) -> None:
        """Remember ``keys`` as rejected for good and drop them from the pending suggestions of the
        documents they name (a key starts with its document id): one small write per document; a
        record that fails validation is left as it is (readers leave rejected keys out). A
        rejection is never forgotten. Safe from a worker thread."""

    def load_suggestions(self) -> SuggestionState:
        """This annotator's pending and rejected suggestions, all of them (empty when none were
        stored). Reads every document's record: for small projects and tests; the window and
        the corpus run use the per-document methods."""
        from annotator.core.suggest.base import SuggestionState

        pending = {doc_id: items for doc_id in sorted(self.pending_documents()) if (items := self.load_pending(doc_id))}
        return SuggestionState(pending=pending, rejected=tuple(sorted(self.load_rejected())))

    def save_suggestions(self, state: SuggestionState) -> None:
        """Make the stored pending suggestions ``state.pending`` exactly and add ``state.rejected``
        to the rejected ones (a rejection is never forgotten); never touches an annotation set."""
        known = self.load_rejected()
        self.add_rejected([key for key in state.rejected if key not in known])
        changes: dict[str, Sequence[Suggestion]] = {doc_id: () for doc_id in self.pending_documents() if doc_id not in state.pending}
        changes.update(state.pending)
        self.save_pending(changes)
