"""The save's fingerprint, hashed beside the write: the same as hashing the bytes, before and after close."""

from __future__ import annotations

import threading
from pathlib import Path

from annotator.core.model import AnnotationFile, Document
from annotator.core.storage import FolderProject
from annotator.core.storage.base import Fingerprint
from annotator.core.storage.save_hashing import SaveHashing


def test_a_fingerprint_made_beside_is_the_hash_of_the_bytes() -> None:
    hashing = SaveHashing()
    data = [bytes([i]) * (1 << 16) for i in range(5)]
    futures = [hashing.fingerprint_of(chunk) for chunk in data]
    assert [future.result() for future in futures] == [Fingerprint.of_bytes(chunk) for chunk in data]
    assert any(thread.name.startswith("save-hash") for thread in threading.enumerate())
    hashing.close()
    assert hashing.fingerprint_of(b"after").result() == Fingerprint.of_bytes(b"after")  # hashed on the spot


def test_a_save_returns_the_hash_of_the_file_it_wrote(tmp_path: Path) -> None:
    with FolderProject.create(tmp_path / "p", annotator="me") as project:
        (document,) = project.add_documents([Document.create("d", "Title\nText.")])
        fingerprint = Fingerprint(None)
        for status in ("in progress", "done"):
            annotation_file = AnnotationFile(document_id="d", annotator="me", text_sha256=project.load_document("d").text_sha256, status=status)
            fingerprint = project.save_annotations(annotation_file, fingerprint)
            assert fingerprint == Fingerprint.of_bytes(project.annotation_path("d").read_bytes())
    with FolderProject.open(tmp_path / "p", annotator="me") as project:
        assert project.load_annotations(project.load_document("d")).fingerprint == fingerprint
