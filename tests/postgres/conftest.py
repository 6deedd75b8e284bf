"""One PostgreSQL server for the whole test session; a fresh database per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.postgres.server import PostgresServer, why_unavailable

_numbers = itertools.count()

try:
    import psycopg  # noqa: F401
except ImportError:  # the postgres extra is missing: the modules here cannot even be imported
    collect_ignore_glob = ["test_*.py"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "collect_ignore_glob" in globals():
        terminalreporter.write_line("PostgreSQL tests skipped: psycopg is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    problem = why_unavailable()
    if problem:
        pytest.skip(f"PostgreSQL tests skipped: {problem}")
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """The URL of an empty project space of its own (a schema, chosen in the URL as a coder would)."""
    if not pg_server.running:  # a test that stopped the server and failed before restarting it
        pg_server.start()
    return pg_server.create_schema(f"test_{next(_numbers)}")
