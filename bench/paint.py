"""S2 first paint: an annotation set shown in a bare ArticleView, next to a QPlainTextEdit with the same text.

Only the paint (U2 and U3 measure the whole window). The cases cover
paragraphs, one 200,000-character paragraph, and 1,000,000 characters.
"""

from __future__ import annotations

import time

from harness import Context, Result, make_annotation_set, median, ms


def scenario_s2(ctx: Context) -> list[Result]:
    from PySide6.QtWidgets import QPlainTextEdit

    sizes, gui, rng = ctx.sizes, ctx.gui, ctx.rng

    from annotator.core.model import LabelScheme
    from annotator.gui.text_view import ArticleView

    view = ArticleView()
    view.set_scheme(LabelScheme.default())
    view.resize(1000, 800)
    view.show()
    plain = QPlainTextEdit()
    # Same font, wrapping and margin as the article view: the floor differs only by the spans.
    plain.setReadOnly(True)
    plain.setFont(view.font())
    plain.setWordWrapMode(view.wordWrapMode())
    plain.document().setDocumentMargin(view.document().documentMargin())
    plain.resize(1000, 800)
    plain.show()
    gui.settle()
    results = []
    for suffix, chars, spans, single in sizes.s2_cases:
        annotations = make_annotation_set(rng, chars, spans, single_paragraph=single)
        text = annotations.document.text
        values, floors = [], []
        for _ in range(sizes.s2_reps):
            plain.setPlainText("")
            gui.settle()
            begin = time.perf_counter()
            plain.setPlainText(text)
            plain.viewport().repaint()
            floors.append(time.perf_counter() - begin)
            view.show_annotations(None)
            gui.settle()
            begin = time.perf_counter()
            view.show_annotations(annotations)
            view.viewport().repaint()
            values.append(time.perf_counter() - begin)
        # The paint alone, once laid out: spans cost only here.
        begin = time.perf_counter()
        view.viewport().repaint()
        repaint_spans = time.perf_counter() - begin
        begin = time.perf_counter()
        plain.viewport().repaint()
        repaint_plain = time.perf_counter() - begin
        value, floor = ms(median(values)), ms(median(floors))
        shape = "one paragraph" if single else "paragraphs"
        results.append(
            Result(
                f"S2{suffix}",
                f"first paint {chars:,} chars ({shape}), {spans:,} spans",
                value,
                floor,
                "ms",
                "<= 2x floor",
                value <= 2 * floor,
                note=f"median of {sizes.s2_reps}; warm repaint {ms(repaint_spans):.1f} ms vs {ms(repaint_plain):.1f} ms plain",
            )
        )
        view.show_annotations(None)
        plain.setPlainText("")
        gui.settle()
    view.close()
    plain.close()
    view.deleteLater()
    plain.deleteLater()
    gui.settle()
    return results


SCENARIOS = [("S2", scenario_s2)]
