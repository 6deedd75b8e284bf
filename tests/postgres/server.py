"""A throw-away PostgreSQL server for the tests and the benchmark (no tests here).

It uses the server binaries installed on the machine (Debian's ``postgresql-NN``
packages put them in ``/usr/lib/postgresql/NN/bin``), in a fresh data folder
under ``/tmp``, listening on 127.0.0.1 and a free port only, with trust
authentication for local connections. PostgreSQL refuses to run as root, so
when we are root every server command runs as the ``postgres`` user
(``runuser``), and the folder is made its own.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"
PREFERRED_VERSION = "15"


def find_bin_dir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: version 15 first, then any other, then the PATH."""
    root = Path("/usr/lib/postgresql")
    candidates = sorted(root.glob("*/bin"), key=lambda p: (p.parent.name != PREFERRED_VERSION, p.parent.name)) if root.is_dir() else []
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    found = shutil.which("pg_ctl")
    if found and (Path(found).parent / "initdb").is_file():
        return Path(found).parent
    return None


def why_unavailable() -> str | None:
    """Why no server can be started here, or None."""
    if find_bin_dir() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on this machine: install postgresql-15"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One server: ``start``, ``stop`` (``immediate=True``: as if it crashed), ``url``, ``create_database``."""

    def __init__(self) -> None:
        problem = why_unavailable()
        if problem:
            raise RuntimeError(problem)
        self.bin_dir = find_bin_dir()
        assert self.bin_dir is not None
        # Under /tmp and not the test's tmp_path: the server user must be able to reach it.
        self.root = Path(tempfile.mkdtemp(prefix="annotator-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            entry = pwd.getpwnam(SERVER_USER)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o700)
        self._command("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        self.running = False

    def _command(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        if self._as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.root, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} -c max_connections=60 -c shared_buffers=32MB"
        self._command("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options)
        self.running = True

    def stop(self, *, immediate: bool = False) -> None:
        """``immediate``: every server process is killed at once, no checkpoint; the next start runs crash recovery."""
        self._command("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", "immediate" if immediate else "fast")
        self.running = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema(self, name: str, database: str = "postgres") -> str:
        """A URL whose tables live in a schema of their own (libpq's ``options``): lighter than a database per test."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url(database)}?options=-csearch_path%3D{name}"

    def log_tail(self, size: int = 3000) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def remove(self) -> None:
        if self.running:
            try:
                self.stop(immediate=True)
            except RuntimeError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)
