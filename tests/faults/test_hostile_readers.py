"""Issue 15, item 3: a hostile-input generator for every reader.

For each reader (article import, document file, annotation file, project file,
catalog, catalog sources, status cache, journal) ``hostile_readers_child`` generates from a small
valid file: truncation at every byte, deep nesting, wrong types for every field,
huge numbers, strings, arrays and files, lone surrogates, control characters,
bad UTF-8, and special files (FIFO, folder, symlink loop, dangling symlink, a
symlink to /dev/zero or out of the project). Each must end in the reader's own
clear error (or a warning) naming the file, never another exception. The catalog's
sources file (``catalog-sources.json``) is only a cache of the documents: each case,
read-only and writable, must list every document's own source file and hash, and a file
that could not be read is named in a warning and never overwritten. The cases
run in a child process whose timeout only turns a hang into a failure; then a
sample goes through the real CLI to prove the user sees no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.faults._support import ANNOTATOR, assert_no_traceback, make_project, run_cli

READERS = ("article", "document", "annotations", "project", "catalog", "catalog-sources", "status", "journal")
HANG = 240  # seconds: only to catch a hang, never a speed assertion
KINDS = {"truncated", "deep-nesting", "control-characters", "fifo", "symlink-loop", "symlink-to-dev-zero", "huge-file", "bad-utf8"}


@pytest.mark.parametrize("reader", READERS)
def test_every_hostile_input_ends_in_a_message_naming_the_file(reader: str, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONWARNINGS="")
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.hostile_readers_child", reader, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=HANG,
        cwd=REPO,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.splitlines()[-1])
    print(f"{reader}: {summary['cases']} cases {summary['kinds']}")
    assert summary["failures"] == [], "\n".join(summary["failures"][:10])
    missing = KINDS - set(k.removeprefix("whole-") for k in summary["kinds"])
    assert not missing, f"{reader}: kinds never generated: {missing}"
    assert summary["cases"] >= 100


@pytest.mark.parametrize(
    "where", ["documents/first.json", f"annotations/{ANNOTATOR}/first.json", "annotator-project.json", "catalog.json", "catalog-sources.json"]
)
@pytest.mark.parametrize("content", [b'{"schema_version": 2, "a": ' + b"[" * 100_000, b"\xff\xfe\x00", b'{"schema_version": 2, "name": "\\ud800"}'])
def test_the_cli_shows_no_traceback_for_hostile_files(tmp_path: Path, where: str, content: bytes) -> None:
    root = tmp_path / "project"
    make_project(root).close()
    path = root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    for command in (["validate", str(root)], ["info", str(root), "--annotator", ANNOTATOR]):
        result = run_cli(*command, timeout=HANG)
        assert_no_traceback(result)
        if not where.startswith("catalog"):  # the catalog and its sources are only a cache: rebuilt, with a warning
            assert Path(where).name in result.stdout + result.stderr
