"""Child process for ``test_kill_during_save``: a zygote that forks savers to be SIGKILLed.

Run as ``python save_loop_child.py PROJECT DOC_ID ANNOTATOR PROGRESS_FILE``. Starting a fresh
interpreter per kill would cost most of the test's time in imports, so this
process imports everything once and then, for each ``fork`` line on stdin,
forks a worker that opens the project, loads the annotations and saves them
in an endless loop, cycling through ``make_versions``. Protocol (one line each,
small enough that ``os.write`` to the pipe is atomic):

* zygote -> test: ``ready``; after each reaped worker ``reaped PID STATUS``
* worker -> test: ``saving PID`` once its first save is on disk, or ``error PID MESSAGE``
* test -> zygote: ``fork`` or ``quit``

``PROGRESS_FILE`` (outside the project) holds an 8-byte counter, shared with
the workers through ``mmap``: ``2 * saves_done + 1`` while a save is under way,
so the test can tell after a kill whether it landed inside ``save_annotations``.

The zygote never opens the project for writing: a worker must take the lock
itself, exactly as a fresh program would, and lose it when it is killed.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
from pathlib import Path

from annotator.core.model import AnnotationFile, Document, DocumentStatus, Span

VERSION_COUNT = 6


def make_versions(document: Document, annotator: str, count: int = VERSION_COUNT) -> list[AnnotationFile]:
    """``count`` annotation files of ``document`` with growing span lists and alternating status.

    Version k holds 5 + 60*k spans over the first words of the text, so the
    writes differ in size (a torn write could not look like another version).
    """
    words: list[tuple[int, int]] = []
    start = None
    for index, char in enumerate(document.text + " "):
        if char.isspace():
            if start is not None:
                words.append((start, index))
                start = None
        elif start is None:
            start = index
    labels = ("actor", "claim", "date")
    versions = []
    for k in range(count):
        n = min(len(words), 5 + 60 * k)
        spans = tuple(Span(id=f"s{i + 1}", start=a, end=b, label=labels[(i + k) % 3], text=document.text[a:b]) for i, (a, b) in enumerate(words[:n]))
        status = DocumentStatus.DONE if k % 2 else DocumentStatus.IN_PROGRESS
        versions.append(AnnotationFile(document_id=document.id, annotator=annotator, text_sha256=document.text_sha256, status=status, spans=spans))
    return versions


def _say(message: str) -> None:
    os.write(1, (message + "\n").encode())


def _worker(root: Path, doc_id: str, annotator: str, versions: list[AnnotationFile], first: int, progress: mmap.mmap) -> None:
    from annotator.core.storage import FolderProject

    def mark(value: int) -> None:
        progress[:8] = struct.pack("<q", value)

    done = 0
    mark(0)

    project = FolderProject.open(root, annotator=annotator)
    if not project.writable:
        raise RuntimeError(f"opened read-only: {project.warnings}")
    document = project.load_document(doc_id)
    fingerprint = project.load_annotations(document).fingerprint
    number = first
    while True:
        mark(2 * done + 1)
        fingerprint = project.save_annotations(versions[number % len(versions)], fingerprint)
        done += 1
        mark(2 * done)
        if done == 1:
            _say(f"saving {os.getpid()}")
        number += 1


def main() -> None:
    root, doc_id, annotator, progress_file = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
    progress_file.write_bytes(bytes(8))
    with progress_file.open("r+b") as handle:
        progress = mmap.mmap(handle.fileno(), 8)
    from annotator.core.storage import FolderProject

    with FolderProject.open(root, annotator=annotator, read_only=True) as reader:
        versions = make_versions(reader.load_document(doc_id), annotator)
    _say("ready")
    forks = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command != "fork":
            _say(f"error {os.getpid()} unknown command {command!r}")
            continue
        forks += 1
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _worker(root, doc_id, annotator, versions, forks, progress)
            except BaseException as error:  # reported to the test, which fails
                _say(f"error {os.getpid()} {type(error).__name__}: {error}".replace("\n", " "))
                code = 3
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        _say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
