"""The spans of an annotation file are checked in one pass after parsing, not by a Python call a span.

``Span._ordered`` still guards every span made or validated alone; ``AnnotationFile``
checks the order of all its spans at once and names the first bad one, whichever way
the file is parsed (pydantic's JSON parser, or the careful way through ``json``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from pydantic import ValidationError

from annotator.core.model import AnnotationFile, Document, Span, text_sha256
from annotator.core.storage import FileProblem, Fingerprint, ProjectError
from annotator.core.storage.folder import FolderProject

SPANS = 5000
TEXT = "word " * SPANS


def _spans(bad: int | None = None, bad_end: int | None = None) -> list[dict]:
    spans = [{"id": f"s{i}", "start": 5 * i, "end": 5 * i + 4, "label": "actor", "text": "word"} for i in range(SPANS)]
    if bad is not None:
        spans[bad] = {**spans[bad], "end": bad_end, "text": ""}
    return spans


def _file(spans: list[dict]) -> dict:
    return {"schema_version": 2, "document_id": "long", "annotator": "me", "text_sha256": text_sha256(TEXT), "status": "in progress", "spans": spans}


def _calls_of(name: str, action: Callable[[], object]) -> int:
    """How many times a Python function called ``name`` (in core/model.py) runs during ``action``."""
    calls = 0

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        nonlocal calls
        if event == "call" and frame.f_code.co_name == name and frame.f_code.co_filename.endswith("model.py"):
            calls += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("parse", ["json", "python"])
def test_a_file_of_5000_spans_makes_no_python_call_a_span(parse: str) -> None:
    data = json.dumps(_file(_spans()))
    validate = (lambda: AnnotationFile.model_validate_json(data, strict=True)) if parse == "json" else (lambda: AnnotationFile.model_validate(json.loads(data)))
    assert _calls_of("_ordered", validate) == 0
    assert len(validate().spans) == SPANS  # type: ignore[attr-defined]


def test_a_span_alone_is_still_checked_by_its_own_validator() -> None:
    assert _calls_of("_ordered", lambda: Span(id="s1", start=0, end=4, label="actor", text="word")) == 1
    with pytest.raises(ValidationError, match=r"span s1: end \(3\) must be greater than start \(3\)"):
        Span(id="s1", start=3, end=3, label="actor", text="")
    with pytest.raises(ValidationError, match=r"span s2: end \(1\) must be greater than start \(4\)"):
        Span.model_validate({"id": "s2", "start": 4, "end": 1, "label": "actor", "text": ""})


@pytest.mark.parametrize("parse", ["json", "python"])
@pytest.mark.parametrize(("bad", "end"), [(0, 0), (2718, 2718 * 5), (SPANS - 1, 3)])
def test_a_bad_span_among_5000_is_named_with_its_problem(parse: str, bad: int, end: int) -> None:
    data = json.dumps(_file(_spans(bad, end)))
    with pytest.raises(ValidationError) as caught:
        if parse == "json":
            AnnotationFile.model_validate_json(data, strict=True)
        else:
            AnnotationFile.model_validate(json.loads(data))
    assert f"span s{bad}: end ({end}) must be greater than start ({5 * bad})" in str(caught.value)


def test_order_is_checked_before_duplicate_ids() -> None:
    spans = _spans(7, 2)
    spans[9] = {**spans[9], "id": "s8"}
    with pytest.raises(ValidationError, match=r"span s7: end \(2\) must be greater than start \(35\)"):
        AnnotationFile.model_validate(_file(spans))
    spans = _spans()
    spans[9] = {**spans[9], "id": "s8"}
    with pytest.raises(ValidationError, match="duplicate span id 's8'"):
        AnnotationFile.model_validate(_file(spans))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[FolderProject]:
    project = FolderProject.create(tmp_path / "project", "p", annotator="me")
    project.add_documents([Document.create("long", TEXT)])
    yield project
    project.close()


@pytest.mark.parametrize("escape", [False, True])
def test_the_store_refuses_a_5000_span_file_with_one_bad_span_naming_file_span_and_problem(project: FolderProject, escape: bool) -> None:
    spans = _spans(4321, 4321 * 5 - 10)
    if escape:  # json.dumps writes the emoji as a \u escape of a surrogate pair: the file goes the careful way
        spans.append({"id": "smile", "start": 0, "end": 4, "label": "actor", "text": "word", "claim": {"note": "\U0001f600"}})
    data = json.dumps(_file(spans), indent=1).encode()
    assert (b"\\ud83d" in data) is escape
    path = project.annotation_path("long")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    document = project.load_document("long")
    with pytest.raises(FileProblem) as caught:
        project.load_annotations(document)
    assert caught.value.path == path
    assert str(caught.value).startswith("long.json: ")
    assert f"span s4321: end ({4321 * 5 - 10}) must be greater than start ({4321 * 5})" in str(caught.value)
    assert project.is_refused("long")
    with pytest.raises(ProjectError, match="failed validation"):
        project.save_annotations(AnnotationFile(document_id="long", annotator="me", text_sha256=document.text_sha256), Fingerprint.of_bytes(data))
    assert path.read_bytes() == data
