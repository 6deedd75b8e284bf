"""Pending and rejected suggestions in a project folder: suggestions/<annotator>.json, atomic,
validated on load, and a broken file is reported and never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.storage import FileProblem, ReadOnlyError, open_project
from annotator.core.suggest import Suggestion, SuggestionKind
from annotator.core.suggest.base import SuggestionState
from tests.faults._support import ANNOTATOR, make_project

ARMENIA = Suggestion(document_id="first", kind=SuggestionKind.ACTOR, label="actor", start=2, end=9, text="Armenia", actor_id="armenia")


def test_state_keeps_rejections_out_of_pending() -> None:
    other = ARMENIA.model_copy(update={"start": 191, "end": 198})
    state = SuggestionState().with_pending("first", [ARMENIA, other]).with_rejected([ARMENIA])
    assert state.pending == {"first": (other,)} and state.rejected == (ARMENIA.key,)
    assert state.with_pending("first", [ARMENIA]).pending == {}  # a rejected one is never pending again


def test_folder_round_trip_and_bad_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert project.load_suggestions() == SuggestionState()
    state = SuggestionState().with_pending("first", [ARMENIA])
    project.save_suggestions(state)
    assert open_project(tmp_path / "p", annotator=ANNOTATOR).load_suggestions() == state
    with pytest.raises(ReadOnlyError):
        open_project(tmp_path / "p", annotator=ANNOTATOR, read_only=True).save_suggestions(state)
    path = tmp_path / "p" / "suggestions" / f"{ANNOTATOR}.json"
    path.write_text('{"pending": {"first": [{"start": 5}]}}', encoding="utf-8")
    with pytest.raises(FileProblem) as problem:
        project.load_suggestions()
    assert f"{ANNOTATOR}.json" in str(problem.value)
