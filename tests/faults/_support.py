"""Helpers shared by the fault tests (no tests here)."""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.annotations import AnnotationSet
from annotator.core.articles import read_article
from annotator.core.edits import AddSpan
from annotator.core.model import Document
from annotator.core.storage import FolderProject
from tests.conftest import FIRST_SEED, REPO, SECOND_SEED

ANNOTATOR = "alice"


def seed_documents() -> tuple[Document, Document]:
    return read_article(FIRST_SEED, "first").document, read_article(SECOND_SEED, "second").document


def make_project(root: Path, annotator: str = ANNOTATOR) -> FolderProject:
    """A writable project holding both seed articles as ``first`` and ``second``."""
    project = FolderProject.create(root, annotator=annotator)
    project.add_documents(seed_documents())
    return project


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every regular file under ``root`` (lock file excluded)."""
    digests = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name != ".annotator.lock":
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except PermissionError:  # the chmod 000 case when not root: size and mtime will do
                info = path.stat()
                digest = f"unreadable {info.st_size} {info.st_mtime_ns}"
            digests[path.relative_to(root).as_posix()] = digest
    return digests


def temp_files(root: Path) -> list[Path]:
    """Temp files of ``atomic_write`` anywhere under ``root``."""
    return [path for path in root.rglob(".*.tmp") if path.is_file()]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m annotator ARGS`` in a fresh interpreter, as a user would run it."""
    env = dict(os.environ, PYTHONFAULTHANDLER="", PYTHONWARNINGS="")
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, errors="replace", timeout=timeout, cwd=REPO, env=env)


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, f"the user saw a traceback:\n{stream}"


class LineReader:
    """Read lines from a pipe with a timeout, so a hung child fails the test instead of hanging it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def readline(self, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no line from the child within {timeout} s (got {self.buffer!r})")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    raise EOFError(f"the child closed its output (got {self.buffer!r})")
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def copy_project(template: Path, target: Path) -> Path:
    shutil.copytree(template, target, symlinks=True)
    (target / ".annotator.lock").unlink(missing_ok=True)
    return target


def save_span(project: FolderProject, doc_id: str, start: int, end: int) -> None:
    """Save one more claim span ``start``..``end`` into ``doc_id``'s annotations."""
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    AddSpan(span=annotations.make_span(start, end, "claim", span_id=f"x{start}")).apply(annotations)
    project.save_annotations(annotations.snapshot(project.annotator), loaded.fingerprint)


def assert_rest_works(root: Path, broken: str | None = None, broken_annotations: str | None = None) -> None:
    """Every document but ``broken`` loads (with its annotations, unless ``broken_annotations``), and ``second``'s still save."""
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        assert project.writable
        for entry in project.documents():
            if entry.id != broken:
                document = project.load_document(entry.id)
                if entry.id != broken_annotations:
                    project.load_annotations(document)
        save_span(project, "second", 10, 20)
