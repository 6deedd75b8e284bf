"""U2 switch: from selecting a row in the document list to the article painted and every panel current.

The real ``MainWindow`` on a project holding A, B and C (and the generated long
article), every panel on screen (Spans, Actors, Details, Checks). Timed from
``selectRow`` to the article and the span list painted, with the span list
filled, Details showing the selected span (none) and the Checks counted. The
first time loads the document; the second (cached) finds it open. Each round
starts once the window has finished what it does in the background on the
first article (the mention count, the date finder, the suggestion run), as it
would while the coder reads it: a run still in flight would share the
interpreter with the first switch and measure its leftovers. The floor
shows the same text in a ``QPlainTextEdit`` of the view's size and paints it.
"""

from __future__ import annotations

import time

from harness import Context, Result, generated_doc, median, ms, show_every_panel, wait_until_quiet
from peer_docs import write_project

U2_TARGET_MS = 50.0


def _plain_floor(ctx: Context, window, text: str) -> float:  # noqa: ANN001 - MainWindow
    from PySide6.QtWidgets import QPlainTextEdit

    plain = QPlainTextEdit()
    plain.setReadOnly(True)
    plain.setFont(window.view.font())
    plain.resize(window.view.size())
    plain.show()
    ctx.gui.settle()
    times = []
    for _ in range(3):
        plain.setPlainText("")
        ctx.gui.settle()
        begin = time.perf_counter()
        plain.setPlainText(text)
        ctx.gui.app.processEvents()
        plain.viewport().repaint()
        times.append(time.perf_counter() - begin)
    plain.close()
    plain.deleteLater()
    ctx.gui.settle()
    return median(times)


def _switch(ctx: Context, window, doc_id: str, spans: int, cpu: list[float] | None = None) -> float:  # noqa: ANN001
    """Wall time of one switch; its GUI-thread CPU time is appended to ``cpu`` (on a shared
    machine the wall time also counts waiting for a core: the CPU time says what was done)."""
    row = window.document_model.row_of(doc_id)
    begin, begin_cpu = time.perf_counter(), time.thread_time()
    window.document_table.selectRow(row)
    ctx.gui.app.processEvents()
    window.view.viewport().repaint()
    window.span_table.viewport().repaint()
    elapsed = time.perf_counter() - begin
    if cpu is not None:
        cpu.append(time.thread_time() - begin_cpu)
    session = window.session
    if session is None or session.document.id != doc_id or window.span_model.rowCount() != spans:
        raise RuntimeError(f"U2: {doc_id} not shown with {spans} rows in the span list")
    if window.checker_panel.findings_count() == 0 and spans:
        raise RuntimeError("U2: the Checks panel was not filled")
    return elapsed


def scenario_u2(ctx: Context) -> list[Result]:
    docs, note = ctx.peers()
    chars, count = ctx.sizes.u3_generated
    documents = {"A": docs["A"], "B": docs["B"], "C": docs["C"], "G": generated_doc(ctx.rng, chars, count)}
    root = ctx.tmp / "u2-project"
    write_project(root, documents)
    first: dict[str, list[float]] = {name: [] for name in documents}
    cached: dict[str, list[float]] = {name: [] for name in documents}
    cpu: dict[tuple[str, str], list[float]] = {(name, kind): [] for name in documents for kind in ("", "_cached")}
    floors: dict[str, float] = {}
    for _ in range(ctx.sizes.u2_reps):
        window = ctx.gui.open_window(root)
        show_every_panel(ctx.gui, window)
        window.document_table.selectRow(window.document_model.row_of("A"))
        ctx.gui.settle()
        wait_until_quiet(ctx.gui, window)
        for name in ("B", "C", "G"):  # the first time each: A open before B, B before C...
            first[name].append(_switch(ctx, window, name, len(documents[name][1]), cpu[name, ""]))
            ctx.gui.settle()
        for name in ("A", "B", "C", "G"):
            other = "B" if name == "A" else "A"
            _switch(ctx, window, other, len(documents[other][1]))
            ctx.gui.settle()
            cached[name].append(_switch(ctx, window, name, len(documents[name][1]), cpu[name, "_cached"]))
            ctx.gui.settle()
        if not floors:
            floors = {name: _plain_floor(ctx, window, text) for name, (text, _spans) in documents.items()}
        # The window reopens where it was closed: left on G, the next round's "first time" to G
        # would find it open already. Closed on A, every round starts as the first did.
        window.document_table.selectRow(window.document_model.row_of("A"))
        ctx.gui.settle()
        ctx.gui.close_window(window)
    results = []
    for name, label in (("B", "B"), ("C", "C"), ("G", f"generated {chars:,} chars / {count:,} spans")):
        spans = len(documents[name][1])
        for kind, values in (("", first[name]), ("_cached", cached[name])):
            value = ms(median(values))
            target, passed = ("<= 50 ms", value <= U2_TARGET_MS) if name == "B" else ("-", None)
            results.append(
                Result(
                    f"U2_{name}{kind}",
                    f"switch to {label} ({spans:,} spans), {'first time' if not kind else 'again (cached)'}: select row to painted, all panels current",
                    value,
                    ms(floors[name]),
                    "ms",
                    target,
                    passed,
                    note=f"median of {ctx.sizes.u2_reps}; GUI-thread CPU {ms(median(cpu[name, kind])):.1f} ms; floor: setPlainText + paint of the same text"
                    + (f"; {note}" if note else ""),
                )
            )
    a_cached = ms(median(cached["A"]))
    results.append(Result("U2_A_cached", "switch to A (500 spans) again (cached)", a_cached, ms(floors["A"]), "ms", "-", None))
    return results


SCENARIOS = [("U2", scenario_u2)]
