"""Helpers shared by the PostgreSQL tests and their child processes (no tests here)."""

from __future__ import annotations

from annotator.core.model import AnnotationFile, Document, DocumentStatus, Span


def annotated(document: Document, annotator: str, words: int, status: DocumentStatus = DocumentStatus.IN_PROGRESS, tag: str = "s") -> AnnotationFile:
    """``words`` actor spans over the first words of ``document``; span ids start with ``tag`` (who saved it)."""
    spans = []
    position = 0
    for number in range(words):
        start = document.text.index(" ", position) + 1
        end = document.text.index(" ", start)
        position = end
        spans.append(Span(id=f"{tag}{number + 1}", start=start, end=end, label="actor", text=document.text[start:end]))
    return AnnotationFile(document_id=document.id, annotator=annotator, text_sha256=document.text_sha256, status=status, spans=tuple(spans))
