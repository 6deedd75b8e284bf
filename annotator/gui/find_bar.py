"""The find bar over the article (Ctrl+F): every hit highlighted, Enter / Shift+Enter walk them, the count shown.

Hits come from core/search/find.py as code point offsets; they reach Qt only through the
view's TextMapping. Highlights use ``setExtraSelections``, which is for a few transient
things, so only the hits around the current one are painted (``PAINTED``), however many
there are. "Tag all" adds the label to every hit as one undo step (core/search/tag_all.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextEdit, QToolButton, QVBoxLayout, QWidget

from annotator.gui.session import DocumentSession
from annotator.gui.text_view import ArticleView

if TYPE_CHECKING:  # the search itself, its highlight format and "Tag all" load with the first search (bench U1)
    from annotator.core.search.find import FindQuery

PAINTED = 400  # hits highlighted either side of the current one
# Dark text on light marks reads the same in light and dark mode.
HIT_BACKGROUND = QColor("#fde68a")
CURRENT_BACKGROUND = QColor("#f59e0b")
HIT_FOREGROUND = QColor("#111827")


class FindBar(QWidget):
    hits_changed = Signal(int)  # how many hits the query now has

    def __init__(
        self,
        view: ArticleView,
        session: Callable[[], DocumentSession | None],
        labels: Callable[[], list[str]],
        tell: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._labels = labels
        self._session = session
        self._tell = tell
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self._walked = False
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in the article…")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("Find in the art") + 30)
        # Short names, so the bar fits over the article in a 1024-pixel window; the tooltips say the rest.
        self.whole_word = QCheckBox("Word")
        self.whole_word.setToolTip("Whole words only")
        self.case = QCheckBox("Case")
        self.case.setToolTip("Match upper and lower case")
        self.regex = QCheckBox("Regex")
        self.regex.setToolTip("A Python regular expression")
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("00000 of 00000") + 8)
        previous = QToolButton()
        previous.setText("↑")
        previous.setToolTip("Previous hit (Shift+Enter)")
        previous.clicked.connect(lambda: self.step(-1))
        following = QToolButton()
        following.setText("↓")
        following.setToolTip("Next hit (Enter)")
        following.clicked.connect(lambda: self.step(+1))
        self.label_choice = QComboBox()
        self.label_choice.setToolTip("The label “Tag all” gives every hit")
        self.tag_all_button = QPushButton("Tag all")
        self.tag_all_button.setToolTip("Tag every hit in this article with the chosen label, as one undo step")
        self.tag_all_button.clicked.connect(self.tag_all)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        # Two rows, so the bar never makes the article wider than a 1024-pixel window allows.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.setSpacing(2)
        first, second = QHBoxLayout(), QHBoxLayout()
        for widget in (self.field, previous, following, self.count_label, close):
            first.addWidget(widget, 1 if widget is self.field else 0)
        for widget in (self.whole_word, self.case, self.regex):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.label_choice)
        second.addWidget(self.tag_all_button)
        layout.addLayout(first)
        layout.addLayout(second)
        self.field.textChanged.connect(lambda _text: self.refresh())
        for box in (self.whole_word, self.case, self.regex):
            box.toggled.connect(lambda _on: self.refresh())
        self.field.installEventFilter(self)
        view.textChanged.connect(self._text_replaced)  # another document shown
        self.hide()

    # --- opening and closing -------------------------------------------------------
    def set_labels(self, names: list[str]) -> None:
        current = self.label_choice.currentText()
        self.label_choice.clear()
        self.label_choice.addItems(names)
        if current in names:
            self.label_choice.setCurrentText(current)

    def open_bar(self) -> None:
        """Show the bar; a selection in the article (on one line) becomes the query."""
        selected = self._view.selected_offsets()
        if selected is not None:
            text = self._view.mapping.text[selected[0] : selected[1]]
            if text.strip() and "\n" not in text:
                self.field.setText(text)
        self.set_labels(self._labels())
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.hits, self.current = [], -1
        self._view.setExtraSelections([])
        self._view.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else +1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # --- searching -----------------------------------------------------------------
    def query(self) -> FindQuery:
        from annotator.core.search.find import FindQuery

        return FindQuery(self.field.text(), self.whole_word.isChecked(), self.case.isChecked(), self.regex.isChecked())

    def _text_replaced(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Search again from the top; the current hit is the first one at or after the caret."""
        from annotator.core.search.find import FindError, find_all

        try:
            self.hits = find_all(self._view.mapping.text, self.query())
        except FindError as error:
            self.hits, self.current = [], -1
            self.count_label.setText("bad regex")
            self.count_label.setToolTip(str(error))
            self._paint()
            self.hits_changed.emit(0)
            return
        self.count_label.setToolTip("")
        self._walked = False
        caret = self._view.mapping.from_qt(self._view.textCursor().selectionStart())
        self.current = next((i for i, (start, _end) in enumerate(self.hits) if start >= caret), 0) if self.hits else -1
        self._show_count()
        self._paint()
        self.hits_changed.emit(len(self.hits))

    def step(self, direction: int) -> None:
        """Go to the next (+1) or previous (-1) hit, wrapping round, and select it in the article."""
        if not self.hits:
            return
        if self._walked:
            self.current = (self.current + direction) % len(self.hits)
        self._walked = True  # the first Enter after a search goes to the hit already marked current
        start, end = self.hits[self.current]
        self._view.select_offsets(start, end)
        self._view.ensureCursorVisible()
        self._show_count()
        self._paint()

    def _show_count(self) -> None:
        if not self.field.text():
            self.count_label.setText("")
        elif not self.hits:
            self.count_label.setText("no hits")
        else:
            from annotator.core.search.find import MAX_HITS

            more = "+" if len(self.hits) >= MAX_HITS else ""
            self.count_label.setText(f"{self.current + 1} of {len(self.hits)}{more}")

    def _paint(self) -> None:
        from PySide6.QtGui import QTextCharFormat

        mapping = self._view.mapping
        selections: list[QTextEdit.ExtraSelection] = []
        low = max(0, self.current - PAINTED)
        for index in range(low, min(len(self.hits), low + 2 * PAINTED + 1)):
            start, end = self.hits[index]
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self._view.document())
            cursor.setPosition(mapping.to_qt(start))
            cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            char_format = QTextCharFormat()
            char_format.setBackground(CURRENT_BACKGROUND if index == self.current else HIT_BACKGROUND)
            char_format.setForeground(HIT_FOREGROUND)
            selection.format = char_format  # type: ignore[attr-defined]
            selections.append(selection)
        self._view.setExtraSelections(selections)

    # --- tagging -------------------------------------------------------------------
    def tag_all(self) -> None:
        """Tag every hit with the chosen label: one undo step; hits tagged so already are skipped."""
        session = self._session()
        label = self.label_choice.currentText()
        if session is None or not label or not self.hits:
            return
        if not session.editable:
            self._tell(f"Read-only: {session.read_only_reason}")
            return
        from annotator.core.search.tag_all import tag_all_edits

        edits = tag_all_edits(session.annotations, self.hits, label)
        if not edits:
            self._tell(f"Every hit is tagged as {label} already")
            return
        session.push_all(f"Tag {len(edits)} occurrence(s) of “{self.field.text()}” as {label}", list(edits))
        self._tell(f"Tagged {len(edits)} occurrence(s) as {label} (Ctrl+Z undoes them all)")
