"""The README's JSON example must be a real, valid annotation of the first seed article."""

from __future__ import annotations

import re
import subprocess

import pytest

from annotator.core.articles import read_article
from annotator.core.model import AnnotationFile, LabelScheme, validate_annotations
from tests.conftest import FIRST_SEED, REPO


def test_readme_example_fits_the_seed_article() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", readme, re.S)
    assert example, "README has no JSON example"
    annotations = AnnotationFile.model_validate_json(example.group(1))
    document = read_article(FIRST_SEED, annotations.document_id).document
    assert validate_annotations(document, annotations, LabelScheme.default()) == []
    spans = {span.text: span for span in annotations.spans}
    claim = spans["In practice, we have frozen our participation in this organization"].claim
    assert claim.claimant.span_id == spans["Pashinyan"].id and spans["Pashinyan"].actor_id
    assert claim.date_span_id == spans["Friday"].id and spans["Friday"].timex.value == "2024-02-23"


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command in readme


def test_seeds_are_shipped_verbatim() -> None:
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no ../shared/seeds beside this clone to compare with")
    result = subprocess.run(["diff", "-r", str(shared), str(REPO / "seeds")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
