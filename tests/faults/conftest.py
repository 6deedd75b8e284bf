"""Fixtures of the fault tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults._support import copy_project, make_project, save_span


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every outgoing connection (and name lookup) fail loudly; yields the attempts.

    The attempts are also recorded, so code that swallows the exception still fails the test.
    """
    attempts: list[str] = []

    def refuse(what: str):
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(f"{what}{args!r}")
            raise OSError(f"network access attempted in a test: {what}{args!r}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    yield attempts
    assert attempts == [], f"the program tried to use the network: {attempts}"


# --- a project to spoil (the bad-input tests) ---------------------------------------------------


@pytest.fixture(scope="module")
def spoil_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Documents ``first`` and ``second``; alice has valid annotations of ``second``."""
    root = tmp_path_factory.mktemp("template") / "project"
    with make_project(root) as project:
        save_span(project, "second", 0, 7)
    return root


@pytest.fixture
def project_root(spoil_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``spoil_template`` for one test to spoil."""
    return copy_project(spoil_template, tmp_path / "project")
