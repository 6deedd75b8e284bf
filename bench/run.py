"""Performance benchmark of annotator: each scenario next to its floor, same process, same run.

Usage::

    python bench/run.py [--quick] [--json OUT] [--only U1,U2,S2]

User-path scenarios run the real ``MainWindow`` on the peers' documents A, B
and C (``../shared/bench-docs``, converted into a project by ``peer_docs``) and
on generated articles up to 1,000,000 characters and 20,000 spans:

  U1 cold start (``startup``)       U2 document switch (``switching``)
  U3 edits, all panels (``editing``) U4 document filter (``filtering``)
  U5 memory (``memory``)

and the component scenarios that still say something: S1 opening a big project
(``opening``), S2 first paint of the bare view (``paint``), S4 saving
(``saving``), S6 date normalisation (``dates``). Inputs are generated
deterministically into a temporary folder that is deleted at the end. Every
scenario is measured with its floor (the least any implementation would need on
this machine), so the ratio is what matters. Qt runs offscreen unless
QT_QPA_PLATFORM is set. S0 (start-up), S3 (edits in a bare window) and S5
(memory over switches) became U1, U3 and U5.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dates  # noqa: E402
import editing  # noqa: E402
import filtering  # noqa: E402
import memory  # noqa: E402
import opening  # noqa: E402
import paint  # noqa: E402
import saving  # noqa: E402
import startup  # noqa: E402
import switching  # noqa: E402
from harness import FULL, QUICK, Context, Gui, Result, machine, print_table, write_json  # noqa: E402

# In the order they run: the child-process scenarios first, before this process has grown.
GROUPS = (startup, memory, editing, switching, opening, filtering, paint, saving, dates)
SCENARIOS = [entry for group in GROUPS for entry in group.SCENARIOS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="reduced sizes (well under a minute; the test suite runs this)")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument("--only", help=f"comma-separated scenarios to run ({','.join(key for key, _ in SCENARIOS)})")
    args = parser.parse_args(argv)
    known = [key for key, _ in SCENARIOS]
    wanted = {s.strip().upper() for s in args.only.split(",")} if args.only else set(known)
    unknown = wanted - set(known)
    if unknown:
        parser.error(f"unknown scenarios {', '.join(sorted(unknown))}; known: {', '.join(known)}")

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    os.environ["ANNOTATOR_HOME"] = str(tmp / "home")  # never touch the user's data folder
    results: list[Result] = []
    failed: list[str] = []
    gui: Gui | None = None
    shared: dict = {}  # inputs built once and shared by scenario groups (peer documents, the big project)
    try:
        gui = Gui()
        info = machine()
        for number, (key, scenario) in enumerate(SCENARIOS):
            if key not in wanted:
                continue
            ctx = Context(sizes=QUICK if args.quick else FULL, tmp=tmp, gui=gui, quick=args.quick, rng=random.Random(1000 + number), cache=shared)
            gc.collect()  # what the previous scenario left is not this one's to collect
            begin = time.perf_counter()
            print(f"[bench] {key} ...", file=sys.stderr, flush=True)
            try:
                results.extend(scenario(ctx))
            except Exception:
                traceback.print_exc()
                failed.append(key)
            print(f"[bench] {key} done in {time.perf_counter() - begin:.1f} s", file=sys.stderr, flush=True)
        if hasattr(os, "getloadavg"):
            info["load average at end (1, 5, 15 min)"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print_table(results, info, time.perf_counter() - started, args.quick)
        if args.json:
            write_json(args.json, results)
    finally:
        if gui is not None:
            gui.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        print(f"scenarios that crashed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
