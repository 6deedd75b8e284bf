"""bench/suggest_corpus.py runs end to end on a small corpus. No timing is asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_corpus_benchmark_reports_articles_mb_seconds_and_rate() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "suggest_corpus.py"), "--articles", "30"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["articles"] == 30 and report["unreadable"] == 0 and report["progress_calls"] == 30
    assert report["MB"] > 0 and report["seconds"] > 0 and report["MB_per_s"] > 0 and report["suggestions"] > 30
    assert report["stored_MB"] > 0 and report["floor_read_seconds"] > 0
    window = report["window"]  # one rejection's store and the shown document's load, now and before
    assert window["documents_with_pending"] == 30 and window["whole_state_before"]["file_MB"] > 0
    assert window["per_document"]["reject_one_ms"] > 0 and window["per_document"]["load_shown_ms"] > 0
