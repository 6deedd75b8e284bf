"""U3 edits: key-driven edits through the real window, every panel visible, the span list sorted by the user.

The S3 driver (add, remove, relabel, resize: one random edit per key event) on
B and on a generated 1,000,000-character article with 20,000 spans, with the
Actors and Checks panels floated so that all four panels are on screen and the
span list sorted by Label, descending (a header click), and the suggestions on: the edits
start once the recommenders' first run has landed (its pending suggestions drawn, each edit
deciding again what it shows), as they would for a coder who read the article first. Timed from the key
event to the article and the span list repainted (p95 and p50), and to the
event loop idle again. The floor is a repaint of the same view with nothing
changed.
"""

from __future__ import annotations

import random
import time

from harness import FRAME_MS, Context, Result, generated_doc, ms, percentile, show_every_panel
from peer_docs import PEER_EDIT, write_project
from textgen import LABELS


def repaint_view_and_list(window) -> None:  # noqa: ANN001 - MainWindow
    """The article and the span list repainted whole, in one pass over the window.

    ``repaint()`` paints every widget of the window that waits for a paint, not only the one it
    is called on: after an edit the view's repaint already repainted the span list (its rows
    changed), and a second ``repaint()`` of the list painted it again, a paint no user waits for
    and the no-op floor never had. Marking the list first lets the one pass paint both whole.
    """
    window.span_table.viewport().update()
    window.view.viewport().repaint()


class _EditDriver:
    """Drives the real window with key events; one random edit per call."""

    def __init__(self, gui, window, rng: random.Random) -> None:  # noqa: ANN001
        from PySide6.QtCore import Qt

        self.gui, self.window, self.rng = gui, window, rng
        self.view = window.view
        self.Qt = Qt
        self.keys = {label.name: getattr(Qt.Key, f"Key_{label.hotkey}") for label in window.project.scheme.labels}
        self.word_starts = [
            i
            for i, ch in enumerate(window.session.annotations.document.text)
            if ch.isalpha() and (i == 0 or not window.session.annotations.document.text[i - 1].isalnum())
        ]
        self.kinds: dict[str, int] = {}

    @property
    def annotations(self):  # noqa: ANN201
        return self.window.session.annotations

    def _random_span(self):  # noqa: ANN202
        spans = self.annotations._spans  # read-only peek for the driver's choice, not for the edit
        return spans[self.rng.choice(list(spans))]

    def _prepare(self, kind: str):  # noqa: ANN202 - returns (key, modifier, check)
        Qt = self.Qt
        if kind == "add":
            start = self.rng.choice(self.word_starts)
            text = self.annotations.document.text
            end = start
            for _ in range(self.rng.randint(1, 3)):
                while end < len(text) and text[end].isalnum():
                    end += 1
                while end < len(text) and not text[end].isalnum() and text[end] != "\n":
                    end += 1
            end = max(start + 1, end - 1)
            self.view.set_selected_span(None, scroll=False)
            self.view.select_offsets(start, end)
            before = len(self.annotations)
            return self.keys[self.rng.choice(LABELS)], Qt.KeyboardModifier.NoModifier, lambda: len(self.annotations) in (before, before + 1)
        span = self._random_span()
        self.window.select_span(span.id)
        self.view.ensureCursorVisible()
        if kind == "remove":
            before = len(self.annotations)
            return Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier, lambda: len(self.annotations) == before - 1
        if kind == "relabel":
            label = self.rng.choice([name for name in LABELS if name != span.label])
            return self.keys[label], Qt.KeyboardModifier.NoModifier, lambda: self.annotations.get(span.id).label == label
        grow = self.rng.random() < 0.5
        key = Qt.Key.Key_Right if grow else Qt.Key.Key_Left
        # A resize can be refused (span already at the text's edge): landing is judged by the undo stack alone.
        return key, Qt.KeyboardModifier.AltModifier, lambda: True

    def edit(self, kind: str) -> tuple[float, float, bool]:
        """(ms from the key event to the repaint done, ms until the event loop is idle again, whether the edit landed)."""
        from PySide6.QtCore import QElapsedTimer
        from PySide6.QtTest import QTest

        key, modifier, check = self._prepare(kind)
        self.gui.settle()
        self.view.viewport().repaint()
        count_before, undo_before = len(self.annotations), self.window.session.undo_stack.index()
        timer = QElapsedTimer()
        timer.start()
        QTest.keyClick(self.view, key, modifier)
        repaint_view_and_list(self.window)
        painted = timer.nsecsElapsed() / 1e6
        self.gui.app.processEvents()
        idle = timer.nsecsElapsed() / 1e6
        landed = self.window.session.undo_stack.index() != undo_before and check()
        del count_before
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return painted, idle, landed


def _wait_for_suggestions(gui, window) -> int:  # noqa: ANN001 - MainWindow
    """Wait for the recommenders' first run on the shown article to land; how many are pending."""
    flow = window.suggestions
    deadline = time.perf_counter() + 120
    while not (flow.idle and flow._computed is not None) and time.perf_counter() < deadline:
        gui.app.processEvents()
        time.sleep(0.005)
    if flow._computed is None:
        raise RuntimeError("U3: the suggestions were not computed within two minutes")
    gui.settle()
    return len(flow.visible)


def _sorted_by_label(window) -> bool:  # noqa: ANN001
    model = window.span_model
    labels = [model.span_at(row).label for row in range(model.rowCount())]
    return labels == sorted(labels, reverse=True)


def _run_edits(ctx: Context, name: str, what: str, document: tuple) -> list[Result]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    root = ctx.tmp / f"u3-{name}"
    write_project(root, {name: document})
    window = ctx.gui.open_window(root)
    show_every_panel(ctx.gui, window)
    window.activateWindow()
    window.view.setFocus()
    QTest.qWaitForWindowActive(window, 2000)
    # The user sorts the span list by Label (two clicks on its header: descending).
    header = window.span_table.horizontalHeader()
    for _ in range(2):
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2))
    ctx.gui.settle()
    pending = _wait_for_suggestions(ctx.gui, window)
    if window.span_model.sort_column != 0 or not _sorted_by_label(window):
        raise RuntimeError("U3: the span list is not sorted by Label after the header clicks")
    rng = random.Random(sum(map(ord, name)))
    driver = _EditDriver(ctx.gui, window, rng)
    noop = []
    for _ in range(max(50, ctx.sizes.u3_edits // 2)):
        begin = time.perf_counter()
        repaint_view_and_list(window)
        noop.append(ms(time.perf_counter() - begin))
    painted, idle, landed = [], [], 0
    by_kind: dict[str, list[float]] = {}
    idle_by_kind: dict[str, list[float]] = {}
    for _ in range(ctx.sizes.u3_edits):
        kind = rng.choice(("add", "remove", "relabel", "resize"))
        p, i, ok = driver.edit(kind)
        painted.append(p)
        idle.append(i)
        by_kind.setdefault(kind, []).append(p)
        idle_by_kind.setdefault(kind, []).append(i)
        landed += ok
    still_sorted = _sorted_by_label(window)
    ctx.gui.close_window(window)
    floor95 = percentile(noop, 95)
    p50, p95 = percentile(painted, 50), percentile(painted, 95)
    detail = ", ".join(f"{k} p50 {percentile(v, 50):.1f} p95 {percentile(v, 95):.1f}" for k, v in sorted(by_kind.items()))
    note = f"p50 {p50:.1f} ms; {pending:,} suggestions pending; {landed}/{ctx.sizes.u3_edits} edits landed; {detail}; span list still sorted: {still_sorted}; floor = no-op repaint p95"
    if landed < ctx.sizes.u3_edits * 0.8:
        note += " (WARNING: many key events did not reach an edit)"
    return [
        Result(
            f"U3_{name}",
            f"{ctx.sizes.u3_edits} key-driven edits in {what}, all panels visible, sorted by Label: p95 key to repaint",
            p95,
            floor95,
            "ms",
            "p95 <= 16 ms",
            p95 <= FRAME_MS and still_sorted,
            note=note + (f"; {PEER_EDIT}" if name == "B" else ""),
        ),
        Result(
            f"U3_{name}_idle",
            "same, p95 key to event loop idle",
            percentile(idle, 95),
            floor95,
            "ms",
            "p95 <= 16 ms",
            percentile(idle, 95) <= FRAME_MS,
            note=f"p50 {percentile(idle, 50):.1f} ms; "
            + ", ".join(f"{k} p50 {percentile(v, 50):.1f} p95 {percentile(v, 95):.1f}" for k, v in sorted(idle_by_kind.items())),
        ),
    ]


def scenario_u3(ctx: Context) -> list[Result]:
    docs, note = ctx.peers()
    chars, count = ctx.sizes.u3_generated
    results = _run_edits(ctx, "B", f"B ({len(docs['B'][0]):,} chars, {len(docs['B'][1]):,} spans)", docs["B"])
    if note:
        results[0].note += f"; {note}"
    results += _run_edits(
        ctx, "1M" if chars >= 1_000_000 else "G", f"a generated article ({chars:,} chars, {count:,} spans)", generated_doc(ctx.rng, chars, count)
    )
    return results


SCENARIOS = [("U3", scenario_u3)]
