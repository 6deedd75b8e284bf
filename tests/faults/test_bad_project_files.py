"""R5, the project's own files: a bad document, catalog, catalog sources or project file gets a
clear message naming the file, and harms nothing else (the article and annotation files are in
``test_bad_input.py``; the same checks for each case).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main as cli_main
from annotator.core.storage.folder import CATALOG_FILE, PROJECT_FILE, FileProblem, FolderProject
from annotator.core.storage.folder_catalog import SOURCES_FILE
from tests.faults._support import ANNOTATOR, assert_no_traceback, assert_rest_works, run_cli, seed_documents, tree_digest

# --- document, catalog and project files ----------------------------------------------------------


def _doc_change(change: Callable[[dict], object]) -> Callable[[bytes, bytes], bytes]:
    return lambda data, other: json.dumps(change(json.loads(data))).encode()


DOCUMENT_CASES: dict[str, tuple[Callable[[bytes, bytes], bytes], tuple[str, ...]]] = {
    "truncated": (lambda data, other: data[: len(data) // 3], ("not valid JSON",)),
    "empty-file": (lambda data, other: b"", ("not valid JSON",)),
    "not-an-object": (lambda data, other: b'["text"]', ("expected a JSON object",)),
    "future-schema": (_doc_change(lambda d: {**d, "schema_version": 7}), ("schema_version 7 is newer",)),
    "text-edited": (_doc_change(lambda d: {**d, "text": d["text"].replace("Armenia", "Armenja", 1)}), ("text_sha256 does not match the document text",)),
    "unsafe-id": (_doc_change(lambda d: {**d, "id": "../../evil"}), ("id", "not a safe identifier")),
    "class-payload": (_doc_change(lambda d: {**d, "metadata": {**d["metadata"], "__class__": "subprocess.Popen"}}), ("metadata.__class__", "Extra inputs")),
}
DOCUMENT_CASES["id-differs-from-file-name"] = (lambda data, other: other, ("first.json", "second"))


def _document_params() -> list:
    return [pytest.param(change, parts, id=name) for name, (change, parts) in DOCUMENT_CASES.items()]


@pytest.mark.parametrize(("change", "problem"), _document_params())
def test_bad_document_file(change: Callable[[bytes, bytes], bytes], problem: tuple[str, ...], project_root: Path, no_network: list[str]) -> None:
    path = project_root / "documents" / "first.json"
    bad = change(path.read_bytes(), (project_root / "documents" / "second.json").read_bytes())
    path.write_bytes(bad)
    before = tree_digest(project_root)
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        assert [entry.id for entry in project.documents()] == ["first", "second"]
        with pytest.raises(FileProblem) as raised:
            project.load_document("first")
        message = str(raised.value)
        assert message.startswith("first.json: "), message
        for part in problem:
            assert part in message, message
    result = run_cli("validate", str(project_root))
    assert_no_traceback(result)
    assert result.returncode == 1 and "first.json: " in result.stdout
    for part in problem:
        assert part in result.stdout
    assert tree_digest(project_root) == before
    assert_rest_works(project_root, broken="first")
    assert path.read_bytes() == bad


CATALOG_CASES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "truncated": (b'{"schema_version": 1, "documents": [{"id": "fi', ("not valid JSON",)),
    "not-an-object": (b"[]", ("expected a JSON object",)),
    "future-schema": (b'{"schema_version": 5, "id": [], "title": []}', ("schema_version 5 is newer",)),
    "columns-of-different-lengths": (b'{"schema_version": 3, "id": ["first", "second"], "title": ["First"]}', ("title: 1 values for 2 document ids",)),
    "column-not-a-list": (b'{"schema_version": 3, "id": ["first"], "title": "First"}', ("title", "valid list")),
    "no-date": (b'{"schema_version": 3, "id": ["first"], "title": ["First"], "date": ["2024-02-30"]}', ("date.0",)),
    "old-layout-in-columns": (b'{"schema_version": 3, "documents": []}', ("documents", "Extra inputs")),
    "unknown-field": (b'{"schema_version": 1, "documents": [], "__class__": "os.system"}', ("__class__", "Extra inputs")),
    "entry-not-an-object": (b'{"schema_version": 1, "documents": ["first"]}', ("documents.0",)),
}


@pytest.mark.parametrize(("data", "problem"), CATALOG_CASES.values(), ids=CATALOG_CASES.keys())
def test_bad_catalog(data: bytes, problem: tuple[str, ...], project_root: Path, no_network: list[str]) -> None:
    (project_root / CATALOG_FILE).write_bytes(data)
    annotations_before = {k: v for k, v in tree_digest(project_root).items() if k != CATALOG_FILE}
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        warning = " ".join(project.warnings)
        assert "catalog.json could not be read" in warning and "rebuilt" in warning
        for part in problem:
            assert part in warning, warning
        assert sorted(entry.id for entry in project.documents()) == ["first", "second"]
    result = run_cli("info", str(project_root), "--annotator", ANNOTATOR)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["first", "second"]
    assert {k: v for k, v in tree_digest(project_root).items() if k != CATALOG_FILE} == annotations_before
    assert_rest_works(project_root)


def test_catalog_with_unsafe_ids_is_skipped(project_root: Path) -> None:
    catalog = json.loads((project_root / CATALOG_FILE).read_bytes())
    for name, column in catalog.items():  # one value more in each column (storage/folder_catalog.py)
        if isinstance(column, list):
            column.append({"id": "../../etc/passwd", "title": "evil"}.get(name))
    (project_root / CATALOG_FILE).write_text(json.dumps(catalog))
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        assert [entry.id for entry in project.documents()] == ["first", "second"]
        assert any("unsafe document id" in warning for warning in project.warnings)
    assert_rest_works(project_root)


def test_catalog_that_failed_validation_is_not_overwritten(project_root: Path) -> None:
    newer = b'{"schema_version": 99, "documents": [], "shelves": ["from a newer annotator"]}'
    (project_root / CATALOG_FILE).write_bytes(newer)
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        assert len(project) == 2
    assert (project_root / CATALOG_FILE).read_bytes() == newer


SOURCES_CASES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "truncated": (b'{"schema_version": 4, "id": ["fi', ("not valid JSON",)),
    "not-an-object": (b"[]", ("expected an object with schema_version 4",)),
    "future-schema": (b'{"schema_version": 5, "id": []}', ("expected an object with schema_version 4",)),
    "unknown-field": (b'{"schema_version": 4, "id": [], "__class__": "os.system"}', ("unexpected field '__class__'",)),
    "ids-not-a-list": (b'{"schema_version": 4, "id": "first"}', ("id: expected a list of document ids",)),
    "columns-of-different-lengths": (
        b'{"schema_version": 4, "id": ["first", "second"], "source_file": ["a.txt"]}',
        ("source_file: expected one text or null for each of the 2",),
    ),
    "hash-not-a-text": (b'{"schema_version": 4, "id": ["first"], "text_sha256": [1]}', ("text_sha256",)),
    "null-column": (b'{"schema_version": 4, "id": ["first", "second"], "source_file": null}', ("source_file",)),
}


@pytest.mark.parametrize(("data", "problem"), SOURCES_CASES.values(), ids=SOURCES_CASES.keys())
def test_bad_catalog_sources(data: bytes, problem: tuple[str, ...], project_root: Path, no_network: list[str]) -> None:
    """The sources twin of ``test_bad_catalog``: named, the values taken from the documents, never overwritten (not even by the next add)."""
    (project_root / SOURCES_FILE).write_bytes(data)
    first, _second = seed_documents()
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        added = project.add_documents([first.model_copy(update={"id": "third"})])  # reads every source file and hash, and writes the catalog
        warning = " ".join(project.warnings)
        assert f"{SOURCES_FILE} could not be read" in warning and "left as it is" in warning, warning
        for part in problem:
            assert part in warning, warning
        assert [entry.id for entry in project.documents()] == ["first", "second", "third"] and added
        for entry in project.documents():
            document = project.load_document(entry.id)
            assert (entry.source_file, entry.text_sha256) == (document.source_file, document.text_sha256)
    assert (project_root / SOURCES_FILE).read_bytes() == data
    result = run_cli("info", str(project_root), "--annotator", ANNOTATOR)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["first", "second", "third"]
    assert_rest_works(project_root)
    assert (project_root / SOURCES_FILE).read_bytes() == data


def _settings(change: Callable[[dict], object]) -> Callable[[bytes], bytes]:
    return lambda data: json.dumps(change(json.loads(data))).encode()


def _labels(change: Callable[[list], list]) -> Callable[[bytes], bytes]:
    return _settings(lambda s: {**s, "label_scheme": {"labels": change(s["label_scheme"]["labels"])}})


PROJECT_CASES: dict[str, tuple[Callable[[bytes], bytes], tuple[str, ...]]] = {
    "truncated": (lambda data: data[:25], ("not valid JSON",)),
    "empty-file": (lambda data: b"", ("not valid JSON",)),
    "array": (lambda data: b"[]", ("expected a JSON object, found list",)),
    "future-schema": (_settings(lambda s: {**s, "schema_version": 9}), ("schema_version 9 is newer",)),
    "schema-missing": (_settings(lambda s: {k: v for k, v in s.items() if k != "schema_version"}), ("schema_version is missing",)),
    "name-missing": (_settings(lambda s: {k: v for k, v in s.items() if k != "name"}), ("name", "Field required")),
    "duplicate-hotkeys": (_labels(lambda labels: [{**label, "hotkey": "1"} for label in labels]), ("label hotkeys must be unique",)),
    "no-labels": (_labels(lambda labels: []), ("at least one label",)),
    "bad-colour": (_labels(lambda labels: [{**labels[0], "colour": "red"}, *labels[1:]]), ("colour",)),
    "class-payload": (_settings(lambda s: {**s, "__class__": "os.system", "py/object": "subprocess.Popen"}), ("Extra inputs",)),
}


@pytest.mark.parametrize(("change", "problem"), PROJECT_CASES.values(), ids=PROJECT_CASES.keys())
def test_bad_project_file(
    change: Callable[[bytes], bytes], problem: tuple[str, ...], project_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[str]
) -> None:
    path = project_root / PROJECT_FILE
    path.write_bytes(change(path.read_bytes()))
    before = tree_digest(project_root)
    with pytest.raises(FileProblem) as raised:
        FolderProject.open(project_root, annotator=ANNOTATOR)
    message = str(raised.value)
    assert message.startswith(f"{PROJECT_FILE}: "), message
    for part in problem:
        assert part in message, message
    result = run_cli("validate", str(project_root))
    assert_no_traceback(result)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert f"annotator: {PROJECT_FILE}: " in result.stderr
    for part in problem:
        assert part in result.stderr
    # The other commands in-process (an escaping exception would fail the test).
    article = tmp_path / "new.txt"
    article.write_text("A new article\n")
    for args in (["info", str(project_root)], ["import", str(article), "--project", str(project_root)]):
        assert cli_main(args) == 1, args
        err = capsys.readouterr().err
        assert f"annotator: {PROJECT_FILE}: " in err
    assert tree_digest(project_root) == before


@pytest.mark.parametrize("annotator", ["../escape", "bad name"])
def test_validate_with_unsafe_annotator_name(annotator: str, project_root: Path) -> None:
    if annotator == "bad name":
        (project_root / "annotations" / annotator).mkdir()
        (project_root / "annotations" / annotator / "doc.json").write_text("{}")  # a folder holding annotations
        result = run_cli("validate", str(project_root))
    else:
        result = run_cli("validate", str(project_root), "--annotator", annotator)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert repr(annotator) in result.stdout + result.stderr
