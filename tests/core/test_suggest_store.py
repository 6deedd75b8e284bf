"""Pending and rejected suggestions in a project folder, per document: suggestions/<annotator>/pending/<doc>.json
and suggestions/<annotator>/rejected.json, atomic, validated on load; a broken file is reported and never
overwritten while the other documents go on; an old single file is split once and kept as .bak.

``check_per_document_interface`` is the interface's contract; tests/postgres runs it on the database too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.storage import FileProblem, ProjectStore, ReadOnlyError, open_project
from annotator.core.suggest import Suggestion, SuggestionKind
from annotator.core.suggest.base import SuggestionState
from tests.faults._support import ANNOTATOR, make_project

ARMENIA = Suggestion(document_id="first", kind=SuggestionKind.ACTOR, label="actor", start=2, end=9, text="Armenia", actor_id="armenia")
LATER = ARMENIA.model_copy(update={"start": 191, "end": 198})
SECOND = Suggestion(document_id="second", kind=SuggestionKind.DATE, label="date", start=0, end=4, text="Some")


def test_state_keeps_rejections_out_of_pending() -> None:
    state = SuggestionState().with_pending("first", [ARMENIA, LATER]).with_rejected([ARMENIA])
    assert state.pending == {"first": (LATER,)} and state.rejected == (ARMENIA.key,)
    assert state.with_pending("first", [ARMENIA]).pending == {}  # a rejected one is never pending again


def check_per_document_interface(store: ProjectStore, reopen: Callable[[], ProjectStore]) -> None:
    """What every backend does: per-document pending suggestions, counts, rejections that stick."""
    assert store.load_pending("first") == () and store.pending_documents() == {} and store.load_rejected() == frozenset()
    assert store.load_suggestions() == SuggestionState()
    store.save_pending({"first": [ARMENIA, LATER], "second": [SECOND]})
    assert store.load_pending("first") == (ARMENIA, LATER) and store.load_pending("second") == (SECOND,)
    assert store.pending_documents() == {"first": 2, "second": 1}
    store.save_pending({"second": []})  # empty removes; "first" is not touched
    assert store.pending_documents() == {"first": 2} and store.load_pending("second") == ()
    store.add_rejected([ARMENIA.key])
    assert store.load_rejected() == {ARMENIA.key}
    assert store.load_pending("first") == (LATER,)  # dropped from its document's pending at once
    store.save_pending({"first": [ARMENIA, LATER]})  # a run computed before the rejection cannot bring it back
    assert store.load_pending("first") == (LATER,)
    with reopen() as again:
        assert again.load_pending("first") == (LATER,) and again.pending_documents() == {"first": 1}
        assert again.load_rejected() == {ARMENIA.key}
        assert again.load_suggestions() == SuggestionState(pending={"first": (LATER,)}, rejected=(ARMENIA.key,))
    # The whole-state convenience: pending made exactly the state's, rejections only ever added.
    store.save_suggestions(SuggestionState(pending={"second": (SECOND,)}))
    assert store.pending_documents() == {"second": 1} and store.load_rejected() == {ARMENIA.key}
    assert store.load_annotations(store.load_document("first")).annotation_file is None  # never in an annotation set


def test_folder_per_document_interface(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    check_per_document_interface(project, lambda: project.reopen(read_only=True))
    folder = tmp_path / "p" / "suggestions" / ANNOTATOR
    assert sorted(p.name for p in (folder / "pending").iterdir()) == ["second.json"]
    assert (folder / "rejected.json").is_file()
    with pytest.raises(ReadOnlyError):
        project.reopen(read_only=True).add_rejected([SECOND.key])
    with pytest.raises(ReadOnlyError):
        project.reopen(read_only=True).save_pending({"first": [ARMENIA]})


def test_a_bad_pending_file_is_reported_left_untouched_and_the_others_go_on(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.save_pending({"first": [ARMENIA], "second": [SECOND]})
    bad = tmp_path / "p" / "suggestions" / ANNOTATOR / "pending" / "first.json"
    bad.write_text('{"schema_version": 2, "document_id": "first", "suggestions": [{"start": 5}]}', encoding="utf-8")
    before = bad.read_bytes()
    with open_project(tmp_path / "p", annotator=ANNOTATOR, read_only=True) as reader:
        assert reader.pending_documents() == {"second": 1}  # counted again: its mtime no longer matches the cache
    with pytest.raises(FileProblem) as problem:
        project.load_pending("first")
    assert "first.json" in str(problem.value)
    assert project.load_pending("second") == (SECOND,)
    later = SECOND.model_copy(update={"start": 5, "end": 9})
    with pytest.raises(FileProblem) as refused:
        project.save_pending({"first": [LATER], "second": [SECOND, later]})
    assert "first.json" in str(refused.value) and "not overwritten" in str(refused.value)
    assert bad.read_bytes() == before
    assert project.load_pending("second") == (SECOND, later)  # the other document of the batch was stored
    project.add_rejected([ARMENIA.key, SECOND.key])  # a rejection in a broken document is still remembered
    assert bad.read_bytes() == before and project.load_rejected() == {ARMENIA.key, SECOND.key}
    assert project.load_pending("second") == (later,)


def test_a_newer_programs_pending_file_is_never_overwritten(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.save_pending({"first": [ARMENIA]})
    path = tmp_path / "p" / "suggestions" / ANNOTATOR / "pending" / "first.json"
    path.write_text('{"schema_version": 99, "document_id": "first", "suggestions": []}', encoding="utf-8")
    with pytest.raises(FileProblem) as problem:
        project.save_pending({"first": [LATER]})
    assert "newer" in str(problem.value) and 'schema_version": 99' in path.read_text(encoding="utf-8")


def test_a_bad_rejected_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.add_rejected([ARMENIA.key])
    path = tmp_path / "p" / "suggestions" / ANNOTATOR / "rejected.json"
    path.write_text('{"schema_version": 2, "rejected": [["first"]]}', encoding="utf-8")
    with pytest.raises(FileProblem) as problem:
        project.add_rejected([SECOND.key])
    assert "rejected.json" in str(problem.value)
    assert path.read_text(encoding="utf-8") == '{"schema_version": 2, "rejected": [["first"]]}'


def test_a_broken_counts_cache_is_rebuilt_from_the_files(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.save_pending({"first": [ARMENIA, LATER], "second": [SECOND]})
    project.close()
    (tmp_path / "p" / "suggestions" / ANNOTATOR / "counts.json").write_text("{not json", encoding="utf-8")
    with open_project(tmp_path / "p", annotator=ANNOTATOR) as again:
        assert again.pending_documents() == {"first": 2, "second": 1}


def test_an_old_single_file_is_split_once_and_kept_as_bak(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.close()
    state = SuggestionState().with_pending("first", [ARMENIA, LATER]).with_pending("second", [SECOND]).with_rejected([LATER])
    old = tmp_path / "p" / "suggestions" / f"{ANNOTATOR}.json"
    old.parent.mkdir()
    old.write_bytes(state.model_dump_json(exclude_none=True).encode())
    content = old.read_bytes()
    with open_project(tmp_path / "p", annotator=ANNOTATOR, read_only=True) as reader:  # read as it is, nothing written
        assert reader.load_pending("first") == (ARMENIA,) and reader.pending_documents() == {"first": 1, "second": 1}
        assert reader.load_rejected() == {LATER.key}
    assert old.read_bytes() == content and not (old.parent / ANNOTATOR).exists()
    with open_project(tmp_path / "p", annotator=ANNOTATOR) as writer:
        assert writer.load_pending("first") == (ARMENIA,)
        assert writer.load_suggestions() == state
    assert not old.exists() and (old.parent / f"{ANNOTATOR}.json.bak").read_bytes() == content
    assert sorted(p.name for p in (old.parent / ANNOTATOR / "pending").iterdir()) == ["first.json", "second.json"]
    with open_project(tmp_path / "p", annotator=ANNOTATOR) as again:
        assert again.pending_documents() == {"first": 1, "second": 1} and again.load_rejected() == {LATER.key}


def test_a_bad_old_single_file_is_reported_and_left_as_it_is(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    old = tmp_path / "p" / "suggestions" / f"{ANNOTATOR}.json"
    old.parent.mkdir()
    old.write_text('{"pending": {"first": [{"start": 5}]}}', encoding="utf-8")
    with pytest.raises(FileProblem) as problem:
        project.load_pending("first")
    assert f"{ANNOTATOR}.json" in str(problem.value)
    with pytest.raises(FileProblem):
        project.save_pending({"second": [SECOND]})
    assert old.read_text(encoding="utf-8") == '{"pending": {"first": [{"start": 5}]}}' and not (old.parent / ANNOTATOR).exists()
