"""The project folder: creating, reopening, saving safely, refusing bad or changed files, locking."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.annotations import AnnotationSet
from annotator.core.model import SCHEMA_VERSION, AnnotationFile, Document, DocumentStatus, LabelDefinition, LabelScheme, Span, text_sha256
from annotator.core.storage.folder import (
    CATALOG_FILE,
    LOCK_FILE,
    PROJECT_FILE,
    STATUS_FILE,
    ConcurrentChangeError,
    FileProblem,
    Fingerprint,
    FolderProject,
    ProjectError,
    ReadOnlyError,
)

TEXT_A = "Armenia Says 'Froze' Participation in Russia-Led Security Bloc\n\nYEREVAN - Pashinyan said on Friday."
TEXT_B = "Kremlin Hopes Armenia Joining ICC Will Not Affect Relations"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[FolderProject]:
    opened = FolderProject.create(tmp_path / "proj", name="Test", annotator="me")
    opened.add_documents([Document.create("a", TEXT_A, source_file="a.txt"), Document.create("b", TEXT_B, source_file="b.txt")])
    yield opened
    opened.close()


def annotate(project: FolderProject, doc_id: str = "a", *ranges: tuple[int, int, str]) -> tuple[AnnotationSet, Fingerprint]:
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    for start, end, label in ranges:
        annotations.add(annotations.make_span(start, end, label))
    return annotations, loaded.fingerprint


def save(project: FolderProject, doc_id: str = "a", *ranges: tuple[int, int, str]) -> tuple[AnnotationSet, Fingerprint]:
    annotations, fingerprint = annotate(project, doc_id, *ranges)
    return annotations, project.save_annotations(annotations.snapshot(project.annotator), fingerprint)


# --- creating and reopening -----------------------------------------------------------


def test_create_writes_settings_and_refuses_twice(tmp_path: Path) -> None:
    root = tmp_path / "new"
    with FolderProject.create(root, name="Corpus", annotator="me") as project:
        assert project.writable and project.settings.name == "Corpus" and len(project) == 0
        assert project.scheme == LabelScheme.default()
        settings_json = json.loads((root / PROJECT_FILE).read_text())
        assert settings_json["schema_version"] == SCHEMA_VERSION and settings_json["name"] == "Corpus"
    with pytest.raises(ProjectError, match="already holds a project"):
        FolderProject.create(root)


def test_open_refuses_a_folder_without_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is not an annotator project"):
        FolderProject.open(tmp_path)


def test_open_refuses_a_corrupt_settings_file(tmp_path: Path) -> None:
    (tmp_path / PROJECT_FILE).write_text('{"schema_version": 1, "name": 3}')
    with pytest.raises(FileProblem, match=f"{PROJECT_FILE}: name"):
        FolderProject.open(tmp_path)


def test_open_refuses_an_unsafe_annotator_name(tmp_path: Path) -> None:
    FolderProject.create(tmp_path / "p", annotator="me").close()
    with pytest.raises(ProjectError, match="annotator name"):
        FolderProject.open(tmp_path / "p", annotator="../other")


def test_documents_and_catalog(project: FolderProject) -> None:
    assert [entry.id for entry in project.documents()] == ["a", "b"]
    assert project.entry("a").title == "Armenia Says 'Froze' Participation in Russia-Led Security Bloc"  # type: ignore[union-attr]
    assert project.entry("b").source_file == "b.txt"  # type: ignore[union-attr]
    assert project.load_document("b").text == TEXT_B
    catalog = json.loads((project.root / CATALOG_FILE).read_text())
    assert catalog["schema_version"] == 4 and catalog["id"] == ["a", "b"] and "source_file" not in catalog  # columns
    sources = json.loads((project.root / "catalog-sources.json").read_text())  # beside it, read when first wanted
    assert sources["id"] == ["a", "b"] and sources["source_file"] == ["a.txt", "b.txt"]
    with pytest.raises(ProjectError, match="already in the project"):
        project.add_documents([Document.create("a", "other")])


def test_a_refused_batch_writes_nothing(project: FolderProject) -> None:
    with pytest.raises(ProjectError, match="'a' is already in the project"):
        project.add_documents([Document.create("c", "new"), Document.create("a", "duplicate")])
    with pytest.raises(ProjectError, match="'c' appears twice"):
        project.add_documents([Document.create("c", "new"), Document.create("c", "again")])
    assert project.entry("c") is None
    assert not (project.root / "documents" / "c.json").exists()
    root = project.root
    project.close()
    with FolderProject.open(root, annotator="me") as reopened:
        assert [entry.id for entry in reopened.documents()] == ["a", "b"]


def test_reopening_restores_everything(project: FolderProject) -> None:
    annotations, _ = save(project, "a", (0, 7, "actor"), (78, 87, "actor"))
    annotations.set_status(DocumentStatus.DONE)
    before = annotations.snapshot("me")
    project.save_annotations(before, project.load_annotations(annotations.document).fingerprint)
    root = project.root
    project.close()
    with FolderProject.open(root, annotator="me") as reopened:
        assert reopened.writable
        assert [entry.id for entry in reopened.documents()] == ["a", "b"]
        assert reopened.load_document("a") == Document.create("a", TEXT_A, source_file="a.txt")
        loaded = reopened.load_annotations(reopened.load_document("a"))
        assert loaded.annotation_file == before
        assert reopened.status("a") is DocumentStatus.DONE and reopened.status("b") is DocumentStatus.NEW
        assert reopened.load_annotations(reopened.load_document("b")).annotation_file is None


def test_each_annotator_has_their_own_files(project: FolderProject) -> None:
    save(project, "a", (0, 7, "actor"))
    root = project.root
    project.close()
    with FolderProject.open(root, annotator="other") as other:
        assert other.load_annotations(other.load_document("a")).annotation_file is None
        assert other.status("a") is DocumentStatus.NEW
    assert (root / "annotations" / "me" / "a.json").is_file()


# --- saving -----------------------------------------------------------------------------


def test_saved_json_is_pretty_sorted_and_stable(project: FolderProject) -> None:
    document = project.load_document("a")
    spans = (
        Span(id="s2", start=78, end=87, label="actor", text=TEXT_A[78:87]),
        Span(id="s1", start=0, end=7, label="actor", text="Armenia"),
        Span(id="s3", start=0, end=62, label="claim", text=TEXT_A[:62]),
    )
    unsorted = AnnotationFile(document_id="a", annotator="me", text_sha256=document.text_sha256, spans=spans)
    fingerprint = project.save_annotations(unsorted, Fingerprint(None))
    path = project.annotation_path("a")
    data = path.read_bytes()
    assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
    assert data.startswith(b'{\n  "schema_version": %d,\n  "document_id": "a",' % SCHEMA_VERSION)
    assert [s["id"] for s in json.loads(data)["spans"]] == ["s3", "s1", "s2"]
    assert fingerprint == Fingerprint.of_bytes(data)

    loaded = project.load_annotations(document)
    assert loaded.fingerprint == fingerprint
    again = project.save_annotations(loaded.annotation_file, loaded.fingerprint)  # type: ignore[arg-type]
    assert path.read_bytes() == data and again == fingerprint
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_saved_file_keeps_non_ascii_text_readable(project: FolderProject) -> None:
    document = Document.create("c", "Ереван — «цитата» 👩‍👩‍👧")
    project.add_documents([document])
    annotations = AnnotationSet(document)
    annotations.add(annotations.make_span(0, 6, "actor"))
    project.save_annotations(annotations.snapshot("me"), Fingerprint(None))
    reloaded = project.load_annotations(document).annotation_file
    assert reloaded is not None and reloaded.spans[0].text == "Ереван"


def test_a_change_on_disk_after_load_is_not_overwritten(project: FolderProject) -> None:
    annotations, fingerprint = save(project, "a", (0, 7, "actor"))
    path = project.annotation_path("a")
    original = path.read_bytes()
    # Someone else writes the same number of bytes: a size or mtime check would miss it.
    altered = original.replace(b'"actor"', b'"claim"')
    assert len(altered) == len(original) and altered != original
    path.write_bytes(altered)
    annotations.add(annotations.make_span(78, 87, "actor"))
    with pytest.raises(ConcurrentChangeError, match="a.json was changed on disk"):
        project.save_annotations(annotations.snapshot("me"), fingerprint)
    assert path.read_bytes() == altered


def test_a_file_created_by_someone_else_is_not_overwritten(project: FolderProject) -> None:
    annotations, fingerprint = annotate(project, "b", (0, 7, "actor"))
    assert fingerprint == Fingerprint(None)
    path = project.annotation_path("b")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"theirs")
    with pytest.raises(ConcurrentChangeError):
        project.save_annotations(annotations.snapshot("me"), fingerprint)
    assert path.read_bytes() == b"theirs"


def test_a_deleted_file_is_not_silently_recreated(project: FolderProject) -> None:
    annotations, fingerprint = save(project, "a", (0, 7, "actor"))
    project.annotation_path("a").unlink()
    with pytest.raises(ConcurrentChangeError):
        project.save_annotations(annotations.snapshot("me"), fingerprint)
    assert not project.annotation_path("a").exists()


# --- refusing bad annotation files ------------------------------------------------------


def good_file(**changes: object) -> dict:
    spans = [{"id": "s1", "start": 0, "end": 7, "label": "actor", "text": "Armenia"}]
    data: dict = {"schema_version": 1, "document_id": "a", "annotator": "me", "text_sha256": text_sha256(TEXT_A), "status": "in progress", "spans": spans}
    data.update(changes)
    return data


def span_json(**changes: object) -> list[dict]:
    span: dict = {"id": "s1", "start": 0, "end": 7, "label": "actor", "text": "Armenia"}
    span.update(changes)
    return [span]


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "truncated": (json.dumps(good_file()).encode()[:-20], "not valid JSON"),
    "array": (b"[1, 2]", "expected a JSON object, found list"),
    "future": (json.dumps(good_file(schema_version=99)).encode(), "schema_version 99 is newer than this program supports"),
    "no-version": (json.dumps({k: v for k, v in good_file().items() if k != "schema_version"}).encode(), "schema_version is missing"),
    "version-zero": (json.dumps(good_file(schema_version=0)).encode(), "schema_version 0 is not a known version"),
    "out-of-range": (json.dumps(good_file(spans=span_json(start=95, end=500, text="x"))).encode(), "span s1 [95, 500) is outside the text"),
    "end-before-start": (json.dumps(good_file(spans=span_json(start=7, end=3))).encode(), "span s1: end (3) must be greater than start (7)"),
    "text-mismatch": (json.dumps(good_file(spans=span_json(text="Armenio"))).encode(), "span s1 [0, 7) says 'Armenio' but the text there is 'Armenia'"),
    "hash-mismatch": (json.dumps(good_file(text_sha256=text_sha256("other"))).encode(), "text hash differs"),
    "duplicate-ids": (json.dumps(good_file(spans=span_json() + span_json())).encode(), "duplicate span id 's1'"),
    "unknown-label": (json.dumps(good_file(spans=span_json(label="villain"))).encode(), "span s1 has unknown label 'villain'"),
    "wrong-annotator": (json.dumps(good_file(annotator="someone")).encode(), "belongs to annotator 'someone', not 'me'"),
    "wrong-document": (json.dumps(good_file(document_id="b")).encode(), "made for document 'b', not 'a'"),
    "unsafe-label": (json.dumps(good_file(spans=span_json(label="../x"))).encode(), "spans.0.label"),
    "extra-field": (json.dumps(good_file(colour="red")).encode(), "colour: Extra inputs are not permitted"),
    "invalid-utf8": (b'{"schema_version": 1, "document_id": "\xff"}', "not valid JSON"),
    "deeply-nested": (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "huge-number": (b'{"schema_version": ' + b"9" * 5000 + b"}", "not valid JSON"),
    "empty": (b"", "not valid JSON"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_invalid_annotation_file_is_refused_and_never_overwritten(project: FolderProject, case: str) -> None:
    data, message = BAD_FILES[case]
    path = project.annotation_path("a")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    document = project.load_document("a")
    with pytest.raises(FileProblem) as caught:
        project.load_annotations(document)
    assert caught.value.path == path
    assert str(caught.value).startswith("a.json: ")
    assert message in str(caught.value)
    assert project.is_refused("a")

    annotations = AnnotationSet(document)
    annotations.add(annotations.make_span(0, 7, "actor"))
    for fingerprint in (Fingerprint(None), Fingerprint.of_bytes(data)):
        with pytest.raises(ProjectError, match="failed validation"):
            project.save_annotations(annotations.snapshot("me"), fingerprint)
    assert path.read_bytes() == data
    # Other documents are unaffected.
    save(project, "b", (0, 7, "actor"))


def test_a_repaired_file_can_be_loaded_and_saved_again(project: FolderProject) -> None:
    path = project.annotation_path("a")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"[]")
    with pytest.raises(FileProblem):
        project.load_annotations(project.load_document("a"))
    path.write_bytes(json.dumps(good_file()).encode())
    annotations, fingerprint = annotate(project, "a", (78, 87, "actor"))
    assert not project.is_refused("a")
    project.save_annotations(annotations.snapshot("me"), fingerprint)
    assert len(json.loads(path.read_bytes())["spans"]) == 2


def test_invalid_document_file_is_a_file_problem(project: FolderProject) -> None:
    path = project.root / "documents" / "a.json"
    document = json.loads(path.read_text())
    document["text"] += " tampered"
    path.write_text(json.dumps(document))
    with pytest.raises(FileProblem, match="a.json: .*text_sha256 does not match"):
        project.load_document("a")


# --- locking: one writer per project ------------------------------------------------------


def test_second_open_is_read_only_until_the_first_closes(project: FolderProject) -> None:
    root = project.root
    second = FolderProject.open(root, annotator="me")
    assert project.writable and not second.writable
    assert second.warnings == ["another annotator window has this project open: opened read-only"]
    assert [entry.id for entry in second.documents()] == ["a", "b"]

    annotations, fingerprint = annotate(second, "a", (0, 7, "actor"))
    with pytest.raises(ReadOnlyError):
        second.save_annotations(annotations.snapshot("me"), fingerprint)
    with pytest.raises(ReadOnlyError):
        second.add_documents([Document.create("c", "text")])
    assert not second.annotation_path("a").exists()
    second.close()

    project.close()
    with FolderProject.open(root, annotator="me") as third:
        assert third.writable and third.warnings == []
        save(third, "a", (0, 7, "actor"))


def test_explicit_read_only_open_takes_no_lock(project: FolderProject) -> None:
    reader = FolderProject.open(project.root, read_only=True)
    assert not reader.writable and reader.warnings == []
    assert project.writable
    reader.close()


def test_second_open_from_another_process_is_read_only(project: FolderProject, tmp_path: Path) -> None:
    import subprocess
    import sys

    script = "import sys; from annotator.core.storage import FolderProject; p = FolderProject.open(sys.argv[1], annotator='me'); print(p.writable)"
    result = subprocess.run([sys.executable, "-c", script, str(project.root)], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"
    assert (project.root / LOCK_FILE).exists()


# --- recovering derived files ---------------------------------------------------------------


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"schema_version": 1, "documents": 5}', b'{"schema_version": 7}'])
def test_corrupt_catalog_is_rebuilt_with_a_warning(project: FolderProject, content: bytes) -> None:
    root = project.root
    project.close()
    (root / CATALOG_FILE).write_bytes(content)
    with FolderProject.open(root, annotator="me") as reopened:
        assert [entry.id for entry in reopened.documents()] == ["a", "b"]
        assert any(CATALOG_FILE in warning and "rebuilt" in warning for warning in reopened.warnings)
    assert (root / CATALOG_FILE).read_bytes() == content  # a file that failed validation is left alone


def test_missing_catalog_is_rebuilt_silently(project: FolderProject) -> None:
    root = project.root
    project.close()
    (root / CATALOG_FILE).unlink()
    with FolderProject.open(root, annotator="me") as reopened:
        assert [entry.id for entry in reopened.documents()] == ["a", "b"]
        assert reopened.warnings == []


@pytest.mark.parametrize("layout", ["columns", "objects"])
def test_unsafe_ids_in_the_catalog_are_skipped(project: FolderProject, layout: str) -> None:
    root = project.root
    project.close()
    catalog = json.loads((root / CATALOG_FILE).read_text())
    if layout == "columns":
        for name, column in catalog.items():
            if isinstance(column, list):
                column.append({"id": "../../escape", "title": "x"}.get(name))
    else:  # the layout of catalogs written before version 3
        rows = [{name: value for name, value in zip(("id", "title"), row)} for row in zip(catalog["id"], catalog["title"])]
        catalog = {"schema_version": 2, "documents": [*rows, {"id": "../../escape", "title": "x"}]}
    (root / CATALOG_FILE).write_text(json.dumps(catalog))
    with FolderProject.open(root, annotator="me") as reopened:
        assert [entry.id for entry in reopened.documents()] == ["a", "b"]
        assert any("unsafe document id" in warning for warning in reopened.warnings)


@pytest.mark.parametrize("doc_id", ["../x", "CON", ".hidden", "a/b", "a..b"])
def test_unsafe_document_ids_are_refused(project: FolderProject, doc_id: str) -> None:
    with pytest.raises(ProjectError, match="not a valid document id"):
        project.document_path(doc_id)
    with pytest.raises(ProjectError, match="not a valid document id"):
        project.load_document(doc_id)
    with pytest.raises(ProjectError, match="not a valid document id"):
        project.annotation_path(doc_id)
    # A document built without validation (as a buggy importer might) is refused too.
    sneaky = Document.model_construct(id=doc_id, text="x", text_sha256=text_sha256("x"))
    listing = sorted(p.relative_to(project.root.parent) for p in project.root.parent.rglob("*"))
    with pytest.raises(ProjectError):
        project.add_documents([sneaky])
    assert sorted(p.relative_to(project.root.parent) for p in project.root.parent.rglob("*")) == listing


def test_symlink_leaving_the_project_is_refused(project: FolderProject, tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text(Document.create("c", "secret text").model_dump_json())
    (project.root / "documents" / "c.json").symlink_to(outside)
    with pytest.raises(ProjectError, match="points outside the project folder"):
        project.load_document("c")
    annotations_link = project.annotations_dir
    annotations_link.mkdir(parents=True, exist_ok=True)
    (annotations_link / "b.json").symlink_to(outside)
    with pytest.raises(ProjectError, match="points outside the project folder"):
        project.load_annotations(project.load_document("b"))


def test_symlink_inside_the_project_is_followed(project: FolderProject) -> None:
    kept = project.root / "kept"
    kept.mkdir()
    (project.root / "documents" / "a.json").rename(kept / "a.json")
    (project.root / "documents" / "a.json").symlink_to(kept / "a.json")
    assert project.load_document("a").text == TEXT_A


def test_document_file_holding_another_id_is_refused(project: FolderProject) -> None:
    (project.root / "documents" / "c.json").symlink_to(project.root / "documents" / "a.json")
    with pytest.raises(FileProblem, match="holds document 'a', not 'c'"):
        project.load_document("c")


def test_status_index_is_updated_on_save_and_rebuilt_when_missing(project: FolderProject) -> None:
    status_path = project.annotations_dir / STATUS_FILE
    annotations, fingerprint = save(project, "a", (0, 7, "actor"))
    assert json.loads(status_path.read_text()) == {"in progress": ["a"]}  # grouped by status
    assert project.status("a") is DocumentStatus.IN_PROGRESS and project.status("b") is DocumentStatus.NEW
    annotations.set_status(DocumentStatus.DONE)
    project.save_annotations(annotations.snapshot("me"), fingerprint)
    assert json.loads(status_path.read_text()) == {"done": ["a"]}
    root = project.root
    project.close()

    status_path.unlink()
    with FolderProject.open(root, annotator="me") as reopened:
        assert reopened.status("a") is DocumentStatus.DONE
    status_path.write_text("{broken")
    with FolderProject.open(root, annotator="me") as reopened:
        assert reopened.status("a") is DocumentStatus.DONE
    status_path.write_text('{"a": "finished"}')
    with FolderProject.open(root, annotator="me") as reopened:
        assert reopened.status("a") is DocumentStatus.DONE


@pytest.mark.parametrize(
    ("content", "used"),
    [
        ('{"a": "done", "gone": "done", "b": "new"}', True),  # the older layout; a document no longer listed is dropped
        ('{"done": ["a", "gone"], "new": ["b"]}', True),  # grouped by status
        ('{"done": ["a"], "new": []}', True),
        ("{}", True),
        ('{"done": ["a", 1]}', False),
        ('{"done": ["a", null]}', False),
        ('{"done": ["a"], "b": "new"}', False),  # the two layouts mixed
        ('{"finished": ["a"]}', False),
        ('{"a": ["done"]}', False),  # unhashable: refused, not a TypeError
        ('{"a": 1}', False),
        ('{"a": "done", "b": null}', False),
        ('["a"]', False),
        ('{"a": "done", "b": NaN}', False),  # json.loads reads NaN, orjson does not: refused either way
        ('\ufeff{"a": "done"}', True),  # a BOM: orjson refuses it, json.loads (the careful way) reads it
    ],
)
def test_the_status_index_is_used_only_when_every_entry_is_a_status(project: FolderProject, content: str, used: bool) -> None:
    status_path = project.annotations_dir / STATUS_FILE
    save(project, "a", (0, 7, "actor"))  # in progress, on disk
    root = project.root
    project.close()
    status_path.write_bytes(content.encode("utf-8"))
    with FolderProject.open(root, annotator="me") as reopened:
        rebuilt = any("could not be used" in warning for warning in reopened.warnings)
        assert rebuilt is not used, reopened.warnings
        if used and content != "{}":
            assert reopened.status("a") is DocumentStatus.DONE and reopened.status("b") is DocumentStatus.NEW
        elif not used:
            assert reopened.status("a") is DocumentStatus.IN_PROGRESS  # from the annotation file's head
    if used and "gone" in content:
        reopened = FolderProject.open(root, annotator="me")
        reopened._statuses.record("b", DocumentStatus.DONE)  # a write of the index keeps only listed documents
        reopened.close()
        assert json.loads(status_path.read_text()) == {"done": ["a", "b"]}  # "gone" left out, and grouped


def test_a_document_named_like_the_status_index_keeps_its_annotations(project: FolderProject) -> None:
    # "status.txt" imports as id "status": its annotation file is annotations/me/status.json.
    project.add_documents([Document.create("status", TEXT_B)])
    annotations, fingerprint = save(project, "status", (0, 7, "actor"))
    # Saving another document rewrites the status index: it must not touch status's annotations.
    save(project, "a", (0, 7, "actor"))
    annotations.set_status(DocumentStatus.DONE)
    project.save_annotations(annotations.snapshot("me"), fingerprint)
    loaded = project.load_annotations(project.load_document("status")).annotation_file
    assert loaded is not None and [s.text for s in loaded.spans] == ["Kremlin"]
    assert project.status("status") is DocumentStatus.DONE and project.status("a") is DocumentStatus.IN_PROGRESS


def test_custom_label_scheme_is_used_for_validation(tmp_path: Path) -> None:
    scheme = LabelScheme(labels=(LabelDefinition(name="who", colour="#000000", hotkey="w"),))
    with FolderProject.create(tmp_path / "p", scheme=scheme, annotator="me") as project:
        project.add_documents([Document.create("a", TEXT_A)])
        document = project.load_document("a")
        annotations = AnnotationSet(document)
        annotations.add(annotations.make_span(0, 7, "actor"))
        project.save_annotations(annotations.snapshot("me"), Fingerprint(None))
        with pytest.raises(FileProblem, match="unknown label 'actor'"):
            project.load_annotations(document)


# --- round trip property ------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, len(TEXT_A) - 1), st.integers(1, 40), st.sampled_from(["actor", "claim", "date"])), max_size=15),
    st.sampled_from(list(DocumentStatus)),
)
def test_save_load_round_trip(project: FolderProject, ranges: list[tuple[int, int, str]], status: DocumentStatus) -> None:
    document = project.load_document("a")
    annotations = AnnotationSet(document, status=status)
    for start, width, label in ranges:
        annotations.add(annotations.make_span(start, min(len(TEXT_A), start + width), label))
    current = project.load_annotations(document).fingerprint
    saved = annotations.snapshot("me")
    fingerprint = project.save_annotations(saved, current)
    loaded = project.load_annotations(document)
    assert loaded.annotation_file == saved and loaded.fingerprint == fingerprint
    assert AnnotationSet.from_file(document, loaded.annotation_file).spans() == annotations.spans()
    assert os.path.getsize(project.annotation_path("a")) > 0
