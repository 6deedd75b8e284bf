"""The folder backend of ``ProjectStore``: a project folder on disk, the default.

Layout::

    annotator-project.json            settings and label scheme
    catalog.json                      id, title, date of every document (fast opening)
    catalog-sources.json              the source file and text hash of each (read when first wanted)
    documents/<id>.json               one Document each (text + metadata)
    annotations/<annotator>/<id>.json one AnnotationFile per document per annotator
    annotations/<annotator>/_status.json  status of each document, for the list
                                      (the "_" keeps it apart from every document id)
    suggestions/<annotator>/          pending suggestions per document, rejected keys
                                      (see ``storage.folder_suggestions``)
    .annotator.lock                   held by the instance that may write

Rules: every write is atomic; every read is validated; a file that failed
validation is never overwritten; before overwriting an annotation file we
check that it is still the bytes we loaded. Nothing is read or written
outside the project folder (ids are checked, symlinks leaving it refused).
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from annotator.core.data_dir import data_dir
from annotator.core.model import (
    SCHEMA_VERSION,
    Actor,
    AnnotationFile,
    Document,
    DocumentStatus,
    LabelScheme,
    ProjectSettings,
    Topic,
    is_safe_identifier,
)
from annotator.core.safe_files import describe_os_error, read_regular, resolve
from annotator.core.storage.annotation_json import AnnotationJson
from annotator.core.storage.base import (
    JOURNAL_SUFFIX,
    CatalogEntries,
    CatalogEntry,
    ConcurrentChangeError,
    EntryCache,
    FileProblem,
    Fingerprint,
    LoadedAnnotations,
    ProjectError,
    ProjectGoneError,
    ProjectStore,
    ReadOnlyError,
    check_new_documents,
    problems_on_load,
    record_of,
)
from annotator.core.storage.catalog_table import CatalogTable
from annotator.core.storage.folder_catalog import INTEGER_VERSION, SOURCES_FILE, SourcesBeside, dump_catalog, dump_sources, parse_catalog
from annotator.core.storage.folder_statuses import MAX_FILE_BYTES, STATUS_FILE, FolderStatuses, write_settled
from annotator.core.storage.folder_suggestions import FolderSuggestions
from annotator.core.storage.folder_tidy import TempFileSweep
from annotator.core.storage.project_lock import LockHeldError, ProjectLock
from annotator.core.storage.records import default_annotator_name, describe_validation_error, dump_json, has_surrogate_escape, read_json_object
from annotator.core.storage.save_check import SaveCheck
from annotator.core.storage.suggestion_forwarding import ForwardsSuggestions

PROJECT_FILE = "annotator-project.json"
CATALOG_FILE = "catalog.json"
LOCK_FILE = ".annotator.lock"


class FolderProject(ForwardsSuggestions, ProjectStore):
    """A project kept in a folder (see the module docstring). Create with ``FolderProject.create`` or ``FolderProject.open``; call ``close``."""

    def __init__(self, root: Path, settings: ProjectSettings, annotator: str, lock: ProjectLock | None) -> None:
        self.root = root
        self.settings = settings
        self.annotator = annotator
        self._lock = lock
        self._catalog = CatalogTable()  # validated columns; entries made when read (CatalogEntries)
        self._entries: EntryCache = {}
        self._refused: set[str] = set()
        self._annotation_json = AnnotationJson()  # the JSON of spans already written (storage/annotation_json.py)
        self._save_check = SaveCheck()  # what a save checks after a clean one (storage/save_check.py)
        self._catalog_refused = False
        self._sources: SourcesBeside | None = None  # the catalog's sources file, when it is read later
        self._suggestions: FolderSuggestions | None = None
        self._sweep: TempFileSweep | None = None
        self.warnings: list[str] = []
        self._read_only_reason: str | None = None if lock is not None else "it was opened read-only"
        # Through a weak proxy: a project dropped without close() must not be kept alive (with its lock) by a cycle.
        project = weakref.proxy(self)
        self._statuses = FolderStatuses(
            self.annotations_dir,
            lambda path: project._inside(path),
            lambda: project._catalog,
            lambda: project.writable,
            lambda message: project.warnings.append(message),
        )

    # --- opening -----------------------------------------------------------
    @classmethod
    def create(cls, root: Path, name: str | None = None, *, scheme: LabelScheme | None = None, annotator: str | None = None) -> FolderProject:
        root = Path(root)
        if (root / PROJECT_FILE).exists():
            raise ProjectError(f"{root} already holds a project")
        if root.exists() and not root.is_dir():
            raise ProjectError(f"{root} is a file, not a folder: a project needs a folder of its own")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProjectError(f"{root}: the project folder cannot be made ({describe_os_error(error)})") from None
        settings = ProjectSettings(name=name or root.name, label_scheme=scheme or LabelScheme.default())
        write_settled(root / PROJECT_FILE, dump_json(settings))
        return cls.open(root, annotator=annotator)

    @classmethod
    def open(cls, root: Path, *, annotator: str | None = None, read_only: bool = False) -> FolderProject:
        try:
            root = resolve(Path(root))
        except OSError as error:
            raise ProjectError(f"{root} cannot be opened: {describe_os_error(error)}") from None
        settings_path = root / PROJECT_FILE
        try:
            data = read_regular(settings_path, limit=MAX_FILE_BYTES)
        except FileNotFoundError:
            raise ProjectError(f"{root} is not an annotator project (no {PROJECT_FILE})") from None
        except OSError as error:
            raise ProjectError(f"cannot read {settings_path}: {describe_os_error(error)}") from None
        try:
            settings = ProjectSettings.model_validate(read_json_object(settings_path, data))
        except ValidationError as error:
            raise FileProblem(settings_path, describe_validation_error(error)) from None
        annotator = annotator or default_annotator_name()
        if not is_safe_identifier(annotator):
            raise ProjectError(f"annotator name {annotator!r} may only use letters, digits, '.', '_' and '-'")
        lock = None
        reason = "it was opened read-only"
        if not read_only:
            try:
                lock = ProjectLock.acquire(root / LOCK_FILE)
            except LockHeldError:
                lock, reason = None, "another annotator window holds it"
            except OSError as error:
                # A read-only mount or folder: the lock file cannot be made. Open it read-only.
                lock, reason = None, f"its folder cannot be written ({describe_os_error(error)})"
        project = cls(root, settings, annotator, lock)
        if not read_only and lock is None:
            project._read_only_reason = reason
            if reason == "another annotator window holds it":
                project.warnings.append("another annotator window has this project open: opened read-only")
            else:
                project.warnings.append(f"{root}: opened read-only, because {reason}")
        if project.writable:  # beside the opening, done before the lock is released (storage/folder_tidy.py)
            folders = (root, root / "documents", project.annotations_dir, project.annotations_dir / ".journal", *project.suggestions.folders)
            project._sweep = TempFileSweep(root, folders, lock)
        project._load_catalog()
        project._statuses.load()
        return project

    def close(self) -> None:
        if getattr(self, "_shares_lock", False):
            self._lock = None
            return
        if self._lock is not None:
            self.tidied()  # the sweep is the lock holder's: done before another instance may write
            self._lock.release()
            self._lock = None

    def tidied(self, timeout: float | None = None) -> bool:
        """Wait for the sweep of killed writers' temp files that opening started; True once it is done."""
        return self._sweep is None or self._sweep.wait(timeout)

    def __enter__(self) -> FolderProject:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        return self._lock is not None

    @property
    def read_only_reason(self) -> str | None:
        return None if self.writable else self._read_only_reason

    @property
    def location(self) -> str:
        return str(self.root)

    def reopen(self, *, annotator: str | None = None, read_only: bool = False) -> FolderProject:
        return FolderProject.open(self.root, annotator=annotator or self.annotator, read_only=read_only)

    def as_annotator(self, annotator: str) -> FolderProject:
        if not is_safe_identifier(annotator):
            raise ProjectError(f"annotator name {annotator!r} may only use letters, digits, '.', '_' and '-'")
        # The lock is shared, not taken again: close() of the view must not release it.
        view = FolderProject(self.root, self.settings, annotator, self._lock)
        view._shares_lock = True
        view._load_catalog()
        view._statuses.load()
        return view

    def annotators(self) -> list[str]:
        folder = self.root / "annotations"
        if not folder.is_dir():
            return []
        try:
            # A folder holds stored annotations once it has an annotation file (a coder who only
            # opened the project has at most a journal folder there).
            return sorted(p.name for p in folder.iterdir() if p.is_dir() and any(f.suffix == ".json" and f.name != STATUS_FILE for f in p.iterdir()))
        except OSError:
            return []

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations" / self.annotator

    # --- paths ---------------------------------------------------------------
    def _inside(self, path: Path) -> Path:
        """``path`` if it stays inside the project once symlinks are resolved (else FileProblem)."""
        try:
            resolved = resolve(path)
        except OSError as error:
            raise FileProblem(path, [f"cannot be resolved ({describe_os_error(error)}); refused"]) from None
        if not resolved.is_relative_to(self.root):
            raise FileProblem(path, ["points outside the project folder; refused"])
        return path

    def document_path(self, doc_id: str) -> Path:
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        return self._inside(self.root / "documents" / f"{doc_id}.json")

    def cache_path(self, name: str) -> Path:
        """``.cache/<name>`` in the project folder; a read-only project's cache lives in the user's data folder."""
        if not is_safe_identifier(name):
            raise ProjectError(f"{name!r} is not a cache file name")
        folder = self.root / ".cache"
        if not self.writable:
            folder = data_dir() / "caches" / hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def journal_path(self, doc_id: str) -> Path:
        """Edits not yet saved, kept so a crash loses none of them (see core.journal)."""
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        path = self._inside(self.annotations_dir / ".journal" / f"{doc_id}{JOURNAL_SUFFIX}")
        if self.writable and (self.root / PROJECT_FILE).is_file():
            # Made here, not by the journal: a journal written after the project folder
            # was deleted must fail rather than recreate part of the project.
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # the journal reports it when it first writes
        return path

    def annotation_path(self, doc_id: str) -> Path:
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        return self._inside(self.annotations_dir / f"{doc_id}.json")

    # --- catalog -----------------------------------------------------------
    def _load_catalog(self) -> None:
        path = self.root / CATALOG_FILE
        ids_checked = old_layout = sources_beside = False
        try:
            parsed = parse_catalog(path, read_regular(self._inside(path), limit=MAX_FILE_BYTES))
            table, ids_checked, old_layout, sources_beside = parsed.table, parsed.ids_checked, parsed.old_layout, parsed.sources_beside
        except FileNotFoundError:
            table = self._rebuild_catalog()
        except (FileProblem, ValidationError, OSError) as error:
            # The documents are the truth and the catalog only a cache, but a file that
            # failed validation (perhaps a newer program's) is still never overwritten.
            self._catalog_refused = True
            self.warnings.append(f"{CATALOG_FILE} could not be read ({error}); the list was rebuilt from the documents and the file left as it is")
            table = self._rebuild_catalog()
        self._sources = self._sources_beside() if sources_beside else None
        if self._sources is not None:
            # The source files and hashes are read from their own file when first wanted (folder_catalog.SourcesBeside).
            table.defer(self._sources.later)
        if not ids_checked:  # else every id was checked in one call: no Python call per entry
            for doc_id in [doc_id for doc_id in table if not is_safe_identifier(doc_id)]:
                table.pop(doc_id)
                self.warnings.append(f"{CATALOG_FILE}: skipped unsafe document id {doc_id!r}")
        self._catalog = table
        if old_layout and self.writable:
            # A catalog of an older layout (a list of objects, or all five columns in one file), valid:
            # rewritten once in the newest, which opens several times faster (storage/folder_catalog.py).
            # Only a cache: a failed write leaves the old file, read as before at the next opening.
            try:
                self._write_catalog()
            except OSError:
                pass

    def _sources_beside(self) -> SourcesBeside:
        # A weak reference, as the statuses': the catalog (and the views of it a caller keeps) must not
        # keep a dropped project and its lock alive. Once it is gone, its views read as a read-only instance.
        ref, root, settings, annotator = weakref.ref(self), self.root, self.settings, self.annotator

        def store() -> FolderProject:
            project = ref()
            return project if project is not None else FolderProject(root, settings, annotator, None)

        def write(data: bytes) -> None:  # only while this instance may write (not after close)
            project = store()
            if project.writable and not project._catalog_refused:
                write_settled(root / SOURCES_FILE, data)

        return SourcesBeside(
            root / SOURCES_FILE,
            lambda path: read_regular(store()._inside(path), limit=MAX_FILE_BYTES),
            lambda doc_id: store()._document_sources(doc_id),
            write,
            self.warnings.append,
        )

    def _document_sources(self, doc_id: str) -> tuple[str | None, str | None] | None:
        """The source file and text hash of ``doc_id`` from its document (None if it cannot be read)."""
        try:
            document = self.load_document(doc_id)
        except ProjectError:
            return None
        return document.source_file, document.text_sha256

    def _rebuild_catalog(self) -> CatalogTable:
        table = CatalogTable()
        folder = self.root / "documents"
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                try:
                    document = self._read_document(path)
                except ProjectError as error:
                    self.warnings.append(str(error))
                    continue
                table.put(record_of(_entry_for(document)))
        if len(table) and self.writable and not self._catalog_refused:
            try:
                write_settled(self.root / SOURCES_FILE, dump_sources(table))  # first: see folder_catalog
                write_settled(self.root / CATALOG_FILE, dump_catalog(table))
            except OSError as error:  # only a cache: the next open rebuilds it again
                self.warnings.append(f"{CATALOG_FILE} could not be written ({describe_os_error(error)}); the list is rebuilt at each opening")
        return table

    def documents(self) -> CatalogEntries:
        return CatalogEntries(self._catalog.snapshot(), self._entries)

    def __len__(self) -> int:
        return len(self._catalog)

    def entry(self, doc_id: str) -> CatalogEntry | None:
        position = self._catalog.position(doc_id)
        return None if position < 0 else CatalogEntries(self._catalog, self._entries)[position]  # read at once: no snapshot

    def _keep(self, entry: CatalogEntry) -> None:
        self._catalog.put(record_of(entry))
        self._entries[entry.id] = entry

    def add_documents(self, documents: Iterable[Document]) -> list[CatalogEntry]:
        self._require_writable()
        documents = list(documents)
        # Check the whole batch first, so a refused batch leaves no document outside the catalog.
        check_new_documents(documents, self._catalog)
        for document in documents:
            self.document_path(document.id)  # and inside the project once symlinks are resolved
        self._require_present()
        (self.root / "documents").mkdir(exist_ok=True)
        added = []
        try:
            for document in documents:
                write_settled(self.document_path(document.id), dump_json(document))
                entry = _entry_for(document)
                self._keep(entry)
                added.append(entry)
            if added:
                self._write_catalog()
        except OSError:
            # All or nothing: a document outside the catalog would vanish from the list.
            for entry in added:
                self._catalog.pop(entry.id)
                self._entries.pop(entry.id, None)
                try:
                    self.document_path(entry.id).unlink(missing_ok=True)
                except OSError:
                    pass
            raise
        return added

    def update_document(self, document: Document) -> None:
        """Replace a document's metadata (its text and hash must not change)."""
        self._require_writable()
        self._require_present()
        current = self.load_document(document.id)
        if current.text_sha256 != document.text_sha256:
            raise ProjectError("a document's text cannot change once it has annotations")
        write_settled(self.document_path(document.id), dump_json(document))
        self._keep(_entry_for(document))
        self._write_catalog()

    def _write_catalog(self) -> None:
        if self._catalog_refused:
            return  # see _load_catalog; the next open rebuilds the list from documents/
        # The sources first: a crash between the two leaves sources of more documents than the catalog lists (folder_catalog).
        sources = dump_sources(self._catalog)  # reads the file beside first, if it is still to be read
        if self._sources is None or not self._sources.refused:  # a file that could not be read is left as it is
            write_settled(self.root / SOURCES_FILE, sources)
        write_settled(self.root / CATALOG_FILE, dump_catalog(self._catalog))

    def load_document(self, doc_id: str) -> Document:
        return self._read_document(self.document_path(doc_id))

    def _read_document(self, path: Path) -> Document:
        try:
            data = read_regular(self._inside(path), limit=MAX_FILE_BYTES)
        except OSError as error:
            raise FileProblem(path, [f"cannot be read ({describe_os_error(error)})"]) from None
        try:
            document = Document.model_validate(read_json_object(path, data))
        except ValidationError as error:
            raise FileProblem(path, describe_validation_error(error)) from None
        # Annotations and saves are found by file name: a mismatched id would mix documents up.
        if document.id != path.stem:
            raise FileProblem(path, [f"holds document {document.id!r}, not {path.stem!r}"])
        return document

    # --- annotations -------------------------------------------------------
    def load_annotations(self, document: Document) -> LoadedAnnotations:
        """This annotator's annotations of ``document``, fully validated.

        Raises FileProblem (and remembers never to overwrite that file) when the
        file does not parse or does not fit the document.
        """
        try:
            path = self.annotation_path(document.id)
        except FileProblem:  # a symlink loop, or a link out of the project
            self._refused.add(document.id)
            raise
        try:
            data = read_regular(path, limit=MAX_FILE_BYTES)
        except FileNotFoundError:
            return LoadedAnnotations(None, Fingerprint(None))
        except OSError as error:
            self._refused.add(document.id)
            raise FileProblem(path, [f"cannot be read ({describe_os_error(error)})"]) from None
        try:
            annotation_file = _parse_annotations(path, data)
        except FileProblem:
            self._refused.add(document.id)
            raise
        except ValidationError as error:
            self._refused.add(document.id)
            raise FileProblem(path, describe_validation_error(error)) from None
        problems = problems_on_load(document, annotation_file, self.settings, self.annotator)
        if problems:
            self._refused.add(document.id)
            raise FileProblem(path, [problem.message for problem in problems])
        self._refused.discard(document.id)
        return LoadedAnnotations(annotation_file, Fingerprint.of_bytes(data))

    def save_annotations(self, annotation_file: AnnotationFile, expected: Fingerprint) -> Fingerprint:
        """Write atomically if the file on disk is still ``expected``; return the new fingerprint.

        Safe to call from a worker thread with an immutable snapshot.
        """
        self._require_writable()
        doc_id = annotation_file.document_id
        if annotation_file.annotator != self.annotator:
            raise ProjectError(f"annotations of {annotation_file.annotator!r} cannot be saved as {self.annotator!r}'s")
        if doc_id in self._refused:
            raise ProjectError(f"{doc_id}.json failed validation when it was opened; it is not overwritten")
        path = self.annotation_path(doc_id)
        self._require_present()
        try:
            current = read_regular(path, limit=MAX_FILE_BYTES)
        except FileNotFoundError:
            current = None
        if not self._annotation_json.unchanged(doc_id, current, expected):
            raise ConcurrentChangeError(path)
        # Never write what the next load would refuse (a link to a missing span or actor).
        problems = self._save_check.problems(annotation_file, self.settings)
        if problems:
            raise ProjectError(f"{doc_id}: not saved, " + "; ".join(p.message for p in problems[:3]))
        # File order, whatever order the caller built: saves of the same spans are byte-identical.
        data = self._annotation_json.render(annotation_file)
        # One level at a time, never the project folder itself (see _require_present).
        path.parent.parent.mkdir(exist_ok=True)
        path.parent.mkdir(exist_ok=True)
        write_settled(path, data)
        # The annotations are saved from here on: a status cache that cannot be written
        # (disk full) must not make the save look failed (see FolderStatuses).
        self._statuses.record(doc_id, annotation_file.status)
        return self._annotation_json.written(doc_id, data)

    def update_label_scheme(self, scheme: LabelScheme) -> None:
        """Change colours, hotkeys and descriptions, or add labels.

        Labels are never renamed or removed here: annotation files anywhere in the
        project may use them, and a file with an unknown label would be refused.
        """
        self._require_writable()
        missing = set(self.scheme.names()) - set(scheme.names())
        if missing:
            raise ProjectError(f"labels in use cannot be removed or renamed: {', '.join(sorted(missing))}")
        for old in self.scheme.labels:
            new = scheme.get(old.name)
            if new is not None and new.effective_kind is not old.effective_kind:
                raise ProjectError(f"the kind of label {old.name!r} cannot change: its spans' links and values depend on it")
        try:
            settings = ProjectSettings.model_validate({**self.settings.model_dump(), "schema_version": SCHEMA_VERSION, "label_scheme": scheme.model_dump()})
        except ValidationError as error:
            raise ProjectError("the labels were not saved: " + "; ".join(describe_validation_error(error))) from None
        self._require_present()
        write_settled(self.root / PROJECT_FILE, dump_json(settings))
        self.settings = settings

    def save_registry(self, actors: Iterable[Actor]) -> None:
        """Write the actor registry into the project file (atomically, validated first)."""
        self._write_settings({"actors": [a.model_dump() for a in actors]}, "the actor registry")

    def save_codebook(self, topics: Iterable[Topic]) -> None:
        """Write the codebook into the project file, beside the registry (atomically, validated first)."""
        self._write_settings({"topics": [t.model_dump() for t in topics]}, "the codebook")

    def set_blind(self, blind: bool) -> None:
        self._write_settings({"blind": True if blind else None}, "the blind-coding setting")

    # --- suggestions: one small file per document (storage/folder_suggestions.py) ------------
    @property
    def suggestions(self) -> FolderSuggestions:
        """``suggestions/<annotator>/``: outside ``annotations/``, so no annotation set ever holds a suggestion."""
        if self._suggestions is None:
            self._suggestions = FolderSuggestions(self, write_settled)
        return self._suggestions

    def _write_settings(self, fields: dict[str, object], what: str) -> None:
        """Replace ``fields`` of the project file: validated first (a merge cycle, a duplicate id is
        never written), refused for a project that is gone, tolerant of a failure after the rename."""
        self._require_writable()
        try:
            settings = ProjectSettings.model_validate({**self.settings.model_dump(), "schema_version": SCHEMA_VERSION, **fields})
        except ValidationError as error:
            raise ProjectError(f"{what} was not saved: " + "; ".join(describe_validation_error(error))) from None
        self._require_present()
        write_settled(self.root / PROJECT_FILE, dump_json(settings))
        self.settings = settings

    def iter_annotation_files(self) -> Iterable[tuple[str, bytes]]:
        """(document id, raw bytes) of this annotator's annotation files, for corpus-wide indexes."""
        if not self.annotations_dir.is_dir():
            return
        for entry in os.scandir(self.annotations_dir):
            doc_id = entry.name[:-5]
            if entry.name.endswith(".json") and doc_id in self._catalog and entry.is_file(follow_symlinks=False):
                try:
                    yield doc_id, read_regular(entry.path, limit=MAX_FILE_BYTES)
                except OSError:
                    continue

    def is_refused(self, doc_id: str) -> bool:
        return doc_id in self._refused

    # --- statuses (storage/folder_statuses.py) ------------------------------------
    def status(self, doc_id: str) -> DocumentStatus:
        return self._statuses.status(doc_id)

    def _require_present(self) -> None:
        """Refuse to write into a project folder that was deleted or moved away (never recreate it)."""
        if not (self.root / PROJECT_FILE).is_file():
            raise ProjectGoneError(f"the project folder {self.root} is gone (deleted or moved); nothing was written there")

    def _require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError(f"this project is open read-only ({self._read_only_reason})")


def _parse_annotations(path: Path, data: bytes) -> AnnotationFile:
    """As ``folder_catalog.parse_catalog``: one strict pass of pydantic's JSON parser (5,000 spans: 16 ms
    against 21 ms), and the careful way for anything it refuses, so problems read as before."""
    try:
        parsed = AnnotationFile.model_validate_json(data, strict=True)
    except ValidationError:
        parsed = None
    if parsed is None or not INTEGER_VERSION.search(data) or has_surrogate_escape(data):
        return AnnotationFile.model_validate(read_json_object(path, data))
    return parsed


def _entry_for(document: Document) -> CatalogEntry:
    return CatalogEntry(id=document.id, title=document.title, date=document.metadata.date, source_file=document.source_file, text_sha256=document.text_sha256)
