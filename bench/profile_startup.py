"""Where U1's cold start goes: the real start on B and its floor, side by side, stage by stage.

Usage::

    QT_QPA_PLATFORM=offscreen python bench/profile_startup.py [--runs 5]

Runs the two children of U1 (``startup.py``: ``annotator PROJECT`` on a project holding B, and the
floor's ``QPlainTextEdit``) ``--runs`` times each, plain for the CPU time to the paint, and again
under ``python -X importtime`` for what the imports cost, grouped by who owns the module (Python's
own start, Qt, pydantic and its dependencies, the rest of the standard library, annotator's core
and GUI). Beside them: how many Qt classes each child made Python types for, how many Python
enums PySide made (it makes a Qt namespace's enums all at once when the namespace is first
touched), and how many pydantic models and dataclasses annotator's modules define. Medians.

Not a benchmark: ``-X importtime`` adds its own overhead to every import; use ``run.py`` for
figures. The import column shows self times, so a group's figure is what its modules' bodies
cost, not what they import.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peer_docs import bench_docs, write_project  # noqa: E402
from startup import _APP, _FLOOR, child_env, start_child  # noqa: E402

# Run before the child's own script: counts the enums PySide makes (enum is loaded by Python's
# start already, so this imports nothing new) and, at exit, once the child has printed READY,
# what the start made: Qt classes with a Python type, annotator's pydantic models and dataclasses.
_COUNTING = """
import atexit as _atexit, enum as _enum, sys as _sys
_made = [0]
_create = _enum.EnumType._create_
def _counting_create(*args, **kwargs):
    _made[0] += 1
    return _create(*args, **kwargs)
_enum.EnumType._create_ = _counting_create
def _census():
    qt = {}
    for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"):
        module = _sys.modules.get(name)
        qt[name.split(".")[1]] = sum(isinstance(value, type) for value in vars(module).values()) if module else 0
    models = dataclasses = 0
    base = _sys.modules.get("pydantic").BaseModel if "pydantic" in _sys.modules else None
    for name, module in list(_sys.modules.items()):
        if not name.startswith("annotator"):
            continue
        for value in vars(module).values():
            if isinstance(value, type) and getattr(value, "__module__", None) == name:
                models += bool(base and issubclass(value, base))
                dataclasses += "__dataclass_fields__" in vars(value)
    fields = [qt["QtCore"], qt["QtGui"], qt["QtWidgets"], _made[0], models, dataclasses]
    print("CENSUS", *fields, sep="\\t", flush=True)
_atexit.register(_census)
"""

GROUPS = (
    "Python's own start (site, the editable install's finder)",
    "Qt (PySide6, shiboken6)",
    "pydantic and its dependencies",
    "the rest of the standard library",
    "other packages",
    "annotator.core",
    "annotator.gui and the launcher",
)
_QT = ("PySide6", "shiboken6", "shibokensupport", "signature_bootstrap")
_PYDANTIC = ("pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection")


def group_of(module: str, before_script: bool) -> str:
    top = module.split(".")[0]
    if before_script:
        return GROUPS[0]
    if top in _QT:
        return GROUPS[1]
    if top in _PYDANTIC:
        return GROUPS[2]
    if module.startswith("annotator.core"):
        return GROUPS[5]
    if top == "annotator":
        return GROUPS[6]
    if top in sys.stdlib_module_names or top.startswith("_"):
        return GROUPS[3]
    return GROUPS[4]


def import_self_times(stderr: str) -> dict[str, float]:
    """ms of module bodies per group from ``-X importtime`` lines (self times, microseconds).

    Python's start ends with ``site`` (its first import at depth 0 that is ``site``)."""
    totals: dict[str, float] = defaultdict(float)
    before_script = True
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|")
        module = name.strip()
        totals[group_of(module, before_script)] += int(self_us) / 1000
        if name.rstrip() == " site" and before_script:
            before_script = False
    return totals


def run_child(script: str, args: list[str], env: dict[str, str], *, importtime: bool) -> tuple[float, list[int], str]:
    """(CPU ms to the paint, census fields, stderr)."""
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", _COUNTING + script, *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    ready = [line.split("\t") for line in done.stdout.splitlines() if line.startswith("READY\t")]
    census = [line.split("\t")[1:] for line in done.stdout.splitlines() if line.startswith("CENSUS\t")]
    if done.returncode != 0 or not ready or not census:
        raise RuntimeError(f"start-up child failed (rc {done.returncode}): {done.stderr[-2000:]}")
    return float(ready[-1][-1]) * 1000, [int(field) for field in census[-1]], done.stderr


def _first_touch_of_qt_namespace(env: dict[str, str]) -> float:
    """CPU ms of the first ``QtCore.Qt`` in a fresh process: PySide makes the namespace's enums then
    (annotator's modules touch it at import; the floor never does)."""
    script = "import time, PySide6.QtCore as core\nbegan = time.process_time()\ncore.Qt\nprint(1000 * (time.process_time() - began))"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=True)
    return float(done.stdout.strip())


def _profile(tmp: Path, runs: int) -> None:
    docs = bench_docs()
    root = tmp / "project"
    write_project(root, {"B": docs["B"]})
    text_file = tmp / "B.txt"
    text_file.write_text(docs["B"][0], encoding="utf-8")
    env = child_env(tmp)
    # The view's size and font for the floor, as U1 takes them (and the bytecode cache written).
    _, shown = start_child(_APP, [str(root)], env)
    children = {"annotator": (_APP, [str(root)]), "floor": (_FLOOR, [str(text_file), *shown[1:4]])}
    cpu: dict[str, list[float]] = defaultdict(list)
    traced_cpu: dict[str, list[float]] = defaultdict(list)
    groups: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in children}
    census: dict[str, list[int]] = {}
    for _ in range(runs):
        for name, (script, child_args) in children.items():
            spent, census[name], _ = run_child(script, child_args, env, importtime=False)
            cpu[name].append(spent)
            spent, _, stderr = run_child(script, child_args, env, importtime=True)
            traced_cpu[name].append(spent)
            for group, value in import_self_times(stderr).items():
                groups[name][group].append(value)

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else 0.0

    print(f"U1 on B ({len(docs['B'][0]):,} chars, {len(docs['B'][1]):,} spans), medians of {runs} starts each, CPU ms of the child")
    print(f"{'':66s} {'annotator':>10s} {'floor':>8s}")
    print(f"{'CPU to the paint':66s} {median(cpu['annotator']):10.1f} {median(cpu['floor']):8.1f}")
    print(f"{'CPU to the paint under -X importtime':66s} {median(traced_cpu['annotator']):10.1f} {median(traced_cpu['floor']):8.1f}")
    imported = {name: 0.0 for name in children}
    for group in GROUPS:
        values = {name: median(groups[name][group]) for name in children}
        for name in children:
            imported[name] += values[name]
        print(f"  imports, {group:55s} {values['annotator']:10.1f} {values['floor']:8.1f}")
    print(f"  {'all imports':64s} {imported['annotator']:10.1f} {imported['floor']:8.1f}")
    rest = {name: median(traced_cpu[name]) - imported[name] for name in children}
    print(f"  {'not imports: the window built, B read and checked, the paints':64s} {rest['annotator']:10.1f} {rest['floor']:8.1f}")
    labels = ("Qt classes with a Python type: QtCore", "QtGui", "QtWidgets", "enums PySide made", "annotator's pydantic models", "annotator's dataclasses")
    for label, mine, floor in zip(labels, census["annotator"], census["floor"], strict=True):
        print(f"{label:66s} {mine:10d} {floor:8d}")
    namespace = [_first_touch_of_qt_namespace(env) for _ in range(runs)]
    print(f"{'first touch of QtCore.Qt in a fresh process (its enums made at once)':66s} {median(namespace):10.1f} {'-':>8s}")
    over = median(cpu["annotator"]) - 2 * median(cpu["floor"])
    print(f"U1's target (2x the floor) needs {max(over, 0.0):.0f} ms less CPU ({median(cpu['annotator']) / median(cpu['floor']):.2f}x now)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="starts of each child, plain and under -X importtime (default 5)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="annotator-profile-start-"))
    try:
        _profile(tmp, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
