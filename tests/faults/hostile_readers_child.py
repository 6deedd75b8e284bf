"""Child process of ``test_hostile_readers``: every hostile input for one reader, in one interpreter.

Run as ``python -m tests.faults.hostile_readers_child READER WORKDIR``. Prints one JSON
line: ``{"reader", "cases", "failures": [...], "kinds": {...}}``. A failure is a case
that raised something other than the reader's own clear error, or whose message
does not name the file. The parent runs it with a timeout, so a case that hangs
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.articles import ArticleReadError, read_article
from annotator.core.journal import JournalError, check_recovery, read_journal
from annotator.core.model import Document
from annotator.core.storage import FolderProject, ProjectError
from annotator.core.storage.catalog_table import SINGLE_ROWS
from annotator.core.storage.folder import CATALOG_FILE, PROJECT_FILE, STATUS_FILE
from annotator.core.storage.folder_catalog import SOURCES_FILE

ANNOTATOR = "alice"
TEXT = "Small headline\nBy A. Writer\nMay 22, 2023\n\nThe minister said on Friday that talks would resume.\n"
Mutation = tuple[str, Callable[[Path], None]]  # (kind, make the hostile file at the path)


# --- mutations of a valid file --------------------------------------------------------------------


def _bytes(data: bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        _clear(path)
        path.write_bytes(data)

    return make


def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file() or path.is_fifo():
        path.unlink()
    elif path.is_dir():
        path.rmdir()


def _special(path: Path, outside: Path) -> Iterator[Mutation]:
    def fifo(p: Path) -> None:
        _clear(p)
        os.mkfifo(p)

    def folder(p: Path) -> None:
        _clear(p)
        p.mkdir()

    def loop(p: Path) -> None:
        _clear(p)
        p.symlink_to(p)

    def dangling(p: Path) -> None:
        _clear(p)
        p.symlink_to(p.with_name("nowhere-at-all"))

    def dev_zero(p: Path) -> None:
        _clear(p)
        p.symlink_to("/dev/zero")

    def out(p: Path) -> None:
        _clear(p)
        p.symlink_to(outside)

    def sparse_huge(p: Path) -> None:
        _clear(p)
        with p.open("wb") as handle:
            handle.truncate(300_000_000)  # sparse: costs nothing, more than every limit

    yield from (("fifo", fifo), ("folder", folder), ("symlink-loop", loop), ("dangling-symlink", dangling))
    yield from (("symlink-to-dev-zero", dev_zero), ("symlink-outside", out), ("huge-file", sparse_huge))


def _json_mutations(valid: bytes) -> Iterator[Mutation]:
    for cut in range(len(valid)):
        yield "truncated", _bytes(valid[:cut])
    yield "deep-nesting", _bytes(b"[" * 100_000 + b"]" * 100_000)
    value = json.loads(valid)
    for key in value:
        for wrong in (None, True, 0, -1, 1.5, "x", [], {}, [[[]]], "\ud800", "\x00\x1b", 10**400):
            yield "wrong-type", _bytes(json.dumps({**value, key: wrong}).encode())
        yield "deep-nesting", _bytes(json.dumps({**value, key: None}).replace("null", "[" * 50_000 + "]" * 50_000).encode())
        yield "huge-number", _bytes(json.dumps({**value, key: None}).replace("null", "9" * 100_000).encode())
        yield "huge-string", _bytes(json.dumps({**value, key: "x" * 2_000_000}).encode())
    for string in {s for s in _strings(value) if s}:
        yield "surrogate", _bytes(valid.replace(json.dumps(string).encode(), b'"\\udc80' + json.dumps(string).encode()[1:], 1))
        yield "control-characters", _bytes(valid.replace(json.dumps(string).encode(), b'"\\u0000\x07' + json.dumps(string).encode()[1:], 1))
    for at in range(0, len(valid), max(1, len(valid) // 16)):
        yield "control-characters", _bytes(valid[:at] + b"\x00\x1b" + valid[at:])
        yield "bad-utf8", _bytes(valid[:at] + b"\xff\xc3" + valid[at:])
    yield "huge-array", _bytes(b"[" + b"0," * 1_000_000 + b"0]")
    yield "bom", _bytes(b"\xef\xbb\xbf" + valid)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _text_mutations(valid: bytes) -> Iterator[Mutation]:
    for cut in range(len(valid)):
        yield "truncated", _bytes(valid[:cut])
    for at in range(0, len(valid), max(1, len(valid) // 16)):
        yield "control-characters", _bytes(valid[:at] + b"\x00\x1b\x07" + valid[at:])
        yield "surrogate-bytes", _bytes(valid[:at] + b"\xed\xa0\x80" + valid[at:])
        yield "bad-utf8", _bytes(valid[:at] + b"\xff\xfe" + valid[at:])
    yield "utf16-lone-surrogate", _bytes(b"\xff\xfe" + "Ab".encode("utf-16-le") + b"\x00\xd8")
    yield "binary", _bytes(bytes(range(256)) * 64)
    yield "html", _bytes(b'<!DOCTYPE html><html><img src="/dev/zero"></html>')
    yield "deep-nesting", _bytes(b"(" * 100_000)
    yield "one-huge-token", _bytes(b"A" * 2_000_000)


# --- the readers ---------------------------------------------------------------------------------------


def _project(work: Path) -> tuple[Path, Document]:
    root = work / "project"
    project = FolderProject.create(root, annotator=ANNOTATOR)
    document = Document.create("doc", TEXT)
    project.add_documents([document])
    from annotator.core.annotations import AnnotationSet

    annotations = AnnotationSet.from_file(document, None)
    annotations.add(annotations.make_span(0, 5, "actor"))
    annotations.add(annotations.make_span(50, 58, "claim"))
    from annotator.core.storage import Fingerprint

    project.save_annotations(annotations.snapshot(ANNOTATOR), Fingerprint(None))
    project.close()
    return root, document


def run(reader: str, work: Path) -> dict[str, object]:
    outside = work / "outside.json"
    outside.write_text('{"secret": true}')
    root, document = _project(work)
    failures: list[str] = []
    kinds: dict[str, int] = {}
    cases = 0

    def check(kind: str, call: Callable[[], object], name: str, errors: tuple[type[BaseException], ...]) -> None:
        nonlocal cases
        cases += 1
        kinds[kind] = kinds.get(kind, 0) + 1
        try:
            result = call()
        except errors as error:
            if name not in str(error):
                failures.append(f"{kind}: the message does not name {name}: {error}")
        except BaseException:  # anything else is a traceback the user would see
            failures.append(f"{kind}: {traceback.format_exc(limit=3)}")
        else:
            if isinstance(result, list) and result and not any(name in w for w in result):
                failures.append(f"{kind}: warnings do not name {name}: {result}")

    if reader == "article":
        path = work / "articles" / "a.txt"
        path.parent.mkdir()
        mutations = [*_text_mutations(TEXT.encode()), *_special(path, outside)]
        for kind, make in mutations:
            make(path)
            check(kind, lambda: read_article(path, "a"), "a.txt", (ArticleReadError,))
        return {"reader": reader, "cases": cases, "failures": failures, "kinds": kinds}

    if reader == "catalog-sources":
        _sources(work, outside, check)
        return {"reader": reader, "cases": cases, "failures": failures, "kinds": kinds}

    paths = {
        "document": root / "documents" / "doc.json",
        "annotations": root / "annotations" / ANNOTATOR / "doc.json",
        "project": root / PROJECT_FILE,
        "catalog": root / CATALOG_FILE,
        "status": root / "annotations" / ANNOTATOR / STATUS_FILE,
        "journal": root / "annotations" / ANNOTATOR / ".journal" / "doc.jsonl",
    }
    path = paths[reader]
    if reader == "journal":
        from annotator.core.edits import EDIT_ADAPTER, AddSpan
        from annotator.core.model import Span

        path.parent.mkdir(parents=True, exist_ok=True)
        edit = AddSpan(span=Span(id="s9", start=6, end=14, label="actor", text=TEXT[6:14]))
        valid = (json.dumps({"journal": 1, "base": None}) + "\n" + json.dumps({"seq": 1, "edit": EDIT_ADAPTER.dump_python(edit, mode="json")}) + "\n").encode()
        mutations = [*_json_mutations(valid.split(b"\n")[1]), *_special(path, outside)]
        mutations = [(kind, _journal_wrap(make, valid.split(b"\n")[0])) for kind, make in mutations[: -len(list(_special(path, outside)))]]
        mutations += [*(("whole-truncated", _bytes(valid[:cut])) for cut in range(len(valid))), *_special(path, outside)]
        project = FolderProject.open(root, annotator=ANNOTATOR, read_only=True)
        loaded = project.load_annotations(document)
        from annotator.core.annotations import AnnotationSet

        annotations = AnnotationSet.from_file(document, loaded.annotation_file)

        def read() -> object:
            recovery = read_journal(path)
            if recovery is not None:
                check_recovery(document, annotations, recovery.edits, project.scheme, set())
            return recovery

        for kind, make in mutations:
            make(path)
            check(kind, read, "doc.jsonl", (JournalError,))
        project.close()
        return {"reader": reader, "cases": cases, "failures": failures, "kinds": kinds}

    valid = path.read_bytes()
    mutations = [*_json_mutations(valid), *_special(path, outside)]
    if reader in ("document", "annotations"):
        project = FolderProject.open(root, annotator=ANNOTATOR, read_only=True)
        for kind, make in mutations:
            make(path)
            if reader == "document":
                check(kind, lambda: project.load_document("doc"), "doc.json", (ProjectError,))
            else:
                check(kind, lambda: project.load_annotations(document), "doc.json", (ProjectError,))
        project.close()
    else:
        name = path.name

        def open_it() -> list[str]:
            with FolderProject.open(root, annotator=ANNOTATOR, read_only=True) as opened:
                return list(opened.warnings)

        for kind, make in mutations:
            make(path)
            check(kind, open_it, name, (ProjectError,))
    return {"reader": reader, "cases": cases, "failures": failures, "kinds": kinds}


def _sources(work: Path, outside: Path, check: Callable[..., None]) -> None:
    """``SOURCES_FILE``, read when the entries' source files and hashes are first wanted: listing more
    entries than are made one by one from their documents (``SINGLE_ROWS``), as the import's duplicate
    check does. Every case must give the documents' own values; a file that could not be read is
    named in a warning and left as it is, one that lacks ids is written again, whole."""
    root = work / "sources-project"
    with FolderProject.create(root, annotator=ANNOTATOR) as project:
        project.add_documents(Document.create(f"d{i}", f"Title {i}\nText {i}.", source_file=f"d{i}.txt") for i in range(SINGLE_ROWS + 2))
    with FolderProject.open(root, annotator=ANNOTATOR, read_only=True) as project:
        truth = {doc_id: (project.load_document(doc_id).source_file, project.load_document(doc_id).text_sha256) for doc_id in project.documents().ids()}
    path = root / SOURCES_FILE
    valid = path.read_bytes()

    def read(read_only: bool) -> list[str]:
        before = _state(path)
        with FolderProject.open(root, annotator=ANNOTATOR, read_only=read_only) as opened:
            got = {entry.id: (entry.source_file, entry.text_sha256) for entry in opened.documents()}
            warnings = list(opened.warnings)
        if got != truth:
            raise AssertionError(f"wrong source files or hashes: {[doc_id for doc_id in truth if got.get(doc_id) != truth[doc_id]]}")
        named = any(SOURCES_FILE in warning for warning in warnings)
        if named or read_only:
            if _state(path) != before:
                raise AssertionError(f"{SOURCES_FILE} was overwritten ({'read-only' if read_only else 'it could not be read'})")
        elif _state(path) != before:  # written again: whole, with every id the catalog lists
            written = json.loads(path.read_bytes())
            if dict(zip(written["id"], zip(written["source_file"], written["text_sha256"]))) != truth:
                raise AssertionError(f"{SOURCES_FILE} written again with wrong values")
        return warnings

    for kind, make in [*_json_mutations(valid), *_special(path, outside)]:
        for read_only in (True, False):
            make(path)
            check(kind, lambda read_only=read_only: read(read_only), SOURCES_FILE, (ProjectError,))


def _state(path: Path) -> tuple[object, ...]:
    """What a write would change: the link itself, or the file's inode (an atomic write makes a new one) and size."""
    if path.is_symlink():
        return ("link", os.readlink(path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        return ("missing",)
    return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns)


def _journal_wrap(make: Callable[[Path], None], header: bytes) -> Callable[[Path], None]:
    """A mutation of the edit line, behind a valid header."""

    def wrapped(path: Path) -> None:
        make(path)
        if path.is_file() and not path.is_symlink():
            path.write_bytes(header + b"\n" + path.read_bytes() + b"\n")

    return wrapped


def main() -> None:
    reader, work = sys.argv[1], Path(sys.argv[2])
    sys.setrecursionlimit(1000)  # the default: deep input must not need more
    print(json.dumps(run(reader, work)))


if __name__ == "__main__":
    main()
