"""The PostgreSQL backend of ``ProjectStore``: one shared project on a database server.

Opened with a ``postgresql://`` URL (libpq's syntax: ``postgresql://user@host:5432/dbname``;
keep passwords in ``~/.pgpass`` or ``PGPASSWORD`` rather than in the URL). One
database (or one schema, chosen with libpq's ``options=-csearch_path=...``) holds
one project in three tables:

    annotator_project      one row: the settings as one validated JSON document, a row version
    annotator_documents    one row per document: catalog columns and the Document JSON
    annotator_annotations  one row per document per annotator: the AnnotationFile JSON, its
                           status, a row version and the id of the save that wrote it
    annotator_pending, annotator_rejected   suggestions, a row per (annotator, document) and
                           per rejected key (see ``storage.postgres_suggestions``)

The JSON is stored as text, exactly the bytes the folder backend writes, so a project
moves between the two without a byte changing (``annotator migrate``).

Rules, the same as the folder's (see ``base``):

* each coder writes only their own annotation rows; a save is one transaction;
* optimistic concurrency: a ``Fingerprint`` holds the row version that was loaded, and a
  save is refused (``ConcurrentChangeError``) unless the row still has it, so two desktops
  of one coder never overwrite each other;
* every row is validated when read; a row that fails is reported (``RowProblem``, naming
  the row) and this session never overwrites it;
* a dropped connection is retried a bounded number of times (``RETRY_DELAYS``) and then
  reported (``ServerUnavailableError``); nothing is lost meanwhile, since the edit journal
  stays in a local file (``journal_path``) until a save succeeds. A retried save is
  recognised by its save id, so a commit whose answer was lost is not taken for a change
  by someone else.

Threading: one connection per store, used under a lock, so ``save_annotations`` may run
on a worker thread while the GUI thread reads.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict

from annotator.core.data_dir import data_dir
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
    Topic,
    is_safe_identifier,
)
from annotator.core.storage.base import (
    JOURNAL_SUFFIX,
    CatalogEntry,
    Fingerprint,
    LoadedAnnotations,
    ProjectError,
    ProjectStore,
    ReadOnlyError,
    check_new_documents,
    problems_on_load,
    problems_on_save,
)
from annotator.core.storage.postgres_rows import (
    RowChangedError,
    RowProblem,
    ServerUnavailableError,
    expected_version,
    parse_row,
    redacted,
    row_fingerprint,
    row_name,
)
from annotator.core.storage.postgres_suggestions import PER_DOCUMENT_SQL, PostgresSuggestions
from annotator.core.storage.records import default_annotator_name, dump_json
from annotator.core.storage.suggestion_forwarding import ForwardsSuggestions

log = logging.getLogger(__name__)

STORE_VERSION = 1  # of the table layout below
# Seconds to wait before each new try after a dropped connection: bounded, about 6 s in all.
RETRY_DELAYS = (0.1, 0.4, 1.0, 2.0, 2.5)
CONNECT_TIMEOUT_S = 5

T = TypeVar("T")

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS annotator_project (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    project_id text NOT NULL,
    store_version integer NOT NULL,
    settings text NOT NULL,
    version bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS annotator_documents (
    id text PRIMARY KEY,
    position bigint GENERATED ALWAYS AS IDENTITY,
    title text NOT NULL,
    date date,
    source_file text,
    body text NOT NULL
);
CREATE TABLE IF NOT EXISTS annotator_annotations (
    document_id text NOT NULL REFERENCES annotator_documents (id),
    annotator text NOT NULL,
    status text NOT NULL,
    body text NOT NULL,
    version bigint NOT NULL,
    save_id text NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, annotator)
);
CREATE TABLE IF NOT EXISTS annotator_suggestions (
    annotator text PRIMARY KEY,
    body text NOT NULL
);
"""
# Projects created before per-document suggestions get annotator_pending and annotator_rejected on their
# first write of suggestions; an annotator_suggestions row (one whole state each) is split into them then.
SCHEMA_SQL += PER_DOCUMENT_SQL


class PostgresProject(ForwardsSuggestions, ProjectStore):
    """A project in a PostgreSQL database (see the module docstring). Open with ``open`` or ``create``."""

    def __init__(self, url: str, annotator: str, *, read_only: bool) -> None:
        self._url = url
        self.annotator = annotator
        self._read_only = read_only
        self._lock = threading.RLock()
        self._connection: psycopg.Connection | None = None
        self._closed = False
        self._catalog: dict[str, CatalogEntry] = {}
        self._statuses: dict[str, DocumentStatus] = {}
        self._refused: set[str] = set()
        # (document, annotator) -> (save id, expected version) of each save whose commit went unanswered.
        self._unanswered: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
        self._settings_version = 0
        self.project_id = ""
        self.warnings: list[str] = []
        self.retries = 0  # dropped connections retried so far, for reports and tests
        self._suggestions: PostgresSuggestions | None = None

    # --- opening -----------------------------------------------------------
    @classmethod
    def create(cls, url: str, name: str | None = None, *, scheme: LabelScheme | None = None, annotator: str | None = None) -> PostgresProject:
        try:
            database = conninfo_to_dict(url).get("dbname")
        except psycopg.ProgrammingError as error:
            raise ProjectError(f"{redacted(url)} is not a valid PostgreSQL URL ({error})") from None
        settings = ProjectSettings(name=name or str(database or "project"), label_scheme=scheme or LabelScheme.default())
        store = cls(url, _check_annotator(annotator), read_only=False)

        def create_tables(connection: psycopg.Connection) -> None:
            with connection.transaction():
                connection.execute(SCHEMA_SQL)
                found = connection.execute("SELECT 1 FROM annotator_project").fetchone()
                if found is not None:
                    raise ProjectError(f"{redacted(url)} already holds a project")
                connection.execute(
                    "INSERT INTO annotator_project (project_id, store_version, settings, version) VALUES (%s, %s, %s, 1)",
                    (str(uuid.uuid4()), STORE_VERSION, dump_json(settings).decode("utf-8")),
                )

        try:
            store._run(create_tables)
            store._load()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open(cls, url: str, *, annotator: str | None = None, read_only: bool = False) -> PostgresProject:
        store = cls(url, _check_annotator(annotator), read_only=read_only)
        try:
            store._load()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def exists(cls, url: str) -> bool:
        """True when the database at ``url`` holds a project (False for an empty database)."""
        store = cls(url, "annotator", read_only=True)
        try:
            return store._run(lambda c: c.execute("SELECT to_regclass('annotator_project') IS NOT NULL").fetchone()[0])
        finally:
            store.close()

    def _load(self) -> None:
        def read(connection: psycopg.Connection) -> tuple:
            with connection.transaction():
                if not connection.execute("SELECT to_regclass('annotator_project') IS NOT NULL").fetchone()[0]:
                    raise ProjectError(f"{self.location} is not an annotator project (no annotator_project table)")
                project = connection.execute("SELECT project_id, store_version, settings, version FROM annotator_project").fetchone()
                if project is None:
                    raise ProjectError(f"{self.location} is not an annotator project (the annotator_project table is empty)")
                documents = connection.execute("SELECT id, title, date, source_file FROM annotator_documents ORDER BY position").fetchall()
                statuses = connection.execute("SELECT document_id, status FROM annotator_annotations WHERE annotator = %s", (self.annotator,)).fetchall()
                return project, documents, statuses

        (project_id, store_version, settings_text, version), documents, statuses = self._run(read)
        if store_version > STORE_VERSION:
            raise ProjectError(
                f"{self.location}: the tables are of layout {store_version}, newer than this program supports ({STORE_VERSION}); update annotator"
            )
        self.project_id = project_id
        self.settings = parse_row("project settings row", settings_text, ProjectSettings)  # type: ignore[assignment]
        self._settings_version = version
        for doc_id, title, date, source_file in documents:
            if not is_safe_identifier(doc_id):
                self.warnings.append(f"{row_name(doc_id)}: not a valid document id; skipped")
                continue
            self._catalog[doc_id] = CatalogEntry(id=doc_id, title=title, date=date, source_file=source_file)
        by_value = {status.value: status for status in DocumentStatus}
        self._statuses = {doc_id: by_value.get(status, DocumentStatus.IN_PROGRESS) for doc_id, status in statuses}

    # --- the connection ------------------------------------------------------
    def _connect(self) -> psycopg.Connection:
        if self._connection is None or self._connection.closed or self._connection.broken:
            if self._connection is not None:
                self._connection.close()
            self._connection = psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="annotator")
        return self._connection

    def _run(self, operation: Callable[[psycopg.Connection], T]) -> T:
        """Run ``operation`` (one transaction) on the connection, reconnecting and retrying a bounded number of times."""
        with self._lock:
            if self._closed:
                raise ProjectError(f"{self.location} is closed")
            last: Exception | None = None
            # Bounded in time as well as in tries: a host that does not answer at all costs a connect timeout per try.
            give_up_at = time.monotonic() + sum(RETRY_DELAYS) + 2 * CONNECT_TIMEOUT_S
            tries = 0
            for attempt, delay in enumerate((0.0, *RETRY_DELAYS)):
                if attempt and time.monotonic() + delay > give_up_at:
                    break
                tries += 1
                if attempt:
                    self.retries += 1
                    log.warning("%s: connection lost (%s); try %d of %d", self.location, last, attempt + 1, len(RETRY_DELAYS) + 1)
                    time.sleep(delay)
                try:
                    return operation(self._connect())
                except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                    if _is_refusal(error):
                        raise ProjectError(f"{self.location}: {str(error).strip()}") from None
                    last = error
                    if self._connection is not None and not self._connection.broken and not self._connection.closed:
                        # A statement failed on a live connection (a refused lock, a cancelled query): not a drop.
                        if not isinstance(error, psycopg.errors.SerializationFailure):
                            raise ProjectError(f"{self.location}: {error}") from None
                except psycopg.Error as error:
                    raise ProjectError(f"{self.location}: {str(error).strip()}") from None
            detail = str(last).strip().splitlines()[0] if last is not None and str(last).strip() else type(last).__name__
            raise ServerUnavailableError(
                f"the database server of {self.location} did not answer after {tries} tries ({detail}); "
                "unsaved edits stay in the local journal and are saved once it is back"
            )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    @property
    def location(self) -> str:
        return redacted(self._url)

    @property
    def writable(self) -> bool:
        return not self._read_only

    def reopen(self, *, annotator: str | None = None, read_only: bool = False) -> PostgresProject:
        return PostgresProject.open(self._url, annotator=annotator or self.annotator, read_only=read_only)

    def _require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError("this project is open read-only")

    # --- documents -------------------------------------------------------------
    def documents(self) -> list[CatalogEntry]:
        return list(self._catalog.values())

    def __len__(self) -> int:
        return len(self._catalog)

    def entry(self, doc_id: str) -> CatalogEntry | None:
        return self._catalog.get(doc_id)

    def add_documents(self, documents: Iterable[Document]) -> list[CatalogEntry]:
        self._require_writable()
        documents = list(documents)
        check_new_documents(documents, self._catalog)
        entries = [_entry_for(document) for document in documents]
        rows = [(e.id, e.title, e.date, e.source_file, dump_json(d).decode("utf-8")) for e, d in zip(entries, documents)]

        def insert(connection: psycopg.Connection) -> None:
            with connection.transaction(), connection.cursor() as cursor:
                taken = cursor.execute("SELECT id FROM annotator_documents WHERE id = ANY(%s)", ([document.id for document in documents],)).fetchall()
                if taken:
                    raise ProjectError(f"document id {taken[0][0]!r} is already in the project (added by another coder)")
                cursor.executemany("INSERT INTO annotator_documents (id, title, date, source_file, body) VALUES (%s, %s, %s, %s, %s)", rows)

        if rows:
            self._run(insert)
        for entry in entries:
            self._catalog[entry.id] = entry
        return entries

    def update_document(self, document: Document) -> None:
        self._require_writable()
        current = self.load_document(document.id)
        if current.text_sha256 != document.text_sha256:
            raise ProjectError("a document's text cannot change once it has annotations")
        entry = _entry_for(document)
        body = dump_json(document).decode("utf-8")
        self._run(
            lambda c: c.execute(
                "UPDATE annotator_documents SET title = %s, date = %s, source_file = %s, body = %s WHERE id = %s",
                (entry.title, entry.date, entry.source_file, body, document.id),
            )
        )
        self._catalog[document.id] = entry

    def load_document(self, doc_id: str) -> Document:
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")
        row = row_name(doc_id)
        found = self._run(lambda c: c.execute("SELECT body FROM annotator_documents WHERE id = %s", (doc_id,)).fetchone())
        if found is None:
            raise RowProblem(row, ["not in the database"])
        document = parse_row(row, found[0], Document)
        assert isinstance(document, Document)
        if document.id != doc_id:
            raise RowProblem(row, [f"holds document {document.id!r}, not {doc_id!r}"])
        return document

    def status(self, doc_id: str) -> DocumentStatus:
        return self._statuses.get(doc_id, DocumentStatus.NEW)

    # --- annotations -------------------------------------------------------------
    def annotators(self) -> list[str]:
        rows = self._run(lambda c: c.execute("SELECT DISTINCT annotator FROM annotator_annotations ORDER BY annotator").fetchall())
        return [name for (name,) in rows if is_safe_identifier(name)]

    def load_annotations(self, document: Document) -> LoadedAnnotations:
        """This annotator's row for ``document``, fully validated; RowProblem (and never overwritten) if it fails."""
        row = row_name(document.id, self.annotator)
        found = self._run(
            lambda c: c.execute(
                "SELECT body, version FROM annotator_annotations WHERE document_id = %s AND annotator = %s", (document.id, self.annotator)
            ).fetchone()
        )
        if found is None:
            return LoadedAnnotations(None, Fingerprint(None))
        body, version = found
        try:
            annotation_file = parse_row(row, body, AnnotationFile)
        except RowProblem:
            self._refused.add(document.id)
            raise
        assert isinstance(annotation_file, AnnotationFile)
        problems = problems_on_load(document, annotation_file, self.settings, self.annotator)
        if annotation_file.document_id != document.id:
            problems.insert(0, AnnotationProblem(span_id=None, message=f"holds document {annotation_file.document_id!r}, not {document.id!r}"))
        if problems:
            self._refused.add(document.id)
            raise RowProblem(row, [problem.message for problem in problems])
        self._refused.discard(document.id)
        return LoadedAnnotations(annotation_file, row_fingerprint(version))

    def save_annotations(self, annotation_file: AnnotationFile, expected: Fingerprint) -> Fingerprint:
        """Store in one transaction if the row still has the ``expected`` version; return the new one.

        Safe from a worker thread. Raises ``ConcurrentChangeError`` (``RowChangedError``) for a stale
        save and ``ServerUnavailableError`` when the server stays away; either way nothing is written.
        """
        self._require_writable()
        doc_id = annotation_file.document_id
        row = row_name(doc_id, self.annotator)
        if annotation_file.annotator != self.annotator:
            raise ProjectError(f"annotations of {annotation_file.annotator!r} cannot be saved as {self.annotator!r}'s")
        if doc_id in self._refused:
            raise ProjectError(f"{row} failed validation when it was opened; it is not overwritten")
        wanted = expected_version(expected)
        spans = tuple(sorted(annotation_file.spans, key=Span.sort_key))
        problems = problems_on_save(annotation_file, self.settings)
        if problems:
            raise ProjectError(f"{doc_id}: not saved, " + "; ".join(p.message for p in problems[:3]))
        body = dump_json(annotation_file.model_copy(update={"spans": spans, "schema_version": SCHEMA_VERSION})).decode("utf-8")
        status = annotation_file.status.value
        save_id = str(uuid.uuid4())  # the same for every retry: a retry finds its own commit by it
        key = (doc_id, self.annotator)

        def write(connection: psycopg.Connection) -> int:
            with connection.transaction():
                if wanted is None:
                    written = connection.execute(
                        "INSERT INTO annotator_annotations (document_id, annotator, status, body, version, save_id) VALUES (%s, %s, %s, %s, 1, %s) "
                        "ON CONFLICT (document_id, annotator) DO NOTHING RETURNING version",
                        (*key, status, body, save_id),
                    ).fetchone()
                else:
                    written = connection.execute(
                        "UPDATE annotator_annotations SET status = %s, body = %s, version = version + 1, save_id = %s, saved_at = now() "
                        "WHERE document_id = %s AND annotator = %s AND version = %s RETURNING version",
                        (status, body, save_id, *key, wanted),
                    ).fetchone()
                if written is not None:
                    return written[0]
                current = connection.execute("SELECT version, save_id FROM annotator_annotations WHERE document_id = %s AND annotator = %s", key).fetchone()
            if current is not None and current[1] == save_id:
                return current[0]  # our own commit, whose answer the dropped connection lost
            if current is not None and (current[1], wanted) in self._unanswered.get(key, ()):
                # Our previous save, reported as failed when the server went away, did commit: the row
                # holds this coder's own work, so this save goes on top of it rather than being refused.
                with connection.transaction():
                    written = connection.execute(
                        "UPDATE annotator_annotations SET status = %s, body = %s, version = version + 1, save_id = %s, saved_at = now() "
                        "WHERE document_id = %s AND annotator = %s AND version = %s RETURNING version",
                        (status, body, save_id, *key, current[0]),
                    ).fetchone()
                if written is not None:
                    return written[0]
            had = "no row" if wanted is None else f"version {wanted}"
            now = "no row" if current is None else f"version {current[0]}"
            raise RowChangedError(row, f"opened at {had}, now {now}")

        try:
            version = self._run(write)
        except ServerUnavailableError:
            # It may have committed all the same; remember it so the next try is not taken for someone else's.
            self._unanswered.setdefault(key, []).append((save_id, wanted))
            raise
        except ProjectError as error:
            if "annotator_annotations_document_id_fkey" in str(error):
                raise ProjectError(f"{row}: the document is not in the database") from None
            raise
        self._unanswered.pop(key, None)
        self._statuses[doc_id] = annotation_file.status
        return row_fingerprint(version)

    def iter_annotation_files(self) -> Iterable[tuple[str, bytes]]:
        rows = self._run(lambda c: c.execute("SELECT document_id, body FROM annotator_annotations WHERE annotator = %s", (self.annotator,)).fetchall())
        for doc_id, body in rows:
            if doc_id in self._catalog:
                yield doc_id, body.encode("utf-8")

    def is_refused(self, doc_id: str) -> bool:
        return doc_id in self._refused

    def cache_path(self, name: str) -> Path:
        """A local file in the user's data folder, one folder per database project."""
        if not is_safe_identifier(name):
            raise ProjectError(f"{name!r} is not a cache file name")

        folder = data_dir() / "caches" / f"postgres-{hashlib.sha256(self.project_id.encode()).hexdigest()[:16]}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def journal_path(self, doc_id: str) -> Path:
        """A local file, whatever the server does: edits survive a server that goes away."""
        if not is_safe_identifier(doc_id):
            raise ProjectError(f"{doc_id!r} is not a valid document id")

        project = hashlib.sha256(self.project_id.encode()).hexdigest()[:16]
        folder = data_dir() / "journals" / f"postgres-{project}" / self.annotator
        # Ours, not the project's: made here, since a journal itself never recreates more than its last folder.
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{doc_id}{JOURNAL_SUFFIX}"

    # --- project settings ----------------------------------------------------------
    def update_label_scheme(self, scheme: LabelScheme) -> None:
        """As in the folder: labels may be added or restyled, never renamed, removed or given another kind."""
        self._require_writable()
        missing = set(self.scheme.names()) - set(scheme.names())
        if missing:
            raise ProjectError(f"labels in use cannot be removed or renamed: {', '.join(sorted(missing))}")
        for old in self.scheme.labels:
            new = scheme.get(old.name)
            if new is not None and new.effective_kind is not old.effective_kind:
                raise ProjectError(f"the kind of label {old.name!r} cannot change: its spans' links and values depend on it")
        self._write_settings({"label_scheme": scheme.model_dump()})

    def save_registry(self, actors: Iterable[Actor]) -> None:
        self._require_writable()
        self._write_settings({"actors": [actor.model_dump() for actor in actors]})

    def save_codebook(self, topics: Iterable[Topic]) -> None:
        self._require_writable()
        self._write_settings({"topics": [topic.model_dump() for topic in topics]})

    def set_blind(self, blind: bool) -> None:
        self._require_writable()
        self._write_settings({"blind": True if blind else None})

    # --- suggestions: a row per (annotator, document) (storage/postgres_suggestions.py) ------
    @property
    def suggestions(self) -> PostgresSuggestions:
        if self._suggestions is None:
            self._suggestions = PostgresSuggestions(self, RowProblem, parse_row)
        return self._suggestions

    def _write_settings(self, fields: dict[str, object]) -> None:
        """Replace some fields of the settings row (validated first), if nobody changed those fields since.

        Another coder's change to *other* fields is kept: the row is re-read and only ``fields`` replaced.
        """
        base = self.settings.model_dump(mode="json")
        settings = ProjectSettings.model_validate({**self.settings.model_dump(), "schema_version": SCHEMA_VERSION, **fields})

        def write(connection: psycopg.Connection) -> tuple[ProjectSettings, int]:
            with connection.transaction():
                text, version = connection.execute("SELECT settings, version FROM annotator_project FOR UPDATE").fetchone()
                merged = settings
                if version != self._settings_version:
                    stored = parse_row("project settings row", text, ProjectSettings)
                    stored_data = stored.model_dump(mode="json")
                    changed = [name for name in fields if stored_data.get(name) != base.get(name)]
                    if changed:
                        raise RowChangedError("the project settings row", f"{', '.join(changed)} changed by another coder; reopen the project")
                    merged = ProjectSettings.model_validate({**stored.model_dump(), "schema_version": SCHEMA_VERSION, **fields})
                new_version = connection.execute(
                    "UPDATE annotator_project SET settings = %s, version = version + 1 RETURNING version", (dump_json(merged).decode("utf-8"),)
                ).fetchone()[0]
                return merged, new_version

        self.settings, self._settings_version = self._run(write)


def _is_refusal(error: Exception) -> bool:
    """A server that answered no (wrong password, no such database or role): retrying cannot help."""
    sqlstate = getattr(error, "sqlstate", None) or ""
    text = str(error)
    return sqlstate.startswith(("28", "3D")) or "authentication failed" in text or "does not exist" in text


def _check_annotator(annotator: str | None) -> str:
    name = annotator or default_annotator_name()
    if not is_safe_identifier(name):
        raise ProjectError(f"annotator name {name!r} may only use letters, digits, '.', '_' and '-'")
    return name


def _entry_for(document: Document) -> CatalogEntry:
    return CatalogEntry(id=document.id, title=document.title, date=document.metadata.date, source_file=document.source_file)
