"""The corpus loop shared by ``annotator suggest`` and the window: progress, cancel, unreadable
documents reported while the rest go on, rejected and held suggestions left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Actor, AnnotationFile, Span
from annotator.core.suggest.base import SuggestionState
from annotator.core.suggest.corpus import CorpusProgress, DocumentResult, PendingBatches, store_results, suggest_corpus
from annotator.core.suggest.known_actors import ActorMatcher
from tests.faults._support import ANNOTATOR, make_project, tree_digest


def project_with_actors(root: Path):  # noqa: ANN201 - FolderProject
    project = make_project(root)
    project.save_registry([Actor(id="armenia", name="Armenia"), Actor(id="azerbaijan", name="Azerbaijan")])
    return project


def test_progress_is_called_after_every_document_with_bytes_and_rate(tmp_path: Path) -> None:
    project = project_with_actors(tmp_path / "p")
    seen: list[CorpusProgress] = []
    results = list(suggest_corpus(project, ["first", "second"], ["actors"], progress=seen.append))
    assert [r.doc_id for r in results] == ["first", "second"]
    assert [(p.done, p.total, p.doc_id) for p in seen] == [(1, 2, "first"), (2, 2, "second")]
    sizes = [len(project.load_document(d).text.encode()) for d in ("first", "second")]
    assert [p.bytes for p in seen] == [sizes[0], sizes[0] + sizes[1]]
    assert seen[-1].mb_per_s > 0 and "2/2 documents" in seen[-1].describe() and "MB/s" in seen[-1].describe()
    assert all(s.actor_id in {"armenia", "azerbaijan"} for r in results for s in r.suggestions)
    assert any(r.suggestions for r in results)


def test_cancel_stops_before_the_next_document(tmp_path: Path) -> None:
    project = project_with_actors(tmp_path / "p")
    done: list[str] = []
    results = list(suggest_corpus(project, ["first", "second"], ["actors"], progress=lambda p: done.append(p.doc_id), cancelled=lambda: bool(done)))
    assert [r.doc_id for r in results] == ["first"] and done == ["first"]
    assert list(suggest_corpus(project, ["first"], ["actors"], cancelled=lambda: True)) == []


def test_an_unreadable_document_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    project = project_with_actors(tmp_path / "p")
    document_file = next(path for path in (tmp_path / "p" / "documents").iterdir() if "first" in path.name)
    document_file.write_text("{broken", encoding="utf-8")
    results = list(suggest_corpus(project, ["first", "second"], ["actors"]))
    assert results[0].doc_id == "first" and results[0].problem is not None and results[0].suggestions == ()
    assert document_file.name in results[0].problem
    assert results[1].problem is None and results[1].suggestions


def test_rejected_and_already_held_suggestions_are_left_out(tmp_path: Path) -> None:
    project = project_with_actors(tmp_path / "p")
    (everything,) = suggest_corpus(project, ["second"], ["actors"])
    first, second = everything.suggestions[:2]
    document = project.load_document("second")
    held = Span(id="s1", start=second.start, end=second.end, label=second.label, text=second.text, actor_id=second.actor_id)
    expected = project.load_annotations(document).fingerprint
    project.save_annotations(AnnotationFile(document_id="second", annotator=ANNOTATOR, text_sha256=document.text_sha256, spans=(held,)), expected)
    (result,) = suggest_corpus(project, ["second"], ["actors"], rejected=[first.key])
    keys = {s.key for s in result.suggestions}
    assert first.key not in keys and second.key not in keys
    assert len(result.suggestions) == len(everything.suggestions) - 2


def test_store_results_replaces_pending_per_document_and_keeps_unreadable_ones(tmp_path: Path) -> None:
    project = project_with_actors(tmp_path / "p")
    annotations = tree_digest(tmp_path / "p" / "annotations")
    first, second = suggest_corpus(project, ["first", "second"], ["actors"])
    state = SuggestionState().with_pending("first", first.suggestions[:1]).with_rejected(second.suggestions[:1])
    stored = store_results(state, [DocumentResult("first", problem="unreadable"), second])
    assert stored.pending["first"] == first.suggestions[:1]  # not read this time: kept as it was
    assert stored.pending["second"] == second.suggestions[1:]  # the rejected one stays out
    project.save_suggestions(stored)
    assert project.load_suggestions() == stored
    assert tree_digest(tmp_path / "p" / "annotations") == annotations  # annotation files untouched


def test_one_actor_automaton_for_the_whole_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = project_with_actors(tmp_path / "p")
    built: list[int] = []
    original = ActorMatcher.__init__

    def counting(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ActorMatcher, "__init__", counting)
    results = list(suggest_corpus(project, ["first", "second", "first", "second"], ["actors", "claims"]))
    assert len(results) == 4 and all(r.suggestions for r in results)
    assert len(built) == 1  # shared by the known-actor and the claim recommenders, not built once per document


def test_pending_batches_store_per_document_as_the_run_goes(tmp_path: Path) -> None:
    project = project_with_actors(tmp_path / "p")
    first, second = suggest_corpus(project, ["first", "second"], ["actors"])
    project.save_pending({"first": first.suggestions[:1]})
    project.add_rejected([second.suggestions[0].key])
    batches = PendingBatches(project, every=1)
    batches.add(DocumentResult("first", problem="unreadable"))  # not read this time: kept as it was
    batches.add(second)  # stored at once: a batch of one
    assert project.load_pending("second") == second.suggestions[1:]  # the rejected one stays out
    assert project.load_pending("first") == first.suggestions[:1]
    assert (batches.documents, batches.problems) == (1, [])
    batches.flush()  # nothing left in hand
    assert batches.documents == 1 and project.pending_documents() == {"first": 1, "second": len(second.suggestions) - 1}
