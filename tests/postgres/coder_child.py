"""Child process of ``test_two_coders``: one coder's desktop saving in a loop on a PostgreSQL project.

Run as ``python -m tests.postgres.coder_child URL ANNOTATOR TAG DOC_IDS LOG STOP``. It saves
the documents named in DOC_IDS (comma-separated) in turn, each save with spans whose ids start
with ``TAG-N-`` (N counts its saves), until the file STOP exists. Each outcome is one JSON line
appended to LOG: ``saved`` (with the row version the save got), ``refused`` (a stale save: it
reloads and goes on from what it finds), ``unavailable`` (the server stayed away past every
retry: it keeps its version and tries again), and at the end ``done`` with the retry count.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from annotator.core.model import DocumentStatus
from annotator.core.storage import ConcurrentChangeError, ProjectError, open_project
from tests.postgres._support import annotated


def main() -> None:
    url, annotator, tag, doc_ids, log_path, stop = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(","), Path(sys.argv[5]), Path(sys.argv[6])
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def say(**record: object) -> None:
        os.write(log, (json.dumps({"tag": tag, "annotator": annotator, **record}) + "\n").encode())

    project = open_project(url, annotator=annotator)
    documents = [project.load_document(doc_id) for doc_id in doc_ids]
    fingerprints = {document.id: project.load_annotations(document).fingerprint for document in documents}
    say(event="ready")
    count = 0
    while not stop.exists():
        for document in documents:
            count += 1
            words = 1 + (count * 7 + len(tag)) % 90
            status = DocumentStatus.DONE if count % 2 else DocumentStatus.IN_PROGRESS
            snapshot = annotated(document, annotator, words, status, tag=f"{tag}-{count}-")
            try:
                fingerprints[document.id] = project.save_annotations(snapshot, fingerprints[document.id])
            except ConcurrentChangeError:
                loaded = project.load_annotations(document)
                fingerprints[document.id] = loaded.fingerprint
                say(event="refused", doc=document.id, save=count, now=loaded.fingerprint.sha256)
            except ProjectError as error:  # ServerUnavailableError: keep the version, try again later
                say(event="unavailable", doc=document.id, save=count, error=str(error)[:200])
                time.sleep(0.2)
            else:
                say(event="saved", doc=document.id, save=count, version=int(fingerprints[document.id].sha256.split(":")[1]), words=words)
    say(event="done", retries=project.retries)
    project.close()


if __name__ == "__main__":
    main()
