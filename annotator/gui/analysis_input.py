"""What the Analysis dock and the corpus searches read: the catalog, the stored annotation files
(read on a worker thread) and the open documents' annotations. Kept apart from the dock so that
the searches, built at start-up, do not import pyqtgraph with it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from annotator.core.formats.common import ProjectView
from annotator.core.model import AnnotationFile, LabelKind
from annotator.core.storage import ProjectStore
from annotator.core.storage.base import catalog_dates, catalog_ids


@dataclass(frozen=True)
class AnalysisInput:
    entries: tuple[tuple[str, datetime.date | None], ...]
    files: Callable[[], Iterable[tuple[str, bytes]]]  # called on the worker thread
    current: Mapping[str, AnnotationFile]
    view: ProjectView
    claim_labels: tuple[str, ...]


def analysis_input(project: ProjectStore, open_annotations: Mapping[str, AnnotationFile]) -> AnalysisInput:
    scheme = project.scheme
    return AnalysisInput(
        tuple(zip(catalog_ids(entries := project.documents()), catalog_dates(entries))),
        project.iter_annotation_files,
        dict(open_annotations),
        ProjectView(project.settings),
        tuple(label.name for label in scheme.labels if scheme.kind_of(label.name) is LabelKind.CLAIM),
    )
