"""``annotator suggest``: JSON lines from the project's registry and linked mentions; ``--apply``
stores pending suggestions through the project store, never in the annotation files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Actor, AnnotationFile, Span
from annotator.core.storage import FolderProject, open_project
from tests.faults._support import ANNOTATOR, make_project, tree_digest

GOLD = json.loads((Path(__file__).parents[1] / "gui" / "gold_000.json").read_text(encoding="utf-8"))


def _id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()


def coded_project(root: Path) -> FolderProject:
    """Both seeds; the first has every actor mention of its gold coded and linked."""
    project = make_project(root)
    names = dict.fromkeys(s["actor"] for s in GOLD["spans"] if s["label"] == "actor")
    project.save_registry([Actor(id=_id(name), name=name) for name in names])
    first = project.load_document("first")
    spans = tuple(
        Span(id=f"s{i}", start=s["start"], end=s["end"], label="actor", text=s["text"], actor_id=_id(s["actor"]))
        for i, s in enumerate(GOLD["spans"])
        if s["label"] == "actor"
    )
    assert all(first.text[s.start : s.end] == s.text for s in spans)
    expected = project.load_annotations(first).fingerprint
    project.save_annotations(AnnotationFile(document_id="first", annotator=ANNOTATOR, text_sha256=first.text_sha256, spans=spans), expected)
    return project


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_suggest_prints_json_lines_with_actor_links_dates_and_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coded_project(tmp_path / "p").close()
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--documents", "second"]) == 0
    found = lines(capsys)
    assert {s["document_id"] for s in found} == {"second"}
    actors = [s for s in found if s["kind"] == "actors"]
    assert [(s["text"], s["actor_id"]) for s in actors[:3]] == [
        ("Armenia", "armenia"),
        ("Armenian Prime Minister Nikol Pashinyan", "nikol-pashinyan"),
        ("Armenian Prime Minister Nikol Pashinyan", "nikol-pashinyan"),
    ]
    text = open_project(tmp_path / "p", read_only=True).load_document("second").text
    for s in found:
        assert text[s["start"] : s["end"]] == s["text"]
    dates = {s["text"]: s["timex"]["value"] for s in found if s["kind"] == "dates"}
    assert dates["May 22, 2023"] == "2023-05-22"
    claims = [s for s in found if s["kind"] == "claims"]
    quote = next(s for s in claims if s["text"].startswith("I am not ruling out"))
    assert quote["form"] == "direct quote" and quote["claimant_actor_id"] == "nikol-pashinyan"


def test_annotated_mentions_are_not_suggested_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coded_project(tmp_path / "p").close()
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--documents", "first", "--kinds", "actors"]) == 0
    coded = [(s["start"], s["end"]) for s in GOLD["spans"] if s["label"] == "actor"]
    found = lines(capsys)
    assert all(not (a < s["end"] and s["start"] < b) for s in found for a, b in coded)
    # what the gold left uncoded: the related article's headline
    assert [s["text"] for s in found] == ["Kremlin", "Armenia", "ICC"]


def test_apply_stores_pending_outside_the_annotations_and_rejections_stay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coded_project(tmp_path / "p").close()
    annotations = tmp_path / "p" / "annotations"
    before = tree_digest(annotations)
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--kinds", "actors", "--apply"]) == 0
    printed = lines(capsys)
    assert tree_digest(annotations) == before  # the annotation files are exactly what the coder decided
    with open_project(tmp_path / "p", annotator=ANNOTATOR) as project:
        state = project.load_suggestions()
        assert [s.to_json() for doc in ("first", "second") for s in state.pending[doc]] == printed
        rejected = state.pending["second"][0]
        project.save_suggestions(state.with_rejected([rejected]))
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--kinds", "actors"]) == 0
    assert lines(capsys) == [s for s in printed if s != rejected.to_json()]
    with open_project(tmp_path / "p", annotator="bob") as other:
        assert other.load_suggestions().rejected == ()  # rejections are per annotator
    stored = tmp_path / "p" / "suggestions" / ANNOTATOR
    assert (stored / "rejected.json").is_file()
    assert sorted(path.name for path in (stored / "pending").iterdir()) == ["first.json", "second.json"]  # one record per document


def test_bad_input_gives_clear_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["suggest", str(tmp_path), "--kinds", "dates,nouns"])
    assert "unknown kind 'nouns'" in capsys.readouterr().err
    assert main(["suggest", str(tmp_path / "none")]) == 1
    assert "annotator suggest:" in capsys.readouterr().err
    coded_project(tmp_path / "p").close()
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--documents", "nope", "first"]) == 1
    assert "no document 'nope'" in capsys.readouterr().err
    broken = tmp_path / "p" / "suggestions" / f"{ANNOTATOR}.json"
    broken.parent.mkdir()
    broken.write_text("{not json", encoding="utf-8")
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--apply"]) == 1
    err = capsys.readouterr().err
    assert f"{ANNOTATOR}.json" in err and "Traceback" not in err
    assert broken.read_text(encoding="utf-8") == "{not json"  # never overwritten
