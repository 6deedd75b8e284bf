"""The folder backend of ``ProjectStore``: a project folder on disk, the default.

Layout::

    annotator-project.json            settings and label scheme
    catalog.json                      id, title, date of every document (fast opening)
    documents/<id>.json               one Document each (text + metadata)
    annotations/<annotator>/<id>.json one AnnotationFile per document per annotator
    annotations/<annotator>/_status.json  status of each document, for the list
                                      (the "_" keeps it apart from every document id)
    .annotator.lock                   held by the instance that may write

Rules: every write is atomic; every read is validated; a file that failed
validation is never overwritten; before overwriting an annotation file we
check that it is still the bytes we loaded. Nothing is read or written
outside the project folder (ids are checked, symlinks leaving it refused).
"""

from __future__ import annotations

import getpass
import json
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import orjson
from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, ValidationError

from annotator.core.atomic import atomic_write, remove_stale_temp_files
from annotator.core.compact import compact_dump
from annotator.core.model import (
    SCHEMA_VERSION,
    Actor,
    AnnotationFile,
    AnnotationProblem,
    Document,
    DocumentStatus,
    LabelScheme,
    ProjectSettings,
    Span,
    is_safe_identifier,
    link_problems,
    validate_annotations,
)
from annotator.core.storage.base import (
    CatalogEntry,
    ConcurrentChangeError,
    FileProblem,
    Fingerprint,
    LoadedAnnotations,
    ProjectError,
    ProjectStore,
    ReadOnlyError,
)

PROJECT_FILE = "annotator-project.json"
CATALOG_FILE = "catalog.json"
# Not "status.json": that is also the annotation file of a document whose id is "status".
STATUS_FILE = "_status.json"
LOCK_FILE = ".annotator.lock"
_STATUS_IN_HEAD = re.compile(rb'"status"\s*:\s*"([a-z ]+)"')


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int = SCHEMA_VERSION
    documents: list[CatalogEntry] = []


def default_annotator_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no user database entry (containers): fall back below
        name = ""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name).strip("._-")
    return cleaned if is_safe_identifier(cleaned) else "annotator"


def describe_validation_error(error: ValidationError, limit: int = 5) -> list[str]:
    messages = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "file"
        messages.append(f"{where}: {item['msg']}")
    if error.error_count() > limit:
        messages.append(f"... and {error.error_count() - limit} more problems")
    return messages


def _read_json_object(path: Path, data: bytes) -> dict:
    """Parse ``data`` as a JSON object with a supported schema version, or raise FileProblem."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as error:
        # ValueError covers bad UTF-8, bad syntax and over-long numbers; RecursionError deep nesting.
        raise FileProblem(path, [f"not valid JSON ({error})"]) from None
    if not isinstance(value, dict):
        raise FileProblem(path, [f"expected a JSON object, found {type(value).__name__}"])
    version = value.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileProblem(path, ["schema_version is missing or not an integer"])
    if version > SCHEMA_VERSION:
        raise FileProblem(path, [f"schema_version {version} is newer than this program supports ({SCHEMA_VERSION}); update annotator"])
    if version < 1:
        raise FileProblem(path, [f"schema_version {version} is not a known version"])
    return value


class FolderProject(ProjectStore):
    """A project kept in a folder (see the module docstring). Create with ``FolderProject.create`` or ``FolderProject.open``; call ``close``."""

    def __init__(self, root: Path, settings: ProjectSettings, annotator: str, lock: FileLock | None) -> None:
        self.root = root
        self.settings = settings
        self.annotator = annotator
        self._lock = lock
        self._catalog: dict[str, CatalogEntry] = {}
        self._statuses: dict[str, DocumentStatus] = {}
        self._refused: set[str] = set()
        self._catalog_refused = False
        self._status_lock = threading.Lock()
        self.warnings: list[str] = []

    # --- opening -----------------------------------------------------------
    @classmethod
    def create(cls, root: Path, name: str | None = None, *, scheme: LabelScheme | None = None, annotator: str | None = None) -> FolderProject:
        root = Path(root)
        if (root / PROJECT_FILE).exists():
            raise ProjectError(f"{root} already holds a project")
        root.mkdir(parents=True, exist_ok=True)
        settings = ProjectSettings(name=name or root.name, label_scheme=scheme or LabelScheme.default())
        atomic_write(root / PROJECT_FILE, _dump(settings))
        return cls.open(root, annotator=annotator)

    @classmethod
    def open(cls, root: Path, *, annotator: str | None = None, read_only: bool = False) -> FolderProject:
        root = Path(root).resolve()
        settings_path = root / PROJECT_FILE
        try:
            data = settings_path.read_bytes()
        except FileNotFoundError:
            raise ProjectError(f"{root} is not an annotator project (no {PROJECT_FILE})") from None
        except OSError as error:
            raise ProjectError(f"cannot read {settings_path}: {error.strerror}") from None
        try:
            settings = ProjectSettings.model_validate(_read_json_object(settings_path, data))
        except ValidationError as error:
            raise FileProblem(settings_path, describe_validation_error(error)) from None
        annotator = annotator or default_annotator_name()
        if not is_safe_identifier(annotator):
            raise ProjectError(f"annotator name {annotator!r} may only use letters, digits, '.', '_' and '-'")
        lock = None
        if not read_only:
            lock = FileLock(str(root / LOCK_FILE), timeout=0)
            try:
                lock.acquire()
            except Timeout:
                lock = None
        project = cls(root, settings, annotator, lock)
        if not read_only and lock is None:
            project.warnings.append("another annotator window has this project open: opened read-only")
        if project.writable:
            for folder in (root, root / "documents", project.annotations_dir, project.annotations_dir / ".journal"):
                # Through a symlink this would delete files outside the project.
                if folder.resolve().is_relative_to(root):
                    remove_stale_temp_files(folder)
        project._load_catalog()
        project._load_statuses()
        return project

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> FolderProject:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        return self._lock is not None

    @property
    def location(self) -> str:
        return str(self.root)

    def reopen(self, *, annotator: str | None = None, read_only: bool = False) -> FolderProject:
        return FolderProject.open(self.root, annotator=annotator or self.annotator, read_only=read_only)

    def annotators(self) -> list[str]:
        folder = self.root / "annotations"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_dir())

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations" / self.annotator

    # --- paths ---------------------------------------------------------------
    def _inside(self, path: Path) -> Path:
        """``path`` if it stays inside the project once symlinks are resolved."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root):
            raise ProjectError(f"{path.name} points outside the project folder; refused")
        return path

    def document_path(self, doc_id: str) -> Path:
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        return self._inside(self.root / "documents" / f"{doc_id}.json")

    def journal_path(self, doc_id: str) -> Path:
        """Edits not yet saved, kept so a crash loses none of them (see core.journal)."""
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        return self._inside(self.annotations_dir / ".journal" / f"{doc_id}.jsonl")

    def annotation_path(self, doc_id: str) -> Path:
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        return self._inside(self.annotations_dir / f"{doc_id}.json")

    # --- catalog -----------------------------------------------------------
    def _load_catalog(self) -> None:
        path = self.root / CATALOG_FILE
        try:
            catalog = Catalog.model_validate(_read_json_object(path, self._inside(path).read_bytes()))
        except FileNotFoundError:
            catalog = self._rebuild_catalog()
        except (FileProblem, ValidationError, OSError) as error:
            # The documents are the truth and the catalog only a cache, but a file that
            # failed validation (perhaps a newer program's) is still never overwritten.
            self._catalog_refused = True
            self.warnings.append(f"{CATALOG_FILE} could not be read ({error}); the list was rebuilt from the documents and the file left as it is")
            catalog = self._rebuild_catalog()
        for entry in catalog.documents:
            if is_safe_identifier(entry.id):
                self._catalog[entry.id] = entry
            else:
                self.warnings.append(f"{CATALOG_FILE}: skipped unsafe document id {entry.id!r}")

    def _rebuild_catalog(self) -> Catalog:
        catalog = Catalog()
        folder = self.root / "documents"
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                try:
                    document = self._read_document(path)
                except ProjectError as error:
                    self.warnings.append(str(error))
                    continue
                catalog.documents.append(_entry_for(document))
        if catalog.documents and self.writable and not self._catalog_refused:
            atomic_write(self.root / CATALOG_FILE, _dump(catalog))
        return catalog

    def documents(self) -> list[CatalogEntry]:
        return list(self._catalog.values())

    def __len__(self) -> int:
        return len(self._catalog)

    def entry(self, doc_id: str) -> CatalogEntry | None:
        return self._catalog.get(doc_id)

    def add_documents(self, documents: Iterable[Document]) -> list[CatalogEntry]:
        self._require_writable()
        documents = list(documents)
        # Check the whole batch first, so a refused batch leaves no document outside the catalog.
        seen: set[str] = set()
        for document in documents:
            if document.id in self._catalog:
                raise ProjectError(f"document id {document.id!r} is already in the project")
            if document.id in seen:
                raise ProjectError(f"document id {document.id!r} appears twice in the documents to add")
            self.document_path(document.id)
            seen.add(document.id)
        (self.root / "documents").mkdir(exist_ok=True)
        added = []
        for document in documents:
            atomic_write(self.document_path(document.id), _dump(document))
            entry = _entry_for(document)
            self._catalog[document.id] = entry
            added.append(entry)
        if added:
            self._write_catalog()
        return added

    def update_document(self, document: Document) -> None:
        """Replace a document's metadata (its text and hash must not change)."""
        self._require_writable()
        current = self.load_document(document.id)
        if current.text_sha256 != document.text_sha256:
            raise ProjectError("a document's text cannot change once it has annotations")
        atomic_write(self.document_path(document.id), _dump(document))
        self._catalog[document.id] = _entry_for(document)
        self._write_catalog()

    def _write_catalog(self) -> None:
        if self._catalog_refused:
            return  # see _load_catalog; the next open rebuilds the list from documents/
        atomic_write(self.root / CATALOG_FILE, _dump(Catalog(documents=list(self._catalog.values()))))

    def load_document(self, doc_id: str) -> Document:
        return self._read_document(self.document_path(doc_id))

    def _read_document(self, path: Path) -> Document:
        try:
            data = self._inside(path).read_bytes()
        except OSError as error:
            raise FileProblem(path, [f"cannot be read ({error.strerror or error})"]) from None
        try:
            document = Document.model_validate(_read_json_object(path, data))
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
        path = self.annotation_path(document.id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return LoadedAnnotations(None, Fingerprint(None))
        except OSError as error:
            self._refused.add(document.id)
            raise FileProblem(path, [f"cannot be read ({error.strerror or error})"]) from None
        try:
            annotation_file = AnnotationFile.model_validate(_read_json_object(path, data))
        except FileProblem:
            self._refused.add(document.id)
            raise
        except ValidationError as error:
            self._refused.add(document.id)
            raise FileProblem(path, describe_validation_error(error)) from None
        problems = validate_annotations(document, annotation_file, self.scheme, {actor.id for actor in self.settings.actors})
        if annotation_file.annotator != self.annotator:
            problems.insert(0, AnnotationProblem(span_id=None, message=f"belongs to annotator {annotation_file.annotator!r}, not {self.annotator!r}"))
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
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = None
        if Fingerprint.of_bytes(current) != expected:
            raise ConcurrentChangeError(path)
        # File order, whatever order the caller built: saves of the same spans are byte-identical.
        spans = tuple(sorted(annotation_file.spans, key=Span.sort_key))
        # Never write what the next load would refuse (a link to a missing span or actor).
        problems = link_problems(annotation_file, self.scheme, {actor.id for actor in self.settings.actors})
        if problems:
            raise ProjectError(f"{doc_id}: not saved, " + "; ".join(p.message for p in problems[:3]))
        data = _dump(annotation_file.model_copy(update={"spans": spans, "schema_version": SCHEMA_VERSION}))
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        self._record_status(doc_id, annotation_file.status)
        return Fingerprint.of_bytes(data)

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
        settings = ProjectSettings.model_validate({**self.settings.model_dump(), "schema_version": SCHEMA_VERSION, "label_scheme": scheme.model_dump()})
        atomic_write(self.root / PROJECT_FILE, _dump(settings))
        self.settings = settings

    def save_registry(self, actors: Iterable[Actor]) -> None:
        """Write the actor registry into the project file (atomically, validated first)."""
        self._require_writable()
        settings = ProjectSettings.model_validate({**self.settings.model_dump(), "schema_version": SCHEMA_VERSION, "actors": [a.model_dump() for a in actors]})
        atomic_write(self.root / PROJECT_FILE, _dump(settings))
        self.settings = settings

    def iter_annotation_files(self) -> Iterable[tuple[str, bytes]]:
        """(document id, raw bytes) of this annotator's annotation files, for corpus-wide indexes."""
        if not self.annotations_dir.is_dir():
            return
        for entry in os.scandir(self.annotations_dir):
            doc_id = entry.name[:-5]
            if entry.name.endswith(".json") and doc_id in self._catalog and entry.is_file(follow_symlinks=False):
                try:
                    yield doc_id, Path(entry.path).read_bytes()
                except OSError:
                    continue

    def is_refused(self, doc_id: str) -> bool:
        return doc_id in self._refused

    # --- statuses ----------------------------------------------------------
    def _load_statuses(self) -> None:
        path = self.annotations_dir / STATUS_FILE
        try:
            raw = json.loads(self._inside(path).read_bytes())
            by_value = {status.value: status for status in DocumentStatus}  # faster than DocumentStatus(v) x 10,000
            statuses = {k: by_value[v] for k, v in raw.items() if k in self._catalog}
        except FileNotFoundError:
            statuses = self._rebuild_statuses()
        except (ValueError, KeyError, AttributeError, OSError, ProjectError):
            statuses = self._rebuild_statuses()
        self._statuses = statuses

    def _rebuild_statuses(self) -> dict[str, DocumentStatus]:
        statuses: dict[str, DocumentStatus] = {}
        if not self.annotations_dir.is_dir():
            return statuses
        for entry in os.scandir(self.annotations_dir):
            doc_id = entry.name[:-5]
            if not entry.name.endswith(".json") or doc_id not in self._catalog:
                continue
            try:
                # Only the status is needed: the head of the file holds it (we write it before the spans).
                with open(entry.path, "rb") as handle:
                    head = handle.read(1024)
                found = _STATUS_IN_HEAD.search(head)
                statuses[doc_id] = DocumentStatus(found.group(1).decode()) if found else DocumentStatus.IN_PROGRESS
            except (ValueError, OSError):
                statuses[doc_id] = DocumentStatus.IN_PROGRESS
        if statuses and self.writable:
            # Written once, so the next open reads one small file instead of every annotation file.
            snapshot = {k: v.value for k, v in sorted(statuses.items())}
            atomic_write(self.annotations_dir / STATUS_FILE, (json.dumps(snapshot, indent=2) + "\n").encode())
        return statuses

    def status(self, doc_id: str) -> DocumentStatus:
        return self._statuses.get(doc_id, DocumentStatus.NEW)

    def _record_status(self, doc_id: str, status: DocumentStatus) -> None:
        with self._status_lock:
            if self._statuses.get(doc_id) == status:
                return
            self._statuses[doc_id] = status
            snapshot = {k: v.value for k, v in sorted(self._statuses.items())}
            atomic_write(self.annotations_dir / STATUS_FILE, (json.dumps(snapshot, indent=2) + "\n").encode())

    def _require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError("this project is open read-only (another window holds it)")


def _entry_for(document: Document) -> CatalogEntry:
    return CatalogEntry(id=document.id, title=document.title, date=document.metadata.date, source_file=document.source_file)


def _dump(model: BaseModel) -> bytes:
    """Stable, pretty JSON so that annotation diffs are readable.

    orjson indents about twice as fast as pydantic's own indented writer; field
    order comes from the model either way. Empty optional fields are left out
    (see ``annotator.core.compact``).
    """
    return orjson.dumps(compact_dump(model), option=orjson.OPT_INDENT_2) + b"\n"
