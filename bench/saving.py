"""S4 saving: ``save_annotations`` of 5,000 spans next to orjson and a plain write; the UI thread during autosave."""

from __future__ import annotations

import os
import time

from harness import ANNOTATOR, FRAME_MS, Context, Result, build_project, median, ms
from textgen import LABELS


def scenario_s4(ctx: Context) -> list[Result]:
    import hashlib

    import orjson
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from annotator.core.annotations import AnnotationSet
    from annotator.core.edits import relabel
    from annotator.core.storage import open_project
    from annotator.core.storage.annotation_json import AnnotationJson
    from annotator.core.storage.base import problems_on_save

    sizes, gui, rng = ctx.sizes, ctx.gui, ctx.rng
    root = ctx.tmp / "s4-project"
    build_project(root, rng, 1, sizes.s4_spans * 40, sizes.s4_spans)
    project = open_project(root, annotator=ANNOTATOR)
    doc_id = project.documents()[0].id
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    annotations = AnnotationSet.from_file(document, loaded.annotation_file)
    snapshot = annotations.snapshot(ANNOTATOR)
    fingerprint = loaded.fingerprint
    from annotator.core.atomic import atomic_write

    save_times, floor_times, snapshot_times, durable = [], [], [], []
    plain_path = root / "plain-write.json"
    span_ids = list(annotations._spans)
    for rep in range(sizes.s4_reps):
        # The usual save: after one edit (a relabelled span), as autosave writes it.
        span = annotations.get(span_ids[rep * 97 % len(span_ids)])
        relabel(span, next(label for label in LABELS if label != span.label)).apply(annotations)
        begin = time.perf_counter()
        snapshot = annotations.snapshot(ANNOTATOR)
        snapshot_times.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        fingerprint = project.save_annotations(snapshot, fingerprint)
        save_times.append(time.perf_counter() - begin)
        data = snapshot.model_dump(mode="json")
        begin = time.perf_counter()
        raw = orjson.dumps(data, option=orjson.OPT_INDENT_2)
        with open(plain_path, "wb") as handle:
            handle.write(raw)
        floor_times.append(time.perf_counter() - begin)
        # Beside the floor (issue 4: orjson plus a plain write), the same serialisation with the
        # durability a save promises (temp file, fsync, rename, folder fsync), timed next to each
        # save so that both meet the same disk.
        begin = time.perf_counter()
        atomic_write(plain_path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
        durable.append(time.perf_counter() - begin)
    # Where the time of one save goes: the outside-change check (a read and one comparison with
    # the bytes last written; a hash where those are not known), the links, the rendering from the
    # spans' cached JSON (storage/annotation_json.py; all of it on a document's first save).
    # Each part the median of a few, as the save is: one sample is at the mercy of the disk and the load.
    path = project.annotation_path(doc_id)
    checks, links, dumps = [], [], []
    for _ in range(5):
        begin = time.perf_counter()
        current = path.read_bytes()
        hashlib.sha256(current).hexdigest()
        checks.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        problems_on_save(snapshot, project.settings)
        links.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        dumped = project._annotation_json.render(snapshot)
        dumps.append(time.perf_counter() - begin)
    t_check, t_links, t_dump = median(checks), median(links), median(dumps)
    colds = []
    for _ in range(3):
        begin = time.perf_counter()
        AnnotationJson().render(snapshot)
        colds.append(time.perf_counter() - begin)
    t_cold = median(colds)
    begin = time.perf_counter()
    fd = os.open(plain_path, os.O_WRONLY | os.O_TRUNC)
    os.write(fd, dumped)
    os.fsync(fd)
    os.close(fd)
    t_fsync = time.perf_counter() - begin
    project.close()
    value, floor = ms(median(save_times)), ms(median(floor_times))
    results = [
        Result(
            "S4",
            f"Project.save_annotations, {sizes.s4_spans:,} spans ({len(dumped) / 1e6:.1f} MB JSON)",
            value,
            floor,
            "ms",
            "<= 3x floor",
            value <= 3 * floor,
            note=f"median of {sizes.s4_reps} saves, each after one relabelled span; parts: read + hash {ms(t_check):.1f}, links {ms(t_links):.1f}, "
            f"render from cached span JSON {ms(t_dump):.1f} (first save of a document {ms(t_cold):.1f}), "
            f"write+fsync {ms(t_fsync):.1f}; snapshot() {ms(median(snapshot_times)):.1f} ms; "
            f"floor: orjson + a plain write without fsync, timed next to each save; "
            f"with the durability a save promises (orjson + atomic_write, two fsyncs) {ms(median(durable)):.1f} ms",
        )
    ]

    # The autosave path: how long the UI thread cannot run while DocumentSession.save() hands off and the worker saves.
    window = gui.open_window(root)
    gui.settle()
    session = window.session
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    calls, gaps, idle_gaps = [], [], []
    ticker.start()
    for _rep in range(max(3, sizes.s4_reps // 2)):
        span = session.annotations.get(next(iter(session.annotations._spans)))
        session.push(relabel(span, next(label for label in LABELS if label != span.label)))
        session._autosave.stop()  # we call save() ourselves, as the timer would
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()  # the edit's own repaints and table updates happen here, before the measurement
        ticks.clear()
        QTimer.singleShot(30, loop.quit)
        loop.exec()  # idle ticking: what a 1 ms timer achieves with nothing to do
        idle_gaps.append(max(b - a for a, b in zip(ticks, ticks[1:])) if len(ticks) > 1 else 0.0)
        done = QEventLoop()
        session.saved.connect(done.quit)
        session.save_failed.connect(done.quit)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(done.quit)
        guard.start(10_000)
        ticks.clear()
        begin = time.perf_counter()
        session.save()
        end = time.perf_counter()
        done.exec()
        QTimer.singleShot(20, done.quit)  # let the follow-up (list refresh, status) run too
        done.exec()
        session.saved.disconnect(done.quit)
        session.save_failed.disconnect(done.quit)
        calls.append(end - begin)
        stamps = [begin, end, *ticks]
        gaps.append(max(b - a for a, b in zip(stamps, stamps[1:])))
        if session.modified:
            raise RuntimeError(f"autosave did not complete: {session.last_error}")
    ticker.stop()
    gui.close_window(window)
    worst = ms(max(gaps))
    results.append(
        Result(
            "S4_ui_block",
            "UI thread blocked by DocumentSession.save() + background save (worst event-loop gap)",
            worst,
            ms(max(idle_gaps)),
            "ms",
            "<= 16 ms",
            worst <= FRAME_MS,
            note=f"{len(calls)} saves; save() call itself median {ms(median(calls)):.1f} ms, max {ms(max(calls)):.1f}; floor = worst gap of an idle 1 ms timer",
        )
    )
    return results


SCENARIOS = [("S4", scenario_s4)]
