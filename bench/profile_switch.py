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
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Gui, show_every_panel  # noqa: E402
from peer_docs import bench_docs, write_project  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--first", action="store_true", help="profile the first switch to B instead of the cached one")
    parser.add_argument("--panels", action="store_true", help="every panel on screen, as in U2")
    parser.add_argument("--cpu", action="store_true", help="the GUI thread's CPU time beside the wall time")
    parser.add_argument("--lines", type=int, default=25)
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
        profile = cProfile.Profile()

        def switch(doc_id: str, profiled: bool) -> str:
            begin, cpu = time.perf_counter(), time.thread_time()
            if profiled:
                profile.enable()
            window.document_table.selectRow(window.document_model.row_of(doc_id))
            gui.app.processEvents()
            window.view.viewport().repaint()
            window.span_table.viewport().repaint()
            if profiled:
                profile.disable()
            wall, cpu = (time.perf_counter() - begin) * 1000, (time.thread_time() - cpu) * 1000
            gui.settle()
            return f"{wall:.1f} ms" + (f" (CPU {cpu:.1f} ms)" if args.cpu else "")

        print(f"to B, first time: {switch('B', args.first)}")
        print(f"to A (cached):    {switch('A', False)}")
        print(f"to B (cached):    {switch('B', not args.first)}")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.lines)
        gui.close_window(window)
    finally:
        gui.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
