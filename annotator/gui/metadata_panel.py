"""The article's parsed metadata above its text, and a dialog to correct it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ArticleMetadata, Document
from annotator.gui.appearance import readable


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MetadataPanel(QWidget):
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headline = QLabel()
        self._headline.setTextFormat(Qt.TextFormat.PlainText)  # the article's first line: never markup
        self._headline.setWordWrap(True)
        self._headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self._headline.setFont(font)
        self._details = QLabel()
        self._details.setWordWrap(True)
        self._details.setTextFormat(Qt.TextFormat.RichText)
        # Links in article metadata are shown, never opened or fetched.
        self._details.setOpenExternalLinks(False)
        self._details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._edit = QPushButton("Edit metadata…")
        self._edit.setToolTip("Correct what was read from the article's layout (Ctrl+Shift+M)")
        self._edit.clicked.connect(self.edit_requested)
        top = QHBoxLayout()
        top.addWidget(self._headline, 1)
        top.addWidget(self._edit, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 6)
        layout.addLayout(top)
        layout.addWidget(self._details)
        self.show_document(None)

    def set_details_visible(self, visible: bool) -> None:
        """Fold the details (byline, photo, related, URL) away, keeping the headline: small screens."""
        self._details.setVisible(visible)

    def show_document(self, document: Document | None) -> None:
        self._edit.setEnabled(document is not None)
        if document is None:
            self._headline.setText("No document open")
            self._details.setText("")
            return
        meta = document.metadata
        self._headline.setText(meta.headline or document.title)
        missing = f"<span style='color:{readable('#b91c1c')}'>not found</span>"
        rows = [
            f"<b>By</b> {_escape(meta.byline) if meta.byline else missing}"
            f" &nbsp;·&nbsp; <b>Published</b> {meta.date.isoformat() if meta.date else missing}"
            f" &nbsp;·&nbsp; <span style='color:{readable('#6b7280')}'>{_escape(document.source_file or document.id)}</span>"
        ]
        if meta.caption or meta.caption_credit:
            rows.append(f"<b>Photo</b> <i>{_escape(meta.caption or '')}</i> {_escape(meta.caption_credit or '')}")
        for related in meta.related:
            rows.append(f"<b>Related</b> {_escape(related)}")
        if meta.url:
            rows.append(f"<b>URL</b> <span style='color:{readable('#1d4ed8')}'>{_escape(meta.url)}</span>")
        self._details.setText("<br>".join(rows))


class MetadataDialog(QDialog):
    """Edits ArticleMetadata; ``metadata()`` returns the corrected copy."""

    def __init__(self, metadata: ArticleMetadata, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article metadata")
        self._original = metadata
        self.headline = QLineEdit(metadata.headline or "")
        self.byline = QLineEdit(metadata.byline or "")
        self.date = QLineEdit(metadata.date.isoformat() if metadata.date else "")
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.caption = QLineEdit(metadata.caption or "")
        self.credit = QLineEdit(metadata.caption_credit or "")
        self.related = QPlainTextEdit("\n".join(metadata.related))
        self.related.setFixedHeight(70)
        self.url = QLineEdit(metadata.url or "")
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b91c1c")
        form = QFormLayout()
        form.addRow("&Headline", self.headline)
        form.addRow("&Byline", self.byline)
        form.addRow("&Date", self.date)
        form.addRow("&Caption", self.caption)
        form.addRow("C&redit", self.credit)
        form.addRow("Related (one per line)", self.related)
        form.addRow("&URL", self.url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self.metadata()
        except ValueError as error:
            self.error.setText(str(error))
            return
        super().accept()

    def metadata(self) -> ArticleMetadata:
        text = self.date.text().strip()
        try:
            parsed = date.fromisoformat(text) if text else None
        except ValueError:
            raise ValueError(f"“{text}” is not a date in the form YYYY-MM-DD") from None

        def value(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        related = tuple(line.strip() for line in self.related.toPlainText().splitlines() if line.strip())
        return self._original.model_copy(
            update={
                "headline": value(self.headline),
                "byline": value(self.byline),
                "date": parsed,
                "caption": value(self.caption),
                "caption_credit": value(self.credit),
                "related": related,
                "url": value(self.url),
            }
        )
