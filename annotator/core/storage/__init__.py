"""Project storage: the ``ProjectStore`` interface (``base``) and its backends.

``open_project`` and ``create_project`` are the one place that picks a backend
from what the user named; everything else holds a ``ProjectStore``.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import LabelScheme
from annotator.core.storage.base import (
    CatalogEntry,
    ConcurrentChangeError,
    FileProblem,
    Fingerprint,
    LoadedAnnotations,
    ProjectError,
    ProjectGoneError,
    ProjectStore,
    ReadOnlyError,
)
from annotator.core.storage.folder import PROJECT_FILE, FolderProject

__all__ = [
    "PROJECT_FILE",
    "CatalogEntry",
    "ConcurrentChangeError",
    "FileProblem",
    "Fingerprint",
    "FolderProject",
    "LoadedAnnotations",
    "ProjectError",
    "ProjectGoneError",
    "ProjectStore",
    "ReadOnlyError",
    "create_project",
    "open_project",
]


def open_project(location: Path | str, *, annotator: str | None = None, read_only: bool = False) -> ProjectStore:
    return FolderProject.open(Path(location), annotator=annotator, read_only=read_only)


def create_project(location: Path | str, name: str | None = None, *, scheme: LabelScheme | None = None, annotator: str | None = None) -> ProjectStore:
    return FolderProject.create(Path(location), name, scheme=scheme, annotator=annotator)
