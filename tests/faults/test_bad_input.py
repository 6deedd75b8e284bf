"""R5: bad input of every kind gets a clear message naming the file, and harms nothing else.

Each kind is one parametrised case, generated here. For every case: the error
names the file and the problem, nothing crashes, the CLI (run as the user runs
it, in a fresh interpreter) prints no traceback, no byte of the bad file or of
the rest of the project changes, and the other documents still load and save.
Here: article files and annotation files; the project's own files (documents, catalog,
catalog sources, project file) are in ``test_bad_project_files.py``.
"""

from __future__ import annotations

import codecs
import json
import os
import pickle
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from annotator.cli import main as cli_main
from annotator.core.articles import ArticleReadError, import_articles, iter_article_files, read_article
from annotator.core.model import AnnotationFile, Document, DocumentStatus, Span
from annotator.core.storage.folder import FileProblem, Fingerprint, FolderProject, ProjectError
from tests.faults._support import ANNOTATOR, assert_no_traceback, assert_rest_works, run_cli, tree_digest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OUTSIDE_TEXT = "SECRET TEXT FROM OUTSIDE THE SOURCE FOLDER"


# --- article files -------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleCase:
    build: Callable[[Path], Path]  # makes the bad file in the given folder, returns it
    problem: tuple[str, ...] = ()  # substrings of the refusal; empty: it must import
    expect_text: str | None = None  # for files that must import: the document text
    needs_non_root: bool = False
    folder_import: bool = False  # the CLI imports the folder, not the file


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _directory_named_txt(folder: Path) -> Path:
    path = folder / "x.txt"
    path.mkdir()
    (path / "inside.md").write_text("An article inside a folder called x.txt\n")
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _huge_sparse(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Headline\n")
        handle.truncate(100 * 1024 * 1024)
    return path


def _unreadable(folder: Path) -> Path:
    path = folder / "locked.txt"
    path.write_text("You may not read this\n")
    path.chmod(0)
    return path


def _symlink_out(folder: Path) -> Path:
    outside = folder.parent / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(OUTSIDE_TEXT + "\n")
    link = folder / "link.txt"
    link.symlink_to(outside / "secret.txt")
    return link


def _broken_symlink(folder: Path) -> Path:
    link = folder / "dangling.txt"
    link.symlink_to(folder / "missing-target.txt")
    return link


UNICODE_TEXT = "Héllo wörld 👩‍👩‍👧 שלום\r\nSecond line\n"
ARTICLE_CASES: dict[str, ArticleCase] = {
    # Valid UTF-8 (é) and then a broken sequence: damaged UTF-8, refused rather than guessed.
    "invalid-utf8": ArticleCase(_file("bad.txt", b"Caf\xc3\xa9 line\nbad \xc3\x28 byte\n"), ("not valid UTF-8", "byte 0xC3", "line 2")),
    # Issue 7: a legacy encoding is detected (charset-normalizer) and the file imported.
    "latin1": ArticleCase(_file("latin.txt", "Café in Zürich\n".encode("latin-1")), expect_text="Café in Zürich\n"),
    "utf16-le-bom": ArticleCase(_file("u16.txt", UNICODE_TEXT.encode("utf-16")), expect_text=UNICODE_TEXT.replace("\r\n", "\n")),
    "utf16-be-bom": ArticleCase(_file("u16be.txt", codecs.BOM_UTF16_BE + UNICODE_TEXT.encode("utf-16-be")), expect_text=UNICODE_TEXT.replace("\r\n", "\n")),
    "utf32-bom": ArticleCase(_file("u32.txt", UNICODE_TEXT.encode("utf-32")), expect_text=UNICODE_TEXT.replace("\r\n", "\n")),
    "utf8-bom": ArticleCase(_file("bom.txt", codecs.BOM_UTF8 + UNICODE_TEXT.encode()), expect_text=UNICODE_TEXT.replace("\r\n", "\n")),
    "lone-cr": ArticleCase(_file("mac.txt", b"Old Mac\rline endings\r"), expect_text="Old Mac\nline endings\n"),
    "utf16-no-bom": ArticleCase(_file("u16nobom.txt", "Hello world\n".encode("utf-16-le")), ("NUL bytes", "byte order mark")),
    "utf16-truncated": ArticleCase(_file("u16odd.txt", "Hello world\n".encode("utf-16")[:-1]), ("not valid UTF-16",)),
    "utf16-lone-surrogate": ArticleCase(_file("u16sur.txt", codecs.BOM_UTF16_LE + b"H\x00\x00\xd8i\x00"), ("not valid UTF-16",)),
    "binary": ArticleCase(_file("blob.txt", bytes(range(256)) * 8), ("looks binary",)),
    "binary-control-chars": ArticleCase(_file("ctl.txt", b"\x01\x02\x03\x04\x05\x06 text" * 50), ("looks binary", "control characters")),
    "png-as-txt": ArticleCase(_file("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)), ("looks binary",)),
    "empty": ArticleCase(_file("empty.txt", b""), ("the file is empty",)),
    "whitespace-only": ArticleCase(_file("blank.txt", b" \n\t\r\n   \n"), ("the file is empty",)),
    "huge-100MB": ArticleCase(_huge_sparse, ("104,857,600 bytes", "byte limit")),
    "nul-bytes": ArticleCase(_file("nul.txt", b"Hello\x00world, this is text\n"), ("NUL bytes",)),
    "html-remote-resources": ArticleCase(
        _file("page.html", b'<html><body><img src="http://example.invalid/x.png"><script src="https://example.invalid/x.js"></script>Hi</body></html>'),
        ("HTML files are not imported",),
    ),
    "html-in-txt": ArticleCase(_file("page.txt", b'<!DOCTYPE html>\n<html><img src="http://example.invalid/pixel.gif"></html>\n'), ("this is an HTML page",)),
    "directory-named-txt": ArticleCase(_directory_named_txt, ("is a folder",), folder_import=True),
    "fifo": ArticleCase(_fifo, ("is not a regular file",)),
    "unreadable": ArticleCase(_unreadable, ("cannot be read", "Permission denied"), needs_non_root=True),
    "broken-symlink": ArticleCase(_broken_symlink, ("cannot be read", "No such file")),
    "few-control-chars": ArticleCase(_file("bell.txt", b"A bell \x07 rings in this article text\n"), expect_text="A bell \x07 rings in this article text\n"),
}


def _failure_of(path: Path) -> ArticleReadError:
    report = import_articles([path], set())
    assert report.imported == [] and len(report.failures) == 1, report
    return report.failures[0]


@pytest.mark.parametrize("case", ARTICLE_CASES.values(), ids=ARTICLE_CASES.keys())
def test_bad_article_file(case: ArticleCase, project_root: Path, tmp_path: Path, no_network: list[str]) -> None:
    if case.needs_non_root and IS_ROOT:
        pytest.skip("running as root: chmod 000 does not stop root from reading")
    source = tmp_path / "source"
    source.mkdir()
    path = case.build(source)
    before_source = tree_digest(tmp_path / "source") if not stat.S_ISFIFO(os.lstat(path).st_mode) else None
    before_project = tree_digest(project_root)

    if case.problem:
        failure = _failure_of(path)
        message = str(failure)
        assert message.startswith(f"{path.name}: "), message
        for part in case.problem:
            assert part in message, message
    else:
        imported = import_articles([path], set())
        assert imported.failures == [] and len(imported.imported) == 1
        assert imported.imported[0].document.text == case.expect_text

    target = source if case.folder_import else path
    result = run_cli("import", str(target), "--project", str(project_root))
    assert_no_traceback(result)
    if case.problem and not case.folder_import:
        assert result.returncode == 1
        assert f"{path.name}: " in result.stderr
        if "skipped" in result.stderr:  # else refused as a source ("no such file or folder")
            for part in case.problem:
                assert part in result.stderr
        assert tree_digest(project_root) == before_project, "a refused file changed the project"
    else:
        assert result.returncode == 0, result.stderr
        assert "imported" in result.stdout
    if before_source is not None:
        assert tree_digest(tmp_path / "source") == before_source, "the source folder was written to"
    assert_rest_works(project_root)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = _huge_sparse(tmp_path)
    process = psutil.Process()
    try:
        before = process.io_counters().read_chars
    except (AttributeError, psutil.AccessDenied, NotImplementedError):
        pytest.skip("no per-process I/O counters here")
    with pytest.raises(ArticleReadError, match="byte limit"):
        read_article(path, "huge")
    read = process.io_counters().read_chars - before
    assert read < 1_000_000, f"{read:,} bytes were read to refuse a 100 MB file"


def test_symlink_out_of_the_source_folder_is_not_imported(project_root: Path, tmp_path: Path, no_network: list[str]) -> None:
    source = tmp_path / "source"
    source.mkdir()
    link = _symlink_out(source)
    (source / "good.txt").write_text("A good article\n\nBody text.\n")
    assert [p.name for p in iter_article_files(source)] == ["good.txt"]
    result = run_cli("import", str(source), "--project", str(project_root))
    assert_no_traceback(result)
    assert result.returncode == 0 and "imported good.txt" in result.stdout
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        for entry in project.documents():
            assert OUTSIDE_TEXT not in project.load_document(entry.id).text
    assert link.resolve().read_text() == OUTSIDE_TEXT + "\n"


NAMES = ["CON.txt", "aux.txt", "NUL.txt", "com1.md", "lpt9.text", "con.tar.txt", "-..-..-etc-passwd.txt", "..hidden.txt", "ünïcödé ñame.txt",
         "..\\..\\windows-style.txt", "C:\\evil.txt", " spaced .txt", "x" * 240 + ".txt", "....txt"]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_awkward_file_names_become_safe_ids(name: str, project_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    (source / "sub").mkdir(parents=True)
    path = source / name
    path.write_text("An article with an awkward file name\n")
    # Named through "..", relative and absolute: the id comes from the name alone.
    for given in (source / "sub" / ".." / name, path.resolve()):
        report = import_articles([given], {"con_", "CON_"})
        assert report.failures == [], report.failures
        doc_id = report.imported[0].document.id
        assert "/" not in doc_id and "\\" not in doc_id and ".." not in doc_id and doc_id.split(".")[0].lower() not in {"con", "aux", "nul", "com1", "lpt9"}
    assert cli_main(["import", str(path), "--project", str(project_root)]) == 0
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        new = [entry for entry in project.documents() if entry.source_file == name]
        assert len(new) == 1
        document_file = project.document_path(new[0].id)
        assert document_file.parent == project_root.resolve() / "documents" and document_file.is_file()
    assert_rest_works(project_root)


def test_file_name_not_utf8_does_not_abort_the_import(project_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "good.txt").write_text("A good article\n")
    (source / os.fsdecode(b"bad-\xff-name.txt")).write_text("Its name is Latin-1\n")
    result = run_cli("import", str(source), "--project", str(project_root))
    assert_no_traceback(result)
    assert "imported good.txt" in result.stdout, result.stderr
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        assert any(entry.source_file == "good.txt" for entry in project.documents())
    assert_rest_works(project_root)


# --- annotation files --------------------------------------------------------------------------


def _valid_annotations(document: Document) -> dict:
    spans = (Span(id="s1", start=0, end=7, label="actor", text=document.text[0:7]), Span(id="s2", start=8, end=12, label="claim", text=document.text[8:12]))
    return AnnotationFile(document_id=document.id, annotator=ANNOTATOR, text_sha256=document.text_sha256, spans=spans).model_dump(mode="json")


def _json(change: Callable[[dict], object]) -> Callable[[dict], bytes]:
    def build(valid: dict) -> bytes:
        return json.dumps(change(valid), indent=2).encode()

    return build


def _set(**fields: object) -> Callable[[dict], bytes]:
    return _json(lambda valid: {**valid, **fields})


def _without(key: str) -> Callable[[dict], bytes]:
    return _json(lambda valid: {k: v for k, v in valid.items() if k != key})


def _span(**fields: object) -> Callable[[dict], bytes]:
    return _json(lambda valid: {**valid, "spans": [{**valid["spans"][0], **fields}, *valid["spans"][1:]]})


def _raw(data: bytes) -> Callable[[dict], bytes]:
    return lambda valid: data


def _span_json(start: str, end: str) -> Callable[[dict], bytes]:
    """A span whose offsets are written as raw JSON tokens (NaN, 1e400, 5000 digits)."""

    def build(valid: dict) -> bytes:
        span = {**valid["spans"][0], "start": "@START@", "end": "@END@"}
        text = json.dumps({**valid, "spans": [span]})
        return text.replace('"@START@"', start).replace('"@END@"', end).encode()

    return build


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PICKLE_WAS_LOADED",))


ANNOTATION_CASES: dict[str, tuple[Callable[[dict], bytes], tuple[str, ...]]] = {
    "truncated": (lambda valid: json.dumps(valid).encode()[:60], ("not valid JSON",)),
    "empty-file": (_raw(b""), ("not valid JSON",)),
    "invalid-utf8": (lambda valid: json.dumps(valid).encode().replace(b'"actor"', b'"act\xffor"'), ("not valid JSON",)),
    "pickle-payload": (_raw(pickle.dumps(_Exploit())), ("not valid JSON",)),
    "array": (_raw(b"[1, 2, 3]"), ("expected a JSON object, found list",)),
    "string": (_raw(b'"annotations"'), ("expected a JSON object, found str",)),
    "null": (_raw(b"null"), ("expected a JSON object",)),
    "number": (_raw(b"42"), ("expected a JSON object, found int",)),
    "future-schema": (_set(schema_version=99), ("schema_version 99 is newer than this program supports",)),
    "schema-zero": (_set(schema_version=0), ("schema_version 0 is not a known version",)),
    "schema-missing": (_without("schema_version"), ("schema_version is missing",)),
    "schema-string": (_set(schema_version="1"), ("schema_version is missing or not an integer",)),
    "schema-bool": (_set(schema_version=True), ("not an integer",)),
    "schema-float": (_set(schema_version=1.0), ("not an integer",)),
    "span-out-of-range": (_span(end=10**6), ("span s1 [0, 1000000) is outside the text",)),
    "end-before-start": (_span(start=7, end=3), ("end (3) must be greater than start (7)",)),
    "empty-span": (_span(start=5, end=5), ("must be greater than start",)),
    "negative-start": (_span(start=-1), ("spans.0.start", "greater than or equal to 0")),
    "float-offset": (_span(start=1.5), ("spans.0.start",)),
    "nan-offset": (_span_json("NaN", "7"), ("spans.0.start",)),
    "infinite-offset": (_span_json("0", "1e400"), ("spans.0.end",)),
    "huge-offsets": (_span(start=10**30, end=10**30 + 1), ("is outside the text",)),
    "text-mismatch": (_span(text="Someone"), ("span s1 [0, 7) says 'Someone' but the text there is",)),
    "hash-mismatch": (_set(text_sha256="0" * 64), ("text hash differs",)),
    "duplicate-span-ids": (_json(lambda valid: {**valid, "spans": [valid["spans"][0], {**valid["spans"][1], "id": "s1"}]}), ("duplicate span id 's1'",)),
    "unknown-label": (_span(label="villain"), ("span s1 has unknown label 'villain'",)),
    "unsafe-span-id": (_span(id="../../x"), ("spans.0.id", "not a safe identifier")),
    "unknown-field": (_set(reviewer="bob"), ("reviewer", "Extra inputs are not permitted")),
    "unknown-span-field": (_span(colour="#fff"), ("spans.0.colour", "Extra inputs are not permitted")),
    "class-payload": (_set(__class__="os.system", __reduce__=["os.system", "touch x"]), ("__class__", "Extra inputs are not permitted")),
    "wrong-document-id": (_set(document_id="second"), ("made for document 'second', not 'first'",)),
    "wrong-annotator": (_set(annotator="bob"), ("belongs to annotator 'bob', not 'alice'",)),
    "bad-status": (_set(status="finished"), ("status",)),
    "spans-not-a-list": (_set(spans={"s1": 1}), ("spans",)),
    "deeply-nested": (_raw(b'{"schema_version": 1, "spans": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"), ("not valid JSON",)),
    "5000-digit-number": (_span_json("9" * 5000, "1"), ("not valid JSON",)),
    "thousands-of-errors": (_json(lambda valid: {**valid, "spans": [{"id": f"s{i}", "start": -1} for i in range(500)]}), ("and", "more problems")),
}


def _annotation_params() -> list:
    return [pytest.param(build, parts, id=name) for name, (build, parts) in ANNOTATION_CASES.items()]


@pytest.mark.parametrize(("build", "problem"), _annotation_params())
def test_bad_annotation_file(build: Callable[[dict], bytes], problem: tuple[str, ...], project_root: Path, no_network: list[str]) -> None:
    path = project_root / "annotations" / ANNOTATOR / "first.json"
    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        document = project.load_document("first")
    bad = build(_valid_annotations(document))
    path.write_bytes(bad)
    before = tree_digest(project_root)

    with FolderProject.open(project_root, annotator=ANNOTATOR) as project:
        assert project.writable
        with pytest.raises(FileProblem) as raised:
            project.load_annotations(document)
        message = str(raised.value)
        assert message.startswith("first.json: "), message
        for part in problem:
            assert part in message, message
        assert project.is_refused("first")
        # Not even a save that "expects" exactly these bytes may replace the file.
        replacement = AnnotationFile(document_id="first", annotator=ANNOTATOR, text_sha256=document.text_sha256, status=DocumentStatus.DONE)
        with pytest.raises(ProjectError, match="first.json failed validation"):
            project.save_annotations(replacement, Fingerprint.of_bytes(bad))
    assert tree_digest(project_root) == before
    assert not (project_root / "PICKLE_WAS_LOADED").exists() and not Path("PICKLE_WAS_LOADED").exists()

    result = run_cli("validate", str(project_root), "--annotator", ANNOTATOR)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert f"{ANNOTATOR}/first.json: " in result.stdout
    for part in problem:
        assert part in result.stdout
    assert "1 with problems" in result.stdout
    assert tree_digest(project_root) == before
    assert_rest_works(project_root, broken_annotations="first")
    assert path.read_bytes() == bad
