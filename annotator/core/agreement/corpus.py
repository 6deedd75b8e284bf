"""Several coders' annotations of the same documents, read through the ``ProjectStore`` interface.

A document takes part when every chosen coder has an annotation file for it; the others are
listed in ``skipped`` (agreement over a document one coder has not started would count
everything the other coded as disagreement). A file that fails validation is reported in
``problems`` by file and reason and leaves its document out; nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core.model import Document, Span
from annotator.core.storage import ProjectError, ProjectStore

# Tokens for the coding studies: runs of word characters, and every other non-space character alone.
TOKEN_RE = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class DocumentCoding:
    document: Document
    spans: dict[str, tuple[Span, ...]]  # coder -> spans, in file order
    _tokens: list[tuple[int, int]] = field(default_factory=list, compare=False, repr=False)

    def tokens(self) -> list[tuple[int, int]]:
        """(start, end) of every token, found once (each label's study asks again)."""
        if not self._tokens and self.document.text:
            self._tokens.extend((m.start(), m.end()) for m in TOKEN_RE.finditer(self.document.text))
        return self._tokens


@dataclass
class Corpus:
    coders: tuple[str, ...]
    documents: list[DocumentCoding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "doc: no annotations by X"
    problems: list[str] = field(default_factory=list)


def load_corpus(project: ProjectStore, coders: list[str] | None = None, documents: list[str] | None = None) -> Corpus:
    """Read the chosen coders' (default: every coder of the project) annotations of the chosen documents."""
    coders = list(coders) if coders else project.annotators()
    if len(coders) < 2:
        raise ProjectError(f"agreement needs at least two coders; this project has {', '.join(coders) or 'none'}")
    known = {entry.id for entry in project.documents()}
    wanted = documents if documents else [entry.id for entry in project.documents()]
    unknown = [doc_id for doc_id in wanted if doc_id not in known]
    if unknown:
        raise ProjectError(f"no such document(s) in the project: {', '.join(unknown)}")
    stores = {}
    for coder in coders:
        stores[coder] = project if coder == project.annotator else project.reopen(annotator=coder, read_only=True)
    corpus = Corpus(tuple(coders))
    try:
        for doc_id in wanted:
            try:
                document = project.load_document(doc_id)
            except ProjectError as error:
                corpus.problems.append(f"documents/{error}")
                continue
            spans: dict[str, tuple[Span, ...]] = {}
            missing = []
            for coder, store in stores.items():
                try:
                    loaded = store.load_annotations(document)
                except ProjectError as error:
                    corpus.problems.append(f"{coder}/{error}")
                    missing.append(coder)
                    continue
                if loaded.annotation_file is None:
                    missing.append(coder)
                else:
                    spans[coder] = loaded.annotation_file.spans
            if missing:
                corpus.skipped.append(f"{doc_id}: no usable annotations by {', '.join(missing)}")
            else:
                corpus.documents.append(DocumentCoding(document, spans))
    finally:
        for store in stores.values():
            if store is not project:
                store.close()
    return corpus
