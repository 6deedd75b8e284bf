"""Two coders (one of them on two desktops) in three processes on one PostgreSQL project.

They save the same and different documents in loops; the server is killed (``pg_ctl stop
-m immediate``: every server process dies at once, no checkpoint) while they save, and
restarted. Afterwards every row holds exactly the saves that were acknowledged, one per
version, the last one's content, and no save made from a stale version went through.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.storage import create_project, open_project
from tests.conftest import REPO
from tests.faults._support import seed_documents
from tests.postgres.server import PostgresServer

CODERS = [  # (annotator, tag, documents): alice on two desktops, both on "first"; bob on both documents
    ("alice", "a1", "first,second"),
    ("alice", "a2", "first"),
    ("bob", "b1", "first,second"),
]
SAVES_BEFORE_AND_AFTER = 15


def read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def saves_by_tag(records: list[dict]) -> collections.Counter:
    return collections.Counter(r["tag"] for r in records if r["event"] == "saved")


def wait_for(condition, what: str, timeout: float = 60.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_two_coders_in_two_processes_and_a_server_killed_mid_save(pg_url: str, pg_server: PostgresServer, tmp_path: Path) -> None:
    with create_project(pg_url, "Shared", annotator="alice") as project:
        project.add_documents(seed_documents())
    log, stop = tmp_path / "log.jsonl", tmp_path / "stop"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.postgres.coder_child", pg_url, annotator, tag, docs, str(log), str(stop)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for annotator, tag, docs in CODERS
    ]
    tags = [tag for _, tag, _ in CODERS]
    try:
        wait_for(lambda: all(saves_by_tag(read_log(log))[t] >= SAVES_BEFORE_AND_AFTER for t in tags), "every coder to save")
        pg_server.stop(immediate=True)  # the children are in the middle of their loops of saves
        killed_at = saves_by_tag(read_log(log))
        time.sleep(1.0)
        pg_server.start()
        wait_for(lambda: all(saves_by_tag(read_log(log))[t] >= killed_at[t] + SAVES_BEFORE_AND_AFTER for t in tags), "every coder to save again")
    finally:
        if not pg_server.running:
            pg_server.start()
        stop.touch()
        outputs = [child.communicate(timeout=60)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], outputs

    records = read_log(log)
    done = {r["tag"]: r for r in records if r["event"] == "done"}
    assert set(done) == set(tags)
    # The kill broke every coder's connection in the middle of its work: each one retried and went on.
    assert all(done[t]["retries"] >= 1 for t in tags), done
    # Alice's two desktops on the same document: some of their saves were stale and refused.
    refused = [r for r in records if r["event"] == "refused"]
    assert refused and {r["annotator"] for r in refused} == {"alice"} and {r["doc"] for r in refused} == {"first"}

    saved = [r for r in records if r["event"] == "saved"]
    for annotator, doc_ids in (("alice", ["first", "second"]), ("bob", ["first", "second"])):
        with open_project(pg_url, annotator=annotator, read_only=True) as reader:
            for doc_id in doc_ids:
                row = [r for r in saved if r["annotator"] == annotator and r["doc"] == doc_id]
                versions = [r["version"] for r in row]
                loaded = reader.load_annotations(reader.load_document(doc_id))
                final = int(loaded.fingerprint.sha256.split(":")[1])
                # Every acknowledged save is one version, none twice (a stale save would have reused one), none missing.
                assert sorted(versions) == list(range(1, final + 1)), (annotator, doc_id, sorted(versions)[-5:], final)
                last = max(row, key=lambda r: r["version"])
                assert loaded.annotation_file.spans[0].id.startswith(f"{last['tag']}-{last['save']}-")
                assert len(loaded.annotation_file.spans) == last["words"]
                for tag in tags:  # each desktop saw its own saves land in order
                    own = [r["version"] for r in row if r["tag"] == tag]
                    assert own == sorted(own)
