"""Light and dark: the article view rendered offscreen in both palettes, its colours checked
numerically (WCAG contrast) on the rendered pixels: span text on span backgrounds, underlines
and link boxes against the page, arcs against the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.gui.appearance import apply_colour_scheme, arc_colour, blend, contrast_ratio, dark_palette, is_dark, line_colour, readable, wants_dark
from annotator.gui.main_window import MainWindow
from annotator.gui.text_view import TRACK_STEP
from tests.gui.test_tagging_flow import offsets_of

TAGS = [("Armenia", "actor"), ("Prime Minister Nikol Pashinyan", "actor"), ("Friday", "date"), ("Moscow", "actor"), ("last year", "date")]
CLAIM = "Armenia has suspended its participation in a Russia-led security bloc"


@pytest.fixture
def restore_palette() -> Iterator[None]:
    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    yield
    app.setStyle(style)
    app.setPalette(palette)


def annotate(window: MainWindow) -> str:
    ids = {}
    window.link_when_tagging_action.setChecked(False)
    for needle, label in TAGS:
        window.view.select_offsets(*offsets_of(window, needle))
        window.span_editor.apply_label(label)
        ids[needle] = window.view.selected_span
    window.view.select_offsets(*offsets_of(window, CLAIM))
    window.span_editor.apply_label("claim")
    claim = window.view.selected_span
    window.span_editor.start_link_mode(claim)
    window.select_span(ids["Prime Minister Nikol Pashinyan"])
    window.select_span(ids["Friday"])
    window.view.set_selected_span(claim)
    return claim


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_colour_of_the_article_view_is_readable(qtbot, open_window, seed_project: Path, restore_palette, dark: bool) -> None:  # noqa: ANN001
    app = QApplication.instance()
    apply_colour_scheme(app, dark=dark)
    window = open_window(seed_project)
    annotate(window)
    qtbot.wait(20)
    palette = window.view.palette()
    assert is_dark(palette) is dark
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    image = window.view.viewport().grab().toImage()
    ratio = image.width() / window.view.viewport().width()  # device pixels
    pieces = window.view._visible_pieces()
    assert len(pieces) >= len(TAGS) + 1
    worst_text, worst_line = 21.0, 21.0
    for rect, _span, track in pieces:
        inner = rect.adjusted(1, track + 1, -1, -(track * TRACK_STEP + 4))
        pixels = Counter(
            image.pixelColor(int(x * ratio), int(y * ratio)).rgb()
            for x in range(int(inner.left()), int(inner.right()))
            for y in range(int(inner.top()), int(inner.bottom()))
        )
        background = QColor.fromRgb(pixels.most_common(1)[0][0])
        glyph = max((QColor.fromRgb(rgb) for rgb in pixels), key=lambda c: contrast_ratio(c, background))
        worst_text = min(worst_text, contrast_ratio(text, background), contrast_ratio(glyph, background))
        y = rect.bottom() - 1 - track * TRACK_STEP
        # Along the line: where a link box or a nested span's line crosses it, another colour is on top.
        along = [image.pixelColor(int((rect.left() + (i + 0.5) * rect.width() / 6) * ratio), int(y * ratio)) for i in range(6)]
        worst_line = min(worst_line, max(contrast_ratio(pixel, base) for pixel in along))
    print(f"\n{'dark' if dark else 'light'}: span text on span backgrounds >= {worst_text:.1f}:1, underlines against the page >= {worst_line:.1f}:1")
    assert worst_text >= 4.5  # WCAG AA for text
    assert worst_line >= 3.0  # WCAG for graphics
    assert contrast_ratio(blend(arc_colour(palette), base), base) >= 3.0
    for label in window.project.scheme.labels:
        assert contrast_ratio(line_colour(QColor(label.colour), palette), base) >= 3.0
    # The Details panel's hints and warnings too.
    for colour in ("#6b7280", "#b91c1c"):
        assert contrast_ratio(QColor(readable(colour)), app.palette().color(QPalette.ColorRole.Window)) >= 4.5


def test_the_scheme_follows_the_system_unless_chosen(monkeypatch, restore_palette) -> None:  # noqa: ANN001
    app = QApplication.instance()
    monkeypatch.setenv("ANNOTATOR_COLOR_SCHEME", "dark")
    assert wants_dark(app)
    apply_colour_scheme(app)
    assert app.palette().color(QPalette.ColorRole.Base) == dark_palette().color(QPalette.ColorRole.Base)
    monkeypatch.setenv("ANNOTATOR_COLOR_SCHEME", "light")
    assert not wants_dark(app)
    monkeypatch.delenv("ANNOTATOR_COLOR_SCHEME")
    assert wants_dark(app) == (app.styleHints().colorScheme().name == "Dark")


def test_the_layout_works_at_1024x700(qtbot, open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.height() == 700)
    details = window.metadata_panel._details
    assert not details.isVisible()  # folded to the headline
    assert window.view.width() >= 380 and window.view.height() >= 380, (window.view.width(), window.view.height())
    assert window.frameGeometry().width() <= 1024 + 40 and window.minimumSizeHint().height() <= 700
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: details.isVisible())
    # The coder's choice stands at any size.
    [action] = [a for a in window.menuBar().actions() if a.text() == "&View"][0].menu().actions()[-1:]
    action.trigger()
    assert not details.isVisible()
    window.resize(1500, 980)
    qtbot.wait(10)
    assert not details.isVisible()
