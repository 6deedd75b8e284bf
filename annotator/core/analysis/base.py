"""What the analyses read: a document with one coder's annotations (formats' ExportItem is one)."""

from __future__ import annotations

from typing import Protocol

from annotator.core.model import AnnotationFile, Document, Span


class CodedDocument(Protocol):
    @property
    def document(self) -> Document: ...

    @property
    def annotations(self) -> AnnotationFile | None: ...  # None: never opened by this coder

    @property
    def spans(self) -> tuple[Span, ...]: ...
