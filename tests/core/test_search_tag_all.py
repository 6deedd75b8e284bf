"""Corpus-wide "tag all as suggestions": one pending suggestion per new hit per document, nothing
else changed; the hits come from every matching document of the index, not only the first page."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import Document, Span, text_sha256
from annotator.core.search.find import FindQuery
from annotator.core.search.index import CANDIDATES, INDEX_FILE, CorpusIndex, IndexedDocument
from annotator.core.search.tag_all import search_suggestions
from annotator.core.storage import FolderProject
from annotator.core.suggest.base import Suggestion, SuggestionKind, SuggestionState

TEXTS = {
    "a": "🇦🇲🙂 The CSTO met. The csto failed; CSTOs are many.",
    "b": "Nothing about it.",
    "c": "👨‍👩‍👧 CSTO, again the CSTO.",
}


def nothing_pending(_doc_id: str) -> tuple[Suggestion, ...]:
    return ()


def index_of(path: Path, texts: dict[str, str]) -> CorpusIndex:
    index = CorpusIndex(path)
    documents = {doc_id: IndexedDocument(doc_id, doc_id, "", text_sha256(text), text) for doc_id, text in texts.items()}
    index.update({doc_id: d.text_sha256 for doc_id, d in documents.items()}, documents.__getitem__)
    return index


def test_one_pending_suggestion_per_new_hit_with_emoji_offsets(tmp_path: Path) -> None:
    with index_of(tmp_path / INDEX_FILE, TEXTS) as index:
        found = search_suggestions(
            index.matching_texts(FindQuery("csto", whole_word=True)), FindQuery("csto", whole_word=True), "actor", {}, frozenset(), nothing_pending
        )
    assert (found.hits, found.documents) == (4, 2)
    assert set(found.suggestions) == {"a", "c"}
    for doc_id, items in found.suggestions.items():
        for s in items:
            assert s.kind is SuggestionKind.SEARCH and s.label == "actor" and TEXTS[doc_id][s.start : s.end] == s.text
    # Offsets are code points: the flag is two, the smiley one, so "CSTO" starts at 8.
    assert [(s.start, s.end) for s in found.suggestions["a"]] == [(8, 12), (22, 26)]
    assert [(s.start, s.text) for s in found.suggestions["c"]] == [(6, "CSTO"), (22, "CSTO")]
    # Case as in the search: matching case leaves out "csto".
    with index_of(tmp_path / "second.sqlite3", TEXTS) as index:
        query = FindQuery("CSTO", whole_word=True, case_sensitive=True)
        assert search_suggestions(index.matching_texts(query), query, "actor", {}, frozenset(), nothing_pending).hits == 3
        # Without whole word, "CSTOs" is a hit too.
        query = FindQuery("csto")
        assert search_suggestions(index.matching_texts(query), query, "actor", {}, frozenset(), nothing_pending).hits == 5


def test_tagged_rejected_and_pending_hits_are_counted_not_proposed() -> None:
    query = FindQuery("csto", whole_word=True)
    found = [("a", TEXTS["a"]), ("c", TEXTS["c"])]
    # "a": the first hit already tagged actor; another label over the second does not count.
    spans = {"a": [Span(id="s1", start=8, end=12, label="actor", text="CSTO"), Span(id="s2", start=22, end=26, label="claim", text="csto")]}
    rejected = Suggestion(document_id="c", kind=SuggestionKind.SEARCH, label="actor", start=6, end=10, text="CSTO")
    pending = Suggestion(document_id="c", kind=SuggestionKind.SEARCH, label="actor", start=22, end=26, text="CSTO")
    other = Suggestion(document_id="c", kind=SuggestionKind.DATE, label="date", start=0, end=2, text="👨\u200d")
    state = SuggestionState().with_pending("c", [pending, other]).with_rejected([rejected])
    plan = search_suggestions(found, query, "actor", spans, state.rejected, lambda doc_id: state.pending.get(doc_id, ()))
    assert (plan.already_tagged, plan.rejected, plan.already_pending) == (1, 1, 1)
    assert {doc_id: [(s.start, s.end) for s in items] for doc_id, items in plan.suggestions.items()} == {"a": [(22, 26)]}
    stored = plan.stored_in(state)
    assert [(s.start, s.kind) for s in stored.pending["a"]] == [(22, SuggestionKind.SEARCH)]
    assert stored.pending["c"] == (pending, other) and stored.rejected == state.rejected  # the others kept as they were
    assert plan.stored_in(stored) == stored  # storing the same plan twice adds nothing
    # A hit rejected between the count and the confirmation is not stored.
    [late] = plan.suggestions["a"]
    assert "a" not in plan.stored_in(state.with_rejected([late])).pending


def test_every_matching_document_not_only_the_first_ranked_page(tmp_path: Path) -> None:
    texts = {f"d{n:05}": f"Article {n}: the CSTO again." for n in range(CANDIDATES + 50)}
    query = FindQuery("CSTO", whole_word=True)
    with index_of(tmp_path / INDEX_FILE, texts) as index:
        assert len(index.search(query, limit=10_000)) <= CANDIDATES
        plan = search_suggestions(index.matching_texts(query), query, "actor", {}, frozenset(), nothing_pending)
    assert plan.documents == CANDIDATES + 50 and plan.hits == CANDIDATES + 50


def test_stored_through_the_store_with_the_annotation_files_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with FolderProject.create(root, "tag all") as store:
        entries = store.add_documents([Document.create(doc_id, text) for doc_id, text in TEXTS.items()])
        texts = [(entry.id, store.load_document(entry.id).text) for entry in entries]
        before = sorted((path, path.read_bytes()) for path in (root / "annotations").rglob("*") if path.is_file()) if (root / "annotations").exists() else []
        query = FindQuery("CSTO", whole_word=True)
        held = Suggestion(document_id="c", kind=SuggestionKind.DATE, label="date", start=0, end=2, text="👨\u200d")
        late = Suggestion(document_id="a", kind=SuggestionKind.SEARCH, label="actor", start=8, end=12, text="CSTO")
        store.save_pending({"c": [held]})
        plan = search_suggestions(texts, query, "actor", {}, store.load_rejected(), store.load_pending)
        store.add_rejected([late.key])  # rejected between the count and the confirmation: not stored
        assert plan.store_into(store, every=1) == []
        assert store.load_pending("c")[0] == held  # the document's other pending ones kept
        after = sorted((path, path.read_bytes()) for path in (root / "annotations").rglob("*") if path.is_file()) if (root / "annotations").exists() else []
    assert before == after
    with FolderProject.open(root) as store:
        state = store.load_suggestions()
    assert sum(len(items) for items in state.pending.values()) == 4  # 4 hits, less the rejected one, and the date
    assert {s.kind for items in state.pending.values() for s in items} == {SuggestionKind.SEARCH, SuggestionKind.DATE}
    assert late.key not in {s.key for items in state.pending.values() for s in items}
