"""R1: a saver SIGKILLed at random moments never leaves a broken annotation file.

One zygote process imports everything once and forks a fresh saver per kill
(``save_loop_child.py``), so hundreds of kills cost milliseconds each instead of
an interpreter start each. After every kill the folder is checked exactly as
the next program start would find it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.model import AnnotationFile, DocumentStatus
from annotator.core.storage.folder import STATUS_FILE, FolderProject
from tests.faults._support import ANNOTATOR, LineReader, make_project, temp_files
from tests.faults.save_loop_child import make_versions

CHILD = Path(__file__).with_name("save_loop_child.py")


def test_sigkill_during_save_leaves_old_or_new_file(tmp_path: Path, slow: bool) -> None:
    kills = 1000 if slow else 200
    rng = random.Random(20240223)
    root = tmp_path / "project"
    with make_project(root) as project:
        document = project.load_document("first")
    versions = make_versions(document, ANNOTATOR)
    annotation_path = root / "annotations" / ANNOTATOR / "first.json"
    progress_file = tmp_path / "progress"

    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(root), "first", ANNOTATOR, str(progress_file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
    )
    assert child.stdin is not None and child.stdout is not None
    reader = LineReader(child.stdout.fileno())
    mid_save = mid_write = saves = 0
    seen_versions: set[int] = set()
    try:
        assert reader.readline(60) == "ready"
        for kill in range(kills):
            child.stdin.write(b"fork\n")
            line = reader.readline()
            assert line.startswith("saving "), f"kill {kill}: the saver failed: {line}"
            pid = int(line.split()[1])
            # Up to ~2 saves' worth of time, so kills land anywhere in the cycle.
            delay = rng.uniform(0, 0.012)
            if delay > 0.0005:
                time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            line = reader.readline()
            assert line.startswith(f"reaped {pid} "), f"kill {kill}: {line}"
            status = int(line.split()[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"kill {kill}: the saver ended by itself ({status})"

            progress = struct.unpack("<q", progress_file.read_bytes())[0]
            mid_save += progress % 2
            saves += progress // 2
            mid_write += bool(temp_files(root))

            data = annotation_path.read_bytes()
            on_disk = AnnotationFile.model_validate_json(data)
            assert on_disk in versions, f"kill {kill}: {annotation_path.name} holds none of the versions written"
            seen_versions.add(versions.index(on_disk))
            statuses = json.loads((annotation_path.parent / STATUS_FILE).read_bytes())
            assert [DocumentStatus(text) for text, ids in statuses.items() if "first" in ids] in ([DocumentStatus.DONE], [DocumentStatus.IN_PROGRESS])

            # The next start cleans up after the killed writer and can use the file.
            with FolderProject.open(root, annotator=ANNOTATOR) as reopened:
                assert reopened.writable, reopened.warnings
                assert reopened.tidied(timeout=30), f"kill {kill}: the sweep did not finish"  # it runs beside the opening
                assert temp_files(root) == [], f"kill {kill}: temp files survived FolderProject.open"
                loaded = reopened.load_annotations(reopened.load_document("first"))
                assert loaded.annotation_file == on_disk
        child.stdin.write(b"quit\n")
        child.stdin.close()
        assert child.wait(30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        if not child.stdin.closed:
            child.stdin.close()

    print(f"{kills} kills, {saves} saves, {mid_save} inside save_annotations, {mid_write} left a temp file, versions {sorted(seen_versions)}")
    # Proof that the kills hit real writes, not an idle process. A temp file is
    # only there between os.open and os.replace: on disk (fsync) about half the
    # kills leave one, on tmpfs about a tenth, so the bar is set well below both.
    assert mid_save >= kills // 2, f"only {mid_save} of {kills} kills landed inside save_annotations"
    assert mid_write >= kills // 40, f"only {mid_write} of {kills} kills left a temp file behind: the saver was rarely mid-write"
    assert saves >= kills, f"only {saves} saves in {kills} runs"
    assert len(seen_versions) >= 3, f"the file only ever held versions {seen_versions}"
