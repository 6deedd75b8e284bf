"""The registry: one list for the CLI and the window; a missing optional package is a message, not a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator import launcher
from annotator.core.formats import export_formats, formats, get_format, import_formats, plan_import
from annotator.core.storage import create_project


def test_every_format_is_listed_once_with_what_it_does() -> None:
    names = [spec.name for spec in formats()]
    assert len(names) == len(set(names))
    assert set(names) >= {"brat", "dna-csv", "graphml", "doccano", "label-studio", "uima-xmi", "spacy", "conll"}
    assert {s.name for s in import_formats()} == {"brat", "doccano", "label-studio", "uima-xmi", "jsonl-corpus", "csv-corpus", "news-export", "html"}
    for spec in export_formats():
        assert spec.output in ("file", "folder") and spec.missing() is None


def test_a_missing_optional_package_is_named(tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    spec = dataclasses.replace(get_format("spacy"), requires="no_such_module_here")
    assert "pip install 'annotator[formats]'" in spec.missing()
    from annotator.cli import format_commands

    monkeypatch.setattr(format_commands, "get_format", lambda _name: spec)
    (tmp_path / "p").mkdir()
    code = launcher.main(["export", str(tmp_path / "p"), "--format", "spacy", str(tmp_path / "out.spacy")])
    assert code == 1 and "needs the Python package 'no_such_module_here'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "name"), [("brat", "big.ann"), ("doccano", "big.jsonl"), ("label-studio", "big.json"), ("jsonl-corpus", "big.jsonl"), ("html", "big.html")]
)
def test_a_500_mb_file_is_refused_before_it_is_read(tmp_path: Path, fmt: str, name: str) -> None:
    big = tmp_path / name
    with big.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(500 * 1024 * 1024)
    store = create_project(tmp_path / "q", annotator="maria")
    plan = plan_import(store, get_format(fmt).importer(big, None))
    assert plan.errors == [f"{name}: is 524 MB, more than the 210 MB an import reads"]
    assert store.documents() == []
