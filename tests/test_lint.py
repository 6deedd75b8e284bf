"""The code stays free of unused imports, undefined names and common bugs, and formatted."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

FOLDERS = ["annotator", "tests", "bench", "docs"]


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", *FOLDERS], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_code_is_formatted() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", *FOLDERS], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
