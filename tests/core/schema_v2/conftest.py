"""The project the schema version 2 tests write into: one document, ``a``, holding ``TEXT``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.core.storage import FolderProject
from tests.core.schema_v2.helpers import TEXT


@pytest.fixture
def project(tmp_path: Path) -> Iterator[FolderProject]:
    opened = FolderProject.create(tmp_path / "proj", name="V2", annotator="me")
    opened.add_documents([Document.create("a", TEXT)])
    yield opened
    opened.close()
