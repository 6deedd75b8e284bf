"""The wheel must carry every package and the sample articles."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(path.parent.relative_to(REPO).parts) for path in (REPO / "annotator").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    assert config["package-dir"]["annotator._seeds"] == "seeds"


def test_installed_copy_finds_the_sample_articles() -> None:
    from annotator.core.workspace import sample_articles_dir

    names = sorted(path.name for path in sample_articles_dir().glob("*.txt"))
    assert names == sorted(path.name for path in (REPO / "seeds").glob("*.txt"))
