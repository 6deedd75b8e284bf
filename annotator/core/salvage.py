"""A copy of one document's annotations written outside the project ("Save a copy as…").

For when the project cannot take them (its folder was deleted, the disk is
full): the coder keeps the work in a file of their choosing, in the project's
own annotation format (``AnnotationFile``), written atomically. It does not
count as a save: the project still expects its own file.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.core.atomic import atomic_write
from annotator.core.model import SCHEMA_VERSION, AnnotationFile, Span


def write_copy(path: Path, annotation_file: AnnotationFile) -> None:
    """Write ``annotation_file`` to ``path`` (atomically; an OSError says why not)."""
    spans = tuple(sorted(annotation_file.spans, key=Span.sort_key))
    data = annotation_file.model_copy(update={"spans": spans, "schema_version": SCHEMA_VERSION}).model_dump(mode="json", exclude_none=True)
    atomic_write(path, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
