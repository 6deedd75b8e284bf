"""What ran while the GUI thread waited during an autosave (bench S4_ui_block), in the state where it happens.

Usage::

    python bench/profile_autosave.py [--only U3,U2,S1,U4,S2,S4] [--json OUT]

Runs ``run.py``'s scenarios (by default all of them up to S4, which leave the heap and the disk as
a full run does) with S4 watched: every collection of the cyclic collector (generation, duration,
thread), the phases of the save on the worker (read, outside-change check, links, render, write),
the GUI thread's hand-off (``DocumentSession.save``) and landing (``_succeeded``, the journal's
rebase and discard, the window's follow-up), the recommender and mention workers, and a 1 ms timer
of its own that stamps, per tick, the GUI thread's and the process's CPU time. For each of S4's
window saves it prints the worst gap of that timer and everything that overlapped it: a gap in
which the GUI thread used no CPU while the process did is a wait for the interpreter held by
another thread; one in which neither did is a wait for a core (or the disk). Not a benchmark:
the wrappers cost a little; use ``run.py`` for figures.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench_run  # noqa: E402
import saving  # noqa: E402

_EVENTS: list[tuple[float, float, str, str]] = []  # (start, end, thread, what)
_TICKS: list[tuple[float, float, float]] = []  # (perf_counter, GUI thread CPU, process CPU)
_S4_START = [float("inf")]
_GC_STARTED: dict[int, float] = {}


def _on_collection(phase: str, info: dict) -> None:
    now = time.perf_counter()
    if phase == "start":
        _GC_STARTED[threading.get_ident()] = now
    else:
        began = _GC_STARTED.pop(threading.get_ident(), now)
        _EVENTS.append((began, now, threading.current_thread().name, f"gc gen{info['generation']} collected {info['collected']}"))


def _watch(owner: object, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def watched(*args: object, **kwargs: object) -> object:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _EVENTS.append((began, time.perf_counter(), threading.current_thread().name, label))

    setattr(owner, name, watched)


def _instrument() -> None:
    from annotator.core import journal
    from annotator.core.annotations import AnnotationSet
    from annotator.core.storage import annotation_json, folder, folder_statuses, save_check
    from annotator.gui import main_window, mention_worker, session, suggestion_worker

    for name in ("save", "_on_save_finished", "_succeeded"):
        _watch(session.DocumentSession, name, f"DocumentSession.{name}")
    for name in ("rebase", "discard", "_rewrite", "record"):
        _watch(journal.EditJournal, name, f"EditJournal.{name}")
    _watch(AnnotationSet, "snapshot", "AnnotationSet.snapshot")
    _watch(folder.FolderProject, "save_annotations", "save_annotations")
    _watch(folder, "read_regular", "save: read the file")
    _watch(folder, "write_settled", "save: write + fsync")
    _watch(annotation_json.AnnotationJson, "unchanged", "save: outside-change check")
    _watch(annotation_json.AnnotationJson, "render", "save: render")
    _watch(save_check.SaveCheck, "problems", "save: links check")
    _watch(folder_statuses.FolderStatuses, "record", "save: status cache")
    _watch(main_window.MainWindow, "_on_saved", "MainWindow._on_saved (follow-up)")
    _watch(suggestion_worker.SuggestionWorker, "run", "recommenders (worker)")
    _watch(mention_worker.MentionIndexWorker, "run", "mention count (worker)")
    gc.callbacks.append(_on_collection)


def _watched_s4(ctx: bench_run.Context) -> list:
    from PySide6.QtCore import Qt, QTimer

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: _TICKS.append((time.perf_counter(), time.thread_time(), time.process_time())))
    print(f"[profile] at S4: {len(gc.get_objects()):,} objects the collector walks, {gc.get_freeze_count():,} frozen", file=sys.stderr)
    _S4_START[0] = time.perf_counter()
    ticker.start()
    try:
        return saving.scenario_s4(ctx)
    finally:
        ticker.stop()


def _report() -> list[dict]:
    saves = [e for e in _EVENTS if e[3] == "DocumentSession.save" and e[2] == "MainThread" and e[0] >= _S4_START[0]]
    landed = [e for e in _EVENTS if e[3] == "DocumentSession._succeeded" and e[0] >= _S4_START[0]]
    out = []
    for save in saves:
        after = [e for e in landed if e[0] >= save[0]]
        end = (after[0][1] if after else save[1]) + 0.020  # S4 waits 20 ms for the follow-up too
        ticks = [t for t in _TICKS if save[0] <= t[0] <= end]
        stamps = [save[0], save[1], *(t[0] for t in ticks)]
        worst = max(range(len(stamps) - 1), key=lambda i: stamps[i + 1] - stamps[i])
        begin, finish = stamps[worst], stamps[worst + 1]
        cpu = None
        if worst >= 2:  # between two ticks: the CPU each side of the gap
            before, after_tick = ticks[worst - 2], ticks[worst - 1]
            cpu = {"gui_thread_cpu_ms": round((after_tick[1] - before[1]) * 1000, 2), "process_cpu_ms": round((after_tick[2] - before[2]) * 1000, 2)}
        overlapping = [
            {"start_ms": round((e[0] - begin) * 1000, 2), "ms": round((e[1] - e[0]) * 1000, 2), "thread": e[2], "what": e[3]}
            for e in _EVENTS
            if e[1] >= begin - 0.0005 and e[0] <= finish + 0.0005
        ]
        out.append(
            {
                "gap_ms": round((finish - begin) * 1000, 2),
                "gap_at_ms_after_save": round((begin - save[0]) * 1000, 2),
                "cpu_in_gap": cpu,
                "overlapping": overlapping,
            }
        )
    collections = [
        {"at_ms": round((e[0] - _S4_START[0]) * 1000, 1), "ms": round((e[1] - e[0]) * 1000, 2), "thread": e[2], "what": e[3]}
        for e in _EVENTS
        if e[0] >= _S4_START[0] and e[3].startswith("gc") and e[1] - e[0] > 0.002
    ]
    for number, save in enumerate(out, 1):
        print(
            f"[profile] save {number}: worst gap {save['gap_ms']} ms, {save['gap_at_ms_after_save']} ms after save(); CPU in it {save['cpu_in_gap']}",
            file=sys.stderr,
        )
        for event in save["overlapping"]:
            print(f"    {event['start_ms']:>9} ms  {event['ms']:>8} ms  {event['thread']:<12} {event['what']}", file=sys.stderr)
    for event in collections:
        print(f"[profile] S4 collection over 2 ms at {event['at_ms']} ms: {event['ms']} ms on {event['thread']} ({event['what']})", file=sys.stderr)
    return [*out, {"collections_over_2_ms": collections}]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="U1,U5,U3,U2,S1,U4,S2,S4", help="scenarios to run before and with S4 (S4 must be one)")
    parser.add_argument("--json", type=Path, help="write each save's worst gap and what overlapped it here")
    args = parser.parse_args()
    _instrument()
    bench_run.SCENARIOS[:] = [(key, _watched_s4 if key == "S4" else scenario) for key, scenario in bench_run.SCENARIOS]
    code = bench_run.main(["--only", args.only])
    report = _report()
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
