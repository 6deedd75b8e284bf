"""Nothing in a project can make the program write outside it, reach the network or run code.

"Outside" is a folder beside the project that starts empty (or holds a known
file) and must end the same: that is the proof, whatever the error says.
"""

from __future__ import annotations

import ast
import json
import os
import pickle
from pathlib import Path

import pytest

from annotator.cli import main as cli_main
from annotator.core.annotations import AnnotationSet
from annotator.core.articles import read_article
from annotator.core.edits import AddSpan
from annotator.core.model import AnnotationFile, Document, Span
from annotator.core.storage import Fingerprint, FolderProject, ProjectError
from annotator.core.workspace import open_path
from tests.conftest import REPO, SEEDS
from tests.faults._support import ANNOTATOR, make_project, seed_documents, tree_digest

PACKAGE = REPO / "annotator"
UNSAFE_NAMES = ["../outside", "../../outside/x", "/tmp/x", "..", ".", "a/../../b", "a\\..\\b", "CON", "nul", "aux.json", "", " x", "x" * 200]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


@pytest.fixture
def project(tmp_path: Path) -> FolderProject:
    project = make_project(tmp_path / "project")
    yield project
    project.close()


def _one_span_file(document: Document, doc_id: str | None = None, annotator: str = ANNOTATOR) -> AnnotationFile:
    span = Span(id="s1", start=0, end=5, label="actor", text=document.text[:5])
    fields = dict(document_id=document.id if doc_id is None else doc_id, annotator=annotator, text_sha256=document.text_sha256, spans=(span,))
    # model_construct: a caller (or a bug) that skipped validation must still be stopped by the store.
    return AnnotationFile(**fields) if doc_id is None else AnnotationFile.model_construct(**fields)


def _assert_untouched(outside: Path, before: dict[str, str] | None = None) -> None:
    assert tree_digest(outside) == (before or {}), "something was written outside the project"
    if before is None:
        assert list(outside.iterdir()) == []


# --- ids and names ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_unsafe_document_ids_are_refused(name: str, project: FolderProject, outside: Path) -> None:
    document = project.load_document("first")
    with pytest.raises(ProjectError):
        project.document_path(name)
    with pytest.raises(ProjectError):
        project.annotation_path(name)
    with pytest.raises(ProjectError):
        project.save_annotations(_one_span_file(document, doc_id=name), Fingerprint(None))
    forged = Document.model_construct(**{**document.model_dump(), "id": name})
    with pytest.raises(ProjectError):
        project.add_documents([forged])
    with pytest.raises((ProjectError, ValueError)):
        project.load_annotations(forged)
    _assert_untouched(outside)
    assert not (project.root.parent / "x").exists() and not Path("/tmp/x.json").exists()


@pytest.mark.parametrize("name", [name for name in UNSAFE_NAMES if name])  # "" means "the default name"
def test_unsafe_annotator_names_are_refused(name: str, project: FolderProject, outside: Path) -> None:
    with pytest.raises(ProjectError):
        FolderProject.open(project.root, annotator=name)
    _assert_untouched(outside)


# --- symlinks ----------------------------------------------------------------------------------


def _save_first(project: FolderProject) -> None:
    document = project.load_document("first")
    annotations = AnnotationSet(document)
    AddSpan(span=annotations.make_span(0, 5, "actor")).apply(annotations)
    project.save_annotations(annotations.snapshot(project.annotator), Fingerprint(None))


def test_symlinked_annotator_folder_is_refused(project: FolderProject, outside: Path) -> None:
    (project.root / "annotations").mkdir()
    (project.root / "annotations" / ANNOTATOR).symlink_to(outside, target_is_directory=True)
    with pytest.raises(ProjectError, match="outside the project"):
        _save_first(project)
    with pytest.raises(ProjectError, match="outside the project"):
        project.load_annotations(project.load_document("first"))
    _assert_untouched(outside)


def test_symlinked_annotations_folder_is_refused(project: FolderProject, outside: Path) -> None:
    (project.root / "annotations").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ProjectError, match="outside the project"):
        _save_first(project)
    _assert_untouched(outside)


def test_symlinked_annotation_file_is_refused(project: FolderProject, outside: Path) -> None:
    target = outside / "victim.json"
    target.write_bytes(b"precious\n")
    before = tree_digest(outside)
    project.annotations_dir.mkdir(parents=True)
    (project.annotations_dir / "first.json").symlink_to(target)
    with pytest.raises(ProjectError, match="outside the project"):
        _save_first(project)
    with pytest.raises(ProjectError, match="outside the project"):
        project.save_annotations(_one_span_file(project.load_document("first")), Fingerprint.of_bytes(b"precious\n"))
    _assert_untouched(outside, before)


def test_symlinked_status_file_is_replaced_not_followed(project: FolderProject, outside: Path) -> None:
    from annotator.core.storage.folder import STATUS_FILE

    target = outside / "victim.json"
    target.write_bytes(b'{"first": "done"}')
    before = tree_digest(outside)
    project.annotations_dir.mkdir(parents=True)
    (project.annotations_dir / STATUS_FILE).symlink_to(target)
    project.close()
    with FolderProject.open(project.root, annotator=ANNOTATOR) as reopened:
        # The statuses behind the link are not believed ...
        assert reopened.status("first").value == "new"
        # ... and saving replaces the link instead of writing through it.
        _save_first(reopened)
        assert not (reopened.annotations_dir / STATUS_FILE).is_symlink()
    _assert_untouched(outside, before)


def test_symlinked_document_file_is_refused(project: FolderProject, outside: Path) -> None:
    target = outside / "first.json"
    target.write_bytes((project.root / "documents" / "first.json").read_bytes())
    before = tree_digest(outside)
    (project.root / "documents" / "first.json").unlink()
    (project.root / "documents" / "first.json").symlink_to(target)
    with pytest.raises(ProjectError, match="outside the project"):
        project.load_document("first")
    document = read_article(SEEDS / "000_d40578fe3dc4c4eb.txt", "first").document
    with pytest.raises(ProjectError):
        project.update_document(document)
    with pytest.raises(ProjectError, match="outside the project"):
        project.document_path("first")
    _assert_untouched(outside, before)


def test_symlinked_documents_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    FolderProject.create(root, annotator=ANNOTATOR).close()
    (root / "documents").symlink_to(outside, target_is_directory=True)
    with FolderProject.open(root, annotator=ANNOTATOR) as project:
        first, second = read_article(SEEDS / "000_d40578fe3dc4c4eb.txt", "first").document, read_article(SEEDS / "003_50cdf573a4cb5bb2.txt", "second").document
        with pytest.raises(ProjectError, match="outside the project"):
            project.add_documents([first, second])
    _assert_untouched(outside)


@pytest.mark.parametrize("link", ["annotations/alice", "documents"])
def test_open_never_deletes_outside_through_a_symlink(link: str, tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    make_project(root).close()
    victim = outside / ".someone-elses-draft.json.123.456.tmp"
    victim.write_bytes(b"not ours to delete")
    before = tree_digest(outside)
    target = root / link
    if target.exists():
        os.rename(target, tmp_path / "moved-away")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside, target_is_directory=True)
    try:
        FolderProject.open(root, annotator=ANNOTATOR).close()
    except ProjectError:
        pass  # refusing the project is fine too
    _assert_untouched(outside, before)


def test_catalog_symlinked_outside_is_not_followed(project: FolderProject, outside: Path) -> None:
    target = outside / "catalog.json"
    target.write_bytes((project.root / "catalog.json").read_bytes())
    before = tree_digest(outside)
    project.close()
    (project.root / "catalog.json").unlink()
    (project.root / "catalog.json").symlink_to(target)
    try:
        with FolderProject.open(project.root, annotator=ANNOTATOR) as reopened:
            _save_first(reopened)
    except ProjectError as error:
        assert "catalog.json" in str(error)
    _assert_untouched(outside, before)


def test_catalog_sources_symlinked_outside_are_not_followed(project: FolderProject, outside: Path) -> None:
    """The sources twin: the file outside is neither read (its values are not used) nor written, through the add that reads and writes it."""
    target = outside / "catalog-sources.json"
    sources = json.loads((project.root / "catalog-sources.json").read_bytes())
    target.write_text(json.dumps({**sources, "source_file": ["stolen.txt"] * len(sources["id"])}))
    before = tree_digest(outside)
    project.close()
    (project.root / "catalog-sources.json").unlink()
    (project.root / "catalog-sources.json").symlink_to(target)
    first, _second = seed_documents()
    try:
        with FolderProject.open(project.root, annotator=ANNOTATOR) as reopened:
            reopened.add_documents([first.model_copy(update={"id": "third"})])  # reads every source file, writes the catalog
            _save_first(reopened)
            assert [entry.source_file for entry in reopened.documents()] == [reopened.load_document(e.id).source_file for e in reopened.documents()]
            assert any("catalog-sources.json" in warning for warning in reopened.warnings), reopened.warnings
    except ProjectError as error:
        assert "catalog-sources.json" in str(error)
    _assert_untouched(outside, before)
    assert (project.root / "catalog-sources.json").is_symlink()  # left as it is: it could not be read


# --- network -------------------------------------------------------------------------------------


NETWORK_MODULES = {
    "socket",
    "ssl",
    "urllib",
    "http",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "webbrowser",
    "asyncio",
}
NETWORK_QT = {"QtNetwork", "QtWebEngineCore", "QtWebEngineWidgets", "QNetworkAccessManager", "QDesktopServices", "QWebEngineView"}
CODE_LOADERS = {"pickle", "cPickle", "marshal", "shelve", "dill", "yaml", "jsonpickle"}


def _imports() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found += [(path.name, node.module)] + [(path.name, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_source_imports_no_network_modules() -> None:
    imports = _imports()
    assert imports, "no imports found: wrong folder?"
    bad = [(file, name) for file, name in imports if name.split(".")[0] in NETWORK_MODULES or set(name.split(".")) & NETWORK_QT]
    assert bad == []
    text = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    for word in ("urlopen", "QNetworkAccessManager", "openUrl", "http.client", "import socket", "import requests"):
        assert word not in text


def test_source_never_loads_code_from_data() -> None:
    assert [(f, n) for f, n in _imports() if n.split(".")[0] in CODE_LOADERS] == []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not calls & {"eval", "exec", "compile", "__import__"}, path


def test_no_connection_during_import_open_save_and_cli(tmp_path: Path, no_network: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # The default workspace with the sample articles, then a folder of them, then the CLI.
    opened = open_path(None, annotator=ANNOTATOR)
    with opened.project as workspace:
        assert len(workspace) >= 2
        entry = workspace.documents()[0]
        document = workspace.load_document(entry.id)
        annotations = AnnotationSet(document)
        AddSpan(span=annotations.make_span(0, 5, "actor")).apply(annotations)
        workspace.save_annotations(annotations.snapshot(ANNOTATOR), workspace.load_annotations(document).fingerprint)
    source = tmp_path / "articles"
    source.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (source / seed.name).write_bytes(seed.read_bytes())
    (source / "page.html").write_text('<html><img src="http://example.invalid/a.png"><script src="https://example.invalid/x.js"></script></html>')
    (source / "remote.txt").write_text(
        'Read more: http://example.invalid/story\nOriginal URL: https://example.invalid/x\n<img src="http://example.invalid/b.png">\n'
    )
    with open_path(source, annotator=ANNOTATOR).project as imported:
        assert len(imported) >= 3
    project_root = tmp_path / "cli-project"
    assert cli_main(["import", str(source), "--project", str(project_root)]) == 1  # page.html is named and skipped
    assert cli_main(["validate", str(project_root)]) == 0
    assert cli_main(["info", str(project_root)]) == 0
    assert cli_main(["schema", "annotations"]) == 0
    capsys.readouterr()
    assert no_network == []


# --- project files are data ------------------------------------------------------------------------


class _Exploit:
    def __init__(self, canary: Path) -> None:
        self.canary = canary

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.canary}",))


PAYLOADS = {
    "pickle": lambda canary: pickle.dumps(_Exploit(canary)),
    "pickle-protocol-0": lambda canary: pickle.dumps(_Exploit(canary), protocol=0),
    "class-field": lambda canary: json.dumps({"schema_version": 1, "__class__": "os.system", "args": [f"touch {canary}"]}).encode(),
    "jsonpickle": lambda canary: json.dumps(
        {"py/object": "os.system", "py/reduce": [{"py/function": "os.system"}, {"py/tuple": [f"touch {canary}"]}]}
    ).encode(),
    "dotnet-type": lambda canary: json.dumps({"$type": "System.Diagnostics.Process", "schema_version": 1}).encode(),
    "yaml-tag": lambda canary: f"!!python/object/apply:os.system ['touch {canary}']".encode(),
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("where", ["annotations", "document", "project", "catalog"])
def test_code_payloads_are_rejected_as_data(payload, where: str, tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canary = outside / "CODE_RAN"
    root = tmp_path / "project"
    make_project(root).close()
    data = payload(canary)
    paths = {
        "annotations": root / "annotations" / ANNOTATOR / "first.json",
        "document": root / "documents" / "first.json",
        "project": root / "annotator-project.json",
        "catalog": root / "catalog.json",
    }
    paths[where].parent.mkdir(parents=True, exist_ok=True)
    paths[where].write_bytes(data)
    if where == "catalog":
        # A catalog is only an index: it is reported and rebuilt from the documents.
        with FolderProject.open(root, annotator=ANNOTATOR) as project:
            assert any("catalog.json could not be read" in warning for warning in project.warnings)
            assert len(project) == 2
    else:
        with pytest.raises(ProjectError) as raised:
            with FolderProject.open(root, annotator=ANNOTATOR) as project:
                project.load_annotations(project.load_document("first"))
        assert paths[where].name in str(raised.value)
    cli_main(["validate", str(root)])
    cli_main(["info", str(root)])
    capsys.readouterr()
    assert not canary.exists(), "data from a project file was executed"
    _assert_untouched(outside)
    if where != "catalog":  # a corrupt catalog is rebuilt by design
        assert paths[where].read_bytes() == data
