"""Corrections of an article's metadata as edit objects, undone like annotation edits.

Metadata belongs to the document, not to an annotator's file: ``SetMetadata``
turns one ``Document`` into the next (text and hash never change) and the store
writes it with ``update_document``. Like the edits in ``annotator.core.edits``
it is data with ``apply``, ``inverse`` and ``describe``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from annotator.core.model import ArticleMetadata, Document

_FIELD_WORDS = {
    "headline": "headline",
    "byline": "byline",
    "date": "date",
    "date_text": "date text",
    "caption": "caption",
    "caption_credit": "photo credit",
    "related": "related articles",
    "url": "URL",
}


class MetadataError(ValueError):
    pass


class SetMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built at the first metadata edit, not at start

    document_id: str
    old: ArticleMetadata
    new: ArticleMetadata

    def apply(self, document: Document) -> Document:
        """The document with the new metadata; refuses a document it was not made for."""
        if document.id != self.document_id or document.metadata != self.old:
            raise MetadataError(f"{document.id}: the metadata changed since this correction was made")
        return document.model_copy(update={"metadata": self.new})

    def inverse(self) -> SetMetadata:
        return SetMetadata(document_id=self.document_id, old=self.new, new=self.old)

    def changed_fields(self) -> list[str]:
        return [name for name in ArticleMetadata.model_fields if getattr(self.old, name) != getattr(self.new, name)]

    def describe(self) -> str:
        fields = [_FIELD_WORDS.get(name, name) for name in self.changed_fields()]
        return f"Correct the article's {', '.join(fields)}" if fields else "Correct the article's metadata"


def set_metadata(document: Document, metadata: ArticleMetadata) -> SetMetadata | None:
    """The edit that gives ``document`` the corrected ``metadata``; None when nothing changes."""
    if metadata == document.metadata:
        return None
    return SetMetadata(document_id=document.id, old=document.metadata, new=metadata)
