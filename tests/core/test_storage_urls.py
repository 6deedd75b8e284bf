"""A folder or a postgresql:// URL: how what the user typed picks the store (no server needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.core.storage import ProjectError, is_database_url, open_project, project_exists
from annotator.core.workspace import as_location


def test_urls_stay_text_and_the_rest_are_paths() -> None:
    assert is_database_url("postgresql://maria@db:5432/corpus") and is_database_url("postgres://db/corpus")
    assert not is_database_url("corpus") and not is_database_url(Path("postgresql:/x"))
    assert as_location("postgresql://maria@db:5432/corpus") == "postgresql://maria@db:5432/corpus"
    assert as_location("projects/corpus") == Path("projects/corpus")


def test_a_missing_driver_is_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgres extra were not installed
    monkeypatch.delitem(sys.modules, "annotator.core.storage.postgres", raising=False)
    with pytest.raises(ProjectError, match=r"needs psycopg.*pip install 'annotator\[postgres\]'"):
        open_project("postgresql://maria@127.0.0.1:1/corpus")
    with pytest.raises(ProjectError, match="needs psycopg"):
        project_exists("postgresql://maria@127.0.0.1:1/corpus")


def test_the_launcher_hands_a_url_to_the_window_unchanged(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import annotator.gui.app as app
    from annotator import launcher

    monkeypatch.chdir(tmp_path)
    (tmp_path / "some" / "folder").mkdir(parents=True)  # a path that exists; a missing one is answered on stderr
    seen: list[object] = []
    monkeypatch.setattr(app, "run_gui", lambda location, annotator=None, **_: seen.append(location) or 0)
    assert launcher.main(["postgresql://maria@db:5432/corpus"]) == 0
    assert launcher.main(["some/folder"]) == 0
    assert seen == ["postgresql://maria@db:5432/corpus", Path("some/folder")]


def test_only_the_postgres_backend_talks_to_a_server() -> None:
    """The program opens no connection of its own accord: only storage/postgres.py holds a database driver,
    and it connects only to the server the user named (the rest of the no-network rules: tests/faults/test_security.py)."""
    from tests.test_architecture import PACKAGE, imported_modules

    users = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(module.split(".")[0] in {"psycopg", "psycopg2", "asyncpg", "pg8000"} for _, module in imported_modules(path))
    )
    assert users == ["core/storage/postgres.py"]
