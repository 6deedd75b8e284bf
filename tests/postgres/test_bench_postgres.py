"""The PostgreSQL benchmark runs end to end at a reduced size. No timing is asserted: only that it works and loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.postgres.server import PostgresServer


def test_quick_postgres_benchmark_reports_every_figure(pg_server: PostgresServer, tmp_path: Path) -> None:
    out = tmp_path / "pg.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "postgres_bench.py"), "--quick", "--seconds", "2", "--json", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = {row["key"]: row for row in json.loads(out.read_text())["results"]}
    assert set(results) == {"P1_save", "P2_open", "P2_project", "P3_coders"}
    assert all(results[key]["postgres_ms"] > 0 and results[key]["folder_ms"] > 0 for key in ("P1_save", "P2_open", "P2_project"))
    coders = results["P3_coders"]
    assert coders["saves"] > 0 and coders["lost_rows"] == 0 and coders["corrupted_rows"] == 0
