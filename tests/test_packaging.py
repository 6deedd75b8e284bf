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


def test_pyside_6_12_0_is_excluded_before_python_3_12() -> None:
    from packaging.requirements import Requirement

    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pyside = [Requirement(d) for d in dependencies if d.lower().startswith("pyside6")]
    for_311 = [r for r in pyside if r.marker is None or r.marker.evaluate({"python_version": "3.11"})]
    assert for_311 and all(not r.specifier.contains("6.12.0") for r in for_311)
    assert all(r.specifier.contains("6.11.3") for r in for_311)
