"""The benchmark runs end to end at reduced size. No timing is asserted here: only that it works."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The user-path scenarios (U1-U5, on the real window) and the component ones kept beside them.
SCENARIOS = ["U1_B", "U2_B", "U2_B_cached", "U3_B", "U3_B_idle", "U4", "U5", "U5_growth", "S1", "S1_small", "S2", "S2_paragraph", "S4", "S4_ui_block", "S6"]


def test_quick_benchmark_reports_every_scenario(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--json", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    for key in SCENARIOS:
        assert key in results, f"{key} missing from {sorted(results)}"
        value = results[key]["value"]
        if key == "S6" and value is None:  # the date normaliser may not be there yet
            continue
        assert isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value), (key, value)
