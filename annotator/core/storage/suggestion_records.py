"""The stored records of suggestions: the folder's ``suggestions/<annotator>/pending/<doc>.json``
and ``rejected.json``, the database's ``annotator_pending`` body. A module of their own so that
the other storage records (``storage/records.py``), read at every start, do not import the
suggestions (``core/suggest``, with the mentions and actors) before the first suggestion is read."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from annotator.core.model import SCHEMA_VERSION, Model
from annotator.core.suggest.base import RejectionKey, Suggestion


class PendingRecord(Model):
    model_config = ConfigDict(defer_build=True)  # read with the first stored suggestions, not at start (bench U1)
    schema_version: Annotated[int, Field(ge=1)] = SCHEMA_VERSION
    document_id: str
    suggestions: tuple[Suggestion, ...] = ()


class RejectedRecord(Model):
    model_config = ConfigDict(defer_build=True)
    schema_version: Annotated[int, Field(ge=1)] = SCHEMA_VERSION
    rejected: tuple[RejectionKey, ...] = ()
