"""U5 memory: peak RSS of a fresh window process after opening A, B and C, and after 100 more articles in turn.

Run in a child process so that nothing the other scenarios allocated counts.
The 100 more are generated (20,000 characters, 400 spans each). Peak is the
kernel's high-water mark (``ru_maxrss``); psutil gives the resident size now.
Needs psutil (the test extra); without it the row says how to install it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from harness import ANNOTATOR, PSUTIL_HINT, Context, Result, generated_doc
from peer_docs import PEER_MEMORY, write_project

_CHILD = textwrap.dedent(
    """
    import json, resource, sys
    from concurrent.futures import ThreadPoolExecutor
    try:
        import psutil
    except ImportError:
        print(json.dumps({"psutil": False}))
        sys.exit(0)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from annotator.core.storage import open_project
    from annotator.core.workspace import OpenedProject
    from annotator.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    process = psutil.Process()

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

    with ThreadPoolExecutor(max_workers=1) as executor:
        window = MainWindow(OpenedProject(open_project(sys.argv[1], annotator=sys.argv[2])), executor)
        window.show()
        order = json.loads(sys.argv[3])
        marks = {}
        for number, doc_id in enumerate(order, 1):
            window.document_table.selectRow(window.document_model.row_of(doc_id))
            # A real turn of the event loop, as the running program has: it also runs the
            # deferred deletes (deleteLater) of the documents the window closed.
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()
            window.view.viewport().repaint()
            window.span_table.viewport().repaint()
            if number in (3, len(order)):
                marks[number] = {"peak": peak_mb(), "rss": process.memory_info().rss / 1e6, "sessions": len(window._sessions)}
        window.close()
        window.project.close()
    print(json.dumps({"psutil": True, "marks": marks}))
    """
)


def scenario_u5(ctx: Context) -> list[Result]:
    docs, note = ctx.peers()
    more = ctx.sizes.u5_more
    documents = {"A": docs["A"], "B": docs["B"], "C": docs["C"]}
    for number in range(more):
        documents[f"m{number:03d}"] = generated_doc(ctx.rng, 20_000, 400)
    root = ctx.tmp / "u5-project"
    write_project(root, documents)
    env = dict(os.environ, ANNOTATOR_HOME=str(ctx.tmp / "u5-home"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), ANNOTATOR, json.dumps(list(documents))], env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"U5 child failed (rc {done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    what = "peak RSS of a fresh window after opening A, B and C"
    if not report["psutil"]:
        return [Result("U5", what, None, None, "MB", "<= 150 MB", None, note=f"n/a ({PSUTIL_HINT})")]
    after_abc, after_more = report["marks"]["3"], report["marks"][str(len(documents))]
    growth = after_more["peak"] / after_abc["peak"]
    return [
        Result(
            "U5",
            what,
            after_abc["peak"],
            None,
            "MB",
            "<= 150 MB",
            after_abc["peak"] <= 150,
            note=f"RSS now {after_abc['rss']:.0f} MB; peers: {PEER_MEMORY}" + (f"; {note}" if note else ""),
        ),
        Result(
            "U5_growth",
            f"peak RSS after {more} more articles in turn (20,000 chars, 400 spans each), against after A, B and C",
            after_more["peak"],
            after_abc["peak"],
            "MB",
            "<= 1.10x",
            growth <= 1.10,
            note=f"+{after_more['peak'] - after_abc['peak']:.1f} MB; RSS now {after_more['rss']:.0f} MB; {after_more['sessions']} documents kept open",
        ),
    ]


SCENARIOS = [("U5", scenario_u5)]
