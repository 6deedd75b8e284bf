"""The PostgreSQL backend keeps the folder's guarantees, through the same ProjectStore interface."""

from __future__ import annotations

import inspect
import time

import psycopg
import pytest

from annotator.core.model import Actor, ActorType, AnnotationFile, DocumentStatus, LabelScheme
from annotator.core.storage import (
    ConcurrentChangeError,
    FileProblem,
    Fingerprint,
    ProjectError,
    ProjectStore,
    ReadOnlyError,
    create_project,
    open_project,
    project_exists,
)
from annotator.core.storage import postgres as backend
from tests.faults._support import seed_documents
from tests.postgres._support import annotated
from tests.postgres.server import PostgresServer


@pytest.fixture
def project(pg_url: str) -> ProjectStore:
    store = create_project(pg_url, "Shared corpus", annotator="alice")
    store.add_documents(seed_documents())
    yield store
    store.close()


def sql(url: str, statement: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def test_every_abstract_method_is_implemented() -> None:
    assert issubclass(backend.PostgresProject, ProjectStore)
    assert not inspect.isabstract(backend.PostgresProject)


def test_a_url_opens_the_database_store_and_a_second_create_is_refused(pg_url: str) -> None:
    assert not project_exists(pg_url)
    with create_project(pg_url, "Corpus", annotator="alice") as created:
        assert isinstance(created, backend.PostgresProject) and created.writable and created.settings.name == "Corpus"
    assert project_exists(pg_url)
    with pytest.raises(ProjectError, match="already holds a project"):
        create_project(pg_url, annotator="alice")
    with open_project(pg_url, annotator="bob") as opened:
        assert opened.settings.name == "Corpus" and opened.annotator == "bob"


def test_an_empty_database_is_not_a_project(pg_url: str) -> None:
    with pytest.raises(ProjectError, match="not an annotator project"):
        open_project(pg_url)


def test_a_wrong_database_is_reported_at_once_without_retrying(pg_server: PostgresServer) -> None:
    began = time.monotonic()
    with pytest.raises(ProjectError, match="does not exist"):
        open_project(pg_server.url("no_such_database"))
    assert time.monotonic() - began < backend.RETRY_DELAYS[-1]  # refused, not retried until the budget ran out


def test_password_is_never_shown() -> None:
    assert backend.redacted("postgresql://maria:secret@db:5432/corpus") == "postgresql://maria:***@db:5432/corpus"
    assert backend.redacted("postgresql://maria@db/corpus") == "postgresql://maria@db/corpus"


def test_documents_and_annotations_round_trip(project: ProjectStore) -> None:
    first, second = seed_documents()
    assert [entry.id for entry in project.documents()] == ["first", "second"] and len(project) == 2
    assert project.load_document("first") == first
    loaded = project.load_annotations(first)
    assert loaded.annotation_file is None and loaded.fingerprint == Fingerprint(None)
    saved = annotated(first, "alice", 5, DocumentStatus.DONE)
    fingerprint = project.save_annotations(saved, loaded.fingerprint)
    assert fingerprint.sha256 == "row-version:1"
    again = project.load_annotations(first)
    assert again.annotation_file == saved and again.fingerprint == fingerprint
    assert project.status("first") is DocumentStatus.DONE and project.status("second") is DocumentStatus.NEW
    assert project.save_annotations(annotated(first, "alice", 7), fingerprint).sha256 == "row-version:2"
    assert dict(project.iter_annotation_files())["first"].startswith(b"{\n")
    with project.reopen() as reopened:
        assert reopened.status("first") is DocumentStatus.IN_PROGRESS
        assert len(reopened.load_annotations(first).annotation_file.spans) == 7


def test_a_stale_save_is_refused_and_nothing_is_overwritten(project: ProjectStore) -> None:
    """Two desktops of one coder: the second save made from the same version is refused."""
    first, _ = seed_documents()
    with project.reopen() as other_desktop:
        base = project.load_annotations(first).fingerprint
        assert other_desktop.load_annotations(first).fingerprint == base
        project.save_annotations(annotated(first, "alice", 3), base)
        with pytest.raises(ConcurrentChangeError, match="saved by another session"):
            other_desktop.save_annotations(annotated(first, "alice", 9), base)
        # once it has reloaded, it saves on top of what it now sees
        current = other_desktop.load_annotations(first)
        assert len(current.annotation_file.spans) == 3
        other_desktop.save_annotations(annotated(first, "alice", 9), current.fingerprint)
    with pytest.raises(ConcurrentChangeError):
        project.save_annotations(annotated(first, "alice", 4), base)
    assert len(project.load_annotations(first).annotation_file.spans) == 9


def test_each_coder_writes_only_their_own_rows_and_sees_the_others_on_reopening(project: ProjectStore) -> None:
    first, _ = seed_documents()
    project.save_annotations(annotated(first, "alice", 2), Fingerprint(None))
    with project.reopen(annotator="bob") as bob:
        assert bob.load_annotations(first).annotation_file is None  # bob's own row: none yet
        with pytest.raises(ProjectError, match="cannot be saved as 'bob'"):
            bob.save_annotations(annotated(first, "alice", 6), Fingerprint("row-version:1"))
        bob.save_annotations(annotated(first, "bob", 4), Fingerprint(None))
        assert project.annotators() == ["alice", "bob"]
        with bob.reopen(annotator="alice", read_only=True) as alice_seen_by_bob:
            assert len(alice_seen_by_bob.load_annotations(first).annotation_file.spans) == 2
            with pytest.raises(ReadOnlyError):
                alice_seen_by_bob.save_annotations(annotated(first, "alice", 1), Fingerprint("row-version:1"))
    assert len(project.load_annotations(first).annotation_file.spans) == 2


def test_a_folder_fingerprint_is_not_taken_for_a_row_version(project: ProjectStore) -> None:
    first, _ = seed_documents()
    with pytest.raises(ProjectError, match="does not come from a database"):
        project.save_annotations(annotated(first, "alice", 1), Fingerprint.of_bytes(b"{}"))


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"schema_version": 99}', "newer than this program supports"),
        ("WRONG_SPAN", "says 'not the text' but the text there is"),
        ("OTHER_ANNOTATOR", "belongs to annotator 'bob'"),
    ],
)
def test_a_bad_annotation_row_is_reported_by_name_and_never_overwritten(project: ProjectStore, pg_url: str, body: str, problem: str) -> None:
    first, _ = seed_documents()
    good = annotated(first, "alice", 2)
    project.save_annotations(good, Fingerprint(None))
    if body == "WRONG_SPAN":
        broken = good.model_dump(mode="json")
        broken["spans"][0]["text"] = "not the text"
        body = AnnotationFile.model_validate(broken).model_dump_json()
    elif body == "OTHER_ANNOTATOR":
        body = good.model_copy(update={"annotator": "bob"}).model_dump_json()
    sql(pg_url, "UPDATE annotator_annotations SET body = %s WHERE document_id = 'first'", (body,))
    with project.reopen() as reopened:
        with pytest.raises(FileProblem, match=problem) as caught:
            reopened.load_annotations(first)
        assert "annotation row ('first', 'alice')" in str(caught.value)
        assert reopened.is_refused("first")
        current = Fingerprint("row-version:1")
        with pytest.raises(ProjectError, match="failed validation when it was opened; it is not overwritten"):
            reopened.save_annotations(good, current)
    assert sql(pg_url, "SELECT body, version FROM annotator_annotations") == [(body, 1)]


def test_a_bad_document_row_and_a_bad_settings_row_are_reported_by_name(project: ProjectStore, pg_url: str) -> None:
    sql(pg_url, "UPDATE annotator_documents SET body = %s WHERE id = 'second'", ('{"schema_version": 2, "id": "second"}',))
    with pytest.raises(FileProblem, match="document row 'second'"):
        project.load_document("second")
    assert project.load_document("first").id == "first"  # the rest works
    sql(pg_url, "UPDATE annotator_project SET settings = %s", ('{"schema_version": 2, "name": 5}',))
    with pytest.raises(FileProblem, match="project settings row: name"):
        project.reopen()


def test_settings_are_shared_and_a_change_to_another_field_is_kept(project: ProjectStore) -> None:
    with project.reopen(annotator="bob") as bob:
        project.save_registry([Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON)])
        scheme = LabelScheme.model_validate({**bob.scheme.model_dump(), "labels": [*bob.scheme.model_dump()["labels"]]})
        recoloured = scheme.model_copy(update={"labels": tuple(label.model_copy(update={"colour": "#123456"}) for label in scheme.labels)})
        bob.update_label_scheme(recoloured)  # bob's settings are older, but he changes another field
        assert [actor.id for actor in bob.settings.actors] == ["a1"]
        # alice's settings are now older, but bob did not touch the registry: her change goes through
        project.save_registry([*project.settings.actors, Actor(id="a2", name="Vladimir Putin", type=ActorType.PERSON)])
        assert {label.colour for label in project.scheme.labels} == {"#123456"}
        # a registry change made on an outdated registry is refused, never merged blindly
        with pytest.raises(ConcurrentChangeError, match="actors changed by another coder"):
            bob.save_registry([*bob.settings.actors, Actor(id="b1", name="Someone Else", type=ActorType.PERSON)])
        assert [actor.id for actor in bob.settings.actors] == ["a1"]
    with project.reopen(read_only=True) as reread:
        assert [actor.id for actor in reread.settings.actors] == ["a1", "a2"]
        assert {label.colour for label in reread.scheme.labels} == {"#123456"}
        with pytest.raises(ReadOnlyError):
            reread.save_registry([])


def test_a_dropped_connection_is_retried_and_counted(project: ProjectStore, pg_url: str) -> None:
    first, _ = seed_documents()
    fingerprint = project.save_annotations(annotated(first, "alice", 1), Fingerprint(None))
    sql(pg_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'annotator'")
    assert project.save_annotations(annotated(first, "alice", 2), fingerprint).sha256 == "row-version:2"
    assert project.retries >= 1


def test_a_commit_whose_answer_was_lost_is_not_taken_for_another_coders(project: ProjectStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server commits, then the connection drops before the answer: the retry recognises its own save."""
    first, _ = seed_documents()
    real_run = backend.PostgresProject._run
    dropped = []

    def drop_after_commit(self: backend.PostgresProject, operation):  # noqa: ANN001, ANN202
        def once(connection: psycopg.Connection):  # noqa: ANN202
            result = operation(connection)
            if not dropped:
                dropped.append(result)
                connection.close()
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return result

        return real_run(self, once)

    monkeypatch.setattr(backend.PostgresProject, "_run", drop_after_commit)
    assert project.save_annotations(annotated(first, "alice", 2), Fingerprint(None)).sha256 == "row-version:1"
    assert dropped == [1] and project.retries == 1


def test_a_server_that_stays_away_is_reported_and_nothing_is_lost(project: ProjectStore, pg_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend, "RETRY_DELAYS", (0.05, 0.1))
    first, _ = seed_documents()
    fingerprint = project.save_annotations(annotated(first, "alice", 1), Fingerprint(None))
    pg_server.stop(immediate=True)
    try:
        with pytest.raises(backend.ServerUnavailableError, match="did not answer after 3 tries.*local journal"):
            project.save_annotations(annotated(first, "alice", 2), fingerprint)
    finally:
        pg_server.start()
    # The same save, from the same version, goes through once the server is back.
    assert project.save_annotations(annotated(first, "alice", 2), fingerprint).sha256 == "row-version:2"


def test_a_save_reported_failed_that_did_commit_does_not_block_the_next(project: ProjectStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server went away after committing and stayed away past every retry: the next save is not refused."""
    monkeypatch.setattr(backend, "RETRY_DELAYS", ())
    first, _ = seed_documents()
    real_run = backend.PostgresProject._run
    failures = []

    def commit_then_vanish(self: backend.PostgresProject, operation):  # noqa: ANN001, ANN202
        def once(connection: psycopg.Connection):  # noqa: ANN202
            result = operation(connection)
            if not failures:
                failures.append(result)
                connection.close()
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return result

        return real_run(self, once)

    monkeypatch.setattr(backend.PostgresProject, "_run", commit_then_vanish)
    with pytest.raises(backend.ServerUnavailableError):
        project.save_annotations(annotated(first, "alice", 2), Fingerprint(None))
    assert project.save_annotations(annotated(first, "alice", 3), Fingerprint(None)).sha256 == "row-version:2"
    assert len(project.load_annotations(first).annotation_file.spans) == 3


def test_journals_are_local_and_apart_per_project_and_coder(project: ProjectStore, pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from annotator.core.data_dir import data_dir

    path = project.journal_path("first")
    assert path.is_relative_to(data_dir()) and path.parent.name == "alice"
    with project.reopen(annotator="bob") as bob:
        assert bob.journal_path("first") != path
    with pytest.raises(ProjectError):
        project.journal_path("../x")
