"""Issue 15: each outside report of a hostile file or fault, reproduced from outside the code.

Real file systems where the machine allows it (a small tmpfs that fills up, a
read-only remount; both need root and skip with the reason otherwise), real
FIFOs and symlink loops, and the CLI run as the user runs it (a fresh
interpreter, with a timeout that only catches hangs). The window's cases are in
``test_window_faults.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from annotator.commands import COMMANDS
from annotator.core.annotations import AnnotationSet
from annotator.core.model import AnnotationFile, DocumentStatus
from annotator.core.storage import FileProblem, Fingerprint, FolderProject, ProjectError, ProjectGoneError
from annotator.core.storage.folder import STATUS_FILE
from tests.conftest import FIRST_SEED, SECOND_SEED
from tests.faults._mounts import fill, free, remount, small_tmpfs
from tests.faults._support import ANNOTATOR, assert_no_traceback, make_project, run_cli, tree_digest

HANG = 60  # seconds: only to turn a hang into a failure, never a speed assertion


def _annotated(project: FolderProject, doc_id: str = "first", spans: int = 1) -> AnnotationFile:
    document = project.load_document(doc_id)
    annotations = AnnotationSet.from_file(document, None)
    for index in range(spans):
        annotations.add(annotations.make_span(index * 10, index * 10 + 5, "actor"))
    return annotations.snapshot(project.annotator)


def _annotation_path(root: Path, doc_id: str = "first") -> Path:
    return root / "annotations" / ANNOTATOR / f"{doc_id}.json"


# --- disk full between the annotation file and the status cache ---------------------------------


def test_disk_full_after_the_annotation_file_keeps_the_save_and_the_next_one(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", 1024) as disk:
        root = disk / "project"
        make_project(root).close()
        with FolderProject.open(root, annotator=ANNOTATOR) as project:
            saved = _annotated(project)
            (root / "annotations" / ANNOTATOR).mkdir(parents=True)
            filler = fill(disk, leave_pages=1)  # room for the annotation file, none for the status cache
            fingerprint = project.save_annotations(saved, Fingerprint(None))
            assert any(STATUS_FILE in w and "could not be written" in w for w in project.warnings), project.warnings
            assert AnnotationFile.model_validate_json(_annotation_path(root).read_bytes()) == saved
            free(filler)
            # The save counted: the next one is not refused as a change by another program.
            later = _annotated(project, spans=2)
            project.save_annotations(later, fingerprint)
        with FolderProject.open(root, annotator=ANNOTATOR) as reopened:
            assert reopened.status("first") is DocumentStatus.IN_PROGRESS
            assert reopened.load_annotations(reopened.load_document("first")).annotation_file == later


# --- a read-only project ------------------------------------------------------------------------


def test_a_read_only_mount_opens_read_only_and_says_why(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", 4096) as disk:
        root = disk / "project"
        with make_project(root) as project:
            project.save_annotations(_annotated(project), Fingerprint(None))
        assert (root / ".annotator.lock").exists()  # the lock file is there, and cannot be opened for writing
        remount(disk, "ro")
        with FolderProject.open(root, annotator=ANNOTATOR) as opened:
            assert not opened.writable
            assert "Read-only file system" in (opened.read_only_reason or ""), opened.read_only_reason
            assert any("opened read-only" in w for w in opened.warnings)
            assert opened.load_annotations(opened.load_document("first")).annotation_file is not None
        for command in (["info", str(root), "--annotator", ANNOTATOR], ["validate", str(root)]):
            result = run_cli(*command, timeout=HANG)
            assert_no_traceback(result)
            assert result.returncode == 0, result.stderr
        refused = run_cli("import", str(FIRST_SEED), "--project", str(root), timeout=HANG)
        assert refused.returncode == 1 and "is read-only (its folder cannot be written (Read-only file system))" in refused.stderr
        info = [json.loads(line) for line in run_cli("info", str(root), "--annotator", ANNOTATOR, timeout=HANG).stdout.splitlines()]
        assert {record["id"]: record["spans"] for record in info} == {"first": 1, "second": None}


# --- a broken status cache ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cache",
    [b'{"first": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", b'{"first": ["done"]}', b'{"first": 5}', b"[1, 2]", b'"done"', b"\xff\xfe"],
    ids=["nested-10000", "list-value", "number-value", "array", "string", "not-utf8"],
)
def test_a_broken_status_cache_is_rebuilt_with_a_message(tmp_path: Path, cache: bytes) -> None:
    root = tmp_path / "project"
    with make_project(root) as project:
        project.save_annotations(_annotated(project).model_copy(update={"status": DocumentStatus.DONE}), Fingerprint(None))
    (root / "annotations" / ANNOTATOR / STATUS_FILE).write_bytes(cache)
    for command in (["info", str(root), "--annotator", ANNOTATOR], ["validate", str(root)]):
        result = run_cli(*command, timeout=HANG)
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
    info = run_cli("info", str(root), "--annotator", ANNOTATOR, timeout=HANG)
    assert STATUS_FILE in info.stderr and "rebuilt from the annotation files" in info.stderr
    assert {json.loads(line)["id"]: json.loads(line)["status"] for line in info.stdout.splitlines()} == {"first": "done", "second": "new"}
    # Read-only (info) it is left as it is; a writable open says it rebuilds it, and does.
    assert (root / "annotations" / ANNOTATOR / STATUS_FILE).read_bytes() == cache
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        assert any("rebuilt" in w for w in project.warnings)
    assert json.loads((root / "annotations" / ANNOTATOR / STATUS_FILE).read_bytes()) == {"done": ["first"]}  # grouped by status


# --- special files --------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["document", "annotations", "status", "project", "catalog", "catalog-sources"])
def test_a_fifo_in_place_of_a_project_file_never_hangs(tmp_path: Path, which: str) -> None:
    root = tmp_path / "project"
    with make_project(root) as project:
        project.save_annotations(_annotated(project), Fingerprint(None))
    target = {
        "document": root / "documents" / "first.json",
        "annotations": _annotation_path(root),
        "status": root / "annotations" / ANNOTATOR / STATUS_FILE,
        "project": root / "annotator-project.json",
        "catalog": root / "catalog.json",
        "catalog-sources": root / "catalog-sources.json",
    }[which]
    target.unlink()
    os.mkfifo(target)
    for command in (["validate", str(root)], ["info", str(root), "--annotator", ANNOTATOR]):
        result = run_cli(*command, timeout=HANG)  # a hang raises TimeoutExpired
        assert_no_traceback(result)
        if which in ("document", "annotations", "project"):
            assert target.name in result.stdout + result.stderr
            assert "not a regular file" in result.stdout + result.stderr
    assert target.is_fifo()  # never replaced by a reader


def test_a_fifo_given_to_dates_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = run_cli("dates", str(fifo), str(FIRST_SEED), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert f"{fifo}: cannot be read: not a regular file" in result.stderr
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [str(FIRST_SEED)]


def test_a_fifo_in_an_import_folder_is_named_and_the_rest_imported(tmp_path: Path) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    shutil.copy(FIRST_SEED, source / "good.txt")
    os.mkfifo(source / "pipe.txt")
    result = run_cli("import", str(source), "--project", str(tmp_path / "project"), timeout=HANG)
    assert_no_traceback(result)
    assert "skipped pipe.txt: is not a regular file" in result.stderr
    assert "imported good.txt as good" in result.stdout


# --- symlinks -------------------------------------------------------------------------------------


def test_a_symlink_loop_in_an_import_folder_is_named_and_the_rest_imported(tmp_path: Path) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    shutil.copy(FIRST_SEED, source / "good.txt")
    os.symlink(source / "loop-b.txt", source / "loop-a.txt")
    os.symlink(source / "loop-a.txt", source / "loop-b.txt")
    result = run_cli("import", str(source), "--project", str(tmp_path / "project"), timeout=HANG)
    assert_no_traceback(result)
    assert "imported good.txt as good" in result.stdout
    assert "skipped loop-a.txt: cannot be read: Too many levels of symbolic links" in result.stderr
    assert "1 imported, 2 skipped" in result.stdout


def test_a_symlink_loop_as_an_annotation_file_is_reported_by_validate(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root).close()
    folder = root / "annotations" / ANNOTATOR
    folder.mkdir(parents=True)
    os.symlink(folder / "second.json", folder / "first.json")
    os.symlink(folder / "first.json", folder / "second.json")
    result = run_cli("validate", str(root), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert f"{ANNOTATOR}/first.json: cannot be resolved (a symlink loop); refused" in result.stdout
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        with pytest.raises(FileProblem, match="symlink loop"):
            project.load_annotations(project.load_document("first"))
        assert project.is_refused("first")


# --- the journal is not trusted -------------------------------------------------------------------
# (offered back through the window: see test_window_faults.py)


# --- saving into a deleted project ----------------------------------------------------------------


def test_saving_into_a_deleted_project_says_so_and_recreates_nothing(tmp_path: Path) -> None:
    root = tmp_path / "project"
    project = make_project(root)
    try:
        saved = _annotated(project)
        shutil.rmtree(root)
        with pytest.raises(ProjectGoneError, match="is gone"):
            project.save_annotations(saved, Fingerprint(None))
        with pytest.raises(ProjectGoneError):
            project.save_registry([])
        assert not root.exists(), "part of the deleted project was recreated"
    finally:
        project.close()


# --- a lone surrogate -------------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_document_is_refused_at_load_with_its_position(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root).close()
    path = root / "documents" / "first.json"
    data = json.loads(path.read_bytes())
    data["text"] = "Ab" + "\ud800" + data["text"]
    path.write_text(json.dumps(data))  # json writes the escape \ud800
    result = run_cli("validate", str(root), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "documents/first.json: " in result.stdout and "surrogate" in result.stdout


def test_a_lone_surrogate_is_refused_at_import_with_its_position(tmp_path: Path) -> None:
    from annotator.core.articles import ArticleReadError, read_article

    # Only UTF-16 and UTF-32 could carry one, and their strict decoders refuse it; the model refuses it too.
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xff\xfe" + "Ab".encode("utf-16-le") + b"\x00\xd8" + "cd".encode("utf-16-le"))
    with pytest.raises(ArticleReadError, match="not valid UTF-16"):
        read_article(path, "a")
    from annotator.core.model import Document

    with pytest.raises(ValueError, match="lone surrogate U\\+D800 at offset 2"):
        Document.create("a", "Ab\ud800cd")


# --- smaller ones -----------------------------------------------------------------------------------


def test_import_into_a_project_path_that_is_the_article_file(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    shutil.copy(FIRST_SEED, article)
    before = article.read_bytes()
    result = run_cli("import", str(article), "--project", str(article), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr
    assert article.read_bytes() == before


def test_an_actor_merge_cycle_fails_validation(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root).close()
    settings_path = root / "annotator-project.json"
    settings = json.loads(settings_path.read_bytes())
    settings["actors"] = [{"id": "a1", "name": "One", "merged_into": "a2"}, {"id": "a2", "name": "Two", "merged_into": "a1"}]
    settings_path.write_text(json.dumps(settings))
    before = tree_digest(root)
    result = run_cli("validate", str(root), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "annotator-project.json" in result.stderr and "actor merge cycle: a1 -> a2 -> a1" in result.stderr
    assert tree_digest(root) == before
    with pytest.raises(ProjectError, match="merge cycle"):
        FolderProject.open(root)


def test_html_files_in_an_imported_folder_are_named(tmp_path: Path) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    shutil.copy(FIRST_SEED, source / "good.txt")
    (source / "page.html").write_text("<p>Hello</p>")
    result = run_cli("import", str(source), "--project", str(tmp_path / "project"), timeout=HANG)
    assert_no_traceback(result)
    assert "skipped page.html: HTML files are not imported" in result.stderr


# --- issue 7, item 6: import and the command line ----------------------------------------------------


def test_an_article_already_in_the_project_is_named_and_skipped(tmp_path: Path) -> None:
    root = tmp_path / "project"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(FIRST_SEED, first / "a.txt")
    assert run_cli("import", str(first), "--project", str(root), timeout=HANG).returncode == 0
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(FIRST_SEED, again / "same-text-other-name.txt")
    shutil.copy(SECOND_SEED, again / "new.txt")
    result = run_cli("import", str(again), "--project", str(root), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert "not imported same-text-other-name.txt: same text as document a; not imported again" in result.stdout
    assert "1 imported, 0 skipped, 1 already in the project" in result.stdout
    with FolderProject.open(root, read_only=True) as project:
        assert sorted(entry.source_file for entry in project.documents()) == ["a.txt", "new.txt"]


def test_a_windows_1252_article_is_imported_with_its_encoding(tmp_path: Path) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    text = "Brüssel – “Die Straße”, sagte Müller.\nBy AFP\nMay 22, 2023\n\nDer Text über München und Köln.\n"
    (source / "legacy.txt").write_bytes(text.encode("cp1252"))
    root = tmp_path / "project"
    result = run_cli("import", str(source), "--project", str(root), timeout=HANG)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "not UTF-8: read as Windows-1252 (detected)" in result.stdout
    with FolderProject.open(root, read_only=True) as project:
        document = project.load_document("legacy")
        assert document.text == text and document.source_encoding == "cp1252"


def test_info_prints_the_span_counts_its_help_promises(tmp_path: Path) -> None:
    root = tmp_path / "project"
    with make_project(root) as project:
        project.save_annotations(_annotated(project, spans=3), Fingerprint(None))
    help_text = run_cli("info", "--help", timeout=HANG).stdout
    assert "span counts" in " ".join(run_cli("--help", timeout=HANG).stdout.split()) and "spans (the number of spans" in " ".join(help_text.split())
    records = [json.loads(line) for line in run_cli("info", str(root), "--annotator", ANNOTATOR, timeout=HANG).stdout.splitlines()]
    assert [(r["id"], r["status"], r["spans"]) for r in records] == [("first", "in progress", 3), ("second", "new", None)]


def test_an_unknown_word_is_answered_on_stderr_without_a_window() -> None:
    result = run_cli("valdiate", timeout=HANG)
    assert result.returncode == 2
    assert "'valdiate' is neither a command nor an existing file or folder" in result.stderr
    assert f"commands: {', '.join(sorted(COMMANDS))}" in result.stderr
    assert result.stdout == ""


def test_a_registry_with_a_merge_cycle_is_never_written(tmp_path: Path) -> None:
    from annotator.core.model import Actor

    root = tmp_path / "project"
    with make_project(root) as project:
        before = (root / "annotator-project.json").read_bytes()
        with pytest.raises(ProjectError, match="merge cycle"):
            project.save_registry([Actor(id="a1", name="One", merged_into="a2"), Actor(id="a2", name="Two", merged_into="a1")])
        assert (root / "annotator-project.json").read_bytes() == before


def test_a_fifo_as_the_project_file_is_named_when_the_folder_is_opened(tmp_path: Path) -> None:
    from annotator.core.workspace import open_path

    root = tmp_path / "project"
    make_project(root).close()
    (root / "annotator-project.json").unlink()
    os.mkfifo(root / "annotator-project.json")
    # Not taken for a folder of articles to import elsewhere: opening it says what is wrong.
    with pytest.raises(ProjectError, match="annotator-project.json: not a regular file"):
        open_path(root)
