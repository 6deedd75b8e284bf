"""The launcher's stand-in for pydantic's plugin loader: the same answer (no plugins) without
importing ``importlib.metadata`` when every plugin is disabled, pydantic's own loader otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

_PROBE = """
import sys
from annotator.launcher import _skip_plugin_discovery
_skip_plugin_discovery()
from annotator.core.model import Span
span = Span.model_validate({"id": "s1", "start": 0, "end": 3, "label": "actor", "text": "abc"})
from pydantic.plugin._loader import get_plugins
print(span.text, "importlib.metadata" in sys.modules, list(get_plugins()))
"""


def _probe(plugins: str | None) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.strip()


def test_with_plugins_disabled_models_work_and_no_package_metadata_is_read() -> None:
    assert _probe("__all__") == "abc False []"


def test_a_user_who_enables_plugins_gets_pydantics_own_loader() -> None:
    assert _probe(None) == "abc True []"  # the real loader looked for entry points (none installed)


def test_anything_else_asked_of_the_stand_in_comes_from_pydantics_own_loader() -> None:
    probe = (
        "import sys\nfrom annotator.launcher import _skip_plugin_discovery\n_skip_plugin_discovery()\n"
        "from annotator.core.model import Span\nstand_in = sys.modules['pydantic.plugin._loader']\n"
        "print(stand_in.PYDANTIC_ENTRY_POINT_GROUP, sys.modules['pydantic.plugin._loader'].__file__.endswith('_loader.py'))"
    )
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "pydantic True"  # a name only pydantic's loader has; then the real loader is the module
