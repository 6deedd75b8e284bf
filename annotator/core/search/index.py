"""The corpus index: SQLite FTS5 (the standard library's sqlite3), a cache that can always be rebuilt.

The index file lives where ``ProjectStore.cache_path`` says; it holds each document's text, title and
date and the text's hash, so ``update`` adds new or changed documents (after an import) and drops
removed ones without reading the others. A file that is not a usable index is deleted and rebuilt.

``search`` asks FTS5 for the documents holding every word of the query (the first ``CANDIDATES`` of
them in index order ranked by bm25, so a word in every article answers as fast as a rare one), then finds
the hits in each stored text with core/search/find.py: hits are code point offsets into the stored
text (emoji one code point each, CRLF already normalised on import), with their context.
One ``CorpusIndex`` per thread: sqlite3 connections are not shared across threads.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .find import FindQuery, find_all

INDEX_FILE = "search-index.sqlite3"
SCHEMA = 1
CONTEXT = 60  # code points of context either side of a hit
CANDIDATES = 2000  # matching documents ranked by bm25 for the first page
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class IndexedDocument:
    id: str
    title: str
    date: str  # ISO date or ""
    text_sha256: str
    text: str


@dataclass(frozen=True)
class CorpusHit:
    document_id: str
    title: str
    date: str
    start: int  # code points into the stored text, end-exclusive
    end: int
    before: str
    match: str
    after: str


def fts_query(text: str) -> str | None:
    """An FTS5 query for documents holding every word of ``text``, each quoted (no FTS5 syntax from the user)."""
    words = _WORD.findall(text)
    return " ".join('"' + word.replace('"', '""') + '"' for word in words) or None


class CorpusIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            # A cache: whatever is there that is not our index is thrown away and rebuilt.
            path.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA):
                raise sqlite3.DatabaseError(f"{self.path}: index schema {version}")
            db.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, title TEXT, date TEXT, sha TEXT, text TEXT)")
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
            )
            db.execute(f"PRAGMA user_version = {SCHEMA}")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def known(self) -> dict[str, str]:
        """Document id -> text hash of what the index holds."""
        return dict(self._db.execute("SELECT id, sha FROM documents"))

    def update(
        self, wanted: dict[str, str], load: Callable[[str], IndexedDocument], progress: Callable[[int, int], bool] | None = None, batch: int = 500
    ) -> int:
        """Bring the index to ``wanted`` (document id -> text hash): load and add what is new or changed,
        drop what is gone. ``progress(done, total)`` returning False stops (what is committed stays).
        Returns how many documents were (re)indexed."""
        known = self.known()
        gone = [doc_id for doc_id in known if doc_id not in wanted]
        todo = [doc_id for doc_id, sha in wanted.items() if known.get(doc_id) != sha]
        with self._db:
            for doc_id in gone:
                self._remove(doc_id)
        done = 0
        for start in range(0, len(todo), batch):
            with self._db:
                for doc_id in todo[start : start + batch]:
                    self._remove(doc_id)
                    document = load(doc_id)
                    cursor = self._db.execute(
                        "INSERT INTO documents (id, title, date, sha, text) VALUES (?, ?, ?, ?, ?)",
                        (document.id, document.title, document.date, document.text_sha256, document.text),
                    )
                    self._db.execute("INSERT INTO fts (rowid, title, text) VALUES (?, ?, ?)", (cursor.lastrowid, document.title, document.text))
                    done += 1
            if progress is not None and not progress(done, len(todo)):
                break
        return done

    def _remove(self, doc_id: str) -> None:
        row = self._db.execute("SELECT rowid, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None:
            self._db.execute("INSERT INTO fts (fts, rowid, title, text) VALUES ('delete', ?, ?, ?)", row)
            self._db.execute("DELETE FROM documents WHERE rowid = ?", (row[0],))

    def matching_texts(self, query: FindQuery) -> Iterator[tuple[str, str]]:
        """(document id, stored text) of every document holding each word of ``query``, in index order,
        unranked and without a limit (what "tag all" goes through; find the hits with find_all)."""
        match = fts_query(query.text)
        if match is None:
            return
        rows = self._db.execute("SELECT d.id, d.text FROM fts JOIN documents d ON d.rowid = fts.rowid WHERE fts MATCH ? ORDER BY fts.rowid", (match,))
        yield from rows

    def search(self, query: FindQuery, limit: int = 500, per_document: int = 50) -> list[CorpusHit]:
        """Keyword-in-context hits of ``query`` across the corpus, best documents first, at most ``limit``."""
        match = fts_query(query.text)
        if match is None:
            return []
        # Ranking every match costs time in proportion to the matches (266 ms for a word in each of
        # 100,000 articles): bm25 ranks only the first CANDIDATES matching documents (in index order),
        # found through FTS5's rowid order without ranking; fewer matches are ranked in full.
        bound = self._db.execute("SELECT max(rowid) FROM (SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid LIMIT ?)", (match, CANDIDATES)).fetchone()[0]
        if bound is None:
            return []
        rows = self._db.execute(
            "SELECT d.id, d.title, d.date, d.text FROM fts JOIN documents d ON d.rowid = fts.rowid"
            " WHERE fts MATCH ? AND fts.rowid <= ? ORDER BY bm25(fts) LIMIT ?",
            (match, bound, limit),
        )
        hits: list[CorpusHit] = []
        for doc_id, title, date, text in rows:
            for start, end in find_all(text, query, limit=per_document):
                hits.append(
                    CorpusHit(
                        doc_id, title, date, start, end, _flat(text[max(0, start - CONTEXT) : start]), _flat(text[start:end]), _flat(text[end : end + CONTEXT])
                    )
                )
                if len(hits) >= limit:
                    return hits
        return hits


def _flat(text: str) -> str:
    """Context on one line: line breaks and runs of spaces become one space."""
    return re.sub(r"\s+", " ", text)
