"""Pending and rejected suggestions on PostgreSQL: per annotator, beside the annotations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.core.storage import ProjectStore, create_project, open_project
from annotator.core.suggest import Suggestion, SuggestionKind
from annotator.core.suggest.base import SuggestionState
from tests.faults._support import seed_documents


@pytest.fixture
def project(pg_url: str) -> Iterator[ProjectStore]:
    store = create_project(pg_url, "Shared corpus", annotator="alice")
    store.add_documents(seed_documents())
    yield store
    store.close()


def test_suggestions_round_trip_per_annotator(project: ProjectStore, pg_url: str) -> None:
    assert project.load_suggestions() == SuggestionState()
    first = Suggestion(document_id="first", kind=SuggestionKind.ACTOR, label="actor", start=2, end=9, text="Armenia", actor_id="armenia")
    second = first.model_copy(update={"start": 191, "end": 198})
    state = SuggestionState().with_pending("first", [first, second]).with_rejected([first])
    project.save_suggestions(state)
    with open_project(pg_url, annotator="alice") as again:
        assert again.load_suggestions() == state
        assert again.load_suggestions().pending == {"first": (second,)}
    with open_project(pg_url, annotator="bob", read_only=True) as bob:
        assert bob.load_suggestions() == SuggestionState()
    assert project.load_annotations(project.load_document("first")).annotation_file is None
