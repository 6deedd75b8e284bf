"""Pending and rejected suggestions on PostgreSQL: a row per (annotator, document) and per rejected key,
beside the annotations; the same contract as the folder's (tests/core/test_suggest_store.py)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from annotator.core.storage import FileProblem, ProjectStore, create_project, open_project
from annotator.core.suggest.base import SuggestionState
from tests.core.test_suggest_store import ARMENIA, LATER, SECOND, check_per_document_interface
from tests.faults._support import seed_documents


@pytest.fixture
def project(pg_url: str) -> Iterator[ProjectStore]:
    store = create_project(pg_url, "Shared corpus", annotator="alice")
    store.add_documents(seed_documents())
    yield store
    store.close()


def test_per_document_interface(project: ProjectStore, pg_url: str) -> None:
    check_per_document_interface(project, lambda: open_project(pg_url, annotator="alice", read_only=True))
    with open_project(pg_url, annotator="bob", read_only=True) as bob:  # per annotator
        assert bob.load_suggestions() == SuggestionState() and bob.pending_documents() == {}


def test_a_bad_pending_row_is_reported_left_untouched_and_the_others_go_on(project: ProjectStore, pg_url: str) -> None:
    project.save_pending({"first": [ARMENIA], "second": [SECOND]})
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("UPDATE annotator_pending SET body = %s WHERE document_id = 'first'", ('{"schema_version": 99, "document_id": "first"}',))
    with pytest.raises(FileProblem):
        project.load_pending("first")
    later = SECOND.model_copy(update={"start": 5, "end": 9})
    with pytest.raises(FileProblem) as refused:
        project.save_pending({"first": [LATER], "second": [SECOND, later]})
    assert "not overwritten" in str(refused.value)
    assert project.load_pending("second") == (SECOND, later)
    with psycopg.connect(pg_url, autocommit=True) as connection:
        assert connection.execute("SELECT body FROM annotator_pending WHERE document_id = 'first'").fetchone()[0].startswith('{"schema_version": 99')


def test_an_old_whole_state_row_is_split_once_and_kept_as_bak(project: ProjectStore, pg_url: str) -> None:
    state = SuggestionState().with_pending("first", [ARMENIA, LATER]).with_pending("second", [SECOND]).with_rejected([LATER])
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("DROP TABLE annotator_pending, annotator_rejected")  # a project from before per-document rows
        connection.execute("INSERT INTO annotator_suggestions (annotator, body) VALUES ('alice', %s)", (state.model_dump_json(exclude_none=True),))
    with open_project(pg_url, annotator="alice", read_only=True) as reader:
        assert reader.load_pending("first") == (ARMENIA,) and reader.pending_documents() == {"first": 1, "second": 1}
    with open_project(pg_url, annotator="alice") as writer:
        assert writer.load_suggestions() == state
    with psycopg.connect(pg_url, autocommit=True) as connection:
        assert connection.execute("SELECT annotator FROM annotator_suggestions").fetchall() == [("alice.bak",)]
        assert connection.execute("SELECT count(*) FROM annotator_pending").fetchone()[0] == 2
