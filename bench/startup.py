"""U1 cold start: a fresh process, ``annotator PROJECT``, to the first article painted with its spans.

The floor is a fresh Python process that imports Qt and shows the same text in
a ``QPlainTextEdit`` of the article view's size and font, painted. Both children
print a monotonic time stamp once the paint is done; the parent takes the time
before it starts them. The first of the series of starts warms the page cache
and is not counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from harness import ANNOTATOR, Context, Result, median, ms
from peer_docs import PEER_FIGURES, write_project

# The real program, exactly as `annotator PROJECT` starts it: the child imports nothing before the
# launcher (the program loads its core before Qt, and pauses the collector first), and only wraps
# QApplication.exec, once Qt's widgets are loaded (an audit hook sees the next import), so that a
# zero timer runs once the event loop is up (the window shown); then the pending paints run and the
# view is painted once more.
_APP = textwrap.dedent(
    """
    import sys, time
    def ready():
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        app.processEvents()
        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
        window.view.viewport().repaint()
        window.span_table.viewport().repaint()
        stamp = time.clock_gettime(time.CLOCK_MONOTONIC)
        rows = window.span_model.rowCount() if window.session else -1
        size = window.view.viewport().size()
        print("READY", stamp, rows, size.width(), size.height(), window.view.font().toString(), time.process_time(), sep="\\t", flush=True)
        app.quit()
    wrapped = []
    def on_import(event, args):
        if wrapped or event != "import" or "PySide6.QtWidgets" not in sys.modules:
            return
        wrapped.append(True)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        run = QApplication.exec
        def exec_(*_args):
            QTimer.singleShot(0, ready)
            return run()
        QApplication.exec = exec_
    sys.addaudithook(on_import)
    from annotator.launcher import main
    sys.exit(main([sys.argv[1]]))
    """
)
_FLOOR = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QPlainTextEdit
    app = QApplication(sys.argv[:1])
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    font = QFont()
    font.fromString(sys.argv[4])
    edit.setFont(font)
    edit.setPlainText(open(sys.argv[1], encoding="utf-8").read())
    edit.resize(int(sys.argv[2]) + 2 * edit.frameWidth(), int(sys.argv[3]) + 2 * edit.frameWidth())
    edit.show()
    def ready():
        app.processEvents()
        edit.viewport().repaint()
        print("READY", time.clock_gettime(time.CLOCK_MONOTONIC), 0, time.process_time(), sep="\\t", flush=True)
        app.quit()
    QTimer.singleShot(0, ready)
    sys.exit(app.exec())
    """
)


def start_child(script: str, args: list[str], env: dict[str, str]) -> tuple[float, list[str]]:
    """Seconds from the start to the child's READY, and the fields it printed after the time stamp
    (the last: the child's own CPU seconds by then, ``time.process_time()``)."""
    begin = time.clock_gettime(time.CLOCK_MONOTONIC)
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=180)
    ready = [line for line in done.stdout.splitlines() if line.startswith("READY\t")]
    if done.returncode != 0 or not ready:
        raise RuntimeError(f"start-up child failed (rc {done.returncode}): {done.stderr[-2000:]}")
    fields = ready[-1].split("\t")
    return float(fields[1]) - begin, fields[2:]


def child_env(tmp: Path) -> dict[str, str]:
    """The environment both children start in, with their data folder and bytecode cache under ``tmp``."""
    # getpass.getuser() reads LOGNAME first: the child opens the annotations the bench wrote.
    env = dict(os.environ, ANNOTATOR_HOME=str(tmp / "u1-home"), LOGNAME=ANNOTATOR, USER=ANNOTATOR)
    # An installed program has its bytecode compiled; this checkout may not (PYTHONDONTWRITEBYTECODE):
    # the untimed first start of each series writes it to a cache of the bench's own.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]))
    return env


def scenario_u1(ctx: Context) -> list[Result]:
    docs, note = ctx.peers()
    env = child_env(ctx.tmp)
    results = []
    for name in ctx.sizes.u1_docs:
        root = ctx.tmp / f"u1-{name}"
        write_project(root, {name: docs[name]})
        text_file = ctx.tmp / f"u1-{name}.txt"
        text_file.write_text(docs[name][0], encoding="utf-8")
        _, shown = start_child(_APP, [str(root)], env)  # warm-up, and the view's size and font for the floor
        rows, width, height, font = int(shown[0]), shown[1], shown[2], shown[3]
        if rows != len(docs[name][1]):
            raise RuntimeError(f"U1 {name}: the span list shows {rows} rows, not {len(docs[name][1])}")
        floor_args = [str(text_file), width, height, font]
        start_child(_FLOOR, floor_args, env)
        values, floors, cpu, floor_cpu = [], [], [], []
        for _ in range(ctx.sizes.u1_reps):
            elapsed, fields = start_child(_FLOOR, floor_args, env)
            floors.append(elapsed)
            floor_cpu.append(float(fields[-1]))
            elapsed, fields = start_child(_APP, [str(root)], env)
            values.append(elapsed)
            cpu.append(float(fields[-1]))
        value, floor = ms(median(values)), ms(median(floors))
        peers = ", ".join(f"{peer} {figure}" for peer, figure in PEER_FIGURES[name].items())
        target, passed = ("-", None)
        if name == "B":
            target, passed = "<= 2x floor and < 400 ms", value <= 2 * floor and value < 400
        results.append(
            Result(
                f"U1_{name}",
                f"cold start `annotator PROJECT` to {name} painted ({len(docs[name][0]):,} chars, {rows:,} spans, span list filled)",
                value,
                floor,
                "ms",
                target,
                passed,
                note=f"median of {ctx.sizes.u1_reps}; floor: fresh Python + Qt showing the text in a {width}x{height} QPlainTextEdit; "
                # The wall time also counts waiting for a core on a shared machine; the child's own CPU time does not.
                f"CPU time of the child to the paint {ms(median(cpu)):.0f} ms, floor {ms(median(floor_cpu)):.0f} ms; peers: {peers}"
                + (f"; {note}" if note else ""),
            )
        )
    return results


SCENARIOS = [("U1", scenario_u1)]
