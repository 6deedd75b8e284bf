"""Project storage: the ``ProjectStore`` interface (``base``) and its backends.

``open_project`` and ``create_project`` are the one place that picks a backend
from what the user named; everything else holds a ``ProjectStore``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

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
    "is_database_url",
    "open_project",
    "project_exists",
]

DATABASE_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(location: object) -> bool:
    """True for a ``postgresql://`` URL (a shared project on a database server), False for a folder."""
    return isinstance(location, str) and location.startswith(DATABASE_URL_SCHEMES)


def _postgres() -> ModuleType:
    """The PostgreSQL backend, imported only when a URL is given: psycopg is an optional extra."""
    try:
        return importlib.import_module("annotator.core.storage.postgres")
    except ImportError as error:
        raise ProjectError(f"a PostgreSQL project needs psycopg ({error}); install it with: pip install 'annotator[postgres]'") from None


def project_exists(location: Path | str) -> bool:
    """Whether ``location`` (a folder or a database URL) already holds a project."""
    if is_database_url(location):
        return _postgres().PostgresProject.exists(str(location))
    return (Path(location) / PROJECT_FILE).is_file()


def open_project(location: Path | str, *, annotator: str | None = None, read_only: bool = False) -> ProjectStore:
    if is_database_url(location):
        return _postgres().PostgresProject.open(str(location), annotator=annotator, read_only=read_only)
    return FolderProject.open(Path(location), annotator=annotator, read_only=read_only)


def create_project(location: Path | str, name: str | None = None, *, scheme: LabelScheme | None = None, annotator: str | None = None) -> ProjectStore:
    if is_database_url(location):
        return _postgres().PostgresProject.create(str(location), name, scheme=scheme, annotator=annotator)
    return FolderProject.create(Path(location), name, scheme=scheme, annotator=annotator)
