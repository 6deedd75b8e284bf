"""Turning a path from the command line into an open project."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from annotator.core.annotations import AnnotationSet
from annotator.core.data_dir import data_dir
from annotator.core.storage import PROJECT_FILE, FolderProject, ProjectError
from annotator.core.workspace import import_into, is_project, open_path, project_for_source, sample_articles_dir
from tests.conftest import FIRST_SEED, SECOND_SEED, SEEDS


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry under ``folder`` with its mode and content hash, to prove nothing was written there."""
    result = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        result[path.relative_to(folder).as_posix()] = (info.st_mode, digest)
    return result


def test_data_dir_follows_the_environment(_isolated_data_dir: Path) -> None:
    assert data_dir() == _isolated_data_dir


def test_sample_articles_are_the_seeds() -> None:
    assert sample_articles_dir() == SEEDS
    assert FIRST_SEED.is_file() and SECOND_SEED.is_file()


def test_no_path_opens_the_default_workspace_with_the_samples(_isolated_data_dir: Path) -> None:
    seeds_before = snapshot(SEEDS)
    opened = open_path(None, annotator="me")
    try:
        project = opened.project
        assert project.root == (_isolated_data_dir / "workspace").resolve()
        assert project.writable
        assert sorted(entry.source_file for entry in project.documents()) == sorted([FIRST_SEED.name, SECOND_SEED.name])  # type: ignore[type-var]
        assert opened.report is not None and len(opened.report.imported) == 2 and opened.report.failures == []
        first = next(entry for entry in project.documents() if entry.source_file == FIRST_SEED.name)
        assert project.load_document(first.id).text == FIRST_SEED.read_text(encoding="utf-8")
        assert first.title.startswith("Armenia Says")
    finally:
        opened.project.close()

    again = open_path(None, annotator="me")
    try:
        assert again.report is not None and again.report.imported == []
        assert len(again.project) == 2
    finally:
        again.project.close()
    assert snapshot(SEEDS) == seeds_before


def test_a_folder_of_articles_is_imported_into_the_data_folder(tmp_path: Path, _isolated_data_dir: Path) -> None:
    source = tmp_path / "my articles"
    (source / "sub").mkdir(parents=True)
    shutil.copy(FIRST_SEED, source / "first.txt")
    shutil.copy(SECOND_SEED, source / "sub" / "second.txt")
    before = snapshot(source)
    listing_before = sorted(os.listdir(tmp_path))

    opened = open_path(source, annotator="me")
    try:
        root = opened.project.root
        assert root.parent == (_isolated_data_dir / "projects").resolve()
        assert root == project_for_source(source).resolve()
        assert root.name.startswith("my_articles-")
        assert sorted(entry.source_file for entry in opened.project.documents()) == ["first.txt", "second.txt"]  # type: ignore[type-var]
        assert any(str(source) in message and str(root) in message for message in opened.messages)
        document = opened.project.load_document(opened.project.documents()[0].id)
        annotations = AnnotationSet(document)
        start = document.text.index("Armenia")
        annotations.add(annotations.make_span(start, start + 7, "actor"))
        opened.project.save_annotations(annotations.snapshot("me"), opened.project.load_annotations(document).fingerprint)
    finally:
        opened.project.close()

    assert snapshot(source) == before
    assert sorted(os.listdir(tmp_path)) == listing_before

    # A new file in the source is picked up next time; the old ones are not imported twice.
    (source / "third.txt").write_text(FIRST_SEED.read_text(encoding="utf-8") + "\nA correction was added.\n", encoding="utf-8")
    again = open_path(source, annotator="me")
    try:
        assert again.project.root == root
        assert again.report is not None and [a.document.source_file for a in again.report.imported] == ["third.txt"]
        assert len(again.project) == 3
    finally:
        again.project.close()


def test_a_single_article_file_is_imported(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    shutil.copy(FIRST_SEED, article)
    opened = open_path(article, annotator="me")
    try:
        assert [entry.source_file for entry in opened.project.documents()] == ["story.txt"]
        assert opened.project.root.name.startswith("story-")
    finally:
        opened.project.close()
    assert sorted(os.listdir(tmp_path)) == ["story.txt"]


def test_different_sources_get_different_projects(tmp_path: Path) -> None:
    (tmp_path / "a" / "news").mkdir(parents=True)
    (tmp_path / "b" / "news").mkdir(parents=True)
    assert project_for_source(tmp_path / "a" / "news") != project_for_source(tmp_path / "b" / "news")
    assert project_for_source(tmp_path / "a" / "news") == project_for_source(tmp_path / "a" / ".." / "a" / "news")


def test_a_project_folder_is_opened_as_it_is(tmp_path: Path, _isolated_data_dir: Path) -> None:
    root = tmp_path / "proj"
    with FolderProject.create(root, annotator="me") as project:
        import_into(project, FIRST_SEED)
    assert is_project(root)
    opened = open_path(root, annotator="me")
    try:
        assert opened.project.root == root.resolve()
        assert opened.report is None
        assert [entry.source_file for entry in opened.project.documents()] == [FIRST_SEED.name]
    finally:
        opened.project.close()
    assert not (_isolated_data_dir / "projects").exists()


def test_a_project_open_elsewhere_opens_read_only_with_a_message(tmp_path: Path) -> None:
    with FolderProject.create(tmp_path / "proj", annotator="me"):
        opened = open_path(tmp_path / "proj", annotator="me")
        assert not opened.project.writable
        assert any("read-only" in message for message in opened.messages)
        opened.project.close()


def test_a_busy_default_workspace_imports_nothing(_isolated_data_dir: Path) -> None:
    first = open_path(None, annotator="me")
    try:
        second = open_path(None, annotator="me")
        assert not second.project.writable and second.report is None
        assert any("read-only" in message for message in second.messages)
        second.project.close()
    finally:
        first.project.close()


def test_a_missing_path_is_a_project_error(tmp_path: Path, _isolated_data_dir: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        open_path(tmp_path / "nowhere")
    assert not (_isolated_data_dir / "projects").exists()


def test_importing_reports_bad_files_and_keeps_good_ones(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIRST_SEED, source / "good.txt")
    (source / "empty.txt").write_bytes(b"")
    with FolderProject.create(tmp_path / "proj", annotator="me") as project:
        report = import_into(project, source)
        assert [a.document.source_file for a in report.imported] == ["good.txt"]
        assert [failure.path.name for failure in report.failures] == ["empty.txt"]
        assert [entry.source_file for entry in project.documents()] == ["good.txt"]
    assert (tmp_path / "proj" / PROJECT_FILE).is_file()


def article_folder(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        # Stems that collide once made into ids (case, and a numbered twin).
        name = f"Report-{number}.txt" if number % 7 else f"report-{number // 7}.txt"
        (folder / ("sub" if number % 5 == 0 else "")).mkdir(exist_ok=True)
        (folder / ("sub" if number % 5 == 0 else "") / name).write_text(
            f"Headline {number}\n\nArmenia said on Friday that talks go on ({number}).\n", encoding="utf-8"
        )
    return folder


class Killed(BaseException):
    """Stands for SIGKILL in the middle of an import: nothing after it runs."""


def test_an_interrupted_import_resumes_without_duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.core.workspace as workspace

    monkeypatch.setattr(workspace, "IMPORT_BATCH", 40)
    source = article_folder(tmp_path / "articles", 230)
    names = {path.name for path in source.rglob("*.txt")}

    def kill_at(limit: int):  # noqa: ANN202
        def progress(done: int, total: int, _path: Path) -> bool:
            assert total > 0
            if done == limit:
                raise Killed
            return True

        return progress

    root = tmp_path / "project"
    with FolderProject.create(root, "p") as project:
        with pytest.raises(Killed):
            import_into(project, source, kill_at(95))
    with FolderProject.open(root) as project:
        kept = len(project)
        assert 0 < kept < 95  # the finished batches survived the kill, the unfinished one did not
        with pytest.raises(Killed):
            import_into(project, source, kill_at(50))
    with FolderProject.open(root) as project:
        report = import_into(project, source)
        entries = project.documents()
    assert not report.cancelled and not report.failures
    assert len(entries) == len(names) == 230
    assert sorted(e.source_file for e in entries) == sorted(names)  # every file once
    assert len({e.id.lower() for e in entries}) == len(entries)


def test_a_cancelled_import_keeps_what_it_read_and_the_next_adds_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.core.workspace as workspace

    monkeypatch.setattr(workspace, "IMPORT_BATCH", 40)
    source = article_folder(tmp_path / "articles", 120)
    seen: list[int] = []

    def cancel_at_55(done: int, total: int, _path: Path) -> bool:
        seen.append(done)
        return done < 55

    with FolderProject.create(tmp_path / "project", "p") as project:
        report = import_into(project, source, cancel_at_55)
        assert report.cancelled and len(report.imported) == 55 == len(project)
        assert seen == list(range(1, 56))  # counted over the whole import, across batches
        rest = import_into(project, source)
        assert not rest.cancelled and len(rest.imported) == len(project) - 55
        assert len({e.source_file for e in project.documents()}) == len(project)
