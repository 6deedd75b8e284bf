"""The FTS5 corpus index: hits as code point offsets (emoji, CRLF-normalised texts), updates, a broken file rebuilt."""

from __future__ import annotations

from pathlib import Path

from annotator.core.articles import read_article
from annotator.core.model import text_sha256
from annotator.core.search.find import FindQuery
from annotator.core.search.index import INDEX_FILE, CorpusIndex, IndexedDocument, fts_query
from annotator.core.storage import create_project
from annotator.core.workspace import import_into


def doc(doc_id: str, text: str, title: str = "", date: str = "") -> IndexedDocument:
    return IndexedDocument(doc_id, title or doc_id, date, text_sha256(text), text)


def build(path: Path, documents: list[IndexedDocument]) -> CorpusIndex:
    index = CorpusIndex(path)
    by_id = {d.id: d for d in documents}
    index.update({d.id: d.text_sha256 for d in documents}, by_id.__getitem__)
    return index


def test_hits_are_code_point_offsets_with_context(tmp_path: Path) -> None:
    texts = [doc("a", "🇦🇲🙂 The CSTO met.\nThe csto failed."), doc("b", "Nothing about it."), doc("c", "CSTOs and the CSTO, 👍🏽 again CSTO")]
    with build(tmp_path / INDEX_FILE, texts) as index:
        hits = index.search(FindQuery("csto", whole_word=True))
        assert {h.document_id for h in hits} == {"a", "c"}
        for hit in hits:
            text = next(d.text for d in texts if d.id == hit.document_id)
            assert text[hit.start : hit.end].lower() == "csto" and hit.match.lower() == "csto"
        first = next(h for h in hits if h.document_id == "a")
        assert (first.start, first.before, first.after) == (8, "🇦🇲🙂 The ", " met. The csto failed.")
        assert len([h for h in hits if h.document_id == "c"]) == 2  # "CSTOs" is no whole word
        assert index.search(FindQuery("CSTO", case_sensitive=True, whole_word=True)) != hits
        assert index.search(FindQuery('" OR x')) == []  # FTS5 syntax in the query is searched for, never run
        assert fts_query('say "hi" NEAR') == '"say" "hi" "NEAR"'


def test_an_imported_crlf_article_is_found_at_its_normalised_offsets(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "crlf.txt").write_bytes("Headline\r\n\r\nThe 🙂 CSTO said\r\nno to the CSTO.\r\n".encode())
    with create_project(tmp_path / "p", "t") as project:
        import_into(project, source)
        [entry] = project.documents()
        document = project.load_document(entry.id)
        path = project.cache_path(INDEX_FILE)
        with build(path, [doc(document.id, document.text)]) as index:
            hits = index.search(FindQuery("CSTO"))
        assert [document.text[h.start : h.end] for h in hits] == ["CSTO", "CSTO"]
        assert "\r" not in document.text and path.parent.is_dir()
        assert read_article(source / "crlf.txt", "x").document.text == document.text


def test_update_adds_changes_and_drops_and_a_broken_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / INDEX_FILE
    with build(path, [doc("a", "alpha beta"), doc("b", "beta gamma")]) as index:
        assert {h.document_id for h in index.search(FindQuery("beta"))} == {"a", "b"}
        loaded: list[str] = []
        changed = {"a": doc("a", "alpha delta"), "c": doc("c", "beta again")}

        def load(doc_id: str) -> IndexedDocument:
            loaded.append(doc_id)
            return changed[doc_id]

        assert index.update({"a": changed["a"].text_sha256, "c": changed["c"].text_sha256}, load) == 2
        assert sorted(loaded) == ["a", "c"]  # b is dropped, not read; nothing unchanged is read again
        assert {h.document_id for h in index.search(FindQuery("beta"))} == {"c"}
        assert index.update(index.known(), load) == 0 and len(loaded) == 2
    path.write_bytes(b"this is no database" * 100)
    with build(path, [doc("z", "rebuilt text")]) as index:
        assert [h.document_id for h in index.search(FindQuery("rebuilt"))] == ["z"]


def test_the_cache_is_in_the_project_folder_or_for_a_read_only_project_in_the_data_folder(tmp_path: Path) -> None:
    from annotator.core.data_dir import data_dir
    from annotator.core.storage import open_project

    with create_project(tmp_path / "p", "t") as project:
        assert project.cache_path(INDEX_FILE) == tmp_path / "p" / ".cache" / INDEX_FILE
    with open_project(tmp_path / "p", read_only=True) as reader:
        path = reader.cache_path(INDEX_FILE)
        assert path.parent.is_dir() and data_dir() in path.parents


def test_the_first_page_ranks_a_bounded_set_of_candidates_best_first(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import annotator.core.search.index as index_module

    # "vote" in every article; the more often in a shorter article, the better bm25 ranks it (no ties).
    texts = [doc(f"d{n:02d}", " ".join(["vote"] * (n % 4 + 1) + ["filler"] * (20 + n))) for n in range(12)]
    with build(tmp_path / INDEX_FILE, texts) as index:
        full = [h.document_id for h in index.search(FindQuery("vote"), per_document=1)]
        assert len(full) == 12 and full[:3] == ["d03", "d07", "d11"]  # four times "vote" ranks first
        monkeypatch.setattr(index_module, "CANDIDATES", 6)
        page = index.search(FindQuery("vote"), per_document=1)
        assert [h.document_id for h in page] == ["d03", "d02", "d01", "d05", "d00", "d04"]  # only d00..d05, best first
        assert [(h.document_id, h.start) for h in index.search(FindQuery("vote"), limit=2)] == [("d03", 0), ("d03", 5)]
        assert index.search(FindQuery("nowhere")) == []
