"""cProfile of switching to B in the real window: what dominates the open/switch path.

Usage::

    python bench/profile_switch.py [--first] [--panels] [--cpu] [--lines 25]

Builds a project holding A and B (``peer_docs``), opens the window, switches
A -> B (first time), B -> A, A -> B (cached), and prints the times and the
profile of the cached switch (``--first``: of the first one). ``--panels`` shows
every panel first, as U2 does (Actors and Checks floated beside the window).
``--cpu`` prints the GUI thread's CPU time beside each wall time: on a shared
machine the wall time also counts waiting for a core. Not a benchmark: the
profiler slows Python code several times; use ``run.py`` for figures.

``--callgrind`` instead runs the profiled switch inside ``operator.call`` and no
cProfile, for a count of instructions that does not depend on the machine's load::

    QT_QPA_PLATFORM=offscreen PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \
        --toggle-collect=_operator_call python bench/profile_switch.py --first --panels --callgrind

Instrumentation is switched on (``callgrind_control -i on``) once the window has
finished what it does in the background on the first article, as U2 waits for it.
"""

from __future__ import annotations

import argparse
import cProfile
import operator
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Gui, show_every_panel, wait_until_quiet  # noqa: E402
from peer_docs import bench_docs, write_project  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--first", action="store_true", help="profile the first switch to B instead of the cached one")
    parser.add_argument("--panels", action="store_true", help="every panel on screen, as in U2")
    parser.add_argument("--cpu", action="store_true", help="the GUI thread's CPU time beside the wall time")
    parser.add_argument("--lines", type=int, default=25)
    parser.add_argument("--callgrind", action="store_true", help="run the profiled switch inside operator.call for callgrind (see above), no cProfile")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="annotator-profile-"))
    gui = Gui()
    try:
        docs = bench_docs()
        root = tmp / "project"
        write_project(root, {"A": docs["A"], "B": docs["B"]})
        window = gui.open_window(root)
        gui.settle()
        if args.panels:
            show_every_panel(gui, window)
        if args.callgrind:
            window.document_table.selectRow(window.document_model.row_of("A"))
            gui.settle()
            wait_until_quiet(gui, window)  # as U2: the mention count and the suggestion run have landed
            # Fails where the process does not run under callgrind: nothing would be counted.
            subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
        profile = cProfile.Profile()

        def switch(doc_id: str, profiled: bool) -> str:
            begin, cpu = time.perf_counter(), time.thread_time()

            def steps() -> None:
                window.document_table.selectRow(window.document_model.row_of(doc_id))
                gui.app.processEvents()
                window.view.viewport().repaint()
                window.span_table.viewport().repaint()

            if profiled and args.callgrind:
                operator.call(steps)
            elif profiled:
                profile.enable()
                steps()
                profile.disable()
            else:
                steps()
            wall, cpu = (time.perf_counter() - begin) * 1000, (time.thread_time() - cpu) * 1000
            gui.settle()
            return f"{wall:.1f} ms" + (f" (CPU {cpu:.1f} ms)" if args.cpu else "")

        print(f"to B, first time: {switch('B', args.first)}")
        print(f"to A (cached):    {switch('A', False)}")
        print(f"to B (cached):    {switch('B', not args.first)}")
        if not args.callgrind:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.lines)
        gui.close_window(window)
    finally:
        gui.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
