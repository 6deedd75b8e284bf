"""bench/profile_startup.py: the import groups it reads from ``-X importtime``, and one run end to end
where the peers' documents are beside the checkout. No timing is asserted here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import profile_startup  # noqa: E402
from peer_docs import BENCH_DOCS  # noqa: E402

IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       120 |        120 |   encodings.utf_8
import time:      1000 |       1500 |   pathlib
import time:      2000 |       3620 | site
import time:       400 |        400 |     re._parser
import time:      3000 |       3400 |   enum
import time:      5000 |       5000 |     pydantic_core._pydantic_core
import time:      7000 |      12000 |   pydantic
import time:      9000 |      21000 | annotator.core.model
import time:     11000 |      11000 |     shibokensupport.signature.loader
import time:     13000 |      24000 | PySide6.QtCore
import time:       500 |        500 |   orjson
import time:     17000 |      17500 | annotator.gui.main_window
some other line the child printed
"""


def test_self_times_are_grouped_by_owner_and_pythons_start_ends_with_site() -> None:
    groups = profile_startup.import_self_times(IMPORTTIME)
    start, qt, pydantic, stdlib, other, core, gui = profile_startup.GROUPS
    # re._parser and enum come after site: the script's, not Python's own start.
    assert groups == pytest.approx({start: 3.12, stdlib: 3.4, pydantic: 12.0, core: 9.0, qt: 24.0, other: 0.5, gui: 17.0})


@pytest.mark.skipif(not (BENCH_DOCS / "B.txt").is_file(), reason=f"the peers' documents are not in {BENCH_DOCS}")
def test_one_run_prints_every_stage_and_the_census() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "profile_startup.py"), "--runs", "1"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for group in profile_startup.GROUPS:
        assert any(group in line for line in lines), group
    census = {line[:66].strip(): line[66:].split() for line in lines if "pydantic models" in line or "enums PySide made" in line}
    mine, floor = (int(value) for value in census["annotator's pydantic models"])
    assert mine > 10 and floor == 0  # the floor imports no pydantic; the window's start builds the models
    assert int(census["enums PySide made"][0]) > int(census["enums PySide made"][1]) > 0
    assert "U1's target (2x the floor)" in lines[-1]
