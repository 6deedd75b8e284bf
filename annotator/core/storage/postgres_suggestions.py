"""The PostgreSQL backend's suggestions: one row per (annotator, document), one row per rejected key.

    annotator_pending    (annotator, document_id) -> count, body: the document's pending suggestions
                         as the folder's ``pending/<doc>.json`` holds them
    annotator_rejected   (annotator, key): a rejected suggestion's key as a JSON array

Projects made before these tables get them on their first write of suggestions. An old row of
``annotator_suggestions`` (one whole state per annotator) is split into them once, by the first
writable store, and kept renamed ``<annotator>.bak``; until then a read-only store reads it as it is.
Every row is validated when read; a row that fails is reported (``RowProblem``) and never
overwritten, and the other documents go on. Each method is one transaction.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import orjson
from pydantic import ValidationError

from annotator.core.storage.base import FileProblem, ProjectError
from annotator.core.storage.records import describe_validation_error
from annotator.core.storage.suggestion_records import PendingRecord
from annotator.core.suggest.base import RejectionKey, Suggestion, SuggestionState

T = TypeVar("T")


class PostgresParts(Protocol):
    """What this module needs of the PostgreSQL store (``PostgresProject``), named here so that the
    two modules do not import each other."""

    annotator: str

    @property
    def writable(self) -> bool: ...

    def _run(self, operation: Callable[[Any], T]) -> T: ...

    def _require_writable(self) -> None: ...


# A Connection, handed in by storage/postgres.py: only that module imports the driver.
Connection = Any

PER_DOCUMENT_SQL = """
CREATE TABLE IF NOT EXISTS annotator_pending (
    annotator text NOT NULL,
    document_id text NOT NULL,
    count integer NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (annotator, document_id)
);
CREATE TABLE IF NOT EXISTS annotator_rejected (
    annotator text NOT NULL,
    key text NOT NULL,
    position bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (annotator, key)
);
"""


def _key_text(key: RejectionKey) -> str:
    return orjson.dumps(list(key)).decode("utf-8")


def _dump(doc_id: str, items: Sequence[Suggestion]) -> str:
    return orjson.dumps(PendingRecord(document_id=doc_id, suggestions=tuple(items)).model_dump(mode="json", exclude_none=True)).decode("utf-8")


class PostgresSuggestions:
    """``store.annotator``'s suggestions in ``store``'s database (see the module docstring)."""

    def __init__(self, store: PostgresParts, row_problem: Callable[[str, Iterable[str]], FileProblem], parse: Callable[..., object]) -> None:
        self._store = weakref.proxy(store)  # no cycle: a store dropped without close() is freed at once
        self._row_problem = row_problem
        self._parse = parse
        self._split_done = False

    def _row(self, doc_id: str) -> str:
        return f"pending row ({doc_id!r}, {self._store.annotator!r})"

    def _has(self, connection: Connection, table: str) -> bool:
        return connection.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is not None

    def _legacy(self, connection: Connection) -> SuggestionState | None:
        """The annotator's old whole-state row, if one is still there."""
        if not self._has(connection, "annotator_suggestions"):
            return None
        row = connection.execute("SELECT body FROM annotator_suggestions WHERE annotator = %s", (self._store.annotator,)).fetchone()
        if row is None:
            return None
        try:
            return SuggestionState.model_validate_json(row[0])
        except ValidationError as error:
            raise self._row_problem(f"suggestions of {self._store.annotator}", describe_validation_error(error)) from None

    def _pending_of(self, doc_id: str, body: str) -> tuple[Suggestion, ...]:
        record = self._parse(self._row(doc_id), body, PendingRecord)
        assert isinstance(record, PendingRecord)
        if record.document_id != doc_id or any(s.document_id != doc_id for s in record.suggestions):
            raise self._row_problem(self._row(doc_id), [f"holds suggestions of another document than {doc_id!r}"])
        return record.suggestions

    def _ready(self) -> None:
        """A writable store splits the old row once (RowProblem, and it is left as it is, when it fails)."""
        if self._split_done or not self._store.writable:
            return
        annotator = self._store.annotator

        def split(connection: Connection) -> None:
            with connection.transaction():
                connection.execute(PER_DOCUMENT_SQL)
                state = self._legacy(connection)
                if state is None:
                    return
                rejected = set(state.rejected)
                for key in state.rejected:
                    connection.execute("INSERT INTO annotator_rejected (annotator, key) VALUES (%s, %s) ON CONFLICT DO NOTHING", (annotator, _key_text(key)))
                for doc_id, items in state.pending.items():
                    kept = [s for s in items if s.key not in rejected]
                    if kept:
                        connection.execute(
                            "INSERT INTO annotator_pending (annotator, document_id, count, body) VALUES (%s, %s, %s, %s) "
                            "ON CONFLICT (annotator, document_id) DO UPDATE SET count = EXCLUDED.count, body = EXCLUDED.body",
                            (annotator, doc_id, len(kept), _dump(doc_id, kept)),
                        )
                connection.execute("DELETE FROM annotator_suggestions WHERE annotator = %s", (f"{annotator}.bak",))
                connection.execute("UPDATE annotator_suggestions SET annotator = %s WHERE annotator = %s", (f"{annotator}.bak", annotator))

        self._store._run(split)
        self._split_done = True

    # --- reading -------------------------------------------------------------------
    def load_pending(self, doc_id: str) -> tuple[Suggestion, ...]:
        self._ready()

        def read(connection: Connection) -> tuple[Suggestion, ...] | str | None:
            legacy = self._legacy(connection)
            if legacy is not None:
                return legacy.pending.get(doc_id, ())
            if not self._has(connection, "annotator_pending"):
                return None
            row = connection.execute("SELECT body FROM annotator_pending WHERE annotator = %s AND document_id = %s", (self._store.annotator, doc_id)).fetchone()
            return row[0] if row else None

        found = self._store._run(read)
        if found is None:
            return ()
        return self._pending_of(doc_id, found) if isinstance(found, str) else found

    def pending_documents(self) -> dict[str, int]:
        self._ready()

        def read(connection: Connection) -> dict[str, int]:
            legacy = self._legacy(connection)
            if legacy is not None:
                return {doc_id: len(items) for doc_id, items in legacy.pending.items() if items}
            if not self._has(connection, "annotator_pending"):
                return {}
            rows = connection.execute(
                "SELECT document_id, count FROM annotator_pending WHERE annotator = %s AND count > 0 ORDER BY document_id", (self._store.annotator,)
            )
            return dict(rows.fetchall())

        return self._store._run(read)

    def _rejected(self, connection: Connection) -> frozenset[RejectionKey]:
        legacy = self._legacy(connection)
        if legacy is not None:
            return frozenset(legacy.rejected)
        if not self._has(connection, "annotator_rejected"):
            return frozenset()
        keys = set()
        for (text,) in connection.execute("SELECT key FROM annotator_rejected WHERE annotator = %s", (self._store.annotator,)).fetchall():
            value = orjson.loads(text)
            if not isinstance(value, list) or len(value) != 5:
                raise self._row_problem(f"rejected row ({text[:80]!r}, {self._store.annotator!r})", ["not a suggestion's key"])
            keys.add(tuple(value))
        return frozenset(keys)  # type: ignore[arg-type]

    def load_rejected(self) -> frozenset[RejectionKey]:
        self._ready()
        return self._store._run(self._rejected)

    # --- writing ---------------------------------------------------------------------
    def save_pending(self, changes: Mapping[str, Sequence[Suggestion]]) -> None:
        self._store._require_writable()
        self._ready()
        if not changes:
            return
        for doc_id, items in changes.items():
            for suggestion in items:
                if suggestion.document_id != doc_id:
                    raise ProjectError(f"a suggestion of {suggestion.document_id!r} cannot be stored with {doc_id!r}'s")
        annotator = self._store.annotator

        def write(connection: Connection) -> list[FileProblem]:
            refused: list[FileProblem] = []
            with connection.transaction():
                rejected = self._rejected(connection)
                rows = connection.execute(
                    "SELECT document_id, body FROM annotator_pending WHERE annotator = %s AND document_id = ANY(%s) FOR UPDATE",
                    (annotator, list(changes)),
                ).fetchall()
                bad = set()
                for doc_id, body in rows:
                    try:
                        self._pending_of(doc_id, body)  # a row that fails validation is never overwritten
                    except FileProblem as problem:
                        refused.append(problem)
                        bad.add(doc_id)
                upserts, deletes = [], []
                for doc_id, items in changes.items():
                    if doc_id in bad:
                        continue
                    kept = tuple(dict.fromkeys(s for s in items if s.key not in rejected))
                    if kept:
                        upserts.append((annotator, doc_id, len(kept), _dump(doc_id, kept)))
                    else:
                        deletes.append(doc_id)
                with connection.cursor() as cursor:
                    if upserts:
                        cursor.executemany(
                            "INSERT INTO annotator_pending (annotator, document_id, count, body) VALUES (%s, %s, %s, %s) "
                            "ON CONFLICT (annotator, document_id) DO UPDATE SET count = EXCLUDED.count, body = EXCLUDED.body",
                            upserts,
                        )
                    if deletes:
                        cursor.execute("DELETE FROM annotator_pending WHERE annotator = %s AND document_id = ANY(%s)", (annotator, deletes))
            return refused

        refused = self._store._run(write)
        if refused:
            first = refused[0]
            more = f" (and {len(refused) - 1} more rows)" if len(refused) > 1 else ""
            raise self._row_problem(str(first.path), [*first.problems, f"not overwritten{more}; the other documents' suggestions were stored"])

    def add_rejected(self, keys: Iterable[RejectionKey]) -> None:
        self._store._require_writable()
        self._ready()
        keys = list(dict.fromkeys(tuple(key) for key in keys))
        if not keys:
            return
        annotator = self._store.annotator
        dropped = set(keys)

        def write(connection: Connection) -> None:
            with connection.transaction():
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO annotator_rejected (annotator, key) VALUES (%s, %s) ON CONFLICT DO NOTHING", [(annotator, _key_text(k)) for k in keys]
                    )
                documents = list(dict.fromkeys(key[0] for key in keys))
                rows = connection.execute(
                    "SELECT document_id, body FROM annotator_pending WHERE annotator = %s AND document_id = ANY(%s) FOR UPDATE", (annotator, documents)
                ).fetchall()
                for doc_id, body in rows:
                    try:
                        pending = self._pending_of(doc_id, body)
                    except FileProblem:
                        continue  # left as it is: the rejection is stored, and readers leave rejected keys out
                    kept = [s for s in pending if s.key not in dropped]
                    if len(kept) == len(pending):
                        continue
                    if kept:
                        connection.execute(
                            "UPDATE annotator_pending SET count = %s, body = %s WHERE annotator = %s AND document_id = %s",
                            (len(kept), _dump(doc_id, kept), annotator, doc_id),
                        )
                    else:
                        connection.execute("DELETE FROM annotator_pending WHERE annotator = %s AND document_id = %s", (annotator, doc_id))

        self._store._run(write)
