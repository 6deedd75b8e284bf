"""Architecture rules: the core and the CLI never touch Qt, and project files are data only."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "annotator"
QT_FREE = [PACKAGE / "core", PACKAGE / "cli"]
FORBIDDEN_IMPORTS = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "annotator.gui")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports, relative imports resolved, plus string arguments of import_module/__import__."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in {"import_module", "__import__"}:
                found.append((node.lineno, node.args[0].value))
    return found


def forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN_IMPORTS)


def qt_free_sources() -> list[Path]:
    return sorted(path for folder in QT_FREE for path in folder.rglob("*.py"))


def lint_imports(config: Path, cwd: Path = REPO, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "lint-imports"
    assert command.exists(), "import-linter is a test dependency (pip install -e .[test])"
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(command), str(config), "--no-cache", "--no-logo"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_import_linter_contract_holds() -> None:
    result = lint_imports(REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core and the CLI never import Qt or the GUI KEPT" in result.stdout
    assert "1 kept, 0 broken" in result.stdout


def test_import_linter_contract_catches_a_qt_import(tmp_path: Path) -> None:
    """The same contract, run over a copy of the package with one Qt import added, must break."""
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "annotator" / "core" / "atomic.py").open("a", encoding="utf-8") as handle:
        handle.write("\nimport PySide6.QtCore\n")
    result = lint_imports(REPO / "pyproject.toml", cwd=copy, pythonpath=copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "annotator.core.atomic -> PySide6" in result.stdout


def test_core_and_cli_never_import_qt_or_the_gui() -> None:
    sources = qt_free_sources()
    assert len(sources) >= 10  # the walk really found the code
    offences = [f"{path.relative_to(REPO)}:{line}: {module}" for path in sources for line, module in imported_modules(path) if forbidden(module)]
    assert offences == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from PySide6.QtCore import QObject", "PySide6.QtCore"),
        ("import PySide6", "PySide6"),
        ("from ..gui import app", "annotator.gui"),
        ("from annotator.gui.session import Session", "annotator.gui.session"),
        ("import importlib\nimportlib.import_module('PySide6.QtWidgets')", "PySide6.QtWidgets"),
    ],
)
def test_the_import_check_catches_each_form(source: str, expected: str) -> None:
    probe = PACKAGE / "core" / "probe.py"  # never written: only its place in the package matters
    modules = [module for _, module in imported_modules(probe, source)]
    assert expected in modules and any(forbidden(module) for module in modules)


# Anything that could run code while reading a file: project files must stay plain data.
UNSAFE_PATTERNS = {
    "pickle": re.compile(r"\b(c?pickle|dill|shelve|jsonpickle)\b"),
    "yaml.load": re.compile(r"\byaml\.(unsafe_)?load(_all)?\s*\("),
    "marshal": re.compile(r"\bmarshal\b"),
    # Builtin eval/exec only: Qt's ``dialog.exec()`` is a method, not code execution.
    "eval/exec": re.compile(r"(?<![\w.])(eval|exec)\s*\("),
}


def unsafe_uses(text: str) -> list[str]:
    return [name for name, pattern in UNSAFE_PATTERNS.items() if pattern.search(text)]


def test_project_files_are_data_only() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert any(path.name == "folder.py" and path.parent.name == "storage" for path in sources)
    offences = {str(path.relative_to(REPO)): found for path in sources if (found := unsafe_uses(path.read_text(encoding="utf-8")))}
    assert offences == {}


def test_no_builtin_eval_or_exec_calls() -> None:
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"eval", "exec", "compile", "__import__"}:
                calls.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.func.id}")
    assert calls == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("import pickle", ["pickle"]),
        ("data = yaml.load(stream)", ["yaml.load"]),
        ("value = eval(expression)", ["eval/exec"]),
        ("exec (code)", ["eval/exec"]),
        ("import marshal", ["marshal"]),
        ("code = app.exec()", []),
        ("data = yaml.safe_load(stream)", []),
        ("retrieval(x)", []),
    ],
)
def test_the_data_only_check_catches_each_form(text: str, found: list[str]) -> None:
    assert unsafe_uses(text) == found


def test_only_the_storage_package_knows_its_backends() -> None:
    """The window, the CLI and the rest of the core hold a ProjectStore, never a backend."""
    storage = PACKAGE / "core" / "storage"
    backends = {f"annotator.core.storage.{path.stem}" for path in storage.glob("*.py") if path.stem not in {"__init__", "base", "records"}}
    assert "annotator.core.storage.folder" in backends
    offenders = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.is_relative_to(storage)
        for line, module in imported_modules(path)
        if any(module == backend or module.startswith(backend + ".") for backend in backends)
    ]
    assert offenders == []
