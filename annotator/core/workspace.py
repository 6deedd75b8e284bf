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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.data_dir import data_dir
from annotator.core.storage import PROJECT_FILE, ProjectError, ProjectStore, create_project, is_database_url, open_project

if TYPE_CHECKING:  # reading articles (and the month names) loads with the first import, not with a project's opening
    from annotator.core.articles import ArticleReadError, ImportedArticle, ImportReport

ProgressCallback = Callable[[int, int, Path], bool]


def orphan_journal_path(location: str, doc_id: str) -> Path:
    """Where the journal of a document goes when its project folder is gone (see ``EditJournal.move_to``)."""
    digest = hashlib.sha256(location.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(location).name)[:40] or "project"
    return data_dir() / "unsaved-edits" / f"{name}-{digest}" / f"{doc_id}.jsonl"


def sample_articles_dir() -> Path:
    """The bundled sample articles: packaged as ``annotator._seeds``, or ``seeds/`` of a source checkout."""
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    if checkout.is_dir():
        return checkout
    from importlib import resources  # an installed copy only

    packaged = Path(str(resources.files("annotator") / "_seeds"))
    if packaged.is_dir():
        return packaged
    raise ProjectError("the sample articles are missing from this installation")


def as_location(text: str) -> Path | str:
    """What the user typed: a ``postgresql://`` URL stays text (a Path would fold its ``//``), the rest is a path."""
    return text if is_database_url(text) else Path(text)


def is_project(path: Path) -> bool:
    # Any entry of that name (a FIFO, a broken link): opening it then says what is wrong with it,
    # instead of the folder being taken for a folder of articles.
    return os.path.lexists(path / PROJECT_FILE)


@dataclass
class OpenedProject:
    project: ProjectStore
    report: ImportReport | None = None
    messages: list[str] = field(default_factory=list)


# Files read between two catalog writes: a killed import loses at most this much work, and a
# growing batch keeps the catalog rewrites linear in the number of files.
IMPORT_BATCH = 500
_NUMBERED = re.compile(r"-[0-9]+$")


def _id_family(doc_id: str) -> str:
    """``report-3`` and ``Report`` are one family: the ids that ``document_id_for`` may try for one stem."""
    return _NUMBERED.sub("", doc_id).lower()


def import_into(project: ProjectStore, source: Path, progress: ProgressCallback | None = None) -> ImportReport:
    """Import the articles of ``source`` not yet in ``project`` (matched by file name).

    Committed in batches: each batch's documents and the catalog are written
    before the next batch is read, so an import that is cancelled keeps what it
    read and one that is killed keeps every finished batch; run again, it reads
    only the files that are not in the catalog yet (no duplicates: a document
    file written by an unfinished batch is not in the catalog, and is written
    again under the same id). ``progress(done, total, path)`` counts over the
    whole import; returning False cancels after the current file.
    """
    from annotator.core.articles import ImportReport, document_id_for, import_articles, iter_article_files

    known = {entry.source_file for entry in project.documents()}
    files = [path for path in iter_article_files(source) if path.name not in known]
    # Only ids of the same family can collide with a new one: give each batch those, not the
    # whole catalog (document_id_for folds every id it is given, once per file).
    families: dict[str, set[str]] = {}
    for entry in project.documents():
        families.setdefault(_id_family(entry.id), set()).add(entry.id)
    imported: list[ImportedArticle] = []
    failures: list[ArticleReadError] = []
    duplicates: list[str] = []
    # A text already in the project, or read by an earlier batch, is not imported again.
    known_texts = _text_digests(project) if files else {}
    stopped = False  # the callback said stop (on a batch's last file import_articles does not report it)

    def overall(done: int, path: Path) -> bool:
        nonlocal stopped
        stopped = stopped or (progress is not None and progress(done, len(files), path) is False)
        return not stopped

    offset, cancelled = 0, False
    while offset < len(files) and not stopped:
        batch = files[offset : offset + max(IMPORT_BATCH, len(project) // 4)]
        # A stem tries itself (its family) and stem-2, stem-3... (the family named by the stem).
        bases = [document_id_for(path, set()) for path in batch]
        stems = {_id_family(base) for base in bases} | {base.lower() for base in bases}
        taken: set[str] = set().union(*(families.get(stem, set()) for stem in stems))
        report = import_articles(batch, taken, lambda done, _total, path, start=offset: overall(start + done, path), known_texts=known_texts)
        project.add_documents(article.document for article in report.imported)
        for article in report.imported:
            families.setdefault(_id_family(article.document.id), set()).add(article.document.id)
            known_texts.setdefault(article.document.text_sha256, article.document.id)
        imported.extend(report.imported)
        failures.extend(report.failures)
        duplicates.extend(report.duplicates)
        offset += len(batch)
        cancelled = report.cancelled or (stopped and offset < len(files))
    return ImportReport(imported, failures, cancelled=stopped and cancelled, duplicates=duplicates)


def _text_digests(project: ProjectStore) -> dict[str, str]:
    """Text sha256 -> document id of the project's documents (from the catalog; older catalogs: the documents)."""
    digests: dict[str, str] = {}
    for entry in project.documents():
        digest = entry.text_sha256
        if digest is None:
            try:
                digest = project.load_document(entry.id).text_sha256
            except ProjectError:
                continue
        digests.setdefault(digest, entry.id)
    return digests


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
