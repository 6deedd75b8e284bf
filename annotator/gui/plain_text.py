"""Showing article and user text in Qt without it ever being taken for markup.

Qt guesses: a label, a tooltip or a message box whose text *looks* like HTML
(``<img src="/dev/zero">`` as an article's first line) is rendered as rich
text, which loads images from any path and can exhaust memory. Every place
that shows text from an article, a file or the user goes through here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows ``text`` (and whatever is set later) literally."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally: tooltips have no plain-text switch, so it is escaped markup."""
    from html import escape  # with html.entities: loaded by the first tooltip, not the window

    return "<p style='white-space:pre-wrap'>" + escape(text) + "</p>"


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton) -> QMessageBox:
    """A message box whose text is never rendered as markup."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def plain_message(text: str) -> str:
    """Text for a QMessageBox, shown literally.

    A message box renders its text as markup when it looks like markup (a tag
    on the first line); text that could look so is escaped into markup that
    shows it as it is.
    """
    if "<" not in text and "&" not in text:
        return text
    return tooltip(text)
