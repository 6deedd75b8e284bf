"""The user's data folder: ANNOTATOR_HOME when set, else platformdirs' answer for this platform
(imported only then: core/data_dir.py)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from annotator.core.data_dir import DATA_DIR_VARIABLE, data_dir


def test_annotator_home_names_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home"


def test_without_it_the_folder_is_the_platforms_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))  # where Linux puts it; other platforms ignore it
    assert data_dir() == platformdirs.user_data_path("annotator", appauthor=False)
    assert data_dir().name == "annotator"
