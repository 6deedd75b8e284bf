"""Every exchange format, in one list: the CLI and the window offer exactly these.

A format is added by writing its module (a ``FORMAT = FormatSpec(...)``, or ``FORMATS``
for a module of several) and one line in ``_MODULES``. Importers read a file or folder into a ``ParsedImport``;
exporters write ``ExportItem``s into a file or folder.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import ProjectSettings

from .common import ExportItem, ExportReport, ParsedImport, Progress

Exporter = Callable[[Sequence[ExportItem], ProjectSettings, Path, "Progress | None"], ExportReport]
Importer = Callable[[Path, "Progress | None"], ParsedImport]


@dataclass(frozen=True)
class FormatSpec:
    name: str  # what --format takes
    title: str  # for menus
    extensions: tuple[str, ...]  # of the files it reads or writes; () for a folder
    output: str  # "file" or "folder": what OUT is for an export
    drops: tuple[str, ...]  # what an export leaves out (empty: lossless)
    exporter: Exporter | None = None
    importer: Importer | None = None
    requires: str | None = None  # the module of the optional package it needs, for the message when it is missing
    source: str = "file"  # what an import reads: "file" or "folder"
    options: tuple[str, ...] = ()  # keyword options the exporter takes (``--option KEY=VALUE``)
    takes_fields: bool = False  # the importer takes ``fields=`` (our field -> the source's column), for corpora

    def missing(self) -> str | None:
        """What to install when the package this format needs is missing; None when it is there."""
        if self.requires is None or importlib.util.find_spec(self.requires) is not None:
            return None
        return f"the {self.name} format needs the Python package {self.requires!r}: pip install 'annotator[formats]'"

    @property
    def directions(self) -> str:
        return " + ".join(d for d, f in (("import", self.importer), ("export", self.exporter)) if f is not None)


# One line per format, in the order menus show them.
_MODULES = (
    "brat",
    "dna_csv",
    "graphml",
    "doccano",
    "label_studio",
    "uima_xmi",
    "spacy_docbin",
    "conll",
    "sources.corpus",
    "sources.news_exports",
    "sources.html",
)


def formats() -> list[FormatSpec]:
    found: list[FormatSpec] = []
    for name in _MODULES:
        module = importlib.import_module(f"annotator.core.formats.{name}")
        found += getattr(module, "FORMATS", None) or [module.FORMAT]
    return found


def get_format(name: str) -> FormatSpec:
    for spec in formats():
        if spec.name == name:
            return spec
    raise KeyError(name)


def export_formats() -> list[FormatSpec]:
    return [spec for spec in formats() if spec.exporter is not None]


def import_formats() -> list[FormatSpec]:
    return [spec for spec in formats() if spec.importer is not None]
