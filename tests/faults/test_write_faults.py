"""Issue 15, item 2: every write of every file fails at every step of the atomic write, and nothing is lost.

The invariant under test is the store's (``ProjectStore`` docstring, "No edit the
coder made is lost, whatever the disk does"). For each file the program writes
(annotation file, status cache, journal, catalog and its sources file, document,
project file), each
step of ``core.atomic.atomic_write`` (open of the temp file, write, fsync,
``os.replace``, fsync of the folder) fails with ENOSPC, EIO or EACCES, or the
process is SIGKILLed there (in a forked child). Then the project is opened
again as at a restart, and the test proves that

* every file is the old or the new version, and no temp file survives the open;
* the coder's edit is still there: in the file, or in the journal with a base
  that matches the file on disk, so recovery offers it;
* the next successful write works (no false "changed by another program").

Faults are injected at the os-level calls ``core.atomic`` makes, for the target
file only, through a stand-in for its ``os`` module. The project is used through
the ``ProjectStore`` interface only (``open_project``), where the invariant is named.
"""

from __future__ import annotations

import errno
import json
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import annotator.core.atomic as atomic
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.journal import EditJournal, read_journal
from annotator.core.model import Actor, AnnotationFile, DocumentStatus
from annotator.core.storage import Fingerprint, ProjectStore, open_project
from annotator.core.storage.folder import CATALOG_FILE, PROJECT_FILE, STATUS_FILE
from annotator.core.storage.folder_catalog import SOURCES_FILE
from tests.faults._support import ANNOTATOR, make_project, seed_documents, temp_files

STEPS = ("open", "write", "fsync", "replace", "fsync-folder")
ERRORS = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO, "EACCES": errno.EACCES}


class FaultyOs:
    """``os`` for ``core.atomic``, failing one step of the atomic write of one file name."""

    def __init__(self, target: str, step: str, fault: Callable[[], None]) -> None:
        self._target = target
        self._step = step
        self._fault = fault
        self._fds: set[int] = set()
        self._replaced = False
        self._folder_fd: int | None = None
        self.hit = False

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def _at(self, step: str) -> None:
        if step == self._step and not self.hit:
            self.hit = True
            self._fault()

    def open(self, path: object, flags: int, mode: int = 0o777) -> int:
        name = Path(str(path)).name
        if name.startswith(f".{self._target}.") and name.endswith(atomic.TEMP_SUFFIX):
            self._at("open")
            fd = os.open(path, flags, mode)
            self._fds.add(fd)
            return fd
        fd = os.open(path, flags, mode)
        if self._replaced and self._folder_fd is None:
            self._folder_fd = fd  # the folder fsync that follows our rename
        return fd

    def close(self, fd: int) -> None:
        self._fds.discard(fd)  # the number is reused, for the folder's descriptor for one
        os.close(fd)

    def write(self, fd: int, data: bytes) -> int:
        if fd in self._fds:
            self._at("write")
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        if fd in self._fds:
            self._at("fsync")
        elif fd is not None and fd == self._folder_fd:
            self._at("fsync-folder")
        os.fsync(fd)

    def replace(self, src: object, dst: object) -> None:
        if Path(str(dst)).name == self._target:
            self._at("replace")
            os.replace(src, dst)
            self._replaced = True
            return
        os.replace(src, dst)


def _raise(code: int) -> Callable[[], None]:
    def fault() -> None:
        raise OSError(code, os.strerror(code))

    return fault


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# --- the writes --------------------------------------------------------------------------------


def _edited(project: ProjectStore, spans: int) -> AnnotationFile:
    document = project.load_document("first")
    annotations = AnnotationSet.from_file(document, None)
    for index in range(spans):
        annotations.add(annotations.make_span(index * 10, index * 10 + 5, "actor"))
    return annotations.snapshot(project.annotator)


@dataclass(frozen=True)
class Write:
    target: str  # the file name whose write fails
    run: Callable[[ProjectStore, Path], None]  # the coder's action, which makes that write
    check: Callable[[Path], None]  # after a restart: the edit is not lost, and the next write works


def _save(project: ProjectStore, _root: Path) -> None:
    """Version 1 is saved; the coder's edit (span 2) is journalled, then saved."""
    v1 = project.load_annotations(project.load_document("first"))
    edit = _edited(project, 2).model_copy(update={"status": DocumentStatus.DONE})  # the status cache is written too
    journal = EditJournal(project.journal_path("first"), v1.fingerprint.sha256)
    journal.record(AddSpan(span=edit.spans[1]))
    try:
        fingerprint = project.save_annotations(edit, v1.fingerprint)
        # As the session does on success (not reached when the save fails).
        journal.rebase(fingerprint.sha256, journal.sequence)
    finally:
        journal.close()


def _check_save(root: Path) -> None:
    with open_project(root, annotator=ANNOTATOR) as project:
        assert project.writable and project.tidied(timeout=30) and temp_files(root) == []  # the sweep runs beside the opening
        loaded = project.load_annotations(project.load_document("first"))
        spans = len(loaded.annotation_file.spans)
        if spans == 1:  # the save failed: the journal must offer the edit back, on this very file
            recovery = read_journal(project.journal_path("first"))
            assert recovery is not None and recovery.base == loaded.fingerprint.sha256, "the coder's edit is lost"
            assert len(recovery.edits) == 1
        else:
            assert spans == 2
        project.save_annotations(_edited(project, 3), loaded.fingerprint)  # the next save works


def _record_journal(project: ProjectStore, _root: Path) -> None:
    v1 = project.load_annotations(project.load_document("first"))
    journal = EditJournal(project.journal_path("first"), v1.fingerprint.sha256)
    edit = _edited(project, 2)
    journal.record(AddSpan(span=edit.spans[1]))  # never raises, whatever the disk does
    if journal.error is not None:
        # Kept in memory; the next record, once the disk works again, writes every pending edit.
        atomic.os = os
        journal.record(AddSpan(span=_edited(project, 3).spans[2]))
        assert journal.error is None
        recovery = read_journal(journal.path)
        assert recovery is not None and len(recovery.edits) == 2
    journal.close()


def _check_journal(root: Path) -> None:
    with open_project(root, annotator=ANNOTATOR) as project:
        assert project.tidied(timeout=30) and temp_files(root) == []
        recovery = read_journal(project.journal_path("first"))
        # A kill before the first rename leaves no journal; any journal left is whole.
        assert recovery is None or len(recovery.edits) in (1, 2)


def _add_document(project: ProjectStore, _root: Path) -> None:
    first, _second = seed_documents()
    project.add_documents([first.model_copy(update={"id": "third"})])


def _check_documents(root: Path) -> None:
    with open_project(root, annotator=ANNOTATOR) as project:
        assert project.tidied(timeout=30) and temp_files(root) == []
        ids = {entry.id for entry in project.documents()}
        assert ids in ({"first", "second"}, {"first", "second", "third"})
        for doc_id in ids:
            project.load_document(doc_id)  # every listed document is there
        if "third" not in ids:
            _add_document(project, root)  # the import can simply be done again
            assert project.load_document("third")


def _rebuild_sources(project: ProjectStore, root: Path) -> None:
    """The sources file is missing (deleted, or an older program's catalog): the first read of a
    source file takes them from the documents and writes the file again, then the add writes it."""
    (root / SOURCES_FILE).unlink()
    _add_document(project, root)


def _check_sources(root: Path) -> None:
    """As ``_check_documents``, and every listed document's source file and hash read back right:
    through the store (the next add reads them all from the file) and in the file itself, which may
    hold more documents than the catalog lists (the sources are written first), never fewer."""
    _check_documents(root)
    with open_project(root, annotator=ANNOTATOR) as project:
        _first, second = seed_documents()
        project.add_documents([second.model_copy(update={"id": "fourth"})])  # reads every source from the file, writes both
        assert not any(SOURCES_FILE in warning for warning in project.warnings), project.warnings
        truth = {entry.id: (project.load_document(entry.id).source_file, project.load_document(entry.id).text_sha256) for entry in project.documents()}
        assert {entry.id: (entry.source_file, entry.text_sha256) for entry in project.documents()} == truth
    assert set(truth) == {"first", "second", "third", "fourth"}
    written = json.loads((root / SOURCES_FILE).read_bytes())
    assert dict(zip(written["id"], zip(written["source_file"], written["text_sha256"]))) == truth


def _update_document(project: ProjectStore, _root: Path) -> None:
    document = project.load_document("first")
    project.update_document(document.model_copy(update={"metadata": document.metadata.model_copy(update={"byline": "A. Writer"})}))


def _check_document(root: Path) -> None:
    with open_project(root, annotator=ANNOTATOR) as project:
        assert project.tidied(timeout=30) and temp_files(root) == []
        assert project.load_document("first").metadata.byline in (seed_documents()[0].metadata.byline, "A. Writer")
        _update_document(project, root)


def _save_registry(project: ProjectStore, _root: Path) -> None:
    project.save_registry([Actor(id="a1", name="Nikol Pashinyan")])


def _check_registry(root: Path) -> None:
    with open_project(root, annotator=ANNOTATOR) as project:
        assert project.tidied(timeout=30) and temp_files(root) == []
        assert [actor.id for actor in project.settings.actors] in ([], ["a1"])
        project.save_registry([Actor(id="a1", name="Nikol Pashinyan"), Actor(id="a2", name="Armenia")])


WRITES = {
    "annotation-file": Write("first.json", _save, _check_save),
    "status-cache": Write(STATUS_FILE, _save, _check_save),
    "journal": Write("first.jsonl", _record_journal, _check_journal),
    "document": Write("third.json", _add_document, _check_documents),
    "catalog": Write(CATALOG_FILE, _add_document, _check_documents),
    "catalog-sources": Write(SOURCES_FILE, _add_document, _check_sources),
    "catalog-sources-rebuilt": Write(SOURCES_FILE, _rebuild_sources, _check_sources),
    "document-metadata": Write("first.json", _update_document, _check_document),
    "project-file": Write(PROJECT_FILE, _save_registry, _check_registry),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("write-faults") / "project"
    with make_project(root) as project:
        project.save_annotations(_edited(project, 1), Fingerprint(None))
    return root


def _fresh(template: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(template, target)
    (target / ".annotator.lock").unlink(missing_ok=True)
    return target


@pytest.mark.parametrize("error", list(ERRORS))
@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("write", list(WRITES))
def test_a_failed_write_loses_no_edit(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: str, step: str, error: str) -> None:
    case = WRITES[write]
    root = _fresh(template, tmp_path / "project")
    faulty = FaultyOs(case.target, step, _raise(ERRORS[error]))
    with open_project(root, annotator=ANNOTATOR) as project:
        monkeypatch.setattr(atomic, "os", faulty)
        try:
            case.run(project, root)
        except OSError as raised:
            # The error reaches the caller only for the file it asked to write, never for a cache.
            assert write not in ("status-cache", "journal"), f"{write}: a cache or the journal failed the action: {raised}"
            assert raised.errno == ERRORS[error]
        finally:
            monkeypatch.setattr(atomic, "os", os)
    assert faulty.hit or _never_made(write, step), f"the fault at {step} of {case.target} was never reached"
    if write == "status-cache":
        with open_project(root, annotator=ANNOTATOR) as reopened:
            # The stale cache was removed, not trusted: the status is the saved file's.
            assert reopened.status("first") is DocumentStatus.DONE
    case.check(root)


def _never_made(write: str, step: str) -> bool:
    """The journal is not fsynced (see core.journal): those two steps do not exist for it."""
    return write == "journal" and step in ("fsync", "fsync-folder")


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("write", list(WRITES))
def test_a_kill_at_any_step_of_a_write_loses_no_edit(template: Path, tmp_path: Path, write: str, step: str) -> None:
    case = WRITES[write]
    root = _fresh(template, tmp_path / "project")
    pid = os.fork()
    if pid == 0:  # the child: open, arm the fault, act; it dies at the step (or finishes)
        code = 0
        try:
            with open_project(root, annotator=ANNOTATOR) as project:
                atomic.os = FaultyOs(case.target, step, _kill)  # type: ignore[assignment]
                case.run(project, root)
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert killed or os.WEXITSTATUS(status) == 0, f"the child failed on its own ({status})"
    assert killed or _never_made(write, step), f"the kill at {step} of {case.target} was never reached"
    case.check(root)
