"""``annotator suggest`` over a corpus: the progress bar on stderr (documents, MB/s) never mixes
into stdout's JSON lines; ``--kinds ner`` with ``--ner-model``; a missing model is exit 2 with
the install commands and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Actor
from annotator.core.storage import open_project
from tests.faults._support import ANNOTATOR, make_project, tree_digest

spacy = pytest.importorskip("spacy")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    with make_project(tmp_path / "p") as store:
        store.save_registry([Actor(id="armenia", name="Armenia")])
    return tmp_path / "p"


def test_progress_goes_to_stderr_and_stdout_stays_json_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(project), "--annotator", ANNOTATOR, "--progress"]) == 0
    captured = capsys.readouterr()
    found = [json.loads(line) for line in captured.out.splitlines()]  # every line is one JSON object
    assert found and {s["document_id"] for s in found} == {"first", "second"}
    assert "2/2 documents" in captured.err and "MB/s" in captured.err and "[" + "#" * 30 + "]" in captured.err
    assert main(["suggest", str(project), "--annotator", ANNOTATOR]) == 0
    assert capsys.readouterr().err == ""  # not a terminal and no --progress: no bar


def test_named_entities_with_a_model_folder(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Pashinyan"}, {"label": "GPE", "pattern": "Armenia"}])
    nlp.to_disk(tmp_path / "model")
    annotations = tree_digest(project / "annotations")
    args = ["suggest", str(project), "--annotator", ANNOTATOR, "--kinds", "ner", "--ner-model", str(tmp_path / "model"), "--apply"]
    assert main(args) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {s["kind"] for s in found} == {"ner"} and {s["text"] for s in found} == {"Pashinyan", "Armenia"}
    assert {s["actor_id"] for s in found if s["text"] == "Armenia"} == {"armenia"}
    with open_project(project, annotator=ANNOTATOR, read_only=True) as store:
        pending = store.load_suggestions().pending
    assert sum(len(v) for v in pending.values()) == len(found)
    assert tree_digest(project / "annotations") == annotations


def test_a_missing_model_is_exit_2_with_the_install_commands(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(project), "--kinds", "dates,ner", "--ner-model", "no_such_model_xyz"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "pip install 'annotator[nlp]'" in captured.err and "python -m spacy download" in captured.err and "Traceback" not in captured.err


def test_an_unreadable_document_is_reported_at_the_end_and_the_others_are_suggested(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = next(path for path in (project / "documents").iterdir() if "first" in path.name)
    broken.write_text("{broken", encoding="utf-8")
    assert main(["suggest", str(project), "--annotator", ANNOTATOR, "--apply"]) == 1
    captured = capsys.readouterr()
    assert {json.loads(line)["document_id"] for line in captured.out.splitlines()} == {"second"}
    assert broken.name in captured.err and "Traceback" not in captured.err
    with open_project(project, annotator=ANNOTATOR, read_only=True) as store:
        assert list(store.load_suggestions().pending) == ["second"]
