"""``annotator suggest``: claim suggestions carry the topic guessed from the project's codebook
and the stance the wording states, in their JSON lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Topic
from tests.cli.test_suggest_command import coded_project, lines
from tests.faults._support import ANNOTATOR


def test_claim_lines_carry_the_codebook_topic_the_sentence_names_and_the_stance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = coded_project(tmp_path / "p")
    project.save_codebook([Topic(id="t1", name="Security treaty")])
    project.close()
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--documents", "second", "--kinds", "claims"]) == 0
    claims = lines(capsys)
    assert any(s.get("topic") == "Security treaty" for s in claims)  # "... Collective Security Treaty Organization (CSTO)"
    assert any(s.get("stance") == "opposes" and s["text"].startswith("accused") for s in claims)
    assert all(s.get("topic") in (None, "Security treaty") for s in claims)


def test_without_a_codebook_claim_lines_carry_no_topic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coded_project(tmp_path / "p").close()
    assert main(["suggest", str(tmp_path / "p"), "--annotator", ANNOTATOR, "--documents", "second", "--kinds", "claims"]) == 0
    claims = lines(capsys)
    assert claims and not any("topic" in s for s in claims)
