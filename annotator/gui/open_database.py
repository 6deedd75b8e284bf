"""Asking for the URL of a shared project on a PostgreSQL server (File → Open shared project)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from annotator.core.storage import is_database_url

PROMPT = (
    "URL of the project's PostgreSQL database, for example\n"
    "postgresql://maria@db.example.org:5432/corpus\n\n"
    "Keep the password in ~/.pgpass (or PGPASSWORD) rather than in the URL."
)


def ask_database_url(parent: QWidget, current: str = "") -> str | None:
    """The URL the coder typed, or None when they cancelled; anything but a postgresql:// URL is refused with a message."""
    text, accepted = QInputDialog.getText(parent, "Open a shared project", PROMPT, text=current if is_database_url(current) else "postgresql://")
    text = text.strip()
    if not accepted or not text:
        return None
    if not is_database_url(text):
        QMessageBox.warning(parent, "Not a database URL", f"{text!r} does not start with postgresql://; use File → Open project for a folder.")
        return None
    return text
