"""Where projects live and how a path given on the command line becomes one.

* no path: the default workspace in the user's data folder, which starts out
  holding the sample articles;
* a project folder (it has ``annotator-project.json``), or a ``postgresql://`` URL of a
  shared project on a database server: opened as it is;
* a folder or file of articles: imported into a project of its own in the
  data folder (``projects/<name>-<hash>``), so the source folder is never
  written to; opening the same source again adds only files not seen before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import platformdirs

from annotator.core.articles import ImportReport, import_articles, iter_article_files
from annotator.core.storage import PROJECT_FILE, ProjectError, ProjectStore, create_project, is_database_url, open_project

DATA_DIR_VARIABLE = "ANNOTATOR_HOME"

ProgressCallback = Callable[[int, int, Path], bool]


def data_dir() -> Path:
    """The user's data folder for annotator (``$ANNOTATOR_HOME`` overrides it, for tests and portable use)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else platformdirs.user_data_path("annotator", appauthor=False)


def sample_articles_dir() -> Path:
    """The bundled sample articles: packaged as ``annotator._seeds``, or ``seeds/`` of a source checkout."""
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    if checkout.is_dir():
        return checkout
    packaged = Path(str(resources.files("annotator") / "_seeds"))
    if packaged.is_dir():
        return packaged
    raise ProjectError("the sample articles are missing from this installation")


def as_location(text: str) -> Path | str:
    """What the user typed: a ``postgresql://`` URL stays text (a Path would fold its ``//``), the rest is a path."""
    return text if is_database_url(text) else Path(text)


def is_project(path: Path) -> bool:
    return (path / PROJECT_FILE).is_file()


@dataclass
class OpenedProject:
    project: ProjectStore
    report: ImportReport | None = None
    messages: list[str] = field(default_factory=list)


def import_into(project: ProjectStore, source: Path, progress: ProgressCallback | None = None) -> ImportReport:
    """Import the articles of ``source`` not yet in ``project`` (matched by file name)."""
    known = {entry.source_file for entry in project.documents()}
    files = [path for path in iter_article_files(source) if path.name not in known]
    report = import_articles(files, {entry.id for entry in project.documents()}, progress)
    project.add_documents(article.document for article in report.imported)
    return report


def project_for_source(source: Path) -> Path:
    resolved = source.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (resolved.stem or "articles"))[:40]
    return data_dir() / "projects" / f"{name}-{digest}"


def open_path(path: Path | str | None, *, annotator: str | None = None, progress: ProgressCallback | None = None) -> OpenedProject:
    """Open what the user named (see module docstring)."""
    if is_database_url(path):
        project = open_project(path, annotator=annotator)
        return OpenedProject(project, messages=list(project.warnings))
    if isinstance(path, str):
        path = Path(path)
    if path is None:
        root = data_dir() / "workspace"
        source: Path | None = sample_articles_dir()
    elif is_project(path):
        project = open_project(path, annotator=annotator)
        return OpenedProject(project, messages=list(project.warnings))
    elif path.exists():
        root, source = project_for_source(path), path
    else:
        raise ProjectError(f"{path} does not exist")
    project = open_project(root, annotator=annotator) if is_project(root) else create_project(root, annotator=annotator)
    opened = OpenedProject(project, messages=list(project.warnings))
    if source is not None and project.writable:
        opened.report = import_into(project, source, progress)
        if path is not None:
            opened.messages.append(f"articles from {path} are in the project {root}")
    return opened
