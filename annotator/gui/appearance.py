"""Light and dark: the palette follows the system, and every colour the article view draws
(span backgrounds, underlines, link boxes, arcs) is chosen for the palette it is drawn on.

``apply_colour_scheme`` reads the system's scheme from Qt's style hints (or
``ANNOTATOR_COLOR_SCHEME=dark|light``, for screenshots and desktops that do not say) and
follows later changes. The colour functions are pure: tests check their contrast numerically
(WCAG 2 contrast ratio) against the palette and the rendered pixels.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

SCHEME_VARIABLE = "ANNOTATOR_COLOR_SCHEME"


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.ToolTipBase: "#2b2d31",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Button: "#33363b",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7ab7ff",
        QPalette.ColorRole.Mid: "#4a4d52",
        QPalette.ColorRole.Dark: "#17181a",
        QPalette.ColorRole.Light: "#45484d",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80848a"))
    return palette


def wants_dark(app: QGuiApplication) -> bool:
    chosen = os.environ.get(SCHEME_VARIABLE, "").strip().lower()
    if chosen in ("dark", "light"):
        return chosen == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_colour_scheme(app: QGuiApplication, dark: bool | None = None) -> None:
    """Use the dark or the light palette (``dark`` None: as the system says) and follow the system."""
    dark = wants_dark(app) if dark is None else dark
    if dark:
        from PySide6.QtWidgets import QApplication

        if isinstance(app, QApplication):
            app.setStyle("Fusion")  # the native styles of some desktops ignore a dark palette
        app.setPalette(dark_palette())
    else:
        app.setPalette(QPalette())
    if not getattr(app, "_annotator_follows_scheme", False) and not os.environ.get(SCHEME_VARIABLE):
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_colour_scheme(app))
        app._annotator_follows_scheme = True  # type: ignore[attr-defined]


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(top: QColor, bottom: QColor) -> QColor:
    """``top`` (with its alpha) painted over the opaque ``bottom``."""
    alpha = top.alphaF()
    return QColor.fromRgbF(*(alpha * t + (1 - alpha) * b for t, b in zip(top.getRgbF()[:3], bottom.getRgbF()[:3], strict=True)))


def span_fill(label_colour: QColor, palette: QPalette, selected: bool) -> QColor:
    """A span's background: its label colour, faint enough for the text on it to stay readable."""
    fill = QColor(label_colour)
    if is_dark(palette):
        fill.setAlpha(90 if selected else 52)
    else:
        fill.setAlpha(70 if selected else 38)
    return fill


def line_colour(label_colour: QColor, palette: QPalette) -> QColor:
    """Underlines, link boxes and selection frames: the label colour, lightened on a dark base
    until it stands out from it (3:1, the WCAG minimum for graphics)."""
    colour = QColor(label_colour)
    base = palette.color(QPalette.ColorRole.Base)
    for _ in range(8):
        if contrast_ratio(colour, base) >= 3.0:
            break
        colour = colour.lighter(125) if is_dark(palette) else colour.darker(125)
    return colour


def arc_colour(palette: QPalette) -> QColor:
    """The arcs from a claim to its links: the text colour, a little faded."""
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    colour.setAlpha(190)
    return colour


def readable(colour: str, palette: QPalette | None = None, minimum: float = 4.5) -> str:
    """``colour`` (a hint's grey, an error's red) lightened or darkened until text in it reaches
    ``minimum`` contrast on the window background of ``palette`` (the application's by default)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    background = palette.color(QPalette.ColorRole.Window)
    result = QColor(colour)
    for _ in range(12):
        if contrast_ratio(result, background) >= minimum:
            break
        result = result.lighter(115) if background.lightnessF() < 0.5 else result.darker(115)
    return result.name()
