"""cProfile of switching to B in the real window: what dominates the open/switch path.

Usage::

    python bench/profile_switch.py [--first] [--lines 25]

Builds a project holding A and B (``peer_docs``), opens the window, switches
A -> B (first time), B -> A, A -> B (cached), and prints the times and the
profile of the cached switch (``--first``: of the first one). Not a benchmark:
the profiler slows Python code several times; use ``run.py`` for figures.
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

from harness import Gui  # noqa: E402
from peer_docs import bench_docs, write_project  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--first", action="store_true", help="profile the first switch to B instead of the cached one")
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
        profile = cProfile.Profile()

        def switch(doc_id: str, profiled: bool) -> float:
            begin = time.perf_counter()
            if profiled:
                profile.enable()
            window.document_table.selectRow(window.document_model.row_of(doc_id))
            gui.app.processEvents()
            window.view.viewport().repaint()
            window.span_table.viewport().repaint()
            if profiled:
                profile.disable()
            return (time.perf_counter() - begin) * 1000

        print(f"to B, first time: {switch('B', args.first):.1f} ms")
        print(f"to A (cached):    {switch('A', False):.1f} ms")
        print(f"to B (cached):    {switch('B', not args.first):.1f} ms")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.lines)
        gui.close_window(window)
    finally:
        gui.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
